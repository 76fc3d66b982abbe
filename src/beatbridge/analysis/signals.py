"""After an incident import finishes, open elevated-risk zones for the new incidents.

The importer writes incidents in bulk (no ``post_save`` per incident), but it saves its
:class:`~beatbridge.data.models.ImportRun` when done: that is the hook.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

#: Sent by update_elevated_risks when new zones open: category=, incident_ids=[...].
elevated_risks_opened = Signal()


def import_finished(sender, instance, **kwargs) -> None:
    from beatbridge.data.models import ImportKind, ImportStatus

    if (
        instance.status != ImportStatus.DONE
        or instance.is_dry_run
        or instance.kind != ImportKind.INCIDENTS
    ):
        return

    def run() -> None:
        from beatbridge.core import jobs  # by name: services -> signals must not reach tasks

        try:
            jobs.enqueue("beatbridge.analysis.tasks.elevated_risk_task")
        except Exception:  # never let the follow-up break an import
            logger.exception("elevated-risk update after import %s failed", instance.pk)

    transaction.on_commit(run)


def connect() -> None:
    from django.db.models.signals import post_save

    from beatbridge.data.models import ImportRun

    post_save.connect(import_finished, sender=ImportRun, dispatch_uid="analysis.import_finished")
