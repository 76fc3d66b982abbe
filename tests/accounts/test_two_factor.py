"""Officers, supervisors, analysts and admins need a TOTP code before anything staff-only."""

import re
from urllib.parse import quote

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import staff_totp_device, totp_code

# A page and an API endpoint each staff role reaches once verified.
STAFF_PAGES = {
    "officer": ("/tips/inbox/", "/api/v1/tips/"),
    "supervisor": ("/tips/inbox/", "/api/v1/tips/"),
    "analyst": ("/insights/balance/", "/api/v1/me/"),
    "admin": ("/admin/", "/api/v1/me/"),
}


@pytest.mark.parametrize("role", sorted(STAFF_PAGES))
def test_staff_with_a_password_only_reach_nothing_staff_only(role, personas, password_login):
    staff_totp_device(personas[role])
    client = password_login(personas[role])
    page, endpoint = STAFF_PAGES[role]
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/two-factor/?next={quote(page, safe='')}"
    for path in (endpoint, "/api/v1/me/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "two-factor" in response.json()["detail"]
    assert client.get("/accounts/profile/").status_code == 302
    # The code page itself shows nothing staff-only.
    code_page = client.get("/accounts/two-factor/")
    assert code_page.status_code == 200
    assert 'class="staff-bar"' not in code_page.content.decode()


@pytest.mark.parametrize("role", sorted(STAFF_PAGES))
def test_a_valid_code_lets_staff_in(role, personas, password_login):
    user = personas[role]
    device = staff_totp_device(user)
    client = password_login(user)
    page, endpoint = STAFF_PAGES[role]
    response = client.post("/accounts/two-factor/", {"code": totp_code(device), "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert client.get(page).status_code == 200
    assert client.get(endpoint).status_code == 200
    assert client.get("/api/v1/me/").json()["role"] == user.role


def test_a_wrong_code_is_refused_and_the_next_one_waits(officer, password_login):
    device = staff_totp_device(officer)
    client = password_login(officer)
    right = totp_code(device)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    response = client.post("/accounts/two-factor/", {"code": wrong})
    assert response.status_code == 400
    assert "not right" in response.content.decode()
    # Straight after a wrong code even the right one is not looked at.
    response = client.post("/accounts/two-factor/", {"code": right})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()
    assert client.get("/tips/inbox/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_thirty_wrong_codes_are_not_all_looked_at(officer, password_login):
    device = staff_totp_device(officer)
    client = password_login(officer)
    statuses = [
        client.post("/accounts/two-factor/", {"code": "000000"}).status_code for _ in range(30)
    ]
    assert statuses.count(429) >= 29  # after one wrong code, the wait doubles each time
    device.refresh_from_db()
    assert device.throttling_failure_count <= 1


def test_bad_code_input_is_a_form_error(officer, password_login):
    staff_totp_device(officer)
    client = password_login(officer)
    response = client.post("/accounts/two-factor/", {"code": "12ab"})
    assert response.status_code == 400
    assert "code" in response.context["form"].errors


def test_a_used_code_cannot_be_replayed(officer, password_login):
    device = staff_totp_device(officer)
    first = password_login(officer)
    code = totp_code(device)
    assert first.post("/accounts/two-factor/", {"code": code}).status_code == 302
    second = password_login(officer)
    assert second.post("/accounts/two-factor/", {"code": code}).status_code == 400
    assert second.get("/tips/inbox/").status_code == 302


def test_staff_without_an_app_set_one_up_first(supervisor, password_login):
    client = password_login(supervisor)
    response = client.get("/tips/inbox/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    text = response.content.decode()
    device = TOTPDevice.objects.get(user=supervisor)
    assert not device.confirmed
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', text).group(1)
    assert "otpauth://totp/" in text and f"secret={secret}" in text.replace("&amp;", "&")
    assert "<svg" in text  # the QR code, inline
    assert "<script" not in text.split("<main", 1)[1].split("</main>", 1)[0]
    # The app is set up from the key shown: its code confirms the device and lets them in.
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    code = f"{TOTP(key).token():06d}"
    response = client.post("/accounts/two-factor/setup/", {"code": code, "next": "/tips/inbox/"})
    assert response.status_code == 302 and response["Location"] == "/tips/inbox/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/tips/inbox/").status_code == 200
    # Once set up, the enrolment page shows no secret again.
    later = password_login(supervisor)
    response = later.get("/accounts/two-factor/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    assert later.get("/accounts/two-factor/").status_code == 200


def test_enrolment_with_a_wrong_code_keeps_the_device_unconfirmed(analyst, password_login):
    client = password_login(analyst)
    client.get("/accounts/two-factor/setup/")
    response = client.post("/accounts/two-factor/setup/", {"code": "000000"})
    assert response.status_code in (400, 429)
    assert not TOTPDevice.objects.get(user=analyst).confirmed
    assert client.get("/insights/balance/").status_code == 302


@pytest.mark.parametrize("role", ["resident", "partner"])
def test_residents_and_partners_are_never_asked(role, personas, password_login):
    client = password_login(personas[role])
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/api/v1/me/").status_code == 200
    response = client.get("/accounts/two-factor/")
    home = {"resident": "/accounts/profile/", "partner": "/accounts/partner/"}[role]
    assert response.status_code == 302 and response["Location"] == home
    assert not TOTPDevice.objects.filter(user=personas[role]).exists()


def test_the_next_address_stays_on_this_site(officer, password_login):
    device = staff_totp_device(officer)
    client = password_login(officer)
    response = client.post(
        "/accounts/two-factor/", {"code": totp_code(device), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/concerns/triage/"


def test_sign_out_stays_reachable_before_the_code(officer, password_login):
    client = password_login(officer)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 302
    assert "/accounts/login/" in client.get("/accounts/profile/")["Location"]


def test_the_gate_can_be_turned_off(settings, officer, password_login):
    settings.BEATBRIDGE_REQUIRE_STAFF_2FA = False
    client = password_login(officer)
    assert client.get("/tips/inbox/").status_code == 200


def test_an_admin_resets_a_lost_device_without_seeing_keys(
    admin_user, officer, client_for, password_login
):
    device = staff_totp_device(officer)
    admin = client_for(admin_user)
    listing = admin.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    change = admin.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert change.status_code == 200 and device.key not in change.content.decode()
    assert admin.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    response = admin.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # The officer sets up a new app at the next sign-in.
    client = password_login(officer)
    response = client.get("/tips/inbox/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
