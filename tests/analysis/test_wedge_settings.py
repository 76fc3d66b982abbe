"""The department sets its own wedge-risk thresholds in the admin."""

import pytest
from django.core.exceptions import ValidationError

from beatbridge.analysis import conf, services
from beatbridge.analysis.models import WedgeAlert, WedgeRuleSettings

from .test_balance import enforcement  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_stored_thresholds_override_settings_and_empty_fields_keep_them(settings):
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "INSIGHTS": {"WEDGE_THRESHOLDS": {"rise_z": 3.0}}}
    assert conf.wedge_thresholds().rise_z == 3.0
    WedgeRuleSettings.objects.create(min_rise_ratio=2.0)
    th = conf.wedge_thresholds()
    assert th.rise_z == 3.0 and th.min_rise_ratio == 2.0  # setting kept, stored one applied
    WedgeRuleSettings.objects.update(rise_z=4.5)
    assert conf.wedge_thresholds().rise_z == 4.5


def test_a_stored_threshold_changes_the_verdict(enforcement, city):  # noqa: F811
    risk, _alert = services.check_area(city["riverside"])
    assert risk.minor_up
    WedgeRuleSettings.objects.create(rise_z=50)
    risk, alert = services.check_area(city["riverside"])
    assert not risk.minor_up and alert is None


def test_thresholds_must_be_positive():
    with pytest.raises(ValidationError) as err:
        WedgeRuleSettings(rise_z=0, min_rise_ratio=-1).full_clean()
    assert set(err.value.message_dict) == {"rise_z", "min_rise_ratio"}


def test_admin_edits_one_row_and_saving_rechecks_the_areas(
    enforcement,  # noqa: F811
    city,
    admin_user,
    client_for,
    django_capture_on_commit_callbacks,
):
    admin = client_for(admin_user)
    url = "/admin/analysis/wedgerulesettings/add/"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"rise_z": "1.5"})
    assert response.status_code == 302, response.content[:500]
    assert WedgeRuleSettings.objects.get().rise_z == 1.5
    assert WedgeAlert.objects.filter(area=city["riverside"]).exists()  # re-checked on save
    assert admin.get(url).status_code == 403  # only one row
    bad = admin.post(
        f"/admin/analysis/wedgerulesettings/{WedgeRuleSettings.objects.get().pk}/change/",
        {"rise_z": "-2"},
    )
    assert bad.status_code == 200 and b"greater than zero" in bad.content
