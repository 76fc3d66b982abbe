"""The permission matrix: every URL pattern and API endpoint, for every role.

``RULES`` holds one entry per named URL pattern (full name, namespaces joined with ':'; the
API routers' names such as ``concern-detail`` too): how to build its address from the
world (``matrix_world.py``) and the status a GET answers each role with. The expectations
are read from the views' decorators and the apps' ``permissions.py``, not from what the
site happens to answer; a comment says why where the code is not obvious.

* ``test_every_url_pattern_has_a_rule`` fails when a pattern has no rule (a new endpoint
  must say who may reach it) and when a rule names a pattern that no longer exists.
* ``test_matrix`` makes the GET for the eight roles and lists every role whose answer
  differs from the rule.

Left out: the admin site (one rule: only administrators get in, ``test_admin_site``),
``media/`` (uploaded files, served by the web server in production) and static files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix_world import ROLES, build_world, signed_in_client

# --- Expected answers ----------------------------------------------------------------------

LOGIN = "302 → /accounts/login/"  # login_required: a redirect to the sign-in page


def redirect(to: str) -> str:
    return f"302 → {to}"


SIGNED_IN = frozenset(ROLES) - {"anonymous"}
#: accounts.permissions.is_staff_member: officers, supervisors, analysts, administrators.
STAFF = frozenset({"officer", "other_district_officer", "supervisor", "analyst", "admin"})
#: is_officer_role: sworn staff who work beats (officers and supervisors; not admins).
POLICE = frozenset({"officer", "other_district_officer", "supervisor"})
#: is_supervisor: supervisors and administrators.
SUPERVISORS = frozenset({"supervisor", "admin"})
#: is_analyst: analysts, supervisors and administrators.
ANALYSTS = frozenset({"analyst", "supervisor", "admin"})
#: Who works beat 0111 (the world's concern, meeting, project, group): its officer, and
#: supervisors and administrators, who oversee every beat.
BEAT_0111 = frozenset({"officer", "supervisor", "admin"})


def everyone(status: int | str = 200) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, status)


def only(
    allowed: frozenset[str] | set[str],
    ok: int | str = 200,
    denied: int | str = 403,
    anonymous: int | str | None = None,
    **exceptions: int | str,
) -> dict[str, int | str]:
    """``ok`` for the ``allowed`` roles, ``denied`` for the others; anonymous visitors get
    ``anonymous`` (by default: ``ok`` if allowed, else ``denied``). Keyword arguments
    override single roles."""
    out = {role: ok if role in allowed else denied for role in ROLES}
    if anonymous is not None:
        out["anonymous"] = anonymous
    out.update(exceptions)
    return out


def members(allowed, ok=200, denied=403, **exceptions):
    """A ``login_required`` page: anonymous visitors are sent to sign in."""
    return only(allowed, ok, denied, anonymous=LOGIN, **exceptions)


def post_only(anonymous: int | str = 405) -> dict[str, int | str]:
    """A POST-only view: a GET is 405 (``anonymous``: what ``login_required`` in front of
    ``require_POST`` does first)."""
    return only(SIGNED_IN, 405, anonymous=anonymous)


#: login_required, then require_POST: sign in first, then "method not allowed".
LOGIN_THEN_POST = post_only(anonymous=LOGIN)

#: Where accounts.permissions.landing_url_name sends each role.
LANDING = {
    "anonymous": LOGIN,
    "resident": redirect("/accounts/profile/"),
    "partner": redirect("/accounts/partner/"),
    "officer": redirect("/concerns/triage/"),
    "other_district_officer": redirect("/concerns/triage/"),
    "supervisor": redirect("/priorities/dashboard/"),
    "analyst": redirect("/accounts/profile/"),
    "admin": redirect("/priorities/dashboard/"),
}


@dataclass(frozen=True)
class Rule:
    """How to reach a pattern, and what each role gets from a GET."""

    expect: dict[str, int | str]
    args: Callable = lambda w: []  # noqa: E731  (the world -> the pattern's arguments)
    query: str | Callable = ""  # or the world -> the query string
    headers: Callable = lambda w: {}  # noqa: E731
    note: str = ""

    def url(self, name: str, world) -> str:
        path = reverse(name, args=self.args(world))
        query = self.query(world) if callable(self.query) else self.query
        return f"{path}?{query}" if query else path


def R(expect, args=None, **kw) -> Rule:  # noqa: N802
    return Rule(expect=expect, args=args or (lambda w: []), **kw)


B111 = lambda w: ["beat", "0111"]  # noqa: E731
RIVERSIDE = lambda w: ["neighborhood", "1"]  # noqa: E731
CONCERN = lambda w: [w.concern.pk]  # noqa: E731
PRIVATE_CONCERN = lambda w: [w.private_concern.pk]  # noqa: E731
TIP = lambda w: [w.tip.pk]  # noqa: E731
MEETING = lambda w: [w.meeting.pk]  # noqa: E731
PRIORITY = lambda w: [w.priority.pk]  # noqa: E731
PROJECT = lambda w: [w.project.pk]  # noqa: E731
PRIVATE_PROJECT = lambda w: [w.private_project.pk]  # noqa: E731
SURVEY = lambda w: [w.survey.pk]  # noqa: E731
WAVE = lambda w: [w.wave.pk]  # noqa: E731
GROUP = lambda w: [w.group.pk]  # noqa: E731
ANNOUNCEMENT = lambda w: [w.announcement.pk]  # noqa: E731
TOKEN = lambda w: [w.concern.tracking_token]  # noqa: E731
NOT_A_TOKEN = lambda w: ["not-a-real-token"]  # noqa: E731
EMAIL_KEY = lambda w: [w.email_subscriber.unsubscribe_key]  # noqa: E731
LOCATE = "lon=-87.695&lat=41.805"


#: name -> its rule, or several (one per kind of object the pattern shows, e.g. a public
#: and a private concern).
RULES: dict[str, Rule | tuple[Rule, ...]] = {
    # --- web, ops -----------------------------------------------------------------------
    "web:home": R(everyone()),
    "web:about": R(everyone()),
    "web:healthz": R(everyone()),
    # /metrics: a bearer token, or a signed-in staff session (ops.health._authorized).
    "ops:metrics": R(only(STAFF, denied=401)),
    "set_language": R(everyone(redirect("/about/")), query="next=/about/"),
    # --- accounts -----------------------------------------------------------------------
    "accounts:login": R(everyone()),  # no redirect_authenticated_user
    "accounts:logout": R(everyone(405)),  # Django's LogoutView signs out on POST only
    "accounts:signup": R(only({"anonymous"}, denied=redirect("/accounts/profile/"))),
    "accounts:signup_sent": R(everyone()),
    # Without an emailed link's token in the session there is nothing to confirm.
    "accounts:signup_confirm": R(everyone(400)),
    "accounts:signup_link": R(everyone(redirect("/accounts/signup/confirm/")), NOT_A_TOKEN),
    # No one here owes a second factor (staff sessions have passed it): on to the landing.
    "accounts:two_factor": R(LANDING),
    "accounts:two_factor_setup": R(LANDING),
    "accounts:profile": R(members(SIGNED_IN)),
    "accounts:landing": R(LANDING),
    "accounts:partner_home": R(members({"partner"})),
    "accounts:request_verification": R(members({"resident", "partner"})),
    "accounts:verification_queue": R(members({"officer", "other_district_officer"} | SUPERVISORS)),
    "accounts:decide_verification": R(LOGIN_THEN_POST, lambda w: [w.verification.pk]),
    "accounts:organizations": R(everyone()),
    "accounts:organization": R(everyone(), lambda w: [w.org.pk]),
    "accounts:password_reset": R(everyone()),
    "accounts:password_reset_done": R(everyone()),
    # A made-up link: the page says it is invalid (for everyone alike).
    "accounts:password_reset_confirm": R(everyone(), lambda w: ["MQ", "not-a-token"]),
    "accounts:password_reset_complete": R(everyone()),
    # --- areas --------------------------------------------------------------------------
    "areas:geocode": R(everyone(), query="q=Riverside"),
    "areas:list": R(everyone(), lambda w: ["beat"]),
    "areas:detail": R(everyone(), B111),
    # --- concerns (the world's concern is public, in beat 0111, referred to the org) ------
    "concerns:list": R(everyone()),
    "concerns:geojson": R(everyone()),
    "concerns:new": R(everyone()),
    "concerns:similar": R(everyone()),
    # can_view_triage_queue: officers and supervisors (is_officer_role) or is_supervisor.
    "concerns:triage": R(members(POLICE | SUPERVISORS)),
    "concerns:detail": (
        R(everyone(), CONCERN, note="public concern"),
        # can_view: its submitter, district 1's staff (not the analyst, who works no beat),
        # its beat's officer, supervisors and admins; to anyone else it does not exist.
        R(only({"resident"} | BEAT_0111, denied=404), PRIVATE_CONCERN, note="private concern"),
    ),
    "concerns:support": R(post_only(), CONCERN),
    "concerns:reopen": R(post_only(), CONCERN),
    # _staff_only, then can_view_internal: its beat's officer (can_triage), supervisors
    # and admins; an officer of another district neither triages nor is district staff.
    "concerns:manage": R(members(BEAT_0111), CONCERN),
    "concerns:action": R(post_only(), lambda w: [w.concern.pk, "acknowledge"]),
    "concerns:referral_action": R(post_only(), lambda w: [w.concern.pk, "accept"]),
    "concerns:track": R(everyone()),
    "concerns:track_reply": R(post_only()),
    "concerns:track_reopen": R(post_only()),
    "concerns:track_fixed": R(everyone()),
    # The secret tracking link is the authority, whoever holds it.
    "concerns:track_link": R(everyone(), TOKEN),
    "concerns:submitted_link": R(everyone(), TOKEN),
    "concerns:track_reply_link": R(post_only(), TOKEN),
    "concerns:track_reopen_link": R(post_only(), TOKEN),
    "concerns:track_fixed_link": R(everyone(), TOKEN),
    # --- tips (the world's tip is in district 1) -----------------------------------------
    "tips:new": R(everyone()),
    "tips:lookup": R(everyone()),
    "tips:code_link": R(everyone(), lambda w: [w.tip_code]),
    # can_use_tip_inbox: sworn supervisors, and officers with a district today (both
    # officers); not administrators or analysts (tips/permissions.py).
    "tips:inbox": R(members(POLICE)),
    # The other district's officer has an inbox, without this tip in it.
    "tips:detail": R(members({"officer", "supervisor"}, other_district_officer=404), TIP),
    "tips:reply": R(LOGIN_THEN_POST, TIP),
    "tips:status": R(LOGIN_THEN_POST, TIP),
    "tips:route": R(LOGIN_THEN_POST, TIP),
    # --- data ---------------------------------------------------------------------------
    "data:city": R(everyone()),
    "data:dictionary": R(everyone()),
    "data:incidents_csv": R(everyone()),
    "data:incidents_geojson": R(everyone()),
    "data:map_geojson": R(everyone()),
    "data:city_chart": R(everyone()),
    "data:area_chart": R(everyone(), B111),
    "data:city_table": R(everyone(), lambda w: ["categories"]),
    "data:area_table": R(everyone(), lambda w: ["beat", "0111", "categories"]),
    # can_log_engagement: is_officer_role (administrators are not sworn officers).
    "data:engagement_new": R(members(POLICE)),
    # --- meetings (beat 0111's, scheduled by its officer) --------------------------------
    "meetings:list": R(everyone()),
    "meetings:create": R(members(POLICE | {"admin"})),  # can_create_meeting
    "meetings:feed_city": R(everyone()),
    "meetings:feed_area": R(everyone(), B111),
    "meetings:rsvp_confirm": R(everyone(), lambda w: [w.rsvp_token]),
    "meetings:rsvp_cancel": R(everyone(), lambda w: [w.reservation.cancel_token]),
    "meetings:decide_proposal": R(LOGIN_THEN_POST, lambda w: [w.proposal.pk]),
    "meetings:detail": R(everyone(), MEETING),
    "meetings:action_item_status": R(post_only(), lambda w: [w.action_item.pk]),
    "meetings:ics": R(everyone(), MEETING),
    # can_manage_meeting / can_run_meeting: the officers serving it, supervisors, admins
    # (the meeting has no resident facilitator).
    "meetings:edit": R(members(BEAT_0111), MEETING),
    "meetings:move": R(members(BEAT_0111), MEETING),
    "meetings:cancel": R(members(BEAT_0111), MEETING),
    "meetings:rsvp": R(post_only(), MEETING),
    "meetings:propose": R(LOGIN_THEN_POST, MEETING),
    "meetings:signin": R(members(BEAT_0111), MEETING),
    "meetings:agenda": R(members(BEAT_0111), MEETING),
    "meetings:minutes": R(members(BEAT_0111), MEETING),
    "meetings:walkthrough": R(members(BEAT_0111), MEETING),
    "meetings:workshop": R(members(BEAT_0111), MEETING),
    # --- priorities ---------------------------------------------------------------------
    "priorities:dashboard": R(members(SUPERVISORS)),  # can_view_dashboard
    "priorities:area": R(everyone(), RIVERSIDE),
    "priorities:propose": R(LOGIN_THEN_POST, RIVERSIDE),
    "priorities:confirm": R(LOGIN_THEN_POST, RIVERSIDE),
    "priorities:detail": R(everyone(), PRIORITY),
    "priorities:support": R(LOGIN_THEN_POST, PRIORITY),
    "priorities:report_back": R(LOGIN_THEN_POST, PRIORITY),
    "priorities:assign": R(LOGIN_THEN_POST, PRIORITY),
    # --- surveys: staff read, supervisors and admins build (no login redirect: 403) -----
    "surveys:list": R(only(STAFF)),
    "surveys:create": R(only(SUPERVISORS)),
    "surveys:detail": R(only(STAFF), SURVEY),
    "surveys:add_standard": R(everyone(405), SURVEY),
    "surveys:add_question": R(everyone(405), SURVEY),
    "surveys:open_wave": R(everyone(405), SURVEY),
    "surveys:move_question": R(everyone(405), lambda w: [w.question.pk]),
    "surveys:invitations": R(only(SUPERVISORS), WAVE),
    "surveys:answer": R(everyone(), WAVE),
    "surveys:thanks": R(everyone(), WAVE),
    "surveys:results": R(everyone(), WAVE),
    "surveys:results_chart": R(everyone(), WAVE),
    "surveys:results_csv": R(everyone(), WAVE),
    "surveys:relabel": R(everyone(405), lambda w: [w.answer.pk]),
    "surveys:margins": R(only({"admin"})),  # can_upload_margins
    "surveys:methods": R(everyone()),
    # --- projects (a public Riverside project led by beat 0111's officer) ---------------
    "projects:list": R(everyone()),
    # can_create_project for the priority's area: supervisors, admins, officers serving it.
    "projects:new": R(members(BEAT_0111), query=lambda w: f"priority={w.priority.pk}"),
    "projects:area": R(everyone(), RIVERSIDE),
    "projects:organization": R(everyone(), lambda w: [w.org.pk]),
    "projects:detail": (
        R(everyone(), PROJECT, note="public project"),
        # visible_projects: supervisors, admins and analysts see all; officers those of
        # the areas they serve (and their teams'); to the others it does not exist.
        R(only(BEAT_0111 | ANALYSTS, denied=404), PRIVATE_PROJECT, note="private project"),
    ),
    # can_view_internal: managers (beat 0111's officer, supervisors, admins) and analysts.
    # (a 404 for the others: the chart's page is the team's).
    "projects:evidence_chart": R(only(BEAT_0111 | ANALYSTS, denied=404), PROJECT),
    "projects:analysis": R(LOGIN_THEN_POST, PROJECT),
    "projects:evidence": R(LOGIN_THEN_POST, PROJECT),
    "projects:hypothesis": R(LOGIN_THEN_POST, PROJECT),
    "projects:team": R(LOGIN_THEN_POST, PROJECT),
    "projects:add_item": R(LOGIN_THEN_POST, PROJECT),
    "projects:update_item": R(LOGIN_THEN_POST, lambda w: [w.project.pk, w.project_item.pk]),
    "projects:assess": R(LOGIN_THEN_POST, PROJECT),
    "projects:conclude": R(LOGIN_THEN_POST, lambda w: [w.project.pk, w.assessment.pk]),
    # --- insights -----------------------------------------------------------------------
    "analysis:index": R(everyone()),
    "analysis:methods": R(everyone()),
    "analysis:hotspots": R(everyone()),
    "analysis:hotspots_area": R(everyone(), RIVERSIDE),
    "analysis:near_repeat": R(everyone()),
    "analysis:near_repeat_refresh": R(everyone(405)),
    # No near-repeat pattern was computed for the category: not found, for everyone.
    "analysis:near_repeat_category": R(everyone(404), lambda w: ["220"]),
    "analysis:trends": R(only(STAFF)),  # can_view_trends
    "analysis:trends_refresh": R(everyone(405)),
    # can_view_balance: analysts, supervisors, admins; officers (for the areas they serve).
    "analysis:balance": R(only(STAFF)),
    "analysis:balance_area": R(only(BEAT_0111 | ANALYSTS), lambda w: ["1"]),
    # POST-only: a GET never reaches the alert (none exists in the world).
    # POST-only: a GET never reaches the alert (the world has none).
    "analysis:wedge_respond": R(everyone(405), lambda w: ["1", 1]),
    "analysis:needs": R(only(STAFF)),
    "analysis:population_upload": R(only({"admin"})),
    "analysis:needs_area": R(only(STAFF), lambda w: ["1"]),
    "analysis:needs_run": R(everyone(405), lambda w: ["1"]),
    # --- watch groups (Riverside's; the resident coordinates it) -------------------------
    "watch:list": R(everyone()),
    "watch:guide": R(everyone()),
    # Refusals are 404 here (watch/views.py raises Http404).
    "watch:health_list": R(members(POLICE | SUPERVISORS, denied=404)),
    "watch:new": R(members(SIGNED_IN), RIVERSIDE),
    "watch:detail": R(everyone(), GROUP),
    # can_view_private: members, the liaison (none), supervisors and admins.
    "watch:calendar": R(only({"resident"} | SUPERVISORS, denied=404), GROUP),
    # can_view_health: supervisors, admins, officers serving the area.
    "watch:health": R(members(BEAT_0111, denied=404), GROUP),
    "watch:action": R(LOGIN_THEN_POST, lambda w: [w.group.pk, "join"]),
    # --- outreach -----------------------------------------------------------------------
    "outreach:announcements": R(everyone()),
    # can_post_announcements: sworn officers, admins, members of a partner organization.
    "outreach:announcement_new": R(members(POLICE | {"admin", "partner"})),
    "outreach:announcement": R(everyone(), ANNOUNCEMENT),
    "outreach:announcement_edit": R(everyone(405), ANNOUNCEMENT),
    "outreach:announcement_withdraw": R(everyone(405), ANNOUNCEMENT),
    "outreach:announcement_card": R(everyone(), ANNOUNCEMENT),
    "outreach:announcement_image": R(everyone(), ANNOUNCEMENT),
    "outreach:feed_city": R(everyone()),
    "outreach:feed_area": R(everyone(), RIVERSIDE),
    "outreach:feed_category": R(everyone(), lambda w: ["event"]),
    "outreach:area_share": R(everyone(), B111),
    "outreach:area_card": R(everyone(), B111),
    "outreach:resources": R(everyone()),
    "outreach:resource_new": R(members(POLICE | {"admin"})),  # can_manage_resources
    "outreach:resource": R(everyone(), lambda w: [w.resource.slug]),
    "outreach:resource_download": R(everyone(), lambda w: [w.resource.slug]),
    "outreach:workshop_request": R(members(SIGNED_IN), lambda w: ["1"]),
    "outreach:workshop_requests": R(only(SUPERVISORS)),
    "outreach:workshop_request_decide": R(everyone(405), lambda w: [w.workshop_request.pk]),
    # can_edit_officer_profile(user, user): admins, and sworn officers their own.
    "outreach:officer_profile": R(members(POLICE | {"admin"})),
    "outreach:officer_photo": R(everyone(), lambda w: [w.people["officer"].pk]),
    # --- subscriptions ------------------------------------------------------------------
    "subscriptions:settings": R(members(SIGNED_IN)),
    "subscriptions:add_area": R(LOGIN_THEN_POST),
    "subscriptions:edit_area": R(LOGIN_THEN_POST, lambda w: [w.subscription.pk]),
    "subscriptions:notifications": R(members(SIGNED_IN)),
    "subscriptions:subscribe_email": R(everyone()),
    "subscriptions:subscribe_email_sent": R(everyone()),
    "subscriptions:confirmed": R(everyone()),
    "subscriptions:confirm": R(everyone(), NOT_A_TOKEN),  # GET shows the button only
    "subscriptions:unsubscribed": R(everyone()),
    "subscriptions:unsubscribe": R(everyone(), EMAIL_KEY),  # GET shows the button only
    # An email-only subscriber's link: the key is the authority, whoever holds it.
    "subscriptions:manage": R(everyone(), EMAIL_KEY),
    "subscriptions:manage_add_area": R(everyone(405), EMAIL_KEY),
    "subscriptions:manage_edit_area": R(
        everyone(405), lambda w: [w.email_subscriber.unsubscribe_key, w.email_subscription.pk]
    ),
    # --- privacy ------------------------------------------------------------------------
    "privacy:audit": R(only({"admin"})),
    "privacy:audit_csv": R(only({"admin"})),
    "privacy:my_data": R(members(SIGNED_IN)),
    "privacy:my_data_download": R(members(SIGNED_IN)),
    # Staff accounts are closed by an administrator (can_delete_own_account).
    "privacy:delete_account": R(members({"resident", "partner"})),
    # --- Open311 GeoReport v2 -----------------------------------------------------------
    "open311:services": R(everyone(), lambda w: ["json"]),
    "open311:service": R(everyone(), lambda w: [w.category.code, "json"]),
    "open311:requests": R(everyone(), lambda w: ["json"]),
    "open311:request": R(everyone(), lambda w: [w.concern.pk, "json"]),
    "open311:token": R(everyone(404), lambda w: ["not-a-token", "json"]),
    "open311:discovery": R(everyone(), lambda w: ["json"]),
    "open311:not_found": R(everyone(404), lambda w: ["nothing.json"]),
    # --- API documentation --------------------------------------------------------------
    "api-schema": R(everyone()),
    "api-docs": R(everyone()),
    "api-redoc": R(everyone()),
}

# --- API v1 (session authentication only: DRF answers anonymous visitors 403, not 401) ---
API_RULES: dict[str, Rule | tuple[Rule, ...]] = {
    "api-areas": R(everyone()),
    "api-areas-locate": R(everyone(), query=LOCATE),
    "api-organizations": R(everyone()),
    "api-me": R(only(SIGNED_IN)),  # IsAuthenticated
    "category-list": R(everyone()),
    "category-detail": R(everyone(), lambda w: [w.category.pk]),
    "concern-list": R(everyone()),
    "concern-nearby": R(everyone(), query=LOCATE + "&category=noise"),
    "concern-detail": (
        R(everyone(), CONCERN, note="public concern"),
        R(only({"resident"} | BEAT_0111, denied=404), PRIVATE_CONCERN, note="private concern"),
    ),
    # Everyone reads a public concern's timeline (internal notes are filtered out).
    "concern-updates": (
        R(everyone(), CONCERN, note="public concern"),
        R(only({"resident"} | BEAT_0111, denied=404), PRIVATE_CONCERN, note="private concern"),
    ),
    **{
        f"concern-{verb}": R(everyone(405), CONCERN)
        for verb in (
            "acknowledge",
            "assign",
            "close",
            "close-without-fix",
            "duplicate",
            "refer",
            "reject",
            "reopen",
            "resolve",
            "start",
            "support",
        )
    },
    "api-tips": R(only(POLICE)),  # can_use_tip_inbox
    "api-tip-conversation": R(everyone(), headers=lambda w: {"X-Tip-Code": w.tip_code}),
    "api-tip": R(only({"officer", "supervisor"}, other_district_officer=404), TIP),
    "api-tip-messages": R(everyone(405), TIP),
    "incident-list": R(everyone()),
    "incident-exact-list": R(only(STAFF)),  # can_view_exact_locations
    "crime-stats": R(everyone()),
    "offense-category-list": R(everyone()),
    "engagement-list": R(only(POLICE)),  # can_log_engagement
    "api-rsvp-confirm": R(everyone(405)),
    "api-rsvp-cancel": R(everyone(405)),
    "api-proposal-decision": R(everyone(405), lambda w: [w.proposal.pk]),
    "api-meetings-list": R(everyone()),
    "api-meetings-detail": R(everyone(), MEETING),
    # The draft agenda and minutes are for the people running the meeting; others are
    # told there is none published yet (404).
    "api-meetings-agenda": R(only(BEAT_0111, denied=404), MEETING),
    "api-meetings-minutes": R(only(BEAT_0111, denied=404), MEETING),
    "api-meetings-attendance": R(only(BEAT_0111), MEETING),  # can_take_attendance
    "api-meetings-proposals": R(only(BEAT_0111), MEETING),  # can_decide_proposal
    "api-meetings-rsvps": R(only(BEAT_0111), MEETING),  # can_view_rsvps
    **{
        f"api-meetings-{verb}": R(everyone(405), MEETING)
        for verb in ("add-action-item", "add-question", "approve-minutes", "cancel", "move")
    },
    "api-meeting-series-list": R(everyone()),
    "api-meeting-series-detail": R(everyone(), lambda w: [w.series.pk]),
    "api-meeting-series-occurrences": R(everyone(), lambda w: [w.series.pk]),
    "api-priorities-list": R(everyone()),
    "api-priorities-confirm": R(everyone(405)),
    "api-priorities-detail": R(everyone(), PRIORITY),
    "api-priorities-assign": R(everyone(405), PRIORITY),
    "api-priorities-report-backs": R(everyone(), PRIORITY),
    "api-priorities-support": R(everyone(405), PRIORITY),
    "api-surveys-list": R(only(STAFF)),  # can_view_staff_results
    "api-surveys-detail": R(only(STAFF), SURVEY),
    "api-surveys-questions": R(everyone(405), SURVEY),
    "api-surveys-standard-module": R(everyone(405), SURVEY),
    "api-surveys-waves": R(everyone(405), SURVEY),
    "api-survey-waves-list": R(everyone()),
    "api-survey-waves-detail": R(everyone(), WAVE),
    "api-survey-waves-invitations": R(everyone(405), WAVE),
    "api-survey-waves-responses": R(everyone(405), WAVE),
    "api-survey-waves-results": R(everyone(), WAVE),
    "api-projects-list": R(everyone()),
    "api-projects-detail": (
        R(everyone(), PROJECT, note="public project"),
        R(only(BEAT_0111 | ANALYSTS, denied=404), PRIVATE_PROJECT, note="private project"),
    ),
    # can_view_internal: managers and analysts.
    "api-projects-activity": R(only(BEAT_0111 | ANALYSTS), PROJECT),
    "api-projects-patterns": R(only(BEAT_0111 | ANALYSTS), PROJECT),
    "api-project-team-list": R(everyone()),
    "api-project-team-detail": R(everyone(), lambda w: [w.team_member.pk]),
    "api-project-evidence-list": R(everyone()),  # filtered to what each may see
    "api-project-evidence-detail": R(
        only(BEAT_0111 | ANALYSTS, denied=404), lambda w: [w.evidence.pk]
    ),
    "api-project-items-list": R(everyone()),
    "api-project-items-detail": R(everyone(), lambda w: [w.project_item.pk]),
    "api-project-assessments-list": R(everyone()),
    "api-project-assessments-detail": R(everyone(), lambda w: [w.assessment.pk]),
    "api-project-assessments-conclude": R(everyone(405), lambda w: [w.assessment.pk]),
    "insights-hotspots": R(everyone()),
    "insights-near-repeat": R(everyone()),
    "insights-elevated-risks": R(everyone()),
    "insights-trend-alerts": R(only(STAFF)),
    "insights-balance": R(only(BEAT_0111 | ANALYSTS), lambda w: ["1"]),
    "api-watch-groups-list": R(everyone()),
    "api-watch-groups-detail": R(everyone(), GROUP),
    # IsAuthenticatedOrReadOnly lets a GET through; the POST-only actions then answer 405.
    "api-watch-groups-decide": R(everyone(405), GROUP),
    "api-watch-groups-join": R(everyone(405), GROUP),
    "api-watch-groups-leave": R(everyone(405), GROUP),
    "api-watch-groups-requests": R(only({"resident", "admin"}), GROUP),  # can_coordinate
    "api-announcements-list": R(everyone()),
    "api-announcements-detail": R(everyone(), ANNOUNCEMENT),
    "api-announcements-withdraw": R(everyone(405), ANNOUNCEMENT),
    "api-resources-list": R(everyone()),
    "api-resources-detail": R(everyone(), lambda w: [w.resource.pk]),
    "api-workshop-requests-list": R(only(SIGNED_IN)),
    "api-subscriptions-list": R(only(SIGNED_IN)),
    # Only the subscription's own person; others do not find it.
    "api-subscriptions-detail": R(
        only({"resident"}, denied=404, anonymous=403), lambda w: [w.subscription.pk]
    ),
}
RULES.update(API_RULES)

#: Patterns still without a rule (printed by the coverage test). Keep it empty.
TODO: set[str] = set()

SKIPPED_NAMESPACES = ("admin",)


# --- Walking the URL patterns --------------------------------------------------------------


def walk(patterns, namespace: str | None = None, prefix: str = ""):
    """(full name or None, route) for every pattern, namespaces joined with ':'."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            name = p.name and (f"{namespace}:{p.name}" if namespace else p.name)
            yield name, prefix + str(p.pattern)


