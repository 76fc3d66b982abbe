"""Verbs of the data app: run (or start in the background) an import, log engagement, read exact
locations."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beatbridge.accounts.activity import record_activity, record_reads_bulk
from beatbridge.areas.models import Area
from beatbridge.core import jobs

from . import permissions
from .gazetteer import rebuild_block_gazetteer
from .importer import ImportFileError, ImportResult, ProgressCallback, import_file
from .mapping import Mapping, MappingError, load_mapping
from .models import (
    EngagementActivity,
    EngagementKind,
    ImportRun,
    ImportStatus,
    Incident,
    OffenseCategory,
)


def default_reject_path(run: ImportRun) -> Path:
    return Path(settings.DATA_DIR) / "imports" / "rejects" / f"import-{run.pk}-rejects.csv"


def data_version() -> str:
    """Changes whenever an import finishes or a category's sensitive flag changes: part of
    every statistics and map cache key, so nothing cached outlives either."""
    # A finished run always has finished_at.
    last = cast(
        "tuple[int, dt.datetime] | None",
        ImportRun.objects.filter(status=ImportStatus.DONE, is_dry_run=False)
        .order_by("-finished_at", "-pk")
        .values_list("pk", "finished_at")
        .first(),
    )
    imports = f"{last[0]}-{last[1].timestamp():.0f}" if last else "0"
    sensitive = OffenseCategory.objects.sensitive().order_by("pk").values_list("pk", flat=True)
    flags = hashlib.blake2b(",".join(map(str, sensitive)).encode(), digest_size=6).hexdigest()
    return f"{imports}-{flags}"


class _ProgressWriter:
    """Writes an import's progress so that other processes see it while the import runs.

    An import is one transaction; a progress update inside it would stay invisible until the
    end. On PostgreSQL the updates go through a second, autocommitting connection (and skip
    the row rather than wait, should the caller's own transaction hold it). SQLite allows one
    writer at a time: there they go through the import's own connection.
    """

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.side = connection.copy() if connection.vendor == "postgresql" else None

    def __call__(self, fraction: float, partial: ImportResult) -> None:
        if self.side is None:
            ImportRun.objects.filter(pk=self.run.pk).update(
                progress=fraction, rows=partial.rows, rejected=partial.rejected
            )
            return
        table = ImportRun._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET progress = %s, rows = %s, rejected = %s "  # noqa: S608
                f"WHERE id = (SELECT id FROM {table} WHERE id = %s FOR UPDATE SKIP LOCKED)",
                [fraction, partial.rows, partial.rejected, self.run.pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def run_import(
    path: str | Path,
    mapping: Mapping | str | Path,
    *,
    by: Any = None,
    kind: str | None = None,
    reject_file: str | Path | None = None,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
    shift_days: int = 0,
    fmt: str | None = None,
    run: ImportRun | None = None,
) -> tuple[ImportRun, ImportResult | None]:
    """Import a file of incidents or enforcement actions, recorded as an :class:`ImportRun`.

    ``by`` is the person who started it (None for the command line and the demo, which run
    with the server's own authority). Problems with the file or the mapping end the run as
    failed with the message in ``run.error``; they are not raised. Any other error also marks
    the run failed, and is raised. The import is one transaction: all of it or nothing.
    """
    if by is not None and not permissions.can_import_data(by):
        raise PermissionDenied(_("You may not import data."))
    if run is None:
        run = ImportRun.objects.create(
            kind=kind or "incidents", file_name=str(path), created_by=by, is_dry_run=dry_run
        )
    run.status, run.started_at = ImportStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        if not isinstance(mapping, Mapping):
            mapping = load_mapping(mapping)
        if kind and mapping.kind != kind:
            raise MappingError([f"This mapping is for {mapping.kind}, not {kind}."])
        run.kind, run.source, run.mapping = mapping.kind, mapping.source, mapping.text
        run.mapping_name = mapping.name
        run.save(update_fields=["kind", "source", "mapping", "mapping_name"])
        rejects = Path(reject_file) if reject_file else default_reject_path(run)
        writer = _ProgressWriter(run)

        def report(fraction: float, partial: ImportResult) -> None:
            if not dry_run or writer.side is not None:
                writer(fraction, partial)
            if progress is not None:
                progress(fraction, partial)

        try:
            result = import_file(
                path,
                mapping,
                reject_file=rejects,
                dry_run=dry_run,
                progress=report,
                shift_days=shift_days,
                fmt=fmt,
            )
        finally:
            writer.close()
    except (MappingError, ImportFileError, OSError, UnicodeDecodeError) as exc:
        run.status, run.error, run.finished_at = ImportStatus.FAILED, str(exc), timezone.now()
        run.save()
        return run, None
    except Exception as exc:
        run.status, run.finished_at = ImportStatus.FAILED, timezone.now()
        run.error = f"{type(exc).__name__}: {exc}"
        run.save()
        raise
    for name in ("rows", "imported", "updated", "unchanged", "rejected", "reject_file"):
        setattr(run, name, getattr(result, name))
    run.status, run.progress, run.finished_at = ImportStatus.DONE, 1.0, timezone.now()
    run.save()
    if not dry_run:
        if run.kind == "incidents":
            rebuild_block_gazetteer()  # address search reads the incidents' blocks
        record_activity(
            by,
            f"data.{run.kind}_imported",
            run,
            {
                "source": run.source,
                "imported": run.imported,
                "updated": run.updated,
                "rejected": run.rejected,
            },
        )
    return run, result


def start_import(
    upload: Any,
    mapping: Mapping,
    *,
    file_format: str | None = None,
    dry_run: bool = False,
    by: Any,
) -> ImportRun:
    """Keep an uploaded file and run its import in the background (see
    :func:`beatbridge.data.tasks.run_import_task`); the returned run shows its progress."""
    if not permissions.can_import_data(by):
        raise PermissionDenied(_("You may not import data."))
    folder = Path(settings.DATA_DIR) / "imports" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}-{Path(upload.name).name}"
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    run = ImportRun.objects.create(
        kind=mapping.kind,
        file_name=upload.name,
        mapping_name=mapping.name,
        mapping=mapping.text,
        source=mapping.source,
        status=ImportStatus.PENDING,
        is_dry_run=dry_run,
        created_by=by,
    )
    jobs.enqueue("beatbridge.data.tasks.run_import_task", run.pk, str(target), file_format)
    return run


def log_engagement(
    officer: Any,
    kind: str,
    started_at: dt.datetime,
    minutes: int,
    area: Area,
    *,
    note: str = "",
    source_ref: str = "",
    by: Any = None,
) -> EngagementActivity:
    """Record time an officer spent engaging with a community.

    Other apps (meetings, walk-throughs, events) call this with ``source_ref`` naming their
    object (``"meetings.Meeting:12"``): logging the same reference again updates the entry
    instead of counting it twice. ``by`` defaults to the officer.
    """
    actor = by if by is not None else officer
    if not permissions.can_log_engagement(actor, officer):
        raise PermissionDenied(_("You may not log engagement for this officer."))
    errors: dict[str, str] = {}
    if kind not in EngagementKind.values:
        errors["kind"] = _("Choose a kind of engagement.")
    if not isinstance(minutes, int) or minutes <= 0 or minutes > 24 * 60:
        errors["minutes"] = _("Enter the minutes spent (1 to 1440).")
    if started_at is None or timezone.is_naive(started_at):
        errors["started_at"] = _("Enter when it started.")
    elif started_at > timezone.now() + dt.timedelta(hours=1):
        errors["started_at"] = _("Engagement cannot be logged ahead of time.")
    if area is None:
        errors["area"] = _("Choose the area.")
    if errors:
        raise ValidationError(errors)
    values = {
        "kind": kind,
        "started_at": started_at,
        "minutes": minutes,
        "area": area,
        "note": note.strip()[:2000],
        "created_by": actor,
    }
    with transaction.atomic():
        if source_ref:
            entry, created = EngagementActivity.objects.update_or_create(
                officer=officer, source_ref=source_ref, defaults=values
            )
        else:
            entry, created = EngagementActivity.objects.create(officer=officer, **values), True
        record_activity(
            actor,
            "data.engagement_logged" if created else "data.engagement_updated",
            entry,
            {"kind": kind, "minutes": minutes, "area": area.pk},
        )
    return entry


def set_category_sensitive(category: OffenseCategory, sensitive: bool, *, by: Any) -> int:
    """Mark an offense category sensitive (its incidents leave every public list, map, export,
    hot-spot map and risk zone) or not sensitive (they are published again).

    Public outputs read the category's flag in each query, and :func:`data_version` (so every
    cached map and figure) changes with it, so the change is public at once, in every process.
    The incidents' copied flag is updated in the same transaction. ``by`` None: the server's
    own authority (commands). Returns the number of the category's incidents (0 when the
    flag was already so).
    """
    if by is not None and not permissions.can_manage_categories(by):
        raise PermissionDenied(_("You may not change offense categories."))
    with transaction.atomic():
        before = (
            OffenseCategory.objects.select_for_update()
            .filter(pk=category.pk)
            .values_list("is_sensitive", flat=True)
            .get()
        )
        category.is_sensitive = category._sensitive_in_db = sensitive
        if before == sensitive:
            return 0
        # The queryset's update also updates the incidents' copied flag.
        OffenseCategory.objects.filter(pk=category.pk).update(is_sensitive=sensitive)
        incidents = Incident.objects.filter(category=category).count()
        record_activity(
            by,
            "data.category_sensitive_set",
            category,
            {"code": category.code, "sensitive": sensitive, "incidents": incidents},
        )
    return incidents


def read_exact_incidents(user: Any, incidents: list[Incident], what: str) -> list[Incident]:
    """Hand exact incident locations to staff, audit-logging each read (one audit row per
    incident, all written in one bulk insert: a page of 500 costs one statement, not 500)."""
    if not permissions.can_view_exact_locations(user):
        raise PermissionDenied(_("Exact incident locations are for police staff only."))
    record_reads_bulk(user, incidents, what)
    return incidents
