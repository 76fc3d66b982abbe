"""Fixtures for concern tests: seeded categories and a helper to submit concerns."""

import io

import pytest
from PIL import Image

from beatbridge.concerns import services
from beatbridge.concerns.models import Category
from beatbridge.concerns.seed import seed_categories

# Points inside the test city (see tests/conftest.py).
IN_B111 = (-87.695, 41.805)  # beat 0111, district 1, Riverside
IN_B112 = (-87.685, 41.805)  # beat 0112, district 1, Hilltop
IN_B211 = (-87.675, 41.805)  # beat 0211, district 2, Hilltop
OUTSIDE = (-87.50, 41.90)


@pytest.fixture
def categories(db):
    seed_categories()
    return {c.code: c for c in Category.objects.all()}


@pytest.fixture
def noise(categories):
    return categories["noise"]


@pytest.fixture
def make_concern(city, categories):
    def make(where=IN_B111, category="noise", **kwargs):
        kwargs.setdefault("description", "Loud music every night after midnight.")
        return services.submit_concern(
            category=categories[category], lon=where[0], lat=where[1], **kwargs
        )

    return make


def image_bytes(fmt="JPEG", size=(40, 30), exif=None, color=(200, 30, 30)):
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()
