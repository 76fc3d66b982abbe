"""A visitor filters the incident map on a neighborhood page (real browser)."""

import pytest

from .helpers import RIVERSIDE, days_ago, import_rows


def _seed_categories():
    """Transactional tests flush the data migration's rows: put the NIBRS codes back."""
    from beatbridge.data.models import OffenseCategory
    from beatbridge.data.nibrs import LOCAL_SUBCATEGORIES, NIBRS_OFFENSES

    for code, en, es, group, against, minor, sensitive in NIBRS_OFFENSES:
        OffenseCategory.objects.get_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_es": es,
                "group": group,
                "crime_against": against,
                "is_minor": minor,
                "is_sensitive": sensitive,
            },
        )
    for code, parent, en, es, minor, sensitive in LOCAL_SUBCATEGORIES:
        OffenseCategory.objects.get_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_es": es,
                "group": "A",
                "is_local": True,
                "is_minor": minor,
                "is_sensitive": sensitive,
                "parent": OffenseCategory.objects.get(code=parent),
            },
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_map_shows_generalized_cells_and_filters(browser_page, city, tmp_path):
    _seed_categories()
    import_rows(
        tmp_path,
        [
            ("a1", days_ago(2), "ASSAULT", RIVERSIDE),
            ("a2", days_ago(3), "ASSAULT", RIVERSIDE),
            ("b1", days_ago(4), "BURGLARY", RIVERSIDE),
            ("s1", days_ago(4), "RAPE", RIVERSIDE),
        ],
    )
    page = browser_page
    page.goto(page.base_url + "/areas/neighborhood/1/")
    # The area outline is drawn at once; the incident circles come with the fetched counts.
    page.wait_for_selector("#incident-map path.leaflet-interactive[fill='#c0392b']", timeout=10000)
    assert page.locator("#incident-map path.leaflet-interactive").count() >= 2
    status = page.locator("#incident-map-status")
    assert status.inner_text().startswith("Incidents shown: 3 (")  # the sensitive one: unmapped
    category = page.locator("[data-incident-filters]").get_by_label("Category")
    assert category.locator("option").all_inner_texts() == [
        "All categories (3)",
        "13A – Aggravated assault (2)",
        "220 – Burglary/breaking and entering (1)",
    ]
    category.select_option("220")
    page.locator("#incident-filter-since").fill(days_ago(3).date().isoformat())
    page.get_by_role("button", name="Show").click()
    page.wait_for_function(
        "() => document.getElementById('incident-map-status').textContent"
        ".startsWith('Incidents shown: 0 (')"
    )
    # The counts in the list follow the dates chosen (b1, four days ago, is now outside).
    assert category.locator("option").all_inner_texts() == [
        "All categories (2)",
        "13A – Aggravated assault (2)",
        "220 – Burglary/breaking and entering (0)",
    ]
    assert "category=220" in page.locator("[data-export=csv]").get_attribute("href")
