"""GET services.{fmt} and GET services/{code}.{fmt}, in both formats, as the spec shows them."""

import pytest

from .open311_helpers import (  # noqa: F401
    BASE,
    as_json,
    fast_passwords,  # noqa: F401
    vehicle_service,
    xml_errors,
    xml_root,
)

SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]


def test_services_xml(client, categories, vehicle_service):  # noqa: F811
    response = client.get(BASE + "services.xml", {"jurisdiction_id": "beatbridge.example"})
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "services"
    services = {s.findtext("service_code"): s for s in root}
    assert all(s.tag == "service" for s in root)
    assert set(categories) | {"odd-vehicle"} == set(services)
    noise = services["noise"]
    assert [child.tag for child in noise] == SERVICE_FIELDS
    assert noise.findtext("service_name") == "Noise" or noise.findtext("service_name")
    assert noise.findtext("metadata") == "true"  # it has a time-of-day question
    assert services["lighting"].findtext("metadata") == "false"
    assert noise.findtext("type") == "realtime"


def test_services_json(client, categories):
    response = client.get(BASE + "services.json")
    data = as_json(response)
    assert isinstance(data, list) and len(data) == len(categories)
    row = next(s for s in data if s["service_code"] == "abandoned-vehicle")
    assert list(row) == SERVICE_FIELDS
    assert row["metadata"] is True and row["type"] == "realtime"
    assert next(s for s in data if s["service_code"] == "other")["metadata"] is False


def test_inactive_categories_are_not_listed(client, categories):
    categories["other"].is_active = False
    categories["other"].save()
    codes = [s["service_code"] for s in as_json(client.get(BASE + "services.json"))]
    assert "other" not in codes


def test_service_definition_xml(client, vehicle_service):  # noqa: F811
    root = xml_root(client.get(BASE + "services/odd-vehicle.xml"))
    assert root.tag == "service_definition"
    assert [child.tag for child in root] == ["service_code", "attributes"]
    assert root.findtext("service_code") == "odd-vehicle"
    attributes = root.find("attributes")
    assert [a.tag for a in attributes] == ["attribute"] * 7
    first = attributes[0]
    assert [c.tag for c in first] == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
    ]
    assert first.findtext("variable") == "true" and first.findtext("required") == "true"
    assert first.findtext("datatype") == "string" and first.findtext("order") == "1"
    color = attributes[4]
    assert color.findtext("datatype") == "singlevaluelist"
    values = color.find("values")
    assert [v.tag for v in values] == ["value", "value"]
    assert [(v.findtext("key"), v.findtext("name")) for v in values] == [
        ("red", "Red"),
        ("blue", "Blue"),
    ]
    assert attributes[6].findtext("variable") == "false"
    datatypes = [a.findtext("datatype") for a in attributes]
    assert datatypes == [
        "string",
        "number",
        "datetime",
        "text",
        "singlevaluelist",
        "multivaluelist",
        "text",
    ]


def test_service_definition_json(client, vehicle_service):  # noqa: F811
    data = as_json(client.get(BASE + "services/odd-vehicle.json"))
    assert data["service_code"] == "odd-vehicle"
    attrs = data["attributes"]
    assert attrs[0] == {
        "variable": True,
        "code": "plate",
        "datatype": "string",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "License plate",
    }
    assert attrs[1]["datatype_description"] == "a whole number"
    assert attrs[5]["values"] == [
        {"key": "mon", "name": "Monday"},
        {"key": "fri", "name": "Friday"},
    ]
    assert "values" not in attrs[0]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_unknown_service_code_is_404(client, categories, fmt):
    response = client.get(BASE + f"services/no-such.{fmt}")
    assert response.status_code == 404
    errors = xml_errors(response) if fmt == "xml" else as_json(response)
    assert errors[0]["code"] == 404 and "no-such" in errors[0]["description"]


def test_service_without_metadata_has_no_definition(client, categories):
    response = client.get(BASE + "services/lighting.json")
    assert response.status_code == 404
    assert "metadata" in as_json(response)[0]["description"]


@pytest.mark.parametrize(
    "path",
    [
        "services.csv",
        "services",
        "services.XML.bak",
        "nothing.json",
        "requests.html",
        "services/noise.yaml",
    ],
)
def test_bad_format_or_path_is_404_error_list(client, categories, path):
    response = client.get(BASE + path)
    assert response.status_code == 404
    if response["Content-Type"].startswith("text/xml"):
        assert xml_errors(response)[0]["code"] == 404
    else:
        assert as_json(response)[0]["code"] == 404


def test_wrong_method_is_400(client, categories):
    response = client.post(BASE + "services.json")
    assert response.status_code == 400
    assert as_json(response)[0]["code"] == 400


def test_jurisdiction_checked_when_configured(client, categories, settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "OPEN311_JURISDICTION_ID": "city.example"}
    assert (
        client.get(BASE + "services.json", {"jurisdiction_id": "city.example"}).status_code == 200
    )
    assert client.get(BASE + "services.json").status_code == 200
    response = client.get(BASE + "services.json", {"jurisdiction_id": "other.gov"})
    assert response.status_code == 404 and as_json(response)[0]["code"] == 404


def test_spanish_names_follow_accept_language(client, categories):
    data = as_json(client.get(BASE + "services.json", HTTP_ACCEPT_LANGUAGE="es"))
    names = {s["service_code"]: s["service_name"] for s in data}
    assert names["drug-activity"] == "Actividad de drogas"


def test_service_discovery_both_formats(client, categories):
    root = xml_root(client.get(BASE + "discovery.xml"))
    assert root.tag == "discovery"
    assert [c.tag for c in root] == ["changeset", "contact", "key_service", "endpoints"]
    endpoint = root.find("endpoints")[0]
    assert endpoint.tag == "endpoint"
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert [f.text for f in endpoint.find("formats")] == ["text/xml", "application/json"]
    data = as_json(client.get(BASE + "discovery.json"))
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    assert data["changeset"].endswith("+00:00") or data["changeset"][-6] in "+-"
