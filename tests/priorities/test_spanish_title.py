"""Priorities carry a Spanish title; Spanish readers see it, or the English one when blank."""

from django.utils import translation

from beatbridge.priorities import services
from beatbridge.priorities.models import Priority


def test_display_title_falls_back_to_english(city, resident):
    both = services.propose_priority(
        city["b111"], title="Speeding on Elm", title_es="  Exceso de velocidad en Elm ", by=resident
    )
    english_only = services.propose_priority(city["b111"], title="Graffiti", by=resident)
    assert both.title_es == "Exceso de velocidad en Elm"
    with translation.override("es"):
        assert (
            both.display_title == "Exceso de velocidad en Elm" and str(both) == both.display_title
        )
        assert english_only.display_title == "Graffiti"
    with translation.override("en"):
        assert both.display_title == "Speeding on Elm"


def test_propose_form_takes_the_spanish_title_and_pages_show_it(city, resident, client_for, client):
    c = client_for(resident)
    assert 'name="title_es"' in c.get("/priorities/area/beat/0111/").content.decode()
    r = c.post(
        "/priorities/area/beat/0111/propose/",
        {"title": "Broken lights", "title_es": "Luces rotas"},
    )
    assert r.status_code == 302
    p = Priority.objects.get(title="Broken lights")
    assert p.title_es == "Luces rotas"
    too_long = c.post("/priorities/area/beat/0111/propose/", {"title": "x", "title_es": "y" * 201})
    assert too_long.status_code == 400 and Priority.objects.count() == 1
    es = client.get(f"/priorities/{p.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<h1>Luces rotas</h1>" in es
    en = client.get(f"/priorities/{p.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Broken lights</h1>" in en
    rolled = client.get("/priorities/area/neighborhood/1/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Luces rotas" in rolled.content.decode()


def test_api_reads_and_writes_the_spanish_title(city, resident, client_for):
    c = client_for(resident)
    r = c.post(
        "/api/v1/priorities/",
        {"area_kind": "beat", "area_code": "0111", "title": "Noise", "title_es": "Ruido"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["title_es"] == "Ruido"
    assert r.json()["title"] == "Noise"
    hood = c.post(
        "/api/v1/priorities/",
        {"area_kind": "neighborhood", "area_code": "2", "title": "Dark alley"},
        content_type="application/json",
    )
    assert hood.status_code == 400 and "keeper" in hood.json()
    hood = c.post(
        "/api/v1/priorities/",
        {
            "area_kind": "neighborhood",
            "area_code": "2",
            "title": "Dark alley",
            "keeper_code": "0211",
        },
        content_type="application/json",
    )
    assert hood.status_code == 201 and hood.json()["area"]["code"] == "0211"
