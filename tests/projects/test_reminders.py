"""Reminders before an action item is due and once when it is overdue: each once per item."""

import datetime as dt
import io

from django.core import mail
from django.core.management import call_command

from beatbridge.projects import services
from beatbridge.projects.models import ActionStatus


def test_due_and_overdue_reminders_once_per_item(project, officer, org, org_item, resident):
    # org_item is due 2026-03-01 (owned by the league: its member and its contact email).
    soon = services.add_action_item(
        project,
        title="Trim hedges",
        owner_user=resident,
        due_date=dt.date(2026, 2, 28),
        by=officer,
    )
    done = services.add_action_item(
        project,
        title="Done already",
        owner_user=resident,
        due_date=dt.date(2026, 2, 27),
        by=officer,
    )
    services.update_action_item(done, status=ActionStatus.DONE, by=officer)

    sent = services.send_action_reminders(today=dt.date(2026, 2, 27))
    assert sent == {"due": 2, "overdue": 0}
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["Due soon: Trim hedges", "Due soon: Youth league evening program"]
    league = next(m for m in mail.outbox if "league" in m.subject)
    assert sorted(league.to) == ["league@example.org", "partner@example.org"]

    # The next run the same day, and the day after: nothing new until an item is overdue.
    assert services.send_action_reminders(today=dt.date(2026, 2, 27)) == {"due": 0, "overdue": 0}
    assert services.send_action_reminders(today=dt.date(2026, 2, 28)) == {"due": 0, "overdue": 0}

    mail.outbox.clear()
    assert services.send_action_reminders(today=dt.date(2026, 3, 2)) == {"due": 0, "overdue": 2}
    assert sorted(m.subject for m in mail.outbox) == [
        "Overdue: Trim hedges",
        "Overdue: Youth league evening program",
    ]
    assert services.send_action_reminders(today=dt.date(2026, 3, 9)) == {"due": 0, "overdue": 0}
    soon.refresh_from_db()
    assert soon.reminder_sent_at and soon.overdue_sent_at


def test_command_and_task_send_overdue_once(project, officer, resident):
    from django.utils import timezone

    from beatbridge.projects.tasks import send_action_reminders

    services.add_action_item(
        project,
        title="Call the lot owner",
        owner_user=resident,
        by=officer,
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    out = io.StringIO()
    call_command("project_reminders", stdout=out)
    assert "0 due soon, 1 overdue" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["resident@example.org"]]
    assert send_action_reminders.call_local() == {"due": 0, "overdue": 0}
    assert len(mail.outbox) == 1


def test_reminder_window_follows_the_setting(project, officer, resident, settings):
    settings.BEATBRIDGE_PROJECT_REMINDER_DAYS = 0
    services.add_action_item(
        project, title="Tomorrow", owner_user=resident, due_date=dt.date(2026, 2, 28), by=officer
    )
    assert services.send_action_reminders(today=dt.date(2026, 2, 27)) == {"due": 0, "overdue": 0}
    assert services.send_action_reminders(today=dt.date(2026, 2, 28)) == {"due": 1, "overdue": 0}
