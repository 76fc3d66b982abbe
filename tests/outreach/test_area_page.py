"""The neighborhood page's outreach sections: officer cards, announcements, resources,
feeds; cached fragments refresh when an announcement is posted."""

from django.core.files.uploadedfile import SimpleUploadedFile

from beatbridge.outreach import demo, services

from .conftest import png_bytes


def test_sections_on_the_neighborhood_page(client, announcement, city):
    demo.load_resources(out=lambda *_: None)
    html = client.get("/areas/neighborhood/1/").content.decode()
    assert "Latest announcements" in html and "Street fair on River St" in html
    assert "Safety resources" in html and "/outreach/resources/home-security-checklist/" in html
    assert "Request a safety workshop here" in html
    assert "Follow this area" in html and "/outreach/share/neighborhood/1/" in html


def test_new_announcement_shows_despite_the_cached_fragment(client, announcement, officer, city):
    assert "Street fair" in client.get("/areas/neighborhood/1/").content.decode()
    services.post_announcement(
        by=officer, title="Second notice", body="b", category="good_news", areas=[city["riverside"]]
    )
    assert "Second notice" in client.get("/areas/neighborhood/1/").content.decode()


def test_officer_card_with_photo_and_languages(client, client_for, officer, city):
    assert "Meet your officers" not in client.get("/areas/neighborhood/1/").content.decode()
    c = client_for(officer)
    r = c.post(
        "/outreach/officer-card/",
        {
            "languages": "English, Spanish",
            "public_email": "beat111@police.example.org",
            "photo": SimpleUploadedFile("me.jpg", png_bytes((120, 120))),
        },
    )
    assert r.status_code == 302
    html = client.get("/areas/neighborhood/1/").content.decode()
    assert "Meet your officers" in html and "English, Spanish" in html
    assert "beat111@police.example.org" in html
    assert "officer@example.org" not in html  # the account's own email stays private
    photo = client.get(f"/outreach/officers/{officer.pk}/photo")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"


def test_officer_card_bad_input(client_for, officer, resident):
    c = client_for(officer)
    r = c.post("/outreach/officer-card/", {"public_email": "nope"})
    assert r.status_code == 400
    r = c.post("/outreach/officer-card/", {"photo": SimpleUploadedFile("x.jpg", b"GIF89a")})
    assert r.status_code == 400 and "JPEG, PNG or WebP" in r.content.decode()
    assert client_for(resident).get("/outreach/officer-card/").status_code == 403


def test_announcement_list_and_category_filter(client, announcement):
    r = client.get("/outreach/announcements/", {"category": "event"})
    assert r.status_code == 200 and "Street fair" in r.content.decode()
    assert "/outreach/feeds/category/event.atom" in r.content.decode().split("</head>")[0]
    assert (
        "Street fair"
        not in client.get("/outreach/announcements/", {"category": "closure"}).content.decode()
    )
    assert (
        client.get("/outreach/announcements/", {"category": "x", "page": "abc"}).status_code == 200
    )
