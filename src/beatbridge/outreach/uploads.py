"""Uploaded images and library files, checked by their content (never by name or declared type).

Announcement images and officer photos go through the concerns app's photo cleaner: decoded
by Pillow as JPEG, PNG or WebP, re-encoded without any metadata (no GPS position). Library
downloads may be PDF or one of those images, told apart by their first bytes.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_FILE_BYTES = 10 * 1024 * 1024


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, "BEATBRIDGE", {}).get(name, default))


def _read(upload: Any, limit: int) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    return bytes(data)


def clean_image(upload: Any) -> ContentFile:
    """A JPEG, PNG or WebP image under the size limit, re-encoded without metadata."""
    from beatbridge.concerns.photos import clean_photo

    limit = _limit("OUTREACH_MAX_IMAGE_BYTES", MAX_IMAGE_BYTES)
    data = _read(upload, limit)
    if len(data) > limit:
        raise ValidationError(
            _("The image must be smaller than %(mb).0f MB.") % {"mb": limit / 1024 / 1024}
        )
    try:
        photo = clean_photo(io.BytesIO(data))
    except ValidationError as exc:
        raise ValidationError(_("Only JPEG, PNG or WebP images can be attached.")) from exc
    return ContentFile(photo.content, name=photo.filename())


FILE_SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def clean_download(upload: Any) -> tuple[ContentFile, str]:
    """A PDF, PNG or JPEG file under the size limit: (file, content type by its content)."""
    import secrets

    limit = _limit("OUTREACH_MAX_FILE_BYTES", MAX_FILE_BYTES)
    data = _read(upload, limit)
    if len(data) > limit:
        raise ValidationError(
            _("The file must be smaller than %(mb).0f MB.") % {"mb": limit / 1024 / 1024}
        )
    for signature, content_type, extension in FILE_SIGNATURES:
        if data.startswith(signature):
            if content_type != "application/pdf":
                image = clean_image(io.BytesIO(data))
                return image, "image/png" if image.name.endswith(".png") else "image/jpeg"
            return ContentFile(data, name=f"{secrets.token_hex(12)}.{extension}"), content_type
    raise ValidationError(_("Only PDF, PNG or JPEG files can be added to the library."))
