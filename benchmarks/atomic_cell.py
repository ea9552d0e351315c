"""The finite gas cell of atomic RENP: projected rule against the 3D rule, the infinite-cell
limit, the threshold smear, timings, and the Yb example planned with each model.

Run: PYTHONPATH=$PWD .venv/bin/python benchmarks/atomic_cell.py   (~2 min on 2 cores)

Yb (eps_eg = 2.143493 eV), p_eg = 0, trigger along the cell axis, linear trigger
polarization (T = yy), masses of the example's first hypothesis (NO, 20 meV, pdg2018),
cell L = 10 cm, R = 1.7841 cm.  Photon energies in three regions: ``allowed`` (more than
0.1 meV below the (11) threshold), ``edge`` (within 0.1 meV of the (11) threshold or the
endpoint, either side) and ``beyond`` (above the endpoint, where only the cell's tail is
left).  Per region: the largest |K_projected / K_3d - 1| of the summed kernel (Dirac part)
and, beside it, the finite-size effect |K_3d / K_inf - 1| where K_inf > 0.
Last line: RESULT allowed_max=<x> edge_max=<x> beyond_max=<x> t3d_per_point_s=<x>
tproj_601_s=<x> limit_dev_times_Lcm=<x>
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from expdesign.io import load_spec_dict
from expdesign.physics import atomic_cell as ac
from expdesign.physics import atomic_renp as ar
from expdesign.physics import neutrino as nu
from expdesign.planner import Planner, PlannerSettings

CM = 5.067730716e4
EPS = 2.143493
L, R = 10 * CM, 1.7841 * CM
T = ar.orientation_tensor("linear", 0.0)
M = nu.masses(0.02, "NO", nu.oscillation_set("pdg2018"))
EX = Path(__file__).resolve().parents[1] / "schemas" / "examples"


def main() -> None:
    w11 = float(ar.threshold_omega_counterpropagating(2 * M[0], EPS))
    end = EPS / 2
    allowed = np.linspace(1.0688, w11 - 1e-4, 6)
    edge = np.concatenate([w11 + np.array([-5e-5, -1e-5, 0.0, 1e-5, 5e-5]),
                           end + np.array([-5e-5, -1e-5])])
    beyond = end + np.array([2e-5, 1e-4, 5e-4])
    out: dict[str, float] = {}
    t3 = []
    for name, w in (("allowed", allowed), ("edge", edge), ("beyond", beyond)):
        t = time.perf_counter()
        K3 = ac.finite_cell_kernels_3d(w, EPS, M, R, L, (0.0, 0.0), 0.0, T)[0].sum((1, 2))
        t3.append((time.perf_counter() - t) / len(w))
        Kp = ac.finite_cell_kernels(w, EPS, M, R, L, (0.0, 0.0), 0.0, T)[0].sum((1, 2))
        K0 = ar.spectrum_kernels(w, EPS, M)[0].sum((1, 2))
        d = np.abs(Kp / K3 - 1)
        fs = np.abs(K3[K0 > 0] / K0[K0 > 0] - 1)
        out[name] = float(d.max())
        print(f"{name:8s} proj/3d - 1: max {d.max():.2e} (median {np.median(d):.2e});"
              f" finite-size effect |K3d/Kinf - 1|: "
              + (f"{fs.min():.1e}..{fs.max():.1e}" if fs.size else "K_inf = 0 everywhere"))
        for wk, a, b, c in zip(w, Kp, K3, K0, strict=True):
            print(f"   omega = {wk:.7f} eV: K_proj {a:.6e}  K_3d {b:.6e}  K_inf {c:.6e}")
    grid = np.linspace(1.0688, 1.07175, 601)
    t = time.perf_counter()
    ac.finite_cell_kernels(grid, EPS, M, R, L, (0.0, 0.0), 0.0, T, error=True)
    tp = time.perf_counter() - t
    t = time.perf_counter()
    ac.finite_cell_kernels(grid, EPS, M, R, L, (0.0, 0.0), 0.0, T)
    tp0 = time.perf_counter() - t
    print(f"projected, 601 photon energies: {tp:.2f} s with error estimate, {tp0:.2f} s without")
    # the infinite-cell limit: max deviation x L (cm) below the (11) threshold
    w = np.linspace(1.0688, 1.0713, 26)
    K0 = ar.spectrum_kernels(w, EPS, M)[0].sum((1, 2))
    devs = []
    for Lc in (1.0, 10.0, 100.0, 1000.0):
        K = ac.finite_cell_kernels(w, EPS, M, 0.17841 * Lc * CM, Lc * CM, (0.0, 0.0), 0.0,
                                   T)[0].sum((1, 2))
        devs.append(float(np.max(np.abs(K / K0 - 1))) * Lc)
        print(f"L = {Lc:g} cm: max |K_fin/K_inf - 1| x L_cm = {devs[-1]:.3f}")
    smear = ac.threshold_smear_fwhm(w11, EPS, (0.0, 0.0), 0.0, R, L)
    print(f"cell threshold smear FWHM (L = 10 cm): {smear:.3e} eV (1/L = {1 / L:.3e} eV)")
    d = json.loads((EX / "yb_renp.json").read_text())
    for model in ("infinite", "finite"):
        t = time.perf_counter()
        plan = Planner(load_spec_dict(d, base_dir=EX), PlannerSettings(model=model)).run()
        print(f"Yb example, model {model!r}: {time.perf_counter() - t:.1f} s; rate at trigger "
              f"{plan.result('rate_at_trigger').to('1/s').m:.3e} /s")
        for e in plan.exposures:
            tt = "-" if e.time is None else f"{e.time.to('d').m:.4g} d"
            print(f"   {e.question} ({e.against or ''}): {tt}")
    print(f"RESULT allowed_max={out['allowed']:.3e} edge_max={out['edge']:.3e} "
          f"beyond_max={out['beyond']:.3e} t3d_per_point_s={np.mean(t3):.2f} "
          f"tproj_601_s={tp0:.2f} limit_dev_times_Lcm={max(devs):.3f}")


if __name__ == "__main__":
    main()
