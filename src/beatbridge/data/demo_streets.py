"""Chicago's address grid, for the demo's street blocks.

The packaged incident extracts have coordinates but no ``block`` field, so the demo derives
one for incidents that lie on a major street, from Chicago's address grid: State Street is
0 east/west and Madison Street 0 north/south, with 800 address numbers to the mile. Each
street is listed with its grid number ("HOWARD", 7600 north). The blocks are approximate
(the real grid bends in places) and marked as derived in ``demo/data/SOURCES.md``; a real
deployment imports its records system's own block field.
"""

from __future__ import annotations

import numpy as np

STATE_LON = -87.6278  # State St (0 E/W)
MADISON_LAT = 41.88195  # Madison St (0 N/S)
MILES_PER_DEG_LAT = 69.05
MILES_PER_DEG_LON = 51.48  # at Chicago's latitude
NUMBERS_PER_MILE = 800
NEAR_DEG = 0.0006  # about 65 m: an incident this close to a street is "on" it

# (name, suffix, grid number): positive is north of Madison; east-west streets.
EAST_WEST = [
    ("HOWARD", "ST", 7600), ("JUNEAU", "BLVD", 7500), ("TOUHY", "AVE", 7200),
    ("MORSE", "AVE", 6900), ("PRATT", "BLVD", 6800), ("DEVON", "AVE", 6400),
    ("PETERSON", "AVE", 6000), ("BRYN MAWR", "AVE", 5600), ("FOSTER", "AVE", 5200),
    ("LAWRENCE", "AVE", 4800), ("MONTROSE", "AVE", 4400), ("IRVING PARK", "RD", 4000),
    ("ADDISON", "ST", 3600), ("BELMONT", "AVE", 3200), ("DIVERSEY", "AVE", 2800),
    ("FULLERTON", "AVE", 2400), ("ARMITAGE", "AVE", 2000), ("NORTH", "AVE", 1600),
    ("DIVISION", "ST", 1200), ("CHICAGO", "AVE", 800), ("GRAND", "AVE", 530),
    ("LAKE", "ST", 200), ("MADISON", "ST", 0), ("JACKSON", "BLVD", -300),
    ("ROOSEVELT", "RD", -1200), ("18TH", "ST", -1800), ("CERMAK", "RD", -2200),
    ("31ST", "ST", -3100), ("35TH", "ST", -3500), ("PERSHING", "RD", -3900),
    ("47TH", "ST", -4700), ("51ST", "ST", -5100), ("GARFIELD", "BLVD", -5500),
    ("59TH", "ST", -5900), ("63RD", "ST", -6300), ("67TH", "ST", -6700),
    ("71ST", "ST", -7100), ("75TH", "ST", -7500), ("79TH", "ST", -7900),
    ("83RD", "ST", -8300), ("87TH", "ST", -8700), ("95TH", "ST", -9500),
    ("103RD", "ST", -10300), ("111TH", "ST", -11100), ("119TH", "ST", -11900),
]  # fmt: skip
# (name, suffix, grid number): positive is west of State; north-south streets.
NORTH_SOUTH = [
    ("HARLEM", "AVE", 7200), ("CENTRAL", "AVE", 5600), ("CICERO", "AVE", 4800),
    ("KOSTNER", "AVE", 4400), ("PULASKI", "RD", 4000), ("KEDZIE", "AVE", 3200),
    ("CALIFORNIA", "AVE", 2800), ("WESTERN", "AVE", 2400), ("DAMEN", "AVE", 2000),
    ("ASHLAND", "AVE", 1600), ("GREENVIEW", "AVE", 1500), ("GLENWOOD", "AVE", 1400),
    ("RACINE", "AVE", 1200), ("HALSTED", "ST", 800), ("WENTWORTH", "AVE", 200),
    ("STATE", "ST", 0), ("MARTIN LUTHER KING", "DR", -400), ("COTTAGE GROVE", "AVE", -800),
    ("STONY ISLAND", "AVE", -1600),
]  # fmt: skip


def _lat(grid: int) -> float:
    return MADISON_LAT + grid / NUMBERS_PER_MILE / MILES_PER_DEG_LAT


def _lon(grid: int) -> float:
    return STATE_LON - grid / NUMBERS_PER_MILE / MILES_PER_DEG_LON


def pretty(name: str, suffix: str = "") -> str:
    """``("103RD", "ST")`` → ``"103rd St"``; ``("BRYN MAWR", "AVE")`` → ``"Bryn Mawr Ave"``."""
    words = f"{name} {suffix}".split()
    return " ".join(w.lower() if w[0].isdigit() else w.capitalize() for w in words)


def street_names() -> list[str]:
    """Street names for demo texts ("Howard St", "Glenwood Ave")."""
    return [pretty(n, s) for n, s, _g in EAST_WEST + NORTH_SOUTH]


def blocks_for(lons: np.ndarray, lats: np.ndarray) -> list[str]:
    """The hundred-block label of each point on a listed street ("016XX W HOWARD ST"),
    or "" for points on none."""
    best = np.full(lons.shape, NEAR_DEG)
    labels = np.full(lons.shape, "", dtype=object)
    for name, suffix, grid in EAST_WEST:
        dist = np.abs(lats - _lat(grid))
        near = dist < best
        if near.any():
            number = (STATE_LON - lons[near]) * MILES_PER_DEG_LON * NUMBERS_PER_MILE
            for i, num in zip(np.flatnonzero(near), number, strict=True):
                side = "W" if num >= 0 else "E"
                labels[i] = f"{int(abs(num)) // 100:03d}XX {side} {name} {suffix}"
            best[near] = dist[near]
    for name, suffix, grid in NORTH_SOUTH:
        dist = np.abs(lons - _lon(grid))
        near = dist < best
        if near.any():
            number = (lats[near] - MADISON_LAT) * MILES_PER_DEG_LAT * NUMBERS_PER_MILE
            for i, num in zip(np.flatnonzero(near), number, strict=True):
                side = "N" if num >= 0 else "S"
                labels[i] = f"{int(abs(num)) // 100:03d}XX {side} {name} {suffix}"
            best[near] = dist[near]
    return labels.tolist()
