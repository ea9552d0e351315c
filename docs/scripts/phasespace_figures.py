"""Figures and CSV for docs/phasespace.md (Er3+:YLF RENP, seed 001 scheme).

Run: PYTHONPATH=$PWD /work/venv/bin/python docs/scripts/phasespace_figures.py
Writes docs/figures/phasespace_*.png and docs/figures/phasespace_distribution.csv.
All curves: 3D phase space with the exact cylinder form factor unless stated,
NO, nufit60, CP conserving, spin current along k1 (case 1), L = 2R.
Rate: sum_ij |b_ij|^2 J_D (+ Majorana); magnetization: cos(theta_s) sum_ij G_ij.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from expdesign.physics import neutrino as nu  # noqa: E402
from expdesign.physics import phasespace as ps  # noqa: E402

CM = 5.0677e4
OUT = Path(__file__).resolve().parents[1] / "figures"
OSC = nu.oscillation_set("nufit60")
B = nu.b_matrix(nu.pmns(OSC.sin2_theta12, OSC.sin2_theta13, OSC.sin2_theta23("NO")))
C = nu.c_matrix(B)
W_RATE, W_MAG = nu.rate_weights(B), nu.magnetization_weights(B, C)
WM_RATE, WM_MAG = ps.majorana_rate_weights(B), ps.majorana_magnetization_weights(B, C)


def rate_mag(theta, m1, Lcm, majorana=False, mode="3d"):
    r = ps.distribution(theta, nu.masses(m1, "NO", OSC), Lcm / 2 * CM, Lcm * CM, mode=mode,
                        error=False)
    f, _ = ps.combine(r, W_RATE, WM_RATE, majorana)
    g, _ = ps.combine(r, W_MAG, WM_MAG, majorana)
    return f, np.cos(theta) * g


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    kin = ps.er_ylf_kinematics()
    edge = kin.edge_angles(0.0)
    th = np.radians(np.linspace(-60.0, 180.0, 601))
    deg = np.degrees(th)
    rows = {"theta_deg": deg}

    # 1. full range, lightest mass 10, 30, 50 meV
    fig, ax = plt.subplots(1, 2, figsize=(11, 4))
    for m1 in (0.01, 0.03, 0.05):
        f, g = rate_mag(th, m1, 2.0)
        rows[f"sumF_m{int(m1 * 1e3)}meV"] = f
        rows[f"cos_sumG_m{int(m1 * 1e3)}meV"] = g
        ax[0].plot(deg, f, label=f"m1 = {m1 * 1e3:.0f} meV")
        ax[1].plot(deg, g, label=f"m1 = {m1 * 1e3:.0f} meV")
    for a, t in zip(ax, ("rate  sum F_ij  (eV^5)", "magnetization  cos(th_s) sum G_ij  (eV^5)"),
                    strict=True):
        a.set_xlabel("theta_s (deg)")
        a.set_title(t, fontsize=10)
        for e in edge:
            a.axvline(np.degrees(e), color="k", lw=0.5, ls=":")
        a.legend(fontsize=8)
    fig.suptitle("Er3+:YLF, L = 2R = 2 cm, NO Dirac, 3D exact form factor (edges dotted)")
    fig.tight_layout()
    fig.savefig(OUT / "phasespace_full_range.png", dpi=80)
    plt.close(fig)
    header = ",".join(rows)
    np.savetxt(OUT / "phasespace_distribution.csv", np.column_stack(list(rows.values())),
               delimiter=",", header=header, fmt="%.6e", comments="")

    # 2. the kinematic edge: where the mass sensitivity lies; smoothed and unsmoothed
    e = np.degrees(edge[1])
    thz = np.radians(np.linspace(e - 0.35, e + 0.05, 321))
    fig, ax = plt.subplots(1, 2, figsize=(11, 4))
    for m1 in (0.01, 0.03, 0.05):
        f, g = rate_mag(thz, m1, 2.0)
        ax[0].plot(np.degrees(thz) - e, f, label=f"m1 = {m1 * 1e3:.0f} meV")
        ax[1].plot(np.degrees(thz) - e, ps.smooth(thz, f, np.radians(0.05)),
                   label=f"m1 = {m1 * 1e3:.0f} meV")
    ax[0].set_title("rate near the edge, unsmoothed", fontsize=10)
    ax[1].set_title("Gaussian resolution sigma = 0.05 deg", fontsize=10)
    for a in ax:
        a.set_xlabel(f"theta_s - {e:.3f} deg")
        a.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "phasespace_edge_masses.png", dpi=80)
    plt.close(fig)

    # 3. Dirac vs Majorana, 500 and 600 meV
    fig, ax = plt.subplots(1, 2, figsize=(11, 4))
    for m1, ls in ((0.5, "-"), (0.6, "--")):
        fd, gd = rate_mag(th, m1, 2.0, False)
        fm, gm = rate_mag(th, m1, 2.0, True)
        ax[0].plot(deg, gd, ls, label=f"Dirac {m1 * 1e3:.0f} meV")
        ax[0].plot(deg, gm, ls, label=f"Majorana {m1 * 1e3:.0f} meV")
        ok = np.abs(gm) > 1e-3 * np.abs(gm).max()
        ax[1].plot(deg[ok], gd[ok] / gm[ok], ls, label=f"{m1 * 1e3:.0f} meV")
    ax[0].set_title("cos(th_s) sum G_ij (eV^5), L = 2R = 2 cm", fontsize=10)
    ax[1].set_title("Dirac / Majorana (derived Majorana coefficient)", fontsize=10)
    for a in ax:
        a.set_xlabel("theta_s (deg)")
        a.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "phasespace_dirac_majorana.png", dpi=80)
    plt.close(fig)

    # 4. crystal size: L = 0.5 .. 5 cm, near the edge, and the 1/L approach
    fig, ax = plt.subplots(1, 2, figsize=(11, 4))
    thz2 = np.radians(np.linspace(e - 0.1, e + 0.03, 261))
    for Lcm in (0.5, 1.0, 2.0, 5.0):
        f, _ = rate_mag(thz2, 0.01, Lcm)
        v = np.pi * (Lcm / 2) ** 2 * Lcm
        ax[0].plot(np.degrees(thz2) - e, f * v, label=f"L = {Lcm} cm")
    ax[0].set_title("V x sum F near the edge (m1 = 10 meV)", fontsize=10)
    ax[0].set_xlabel(f"theta_s - {e:.3f} deg")
    ax[0].legend(fontsize=8)
    Ls = np.array([0.5, 1.0, 2.0, 3.0, 5.0])
    for tdeg in (30.0, 90.0, 140.0):
        rel = []
        for Lcm in Ls:
            r = ps.distribution(np.radians([tdeg]), nu.masses(0.01, "NO", OSC), Lcm / 2 * CM,
                                Lcm * CM, mode="3d")
            rel.append(abs(r.dirac[0] @ W_RATE / (r.info["infinite"][0][0] @ W_RATE) - 1))
        ax[1].loglog(Ls, rel, "o-", label=f"theta_s = {tdeg:.0f} deg")
    ax[1].loglog(Ls, 2e-5 / Ls, "k:", label="~ 1/L")
    ax[1].set_xlabel("L (cm), R = L/2")
    ax[1].set_title("|finite / infinite - 1| of sum F", fontsize=10)
    ax[1].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OUT / "phasespace_size.png", dpi=80)
    plt.close(fig)

    # 5. in-plane model (eq. 17) vs 3D: shapes normalised at the maximum
    fig, ax = plt.subplots(figsize=(6, 4))
    th5 = np.radians(np.linspace(-60.0, 180.0, 241))
    for mode in ("3d", "inplane"):
        _, g = rate_mag(th5, 0.01, 2.0, mode=mode)
        ax.plot(np.degrees(th5), g / np.abs(g).max(), label=mode)
    ax.set_xlabel("theta_s (deg)")
    ax.set_title("cos(th_s) sum G_ij normalised: eq. (17) model vs 3D", fontsize=10)
    ax.legend()
    fig.tight_layout()
    fig.savefig(OUT / "phasespace_inplane_vs_3d.png", dpi=80)
    plt.close(fig)


if __name__ == "__main__":
    main()
