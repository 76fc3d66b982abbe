"""Throttles on signing in and on the emails accounts send (password reset, sign-up).

Signing in: django-axes counts wrong passwords per typed email and per client address in
the database (``axes.AccessAttempt``), so every web process sees the same count; after
``AXES_FAILURE_LIMIT`` failures either one is refused (429) until ``AXES_COOLOFF_TIME`` has
passed since its last failure. What a row keeps is cut to what the lockout needs: the typed
email, a keyed pseudonym of the client address (:func:`pseudonymous_address`, never the
address), the failure count and time. No user agent, no form values (masked), no access log
of successful sign-ins, no log line naming the client (:func:`client_str`). Rows older than
the cool-off are deleted at the next sign-in event and by an hourly task.

Emails: each address pseudonym and each email may ask for only a few per hour (counted by the
atomic, database-backed counter of concerns.ratelimit); past that the request is answered 429
whatever the email, so the answer tells nothing about which emails have accounts.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings

EMAILS_PER_ADDRESS = (10, 3600)  # requests per client address per hour
EMAILS_PER_EMAIL = (3, 3600)  # requests naming one email per hour


def client_address(request: Any) -> str:
    """The client's address as the trusted proxies saw it (one rule for the whole site)."""
    # The rule lives with the anonymous-submission rate limits; imported here, when asked,
    # so that accounts does not depend on concerns at import time.
    from beatbridge.core.ratelimit import client_ip

    return client_ip(request)


def _keyed(value: str, purpose: str) -> bytes:
    message = f"{purpose}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def pseudonymous_address(request: Any) -> str:
    """A stand-in for the client's address: a unique-local IPv6 address keyed by SECRET_KEY.

    The same client always maps to the same stand-in (so axes can count it), and the stored
    value cannot be turned back into the address without the secret key.
    """
    digest = _keyed(client_address(request), "axes-address")
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15]))


def client_str(username: Any, ip_address: Any, user_agent: Any, path_info: Any, request: Any):
    """What axes writes about a client in its log lines: nothing that names it."""
    return "a sign-in client"


class LoginAttemptHandler(AxesDatabaseHandler):
    """axes' database handler, keeping neither the user agent nor the Accept header."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            request.axes_user_agent = ""
            request.axes_http_accept = ""
        return super().user_login_failed(sender, credentials, request, **kwargs)


def _over(scope: str, value: str, limit: int, period: int) -> bool:
    """Count one request for ``value``; True once it is over ``limit`` per ``period`` seconds.

    Counted by the site's atomic, database-backed counter (a keyed hash of the value, never
    the value), so every worker sees the same count whatever cache is configured.
    """
    # Imported when asked, like client_address: accounts does not import concerns at load.
    from beatbridge.core.ratelimit import hit_value

    return hit_value(f"acct:{scope}", value, f"{limit}/{period}s") is not None


def too_many_emails(request: Any, scope: str, email: str) -> bool:
    """Count one email request (e.g. ``"password-reset"``); True if it must be refused."""
    by_address = _over(f"{scope}:address", client_address(request), *EMAILS_PER_ADDRESS)
    by_email = _over(f"{scope}:email", (email or "").strip().lower(), *EMAILS_PER_EMAIL)
    return by_address or by_email
