"""The concern pages: form, tracking, public list/map/detail, triage queue, officer page."""

import datetime as dt

import pytest
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry
from beatbridge.concerns import services
from beatbridge.concerns.models import Concern

from .conftest import IN_B111, IN_B211, OUTSIDE


def form_data(categories, **extra):
    data = {
        "category": categories["noise"].pk,
        "description": "Loud music",
        "lat": IN_B111[1],
        "lon": IN_B111[0],
        "submission_token": "Hq3v9XbT2mLw8ZpR4sKd1N",
    }
    data.update(extra)
    return data


def test_form_renders_accessibly(client, categories):
    html = client.get("/concerns/new/").content.decode()
    for field in (
        "id_category",
        "id_description",
        "id_address",
        "id_photos",
        "id_anonymous",
        "id_contact_email",
    ):
        assert f'for="{field}"' in html
    assert 'name="submission_token"' in html
    assert 'name="check_similar"' in html
    assert 'id="pick-map"' in html
    assert 'name="attr_license_plate"' in html


def test_anonymous_web_submission(client, city, categories):
    response = client.post(
        "/concerns/new/",
        form_data(
            categories,
            anonymous="on",
            contact_name="Rosa",
            contact_email="r@example.org",
            category=categories["drug-activity"].pk,
        ),
    )
    concern = Concern.objects.get()
    assert response.status_code == 200  # the thank-you page answers the POST: no token in a URL
    assert (concern.submitted_by, concern.contact_name, concern.contact_email) == (None, "", "")
    page = response.content.decode()
    assert f"/concerns/track/#{concern.tracking_token}" in page
    assert f"/concerns/track/{concern.tracking_token}/" not in page
    assert "cannot send you this link again" in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "strict-origin"


