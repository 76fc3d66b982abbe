"""Plain-language, translated readings of an assessment's figures for the project page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

UNITS = {"incidents": gettext_lazy("incidents"), "concerns": gettext_lazy("concerns")}


def reading(figures: dict, unit: str) -> str:
    fig = figures.get(unit) or {}
    verdict = fig.get("verdict")
    if verdict is None:
        return ""
    if verdict == "no_data":
        return _("No %(unit)s in either area in either period: nothing to compare.") % {
            "unit": UNITS[unit]
        }
    values = {
        "n": f"{abs(fig['estimate']):.1f}",
        "unit": UNITS[unit],
        "low": f"{fig['ci_low']:.1f}",
        "high": f"{fig['ci_high']:.1f}",
        "comparison": figures.get("comparison", ""),
    }
    if abs(fig["estimate"]) < 0.05:
        core = (
            _(
                "After the response started the project area changed about as much as "
                "%(comparison)s did."
            )
            % values
        )
    elif fig["estimate"] < 0:
        core = (
            _(
                "After the response started there were about %(n)s fewer %(unit)s in the project "
                "area than the change in %(comparison)s would predict."
            )
            % values
        )
    else:
        core = (
            _(
                "After the response started there were about %(n)s more %(unit)s in the project "
                "area than the change in %(comparison)s would predict."
            )
            % values
        )
    if verdict == "helped":
        tail = (
            _(
                "The drop is larger than chance alone usually gives (95%% interval %(low)s to "
                "%(high)s): it likely helped."
            )
            % values
        )
    elif verdict == "worse":
        tail = (
            _(
                "The rise is larger than chance alone usually gives (95%% interval %(low)s to "
                "%(high)s): it got worse."
            )
            % values
        )
    else:
        tail = (
            _(
                "But the 95%% interval runs from %(low)s to %(high)s, which includes no change: "
                "we cannot be sure the response made a difference."
            )
            % values
        )
    return f"{core} {tail}"
