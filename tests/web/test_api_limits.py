"""Every paginated API list has a ceiling: a huge ``limit`` is served as the maximum (500),
malformed ``limit`` / ``offset`` values are a 400 naming the parameter, never a 500; the exact
locations of a page are audit-logged in one bulk insert (issue 16, item 7)."""

import math
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

import beatbridge
from beatbridge.accounts.models import ActivityEntry
from beatbridge.core.api_pagination import MAX_LIMIT, BoundedLimitOffsetPagination
from beatbridge.data.models import Incident, OffenseCategory

# (list endpoint, who may read it)
LISTS = [
    ("/api/v1/incidents/", None),
    ("/api/v1/incidents/exact/", "officer"),
    ("/api/v1/tips/", "supervisor"),
    ("/api/v1/concerns/", None),
    ("/api/v1/meetings/", None),
    ("/api/v1/meeting-series/", None),
    ("/api/v1/priorities/", None),
    ("/api/v1/organizations/", None),
]
HUGE = str(10**30)


@pytest.fixture
def many_incidents(city):
    """MAX_LIMIT + 100 incidents of one public category in Riverside, in the last days."""
    import datetime as dt

    from django.utils import timezone

    category = OffenseCategory.objects.get(code="220")
    now = timezone.now()
    rows = []
    for n in range(MAX_LIMIT + 100):
        when = now - dt.timedelta(minutes=10 * n + 5)
        local = timezone.localtime(when)
        rows.append(
            Incident(
                source="t",
                source_id=f"i{n}",
                row_hash=f"h{n}",
                occurred_at=when,
                local_month=local.year * 100 + local.month,
                local_weekday=local.weekday(),
                local_hour=local.hour,
                category=category,
                lon=-87.695,
                lat=41.805,
                public_lon=-87.6951,
                public_lat=41.8049,
                h3_cell="8a2664c1a4d7fff",
                beat=city["b111"],
                district=city["d1"],
                neighborhood=city["riverside"],
            )
        )
    Incident.objects.bulk_create(rows)
    return len(rows)


@pytest.mark.parametrize("limit", ["100000", HUGE, str(MAX_LIMIT + 1)])
def test_a_huge_limit_is_served_as_the_maximum(many_incidents, client, limit):
    response = client.get("/api/v1/incidents/", {"limit": limit})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == many_incidents
    assert len(data["results"]) == MAX_LIMIT
    assert f"limit={MAX_LIMIT}" in data["next"]


def test_a_huge_offset_is_an_empty_page(many_incidents, client):
    data = client.get("/api/v1/incidents/", {"offset": HUGE}).json()
    assert data["results"] == [] and data["count"] == many_incidents


def test_the_exact_page_is_audited_in_one_bulk_insert(many_incidents, client_for, personas):
    officer = personas["officer"]
    table = ActivityEntry._meta.db_table
    with CaptureQueriesContext(connection) as ctx:
        response = client_for(officer).get("/api/v1/incidents/exact/", {"limit": "3000"})
    assert response.status_code == 200
    shown = {row["id"] for row in response.json()["results"]}
    assert len(shown) == MAX_LIMIT
    reads = ActivityEntry.objects.filter(actor=officer, verb="read", is_read=True)
    assert {int(r.target_id) for r in reads} == shown
    inserts = [q for q in ctx.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"')]
    # One bulk_create: one statement on PostgreSQL; SQLite splits it at 999 parameters.
    fields = [f for f in ActivityEntry._meta.concrete_fields if not f.primary_key]
    per_statement = connection.ops.bulk_batch_size(fields, list(reads)) or MAX_LIMIT
    assert len(inserts) == math.ceil(MAX_LIMIT / min(per_statement, 1000))
    assert len(inserts) < 10


BAD = [
    ({"limit": "-1"}, "limit"),
    ({"limit": "0"}, "limit"),
    ({"limit": "abc"}, "limit"),
    ({"limit": "1.5"}, "limit"),
    ({"limit": "1e3"}, "limit"),
    ({"limit": ""}, "limit"),
    ({"limit": "-" + HUGE}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"offset": "abc"}, "offset"),
    ({"offset": "0x10"}, "offset"),
]


@pytest.mark.parametrize(("url", "role"), LISTS)
@pytest.mark.parametrize(("params", "field"), BAD)
def test_malformed_limit_or_offset_is_a_400_naming_it(
    city, client_for, personas, url, role, params, field
):
    response = client_for(personas[role] if role else None).get(url, params)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()


@pytest.mark.parametrize(("url", "role"), LISTS)
@pytest.mark.parametrize("params", [{"limit": HUGE}, {"limit": "100000", "offset": HUGE}])
def test_every_list_takes_a_huge_limit_and_offset(city, client_for, personas, url, role, params):
    response = client_for(personas[role] if role else None).get(url, params)
    assert response.status_code == 200
    assert len(response.json()["results"]) <= MAX_LIMIT


def test_every_api_view_paginates_with_the_ceiling(db):
    """No list falls back to DRF's unbounded paginators: router viewsets use the default (ours)
    or none, and no module builds another paginator by hand."""

    def views(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from views(p.url_patterns)
            elif getattr(p.callback, "cls", None) is not None:
                yield p.callback.cls

    for cls in views(get_resolver().url_patterns):
        paginator = getattr(cls, "pagination_class", None)
        assert paginator is None or issubclass(paginator, BoundedLimitOffsetPagination), cls
    source = Path(beatbridge.__file__).parent
    unbounded = re.compile(r"\b(LimitOffsetPagination|PageNumberPagination|CursorPagination)\(")
    offenders = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path.name != "api_pagination.py" and unbounded.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert BoundedLimitOffsetPagination.max_limit == MAX_LIMIT == 500


def test_the_schema_states_the_maximum(db, client):
    schema = client.get("/api/schema/?format=json").json()
    params = schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]
    limit = next(p for p in params if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_LIMIT
