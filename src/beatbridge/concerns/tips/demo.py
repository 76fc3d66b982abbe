"""Demo tips: a few anonymous tips in the demo officer's district, one with a conversation.

Idempotent: each demo tip is sent with a fixed idempotency key, so a second run finds the
same tips. Their codes are printed by the first run only: a replay never repeats a code.
Call ``load_demo_tips(out)`` from the concerns demo loader.
"""

from __future__ import annotations

from collections.abc import Callable

from beatbridge.areas.models import Area, AreaKind

from ..models import TipMessage
from . import services

DEMO_BEAT = "2431"

TIPS = [
    (
        "demo-tip-1",
        "A grey sedan drops off small packages at the corner store every evening around 7pm.",
        "Near the corner store by the train station",
    ),
    (
        "demo-tip-2",
        "The people who broke the bus shelter glass hang out behind the laundromat on weekends.",
        "",
    ),
    ("demo-tip-3", "Someone is storing stolen bikes in the garage of the vacant house.", ""),
]


def load_demo_tips(out: Callable[[str], object] = print) -> int:
    """Create the demo tips (once); return how many were new."""
    beat = Area.objects.filter(kind=AreaKind.BEAT, code=DEMO_BEAT).first() or (
        Area.objects.filter(kind=AreaKind.BEAT, parent__isnull=False).order_by("code").first()
    )
    if beat is None:
        out("Tips: no beats yet, no demo tips.")
        return 0
    created = 0
    for key, body, where in TIPS:
        submitted = services.submit_tip(
            body=body,
            location_text=where,
            lon=beat.centroid_lon,
            lat=beat.centroid_lat,
            idempotency_key=key,
        )
        if submitted.replayed:
            continue
        created += 1
        if key == "demo-tip-1":
            officer = beat.current_officers().first()
            if officer is not None:
                services.reply_to_tip(
                    submitted.tip,
                    "Thank you. Which store, and what does the car look like?",
                    by=officer,
                )
                services.reply_as_tipster(submitted.code, "The one on the corner. Grey, dented.")
        out(f"Tips: demo tip #{submitted.tip.pk}, tipster code {submitted.code}")
    if created == 0:
        out(f"Tips: demo tips already there ({TipMessage.objects.count()} messages).")
    return created
