"""Benjamini-Hochberg false discovery rate control (numpy only)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["fdr_bh"]


def fdr_bh(p: Sequence[float] | np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini-Hochberg step-up procedure.

    Args:
        p: p-values (any shape). NaN entries are ignored: they are never rejected, get a
            NaN q-value, and do not count towards the number of tests.
        alpha: false discovery rate to control.

    Returns:
        ``(reject, q)``: boolean mask of discoveries (equivalently ``q <= alpha``, up to
        floating-point rounding) and the BH-adjusted p-values
        ``q_(i) = min_{j >= i} p_(j) m / j`` (capped at 1), both shaped like ``p``.
    """
    pv = np.asarray(p, dtype=np.float64)
    flat = pv.ravel()
    q = np.full(flat.shape, np.nan)
    reject = np.zeros(flat.shape, dtype=bool)
    valid = np.flatnonzero(~np.isnan(flat))
    m = valid.size
    if m:
        vals = flat[valid]
        order = np.argsort(vals, kind="stable")
        srt = vals[order]
        ranks = np.arange(1, m + 1)
        q_sorted = np.minimum(np.minimum.accumulate((srt * m / ranks)[::-1])[::-1], 1.0)
        qv = np.empty(m)
        qv[order] = q_sorted
        q[valid] = qv
        # step-up: reject the k smallest, k = max{i : p_(i) <= i alpha / m}
        below = np.flatnonzero(srt <= ranks * alpha / m)
        if below.size:
            reject[valid[order[: below[-1] + 1]]] = True
    return reject.reshape(pv.shape), q.reshape(pv.shape)
