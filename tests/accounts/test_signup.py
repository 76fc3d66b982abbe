"""Sign-up confirms the email first, and never says whether an email already has an account."""

import re

from django.core import mail

from beatbridge.accounts.models import ActivityEntry, PendingSignup, Role, User

PASSWORD = "a-long-unusual-passphrase-42"


def _sign_up(client, email, **extra):
    data = {"email": email, "password": PASSWORD, "preferred_language": "en", **extra}
    return client.post("/accounts/signup/", data)


def _page(response):
    """The page's text without its per-visitor CSRF token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _link(message):
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body).group(1)


def test_signup_creates_resident_after_the_emailed_link(client, city):
    response = _sign_up(
        client,
        "New.Person@Example.org",
        display_name="New Person",
        preferred_language="es",
        home_neighborhood=city["riverside"].pk,
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/sent/"
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert client.get("/accounts/profile/").status_code == 302  # not signed in yet
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]

    response = client.get(_link(mail.outbox[0]))
    assert response.status_code == 302 and response["Location"] == "/accounts/signup/confirm/"
    response = client.post("/accounts/signup/confirm/", {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"

    user = User.objects.get(email="new.person@example.org")
    assert user.role == Role.RESIDENT
    assert user.preferred_language == "es"
    assert user.home_neighborhood == city["riverside"]
    assert user.check_password(PASSWORD)
    assert not user.home_verified
    assert ActivityEntry.objects.filter(verb="accounts.signed_up", actor=user).exists()
    assert not PendingSignup.objects.exists()
    assert client.get("/accounts/profile/").status_code == 200
    # The link worked once.
    client.logout()
    client.get(_link(mail.outbox[0]))
    assert client.get("/accounts/signup/confirm/").status_code == 400


def test_signup_answer_is_the_same_for_an_email_with_an_account(client_for, resident, city):
    new = _sign_up(client_for(None), "someone.new@example.org")
    new_page = client_for(None).get(new["Location"])
    existing = _sign_up(client_for(None), "RESIDENT@example.org", display_name="Attacker")
    existing_page = client_for(None).get(existing["Location"])

    assert (new.status_code, new["Location"]) == (existing.status_code, existing["Location"])
    assert new_page.status_code == existing_page.status_code == 200
    assert _page(new_page) == _page(existing_page)
    # The account holder is told, and nothing about the account changed.
    assert [m.to for m in mail.outbox] == [["someone.new@example.org"], ["resident@example.org"]]
    note = mail.outbox[1]
    assert "tried to create a new" in note.body
    assert "/accounts/password-reset/" in note.body and "/accounts/login/" in note.body
    resident.refresh_from_db()
    assert resident.check_password("correct-horse-battery")
    assert resident.display_name == "Rosa Resident"
    assert not PendingSignup.objects.filter(email="resident@example.org").exists()


def test_signup_form_errors_do_not_depend_on_the_email(client, resident):
    for email in ("RESIDENT@example.org", "free@example.org"):
        response = client.post(
            "/accounts/signup/", {"email": email, "password": "123", "preferred_language": "en"}
        )
        assert response.status_code == 400
        assert set(response.context["form"].errors) == {"password"}
    assert User.objects.filter(email__iexact="resident@example.org").count() == 1
    assert mail.outbox == []


def test_signup_rejects_missing_fields(client, db):
    response = client.post("/accounts/signup/", {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"email", "password", "preferred_language"}
    assert User.objects.count() == 0 and PendingSignup.objects.count() == 0


def test_opening_someone_elses_signup_link_creates_nothing(client, db):
    """Someone signs up with a victim's address: the victim opening the link in their inbox
    does not activate an account whose password the other person knows."""
    _sign_up(client, "victim@example.org")
    client.get(_link(mail.outbox[0]))
    response = client.post("/accounts/signup/confirm/", {"password": "my-own-guess-123"})
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(email="victim@example.org").exists()


def test_bad_or_missing_signup_link(client, db):
    assert client.get("/accounts/signup/confirm/").status_code == 400
    client.get("/accounts/signup/confirm/not-a-real-token/")
    response = client.get("/accounts/signup/confirm/")
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()


def test_signup_emails_are_throttled(client, db):
    for _ in range(3):
        assert _sign_up(client, "flood@example.org").status_code == 302
    response = _sign_up(client, "flood@example.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 3
