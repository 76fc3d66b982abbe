"""Exporters and erasers for the apps below and beside privacy (accounts, concerns,
meetings, surveys, subscriptions), registered in core.personal_data.

They look the models up through the app registry, so privacy imports none of those apps, and
an app that is not installed simply contributes nothing. An app may register its own
exporter under the same section name to replace one of these.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

from beatbridge.core.personal_data import register_eraser, register_exporter


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_account(user: Any) -> dict[str, Any]:
    home = user.home_neighborhood
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "preferred_language": user.preferred_language,
        "phone": user.phone,
        "home_neighborhood": str(home) if home else None,
        "home_verified": user.home_verified,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def export_concerns(user: Any) -> dict[str, Any]:
    Concern, Support = _model("concerns.Concern"), _model("concerns.Support")
    if Concern is None:
        return {}
    raised = [
        {
            "id": c.pk,
            "description": c.description,
            "address": c.address,
            "category": str(c.category) if c.category_id else None,
            "status": c.status,
            "is_anonymous": c.is_anonymous,
            "contact_name": c.contact_name,
            "contact_email": c.contact_email,
            "contact_phone": c.contact_phone,
            "created_at": _when(c.created_at),
        }
        for c in Concern.objects.filter(submitted_by=user).select_related("category")
    ]
    supported = [
        {"concern": s.concern_id, "created_at": _when(s.created_at)}
        for s in Support.objects.filter(user=user)
    ]
    return {"raised": raised, "supported": supported}


def export_meetings(user: Any) -> dict[str, Any]:
    RSVP = _model("meetings.RSVP")
    if RSVP is None:
        return {}
    rows = RSVP.objects.filter(user=user).select_related("meeting")
    return {
        "rsvps": [
            {
                "meeting": r.meeting_id,
                "meeting_title": str(r.meeting),
                "name": r.name,
                "email": r.email,
                "status": r.status,
                "created_at": _when(r.created_at),
            }
            for r in rows
        ]
    }


def export_surveys(user: Any) -> dict[str, Any]:
    """Which waves this account answered: only the flag, never the answers (they are stored
    without any link to the account)."""
    Wave = _model("surveys.Wave")
    if Wave is None:
        return {}
    participation_key = import_string("beatbridge.surveys.services.participation_key")
    Participation = _model("surveys.WaveParticipation")
    keys = {participation_key(w, user): w for w in Wave.objects.select_related("survey")}
    answered = Participation.objects.filter(key__in=list(keys)).values_list("key", flat=True)
    return {
        "waves_answered": sorted(
            ({"wave": keys[k].pk, "survey": str(keys[k].survey)} for k in answered),
            key=lambda row: row["wave"],
        ),
        "note": "Answers are stored without any link to your account, so they cannot be "
        "exported or told apart from others'.",
    }


def export_subscriptions(user: Any) -> dict[str, Any]:
    Subscriber = _model("subscriptions.Subscriber")
    if Subscriber is None:
        return {}
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None:
        return {"subscriber": None, "subscriptions": []}
    return {
        "subscriber": {
            "email": subscriber.email,
            "phone": subscriber.phone,
            "channels": {
                "email": subscriber.email_enabled,
                "sms": subscriber.sms_enabled,
                "in_app": subscriber.inapp_enabled,
            },
            "frequency": subscriber.frequency,
            "language": subscriber.language,
        },
        "subscriptions": [
            {"area": str(s.area) if s.area_id else None, "topics": s.topics}
            for s in subscriber.subscriptions.select_related("area")
        ],
    }


def erase_concerns(user: Any) -> dict[str, int]:
    """Concerns stay public (their neighbors relied on them) but name nobody: the account
    link and the contact details go. Supports are removed."""
    Concern, Support = _model("concerns.Concern"), _model("concerns.Support")
    if Concern is None:
        return {}
    deidentified = Concern.objects.filter(submitted_by=user).update(
        submitted_by=None, contact_name="", contact_email="", contact_phone="",
        contact_preference="",
    )  # fmt: skip
    supports, _ = Support.objects.filter(user=user).delete()
    return {"concerns_deidentified": deidentified, "supports_removed": supports}


def erase_meetings(user: Any) -> dict[str, int]:
    RSVP = _model("meetings.RSVP")
    if RSVP is None:
        return {}
    removed, _ = RSVP.objects.filter(user=user).delete()
    return {"rsvps_removed": removed}


def erase_subscriptions(user: Any) -> dict[str, int]:
    Subscriber = _model("subscriptions.Subscriber")
    if Subscriber is None:
        return {}
    removed, _ = Subscriber.objects.filter(user=user).delete()
    return {"subscriptions_removed": removed}


def erase_tips(user: Any) -> dict[str, int]:
    """A tip the person chose to sign keeps its content for the investigation but loses the
    account link and the contact they gave."""
    Tip = _model("concerns.Tip")
    if Tip is None:
        return {}
    n = Tip.objects.filter(submitted_by=user).update(submitted_by=None, contact="")
    return {"tips_deidentified": n}


def register_defaults() -> None:
    register_exporter("account", export_account)
    register_exporter("concerns", export_concerns)
    register_exporter("meetings", export_meetings)
    register_exporter("surveys", export_surveys)
    register_exporter("subscriptions", export_subscriptions)
    register_eraser("concerns", erase_concerns)
    register_eraser("meetings", erase_meetings)
    register_eraser("subscriptions", erase_subscriptions)
    register_eraser("tips", erase_tips)
