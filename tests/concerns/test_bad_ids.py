"""Hostile ids and numbers in URLs and forms give 400/404, never a 500."""

HUGE = "9" * 30
IN_B111 = {"lat": 41.805, "lon": -87.695}


def test_huge_and_unicode_ids(client, client_for, city, categories, officer):
    staff = client_for(officer)
    for url in [
        f"/concerns/{HUGE}/",
        f"/api/v1/concerns/{HUGE}/",
        f"/concerns/{HUGE}/manage/",
        f"/api/v1/categories/{HUGE}/",
        "/concerns/similar/?category=%C2%B2&lat=1&lon=2",
        f"/concerns/similar/?category={HUGE}&lat=nan&lon=inf",
    ]:
        assert staff.get(url).status_code in (200, 404), url
    for category in (HUGE, "²"):
        response = client.post(
            "/api/v1/concerns/", {"category": category, "description": "x", **IN_B111}
        )
        assert response.status_code == 400
    assert staff.post("/concerns/triage/", {"concern": [HUGE, "²", "x"]}).status_code == 302


def test_huge_numbers_in_actions(client_for, make_concern, officer):
    staff = client_for(officer)
    concern = make_concern()
    response = staff.post(f"/api/v1/concerns/{concern.pk}/duplicate/", {"original": HUGE})
    assert response.status_code == 400
    response = staff.post(f"/concerns/{concern.pk}/manage/duplicate/", {"original": HUGE})
    assert response.status_code == 400
    response = staff.post(f"/concerns/{concern.pk}/manage/assign/", {"officer": "abc"})
    assert response.status_code == 400


def test_duplicate_of_a_number_that_is_no_concern(client_for, make_concern, officer):
    staff = client_for(officer)
    concern = make_concern()
    response = staff.post(f"/concerns/{concern.pk}/manage/duplicate/", {"original": 999999})
    assert response.status_code == 400
    assert "No concern has that number." in response.content.decode()
    response = staff.post(f"/api/v1/concerns/{concern.pk}/duplicate/", {"original": 999999})
    assert response.status_code == 400
    assert response.json() == {"original": ["No concern has that number."]}
    concern.refresh_from_db()
    assert concern.duplicate_of_id is None
