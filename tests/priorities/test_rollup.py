"""One rule for which areas keep priorities: beats keep lists confirmed at their beat meetings;
neighborhood and district pages roll up the lists of the beats serving them, saying so."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beatbridge.priorities import queries, services
from beatbridge.priorities.models import Priority

RULE = (
    "Each beat keeps its own short list of priorities, confirmed at its beat meeting; "
    "neighborhood and district pages roll up the lists of the beats that serve them."
)


def _active(area, title, by_resident, by_officer):
    p = services.propose_priority(area, title=title, by=by_resident)
    current = list(Priority.objects.filter(area=area).current())
    services.confirm_priorities(area, chosen=[*current, p], by=by_officer)
    p.refresh_from_db()
    return p


@pytest.fixture
def b111_priority(city, resident, officer):
    return _active(city["b111"], "Speeding on Elm", resident, officer)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_neighborhood_page_rolls_up_its_beats_instead_of_none_yet(b111_priority, client):
    page = _text(client.get("/priorities/area/neighborhood/1/"))
    assert "Current priorities, rolled up from Beat 0111" in page
    assert "Speeding on Elm" in page and f'href="/priorities/{b111_priority.pk}/"' in page
    assert 'href="/priorities/area/beat/0111/"' in page
    assert "None yet." not in page
    assert "Each neighborhood keeps" not in page


def test_district_page_rolls_up_each_of_its_beats(city, b111_priority, resident, supervisor):
    from django.test import Client

    c = Client()
    c.force_login(supervisor)
    response = c.get("/priorities/area/district/1/")
    assert response.status_code == 200
    page = _text(response)
    assert "Current priorities, rolled up from Beat 0111, Beat 0112" in page
    assert "Speeding on Elm" in page
    assert "Beat 0112 has no current priorities." in page
    assert "Propose a priority on the page of the beat whose list it should go on." in page
    assert 'name="title"' not in page
    # A district keeps no list: no confirm form even for a supervisor, and no POST either.
    assert "Confirm the list" not in page
    assert (
        c.post("/priorities/area/district/1/confirm/", {"chosen": [b111_priority.pk]}).status_code
        == 403
    )
    # District 2's page does not show District 1's beats' priorities.
    assert "Speeding on Elm" not in _text(c.get("/priorities/area/district/2/"))


def test_the_rule_is_the_same_sentence_on_every_priorities_page(
    b111_priority, client, client_for, supervisor
):
    pages = [
        "/priorities/area/beat/0111/",
        "/priorities/area/neighborhood/1/",
        "/priorities/area/district/1/",
        f"/priorities/{b111_priority.pk}/",
        "/areas/neighborhood/1/",
        "/areas/beat/0111/",
    ]
    for url in pages:
        assert RULE in _text(client.get(url)), url
    assert RULE in _text(client_for(supervisor).get("/priorities/dashboard/"))
    assert queries.priority_rule() == RULE


def test_area_section_names_the_beats_it_rolls_up(b111_priority, client):
    page = _text(client.get("/areas/neighborhood/1/"))
    assert "Rolled up from Beat 0111." in page and "Speeding on Elm" in page
    district = _text(client.get("/areas/district/1/"))
    assert "Rolled up from Beat 0111, Beat 0112." in district and "Speeding on Elm" in district


def test_beat_page_keeps_its_own_list(b111_priority, client):
    page = _text(client.get("/priorities/area/beat/0111/"))
    assert "rolled up" not in page
    assert "This list holds at most 5 priorities at a time." in page
    assert "Speeding on Elm" in page


def test_proposing_on_a_neighborhood_files_it_with_a_beat(city, resident):
    # Riverside is served by beat 0111 alone: it goes there.
    p = services.propose_priority(city["riverside"], title="Broken lights", by=resident)
    assert p.area == city["b111"]
    # Hilltop is served by beats 0112 and 0211: say which.
    with pytest.raises(ValidationError) as exc:
        services.propose_priority(city["hilltop"], title="Noise", by=resident)
    assert "keeper" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.propose_priority(city["hilltop"], title="Noise", keeper=city["b111"], by=resident)
    q = services.propose_priority(city["hilltop"], title="Noise", keeper=city["b211"], by=resident)
    assert q.area == city["b211"]
    # Districts keep no list and take no proposals.
    with pytest.raises(PermissionDenied):
        services.propose_priority(city["d1"], title="x", by=resident)
    assert Priority.objects.filter(area__kind="neighborhood").count() == 0


def test_propose_page_on_a_neighborhood_asks_whose_list(city, resident, client_for):
    c = client_for(resident)
    form = _text(c.get("/priorities/area/neighborhood/2/"))
    assert 'name="keeper"' in form and "Beat 0112" in form and "Beat 0211" in form
    assert "It goes on the list of Beat 0111." in _text(c.get("/priorities/area/neighborhood/1/"))
    bad = c.post("/priorities/area/neighborhood/2/propose/", {"title": "Noise"})
    assert bad.status_code == 400 and not Priority.objects.exists()
    wrong = c.post(
        "/priorities/area/neighborhood/2/propose/", {"title": "Noise", "keeper": city["b111"].pk}
    )
    assert wrong.status_code == 400 and not Priority.objects.exists()
    ok = c.post(
        "/priorities/area/neighborhood/2/propose/", {"title": "Noise", "keeper": city["b112"].pk}
    )
    assert ok.status_code == 302
    assert Priority.objects.get(title="Noise").area == city["b112"]
    # Its proposal shows on Hilltop's page, marked with its beat.
    page = _text(c.get("/priorities/area/neighborhood/2/"))
    assert "Noise" in page and "· Beat 0112" in page


def test_only_beats_confirm_a_list(city, resident, officer, supervisor, client_for):
    p = services.propose_priority(city["b111"], title="Speeding", by=resident)
    with pytest.raises(ValidationError):
        services.confirm_priorities(city["riverside"], chosen=[p], by=supervisor)
    assert (
        client_for(officer)
        .post("/priorities/area/neighborhood/1/confirm/", {"chosen": [p.pk]})
        .status_code
        == 403
    )
    p.refresh_from_db()
    assert p.status == "proposed"


def test_rolled_up_page_has_no_query_per_beat_or_priority(city, resident, officer, client):
    from datetime import date

    from beatbridge.areas.models import OfficerAssignment

    OfficerAssignment.objects.create(officer=officer, beat=city["b112"], starts_on=date(2020, 1, 1))
    OfficerAssignment.objects.create(officer=officer, beat=city["b211"], starts_on=date(2020, 1, 1))
    first = _active(city["b112"], "P0", resident, officer)
    url = "/priorities/area/neighborhood/2/"
    client.get(url)  # warm the per-process caches (patrol kind, outlines)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for beat in ("b112", "b211"):
        for i in range(3):
            p = _active(city[beat], f"{beat} {i}", resident, officer)
            services.report_back(p, what_was_done="Patrols", done_by="Team", by=officer)
        services.propose_priority(city[beat], title=f"{beat} proposal", by=resident)
    services.report_back(first, what_was_done="Lights", done_by="City", by=officer)
    with CaptureQueriesContext(connection) as many:
        page = _text(client.get(url))
    assert "b211 2" in page and "b112 proposal" in page
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_a_neighborhood_proposal_from_concerns_goes_to_their_beat(city, resident):
    from beatbridge.concerns.models import Category
    from beatbridge.concerns.services import submit_concern

    category, _ = Category.objects.get_or_create(
        code="pri-parties", defaults={"name_en": "Parties", "name_es": "Fiestas"}
    )
    b211 = city["b211"]
    concern = submit_concern(
        category=category,
        description="Loud parties",
        lon=b211.centroid_lon,
        lat=b211.centroid_lat,
        by=resident,
    )
    assert concern.neighborhood_id == city["hilltop"].pk and concern.beat_id == b211.pk
    p = services.propose_priority(
        city["hilltop"], title="Loud parties", concerns=[concern], by=resident
    )
    assert p.area == b211 and list(p.concerns.all()) == [concern]
