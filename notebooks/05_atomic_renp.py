# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 — Atomic RENP in Yb and Xe: photon-energy spectra and their thresholds
#
# The field's standard RENP (Fukumi et al., PTEP 2012 04D002; Dinh, Petcov, Sasao, Tanaka,
# Yoshimura, PLB 719 (2013) 154): a metastable |e> decays to |g> emitting a trigger-
# stimulated photon ω and a neutrino pair through a virtual level |p> above |e>.
# The spectrum, scanned by the trigger frequency, opens the pair (ij) below
# ω_ij = ε_eg/2 − (m_i+m_j)²/(2ε_eg) (counter-propagating excitation, p_eg = 0).
#
# Contents: the Plans of `schemas/examples/yb_renp.json` and `xe_renp.json` (thresholds,
# absolute rates, exposures per question); the Yb and Xe spectra near the thresholds for
# NO/IO × Dirac/Majorana; the Majorana phase; the two polarization sums (ours and the
# isotropic average of Dinh et al.). See `docs/atomic_renp.md`.

# %%
import os
import sys
import tempfile
from pathlib import Path

for _d in (Path.cwd(), Path.cwd() / "notebooks",
           Path(os.environ.get("EXPDESIGN_REPO", ".")) / "notebooks"):
    if (_d / "_setup.py").is_file() and str(_d) not in sys.path:
        sys.path.insert(0, str(_d))
from _setup import ROOT  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from expdesign import Planner, PlannerSettings, load_spec  # noqa: E402
from expdesign.physics import atomic_renp as ar  # noqa: E402
from expdesign.physics import neutrino  # noqa: E402

OUT = Path(tempfile.mkdtemp(prefix="expdesign_nb05_"))
EX = ROOT / "schemas" / "examples"
settings = PlannerSettings(model="infinite", workers=1)

# %% [markdown]
# ## The shipped examples: thresholds, rates and exposures

# %%
plans = {}
for name in ("yb_renp", "xe_renp"):
    plan = Planner(load_spec(EX / f"{name}.json"), settings).run()
    plans[name] = plan
    print(f"== {plan.spec_name}")
    for key in ("eps_eg", "eps_pg", "p_eg", "photon_endpoint", "threshold_omega_11",
                "threshold_omega_13", "threshold_omega_33", "rate_normalisation",
                "rate_at_trigger"):
        if plan.has_result(key):
            print(f"  {key:22s} {plan.result(key):.7g~P}")
    for v in plan.verdicts:
        print(f"  verdict {v.name}: {v.status}; missing {v.missing}")
    for e in plan.exposures:
        t = f"{e.time:.3g~P}" if e.time is not None else e.status
        print(f"  exposure {e.question} ({e.against or 'truth'}): {t}")

# %% [markdown]
# ## Spectra near the thresholds: NO/IO × Dirac/Majorana
#
# The spectral function I(ω) (dimensionless; the rate is I(ω) times the Plan's
# `rate_normalisation`), PDG 2018 oscillation data, CP phases zero, lightest mass 20 meV
# and 2 meV; the virtual level is the mixed J = 1 pair (³P₁ with its ¹P₁ partner,
# `eps_p2g`), as in the Plans.

# %%
PARAMS = neutrino.oscillation_set("pdg2018")
CM = 1.2398419843320026e-4  # eV per cm^-1 (h c, exact SI)
# eps_eg, eps_pg, J_e, eps_p2g (the 1P1-like partner: Yb 6s6p 1P1, Xe 6s'[1/2]_1)
ATOMS = {"Yb": (17288.439 * CM, 17992.007 * CM, 0, 25068.222 * CM),
         "Xe": (67067.547 * CM, 8.4365, 2, 77185.041 * CM)}


def spectrum(atom, m0, ordering, majorana, alpha=0.0, w=None, orientation="linear"):
    eps, eps_pg, je, eps_p2g = ATOMS[atom]
    U = neutrino.pmns(PARAMS.sin2_theta12, PARAMS.sin2_theta13,
                      PARAMS.sin2_theta23(ordering), 0.0, alpha, 0.0)
    m = neutrino.masses(m0, ordering, PARAMS)
    return ar.spectral_function(w, eps, eps_pg, m, neutrino.b_matrix(U), majorana,
                                orientation=orientation, j_e=je, eps_p2g=eps_p2g)


fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
for row, atom in enumerate(ATOMS):
    eps = ATOMS[atom][0]
    for col, m0 in enumerate((0.020, 0.002)):
        ax = axes[row, col]
        mmax = neutrino.masses(m0, "IO", PARAMS).max()
        lo = float(ar.threshold_omega(2 * max(mmax, 0.055), eps))
        w = eps / 2 - np.geomspace(2e-7, eps / 2 - lo + 2e-4, 600)  # log-spaced below ε/2
        for ordering in ("NO", "IO"):
            for maj, ls in ((False, "-"), (True, "--")):
                y = spectrum(atom, m0, ordering, maj, w=w)
                ax.plot((eps / 2 - w) * 1e6, y, ls,
                        label=f"{ordering} {'Majorana' if maj else 'Dirac'}")
        m = neutrino.masses(m0, "NO", PARAMS)
        for i, j in neutrino.pairs(3):
            x = (eps / 2 - float(ar.threshold_omega(m[i] + m[j], eps))) * 1e6
            ax.axvline(x, color="0.6", lw=0.6, ls=":")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("ε_eg/2 − ω [µeV]  (dotted: NO thresholds)")
        ax.set_ylabel("I(ω)")
        ax.set_title(f"{atom}: lightest mass {1e3 * m0:g} meV", fontsize=9)
        ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig(OUT / "atomic_spectra.png", dpi=110)
print(OUT / "atomic_spectra.png")

# %% [markdown]
# ## Dirac vs Majorana, and the Majorana phase (Yb, lightest mass 20 meV)
#
# Relative difference to the Dirac spectrum.  Dirac spectra do not depend on the Majorana
# phases (|b_ij|² only); Majorana spectra do, through −m_i m_j Re(b_ij²).

# %%
eps = ATOMS["Yb"][0]
w = eps / 2 - np.geomspace(1e-7, eps / 2 - float(ar.threshold_omega(0.2, eps)), 600)
dirac = spectrum("Yb", 0.020, "NO", False, w=w)
dirac_alpha = spectrum("Yb", 0.020, "NO", False, alpha=2.0, w=w)
print("Dirac, alpha = 0 vs 2 rad: max relative difference",
      float(np.max(np.abs(dirac_alpha - dirac) / np.where(dirac > 0, dirac, 1.0))))
fig, ax = plt.subplots(figsize=(7.5, 4.2))
for alpha in (0.0, np.pi / 2, np.pi):
    maj = spectrum("Yb", 0.020, "NO", True, alpha=alpha, w=w)
    ok = dirac > 0
    ax.plot((eps / 2 - w[ok]) * 1e6, (maj[ok] - dirac[ok]) / dirac[ok],
            label=f"Majorana, α₂₁ = {alpha:.2f}")
ax.set_xscale("log")
ax.set_xlabel("ε_eg/2 − ω [µeV]")
ax.set_ylabel("(I_M − I_D) / I_D")
ax.legend(fontsize=8)
fig.tight_layout()
fig.savefig(OUT / "yb_majorana_phase.png", dpi=110)

# %% [markdown]
# ## Polarization sums: the trigger's linear polarization vs the isotropic average
#
# With p_eg = 0 the pair momentum is −k, longitudinal; a transverse trigger polarization
# sees only the transverse pair current, the isotropic average (1/3, Dinh et al.) also the
# longitudinal one (the ω²/3 term).  Near the endpoint the two differ most.

# %%
w = np.linspace(0.25 * eps, eps / 2 - 1e-7, 4000)
lin = spectrum("Yb", 0.0, "NO", False, w=w)
iso = spectrum("Yb", 0.0, "NO", False, w=w, orientation="isotropic")
for frac in (0.6, 0.9, 0.99, 0.9999):
    k = int(np.argmin(np.abs(w - frac * eps / 2)))
    print(f"omega = {frac:g} eps/2: isotropic / linear = {iso[k] / lin[k]:.4g}")
