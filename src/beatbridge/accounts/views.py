import copy

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from . import permissions, services, throttle
from .forms import (
    ProfileForm,
    SignUpConfirmForm,
    SignUpForm,
    TwoFactorCodeForm,
    VerificationDecisionForm,
    VerificationRequestForm,
)
from .models import Organization, VerificationStatus
from .workspace import account_panels, partner_panels

SIGNUP_LINK_SESSION_KEY = "accounts:signup_link"


def _too_many(request):
    response = render(request, "accounts/too_many_requests.html", status=429)
    response["Retry-After"] = "3600"
    return response


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if throttle.too_many_emails(request, "signup", form.cleaned_data["email"]):
            return _too_many(request)
        services.sign_up(**form.cleaned_data)
        return redirect("accounts:signup_sent")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


def signup_sent(request):
    """The one answer to every sign-up, whether or not the email has an account."""
    return render(request, "accounts/signup_sent.html")


@never_cache
def signup_link(request, token: str):
    """The emailed link: keep its token in the session, then drop it from the address bar."""
    request.session[SIGNUP_LINK_SESSION_KEY] = token
    return redirect("accounts:signup_confirm")


@never_cache
@require_http_methods(["GET", "POST"])
def signup_confirm(request):
    pending = services.pending_signup(request.session.get(SIGNUP_LINK_SESSION_KEY))
    if pending is None:
        return render(request, "accounts/signup_confirm.html", {"invalid": True}, status=400)
    form = SignUpConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.confirm_signup(pending, form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session.pop(SIGNUP_LINK_SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("accounts:profile")
    context = {"form": form, "email": pending.email}
    status = 400 if form.errors else 200
    return render(request, "accounts/signup_confirm.html", context, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with a few requests per client address and per email an hour."""

    def post(self, request, *args, **kwargs):
        if throttle.too_many_emails(request, "password-reset", request.POST.get("email", "")):
            return _too_many(request)
        return super().post(request, *args, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer while sign-in is locked for this email or client address."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"minutes": max(1, seconds // 60)}
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(permissions.landing_url_name(request.user))


class LoginView(auth_views.LoginView):
    """Django's sign-in; without a ``next`` each role lands on its own work."""

    def get_default_redirect_url(self) -> str:
        return reverse(permissions.landing_url_name(self.request.user))


@login_required
def landing(request):
    return redirect(permissions.landing_url_name(request.user))


@login_required
def partner_home(request):
    """A partner organization member's work: referrals, action items, co-hosted meetings."""
    if not permissions.can_view_partner_home(request.user):
        raise PermissionDenied
    organizations = request.user.organizations.all()
    context = {"organizations": organizations, "panels": _rendered(request, partner_panels)}
    return render(request, "accounts/partner_home.html", context)


def _rendered(request, panels) -> list[str]:
    """The panels other apps hand to an accounts page (``workspace``), rendered in order."""
    return [
        mark_safe(render_to_string(p["template"], p["context"], request=request))  # noqa: S308 - our templates, autoescaped
        for p in panels(request)
    ]


def _code_form_response(request, template, form, context, status=None):
    context = {"form": form, "next": _next_url(request), **context}
    if status is None:
        status = 400 if form.errors else 200
    return render(request, template, context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Staff enter the code of their authenticator app before anything staff-only."""
    if not permissions.needs_second_factor(request.user):
        return redirect(_next_url(request))
    if not services.has_confirmed_device(request.user):
        return redirect(f"{reverse('accounts:two_factor_setup')}?{request.GET.urlencode()}")
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_totp_code(request.user, form.cleaned_data["code"])
        except services.CodeRefused as exc:
            form.add_error("code", str(exc))
            status = 429 if exc.throttled else 400
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return _code_form_response(request, "accounts/two_factor.html", form, {}, status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """A staff member without an authenticator app sets one up (once; admins can reset it)."""
    if not permissions.needs_second_factor(request.user):
        return redirect(_next_url(request))
    if services.has_confirmed_device(request.user):
        return redirect(f"{reverse('accounts:two_factor')}?{request.GET.urlencode()}")
    device = services.totp_device_for_enrolment(request.user)
    form = TwoFactorCodeForm(request.POST if request.method == "POST" else None)
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            device = services.check_totp_code(
                request.user, form.cleaned_data["code"], enrolling=True
            )
        except services.CodeRefused as exc:
            form.add_error("code", str(exc))
            status = 429 if exc.throttled else 400
        else:
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_next_url(request))
    uri = device.config_url
    context = {
        "otpauth_uri": uri,
        "secret": services.totp_secret(device),
        # segno writes only <svg> and <path> elements from the URI's bits: safe to inline.
        "qr_svg": mark_safe(segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code"))),  # noqa: S308
    }
    return _code_form_response(request, "accounts/two_factor_setup.html", form, context, status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    # The form edits a copy: the service compares it with the stored user to log changes.
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    verifications = list(request.user.verifications.select_related("neighborhood")[:5])
    pending = next((v for v in verifications if v.status == VerificationStatus.PENDING), None)
    context = {
        "form": form,
        "verifications": verifications,
        "pending_verification": pending,
        "can_request_verification": permissions.can_request_verification(request.user),
        "can_decide": permissions.can_decide_verification(request.user),
        "panels": _rendered(request, account_panels),
    }
    return render(request, "accounts/profile.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def request_verification(request):
    if not permissions.can_request_verification(request.user):
        raise PermissionDenied
    form = VerificationRequestForm(
        request.POST if request.method == "POST" else None,
        initial={"neighborhood": request.user.home_neighborhood},
    )
    if request.method == "POST" and form.is_valid():
        services.request_verification(
            request.user, form.cleaned_data["neighborhood"], form.cleaned_data["evidence"]
        )
        messages.success(request, _("Thanks. An officer will confirm your neighborhood."))
        return redirect("accounts:profile")
    status = 400 if form.errors else 200
    return render(request, "accounts/verification_request.html", {"form": form}, status=status)


@login_required
def verification_queue(request):
    if not permissions.can_list_verifications(request.user):
        raise PermissionDenied
    pending = services.verifications_for(request.user).filter(status=VerificationStatus.PENDING)
    return render(request, "accounts/verification_queue.html", {"pending": pending})


@login_required
@require_http_methods(["POST"])
def decide_verification(request, pk: int):
    if not permissions.can_list_verifications(request.user):
        raise PermissionDenied
    verification = get_object_or_404(services.verifications_for(request.user), pk=pk)
    if not permissions.can_decide_verification(request.user, verification):
        raise PermissionDenied
    form = VerificationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose confirm or decline."))
        return redirect("accounts:verification_queue")
    try:
        services.decide_verification(
            verification,
            confirm=form.cleaned_data["decision"] == "confirm",
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("accounts:verification_queue")


def organization_list(request):
    if not permissions.can_view_organizations(request.user):
        raise PermissionDenied
    organizations = Organization.objects.prefetch_related("neighborhoods")
    return render(request, "accounts/organization_list.html", {"organizations": organizations})


def organization_detail(request, pk: int):
    if not permissions.can_view_organizations(request.user):
        raise PermissionDenied
    organization = get_object_or_404(Organization.objects.prefetch_related("neighborhoods"), pk=pk)
    return render(request, "accounts/organization_detail.html", {"organization": organization})
