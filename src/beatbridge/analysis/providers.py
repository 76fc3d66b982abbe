"""Hooks other apps plug into: survey trust scores and survey top issues.

Surveys do not exist yet. When they do, the Surveys app registers its functions in its
``AppConfig.ready()``::

    from beatbridge.analysis.providers import register_trust_provider

    register_trust_provider(lambda area, months: {202501: 3.8, 202504: 3.5})

A trust provider gets an area and a list of months (``YYYYMM`` ints) and returns a mapping
``{month: score}`` for the months with a survey result (missing months: no survey). A
survey-issues provider gets an area and returns a list of ``{"issue": str, "share": float}``,
most pressing first. Without a provider, trust is unknown (NaN) and there are no issues.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger(__name__)

TrustProvider = Callable[[Any, Sequence[int]], dict[int, float]]
IssuesProvider = Callable[[Any], list[dict[str, Any]]]

_trust: list[TrustProvider] = []
_issues: list[IssuesProvider] = []


def register_trust_provider(func: TrustProvider) -> TrustProvider:
    if func not in _trust:
        _trust.append(func)
    return func


def register_survey_issues_provider(func: IssuesProvider) -> IssuesProvider:
    if func not in _issues:
        _issues.append(func)
    return func


def unregister_all() -> None:
    """For tests."""
    _trust.clear()
    _issues.clear()


def has_trust_provider() -> bool:
    return bool(_trust)


def trust_scores(area: Any, months: Sequence[int]) -> list[float]:
    """One trust score per month (NaN where no survey result or no provider)."""
    scores: dict[int, float] = {}
    for func in _trust:
        try:
            scores.update({int(k): float(v) for k, v in (func(area, months) or {}).items()})
        except Exception:  # a broken provider must not break the monitor
            logger.exception("trust provider %r failed", func)
    return [scores.get(m, math.nan) for m in months]


def survey_issues(area: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for func in _issues:
        try:
            out.extend(func(area) or [])
        except Exception:
            logger.exception("survey-issues provider %r failed", func)
    return out
