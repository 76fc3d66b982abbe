from django.contrib import admin

from .models import Area, OfficerAssignment


class OfficerAssignmentInline(admin.TabularInline):
    model = OfficerAssignment
    extra = 0
    autocomplete_fields = ["officer"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "population"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    inlines = [OfficerAssignmentInline]

    def save_model(self, request, obj, form, change):
        obj.set_geometry(obj.geometry)
        super().save_model(request, obj, form, change)


@admin.register(OfficerAssignment)
class OfficerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["officer", "beat", "role", "starts_on", "ends_on"]
    list_filter = ["beat__parent"]
    autocomplete_fields = ["officer", "beat"]
