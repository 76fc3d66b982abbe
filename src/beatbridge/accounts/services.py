"""Verbs for accounts: signing up, second factors, verifying home neighborhoods, membership."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from base64 import b32encode

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import permissions
from .activity import record_activity
from .models import (
    Membership,
    NeighborhoodVerification,
    Organization,
    PendingSignup,
    Role,
    User,
    VerificationStatus,
)

SIGNUP_LINK_DAYS = 3


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _send(template: str, to: str, language: str, context: dict) -> None:
    with translation.override(language):
        context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
        subject, _blank, body = render_to_string(template, context).strip().partition("\n")
        send_mail(subject.strip(), body.strip() + "\n", None, [to])


@transaction.atomic
def sign_up(
    *,
    email: str,
    password: str,
    display_name: str = "",
    preferred_language: str = "en",
    home_neighborhood=None,
) -> None:
    """Ask for a resident account: the answer never says whether the email has one.

    A new email gets a confirmation link (the account is created when the link is opened and
    the password typed again); an email that has an account gets a note that someone tried
    to sign up with it, with the sign-in and password-reset links. Nothing is returned.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _send(
            "accounts/email/signup_existing.txt",
            existing.email,
            existing.preferred_language,
            {
                "login_url": settings.SITE_URL + reverse("accounts:login"),
                "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
            },
        )
        return
    token = secrets.token_urlsafe(32)
    PendingSignup.objects.update_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "preferred_language": preferred_language,
            "home_neighborhood": home_neighborhood,
            "password": make_password(password),
            "token_hash": _token_hash(token),
            "created_at": timezone.now(),
        },
    )
    link = settings.SITE_URL + reverse("accounts:signup_link", args=[token])
    _send(
        "accounts/email/signup_confirm.txt",
        email,
        preferred_language,
        {"link": link, "days": SIGNUP_LINK_DAYS},
    )


def pending_signup(token: str | None) -> PendingSignup | None:
    """The unexpired sign-up a confirmation link's token belongs to, if any."""
    if not token:
        return None
    since = timezone.now() - dt.timedelta(days=SIGNUP_LINK_DAYS)
    return PendingSignup.objects.filter(
        token_hash=_token_hash(token), created_at__gte=since
    ).first()


@transaction.atomic
def confirm_signup(pending: PendingSignup, password: str) -> User:
    """Create the account of a confirmed sign-up; the password must be the one chosen.

    Asking for it again means that opening an unexpected link in one's inbox does not
    activate an account whose password someone else chose.
    """
    if not check_password(password, pending.password):
        raise ValidationError({"password": _("This is not the password you chose.")})
    if User.objects.filter(email__iexact=pending.email).exists():
        pending.delete()
        raise ValidationError(_("This link is no longer valid."))
    user = User(
        email=pending.email,
        display_name=pending.display_name,
        preferred_language=pending.preferred_language,
        home_neighborhood=pending.home_neighborhood,
        role=Role.RESIDENT,
        password=pending.password,
    )
    user.save()
    pending.delete()
    record_activity(user, "accounts.signed_up", user)
    return user


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The authenticator-app device a staff member is setting up (made once, then reused)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The device's secret as the base32 text authenticator apps accept."""
    return b32encode(device.bin_key).decode().rstrip("=")


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class CodeRefused(Exception):
    """A second-factor code was wrong, or too many wrong ones came too fast."""

    def __init__(self, message: str, *, throttled: bool) -> None:
        super().__init__(message)
        self.throttled = throttled


def check_totp_code(user: User, code: str, *, enrolling: bool = False) -> TOTPDevice:
    """The device that accepts ``code`` (confirming it, when enrolling); else CodeRefused.

    Each wrong code doubles the wait before the next one is looked at (django-otp's
    throttle, kept on the device in the database, so the count survives the refusal).
    """
    refusal = None
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=not enrolling)
            .order_by("pk")
            .first()
        )
        if device is None:
            refusal = CodeRefused(
                _("No authenticator app is set up for this account."), throttled=False
            )
        else:
            allowed, info = device.verify_is_allowed()
            if not allowed:
                wait = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
                refusal = CodeRefused(
                    _("Too many wrong codes. Try again in %(seconds)s seconds.")
                    % {"seconds": wait},
                    throttled=True,
                )
            elif not device.verify_token(code):  # counts the failure on the device
                refusal = CodeRefused(
                    _("That code is not right. Check your app and try again."), throttled=False
                )
            elif enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record_activity(user, "accounts.second_factor_enrolled", user)
    if refusal is not None:
        raise refusal
    return device


