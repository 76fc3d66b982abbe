"""iCalendar (RFC 5545) feed of a watch group's meetings, built with the meetings app's
helpers (one_line, multi_line, uid_host): UID, DTSTAMP in UTC, DTSTART/DTEND with TZID and
a VTIMEZONE, SEQUENCE, STATUS; icalendar writes CRLF line endings and folds long lines."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from beatbridge.meetings.ics import multi_line, one_line, uid_host

from .models import WatchGroup

PRODID = "-//Beatbridge//Watch groups//EN"


def event_uid(event) -> str:
    return f"watch-event-{event.pk}@{uid_host()}"


def group_calendar(group: WatchGroup) -> bytes:
    tz = timezone.get_default_timezone()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(group.name))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    since = timezone.now() - dt.timedelta(days=90)
    events = list(group.events.filter(ends_at__gte=since).order_by("starts_at")[:500])
    for e in events:
        ev = Event()
        ev.add("uid", event_uid(e))
        ev.add("dtstamp", stamp)
        ev.add("sequence", e.sequence)
        ev.add("created", e.created_at.astimezone(dt.UTC).replace(microsecond=0))
        ev.add("last-modified", e.updated_at.astimezone(dt.UTC).replace(microsecond=0))
        ev.add("dtstart", e.starts_at.astimezone(tz).replace(microsecond=0))
        ev.add("dtend", e.ends_at.astimezone(tz).replace(microsecond=0))
        ev.add("summary", one_line(("CANCELLED: " if e.is_cancelled else "") + e.title))
        ev.add("status", "CANCELLED" if e.is_cancelled else "CONFIRMED")
        if e.location:
            ev.add("location", one_line(e.location))
        if e.description:
            ev.add("description", multi_line(e.description))
        cal.add_component(ev)
    today = timezone.localdate()
    first, last = today - dt.timedelta(days=400), today + dt.timedelta(days=400)
    cal.add_missing_timezones(first_date=first, last_date=last)
    if not cal.walk("VTIMEZONE"):
        cal.add_component(Timezone.from_tzid(settings.TIME_ZONE, first_date=first, last_date=last))
    return cal.to_ical()
