"""Keep secrets and client identities out of everything the server writes to its logs.

Tip codes and tracking tokens travel in URL fragments (``/tips/c/#CODE``,
``/concerns/track/#TOKEN``), which browsers never send, so the server never sees them in a
path. Links mailed before that still carry the secret in the path (``/tips/c/<CODE>/``,
``/concerns/track/<TOKEN>/...``) and keep working; wherever a path can reach a log line
(gunicorn's access and error logs, Django's request and development-server loggers), the
segment after ``/tips/c/`` and ``/concerns/track/`` becomes ``***``. Client addresses that
servers put into messages (``ip=203.0.113.7``, ``('203.0.113.7', 51234)``) are dropped too.
"""

from __future__ import annotations

import logging
import re

MASK = "***"

# gunicorn's access-log format for ``beatbridge serve --access-log``: no client address
# (%(h)s), user agent (%(a)s) or referrer (%(f)s).
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# The words after /concerns/track/ that name a page rather than hold a token.
_TRACK_PAGES = "reply|reopen|fixed|submitted"
_SECRET_SEGMENT = re.compile(
    r"(?P<prefix>/tips/c/|/concerns/track/|/meetings/rsvp/(?:confirm/)?|/accounts/signup/confirm/"
    r"|/subscriptions/(?:confirm|unsubscribe)/)"
    rf"(?!(?:{_TRACK_PAGES}|confirm)(?:[/?#\s\"']|$))"
    r"(?P<secret>[^/?#\s\"']+)"
)
# Django's password-reset link: /accounts/password-reset/<uidb64>/<token>/ (both masked; the
# view's own pages "sent" and "done" are single segments and stay readable).
_RESET_LINK = re.compile(
    r"(?P<prefix>/accounts/password-reset/)(?!(?:sent|done)/)[^/?#\s\"']+/[^/?#\s\"']+"
)
_SECRET_QUERY = re.compile(
    r"(?P<prefix>(?<![\w-])(?:code|token|tracking_token)=)[^&;#\s\"']*", re.I
)
_CLIENT_ADDRESS = re.compile(
    r"(?P<prefix>\bip=)[^\s:,;]+(?::\d+)?"  # gunicorn: "Invalid request from ip=1.2.3.4: ..."
    r"|\(\s*'[0-9a-fA-F.:]+'\s*,\s*\d+\s*(?:,\s*\d+\s*,\s*\d+\s*)?\)"  # ('1.2.3.4', 5678)
)


def mask(text: str) -> str:
    """``text`` with secret path segments and query values masked, client addresses dropped."""
    if not text:
        return text
    text = _SECRET_SEGMENT.sub(lambda m: m["prefix"] + MASK, text)
    text = _RESET_LINK.sub(lambda m: m["prefix"] + MASK + "/" + MASK, text)
    text = _SECRET_QUERY.sub(lambda m: m["prefix"] + MASK, text)
    return _CLIENT_ADDRESS.sub(lambda m: (m["prefix"] or "") + "-", text)


class MaskSecrets(logging.Filter):
    """A logging filter that rewrites each record's message (and traceback) through ``mask``.

    Used on Django's log handlers (``settings.LOGGING``) and gunicorn's loggers
    (``beatbridge.web.gunicorn_logging``). It never drops a record, it only rewrites it.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record: leave it to the handler's own error path
            return True
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        # Django attaches the request (or the socket, for django.server) for handlers such as
        # the e-mail to ADMINS, which print its META: the client address and the user agent.
        if hasattr(record, "request"):
            record.request = None
        return True
