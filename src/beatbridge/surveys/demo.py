"""Demo data: the neighborhood trust & safety survey with two waves, enough responses in a
few neighborhoods to pass suppression, population margins for weighting, and a few
moderated public answers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from beatbridge.accounts.models import User
from beatbridge.areas.models import Area

from . import services
from .models import Answer, Survey

ISSUES = [
    "Speeding cars on our street",
    "Drug dealing near the corner store",
    "Broken street lights",
    "Graffiti on the underpass",
    "Loud parties late at night",
    "Kids need somewhere to go after school",
    "Abandoned car for weeks",
]


def _answers(rng: random.Random, code: str, base: float, shift: float) -> dict:
    def scale(mu: float) -> int:
        return max(0, min(10, round(rng.gauss(mu, 2.2))))

    out = {
        "neighborhood": code,
        "safety": scale(base + shift),
        "respect": scale(base + 0.8 + shift),
        "listen": scale(base - 0.5 + shift),
        "age_band": rng.choice(["18-34", "35-54", "55-plus", "55-plus", "prefer-not"]),
        "gender": rng.choice(["woman", "woman", "man", "prefer-not"]),
        "race_ethnicity": rng.choice(
            ["black", "hispanic", "white", "asian", "other", "prefer-not"]
        ),
        "tenure": rng.choice(["lt-1", "1-5", "gt-5", "gt-5"]),
    }
    if rng.random() < 0.4:
        out["top_issue"] = rng.choice(ISSUES)
    return out


def load_demo(out: Callable[[str], object] = print) -> None:
    out("Surveys:")
    if Survey.objects.filter(is_pulse=False).exists():
        out("  already loaded")
        return
    by = User.objects.filter(role__in=["supervisor", "admin"]).order_by("pk").first()
    admin = User.objects.filter(role="admin").order_by("pk").first()
    neighborhoods = list(Area.objects.neighborhoods().defer("geometry").order_by("code")[:6])
    if by is None or not neighborhoods:
        out("  skipped (needs a supervisor and neighborhoods)")
        return
    rng = random.Random(11)  # noqa: S311 (demo data)
    survey = services.create_survey(
        title_en="Neighborhood trust and safety survey",
        title_es="Encuesta de confianza y seguridad del vecindario",
        intro_en="Five minutes, anonymous. Tell us how safe you feel and how police treat you.",
        intro_es=(
            "Cinco minutos, anónima. Díganos qué tan seguro(a) se siente y cómo le trata la "
            "policía."
        ),
        by=by,
    )
    services.add_standard_module(survey, by=by)
    today = timezone.localdate()
    first = services.open_wave(
        survey, name="Spring", opens_on=today - dt.timedelta(days=1), closes_on=today, by=by
    )
    bases = [6.0, 5.0, 7.0, 4.5, 6.5, 5.5]
    # The first four neighborhoods get enough answers; the last two stay under the minimum.
    counts = [30, 24, 18, 14, 6, 3]
    total = 0
    for area, base, n in zip(neighborhoods, bases, counts, strict=False):
        for _ in range(n):
            services.submit_response(
                first, _answers(rng, area.code, base, 0.0), language=rng.choice(["en", "es"])
            )
            total += 1
    first.opens_on, first.closes_on = today - dt.timedelta(days=120), today - dt.timedelta(days=60)
    first.save(update_fields=["opens_on", "closes_on"])
    first.responses.update(submitted_on=today - dt.timedelta(days=90))
    second = services.open_wave(
        survey,
        name="Summer",
        opens_on=today - dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=40),
        by=by,
    )
    for area, base, n in zip(neighborhoods, bases, counts, strict=False):
        for _ in range(n + 4):
            services.submit_response(
                second, _answers(rng, area.code, base, 0.9), language=rng.choice(["en", "es"])
            )
            total += 1
    if admin is not None:
        rows = ["area_kind,area_code,variable,category,population"]
        for area in neighborhoods[:4]:
            pop = area.population or 10000
            for age, share in (("18-34", 0.35), ("35-54", 0.35), ("55-plus", 0.30)):
                for gender in ("woman", "man"):
                    count = round(pop * share / 2)
                    rows.append(f"neighborhood,{area.code},age_gender,{age}|{gender},{count}")
            for race, share in (
                ("black", 0.4),
                ("hispanic", 0.3),
                ("white", 0.2),
                ("asian", 0.06),
                ("other", 0.04),
            ):
                rows.append(f"neighborhood,{area.code},race_ethnicity,{race},{round(pop * share)}")
        services.upload_margins("\n".join(rows) + "\n", by=admin)
    for answer in Answer.objects.filter(question__code="top_issue", response__wave=second)[:8]:
        services.relabel_answer(answer, is_public=True, by=by)
    out(f"  1 survey, 2 waves, {total} responses in {len(neighborhoods)} neighborhoods")
