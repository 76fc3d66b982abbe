from django.contrib import admin

from .models import ActionItem, Assessment, EvidenceLink, Project, TeamMember


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "start_date", "is_public"]
    list_filter = ["stage", "is_public"]
    inlines = [TeamInline]


admin.site.register(ActionItem)
admin.site.register(EvidenceLink)
admin.site.register(Assessment)
