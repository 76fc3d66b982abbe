"""Project pages: public page and list, staff workspace, owners' updates, organization page."""

import datetime as dt

import pytest

from beatbridge.concerns.tips import services as tip_services
from beatbridge.projects import services
from beatbridge.projects.models import Project


@pytest.fixture
def full_project(project, officer, org, resident):
    services.add_team_member(project, organization=org, role="partner", by=officer)
    services.add_team_member(project, user=resident, role="resident", by=officer)
    services.update_project(project, private_notes="Suspect lives at 12 River St", by=officer)
    services.add_action_item(
        project, title="Public lighting audit", owner_organization=org, by=officer
    )
    services.add_action_item(project, title="Plain-clothes patrol", is_public=False, by=officer)
    tip = tip_services.submit_tip(body="Secret tipster detail", lon=-87.695, lat=41.805).tip
    services.link_evidence(project, kind="tip", tip=tip, by=officer)
    return project


def test_public_page_shows_only_public_parts(full_project, client):
    page = client.get(f"/projects/{full_project.pk}/").content.decode()
    assert "Cars broken into at night" in page
    assert "Riverside Youth League" in page and "Partner" in page
    assert "Rosa" in page and "Rosa Resident" not in page  # first name only
    assert "resident@example.org" not in page and "league@example.org" not in page
    assert "Public lighting audit" in page
    assert "Plain-clothes patrol" not in page
    assert "Suspect lives" not in page
    assert "Tip #" not in page and "Secret tipster" not in page
    assert "Team workspace" not in page


def test_staff_see_workspace_and_tip_link(full_project, client_for, officer, analyst):
    page = client_for(officer).get(f"/projects/{full_project.pk}/").content.decode()
    assert "Suspect lives" in page and "Plain-clothes patrol" in page and "Tip #" in page
    assert "projects.created" in page  # the activity log
    analyst_page = client_for(analyst).get(f"/projects/{full_project.pk}/").content.decode()
    assert "Suspect lives" in analyst_page and "Tip #" not in analyst_page


def test_team_resident_sees_workspace_but_never_tips(full_project, client_for, resident):
    page = client_for(resident).get(f"/projects/{full_project.pk}/").content.decode()
    assert "Suspect lives" in page
    assert "Tip #" not in page and "Secret tipster" not in page


def test_private_project_is_404_for_public(project, officer, client, client_for, resident):
    services.update_project(project, is_public=False, by=officer)
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client_for(resident).get(f"/projects/{project.pk}/").status_code == 404
    assert client.get("/projects/area/neighborhood/1/").content.decode().count(project.title) == 0


def test_public_list_and_area_section(project, client):
    listing = client.get("/projects/area/neighborhood/1/").content.decode()
    assert project.title in listing
    area_page = client.get("/areas/neighborhood/1/").content.decode()
    assert "Problem-solving projects" in area_page and project.title in area_page
    assert client.get("/projects/area/district/1/").status_code == 404


def test_officer_starts_project_from_priority(priority, client_for, officer, resident):
    c = client_for(officer)
    form = c.get(f"/projects/new/?priority={priority.pk}")
    assert form.status_code == 200 and priority.title in form.content.decode()
    bad = c.post(
        "/projects/new/",
        {"priority": priority.pk, "title": "x", "statement": "", "start_date": "2026-01-01"},
    )
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    r = c.post(
        "/projects/new/",
        {
            "priority": priority.pk,
            "title": priority.title,
            "statement": "Break-ins.",
            "start_date": "2026-01-01",
            "is_public": "on",
        },
    )
    project = Project.objects.get(priority=priority)
    assert r.status_code == 302 and r["Location"] == f"/projects/{project.pk}/"
    assert client_for(resident).get(f"/projects/new/?priority={priority.pk}").status_code == 403


def test_staff_add_item_and_link_incidents(project, client_for, officer, org):
    c = client_for(officer)
    r = c.post(
        f"/projects/{project.pk}/items/",
        {
            "title": "Lighting",
            "owner_organization": org.pk,
            "due_date": "2026-02-01",
            "is_public": "on",
        },
    )
    assert r.status_code == 302
    assert project.action_items.get().owner_organization == org
    bad = c.post(f"/projects/{project.pk}/items/", {"title": ""})
    assert bad.status_code == 400
    r = c.post(
        f"/projects/{project.pk}/evidence/",
        {"kind": "incidents", "date_from": "2026-02-01", "date_to": "2026-01-01"},
    )
    assert r.status_code == 400 and "before the start date" in r.content.decode()
    r = c.post(
        f"/projects/{project.pk}/evidence/", {"kind": "incidents", "date_from": "2026-01-01"}
    )
    assert r.status_code == 302 and project.evidence.filter(kind="incidents").count() == 1


