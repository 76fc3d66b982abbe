from django.conf import settings

from beatbridge.accounts import permissions
from beatbridge.analysis.permissions import can_view_balance
from beatbridge.concerns.tips.permissions import can_use_tip_inbox


def site(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "is_staff_member": permissions.is_staff_member(user),
        "is_officer": permissions.is_officer_role(user),
        "can_use_tip_inbox": can_use_tip_inbox(user),
        "is_supervisor": permissions.is_supervisor(user),
        "can_view_balance": can_view_balance(user),
        "can_decide_verifications": permissions.can_decide_verification(user),
        "is_partner": permissions.is_partner(user),
    }
