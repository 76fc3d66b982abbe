"""Concern pages: report, track, browse, and the officers' triage queue.

Views fetch with permission (permissions.py), call a verb (services.py) and respond.
"""

from __future__ import annotations

import datetime as dt
import secrets
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from beatbridge.accounts.activity import record_read
from beatbridge.accounts.models import User
from beatbridge.areas.locator import validate_lon_lat
from beatbridge.core.memo import Memo

from . import links, permissions, ratelimit, services, triage
from .forms import (
    ConcernForm,
    FixedCheckForm,
    NoteForm,
    PublicFilterForm,
    ReopenForm,
    ReplyForm,
    StatusActionForm,
    TrackingTokenForm,
    TriageFilterForm,
    apply_errors,
)
from .geo import geocode, public_point
from .idempotency import (
    IdempotencyConflict,
    form_fingerprint,
    form_token,
    idempotent,
    lookup,
    refresh_form_token,
)
from .models import Category, CloseReason, Concern, ConcernStatus, UpdateKind
from .models.concerns import OPEN_STATUSES


def render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context.setdefault("status_labels", ConcernStatus.choices)
    return django_render(request, template, context, status=status)


SUPPORTER_SESSION_KEY = "concerns_supporter_key"
WEB_SCOPE = "web:concern"


def supporter_key(request: HttpRequest, create: bool = False) -> str:
    """A random key in the visitor's session: lets a visitor without an account +1 once."""
    key = request.session.get(SUPPORTER_SESSION_KEY, "")
    if not key and create:
        key = secrets.token_urlsafe(24)
        request.session[SUPPORTER_SESSION_KEY] = key
    return key


def _suggestions(data: Any, viewer: Any = None) -> tuple[list, str]:
    """Nearby open concerns for the category and place in ``data`` (a QueryDict), at the
    distances ``viewer`` may know (see services.nearby_open_concerns)."""
    pk = services.as_id(data.get("category"))
    category = Category.objects.filter(pk=pk, is_active=True).first() if pk else None
    if category is None:
        return [], ""
    try:
        lat, lon = float(data.get("lat", "")), float(data.get("lon", ""))
    except (TypeError, ValueError):
        found = geocode(str(data.get("address", ""))[:300])
        if found is None:
            return [], ""
        lon, lat = found
    try:
        validate_lon_lat(lon, lat)
    except ValueError:
        return [], ""
    return services.nearby_open_concerns(category, lon, lat, viewer=viewer), category.name


# ---------------------------------------------------------------------------------------
# Reporting


