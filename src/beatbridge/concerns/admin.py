"""Admin for concern categories and concerns (tips and Open311 register their own)."""

import importlib

from django.contrib import admin
from django.db import models

from beatbridge.accounts.activity import ReadLoggedAdmin

from .models import (
    Category,
    Concern,
    ConcernPhoto,
    ConcernUpdate,
    IdempotencyRecord,
    RateLimitHit,
    Support,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_es",
        "code",
        "responsible_unit",
        "allows_anonymous",
        "is_public",
        "duplicate_radius_m",
        "response_target_hours",
        "is_active",
    ]
    list_editable = ["is_active"]
    list_filter = ["is_active", "is_public", "allows_anonymous"]
    search_fields = ["name_en", "name_es", "code"]
    prepopulated_fields = {"code": ["name_en"]}


class ConcernUpdateInline(admin.TabularInline):
    model = ConcernUpdate
    extra = 0
    fields = ["created_at", "kind", "author", "old_status", "new_status", "is_public", "text"]
    readonly_fields = ["created_at", "kind", "author", "old_status", "new_status"]


class ConcernPhotoInline(admin.TabularInline):
    model = ConcernPhoto
    extra = 0
    readonly_fields = ["image", "content_type", "width", "height", "created_at"]


@admin.register(Concern)
class ConcernAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    """Concerns with the reporter's contact data: opening one is audit-logged as a read.
    The secret tracking token is never shown (it opens the reporter's tracking page)."""

    list_display = [
        "id",
        "category",
        "status",
        "neighborhood",
        "beat",
        "created_at",
        "support_count",
        "is_anonymous",
    ]
    list_filter = ["status", "category", "is_anonymous", "is_public"]
    search_fields = ["id", "description", "address"]
    raw_id_fields = [
        "submitted_by",
        "assigned_to",
        "duplicate_of",
        "beat",
        "district",
        "neighborhood",
        "referred_organization",
    ]
    exclude = ["tracking_token"]
    readonly_fields = ["created_at", "support_count"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ConcernUpdateInline, ConcernPhotoInline]
    date_hierarchy = "created_at"


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["concern", "user", "created_at"]
    raw_id_fields = ["concern", "user"]
    exclude = ["anonymous_key"]  # an anonymous supporter's session secret


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    """Metadata only: the key and the stored answer (which holds a new concern's tracking
    token) are secrets and never shown."""

    list_display = ["scope", "response_status", "object_id", "created_at"]
    fields = readonly_fields = ["scope", "response_status", "object_id", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RateLimitHit)
class RateLimitHitAdmin(admin.ModelAdmin):
    """Counters written by the rate limiter: read-only; the client (a keyed hash) not shown."""

    list_display = ["scope", "window", "count", "expires"]
    fields = readonly_fields = ["scope", "window", "count", "expires"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# beatbridge.urls imports only <app>.admin; the tips and Open311 parts keep their admin
# registrations in their own packages, loaded from here when they exist.
for _part in ("tips", "open311"):
    try:
        importlib.import_module(f"{__package__}.{_part}.admin")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.{_part}.admin":
            raise
