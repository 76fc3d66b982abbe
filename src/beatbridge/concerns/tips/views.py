"""Tip pages: the anonymous tip form, the tipster's conversation, and the officers' inbox.

The tipster's pages never touch the session (no messages framework, no redirects that would
need one) and are sent with ``Cache-Control: no-store`` and ``Referrer-Policy: strict-origin``
(never the path, so a secret link never travels in a Referer header; not ``no-referrer``,
which makes browsers send ``Origin: null`` and fail the CSRF check on the forms).

The code is typed into a form, or comes from the secret link's ``#fragment`` (``/tips/c/#CODE``,
see ``concerns/links.py``): it reaches the server only in POST bodies. Old links with the code
in the path (``/tips/c/<CODE>/``) still open; their responses are marked as already logged, so
Django's request logger never writes them, and every log masks them anyway. Every look-up,
right or wrong, counts one try against ``services.CODE_ATTEMPTS_RATE`` (then 429).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import apply_errors
from ..idempotency import IdempotencyConflict, form_token, refresh_form_token
from ..links import tip_code_path
from ..models import TipMessage
from ..ratelimit import hit
from . import permissions, services
from .forms import (
    CodeForm,
    InboxFilterForm,
    OfficerReplyForm,
    TipForm,
    TipRouteForm,
    TipStatusForm,
    TipsterReplyForm,
)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "strict-origin"
    response._has_been_logged = True  # keep codes out of django.request's log lines
    return response


@require_http_methods(["GET", "POST"])
def tip_new(request: HttpRequest) -> HttpResponse:
    form = TipForm(request.POST or None)
    status = 200
    key = form_token(form) if request.method == "POST" else None
    if key is not None and form.is_valid():
        retry_after = hit(request, "tip")
        if retry_after:
            form.add_error(
                None,
                _(
                    "Too many tips were sent from here in a short time. Please try again in "
                    "%(minutes)s minutes, or call the non-emergency line."
                )
                % {"minutes": max(1, retry_after // 60)},
            )
            response = render(request, "concerns/tips/new.html", {"form": form}, status=429)
            response["Retry-After"] = str(retry_after)
            return _private(response)
        data = form.cleaned_data
        try:
            submitted = services.submit_tip(
                body=data["body"],
                category=data["category"],
                location_text=data["location_text"],
                district=data["district"],
                identify=data["identify"],
                contact=data["contact"],
                by=request.user,
                idempotency_key=key,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except IdempotencyConflict:
            refresh_form_token(form)
            form.add_error(
                None,
                _(
                    "This form was already sent with other content. Please check it and "
                    "send it again."
                ),
            )
            status = 422
        else:
            if submitted.replayed:  # sent twice: the code was on the first answer only
                context = {"tip": submitted.tip}
                return _private(render(request, "concerns/tips/already_received.html", context))
            link = request.build_absolute_uri(tip_code_path(submitted.code))
            context = {"code": submitted.code, "link": link, "tip": submitted.tip}
            return _private(render(request, "concerns/tips/submitted.html", context))
    if form.errors and status == 200:
        status = 400
    return _private(render(request, "concerns/tips/new.html", {"form": form}, status=status))


def _throttled(request: HttpRequest) -> HttpResponse | None:
    """Count one code look-up; the 429 page once there were too many from this client."""
    retry_after = hit(request, "tip-code", services.CODE_ATTEMPTS_RATE)
    if not retry_after:
        return None
    context = {
        "form": CodeForm(),
        "page_error": _("Too many tries. Please wait an hour and try again."),
    }
    response = render(request, "concerns/tips/lookup.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return _private(response)


def _conversation(request: HttpRequest, code: str, reply_form=None, status: int = 200):
    """Render the tipster's view of the tip the code opens (or the code form with an error)."""
    try:
        tip = services.tip_for_code(code)
    except ValidationError as exc:
        form = CodeForm({"code": code})
        form.is_valid()
        apply_errors(form, exc)
        return _private(render(request, "concerns/tips/lookup.html", {"form": form}, status=400))
    canonical = services.normalize_code(code)
    context = {
        "tip": tip,
        "conversation": services.tipster_conversation(tip),
        "reply_form": reply_form or TipsterReplyForm(initial={"code": canonical}),
        "can_reply": permissions.can_tipster_reply(tip),
    }
    return _private(render(request, "concerns/tips/conversation.html", context, status=status))


