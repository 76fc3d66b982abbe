"""Shared body of ``import_incidents`` and ``import_enforcement``."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from beatbridge.data.services import run_import


class ImportCommand(BaseCommand):
    kind = "incidents"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or GeoJSON file (may be gzipped)")
        parser.add_argument(
            "--mapping",
            help="mapping TOML file, or the name of a shipped mapping (e.g. "
            "chicago_aggravated_assaults)",
        )
        parser.add_argument(
            "--suggest-mapping",
            action="store_true",
            help="print a starting mapping guessed from the file's header and first rows "
            "(id, date parts and format, coordinates and CRS, offense column); import nothing",
        )
        parser.add_argument("--format", choices=["csv", "geojson"], default=None)
        parser.add_argument("--reject-file", default=None, help="where to write rejected rows")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")

    def handle(self, *args, **opts):
        if opts["suggest_mapping"]:
            from beatbridge.data.suggest import suggest_mapping

            try:
                self.stdout.write(suggest_mapping(opts["file"], kind=self.kind), ending="")
            except (OSError, ValueError, UnicodeError) as exc:
                raise CommandError(f"Cannot suggest a mapping: {exc}") from exc
            return
        if not opts["mapping"]:
            raise CommandError("--mapping is required (or --suggest-mapping to write one).")
        with Progress(
            TextColumn("[bold]Importing"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[rows]} rows"),
            TimeElapsedColumn(),
            disable=not sys.stderr.isatty(),
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=1.0, rows=0)
            run, result = run_import(
                opts["file"],
                opts["mapping"],
                kind=self.kind,
                reject_file=opts["reject_file"],
                dry_run=opts["dry_run"],
                fmt=opts["format"],
                progress=lambda f, r: bar.update(task, completed=f, rows=r.rows),
            )
        if result is None:
            raise CommandError(run.error)
        self.stdout.write(
            f"imported {result.imported} / updated {result.updated} / "
            f"unchanged {result.unchanged} / rejected {result.rejected}  ({result.rows} rows)"
        )
        for reason, count in result.reasons.most_common():
            self.stdout.write(f"  rejected, {reason}: {count}")
        if result.reject_file:
            self.stdout.write(f"Rejected rows with row number and reason: {result.reject_file}")
        if result.dry_run:
            self.stdout.write("Dry run: nothing was saved.")
