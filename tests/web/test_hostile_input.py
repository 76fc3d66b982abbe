"""Stored XSS, SQL injection and path traversal attempts in free-text, query and file
fields come out harmless: stored literally, shown escaped, never a 500, nothing written
outside the media folder (issue 13)."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from beatbridge.concerns import services as concern_services
from beatbridge.concerns.models import Concern, ConcernPhoto
from beatbridge.meetings import services as meeting_services

from ..concerns.conftest import IN_B111, categories, noise  # noqa: F401

XSS = [
    "<script>window.__xss=1</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
]
SQLI = ["' OR '1'='1", "1; DROP TABLE concerns_concern;--", "\\'; SELECT pg_sleep(5);--"]
TRAVERSAL = ["../../etc/passwd", "..%2f..%2fsettings.py", "%2e%2e/%2e%2e/etc/passwd"]


def _raw_markup_absent(html: str, payload: str) -> None:
    if "<" in payload:
        assert payload not in html, payload


@pytest.mark.parametrize("payload", XSS)
def test_concern_text_is_stored_literally_and_shown_escaped(city, noise, client, payload):  # noqa: F811
    concern = concern_services.submit_concern(
        category=noise,
        description=f"Noise {payload} every night",
        lon=IN_B111[0],
        lat=IN_B111[1],
        address=payload[:100],
    )
    concern.refresh_from_db()
    assert payload in concern.description  # stored as typed
    for url in (f"/concerns/{concern.pk}/", "/concerns/", "/areas/neighborhood/1/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _raw_markup_absent(response.content.decode(), payload)
    geo = client.get("/concerns/map.geojson")
    assert geo.status_code == 200 and json.loads(geo.content)  # JSON, parsed back safely
    xml = client.get(f"/open311/v2/requests/{concern.pk}.xml")
    assert xml.status_code == 200
    _raw_markup_absent(xml.content.decode(), payload)  # escaped in XML
    as_json = client.get(f"/open311/v2/requests/{concern.pk}.json")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_json["X-Content-Type-Options"] == "nosniff"  # never sniffed as HTML
    assert (
        payload
        in json.loads(client.get(f"/open311/v2/requests/{concern.pk}.json").content)[0][
            "description"
        ]
    )


@pytest.mark.parametrize("payload", XSS + SQLI + TRAVERSAL)
def test_query_strings_never_break_a_page(city, noise, client, payload):  # noqa: F811
    concern_services.submit_concern(
        category=noise, description="Loud music", lon=IN_B111[0], lat=IN_B111[1]
    )
    for url, params in (
        ("/", {"q": payload}),
        ("/concerns/", {"q": payload, "category": payload, "status": payload, "sort": payload}),
        ("/meetings/", {"area": payload}),
        ("/api/v1/concerns/", {"ordering": payload, "category": payload}),
        ("/open311/v2/requests.json", {"service_code": payload, "status": payload}),
        ("/insights/hotspots/", {"category": payload, "start": payload}),
        ("/data/city/", {"category": payload}),
    ):
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            _raw_markup_absent(response.content.decode(), payload)
    assert Concern.objects.count() == 1  # the table is still there, with its one row


@pytest.mark.parametrize("payload", TRAVERSAL)
def test_path_traversal_does_not_reach_files_outside_media(db, client, payload, settings):
    for url in (f"/media/{payload}", f"/static/{payload}", f"/tips/c/{payload}/"):
        response = client.get(url)
        assert response.status_code in (301, 302, 400, 404), (url, response.status_code)
        assert b"root:" not in b"".join(getattr(response, "streaming_content", [response.content]))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_upload_names_cannot_escape_the_media_folder(city, noise, settings):  # noqa: F811
    upload = SimpleUploadedFile("../../../evil.php.png", _png(), content_type="image/png")
    concern = concern_services.submit_concern(
        category=noise, description="Broken light", lon=IN_B111[0], lat=IN_B111[1], photos=[upload]
    )
    photo = ConcernPhoto.objects.get(concern=concern)
    assert ".." not in photo.image.name and "evil" not in photo.image.name
    stored = Path(photo.image.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.suffix == ".png"


@pytest.mark.parametrize(
    "name,content",
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"GIF89a" + b"\x00" * 20),
        ("photo.webp", b"%PDF-1.4 not an image"),
    ],
)
def test_uploads_are_checked_by_content_not_name(city, noise, name, content):  # noqa: F811
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with pytest.raises(ValidationError):
        concern_services.submit_concern(
            category=noise,
            description="Broken light",
            lon=IN_B111[0],
            lat=IN_B111[1],
            photos=[upload],
        )
    assert not Concern.objects.exists()  # nothing half-stored


@pytest.mark.parametrize("payload", XSS)
def test_meeting_title_is_escaped_on_the_page_and_folded_in_icalendar(
    city, officer, client, payload
):
    start = timezone.now() + dt.timedelta(days=3)
    meeting = meeting_services.schedule_meeting(
        areas=[city["b111"]],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        by=officer,
        title=f"Beat meeting {payload}\r\nATTENDEE:mailto:x@evil.example",
        address="Library, 1 Main St",
        kind="beat_meeting",
    )
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    _raw_markup_absent(page.content.decode(), payload)
    ics = client.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert ics.status_code == 200
    text = ics.content.decode()
    assert "\r\nATTENDEE:mailto:x@evil.example" not in text  # no injected property line
