"""Server-rendered SVG charts (matplotlib, Agg). Each page shows a data table beside them."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

INK, BRAND, WARN, MUTED = "#1b1f24", "#0b4f8a", "#a1161b", "#4a5260"


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _svg(fig, title: str) -> str:
    buffer = io.StringIO()
    try:
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    return svg.replace("<svg", f'<svg role="img" aria-label="{_escape(title)}"', 1)


def cached_svg(func, *args, **kwargs) -> str:
    """``func(*args, **kwargs)``, cached by its inputs (drawing takes a few hundred ms)."""
    import hashlib

    from django.core.cache import cache
    from django.utils.translation import get_language

    key = (
        "analysis:svg:"
        + hashlib.sha256(
            repr((func.__name__, get_language(), args, sorted(kwargs.items()))).encode()
        ).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        svg = func(*args, **kwargs)
        cache.set(key, svg, 24 * 3600)
    return svg


def knox_svg(
    ratio: list[list[float | None]],
    p: list[list[float | None]],
    space_labels: list[str],
    time_labels: list[str],
    title: str,
    alpha: float = 0.05,
) -> str:
    """Heat map of Knox ratios; significant cells are outlined and starred."""
    r = np.array([[np.nan if v is None else v for v in row] for row in ratio], dtype=float)
    pv = np.array([[np.nan if v is None else v for v in row] for row in p], dtype=float)
    fig, ax = plt.subplots(figsize=(7.5, 0.38 * r.shape[0] + 1.6), dpi=96)
    shown = np.clip(np.nan_to_num(r, nan=1.0), 0.5, 2.0)
    ax.imshow(shown, cmap="RdBu_r", vmin=0.5, vmax=1.5, aspect="auto")
    for i in range(r.shape[0]):
        for j in range(r.shape[1]):
            if np.isnan(r[i, j]):
                continue
            star = "*" if pv[i, j] <= alpha and r[i, j] > 1 else ""
            ax.text(j, i, f"{r[i, j]:.2f}{star}", ha="center", va="center", fontsize=9, color=INK)
    ax.set_xticks(range(len(time_labels)), time_labels, fontsize=9, rotation=30, ha="right")
    ax.set_yticks(range(len(space_labels)), space_labels, fontsize=9)
    ax.set_xlabel("days between the two incidents", fontsize=10)
    ax.set_ylabel("distance", fontsize=10)
    fig.tight_layout()
    return _svg(fig, title)


def balance_svg(
    labels: list[str],
    panels: list[tuple[str, list[float | None], str]],
    title: str,
    shade_recent: int = 3,
) -> str:
    """Small multiples: one panel per monthly series (label, values, colour); the recent
    months are shaded."""
    n = len(panels)
    fig, axes = plt.subplots(n, 1, figsize=(7.5, 1.45 * n + 0.6), dpi=96, sharex=True)
    axes = np.atleast_1d(axes)
    x = np.arange(len(labels))
    for ax, (name, values, colour) in zip(axes, panels, strict=True):
        y = np.array([np.nan if v is None else v for v in values], dtype=float)
        ax.plot(x, y, color=colour, marker="o", markersize=3, linewidth=1.6)
        ax.set_title(name, fontsize=10, loc="left", color=INK)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#c9d0da", linewidth=0.6)
        ax.tick_params(labelsize=9)
        if shade_recent and len(labels) > shade_recent:
            ax.axvspan(len(labels) - shade_recent - 0.5, len(labels) - 0.5, color="#ffe8b3")
        if np.all(np.isnan(y)):
            ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", color=MUTED)
        elif np.nanmin(y) >= 0:
            # Counts and scores start at zero; an all-zero series gets a 0–1 axis rather
            # than matplotlib's ±0.05 around the line.
            top = float(np.nanmax(y))
            ax.set_ylim(0, top * 1.1 if top > 0 else 1)
    step = max(1, len(labels) // 8)
    axes[-1].set_xticks(x[::step], [labels[i] for i in range(0, len(labels), step)], fontsize=9)
    fig.tight_layout()
    return _svg(fig, title)