def matrix_patterns() -> dict[str, str]:
    """Every named pattern the matrix covers: name -> route."""
    from django.conf import settings

    media = settings.MEDIA_URL.strip("/") + "/"
    found, unnamed = {}, []
    for name, route in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or (name and name.split(":")[0] in SKIPPED_NAMESPACES):
            continue
        if route.startswith(media):
            continue
        if not name:
            unnamed.append(route)
            continue
        found.setdefault(name, route)
    assert not unnamed, f"URL patterns without a name (name them to give them a rule): {unnamed}"
    return found


def test_every_url_pattern_has_a_rule():
    patterns = matrix_patterns()
    missing = sorted(set(patterns) - set(RULES) - TODO)
    stale = sorted(set(RULES) - set(patterns))
    if TODO:
        print(f"Permission matrix TODO ({len(TODO)} patterns without a rule): {sorted(TODO)}")
    assert not missing, "URL patterns without a permission-matrix rule:\n" + "\n".join(
        f"  {name}  ({patterns[name]})" for name in missing
    )
    assert not stale, f"Rules for URL patterns that no longer exist: {stale}"


# --- The world, once per module ------------------------------------------------------------


@dataclass
class Matrix:
    world: object
    clients: dict = field(default_factory=dict)
    media_root: str = ""


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and one signed-in client per role, in a transaction rolled back at the
    end of the module (each test runs in its own savepoint inside it)."""
    media_root = str(tmp_path_factory.mktemp("matrix-media"))
    email = "django.core.mail.backends.locmem.EmailBackend"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, EMAIL_BACKEND=email):
        with transaction.atomic():
            world = build_world()
            clients = {"anonymous": signed_in_client(None)}
            clients.update({role: signed_in_client(user) for role, user in world.people.items()})
            yield Matrix(world=world, clients=clients, media_root=media_root)
            transaction.set_rollback(True)


@pytest.fixture
def matrix_request(matrix, db, settings):
    settings.MEDIA_ROOT = matrix.media_root
    return matrix


def _answer(response) -> int | str:
    """The status, and for a redirect where to (the sign-in page without its ?next=)."""
    if response.status_code != 302:
        return response.status_code
    location = response["Location"]
    return LOGIN if location.startswith("/accounts/login/") else redirect(location)


@pytest.mark.parametrize("name", sorted(set(RULES) - TODO))
def test_matrix(name, matrix_request):
    world = matrix_request.world
    rules = RULES[name] if isinstance(RULES[name], tuple) else (RULES[name],)
    wrong = []
    for rule in rules:
        url = rule.url(name, world)
        headers = rule.headers(world)
        for role in ROLES:
            response = matrix_request.clients[role].get(url, headers=headers)
            got, expected = _answer(response), rule.expect[role]
            where = f"GET {url} ({rule.note or name}) as {role}"
            if got != expected:
                wrong.append(f"  {where}: got {got}, expected {expected}")
            elif url.startswith("/api/v1/") and "json" not in response.get("Content-Type", ""):
                wrong.append(f"  {where}: {got} is not JSON but {response.get('Content-Type')!r}")
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


def test_admin_site(matrix_request):
    """The admin site, as one rule: administrators only; everyone else signs in there."""
    for role in ROLES:
        response = matrix_request.clients[role].get("/admin/")
        if role == "admin":
            assert response.status_code == 200, role
        else:
            assert response.status_code == 302, (role, response.status_code)
            assert response["Location"].startswith("/admin/login/"), (role, response["Location"])
