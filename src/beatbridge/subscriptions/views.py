"""Pages: the notification settings, the in-app list, email-only subscribe with double
opt-in, and the one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import permissions, services
from .forms import AreaSubscriptionForm, EmailOnlySettingsForm, EmailSubscribeForm, SettingsForm
from .models import Channel, Delivery

SUBSCRIBE_RATE = "10/hour"


def _subscriber(request: HttpRequest):
    if not permissions.can_manage_subscriptions(request.user):
        raise PermissionDenied
    return services.subscriber_for(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    sub = _subscriber(request)
    form = SettingsForm(request.POST or None, instance=sub, prefix="s")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("subscriptions:settings")
    return _render_settings(request, sub, form, AreaSubscriptionForm(subscriber=sub, prefix="a"))


def _render_settings(request, sub, form, add_form, status=200, key: str = "") -> HttpResponse:
    """The settings page; with ``key``, an email-only subscriber's own (by the link in their
    messages), whose forms post back under that link."""
    subscriptions = [
        (
            s,
            AreaSubscriptionForm(
                subscriber=sub, editing=s, initial={"topics": s.topics}, prefix=f"t{s.pk}"
            ),
            reverse("subscriptions:manage_edit_area", args=[key, s.pk])
            if key
            else reverse("subscriptions:edit_area", args=[s.pk]),
        )
        for s in sub.subscriptions.select_related("area")
    ]
    context = {
        "form": form,
        "add_form": add_form,
        "subscriptions": subscriptions,
        "sub": sub,
        "by_link": bool(key),
        "add_action": reverse("subscriptions:manage_add_area", args=[key])
        if key
        else reverse("subscriptions:add_area"),
        "settings_action": _settings_url(key),
        "unsubscribe_action": reverse("subscriptions:unsubscribe", args=[key]) if key else "",
    }
    status = 400 if request.method == "POST" else status
    return render(request, "subscriptions/settings.html", context, status=status)


def _settings_url(key: str = "") -> str:
    return reverse("subscriptions:manage", args=[key]) if key else reverse("subscriptions:settings")


def _add_area(request: HttpRequest, sub, key: str = "") -> HttpResponse:
    """Follow an area (the account's settings page, or an email-only subscriber's link)."""
    add_form = AreaSubscriptionForm(request.POST, subscriber=sub, prefix="a")
    if add_form.is_valid():
        area = add_form.cleaned_data["area"]
        services.set_area_topics(sub, area, add_form.cleaned_data["topics"])
        messages.success(
            request, _("You now follow %(area)s.") % {"area": area or _("the whole city")}
        )
        return redirect(_settings_url(key))
    form_class = EmailOnlySettingsForm if key else SettingsForm
    return _render_settings(request, sub, form_class(instance=sub, prefix="s"), add_form, key=key)


def _edit_area(request: HttpRequest, subscription, key: str = "") -> HttpResponse:
    """Change an area's topics, or stop following it."""
    if "remove" in request.POST:
        subscription.delete()
        messages.success(request, _("Removed."))
        return redirect(_settings_url(key))
    form = AreaSubscriptionForm(
        request.POST,
        subscriber=subscription.subscriber,
        editing=subscription,
        prefix=f"t{subscription.pk}",
    )
    if form.is_valid():
        services.set_area_topics(
            subscription.subscriber, subscription.area, form.cleaned_data["topics"]
        )
        messages.success(request, _("Your topics are saved."))
    else:
        messages.error(request, _("Choose at least one topic, or remove the area."))
    return redirect(_settings_url(key))


@login_required
@require_POST
def add_area(request: HttpRequest) -> HttpResponse:
    return _add_area(request, _subscriber(request))


@login_required
@require_POST
def edit_area(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _subscriber(request)
    subscription = get_object_or_404(sub.subscriptions, pk=pk)
    if not permissions.can_edit_subscription(request.user, subscription):
        raise PermissionDenied
    return _edit_area(request, subscription)


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    sub = _subscriber(request)
    items = Delivery.objects.filter(subscriber=sub, channel=Channel.INAPP)
    if request.method == "POST":
        ids = request.POST.getlist("id")
        try:
            chosen = [int(i) for i in ids] if ids else None
        except ValueError:
            chosen = []
        services.mark_read(request.user, chosen)
        return redirect("subscriptions:notifications")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(request, "subscriptions/notifications.html", {"page": page})


@require_http_methods(["GET", "POST"])
def subscribe_email_page(request: HttpRequest) -> HttpResponse:
    from beatbridge.core import ratelimit

    form = EmailSubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.hit(request, "subscribe-email", SUBSCRIBE_RATE) or ratelimit.hit_value(
            "subscribe-email-address", form.cleaned_data["email"].lower(), "3/hour"
        ):
            # Same answer as success: the page never says whether an address is known.
            return redirect("subscriptions:subscribe_email_sent")
        services.subscribe_email(
            form.cleaned_data["email"],
            form.cleaned_data["area"],
            form.cleaned_data["topics"],
            language=(get_language() or "en")[:2],
        )
        return redirect("subscriptions:subscribe_email_sent")
    status = 400 if request.method == "POST" else 200
    return render(request, "subscriptions/subscribe_email.html", {"form": form}, status=status)


def subscribe_email_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/subscribe_email_sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners follow links; only a person presses it)."""
    if request.method == "POST":
        sub = services.confirm_email(token)
        if sub is None:
            return render(request, "subscriptions/confirm.html", {"invalid": True}, status=400)
        return redirect("subscriptions:confirmed")
    return render(request, "subscriptions/confirm.html", {"invalid": False})


def confirmed(request: HttpRequest) -> HttpResponse:
    return render(request, "subscriptions/confirmed.html")


@csrf_exempt  # RFC 8058: mail clients POST without a session; the key is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, key: str) -> HttpResponse:
    """GET: a page with one button. POST (the button, or a mail client's one-click
    ``List-Unsubscribe=One-Click``): unsubscribe. Idempotent, and the same answer for an
    unknown key."""
    if request.method == "POST":
        services.unsubscribe(key)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(
                _("You are unsubscribed."), content_type="text/plain; charset=utf-8"
            )
        return redirect("subscriptions:unsubscribed")
    return render(request, "subscriptions/unsubscribe.html", {"action": request.path})


# --- Email-only subscribers: their choices, by the link in every message -----------------


def _by_link(key: str):
    """The confirmed email-only subscriber this link belongs to; 404 for any other key (an
    account holder's key, an unknown or unconfirmed one: the same answer)."""
    sub = services.subscriber_by_key(key)
    if not permissions.can_manage_by_link(sub):
        raise Http404
    return sub


@never_cache
@require_http_methods(["GET", "POST"])
def manage_page(request: HttpRequest, key: str) -> HttpResponse:
    sub = _by_link(key)
    form = EmailOnlySettingsForm(request.POST or None, instance=sub, prefix="s")
    if request.method == "POST" and form.is_valid():
        services.save_link_settings(sub, form)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("subscriptions:manage", key=key)
    add_form = AreaSubscriptionForm(subscriber=sub, prefix="a")
    return _render_settings(request, sub, form, add_form, key=key)


@never_cache
@require_POST
def manage_add_area(request: HttpRequest, key: str) -> HttpResponse:
    return _add_area(request, _by_link(key), key=key)


@never_cache
@require_POST
def manage_edit_area(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    subscription = get_object_or_404(_by_link(key).subscriptions, pk=pk)
    return _edit_area(request, subscription, key=key)


def unsubscribed(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "subscriptions/unsubscribed.html",
        {"settings_url": reverse("subscriptions:settings"), "site": settings.SITE_NAME},
    )
