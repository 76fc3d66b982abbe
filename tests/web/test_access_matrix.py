"""Every role's access to every page of the Foundation issue."""

import pytest

ROLES = [
    None,
    "resident",
    "partner",
    "officer",
    "other_district_officer",
    "supervisor",
    "analyst",
    "admin",
]

SIGNED_IN = {role for role in ROLES if role is not None}

PUBLIC = [
    "/",
    "/about/",
    "/areas/neighborhood/1/",
    "/areas/beat/0111/",
    "/areas/district/1/",
    "/areas/beat/",
    "/accounts/organizations/",
    "/api/v1/areas/",
    "/api/docs/",
    "/api/schema/",
    "/accounts/login/",
    "/accounts/password-reset/",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_open_to_everyone(role, url, personas, client_for):
    user = personas[role] if role else None
    assert client_for(user).get(url).status_code == 200


EXPECTED = {
    # url: roles allowed (None = anonymous visitor)
    "/accounts/profile/": SIGNED_IN,
    "/accounts/verify/": {"resident", "partner"},
    "/accounts/verifications/": {"officer", "other_district_officer", "supervisor", "admin"},
    "/api/v1/me/": SIGNED_IN,
    "/admin/": {"admin"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_restricted_pages(role, url, personas, client_for):
    user = personas[role] if role else None
    status = client_for(user).get(url).status_code
    if role in EXPECTED[url]:
        assert status == 200
    else:
        assert status in (302, 403), f"{role} got {status} for {url}"
