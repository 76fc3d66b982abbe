"""Each shipped mapping imports a slice of the real Chicago files (or SOPP-shaped data)."""

import datetime as dt

import pytest

from beatbridge.data.importer import import_file
from beatbridge.data.mapping import MappingError, load_mapping, shipped_mappings
from beatbridge.data.models import EnforcementAction, Incident, OffenseCategory

from .conftest import read_csv, write_csv


def test_shipped_mappings_are_valid():
    names = set(shipped_mappings())
    assert {
        "chicago_aggravated_assaults",
        "chicago_residential_burglary",
        "stanford_open_policing",
    } <= names
    for name in names:
        mapping = load_mapping(name)
        assert mapping.source


def test_assault_mapping_on_real_slice(chicago_beats, assault_slice, tmp_path):
    result = import_file(
        assault_slice,
        load_mapping("chicago_aggravated_assaults"),
        reject_file=tmp_path / "rejects.csv",
    )
    assert result.rows == 2000
    assert result.imported + result.rejected == 2000
    assert result.rejected < 10  # 99.93 % of the assaults fall inside a beat
    assert set(result.reasons) <= {"coordinates outside the areas"}
    first = Incident.objects.order_by("occurred_at").first()
    # 2010-01-01 00:05 Chicago (CST, UTC-6) is 06:05 UTC.
    assert first.occurred_at == dt.datetime(2010, 1, 1, 6, 5, tzinfo=dt.UTC)
    assert (first.local_month, first.local_hour, first.local_weekday) == (201001, 0, 4)
    assert first.category.code == "13A" and first.offense == "Aggravated assault"
    assert first.premise == "residence"
    assert first.beat is not None and first.district is not None
    assert first.lon == pytest.approx(-87.6277) and first.lat == pytest.approx(41.7922)
    # The publisher's district matches the beat's district for the vast majority of rows.
    cst = dt.timezone(dt.timedelta(hours=-6))  # January-February: no daylight saving
    rows = {
        (r["date"], round(float(r["longitude"]), 4), round(float(r["latitude"]), 4)): r["district"]
        for r in read_csv(assault_slice)
    }
    agree = sum(
        1
        for i in Incident.objects.select_related("district")
        if rows.get(
            (
                i.occurred_at.astimezone(cst).strftime("%Y-%m-%d %H:%M"),
                round(i.lon, 4),
                round(i.lat, 4),
            )
        )
        == i.district.code
    )
    assert agree > 0.95 * result.imported


def test_burglary_mapping_on_real_slice(chicago_beats, burglary_slice):
    result = import_file(burglary_slice, load_mapping("chicago_residential_burglary"))
    assert result.rows == 2000 and result.imported + result.rejected == 2000
    assert result.imported > 1950
    incident = Incident.objects.order_by("occurred_at", "id").first()
    assert incident.category.code == "220"
    # "01/01/2014" is 1 January (DD/MM/YYYY), local midnight.
    assert incident.local_month == 201401 and incident.local_hour == 0
    assert -88 < incident.lon < -87.5 and 41.6 < incident.lat < 42.1


def test_stanford_mapping_on_sopp_columns(chicago_beats, tmp_path):
    path = write_csv(
        tmp_path / "stops.csv",
        [
            "raw_row_number",
            "date",
            "time",
            "lat",
            "lng",
            "violation",
            "outcome",
            "reason_for_stop",
            "subject_race",
        ],
        [
            [
                "1",
                "2017-05-01",
                "13:45:00",
                "41.7922",
                "-87.6277",
                "Speeding",
                "citation",
                "speeding",
                "white",
            ],
            [
                "2",
                "2017-05-01",
                "",
                "41.7513",
                "-87.6683",
                "open container",
                "warning",
                "",
                "black",
            ],
            ["3", "2017-05-02", "02:10:00", "41.8727", "-87.6242", "DUI", "arrest", "", "hispanic"],
            ["4", "2017-05-02", "02:15:00", "41.7536", "-87.6478", "Equipment", "", "", ""],
            ["5", "2017-05-02", "02:20:00", "41.7536", "-87.6478", "Equipment", "lecture", "", ""],
        ],
    )
    result = import_file(
        path, load_mapping("stanford_open_policing"), reject_file=tmp_path / "r.csv"
    )
    assert (result.imported, result.rejected) == (4, 1)
    assert read_csv(tmp_path / "r.csv")[0]["reason"] == "unknown enforcement kind"
    by_id = {a.source_id: a for a in EnforcementAction.objects.select_related("category")}
    assert by_id["1"].kind == "citation" and by_id["1"].category.code == "90Z-TRAFFIC"
    assert by_id["1"].is_minor and by_id["1"].reason == "speeding"
    assert (
        by_id["2"].kind == "warning" and by_id["2"].category.code == "90G" and by_id["2"].is_minor
    )
    assert by_id["2"].local_hour == 0  # no time: local midnight
    assert by_id["3"].kind == "arrest" and by_id["3"].category.code == "90D"
    assert not by_id["3"].is_minor
    assert by_id["4"].kind == "stop"
    assert not by_id["1"].is_synthetic
    assert OffenseCategory.objects.get(code="90Z-TRAFFIC").parent.code == "90Z"


def test_nibrs_codes_are_seeded(db):
    assault = OffenseCategory.objects.get(code="13A")
    assert assault.name_en == "Aggravated assault" and assault.group == "A"
    assert OffenseCategory.objects.get(code="90B").group == "B"
    assert OffenseCategory.objects.get(code="90B").is_minor
    assert OffenseCategory.objects.get(code="11A").is_sensitive
    dv = OffenseCategory.objects.get(code="13B-DV")
    assert dv.parent.code == "13B" and dv.is_sensitive and dv.is_local
    assert OffenseCategory.objects.filter(group="A").count() > 40


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not = [valid", "not valid TOML"),
        ("[source]\nname='x'\n[columns]\ndate='d'\n", "date_format is required"),
        (
            "[source]\nname='x'\n[columns]\ndate='d'\ndate_format='%Y'\nlon='a'\nlat='b'\n"
            "time_zone='Mars/Olympus'\n[offenses]\nconstant='13A'\n",
            "not a known time zone",
        ),
        (
            "[source]\nname='x'\n[columns]\ndate='d'\ndate_format='%Y'\nlon='a'\nlat='b'\n"
            "crs='EPSG:99999999'\n[offenses]\nconstant='13A'\n",
            "coordinate reference system",
        ),
        (
            "[source]\nname='x'\n[columns]\ndate='d'\ndate_format='%Y'\nlon='a'\nlat='b'\n",
            "how rows get a category",
        ),
    ],
)
def test_bad_mappings_are_refused_with_reasons(text, message):
    with pytest.raises(MappingError) as info:
        load_mapping("bad.toml", text=text)
    assert message in str(info.value)


def test_unknown_category_code_in_mapping(db, tmp_path):
    from beatbridge.data.importer import import_file as run

    mapping = load_mapping(
        "m.toml",
        text="[source]\nname='x'\n[columns]\ndate='d'\n"
        "date_format='%Y-%m-%d'\nlon='a'\nlat='b'\n[offenses]\nconstant='ZZZ'\n",
    )
    path = write_csv(tmp_path / "f.csv", ["d", "a", "b"], [["2020-01-01", "-87.6", "41.8"]])
    with pytest.raises(MappingError, match="ZZZ"):
        run(path, mapping)
