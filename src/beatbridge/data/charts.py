"""Server-rendered SVG charts (matplotlib, Agg backend). Each is shown beside a data table."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.fonttype"] = "none"  # real text: smaller, selectable, faster
import matplotlib.pyplot as plt  # noqa: E402

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def monthly_svg(series: list[tuple[int, int]], title: str) -> str:
    """A bar chart of monthly counts as a standalone SVG document."""
    labels = [f"{MONTHS[m % 100 - 1]} {m // 100}" for m, _ in series]
    values = [n for _, n in series]
    fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=96)
    try:
        ax.bar(range(len(values)), values, color="#0b4f8a", width=0.8)
        ax.set_xticks(range(0, len(values), 6), labels[::6], fontsize=11)
        ax.tick_params(axis="y", labelsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#c9d0da", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_ylabel("incidents", fontsize=11)
        ax.margins(x=0.01)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    svg = buffer.getvalue()
    return svg.replace("<svg", f'<svg role="img" aria-label="{_escape(title)}"', 1)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )
