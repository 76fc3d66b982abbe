"""Verbs for RSVPs, the wait list, reminders and attendance.

No overbooking: every RSVP and cancellation locks the meeting row (SELECT … FOR UPDATE on
PostgreSQL; on SQLite the IMMEDIATE transaction mode serializes writers) and counts the
confirmed places inside that transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity, record_read
from beatbridge.core import jobs

from .. import permissions
from ..models import AGE_BANDS, HOME_LANGUAGES, RSVP, TENURES, Attendance, Meeting, RSVPStatus
from ..models.people import new_cancel_token

T = TypeVar("T")

# RSVPs that hold a place or a place on the wait list (pending ones hold neither).
ACTIVE = (RSVPStatus.CONFIRMED, RSVPStatus.WAITLISTED)

DEMOGRAPHIC_CHOICES = {
    "age_band": {c for c, _l in AGE_BANDS},
    "tenure": {c for c, _l in TENURES},
    "language": {c for c, _l in HOME_LANGUAGES},
}


def _send_rsvp_email(rsvp_id: int, kind: str) -> None:
    jobs.enqueue("beatbridge.meetings.tasks.send_rsvp_email", rsvp_id, kind)


def clean_demographics(values: dict[str, Any] | None) -> dict[str, str]:
    """Keep only known, answered demographic questions; unknown answers are errors."""
    values = values or {}
    out: dict[str, str] = {}
    errors = {}
    for field, allowed in DEMOGRAPHIC_CHOICES.items():
        value = (values.get(field) or "").strip()
        if not value:
            continue
        if value not in allowed:
            errors[field] = _("Choose one of the listed answers, or leave it empty.")
        out[field] = value
    if errors:
        raise ValidationError(errors)
    return out


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _retrying(write: Callable[[], T], attempts: int = 40) -> T:
    """Run a write transaction, retrying when SQLite reports a lock instead of waiting.

    SQLite in shared-cache mode (and a busy file past its timeout) answers "database
    (table) is locked" rather than queueing the writer. The transaction rolled back
    entirely, so trying again is safe — but only when it is the outermost transaction.
    """
    for attempt in range(attempts):
        try:
            return write()
        except OperationalError as exc:
            if (
                connection.vendor != "sqlite"
                or "locked" not in str(exc)
                or connection.in_atomic_block
                or attempt == attempts - 1
            ):
                raise
            time.sleep(random.uniform(0.002, 0.02) * (1 + attempt))  # noqa: S311 - jitter
    raise AssertionError("unreachable")


def needs_confirmation(user: Any, email: str) -> bool:
    """An RSVP holds a place at once only with the signed-in person's own email; any other
    email (no account, or someone else's address) must follow the emailed link first."""
    if user is None or not getattr(user, "is_authenticated", False):
        return True
    return (email or "").strip().lower() != (user.email or "").strip().lower()


def _confirm_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt="beatbridge.meetings.rsvp-confirm")


def _token_digest(reservation: RSVP) -> str:
    # The cancel token changes whenever a pending RSVP is asked for again, so an older
    # link stops working; its digest (not the secret) goes into the signed value.
    return hashlib.sha256(reservation.cancel_token.encode()).hexdigest()[:20]


def confirmation_token(reservation: RSVP) -> str:
    """The signed, expiring secret in the "confirm your RSVP" link."""
    return _confirm_signer().sign_object([reservation.pk, _token_digest(reservation)])


def confirm_max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.BEATBRIDGE.get("RSVP_CONFIRM_HOURS", 48))


def _invalid_link() -> ValidationError:
    return ValidationError(
        _("This confirmation link is not valid or has expired. RSVP again to get a new one."),
        code="invalid",
    )


def _unsign(token: str) -> tuple[int, str]:
    try:
        pk, digest = _confirm_signer().unsign_object(
            token, max_age=confirm_max_age().total_seconds()
        )
        return int(pk), str(digest)
    except (signing.BadSignature, TypeError, ValueError):
        raise _invalid_link() from None


def _check_pending(reservation: RSVP | None, digest: str) -> RSVP:
    if reservation is None or not hmac.compare_digest(digest, _token_digest(reservation)):
        raise _invalid_link()
    if reservation.status != RSVPStatus.PENDING:
        raise ValidationError(_("This link was already used."), code="used")
    return reservation


def rsvp_from_confirmation_token(token: str) -> RSVP:
    """The pending RSVP a confirmation link names; ValidationError if the link is bad,
    expired, replaced by a newer one, or already used."""
    pk, digest = _unsign(token)
    return _check_pending(RSVP.objects.select_related("meeting").filter(pk=pk).first(), digest)


