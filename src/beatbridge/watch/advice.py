"""Prevention advice per offense category (NIBRS codes), shown in alerts and on the guide."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ADVICE = {
    "220": _(
        "Lock doors and windows, light entrances, keep valuables out of sight, and ask a "
        "neighbor to collect your mail when you are away."
    ),
    "23F": _("Take valuables, bags and chargers out of your car, lock it, and park in lit places."),
    "23G": _("Mark or engrave parts, lock wheels, and park in lit, busy places."),
    "240": _("Lock your vehicle, never leave the key or fob inside, and use a steering lock."),
    "120": _(
        "Walk in pairs after dark on quiet streets, keep phones out of sight, and hand over "
        "property rather than resist."
    ),
    "290": _("Report damage and graffiti quickly; repaired places are targeted less often."),
    "13A": _("Avoid confrontation, walk in groups, and call 911 at once if you see violence."),
    "13B": _("Avoid confrontation, walk in groups, and call 911 if you see violence."),
    "23C": _("Shop staff: keep entrances visible and report repeat visitors to your liaison."),
    "23D": _("Keep doors of sheds and garages locked and tools stored inside."),
    "23H": _("Keep bikes, packages and tools locked or out of sight."),
}

DEFAULT_ADVICE = _(
    "Look out for your neighbors, keep entrances lit, and report anything suspicious to the "
    "non-emergency line (911 in an emergency)."
)


def advice_for(category) -> str:
    """The advice for a category, its parent's, or the general advice."""
    for code in (
        getattr(category, "code", ""),
        getattr(getattr(category, "parent", None), "code", ""),
    ):
        if code in ADVICE:
            return str(ADVICE[code])
    return str(DEFAULT_ADVICE)
