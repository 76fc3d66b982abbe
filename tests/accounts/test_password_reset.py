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
