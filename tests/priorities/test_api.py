"""The priorities REST API: residents propose and support; officers confirm and report back."""

import pytest

from beatbridge.priorities.models import Priority

from ..factories import UserFactory


def post(c, url, data=None):
    return c.post(url, data or {}, content_type="application/json")


def test_propose_support_confirm_report_back(city, resident, officer, client_for, beat_meeting):
    r = post(
        client_for(resident),
        "/api/v1/priorities/",
        {"area_kind": "beat", "area_code": "0111", "title": "Speeding"},
    )
    assert r.status_code == 201 and r.json()["status"] == "proposed"
    pk = r.json()["id"]
    neighbor = client_for(UserFactory())
    assert post(neighbor, f"/api/v1/priorities/{pk}/support/").json() == {
        "added": True,
        "support_count": 1,
    }
    assert post(client_for(None), f"/api/v1/priorities/{pk}/support/").status_code == 403
    meeting = beat_meeting(-1)
    confirm = {"area_kind": "beat", "area_code": "0111", "chosen": [pk], "meeting": meeting.pk}
    assert post(client_for(resident), "/api/v1/priorities/confirm/", confirm).status_code == 403
    d = post(client_for(officer), "/api/v1/priorities/confirm/", confirm)
    assert d.status_code == 201 and d.json()["decided_by"] == "Officer Olivia"
    rb = post(
        client_for(officer),
        f"/api/v1/priorities/{pk}/report-backs/",
        {
            "what_was_done": "Speed trailer",
            "done_by": "CDOT",
            "outcome": "better",
            "meeting": meeting.pk,
        },
    )
    assert rb.status_code == 201
    listing = client_for(None).get("/api/v1/priorities/?area=beat:0111&status=active").json()
    assert listing["results"][0]["latest_report_back"]["what_was_done"] == "Speed trailer"


@pytest.mark.parametrize(
    "bad",
    [
        {"area_kind": "district", "area_code": "1", "title": "x"},
        {"area_kind": "beat", "area_code": "0111", "title": ""},
        {"area_kind": "beat", "area_code": "0111", "title": "x", "concerns": [999]},
    ],
)
def test_bad_proposals_are_400(resident, client_for, city, bad):
    assert post(client_for(resident), "/api/v1/priorities/", bad).status_code == 400
    assert not Priority.objects.exists()


def test_bad_confirm_and_report_back(city, officer, client_for):
    c = client_for(officer)
    p = post(
        c, "/api/v1/priorities/", {"area_kind": "beat", "area_code": "0111", "title": "P"}
    ).json()
    assert (
        post(
            c,
            "/api/v1/priorities/confirm/",
            {"area_kind": "beat", "area_code": "0111", "chosen": []},
        ).status_code
        == 400
    )
    assert (
        post(
            c,
            "/api/v1/priorities/confirm/",
            {"area_kind": "beat", "area_code": "0112", "chosen": [p["id"]]},
        ).status_code
        == 400
    )
    # Not yet confirmed: no report-back.
    assert (
        post(
            c, f"/api/v1/priorities/{p['id']}/report-backs/", {"what_was_done": "x", "done_by": "y"}
        ).status_code
        == 400
    )
    assert post(c, "/api/v1/priorities/999/support/").status_code == 404
