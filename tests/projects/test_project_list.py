"""The city-wide project list (the nav's "Projects"): public projects for everyone, private
ones only for those who may see them, filtered by stage; a bad stage or page is ignored."""

import datetime as dt

from beatbridge.projects import services
from beatbridge.projects.models import Project


def _private(city, officer):
    project = services.create_project(
        [city["riverside"]],
        title="Quiet surveillance of a drug house",
        statement="Not for the public.",
        by=officer,
        start_date=dt.date(2026, 2, 1),
    )
    Project.objects.filter(pk=project.pk).update(is_public=False)
    return project


def test_list_shows_public_projects_to_everyone(project, client):
    page = client.get("/projects/").content.decode()
    assert "Cars broken into at night" in page
    assert "Riverside" in page


def test_private_projects_hidden_from_public_but_shown_to_staff(
    project, city, officer, client, client_for, resident
):
    _private(city, officer)
    assert "Quiet surveillance" not in client.get("/projects/").content.decode()
    assert "Quiet surveillance" not in client_for(resident).get("/projects/").content.decode()
    assert "Quiet surveillance" in client_for(officer).get("/projects/").content.decode()


def test_stage_filter_and_bad_input(project, client):
    assert "Cars broken into" in client.get("/projects/?stage=scanning").content.decode()
    assert "Cars broken into" not in client.get("/projects/?stage=closed").content.decode()
    for query in ("?stage=%3Cscript%3E", "?page=abc", "?page=99999", "?stage=closed&page=-1"):
        response = client.get("/projects/" + query)
        assert response.status_code == 200, query
    assert "Cars broken into" in client.get("/projects/?stage=nonsense").content.decode()


def test_nav_links_to_projects(db, client):
    assert 'href="/projects/"' in client.get("/").content.decode()
