from django.contrib import admin

from .models import Priority, PriorityDecision, PriorityListSettings, ReportBack


class ReportBackInline(admin.StackedInline):
    model = ReportBack
    extra = 0
    raw_id_fields = ["meeting"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "status", "support_count", "officer_owner"]
    list_filter = ["status", "source"]
    search_fields = ["title", "title_es"]
    raw_id_fields = ["concerns"]
    inlines = [ReportBackInline]


@admin.register(PriorityDecision)
class PriorityDecisionAdmin(admin.ModelAdmin):
    list_display = ["area", "meeting", "decided_by", "decided_at"]


@admin.register(PriorityListSettings)
class PriorityListSettingsAdmin(admin.ModelAdmin):
    list_display = ["area", "max_priorities"]
    autocomplete_fields = ["area"]
