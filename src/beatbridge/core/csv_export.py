"""CSV that is safe to open in a spreadsheet (OWASP "CSV injection").

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``@SUM(...)``, DDE
``=cmd|...``). Such a cell gets a leading apostrophe, which spreadsheets show as text. Numbers
(int, float, Decimal) are written as they are: a negative number is no formula, and the
exports' coordinates and percentage changes stay numeric. Every CSV the server writes for
people to download goes through :func:`writer`. Self-contained (standard library only).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_START = frozenset("=+-@\t\r")
_NUMBERS = (int, float, Decimal)  # bool is an int


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet will not evaluate it (numbers and None unchanged)."""
    if value is None or isinstance(value, _NUMBERS):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text and text[0] in FORMULA_START else text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


class SafeWriter:
    """:func:`csv.writer` whose every text cell is neutralized (:func:`safe_cell`)."""

    def __init__(self, target: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(target, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(target: Any, **kwargs: Any) -> SafeWriter:
    return SafeWriter(target, **kwargs)
