"""A GeoReport v2 client, written from the spec only, talks to a real Beatbridge server.

It discovers services (XML), reads a service definition, fills in the required attributes,
POSTs a form-encoded request, then follows it by id and in the list (JSON), the way a 311 app
or a city CRM would.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree as ET

import pytest

from beatbridge.concerns.models import ApiClient, Category
from beatbridge.concerns.seed import seed_categories

from .conftest import IN_B111


class GeoReportClient:
    def __init__(self, endpoint: str, api_key: str):
        self.endpoint, self.api_key = endpoint.rstrip("/") + "/", api_key

    def _open(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.endpoint + path, data=body)  # noqa: S310
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    def xml(self, path, data=None):
        status, ctype, body = self._open(path, data)
        assert ctype.startswith("text/xml")
        return status, ET.fromstring(body)  # noqa: S314 - our own server's output

    def json(self, path, data=None):
        status, ctype, body = self._open(path, data)
        assert ctype.startswith("application/json")
        return status, json.loads(body)


@pytest.mark.django_db(transaction=True)
def test_client_round_trip(live_server, city):
    seed_categories()
    _client, key = ApiClient.issue("Round trip")
    geo = GeoReportClient(live_server.url + "/open311/v2/", key)

    status, services = geo.xml("services.xml?jurisdiction_id=beatbridge")
    assert status == 200 and services.tag == "services"
    chosen = next(s for s in services if s.findtext("service_code") == "abandoned-vehicle")
    assert chosen.findtext("metadata") == "true"

    status, definition = geo.xml("services/abandoned-vehicle.xml")
    assert status == 200 and definition.tag == "service_definition"
    form = {
        "api_key": key,
        "service_code": "abandoned-vehicle",
        "lat": IN_B111[1],
        "long": IN_B111[0],
        "description": "Gray van with flat tires, not moved for three weeks",
        "first_name": "Lee",
    }
    for attribute in definition.find("attributes"):
        code = attribute.findtext("code")
        if attribute.findtext("datatype") == "singlevaluelist":
            form[f"attribute[{code}]"] = attribute.find("values")[0].findtext("key")
        elif attribute.findtext("variable") == "true":
            form[f"attribute[{code}]"] = "XYZ 42"

    status, created = geo.xml("requests.xml", form)
    assert status == 200 and created.tag == "service_requests"
    request_id = created[0].findtext("service_request_id")
    assert request_id.isdigit() and created[0].findtext("service_notice")

    status, detail = geo.json(f"requests/{request_id}.json")
    assert status == 200 and detail[0]["status"] == "open"
    assert detail[0]["service_code"] == "abandoned-vehicle"
    assert detail[0]["lat"] == pytest.approx(IN_B111[1])

    status, listing = geo.json(f"requests.json?service_request_id={request_id}")
    assert [r["service_request_id"] for r in listing] == [int(request_id)]
    assert "Lee" not in json.dumps(listing)

    status, refused = geo.xml("requests.xml", {**form, "api_key": "stolen"})
    assert status == 403 and refused.tag == "errors"
    assert refused[0].findtext("code") == "403"
    assert Category.objects.get(code="abandoned-vehicle").concerns.count() == 1
