"""What a study's numbers say: Delta chi^2 per setting, exposures per question, best angles.

All statistics are the detector's per-setting Asimov ``Delta chi^2`` per second
(:class:`expdesign.planner.renp_detection.SettingStatistics`: magnetometer white noise or
photon counting with background), the same terms the Plan's exposures sum.  A question
asked at one trigger angle needs ``target / dchi2(theta)`` seconds; asked over all angles
with equal time each, ``target / mean_theta dchi2(theta)``
(:func:`expdesign.statistics.time_for_delta_chi2`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from expdesign import statistics as stats

__all__ = ["QUESTIONS", "question_rows"]

QUESTIONS = ("NO vs IO at 5 sigma", "Dirac vs Majorana at 5 sigma",
             "lightest mass to +-delta (1 sigma)")
"""The questions asked of every true hypothesis of the grid (delta:
:func:`expdesign.statistics.mass_interval_halfwidth`)."""


def _window(d: np.ndarray, theta: np.ndarray) -> tuple[float, float, float]:
    """Best angle and the contiguous window around it where dchi2 >= half its maximum."""
    i = int(np.argmax(d))
    lo = hi = i
    while lo > 0 and d[lo - 1] >= 0.5 * d[i]:
        lo -= 1
    while hi < len(d) - 1 and d[hi + 1] >= 0.5 * d[i]:
        hi += 1
    return float(theta[i]), float(theta[lo]), float(theta[hi])


def _time(rate: float, target: float) -> float:
    return stats.time_for_delta_chi2(rate, target) if rate > 0 and np.isfinite(rate) \
        else float("inf")


def question_rows(table: list[dict[str, Any]], signal: np.ndarray, theta_deg: np.ndarray,
                  dchi2: Callable[[np.ndarray, np.ndarray], np.ndarray]
                  ) -> list[dict[str, Any]]:
    """One row per (true hypothesis, question) whose alternative is in the grid.

    ``table``: the hypotheses (dicts with ``ordering``, ``nature``, ``lightest_mass_meV``,
    ``alpha_deg``, ``beta_deg``, ``label``); ``signal`` (H, n_angles) their detector
    signals.  Columns: truth, question, against, exposure_s (all angles, equal time),
    best_angle_deg, exposure_best_angle_s, window_lo_deg, window_hi_deg (dchi2 >= half
    its best).  For the mass question the time is the longer of the two sides
    (``m0 -+ delta``, the grid mass nearest each, other fields as the truth)."""
    index = {(r["ordering"], r["nature"], r["alpha_deg"], r["beta_deg"],
              r["lightest_mass_meV"]): k for k, r in enumerate(table)}
    masses = np.array(sorted({r["lightest_mass_meV"] for r in table}))
    rows = []
    for k, r in enumerate(table):
        o, nat, a, b, m = (r["ordering"], r["nature"], r["alpha_deg"], r["beta_deg"],
                           r["lightest_mass_meV"])
        other_o = "IO" if o == "NO" else "NO"
        other_n = "majorana" if nat == "dirac" else "dirac"
        alts: list[tuple[str, list[int], float]] = []
        j = index.get((other_o, nat, a, b, m))
        if j is not None:
            alts.append((QUESTIONS[0], [j], 25.0))
        ab = (0.0, 0.0) if other_n == "dirac" else (a, b)
        j = index.get((o, other_n, ab[0], ab[1], m))
        if j is None and other_n == "majorana":
            j = index.get((o, other_n, 0.0, 0.0, m))
        if j is not None:
            alts.append((QUESTIONS[1], [j], 25.0))
        delta = 1e3 * stats.mass_interval_halfwidth(1e-3 * m)
        sides = []
        for mm in (m - delta, m + delta):
            if mm < masses[0] - 1e-9 or mm > masses[-1] + 1e-9:
                continue
            near = float(masses[np.argmin(np.abs(masses - mm))])
            jj = index.get((o, nat, a, b, near))
            if jj is not None and jj != k:
                sides.append(jj)
        if sides:
            alts.append((QUESTIONS[2], sides, 1.0))
        for q, js, target in alts:
            t_all, t_best, best = 0.0, 0.0, (np.nan, np.nan, np.nan)
            for jj in js:  # the longest side decides
                d = dchi2(signal[jj], signal[k])
                ta = _time(float(np.mean(d)), target)
                if ta >= t_all:
                    t_all = ta
                    t_best = _time(float(np.max(d)), target)
                    best = _window(d, theta_deg)
            rows.append({"truth": r["label"], "ordering": o, "nature": nat,
                         "lightest_mass_meV": m, "alpha_deg": a, "beta_deg": b,
                         "question": q, "against": "; ".join(table[jj]["label"] for jj in js),
                         "exposure_s": t_all, "best_angle_deg": best[0],
                         "exposure_best_angle_s": t_best, "window_lo_deg": best[1],
                         "window_hi_deg": best[2]})
    return rows
