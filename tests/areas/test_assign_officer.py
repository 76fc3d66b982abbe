import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beatbridge.accounts.models import ActivityEntry
from beatbridge.areas.services import assign_officer

from ..factories import UserFactory


def test_supervisor_assigns_officer_once(city, supervisor, client):
    officer = UserFactory(role="officer", display_name="Officer Nia New")
    first = assign_officer(officer, city["b112"], starts_on=dt.date(2024, 1, 1), by=supervisor)
    again = assign_officer(officer, city["b112"], starts_on=dt.date(2024, 1, 1), by=supervisor)
    assert first.pk == again.pk
    assert ActivityEntry.objects.filter(verb="areas.officer_assigned").count() == 1
    assert "Officer Nia New" in client.get("/areas/beat/0112/").content.decode()


@pytest.mark.parametrize("role", ["resident", "partner", "officer", "analyst"])
def test_only_supervisors_assign(role, personas, city):
    officer = UserFactory(role="officer")
    with pytest.raises(PermissionDenied):
        assign_officer(officer, city["b112"], by=personas[role])


def test_bad_assignments_are_refused_with_field_errors(city, resident):
    officer = UserFactory(role="officer")
    with pytest.raises(ValidationError) as exc:
        assign_officer(officer, city["riverside"])
    assert "beat" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        assign_officer(resident, city["b112"])
    assert "officer" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        assign_officer(
            officer, city["b112"], starts_on=dt.date(2024, 5, 1), ends_on=dt.date(2024, 4, 1)
        )
    assert "ends_on" in exc.value.message_dict
