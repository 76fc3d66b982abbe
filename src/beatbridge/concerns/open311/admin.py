"""Admin for Open311 API clients: adding one issues a key, shown once in a message."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from ..models import ApiClient
from ..models.open311 import hash_key


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    readonly_fields = ["key_prefix", "created_at"]
    fields = ["name", "is_active", "key_prefix", "created_at"]
    actions = ["rotate_keys"]

    def save_model(self, request, obj, form, change):
        if not change:
            import secrets

            raw = secrets.token_urlsafe(32)
            obj.key_prefix, obj.key_hash = raw[:8], hash_key(raw)
            super().save_model(request, obj, form, change)
            messages.warning(
                request,
                _("The API key for %(name)s is %(key)s — copy it now, it is not shown again.")
                % {"name": obj.name, "key": raw},
            )
            return
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Issue new keys (the old keys stop working)"))
    def rotate_keys(self, request, queryset):
        from .keys import issue_key

        for client in queryset:
            _client, raw = issue_key(client.name, rotate=True, by=request.user)
            messages.warning(
                request,
                _("New API key for %(name)s: %(key)s — copy it now, it is not shown again.")
                % {"name": client.name, "key": raw},
            )
