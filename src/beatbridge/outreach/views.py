"""Outreach pages: announcements (list, page, post, edit, withdraw, share), the resource
library, workshop requests and an officer's public card."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beatbridge.accounts.models import ActivityEntry
from beatbridge.areas.models import Area, AreaKind

from . import feeds, forms, permissions, search, services, share
from .models import Announcement, AnnouncementCategory, Resource, WorkshopRequest


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _visible_announcement(request, pk: int) -> Announcement:
    announcement = get_object_or_404(
        Announcement.objects.select_related("author", "organization").prefetch_related("areas"),
        pk=pk,
    )
    if not permissions.can_view_announcement(request.user, announcement):
        raise Http404
    return announcement


# ------------------------------------------------------------------ announcements


def announcement_list(request):
    category = request.GET.get("category", "")
    qs = Announcement.objects.live().select_related("author", "organization")
    if category in AnnouncementCategory.values:
        qs = qs.filter(category=category)
    else:
        category = ""
    page = Paginator(qs.prefetch_related("areas"), 20).get_page(request.GET.get("page"))
    links = feeds.feed_links()
    if category:
        links.insert(
            0,
            {
                "title": _("%(category)s (Atom)")
                % {"category": AnnouncementCategory(category).label},
                "url": reverse("outreach:feed_category", args=[category]),
                "type": "application/atom+xml",
            },
        )
    context = {
        "page": page,
        "category": category,
        "categories": AnnouncementCategory.choices,
        "feeds": links,
        "can_post": permissions.can_post_announcements(request.user),
    }
    return render(request, "outreach/announcement_list.html", context)


def announcement_detail(request, pk: int, edit_form=None, status: int = 200):
    announcement = _visible_announcement(request, pk)
    user = request.user
    can_edit = permissions.can_edit_announcement(user, announcement)
    activity = []
    if permissions.can_view_activity(user, announcement):
        from django.contrib.contenttypes.models import ContentType

        activity = ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Announcement),
            target_id=str(announcement.pk),
        ).select_related("actor")[:20]
    if can_edit and edit_form is None:
        edit_form = forms.AnnouncementEditForm(
            initial={
                "title": announcement.title,
                "body": announcement.body,
                "expires_at": announcement.expires_at,
            }
        )
    areas = list(announcement.areas.all())
    context = {
        "announcement": announcement,
        "areas": areas,
        "can_edit": can_edit and announcement.status == "published",
        "edit_form": edit_form,
        "activity": activity,
        "share": share.announcement_text(announcement),
        "feeds": feeds.feed_links(areas[0] if len(areas) == 1 else None),
    }
    return render(request, "outreach/announcement_detail.html", context, status=status)


@login_required
def announcement_new(request):
    user = request.user
    if not permissions.can_post_announcements(user):
        raise PermissionDenied
    kwargs = {
        "areas": permissions.postable_areas(user),
        "organizations": permissions.partner_organizations(user),
        "citywide": permissions.can_post_citywide(user),
    }
    if request.method == "POST":
        form = forms.AnnouncementForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                announcement = services.post_announcement(
                    by=user,
                    title=data["title"],
                    body=data["body"],
                    category=data["category"],
                    is_urgent=data["is_urgent"],
                    areas=list(data["areas"]),
                    is_citywide=data.get("is_citywide", False),
                    organization=data.get("organization"),
                    expires_at=data["expires_at"],
                    image=data["image"],
                    image_alt=data["image_alt"],
                )
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    exc = ValidationError(str(exc))
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your announcement is published."))
                return redirect(announcement)
        return render(request, "outreach/announcement_form.html", {"form": form}, status=400)
    initial = {}
    if request.GET.get("area", "").isdigit():
        initial["areas"] = [int(request.GET["area"][:18])]
    form = forms.AnnouncementForm(initial=initial, **kwargs)
    return render(request, "outreach/announcement_form.html", {"form": form})


@require_POST
def announcement_edit(request, pk: int):
    announcement = _visible_announcement(request, pk)
    if not permissions.can_edit_announcement(request.user, announcement):
        raise PermissionDenied
    form = forms.AnnouncementEditForm(request.POST)
    if form.is_valid():
        try:
            services.edit_announcement(announcement, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The announcement is updated."))
            return redirect(announcement)
    return announcement_detail(request, pk, edit_form=form, status=400)


@require_POST
def announcement_withdraw(request, pk: int):
    announcement = _visible_announcement(request, pk)
    if not permissions.can_edit_announcement(request.user, announcement):
        raise PermissionDenied
    services.withdraw_announcement(
        announcement, by=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The announcement is withdrawn."))
    return redirect("outreach:announcements")


def _png(request, body_factory, etag_source: str) -> HttpResponse:
    etag = '"' + hashlib.sha256(etag_source.encode()).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body_factory(), content_type="image/png")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    return response


def announcement_card(request, pk: int):
    announcement = _visible_announcement(request, pk)
    source = f"{announcement.uuid}:{announcement.updated_at.isoformat()}:{get_language()}"
    return _png(request, lambda: share.announcement_card(announcement), source)


def _stats_area(kind: str, code: str) -> Area:
    from beatbridge.data import stats

    if kind not in AreaKind.values:
        raise Http404
    area = get_object_or_404(Area.objects.defer("geometry"), kind=kind, code=code)
    if not stats.supports(area):
        raise Http404
    return area


def area_share(request, kind: str, code: str):
    area = _stats_area(kind, code)
    summary = share.monthly_summary(area)
    context = {"area": area, "summary": summary, "feeds": feeds.feed_links(area)}
    return render(request, "outreach/area_share.html", context)


def area_card(request, kind: str, code: str):
    from beatbridge.data import stats

    area = _stats_area(kind, code)
    summary = share.monthly_summary(area)
    source = f"{area.pk}:{summary['month']}:{stats.current_version()}:{get_language()}"
    return _png(request, lambda: share.summary_card(summary), source)


# ------------------------------------------------------------------ resource library


def resource_list(request):
    form = forms.ResourceSearchForm(request.GET or None)
    qs = Resource.objects.filter(is_published=True)
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"]
        for term in search.terms(query):
            qs = qs.filter(search_text__contains=term)
        if data["language"]:
            qs = qs.filter(language=data["language"])
        if data["topic"]:
            # JSON "contains" is not on SQLite: match the quoted code in the stored list.
            qs = qs.filter(topics__icontains=f'"{data["topic"]}"')
    page = Paginator(qs.order_by("title"), 30).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "can_manage": permissions.can_manage_resources(request.user),
    }
    return render(request, "outreach/resource_list.html", context)


def resource_detail(request, slug: str):
    resource = get_object_or_404(Resource, slug=slug, is_published=True)
    others = (
        Resource.objects.filter(is_published=True)
        .filter(
            Q(translation_of=resource)
            | Q(pk=resource.translation_of_id)
            | Q(translation_of_id=resource.translation_of_id, translation_of__isnull=False)
        )
        .exclude(pk=resource.pk)
    )
    return render(
        request, "outreach/resource_detail.html", {"resource": resource, "translations": others}
    )


def resource_download(request, slug: str):
    resource = get_object_or_404(Resource, slug=slug, is_published=True)
    if not resource.file:
        raise Http404
    extension = resource.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        resource.file.open("rb"),
        content_type=resource.file_content_type or "application/octet-stream",
        as_attachment=True,
        filename=f"{resource.slug}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
def resource_new(request):
    if not permissions.can_manage_resources(request.user):
        raise PermissionDenied
    form = forms.ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                resource = services.add_resource(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The resource is in the library."))
                return redirect(resource)
        return render(request, "outreach/resource_form.html", {"form": form}, status=400)
    return render(request, "outreach/resource_form.html", {"form": form})


# ------------------------------------------------------------------ workshop requests


def workshop_request(request, code: str):
    area = get_object_or_404(Area.objects.defer("geometry"), kind="neighborhood", code=code)
    if not permissions.can_request_workshop(request.user):
        return redirect(f"{_login_url()}?next={request.path}")
    form = forms.WorkshopRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_workshop(by=request.user, area=area, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(
                    request, _("Thank you: your request is with the neighborhood's officers.")
                )
                return redirect("areas:detail", area.kind, area.code)
        return render(
            request, "outreach/workshop_request.html", {"form": form, "area": area}, status=400
        )
    return render(request, "outreach/workshop_request.html", {"form": form, "area": area})


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


def workshop_requests(request):
    if not permissions.can_view_workshop_requests(request.user):
        raise PermissionDenied
    from .queries import workshop_request_counts

    open_requests = WorkshopRequest.objects.filter(status="open").select_related("area")
    context = {"counts": workshop_request_counts(), "requests": open_requests[:200]}
    return render(request, "outreach/workshop_requests.html", context)


@require_POST
def workshop_request_decide(request, pk: int):
    if not permissions.can_view_workshop_requests(request.user):
        raise PermissionDenied
    found = get_object_or_404(WorkshopRequest, pk=pk)
    try:
        services.decide_workshop_request(
            found, by=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The workshop request is updated."))
    return redirect("outreach:workshop_requests")


# ------------------------------------------------------------------ officer card


@login_required
def officer_profile(request):
    officer = request.user
    if not permissions.can_edit_officer_profile(request.user, officer):
        raise PermissionDenied
    profile = getattr(officer, "officer_profile", None)
    initial = {}
    if profile:
        initial = {
            "languages": profile.languages,
            "public_email": profile.public_email,
            "public_phone": profile.public_phone,
            "about": profile.about,
        }
    form = forms.OfficerProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_officer_profile(officer, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Your officer card is updated."))
                return redirect("outreach:officer_profile")
        status = 400
    else:
        status = 200
    context = {"form": form, "profile": profile}
    return render(request, "outreach/officer_profile.html", context, status=status)


def officer_photo(request, pk: int):
    from .models import OfficerProfile

    profile = get_object_or_404(OfficerProfile, user_id=pk)
    if not profile.photo:
        raise Http404
    response = FileResponse(profile.photo.open("rb"), content_type=_image_type(profile.photo.name))
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def announcement_image(request, pk: int):
    announcement = _visible_announcement(request, pk)
    if not announcement.image:
        raise Http404
    response = FileResponse(
        announcement.image.open("rb"), content_type=_image_type(announcement.image.name)
    )
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _image_type(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "webp": "image/webp"}.get(ext, "image/jpeg")