@require_http_methods(["GET", "POST"])
def tip_lookup(request: HttpRequest) -> HttpResponse:
    """Type the code (POST keeps it out of URLs and logs); also where the tipster replies."""
    if request.method == "GET":
        return _private(render(request, "concerns/tips/lookup.html", {"form": CodeForm()}))
    throttled = _throttled(request)  # before a reply is written, so a guess cannot reply
    if throttled:
        return throttled
    if "body" in request.POST:
        form = TipsterReplyForm(request.POST)
        if form.is_valid():
            try:
                services.reply_as_tipster(form.cleaned_data["code"], form.cleaned_data["body"])
            except ValidationError as exc:
                if "code" in exc.message_dict:
                    return _conversation(request, request.POST.get("code", ""))
                apply_errors(form, exc)
                return _conversation(request, form.cleaned_data["code"], form, status=400)
            # POST → redirect → GET: a refresh must not post the reply again. The code goes
            # back in the fragment (never a path); the page script posts it as on any link,
            # and the conversation shows the message. No flash message: it would set a cookie.
            code = services.normalize_code(form.cleaned_data["code"])
            response = HttpResponse(status=303)
            response["Location"] = tip_code_path(code)
            return _private(response)
        return _conversation(request, request.POST.get("code", ""), form, status=400)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "concerns/tips/lookup.html", {"form": form}, status=400))
    return _conversation(request, form.cleaned_data["code"])


@require_http_methods(["GET"])
def tip_code_link(request: HttpRequest, code: str) -> HttpResponse:
    """Old secret links with the code in the path, from before it moved to the #fragment."""
    return _throttled(request) or _conversation(request, code)


#: Characters of the latest message the inbox shows, and how many it reads to cut them from.
PREVIEW_CHARS = 90
PREVIEW_READ = PREVIEW_CHARS + 10


def _inbox_or_403(request: HttpRequest) -> None:
    if not permissions.can_use_tip_inbox(request.user):
        raise PermissionDenied


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _inbox_or_403(request)
    form = InboxFilterForm(request.GET or None)
    tips = (
        permissions.visible_tips(request.user)
        .select_related("category", "district", "beat")
        .annotate(
            message_count=Count("messages"),
            tipster_messages=Count("messages", filter=Q(messages__from_tipster=True)),
            last_from_tipster=Subquery(
                TipMessage.objects.filter(tip=OuterRef("pk"))
                .order_by("-sent_hour", "-pk")
                .values("from_tipster")[:1]
            ),
            # The start of the latest message (the tip itself before any): only the message
            # text, never the tipster's contact details, and never more than the preview.
            latest_preview=Coalesce(
                Subquery(
                    TipMessage.objects.filter(tip=OuterRef("pk"))
                    .order_by("-sent_hour", "-pk")
                    .annotate(start=Substr("body", 1, PREVIEW_READ))
                    .values("start")[:1]
                ),
                Substr("body", 1, PREVIEW_READ),
            ),
        )
        .defer("body", "contact", "location_text")
    )
    wanted = form.cleaned_data.get("status") if form.is_valid() else ""
    if wanted == "":
        tips = tips.exclude(status="closed")
    elif wanted != "all":
        tips = tips.filter(status=wanted)
    shown = list(tips[:200])
    # The inbox shows the start of each tip's latest message: the audit entry of this read
    # (privacy.audit) names the tips it showed.
    request.audited_ids = [t.pk for t in shown]
    context = {
        "form": form,
        "tips": shown,
        "preview_chars": PREVIEW_CHARS,
        "is_supervisor": permissions.is_tip_supervisor(request.user),
    }
    return render(request, "concerns/tips/inbox.html", context, status=400 if form.errors else 200)


def _visible_tip(request: HttpRequest, pk: int):
    _inbox_or_403(request)
    return get_object_or_404(
        permissions.visible_tips(request.user).select_related("category", "district", "beat"),
        pk=pk,
    )


@login_required
def tip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tip = services.read_tip(_visible_tip(request, pk), by=request.user)
    context = {
        "tip": tip,
        "conversation": tip.messages.select_related("author"),
        "reply_form": OfficerReplyForm(),
        "status_form": TipStatusForm(initial={"status": tip.status}),
        "route_form": TipRouteForm(initial={"district": tip.district_id}),
        "can_route": permissions.can_route_tip(request.user, tip),
        "awaiting_reply": services.awaiting_reply(tip),
        "audit": (
            services.tip_audit_trail(tip, by=request.user)
            if permissions.can_view_tip_audit(request.user, tip)
            else None
        ),
    }
    response = render(request, "concerns/tips/detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def tip_reply(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _visible_tip(request, pk)
    form = OfficerReplyForm(request.POST)
    if form.is_valid():
        try:
            services.reply_to_tip(tip, form.cleaned_data["body"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your message was sent to the tipster."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect("tips:detail", pk=tip.pk)


@login_required
@require_POST
def tip_status(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _visible_tip(request, pk)
    form = TipStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("tips:detail", pk=tip.pk)
    services.change_tip_status(tip, form.cleaned_data["status"], by=request.user)
    messages.success(request, _("Status saved."))
    return redirect("tips:detail", pk=tip.pk)


@login_required
@require_POST
def tip_route(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _visible_tip(request, pk)
    form = TipRouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a district."))
        return redirect("tips:detail", pk=tip.pk)
    services.route_tip(tip, form.cleaned_data["district"], by=request.user)
    messages.success(request, _("The tip was routed."))
    if permissions.can_view_tip(request.user, tip):
        return redirect("tips:detail", pk=tip.pk)
    return redirect("tips:inbox")