def _form_context(form: ConcernForm, **extra: Any) -> dict:
    categories = list(Category.objects.filter(is_active=True))
    questions: dict[str, dict] = {}  # one input per question code, shown for its categories
    for category in categories:
        for question in category.attributes or []:
            if not isinstance(question, dict) or not question.get("code"):
                continue
            entry = questions.setdefault(question["code"], {"q": question, "categories": []})
            entry["categories"].append(category.pk)
    posted = form.data if form.is_bound else form.initial
    for entry in questions.values():
        entry["categories_attr"] = " ".join(str(pk) for pk in entry["categories"])
        entry["value"] = posted.get(f"attr_{entry['q']['code']}", "")
    return {
        "form": form,
        "anonymous_categories": " ".join(str(c.pk) for c in categories if c.allows_anonymous),
        "questions": list(questions.values()),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        initial = {k: request.GET[k] for k in ("category", "address") if k in request.GET}
        return render(
            request,
            "concerns/concern_form.html",
            _form_context(ConcernForm(user=request.user, initial=initial)),
        )
    if "check_similar" in request.POST:  # the no-JavaScript "check for similar reports"
        suggestions, category_name = _suggestions(request.POST, request.user)
        form = ConcernForm(initial=request.POST.dict(), user=request.user)
        return render(
            request,
            "concerns/concern_form.html",
            _form_context(form, suggestions=suggestions, checked=True, category_name=category_name),
        )
    form = ConcernForm(request.POST, request.FILES, user=request.user)
    token = form_token(form)
    if token is None:  # not a token we generated: the form comes back with a fresh one
        return render(request, "concerns/concern_form.html", _form_context(form), status=400)
    fingerprint = form_fingerprint(request)
    try:
        earlier = lookup(WEB_SCOPE, token, request_hash=fingerprint)
    except IdempotencyConflict:
        return _sent_with_other_content(request, form)
    if earlier is not None:  # a double-click or a retry: show the concern we already have
        return _submitted_page(request, earlier.body["id"])
    if not form.is_valid():
        return render(request, "concerns/concern_form.html", _form_context(form), status=400)
    if not request.user.is_authenticated:
        retry_after = ratelimit.hit(request, "concern-submit")
        if retry_after:
            form.add_error(
                None,
                _("Too many reports from this connection. Please try again in %(m)d minutes.")
                % {"m": max(1, retry_after // 60)},
            )
            response = render(
                request, "concerns/concern_form.html", _form_context(form), status=429
            )
            response["Retry-After"] = str(retry_after)
            return response
    data = form.cleaned_data

    def create() -> tuple[int, dict]:
        concern = services.submit_concern(
            category=data["category"],
            description=data["description"],
            lon=data["lon"],
            lat=data["lat"],
            address=data["address"],
            by=request.user,
            anonymous=data["anonymous"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            contact_preference=data["contact_preference"],
            photos=data["photos"],
            attributes={
                k.removeprefix("attr_"): v
                for k, v in request.POST.items()
                if k.startswith("attr_") and v
            },
            source="web",
        )
        return 201, {"id": concern.pk, "token": concern.tracking_token}

    try:
        result = idempotent(
            WEB_SCOPE,
            token,
            create,
            request_hash=fingerprint,
            object_id=lambda body: body["id"],
            stored_body=lambda body: {"id": body["id"]},  # never the tracking token
        )
    except IdempotencyConflict:
        return _sent_with_other_content(request, form)
    except ValidationError as exc:
        form.apply_errors(exc)
        return render(request, "concerns/concern_form.html", _form_context(form), status=400)
    return _submitted_page(request, result.body["id"])


def _sent_with_other_content(request: HttpRequest, form: ConcernForm) -> HttpResponse:
    """The form's token was already used for another report (e.g. Back, edit, send): 422."""
    refresh_form_token(form)
    form.add_error(
        None,
        _("This form was already sent with other content. Please check it and send it again."),
    )
    return render(request, "concerns/concern_form.html", _form_context(form), status=422)


@require_GET
def similar_fragment(request: HttpRequest) -> HttpResponse:
    """HTML fragment of similar open concerns, fetched as the form's category/place change."""
    suggestions, category_name = _suggestions(request.GET, request.user)
    return render(
        request,
        "concerns/_similar.html",
        {"suggestions": suggestions, "category_name": category_name, "checked": True},
    )


# ---------------------------------------------------------------------------------------
# The submitter's tracking pages
#
# The token comes by POST: from the link's #fragment (links.py, filled in by
# concerns/secret-links.js) or pasted into the form, then from a hidden field of each form on
# the page. No URL we generate holds it; old links with the token in the path still open.
# Every answer is no-store with a strict-origin referrer policy and marked as logged (Django's
# request logger never writes its path), and every look-up counts one try per client against
# links.TRACKING_ATTEMPTS_RATE, right or wrong, so guessing tokens is answered with 429.


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "strict-origin"
    response._has_been_logged = True  # keep tokens in old links out of django.request's log
    return response


def _open_form_page(
    request: HttpRequest,
    form: TrackingTokenForm | None = None,
    *,
    page: str = "track",
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    """The form a secret link (or a pasted one) opens a tracking page through."""
    context = {
        "form": form or TrackingTokenForm(),
        "action": reverse(links.TRACKING_PAGES[page]),
        "page": page,
        "page_error": error,
    }
    return _private(render(request, "concerns/track_open.html", context, status=status))


def _concern_for(
    request: HttpRequest, token: str, *, page: str = "track", unknown_status: int = 400
) -> Concern | HttpResponse:
    """The concern ``token`` opens, or the response to give instead (429, or the form again)."""
    retry_after = ratelimit.hit(request, "concern-track", links.TRACKING_ATTEMPTS_RATE)
    if retry_after:
        error = _("Too many tries. Please wait an hour and try again.")
        response = _open_form_page(request, page=page, status=429, error=error)
        response["Retry-After"] = str(retry_after)
        return response
    form = TrackingTokenForm({"token": token})
    concern = None
    if form.is_valid():
        concern = (
            Concern.objects.select_related("category", "neighborhood", "beat")
            .filter(tracking_token=form.cleaned_data["token"])
            .first()
        )
        if concern is None:
            form.add_error("token", _("No concern matches this link. Check that it is complete."))
    return concern or _open_form_page(request, form, page=page, status=unknown_status)


def _track_context(request: HttpRequest, concern: Concern, **forms: Any) -> dict:
    updates = concern.updates.filter(
        Q(is_public=True) | Q(kind=UpdateKind.SUBMITTER_REPLY)
    ).select_related("author")
    return {
        "concern": concern,
        "token": concern.tracking_token,
        "updates": updates,
        "photos": concern.photos.all(),
        "reply_form": forms.get("reply_form") or ReplyForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "can_reopen": permissions.can_reopen(request.user, concern, holds_tracking_link=True),
        "fixed_form": forms.get("fixed_form") or FixedCheckForm(),
        "can_answer_fixed": services.can_answer_fixed_check(concern),
    }


def _track_page(
    request: HttpRequest, concern: Concern, *, status: int = 200, notice: str = "", **forms: Any
) -> HttpResponse:
    context = _track_context(request, concern, **forms)
    context["notice"] = notice
    return _private(render(request, "concerns/track.html", context, status=status))


def _submitted_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The thank-you page with the private link, as the answer to the report form's POST."""
    concern = Concern.objects.select_related("category", "neighborhood", "beat").get(pk=pk)
    return _submitted(request, concern)


def _submitted(request: HttpRequest, concern: Concern) -> HttpResponse:
    link = request.build_absolute_uri(links.tracking_path(concern.tracking_token))
    context = {"concern": concern, "token": concern.tracking_token, "tracking_link": link}
    return _private(render(request, "concerns/submitted.html", context))


@require_GET
def submitted_link(request: HttpRequest, token: str) -> HttpResponse:
    """Old ``/concerns/track/<token>/submitted/`` links."""
    found = _concern_for(request, token, unknown_status=404)
    return found if isinstance(found, HttpResponse) else _submitted(request, found)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """GET: the form (a secret link fills it from its #fragment); POST token: the page."""
    if request.method == "GET":
        return _open_form_page(request)
    form = TrackingTokenForm(request.POST)
    if not form.is_valid():
        return _open_form_page(request, form, status=400)
    found = _concern_for(request, form.cleaned_data["token"])
    return found if isinstance(found, HttpResponse) else _track_page(request, found)


@require_GET
def track_link(request: HttpRequest, token: str) -> HttpResponse:
    """Old ``/concerns/track/<token>/`` links, mailed before the token moved to the fragment."""
    found = _concern_for(request, token, unknown_status=404)
    return found if isinstance(found, HttpResponse) else _track_page(request, found)


def _posted_concern(request: HttpRequest, token: str | None, page: str = "track") -> Any:
    if token is None:  # the new forms: the token in a hidden field
        return _concern_for(request, request.POST.get("token", ""), page=page)
    return _concern_for(request, token, page=page, unknown_status=404)  # an old page's form


@require_POST
def track_reply(request: HttpRequest, token: str | None = None) -> HttpResponse:
    concern = _posted_concern(request, token)
    if isinstance(concern, HttpResponse):
        return concern
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_as_submitter(
                concern, text=form.cleaned_data["text"], holds_tracking_link=True
            )
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            return _track_page(request, concern, notice=_("Your reply was sent to the officers."))
    return _track_page(request, concern, status=400, reply_form=form)


@require_POST
def track_reopen(request: HttpRequest, token: str | None = None) -> HttpResponse:
    concern = _posted_concern(request, token)
    if isinstance(concern, HttpResponse):
        return concern
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_concern(
                concern, by=request.user, note=form.cleaned_data["note"], holds_tracking_link=True
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            notice = _("The concern is open again. Officers will look at it.")
            return _track_page(request, concern, notice=notice)
    return _track_page(request, concern, status=400, reopen_form=form)


@require_http_methods(["GET", "POST"])
def track_fixed(request: HttpRequest, token: str | None = None) -> HttpResponse:
    """The "is it really fixed?" question: opened like the tracking page, answered with
    ``answer`` set."""
    if token is None and request.method == "GET":
        return _open_form_page(request, page="fixed")
    concern = _posted_concern(request, token, page="fixed")
    if isinstance(concern, HttpResponse):
        return concern
    answering = request.method == "POST" and (token is not None or "answer" in request.POST)
    form = FixedCheckForm(request.POST if answering else None)
    status = 200
    if answering:
        if form.is_valid():
            try:
                services.answer_fixed_check(
                    concern, fixed=form.cleaned_data["fixed"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                notice = _("Thank you. Your answer is on the timeline.")
                return _track_page(request, concern, notice=notice)
        status = 400
    context = {
        "concern": concern,
        "token": concern.tracking_token,
        "form": form,
        "can_answer": services.can_answer_fixed_check(concern),
    }
    return _private(render(request, "concerns/fixed_check.html", context, status=status))


# ---------------------------------------------------------------------------------------
# Public list, map and detail


def _public_filtered(request: HttpRequest) -> tuple[Any, PublicFilterForm]:
    form = PublicFilterForm(request.GET or None)
    qs = Concern.objects.public().select_related("category", "neighborhood")
    status = "open"
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status") or "open"
        if data.get("category"):
            qs = qs.filter(category=data["category"])
        if data.get("neighborhood"):
            qs = qs.filter(neighborhood=data["neighborhood"])
    if status == "open":
        qs = qs.open()
    elif status == "closed":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    return qs, form


def concern_list(request: HttpRequest) -> HttpResponse:
    qs, form = _public_filtered(request)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "concerns/concern_list.html",
        {"page": page, "form": form, "query": query.urlencode()},
    )


def concern_geojson(request: HttpRequest) -> JsonResponse:
    """Public concerns as GeoJSON for the map: category, status and link; no personal data."""
    qs, _form = _public_filtered(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": _rounded(public_point(c, request.user))},
            "properties": {
                "id": c.pk,
                "category": c.category.name,
                "status": c.get_status_display(),
                "created": c.created_at.date().isoformat(),
                "supports": c.support_count,
                "url": reverse("concerns:detail", args=[c.pk]),
            },
        }
        for c in qs[:2000]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


def _rounded(point: tuple[float, float]) -> list[float]:
    return [round(point[0], 5), round(point[1], 5)]


def _visible(request: HttpRequest, pk: int) -> Concern:
    concern = get_object_or_404(
        Concern.objects.select_related("category", "neighborhood", "beat", "duplicate_of"), pk=pk
    )
    if not permissions.can_view(request.user, concern):
        raise Http404
    return concern


def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _visible(request, pk)
    key = supporter_key(request)
    return render(
        request,
        "concerns/concern_detail.html",
        {
            "concern": concern,
            "updates": concern.updates.filter(is_public=True).select_related("author"),
            "photos": concern.photos.all(),
            "can_support": permissions.can_support(request.user, concern),
            "has_supported": permissions.is_supporter(request.user, concern, key),
            "can_reopen": permissions.can_reopen(request.user, concern, supporter_key=key),
            "can_manage": permissions.can_view_internal(request.user, concern),
            "reopen_form": ReopenForm(),
            "point": list(public_point(concern, request.user)),
        },
    )


@require_POST
def concern_support(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _visible(request, pk)
    if not permissions.can_support(request.user, concern):
        raise PermissionDenied
    if not request.user.is_authenticated and ratelimit.hit(request, "concern-support"):
        messages.error(request, _("Too many “me too” from this connection. Try again later."))
        return redirect("concerns:detail", concern.pk)
    added = services.support_concern(
        concern, by=request.user, anonymous_key=supporter_key(request, create=True)
    )
    if added:
        messages.success(request, _("Thank you: your “me too” was counted."))
    else:
        messages.info(request, _("You already said “me too” for this concern."))
    return redirect("concerns:detail", concern.pk)


@require_POST
def concern_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _visible(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.reopen_concern(
                concern,
                by=request.user,
                note=form.cleaned_data["note"],
                supporter_key=supporter_key(request),
            )
            messages.success(request, _("The concern is open again."))
            return redirect("concerns:detail", concern.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Tell us why it needs another look."))
    return redirect("concerns:detail", concern.pk)


# ---------------------------------------------------------------------------------------
# Officers: triage queue and the concern's working page

STATUS_FILTERS = [
    ("open", _("All open")),
    ("", _("All")),
    *ConcernStatus.choices,
]


TRIAGE_COLUMNS = (
    "id",
    "description",
    "status",
    "support_count",
    "created_at",
    "first_response_at",
    "category__name_en",
    "category__name_es",
    "category__response_target_hours",
    "neighborhood__name",
    "beat__code",
    "assigned_to__display_name",
)
TRIAGE_PAGE_SIZE = 50
TRIAGE_COUNT_CAP = 10_000  # rows counted for the queue's page total
OVERDUE_COUNT_CAP = 1_000


def _queue_rows(concerns: list[dict[str, Any]], now: dt.datetime) -> list[dict[str, Any]]:
    """The queue's rows as plain dicts of display strings, computed here in one loop.

    ``concerns`` are ``values(*TRIAGE_COLUMNS)`` rows: building 50 concerns with four related
    objects each cost more than the query. Date formats, ages, labels and names are made
    here once per distinct value, not by template filters per row.
    """
    manage_url = _pk_url("concerns:manage")
    status_labels = {value: str(label) for value, label in ConcernStatus.choices}
    datetime_format = get_format("DATETIME_FORMAT")
    select_label = _("Select concern #%(id)s")
    spanish = (get_language() or "en").startswith("es")
    language = get_language()
    beat_names: dict[str, str] = {}

    def beat_name(code: str | None) -> str:
        if code is None:
            return ""
        if code not in beat_names:
            beat_names[code] = _("Beat %(code)s") % {"code": code}
        return beat_names[code]

    rows = []
    for c in concerns:
        created_iso, created_title = _when(c["created_at"], datetime_format, language)
        category = (c["category__name_es"] if spanish else None) or c["category__name_en"]
        rows.append(
            {
                "pk": c["id"],
                "manage_url": manage_url(c["id"]),
                "select_label": select_label % {"id": c["id"]},
                "category_name": category,
                "description": _truncated(c["description"]),
                "neighborhood_name": c["neighborhood__name"] or "",
                "beat_name": beat_name(c["beat__code"]),
                "status": c["status"],
                "status_label": status_labels.get(c["status"], c["status"]),
                "is_overdue": services.is_late(
                    first_response_at=c["first_response_at"],
                    status=c["status"],
                    created_at=c["created_at"],
                    target_hours=c["category__response_target_hours"],
                    now=now,
                ),
                "created_iso": created_iso,
                "created_title": created_title,
                "age": _age(c["created_at"], now),
                "support_count": c["support_count"],
                "assigned_name": c["assigned_to__display_name"] or "—",
                "has_new_reply": bool(c.get("has_new_reply")),
            }
        )
    return rows


def _truncated(text: str, words: int = 10) -> str:
    """The first words of a description (``truncatewords``), cheaply for short ones."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)  # what Truncator returns for a short text
    return Truncator(text).words(words)


def _age(created: dt.datetime, now: dt.datetime) -> str:
    """``timesince`` to the minute, remembered per minute (rows share ages; it is slow)."""
    minutes = max(0, int((now - created).total_seconds() // 60))
    key = (minutes, now.date(), get_language())
    text = _AGES.get(key)
    if text is None:
        if len(_AGES) > 20_000:
            _AGES.clear()
        text = _AGES[key] = timesince(now - dt.timedelta(minutes=minutes), now)
    return text


_AGES: dict[tuple[int, dt.date, str | None], str] = {}
_WHEN: dict[tuple, tuple[str, str]] = {}


def _when(moment: dt.datetime, fmt: str, language: str | None) -> tuple[str, str]:
    """(ISO 8601, localized) text of a timestamp in the current time zone; remembered, as
    queue pages are reloaded all day and date formatting is slow."""
    key = (moment, fmt, language, timezone.get_current_timezone_name())
    found = _WHEN.get(key)
    if found is None:
        if len(_WHEN) > 20_000:
            _WHEN.clear()
        local = timezone.localtime(moment)
        found = _WHEN[key] = (local.isoformat(), date_format(local, fmt))
    return found


_ROW_HTML = (
    '<tr class="{overdue_class}" id="concern-row-{pk}">'
    '<td data-label="{t_select}"><div><input type="checkbox" name="concern" value="{pk}" '
    'id="select-{pk}" aria-label="{select_label}"></div></td>'
    '<td data-label="{t_concern}"><div><a href="{manage_url}">#{pk} {category_name}</a>'
    '{new_reply_badge}<br><span class="muted">{description}</span></div></td>'
    '<td data-label="{t_place}"><div>{neighborhood_name}{beat}</div></td>'
    '<td data-label="{t_status}"><div><span class="badge status-{status}">{status_label}</span>'
    "{overdue_badge}</div></td>"
    '<td data-label="{t_age}"><div><time datetime="{created_iso}" title="{created_title}">'
    "{age}</time></div></td>"
    '<td data-label="{t_metoo}"><div>{support_count}</div></td>'
    '<td data-label="{t_assigned}"><div>{assigned_name}</div></td></tr>\n'
)


def queue_rows_html(rows: list[dict[str, Any]]) -> str:
    """The table rows of the triage queue, as HTML (every value escaped).

    Written out in Python rather than a template loop: the loop's ~30 nodes a row were
    half of the page's rendering time. The markup is the table's, described in triage.html.
    """
    labels = {
        "t_select": _("Select"),
        "t_concern": _("Concern"),
        "t_place": _("Place"),
        "t_status": _("Status"),
        "t_age": _("Age"),
        "t_metoo": _("Me too"),
        "t_assigned": _("Assigned"),
    }
    labels = {k: escape(str(v)) for k, v in labels.items()}
    overdue = escape(str(_("Overdue")))
    new_reply = escape(str(_("New reply")))
    out = []
    for row in rows:
        values = {
            k: escape(str(v)) for k, v in row.items() if k not in ("is_overdue", "has_new_reply")
        }
        beat = values.pop("beat_name")
        out.append(
            _ROW_HTML.format(
                **labels,
                **values,
                beat=f'<br><span class="muted">{beat}</span>' if beat else "",
                overdue_class="overdue" if row["is_overdue"] else "",
                overdue_badge=f' <span class="badge overdue">{overdue}</span>'
                if row["is_overdue"]
                else "",
                new_reply_badge=f' <span class="badge new-reply">{new_reply}</span>'
                if row.get("has_new_reply")
                else "",
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _pk_url(name: str) -> Any:
    """``reverse(name, args=[pk])`` for many pks at the cost of one ``reverse``."""
    marker = "918273645"
    prefix, suffix = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{prefix}{pk}{suffix}"


def capped_count(qs: Any, cap: int) -> int:
    """How many rows, counting at most ``cap + 1``: a supervisor's queue over every beat can
    hold tens of thousands, and an exact COUNT(*) over them is wasted work."""
    return qs.order_by()[: cap + 1].count()


class CappedPaginator(Paginator):
    """A paginator whose total stops at TRIAGE_COUNT_CAP rows ("page 1 of 200+")."""

    cap = TRIAGE_COUNT_CAP

    def __init__(self, object_list: Any, per_page: int, *, count_from: Any = None) -> None:
        super().__init__(object_list, per_page)
        # Count this queryset instead (the rows' own carries joins a count does not need).
        self.count_from = count_from if count_from is not None else object_list

    @cached_property
    def _counted(self) -> int:
        return capped_count(self.count_from, self.cap)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_view_triage_queue(request.user):
        raise PermissionDenied
    return None


def _apply_triage_filters(qs: Any, data: dict, now: dt.datetime) -> Any:
    status = data.get("status", "open")
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("neighborhood"):
        qs = qs.filter(neighborhood=data["neighborhood"])
    age = data.get("age")
    if age == "older30":
        qs = qs.filter(created_at__lt=now - dt.timedelta(days=30))
    elif age:
        qs = qs.filter(created_at__gte=now - dt.timedelta(days=int(age)))
    return qs


@require_http_methods(["GET", "POST"])
def triage_queue(request: HttpRequest) -> HttpResponse:
    refused = _staff_only(request)
    if refused:
        return refused
    scope = permissions.triage_queryset(request.user)
    if request.method == "POST":
        return _triage_bulk(request, scope)
    now = timezone.now()
    form = TriageFilterForm(
        request.GET or {"status": "open"},
        status_choices=STATUS_FILTERS,
        own_neighborhoods=triage.own_neighborhood_ids(request.user),
    )
    data = form.cleaned_data if form.is_valid() else {"status": "open"}
    qs = _apply_triage_filters(scope, data, now)
    overdue = services.overdue_filter(now)
    if data.get("overdue"):
        qs = qs.filter(overdue)
    # Only the columns the queue shows: the areas' GeoJSON outlines and the categories'
    # questions are large, and decoding them for 50 rows cost more than the query.
    order: list[Any] = ["created_at", "pk"]
    if data.get("sort") == "replies":
        order.insert(0, F("has_new_reply").desc())
    rows = triage.with_new_reply(qs).values(*TRIAGE_COLUMNS, "has_new_reply").order_by(*order)
    page = CappedPaginator(rows, TRIAGE_PAGE_SIZE, count_from=qs).get_page(request.GET.get("page"))
    page.object_list = _queue_rows(list(page.object_list), now)
    rows_html = queue_rows_html(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    overdue_count = capped_count(scope.filter(overdue), OVERDUE_COUNT_CAP)
    return render(
        request,
        "concerns/triage.html",
        {
            "form": form,
            "page": page,
            "overdue_count": min(overdue_count, OVERDUE_COUNT_CAP),
            "overdue_count_capped": overdue_count > OVERDUE_COUNT_CAP,
            "officers": _queue_officers(request.user),
            "rows_html": rows_html,
            "query": query.urlencode(),
            "now": now,
            "replies_first": data.get("sort") == "replies",
        },
    )


def _triage_bulk(request: HttpRequest, scope: Any) -> HttpResponse:
    ids = [i for i in map(services.as_id, request.POST.getlist("concern")) if i]
    chosen = scope.filter(pk__in=ids)
    if request.POST.get("bulk") == "assign":
        officer_id = services.as_id(request.POST.get("officer"))
        officer = User.objects.filter(pk=officer_id).first() if officer_id else None
        if officer is None:
            messages.error(request, _("Choose the officer to assign."))
        else:
            done = services.bulk_assign(chosen, by=request.user, officer=officer)
            messages.success(request, _("%(n)d concerns assigned.") % {"n": done})
    else:
        done = services.bulk_acknowledge(chosen, by=request.user)
        messages.success(request, _("%(n)d concerns acknowledged.") % {"n": done})
    return redirect(request.get_full_path())


#: beats (or "all") -> the officers a queue can assign to; cleared when users or
#: assignments change (apps.py).
officers_memo = Memo("assignable officers")


def _queue_officers(user: Any) -> list[dict[str, Any]]:
    """The officers the queue's bulk "assign to" offers: only what the select shows."""
    key = (
        "all"
        if permissions.triages_every_beat(user)
        else frozenset(permissions.current_beat_ids(user))
    )

    def read() -> list[dict[str, Any]]:
        rows = permissions.assignable_officers(user).values_list("pk", "display_name", "email")
        return [{"pk": pk, "display_name": name, "email": email} for pk, name, email in rows]

    return officers_memo.get(key, read)


def _workable(request: HttpRequest, pk: int) -> Concern:
    concern = get_object_or_404(
        Concern.objects.select_related("category", "neighborhood", "beat", "district"), pk=pk
    )
    if not permissions.can_view_internal(request.user, concern):  # includes can_triage
        raise PermissionDenied
    return concern


ACTIONS = {
    "acknowledge": (ConcernStatus.ACKNOWLEDGED, _("Acknowledge")),
    "start": (ConcernStatus.IN_PROGRESS, _("Start work")),
    "refer": (ConcernStatus.REFERRED, _("Refer")),
    "resolve": (ConcernStatus.RESOLVED, _("Resolve")),
    "close": (ConcernStatus.CLOSED, _("Close")),
    "reject": (ConcernStatus.REJECTED, _("Reject")),
    "duplicate": (ConcernStatus.DUPLICATE, _("Mark as duplicate")),
    "close_unfixed": (ConcernStatus.CLOSED_UNFIXED, _("Close without a fix")),
}


def _manage_context(request: HttpRequest, concern: Concern, **extra: Any) -> dict:
    can_triage = permissions.can_triage(request.user, concern)
    show_contact = permissions.can_view_contact(request.user, concern) and not concern.is_anonymous
    if show_contact and (concern.contact_name or concern.contact_email or concern.contact_phone):
        record_read(request.user, concern, "contact")
    allowed = services.TRANSITIONS.get(concern.status, set())
    officers = (
        permissions.assignable_officers(request.user, concern)
        if can_triage
        else User.objects.none()
    )
    return {
        "concern": concern,
        "updates": concern.updates.select_related("author"),
        "photos": concern.photos.all(),
        "answers": triage.labelled_answers(concern.category, concern.attributes),
        "show_contact": show_contact,
        "can_triage": can_triage,
        "actions": [(name, label) for name, (status, label) in ACTIONS.items() if status in allowed]
        if can_triage
        else [],
        "note_form": extra.get("note_form") or NoteForm(),
        "action_form": extra.get("action_form") or StatusActionForm(),
        "officers": officers,
        "overdue": services.is_overdue(concern),
        "close_reasons": CloseReason.choices,
        "submitter_replies": UpdateKind.SUBMITTER_REPLY,
        "referral_choices": _referral_choices(concern) if can_triage else [],
    }


def _referral_choices(concern: Concern) -> list[tuple[str, list]]:
    """Organizations to refer to: those serving the concern's neighborhood first."""
    from beatbridge.accounts.models import Organization

    orgs = list(Organization.objects.only("pk", "name", "kind"))
    local_ids = (
        set(concern.neighborhood.organizations.values_list("pk", flat=True))
        if concern.neighborhood_id
        else set()
    )
    local = [o for o in orgs if o.pk in local_ids]
    others = [o for o in orgs if o.pk not in local_ids]
    groups = []
    if local:
        groups.append((_("Serving this neighborhood"), local))
    if others:
        groups.append((_("All partners and city agencies") if local else "", others))
    return groups


def concern_manage(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _staff_only(request)
    if refused:
        return refused
    concern = _workable(request, pk)
    return render(request, "concerns/manage.html", _manage_context(request, concern))


def _run_action(request: HttpRequest, concern: Concern, action: str, form: Any) -> Any:
    data = form.cleaned_data
    note, by = data.get("note", ""), request.user
    if action == "acknowledge":
        return services.acknowledge_concern(concern, by=by, note=note)
    if action == "start":
        return services.start_work(concern, by=by, note=note)
    if action == "refer":
        return services.refer_concern(
            concern, by=by, organization=data.get("organization"), note=note
        )
    if action == "resolve":
        return services.resolve_concern(concern, by=by, note=note)
    if action == "close":
        return services.close_concern(concern, by=by, note=note)
    if action == "reject":
        return services.reject_concern(concern, by=by, reason=data.get("reason", ""))
    if action == "duplicate":
        original = services.original_concern(data.get("original"))
        return services.mark_duplicate(concern, by=by, original=original, note=note)
    if action == "close_unfixed":
        return services.close_without_fix(
            concern, by=by, reason=data.get("close_reason", ""), note=note
        )
    if action == "note":
        return services.add_update(
            concern, by=by, text=data.get("text", ""), public=bool(data.get("public"))
        )
    if action == "assign":
        officer = User.objects.filter(pk=services.as_id(request.POST.get("officer")) or 0).first()
        return services.assign_concern(concern, by=by, officer=officer)
    raise Http404


@require_POST
def concern_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    refused = _staff_only(request)
    if refused:
        return refused
    concern = _workable(request, pk)
    if not permissions.can_change_status(request.user, concern):
        raise PermissionDenied
    form: Any = NoteForm(request.POST) if action == "note" else StatusActionForm(request.POST)
    if form.is_valid():
        try:
            _run_action(request, concern, action, form)
            messages.success(request, _("Saved."))
            return redirect("concerns:manage", concern.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
    key = "note_form" if action == "note" else "action_form"
    return render(
        request,
        "concerns/manage.html",
        _manage_context(request, concern, **{key: form}),
        status=400,
    )


def area_section(request: HttpRequest, area: Any) -> dict | None:
    """Area-page section: the neighborhood's recent public concerns."""
    if area.kind != "neighborhood":
        return None
    concerns = list(
        Concern.objects.public()
        .filter(neighborhood=area)
        .select_related("category")
        .order_by("-created_at")[:8]
    )
    return {
        "template": "concerns/area_section.html",
        "context": {"concerns": concerns},
        "order": 30,
    }
