"""The resource library: search (accents, case), filters, downloads checked by content,
who may add, and suggestions on concern and area pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from beatbridge.outreach import demo, services
from beatbridge.outreach.models import Resource

from .conftest import png_bytes


@pytest.fixture
def library(db):
    demo.load_resources(out=lambda *_: None)
    return Resource.objects.all()


def test_demo_library_is_real_and_bilingual(library):
    assert library.filter(language="en").count() >= 7
    assert library.filter(language="es").count() >= 7
    checklist = Resource.objects.get(slug="home-security-checklist")
    assert len(checklist.checklist_items()) >= 10
    assert Resource.objects.get(slug="lista-seguridad-hogar").translation_of == checklist
    assert "988" in Resource.objects.get(slug="mental-health-crisis-contacts").body
    demo.load_resources(out=lambda *_: None)  # idempotent
    assert Resource.objects.count() == library.count()


@pytest.mark.parametrize(
    "query,slug",
    [
        ("policia", "sus-derechos-si-lo-detienen"),  # "policía" without the accent
        ("VIGILANCIA vecinal", "como-iniciar-vigilancia-vecinal"),
        ("deadbolts", "home-security-checklist"),
        ("988", "mental-health-crisis-contacts"),
    ],
)
def test_search_is_accent_and_case_insensitive(client, library, query, slug):
    r = client.get("/outreach/resources/", {"q": query})
    assert r.status_code == 200
    assert f"/outreach/resources/{slug}/" in r.content.decode()


def test_filters_by_topic_and_language(client, library):
    html = client.get(
        "/outreach/resources/", {"topic": "home_security", "language": "es"}
    ).content.decode()
    assert "/outreach/resources/lista-seguridad-hogar/" in html
    assert "/outreach/resources/home-security-checklist/" not in html
    assert "/outreach/resources/programas-juveniles/" not in html


def test_bad_filters_are_form_errors_not_500(client, library):
    r = client.get("/outreach/resources/", {"topic": "aliens", "language": "xx", "q": "x" * 500})
    assert r.status_code == 200
    assert "errorlist" in r.content.decode()


def test_nothing_found_says_so(client, library):
    assert "Nothing found" in client.get("/outreach/resources/", {"q": "zzzqqq"}).content.decode()


def test_resource_page_with_translation_link(client, library):
    html = client.get("/outreach/resources/home-security-checklist/").content.decode()
    assert "Use deadbolts" in html and 'hreflang="es"' in html
    assert client.get("/outreach/resources/nope/").status_code == 404


def test_downloads_are_checked_by_content(officer, client):
    pdf = SimpleUploadedFile(
        "guide.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF", content_type="application/pdf"
    )
    r = services.add_resource(
        by=officer, title="Guide", kind="file", language="en", file=pdf, topics=["home_security"]
    )
    assert r.file_content_type == "application/pdf"
    resp = client.get(f"/outreach/resources/{r.slug}/download")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    assert (
        resp["X-Content-Type-Options"] == "nosniff" and "attachment" in resp["Content-Disposition"]
    )
    disguised = SimpleUploadedFile(
        "evil.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as exc:
        services.add_resource(by=officer, title="Evil", kind="file", language="en", file=disguised)
    assert "file" in exc.value.message_dict
    img = SimpleUploadedFile("poster.bin", png_bytes(), content_type="application/octet-stream")
    poster = services.add_resource(by=officer, title="Poster", kind="file", language="es", file=img)
    assert poster.file_content_type == "image/png"


def test_add_resource_validation(officer):
    for kwargs, field in [
        ({"kind": "link"}, "url"),
        ({"kind": "article"}, "body"),
        ({"kind": "file"}, "file"),
        ({"kind": "poem", "body": "x"}, "kind"),
        ({"kind": "article", "body": "x", "language": "fr"}, "language"),
        ({"kind": "article", "body": "x", "topics": ["magic"]}, "topics"),
        ({"kind": "link", "url": "javascript:alert(1)"}, "url"),
    ]:
        kwargs = {"title": "T", "language": "en", **kwargs}
        with pytest.raises(ValidationError) as exc:
            services.add_resource(by=officer, **kwargs)
        assert field in exc.value.message_dict, field


@pytest.mark.parametrize("role", ["resident", "partner", "analyst"])
def test_roles_that_cannot_add(personas, client_for, role):
    with pytest.raises(PermissionDenied):
        services.add_resource(by=personas[role], title="T", kind="article", language="en", body="x")
    assert client_for(personas[role]).get("/outreach/resources/new/").status_code == 403


def test_officer_adds_through_the_form(client_for, officer):
    c = client_for(officer)
    r = c.post(
        "/outreach/resources/new/",
        {"title": "", "kind": "article", "language": "en", "topics": ["youth"]},
    )
    assert r.status_code == 400
    r = c.post(
        "/outreach/resources/new/",
        {
            "title": "Bike safety",
            "kind": "checklist",
            "language": "en",
            "body": "Lock it\nLight it",
            "topics": ["traffic"],
            "categories": "240, speeding-traffic",
        },
    )
    assert r.status_code == 302
    made = Resource.objects.get(title="Bike safety")
    assert made.categories == ["240", "speeding-traffic"]


def test_suggestions_by_category(library):
    from beatbridge.core.suggestions import suggestions

    found = suggestions(["220"], "en", 3)
    assert found and found[0].language == "en"
    assert "home-security-checklist" in [r.slug for r in found]
    es = suggestions(["220"], "es", 3)
    assert es[0].language == "es"
    assert suggestions([], "en") == [] and suggestions(["unknown"], "en") == []


def test_concern_page_suggests_resources(client, library, city, resident):
    from beatbridge.concerns import services as concern_services
    from beatbridge.concerns.models import Category

    Category.objects.get_or_create(
        code="vandalism-graffiti", defaults={"name_en": "Vandalism", "name_es": "Vandalismo"}
    )
    concern = concern_services.submit_concern(
        category="vandalism-graffiti",
        description="Graffiti on the garage",
        lon=-87.695,
        lat=41.805,
        by=resident,
    )
    html = client.get(f"/concerns/{concern.pk}/").content.decode()
    assert "Helpful resources" in html
    assert "/outreach/resources/home-security-checklist/" in html


def test_demo_loads_announcements_once(supervisor, city):
    from beatbridge.outreach.models import Announcement

    demo.load_demo(out=lambda *_: None)
    count = Announcement.objects.count()
    assert count == 2 and Resource.objects.count() == len(demo.RESOURCES)
    demo.load_demo(out=lambda *_: None)
    assert Announcement.objects.count() == count


def test_workshop_page_links_library_resources(client, library, officer, city):
    import datetime as dt

    from django.utils import timezone

    from beatbridge.meetings import services as meeting_services

    start = (timezone.now() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    workshop = meeting_services.schedule_meeting(
        areas=[city["b111"]],
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        by=officer,
        kind="workshop",
        title="Home security workshop",
        address="1 Main St",
    )
    html = client.get(f"/meetings/{workshop.pk}/").content.decode()
    assert "Helpful resources" in html
    assert "/outreach/resources/home-security-checklist/" in html
    es = client.get(f"/meetings/{workshop.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert es.index("/outreach/resources/lista-seguridad-hogar/") < es.index(
        "/outreach/resources/home-security-checklist/"
    )
