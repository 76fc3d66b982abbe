"""The statistics section on area pages, the city page, the dictionary, synthetic notices."""

import pytest

from beatbridge.data.demo import load_synthetic_enforcement

from .helpers import HILLTOP, RIVERSIDE, days_ago, import_rows


@pytest.fixture
def some_incidents(city, tmp_path):
    import_rows(
        tmp_path,
        [
            ("a1", days_ago(1, 20), "ASSAULT", RIVERSIDE),
            ("a2", days_ago(2, 9), "BURGLARY", HILLTOP),
        ],
    )


@pytest.mark.parametrize(
    "url", ["/areas/neighborhood/1/", "/areas/beat/0111/", "/areas/district/1/"]
)
def test_area_pages_show_statistics(some_incidents, client, url):
    page = client.get(url).content.decode()
    assert "Crime statistics" in page
    assert "Incidents by category" in page and "Aggravated assault" in page
    assert "monthly.svg" in page  # the chart
    assert "Show the monthly figures as a table" in page
    assert "When incidents happen" in page
    assert 'scope="row"' in page and 'id="incident-map"' in page
    assert "categories.csv" in page and "monthly.csv" in page


def test_city_page(some_incidents, client):
    page = client.get("/data/city/").content.decode()
    assert "City-wide crime statistics" in page
    assert "Neighborhoods compared" in page and "Riverside" in page
    assert "Per 1,000 residents" in page


def test_city_page_in_spanish(some_incidents, client):
    page = client.get("/data/city/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page and "Agresión agravada" in page


def test_dictionary(db, client):
    page = client.get("/data/dictionary/").content.decode()
    assert "lon_generalized" in page and "13A" in page and "H3" in page


def test_synthetic_enforcement_is_labelled_everywhere(some_incidents, client):
    from beatbridge.data.models import EnforcementAction

    assert load_synthetic_enforcement(out=lambda s: None, months=3) > 0
    assert EnforcementAction.objects.filter(is_synthetic=False).count() == 0
    for url in ["/data/city/", "/areas/neighborhood/1/"]:
        page = client.get(url).content.decode()
        assert "Enforcement (last 12 months)" in page
        assert "Synthetic data." in page
    api = client.get("/api/v1/crime-stats/").json()
    assert api["enforcement"]["is_synthetic"] is True
    csv_body = client.get("/data/stats/city/enforcement.csv").content.decode()
    assert "is_synthetic" in csv_body and "True" in csv_body
    # Seeded: generating again changes nothing.
    before = EnforcementAction.objects.count()
    load_synthetic_enforcement(out=lambda s: None, months=3)
    assert EnforcementAction.objects.count() == before


def test_demo_shift_keeps_weekdays_and_reaches_this_week():
    import datetime as dt

    from beatbridge.data.demo import _assaults_path, shift_days_for

    today = dt.date(2026, 11, 25)
    shift = shift_days_for(_assaults_path(), today)
    assert shift % 7 == 0
    latest = dt.date(2019, 12, 31) + dt.timedelta(days=shift)
    assert today - dt.timedelta(days=7) <= latest < today


def test_monthly_chart_is_an_accessible_svg(some_incidents, client):
    response = client.get("/data/stats/neighborhood/1/monthly.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body and "Riverside" in body
    assert client.get("/data/stats/city/monthly.svg").status_code == 200
    assert client.get("/data/stats/neighborhood/999/monthly.svg").status_code == 404
