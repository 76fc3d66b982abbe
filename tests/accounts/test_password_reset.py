import re

from django.core import mail


def test_password_reset_by_email(client, resident):
    response = client.post("/accounts/password-reset/", {"email": "resident@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "brand-new-passphrase-77", "new_password2": "brand-new-passphrase-77"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("brand-new-passphrase-77")


def test_password_reset_unknown_email_sends_nothing(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # same answer: no account enumeration
    assert mail.outbox == []


def test_password_reset_bad_link(client, resident):
    response = client.get("/accounts/password-reset/MQ/bad-token/", follow=True)
    assert "no longer valid" in response.content.decode()


def test_password_reset_requests_for_one_email_are_throttled(client_for, resident):
    statuses = []
    for i in range(5):  # from five different addresses
        client = client_for(None)
        client.defaults["REMOTE_ADDR"] = f"192.0.2.{i + 1}"
        statuses.append(
            client.post("/accounts/password-reset/", {"email": resident.email}).status_code
        )
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_address_are_throttled(client, resident):
    statuses = [
        client.post("/accounts/password-reset/", {"email": f"someone{i}@example.org"}).status_code
        for i in range(12)
    ]
    assert statuses == [302] * 10 + [429] * 2
    response = client.post("/accounts/password-reset/", {"email": resident.email})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert mail.outbox == []


def test_throttled_answer_is_the_same_with_or_without_an_account(client_for, resident):
    def fourth_answer(email):
        client = client_for(None)
        for _ in range(3):
            client.post("/accounts/password-reset/", {"email": email})
        response = client.post("/accounts/password-reset/", {"email": email})
        return response.status_code, response["Retry-After"]

    assert fourth_answer(resident.email) == fourth_answer("nobody@example.org") == (429, "3600")
