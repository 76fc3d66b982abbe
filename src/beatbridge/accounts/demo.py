"""What the demo says about staff sign-in (``beatbridge demo`` calls ``load_demo``)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings


def load_demo(out: Callable[[str], object]) -> None:
    if settings.BEATBRIDGE_REQUIRE_STAFF_2FA:
        out(
            "Staff accounts set up an authenticator app (TOTP) at their first sign-in "
            "and enter its code each time."
        )
    else:
        out(
            "Two-factor sign-in for staff is OFF in this demo (REQUIRE_STAFF_2FA=false); "
            "a real deployment asks officers, supervisors, analysts and admins for a TOTP code."
        )
