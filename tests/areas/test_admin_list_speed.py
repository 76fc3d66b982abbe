"""The admin's Areas list answers fast with a real city loaded (it loaded every polygon)."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from beatbridge.areas.services import import_areas
from tests.data.conftest import DEMO_DATA


def test_area_changelist_is_fast_and_loads_no_geometry(client_for, admin_user):
    import_areas(
        DEMO_DATA / "districts.geojson.gz",
        kind="district",
        code_field="district",
        name_template="District {code}",
    )
    import_areas(
        DEMO_DATA / "beats.geojson.gz",
        kind="beat",
        code_field="beat",
        parent_kind="district",
        name_template="Beat {code}",
    )
    import_areas(
        DEMO_DATA / "community_areas.geojson.gz",
        kind="neighborhood",
        code_field="area_number",
        name_field="name",
    )
    admin = client_for(admin_user)
    admin.get("/admin/areas/area/")  # warm up
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = admin.get("/admin/areas/area/")
    elapsed = time.perf_counter() - start
    assert response.status_code == 200 and b"Beat 0111" in response.content
    assert elapsed < 0.3, elapsed
    assert len(queries) < 15
    assert not any('"geometry"' in q["sql"] and "areas_area" in q["sql"] for q in queries)


def test_organization_form_lists_neighborhoods_by_name(client_for, admin_user, city):
    html = client_for(admin_user).get("/admin/accounts/organization/add/").content.decode()
    names = [n for n in ("Hilltop", "Riverside") if n in html]
    assert names == ["Hilltop", "Riverside"]
    assert html.index("Hilltop") < html.index("Riverside")


def test_generated_records_are_read_only(client_for, admin_user):
    admin = client_for(admin_user)
    for url in [
        "/admin/analysis/elevatedrisk/add/",
        "/admin/concerns/ratelimithit/add/",
        "/admin/concerns/idempotencyrecord/add/",
    ]:
        assert admin.get(url).status_code == 403, url
    assert admin.get("/admin/concerns/ratelimithit/").status_code == 200
