"""Text-message backends, chosen by the setting ``SMS_BACKEND``:

- ``console`` (default): prints the message (development);
- ``file``: appends one JSON line per message to ``<data dir>/sms/outbox.jsonl``;
- ``http``: POSTs ``{"to": ..., "text": ...}`` as JSON to ``SMS_GATEWAY_URL`` (a gateway
  adapter the department runs), with a timeout (``SMS_GATEWAY_TIMEOUT`` seconds); an answer
  other than 2xx is a failure and the delivery is retried.

A dotted path to a class with ``send(to, text)`` works too.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

#: One SMS segment's worth of GSM characters; longer texts are cut with an ellipsis.
SMS_MAX = 160


class SmsError(Exception):
    """The backend could not send (the message is retried)."""


class ConsoleBackend:
    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}: {text}\n")


class FileBackend:
    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or Path(settings.DATA_DIR) / "sms")

    def send(self, to: str, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        line = json.dumps({"to": to, "text": text, "at": timezone.now().isoformat()})
        with open(self.directory / "outbox.jsonl", "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


class HttpGatewayBackend:
    def __init__(self, url: str | None = None, timeout: float | None = None) -> None:
        self.url = url or getattr(settings, "SMS_GATEWAY_URL", "")
        self.timeout = timeout or float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 10))
        if not self.url.startswith(("https://", "http://")):
            raise SmsError("SMS_GATEWAY_URL is not an http(s) URL")

    def send(self, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text}).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except OSError as exc:  # URLError, HTTPError, timeouts
            raise SmsError(f"gateway: {type(exc).__name__}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"gateway answered {status}")


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "http": HttpGatewayBackend}


def get_backend():
    name = getattr(settings, "SMS_BACKEND", "console") or "console"
    cls = BACKENDS.get(name) or import_string(name)
    return cls()


def shorten(text: str, limit: int = SMS_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
