"""Open311 GeoReport v2 API clients and their keys."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiClient(models.Model):
    """A 311 app or city system allowed to POST service requests (keys are stored hashed)."""

    name = models.CharField(_("client name"), max_length=120, unique=True)
    key_prefix = models.CharField(max_length=12, editable=False, default="")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, name: str) -> tuple["ApiClient", str]:
        """Create a client and return it with its new raw key (shown once, never stored)."""
        raw = secrets.token_urlsafe(32)
        client = cls.objects.create(name=name, key_prefix=raw[:8], key_hash=hash_key(raw))
        return client, raw

    @classmethod
    def authenticate(cls, raw: str | None) -> "ApiClient | None":
        if not raw:
            return None
        return cls.objects.filter(key_hash=hash_key(raw), is_active=True).first()
