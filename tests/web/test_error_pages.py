"""Requests no view handled get the site's own answers: JSON under the API (so the answer
matches the OpenAPI schema's documented error), the styled page elsewhere, and never a
traceback."""

import json

from django.test import RequestFactory
from django.utils import translation

from beatbridge.web import errors


def test_unknown_api_path_is_a_json_404(client, db):
    response = client.get("/api/v1/no-such-thing/\x84/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "Not found."}


def test_unknown_open311_paths_answer_in_their_format(client, db):
    as_json = client.get("/open311/v2/nothing-here.json")
    assert as_json.status_code == 404
    [error] = json.loads(as_json.content)
    assert error["code"] == 404 and error["description"]
    as_xml = client.get("/open311/v2/nothing-here.xml")
    assert as_xml.status_code == 404
    assert as_xml["Content-Type"].startswith("text/xml")
    assert b"<errors><error><code>404</code>" in as_xml.content


def test_unknown_page_is_the_site_404_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'href="/"' in html and "<main" in html  # the site's layout, a way back


def test_spanish_404_page(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Página no encontrada" in response.content.decode()


def test_server_error_page_is_ours_and_shows_no_details(db):
    request = RequestFactory().get("/concerns/")
    with translation.override("en"):
        response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "Traceback" not in html
    api = errors.server_error(RequestFactory().get("/api/v1/concerns/"))
    assert api.status_code == 500 and json.loads(api.content)["detail"]
