"""The concern verbs: submit, support, and every step of the status workflow.

Each verb validates its input, checks permission (``permissions.py``), writes in one
transaction with a timeline entry, records the activity, and queues the email to the
submitter (if they left an address). Bad input raises ``django.core.exceptions.
ValidationError`` with a ``{field: [messages]}`` dict; a refused actor raises
``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity
from beatbridge.accounts.permissions import is_officer_role, is_signed_in, is_staff_member
from beatbridge.areas.locator import locate

from . import notifications, permissions
from .categories import get_category, response_targets
from .geo import GENERALIZED_WITHIN_M, bbox_around, geocode, haversine_m, public_point
from .models import (
    Category,
    CloseReason,
    Concern,
    ConcernPhoto,
    ConcernStatus,
    ConcernUpdate,
    Support,
    UpdateKind,
)
from .models.concerns import OPEN_STATUSES
from .photos import CleanPhoto, clean_photos
from .signals import concern_status_changed

S = ConcernStatus
MAX_DESCRIPTION = 4000
MAX_NOTE = 4000
CONTACT_PREFERENCES = ("", "email", "phone", "none")

# Which status each status may move to, by staff verbs. Reopening (by the submitter or a
# supporter) is separate: see reopen_concern.
TRANSITIONS: dict[str, set[str]] = {
    S.SUBMITTED: {
        S.ACKNOWLEDGED,
        S.IN_PROGRESS,
        S.REFERRED,
        S.RESOLVED,
        S.REJECTED,
        S.DUPLICATE,
        S.CLOSED_UNFIXED,
    },
    S.ACKNOWLEDGED: {
        S.IN_PROGRESS,
        S.REFERRED,
        S.RESOLVED,
        S.REJECTED,
        S.DUPLICATE,
        S.CLOSED_UNFIXED,
    },
    S.IN_PROGRESS: {S.REFERRED, S.RESOLVED, S.DUPLICATE, S.CLOSED_UNFIXED},
    # ACKNOWLEDGED: the organization handed it back to the police (referrals.hand_back).
    S.REFERRED: {S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESOLVED, S.CLOSED_UNFIXED},
    S.RESOLVED: {S.CLOSED, S.IN_PROGRESS},
    S.CLOSED: set(),
    S.REJECTED: set(),
    S.DUPLICATE: set(),
    S.CLOSED_UNFIXED: set(),
}
REOPEN_TO = S.SUBMITTED  # back in the triage inbox


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean_text(value: Any) -> str:
    """Strip whitespace, NUL characters (PostgreSQL text cannot hold them) and lone
    surrogates (not encodable as UTF-8)."""
    return _UNSTORABLE.sub("", str(value if value is not None else "")).strip()


def _category(value: Any) -> Category | None:
    if isinstance(value, Category):
        return value
    if value in (None, ""):
        return None
    pk = as_id(value)
    if pk is not None:
        return get_category(pk=pk)
    return get_category(code=str(value)[:50])


def as_id(value: Any) -> int | None:
    """A database id from user input, or None (never raises, never overflows a column)."""
    text = str(value).strip() if value is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def _float(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError from None


def _clean_attributes(category: Category, attributes: Any, errors: dict) -> dict:
    """Keep answers to the category's extra questions; check required ones and list values."""
    given = attributes if isinstance(attributes, dict) else {}
    if attributes not in (None, {}) and not isinstance(attributes, dict):
        errors.setdefault("attributes", []).append(_("Extra answers must be an object."))
    answers: dict[str, str] = {}
    for question in category.attributes or []:
        if not isinstance(question, dict) or not question.get("variable", True):
            continue
        code = question.get("code")
        raw = given.get(code)
        value = _clean_text(raw)[:300] if raw is not None else ""
        if not value:
            if question.get("required"):
                errors.setdefault("attributes", []).append(
                    _("Please answer: %(q)s") % {"q": question.get("description", code)}
                )
            continue
        if question.get("datatype") in ("singlevaluelist", "multivaluelist"):
            keys = {str(v.get("key")) for v in question.get("values", [])}
            values = [v.strip() for v in value.split(",")]
            if (
                question["datatype"] == "singlevaluelist"
                and len(values) > 1
                or not all(v in keys for v in values)
            ):
                errors.setdefault("attributes", []).append(
                    _("%(value)s is not a choice for %(q)s")
                    % {"value": value, "q": question.get("description", code)}
                )
                continue
        elif question.get("datatype") == "number":
            try:
                float(value)
            except ValueError:
                errors.setdefault("attributes", []).append(
                    _("%(q)s must be a number.") % {"q": question.get("description", code)}
                )
                continue
        answers[str(code)] = value
    return answers


