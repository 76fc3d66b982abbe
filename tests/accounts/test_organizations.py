import pytest

from beatbridge.accounts.models import Role
from beatbridge.accounts.services import add_member

from ..factories import OrganizationFactory


def test_partner_organizations_are_public(client, city):
    org = OrganizationFactory(name="Riverside Youth League", kind="youth_program")
    org.neighborhoods.add(city["riverside"])
    listing = client.get("/accounts/organizations/").content.decode()
    assert "Riverside Youth League" in listing
    detail = client.get(f"/accounts/organizations/{org.pk}/").content.decode()
    assert "Riverside" in detail
    page = client.get("/areas/neighborhood/1/").content.decode()
    assert "Riverside Youth League" in page
    api = client.get("/api/v1/organizations/").json()
    assert api["results"][0]["neighborhoods"] == ["1"]


def test_adding_member_makes_resident_a_partner(resident):
    org = OrganizationFactory()
    add_member(org, resident, title="Chair", is_contact=True)
    resident.refresh_from_db()
    assert resident.role == Role.PARTNER
    assert list(org.members.all()) == [resident]


def test_unknown_organization_404(client, db):
    assert client.get("/accounts/organizations/999/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [("contact_email", "info@st..example.org"), ("website", "javascript:alert(1)")],
)
def test_an_organization_never_stores_an_invalid_contact(db, field, value):
    from django.core.exceptions import ValidationError

    from beatbridge.accounts.models import Organization

    org = Organization(name="St. Sabina", kind="faith_group", **{field: value})
    with pytest.raises(ValidationError):
        org.save()
    assert not Organization.objects.filter(name="St. Sabina").exists()


def test_demo_partner_emails_are_valid(db):
    from django.core.validators import validate_email

    from beatbridge.accounts.models import Organization
    from beatbridge.demo.city import load_city

    load_city(out=lambda *args: None)
    emails = list(Organization.objects.values_list("contact_email", flat=True))
    assert emails
    for email in emails:
        validate_email(email)  # "St. Sabina" once gave info@st..example.org
