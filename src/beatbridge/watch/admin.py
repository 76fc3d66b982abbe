from django.contrib import admin

from .models import Membership, WatchAlert, WatchGroup


@admin.register(WatchGroup)
class WatchGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "status", "last_activity_at"]
    list_filter = ["status"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "user", "role", "status"]


@admin.register(WatchAlert)
class WatchAlertAdmin(admin.ModelAdmin):
    list_display = ["group", "kind", "item_key", "created_at"]
