"""Hand-built incidents and enforcement actions for the insights tests."""

import datetime as dt
import hashlib
import itertools

import h3
import pytest
from django.utils import timezone

from beatbridge.analysis import providers
from beatbridge.data.models import EnforcementAction, Incident, OffenseCategory

_ids = itertools.count(1)

CATEGORIES = {
    # code: (name, is_minor, is_sensitive)
    "220": ("Burglary/breaking and entering", False, False),
    "13A": ("Aggravated assault", False, False),
    "11A": ("Rape", False, True),
    "90B": ("Curfew/loitering/vagrancy violations", True, False),
    "90C": ("Disorderly conduct", True, False),
    "35A": ("Drug/narcotic violations", False, False),
}


@pytest.fixture
def offense(db):
    def get(code: str) -> OffenseCategory:
        name, minor, sensitive = CATEGORIES[code]
        obj, _ = OffenseCategory.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name,
                "name_es": name,
                "group": "A",
                "is_minor": minor,
                "is_sensitive": sensitive,
            },
        )
        return obj

    return get


def _located(model, category, lon, lat, when, city, **extra):
    from beatbridge.areas.locator import locate

    when = when if timezone.is_aware(when) else timezone.make_aware(when)
    local = timezone.localtime(when)
    cell = h3.latlng_to_cell(lat, lon, 10)
    plat, plon = h3.cell_to_latlng(cell)
    areas = {a.kind: a for a in locate(lon, lat)}
    n = next(_ids)
    return model.objects.create(
        source="test",
        source_id=str(n),
        row_hash=hashlib.md5(str(n).encode()).hexdigest(),  # noqa: S324
        occurred_at=when,
        local_month=local.year * 100 + local.month,
        local_weekday=local.weekday(),
        local_hour=local.hour,
        category=category,
        is_minor=category.is_minor,
        lon=lon,
        lat=lat,
        public_lon=plon,
        public_lat=plat,
        h3_cell=cell,
        beat=areas.get("beat"),
        district=areas.get("district"),
        neighborhood=areas.get("neighborhood"),
        **extra,
    )


@pytest.fixture
def make_incident(city, offense):
    def make(code: str, lon: float, lat: float, when: dt.datetime) -> Incident:
        category = offense(code)
        return _located(
            Incident, category, lon, lat, when, city, is_sensitive=category.is_sensitive
        )

    return make


@pytest.fixture
def make_action(city, offense):
    def make(code, lon, lat, when, kind="stop", synthetic=False) -> EnforcementAction:
        return _located(
            EnforcementAction,
            offense(code),
            lon,
            lat,
            when,
            city,
            kind=kind,
            is_synthetic=synthetic,
        )

    return make


@pytest.fixture(autouse=True)
def _no_providers():
    providers.unregister_all()
    yield
    providers.unregister_all()
