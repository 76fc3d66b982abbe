"""The area page's officer lists take one query, however many beats and officers there are."""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beatbridge.accounts.models import Role
from beatbridge.areas.models import OfficerAssignment

from ..factories import UserFactory


def _page(client, url: str) -> tuple[str, int]:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _assign(city, beat: str, name: str, **dates) -> None:
    user = UserFactory(role=Role.OFFICER, display_name=name)
    OfficerAssignment.objects.create(
        officer=user,
        beat=city[beat],
        starts_on=dates.get("starts_on", dt.date(2020, 1, 1)),
        ends_on=dates.get("ends_on"),
    )


def test_more_officers_and_beats_do_not_mean_more_queries(client, city, other_district_officer):
    _page(client, "/areas/neighborhood/2/")  # warm per-process state (locator, templates)
    _, before = _page(client, "/areas/neighborhood/2/")
    for i in range(4):
        _assign(city, "b112", f"Officer B{i}")
        _assign(city, "b211", f"Officer C{i}")
    _assign(city, "b112", "Officer Gone", ends_on=timezone.localdate() - dt.timedelta(days=1))
    page, after = _page(client, "/areas/neighborhood/2/")
    assert after == before
    assert page.count('class="officer-name"') == 9  # Oscar + 8; not the one whose time ended
    assert "Officer Gone" not in page
    beat_0112 = page[page.index('data-beat="0112"') : page.index('data-beat="0211"')]
    assert [f"Officer B{i}" in beat_0112 for i in range(4)] == [True] * 4
    assert "Officer Oscar" not in beat_0112


def test_officers_are_listed_by_name_once_each(client, city):
    _assign(city, "b112", "Officer Zed")
    _assign(city, "b112", "Officer Amy")
    twice = UserFactory(role=Role.OFFICER, display_name="Officer Max")
    for start in (dt.date(2020, 1, 1), dt.date(2021, 1, 1)):  # two current assignments
        OfficerAssignment.objects.create(officer=twice, beat=city["b112"], starts_on=start)
    page, _ = _page(client, "/areas/beat/0112/")
    names = [n for n in ("Officer Amy", "Officer Max", "Officer Zed") if n in page]
    assert names == ["Officer Amy", "Officer Max", "Officer Zed"]
    assert page.count("Officer Max") == 1
    assert page.index("Officer Amy") < page.index("Officer Max") < page.index("Officer Zed")
