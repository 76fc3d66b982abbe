"""Statistics against hand-computed counts."""

import datetime as dt

from django.utils import timezone

from beatbridge.data import stats

from .helpers import HILLTOP, RIVERSIDE, days_ago, import_rows


def _ly(days: int, hour: int = 12) -> dt.datetime:
    day = stats.same_day_last_year(timezone.localdate()) - dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 30))


def test_counts_by_period_and_change(city, tmp_path):
    today = timezone.localdate()
    rows = [
        ("r1", days_ago(0, 1), "ASSAULT", RIVERSIDE),
        ("r2", days_ago(27, 23), "ASSAULT", RIVERSIDE),  # first day of the 28
        ("r3", days_ago(28), "ASSAULT", RIVERSIDE),  # one day too old for the 28
        ("r4", days_ago(10), "BURGLARY", RIVERSIDE),
        ("r5", _ly(3), "ASSAULT", RIVERSIDE),  # same 28 days last year
        ("r6", _ly(40), "ASSAULT", RIVERSIDE),  # last year, earlier
        ("h1", days_ago(2), "ASSAULT", HILLTOP),  # other neighborhood
    ]
    import_rows(tmp_path, rows)
    table = {r["code"]: r for r in stats.category_counts(city["riverside"], today)}
    assault, total = table["13A"], table[""]
    assert (assault["last28"], assault["last28_ly"]) == (2, 1)
    assert assault["change28"] == 100.0
    jan1 = today.replace(month=1, day=1)
    in_ytd = sum(1 for d in (0, 27, 28) if today - dt.timedelta(days=d) >= jan1)
    assert assault["ytd"] == in_ytd
    ly_ytd = sum(
        1
        for d in (3, 40)
        if stats.same_day_last_year(today) - dt.timedelta(days=d)
        >= jan1.replace(year=jan1.year - 1)
    )
    assert assault["ytd_ly"] == ly_ytd
    assert table["220"]["last28"] == 1 and table["220"]["change28"] is None
    assert total["last28"] == 3 and total.get("is_total")
    # Beat and district scopes, and the whole city.
    assert {r["code"]: r["last28"] for r in stats.category_counts(city["b112"], today)} == {
        "13A": 1,
        "": 1,
    }
    assert stats.category_counts(city["d1"], today)[-1]["last28"] == 4
    assert stats.category_counts(None, today)[-1]["last28"] == 4


def test_monthly_series_and_weekday_hour(city, tmp_path):
    today = timezone.localdate()
    import_rows(
        tmp_path,
        [
            ("m1", days_ago(0, 22), "ASSAULT", RIVERSIDE),
            ("m2", days_ago(0, 22), "THEFT", RIVERSIDE),
            ("m3", days_ago(400, 5), "ASSAULT", RIVERSIDE),
        ],
    )
    series = stats.monthly_counts(city["riverside"], today)
    assert len(series) == 36
    assert series[-1] == (today.year * 100 + today.month, 2)
    old = today - dt.timedelta(days=400)
    assert dict(series)[old.year * 100 + old.month] == 1
    assert sum(n for _, n in series) == 3
    grid = stats.weekday_hour_counts(city["riverside"], today)
    assert grid[today.weekday()][22] == 2
    assert sum(map(sum, grid)) == 2  # the 400-day-old one is outside the last 365 days


def test_city_comparison_per_1000_residents(city, tmp_path):
    today = timezone.localdate()
    import_rows(
        tmp_path,
        [(f"x{i}", days_ago(0), "ASSAULT", RIVERSIDE) for i in range(6)]
        + [("y1", days_ago(0), "ASSAULT", HILLTOP)],
    )
    rows = {r["area"].name: r for r in stats.area_comparison("neighborhood", today)}
    assert rows["Riverside"]["ytd"] == 6 and rows["Riverside"]["per_1000"] == 0.5  # 6 / 12,000
    assert rows["Hilltop"]["per_1000"] == 0.12  # 1 / 8,000 → 0.125, rounded
    assert [r["area"].name for r in stats.area_comparison("neighborhood", today)][0] == "Riverside"


def test_new_import_shows_at_once_despite_the_cache(city, tmp_path):
    today = timezone.localdate()
    import_rows(tmp_path, [("c1", days_ago(1), "ASSAULT", RIVERSIDE)], "a.csv")
    from beatbridge.data.mapping import load_mapping
    from beatbridge.data.services import run_import

    from .conftest import SIMPLE_MAPPING, write_csv

    assert stats.category_counts(city["riverside"], today)[-1]["last28"] == 1
    path = write_csv(
        tmp_path / "b.csv",
        ["id", "date", "offense", "lon", "lat", "block"],
        [["c2", days_ago(1).strftime("%Y-%m-%d %H:%M"), "ASSAULT", *RIVERSIDE, ""]],
    )
    run_import(path, load_mapping("t.toml", text=SIMPLE_MAPPING))
    assert stats.category_counts(city["riverside"], today)[-1]["last28"] == 2


def test_csv_downloads_match_the_tables(city, tmp_path, client):
    import_rows(tmp_path, [("d1", days_ago(1), "ASSAULT", RIVERSIDE)])
    from beatbridge.data.services import run_import  # noqa: F401 - data version from runs

    body = client.get("/data/stats/neighborhood/1/categories.csv").content.decode()
    assert body.splitlines()[1].startswith("13A,Aggravated assault,1,0,")
    monthly = client.get("/data/stats/city/monthly.csv").content.decode().splitlines()
    assert monthly[0] == "month,incidents" and len(monthly) == 37
    heat = client.get("/data/stats/beat/0111/heat.csv").content.decode().splitlines()
    assert heat[0].startswith("weekday,h00,h01") and len(heat) == 8
    areas = client.get("/data/stats/city/areas.csv").content.decode()
    assert "Riverside" in areas and "per_1000_residents" in areas
    assert client.get("/data/stats/city/nope.csv").status_code == 404
    assert client.get("/data/stats/neighborhood/999/categories.csv").status_code == 404
