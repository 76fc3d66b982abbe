"""Admin for concern categories and concerns (tips and Open311 register their own)."""

import importlib

from django.contrib import admin

from .models import Category, Concern, ConcernPhoto, ConcernUpdate, IdempotencyRecord, Support


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
class ConcernAdmin(admin.ModelAdmin):
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
    readonly_fields = ["tracking_token", "created_at", "support_count"]
    inlines = [ConcernUpdateInline, ConcernPhotoInline]
    date_hierarchy = "created_at"


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    list_display = ["concern", "user", "created_at"]
    raw_id_fields = ["concern", "user"]


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["scope", "key", "response_status", "object_id", "created_at"]
    readonly_fields = [
        "scope",
        "key",
        "response_status",
        "response_body",
        "object_id",
        "request_hash",
        "created_at",
    ]


# beatbridge.urls imports only <app>.admin; the tips and Open311 parts keep their admin
# registrations in their own packages, loaded from here when they exist.
for _part in ("tips", "open311"):
    try:
        importlib.import_module(f"{__package__}.{_part}.admin")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__package__}.{_part}.admin":
            raise
