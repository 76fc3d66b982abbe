"""Verbs for announcements, the resource library, workshop requests and officer cards.

Each checks permission, validates, writes in one transaction and records an activity entry
(who, what, when, what changed); announcements notify subscribers when the transaction
commits (through :mod:`.notifications`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.core.text import required_text

from . import notifications, permissions, uploads
from .models import (
    Announcement,
    AnnouncementCategory,
    AnnouncementStatus,
    OfficerProfile,
    Resource,
    ResourceKind,
    Topic,
    WorkshopRequest,
    WorkshopRequestStatus,
)

VERSION_KEY = "outreach:version"


def content_version() -> str:
    """Changes whenever an announcement or resource changes: part of fragment cache keys."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(timezone.now().timestamp())
        cache.set(VERSION_KEY, version, None)
    return str(version)


def _bump() -> None:
    cache.set(VERSION_KEY, str(timezone.now().timestamp()), None)


def _log(by: Any, verb: str, target: Any, data: dict | None = None) -> None:
    record_activity(by, f"outreach.{verb}", target, data or {})


# ------------------------------------------------------------------ announcements


def _check_targets(
    by: Any, areas: Sequence[Any], is_citywide: bool, organization: Any, category: str
) -> None:
    if category not in AnnouncementCategory.values:
        raise ValidationError({"category": _("Choose a valid category.")})
    if not permissions.can_use_category(by, category):
        raise ValidationError(
            {"category": _("Partners cannot post safety alerts or crime statistics.")}
        )
    if (
        organization is not None
        and not permissions.partner_organizations(by).filter(pk=organization.pk).exists()
    ):
        raise ValidationError({"organization": _("You are not a member of this organization.")})
    if permissions.is_partner(by) and organization is None:
        raise ValidationError({"organization": _("Choose the organization you post for.")})
    if is_citywide:
        if not permissions.can_post_citywide(by):
            raise PermissionDenied(_("Only supervisors post city-wide announcements."))
        return
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area, or the whole city.")})
    refused = [a for a in areas if not permissions.can_post_to_area(by, a, organization)]
    if refused:
        raise ValidationError(
            {
                "areas": _("You cannot post to: %(areas)s.")
                % {"areas": ", ".join(str(a) for a in refused)}
            }
        )


def _check_expiry(expires_at: dt.datetime | None) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})


@transaction.atomic
def post_announcement(
    *,
    by: Any,
    title: str,
    body: str,
    category: str,
    areas: Iterable[Any] = (),
    is_citywide: bool = False,
    is_urgent: bool = False,
    expires_at: dt.datetime | None = None,
    image: Any = None,
    image_alt: str = "",
    organization: Any = None,
) -> Announcement:
    """Publish an announcement to areas (or the city). An urgent safety alert goes to
    subscribers at once; others join the subscribers' announcement digests."""
    if not permissions.can_post_announcements(by):
        raise PermissionDenied(_("Only officers and partner organizations post announcements."))
    areas = list(dict.fromkeys(areas))
    title = required_text(title, "title", _("Give the announcement a title."), 140)
    body = required_text(body, "body", _("Write the announcement."), 5000)
    _check_targets(by, areas, is_citywide, organization, category)
    _check_expiry(expires_at)
    if is_urgent and category != AnnouncementCategory.SAFETY_ALERT:
        raise ValidationError({"is_urgent": _("Only safety alerts can be urgent.")})
    clean = uploads.clean_image(image) if image else None
    if clean is not None and not (image_alt or "").strip():
        raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})
    now = timezone.now()
    announcement = Announcement(
        title=title,
        body=body,
        category=category,
        is_urgent=is_urgent,
        is_citywide=is_citywide,
        expires_at=expires_at,
        image_alt=(image_alt or "").strip()[:200] if clean else "",
        author=by,
        organization=organization,
        published_at=now,
        updated_at=now,
    )
    if clean is not None:
        announcement.image.save(clean.name, clean, save=False)
    announcement.save()
    if not is_citywide:
        announcement.areas.set(areas)
    _log(
        by,
        "announcement_posted",
        announcement,
        {
            "areas": [a.pk for a in areas],
            "citywide": is_citywide,
            "category": category,
            "urgent": is_urgent,
        },
    )
    _bump()
    transaction.on_commit(lambda: notifications.announce(announcement))
    return announcement


