import pytest
from django.core.exceptions import PermissionDenied

from beatbridge.accounts import services
from beatbridge.accounts.models import NeighborhoodVerification, VerificationStatus


def test_resident_requests_and_officer_confirms(client_for, resident, officer, city):
    response = client_for(resident).post(
        "/accounts/verify/", {"neighborhood": city["hilltop"].pk, "evidence": "Maple St block"}
    )
    assert response.status_code == 302
    verification = NeighborhoodVerification.objects.get(user=resident)
    assert verification.status == VerificationStatus.PENDING
    queue = client_for(officer).get("/accounts/verifications/")
    assert "Maple St block" in queue.content.decode()
    response = client_for(officer).post(
        f"/accounts/verifications/{verification.pk}/decide/", {"decision": "confirm", "note": "ok"}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.CONFIRMED
    assert verification.decided_by == officer
    assert resident.home_neighborhood == city["hilltop"]
    assert resident.home_verified


def test_decline_leaves_resident_unverified(resident, supervisor, city):
    verification = services.request_verification(resident, city["riverside"])
    services.decide_verification(verification, confirm=False, by=supervisor, note="not on roll")
    resident.refresh_from_db()
    verification.refresh_from_db()
    assert not resident.home_verified
    assert verification.status == VerificationStatus.DECLINED


def test_repeated_request_is_not_duplicated(resident, city):
    first = services.request_verification(resident, city["riverside"])
    second = services.request_verification(resident, city["riverside"])
    assert first.pk == second.pk
    assert NeighborhoodVerification.objects.filter(user=resident).count() == 1


def test_cannot_decide_twice(resident, officer, city):
    verification = services.request_verification(resident, city["riverside"])
    services.decide_verification(verification, confirm=True, by=officer)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.decide_verification(verification, confirm=False, by=officer)


@pytest.mark.parametrize("role", ["resident", "partner", "analyst"])
def test_roles_that_cannot_decide(role, personas, resident, city, client_for):
    verification = services.request_verification(resident, city["riverside"])
    with pytest.raises(PermissionDenied):
        services.decide_verification(verification, confirm=True, by=personas[role])
    response = client_for(personas[role]).post(
        f"/accounts/verifications/{verification.pk}/decide/", {"decision": "confirm"}
    )
    assert response.status_code == 403
    assert client_for(personas[role]).get("/accounts/verifications/").status_code == 403
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.PENDING


@pytest.mark.parametrize("role", ["officer", "supervisor", "admin"])
def test_roles_that_can_decide(role, personas, resident, city):
    verification = services.request_verification(resident, city["riverside"])
    services.decide_verification(verification, confirm=True, by=personas[role])
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.CONFIRMED
    assert verification.decided_by == personas[role]


def test_staff_cannot_request_verification(client_for, officer, city):
    response = client_for(officer).get("/accounts/verify/")
    assert response.status_code == 403


def test_bad_verification_form(client_for, resident):
    response = client_for(resident).post("/accounts/verify/", {"neighborhood": "999999"})
    assert response.status_code == 400
    assert "neighborhood" in response.context["form"].errors


def test_bad_decision_value(client_for, resident, officer, city):
    verification = services.request_verification(resident, city["riverside"])
    response = client_for(officer).post(
        f"/accounts/verifications/{verification.pk}/decide/", {"decision": "maybe"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/verifications/"
    assert "Choose confirm or decline." in response.content.decode()
    verification.refresh_from_db()
    assert verification.status == VerificationStatus.PENDING


# Officers see and decide only the requests of neighborhoods in their district. The test
# city: Riverside lies in district 1 only; Hilltop spans districts 1 and 2.
QUEUE_SEES = {
    "officer": {"Riverside", "Hilltop"},  # beat 0111, district 1
    "other_district_officer": {"Hilltop"},  # beat 0211, district 2
    "supervisor": {"Riverside", "Hilltop"},
    "admin": {"Riverside", "Hilltop"},
}


def _two_requests(city, resident, partner):
    return {
        "Riverside": services.request_verification(resident, city["riverside"], "Elm St"),
        "Hilltop": services.request_verification(partner, city["hilltop"], "Oak Ave"),
    }


@pytest.mark.parametrize("role", sorted(QUEUE_SEES))
def test_queue_lists_only_the_requests_of_the_staff_members_district(
    role, personas, resident, partner, city, client_for
):
    _two_requests(city, resident, partner)
    page = client_for(personas[role]).get("/accounts/verifications/")
    assert page.status_code == 200
    listed = {v.neighborhood.name for v in page.context["pending"]}
    assert listed == QUEUE_SEES[role]
    text = page.content.decode()
    assert ("Elm St" in text) == ("Riverside" in QUEUE_SEES[role])
    assert "Oak Ave" in text


@pytest.mark.parametrize("role", sorted(QUEUE_SEES))
def test_decisions_only_in_the_staff_members_district(
    role, personas, resident, partner, city, client_for
):
    requests = _two_requests(city, resident, partner)
    for name, verification in requests.items():
        response = client_for(personas[role]).post(
            f"/accounts/verifications/{verification.pk}/decide/", {"decision": "confirm"}
        )
        verification.refresh_from_db()
        if name in QUEUE_SEES[role]:
            assert response.status_code == 302
            assert verification.status == VerificationStatus.CONFIRMED
        else:
            assert response.status_code == 404
            assert verification.status == VerificationStatus.PENDING
            with pytest.raises(PermissionDenied):
                services.decide_verification(verification, confirm=True, by=personas[role])
            verification.refresh_from_db()
            assert verification.status == VerificationStatus.PENDING
    resident.refresh_from_db()
    assert resident.home_verified == ("Riverside" in QUEUE_SEES[role])


def test_officer_without_a_current_beat_sees_no_requests(
    officer, resident, partner, city, client_for
):
    import datetime as dt

    _two_requests(city, resident, partner)
    officer.beat_assignments.update(ends_on=dt.date(2021, 1, 1))
    page = client_for(officer).get("/accounts/verifications/")
    assert page.status_code == 200 and list(page.context["pending"]) == []