@transaction.atomic
def register_resident(  # for administrators and tests; the public sign-up is sign_up()
    *,
    email: str,
    password: str,
    display_name: str = "",
    preferred_language: str = "en",
    home_neighborhood=None,
) -> User:
    """Create a resident account (sign-up)."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        preferred_language=preferred_language,
        home_neighborhood=home_neighborhood,
        role=Role.RESIDENT,
    )
    record_activity(user, "accounts.signed_up", user)
    return user


@transaction.atomic
def request_verification(user: User, neighborhood, evidence: str = "") -> NeighborhoodVerification:
    """A resident asks an officer to confirm the neighborhood they live in."""
    if not permissions.can_request_verification(user):
        raise PermissionDenied(_("Only residents and partners can ask for verification."))
    if neighborhood.kind != "neighborhood":
        raise ValidationError({"neighborhood": _("Choose a neighborhood.")})
    pending = user.verifications.filter(status=VerificationStatus.PENDING).first()
    if pending:
        if pending.neighborhood_id == neighborhood.id:
            return pending  # a resubmitted form is not a second request
        pending.status = VerificationStatus.DECLINED
        pending.decision_note = "superseded by a newer request"
        pending.decided_at = timezone.now()
        pending.save()
    verification = NeighborhoodVerification.objects.create(
        user=user, neighborhood=neighborhood, evidence=evidence
    )
    user.home_neighborhood = neighborhood
    user.home_verified = False
    user.save(update_fields=["home_neighborhood", "home_verified"])
    record_activity(user, "accounts.verification_requested", verification)
    return verification


def verifications_for(user: User):
    """The verification requests ``user`` may see and decide (see permissions)."""
    requests = NeighborhoodVerification.objects.select_related("user", "neighborhood")
    allowed = permissions.verification_neighborhood_ids(user)
    return requests if allowed is None else requests.filter(neighborhood_id__in=allowed)


@transaction.atomic
def decide_verification(
    verification: NeighborhoodVerification, *, confirm: bool, by: User, note: str = ""
) -> NeighborhoodVerification:
    """An officer or admin confirms or declines a resident's home neighborhood."""
    if not permissions.can_decide_verification(by, verification):
        raise PermissionDenied(_("Only officers and administrators can verify residents."))
    if verification.status != VerificationStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    verification.status = VerificationStatus.CONFIRMED if confirm else VerificationStatus.DECLINED
    verification.decided_by = by
    verification.decided_at = timezone.now()
    verification.decision_note = note
    verification.save()
    user = verification.user
    if confirm:
        user.home_neighborhood = verification.neighborhood
        user.home_verified = True
        user.save(update_fields=["home_neighborhood", "home_verified"])
    record_activity(by, f"accounts.verification_{verification.status}", verification)
    return verification


@transaction.atomic
def add_member(
    organization: Organization, user: User, *, title: str = "", is_contact=False, by=None
):
    """Make a user a member of a partner organization (and give them the partner role)."""
    membership, _created = Membership.objects.update_or_create(
        organization=organization, user=user, defaults={"title": title, "is_contact": is_contact}
    )
    if user.role == Role.RESIDENT:
        user.role = Role.PARTNER
        user.save(update_fields=["role"])
    record_activity(by, "accounts.member_added", organization, {"user": user.pk})
    return membership


@transaction.atomic
def update_profile(user: User, **fields) -> User:
    allowed = {"display_name", "preferred_language", "phone"}
    changed = {k: v for k, v in fields.items() if k in allowed and getattr(user, k) != v}
    for key, value in changed.items():
        setattr(user, key, value)
    if changed:
        user.save(update_fields=list(changed))
        record_activity(user, "accounts.profile_updated", user, {"fields": sorted(changed)})
    return user
