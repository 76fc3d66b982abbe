"""The "new tip" notice to officers says no more about when the tip came than its stored
hour does: it is scheduled after the next full hour plus a random delay, and its Date
header is that full hour (the probe read the exact minute off the old email's Date)."""

import datetime as dt
import re
from email.utils import parsedate_to_datetime

import pytest
from django.core import mail
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from beatbridge.concerns.notifications import tip_notification_eta
from beatbridge.concerns.tips import services

from .conftest import IN_B111

UTC = dt.UTC


@pytest.fixture
def huey_queue():
    HUEY.storage.flush_all()
    yield HUEY
    HUEY.storage.flush_all()


def _hour_after(moment):
    return moment.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(2026, 3, 1, 14, 0, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 1, 14, 0, 1, tzinfo=UTC),
        dt.datetime(2026, 3, 1, 14, 23, 11, 500, tzinfo=UTC),
        dt.datetime(2026, 3, 1, 14, 59, 59, 999999, tzinfo=UTC),
        dt.datetime(2026, 12, 31, 23, 45, tzinfo=UTC),
    ],
)
def test_eta_is_after_the_next_full_hour_within_the_jitter(now):
    boundary = _hour_after(now)
    etas = {tip_notification_eta(now, jitter_minutes=20) for _ in range(200)}
    assert all(boundary <= eta <= boundary + dt.timedelta(minutes=20) for eta in etas)
    assert len(etas) > 100  # random, not a fixed delay
    assert tip_notification_eta(now, jitter_minutes=0) == boundary


def test_eta_does_not_depend_on_the_minute_within_the_hour():
    early = dt.datetime(2026, 3, 1, 14, 0, 5, tzinfo=UTC)
    late = dt.datetime(2026, 3, 1, 14, 58, 40, tzinfo=UTC)
    assert tip_notification_eta(early, jitter_minutes=0) == tip_notification_eta(
        late, jitter_minutes=0
    )


def test_the_jitter_comes_from_settings(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "TIP_NOTICE_JITTER_MINUTES": 0}
    now = dt.datetime(2026, 3, 1, 9, 17, tzinfo=UTC)
    assert tip_notification_eta(now) == dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_a_tip_notice_is_scheduled_and_its_date_is_the_full_hour(
    city, officer, huey_queue, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_tip(body="The blue van again.", lon=IN_B111[0], lat=IN_B111[1])
    after = timezone.now()
    assert mail.outbox == []  # nothing went out at the moment of the tip

    scheduled = [t for t in huey_queue.scheduled() if t.name == "send_tip_notice"]
    assert len(scheduled) == 1
    task = scheduled[0]
    assert task.args[2] == officer.email
    eta = task.eta.replace(tzinfo=UTC)  # Huey keeps etas as naive UTC
    boundaries = {_hour_after(before), _hour_after(after)}
    assert any(b <= eta <= b + dt.timedelta(minutes=20) for b in boundaries), (eta, boundaries)

    huey_queue.execute(task, timestamp=task.eta)
    assert len(mail.outbox) == 1
    message = mail.outbox[0].message()
    sent_date = parsedate_to_datetime(message["Date"])
    assert sent_date == eta.replace(minute=0, second=0, microsecond=0)
    assert sent_date.minute == 0 and sent_date.second == 0
    # The default Message-ID starts with the sending moment; ours is random.
    assert re.fullmatch(r"<[0-9a-f]{32}@[^>]+>", message["Message-ID"])
    assert "tip" in mail.outbox[0].subject.lower()
    assert "The blue van" not in mail.outbox[0].body


def test_a_tip_nobody_serves_schedules_nothing(
    city, huey_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_tip(body="Somewhere else.", lon=IN_B111[0], lat=IN_B111[1])
    assert [t for t in huey_queue.scheduled() if t.name == "send_tip_notice"] == []
    assert mail.outbox == []


# ---------------------------------------------------------------------------------------
# Where a tip is recorded: never in a table whose other rows carry exact times (the probe
# placed an hour-rounded tip between two exactly timed activity entries by their ids).

SHARED_TABLES_OK = {"concerns_tip", "concerns_tipevent", "concerns_tipmessage"}


def _inserted_tables(queries):
    tables = set()
    for query in queries:
        sql = query["sql"].lstrip()
        if sql.upper().startswith("INSERT INTO"):
            tables.add(sql.split()[2].strip('"`'))
    return tables


def test_a_tip_and_its_messages_write_only_to_tables_of_tips(city, officer, resident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from beatbridge.concerns.models import TipEvent

    with CaptureQueriesContext(connection) as submitted:
        tip = services.submit_tip(body="Seen at the corner.", lon=IN_B111[0], lat=IN_B111[1])
    with CaptureQueriesContext(connection) as tipster:
        services.reply_as_tipster(tip.code, "One more thing.")
    with CaptureQueriesContext(connection) as replied:
        services.reply_to_tip(tip.tip, "Thank you.", by=officer)
    with CaptureQueriesContext(connection) as identified:
        services.submit_tip(body="Call me.", identify=True, contact="555", by=resident)
    for queries in (submitted, tipster, replied, identified):
        assert _inserted_tables(queries.captured_queries) <= SHARED_TABLES_OK | {
            "concerns_tipsubmissionkey"
        }
    events = list(TipEvent.objects.order_by("verb"))
    assert sorted(e.verb for e in events) == [
        "tip.replied",
        "tip.submitted",
        "tip.submitted",
        "tip.tipster_replied",
    ]
    for event in events:
        assert (event.created_at.minute, event.created_at.second) == (0, 0)
        assert not str(event.pk).isdigit()  # a UUID, not a number in a sequence
    by_verb = {e.verb: e for e in events if e.tip_id == tip.tip.pk}
    assert by_verb["tip.submitted"].actor is None
    assert by_verb["tip.tipster_replied"].actor is None
    assert by_verb["tip.replied"].actor == officer  # officers stay accountable, to the hour


def test_the_supervisors_audit_trail_lists_events_and_reads(city, officer, supervisor):
    from beatbridge.accounts.models import ActivityEntry

    tip = services.submit_tip(body="Seen at the corner.", lon=IN_B111[0], lat=IN_B111[1]).tip
    services.read_tip(tip, by=officer)
    read = ActivityEntry.objects.get(verb="read", target_id=str(tip.pk))
    assert read.actor == officer  # staff reads keep their exact time in the activity log
    trail = services.tip_audit_trail(tip, by=supervisor)
    assert [(e.verb, e.actor) for e in trail] == [("read", officer), ("tip.submitted", None)]
    assert str(trail[1].label) == "sent the tip"
