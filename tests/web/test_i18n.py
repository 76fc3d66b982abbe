from pathlib import Path

from django.utils import translation

import beatbridge


def spanish(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


def test_language_switch_to_spanish(client, city):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="es"' in html
    assert spanish("Find your neighborhood") != "Find your neighborhood"
    assert spanish("Find your neighborhood") in html


def test_accept_language_header(client, city):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in html
    assert spanish("Sign in") in html


def test_spanish_catalog_is_compiled():
    assert spanish("Sign in") == "Iniciar sesión"


def test_every_message_is_translated():
    """Every entry of the committed Spanish catalog is translated and compiled."""
    import gettext

    folder = Path(beatbridge.__file__).parent / "locale" / "es" / "LC_MESSAGES"
    blocks = (folder / "django.po").read_text(encoding="utf-8").split("\n\n")
    entries = [b for b in blocks[1:] if "msgid " in b and not b.lstrip().startswith("#~")]
    assert not [b for b in entries if "#, fuzzy" in b]
    with (folder / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    compiled = {k if isinstance(k, str) else k[0] for k in catalog} - {""}
    assert len(entries) > 500
    assert len(compiled) == len(entries), f"{len(entries) - len(compiled)} untranslated"
