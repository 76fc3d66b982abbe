"""Verbs for surveys: build, add the standard module, open waves, invite, answer, relabel.

``submit_response`` is the only way answers are stored; it never receives or stores who
answered (see models.py for what a response holds).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity

from . import permissions
from .models import (
    CHOICE_KINDS,
    Answer,
    Choice,
    Invitation,
    MarginVariable,
    PopulationMargin,
    Question,
    QuestionKind,
    Response,
    ResponseChannel,
    Survey,
    SurveyStatus,
    Wave,
    WaveParticipation,
)
from .standard import PULSE_QUESTIONS, STANDARD_QUESTIONS

ZIP_RE = re.compile(r"^\d{5}$")


def keyed_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of ``value`` under a key derived from SECRET_KEY and ``purpose``."""
    return salted_hmac(f"beatbridge.surveys.{purpose}", value, algorithm="sha256").hexdigest()


def min_cell() -> int:
    return int(getattr(settings, "SURVEYS_MIN_CELL", 10))


def weight_cap() -> float:
    return float(getattr(settings, "SURVEYS_WEIGHT_CAP", 5.0))


def _require_manager(by: Any) -> None:
    if not permissions.can_manage_surveys(by):
        raise PermissionDenied(_("Only supervisors and admins manage surveys."))


@transaction.atomic
def create_survey(
    *,
    title_en: str,
    title_es: str = "",
    intro_en: str = "",
    intro_es: str = "",
    by: Any,
    is_pulse: bool = False,
) -> Survey:
    _require_manager(by)
    title_en = (title_en or "").strip()
    if not title_en:
        raise ValidationError({"title_en": [_("Give the survey a title.")]})
    survey = Survey.objects.create(
        title_en=title_en[:200],
        title_es=(title_es or "").strip()[:200],
        intro_en=(intro_en or "").strip()[:2000],
        intro_es=(intro_es or "").strip()[:2000],
        created_by=by,
        is_pulse=is_pulse,
    )
    record_activity(by, "surveys.created", survey)
    return survey


def _add_question(survey: Survey, spec: Mapping[str, Any], order: int) -> Question:
    kind = spec.get("kind")
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": [_("Choose a question kind.")]})
    code = (spec.get("code") or "").strip()
    if not re.fullmatch(r"[a-z0-9_-]{1,40}", code):
        raise ValidationError({"code": [_("Use 1-40 lowercase letters, digits, - or _.")]})
    text_en = (spec.get("text_en") or "").strip()
    if not text_en:
        raise ValidationError({"text_en": [_("Write the question in English.")]})
    if survey.questions.filter(code=code).exists():
        raise ValidationError({"code": [_("This survey already has a question with that code.")]})
    low = spec.get("low") or ("", "")
    high = spec.get("high") or ("", "")
    question = Question.objects.create(
        survey=survey,
        order=order,
        code=code,
        kind=kind,
        text_en=text_en[:400],
        text_es=(spec.get("text_es") or "").strip()[:400],
        required=bool(spec.get("required")),
        low_label_en=low[0],
        low_label_es=low[1],
        high_label_en=high[0],
        high_label_es=high[1],
    )
    choices = list(spec.get("choices") or [])
    if kind in CHOICE_KINDS:
        if len(choices) < 2:
            raise ValidationError({"choices": [_("Give at least two choices.")]})
        for i, (value, en, es) in enumerate(choices):
            Choice.objects.create(question=question, order=i, value=value, label_en=en, label_es=es)
    return question


def _next_order(survey: Survey) -> int:
    last = survey.questions.order_by("-order").first()
    return (last.order + 1) if last else 0


@transaction.atomic
def add_question(survey: Survey, spec: Mapping[str, Any], *, by: Any) -> Question:
    """Add a question (``kind``, ``code``, ``text_en``, ``text_es``, ``required``, and
    ``choices`` as (value, English, Spanish) triples for choice kinds) at the end."""
    _require_manager(by)
    if survey.responses_exist():
        raise ValidationError(_("This survey has responses; its questions can't change."))
    question = _add_question(survey, spec, _next_order(survey))
    record_activity(by, "surveys.question_added", survey, {"code": question.code})
    return question


