"""The meetings REST API: per-role permissions, bad input → 400, the verbs behind it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.meetings.models import RSVP, Meeting

from .conftest import started


def new_meeting(city, **extra):
    start = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    data = {
        "kind": "coffee_with_a_cop",
        "title": "Coffee with a cop",
        "areas": [city["b111"].pk],
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "address": "Café Rio",
        "capacity": 1,
        "languages": ["en", "es"],
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "role, status",
    [
        (None, 403),
        ("resident", 403),
        ("partner", 403),
        ("analyst", 403),
        ("officer", 201),
        ("supervisor", 201),
    ],
)
def test_who_may_create_meetings(personas, client_for, city, role, status):
    user = personas[role] if role else None
    response = client_for(user).post(
        "/api/v1/meetings/", new_meeting(city), content_type="application/json"
    )
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "rave"},
        {"title": ""},
        {"areas": []},
        {"starts_at": "soon"},
        {"capacity": 0},
        {"ends_at": "2000-01-01T00:00:00Z"},
        {"lon": 500, "lat": 1},
        {"languages": ["klingon"]},
    ],
)
def test_bad_meeting_input_is_400(officer, client_for, city, bad):
    response = client_for(officer).post(
        "/api/v1/meetings/", new_meeting(city, **bad), content_type="application/json"
    )
    assert response.status_code == 400
    assert set(bad) & set(response.json()), response.json()  # the bad field is named
    assert Meeting.objects.count() == 0


def test_public_list_filters_and_rsvp_without_account(meeting, client, city):
    listing = client.get("/api/v1/meetings/?area=beat:0111&upcoming=1").json()
    assert [m["id"] for m in listing["results"]] == [meeting.pk]
    assert client.get("/api/v1/meetings/?area=beat:0211").json()["results"] == []
    r = client.post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/",
        {"name": "Ana", "email": "ana@example.org", "tenure": "renter"},
        content_type="application/json",
    )
    # By email: nothing held until the emailed link is followed (POST /api/v1/rsvps/confirm/).
    assert r.status_code == 202 and set(r.json()) == {"meeting", "detail"}
    link = re.search(r"/meetings/rsvp/confirm/([^/\s]+)/", mail.outbox[-1].body)[1]
    confirmed = client.post(
        "/api/v1/rsvps/confirm/", {"token": link}, content_type="application/json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    token = confirmed.json()["cancel_token"]
    again = client.post("/api/v1/rsvps/confirm/", {"token": link}, content_type="application/json")
    assert again.status_code == 400 and RSVP.objects.get().status == "confirmed"
    bad = client.post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/",
        {"name": "", "email": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "email" in bad.json()
    # Anonymous visitors never see the RSVP list.
    assert client.get(f"/api/v1/meetings/{meeting.pk}/rsvps/").status_code == 403
    assert (
        client.post(
            "/api/v1/rsvps/cancel/", {"token": token}, content_type="application/json"
        ).json()["status"]
        == "cancelled"
    )
    assert (
        client.post(
            "/api/v1/rsvps/cancel/", {"token": "wrong"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_officer_runs_meeting_through_api(meeting, officer, resident, client_for):
    services.rsvp(meeting, user=resident)
    started(meeting)
    c = client_for(officer)
    rsvps = c.get(f"/api/v1/meetings/{meeting.pk}/rsvps/").json()
    assert [r["email"] for r in rsvps] == [resident.email]
    att = c.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"present": [rsvps[0]["id"]], "walk_ins": [{"name": "Ben"}]},
        content_type="application/json",
    )
    assert att.status_code == 200 and att.json()["attended"] == 2
    bad = c.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"present": [999999]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    agenda = c.post(
        f"/api/v1/meetings/{meeting.pk}/agenda/",
        {"action": "generate"},
        content_type="application/json",
    )
    assert agenda.status_code == 200 and agenda.json()["items"][0]["section"] == "welcome"
    assert client_for(None).get(f"/api/v1/meetings/{meeting.pk}/agenda/").status_code == 404
    c.post(
        f"/api/v1/meetings/{meeting.pk}/agenda/",
        {"action": "publish"},
        content_type="application/json",
    )
    assert client_for(None).get(f"/api/v1/meetings/{meeting.pk}/agenda/").status_code == 200
    m = c.put(
        f"/api/v1/meetings/{meeting.pk}/minutes/",
        {"decisions": "Lights"},
        content_type="application/json",
    )
    assert m.status_code == 200 and m.json()["attendance_count"] == 2
    ai = c.post(
        f"/api/v1/meetings/{meeting.pk}/minutes/action-items/",
        {"description": "Call CDOT"},
        content_type="application/json",
    )
    assert ai.status_code == 400 and "owner_user" in ai.json()
    ai = c.post(
        f"/api/v1/meetings/{meeting.pk}/minutes/action-items/",
        {"description": "Call CDOT", "owner_user": officer.pk, "due_on": "2099-01-01"},
        content_type="application/json",
    )
    assert ai.status_code == 201
    assert (
        client_for(resident).post(f"/api/v1/meetings/{meeting.pk}/minutes/approve/").status_code
        == 403
    )
    ok = c.post(f"/api/v1/meetings/{meeting.pk}/minutes/approve/")
    assert ok.status_code == 200 and ok.json()["status"] == "published"
    assert (
        client_for(None).get(f"/api/v1/meetings/{meeting.pk}/minutes/").json()["decisions"]
        == "Lights"
    )


def test_resident_proposes_officer_decides(meeting, resident, officer, client_for):
    r = client_for(resident).post(
        f"/api/v1/meetings/{meeting.pk}/proposals/",
        {"title": "Speeding"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert (
        client_for(None)
        .post(
            f"/api/v1/meetings/{meeting.pk}/proposals/",
            {"title": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    assert client_for(resident).get(f"/api/v1/meetings/{meeting.pk}/proposals/").status_code == 403
    url = f"/api/v1/meeting-proposals/{r.json()['id']}/decision/"
    assert (
        client_for(resident)
        .post(url, {"decision": "accept"}, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(officer)
        .post(url, {"decision": "maybe"}, content_type="application/json")
        .status_code
        == 400
    )
    ok = client_for(officer).post(url, {"decision": "accept"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"


def test_patch_move_cancel_and_series(meeting, officer, other_district_officer, client_for, city):
    url = f"/api/v1/meetings/{meeting.pk}/"
    assert (
        client_for(other_district_officer)
        .patch(url, {"title": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    r = client_for(officer).patch(url, {"title": "Renamed"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["title"] == "Renamed" and r.json()["sequence"] == 1
    new_start = (meeting.starts_at + dt.timedelta(days=1)).isoformat()
    r = client_for(officer).post(
        f"{url}move/", {"starts_at": new_start}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["sequence"] == 2
    r = client_for(officer).post(
        f"{url}cancel/", {"reason": "Ice"}, content_type="application/json"
    )
    assert r.json()["status"] == "cancelled"
    series = client_for(officer).post(
        "/api/v1/meeting-series/",
        {
            "kind": "beat_meeting",
            "title": "Beat 0111",
            "areas": [city["b111"].pk],
            "address": "Library",
            "frequency": "monthly_weekday",
            "weekday": 3,
            "ordinal": -1,
            "start_time": "18:30",
            "starts_on": "2027-01-01",
            "until": "2027-03-31",
        },
        content_type="application/json",
    )
    assert series.status_code == 201 and series.json()["rule"].startswith("Last Thursday")
    occ = client_for(None).get(f"/api/v1/meeting-series/{series.json()['id']}/occurrences/")
    assert [o["starts_at"][:10] for o in occ.json()["results"]] == [
        "2027-01-28",
        "2027-02-25",
        "2027-03-25",
    ]
    bad = client_for(officer).post(
        "/api/v1/meeting-series/",
        {
            "kind": "beat_meeting",
            "title": "x",
            "areas": [city["b111"].pk],
            "address": "y",
            "frequency": "monthly_weekday",
            "weekday": 3,
            "ordinal": 9,
            "start_time": "18:30",
            "starts_on": "2027-01-01",
            "until": "2027-03-31",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "ordinal" in bad.json()


def test_full_meeting_waitlists_over_api(meeting, client):
    for i in range(3):
        client.post(
            f"/api/v1/meetings/{meeting.pk}/rsvps/",
            {"name": f"P{i}", "email": f"p{i}@example.org"},
            content_type="application/json",
        )
        link = re.search(r"/meetings/rsvp/confirm/([^/\s]+)/", mail.outbox[-1].body)[1]
        client.post("/api/v1/rsvps/confirm/", {"token": link}, content_type="application/json")
    assert list(RSVP.objects.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waitlisted",
    ]
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").json()["spots_left"] == 0


def test_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/meetings/{id}/rsvps/",
        "/api/v1/meetings/{id}/attendance/",
        "/api/v1/meetings/{id}/agenda/",
        "/api/v1/meetings/{id}/minutes/",
        "/api/v1/meeting-series/{id}/occurrences/",
        "/api/v1/priorities/confirm/",
        "/api/v1/priorities/{id}/report-backs/",
    ):
        assert path in schema


def test_repeat_rsvp_never_reveals_someone_elses_cancel_token(
    meeting, client, resident, client_for
):
    first = client.post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/",
        {"name": "Ana", "email": "ana@example.org"},
        content_type="application/json",
    )
    assert first.status_code == 202 and "cancel_token" not in first.json()
    again = client_for(None).post(
        f"/api/v1/meetings/{meeting.pk}/rsvps/",
        {"name": "Mallory", "email": "ana@example.org"},
        content_type="application/json",
    )
    assert again.status_code == 202 and again.json() == first.json()
    assert RSVP.objects.count() == 1
    mine = client_for(resident)
    mine.post(f"/api/v1/meetings/{meeting.pk}/rsvps/", {}, content_type="application/json")
    repeat = mine.post(f"/api/v1/meetings/{meeting.pk}/rsvps/", {}, content_type="application/json")
    assert repeat.status_code == 200 and repeat.json()["cancel_token"]


@pytest.mark.parametrize(
    "role, can_run",
    [
        (None, False),
        ("resident", False),
        ("partner", False),
        ("analyst", False),
        ("other_district_officer", False),
        ("officer", True),
        ("supervisor", True),
        ("admin", True),
    ],
)
def test_running_a_meeting_per_role(meeting, personas, client_for, role, can_run):
    user = personas[role] if role else None
    c = client_for(user)
    expected = 200 if can_run else 403
    assert c.get(f"/api/v1/meetings/{meeting.pk}/rsvps/").status_code == expected
    assert c.get(f"/api/v1/meetings/{meeting.pk}/attendance/").status_code == expected
    assert (
        c.post(
            f"/api/v1/meetings/{meeting.pk}/agenda/",
            {"action": "generate"},
            content_type="application/json",
        ).status_code
        == expected
    )


def test_resident_facilitator_runs_but_does_not_approve(make_meeting, resident, client_for):
    meeting = make_meeting(host_facilitator=resident)
    c = client_for(resident)
    assert c.get(f"/api/v1/meetings/{meeting.pk}/attendance/").status_code == 200
    assert (
        c.put(
            f"/api/v1/meetings/{meeting.pk}/minutes/",
            {"decisions": "x"},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert c.post(f"/api/v1/meetings/{meeting.pk}/minutes/approve/").status_code == 403
    assert (
        c.post(
            f"/api/v1/meetings/{meeting.pk}/cancel/", {}, content_type="application/json"
        ).status_code
        == 403
    )
