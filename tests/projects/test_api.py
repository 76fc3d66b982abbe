"""The projects REST API: reads by role, writes through the verbs (403 / 400, never 500)."""

import pytest

from beatbridge.concerns.tips import services as tip_services
from beatbridge.projects import services

API = "/api/v1"


def test_public_reads(project, org_item, officer, client):
    services.update_project(project, private_notes="secret note", by=officer)
    services.add_action_item(project, title="Hidden stake-out", is_public=False, by=officer)
    data = client.get(f"{API}/projects/").json()
    assert [p["id"] for p in data["results"]] == [project.pk]
    one = client.get(f"{API}/projects/{project.pk}/").json()
    assert "private_notes" not in one
    assert one["team"] == [
        {
            "id": one["team"][0]["id"],
            "project": project.pk,
            "name": "Officer Olivia",
            "organization": None,
            "role": "lead",
        }
    ]
    items = client.get(f"{API}/project-items/?project={project.pk}").json()["results"]
    assert [i["title"] for i in items] == ["Youth league evening program"]
    assert client.get(f"{API}/projects/{project.pk}/activity/").status_code == 403
    assert client.get(f"{API}/project-evidence/").json()["results"] == []


def test_private_project_hidden(project, officer, client, client_for):
    services.update_project(project, is_public=False, by=officer)
    assert client.get(f"{API}/projects/").json()["results"] == []
    assert client.get(f"{API}/projects/{project.pk}/").status_code == 404
    assert client_for(officer).get(f"{API}/projects/{project.pk}/").json()["private_notes"] == ""


def test_officer_creates_and_manages(priority, city, officer, client_for, org):
    c = client_for(officer)
    r = c.post(
        f"{API}/projects/",
        {"priority": priority.pk, "statement": "Break-ins."},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    # Riverside's priority is kept by beat 0111 (beats keep priorities), the project's area.
    assert r.json()["areas"][0]["code"] == "0111" and r.json()["title"] == priority.title
    r = c.patch(
        f"{API}/projects/{pk}/",
        {"stage": "analysis", "place": "Lot"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["stage"] == "analysis"
    r = c.post(
        f"{API}/project-team/",
        {"project": pk, "organization": org.pk, "role": "partner"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["name"] == org.name
    r = c.post(
        f"{API}/project-items/",
        {"project": pk, "title": "Lights", "owner_organization": org.pk, "due_date": "2026-05-01"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["owner"] == org.name
    r = c.post(
        f"{API}/project-evidence/",
        {"project": pk, "kind": "incidents", "date_from": "2026-01-01"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = c.post(
        f"{API}/project-assessments/",
        {
            "project": pk,
            "before_start": "2026-01-01",
            "before_end": "2026-01-31",
            "after_start": "2026-03-01",
            "after_end": "2026-03-31",
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["figures"]["incidents"]["verdict"] == "no_data"
    a = r.json()["id"]
    r = c.post(
        f"{API}/project-assessments/{a}/conclude/",
        {"conclusion": "resolved", "next_step": "close"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["conclusion"] == "resolved"
    log = c.get(f"{API}/projects/{pk}/activity/").json()["results"]
    assert log[0]["verb"] == "projects.concluded" and log[0]["actor"] == "Officer Olivia"
    assert c.get(f"{API}/projects/{pk}/patterns/").json()["total"] == 0


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"statement": ""}, "statement"),
        ({"statement": "x", "areas": [999999]}, "areas"),
        ({"statement": "x"}, "areas"),
        ({"statement": "x", "priority": 999999}, "priority"),
    ],
)
def test_create_bad_input_is_400(payload, field, officer, client_for, city):
    r = client_for(officer).post(f"{API}/projects/", payload, content_type="application/json")
    assert r.status_code == 400 and field in r.json()


@pytest.mark.parametrize("role", ["resident", "partner", "other_district_officer", "analyst"])
def test_non_managers_cannot_write(role, project, personas, client_for, org):
    c = client_for(personas[role])
    assert (
        c.patch(
            f"{API}/projects/{project.pk}/", {"stage": "closed"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        c.post(
            f"{API}/project-items/",
            {"project": project.pk, "title": "x"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        c.post(
            f"{API}/project-team/",
            {"project": project.pk, "organization": org.pk, "role": "partner"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_anonymous_cannot_write(project, client):
    r = client.post(
        f"{API}/projects/",
        {"statement": "x", "areas": [project.areas.first().pk]},
        content_type="application/json",
    )
    assert r.status_code == 403


def test_partner_updates_only_own_org_item(project, officer, org, other_org, partner, client_for):
    mine = services.add_action_item(project, title="Mine", owner_organization=org, by=officer)
    theirs = services.add_action_item(
        project, title="Theirs", owner_organization=other_org, by=officer
    )
    c = client_for(partner)
    r = c.patch(
        f"{API}/project-items/{mine.pk}/",
        {"status": "done", "note": "ok"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "done"
    assert r.json()["notes"][0]["text"] == "ok"
    r = c.patch(
        f"{API}/project-items/{theirs.pk}/", {"status": "done"}, content_type="application/json"
    )
    assert r.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == "open"
    r = c.patch(
        f"{API}/project-items/{mine.pk}/", {"status": "finished"}, content_type="application/json"
    )
    assert r.status_code == 400 and "status" in r.json()
    r = c.patch(f"{API}/project-items/{mine.pk}/", {}, content_type="application/json")
    assert r.status_code == 400 and "note" in r.json()


def test_resident_updates_only_assigned_item(project, officer, resident, client_for):
    mine = services.add_action_item(project, title="Mine", owner_user=resident, by=officer)
    other = services.add_action_item(project, title="Other", by=officer)
    c = client_for(resident)
    assert (
        c.patch(
            f"{API}/project-items/{mine.pk}/",
            {"status": "in_progress"},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        c.patch(
            f"{API}/project-items/{other.pk}/", {"status": "done"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_tips_never_leave_staff(
    project, officer, resident, supervisor, analyst, client_for, client
):
    services.add_team_member(project, user=resident, role="resident", by=officer)
    tip = tip_services.submit_tip(body="Secret", lon=-87.695, lat=41.805).tip
    services.link_evidence(project, kind="tip", tip=tip, by=officer)
    services.link_evidence(project, kind="incidents", by=officer)
    url = f"{API}/project-evidence/?project={project.pk}"
    kinds = lambda c: sorted(e["kind"] for e in c.get(url).json()["results"])  # noqa: E731
    assert kinds(client_for(officer)) == ["incidents", "tip"]
    assert kinds(client_for(supervisor)) == ["incidents", "tip"]
    assert kinds(client_for(resident)) == ["incidents"]
    assert kinds(client_for(analyst)) == ["incidents"]
    assert kinds(client) == []
    assert b"Secret" not in client_for(officer).get(url).content


def test_schema_lists_project_endpoints(client, db):
    schema = client.get("/api/schema/").content.decode()
    for path in [
        "/api/v1/projects/",
        "/api/v1/project-items/{id}/",
        "/api/v1/project-team/",
        "/api/v1/project-evidence/",
        "/api/v1/project-assessments/{id}/conclude/",
    ]:
        assert path in schema