@transaction.atomic
def add_standard_module(survey: Survey, *, by: Any) -> list[Question]:
    """The standard trust & safety module in one click (questions already there are kept)."""
    _require_manager(by)
    have = set(survey.questions.values_list("code", flat=True))
    order = _next_order(survey)
    added = []
    for spec in STANDARD_QUESTIONS:
        if spec["code"] in have:
            continue
        added.append(_add_question(survey, spec, order))
        order += 1
    record_activity(by, "surveys.standard_module_added", survey, {"added": len(added)})
    return added


@transaction.atomic
def move_question(question: Question, *, up: bool, by: Any) -> None:
    _require_manager(by)
    questions = list(question.survey.questions.all())
    i = questions.index(question)
    j = i - 1 if up else i + 1
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    for n, q in enumerate(questions):
        if q.order != n:
            q.order = n
            q.save(update_fields=["order"])


@transaction.atomic
def open_wave(survey: Survey, *, name: str, opens_on: dt.date, closes_on: dt.date, by: Any) -> Wave:
    """Start a wave; activates a draft survey."""
    _require_manager(by)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Name the wave (e.g. the month).")]})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": [_("The wave must close after it opens.")]})
    if not survey.questions.exists():
        raise ValidationError(_("Add questions before opening a wave."))
    wave = Wave.objects.create(
        survey=survey, name=name[:120], opens_on=opens_on, closes_on=closes_on
    )
    if survey.status == SurveyStatus.DRAFT:
        survey.status = SurveyStatus.ACTIVE
        survey.save(update_fields=["status"])
    record_activity(
        by, "surveys.wave_opened", wave, {"opens": str(opens_on), "closes": str(closes_on)}
    )
    return wave


def _new_invitation(wave: Wave, purpose: str) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        wave=wave, token_hash=keyed_hash("invitation", token), purpose=purpose
    )
    return invitation, token


@transaction.atomic
def create_invitations(wave: Wave, *, count: int, purpose: str = "mailing", by: Any) -> list[str]:
    """Create ``count`` single-use invitation tokens; the tokens are returned once, only
    their keyed hashes are kept."""
    _require_manager(by)
    if not 1 <= int(count) <= 5000:
        raise ValidationError({"count": [_("Create between 1 and 5000 invitations.")]})
    if purpose not in ("mailing", "meeting"):
        raise ValidationError({"purpose": [_("Choose mailing list or meeting attendees.")]})
    tokens = [_new_invitation(wave, purpose)[1] for _ in range(int(count))]
    record_activity(by, "surveys.invitations_created", wave, {"count": len(tokens)})
    return tokens


def invitation_for(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("wave__survey")
        .filter(token_hash=keyed_hash("invitation", token))
        .first()
    )


def participation_key(wave: Wave, user: Any) -> str:
    return keyed_hash("participation", f"{wave.pk}:{user.pk}")


