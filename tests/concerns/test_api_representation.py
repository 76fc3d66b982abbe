"""The API's hand-written concern representation equals DRF's generic field walk."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from beatbridge.concerns import services
from beatbridge.concerns.api import (
    ConcernCreatedSerializer,
    ConcernSerializer,
    NearbySerializer,
)
from beatbridge.concerns.models import Concern

from .conftest import IN_B111, IN_B211, image_bytes


@pytest.fixture
def varied(make_concern, officer, resident, city):
    from django.core.files.uploadedfile import SimpleUploadedFile

    plain = make_concern(anonymous=True)
    photo = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
    make_concern(where=IN_B211, category="vandalism-graffiti", by=resident, photos=[photo])
    referred = make_concern(contact_email="a@example.org", contact_preference="email")
    services.refer_concern(referred, by=officer, to="Streets and Sanitation")
    closed = make_concern(category="lighting")
    services.close_without_fix(closed, by=officer, reason="not_police_matter")
    duplicate = make_concern(address="100 W Main St")
    services.mark_duplicate(duplicate, by=officer, original=plain)
    outside_nbhd = make_concern(where=IN_B111)
    Concern.objects.filter(pk=outside_nbhd.pk).update(neighborhood=None)
    return list(Concern.objects.select_related("category", "neighborhood", "beat", "district"))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("serializer", [ConcernSerializer, ConcernCreatedSerializer])
def test_fast_representation_matches_drf(varied, serializer, language):
    request = RequestFactory().get("/")
    assert len(varied) == 6
    with translation.override(language):
        for concern in varied:
            s = serializer(concern, context={"request": request})
            fast = s.to_representation(concern)
            assert fast == s.generic_representation(concern)
            assert list(fast) == list(s.generic_representation(concern))  # same order


def test_nearby_representation_matches_drf(varied):
    for concern in varied:
        concern.distance_m = 12.5
        s = NearbySerializer(concern)
        assert s.to_representation(concern) == s.generic_representation(concern)
        assert s.to_representation(concern)["distance_m"] == 12.5
