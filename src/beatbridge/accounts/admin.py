from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

# Registers django-otp's TOTP device admin (keys hidden: OTP_ADMIN_HIDE_SENSITIVE_DATA). An
# admin resets a lost authenticator by deleting the device; a new one is set up at sign-in.
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401

from .activity import ReadLoggedAdmin
from .models import ActivityEntry, Membership, NeighborhoodVerification, Organization, User


@admin.register(User)
class UserAdmin(ReadLoggedAdmin, BaseUserAdmin):  # a user's page is personal data: logged
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "home_neighborhood", "is_active"]
    list_filter = ["role", "is_active", "home_verified"]
    search_fields = ["email", "display_name", "badge_number"]
    autocomplete_fields = ["home_neighborhood"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {"fields": ("display_name", "role", "badge_number", "phone", "preferred_language")},
        ),
        (_("Neighborhood"), {"fields": ("home_neighborhood", "home_verified")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "role", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_name", "contact_email"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["neighborhoods"]
    inlines = [MembershipInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "neighborhoods":  # by name, without loading 77 polygons
            area = db_field.remote_field.model  # areas.Area, without importing areas

            kwargs["queryset"] = (
                area.objects.neighborhoods().order_by("name").only("id", "kind", "code", "name")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(NeighborhoodVerification)
class NeighborhoodVerificationAdmin(admin.ModelAdmin):
    list_display = ["user", "neighborhood", "status", "requested_at", "decided_by"]
    list_filter = ["status"]


@admin.register(ActivityEntry)
class ActivityEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "target_type", "target_id", "is_read"]
    list_filter = ["verb", "is_read"]
    readonly_fields = [f.name for f in ActivityEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # append-only: the model refuses as well (activity.py)
