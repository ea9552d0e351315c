"""Seed 001 Figs. 11-12 (four-level Bloch equation for Er3+:YLF) under two readings.

(a) the stated intensities I_qg = 3 mW/cm^2, I_eq = 9 mW/cm^2, I_pg = 1 uW/cm^2 with
    the correct conversion (10 mW/cm^2 = 1.5997e-8 eV^4) and Rabi frequencies from the
    Table 1 A-coefficients (expdesign default: peak field sqrt(2 I), incoherent MD+ED);
(b) the printed Rabi frequencies of seed 001 eq. (81) scaled by sqrt(I / 10 mW cm^-2),
    Omega = 2 pi nu.

Writes docs/figures/bloch_fig11.png, bloch_fig12.png, bloch_sensitivity.png and prints
the numbers quoted in docs/bloch.md.

Run: ``PYTHONPATH=$PWD /work/venv/bin/python docs/scripts/bloch_figures.py``
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from expdesign.physics import bloch  # noqa: E402
from expdesign.units import HBAR_EV_S, Q_, to_natural  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "figures"
I10 = to_natural(Q_("10 mW/cm^2"), 4)
FRAC = {"qg": 0.3, "eq": 0.9, "pg": 1e-4}  # intensities in units of 10 mW/cm^2
NU_PAPER_KHZ = {"pg": 174.0, "qg": 37.4, "eq": 20.9}  # seed 001 eq. (81)


def khz(omega_ev: float) -> float:
    return omega_ev / HBAR_EV_S / (2 * math.pi) / 1e3


def omega_paper(key: str, frac: float) -> float:
    return 2 * math.pi * NU_PAPER_KHZ[key] * 1e3 * math.sqrt(frac) * HBAR_EV_S


def readings(delay_frac: float = 0.2) -> tuple[dict, float]:
    base = bloch.er_ylf_params(FRAC["qg"] * I10, FRAC["eq"] * I10, FRAC["pg"] * I10, 0.0)
    tau = base.lifetime("e")
    a = replace(base, t_delay=delay_frac * tau)
    a_rms = bloch.er_ylf_params(FRAC["qg"] * I10, FRAC["eq"] * I10, FRAC["pg"] * I10,
                                delay_frac * tau, field="rms")
    b = replace(a, omega_1=omega_paper("qg", FRAC["qg"]), omega_2=omega_paper("eq", FRAC["eq"]),
                omega_t=omega_paper("pg", FRAC["pg"]))
    return {"(a) stated I, Table 1 (peak field)": a,
            "(a') stated I, Table 1 (rms field, paper's E = sqrt I)": a_rms,
            "(b) printed Rabi frequencies eq. (81)": b}, tau


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    runs, tau = readings()
    t = np.linspace(0.0, 2.5 * tau, 2501)
    x = t / tau
    res = {k: bloch.solve(p, t) for k, p in runs.items()}

    print(f"tau_e = {tau * HBAR_EV_S * 1e3:.4f} ms")
    for k, p in runs.items():
        r = res[k]
        pk, tp = r.peak("magnetization_factor")
        integ, _ = r.integral("magnetization_factor")
        i0 = np.searchsorted(t, p.t_delay)
        print(f"{k}: nu_qg={khz(p.omega_1):.3g} kHz nu_eq={khz(p.omega_2):.3g} kHz "
              f"nu_pg={khz(p.omega_t):.3g} kHz | peak rho_ee^3|rho_ep|^2 = {pk:.3e} at "
              f"{tp / tau:.3f} tau; time average after trigger = "
              f"{integ / (t[-1] - p.t_delay):.3e}; max rho_ee = {r.rho_ee.max():.3f}; "
              f"max |Re rho_eg| before trigger = {np.abs(r.rho_eg[:i0].real).max():.3f}; "
              f"max |Im rho_ep| = {np.abs(r.rho_ep.imag).max():.3f}; "
              f"peak rho_ee^2|rho_ep|^2 = {r.peak('rate_factor')[0]:.3e}")

    # intensities that give the printed Rabi frequencies with the expdesign convention
    a = runs["(a) stated I, Table 1 (peak field)"]
    b = runs["(b) printed Rabi frequencies eq. (81)"]
    for name, oa, ob, key in [("I_qg", a.omega_1, b.omega_1, "qg"),
                              ("I_eq", a.omega_2, b.omega_2, "eq"),
                              ("I_pg", a.omega_t, b.omega_t, "pg")]:
        need = FRAC[key] * 10.0 * (ob / oa) ** 2
        print(f"{name}: stated {FRAC[key] * 10:.3g} mW/cm^2 -> needed for eq. (81) Rabi "
              f"frequency: {need:.4g} mW/cm^2 (factor {(ob / oa) ** 2:.3g})")

    # Fig. 11
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    for ax, k in zip(axes, ["(a) stated I, Table 1 (peak field)",
                            "(b) printed Rabi frequencies eq. (81)"], strict=True):
        r = res[k]
        m = r.magnetization_factor
        acc = np.concatenate([[0.0], np.cumsum(0.5 * (m[1:] + m[:-1]) * np.diff(x))])
        ax.plot(x, m, "k", lw=0.6, label=r"$\rho_{ee}^3|\rho_{ep}|^2$")
        ax.plot(x, 10 * acc, "r--", label=r"10 x $\int dt/\tau_e$")
        ax.plot(x, r.trigger * m.max(), "g", lw=1, label="trigger (scaled)")
        ax.set_title(k, fontsize=9)
        ax.set_xlabel(r"$t/\tau_e$")
        ax.legend(fontsize=7)
    fig.savefig(OUT / "bloch_fig11.png", dpi=90)
    plt.close(fig)

    # Fig. 12
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True, sharey=True)
    for ax, k in zip(axes, ["(a) stated I, Table 1 (peak field)",
                            "(b) printed Rabi frequencies eq. (81)"], strict=True):
        r = res[k]
        ax.plot(x, r.rho_ee, "k", lw=0.6, label=r"$\rho_{ee}$")
        ax.plot(x, r.rho_eg.real, "r", lw=0.6, label=r"Re $\rho_{eg}$")
        ax.plot(x, r.rho_ep.imag, "b", lw=0.6, label=r"Im $\rho_{ep}$")
        ax.plot(x, 0.5 * r.trigger, "g", lw=1, label="trigger (x0.5)")
        ax.set_title(k, fontsize=9)
        ax.set_xlabel(r"$t/\tau_e$")
        ax.legend(fontsize=7)
    fig.savefig(OUT / "bloch_fig12.png", dpi=90)
    plt.close(fig)

    # sensitivity: +-20 % intensity (Omega ~ sqrt I) and dephasing
    scales = np.linspace(0.8, 1.2, 9)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    for k, style in [("(a) stated I, Table 1 (peak field)", "-"),
                     ("(b) printed Rabi frequencies eq. (81)", "--")]:
        p = runs[k]
        for which, col in [("omega_1", "C0"), ("omega_2", "C1"), ("omega_t", "C2"),
                           ("all", "k")]:
            plist = []
            for s in scales:
                f = math.sqrt(s)
                if which == "all":
                    plist.append(replace(p, omega_1=f * p.omega_1, omega_2=f * p.omega_2,
                                         omega_t=f * p.omega_t))
                else:
                    plist.append(replace(p, **{which: f * getattr(p, which)}))
            pk, _ = bloch.solve_batch(plist, t).peak("magnetization_factor")
            axes[0].plot(scales, pk, style, color=col,
                         label=f"{k[:3]} {which}" if which else k[:3])
            print(f"{k}: peak vs intensity of {which} x(0.8, 1.0, 1.2): "
                  f"{pk[0]:.3e}, {pk[4]:.3e}, {pk[-1]:.3e}")
        rates_hz = np.concatenate([[0.0], np.geomspace(1.0, 1e5, 11)])
        plist = [replace(p, dephasing=np.full(4, 2 * math.pi * r * HBAR_EV_S)) for r in rates_hz]
        pk, _ = bloch.solve_batch(plist, t).peak("magnetization_factor")
        axes[1].semilogx(np.maximum(rates_hz, 0.3), pk, style + "o", ms=3, label=k[:3])
        print(f"{k}: peak vs dephasing 2pi x (0, 1 Hz, 100 Hz, 1 kHz, 10 kHz, 100 kHz) per "
              f"level: {pk[0]:.2e}, {pk[1]:.2e}, {pk[5]:.2e}, {pk[7]:.2e}, {pk[9]:.2e}, "
              f"{pk[11]:.2e}")
    axes[0].set_xlabel("intensity / nominal (Omega ~ sqrt I)")
    axes[0].set_ylabel(r"peak $\rho_{ee}^3|\rho_{ep}|^2$")
    axes[0].set_yscale("log")
    axes[0].legend(fontsize=6, ncol=2)
    axes[1].set_xlabel(r"pure dephasing rate per level / $2\pi$ (Hz); 0 plotted at 0.3")
    axes[1].set_yscale("log")
    axes[1].legend(fontsize=7)
    fig.savefig(OUT / "bloch_sensitivity.png", dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    main()