def _place(lon: Any, lat: Any, address: str, errors: dict) -> tuple[float, float, list] | None:
    try:
        lon_f, lat_f = _float(lon), _float(lat)
    except ValueError:
        errors["location"] = [_("Longitude and latitude must be numbers.")]
        return None
    if (lon_f is None) != (lat_f is None):
        errors["location"] = [_("Give both longitude and latitude.")]
        return None
    if lon_f is None or lat_f is None:
        if not address:
            errors["location"] = [
                _("Tell us where: click the map, type an address or place, or use your location.")
            ]
            return None
        found = geocode(address)
        if found is None:
            errors["address"] = [
                _("We could not find “%(place)s”. Try a neighborhood name or click the map.")
                % {"place": address[:80]}
            ]
            return None
        lon_f, lat_f = found
    try:
        areas = locate(lon_f, lat_f)
    except ValueError as exc:
        errors["location"] = [str(exc)]
        return None
    if not areas:
        errors["location"] = [
            _("This place is outside the areas Beatbridge covers. Please check the location.")
        ]
        return None
    return lon_f, lat_f, areas


def validate_submission(
    *,
    category: Any,
    description: Any,
    lon: Any = None,
    lat: Any = None,
    address: Any = "",
    anonymous: bool = False,
    contact_name: Any = "",
    contact_email: Any = "",
    contact_phone: Any = "",
    contact_preference: Any = "",
    photos: Sequence[Any] = (),
    attributes: Any = None,
) -> dict:
    """Check a submission; return the cleaned values or raise ValidationError(field dict)."""
    errors: dict[str, list[str]] = {}
    cat = _category(category)
    if cat is None or not cat.is_active:
        errors["category"] = [_("Choose a category.")]
    text = _clean_text(description)
    if not text:
        errors["description"] = [_("Describe the problem in a few words.")]
    elif len(text) > MAX_DESCRIPTION:
        errors["description"] = [
            _("Please keep the description under %(n)d characters.") % {"n": MAX_DESCRIPTION}
        ]
    address = _clean_text(address)
    if len(address) > 300:
        errors["address"] = [_("The address or place is too long.")]
        address = address[:300]
    if anonymous and cat is not None and not cat.allows_anonymous:
        errors["anonymous"] = [_("This category cannot be reported anonymously.")]
    contact = {
        "contact_name": _clean_text(contact_name),
        "contact_email": _clean_text(contact_email).lower(),
        "contact_phone": _clean_text(contact_phone),
        "contact_preference": _clean_text(contact_preference),
    }
    if anonymous:
        contact = dict.fromkeys(contact, "")
    if len(contact["contact_name"]) > 120:
        errors["contact_name"] = [_("The name is too long.")]
    if contact["contact_email"]:
        try:
            validate_email(contact["contact_email"])
        except ValidationError:
            errors["contact_email"] = [_("Enter a valid email address.")]
    if len(contact["contact_phone"]) > 40:
        errors["contact_phone"] = [_("The phone number is too long.")]
    if contact["contact_preference"] not in CONTACT_PREFERENCES:
        errors["contact_preference"] = [_("Choose email, phone or no contact.")]
    place = _place(lon, lat, address, errors) if "address" not in errors else None
    cleaned_photos: list[CleanPhoto] = []
    try:
        cleaned_photos = clean_photos(photos)
    except ValidationError as exc:
        errors["photos"] = exc.messages
    answers = _clean_attributes(cat, attributes, errors) if cat is not None else {}
    if errors:
        raise ValidationError(errors)
    assert place is not None  # noqa: S101 - errors would have been raised
    return {
        "category": cat,
        "description": text,
        "address": address,
        "place": place,
        "photos": cleaned_photos,
        "attributes": answers,
        **contact,
    }


_URL = URLValidator(schemes=["http", "https"])


