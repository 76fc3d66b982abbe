"""Aggregates of a wave's responses per area: only what is safe to show.

A cell (a wave x an area) with fewer than SURVEYS_MIN_CELL responses (default 10) is
suppressed: no count, no mean, no distribution -- only that there are too few. Free-text
answers are returned only when asked for (staff pages) and never publicly except those
staff chose (``is_public``).

Areas: a neighborhood counts its own responses; a beat or district counts the responses of
the neighborhoods overlapping it (a neighborhood spanning two beats counts in both); the
city (area None) counts all of the wave.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from beatbridge.insights import surveys as stats

from .models import Answer, PopulationMargin, QuestionKind, Response, Wave
from .services import min_cell, weight_cap
from .standard import AGE, GENDER, LISTEN, PREFER_NOT, RACE, RESPECT, SAFETY


def neighborhood_ids(area: Any) -> list[int] | None:
    """The neighborhoods whose responses count for ``area`` (None: all, the city)."""
    from beatbridge.areas.queries import overlapping

    if area is None:
        return None
    if area.kind == "neighborhood":
        return [area.pk]
    return [a.pk for a in overlapping(area, "neighborhood")]


def responses_for(wave: Wave, area: Any):
    qs = Response.objects.filter(wave=wave)
    ids = neighborhood_ids(area)
    return qs if ids is None else qs.filter(neighborhood_id__in=ids)


def _margins(area: Any, ids: list[int] | None) -> dict[str, dict[str, float]]:
    rows = (
        PopulationMargin.objects.filter(area=area)
        if area is not None
        else PopulationMargin.objects.none()
    )
    if not rows.exists():
        rows = PopulationMargin.objects.filter(area__kind="neighborhood")
        if ids is not None:
            rows = rows.filter(area_id__in=ids)
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m in rows:
        out[m.variable][m.category] += m.population
    return {k: dict(v) for k, v in out.items()}


def _labels(per: list[dict]) -> dict[str, list[str]]:
    def cat(r: dict, code: str) -> str:
        v = r.get(code)
        return "" if v in (None, PREFER_NOT[0]) else str(v)

    ag = [f"{cat(r, AGE)}|{cat(r, GENDER)}" if cat(r, AGE) and cat(r, GENDER) else "" for r in per]
    return {"age_gender": ag, "race_ethnicity": [cat(r, RACE) for r in per]}


def _est(values: list[float], weights=None, scale10: bool = False) -> dict | None:
    est = stats.score(values, weights) if scale10 else stats.mean_ci(values, weights)
    return est.as_dict(1 if scale10 else 2) if est else None


def wave_results(
    wave: Wave, area: Any = None, *, include_text: bool = False, weighted: bool = True
) -> dict:
    """The results of ``wave`` for ``area`` (None: the whole city), suppressed-safe."""
    responses = list(responses_for(wave, area).values_list("pk", flat=True))
    k = min_cell()
    head = {
        "wave": {
            "id": wave.pk,
            "name": wave.name,
            "opens_on": wave.opens_on,
            "closes_on": wave.closes_on,
        },
        "area": None if area is None else {"kind": area.kind, "code": area.code, "name": str(area)},
        "min_cell": k,
    }
    if len(responses) < k:
        return {
            **head,
            "suppressed": True,
            "n": None,
            "scores": {},
            "questions": [],
            "weighting": None,
        }
    questions = list(wave.survey.questions.prefetch_related("choices"))
    index = {pk: i for i, pk in enumerate(responses)}
    per: list[dict] = [{} for _ in responses]
    texts: list[dict] = []
    for a in Answer.objects.filter(response_id__in=responses).select_related("question", "choice"):
        r = per[index[a.response_id]]
        q = a.question
        if q.kind in (QuestionKind.SCALE, QuestionKind.LIKERT):
            r[q.code] = a.number
        elif q.kind == QuestionKind.SINGLE:
            r[q.code] = a.choice.value if a.choice else None
        elif q.kind == QuestionKind.MULTIPLE:
            r.setdefault(q.code, []).append(a.choice.value if a.choice else None)
        elif q.kind == QuestionKind.TEXT and include_text:
            texts.append(
                {
                    "id": str(a.pk),
                    "question": q.code,
                    "text": a.text,
                    "theme": a.theme,
                    "is_public": a.is_public,
                }
            )
    n = len(responses)
    weights = None
    weighting: dict | None = None
    margins = _margins(area, neighborhood_ids(area)) if weighted else {}
    if margins:
        labels = _labels(per)
        raked = stats.rake({v: labels[v] for v in margins}, margins, cap=weight_cap())
        weights = raked.weights
        weighting = {
            "applied": True,
            "variables": sorted(margins),
            "n_eff": round(raked.n_eff, 1),
            "cap": weight_cap(),
            "trimmed": raked.trimmed,
            "converged": raked.converged,
            "max_margin_error": round(raked.max_margin_error, 4),
        }
    else:
        weighting = {"applied": False, "n_eff": float(n)}

    def col(code: str) -> list[float]:
        return [float("nan") if r.get(code) is None else float(r[code]) for r in per]

    trust = stats.row_mean([(r.get(RESPECT), r.get(LISTEN)) for r in per])
    scores = {}
    for name, values in (("safety", col(SAFETY)), ("trust", trust)):
        if all(np.isnan(values)):
            continue
        scores[name] = {
            "unweighted": _est(values, None, scale10=True),
            "weighted": _est(values, weights, scale10=True) if weights is not None else None,
        }
    out_questions = []
    for q in questions:
        item: dict = {"code": q.code, "kind": q.kind, "text": q.text}
        if q.is_numeric:
            vals = col(q.code)
            answered = [v for v in vals if not np.isnan(v)]
            item["n"] = len(answered)
            item["mean"] = _est(vals)
            item["mean_weighted"] = _est(vals, weights) if weights is not None else None
            item["distribution"] = stats.distribution(answered, q.scale_values)
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = list(q.choices.all())
            if q.kind == QuestionKind.SINGLE:
                vals = [r.get(q.code) for r in per]
                dist = stats.distribution(vals, [c.value for c in choices])
            else:
                dist = [
                    {
                        "value": c.value,
                        "count": sum(1 for r in per if c.value in (r.get(q.code) or [])),
                    }
                    for c in choices
                ]
                for d in dist:
                    d["share"] = d["count"] / n
            labels = {c.value: c.label for c in choices}
            for d in dist:
                d["label"] = labels[d["value"]]
            item["n"] = sum(1 for r in per if r.get(q.code))
            item["distribution"] = dist
        else:
            item["n"] = None
        out_questions.append(item)
    result = {
        **head,
        "suppressed": False,
        "n": n,
        "scores": scores,
        "questions": out_questions,
        "weighting": weighting,
    }
    if include_text:
        # Grouped by theme (unthemed last), as staff read them.
        result["free_text"] = sorted(texts, key=lambda x: (x["theme"] == "", x["theme"]))
    return result


def trend(survey: Any, area: Any = None) -> list[dict]:
    """Each wave's Safety and Trust scores with the change from the previous wave (its 95%
    interval and p-value) where both cells are shown."""
    rows = []
    previous: dict[str, Any] = {}
    for wave in survey.waves.order_by("opens_on", "pk"):
        res = wave_results(wave, area, weighted=False)
        row = {
            "wave": wave.name,
            "wave_id": wave.pk,
            "n": res["n"],
            "suppressed": res["suppressed"],
        }
        for name in ("safety", "trust"):
            est = (res["scores"].get(name) or {}).get("unweighted")
            row[name] = est
            before = previous.get(name)
            if est and before:
                d = stats.difference(
                    stats.Estimate(
                        before["estimate"], 0, 0, before["se"], before["n"], before["n_eff"]
                    ),
                    stats.Estimate(est["estimate"], 0, 0, est["se"], est["n"], est["n_eff"]),
                )
                row[f"{name}_change"] = d.as_dict(1)
            else:
                row[f"{name}_change"] = None
            previous[name] = est
        rows.append(row)
    return rows


def area_trend(area: Any) -> dict | None:
    """The current trust & safety survey's wave-by-wave Safety and Trust scores for ``area``
    (suppressed-safe, unweighted), for pages of other apps such as a project's assessment;
    None when no survey is running."""
    from .sections import latest_wave

    wave = latest_wave()
    if wave is None:
        return None
    return {"survey": wave.survey, "area": area, "rows": trend(wave.survey, area)}
