import datetime as dt

import pytest

from beatbridge.accounts.models import Membership
from beatbridge.priorities import services as priority_services
from beatbridge.projects import services
from tests.factories import OrganizationFactory


@pytest.fixture
def org(partner):
    org = OrganizationFactory(name="Riverside Youth League", contact_email="league@example.org")
    Membership.objects.create(organization=org, user=partner, is_contact=True)
    return org


@pytest.fixture
def other_org(city):
    from tests.factories import UserFactory

    org = OrganizationFactory(name="Hilltop Merchants")
    other = UserFactory(email="merchant@example.org", role="partner", display_name="Mo Merchant")
    Membership.objects.create(organization=org, user=other, is_contact=True)
    return org


@pytest.fixture
def priority(city, resident):
    return priority_services.propose_priority(
        city["riverside"], title="Car break-ins on River St", by=resident
    )


@pytest.fixture
def project(city, officer, priority):
    return services.create_project(
        [city["riverside"]],
        priority=priority,
        title="",
        statement="Cars broken into at night along River St.",
        by=officer,
        start_date=dt.date(2026, 1, 5),
    )


@pytest.fixture
def org_item(project, officer, org):
    return services.add_action_item(
        project,
        title="Youth league evening program",
        owner_organization=org,
        due_date=dt.date(2026, 3, 1),
        by=officer,
    )


@pytest.fixture
def resident_item(project, officer, resident):
    return services.add_action_item(
        project, title="Porch-light campaign", owner_user=resident, by=officer
    )


# Hand-built incidents and concerns (shared with the analysis and concerns tests).
from tests.analysis.conftest import make_incident, offense  # noqa: E402, F401
from tests.concerns.conftest import categories, make_concern  # noqa: E402, F401