def _media_url(value: Any) -> str:
    """A link to media held elsewhere (Open311 ``media_url``): http(s) only, or refused."""
    link = _clean_text(value)
    if not link:
        return ""
    try:
        if len(link) > 500:
            raise ValidationError("too long")
        _URL(link)
    except ValidationError:
        message = _("media_url must be an http or https address of at most 500 characters.")
        raise ValidationError({"media_url": [message]}) from None
    return link


def submit_concern(
    *,
    category: Any,
    description: str,
    lon: float | None = None,
    lat: float | None = None,
    address: str = "",
    by: Any = None,
    anonymous: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    contact_preference: str = "",
    photos: Sequence[Any] = (),
    attributes: dict | None = None,
    source: str = "web",
    media_url: str = "",
) -> Concern:
    """Record a resident's concern, placed in its beat, district and neighborhood.

    ``category`` is a Category, its code or its id. Location is ``lon``/``lat`` or, when
    they are missing, ``address`` resolved by :func:`geo.geocode`. An anonymous concern
    stores no user and no contact data: its tracking link is the only way back to it.
    """
    _require(permissions.can_submit(by))
    anonymous = bool(anonymous)
    data = validate_submission(
        category=category,
        description=description,
        lon=lon,
        lat=lat,
        address=address,
        anonymous=anonymous,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        contact_preference=contact_preference,
        photos=photos,
        attributes=attributes,
    )
    cat: Category = data["category"]
    link = _media_url(media_url)
    lon_f, lat_f, areas = data["place"]
    by_kind = {a.kind: a for a in areas}
    user = by if (is_signed_in(by) and not anonymous) else None
    now = timezone.now()
    with transaction.atomic():
        concern = Concern.objects.create(
            category=cat,
            description=data["description"],
            lon=lon_f,
            lat=lat_f,
            address=data["address"],
            beat=by_kind.get("beat"),
            district=by_kind.get("district"),
            neighborhood=by_kind.get("neighborhood"),
            is_anonymous=anonymous,
            is_public=cat.is_public,
            submitted_by=user,
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            contact_preference=data["contact_preference"],
            attributes=data["attributes"],
            media_url=link,
            source=_clean_text(source)[:40] or "web",
            created_at=now,
            updated_at=now,
        )
        for photo in data["photos"]:
            ConcernPhoto.objects.create(
                concern=concern,
                image=ContentFile(photo.content, name=photo.filename()),
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
            )
        ConcernUpdate.objects.create(
            concern=concern,
            kind=UpdateKind.STATUS,
            author=user,
            new_status=S.SUBMITTED,
            text=_("Concern received."),
            is_public=True,
            created_at=now,
        )
        record_activity(
            user,
            "concern.submitted",
            concern,
            {"category": cat.code, "source": concern.source, "anonymous": anonymous},
        )
        notifications.notify_submitted(concern)
    return concern


# ----------------------------------------------------------------------------------------
# Duplicate suggestions and support


def nearby_open_concerns(
    category: Any,
    lon: float,
    lat: float,
    *,
    limit: int = 5,
    radius_m: float | None = None,
    viewer: Any = None,
) -> list[tuple[Concern, float]]:
    """Open public concerns of the category within its duplicate radius, nearest first.

    A bounding-box filter in SQL (portable) narrows the rows; haversine does the rest.
    Distances (and who is within the radius) are measured to the point ``viewer`` may see:
    an anonymous concern's block for the public, so probing distances from many places
    cannot find its exact point.
    """
    cat = _category(category)
    if cat is None:
        return []
    radius = float(radius_m if radius_m is not None else cat.duplicate_radius_m)
    margin = 0.0 if is_staff_member(viewer) else GENERALIZED_WITHIN_M
    min_lon, min_lat, max_lon, max_lat = bbox_around(lon, lat, radius + margin)
    rows = (
        Concern.objects.public()
        .open()
        .filter(
            category=cat,
            lon__gte=min_lon,
            lon__lte=max_lon,
            lat__gte=min_lat,
            lat__lte=max_lat,
        )
        .select_related("category", "neighborhood")
        .order_by("-created_at")[:500]
    )
    found = [(c, haversine_m(lon, lat, *public_point(c, viewer))) for c in rows]
    found = [(c, d) for c, d in found if d <= radius]
    found.sort(key=lambda pair: pair[1])
    return found[:limit]


