"""Demo problem-solving projects: one per beat that has a current priority (at most two),
started from the priority, with the partner organization on the team, action items (one
done, one in progress, one overdue), linked incidents and an assessment of the last weeks.
Idempotent: a priority that already has a project is skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from beatbridge.accounts.models import Organization, User
from beatbridge.priorities.models import Priority

from . import services
from .models import ActionStatus, Stage

DEMO_BEATS = ("2431", "2432", "2433")


def _officer(area):
    from beatbridge.areas.queries import officers_serving

    for _beat, officers in officers_serving(area):
        if officers:
            return User.objects.get(pk=officers[0].pk)
    return User.objects.filter(role="supervisor", is_active=True).first()


def load_demo(out: Callable[[str], object] = print) -> None:
    out("Projects:")
    # The hand-written demo beats only: the rest of the city's priorities (demo/citywide.py)
    # would otherwise give every later load two more projects.
    if Priority.objects.filter(area__code__in=DEMO_BEATS, projects__isnull=False).exists():
        out("  already loaded")
        return
    priorities = (
        Priority.objects.current()
        .filter(projects__isnull=True, area__kind="beat", area__code__in=DEMO_BEATS)
        .select_related("area")
    )
    made = 0
    for priority in priorities.order_by("area__code", "rank")[:2]:
        officer = _officer(priority.area)
        if officer is None:
            continue
        today = timezone.localdate()
        started = today - dt.timedelta(days=90)
        project = services.create_project(
            [priority.area],
            priority=priority,
            title=priority.title,
            statement=priority.description or priority.title,
            start_date=started,
            target_response_date=started + dt.timedelta(days=30),
            target_assessment_date=today + dt.timedelta(days=14),
            by=officer,
        )
        services.link_evidence(
            project, kind="incidents", date_from=started - dt.timedelta(days=365), by=officer
        )
        services.update_project(
            project,
            stage=Stage.ANALYSIS,
            offender="Repeat visitors in the evening",
            place="The corner and the dark stretch beside it",
            manager="The property owner and the city's lighting department",
            guardian="Neighbors on the block, store staff",
            by=officer,
        )
        services.add_hypothesis(project, text="Poor lighting after 8 pm invites it", by=officer)
        services.update_project(project, stage=Stage.RESPONSE, by=officer)
        project.response_started_on = today - dt.timedelta(days=45)
        project.save(update_fields=["response_started_on"])
        org = (
            Organization.objects.filter(neighborhoods__isnull=False, membership__isnull=False)
            .distinct()
            .first()
            or Organization.objects.first()
        )
        resident = User.objects.filter(role="resident", is_active=True).order_by("pk").first()
        if org:
            services.add_team_member(project, organization=org, role="partner", by=officer)
            done = services.add_action_item(
                project,
                title="Ask members to report broken lights",
                owner_organization=org,
                due_date=today - dt.timedelta(days=20),
                by=officer,
            )
            contact = org.members.first()
            services.update_action_item(
                done,
                status=ActionStatus.DONE,
                note="Twelve lights reported.",
                by=contact or officer,
            )
            services.add_action_item(
                project,
                title="Evening activities at the corner",
                owner_organization=org,
                due_date=today - dt.timedelta(days=3),
                by=officer,
            )
        if resident:
            services.add_team_member(project, user=resident, role="resident", by=officer)
            item = services.add_action_item(
                project,
                title="Block-club porch-light evening",
                owner_user=resident,
                due_date=today + dt.timedelta(days=10),
                by=officer,
            )
            services.update_action_item(
                item, status=ActionStatus.IN_PROGRESS, note="Flyers are out.", by=resident
            )
        services.add_action_item(
            project, title="Directed patrols 8–11 pm", owner_user=officer, by=officer
        )
        try:
            services.run_assessment(
                project,
                before_start=today - dt.timedelta(days=90),
                before_end=today - dt.timedelta(days=46),
                after_start=today - dt.timedelta(days=45),
                after_end=today - dt.timedelta(days=1),
                by=officer,
            )
        except Exception as exc:  # noqa: BLE001 — a demo without a comparison area still loads
            out(f"  {project.title}: no assessment ({exc})")
        made += 1
        out(f"  {project.title} ({priority.area})")
    out(f"  {made} projects added.")
