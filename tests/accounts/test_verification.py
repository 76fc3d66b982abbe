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


@pytest.mark.parametrize("role", ["officer", "other_district_officer", "supervisor", "admin"])
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
