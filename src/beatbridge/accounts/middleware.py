"""The second-factor gate for staff roles: the one place that keeps them out until verified.

A signed-in officer, supervisor, analyst or admin whose session has not passed a TOTP code
reaches only the sign-in, sign-out and code pages (and static files). Every other page
redirects to the code page (or the enrolment page, without a confirmed device) and the API
answers 403. Residents and partners are never asked. ``permissions`` treats such a user as
holding no role, so even an exempt page shows nothing staff-only.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .permissions import needs_second_factor

EXEMPT_NAMES = (
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:two_factor_setup",
)


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request.user) and not self._exempt(request.path_info):
            if request.path_info.startswith("/api/"):
                detail = _("Staff accounts must enter their two-factor code on the website first.")
                return JsonResponse({"detail": detail}, status=403)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(settings.STATIC_URL) or path.startswith("/i18n/"):
            return True
        return any(path == reverse(name) for name in EXEMPT_NAMES)
