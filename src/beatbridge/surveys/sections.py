"""The "Trust and safety" section of neighborhood, beat and district pages: the latest
wave's Safety and Trust scores (suppressed-safe) and a moderated selection of answers."""

from __future__ import annotations

from django.urls import reverse

from .models import Answer, SurveyStatus, Wave
from .results import neighborhood_ids, wave_results


def latest_wave() -> Wave | None:
    return (
        Wave.objects.filter(survey__is_pulse=False, survey__status=SurveyStatus.ACTIVE)
        .select_related("survey")
        .order_by("-opens_on", "-pk")
        .first()
    )


def surveys_section(request, area) -> dict | None:
    if area.kind not in ("neighborhood", "beat", "district"):
        return None
    wave = latest_wave()
    if wave is None:
        return None
    res = wave_results(wave, area)
    ids = neighborhood_ids(area) or []
    voices = list(
        Answer.objects.filter(
            is_public=True, response__wave=wave, response__neighborhood_id__in=ids
        ).values_list("text", flat=True)[:5]
    )
    return {
        "template": "surveys/area_section.html",
        "order": 40,
        "context": {
            "wave": wave,
            "results": res,
            "voices": voices,
            "answer_url": reverse("surveys:answer", args=[wave.pk]) if wave.is_open() else "",
            "results_url": reverse("surveys:results", args=[wave.pk])
            + f"?area={area.kind}:{area.code}",
        },
    }