EDITABLE = ("title", "body", "expires_at", "image_alt")


@transaction.atomic
def edit_announcement(announcement: Announcement, *, by: Any, **changes: Any) -> Announcement:
    """Correct the title, text, expiry or image description. Subscribers are not notified
    again; the feeds show the new ``updated`` time."""
    if not permissions.can_edit_announcement(by, announcement):
        raise PermissionDenied(_("Only the author or a supervisor can change this announcement."))
    if announcement.status == AnnouncementStatus.WITHDRAWN:
        raise ValidationError({"status": _("A withdrawn announcement cannot be changed.")})
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    if "title" in changes:
        changes["title"] = required_text(
            changes["title"], "title", _("Give the announcement a title."), 140
        )
    if "body" in changes:
        changes["body"] = required_text(changes["body"], "body", _("Write the announcement."), 5000)
    if "expires_at" in changes:
        _check_expiry(changes["expires_at"])
    changed = {}
    for field, value in changes.items():
        if getattr(announcement, field) != value:
            changed[field] = value.isoformat() if isinstance(value, dt.datetime) else value
            setattr(announcement, field, value)
    if not changed:
        return announcement
    announcement.updated_at = timezone.now()
    announcement.save()
    _log(by, "announcement_edited", announcement, {"changed": sorted(changed)})
    _bump()
    return announcement


@transaction.atomic
def withdraw_announcement(announcement: Announcement, *, by: Any, reason: str = "") -> Announcement:
    """Take an announcement down: it leaves pages, feeds and the API for the public."""
    if not permissions.can_edit_announcement(by, announcement):
        raise PermissionDenied(_("Only the author or a supervisor can withdraw this announcement."))
    if announcement.status == AnnouncementStatus.WITHDRAWN:
        return announcement
    announcement.status = AnnouncementStatus.WITHDRAWN
    announcement.withdrawn_at = announcement.updated_at = timezone.now()
    announcement.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _log(by, "announcement_withdrawn", announcement, {"reason": (reason or "")[:300]})
    _bump()
    return announcement


# ------------------------------------------------------------------ resource library


def _clean_list(values: Iterable[str], allowed: Iterable[str] | None, field: str) -> list[str]:
    out = [str(v).strip() for v in values or () if str(v).strip()]
    if allowed is not None:
        allowed = set(allowed)
        bad = [v for v in out if v not in allowed]
        if bad:
            raise ValidationError({field: _("Unknown: %(v)s.") % {"v": ", ".join(bad)}})
    return list(dict.fromkeys(out))


@transaction.atomic
def add_resource(
    *,
    by: Any,
    title: str,
    kind: str,
    language: str,
    summary: str = "",
    body: str = "",
    url: str = "",
    file: Any = None,
    topics: Iterable[str] = (),
    categories: Iterable[str] = (),
    slug: str = "",
    translation_of: Resource | None = None,
) -> Resource:
    """Add an article, checklist, link, video or downloadable file to the library."""
    from django.conf import settings

    if by is not None and not permissions.can_manage_resources(by):
        raise PermissionDenied(_("Only officers and administrators add library resources."))
    title = required_text(title, "title", _("Give the resource a title."), 200)
    if kind not in ResourceKind.values:
        raise ValidationError({"kind": _("Choose a valid kind.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose a valid language.")})
    topics = _clean_list(topics, Topic.values, "topics")
    categories = _clean_list(categories, None, "categories")
    if kind in (ResourceKind.LINK, ResourceKind.VIDEO) and not url:
        raise ValidationError({"url": _("Give the link.")})
    if kind in (ResourceKind.ARTICLE, ResourceKind.CHECKLIST) and not (body or "").strip():
        raise ValidationError({"body": _("Write the text.")})
    if kind == ResourceKind.FILE and not file:
        raise ValidationError({"file": _("Choose the file.")})
    if url:
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError({"url": _("Enter a valid web address.")}) from exc
    slug = slugify(slug or title)[:80] or "resource"
    resource = Resource(
        slug=slug,
        kind=kind,
        title=title,
        summary=(summary or "").strip()[:400],
        body=(body or "").strip(),
        url=url,
        language=language,
        topics=topics,
        categories=categories,
        translation_of=translation_of,
        created_by=by,
    )
    if file:
        try:
            clean, content_type = uploads.clean_download(file)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        resource.file.save(clean.name, clean, save=False)
        resource.file_content_type = content_type
    if Resource.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("A resource with this short name exists already.")})
    resource.save()
    _log(by, "resource_added", resource, {"kind": kind, "language": language})
    _bump()
    return resource


