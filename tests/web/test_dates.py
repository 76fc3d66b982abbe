"""Dates kept as ISO text in stored data are shown in the reader's language (issue 17)."""

import datetime as dt

from django.utils import timezone, translation

from beatbridge.web.templatetags.beatbridge_dates import isodate


def test_iso_text_reads_in_each_language():
    with translation.override("en"):
        assert isodate("2026-11-10") == "Nov. 10, 2026"
    with translation.override("es"):
        assert isodate("2026-11-10") == "10 de noviembre de 2026"


def test_datetimes_move_to_the_site_time_zone(settings):
    settings.TIME_ZONE = "America/Chicago"
    late = dt.datetime(2026, 11, 11, 3, 0, tzinfo=dt.UTC)  # 9 p.m. on the 10th in Chicago
    with translation.override("en"), timezone.override("America/Chicago"):
        assert isodate(late) == "Nov. 10, 2026"
        assert isodate(late.isoformat()) == "Nov. 10, 2026"


def test_other_text_is_left_alone():
    assert isodate("not a date") == "not a date"
    assert isodate(None) == ""