def test_signed_in_submission_keeps_user(client_for, city, categories, resident):
    client_for(resident).post(
        "/concerns/new/", form_data(categories, contact_email="r@x.org", attr_time_of_day="night")
    )
    concern = Concern.objects.get()
    assert concern.submitted_by == resident and concern.contact_email == "r@x.org"
    assert concern.attributes == {"time_of_day": "night"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"description": ""}, "This field is required"),
        ({"lat": OUTSIDE[1], "lon": OUTSIDE[0]}, "outside the areas Beatbridge covers"),
        ({"lat": "", "lon": "", "address": "Atlantis"}, "We could not find"),
        ({"lat": "", "lon": ""}, "Tell us where"),
        ({"contact_email": "nope"}, "Enter a valid email address"),
    ],
)
def test_form_errors_are_400_and_shown(client, city, categories, extra, message):
    response = client.post("/concerns/new/", form_data(categories, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Concern.objects.exists()


def test_anonymous_refused_where_not_allowed_on_form(client, city, categories):
    cat = categories["noise"]
    cat.allows_anonymous = False
    cat.save()
    response = client.post("/concerns/new/", form_data(categories, anonymous="on"))
    assert response.status_code == 400
    assert "cannot be reported anonymously" in response.content.decode()


def test_tracking_page_shows_public_timeline_and_lets_submitter_reply(
    client, make_concern, officer
):
    concern = make_concern(anonymous=True)
    services.add_update(concern, by=officer, text="We spoke with the neighbors.")
    services.add_update(concern, by=officer, text="SECRET internal lead", public=False)
    token = concern.tracking_token
    opened = client.post("/concerns/track/", {"token": token})
    html = opened.content.decode()
    assert "We spoke with the neighbors." in html and "Officer Olivia" in html
    assert "SECRET" not in html
    assert 'name="robots" content="noindex"' in html
    reply = {"token": token, "text": "Thanks, it is quieter."}
    assert client.post("/concerns/track/reply/", {"token": token, "text": ""}).status_code == 400
    answer = client.post("/concerns/track/reply/", reply)
    assert answer.status_code == 200 and "Your reply was sent" in answer.content.decode()
    assert (
        "Thanks, it is quieter."
        in client.post("/concerns/track/", {"token": token}).content.decode()
    )
    assert "Thanks, it is quieter." not in client.get(f"/concerns/{concern.pk}/").content.decode()
    # Links mailed before the token moved to the fragment still open.
    assert "Thanks, it is quieter." in client.get(f"/concerns/track/{token}/").content.decode()
    assert client.get("/concerns/track/not-a-token/").status_code == 404


def test_public_list_map_and_detail_never_show_personal_data(client, make_concern, resident):
    concern = make_concern(
        by=resident,
        contact_name="Rosa Secret",
        contact_email="rosa@x.org",
        contact_phone="555-0199",
    )
    for url in (
        "/concerns/",
        "/concerns/map.geojson",
        f"/concerns/{concern.pk}/",
        f"/api/v1/concerns/{concern.pk}/",
        "/areas/neighborhood/1/",
    ):
        body = client.get(url).content.decode()
        assert "Rosa" not in body and "rosa@x.org" not in body and "555-0199" not in body, url
        assert concern.tracking_token not in body, url
    geo = client.get("/concerns/map.geojson").json()
    assert geo["features"][0]["properties"]["id"] == concern.pk
    assert f"/concerns/{concern.pk}/" in client.get("/areas/neighborhood/1/").content.decode()


def test_list_filters(client, make_concern, categories):
    make_concern()
    make_concern(category="lighting")
    html = client.get("/concerns/", {"category": categories["lighting"].pk}).content.decode()
    assert "1 concern" in html


def test_non_public_detail_by_role(client_for, make_concern, personas):
    concern = make_concern(by=personas["resident"])
    Concern.objects.filter(pk=concern.pk).update(is_public=False)
    expected = {
        "resident": 200,
        "partner": 404,
        "officer": 200,
        "other_district_officer": 404,
        "supervisor": 200,
        "analyst": 404,
        "admin": 200,
    }
    for role, code in expected.items():
        assert client_for(personas[role]).get(f"/concerns/{concern.pk}/").status_code == code
    assert client_for(None).get(f"/concerns/{concern.pk}/").status_code == 404


def test_triage_queue_by_role(client_for, make_concern, personas):
    mine = make_concern(description="In my beat")
    other = make_concern(where=IN_B211, description="Other district")
    officer_page = client_for(personas["officer"]).get("/concerns/triage/").content.decode()
    assert (
        f"concern-row-{mine.pk}" in officer_page and f"concern-row-{other.pk}" not in officer_page
    )
    sup = client_for(personas["supervisor"]).get("/concerns/triage/").content.decode()
    assert f"concern-row-{mine.pk}" in sup and f"concern-row-{other.pk}" in sup
    for role in ("resident", "partner", "analyst"):
        assert client_for(personas[role]).get("/concerns/triage/").status_code == 403, role
    assert client_for(None).get("/concerns/triage/").status_code == 302


def test_triage_filters_overdue_and_bulk_acknowledge(client_for, make_concern, officer, categories):
    old = make_concern(description="old one")
    Concern.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    new = make_concern(category="lighting")
    c = client_for(officer)
    html = c.get("/concerns/triage/").content.decode()
    assert f'class="overdue" id="concern-row-{old.pk}"' in html
    overdue_only = c.get("/concerns/triage/", {"status": "open", "overdue": "on"}).content.decode()
    assert f"concern-row-{new.pk}" not in overdue_only
    by_cat = c.get(
        "/concerns/triage/", {"status": "open", "category": categories["lighting"].pk}
    ).content.decode()
    assert f"concern-row-{old.pk}" not in by_cat and f"concern-row-{new.pk}" in by_cat
    by_age = c.get("/concerns/triage/", {"status": "open", "age": "1"}).content.decode()
    assert f"concern-row-{old.pk}" not in by_age
    response = c.post("/concerns/triage/", {"concern": [old.pk, new.pk]})
    assert response.status_code == 302
    assert set(Concern.objects.values_list("status", flat=True)) == {"acknowledged"}


def test_bulk_acknowledge_ignores_other_beats(client_for, make_concern, other_district_officer):
    mine = make_concern()
    client_for(other_district_officer).post("/concerns/triage/", {"concern": [mine.pk]})
    mine.refresh_from_db()
    assert mine.status == "submitted"


def test_officer_page_shows_contact_and_audit_logs_the_read(
    client_for, make_concern, officer, personas
):
    concern = make_concern(contact_name="Rosa", contact_email="rosa@x.org")
    html = client_for(officer).get(f"/concerns/{concern.pk}/manage/").content.decode()
    assert "rosa@x.org" in html
    read = ActivityEntry.objects.get(verb="read", target_id=str(concern.pk))
    assert read.actor == officer and read.is_read
    for role in ("resident", "analyst", "other_district_officer"):
        assert client_for(personas[role]).get(f"/concerns/{concern.pk}/manage/").status_code == 403


def test_officer_page_actions(client_for, make_concern, officer, other_district_officer):
    from tests.factories import OrganizationFactory

    cdot = OrganizationFactory(name="CDOT", kind="city_agency")
    concern = make_concern()
    c = client_for(officer)
    base = f"/concerns/{concern.pk}/manage/"
    assert c.post(base + "acknowledge/", {}).status_code == 302
    assert c.post(base + "note/", {"text": "Internal", "public": ""}).status_code == 302
    assert c.post(base + "refer/", {"organization": ""}).status_code == 400
    assert c.post(base + "refer/", {"organization": "99999"}).status_code == 400
    assert c.post(base + "refer/", {"organization": cdot.pk}).status_code == 302
    assert c.post(base + "close/", {}).status_code == 400  # not resolved yet
    assert c.post(base + "assign/", {"officer": officer.pk}).status_code == 302
    assert c.post(base + "nonsense/", {}).status_code == 404
    assert client_for(other_district_officer).post(base + "resolve/", {}).status_code == 403
    concern.refresh_from_db()
    assert (concern.status, concern.referred_to, concern.assigned_to) == (
        "referred",
        "CDOT",
        officer,
    )
    assert concern.updates.filter(text="Internal", is_public=False).exists()


def test_spanish_form(client, categories):
    html = client.get("/concerns/new/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Ruido" in html


def test_triage_bulk_assign(client_for, make_concern, officer, supervisor):
    from beatbridge.concerns.models import Concern as C

    a, b = make_concern(), make_concern(where=IN_B211)
    c = client_for(officer)
    page = c.get("/concerns/triage/").content.decode()
    assert 'id="bulk-officer"' in page and "Officer Olivia" in page
    c.post("/concerns/triage/", {"concern": [a.pk, b.pk], "bulk": "assign", "officer": officer.pk})
    assert C.objects.get(pk=a.pk).assigned_to == officer
    assert C.objects.get(pk=b.pk).assigned_to is None  # not the officer's beat
    response = c.post("/concerns/triage/", {"concern": [a.pk], "bulk": "assign", "officer": ""})
    assert response.status_code == 302
    boss = client_for(supervisor)
    boss.post("/concerns/triage/", {"concern": [b.pk], "bulk": "assign", "officer": officer.pk})
    assert C.objects.get(pk=b.pk).assigned_to is None  # the officer does not serve beat 0211
    boss.post("/concerns/triage/", {"concern": [b.pk], "bulk": "assign", "officer": supervisor.pk})
    assert C.objects.get(pk=b.pk).assigned_to == supervisor


def test_triage_overdue_count_covers_all_pages(client_for, make_concern, officer):
    old = [make_concern() for _ in range(3)]
    Concern.objects.filter(pk__in=[c.pk for c in old]).update(
        created_at=timezone.now() - dt.timedelta(days=30)
    )
    html = client_for(officer).get("/concerns/triage/").content.decode()
    assert "3 overdue" in html