def has_answered(wave: Wave, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return WaveParticipation.objects.filter(key=participation_key(wave, user)).exists()


def _clean_answers(wave: Wave, answers: Mapping[str, Any]) -> tuple[list[Answer], Any]:
    """Validate answers by question code into unsaved Answer rows, and the neighborhood."""
    from beatbridge.areas.models import Area

    errors: dict[str, list[str]] = {}
    rows: list[Answer] = []
    neighborhood = None
    for q in wave.survey.questions.prefetch_related("choices"):
        raw = answers.get(q.code)
        values = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        values = [str(v).strip() for v in values if str(v).strip()]
        if not values:
            if q.required:
                errors[q.code] = [_("Please answer this question.")]
            continue
        if q.kind in (QuestionKind.SCALE, QuestionKind.LIKERT):
            try:
                number = int(values[0])
            except ValueError:
                number = None
            if number not in q.scale_values or len(values) > 1:
                errors[q.code] = [_("Choose one of the numbers shown.")]
                continue
            rows.append(Answer(question=q, number=number))
        elif q.kind in CHOICE_KINDS:
            by_value = {c.value: c for c in q.choices.all()}
            if q.kind == QuestionKind.SINGLE and len(values) > 1:
                errors[q.code] = [_("Choose one answer.")]
                continue
            if any(v not in by_value for v in values):
                errors[q.code] = [_("Choose from the answers shown.")]
                continue
            rows.extend(Answer(question=q, choice=by_value[v]) for v in dict.fromkeys(values))
        elif q.kind == QuestionKind.TEXT:
            text = values[0]
            if len(text) > 2000:
                errors[q.code] = [_("Keep it under 2000 characters.")]
                continue
            rows.append(Answer(question=q, text=text, theme=theme_for(text)))
        elif q.kind == QuestionKind.AREA:
            value = values[0]
            area = Area.objects.neighborhoods().filter(code=value).first()
            if area is None and not ZIP_RE.match(value):
                errors[q.code] = [_("Choose your neighborhood or enter a 5-digit ZIP code.")]
                continue
            neighborhood = area
            rows.append(Answer(question=q, text="" if area else value))
    if errors:
        raise ValidationError(errors)
    return rows, neighborhood


def submit_response(
    wave: Wave,
    answers: Mapping[str, Any],
    *,
    user: Any = None,
    token: str = "",
    language: str = "en",
) -> Response:
    """Store one response to an open wave.

    With ``token``: the invitation is used up in the same transaction (a conditional update,
    so of two simultaneous submissions exactly one wins). With a signed-in ``user``: a
    WaveParticipation keyed hash is inserted (its primary key refuses a second). Neither the
    invitation nor the account is linked to the response. The open link's once-per-browser
    cookie is checked by the view. No activity entry is written (it would carry the actor and
    the time).
    """
    if not wave.is_open():
        raise ValidationError(_("This survey wave is not open."))
    rows, neighborhood = _clean_answers(wave, answers)
    signed_in = getattr(user, "is_authenticated", False)
    if neighborhood is None and signed_in:
        neighborhood = getattr(user, "home_neighborhood", None)
    with transaction.atomic():
        if token:
            invitation = invitation_for(token)
            if invitation is None or invitation.wave_id != wave.pk:
                raise ValidationError({"token": [_("This invitation link is not valid.")]})
            used = Invitation.objects.filter(pk=invitation.pk, is_used=False).update(is_used=True)
            if used != 1:
                raise ValidationError({"token": [_("This invitation has already been used.")]})
            channel = ResponseChannel.INVITATION
        elif signed_in:
            channel = ResponseChannel.ACCOUNT
        else:
            if not wave.survey.allow_open_link:
                raise ValidationError(_("This survey is by invitation only."))
            channel = ResponseChannel.OPEN
        if signed_in:
            try:
                with transaction.atomic():
                    WaveParticipation.objects.create(key=participation_key(wave, user), wave=wave)
            except IntegrityError:
                raise ValidationError(
                    _("You have already answered this wave. Thank you!")
                ) from None
        response = Response.objects.create(
            wave=wave,
            neighborhood=neighborhood
            if getattr(neighborhood, "kind", "") == "neighborhood"
            else None,
            channel=channel,
            language="es" if (language or "").startswith("es") else "en",
            submitted_on=timezone.localdate(),
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


def theme_for(text: str) -> str:
    """The concern category whose name (English or Spanish) or code words occur in the text;
    "" when none does. Simple and explainable: staff can re-label."""
    from beatbridge.concerns.models import Category

    words = set(re.findall(r"\w+", text.lower()))
    best, best_hits = "", 0
    for cat in Category.objects.filter(is_active=True).only("code", "name_en", "name_es"):
        keys = set(re.findall(r"\w+", f"{cat.code} {cat.name_en} {cat.name_es}".lower()))
        keys = {k for k in keys if len(k) > 3}
        hits = len(keys & words)
        if hits > best_hits:
            best, best_hits = cat.code, hits
    return best


@transaction.atomic
def relabel_answer(
    answer: Answer, *, theme: str | None = None, is_public: bool | None = None, by: Any
) -> Answer:
    """Staff re-label a free-text answer's theme or choose it for the public selection."""
    if not permissions.can_manage_surveys(by):
        raise PermissionDenied(_("Only supervisors and admins re-label answers."))
    if theme is not None:
        answer.theme = theme.strip()[:64]
    if is_public is not None:
        answer.is_public = bool(is_public)
    answer.save(update_fields=["theme", "is_public"])
    record_activity(
        by,
        "surveys.answer_relabeled",
        answer.question,
        {"theme": answer.theme, "public": answer.is_public},
    )
    return answer


@transaction.atomic
def upload_margins(csv_text: str, *, by: Any) -> int:
    """Replace population margins from CSV: area_kind, area_code, variable, category,
    population. Returns the rows stored."""
    from beatbridge.areas.models import Area

    if not permissions.can_upload_margins(by):
        raise PermissionDenied(_("Only admins upload population margins."))
    reader = csv.DictReader(io.StringIO(csv_text))
    need = {"area_kind", "area_code", "variable", "category", "population"}
    if not reader.fieldnames or not need <= set(reader.fieldnames):
        raise ValidationError(
            {
                "file": [
                    _("The CSV needs the columns: %(cols)s.") % {"cols": ", ".join(sorted(need))}
                ]
            }
        )
    rows = []
    for line, rec in enumerate(reader, start=2):
        area = Area.objects.filter(
            kind=rec["area_kind"].strip(), code=rec["area_code"].strip()
        ).first()
        if area is None:
            raise ValidationError({"file": [_("Line %(n)s: unknown area.") % {"n": line}]})
        if rec["variable"].strip() not in MarginVariable.values:
            raise ValidationError({"file": [_("Line %(n)s: unknown variable.") % {"n": line}]})
        try:
            population = int(rec["population"])
        except (TypeError, ValueError):
            population = -1
        if population < 0:
            raise ValidationError(
                {"file": [_("Line %(n)s: population must be a whole number.") % {"n": line}]}
            )
        rows.append(
            PopulationMargin(
                area=area,
                variable=rec["variable"].strip(),
                category=rec["category"].strip()[:80],
                population=population,
            )
        )
    areas = {r.area_id for r in rows}
    PopulationMargin.objects.filter(area_id__in=areas).delete()
    PopulationMargin.objects.bulk_create(rows)
    record_activity(by, "surveys.margins_uploaded", None, {"rows": len(rows), "areas": len(areas)})
    return len(rows)


def pulse_survey() -> Survey:
    """The pulse follow-up survey and its current wave, created on first use."""
    survey = Survey.objects.filter(is_pulse=True).first()
    if survey is None:
        survey = Survey.objects.create(
            title_en="How did we do?",
            title_es="¿Cómo lo hicimos?",
            is_pulse=True,
            allow_open_link=False,
            status=SurveyStatus.ACTIVE,
        )
        for i, spec in enumerate(PULSE_QUESTIONS):
            _add_question(survey, spec, i)
    return survey


def current_pulse_wave() -> Wave:
    survey = pulse_survey()
    today = timezone.localdate()
    wave = survey.waves.filter(opens_on__lte=today, closes_on__gte=today).first()
    if wave is None:
        start = today.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) + dt.timedelta(days=60)
        wave = Wave.objects.create(
            survey=survey, name=start.strftime("%Y-%m"), opens_on=start, closes_on=end
        )
    return wave


def invite_to_pulse(concern: Any) -> str | None:
    """Create a single-use pulse invitation for a resolved concern's submitter and email it
    (when they left an email). The invitation is not linked to the concern."""
    email = (getattr(concern, "contact_email", "") or "").strip()
    if not email:
        return None
    with transaction.atomic():
        invitation, token = _new_invitation(current_pulse_wave(), "pulse")
    from .notifications import send_pulse_invitation

    language = (
        getattr(concern.submitted_by, "preferred_language", "") if concern.submitted_by_id else ""
    )
    send_pulse_invitation(email, token, language or "en")
    return token
