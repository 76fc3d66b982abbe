"""Watch-group fixtures: a Riverside group (coordinator: the resident persona) and incidents."""

import datetime as dt
import hashlib
import itertools

import h3
import pytest
from django.utils import timezone

from beatbridge.accounts.models import Role
from beatbridge.data.models import Incident, OffenseCategory
from beatbridge.watch import services

from ..factories import UserFactory

_ids = itertools.count(1)


@pytest.fixture
def category(db):
    def get(code: str, sensitive: bool = False) -> OffenseCategory:
        obj, _ = OffenseCategory.objects.get_or_create(
            code=code,
            defaults={"name_en": f"Cat {code}", "name_es": f"Cat {code}", "group": "A"},
        )
        if sensitive and not obj.is_sensitive:
            obj.is_sensitive = True
            obj.save()
        return obj

    return get


@pytest.fixture
def neighbor(city):
    return UserFactory(email="nina@example.org", role=Role.RESIDENT, display_name="Nina Neighbor")


@pytest.fixture
def group(city, resident, category):
    g = services.create_group(
        city["riverside"],
        name="Riverside Watch",
        how_to_join="Ask below.",
        meeting_times="First Tuesday, 7 pm",
        categories=[category("220")],
        by=resident,
    )
    return g


@pytest.fixture
def member_group(group, neighbor, resident):
    m = services.request_to_join(group, by=neighbor)
    services.decide_request(m, approve=True, by=resident)
    return group


@pytest.fixture
def make_incident(city, category):
    def make(code, lon, lat, when=None, sensitive=False):
        from beatbridge.areas.locator import locate

        cat = category(code, sensitive)
        when = when or timezone.now() - dt.timedelta(days=1)
        local = timezone.localtime(when)
        cell = h3.latlng_to_cell(lat, lon, 10)
        plat, plon = h3.cell_to_latlng(cell)
        areas = {a.kind: a for a in locate(lon, lat)}
        n = next(_ids)
        return Incident.objects.create(
            source="test",
            source_id=f"w{n}",
            row_hash=hashlib.md5(str(n).encode()).hexdigest(),  # noqa: S324
            occurred_at=when,
            local_month=local.year * 100 + local.month,
            local_weekday=local.weekday(),
            local_hour=local.hour,
            category=cat,
            lon=lon,
            lat=lat,
            public_lon=plon,
            public_lat=plat,
            h3_cell=cell,
            block="012XX W SECRET ST",
            premise="Residence",
            offense="Victim Jane Doe's house",
            beat=areas.get("beat"),
            district=areas.get("district"),
            neighborhood=areas.get("neighborhood"),
            is_sensitive=cat.is_sensitive,
        )

    return make
