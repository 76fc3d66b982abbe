"""Survey pages: the resident's answer page, the staff builder, results with chart and CSV."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.areas.models import Area
from beatbridge.core.csv_export import writer as csv_writer

from . import permissions, services
from . import results as results_q
from .charts import scores_svg
from .models import Answer, Question, QuestionKind, Survey, Wave

COOKIE = "bb_survey_%s"
COOKIE_SALT = "beatbridge.surveys.answered"


def _manager(request) -> None:
    if not permissions.can_manage_surveys(request.user):
        raise PermissionDenied


def _staff(request) -> None:
    if not permissions.can_view_staff_results(request.user):
        raise PermissionDenied


def _answered_cookie(request, wave: Wave) -> bool:
    return request.get_signed_cookie(COOKIE % wave.pk, default=None, salt=COOKIE_SALT) == "1"


def _answers_from_post(request, wave: Wave) -> dict:
    out = {}
    for q in wave.survey.questions.all():
        if q.kind == QuestionKind.MULTIPLE:
            out[q.code] = request.POST.getlist(q.code)
        elif q.kind == QuestionKind.AREA:
            out[q.code] = request.POST.get(q.code) or request.POST.get(f"{q.code}_zip", "")
        else:
            out[q.code] = request.POST.get(q.code, "")
    return out


def answer(request, pk: int):
    """Answer a wave: open link (once per browser), invitation (?token=) or signed in."""
    wave = get_object_or_404(Wave.objects.select_related("survey"), pk=pk)
    token = (request.POST.get("token") or request.GET.get("token") or "")[:100]
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in ("en", "es"):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
    blocked = ""
    if not wave.is_open():
        blocked = _("This survey wave is not open.")
    elif token:
        inv = services.invitation_for(token)
        if inv is None or inv.wave_id != wave.pk:
            blocked = _("This invitation link is not valid.")
        elif inv.is_used:
            blocked = _("This invitation has already been used.")
    elif services.has_answered(wave, request.user) or (
        not request.user.is_authenticated and _answered_cookie(request, wave)
    ):
        blocked = _("You have already answered this wave. Thank you!")
    elif not wave.survey.allow_open_link and not request.user.is_authenticated:
        blocked = _("This survey is by invitation only.")
    errors: dict = {}
    submitted: dict = {}
    if request.method == "POST" and not blocked:
        submitted = _answers_from_post(request, wave)
        try:
            services.submit_response(
                wave,
                submitted,
                user=request.user,
                token=token,
                language=translation.get_language() or "en",
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            response = redirect("surveys:thanks", wave.pk)
            if not token and not request.user.is_authenticated:
                response.set_signed_cookie(
                    COOKIE % wave.pk,
                    "1",
                    salt=COOKIE_SALT,
                    max_age=200 * 86400,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
    questions = list(wave.survey.questions.prefetch_related("choices"))
    context = {
        "wave": wave,
        "survey": wave.survey,
        "questions": questions,
        "neighborhoods": Area.objects.neighborhoods().defer("geometry").order_by("name"),
        "errors": errors,
        "general_errors": errors.get("__all__", []) + errors.get("token", []),
        "submitted": submitted,
        "token": token,
        "blocked": blocked,
        "lang": translation.get_language(),
    }
    return render(request, "surveys/answer.html", context, status=400 if errors else 200)


def thanks(request, pk: int):
    wave = get_object_or_404(Wave, pk=pk)
    return render(request, "surveys/thanks.html", {"wave": wave})


def survey_list(request):
    _staff(request)
    surveys = Survey.objects.prefetch_related("waves")
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": surveys,
            "can_manage": permissions.can_manage_surveys(request.user),
            "can_upload_margins": permissions.can_upload_margins(request.user),
        },
    )


def survey_create(request):
    _manager(request)
    errors: dict = {}
    if request.method == "POST":
        try:
            survey = services.create_survey(
                title_en=request.POST.get("title_en", ""),
                title_es=request.POST.get("title_es", ""),
                intro_en=request.POST.get("intro_en", ""),
                intro_es=request.POST.get("intro_es", ""),
                by=request.user,
            )
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            if request.POST.get("standard"):
                services.add_standard_module(survey, by=request.user)
            return redirect("surveys:detail", survey.pk)
    return render(
        request,
        "surveys/create.html",
        {"errors": errors, "data": request.POST},
        status=400 if errors else 200,
    )


def survey_detail(request, pk: int, errors: dict | None = None, status: int = 200):
    _staff(request)
    survey = get_object_or_404(Survey, pk=pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": survey.questions.prefetch_related("choices"),
            "waves": survey.waves.all(),
            "kinds": QuestionKind.choices,
            "can_manage": permissions.can_manage_surveys(request.user),
            "errors": errors or {},
            "data": request.POST if errors else {},
            "today": dt.date.today(),
        },
        status=status,
    )


@require_POST
def add_standard(request, pk: int):
    _manager(request)
    survey = get_object_or_404(Survey, pk=pk)
    added = services.add_standard_module(survey, by=request.user)
    messages.success(
        request, _("Added %(n)s questions of the standard module.") % {"n": len(added)}
    )
    return redirect("surveys:detail", survey.pk)


@require_POST
def add_question(request, pk: int):
    _manager(request)
    survey = get_object_or_404(Survey, pk=pk)
    choices = []
    for line in (request.POST.get("choices") or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            label_en = parts[1] if len(parts) > 1 else parts[0]
            choices.append((parts[0][:40], label_en, parts[2] if len(parts) > 2 else ""))
    spec = {
        "kind": request.POST.get("kind"),
        "code": request.POST.get("code"),
        "text_en": request.POST.get("text_en"),
        "text_es": request.POST.get("text_es"),
        "required": bool(request.POST.get("required")),
        "choices": choices,
    }
    try:
        services.add_question(survey, spec, by=request.user)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return survey_detail(request, pk, errors=errors, status=400)
    return redirect("surveys:detail", survey.pk)


@require_POST
def move_question(request, pk: int):
    _manager(request)
    question = get_object_or_404(Question, pk=pk)
    services.move_question(question, up=request.POST.get("direction") == "up", by=request.user)
    return redirect("surveys:detail", question.survey_id)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@require_POST
def open_wave(request, pk: int):
    _manager(request)
    survey = get_object_or_404(Survey, pk=pk)
    opens, closes = (
        _date(request.POST.get("opens_on", "")),
        _date(request.POST.get("closes_on", "")),
    )
    errors = {}
    if opens is None:
        errors["opens_on"] = [_("Enter a date.")]
    if closes is None:
        errors["closes_on"] = [_("Enter a date.")]
    if not errors:
        try:
            services.open_wave(
                survey,
                name=request.POST.get("name", ""),
                opens_on=opens,
                closes_on=closes,
                by=request.user,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    if errors:
        return survey_detail(request, pk, errors=errors, status=400)
    return redirect("surveys:detail", survey.pk)


def invitations(request, pk: int):
    """Create invitation links; they are shown once (only their hashes are kept)."""
    _manager(request)
    wave = get_object_or_404(Wave, pk=pk)
    tokens, errors = [], {}
    if request.method == "POST":
        try:
            count = int(request.POST.get("count", "0"))
        except ValueError:
            count = 0
        try:
            tokens = services.create_invitations(
                wave, count=count, purpose=request.POST.get("purpose", "mailing"), by=request.user
            )
        except ValidationError as exc:
            errors = exc.message_dict
    from .notifications import answer_url

    links = [answer_url(wave.pk, t) for t in tokens]
    return render(
        request,
        "surveys/invitations.html",
        {"wave": wave, "links": links, "errors": errors},
        status=400 if errors else 200,
    )


def _area_param(request) -> Area | None:
    value = request.GET.get("area", "")
    if not value or value == "city":
        return None
    kind, _sep, code = value.partition(":")
    if kind not in ("neighborhood", "beat", "district"):
        raise Http404
    return get_object_or_404(Area.objects.defer("geometry"), kind=kind, code=code[:64])


def _results_wave(request, pk: int) -> Wave:
    """A wave whose results the user may read: pulse follow-ups only for staff."""
    waves = Wave.objects.select_related("survey")
    if not permissions.can_view_staff_results(request.user):
        waves = waves.filter(survey__is_pulse=False)
    return get_object_or_404(waves, pk=pk)


def results(request, pk: int):
    """Public results (suppressed-safe); staff also see free-text answers and themes."""
    wave = _results_wave(request, pk)
    area = _area_param(request)
    staff = permissions.can_view_staff_results(request.user)
    res = results_q.wave_results(wave, area, include_text=staff)
    trend = results_q.trend(wave.survey, area)
    areas = Area.objects.filter(kind__in=["neighborhood", "beat", "district"]).defer("geometry")
    return render(
        request,
        "surveys/results.html",
        {
            "wave": wave,
            "area": area,
            "area_value": request.GET.get("area", "city") or "city",
            "res": res,
            "trend": trend,
            "areas": areas,
            "staff": staff,
            "can_manage": permissions.can_manage_surveys(request.user),
        },
    )


def results_chart(request, pk: int):
    wave = _results_wave(request, pk)
    area = _area_param(request)
    rows = results_q.trend(wave.survey, area)
    title = _("Safety and Trust scores by wave, with %(level)s intervals") % {"level": "95%"}
    svg = scores_svg(rows, title, {"safety": _("Safety score"), "trust": _("Trust score")})
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def results_csv(request, pk: int):
    wave = _results_wave(request, pk)
    area = _area_param(request)
    res = results_q.wave_results(wave, area)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{wave.pk}-results.csv"'
    out = csv_writer(response)
    out.writerow(["wave", "area", "measure", "n", "estimate", "ci_low", "ci_high", "weighted"])
    area_name = str(area) if area else "city"
    if res["suppressed"]:
        out.writerow([wave.name, area_name, "suppressed", "", "", "", "", ""])
        return response
    for name, pair in res["scores"].items():
        for kind in ("unweighted", "weighted"):
            est = pair.get(kind)
            if est:
                out.writerow(
                    [
                        wave.name,
                        area_name,
                        f"{name}_score",
                        est["n"],
                        est["estimate"],
                        est["ci_low"],
                        est["ci_high"],
                        kind == "weighted",
                    ]
                )
    for q in res["questions"]:
        est = q.get("mean")
        if est:
            out.writerow(
                [
                    wave.name,
                    area_name,
                    f"mean:{q['code']}",
                    est["n"],
                    est["estimate"],
                    est["ci_low"],
                    est["ci_high"],
                    False,
                ]
            )
        for d in q.get("distribution") or []:
            out.writerow(
                [
                    wave.name,
                    area_name,
                    f"share:{q['code']}={d['value']}",
                    d["count"],
                    round(d["share"], 4),
                    "",
                    "",
                    False,
                ]
            )
    return response


@require_POST
def relabel(request, pk):
    _manager(request)
    answer = get_object_or_404(Answer.objects.select_related("response"), pk=pk)
    services.relabel_answer(
        answer,
        theme=request.POST.get("theme"),
        is_public=request.POST.get("is_public") == "1",
        by=request.user,
    )
    return redirect(
        f"{request.POST.get('back') or '/'}"
        if (request.POST.get("back") or "").startswith("/surveys/")
        else "surveys:list"
    )


def margins(request):
    if not permissions.can_upload_margins(request.user):
        raise PermissionDenied
    errors, stored = {}, None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            text = upload.read(2_000_000).decode("utf-8-sig") if upload else ""
            stored = services.upload_margins(text, by=request.user)
        except UnicodeDecodeError:
            errors = {"file": [_("The file must be UTF-8 CSV.")]}
        except ValidationError as exc:
            errors = exc.message_dict
    return render(
        request,
        "surveys/margins.html",
        {"errors": errors, "stored": stored},
        status=400 if errors else 200,
    )


def methods(request):
    """How the scores, intervals, weighting and suppression are computed, in plain words."""
    return render(
        request,
        "surveys/methods.html",
        {"min_cell": services.min_cell(), "cap": services.weight_cap()},
    )