def support_concern(concern: Concern, *, by: Any = None, anonymous_key: str = "") -> bool:
    """Add a "+1 / me too". Returns False when this person already supported it."""
    if not permissions.can_support(by, concern):
        raise PermissionDenied(_("You cannot support this concern."))
    user = by if is_signed_in(by) else None
    key = "" if user else _clean_text(anonymous_key)[:64]
    if user is None and not key:
        raise ValidationError({"supporter": [_("Supporting needs a browser session.")]})
    try:
        with transaction.atomic():
            Support.objects.create(concern=concern, user=user, anonymous_key=key)
            Concern.objects.filter(pk=concern.pk).update(support_count=F("support_count") + 1)
            record_activity(user, "concern.supported", concern)
    except IntegrityError:
        return False
    concern.refresh_from_db(fields=["support_count"])
    return True


# ----------------------------------------------------------------------------------------
# Status workflow


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this with this concern."))


def _transition(
    concern: Concern,
    new_status: str,
    *,
    by: Any,
    text: str,
    public: bool = True,
    verb: str,
    data: dict | None = None,
    allowed: bool | None = None,
    after: Any = None,
    **fields: Any,
) -> Concern:
    """Move a concern to ``new_status`` (validated by TRANSITIONS) with a timeline entry.

    ``allowed`` is the caller's own permission answer (the referral verbs); by default the
    actor must be allowed to change the concern's status. ``after(locked)`` runs inside the
    transaction (notifications)."""
    _require(permissions.can_change_status(by, concern) if allowed is None else allowed)
    now = timezone.now()
    with transaction.atomic():
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        old = locked.status
        if new_status not in TRANSITIONS.get(old, set()):
            raise ValidationError(
                {
                    "status": [
                        _("A concern that is “%(old)s” cannot become “%(new)s”.")
                        % {"old": S(old).label, "new": S(new_status).label}
                    ]
                }
            )
        locked.status = new_status
        locked.updated_at = now
        if locked.first_response_at is None:
            locked.first_response_at = now
        if new_status == S.RESOLVED:
            locked.resolved_at = now
            locked.fixed_check_sent_at = None
        if new_status in (S.CLOSED, S.REJECTED, S.DUPLICATE, S.CLOSED_UNFIXED):
            locked.closed_at = now
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        ConcernUpdate.objects.create(
            concern=locked,
            kind=UpdateKind.STATUS,
            author=by,
            text=text,
            old_status=old,
            new_status=new_status,
            is_public=public,
            created_at=now,
        )
        record_activity(by, verb, locked, {"from": old, "to": new_status, **(data or {})})
        if public:
            notifications.notify_update(locked, text)
        if after is not None:
            after(locked)
        concern_status_changed.send(Concern, concern=locked, old=old, new=new_status)
    concern.refresh_from_db()
    return concern


def acknowledge_concern(concern: Concern, *, by: Any, note: str = "") -> Concern:
    text = _clean_text(note) or _("An officer has read your concern.")
    return _transition(concern, S.ACKNOWLEDGED, by=by, text=text, verb="concern.acknowledged")


def start_work(concern: Concern, *, by: Any, note: str = "") -> Concern:
    text = _clean_text(note) or _("Work on this concern has started.")
    return _transition(concern, S.IN_PROGRESS, by=by, text=text, verb="concern.started")


def referral_organization(name: Any) -> Any:
    """The organization a typed name stands for (case and spacing aside), or None."""
    from beatbridge.accounts.models import Organization

    wanted = " ".join(str(name or "").split()).casefold()
    if not wanted:
        return None
    for org in Organization.objects.only("pk", "name"):
        if " ".join(org.name.split()).casefold() == wanted:
            return org
    return None


def refer_concern(
    concern: Concern, *, by: Any, to: str = "", organization: Any = None, note: str = ""
) -> Concern:
    """Refer to a partner organization or city agency chosen from the list; its members are
    notified and find it on their partner home. A typed name (the API's ``referred_to``) is
    matched to an organization by name; one that matches none is kept as text only."""
    if organization is None:
        organization = referral_organization(to)
    name = organization.name if organization is not None else _clean_text(to)
    if not name:
        raise ValidationError({"organization": [_("Choose the organization to refer it to.")]})
    if len(name) > 200:
        raise ValidationError({"referred_to": [_("The name is too long.")]})
    text = _clean_text(note) or _("Referred to %(name)s.") % {"name": name}
    return _transition(
        concern,
        S.REFERRED,
        by=by,
        text=text,
        verb="concern.referred",
        data={"to": name, "organization": getattr(organization, "pk", None)},
        allowed=permissions.can_refer(by, concern, organization),
        after=(lambda c: notifications.notify_referral(c, organization))
        if organization is not None
        else None,
        referred_to=name,
        referred_organization=organization,
        referral_accepted_at=None,
    )


