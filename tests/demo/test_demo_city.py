"""The demo city loads real Chicago areas and is idempotent."""

import pytest
from django.apps import apps
from django.core.management import call_command

from beatbridge.accounts.models import Organization, Role, User
from beatbridge.areas.models import Area, OfficerAssignment
from beatbridge.demo.city import load_city


def snapshot():
    return {
        "areas": sorted(
            Area.objects.values_list("kind", "code", "name", "parent__code", "updated_at")
        ),
        "users": sorted(User.objects.values_list("email", "role", "password")),
        "orgs": sorted(Organization.objects.values_list("name", "kind")),
        "assignments": OfficerAssignment.objects.count(),
        **{
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label.startswith(
                ("areas", "concerns", "meetings", "priorities", "projects", "data", "accounts")
            )
            and model._meta.label != "accounts.ActivityEntry"
        },
    }


@pytest.mark.django_db
def test_demo_city_loads_chicago_and_one_account_per_role():
    load_city(out=lambda *_: None)
    assert Area.objects.filter(kind="district").count() == 23
    assert Area.objects.filter(kind="beat").count() == 275
    assert Area.objects.filter(kind="neighborhood").count() == 77
    assert Area.objects.get(kind="beat", code="2431").parent.code == "24"
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    officer = User.objects.get(email="officer@demo.beatbridge.org")
    assert officer.check_password("beatbridge-demo")
    assert officer.beat_assignments.get().beat.code == "2431"
    assert Organization.objects.count() >= 5


@pytest.mark.django_db(transaction=True)
def test_demo_command_is_idempotent(capsys):
    call_command("demo", "--no-serve")
    first = snapshot()
    out = capsys.readouterr().out
    assert "officer@demo.beatbridge.org" in out
    call_command("demo", "--no-serve")
    assert snapshot() == first
