"""Helpers shared by the Open311 tests: parse either format into plain Python."""

import json
from xml.etree import ElementTree as ET

import pytest

from beatbridge.concerns.models import ApiClient, Category

BASE = "/open311/v2/"

ALL_TYPES = [
    {
        "code": "plate",
        "datatype": "string",
        "required": True,
        "order": 1,
        "description": "License plate",
        "variable": True,
    },
    {
        "code": "count",
        "datatype": "number",
        "required": False,
        "order": 2,
        "description": "How many people",
        "datatype_description": "a whole number",
    },
    {
        "code": "seen_at",
        "datatype": "datetime",
        "required": False,
        "order": 3,
        "description": "When did you see it",
    },
    {
        "code": "details",
        "datatype": "text",
        "required": False,
        "order": 4,
        "description": "Anything else",
    },
    {
        "code": "color",
        "datatype": "singlevaluelist",
        "required": False,
        "order": 5,
        "description": "Color",
        "values": [{"key": "red", "name": "Red"}, {"key": "blue", "name": "Blue"}],
    },
    {
        "code": "days",
        "datatype": "multivaluelist",
        "required": False,
        "order": 6,
        "description": "Which days",
        "values": [{"key": "mon", "name": "Monday"}, {"key": "fri", "name": "Friday"}],
    },
    {
        "code": "info",
        "datatype": "text",
        "variable": False,
        "order": 7,
        "description": "Photos help us find the car.",
    },
]


def xml_root(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own test output


def as_json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def xml_errors(response):
    root = xml_root(response)
    assert root.tag == "errors"
    out = []
    for error in root:
        assert error.tag == "error"
        assert [child.tag for child in error] == ["code", "description"]
        out.append(
            {"code": int(error.findtext("code")), "description": error.findtext("description")}
        )
    return out


@pytest.fixture
def api_key(city):
    _client, raw = ApiClient.issue("Test 311 app")
    return raw


@pytest.fixture
def vehicle_service(db):
    return Category.objects.create(
        code="odd-vehicle",
        name_en="Odd vehicle",
        name_es="Vehículo raro",
        description_en="A vehicle that seems out of place.",
        responsible_unit="Patrol",
        attributes=ALL_TYPES,
        response_target_hours=24,
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas are created with a password; hashing it properly costs ~0.4 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
