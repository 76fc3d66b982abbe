"""Demo data: real Chicago aggravated assaults (dates shifted), synthetic enforcement, engagement.

* Incidents: the packaged 2010-2019 aggravated assaults, imported with the shipped mapping
  through the normal importer, with every date shifted forward by a whole number of weeks so
  the latest incident falls in the last week before today. The latest year of data therefore
  becomes the current year and the "last 28 days" and "year to date" figures have data;
  weekdays (and so weekday × hour patterns) are preserved; seasons move by under a week.
* Enforcement: **synthetic**. Chicago publishes no stop/citation records here, so for each beat
  and month of the last three years a seeded random generator draws a plausible number of
  stops, citations, warnings, arrests and summons from the beat's real incident density; the
  three beats of the demo officers get a rise in minor-offense enforcement over the last three
  months (so the enforcement-balance monitor has something to show). Every row has
  ``is_synthetic=True`` and every page that shows them says so.
* Engagement: a handful of logged foot patrols, school visits and business checks.

Loading twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from beatbridge.areas import locator
from beatbridge.areas.models import Area, AreaKind

from . import parsing
from .importer import ensure_local_categories
from .mapping import load_mapping
from .models import (
    EnforcementAction,
    ImportRun,
    ImportStatus,
    Incident,
    OffenseCategory,
)
from .services import log_engagement, run_import
from .writing import write_rows

SYNTHETIC_SOURCE = "demo-synthetic-enforcement"
WEDGE_BEATS = ("2431", "2432", "2433")
KIND_MIX = [
    ("stop", 0.50),
    ("citation", 0.22),
    ("warning", 0.16),
    ("arrest", 0.10),
    ("summons", 0.02),
]
MINOR_VIOLATIONS = [
    ("90Z-TRAFFIC", "Traffic violation"),
    ("90B", "Loitering"),
    ("90C", "Disorderly conduct"),
    ("90E", "Public intoxication"),
    ("90G", "Open container"),
    ("90J", "Trespass"),
    ("35B", "Drug paraphernalia"),
]
SERIOUS_VIOLATIONS = [
    ("35A", "Narcotics"),
    ("520", "Weapon violation"),
    ("90D", "DUI"),
    ("13A", "Aggravated assault"),
    ("240", "Motor vehicle theft"),
    ("120", "Robbery"),
]


def _packaged(name: str) -> Path:
    """A data file packaged with the demo city (``beatbridge/demo/data/``), read as package
    data so that this app never imports the demo loader that sits above every app."""
    from importlib import resources

    return Path(str(resources.files("beatbridge.demo") / "data" / name))


def _assaults_path() -> Path:
    return _packaged("aggravated_assaults_2010_2019.csv.gz")


def shift_days_for(path: Path, today: dt.date) -> int:
    """Whole weeks that move the file's latest date into the week before today."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        latest = max(row["date"][:10] for row in csv.DictReader(fh))
    days = (today - dt.timedelta(days=1) - dt.date.fromisoformat(latest)).days
    return (days // 7) * 7


def load_incidents(out: Callable[[str], object] = print) -> int:
    path = _assaults_path()
    shift = shift_days_for(path, timezone.localdate())
    label = f"{path.name} (demo: dates shifted {shift} days)"
    if ImportRun.objects.filter(
        file_name=label, status=ImportStatus.DONE, is_dry_run=False
    ).exists():
        out("  incidents: already loaded")
        return shift
    run, result = run_import(
        path, "chicago_aggravated_assaults", kind="incidents", shift_days=shift
    )
    if result is None:
        raise RuntimeError(f"Demo incident import failed: {run.error}")
    run.file_name = label
    run.save(update_fields=["file_name"])
    out(f"  incidents (real Chicago aggravated assaults, dates +{shift} days): {result.summary()}")
    return shift


def _month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def load_synthetic_enforcement(out: Callable[[str], object] = print, months: int = 36) -> int:
    """Generate the synthetic enforcement set from real incident density (seeded, idempotent)."""
    ensure_local_categories(load_mapping("stanford_open_policing"))
    cats = dict(OffenseCategory.objects.values_list("code", "id"))
    today = timezone.localdate()
    starts = _month_starts(today, months)
    first_month = starts[0].year * 100 + starts[0].month
    density = {
        (b, m): n
        for b, m, n in Incident.objects.filter(local_month__gte=first_month, beat__isnull=False)
        .values_list("beat_id", "local_month")
        .annotate(n=Count("id"))
        .order_by()
    }
    points: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    rows = np.array(
        # Ordered: the generator picks points by index, so an unordered read (PostgreSQL
        # returns rows in physical order, which updates change) would move them on a rerun.
        Incident.objects.filter(beat__isnull=False)
        .order_by("pk")
        .values_list("beat_id", "lon", "lat")
    )
    if rows.size == 0:
        out("  synthetic enforcement: no incidents to derive it from")
        return 0
    for beat_id in np.unique(rows[:, 0]).astype(int):
        sel = rows[rows[:, 0] == beat_id]
        points[beat_id] = (sel[:, 1], sel[:, 2])
    beats = list(Area.objects.filter(kind=AreaKind.BEAT, pk__in=points).order_by("code"))
    rng = np.random.default_rng(20240501)
    kinds = [k for k, _ in KIND_MIX]
    kind_p = [p for _, p in KIND_MIX]
    hour_p = np.array(
        [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 6, 6, 7, 8, 8, 7, 7, 6, 5, 4, 3], float
    )
    hour_p /= hour_p.sum()
    recs: dict[str, list] = {
        k: [] for k in ("sid", "local", "kind", "code", "viol", "minor", "lon", "lat")
    }
    for beat in beats:
        lons, lats = points[beat.pk]
        for index, start in enumerate(starts):
            month = start.year * 100 + start.month
            end = (start + dt.timedelta(days=32)).replace(day=1)
            days_in = (min(end, today + dt.timedelta(days=1)) - start).days
            lam = (2.0 + 0.6 * density.get((beat.pk, month), 0)) * days_in / 30.0
            count = int(rng.poisson(lam))
            minor_share = 0.55
            if beat.code in WEDGE_BEATS and index >= months - 3:
                count = int(count * 1.8) + 4
                minor_share = 0.8
            for i in range(count):
                is_minor = bool(rng.random() < minor_share)
                code, text = (MINOR_VIOLATIONS if is_minor else SERIOUS_VIOLATIONS)[
                    int(rng.integers(0, 7 if is_minor else 6))
                ]
                pick = int(rng.integers(0, len(lons)))
                day = int(rng.integers(0, days_in))
                hour = int(rng.choice(24, p=hour_p))
                minute = int(rng.integers(0, 60))
                local = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(hour, minute))
                recs["sid"].append(f"{beat.code}-{month}-{i}")
                recs["local"].append(int((local - parsing.EPOCH).total_seconds()))
                recs["kind"].append(str(rng.choice(kinds, p=kind_p)))
                recs["code"].append(code)
                recs["viol"].append(text)
                recs["minor"].append(is_minor)
                recs["lon"].append(float(lons[pick]))
                recs["lat"].append(float(lats[pick]))
    n = len(recs["sid"])
    local = np.array(recs["local"], dtype=np.int64)
    lons = np.array(recs["lon"])
    lats = np.array(recs["lat"])
    ulon, ulat, inverse = parsing.unique_points(lons, lats)
    found = locator.locate_many(ulon, ulat, kinds=("beat", "district", "neighborhood"))
    glon, glat, cells = parsing.generalize(ulon, ulat)
    utc = parsing.local_to_utc(local, timezone.get_default_timezone())
    month_col, weekday, hour = parsing.local_parts(local)
    from django.db import connection

    suffix = "+00" if connection.vendor == "postgresql" else ""
    now = parsing.utc_strings(np.array([int(timezone.now().timestamp())]), suffix)[0]
    cols = {
        "source": [SYNTHETIC_SOURCE] * n,
        "source_id": recs["sid"],
        "occurred_at": parsing.utc_strings(utc, suffix),
        "local_month": month_col.tolist(),
        "local_weekday": weekday.tolist(),
        "local_hour": hour.tolist(),
        "category_id": [cats.get(c) for c in recs["code"]],
        "is_minor": recs["minor"],
        "lon": lons.tolist(),
        "lat": lats.tolist(),
        "public_lon": glon[inverse].tolist(),
        "public_lat": glat[inverse].tolist(),
        "h3_cell": [cells[j] for j in inverse],
        "imported_at": [now] * n,
        "updated_at": [now] * n,
        "kind": recs["kind"],
        "violation": recs["viol"],
        "outcome": [""] * n,
        "reason": ["synthetic (demo)"] * n,
        "is_synthetic": [True] * n,
    }
    for kind in ("beat", "district", "neighborhood"):
        ids = found[kind][inverse].astype(object)
        ids[ids == -1] = None
        cols[f"{kind}_id"] = ids.tolist()
    cols["row_hash"] = [
        hashlib.blake2b(repr(row).encode(), digest_size=12).hexdigest()
        for row in zip(
            cols["occurred_at"],
            cols["kind"],
            cols["category_id"],
            cols["lon"],
            cols["lat"],
            strict=True,
        )
    ]
    started = timezone.now()
    with transaction.atomic():
        before = EnforcementAction.objects.filter(source=SYNTHETIC_SOURCE).count()
        changed = write_rows("enforcement", cols)
        total = EnforcementAction.objects.filter(source=SYNTHETIC_SOURCE).count()
        # Recorded like an import: provenance, and a new data version for cached figures.
        if changed:
            ImportRun.objects.create(
                kind="enforcement",
                file_name="(generated: synthetic demo enforcement)",
                mapping_name="demo",
                source=SYNTHETIC_SOURCE,
                status=ImportStatus.DONE,
                rows=n,
                imported=total - before,
                updated=changed - (total - before),
                unchanged=n - changed,
                progress=1.0,
                started_at=started,
                finished_at=timezone.now(),
            )
    out(
        f"  synthetic enforcement: {n} generated, {changed} new or changed, {total} in all "
        "(marked synthetic on every page)"
    )
    return n


