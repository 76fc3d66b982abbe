"""Background jobs (Huey): imports started from the admin."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from .mapping import MappingError, load_mapping
from .models import ImportRun, ImportStatus
from .services import run_import


@db_task()
def run_import_task(run_id: int, path: str, fmt: str | None = None) -> None:
    """Run an uploaded import; progress and counts are written to the ImportRun as it goes."""
    run = ImportRun.objects.get(pk=run_id)
    try:
        mapping = load_mapping(run.mapping_name or "upload.toml", text=run.mapping)
    except MappingError as exc:
        run.status, run.error = ImportStatus.FAILED, str(exc)
        run.save(update_fields=["status", "error"])
        return
    run_import(
        path, mapping, kind=run.kind, by=run.created_by, dry_run=run.is_dry_run, fmt=fmt, run=run
    )
