"""The resident's answer page: English and Spanish, works without JavaScript."""

from beatbridge.surveys.models import Response


def test_answer_page_in_spanish(client, wave):
    r = client.get(f"/surveys/w/{wave.pk}/?lang=es")
    body = r.content.decode()
    assert r.status_code == 200
    assert '<html lang="es">' in body
    assert "¿Qué tan seguro(a) de la delincuencia se siente en su vecindario?" in body
    assert "Prefiero no decirlo" in body and "Totalmente de acuerdo" in body
    assert "<script" not in body.split("</header>")[1]  # the form needs no JavaScript
    assert 'style="' not in body


def test_spanish_submission_is_recorded_as_spanish(client, wave):
    r = client.post(
        f"/surveys/w/{wave.pk}/",
        {"lang": "es", "neighborhood": "2", "safety": "4", "respect": "3", "listen": "2"},
    )
    assert r.status_code == 302
    resp = Response.objects.get()
    assert resp.language == "es" and resp.neighborhood.name == "Hilltop"


def test_english_page_and_required_errors(client, wave):
    r = client.post(f"/surveys/w/{wave.pk}/", {"lang": "en"})
    assert r.status_code == 400
    assert r.content.decode().count("Please answer this question.") == 4


def test_methods_page(client, city):
    r = client.get("/surveys/methods/")
    assert r.status_code == 200 and "raking" in r.content.decode()


def test_staff_bar_links_surveys_and_admin_uploads_margins(client_for, officer, admin_user, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert 'href="/surveys/"' in client_for(officer).get("/").content.decode()
    c = client_for(admin_user)
    assert 'href="/surveys/margins/"' in c.get("/surveys/").content.decode()
    csv_file = SimpleUploadedFile(
        "m.csv",
        b"area_kind,area_code,variable,category,population\n"
        b"neighborhood,1,race_ethnicity,black,400\n",
    )
    ok = c.post("/surveys/margins/", {"file": csv_file})
    assert ok.status_code == 200 and "1 row stored." in ok.content.decode()
    bad = c.post("/surveys/margins/", {"file": SimpleUploadedFile("m.csv", b"x,y\n")})
    assert bad.status_code == 400 and "The CSV needs the columns" in bad.content.decode()
    assert client_for(officer).get("/surveys/margins/").status_code == 403