def resolve_concern(concern: Concern, *, by: Any, note: str = "") -> Concern:
    text = _clean_text(note) or _("This concern has been resolved.")
    return _transition(concern, S.RESOLVED, by=by, text=text, verb="concern.resolved")


def close_concern(concern: Concern, *, by: Any, note: str = "") -> Concern:
    text = _clean_text(note) or _("Closed.")
    return _transition(concern, S.CLOSED, by=by, text=text, verb="concern.closed")


def reject_concern(concern: Concern, *, by: Any, reason: str) -> Concern:
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for rejecting it.")]})
    if len(reason) > 300:
        raise ValidationError({"reason": [_("Keep the reason under 300 characters.")]})
    return _transition(
        concern,
        S.REJECTED,
        by=by,
        text=_("Rejected: %(reason)s") % {"reason": reason},
        verb="concern.rejected",
        rejection_reason=reason,
    )


def original_concern(number: Any) -> Concern:
    """The concern staff name (by its number) as the original of a duplicate."""
    pk = as_id(number)
    original = Concern.objects.filter(pk=pk).first() if pk else None
    if original is None:
        raise ValidationError({"original": [_("No concern has that number.")]})
    return original


def mark_duplicate(concern: Concern, *, by: Any, original: Concern, note: str = "") -> Concern:
    """Link to the original concern (followed to the root if it is itself a duplicate)."""
    root = original
    seen = set()
    while root.duplicate_of_id is not None and root.pk not in seen:
        seen.add(root.pk)
        root = cast(Concern, root.duplicate_of)  # duplicate_of_id is set
    if root.pk == concern.pk:
        raise ValidationError({"original": [_("A concern cannot duplicate itself.")]})
    if not permissions.can_view(by, root):
        raise ValidationError({"original": [_("Choose a concern you can see.")]})
    text = _clean_text(note) or _("This is the same problem as concern #%(id)s.") % {"id": root.pk}
    return _transition(
        concern,
        S.DUPLICATE,
        by=by,
        text=text,
        verb="concern.duplicate",
        data={"original": root.pk},
        duplicate_of=root,
    )


def close_without_fix(concern: Concern, *, by: Any, reason: str, note: str = "") -> Concern:
    """Close honestly without a fix; such concerns never count as fixed."""
    if reason not in CloseReason.values:
        raise ValidationError({"reason": [_("Choose why it is closed without a fix.")]})
    label = CloseReason(reason).label
    text = _clean_text(note) or _("Closed without a fix: %(reason)s.") % {"reason": label}
    return _transition(
        concern,
        S.CLOSED_UNFIXED,
        by=by,
        text=text,
        verb="concern.closed_unfixed",
        data={"reason": reason},
        close_reason=reason,
    )


def reopen_concern(
    concern: Concern,
    *,
    by: Any = None,
    note: str,
    holds_tracking_link: bool = False,
    supporter_key: str = "",
) -> Concern:
    """Reopen a resolved/closed concern within REOPEN_WINDOW_DAYS (submitter or supporter)."""
    note = _clean_text(note)
    if not note:
        raise ValidationError({"note": [_("Tell us why it needs another look.")]})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": [_("The note is too long.")]})
    if concern.status not in permissions.REOPENABLE:
        raise ValidationError({"status": [_("Only a resolved or closed concern can be reopened.")]})
    if not permissions.within_reopen_window(concern):
        raise ValidationError({"status": [_("The time to reopen this concern has passed.")]})
    _require(
        permissions.can_reopen(
            by, concern, holds_tracking_link=holds_tracking_link, supporter_key=supporter_key
        )
    )
    actor = by if is_signed_in(by) and not concern.is_anonymous else None
    now = timezone.now()
    with transaction.atomic():
        old = concern.status
        Concern.objects.filter(pk=concern.pk).update(
            status=REOPEN_TO, updated_at=now, closed_at=None, resolved_at=None, close_reason=""
        )
        ConcernUpdate.objects.create(
            concern=concern,
            kind=UpdateKind.REOPENED,
            author=actor,
            text=note,
            old_status=old,
            new_status=REOPEN_TO,
            is_public=True,
            created_at=now,
        )
        record_activity(actor, "concern.reopened", concern, {"from": old})
    concern.refresh_from_db()
    return concern


