import copy

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import permissions, services
from .forms import ProfileForm, SignUpForm, VerificationDecisionForm, VerificationRequestForm
from .models import NeighborhoodVerification, Organization, VerificationStatus


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_resident(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("accounts:profile")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


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
    context = {
        "form": form,
        "verifications": request.user.verifications.select_related("neighborhood")[:5],
        "can_request_verification": permissions.can_request_verification(request.user),
        "can_decide": permissions.can_decide_verification(request.user),
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
    pending = NeighborhoodVerification.objects.filter(
        status=VerificationStatus.PENDING
    ).select_related("user", "neighborhood")
    return render(request, "accounts/verification_queue.html", {"pending": pending})


@login_required
@require_http_methods(["POST"])
def decide_verification(request, pk: int):
    verification = get_object_or_404(NeighborhoodVerification, pk=pk)
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
