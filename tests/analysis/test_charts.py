"""Charts of counts start at zero: an all-zero series is drawn on a 0–1 axis, not around
±0.05 (issue 17)."""

import re

from beatbridge.analysis.charts import balance_svg


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r">\s*([−-]?\d+(?:\.\d+)?)\s*<", svg)


def test_all_zero_series_has_a_zero_based_axis():
    labels = [f"2026-{m:02d}" for m in range(1, 13)]
    svg = balance_svg(labels, [("Concerns", [0.0] * 12, "#0b4f8a")], "Concerns")
    ticks = _tick_labels(svg)
    assert "0.0" in ticks and "1.0" in ticks
    assert not any(t.startswith(("−", "-")) for t in ticks), ticks


def test_positive_series_starts_at_zero():
    labels = [f"2026-{m:02d}" for m in range(1, 7)]
    svg = balance_svg(labels, [("Hours", [40.0, 42, 41, 43, 44, 45], "#0b4f8a")], "Hours")
    ticks = [float(t.replace("−", "-")) for t in _tick_labels(svg)]
    assert min(ticks) == 0