# ------------------------------------------------------------------ workshop requests


def request_workshop(*, by: Any, area: Any, topic: str, note: str = "") -> WorkshopRequest:
    """A resident asks for a workshop on ``topic`` in their neighborhood. Asking again for
    the same topic while the first request is open returns that request (no duplicate)."""
    if not permissions.can_request_workshop(by):
        raise PermissionDenied(_("Sign in to request a workshop."))
    if getattr(area, "kind", "") != "neighborhood":
        raise ValidationError({"area": _("Choose a neighborhood.")})
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Choose a topic.")})
    note = (note or "").strip()
    if len(note) > 1000:
        raise ValidationError({"note": _("Keep the note under 1,000 characters.")})
    existing = WorkshopRequest.objects.filter(
        area=area, topic=topic, requested_by=by, status=WorkshopRequestStatus.OPEN
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            made = WorkshopRequest.objects.create(
                area=area, topic=topic, note=note, requested_by=by
            )
            _log(by, "workshop_requested", made, {"area": area.pk, "topic": topic})
    except IntegrityError:  # the same request sent twice at once
        return WorkshopRequest.objects.get(
            area=area, topic=topic, requested_by=by, status=WorkshopRequestStatus.OPEN
        )
    return made


@transaction.atomic
def decide_workshop_request(request: WorkshopRequest, *, by: Any, status: str) -> WorkshopRequest:
    """A supervisor marks a request scheduled or declined; it leaves the open counts."""
    if not permissions.can_view_workshop_requests(by):
        raise PermissionDenied(_("Only supervisors decide workshop requests."))
    if status not in (WorkshopRequestStatus.SCHEDULED, WorkshopRequestStatus.DECLINED):
        raise ValidationError({"status": _("Choose scheduled or declined.")})
    if request.status != WorkshopRequestStatus.OPEN:
        raise ValidationError({"status": _("This request was already decided.")})
    request.status = status
    request.save(update_fields=["status"])
    _log(by, "workshop_request_decided", request, {"status": status})
    return request


# ------------------------------------------------------------------ officer cards


@transaction.atomic
def update_officer_profile(
    officer: Any,
    *,
    by: Any,
    languages: str = "",
    public_email: str = "",
    public_phone: str = "",
    about: str = "",
    photo: Any = None,
    remove_photo: bool = False,
) -> OfficerProfile:
    """What an officer shows on neighborhood pages; nothing from the account is published."""
    if not permissions.can_edit_officer_profile(by, officer):
        raise PermissionDenied(_("Only the officer can change their card."))
    profile, _created = OfficerProfile.objects.get_or_create(user=officer)
    if public_email:
        from django.core.validators import validate_email

        try:
            validate_email(public_email)
        except ValidationError as exc:
            raise ValidationError({"public_email": _("Enter a valid email address.")}) from exc
    profile.languages = (languages or "").strip()[:200]
    profile.public_email = (public_email or "").strip()
    profile.public_phone = (public_phone or "").strip()[:40]
    profile.about = (about or "").strip()[:400]
    if photo:
        try:
            clean = uploads.clean_image(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
        profile.photo.save(clean.name, clean, save=False)
    elif remove_photo:
        profile.photo = ""
    profile.save()
    _log(by, "officer_profile_updated", profile, {"photo": bool(profile.photo)})
    _bump()
    return profile
