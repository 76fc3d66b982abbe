"""Posting, targeting, editing and withdrawing announcements; every role; notifications."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from beatbridge.accounts.models import ActivityEntry
from beatbridge.outreach import services
from beatbridge.outreach.models import Announcement

from .conftest import png_bytes


def _post(by, areas, **extra):
    kwargs = {
        "by": by,
        "title": "Water main work on Elm St",
        "body": "Elm St is closed between 1st and 3rd until Friday.",
        "category": "closure",
        "areas": areas,
    }
    kwargs.update(extra)
    return services.post_announcement(**kwargs)


def test_officer_posts_to_served_area_and_it_is_logged(
    officer, city, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = _post(officer, [city["riverside"], city["b111"]])
    assert set(a.areas.all()) == {city["riverside"], city["b111"]}
    entry = ActivityEntry.objects.get(verb="outreach.announcement_posted")
    assert entry.actor == officer and entry.target_id == str(a.pk)
    assert published[0]["topic"] == "announcements" and published[0]["urgent"] is False
    assert set(published[0]["areas"]) == {city["riverside"], city["b111"]}
    assert published[0]["source_key"] == f"outreach.announcement:{a.uuid}"


def test_urgent_safety_alert_is_published_at_once(
    officer, city, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(officer, [city["b111"]], category="safety_alert", is_urgent=True, title="Gas leak")
    assert published[0]["topic"] == "urgent_alerts"
    assert published[0]["urgent"] is True
    assert published[0]["subject"] == "Gas leak"
    assert published[0]["url"].endswith("/")


def test_only_safety_alerts_can_be_urgent(officer, city):
    with pytest.raises(ValidationError) as exc:
        _post(officer, [city["b111"]], is_urgent=True)
    assert "is_urgent" in exc.value.message_dict


def test_officer_cannot_post_to_an_area_they_do_not_serve(officer, city):
    with pytest.raises(ValidationError) as exc:
        _post(officer, [city["b211"]])
    assert "areas" in exc.value.message_dict
    assert not Announcement.objects.exists()


def test_other_district_officer_refused_in_district_1(other_district_officer, city):
    with pytest.raises(ValidationError):
        _post(other_district_officer, [city["d1"]])
    assert _post(other_district_officer, [city["d2"]]).pk


def test_citywide_only_for_supervisors(officer, supervisor, city, published):
    with pytest.raises(PermissionDenied):
        _post(officer, [], is_citywide=True)
    a = _post(supervisor, [], is_citywide=True)
    assert a.is_citywide and a.area_label() == "City-wide"


@pytest.mark.parametrize("role", ["resident", "analyst"])
def test_roles_that_cannot_post(personas, city, role):
    with pytest.raises(PermissionDenied):
        _post(personas[role], [city["riverside"]])


def test_anonymous_cannot_post(anon, city):
    with pytest.raises(PermissionDenied):
        _post(anon, [city["riverside"]])


def test_partner_posts_for_their_organization_to_its_neighborhoods(partner, org, city):
    a = _post(partner, [city["riverside"]], organization=org, category="event")
    assert a.byline == "Riverside Youth League"
    with pytest.raises(ValidationError) as exc:
        _post(partner, [city["hilltop"]], organization=org)
    assert "areas" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _post(partner, [city["riverside"]], organization=org, category="safety_alert")
    assert "category" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _post(partner, [city["riverside"]])
    assert "organization" in exc.value.message_dict


def test_bad_input_names_the_field(officer, city):
    for extra, field in [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"category": "gossip"}, "category"),
        ({"areas": []}, "areas"),
        ({"expires_at": timezone.now() - dt.timedelta(hours=1)}, "expires_at"),
    ]:
        with pytest.raises(ValidationError) as exc:
            _post(officer, extra.pop("areas", [city["b111"]]), **extra)
        assert field in exc.value.message_dict, field


def test_image_is_checked_by_content_and_size(officer, city, settings):
    fake = SimpleUploadedFile("x.png", b"<?php echo 1; ?>", content_type="image/png")
    with pytest.raises(ValidationError):
        _post(officer, [city["b111"]], image=fake, image_alt="x")
    good = SimpleUploadedFile("x.txt", png_bytes(), content_type="text/plain")
    with pytest.raises(ValidationError) as exc:
        _post(officer, [city["b111"]], image=good)
    assert "image_alt" in exc.value.message_dict
    a = _post(officer, [city["b111"]], image=good, image_alt="Map of the closure")
    assert a.image.name.endswith(".png")
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "OUTREACH_MAX_IMAGE_BYTES": 100}
    with pytest.raises(ValidationError, match="smaller"):
        _post(
            officer,
            [city["b111"]],
            image=SimpleUploadedFile("y.png", png_bytes((300, 300))),
            image_alt="y",
        )


def test_targeting_shows_only_the_right_areas(officer, other_district_officer, supervisor, city):
    from beatbridge.outreach.queries import area_announcements

    to_riverside = _post(officer, [city["riverside"]], title="Riverside only")
    to_d2 = _post(other_district_officer, [city["d2"]], title="District 2")
    citywide = _post(supervisor, [], is_citywide=True, title="Everyone")
    to_d1 = _post(officer, [city["d1"]], title="District 1")
    riverside = set(area_announcements(city["riverside"]))
    assert riverside == {to_riverside, citywide, to_d1}
    hilltop = set(area_announcements(city["hilltop"]))  # lies in districts 1 and 2
    assert hilltop == {to_d2, citywide, to_d1}
    assert set(area_announcements(city["b211"])) == {to_d2, citywide}
    assert set(area_announcements(city["b112"])) == {citywide, to_d1}


def test_expired_and_withdrawn_are_not_live(officer, city):
    a = _post(officer, [city["b111"]], expires_at=timezone.now() + dt.timedelta(minutes=5))
    assert Announcement.objects.live().filter(pk=a.pk).exists()
    later = timezone.now() + dt.timedelta(minutes=10)
    assert not Announcement.objects.live(later).filter(pk=a.pk).exists()
    services.withdraw_announcement(a, by=officer, reason="done")
    assert not Announcement.objects.live().exists()
    assert ActivityEntry.objects.filter(verb="outreach.announcement_withdrawn").exists()


def test_edit_by_author_and_supervisor_only(
    announcement, officer, other_district_officer, supervisor, resident, partner
):
    services.edit_announcement(announcement, by=officer, title="Street fair moved to Sunday")
    announcement.refresh_from_db()
    assert announcement.title == "Street fair moved to Sunday"
    entry = ActivityEntry.objects.get(verb="outreach.announcement_edited")
    assert entry.data == {"changed": ["title"]}
    services.edit_announcement(announcement, by=supervisor, body="Sunday, noon to 6 pm.")
    for user in (other_district_officer, resident, partner):
        with pytest.raises(PermissionDenied):
            services.edit_announcement(announcement, by=user, title="Hacked")
        with pytest.raises(PermissionDenied):
            services.withdraw_announcement(announcement, by=user)
    with pytest.raises(ValidationError) as exc:
        services.edit_announcement(announcement, by=officer, title="")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.edit_announcement(announcement, by=officer, category="safety_alert")


# ---------------------------------------------------------------- pages


def test_page_shows_announcement_and_feed_links(client, announcement):
    r = client.get(f"/outreach/announcements/{announcement.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Street fair on River St" in html
    assert (
        'type="application/atom+xml"' in html and "/outreach/feeds/area/neighborhood/1.atom" in html
    )
    assert 'type="text/calendar"' in html
    assert "Withdraw" not in html


def test_form_posts_and_redirects(client_for, officer, city, published):
    c = client_for(officer)
    assert c.get("/outreach/announcements/new/").status_code == 200
    r = c.post(
        "/outreach/announcements/new/",
        {
            "title": "Coffee with a cop",
            "body": "Friday 8 am at the bakery.",
            "category": "event",
            "areas": [city["b111"].pk],
        },
    )
    a = Announcement.objects.get(title="Coffee with a cop")
    assert r.status_code == 302 and r["Location"] == f"/outreach/announcements/{a.pk}/"


def test_form_errors_on_bad_input(client_for, officer, city):
    c = client_for(officer)
    r = c.post(
        "/outreach/announcements/new/",
        {"title": "", "body": "x", "category": "event", "areas": [city["b211"].pk]},
    )
    assert r.status_code == 400
    assert not Announcement.objects.exists()
    r = c.post("/outreach/announcements/new/", {"title": "T", "body": "x", "category": "event"})
    assert r.status_code == 400
    assert "Choose at least one area" in r.content.decode()
    img = SimpleUploadedFile("a.jpg", b"not an image")
    r = c.post(
        "/outreach/announcements/new/",
        {
            "title": "T",
            "body": "x",
            "category": "event",
            "areas": [city["b111"].pk],
            "image": img,
            "image_alt": "a",
        },
    )
    assert r.status_code == 400 and "JPEG, PNG or WebP" in r.content.decode()


@pytest.mark.parametrize("role", ["resident", "analyst"])
def test_form_refused(client_for, personas, role):
    assert client_for(personas[role]).get("/outreach/announcements/new/").status_code == 403


def test_anonymous_form_goes_to_sign_in(client):
    r = client.get("/outreach/announcements/new/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_edit_and_withdraw_pages(client_for, announcement, officer, resident):
    c = client_for(officer)
    page = c.get(f"/outreach/announcements/{announcement.pk}/").content.decode()
    assert "Withdraw the announcement" in page and "outreach.announcement_posted" in page
    r = c.post(f"/outreach/announcements/{announcement.pk}/edit/", {"title": "", "body": "b"})
    assert r.status_code == 400
    r = c.post(
        f"/outreach/announcements/{announcement.pk}/edit/", {"title": "New title", "body": "b"}
    )
    assert r.status_code == 302
    assert (
        client_for(resident)
        .post(f"/outreach/announcements/{announcement.pk}/withdraw/")
        .status_code
        == 403
    )
    assert c.post(f"/outreach/announcements/{announcement.pk}/withdraw/").status_code == 302
    assert (
        client_for(resident).get(f"/outreach/announcements/{announcement.pk}/").status_code == 404
    )
    assert c.get(f"/outreach/announcements/{announcement.pk}/").status_code == 200


def test_partner_posts_through_the_form(client_for, partner, org, city):
    c = client_for(partner)
    page = c.get("/outreach/announcements/new/").content.decode()
    assert "Riverside Youth League" in page and "The whole city" not in page
    r = c.post(
        "/outreach/announcements/new/",
        {
            "title": "Youth league sign-ups",
            "body": "Sign up at the field house.",
            "category": "event",
            "areas": [city["riverside"].pk],
            "organization": org.pk,
        },
    )
    assert r.status_code == 302
    a = Announcement.objects.get(title="Youth league sign-ups")
    assert a.organization == org and a.byline == "Riverside Youth League"
    r = c.post(
        "/outreach/announcements/new/",
        {
            "title": "T",
            "body": "b",
            "category": "safety_alert",
            "areas": [city["riverside"].pk],
            "organization": org.pk,
        },
    )
    assert r.status_code == 400 and "Partners cannot post safety alerts" in r.content.decode()
