"""Backup and restore: the whole database (Django's dumpdata, natural foreign keys, so the
content types and permissions a fresh ``migrate`` makes are matched by name) plus the uploaded
media files, in one .tar.gz with a manifest (format, time, migrations, row counts, files with
their SHA-256). Restore loads it into an empty, migrated database."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "beatbridge-backup/1"
# Made by migrate (content types, permissions) or short-lived (sessions): not dumped.
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why."""


@dataclass
class BackupSummary:
    path: Path
    rows: int
    models: int
    files: int


def _dumped_models() -> list[Any]:
    skipped_apps = {e for e in EXCLUDED if "." not in e}
    skipped_models = {e.lower() for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skipped_apps
        and m._meta.label_lower not in skipped_models
        and m._meta.managed
        and not m._meta.proxy
    ]


def model_counts() -> dict[str, int]:
    """Rows of every model a backup holds, by model label."""
    return {m._meta.label: m._default_manager.count() for m in _dumped_models()}


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(dt.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def make_backup(path: Path) -> BackupSummary:
    """Write the database and media files to ``path`` (.tar.gz, mode 0600)."""
    path = Path(path)
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "data.json"
        # One repeatable read of the whole database, so the dump is consistent.
        with transaction.atomic():
            counts = model_counts()
            call_command(
                "dumpdata",
                *[],
                exclude=list(EXCLUDED),
                natural_foreign=True,
                output=str(dump),
                verbosity=0,
            )
        files = _media_files()
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "migrations": _migrations(),
            "counts": counts,
            "media": [
                {
                    "path": f.relative_to(root).as_posix(),
                    "size": f.stat().st_size,
                    "sha256": _sha256(f),
                }
                for f in files
            ],
        }
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname="data.json")
            for f in files:
                archive.add(f, arcname="media/" + f.relative_to(root).as_posix())
    return BackupSummary(path, sum(counts.values()), len(counts), len(files))


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember("manifest.json")
    except KeyError as exc:
        raise BackupError("Not a Beatbridge backup: no manifest.json.") from exc
    manifest = json.loads(archive.extractfile(member).read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def non_empty_models() -> dict[str, int]:
    return {label: n for label, n in model_counts().items() if n}


def restore_backup(path: Path) -> dict[str, Any]:
    """Load a backup into this (migrated, empty) database and put its media files back.
    Refuses a database that holds data, and a member path outside media/."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    # Migrations seed reference data (categories): an unused database has no accounts and
    # no activity. Its seeded rows are replaced by the backup's.
    seeded = non_empty_models()
    used = {k: n for k, n in seeded.items() if k in ("accounts.User", "accounts.ActivityEntry")}
    if used:
        names = ", ".join(f"{label} ({n})" for label, n in sorted(used.items()))
        raise BackupError(f"The database is in use: {names}. Restore into an empty one.")
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        manifest = read_manifest(archive)
        missing = {
            app: sorted(set(names) - set(_migrations().get(app, [])))
            for app, names in manifest["migrations"].items()
        }
        missing = {app: names for app, names in missing.items() if names}
        if missing:
            raise BackupError(
                f"This database lacks migrations the backup was made with: {missing}. "
                "Install the same or a newer release and run migrate first."
            )
        archive.extract("data.json", tmp, filter="data")
        with transaction.atomic():
            for label in seeded:
                apps.get_model(label)._default_manager.all().delete()
            call_command("loaddata", str(Path(tmp) / "data.json"), verbosity=0)
        media = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        root.mkdir(parents=True, exist_ok=True)
        for member in media:
            relative = member.name[len("media/") :]
            target = (root / relative).resolve()
            if not target.is_relative_to(root.resolve()):
                raise BackupError(f"Refusing a file outside the media folder: {member.name}")
            member.name = relative
            archive.extract(member, root, filter="data")
    return {"counts": model_counts(), "expected": manifest["counts"], "files": len(media)}
