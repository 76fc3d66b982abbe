"""Per-process memos: kept for the recheck interval, cleared by local changes."""

import datetime as dt

import pytest

from beatbridge.areas.models import OfficerAssignment
from beatbridge.concerns import permissions
from beatbridge.core.memo import Memo


def test_memo_keeps_values_for_the_interval_and_clears(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RECHECK_SECONDS": 60}
    memo, calls = Memo("test"), []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo.get("k", compute) == 1
    assert memo.get("k", compute) == 1  # kept
    memo.clear()
    assert memo.get("k", compute) == 2


def test_memo_with_zero_interval_computes_every_time(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RECHECK_SECONDS": 0}
    memo, calls = Memo("test"), []
    memo.get("k", lambda: calls.append(1))
    memo.get("k", lambda: calls.append(1))
    assert len(calls) == 2


@pytest.mark.django_db
def test_a_new_assignment_is_seen_at_once_in_this_process(settings, officer, city):
    """Even with a long interval, saving an assignment clears the kept beats."""
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RECHECK_SECONDS": 3600}
    permissions.assignments_memo.clear()
    officer.refresh_from_db()
    before = permissions.current_beat_ids(officer)
    assert city["b112"].pk not in before
    OfficerAssignment.objects.create(
        officer=officer, beat=city["b112"], starts_on=dt.date(2020, 1, 1)
    )
    officer.refresh_from_db()
    fresh = type(officer).objects.get(pk=officer.pk)  # a new request's user object
    assert city["b112"].pk in permissions.current_beat_ids(fresh)


@pytest.mark.django_db
def test_categories_are_kept_and_a_saved_change_is_seen_at_once(settings):
    from beatbridge.concerns import categories
    from beatbridge.concerns.models import Category
    from beatbridge.concerns.seed import seed_categories

    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RECHECK_SECONDS": 3600}
    seed_categories()
    categories.invalidate()
    noise = categories.get_category(code="noise")
    noise.name_en = "changed only in this copy"
    assert categories.get_category(code="noise").name_en != "changed only in this copy"
    Category.objects.filter(code="noise").update(name_en="Updated behind our back")
    assert categories.get_category(code="noise").name_en != "Updated behind our back"  # kept
    stored = Category.objects.get(code="noise")
    stored.name_en = "Noise at night"
    stored.save()
    assert categories.get_category(code="noise").name_en == "Noise at night"
    assert categories.get_category(code="no-such-code") is None


@pytest.mark.django_db
def test_locator_reads_the_fingerprint_at_most_once_per_interval(settings, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from beatbridge.areas import locator

    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "RECHECK_SECONDS": 3600}
    locator.invalidate()
    point = (-87.695, 41.805)
    first = locator.locate(*point)
    with CaptureQueriesContext(connection) as queries:
        again = locator.locate(*point)
    assert again == first and city["b111"] in again
    assert len(queries.captured_queries) == 0
    city["b111"].name = "Renamed beat"
    city["b111"].save()  # a local change is seen at once
    assert any(a.name == "Renamed beat" for a in locator.locate(*point))