def test_partner_updates_own_item_not_others(project, officer, org, partner, client_for, resident):
    item = services.add_action_item(project, title="Lighting", owner_organization=org, by=officer)
    url = f"/projects/{project.pk}/items/{item.pk}/"
    assert client_for(resident).post(url, {"status": "done"}).status_code == 403
    c = client_for(partner)
    page = c.get(f"/projects/{project.pk}/").content.decode()
    assert f'action="{url}"' in page
    assert c.post(url, {"status": "done", "note": "Fixed 4 lamps"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    assert "Fixed 4 lamps" in c.get(f"/projects/{project.pk}/").content.decode()


def test_organization_page_lists_projects_and_items(project, officer, org, client):
    services.add_team_member(project, organization=org, role="partner", by=officer)
    services.add_action_item(
        project,
        title="Evening program",
        owner_organization=org,
        due_date=dt.date(2020, 1, 1),
        by=officer,
    )
    services.add_action_item(
        project, title="Hidden", owner_organization=org, is_public=False, by=officer
    )
    page = client.get(f"/projects/organization/{org.pk}/").content.decode()
    assert project.title in page and "Evening program" in page and "overdue" in page
    assert "Hidden" not in page


def test_assessment_on_public_page(project, officer, client, client_for):
    c = client_for(officer)
    r = c.post(
        f"/projects/{project.pk}/assessments/",
        {
            "before_start": "2026-01-01",
            "before_end": "2026-01-31",
            "after_start": "2026-03-01",
            "after_end": "2026-03-31",
        },
    )
    assert r.status_code == 302
    a = project.assessments.get()
    r = c.post(
        f"/projects/{project.pk}/assessments/{a.pk}/conclude/",
        {"conclusion": "no_change", "next_step": "adjust"},
    )
    assert r.status_code == 302
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "nothing to compare" in page and "No change" in page
    assert "rest of District 1" in page


def test_priority_page_offers_a_project_to_its_officers(priority, client_for, officer, resident):
    link = f'href="/projects/new/?priority={priority.pk}"'
    assert link in client_for(officer).get(f"/priorities/{priority.pk}/").content.decode()
    assert link not in client_for(resident).get(f"/priorities/{priority.pk}/").content.decode()


def test_evidence_chart_for_the_team_only(project, officer, client, client_for, make_incident):
    make_incident("220", -87.695, 41.805, dt.datetime(2026, 1, 5, 22, tzinfo=dt.UTC))
    services.link_evidence(project, kind="incidents", by=officer)
    c = client_for(officer)
    assert "evidence.svg" in c.get(f"/projects/{project.pk}/").content.decode()
    r = c.get(f"/projects/{project.pk}/evidence.svg")
    assert r.status_code == 200 and r["Content-Type"].startswith("image/svg+xml")
    assert b"Linked incidents by month" in r.content
    assert client.get(f"/projects/{project.pk}/evidence.svg").status_code == 404


def _survey_wave(supervisor):
    from django.utils import timezone

    from beatbridge.surveys import services as survey_services

    survey = survey_services.create_survey(
        title_en="Neighborhood survey", title_es="Encuesta", by=supervisor
    )
    survey_services.add_standard_module(survey, by=supervisor)
    today = timezone.localdate()
    wave = survey_services.open_wave(
        survey,
        name="Spring wave",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        by=supervisor,
    )
    return survey_services, wave


def test_assessment_shows_the_areas_survey_scores(project, client, supervisor):
    survey_services, wave = _survey_wave(supervisor)
    for _ in range(12):  # safety 8/10 -> 80; respect 6, listen 4 -> trust 50
        survey_services.submit_response(
            wave, {"neighborhood": "1", "safety": 8, "respect": 6, "listen": 4}
        )
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Residents&#x27; survey in Riverside" in page or "Residents' survey in Riverside" in page
    row = page.split("Spring wave", 1)[1].split("</tr>", 1)[0]
    assert "<td>12</td>" in row and "<td>80 (" in row and "<td>50 (" in row


def test_assessment_hides_survey_cells_below_the_minimum(project, client, supervisor):
    survey_services, wave = _survey_wave(supervisor)
    for _ in range(3):
        survey_services.submit_response(
            wave, {"neighborhood": "1", "safety": 2, "respect": 2, "listen": 2}
        )
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Spring wave" not in page  # every wave suppressed: no table at all
