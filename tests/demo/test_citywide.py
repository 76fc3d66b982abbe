"""The whole demo city: every district and neighborhood has people, partners, concerns,
meetings with minutes and priorities; texts do not repeat; loading twice adds nothing."""

import pytest
from django.utils import timezone

from beatbridge.accounts.models import Organization
from beatbridge.areas.models import Area, AreaAlias, OfficerAssignment
from beatbridge.areas.search import search_areas
from beatbridge.concerns.models import Concern
from beatbridge.concerns.seed import seed_categories
from beatbridge.demo.city import load_city
from beatbridge.demo.citywide import load_citywide
from beatbridge.meetings.models import Meeting, Minutes
from beatbridge.priorities.models import Priority


def _counts():
    return {
        "aliases": AreaAlias.objects.count(),
        "assignments": OfficerAssignment.objects.count(),
        "orgs": Organization.objects.count(),
        "concerns": Concern.objects.count(),
        "meetings": Meeting.objects.count(),
        "minutes": Minutes.objects.count(),
        "priorities": Priority.objects.count(),
    }


@pytest.mark.django_db
def test_every_district_and_neighborhood_is_populated_once():
    quiet = lambda *_: None  # noqa: E731
    load_city(out=quiet)
    seed_categories()
    load_citywide(out=quiet)
    first = _counts()
    now = timezone.now()
    for district in Area.objects.districts():
        beats = Area.objects.beats().filter(parent=district)
        assert OfficerAssignment.objects.filter(beat__in=beats).exists(), district
    for hood in Area.objects.neighborhoods():
        assert Concern.objects.filter(neighborhood=hood).count() >= 3, hood.name
        assert hood.organizations.exists(), hood.name
    albany = Area.objects.neighborhoods().get(name="Albany Park")
    assert Concern.objects.filter(neighborhood=albany).count() >= 8
    texts = list(Concern.objects.values_list("description", flat=True))
    assert len(texts) == len(set(texts))
    assert len({c.status for c in Concern.objects.filter(source="demo-city")}) >= 4
    # Past meetings have approved minutes, future ones none; every district but the two
    # with hand-written series has a series with priorities.
    past = Meeting.objects.filter(starts_at__lt=now, series__title__contains="community")
    assert past.exists()
    assert all(Minutes.objects.filter(meeting=m).exists() for m in past)
    assert not Minutes.objects.filter(meeting__starts_at__gt=now).exists()
    assert Priority.objects.values("area__parent").distinct().count() >= 20
    assert search_areas("Pilsen").areas[0].name == "Lower West Side"
    load_citywide(out=quiet)
    assert _counts() == first
