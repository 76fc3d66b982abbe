"""docs/new-city.md, step by step, on a small synthetic second city: four neighbourhoods in
WGS84 near Vancouver, no beats or districts, and a theft export in UTM metres (EPSG:26910)
with the date split over YEAR, MONTH, DAY, HOUR, MINUTE columns."""

import datetime as dt
import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone
from pyproj import Transformer

from beatbridge.data import parsing
from beatbridge.data.mapping import MappingError, load_mapping
from beatbridge.data.models import Incident

from .conftest import read_csv, write_csv

HOODS = [
    ("KITS", "Kitsilano"),
    ("FAIR", "Fairview"),
    ("MTP", "Mount Pleasant"),
    ("GW", "Grandview"),
]
TYPES = ["Theft from Vehicle", "Break and Enter Residential/Other", "Mischief", "Other Theft"]


def _square(i: int) -> list:
    lon0, lat0 = -123.20 + 0.05 * (i % 2), 49.24 + 0.03 * (i // 2)
    ring = [[lon0, lat0], [lon0 + 0.05, lat0], [lon0 + 0.05, lat0 + 0.03], [lon0, lat0 + 0.03]]
    return [ring + [ring[0]]]


def _write_city(tmp_path):
    areas = tmp_path / "local_areas.geojson"
    features = [
        {
            "type": "Feature",
            "properties": {"MAPID": code, "NAME": name},
            "geometry": {"type": "Polygon", "coordinates": _square(i)},
        }
        for i, (code, name) in enumerate(HOODS)
    ]
    areas.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:26910", always_xy=True)
    today = timezone.localdate()
    rows = []
    rng = np.random.default_rng(7)
    for k in range(240):
        hood = k % 4
        lon0, lat0 = _square(hood)[0][0]
        lon = lon0 + 0.005 + 0.04 * rng.random()
        lat = lat0 + 0.003 + 0.024 * rng.random()
        x, y = to_utm.transform(lon, lat)
        day = today - dt.timedelta(days=int(k * 1.5) + 1)
        rows.append(
            [
                TYPES[k % 4],
                day.year,
                day.month,
                day.day,
                k % 24,
                k % 60,
                f"{(k % 40) + 1}XX W {k % 9 + 1}TH AVE",
                HOODS[hood][1],
                f"{x:.2f}",
                f"{y:.2f}",
            ]
        )
    rows.append(
        ["Other Theft", 2024, "", 5, 1, 1, "1XX W 1ST AVE", "Fairview", "491000", "5456000"]
    )
    rows.append(["Other Theft", 2024, 2, 5, 1, 1, "1XX W 1ST AVE", "Fairview", "0", "0"])
    rows.append(["Homing pigeon", 2024, 2, 5, 1, 1, "1XX W 1ST AVE", "Fairview", "", ""])
    crimes = write_csv(
        tmp_path / "crimedata.csv",
        [
            "TYPE",
            "YEAR",
            "MONTH",
            "DAY",
            "HOUR",
            "MINUTE",
            "HUNDRED_BLOCK",
            "NEIGHBOURHOOD",
            "X",
            "Y",
        ],
        rows,
    )
    return areas, crimes


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_unpadded_split_dates_parse_in_the_fast_path():
    values = ["2023 1 5 7 3", "2023 12 31 23 59", "2023 2 31 0 0", "2023 01 05 07 03", "23 1 5 7 3"]
    seconds, ok = parsing._parse_delimited(values, parsing.delimited_spec("%Y %m %d %H %M"))
    assert ok.tolist() == [True, True, False, True, False]
    assert seconds[0] == int((dt.datetime(2023, 1, 5, 7, 3) - parsing.EPOCH).total_seconds())
    assert seconds[3] == seconds[0]


def test_date_lists_are_validated():
    base = '[source]\nname="x"\n[columns]\nlon="X"\nlat="Y"\ndate_format="%Y"\n'
    base += '[offenses]\nconstant="23H"\n'
    m = load_mapping(
        "m.toml", text=base.replace("[columns]\n", '[columns]\ndate=["YEAR","MONTH"]\n')
    )
    assert m.date_columns == ["YEAR", "MONTH"] and m.used_columns()[:2] == ["YEAR", "MONTH"]
    with pytest.raises(MappingError, match="columns.date must be a column name or"):
        load_mapping("m.toml", text=base.replace("[columns]\n", "[columns]\ndate=[1, 2]\n"))
    with pytest.raises(MappingError, match="columns.date is required"):
        load_mapping("m.toml", text=base)


@pytest.mark.django_db(transaction=False)
def test_new_city_walkthrough(tmp_path, client, monkeypatch):
    areas, crimes = _write_city(tmp_path)
    # 1. migrate (a no-op on the test database) and an administrator
    _run("migrate", "--noinput")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "admin@vancouver.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long pass phrase 42")
    _run("createsuperuser", "--noinput")
    # 2. the areas it has: neighbourhoods only
    out = _run(
        "import_areas",
        str(areas),
        "--kind",
        "neighborhood",
        "--code-field",
        "MAPID",
        "--name-field",
        "NAME",
    )
    assert "4 created" in out
    # 3. a starting mapping, guessed from the file
    suggested = _run("import_incidents", "--suggest-mapping", str(crimes))
    assert 'date = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE"]' in suggested
    assert 'date_format = "%Y %m %d %H %M"' in suggested
    assert 'crs = "EPSG:26910"' in suggested
    assert 'offense = "TYPE"' in suggested and '"Theft from Vehicle" = "23F"' in suggested
    assert 'block = "HUNDRED_BLOCK"' in suggested
    mapping = tmp_path / "vancouver.toml"
    assert '"Other Theft" = "23H"' in suggested and '"Mischief" = "290"' in suggested
    mapping.write_text(suggested)  # used as suggested: every offense text was recognised
    m = load_mapping(mapping)
    assert m.crs == "EPSG:26910" and m.date_columns[0] == "YEAR"
    # 4. import, with the rejects file
    rejects = tmp_path / "rejects.csv"
    out = _run(
        "import_incidents", str(crimes), "--mapping", str(mapping), "--reject-file", str(rejects)
    )
    assert "imported 240 / updated 0 / unchanged 0 / rejected 3  (243 rows)" in out
    rejected = read_csv(rejects)
    assert [r["reason"] for r in rejected] == [
        "unparseable date",
        "coordinates outside the areas",
        "missing or unparseable coordinates",
    ]
    assert Incident.objects.count() == 240
    assert not Incident.objects.filter(neighborhood__isnull=True).exists()
    assert not Incident.objects.exclude(beat=None).exists()
    first = Incident.objects.order_by("-occurred_at").first()
    assert first.block and first.category.code in {"23F", "220", "290", "23H"}
    # the same file again changes nothing
    out = _run("import_incidents", str(crimes), "--mapping", str(mapping))
    assert "imported 0 / updated 0 / unchanged 240 / rejected 3" in out
    # 5. officers: a city without beats or districts assigns them to neighbourhoods
    from beatbridge.accounts.models import User
    from beatbridge.areas.models import Area
    from beatbridge.areas.services import assign_officer

    admin = User.objects.get(email="admin@vancouver.example")
    officer = User.objects.create_user(
        email="npo@vancouver.example", password="x" * 16, role="officer", display_name="Cst. Kit"
    )
    assign_officer(officer, Area.objects.get(code="KITS"), by=admin)
    # 6. pages: the neighbourhood, statistics, hotspots, near-repeat, trends
    client.force_login(admin)
    page = client.get("/areas/neighborhood/KITS/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kitsilano" in html
    assert "Your officers" in html and "Cst. Kit" in html and "No beat covers" not in html
    fair = client.get("/areas/neighborhood/FAIR/").content.decode()
    assert "No officer is assigned to this area right now." in fair and "Cst. Kit" not in fair
    # the map opens on the imported areas, not on Chicago
    assert "49.2" in html and "-123.1" in html and "41.84" not in html
    for url in [
        "/data/city/",
        "/insights/hotspots/",
        "/insights/near-repeat/",
        "/insights/trends/",
        "/insights/hotspots/neighborhood/FAIR/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert client.get("/data/stats/neighborhood/KITS/monthly.csv").status_code in (200, 404)


def _page_text(client, url):
    from beatbridge.accounts.models import User

    user = User.objects.filter(is_superuser=True).first()
    if user:
        client.force_login(user)
    return client.get(url).content.decode()


def test_suggest_mapping_for_the_chicago_assaults(tmp_path):
    from beatbridge.data.suggest import suggest_mapping

    from .conftest import ASSAULTS, slice_csv

    if not ASSAULTS.exists():
        pytest.skip("shared Chicago data not present")
    text = suggest_mapping(slice_csv(ASSAULTS, tmp_path / "assaults.csv", rows=300))
    assert 'date = "date"' in text and 'date_format = "%Y-%m-%d %H:%M"' in text
    assert 'crs = "EPSG:4326"' in text and 'key = ["date", "longitude", "latitude"]' in text
    assert 'premise = "loc_cat"' in text
    load_mapping("s.toml", text=text)  # loads as it is


def test_suggest_mapping_refuses_a_file_without_header(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no header row"):
        _run("import_incidents", "--suggest-mapping", str(empty))
