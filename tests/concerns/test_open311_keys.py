"""API keys: issued by `beatbridge create_api_key NAME` and in the admin; stored hashed."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from beatbridge.concerns.models import ApiClient, Tip
from beatbridge.concerns.models.open311 import hash_key

from .open311_helpers import fast_passwords  # noqa: F401


def _create(name, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", name, *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_command_prints_a_working_key(db):
    key, note = _create("City 311 app")
    client = ApiClient.objects.get(name="City 311 app")
    assert client.key_hash == hash_key(key) and key not in client.key_hash
    assert ApiClient.authenticate(key) == client
    assert "not shown again" in note


def test_command_refuses_duplicates_and_rotates(db):
    old, _ = _create("App")
    with pytest.raises(CommandError, match="already exists"):
        _create("App")
    new, _ = _create("App", "--rotate")
    assert new != old
    assert ApiClient.authenticate(old) is None
    assert ApiClient.authenticate(new).name == "App"
    with pytest.raises(CommandError, match="No API client"):
        _create("Nobody", "--rotate")
    with pytest.raises(CommandError):
        _create("   ")


def test_cli_entry_point_knows_the_command(db):
    from django.core.management import get_commands

    assert get_commands()["create_api_key"] == "beatbridge.concerns"


def test_admin_add_shows_the_key_once(client_for, admin_user):
    import beatbridge.concerns.open311.admin  # noqa: F401 - registered by the lead's urls

    c = client_for(admin_user)
    response = c.post(
        reverse("admin:concerns_apiclient_add"),
        {"name": "Partner app", "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    client = ApiClient.objects.get(name="Partner app")
    page = response.content.decode()
    shown = [word for word in page.replace("<", " ").split() if word.startswith(client.key_prefix)]
    assert shown and ApiClient.authenticate(shown[0].strip(" —.")) == client


def test_tip_admin_never_shows_content(client_for, admin_user, city):
    import beatbridge.concerns.tips.admin  # noqa: F401
    from beatbridge.concerns.tips import services

    tip = services.submit_tip(body="Secret content about the dealer").tip
    c = client_for(admin_user)
    listing = c.get(reverse("admin:concerns_tip_changelist"))
    assert listing.status_code == 200
    detail = c.get(reverse("admin:concerns_tip_change", args=[tip.pk]))
    assert detail.status_code == 200
    for page in (listing, detail):
        assert "Secret content" not in page.content.decode()
    assert Tip.objects.count() == 1
