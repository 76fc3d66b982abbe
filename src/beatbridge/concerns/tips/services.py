"""Tip verbs: submit a tip, read it back with the secret code, and talk both ways.

Anonymity is the point. For an anonymous tip nothing is stored that could point back to the
tipster: no user, no IP address, no user agent, and no exact time. ``received_hour`` and each
message's ``sent_hour`` are rounded down to the hour. What creates a tip or a message (the
tip arriving, the tipster's messages, the officers' replies) is recorded as a
:class:`TipEvent`: a random id and the same rounded hour, outside the shared activity log
whose sequential ids would place it between exactly timed neighbours. Staff reads, status
changes and routing create no tip rows and stay in the activity log with their exact time.

The secret code is random, shown once, and only its hash is stored. When the client sends
an idempotency key, a keyed hash of the key and of the request is kept in a table of tips
alone (:class:`TipSubmissionKey`, no timestamp, deleted after a day): a retry of the same
request finds the same tip but never gets the code again (only the first answer carries
it), and the same key with a different request is refused (IdempotencyConflict).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from beatbridge.accounts.activity import record_activity, record_read
from beatbridge.accounts.models import ActivityEntry
from beatbridge.accounts.permissions import is_signed_in
from beatbridge.areas.models import Area, AreaKind

from ..idempotency import IdempotencyConflict, request_fingerprint
from ..models import Category, Tip, TipEvent, TipMessage, TipStatus, TipSubmissionKey
from ..models.tips import hash_code, new_tip_code
from . import permissions

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20
MAX_BODY = 8000
# How long a tip's idempotency key is kept: retries come within minutes.
KEY_KEPT = dt.timedelta(days=1)
# How often one client may try a code (per hour): generous for a tipster, slow for guessing.
CODE_ATTEMPTS_RATE = "60/hour"


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _clean(value: Any) -> str:
    """Text as we can store it anywhere: stripped, without NUL or lone surrogates."""
    return _UNSTORABLE.sub("", str(value or "")).strip()


def current_hour(now: dt.datetime | None = None) -> dt.datetime:
    """The current time rounded down to the hour (what we store instead of the exact time)."""
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0)


def normalize_code(raw: str | None) -> str:
    """Canonical form of a typed code: upper case, grouped ``XXXXX-XXXXX-XXXXX-XXXXX``.

    Spaces, dashes and case do not matter, so a code written down by hand still works.
    Returns "" when the text cannot be a code.
    """
    letters = re.sub(r"[^A-Za-z0-9]", "", raw or "").upper()
    if len(letters) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in letters):
        return ""
    return "-".join(letters[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def _keyed_hash(purpose: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{purpose}\x1f{value}".encode(), hashlib.sha256
    ).hexdigest()


@dataclass(frozen=True)
class SubmittedTip:
    """A stored tip. ``code`` is "" on a replay: the code is shown in the first answer only."""

    tip: Tip
    code: str
    replayed: bool = False


def _tip_event(verb: str, tip: Tip, hour: dt.datetime, actor: Any = None) -> None:
    """Record what created a tip row: a random id, only the hour, and an actor only for an
    officer or a tipster who identified themselves."""
    TipEvent.objects.create(
        tip=tip, verb=verb, created_at=hour, actor=actor if is_signed_in(actor) else None
    )


def _place(lon: float | None, lat: float | None, location_text: str):
    """Find (lon, lat, beat, district) for a tip; unplaceable tips go to supervisors."""
    from beatbridge.areas.locator import locate

    from ..geo import geocode

    if lon is None or lat is None:
        found = geocode(location_text) if location_text else None
        if found is None:
            return None, None, None, None
        lon, lat = found
    try:
        areas = locate(lon, lat)
    except ValueError as exc:
        raise ValidationError({"location": [str(exc)]}) from exc
    by_kind = {area.kind: area for area in areas}
    beat = by_kind.get(AreaKind.BEAT)
    district = by_kind.get(AreaKind.DISTRICT) or (beat.parent if beat else None)
    return lon, lat, beat, district


def _validate(body: str, contact: str, identify: bool, lon, lat) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not body.strip():
        errors["body"] = [_("Tell us what you know.")]
    elif len(body) > MAX_BODY:
        errors["body"] = [_("Please keep it under %(n)s characters.") % {"n": MAX_BODY}]
    if len(contact) > 200:
        errors["contact"] = [_("Please keep this under 200 characters.")]
    if (lon is None) != (lat is None):
        errors["location"] = [_("Send both longitude and latitude, or neither.")]
    return errors


def submit_tip(
    *,
    body: str,
    category: Category | None = None,
    location_text: str = "",
    lon: float | None = None,
    lat: float | None = None,
    district: Area | None = None,
    identify: bool = False,
    contact: str = "",
    by: Any = None,
    idempotency_key: str | None = None,
) -> SubmittedTip:
    """Store a tip and return it with its secret code (shown once; only its hash is kept).

    Anonymous unless ``identify`` is true: then the signed-in user (``by``) and ``contact``
    are kept so officers can reach them. ``district`` is the tipster's own pick, used when
    the location does not place the tip.
    """
    if not permissions.can_submit_tip(by):
        raise PermissionDenied
    body = _clean(body)
    contact = _clean(contact) if identify else ""
    location_text = _clean(location_text)[:300]
    errors = _validate(body, contact, identify, lon, lat)
    if identify and not contact and not is_signed_in(by):
        errors.setdefault("contact", []).append(_("Tell us how to reach you, or stay anonymous."))
    if district is not None and district.kind != AreaKind.DISTRICT:
        errors["district"] = [_("Choose a police district.")]
    if errors:
        raise ValidationError(errors)
    lon, lat, beat, placed_district = _place(lon, lat, location_text)

    key = (idempotency_key or "").strip()
    key_hash = request_hash = ""
    if key:
        key_hash = _keyed_hash("tip-key", key)
        request_hash = _keyed_hash(
            "tip-request",
            request_fingerprint(
                body,
                category.pk if category else None,
                location_text,
                lon,
                lat,
                district.pk if district else None,
                identify,
                contact,
                by.pk if identify and is_signed_in(by) else None,
            ),
        )
        earlier = _replay(key_hash, request_hash)
        if earlier is not None:
            return earlier
    code = new_tip_code()
    hour = current_hour()
    try:
        with transaction.atomic():
            tip = Tip.objects.create(
                category=category,
                body=body,
                location_text=location_text,
                lon=lon,
                lat=lat,
                beat=beat,
                district=placed_district or district,
                is_anonymous=not identify,
                submitted_by=by if identify and is_signed_in(by) else None,
                contact=contact,
                code_hash=hash_code(code),
                received_hour=hour,
            )
            if key:
                TipSubmissionKey.objects.filter(tip__received_hour__lt=hour - KEY_KEPT).delete()
                with transaction.atomic():
                    TipSubmissionKey.objects.create(
                        key_hash=key_hash, request_hash=request_hash, tip=tip
                    )
            _tip_event("tip.submitted", tip, hour, actor=tip.submitted_by)
            _notify_new_tip(tip)
    except IntegrityError:
        earlier = _replay(key_hash, request_hash) if key else None
        if earlier is None:
            raise
        return earlier
    return SubmittedTip(tip, code)


def _replay(key_hash: str, request_hash: str) -> SubmittedTip | None:
    """The tip an earlier send of this very request created (without its code), if any.

    Raises IdempotencyConflict when the key was used for a different request.
    """
    record = TipSubmissionKey.objects.filter(key_hash=key_hash).select_related("tip").first()
    if record is None:
        return None
    if not hmac.compare_digest(record.request_hash, request_hash):
        raise IdempotencyConflict(key_hash)
    return SubmittedTip(record.tip, "", replayed=True)


def _notify_new_tip(tip: Tip) -> None:
    """Tell the district's officers, after the next full hour (see notifications.py)."""
    from ..notifications import notify_new_tip

    notify_new_tip(tip)


