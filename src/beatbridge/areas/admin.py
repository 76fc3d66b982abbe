from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import permissions
from .forms import AreaImportForm
from .models import Area, AreaAlias, OfficerAssignment, StreetBlock, ZipArea
from .services import AreaImportError, import_areas


class OfficerAssignmentInline(admin.TabularInline):
    model = OfficerAssignment
    extra = 0
    autocomplete_fields = ["officer"]


class AreaAliasInline(admin.TabularInline):
    model = AreaAlias
    extra = 1
    fields = ["name"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "population"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    inlines = [AreaAliasInline, OfficerAssignmentInline]
    list_select_related = ["parent"]

    change_list_template = "admin/areas/area/change_list.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name == "areas_area_changelist":
            # The list shows no polygon: loading every geometry made it take 1.5 s.
            queryset = queryset.defer("geometry", "parent__geometry")
        return queryset

    def save_model(self, request, obj, form, change):
        obj.set_geometry(obj.geometry)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="areas_area_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload boundaries: the same all-or-nothing import as ``beatbridge import_areas``."""
        if not permissions.can_import_areas(request.user):
            raise PermissionDenied
        form = AreaImportForm(request.POST or None, request.FILES or None)
        import_errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                summary = import_areas(
                    data["file"],
                    kind=data["kind"],
                    code_field=data["code_field"],
                    name_field=data["name_field"] or None,
                    parent_kind=data["parent_kind"] or None,
                    population_field=data["population_field"] or None,
                    by=request.user,
                )
            except AreaImportError as exc:
                import_errors = exc.errors
            else:
                messages.success(
                    request,
                    _(
                        "Areas imported: %(created)d new, %(updated)d updated, "
                        "%(unchanged)d unchanged, %(linked)d linked to a parent."
                    )
                    % {
                        "created": summary.created,
                        "updated": summary.updated,
                        "unchanged": summary.unchanged,
                        "linked": summary.parents_linked,
                    },
                )
                return redirect(reverse("admin:areas_area_changelist") + f"?kind={data['kind']}")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "import_errors": import_errors,
            "title": _("Import areas from GeoJSON"),
            "opts": self.model._meta,
        }
        failed = request.method == "POST"
        return TemplateResponse(
            request, "admin/areas/area/import.html", context, status=400 if failed else 200
        )


@admin.register(OfficerAssignment)
class OfficerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["officer", "beat", "role", "starts_on", "ends_on"]
    list_filter = ["beat__parent"]
    autocomplete_fields = ["officer", "beat"]


@admin.register(AreaAlias)
class AreaAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area"]


@admin.register(StreetBlock)
class StreetBlockAdmin(admin.ModelAdmin):
    """Rebuilt from imported incidents (``build_gazetteer``): read-only here."""

    list_display = ["label", "points", "lon", "lat"]
    search_fields = ["label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ZipArea)
class ZipAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "lon", "lat"]
    search_fields = ["code"]
    exclude = ["geometry"]

    def has_change_permission(self, request, obj=None):
        return False
