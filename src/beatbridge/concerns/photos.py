"""Photo intake: accept only real images, and store them re-encoded without any metadata.

A file is accepted when Pillow decodes it as JPEG, PNG or WebP (the name and the declared
content type are ignored). It is rotated upright from its EXIF orientation, then its pixels
are copied into a brand-new image and encoded again, so nothing from the original file
survives: no EXIF (GPS position, camera, time), XMP, IPTC, ICC profile or text chunks.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTOS = 3
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is more than any phone takes
ACCEPTED = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int

    def filename(self) -> str:
        return f"{secrets.token_hex(16)}.{self.extension}"


def max_photo_bytes() -> int:
    return int(settings.BEATBRIDGE.get("MAX_PHOTO_BYTES", 8 * 1024 * 1024))


def _read(upload: Any, limit: int) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload[: limit + 1])
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    return data if isinstance(data, bytes) else bytes(data)


def _pixels_only(image: Image.Image, fmt: str) -> Image.Image:
    """A new image holding only the pixels, in a mode the output format can store."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if fmt == "JPEG":
        mode = "L" if image.mode in ("L", "1") else "RGB"
    elif image.mode in ("L", "RGB", "RGBA", "LA") and not (
        image.mode in ("L", "RGB") and has_alpha
    ):
        mode = image.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    converted = image if image.mode == mode else image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def clean_photo(upload: Any) -> CleanPhoto:
    """Validate one uploaded photo and return it re-encoded without metadata.

    Raises ValidationError with a message a resident can act on.
    """
    limit = max_photo_bytes()
    data = _read(upload, limit)
    if len(data) > limit:
        raise ValidationError(
            _("Each photo must be smaller than %(mb).0f MB.") % {"mb": limit / 1024 / 1024}
        )
    if not data:
        raise ValidationError(_("The photo file is empty."))
    not_an_image = ValidationError(_("Only JPEG, PNG or WebP photos can be attached."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in ACCEPTED:
                    raise not_an_image
                width, height = probe.size
                if width * height > MAX_PIXELS or width <= 0 or height <= 0:
                    raise ValidationError(_("This photo has too many pixels."))
                probe.verify()
            # verify() leaves the image unusable; decode it fully from a fresh handle.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                clean = _pixels_only(upright, fmt)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        MemoryError,
    ) as exc:
        raise not_an_image from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=85)
    content_type, extension = ACCEPTED[fmt]
    return CleanPhoto(out.getvalue(), content_type, extension, clean.width, clean.height)


def clean_photos(uploads: Any) -> list[CleanPhoto]:
    """Validate up to MAX_PHOTOS photos; raises ValidationError naming the problem."""
    uploads = [u for u in (uploads or ()) if u]
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(_("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS})
    return [clean_photo(u) for u in uploads]
