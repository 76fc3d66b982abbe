import io

import pytest
from PIL import Image

from beatbridge.accounts.models import Membership
from tests.factories import OrganizationFactory


@pytest.fixture
def org(partner, city):
    org = OrganizationFactory(name="Riverside Youth League", contact_email="league@example.org")
    org.neighborhoods.add(city["riverside"])
    Membership.objects.create(organization=org, user=partner, is_contact=True)
    return org


@pytest.fixture
def published(monkeypatch):
    """Calls to the subscriptions app's publish(), recorded instead of delivered."""
    calls = []

    def fake_publish(**kwargs):
        calls.append(kwargs)
        return 1

    import beatbridge.subscriptions.services as subs

    monkeypatch.setattr(subs, "publish", fake_publish)
    return calls


def png_bytes(size=(40, 30), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def announcement(officer, city):
    from beatbridge.outreach import services

    return services.post_announcement(
        by=officer,
        title="Street fair on River St",
        body="Come to the street fair on Saturday from noon.",
        category="event",
        areas=[city["riverside"]],
    )
