"""Map Beatbridge categories and concerns to Open311 services and service requests.

Only public data goes out: a service request never carries the submitter's name, email,
phone, account or tracking token, and only public timeline updates become status notes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ..geo import public_point
from ..models import Category, Concern, ConcernPhoto, ConcernUpdate
from ..models.concerns import OPEN_STATUSES

# When this endpoint's definition last changed (for the Service Discovery document).
CHANGESET = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


def service_notice(category: Category) -> str:
    return _("Officers aim to respond within %(hours)s hours. Call 911 in an emergency.") % {
        "hours": category.response_target_hours
    }


def has_metadata(category: Category) -> bool:
    return any(isinstance(q, dict) and q.get("code") for q in category.attributes or [])


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": has_metadata(category),
        "type": "realtime",
        "keywords": ", ".join(dict.fromkeys(filter(None, [category.name_en, category.name_es]))),
        "group": category.responsible_unit,
    }


def questions(category: Category) -> list[dict]:
    """The category's extra questions, complete and sorted by their order."""
    items = [q for q in category.attributes or [] if isinstance(q, dict) and q.get("code")]
    out = []
    for position, q in enumerate(sorted(items, key=lambda q: q.get("order") or 0), start=1):
        datatype = q.get("datatype") if q.get("datatype") in DATATYPES else "string"
        question = {
            "variable": bool(q.get("variable", True)),
            "code": str(q["code"]),
            "datatype": datatype,
            "required": bool(q.get("required", False)),
            "datatype_description": q.get("datatype_description") or None,
            "order": int(q.get("order") or position),
            "description": q.get("description") or str(q["code"]),
        }
        if datatype in ("singlevaluelist", "multivaluelist"):
            question["values"] = [
                {"key": str(v.get("key")), "name": str(v.get("name", v.get("key")))}
                for v in q.get("values") or []
                if isinstance(v, dict)
            ]
        out.append(question)
    return out


def service_definition(category: Category) -> dict[str, Any]:
    return {"service_code": category.code, "attributes": questions(category)}


def public_requests() -> QuerySet[Concern]:
    """Public concerns with what a service request needs, in few queries."""
    return (
        Concern.objects.public()
        .select_related("category", "neighborhood", "referred_organization")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=ConcernUpdate.objects.filter(is_public=True)
                .exclude(text="")
                .order_by("-created_at", "-pk"),
                to_attr="public_notes",
            ),
            Prefetch("photos", queryset=ConcernPhoto.objects.order_by("pk"), to_attr="photo_list"),
        )
    )


def is_open(concern: Concern) -> bool:
    return concern.status in OPEN_STATUSES


def agency(concern: Concern) -> str:
    if concern.referred_to:
        return concern.referred_to
    if concern.referred_organization_id:
        return concern.referred_organization.name
    return concern.category.responsible_unit


def expected(concern: Concern) -> dt.datetime | None:
    """When a first response is due, for open requests nobody has answered yet."""
    if not is_open(concern) or concern.first_response_at:
        return None
    return concern.created_at + dt.timedelta(hours=concern.category.response_target_hours)


def service_request(concern: Concern, absolute_url, viewer: Any = None) -> dict[str, Any]:
    """A concern as an Open311 service request; an anonymous concern's ``lat``/``long`` are
    its block (generalized like incidents) unless ``viewer`` is staff."""
    notes = getattr(concern, "public_notes", None)
    if notes is None:
        notes = list(
            concern.updates.filter(is_public=True).exclude(text="").order_by("-created_at", "-pk")
        )
    photos = getattr(concern, "photo_list", None)
    if photos is None:
        photos = list(concern.photos.order_by("pk"))
    lon, lat = public_point(concern, viewer)
    updated = concern.updated_at
    if not is_open(concern) and concern.closed_at:
        updated = max(updated, concern.closed_at)
    return {
        "service_request_id": concern.pk,
        "status": "open" if is_open(concern) else "closed",
        "status_notes": notes[0].text if notes else None,
        "service_name": concern.category.name,
        "service_code": concern.category.code,
        "description": concern.description,
        "agency_responsible": agency(concern) or None,
        "service_notice": service_notice(concern.category),
        "requested_datetime": concern.created_at,
        "updated_datetime": updated,
        "expected_datetime": expected(concern),
        "address": concern.address or (concern.neighborhood.name if concern.neighborhood else ""),
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": absolute_url(photos[0].image.url) if photos else (concern.media_url or None),
    }