def add_update(concern: Concern, *, by: Any, text: str, public: bool = True) -> ConcernUpdate:
    """A staff note on the timeline: public (the submitter is emailed) or internal."""
    _require(permissions.can_add_update(by, concern, public=public))
    text = _clean_text(text)
    if not text:
        raise ValidationError({"text": [_("Write the update.")]})
    if len(text) > MAX_NOTE:
        raise ValidationError({"text": [_("The update is too long.")]})
    now = timezone.now()
    with transaction.atomic():
        update = ConcernUpdate.objects.create(
            concern=concern,
            kind=UpdateKind.NOTE,
            author=by,
            text=text,
            is_public=public,
            created_at=now,
        )
        fields: dict[str, Any] = {"updated_at": now}
        if public and concern.first_response_at is None:
            fields["first_response_at"] = now
        Concern.objects.filter(pk=concern.pk).update(**fields)
        record_activity(by, "concern.note", concern, {"public": public})
        if public:
            notifications.notify_update(concern, text)
    concern.refresh_from_db()
    return update


RESENT_REPLY_WINDOW = dt.timedelta(minutes=30)


def reply_as_submitter(concern: Concern, *, text: str, holds_tracking_link: bool) -> ConcernUpdate:
    """The person who reported answers on the timeline (seen by staff and on their link)."""
    _require(permissions.can_reply_as_submitter(holds_tracking_link))
    text = _clean_text(text)
    if not text:
        raise ValidationError({"text": [_("Write your reply.")]})
    if len(text) > MAX_NOTE:
        raise ValidationError({"text": [_("The reply is too long.")]})
    with transaction.atomic():
        # A resent form (the tracking page answers a POST, so a refresh offers to send it
        # again) must not post the same reply twice: the same text within the window is it.
        same = (
            ConcernUpdate.objects.filter(
                concern=concern,
                kind=UpdateKind.SUBMITTER_REPLY,
                text=text,
                created_at__gte=timezone.now() - RESENT_REPLY_WINDOW,
            )
            .order_by("-created_at")
            .first()
        )
        if same is not None:
            return same
        update = ConcernUpdate.objects.create(
            concern=concern,
            kind=UpdateKind.SUBMITTER_REPLY,
            text=text,
            is_public=False,
            author=None,
        )
        Concern.objects.filter(pk=concern.pk).update(updated_at=timezone.now())
        record_activity(None, "concern.submitter_reply", concern)
    return update


def assign_concern(concern: Concern, *, by: Any, officer: Any) -> Concern:
    """Give the concern to ``officer`` (None: unassign). Only someone who serves its area."""
    _require(permissions.can_triage(by, concern))
    if officer is not None and not is_officer_role(officer):
        raise ValidationError({"officer": [_("Choose an officer.")]})
    if not permissions.can_assign(by, concern, officer):
        raise ValidationError({"officer": [_("Choose an officer who serves this concern's beat.")]})
    with transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(assigned_to=officer, updated_at=timezone.now())
        ConcernUpdate.objects.create(
            concern=concern,
            kind=UpdateKind.NOTE,
            author=by,
            text=(
                _("Assigned to %(name)s.") % {"name": officer.display_name or officer}
                if officer
                else _("Unassigned.")
            ),
            is_public=False,
        )
        record_activity(by, "concern.assigned", concern, {"officer": getattr(officer, "pk", None)})
    concern.refresh_from_db()
    return concern


def bulk_assign(concerns: Iterable[Concern], *, by: Any, officer: Any) -> int:
    """Assign every concern the user may triage to ``officer``; returns how many."""
    done = 0
    for concern in concerns:
        if permissions.can_assign(by, concern, officer):
            assign_concern(concern, by=by, officer=officer)
            done += 1
    return done


