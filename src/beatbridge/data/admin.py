"""Admin: offense categories, imported records, engagement, and the import upload form."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from beatbridge.accounts.activity import record_read

from . import permissions, services
from .forms import ImportUploadForm
from .mapping import MappingError, load_mapping, shipped_mappings
from .models import (
    EnforcementAction,
    EngagementActivity,
    ImportRun,
    Incident,
    OffenseCategory,
)


@admin.register(OffenseCategory)
class OffenseCategoryAdmin(admin.ModelAdmin):
    """Marking a category sensitive (here or with the list actions) withdraws its incidents
    from every public output at once (:func:`services.set_category_sensitive`)."""

    list_display = ["code", "name_en", "name_es", "group", "parent", "is_minor", "is_sensitive"]
    list_filter = ["group", "is_minor", "is_sensitive", "is_local"]
    search_fields = ["code", "name_en", "name_es"]
    actions = ["mark_sensitive", "mark_not_sensitive"]

    def save_model(self, request, obj, form, change) -> None:
        with transaction.atomic():
            if change and "is_sensitive" in form.changed_data:
                services.set_category_sensitive(obj, obj.is_sensitive, by=request.user)
            super().save_model(request, obj, form, change)

    def _set_sensitive(self, request, queryset, sensitive: bool) -> None:
        try:
            with transaction.atomic():
                for category in queryset:
                    services.set_category_sensitive(category, sensitive, by=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, _("Categories changed: %(n)s.") % {"n": len(queryset)})

    @admin.action(description=_("Mark sensitive (counts only, never mapped or listed)"))
    def mark_sensitive(self, request, queryset) -> None:
        self._set_sensitive(request, queryset, True)

    @admin.action(description=_("Mark not sensitive (mapped and listed in public)"))
    def mark_not_sensitive(self, request, queryset) -> None:
        self._set_sensitive(request, queryset, False)


class ExactLocationAdmin(admin.ModelAdmin):
    """Records with exact locations: lists show only generalized data; opening one is audited."""

    list_display = ["occurred_at", "category", "beat", "neighborhood", "source"]
    list_filter = ["source", "category"]
    list_select_related = ["category", "beat", "neighborhood"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.can_view_exact_locations(request.user) and super().has_view_permission(
            request, obj
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            record_read(request.user, obj, "exact location (admin)")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Incident)
class IncidentAdmin(ExactLocationAdmin):
    pass


@admin.register(EnforcementAction)
class EnforcementActionAdmin(ExactLocationAdmin):
    list_display = ["occurred_at", "kind", "category", "is_minor", "beat", "is_synthetic"]
    list_filter = ["kind", "is_minor", "is_synthetic", "source"]


@admin.register(EngagementActivity)
class EngagementActivityAdmin(admin.ModelAdmin):
    list_display = ["started_at", "officer", "kind", "minutes", "area"]
    list_filter = ["kind"]
    raw_id_fields = ["officer", "area", "created_by"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "file_name",
        "status",
        "percent",
        "imported",
        "updated",
        "unchanged",
        "rejected",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportRun._meta.fields] + ["percent"]
    change_list_template = "admin/data/importrun/change_list.html"
    change_form_template = "admin/data/importrun/change_form.html"  # refreshes while running

    @admin.display(description=_("progress"))
    def percent(self, obj: ImportRun) -> str:
        return f"{obj.progress * 100:.0f}%"

    def has_add_permission(self, request) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "upload/", self.admin_site.admin_view(self.upload_view), name="data_import_upload"
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not permissions.can_import_data(request.user):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if data.get("mapping_file"):
                    text = data["mapping_file"].read().decode("utf-8")
                    mapping = load_mapping(data["mapping_file"].name, text=text)
                else:
                    mapping = load_mapping(shipped_mappings()[data["shipped_mapping"]])
                if mapping.kind != data["kind"]:
                    raise MappingError([f"This mapping is for {mapping.kind}."])
            except (MappingError, UnicodeDecodeError, KeyError) as exc:
                form.add_error(None, str(exc))
            else:
                run = services.start_import(
                    data["file"],
                    mapping,
                    file_format=data["file_format"],
                    dry_run=data.get("dry_run", False),
                    by=request.user,
                )
                messages.success(
                    request, _("The import has started; this page shows its progress.")
                )
                return redirect(reverse("admin:data_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Import a data file"),
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request,
            "admin/data/importrun/upload.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
