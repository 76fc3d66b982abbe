"""The Content-Security-Policy header (issue 16, item 6) and the templates it relies on."""

import re
from pathlib import Path

import pytest

import beatbridge
from beatbridge.web import csp

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://tile.openstreetmap.org; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)


@pytest.mark.parametrize(
    "url", ["/", "/areas/neighborhood/1/", "/concerns/new/", "/api/v1/meetings/", "/nowhere/"]
)
def test_every_response_carries_the_strict_policy(client, city, url):
    assert client.get(url)["Content-Security-Policy"] == STRICT


def test_tile_server_from_the_leaflet_settings(settings):
    settings.LEAFLET_CONFIG = {
        **settings.LEAFLET_CONFIG,
        "TILES": [("Tiles", "https://{s}.tiles.example.org/{z}/{x}/{y}.png", {})],
    }
    assert csp.tile_sources() == ["https://*.tiles.example.org"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp.render(csp.base_policy())


def test_api_docs_alone_allow_inline_script(client, db):
    for url in ("/api/docs/", "/api/redoc/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-inline'" in policy, url
    # DRF's browsable API: inline styles only, never inline script.
    browsable = client.get("/api/v1/meetings/", HTTP_ACCEPT="text/html")
    policy = browsable["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self';" in policy


TEMPLATES = sorted(Path(beatbridge.__file__).parent.glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
FORBIDDEN = {
    "inline <script>": INLINE_SCRIPT,
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"<[^>]+\son[a-z]+\s*=", re.I),
    "django-leaflet's inline map script": re.compile(r"{%\s*leaflet_map\b"),
    "javascript: URL": re.compile(r"javascript:", re.I),
}
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)


def test_templates_need_nothing_the_policy_blocks():
    assert len(TEMPLATES) > 50
    found = []
    for path in TEMPLATES:
        text = COMMENT.sub("", path.read_text(encoding="utf-8"))
        for what, pattern in FORBIDDEN.items():
            if pattern.search(text):
                found.append(f"{path.relative_to(Path(beatbridge.__file__).parent)}: {what}")
    assert found == []


SCRIPTS = sorted(
    p for p in Path(beatbridge.__file__).parent.glob("*/static/**/*.js") if "vendor" not in p.parts
)


def test_map_labels_are_never_html_strings():
    """Leaflet puts a string tooltip or popup in as HTML: ours get text nodes or elements."""
    assert SCRIPTS
    calls = re.compile(r"\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent)\(([^)]*)")
    for path in SCRIPTS:
        text = path.read_text(encoding="utf-8")
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, path
        for _name, argument in calls.findall(text):
            assert argument.startswith("beatbridge.text(") or argument in ("a",), (path, argument)