def bulk_acknowledge(concerns: Iterable[Concern], *, by: Any) -> int:
    """Acknowledge every submitted concern the user may triage; returns how many changed."""
    done = 0
    for concern in concerns:
        if concern.status == S.SUBMITTED and permissions.can_change_status(by, concern):
            acknowledge_concern(concern, by=by)
            done += 1
    return done


# ----------------------------------------------------------------------------------------
# "Is it really fixed?"


def fixed_check_due(now: dt.datetime | None = None):
    weeks = int(settings.BEATBRIDGE.get("FIXED_CHECK_WEEKS", 3))
    cutoff = (now or timezone.now()) - dt.timedelta(weeks=weeks)
    return Concern.objects.filter(
        status__in=(S.RESOLVED, S.CLOSED),
        resolved_at__isnull=False,
        resolved_at__lte=cutoff,
        fixed_check_sent_at__isnull=True,
    ).exclude(contact_email="")


def send_fixed_checks(now: dt.datetime | None = None) -> int:
    """Email each due submitter once, asking whether the problem is really fixed."""
    sent = 0
    now = now or timezone.now()
    for concern in fixed_check_due(now).select_related("category", "submitted_by")[:500]:
        with transaction.atomic():
            claimed = Concern.objects.filter(
                pk=concern.pk, fixed_check_sent_at__isnull=True
            ).update(fixed_check_sent_at=now)
            if not claimed:
                continue
            notifications.notify_fixed_check(concern)
            record_activity(None, "concern.fixed_check_sent", concern)
        sent += 1
    return sent


def can_answer_fixed_check(concern: Concern) -> bool:
    return (
        concern.fixed_check_sent_at is not None
        and not concern.updates.filter(kind=UpdateKind.FIXED_CHECK).exists()
    )


def answer_fixed_check(concern: Concern, *, fixed: bool, note: str = "") -> Concern:
    """Put the submitter's answer on the timeline; "not fixed" reopens the concern."""
    if not can_answer_fixed_check(concern):
        raise ValidationError({"fixed": [_("This question has already been answered.")]})
    note = _clean_text(note)[:MAX_NOTE]
    text = (
        _("The person who reported this says it is fixed.")
        if fixed
        else _("The person who reported this says it is not fixed.")
    )
    if note:
        text = f"{text} {note}"
    now = timezone.now()
    with transaction.atomic():
        old = concern.status
        reopen = not fixed and old in permissions.REOPENABLE
        ConcernUpdate.objects.create(
            concern=concern,
            kind=UpdateKind.FIXED_CHECK,
            text=text,
            old_status=old,
            new_status=REOPEN_TO if reopen else "",
            is_public=True,
            created_at=now,
        )
        fields: dict[str, Any] = {"updated_at": now}
        if reopen:
            fields.update(status=REOPEN_TO, closed_at=None, resolved_at=None)
        Concern.objects.filter(pk=concern.pk).update(**fields)
        record_activity(None, "concern.fixed_check_answered", concern, {"fixed": fixed})
    concern.refresh_from_db()
    return concern


def overdue_filter(now: dt.datetime | None = None) -> Q:
    """A Q for open concerns with no first response within their category's target.

    One OR branch per category (there are few), so the SQL is portable and indexable.
    """
    now = now or timezone.now()
    late = Q(pk__in=[])
    for category_id, hours in response_targets():
        late |= Q(category_id=category_id, created_at__lt=now - dt.timedelta(hours=hours))
    return Q(first_response_at__isnull=True, status__in=OPEN_STATUSES) & late


def is_overdue(concern: Concern, now: dt.datetime | None = None) -> bool:
    """No first response within the category's response target."""
    return is_late(
        first_response_at=concern.first_response_at,
        status=concern.status,
        created_at=concern.created_at,
        target_hours=concern.category.response_target_hours,
        now=now,
    )


def is_late(
    *,
    first_response_at: dt.datetime | None,
    status: str,
    created_at: dt.datetime,
    target_hours: int,
    now: dt.datetime | None = None,
) -> bool:
    """The overdue rule on plain values (for rows read with ``values()``)."""
    if first_response_at is not None or status not in OPEN_STATUSES:
        return False
    return (now or timezone.now()) - created_at > dt.timedelta(hours=target_hours)


# The partner organization's verbs on a referral (accept, update, done, hand back).
from .referrals import (  # noqa: E402, F401
    accept_referral,
    add_referral_update,
    complete_referral,
    hand_back_referral,
)
