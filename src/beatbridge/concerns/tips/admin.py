"""Admin for tips: metadata only. A tip's content and the tipster's contact are read in the
tip inbox, where access is limited to the district's officers and supervisors and every read
is audit-logged; the admin site never shows them (nor the code's hash), and opening a tip
here is audit-logged too."""

from django.contrib import admin

from beatbridge.accounts.activity import ReadLoggedAdmin

from ..models import Tip


@admin.register(Tip)
class TipAdmin(ReadLoggedAdmin, admin.ModelAdmin):
    list_display = ["id", "status", "district", "beat", "category", "is_anonymous", "received_hour"]
    list_filter = ["status", "district", "is_anonymous"]
    fields = ["status", "district", "beat", "category", "is_anonymous", "received_hour"]
    readonly_fields = ["status", "district", "beat", "category", "is_anonymous", "received_hour"]
    ordering = ["-received_hour"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
