from django.contrib import admin

from .models import (
    RSVP,
    ActionItem,
    Agenda,
    AgendaItem,
    AreaDemographics,
    Attendance,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesQuestion,
    Proposal,
    WalkThroughIssue,
)


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "frequency", "start_time", "starts_on", "until"]
    list_filter = ["kind", "frequency"]
    search_fields = ["title"]
    filter_horizontal = ["areas"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "status", "capacity", "sequence"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "address"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["areas"]
    readonly_fields = ["sequence"]


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "status", "created_at", "reminder_sent_at"]
    list_filter = ["status"]
    search_fields = ["name", "email"]
    raw_id_fields = ["meeting", "user"]
    exclude = ["cancel_token"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["name", "meeting", "is_walk_in", "recorded_at"]
    raw_id_fields = ["meeting", "rsvp"]


@admin.register(AreaDemographics)
class AreaDemographicsAdmin(admin.ModelAdmin):
    """Population shares per group, e.g. tenure = {"renter": 0.62, "owner": 0.38}."""

    list_display = ["area", "source", "updated_at"]
    autocomplete_fields = ["area"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "published_at"]
    inlines = [AgendaItemInline]
    raw_id_fields = ["meeting"]


class QuestionInline(admin.TabularInline):
    model = MinutesQuestion
    extra = 0


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "attendance_count", "approved_at"]
    inlines = [QuestionInline, ActionItemInline]
    raw_id_fields = ["meeting"]


admin.site.register(Proposal)
admin.site.register(WalkThroughIssue)
