"""Admins read the audit log; every signed-in person downloads or deletes their data."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from beatbridge.core import csv_export

from . import permissions, queries, services
from .forms import AuditFilterForm, DeleteAccountForm


def _audit_entries(request: HttpRequest):
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = queries.audit_entries(form.cleaned_data if form.is_valid() else {})
    return form, entries


@require_GET
@never_cache
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _audit_entries(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "privacy/audit.html", context, status=400 if form.errors else 200)


@require_GET
@never_cache
def audit_csv(request: HttpRequest) -> HttpResponse:
    form, entries = _audit_entries(request)
    if form.errors:
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    writer = csv_export.writer(response)
    writer.writerow(["time", "who", "verb", "read", "object type", "object id", "detail"])
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(queries.audit_row(entry))
    return response


@login_required
@require_GET
@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    context = {
        "can_delete": permissions.can_delete_own_account(request.user),
        "form": DeleteAccountForm(),
    }
    return render(request, "privacy/my_data.html", context)


@login_required
@require_GET
@never_cache
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = services.export_my_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    name = f"beatbridge-my-data-{dt.date.today():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def delete_account(request: HttpRequest) -> HttpResponse:
    if not permissions.can_delete_own_account(request.user):
        raise PermissionDenied
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            for message in exc.message_dict.get("password", []):
                form.add_error("password", message)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted."))
            return redirect("web:home")
    status = 400 if form.errors else 200
    return render(request, "privacy/delete_account.html", {"form": form}, status=status)
