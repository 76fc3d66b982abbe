"""Issuing and rotating Open311 API keys (stored hashed; the raw key is shown once)."""

from __future__ import annotations

import secrets

from django.db import transaction

from beatbridge.accounts.activity import record_activity

from ..models import ApiClient
from ..models.open311 import hash_key


def issue_key(name: str, *, rotate: bool = False, by=None) -> tuple[ApiClient, str]:
    """Create the client ``name`` (or give it a new key with ``rotate``); return the raw key."""
    with transaction.atomic():
        if rotate:
            client = ApiClient.objects.select_for_update().get(name=name)
            raw = secrets.token_urlsafe(32)
            client.key_prefix, client.key_hash = raw[:8], hash_key(raw)
            client.save(update_fields=["key_prefix", "key_hash"])
        else:
            client, raw = ApiClient.issue(name)
        record_activity(by, "open311.key_rotated" if rotate else "open311.client_created", client)
    return client, raw
