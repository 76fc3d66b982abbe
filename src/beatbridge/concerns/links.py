"""Secret links: the tip code or tracking token rides in the URL fragment.

Browsers never send the fragment (``/tips/c/#CODE``, ``/concerns/track/#TOKEN``) to the
server, so the secret never lands in an access log, a proxy log or a Referer header. The page
at the path shows a form for the secret; ``concerns/secret-links.js`` fills it from the fragment,
removes the fragment from the address bar and history, and submits it by POST. Without
JavaScript the visitor pastes the code or link into the same form.

Old links with the secret in the path (``/tips/c/<CODE>/``, ``/concerns/track/<TOKEN>/``)
still open, for links already mailed out, but nothing generates them any more; every log
masks them (``beatbridge.web.logmask``).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

# Look-ups of a tracking token per client (right or wrong, pages and API), then 429.
TRACKING_ATTEMPTS_RATE = "60/hour"

# Tracking pages a secret link can open: the timeline, or the "is it really fixed?" question.
TRACKING_PAGES = {"track": "concerns:track", "fixed": "concerns:track_fixed"}


def tracking_path(token: str, page: str = "track") -> str:
    """``/concerns/track/#<token>`` (or ``/concerns/track/fixed/#<token>``)."""
    return f"{reverse(TRACKING_PAGES[page])}#{token}"


def tip_code_path(code: str) -> str:
    """``/tips/c/#<CODE>``."""
    return f"{reverse('tips:lookup')}#{code}"


def absolute(path: str) -> str:
    """The link as mailed: ``SITE_URL`` + path."""
    return settings.SITE_URL.rstrip("/") + path
