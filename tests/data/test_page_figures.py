"""The statistics section reads the data version once, keeps one version per page, flags
synthetic enforcement only when there is some, and renders the day × hour table right."""

import datetime as dt
import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beatbridge.data import stats
from beatbridge.data.mapping import load_mapping
from beatbridge.data.models import EnforcementAction
from beatbridge.data.services import run_import
from beatbridge.data.views import stats_context

from .conftest import SIMPLE_MAPPING, write_csv
from .helpers import RIVERSIDE, days_ago, import_rows


def _import(tmp_path, name, rows):
    data = [[rid, when.strftime("%Y-%m-%d %H:%M"), "ASSAULT", *RIVERSIDE, ""] for rid, when in rows]
    path = write_csv(tmp_path / name, ["id", "date", "offense", "lon", "lat", "block"], data)
    run, result = run_import(path, load_mapping("t.toml", text=SIMPLE_MAPPING))
    assert result is not None, run.error


def _request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_the_section_reads_the_data_version_once(city, tmp_path):
    _import(tmp_path, "a.csv", [("v1", days_ago(1))])
    with CaptureQueriesContext(connection) as ctx:
        context = stats_context(_request(), city["riverside"])
    version_reads = [q for q in ctx.captured_queries if "data_importrun" in q["sql"]]
    assert len(version_reads) == 1
    assert context["categories"][-1]["last28"] == 1


def test_one_version_per_block_and_a_new_import_shows_in_the_next(city, tmp_path):
    today = timezone.localdate()
    _import(tmp_path, "a.csv", [("w1", days_ago(1))])
    with stats.pinned_version():
        assert stats.category_counts(city["riverside"], today)[-1]["last28"] == 1
        _import(tmp_path, "b.csv", [("w2", days_ago(2))])
        # Same page: the same version, so its figures stay consistent with each other.
        assert stats.category_counts(city["riverside"], today)[-1]["last28"] == 1
    with stats.pinned_version():
        assert stats.category_counts(city["riverside"], today)[-1]["last28"] == 2
        assert stats.monthly_counts(city["riverside"], today)[-1][1] == sum(
            1 for d in (1, 2) if (today - dt.timedelta(days=d)).month == today.month
        )
    assert stats.category_counts(city["riverside"], today)[-1]["last28"] == 2


def _action(city, n: int, kind: str, *, synthetic: bool, minor: bool = False) -> EnforcementAction:
    when = timezone.now() - dt.timedelta(days=3)
    local = timezone.localtime(when)
    return EnforcementAction.objects.create(
        source="test",
        source_id=f"e{n}",
        row_hash=f"h{n}",
        occurred_at=when,
        local_month=local.year * 100 + local.month,
        local_weekday=local.weekday(),
        local_hour=local.hour,
        lon=-87.695,
        lat=41.805,
        public_lon=-87.695,
        public_lat=41.805,
        h3_cell="8a2664c1a4d7fff",
        beat=city["b111"],
        district=city["d1"],
        neighborhood=city["riverside"],
        kind=kind,
        is_minor=minor,
        is_synthetic=synthetic,
    )


def test_enforcement_summary_counts_and_synthetic_flag(city):
    today = timezone.localdate()
    _action(city, 1, "stop", synthetic=False, minor=True)
    _action(city, 2, "stop", synthetic=False)
    _action(city, 3, "arrest", synthetic=False)
    real = stats.enforcement_summary(city["riverside"], today)
    assert real["by_kind"] == [("stop", 2, 1), ("arrest", 1, 0)]
    assert (real["total"], real["minor"], real["is_synthetic"]) == (3, 1, False)
    _action(city, 4, "warning", synthetic=True)
    mixed = stats.enforcement_summary(city["riverside"], today, months=11)  # new cache key
    assert mixed["is_synthetic"] is True and mixed["total"] == 4
    assert stats.enforcement_summary(city["hilltop"], today)["total"] == 0
    assert stats.enforcement_summary(city["hilltop"], today)["is_synthetic"] is False


def test_day_hour_table_cells(city, tmp_path, client):
    when = days_ago(3, hour=21)
    import_rows(tmp_path, [("t1", when, "ASSAULT", RIVERSIDE), ("t2", when, "ASSAULT", RIVERSIDE)])

    body = client.get("/areas/neighborhood/1/").content.decode()
    table = body[body.index('class="heat-table"') :]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>(.*?)</tr>", table)
    assert len(rows) == 7
    weekday = when.weekday()
    cells = re.findall(r'<td class="num heat-(\d)">(\d+)</td>', rows[weekday][1])
    assert len(cells) == 24
    assert cells[21] == ("4", "2")  # level 1 + int(5 * 2 / (2 + 1)) = 4
    assert all(c == ("0", "0") for h, c in enumerate(cells) if h != 21)
    assert "<strong>2</strong>" in rows[weekday][1]
    assert all(
        re.findall(r'<td class="num heat-(\d)">(\d+)</td>', r[1]) == [("0", "0")] * 24
        for d, r in enumerate(rows)
        if d != weekday
    )
