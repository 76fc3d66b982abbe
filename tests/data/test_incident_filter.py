"""The incident filter of the crime statistics: it offers only the categories the area has,
with their counts, and the map's line 'Incidents shown: N (period)' states its dates."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from .helpers import HILLTOP, RIVERSIDE, days_ago, import_rows


@pytest.fixture
def incidents(city, tmp_path):
    import_rows(
        tmp_path,
        [
            ("a1", days_ago(1, 20), "ASSAULT", RIVERSIDE),
            ("a2", days_ago(3, 9), "ASSAULT", RIVERSIDE),
            ("b1", days_ago(200, 9), "BURGLARY", RIVERSIDE),  # before the default 90 days
            ("t1", days_ago(2, 9), "THEFT", HILLTOP),  # another neighborhood only
            ("r1", days_ago(2, 9), "RAPE", RIVERSIDE),  # sensitive: counted, never listed
        ],
    )


def _options(page: str) -> dict[str, str]:
    start = page.index('<select name="category"')
    select = page[start : page.index("</select>", start)]
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def _status(page: str) -> str:
    return re.search(r'<p id="incident-map-status"[^>]*>([^<]*)</p>', page).group(1)


def _day(days: int, lang: str = "en") -> str:
    with translation.override(lang):
        return date_format(timezone.localdate() - dt.timedelta(days=days), "DATE_FORMAT")


def test_filter_lists_only_the_areas_categories_with_their_counts(incidents, client):
    page = client.get("/areas/neighborhood/1/").content.decode()
    options = _options(page)
    assert options == {
        "": "All categories (2)",
        "13A": "13A – Aggravated assault (2)",
        "220": "220 – Burglary/breaking and entering (0)",  # in the area, not in the period
    }
    # Theft happened only in Hilltop; the city page lists it.
    assert "23H" in _options(client.get("/areas/neighborhood/2/").content.decode())
    assert "23H" in _options(client.get("/data/city/").content.decode())
    assert "09A" not in _options(client.get("/data/city/").content.decode())  # never happened


def test_sensitive_categories_are_never_offered(incidents, client):
    for url in ["/areas/neighborhood/1/", "/data/city/"]:
        options = _options(client.get(url).content.decode())
        assert "11A" not in options and "13B-DV" not in options


def test_incidents_shown_states_the_default_period(incidents, client):
    page = client.get("/areas/neighborhood/1/").content.decode()
    assert _status(page) == f"Incidents shown: 2 ({_day(89)} – {_day(0)})"
    assert "Incidents shown: 2" in page and timezone.localdate().isoformat() not in _status(page)


def test_incidents_shown_follows_the_filters(incidents, client):
    since = timezone.localdate() - dt.timedelta(days=365)
    until = timezone.localdate() - dt.timedelta(days=2)
    query = {"since": since.isoformat(), "until": until.isoformat()}
    page = client.get("/areas/neighborhood/1/", query).content.decode()
    assert _status(page) == f"Incidents shown: 2 ({_day(365)} – {_day(2)})"  # a2 and b1
    assert _options(page)["220"].endswith("(1)") and _options(page)["13A"].endswith("(1)")
    page = client.get("/areas/neighborhood/1/", {**query, "category": "220"}).content.decode()
    assert _status(page).startswith("Incidents shown: 1 (")
    assert 'value="220" selected' in page


def test_dates_are_in_the_visitors_language(incidents, client):
    page = client.get("/areas/neighborhood/1/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"{_day(89, 'es')} – {_day(0, 'es')}" in _status(page)
    assert _day(0, "es") != _day(0)


def test_invalid_filters_say_so(incidents, client):
    today = timezone.localdate()
    query = {"since": today.isoformat(), "until": (today - dt.timedelta(days=9)).isoformat()}
    page = client.get("/areas/neighborhood/1/", query).content.decode()
    assert _status(page) == "Check the filters."
    assert "The start date must be on or before the end date." in page


def test_map_data_carries_period_counts_and_sentence(incidents, client):
    scope = {"area_kind": "neighborhood", "area_code": "1"}
    data = client.get("/data/map.geojson", scope).json()
    assert data["period"] == {
        "since": (timezone.localdate() - dt.timedelta(days=89)).isoformat(),
        "until": timezone.localdate().isoformat(),
    }
    assert data["total"] == 2 and data["categories"] == {"13A": 2}
    assert data["summary"] == f"Incidents shown: 2 ({_day(89)} – {_day(0)})"
    chosen = client.get("/data/map.geojson", {**scope, "category": "220", "since": "2000-01-01"})
    assert chosen.status_code == 400  # more than three years
    since = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
    data = client.get("/data/map.geojson", {**scope, "category": "220", "since": since}).json()
    assert data["total"] == 1 and data["categories"] == {"13A": 2, "220": 1}
    assert sum(f["properties"]["count"] for f in data["features"]) == 1
