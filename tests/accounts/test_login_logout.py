def test_login_with_email_and_logout(client, resident):
    response = client.post(
        "/accounts/login/",
        {"username": "Resident@Example.org", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_login_wrong_password_shows_error(client, resident):
    response = client.post(
        "/accounts/login/", {"username": "resident@example.org", "password": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
