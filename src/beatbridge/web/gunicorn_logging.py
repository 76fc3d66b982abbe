"""gunicorn's logger for ``beatbridge serve``: nothing in its lines identifies a visitor.

``beatbridge serve`` passes ``--logger-class beatbridge.web.gunicorn_logging.PrivateLogger``.
Whatever access-log format is configured (ours, or one an operator adds through
``GUNICORN_CMD_ARGS``), the client address, the user agent, forwarding headers and cookies
print as ``-``, secret path segments as ``***`` (``beatbridge.web.logmask``), and the lines of
tipster pages carry the hour only, like the tip itself. The error log gets the same masking.
"""

from __future__ import annotations

import time
from typing import Any

from gunicorn.glogging import Logger

from .logmask import MaskSecrets, mask

# Atoms (and header or environ names, lower-cased) that identify the client or hold a secret
# (the tip API takes the code in an X-Tip-Code header).
_IDENTIFYING = {"h", "a", "u", "l"}
_IDENTIFYING_WORDS = (
    "user-agent",
    "user_agent",
    "forwarded",
    "real-ip",
    "real_ip",
    "client-ip",
    "client_ip",
    "connecting-ip",
    "connecting_ip",
    "remote_addr",
    "remote_port",
    "cookie",
    "authorization",
    "tip-code",
    "tip_code",
)
# Pages a tipster uses: their lines get the hour only (a tip's time is kept to the hour).
_TIPSTER_PATHS = ("/tips/", "/api/v1/tips/")


def _identifying(key: str) -> bool:
    return key in _IDENTIFYING or any(word in key for word in _IDENTIFYING_WORDS)


class PrivateLogger(Logger):
    """gunicorn's Logger with identifying atoms blanked and secret paths masked."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, MaskSecrets) for f in log.filters):
                log.addFilter(MaskSecrets())

    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if _identifying(key.lower()):
                atoms[key] = "-"
            elif isinstance(value, str):
                atoms[key] = mask(value)
        path = environ.get("PATH_INFO") or ""
        if path.startswith(_TIPSTER_PATHS):
            atoms["t"] = time.strftime("[%d/%b/%Y:%H:00:00 %z]")
        return atoms
