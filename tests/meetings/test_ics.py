"""iCalendar feeds and files: valid RFC 5545, stable UID, rising SEQUENCE, cancellations kept."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from beatbridge.meetings import services


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(response.content)
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_single_meeting_file(meeting, client, settings):
    cal, events = parse(client.get(f"/meetings/{meeting.pk}/calendar.ics"))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    event = events[uid]
    assert event["SUMMARY"] == meeting.title
    assert event.get("DTSTART").params["TZID"] == settings.TIME_ZONE
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event
    assert event["LOCATION"] == "1 Main St"
    geo = event["GEO"]
    assert (round(geo.latitude, 3), round(geo.longitude, 3)) == (41.805, -87.695)
    assert event["URL"].endswith(f"/meetings/{meeting.pk}/")
    tzs = cal.walk("VTIMEZONE")
    assert [str(t["TZID"]) for t in tzs] == [settings.TIME_ZONE]
    raw = client.get(f"/meetings/{meeting.pk}/calendar.ics").content
    assert b"\r\n" in raw  # RFC 5545 line endings


def test_updates_keep_uid_and_raise_sequence_and_cancellation_stays(meeting, officer, client):
    url = "/meetings/feeds/city.ics"
    uid = f"meeting-{meeting.pk}@127.0.0.1"
    _cal, before = parse(client.get(url))
    services.update_meeting(meeting, by=officer, title="Beat 0111 meeting (new room)")
    _cal, after_update = parse(client.get(url))
    services.move_meeting(meeting, starts_at=meeting.starts_at + dt.timedelta(days=1), by=officer)
    _cal, after_move = parse(client.get(url))
    services.cancel_meeting(meeting, by=officer, reason="Storm")
    _cal, after_cancel = parse(client.get(url))
    sequences = [e[uid]["SEQUENCE"] for e in (before, after_update, after_move, after_cancel)]
    assert sequences == [0, 1, 2, 3]
    assert after_cancel[uid]["STATUS"] == "CANCELLED"
    assert "Storm" in str(after_cancel[uid]["DESCRIPTION"])


def test_area_feeds(make_meeting, city, client):
    beat = make_meeting(title="Beat meeting")
    nbhd_only = make_meeting(title="Hilltop walk", areas=[city["hilltop"]], kind="walk_through")
    _cal, b111 = parse(client.get("/meetings/feeds/area/beat/0111.ics"))
    assert set(b111) == {f"meeting-{beat.pk}@127.0.0.1"}
    # Riverside lies over beat 0111: its feed carries the beat's meetings too.
    _cal, riverside = parse(client.get("/meetings/feeds/area/neighborhood/1.ics"))
    assert f"meeting-{beat.pk}@127.0.0.1" in riverside
    assert f"meeting-{nbhd_only.pk}@127.0.0.1" not in riverside
    _cal, hilltop = parse(client.get("/meetings/feeds/area/neighborhood/2.ics"))
    assert f"meeting-{nbhd_only.pk}@127.0.0.1" in hilltop


def test_empty_feed_still_has_timezone(city, client, settings):
    cal, events = parse(client.get("/meetings/feeds/area/beat/0211.ics"))
    assert events == {} and [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == [settings.TIME_ZONE]


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/feeds/area/planet/1.ics",
        "/meetings/feeds/area/beat/9999.ics",
        "/meetings/999/calendar.ics",
    ],
)
def test_unknown_feeds_are_404(city, client, url):
    assert client.get(url).status_code == 404


def test_pages_announce_their_feeds(meeting, client):
    link = b'rel="alternate" type="text/calendar"'
    detail = client.get(f"/meetings/{meeting.pk}/").content
    assert link in detail and f"/meetings/{meeting.pk}/calendar.ics".encode() in detail
    listing = client.get("/meetings/").content
    assert link in listing and b"/meetings/feeds/city.ics" in listing
    area = client.get("/areas/neighborhood/1/").content
    head = area.split(b"</head>")[0]
    assert link in head and b"/meetings/feeds/area/neighborhood/1.ics" in head


def test_dst_meetings_carry_local_wall_time(make_meeting, client):
    tz = timezone.get_default_timezone()
    m = make_meeting(starts_at=dt.datetime(2030, 11, 5, 18, 30, tzinfo=tz))
    _cal, events = parse(client.get(f"/meetings/{m.pk}/calendar.ics"))
    start = events[f"meeting-{m.pk}@127.0.0.1"].decoded("DTSTART")
    assert (start.hour, start.minute) == (18, 30) and start.utcoffset() == dt.timedelta(hours=-6)


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/{pk}/calendar.ics",
        "/meetings/feeds/city.ics",
        "/meetings/feeds/area/beat/0111.ics",
    ],
)
def test_line_breaks_in_text_never_break_a_content_line(make_meeting, city, client, url):
    """A title with CR/LF was a 500 (icalendar refuses a raw newline in X-WR-CALNAME) and
    could have injected properties; every CR/LF is now a space or an escaped ``\\n``."""
    from beatbridge.areas.models import Area
    from beatbridge.meetings.models import Meeting

    meeting = make_meeting(address="1 Main St", description="First line\r\nSecond line\rThird")
    Meeting.objects.filter(pk=meeting.pk).update(
        title="Evil\r\nATTENDEE:mailto:x@example.org\r\nX", address="Hall\nBack door"
    )
    Area.objects.filter(pk=city["b111"].pk).update(name="Beat\r\nATTENDEE:mailto:y@example.org")
    response = client.get(url.format(pk=meeting.pk))
    _cal, events = parse(response)
    lines = response.content.decode().split("\r\n")
    assert all("\r" not in line and "\n" not in line for line in lines)
    assert not any(line.startswith("ATTENDEE") for line in lines)
    event = events[f"meeting-{meeting.pk}@127.0.0.1"]
    assert event["SUMMARY"] == "Evil ATTENDEE:mailto:x@example.org X"
    assert event["LOCATION"] == "Hall Back door"
    assert str(event["DESCRIPTION"]).startswith("First line\nSecond line\nThird")
    assert "DESCRIPTION:First line\\nSecond line\\nThird" in response.content.decode()
