from django.conf import settings

from beatbridge.accounts import permissions


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_staff_member": permissions.is_staff_member(user),
        "is_officer": permissions.is_officer_role(user),
        "can_decide_verifications": permissions.can_decide_verification(user),
    }
