from django.contrib import admin

from .models import Announcement, OfficerProfile, Resource, WorkshopRequest


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "is_urgent", "status", "published_at", "expires_at"]
    list_filter = ["category", "status", "is_urgent"]
    search_fields = ["title", "body"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "is_published"]
    list_filter = ["kind", "language", "is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(WorkshopRequest)
class WorkshopRequestAdmin(admin.ModelAdmin):
    list_display = ["area", "topic", "status", "created_at"]
    list_filter = ["status", "topic"]


admin.site.register(OfficerProfile)
