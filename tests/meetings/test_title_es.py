"""Meeting titles in Spanish: shown to Spanish readers, English when blank, in the API and iCal."""

import datetime as dt

import icalendar
from django.utils import timezone

from beatbridge.meetings import services
from beatbridge.meetings.models import Meeting


def es(client, url):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="es")


def test_spanish_page_shows_title_es_and_english_page_the_title(make_meeting, client):
    meeting = make_meeting(title="Beat 0111 meeting", title_es="Reunión del sector 0111")
    page = es(client, f"/meetings/{meeting.pk}/").content.decode()
    assert "<h1>Reunión del sector 0111</h1>" in page
    english = client.get(f"/meetings/{meeting.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Beat 0111 meeting</h1>" in english and "Reunión" not in english
    assert "Reunión del sector 0111" in es(client, "/meetings/").content.decode()


def test_blank_title_es_falls_back_to_english(make_meeting, client):
    meeting = make_meeting(title="Coffee with a cop")
    assert meeting.title_es == ""
    page = es(client, f"/meetings/{meeting.pk}/").content.decode()
    assert "<h1>Coffee with a cop</h1>" in page


def test_ics_summary_in_the_readers_language_and_valid(make_meeting, client):
    meeting = make_meeting(title="Beat meeting", title_es="Reunión\r\ndel sector")
    raw = es(client, f"/meetings/{meeting.pk}/calendar.ics").content
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Reunión del sector"
    assert event["SUMMARY"].params["LANGUAGE"] == "es"
    assert b"SUMMARY;LANGUAGE=es:Reuni" in raw
    english = icalendar.Calendar.from_ical(
        client.get(f"/meetings/{meeting.pk}/calendar.ics", HTTP_ACCEPT_LANGUAGE="en").content
    ).walk("VEVENT")[0]
    assert (
        str(english["SUMMARY"]) == "Beat meeting" and english["SUMMARY"].params["LANGUAGE"] == "en"
    )


def test_staff_form_schedules_and_edits_title_es(make_meeting, officer, client_for):
    meeting = make_meeting(title="Beat meeting")
    c = client_for(officer)
    form = c.get(f"/meetings/{meeting.pk}/edit/").content.decode()
    assert 'name="title_es"' in form
    start = timezone.localtime(meeting.starts_at)
    data = {
        "kind": meeting.kind,
        "title": "Beat meeting",
        "title_es": "  Reunión del sector  ",
        "areas": [a.pk for a in meeting.areas.all()],
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "address": "1 Main St",
    }
    r = c.post(f"/meetings/{meeting.pk}/edit/", data)
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title_es == "Reunión del sector"


def test_api_accepts_and_returns_title_es(city, officer, client_for):
    c = client_for(officer)
    start = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    body = {
        "kind": "beat_meeting",
        "title": "Beat meeting",
        "title_es": "Reunión del sector",
        "areas": [city["b111"].pk],
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "address": "1 Main St",
    }
    r = c.post("/api/v1/meetings/", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["title_es"] == "Reunión del sector"
    pk = r.json()["id"]
    r = c.patch(f"/api/v1/meetings/{pk}/", {"title_es": ""}, content_type="application/json")
    assert r.status_code == 200 and r.json()["title_es"] == ""
    assert Meeting.objects.get(pk=pk).title == "Beat meeting"
    body.pop("title_es")
    r = c.post("/api/v1/meetings/", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["title_es"] == ""  # optional
    r = c.patch(f"/api/v1/meetings/{pk}/", {"title_es": "x" * 201}, content_type="application/json")
    assert r.status_code == 400 and "title_es" in r.content.decode()


def test_series_title_es_reaches_its_occurrences(city, officer, client_for):
    series = services.create_series(
        areas=[city["b111"]],
        by=officer,
        kind="beat_meeting",
        title="Monthly beat meeting",
        title_es="Reunión mensual",
        address="1 Main St",
        frequency="monthly_weekday",
        weekday=1,
        ordinal=2,
        start_time=dt.time(18, 30),
        starts_on=timezone.localdate(),
        horizon=timezone.localdate() + dt.timedelta(days=70),
    )
    assert series.meetings.exists()
    assert set(series.meetings.values_list("title_es", flat=True)) == {"Reunión mensual"}
    r = client_for(None).get(f"/api/v1/meeting-series/{series.pk}/")
    assert r.json()["title_es"] == "Reunión mensual"
