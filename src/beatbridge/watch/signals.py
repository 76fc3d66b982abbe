"""Alerts follow the data: after an incident import finishes (the ImportRun's post_save,
the same hook the analysis app uses; data/ sends no signal of its own) and when new
elevated-risk zones open (``analysis.signals.elevated_risks_opened``)."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def import_finished(sender, instance, **kwargs) -> None:
    from beatbridge.data.models import ImportKind, ImportStatus

    if (
        instance.status != ImportStatus.DONE
        or instance.is_dry_run
        or instance.kind != ImportKind.INCIDENTS
    ):
        return

    def run() -> None:
        from .alerts import alert_groups_for_import

        try:
            alert_groups_for_import(instance)
        except Exception:  # an alert never breaks an import
            logger.exception("watch alerts after import %s failed", instance.pk)

    transaction.on_commit(run)


def risks_opened(sender, category=None, incident_ids=(), **kwargs) -> None:
    if not incident_ids:
        return
    ids = list(incident_ids)

    def run() -> None:
        from beatbridge.analysis.models import ElevatedRisk

        from .alerts import alert_groups_for_risks

        try:
            risks = ElevatedRisk.objects.filter(category=category, incident_id__in=ids)
            alert_groups_for_risks(list(risks))
        except Exception:
            logger.exception("watch alerts for new elevated risks failed")

    transaction.on_commit(run)


def connect() -> None:
    from django.db.models.signals import post_save

    from beatbridge.analysis.signals import elevated_risks_opened
    from beatbridge.data.models import ImportRun

    post_save.connect(import_finished, sender=ImportRun, dispatch_uid="watch.import_finished")
    elevated_risks_opened.connect(risks_opened, dispatch_uid="watch.risks_opened")
