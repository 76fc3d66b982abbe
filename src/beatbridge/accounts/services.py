"""Verbs for accounts: signing up, verifying home neighborhoods, organization membership."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .activity import record_activity
from .models import (
    Membership,
    NeighborhoodVerification,
    Organization,
    Role,
    User,
    VerificationStatus,
)


@transaction.atomic
def register_resident(
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