def rsvp(
    meeting: Meeting,
    *,
    name: str = "",
    email: str = "",
    user: Any = None,
    demographics: dict[str, Any] | None = None,
) -> RSVP:
    """Ask for a place (or a place on the wait list when the meeting is full).

    Works with or without an account (name + email). With the signed-in person's own email
    the place is taken at once. Any other email gets a PENDING RSVP that holds no place and
    a link to confirm it (``confirm_rsvp``): whoever types an address learns nothing about
    it, and made-up addresses fill no places. When that email already has an RSVP here, its
    owner is emailed a reminder of it; the caller sees the same as for a new one.

    The result carries ``needs_confirmation`` and ``was_created``; callers show a pending
    RSVP's details (name, status, cancel link) to nobody.
    """
    if user is not None and getattr(user, "is_authenticated", False):
        name = name or str(user)
        email = email or user.email
    else:
        user = None
    name, email = (name or "").strip(), (email or "").strip().lower()
    errors: dict[str, Any] = {}
    if not name:
        errors["name"] = _("Tell us your name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    demo = {}
    try:
        demo = clean_demographics(demographics)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    unconfirmed = needs_confirmation(user, email)

    def write() -> tuple[RSVP, str]:
        with transaction.atomic():
            locked = _lock(meeting)
            if not permissions.can_rsvp(user, locked):
                raise ValidationError(_("This meeting is not taking RSVPs."))
            existing = (
                locked.rsvps.filter(email__iexact=email)
                .exclude(status=RSVPStatus.CANCELLED)
                .first()
            )
            now = timezone.now()
            if existing and existing.status == RSVPStatus.PENDING:
                # Asked again before confirming: the newest details and a fresh link (the
                # old link stops working). Signed in with this email: confirmed at once.
                existing.name, existing.user = name[:120], user or existing.user
                for field, value in {f: demo.get(f, "") for f in DEMOGRAPHIC_CHOICES}.items():
                    setattr(existing, field, value)
                existing.cancel_token = new_cancel_token()
                existing.created_at = now
                existing.save()
                if not unconfirmed:
                    _take_place(locked, existing, now)
                    return existing, _email_kind(existing)
                return existing, "confirm"
            if existing:
                return existing, "already" if unconfirmed else ""
            reservation = RSVP(
                meeting=locked,
                user=user,
                name=name[:120],
                email=email,
                status=RSVPStatus.PENDING,
                created_at=now,
                **demo,
            )
            if unconfirmed:
                reservation.save()
                record_activity(user, "meetings.rsvp_requested", reservation)
                return reservation, "confirm"
            _take_place(locked, reservation, now)
            return reservation, _email_kind(reservation)

    reservation, email_kind = _retrying(write)
    reservation.needs_confirmation = unconfirmed
    # Callers may show the secret cancel link only to whoever created the RSVP.
    reservation.was_created = email_kind in ("confirmed", "waitlisted", "confirm")
    if email_kind:
        _send_rsvp_email(reservation.pk, email_kind)
    return reservation


def _email_kind(reservation: RSVP) -> str:
    return "waitlisted" if reservation.status == RSVPStatus.WAITLISTED else "confirmed"


def _take_place(locked: Meeting, reservation: RSVP, now: dt.datetime) -> None:
    """Inside the meeting lock: a confirmed RSVP takes a free place or joins the wait list."""
    full = locked.capacity is not None and locked.confirmed_count() >= locked.capacity
    reservation.status = RSVPStatus.WAITLISTED if full else RSVPStatus.CONFIRMED
    reservation.confirmed_at = now
    reservation.save()
    record_activity(reservation.user, "meetings.rsvp", reservation, {"status": reservation.status})


def confirm_rsvp(token: str) -> RSVP:
    """Follow the emailed link: the pending RSVP takes a place (or joins the wait list).

    Single use (a confirmed RSVP is no longer pending), expiring (``RSVP_CONFIRM_HOURS``),
    and only the newest link of an RSVP works.
    """
    pk, digest = _unsign(token)

    def write() -> RSVP:
        with transaction.atomic():
            meeting_id = RSVP.objects.filter(pk=pk).values_list("meeting_id", flat=True).first()
            if meeting_id is None:
                raise _invalid_link()
            locked = Meeting.objects.select_for_update().get(pk=meeting_id)
            current = _check_pending(RSVP.objects.filter(pk=pk).first(), digest)
            if not permissions.can_rsvp(None, locked):
                raise ValidationError(_("This meeting is not taking RSVPs."))
            _take_place(locked, current, timezone.now())
            return current

    confirmed = _retrying(write)
    _send_rsvp_email(confirmed.pk, _email_kind(confirmed))
    return confirmed


def purge_unconfirmed_rsvps(now: dt.datetime | None = None) -> int:
    """Delete RSVPs whose confirmation link expired: an address someone typed and its owner
    never confirmed is not kept. Returns how many were deleted."""
    now = now or timezone.now()
    expired = RSVP.objects.filter(status=RSVPStatus.PENDING, created_at__lt=now - confirm_max_age())
    deleted, _rows = expired.delete()
    return deleted


def cancel_rsvp(reservation: RSVP, *, by: Any = None) -> RSVP:
    """Cancel an RSVP (from the secret link or by its owner); the wait list moves up."""

    def write() -> tuple[RSVP, RSVP | None]:
        with transaction.atomic():
            locked_meeting = _lock(reservation.meeting)
            current = RSVP.objects.get(pk=reservation.pk)
            if current.status == RSVPStatus.CANCELLED:
                return current, None
            was_confirmed = current.status == RSVPStatus.CONFIRMED
            current.status = RSVPStatus.CANCELLED
            current.cancelled_at = timezone.now()
            current.save(update_fields=["status", "cancelled_at"])
            record_activity(by, "meetings.rsvp_cancelled", current)
            promoted = None
            if was_confirmed and not locked_meeting.is_cancelled:
                promoted = _promote_next(locked_meeting)
            return current, promoted

    cancelled, promoted = _retrying(write)
    if promoted is not None:
        _send_rsvp_email(promoted.pk, "promoted")
    return cancelled


def _promote_next(meeting: Meeting) -> RSVP | None:
    """Inside the meeting lock: give a free place to the first person waiting."""
    confirmed = meeting.confirmed_count()
    if meeting.capacity is not None and confirmed >= meeting.capacity:
        return None
    nxt = (
        meeting.rsvps.filter(status=RSVPStatus.WAITLISTED)
        .order_by("confirmed_at", "created_at", "pk")
        .first()
    )
    if nxt is None:
        return None
    nxt.status = RSVPStatus.CONFIRMED
    nxt.promoted_at = timezone.now()
    nxt.save(update_fields=["status", "promoted_at"])
    record_activity(None, "meetings.rsvp_promoted", nxt)
    return nxt


def rsvps_for(meeting: Meeting, *, by: Any) -> list[RSVP]:
    """The RSVP list (personal data): for people running the meeting, audit-logged."""
    if not permissions.can_view_rsvps(by, meeting):
        raise PermissionDenied(_("You cannot see who is coming."))
    record_read(by, meeting, "rsvps")
    return list(meeting.rsvps.filter(status__in=ACTIVE).select_related("attendance"))


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Email everyone coming to a meeting that takes place tomorrow (local date), once.

    The ``reminder_sent_at`` stamp is set with a conditional UPDATE before sending, so two
    overlapping runs never remind the same person twice.
    """
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(tomorrow, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    due = RSVP.objects.filter(
        status=RSVPStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        meeting__status="scheduled",
        meeting__starts_at__gte=start,
        meeting__starts_at__lt=end,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        claimed = RSVP.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if claimed:
            _send_rsvp_email(pk, "reminder")
            sent += 1
    return sent


def take_attendance(
    meeting: Meeting,
    *,
    present_rsvp_ids: Iterable[int],
    walk_ins: Iterable[dict[str, Any]] = (),
    by: Any,
) -> int:
    """Record the sign-in sheet: which RSVPs came (the full list) and any walk-ins.

    Returns the meeting's attendance count.
    """
    if not permissions.can_take_attendance(by, meeting):
        raise PermissionDenied(_("You cannot take attendance at this meeting."))
    meeting.require_started()
    present = {int(pk) for pk in present_rsvp_ids}
    cleaned_walk_ins = []
    for index, person in enumerate(walk_ins):
        name = (person.get("name") or "").strip()
        email = (person.get("email") or "").strip().lower()
        if not name:
            raise ValidationError({f"walk_ins.{index}.name": _("Give the walk-in's name.")})
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    {f"walk_ins.{index}.email": _("Enter a valid email address.")}
                ) from None
        cleaned_walk_ins.append({"name": name[:120], "email": email, **clean_demographics(person)})
    with transaction.atomic():
        rsvps = {r.pk: r for r in meeting.rsvps.filter(status__in=ACTIVE)}
        unknown = present - set(rsvps)
        if unknown:
            raise ValidationError({"present": _("Some ticked people have no RSVP here.")})
        Attendance.objects.filter(meeting=meeting, rsvp__isnull=False).exclude(
            rsvp_id__in=present
        ).delete()
        already = set(
            Attendance.objects.filter(meeting=meeting, rsvp_id__in=present).values_list(
                "rsvp_id", flat=True
            )
        )
        for pk in present - already:
            r = rsvps[pk]
            Attendance.objects.create(
                meeting=meeting,
                rsvp=r,
                name=r.name,
                email=r.email,
                recorded_by=by,
                age_band=r.age_band,
                tenure=r.tenure,
                language=r.language,
            )
        for person in cleaned_walk_ins:
            Attendance.objects.create(meeting=meeting, is_walk_in=True, recorded_by=by, **person)
        count = meeting.attendances.count()
        record_activity(
            by,
            "meetings.attendance_taken",
            meeting,
            {"count": count, "walk_ins": len(cleaned_walk_ins)},
        )
    return count


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """Counts per meeting: RSVPs, wait list, attended (RSVP'd and walk-ins)."""
    rsvps = meeting.rsvps
    attended = meeting.attendances
    return {
        "confirmed": rsvps.filter(status=RSVPStatus.CONFIRMED).count(),
        "waitlisted": rsvps.filter(status=RSVPStatus.WAITLISTED).count(),
        "attended": attended.count(),
        "walk_ins": attended.filter(is_walk_in=True).count(),
        "attended_with_rsvp": attended.filter(is_walk_in=False).count(),
    }
