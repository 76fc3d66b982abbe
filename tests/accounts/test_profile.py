def test_profile_requires_sign_in(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_profile_update(client_for, resident):
    c = client_for(resident)
    response = c.post(
        "/accounts/profile/", {"display_name": "Rosa M.", "preferred_language": "es", "phone": ""}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Rosa M."
    assert resident.preferred_language == "es"


def test_profile_bad_language_is_a_form_error(client_for, resident):
    response = client_for(resident).post(
        "/accounts/profile/", {"display_name": "x", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    assert "preferred_language" in response.context["form"].errors