DEMO_ENGAGEMENT = [
    # (officer email, kind, days ago, hour, minutes, area kind, area code, note)
    (
        "officer@demo.beatbridge.org",
        "foot_patrol",
        2,
        16,
        90,
        "beat",
        "2431",
        "Walked Clark St between Devon and Arthur; talked with shop owners.",
    ),
    ("officer@demo.beatbridge.org", "business_check", 5, 11, 45, "beat", "2431", ""),
    (
        "officer@demo.beatbridge.org",
        "school_visit",
        9,
        9,
        60,
        "neighborhood",
        "1",
        "Sullivan High School: safe-routes talk with 10th graders.",
    ),
    (
        "officer2@demo.beatbridge.org",
        "community_event",
        4,
        18,
        120,
        "neighborhood",
        "1",
        "Coffee with a cop at the Rogers Park library.",
    ),
    ("officer2@demo.beatbridge.org", "foot_patrol", 12, 15, 75, "beat", "2432", ""),
    ("officer3@demo.beatbridge.org", "foot_patrol", 3, 13, 60, "beat", "0111", ""),
    (
        "supervisor@demo.beatbridge.org",
        "meeting",
        20,
        18,
        90,
        "neighborhood",
        "1",
        "Beat 2431/2432 community meeting.",
    ),
]


