"""The world the permission matrix walks: the test city, the personas, and one object of
each kind the site's URLs point at, made through the apps' own services.

The city and the personas are those of ``tests/conftest.py`` (the same areas, emails, roles
and beat assignments), built here once per module instead of once per test: the matrix
makes some two thousand requests, and building the world for each would take minutes.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from beatbridge.accounts.models import Membership, Role
from beatbridge.areas.models import OfficerAssignment

from ..conftest import _persona, staff_totp_device
from ..conftest import build_city as conftest_city
from ..factories import OrganizationFactory

#: The roles of the matrix, in the order its failure messages list them.
ROLES = (
    "anonymous",
    "resident",
    "partner",
    "officer",
    "other_district_officer",
    "supervisor",
    "analyst",
    "admin",
)

IN_B111 = (-87.695, 41.805)  # beat 0111, district 1, Riverside (as tests/concerns/conftest.py)


def build_city():
    """The city of ``tests/conftest.py``'s ``city`` fixture, as attributes."""
    return SimpleNamespace(**conftest_city())


def build_personas(city):
    """The personas of ``tests/conftest.py`` (``personas``), keyed by the matrix's roles."""
    officer = _persona("officer@example.org", Role.OFFICER, "Officer Olivia", badge_number="1111")
    OfficerAssignment.objects.create(officer=officer, beat=city.b111, starts_on=dt.date(2020, 1, 1))
    other = _persona("officer2@example.org", Role.OFFICER, "Officer Oscar", badge_number="2222")
    OfficerAssignment.objects.create(officer=other, beat=city.b211, starts_on=dt.date(2020, 1, 1))
    return {
        "resident": _persona(
            "resident@example.org",
            Role.RESIDENT,
            "Rosa Resident",
            home_neighborhood=city.riverside,
        ),
        "partner": _persona("partner@example.org", Role.PARTNER, "Pat Partner"),
        "officer": officer,
        "other_district_officer": other,
        "supervisor": _persona("supervisor@example.org", Role.SUPERVISOR, "Sergeant Sam"),
        "analyst": _persona("analyst@example.org", Role.ANALYST, "Ana Analyst"),
        "admin": _persona(
            "admin@example.org", Role.ADMIN, "Adam Admin", is_staff=True, is_superuser=True
        ),
    }


