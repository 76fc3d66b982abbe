"""Server-rendered SVG of Safety and Trust scores over waves, with 95% intervals."""

from __future__ import annotations

import io

from beatbridge.data.charts import _escape, plt


def scores_svg(rows: list[dict], title: str, labels: dict[str, str]) -> str:
    fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=96)
    try:
        names = [r["wave"] for r in rows]
        for offset, (key, color) in ((-0.12, ("safety", "#0b4f8a")), (0.12, ("trust", "#b35900"))):
            xs, ys, lo, hi = [], [], [], []
            for i, r in enumerate(rows):
                est = r.get(key)
                if est:
                    xs.append(i + offset)
                    ys.append(est["estimate"])
                    lo.append(est["estimate"] - est["ci_low"])
                    hi.append(est["ci_high"] - est["estimate"])
            if xs:
                ax.errorbar(
                    xs, ys, yerr=[lo, hi], fmt="o-", color=color, capsize=4, label=labels[key]
                )
        ax.set_xticks(range(len(names)), names, fontsize=11)
        ax.set_ylim(0, 100)
        ax.set_xlim(-0.5, max(len(names) - 0.5, 0.5))
        ax.set_ylabel("0-100", fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#c9d0da", linewidth=0.6)
        ax.set_axisbelow(True)
        if any(r.get("safety") or r.get("trust") for r in rows):
            ax.legend(loc="lower left", fontsize=10, frameon=False)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    return buffer.getvalue().replace("<svg", f'<svg role="img" aria-label="{_escape(title)}"', 1)
