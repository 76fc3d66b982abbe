from django.contrib import admin

from .models import (
    ElevatedRisk,
    NearRepeatPattern,
    NeedsAssessment,
    PopulationTable,
    TrendAlert,
    WedgeAlert,
    WedgeResponse,
    WedgeRuleSettings,
)


@admin.register(PopulationTable)
class PopulationTableAdmin(admin.ModelAdmin):
    list_display = ["area", "year", "total", "uploaded_at"]
    list_filter = ["year"]
    search_fields = ["area__name", "area__code"]


@admin.register(NearRepeatPattern)
class NearRepeatPatternAdmin(admin.ModelAdmin):
    list_display = ["category", "computed_at", "n_events", "risk_radius_m", "risk_days"]
    readonly_fields = ["computed_at"]


@admin.register(ElevatedRisk)
class ElevatedRiskAdmin(admin.ModelAdmin):
    list_display = ["category", "neighborhood", "beat", "radius_m", "starts_at", "ends_at"]
    list_filter = ["category"]


@admin.register(TrendAlert)
class TrendAlertAdmin(admin.ModelAdmin):
    list_display = ["area", "category", "direction", "ratio", "q", "since_month"]
    list_filter = ["direction"]


class WedgeResponseInline(admin.TabularInline):
    model = WedgeResponse
    extra = 0


@admin.register(WedgeAlert)
class WedgeAlertAdmin(admin.ModelAdmin):
    list_display = ["area", "month", "is_synthetic", "notified_at"]
    inlines = [WedgeResponseInline]


@admin.register(NeedsAssessment)
class NeedsAssessmentAdmin(admin.ModelAdmin):
    list_display = ["area", "created_at", "created_by", "meeting"]


@admin.register(WedgeRuleSettings)
class WedgeRuleSettingsAdmin(admin.ModelAdmin):
    """One row: the department's thresholds. Saving re-checks every area (a background job)."""

    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not WedgeRuleSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        from django.db import transaction

        from .tasks import wedge_alerts_task

        super().save_model(request, obj, form, change)
        transaction.on_commit(wedge_alerts_task)