def tip_for_code(raw_code: str | None) -> Tip:
    """The tip a secret code opens; ValidationError with a clear message otherwise."""
    code = normalize_code(raw_code)
    if not code:
        raise ValidationError(
            {"code": [_("That is not a tip code. It looks like XXXXX-XXXXX-XXXXX-XXXXX.")]}
        )
    tip = Tip.objects.filter(code_hash=hash_code(code)).select_related("category").first()
    if tip is None:
        raise ValidationError(
            {"code": [_("No tip matches this code. Check it letter by letter and try again.")]}
        )
    return tip


def tipster_conversation(tip: Tip) -> list[TipMessage]:
    """Messages as the tipster sees them (no officer names)."""
    return list(tip.messages.all())


def reply_as_tipster(raw_code: str | None, body: str) -> TipMessage:
    """The tipster answers (or adds information) using the secret code."""
    tip = tip_for_code(raw_code)
    body = _clean(body)
    if not permissions.can_tipster_reply(tip):
        raise ValidationError({"body": [_("This tip is closed. You can send a new tip.")]})
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": [_("Please keep it under %(n)s characters.") % {"n": MAX_BODY}]}
        )
    hour = current_hour()
    with transaction.atomic():
        message = TipMessage.objects.create(tip=tip, from_tipster=True, body=body, sent_hour=hour)
        _tip_event("tip.tipster_replied", tip, hour)
    return message


