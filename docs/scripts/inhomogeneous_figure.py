"""|chi|^2 of the Er design against the inhomogeneous FWHM and against T2, with and without
spectral tailoring (docs/coherence.md, "Inhomogeneous broadening").

The shipped example's lasers (3, 9 mW/cm^2 and 1 uW/cm^2; trigger at 0.338 ms; 4.23 ms
cycle, 401 output times), Table 1 rates, Gaussian p-g line (trigger-only spread, the
correlated model with the target's widths), resonance width gamma_ep = 2/T2(e-p).
Tailoring: a class of 1 MHz around the trigger's class; the rate factor is
``f^2 |chi|^2`` with ``f`` the fraction of the line in the class (n_eff = f n).

Writes docs/figures/inhomogeneous_chi2.png and prints the numbers.
Run: ``MPLBACKEND=Agg .venv/bin/python docs/scripts/inhomogeneous_figure.py``
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from expdesign.physics import bloch
from expdesign.physics.assembly import cycle_average
from expdesign.physics.bloch.inhomogeneous import class_average, class_fraction
from expdesign.physics.constants import HBAR_EV_S
from expdesign.units import Q_, to_natural

OUT = Path(__file__).resolve().parents[1] / "figures"
S = HBAR_EV_S
WINDOW_HZ = 1e6


def _params() -> bloch.FourLevelParams:
    i = [to_natural(Q_(x), 4) for x in ("3 mW/cm^2", "9 mW/cm^2", "1 uW/cm^2")]
    return bloch.er_ylf_params(i[0], i[1], i[2], 0.338e-3 / S)


def _chi2(p: bloch.FourLevelParams, t: np.ndarray, fwhm_hz: float, gam: float,
          window_hz: float | None) -> tuple[float, float]:
    fwhm = 2 * np.pi * fwhm_hz * S
    win = None if window_hz is None else 2 * np.pi * window_hz * S
    r = class_average(p, t, "gaussian", fwhm, resonance_width=gam, window=win)
    frac = 1.0 if win is None else class_fraction("gaussian", fwhm, win)
    return cycle_average(r.chi2, t, float(t[-1])), frac


def main() -> None:
    p = _params()
    t = np.linspace(0.0, 4.23e-3 / S, 401)
    g_ep = float(p.gamma_total[3] + p.gamma_total[1])  # lifetime-limited 2/T2(e-p)
    hom = cycle_average(np.asarray(bloch.solve(p, t).chi2), t, float(t[-1]))
    widths = np.geomspace(1e5, 1e9, 9)
    rows = []
    for w in widths:
        c0, _ = _chi2(p, t, w, g_ep, None)
        c1, f = _chi2(p, t, w, g_ep, WINDOW_HZ if w > WINDOW_HZ else None)
        rows.append((w, c0, c1, f))
        print(f"FWHM {w:9.3g} Hz: |chi|^2 {c0:.4g}; tailored 1 MHz: |chi|^2 {c1:.4g}, "
              f"fraction {f:.4g}, rate factor f^2|chi|^2 {f * f * c1:.4g}")
    # against T2 at the target's 16 MHz: pure dephasing of e and p
    t2s = np.geomspace(1e-6, 2.0 / (g_ep / S), 7)
    rows_t2 = []
    for t2 in t2s:
        extra = max(1.0 / t2 - 0.5 * g_ep / S, 0.0)  # 1/T2 = (G_e + G_p)/2 + gphi_e + gphi_p
        q = replace(p, dephasing=np.array([0.0, 0.5 * extra, 0.0, 0.5 * extra]) * S)
        gam = 2.0 / (t2 / S)
        c0, _ = _chi2(q, t, 16e6, gam, None)
        c1, f = _chi2(q, t, 16e6, gam, WINDOW_HZ)
        rows_t2.append((t2, c0, c1, f))
        print(f"T2 {t2:9.3g} s (16 MHz line): |chi|^2 {c0:.4g}; tailored: |chi|^2 {c1:.4g}, "
              f"rate factor {f * f * c1:.4g}; x (h_r/h_r,max)^2 = "
              f"{c0 * (g_ep / gam) ** 2:.4g}")
    print(f"homogeneous (central ion) |chi|^2 {hom:.4g}")
    fig, ax = plt.subplots(1, 2, figsize=(11, 4.2))
    a = np.array(rows)
    ax[0].loglog(a[:, 0], a[:, 1], "o-", label="|chi|^2, whole line")
    ax[0].loglog(a[:, 0], a[:, 2], "s--", label="|chi|^2, tailored 1 MHz class")
    ax[0].loglog(a[:, 0], a[:, 3] ** 2 * a[:, 2], "^:", label="f^2 |chi|^2 (rate factor)")
    ax[0].axhline(hom, color="gray", lw=0.8, label="homogeneous (central ion)")
    ax[0].axvline(16e6, color="k", lw=0.6, ls=":", label="target: 16 MHz")
    ax[0].set_xlabel("inhomogeneous FWHM of p-g (Hz)")
    ax[0].set_ylabel("cycle mean")
    ax[0].set_title("Er design: against the inhomogeneous width")
    ax[0].legend(fontsize=7)
    b = np.array(rows_t2)
    ax[1].loglog(b[:, 0], b[:, 1], "o-", label="|chi|^2, whole line (16 MHz)")
    ax[1].loglog(b[:, 0], b[:, 2], "s--", label="|chi|^2, tailored 1 MHz class")
    ax[1].loglog(b[:, 0], b[:, 3] ** 2 * b[:, 2], "^:", label="f^2 |chi|^2 (rate factor)")
    rel_hr2 = (2.0 / (b[:, 0] / S) / g_ep) ** -2  # h_r^2 relative to the lifetime limit
    ax[1].loglog(b[:, 0], b[:, 1] * rel_hr2, "d-.", label="|chi|^2 x (h_r/h_r,T2max)^2 "
                 "(propto rate)")
    ax[1].set_xlabel("T2 of the e-p coherence (s)")
    ax[1].set_title("Er design: against T2 (16 MHz line)")
    ax[1].legend(fontsize=7)
    fig.tight_layout()
    OUT.mkdir(parents=True, exist_ok=True)
    fig.savefig(OUT / "inhomogeneous_chi2.png", dpi=90)


if __name__ == "__main__":
    main()
