"""A concern is assigned only to someone who serves its area: an officer assigned today to
its beat, or a supervisor. A crafted request naming any other officer is refused with a
field error and nothing is stored, on the verb, the API and the staff page."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.accounts.models import Role
from beatbridge.areas.models import OfficerAssignment
from beatbridge.concerns import services
from beatbridge.concerns.models import Concern

from ..factories import UserFactory
from .conftest import IN_B111, IN_B211


@pytest.fixture
def colleague(city):
    """A second officer assigned today to beat 0111."""
    user = UserFactory(email="colleague@example.org", role=Role.OFFICER, display_name="Cora")
    OfficerAssignment.objects.create(officer=user, beat=city["b111"], starts_on=dt.date(2020, 1, 1))
    return user


@pytest.fixture
def former(city):
    """An officer whose assignment to beat 0111 ended."""
    user = UserFactory(email="former@example.org", role=Role.OFFICER, display_name="Fred")
    OfficerAssignment.objects.create(
        officer=user, beat=city["b111"], starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2021, 1, 1)
    )
    return user


def _assigned(concern):
    return Concern.objects.get(pk=concern.pk).assigned_to


def test_the_verb_assigns_only_officers_who_serve_the_beat(
    make_concern, officer, colleague, former, other_district_officer, supervisor
):
    concern = make_concern(where=IN_B111)
    services.assign_concern(concern, by=officer, officer=colleague)
    assert _assigned(concern) == colleague
    services.assign_concern(concern, by=officer, officer=supervisor)
    assert _assigned(concern) == supervisor
    for stranger in (other_district_officer, former):
        for by in (officer, supervisor):
            with pytest.raises(ValidationError) as refused:
                services.assign_concern(concern, by=by, officer=stranger)
            assert "officer" in refused.value.message_dict
            assert _assigned(concern) == supervisor
    services.assign_concern(concern, by=officer, officer=None)
    assert _assigned(concern) is None


def test_someone_who_may_not_triage_is_refused_before_the_officer_is_checked(
    make_concern, resident, other_district_officer, officer
):
    concern = make_concern(where=IN_B111)
    for by in (resident, other_district_officer):
        with pytest.raises(PermissionDenied):
            services.assign_concern(concern, by=by, officer=officer)
    assert _assigned(concern) is None


def test_api_refuses_an_officer_of_another_district_with_a_field_error(
    client_for, make_concern, officer, colleague, other_district_officer
):
    concern = make_concern(where=IN_B111)
    api = client_for(officer)
    url = f"/api/v1/concerns/{concern.pk}/assign/"
    response = api.post(url, {"officer": other_district_officer.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["officer"]
    assert _assigned(concern) is None
    assert concern.updates.filter(text__startswith="Assigned").count() == 0
    response = api.post(url, {"officer": colleague.pk})
    assert response.status_code == 200
    assert _assigned(concern) == colleague


def test_staff_page_refuses_and_offers_only_serving_officers(
    client_for, make_concern, officer, colleague, former, other_district_officer, supervisor
):
    concern = make_concern(where=IN_B111)
    page = client_for(officer)
    offered = page.get(f"/concerns/{concern.pk}/manage/").context["officers"]
    assert set(offered) == {officer, colleague, supervisor}
    response = page.post(
        f"/concerns/{concern.pk}/manage/assign/", {"officer": other_district_officer.pk}
    )
    assert response.status_code == 400
    assert "serves this concern" in response.content.decode()
    assert _assigned(concern) is None


def test_bulk_assign_skips_concerns_the_officer_does_not_serve(
    client_for, make_concern, officer, supervisor
):
    here, there = make_concern(where=IN_B111), make_concern(where=IN_B211)
    assert services.bulk_assign([here, there], by=supervisor, officer=officer) == 1
    assert _assigned(here) == officer
    assert _assigned(there) is None