def read_tip(tip: Tip, *, by: Any) -> Tip:
    """A staff member opens a tip: checked, and audit-logged every time."""
    if not permissions.can_view_tip(by, tip):
        raise PermissionDenied
    record_read(by, tip, "tip")
    return tip


def reply_to_tip(tip: Tip, body: str, *, by: Any) -> TipMessage:
    """An officer writes to the tipster (a question, or thanks)."""
    if not permissions.can_reply_to_tip(by, tip):
        raise PermissionDenied
    body = _clean(body)
    if not body:
        raise ValidationError({"body": [_("Write a message.")]})
    if len(body) > MAX_BODY:
        raise ValidationError(
            {"body": [_("Please keep it under %(n)s characters.") % {"n": MAX_BODY}]}
        )
    hour = current_hour()
    with transaction.atomic():
        message = TipMessage.objects.create(
            tip=tip, from_tipster=False, author=by, body=body, sent_hour=hour
        )
        if tip.status == TipStatus.NEW:
            tip.status = TipStatus.REVIEWING
            tip.save(update_fields=["status"])
        # To the hour, like the message: an exact time here would date the message's id,
        # and with it the tipster's messages numbered around it.
        _tip_event("tip.replied", tip, hour, actor=by)
    return message


def change_tip_status(tip: Tip, status: str, *, by: Any) -> Tip:
    if not permissions.can_change_tip_status(by, tip):
        raise PermissionDenied
    if status not in TipStatus.values:
        raise ValidationError({"status": [_("Choose a valid status.")]})
    old = tip.status
    if old != status:
        with transaction.atomic():
            tip.status = status
            tip.save(update_fields=["status"])
            record_activity(by, "tip.status_changed", tip, {"from": old, "to": status})
    return tip


def route_tip(tip: Tip, district: Area | None, *, by: Any) -> Tip:
    """Send a tip to a district's officers (supervisors only)."""
    if not permissions.can_route_tip(by, tip):
        raise PermissionDenied
    if district is not None and district.kind != AreaKind.DISTRICT:
        raise ValidationError({"district": [_("Choose a police district.")]})
    new_id = district.pk if district else None
    if tip.district_id != new_id:
        old = tip.district_id
        with transaction.atomic():
            tip.district = district
            if tip.beat is not None and tip.beat.parent_id != new_id:
                tip.beat = None
            tip.save(update_fields=["district", "beat"])
            record_activity(by, "tip.routed", tip, {"from": old, "to": new_id})
            _notify_new_tip(tip)
    return tip


AUDIT_LABELS = {
    "read": _lazy("read it"),
    "tip.submitted": _lazy("sent the tip"),
    "tip.replied": _lazy("wrote to the tipster"),
    "tip.tipster_replied": _lazy("the tipster replied"),
    "tip.status_changed": _lazy("changed the status"),
    "tip.routed": _lazy("routed it to a district"),
}


def tip_audit_trail(tip: Tip, *, by: Any) -> list[ActivityEntry | TipEvent]:
    """Every read and action on a tip, newest first (supervisors only): the activity log's
    entries (exact times) and the tip's own events (to the hour)."""
    if not permissions.can_view_tip_audit(by, tip):
        raise PermissionDenied
    logged: list[ActivityEntry | TipEvent] = list(
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Tip), target_id=str(tip.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")[:200]
    )
    logged += tip.events.select_related("actor").order_by("-created_at")[:200]
    entries = sorted(logged, key=lambda entry: entry.created_at, reverse=True)[:200]
    for entry in entries:
        entry.label = AUDIT_LABELS.get(entry.verb, entry.verb)
    return entries


def awaiting_reply(tip: Tip) -> bool:
    """True when the tipster wrote last (or nobody answered the tip yet)."""
    last = tip.messages.order_by("-sent_hour", "-pk").first()
    return last is None or last.from_tipster
