from beatbridge.accounts.models import ActivityEntry, Role, User


def test_signup_creates_resident_and_signs_in(client, city):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New.Person@Example.org",
            "display_name": "New Person",
            "password": "a-long-unusual-passphrase-42",
            "preferred_language": "es",
            "home_neighborhood": city["riverside"].pk,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.role == Role.RESIDENT
    assert user.preferred_language == "es"
    assert user.home_neighborhood == city["riverside"]
    assert not user.home_verified
    assert ActivityEntry.objects.filter(verb="accounts.signed_up", actor=user).exists()
    assert client.get("/accounts/profile/").status_code == 200


def test_signup_rejects_duplicate_email_and_weak_password(client, resident):
    response = client.post(
        "/accounts/signup/",
        {"email": "RESIDENT@example.org", "password": "123", "preferred_language": "en"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "email" in form.errors
    assert "password" in form.errors
    assert User.objects.filter(email__iexact="resident@example.org").count() == 1


def test_signup_rejects_missing_fields(client, db):
    response = client.post("/accounts/signup/", {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"email", "password", "preferred_language"}
    assert User.objects.count() == 0
