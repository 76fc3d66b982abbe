from django.contrib import admin

from .models import Delivery, Subscriber, Subscription


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "is_confirmed", "frequency", "is_active"]
    list_filter = ["frequency", "is_active", "email_enabled", "sms_enabled"]
    search_fields = ["email", "user__email"]
    inlines = [SubscriptionInline]
    exclude = ["confirm_digest", "unsubscribe_key"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what went out, on which channel, and why one failed."""

    list_display = ["created_at", "topic", "channel", "status", "attempts", "last_error"]
    list_filter = ["status", "channel", "topic", "urgent"]
    search_fields = ["source_key", "subject"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
