"""A registry of each app's personal data: what it exports for a person, and how it erases
them.

Apps register from their AppConfig.ready (or a module imported there):

    register_exporter("concerns", export_concerns)      # (user) -> JSON-able value
    register_eraser("concerns", erase_concerns)         # (user) -> {"what": count, ...}

The privacy app calls every registered function when a resident downloads their data or
deletes their account, so it never imports the apps above it. Erasers run inside the
deleting transaction; they de-identify rather than delete what must stay public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], dict[str, int]]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    """Add (or replace) the exporter writing ``section`` of a person's data download."""
    _exporters[section] = exporter


def register_eraser(section: str, eraser: Eraser) -> None:
    """Add (or replace) the eraser that removes or de-identifies ``section`` for a person."""
    _erasers[section] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(sorted(_exporters.items()))


def erasers() -> dict[str, Eraser]:
    return dict(sorted(_erasers.items()))


def export_person(user: Any) -> dict[str, Any]:
    """Every registered section of one person's data, by section name."""
    return {section: exporter(user) for section, exporter in exporters().items()}


def erase_person(user: Any) -> dict[str, int]:
    """Run every eraser; returns counts keyed ``section.what``."""
    counts: dict[str, int] = {}
    for section, eraser in erasers().items():
        for what, n in (eraser(user) or {}).items():
            counts[f"{section}.{what}"] = n
    return counts
