"""The demo city: Chicago's real districts, beats and community areas, plus people.

Data shipped in ``demo/data/`` (see ``demo/data/SOURCES.md``). Every step is idempotent:
loading twice adds nothing and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from beatbridge.accounts.models import Organization, OrganizationKind, Role, User
from beatbridge.accounts.services import add_member
from beatbridge.areas.models import Area, AreaKind, OfficerAssignment
from beatbridge.areas.services import assign_officer, import_areas

DEMO_PASSWORD = "beatbridge-demo"  # noqa: S105 - printed to the person running the demo


def data_path(name: str) -> Path:
    return Path(str(resources.files("beatbridge.demo") / "data" / name))


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: str
    badge: str = ""
    beat: str | None = None
    home: str | None = None


PEOPLE = [
    DemoPerson("resident@demo.beatbridge.org", "Rosa Martínez", Role.RESIDENT, home="1"),
    DemoPerson("partner@demo.beatbridge.org", "Darnell Jackson", Role.PARTNER, home="1"),
    DemoPerson("officer@demo.beatbridge.org", "Officer Maria Lopez", Role.OFFICER, "4411", "2431"),
    DemoPerson("officer2@demo.beatbridge.org", "Officer James Chen", Role.OFFICER, "5123", "2432"),
    DemoPerson("officer3@demo.beatbridge.org", "Officer Aisha Bello", Role.OFFICER, "6310", "0111"),
    DemoPerson(
        "supervisor@demo.beatbridge.org", "Sergeant Tom Walsh", Role.SUPERVISOR, "1207", "2433"
    ),
    DemoPerson("analyst@demo.beatbridge.org", "Priya Raman", Role.ANALYST),
    DemoPerson("admin@demo.beatbridge.org", "Alex Admin", Role.ADMIN),
]

ORGANIZATIONS = [
    ("Rogers Park Business Alliance", OrganizationKind.BUSINESS, ["1"], "partner"),
    ("Sullivan High School", OrganizationKind.SCHOOL, ["1", "2"], None),
    ("Loyola Youth Basketball League", OrganizationKind.YOUTH, ["1", "77"], None),
    ("Edgewater Tenants United", OrganizationKind.TENANT, ["77"], None),
    ("St. Jerome Parish", OrganizationKind.FAITH, ["1"], None),
    ("Chicago Department of Streets and Sanitation", OrganizationKind.CITY_AGENCY, [], None),
    ("Chicago Department of Transportation", OrganizationKind.CITY_AGENCY, [], None),
    ("Englewood Neighbors Together", OrganizationKind.NONPROFIT, ["68", "67"], None),
]


def load_areas(out=print) -> None:
    for kind, file, code_field, name_field, parent, template in [
        (AreaKind.DISTRICT, "districts.geojson.gz", "district", None, None, "District {code}"),
        (AreaKind.BEAT, "beats.geojson.gz", "beat", None, AreaKind.DISTRICT, "Beat {code}"),
        (AreaKind.NEIGHBORHOOD, "community_areas.geojson.gz", "area_number", "name", None, None),
    ]:
        summary = import_areas(
            data_path(file),
            kind=kind,
            code_field=code_field,
            name_field=name_field,
            parent_kind=parent,
            name_template=template,
        )
        out(
            f"  {kind}: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged"
        )


def load_people(out=print) -> list[tuple[DemoPerson, User]]:
    people = []
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            home = (
                Area.objects.filter(kind=AreaKind.NEIGHBORHOOD, code=person.home).first()
                if person.home
                else None
            )
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                display_name=person.name,
                role=person.role,
                badge_number=person.badge,
                home_neighborhood=home,
                home_verified=home is not None,
                is_staff=person.role == Role.ADMIN,
                is_superuser=person.role == Role.ADMIN,
            )
        if person.beat:
            beat = Area.objects.get(kind=AreaKind.BEAT, code=person.beat)
            if not OfficerAssignment.objects.filter(officer=user, beat=beat).exists():
                assign_officer(user, beat, starts_on=dt.date(2026, 1, 1), role="Beat officer")
        people.append((person, user))
    return people


def load_organizations(people: list[tuple[DemoPerson, User]]) -> None:
    partner = next(user for person, user in people if person.role == Role.PARTNER)
    for name, kind, codes, member in ORGANIZATIONS:
        email = f"info@{slugify(name.split()[0]) or 'partner'}.example.org"
        org, created = Organization.objects.get_or_create(
            name=name, defaults={"kind": kind, "contact_name": "", "contact_email": email}
        )
        if not created and org.contact_email != email and ".." in org.contact_email:
            org.contact_email = email  # mend an address an earlier demo wrote ("st..")
            org.save(update_fields=["contact_email"])
        if created:
            org.neighborhoods.set(Area.objects.filter(kind=AreaKind.NEIGHBORHOOD, code__in=codes))
        if member == "partner" and not org.membership_set.filter(user=partner).exists():
            add_member(org, partner, title="Safety committee chair", is_contact=True)


@transaction.atomic
def load_city(out=print) -> list[tuple[DemoPerson, User]]:
    load_areas(out)
    people = load_people(out)
    load_organizations(people)
    return people
