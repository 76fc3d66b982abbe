import pytest

from beatbridge.watch.demo import load_demo
from beatbridge.watch.models import WatchGroup

pytestmark = pytest.mark.django_db


def test_demo_groups_in_different_districts_idempotent(city, resident, neighbor, officer):
    load_demo(out=lambda s: None)
    groups = list(WatchGroup.objects.all())
    assert len(groups) == 2  # the test city has two neighborhoods in two districts
    load_demo(out=lambda s: None)
    assert WatchGroup.objects.count() == 2
    assert all(g.patrol_slots.exists() and g.events.exists() for g in groups)