def load_engagement(out: Callable[[str], object] = print) -> int:
    from beatbridge.accounts.models import User

    now = timezone.now()
    count = 0
    for i, (email, kind, days, hour, minutes, area_kind, code, note) in enumerate(DEMO_ENGAGEMENT):
        officer = User.objects.filter(email=email).first()
        area = Area.objects.filter(kind=area_kind, code=code).first()
        if officer is None or area is None:
            continue
        started = (now - dt.timedelta(days=days)).replace(
            hour=hour, minute=0, second=0, microsecond=0
        )
        log_engagement(officer, kind, started, minutes, area, note=note, source_ref=f"demo:{i}")
        count += 1
    out(f"  engagement: {count} demo entries")
    return count


def load_burglaries(out: Callable[[str], object] = print) -> int:
    """The packaged 2014-2017 residential burglaries, shifted like the assaults (their own
    whole weeks), so the near-repeat page has a real burglary pattern."""
    path = _packaged("residential_burglary_2014_2017.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        latest = max(dt.datetime.strptime(r["date_single"], "%d/%m/%Y").date()
                     for r in csv.DictReader(fh))  # fmt: skip
    days = (timezone.localdate() - dt.timedelta(days=1) - latest).days
    shift = (days // 7) * 7
    label = f"{path.name} (demo: dates shifted {shift} days)"
    if ImportRun.objects.filter(
        file_name=label, status=ImportStatus.DONE, is_dry_run=False
    ).exists():
        out("  burglaries: already loaded")
        return shift
    run, result = run_import(
        path, "chicago_residential_burglary", kind="incidents", shift_days=shift
    )
    if result is None:
        raise RuntimeError(f"Demo burglary import failed: {run.error}")
    run.file_name = label
    run.save(update_fields=["file_name"])
    out(f"  incidents (real Chicago residential burglaries, dates +{shift} days): "
        f"{result.summary()}")  # fmt: skip
    return shift


def load_blocks(out: Callable[[str], object] = print) -> int:
    """Derive a ``block`` for demo incidents on major streets (the extracts have none; see
    ``data/demo_streets.py``), then rebuild the address gazetteer. Only blank blocks are filled,
    so loading twice changes nothing."""
    from collections import defaultdict

    from .demo_streets import blocks_for
    from .gazetteer import rebuild_block_gazetteer

    rows = np.array(
        Incident.objects.filter(block="", source__startswith="chicago-").values_list(
            "id", "lon", "lat"
        ),
        dtype=float,
    )
    filled = 0
    if rows.size:
        labels = blocks_for(rows[:, 1], rows[:, 2])
        groups: dict[str, list[int]] = defaultdict(list)
        for pk, label in zip(rows[:, 0].astype(int).tolist(), labels, strict=True):
            if label:
                groups[label].append(pk)
        with transaction.atomic():
            for label, ids in groups.items():
                for start in range(0, len(ids), 900):
                    Incident.objects.filter(pk__in=ids[start : start + 900]).update(block=label)
                filled += len(ids)
    count = rebuild_block_gazetteer()
    out(f"  street blocks: {filled} incidents placed on a block (derived); gazetteer {count}")
    return count


def load_demo(out: Callable[[str], object] = print) -> None:
    from .nibrs import seed_offense_categories

    out("Crime data (real incidents, synthetic enforcement):")
    seed_offense_categories()
    load_incidents(out)
    load_burglaries(out)
    load_blocks(out)
    load_synthetic_enforcement(out)
    load_engagement(out)
