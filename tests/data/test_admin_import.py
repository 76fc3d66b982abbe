"""Admin upload + mapping form runs the import as a background job with progress."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beatbridge.data.models import ImportRun, Incident

from .conftest import SIMPLE_MAPPING
from .helpers import RIVERSIDE

URL = "/admin/data/importrun/upload/"


def _csv() -> bytes:
    return (
        "id,date,offense,lon,lat,block\n"
        f"1,2024-03-01 10:00,ASSAULT,{RIVERSIDE[0]},{RIVERSIDE[1]},\n"
        f"2,bad,ASSAULT,{RIVERSIDE[0]},{RIVERSIDE[1]},\n"
    ).encode()


def test_admin_uploads_and_the_job_records_progress(admin_user, client_for):
    response = client_for(admin_user).post(
        URL,
        {
            "kind": "incidents",
            "file_format": "csv",
            "file": SimpleUploadedFile("incidents.csv", _csv(), content_type="text/csv"),
            "mapping_file": SimpleUploadedFile("mine.toml", SIMPLE_MAPPING.encode()),
        },
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert response["Location"].endswith(f"/admin/data/importrun/{run.pk}/change/")
    assert (run.status, run.progress, run.imported, run.rejected) == ("done", 1.0, 1, 1)
    assert run.created_by == admin_user and run.file_name == "incidents.csv"
    assert Incident.objects.count() == 1
    page = client_for(admin_user).get(response["Location"]).content.decode()
    assert "100%" in page


def test_admin_upload_shows_mapping_errors(admin_user, client_for):
    response = client_for(admin_user).post(
        URL,
        {
            "kind": "enforcement",
            "file_format": "csv",
            "file": SimpleUploadedFile("incidents.csv", _csv()),
            "shipped_mapping": "chicago_aggravated_assaults",
        },
    )
    assert response.status_code == 400
    assert "This mapping is for incidents" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", ["officer", "resident"])
def test_non_importers_cannot_upload(personas, client_for, role):
    user = personas[role]
    user.is_staff = True  # even with admin-site access
    user.save()
    response = client_for(user).get(URL)
    assert response.status_code == 403
