"""Day-before reminders: sent to confirmed RSVPs of tomorrow's meetings, each once."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.meetings.tasks import send_reminders

from .conftest import confirmed_rsvp, local


def test_reminders_sent_once_for_tomorrows_meetings(make_meeting, officer):
    now = local(2030, 5, 13, 9, 0)
    tomorrow = make_meeting(starts_at=local(2030, 5, 14, 18, 30), capacity=1)
    later = make_meeting(starts_at=local(2030, 5, 16, 18, 30))
    coming = confirmed_rsvp(tomorrow, name="Ana", email="ana@example.org")
    confirmed_rsvp(tomorrow, name="Ben", email="ben@example.org")  # wait list: no reminder
    confirmed_rsvp(later, name="Cy", email="cy@example.org")
    mail.outbox.clear()

    assert services.send_due_reminders(now) == 1
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert mail.outbox[0].subject.startswith("Tomorrow")
    coming.refresh_from_db()
    assert coming.reminder_sent_at == now

    # Running again (the job is hourly) sends nothing more.
    assert services.send_due_reminders(now + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_cancelled_meeting(make_meeting, officer):
    meeting = make_meeting(starts_at=local(2030, 5, 14, 18, 30))
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    services.cancel_meeting(meeting, by=officer)
    mail.outbox.clear()
    assert services.send_due_reminders(local(2030, 5, 13, 9, 0)) == 0
    assert mail.outbox == []


def test_periodic_task_runs_the_verb(make_meeting):
    meeting = make_meeting(starts_at=timezone.now() + dt.timedelta(days=1))
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    # Huey runs tasks immediately in tests; calling the periodic task sends the reminder
    # when tomorrow's local date matches.
    sent = send_reminders.call_local()
    local_tomorrow = timezone.localdate() + dt.timedelta(days=1)
    expected = 1 if timezone.localtime(meeting.starts_at).date() == local_tomorrow else 0
    assert sent == expected and len(mail.outbox) == expected


def test_moving_and_cancelling_tell_attendees(meeting, officer):
    confirmed_rsvp(meeting, name="Ana", email="ana@example.org")
    mail.outbox.clear()
    services.move_meeting(meeting, starts_at=meeting.starts_at + dt.timedelta(days=1), by=officer)
    services.cancel_meeting(meeting, by=officer, reason="Storm")
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["New time", "Cancelled"]
    assert "Storm" in mail.outbox[1].body
