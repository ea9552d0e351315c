"""RANP figures (analogues of seed 000 Figs. 4-7 and 9-10) for Ho3+:YLF and Xe.

Run:  PYTHONPATH=$PWD /work/venv/bin/python docs/scripts/ranp_figures.py
Writes docs/figures/ranp_*.png.  The angular distributions use the eq. (6) coefficients
confirmed by the phase-space integral (solid/dotted) and are plotted in units of the
massless M^2 -> 0 value, i.e. y = 4 pi sum_ij F_ij / (eps_eg^2 / 24), so that
dGamma/dOmega = y Gamma_0 / (4 pi) with Gamma_0 of seed 000 eq. (8).
PDG 2018 oscillation data, all CP phases zero.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from expdesign.paper_check.rows_seed000 import ho_energies, xe_energies  # noqa: E402
from expdesign.physics import kinematics as K  # noqa: E402
from expdesign.physics import neutrino as nu  # noqa: E402
from expdesign.physics import ranp  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "figures"
P18 = nu.oscillation_set("pdg2018")


def b_of(ordering: str) -> np.ndarray:
    return nu.b_matrix(nu.pmns(P18.sin2_theta12, P18.sin2_theta13, P18.sin2_theta23(ordering)))


def y_of(theta, r, eg, w0, ordering, lightest, majorana, coefficients="derived"):
    m = nu.masses(lightest, ordering, P18)
    sf = ranp.angular_sum_F(theta, r, eg, w0, m, b_of(ordering), majorana,
                            coefficients=coefficients)
    return 4 * np.pi * sf / (eg**2 / 24)


CASES_A = [("NO", 1e-3, True, "k-", "NO Majorana 1 meV"), ("NO", 5e-3, True, "k:",
           "NO Majorana 5 meV"), ("NO", 1e-3, False, "r--", "NO Dirac 1 meV"),
           ("NO", 5e-3, False, "b-.", "NO Dirac 5 meV")]
CASES_B = [("NO", 1e-3, True, "k-", "NO Majorana 1 meV"), ("NO", 1e-3, False, "k:",
           "NO Dirac 1 meV"), ("IO", 1e-3, True, "r--", "IO Majorana 1 meV"),
           ("IO", 1e-3, False, "b-.", "IO Dirac 1 meV")]


def fig_m2_vs_r(name, eg, w0):
    r = np.linspace(-1, 1, 801)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for th, st, lab in [(0, "k-", r"$\theta=0$"), (np.pi / 2, "r--", r"$\theta=\pi/2$"),
                        (np.pi, "b-.", r"$\theta=\pi$")]:
        ax.plot(r, [K.ranp_pair_mass2(th, ri, eg, w0) for ri in r], st, label=lab)
    rs = K.mcq3_free_imprint(eg, w0)
    ax.axvspan(-1, rs, color="0.9", label=f"no McQ3 (r <= {rs:.5f})")
    ax.axhline(4 * 0.06**2, color="k", ls=":", lw=1, label=r"$4(60\,$meV$)^2$")
    ax.axhline(0, color="0.5", lw=0.5)
    ax.set_xlabel("r")
    ax.set_ylabel(r"$\mathcal{M}^2$ (eV$^2$)")
    ax.set_title(f"{name}: pair mass$^2$ vs imprint (seed 000 Fig. 4)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(OUT / f"ranp_{name.lower()}_m2_vs_r.png", dpi=110)
    plt.close(fig)


def fig_angular(name, tag, eg, w0, cases, title):
    r = K.mcq3_free_imprint(eg, w0)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    th_full = np.linspace(0, np.pi, 721)
    m_max = nu.masses(5e-3, "NO", P18).max()
    th33 = float(K.threshold_angle(m_max, m_max, r, eg, w0))
    th_zoom = np.linspace(th33 - 0.05, np.pi, 1500)
    for ordering, light, maj, st, lab in cases:
        axes[0].plot(np.degrees(th_full), y_of(th_full, r, eg, w0, ordering, light, maj), st,
                     lw=1, label=lab)
        axes[1].plot(np.degrees(th_zoom), y_of(th_zoom, r, eg, w0, ordering, light, maj), st,
                     lw=1, label=lab)
    for ax in axes:
        ax.set_xlabel(r"$\theta$ (deg)")
        ax.set_ylabel(r"$4\pi\sum F_{ij} / (\epsilon_{eg}^2/24)$")
    axes[1].set_title("near the thresholds", fontsize=9)
    axes[0].set_title(f"{name}, r = {r:.5f}: {title}", fontsize=9)
    axes[1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(OUT / f"ranp_{name.lower()}_{tag}.png", dpi=110)
    plt.close(fig)


def fig_vs_mass(name, eg, w0):
    r = K.mcq3_free_imprint(eg, w0)
    th = np.linspace(np.radians(150), np.pi, 3000)
    msq = K.ranp_pair_mass2(th, r, eg, w0)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for ordering, light, maj, st, lab in CASES_A:
        ax.plot(np.sqrt(np.clip(msq, 0, None)) * 1e3, y_of(th, r, eg, w0, ordering, light, maj),
                st, lw=1, label=lab)
    m = nu.masses(1e-3, "NO", P18)
    for (i, j) in [(0, 1), (2, 2)]:
        ax.axvline((m[i] + m[j]) * 1e3, color="0.6", lw=0.6)
        ax.text((m[i] + m[j]) * 1e3, 0.0, f"({i + 1}{j + 1})", fontsize=7)
    ax.set_xlabel(r"$\sqrt{\mathcal{M}^2}$ (meV)")
    ax.set_ylabel(r"$4\pi\sum F_{ij} / (\epsilon_{eg}^2/24)$")
    ax.set_title(f"{name}: rate vs pair mass (seed 000 Fig. 5)", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(OUT / f"ranp_{name.lower()}_vs_mass.png", dpi=110)
    plt.close(fig)


def fig_paper_vs_derived(name, eg, w0):
    r = K.mcq3_free_imprint(eg, w0)
    th = np.linspace(np.radians(150), np.pi, 1500)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for maj, st in [(True, "-"), (False, "--")]:
        kind = "Majorana" if maj else "Dirac"
        ax.plot(np.degrees(th), y_of(th, r, eg, w0, "NO", 1e-3, maj), "k" + st, lw=1,
                label=f"derived eq. (6), NO {kind} 1 meV")
        ax.plot(np.degrees(th), y_of(th, r, eg, w0, "NO", 1e-3, maj, "paper"), "r" + st, lw=1,
                label=f"printed eq. (6), NO {kind} 1 meV")
    ax.set_xlabel(r"$\theta$ (deg)")
    ax.set_ylabel(r"$4\pi\sum F_{ij} / (\epsilon_{eg}^2/24)$")
    ax.set_title(f"{name}: printed vs derived eq. (6) coefficients", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(OUT / f"ranp_{name.lower()}_paper_vs_derived.png", dpi=110)
    plt.close(fig)


def fig_inelastic_ho():
    """Seed 000 Fig. 8 analogue: inelastic paths |q> = Stark levels of 5I7 (caption energies,
    meV, consistent with 1.2378 eV per 1e4 cm^-1), NO Majorana 1 meV.  omega0 = eps_pe,
    omega = eps_p - eps_q, pair energy eps_q - eps_g.  Unweighted by the (unknown) A-coefficients
    of each path."""
    conv = 0.12378  # meV per cm^-1
    e_p, e_e, e_g = 8669 * conv, 5152 * conv, 0.1 * conv
    eg, w0 = (e_e - e_g) * 1e-3, (e_p - e_e) * 1e-3
    r = K.mcq3_free_imprint(eg, w0)
    th = np.linspace(0, np.pi, 1441)
    fig, ax = plt.subplots(figsize=(5, 3.6))
    for e_q, st in [(e_e, "k-"), (655.0, "r--"), (647.6, "b-."), (638.2, "g:")]:
        om = (e_p - e_q) * 1e-3
        y = y_of_omega(th, r, eg, w0, om)
        ax.plot(np.degrees(th), y, st, lw=1, label=f"q = {e_q:.1f} meV")
    ax.set_xlabel(r"$\theta$ (deg)")
    ax.set_ylabel(r"$4\pi\sum F_{ij} / (\epsilon_{eg}^2/24)$")
    ax.set_title(f"Ho inelastic paths, r = {r:.5f} (seed 000 Fig. 8)", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(OUT / "ranp_ho_inelastic.png", dpi=110)
    plt.close(fig)


def y_of_omega(theta, r, eg, w0, omega):
    m = nu.masses(1e-3, "NO", P18)
    sf = ranp.angular_sum_F(theta, r, eg, w0, m, b_of("NO"), True, omega=omega)
    return 4 * np.pi * sf / (eg**2 / 24)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (eg, w0), fa, fb in [("Ho", ho_energies(), "Fig. 6", "Fig. 7"),
                                   ("Xe", xe_energies(), "Fig. 9", "Fig. 10")]:
        fig_m2_vs_r(name, eg, w0)
        fig_angular(name, "angular_mass_type", eg, w0, CASES_A, f"seed 000 {fa}")
        fig_angular(name, "angular_ordering", eg, w0, CASES_B, f"seed 000 {fb}")
        fig_vs_mass(name, eg, w0)
        fig_paper_vs_derived(name, eg, w0)
    fig_inelastic_ho()
    print("wrote", sorted(p.name for p in OUT.glob("ranp_*.png")))


if __name__ == "__main__":
    main()
