from django.utils import translation


def test_language_switch_to_spanish(client, city):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="es"' in html
    assert "Busca tu vecindario" in html


def test_accept_language_header(client, city):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html


def test_spanish_catalog_is_compiled():
    with translation.override("es"):
        assert translation.gettext("Sign in") == "Iniciar sesión"
