"""Fuzz the served OpenAPI schema with schemathesis: no 500, and every answer matches the
schema (status code, content type, body), as an anonymous visitor and as a signed-in officer.

The number of examples per operation is bounded (``FUZZ_EXAMPLES``, default 8) so the run
stays within CI's budget; raise it locally to search harder:
``FUZZ_EXAMPLES=100 pytest tests/web/test_api_fuzz.py``.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from beatbridge.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def demo_city(db):
    """The demo city (areas, people, partners, concerns, tips, meetings, priorities, data,
    projects, surveys), so that every list and object the fuzzer reads holds real rows."""
    from beatbridge.core.discovery import app_modules
    from beatbridge.demo.city import load_city

    people = load_city(out=lambda *args: None)
    for module in app_modules("demo"):
        if hasattr(module, "load_demo"):
            module.load_demo(out=lambda *args: None)
    return {person.role: user for person, user in people}


@pytest.fixture
def one_connection():
    """Keep the test's database connection across the fuzzer's WSGI calls, as Django's test
    client does: the request signals would otherwise close it after each call, and on
    PostgreSQL the test's transaction (and the demo city in it) would go with it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(one_connection, demo_city):
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def officer_cookie(demo_city):
    client = Client()
    client.force_login(demo_city["officer"])  # second factor passed (tests/conftest.py)
    return f"sessionid={client.cookies['sessionid'].value}"


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_anonymous(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_officer(case, officer_cookie):
    case.call_and_validate(headers={"Cookie": officer_cookie}, checks=CHECKS)
