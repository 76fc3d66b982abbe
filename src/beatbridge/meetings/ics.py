"""iCalendar (RFC 5545) for meetings: feeds and single-event "add to calendar" files.

Each meeting is one VEVENT with a stable UID (``meeting-<id>@<host>``), a SEQUENCE raised by
every update, move and cancellation, DTSTART/DTEND in the city's time zone (TZID, with a
VTIMEZONE for it), and STATUS:CANCELLED for cancellations, which stay in the feed so
calendars remove them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vGeo

from .models import Meeting

PRODID = "-//Beatbridge//Meetings//EN"


def uid_host() -> str:
    return urlparse(settings.SITE_URL).hostname or "beatbridge.local"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{uid_host()}"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")


def one_line(value: str) -> str:
    """A single-line TEXT value (a title, a place, a calendar name): line breaks become spaces.

    RFC 5545 forbids a raw CR or LF inside a content line; icalendar escapes LF in known
    TEXT properties as ``\\n`` but not in X- properties such as X-WR-CALNAME, and a title
    is one line anyway.
    """
    return " ".join(_LINE_BREAKS.sub(" ", value or "").split())


def multi_line(value: str) -> str:
    """A multi-line TEXT value (DESCRIPTION): every line break becomes LF, which icalendar
    writes as the escaped ``\\n`` of RFC 5545 section 3.3.11."""
    return _LINE_BREAKS.sub("\n", value or "")


def _event(meeting: Meeting, stamp: dt.datetime) -> Event:
    tz = timezone.get_default_timezone()
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.sequence)
    event.add("last-modified", meeting.updated_at.astimezone(dt.UTC).replace(microsecond=0))
    event.add("created", meeting.created_at.astimezone(dt.UTC).replace(microsecond=0))
    event.add("dtstart", meeting.starts_at.astimezone(tz).replace(microsecond=0))
    event.add("dtend", meeting.ends_at.astimezone(tz).replace(microsecond=0))
    # The title in the reader's language (English when no Spanish title is set); the
    # LANGUAGE parameter (RFC 5545 section 3.2.10) says which one it is.
    summary = one_line(meeting.display_title)
    if meeting.is_cancelled:
        summary = f"CANCELLED: {summary}"
    event.add("summary", summary, parameters={"LANGUAGE": meeting.display_title_language})
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("categories", [one_line(str(meeting.get_kind_display()))])
    location = one_line(meeting.address or meeting.online_url)
    if location:
        event.add("location", location)
    if meeting.has_place:
        event.add("geo", vGeo((meeting.lat, meeting.lon)))
    url = _absolute(meeting.get_absolute_url())
    event.add("url", url)
    description = [meeting.description.strip()] if meeting.description.strip() else []
    if meeting.is_cancelled and meeting.cancel_reason:
        description.insert(0, f"Cancelled: {meeting.cancel_reason}")
    if meeting.accessibility_notes:
        description.append(f"Accessibility: {meeting.accessibility_notes}")
    if meeting.online_url:
        description.append(f"Online: {meeting.online_url}")
    if meeting.languages:
        description.append("Languages: " + ", ".join(meeting.languages))
    description.append(url)
    event.add("description", multi_line("\n\n".join(description)))
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A VCALENDAR with one VEVENT per meeting and the VTIMEZONE they need."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    meetings = list(meetings)
    for meeting in meetings:
        cal.add_component(_event(meeting, stamp))
    today = timezone.localdate()
    if meetings:
        first = min(m.starts_at for m in meetings).date() - dt.timedelta(days=366)
        last = max(m.ends_at for m in meetings).date() + dt.timedelta(days=366)
    else:
        first, last = today - dt.timedelta(days=366), today + dt.timedelta(days=366)
    cal.add_missing_timezones(first_date=first, last_date=last)
    if not cal.walk("VTIMEZONE"):  # an empty feed still names its time zone
        cal.add_component(Timezone.from_tzid(settings.TIME_ZONE, first_date=first, last_date=last))
    return cal.to_ical()


FEED_PAST_DAYS = 90


def feed_meetings(queryset) -> list[Meeting]:
    """What a feed carries: recent and upcoming meetings, cancelled ones included."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    return list(queryset.filter(ends_at__gte=since).order_by("starts_at")[:1000])