def signed_in_client(user):
    """A client signed in as ``user``; a staff persona's session has also entered the code
    of its authenticator app (as ``tests/conftest.py`` makes ``force_login`` do)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from beatbridge.accounts.permissions import STAFF_ROLES, held_role

    client = Client()
    if user is None:
        return client
    client.force_login(user)
    if held_role(user) in STAFF_ROLES:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = staff_totp_device(user).persistent_id
        session.save()
    return client


def _png(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def build_world():
    """Everything the URL patterns need, each made the way the app's users make it."""
    from beatbridge.accounts import services as accounts
    from beatbridge.concerns import services as concerns
    from beatbridge.concerns.models import Category
    from beatbridge.concerns.seed import seed_categories
    from beatbridge.concerns.tips import services as tips
    from beatbridge.meetings import services as meetings
    from beatbridge.outreach import services as outreach
    from beatbridge.priorities import services as priorities
    from beatbridge.projects import services as projects
    from beatbridge.subscriptions import services as subscriptions
    from beatbridge.subscriptions.models import Subscriber
    from beatbridge.surveys import services as surveys
    from beatbridge.surveys.models import Answer
    from beatbridge.watch import services as watch

    city = build_city()
    people = build_personas(city)
    resident, partner, officer = people["resident"], people["partner"], people["officer"]
    supervisor = people["supervisor"]

    # A partner organization serving Riverside; the partner persona is its contact.
    org = OrganizationFactory(name="Riverside Youth League", contact_email="league@example.org")
    org.neighborhoods.add(city.riverside)
    Membership.objects.create(organization=org, user=partner, is_contact=True)

    # A resident's public concern in beat 0111, referred by its officer to the organization.
    seed_categories()
    noise = Category.objects.get(code="noise")
    concern = concerns.submit_concern(
        category=noise,
        description="Loud music every night after midnight.",
        lon=IN_B111[0],
        lat=IN_B111[1],
        by=resident,
    )
    concern = concerns.refer_concern(concern, by=officer, organization=org, note="Youth outreach")
    concern.refresh_from_db()

    # A concern in a category the city keeps private (set in the admin site): only its
    # submitter, its district's staff, its beat's officer and supervisors may read it.
    private_category = Category.objects.create(
        code="domestic",
        name_en="Domestic situation",
        name_es="Situación doméstica",
        is_public=False,
    )
    private_concern = concerns.submit_concern(
        category=private_category,
        description="Shouting next door most nights.",
        lon=IN_B111[0],
        lat=IN_B111[1],
        by=resident,
    )

    # An anonymous tip placed in district 1 (its code is the tipster's only key).
    tip = tips.submit_tip(
        body="A car without plates parks by the school every night.",
        category=noise,
        lon=IN_B111[0],
        lat=IN_B111[1],
    )

    # A beat meeting for beat 0111 next week: an RSVP, a proposal, a draft agenda, draft
    # minutes with an action item owned by the organization.
    starts = (timezone.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    meeting = meetings.schedule_meeting(
        areas=[city.b111],
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1, minutes=30),
        by=officer,
        kind="beat_meeting",
        title="Beat 0111 meeting",
        address="1 Main St",
        lon=IN_B111[0],
        lat=IN_B111[1],
    )
    series = meetings.create_series(
        areas=[city.b111],
        by=officer,
        kind="beat_meeting",
        title="Beat 0111 monthly",
        address="Library",
        frequency="weekly",
        start_time=dt.time(18),
        starts_on=timezone.localdate(),
        until=timezone.localdate() + dt.timedelta(days=20),
    )
    reservation = meetings.rsvp(meeting, user=resident, email=resident.email, name="Rosa")
    # A visitor's RSVP waits for its emailed confirmation link.
    pending = meetings.rsvp(meeting, name="Val Visitor", email="val@example.org")
    proposal = meetings.propose_agenda_item(meeting, title="Speeding on River St", by=resident)
    meetings.add_agenda_item(meeting, title="Introductions", by=officer)
    meetings.save_minutes(meeting, by=officer, summary="Draft notes.")
    action_item = meetings.add_action_item(
        meeting, description="Evening program", owner_organization=org, by=officer
    )

    # A Riverside priority (proposed by the resident) and a public project on it.
    priority = priorities.propose_priority(
        city.riverside, title="Car break-ins on River St", by=resident
    )
    project = projects.create_project(
        [city.riverside],
        priority=priority,
        title="",
        statement="Cars broken into at night along River St.",
        by=officer,
        start_date=dt.date(2026, 1, 5),
    )
    project_item = projects.add_action_item(
        project, title="Youth league evening program", owner_organization=org, by=officer
    )
    evidence = projects.link_evidence(project, by=officer, kind="concern", concern=concern)
    assessment = projects.run_assessment(
        project,
        before_start=dt.date(2026, 1, 1),
        before_end=dt.date(2026, 1, 31),
        after_start=dt.date(2026, 3, 1),
        after_end=dt.date(2026, 3, 31),
        by=officer,
    )
    team_member = project.team.first()
    private_project = projects.create_project(
        [city.riverside],
        title="Quiet review of a problem address",
        statement="Repeat calls to one address.",
        by=officer,
        start_date=dt.date(2026, 1, 5),
        is_public=False,
    )

    # A survey with the standard module, an open wave and one response.
    survey = surveys.create_survey(
        title_en="Neighborhood survey", title_es="Encuesta", by=supervisor
    )
    surveys.add_standard_module(survey, by=supervisor)
    today = timezone.localdate()
    wave = surveys.open_wave(
        survey,
        name="Wave 1",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        by=supervisor,
    )
    surveys.submit_response(wave, {"neighborhood": "1", "safety": 7, "respect": 6, "listen": 5})
    question = survey.questions.order_by("pk").first()
    answer = Answer.objects.order_by("pk").first()

    # A Riverside watch group coordinated by the resident.
    group = watch.create_group(
        city.riverside,
        name="Riverside Watch",
        how_to_join="Ask below.",
        meeting_times="First Tuesday, 7 pm",
        by=resident,
    )

    # Outreach: an announcement with an image, a downloadable resource, a workshop request,
    # the officer's public card with a photo.
    announcement = outreach.post_announcement(
        by=officer,
        title="Street fair on River St",
        body="Come to the street fair on Saturday from noon.",
        category="event",
        areas=[city.riverside],
        image=_png("fair.png"),
        image_alt="Poster of the street fair",
    )
    resource = outreach.add_resource(
        by=officer, title="Porch-light poster", kind="file", language="en", file=_png("p.png")
    )
    workshop_request = outreach.request_workshop(
        by=resident, area=city.riverside, topic="home_security"
    )
    outreach.update_officer_profile(officer, by=officer, languages="English", photo=_png("o.png"))

    # The resident follows beat 0111 for announcements.
    subscriber = subscriptions.subscriber_for(resident)
    subscription = subscriptions.set_area_topics(subscriber, city.b111, ["announcements"])
    # A confirmed email-only subscriber (as after the double opt-in) following Riverside.
    email_subscriber = Subscriber.objects.create(
        email="nina@example.org", confirmed_at=timezone.now()
    )
    email_subscription = subscriptions.set_area_topics(
        email_subscriber, city.riverside, ["announcements"]
    )

    # The resident asks to be verified as living in Riverside.
    verification = accounts.request_verification(resident, city.riverside, "A utility bill")

    return SimpleNamespace(
        city=city,
        people=people,
        org=org,
        category=noise,
        concern=concern,
        private_concern=private_concern,
        tip=tip.tip,
        tip_code=tip.code,
        meeting=meeting,
        series=series,
        reservation=reservation,
        rsvp_token=meetings.confirmation_token(pending),
        proposal=proposal,
        action_item=action_item,
        priority=priority,
        project=project,
        private_project=private_project,
        project_item=project_item,
        evidence=evidence,
        assessment=assessment,
        team_member=team_member,
        survey=survey,
        wave=wave,
        question=question,
        answer=answer,
        group=group,
        announcement=announcement,
        resource=resource,
        workshop_request=workshop_request,
        subscriber=subscriber,
        subscription=subscription,
        email_subscriber=email_subscriber,
        email_subscription=email_subscription,
        verification=verification,
    )
