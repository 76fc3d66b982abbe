"""Administrators import boundaries from the admin, all or nothing, like the command."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beatbridge.areas.models import Area
from tests.factories import square

URL = "/admin/areas/area/import/"


def _file(features, name="areas.geojson"):
    data = {"type": "FeatureCollection", "features": features}
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/json")


def _feature(code, name, x0, y0, **props):
    return {
        "type": "Feature",
        "properties": {"num": code, "label": name, **props},
        "geometry": square(x0, y0),
    }


def test_admin_imports_districts_then_beats_inside_them(client_for, admin_user):
    admin = client_for(admin_user)
    assert admin.get(URL).status_code == 200
    assert b"Import areas from GeoJSON" in admin.get("/admin/areas/area/").content
    response = admin.post(
        URL,
        {
            "file": _file([_feature("9", "North", -88.0, 42.0, pop=1200)]),
            "kind": "district",
            "code_field": "num",
            "name_field": "label",
            "population_field": "pop",
        },
    )
    assert response.status_code == 302
    district = Area.objects.get(kind="district", code="9")
    assert district.name == "North" and district.population == 1200
    response = admin.post(
        URL,
        {
            "file": _file([_feature("0901", "Beat 901", -87.998, 42.002)]),
            "kind": "beat",
            "code_field": "num",
            "parent_kind": "district",
        },
        follow=True,
    )
    assert b"1 new" in response.content
    beat = Area.objects.get(kind="beat", code="0901")
    assert beat.parent == district and beat.name == "0901"  # no name field: the code


@pytest.mark.parametrize(
    "upload, needle",
    [
        (SimpleUploadedFile("a.geojson", b"{not json"), b"not a GeoJSON"),
        (
            _file([_feature("77", "ok", -88.0, 42.0), {"type": "Feature", "properties": {}}]),
            b"Nothing was imported",
        ),
    ],
)
def test_a_bad_file_imports_nothing_and_says_why(client_for, admin_user, upload, needle):
    response = client_for(admin_user).post(
        URL, {"file": upload, "kind": "district", "code_field": "num"}
    )
    assert response.status_code == 400 and needle in response.content
    assert not Area.objects.filter(code="77").exists()


@pytest.mark.parametrize("persona", ["supervisor", "officer", "resident", "anon"])
def test_only_administrators_may_import(client_for, personas, persona):
    user = personas.get(persona)
    if user is not None and persona == "supervisor":
        user.is_staff = True  # even with admin-site access
        user.save()
    response = client_for(user).get(URL)
    assert response.status_code in (302, 403)
    if persona == "supervisor":
        assert response.status_code == 403
