"""Benchmark of the four-level Lindblad solvers (expdesign.physics.bloch).

Er3+:YLF (seed 001 Table 1) with I_pg = 1 uW/cm^2, trigger (step) at 0.2 lifetimes of
|e>, 2501 output times over 0..2.5 lifetimes.

* single run: propagator (the default ``bloch.solve``, i.e. ``bloch.BlochSolver(p).run``)
  and qutip ``mesolve``, with the run statistics of ``BlochResult.stats``;
* 10 x 10 scan over (I_qg, I_eq) in 1..20 mW/cm^2 (log grid): looping ``mesolve``
  (the reference) vs one call of the batched propagator ``bloch.solve_batch``;
* the inhomogeneous class average of the Er design (the shipped example's lasers, 1001
  times over the 4.23 ms cycle, Gaussian p-g line of FWHM 16 MHz (the target's) and 1 GHz,
  resonance width Gamma_e + Gamma_p): time, classes, error estimate (target <= 30 s on
  2 cores).

Run: ``PYTHONPATH=$PWD /work/venv/bin/python benchmarks/bloch.py``
"""

from __future__ import annotations

import time

import numpy as np

from expdesign.physics import bloch
from expdesign.units import Q_, to_natural


def main() -> None:
    i10 = to_natural(Q_("10 mW/cm^2"), 4)
    tau = bloch.er_ylf_params(i10, i10, i10, 0.0).lifetime("e")
    times = np.linspace(0.0, 2.5 * tau, 2501)

    def params(i_qg: float, i_eq: float) -> bloch.FourLevelParams:
        return bloch.er_ylf_params(i_qg * i10, i_eq * i10, 1e-4 * i10, 0.2 * tau)

    p = params(0.3, 0.9)
    bloch.solve(p, times)  # warm-up (imports, caches)
    t0 = time.perf_counter()
    r_prop = bloch.solve(p, times)
    single_prop = time.perf_counter() - t0
    t0 = time.perf_counter()
    r_q = bloch.solve(p, times, method="qutip")
    single_q = time.perf_counter() - t0
    print(f"single run (2501 times): propagator {single_prop:.4f} s, mesolve {single_q:.3f} s, "
          f"max |drho| = {np.max(np.abs(r_prop.rho - r_q.rho)):.2e}")
    keys = ("n_segments", "n_eigendecompositions", "n_propagators", "max_condition_number")
    print("propagator stats: " + ", ".join(f"{k}={r_prop.stats[k]}" for k in keys))
    print(f"qutip stats: integrator={r_q.stats['integrator']}, "
          f"n_segments={r_q.stats['n_segments']}")

    grid = np.geomspace(0.1, 2.0, 10)  # in units of 10 mW/cm^2
    plist = [params(a, b) for a in grid for b in grid]
    t0 = time.perf_counter()
    rb = bloch.solve_batch(plist, times)
    scan_batched = time.perf_counter() - t0
    t0 = time.perf_counter()
    ref = [bloch.solve(q, times, method="qutip") for q in plist]
    scan_mesolve = time.perf_counter() - t0
    diff = max(float(np.max(np.abs(rb.rho[k] - r.rho))) for k, r in enumerate(ref))
    peaks, _ = rb.peak("magnetization_factor")
    print(f"scan 10x10 (I_qg, I_eq in 1..20 mW/cm^2): looping mesolve {scan_mesolve:.2f} s, "
          f"batched propagator {scan_batched:.3f} s (incl. checks), speed-up "
          f"{scan_mesolve / scan_batched:.0f}x, max |drho| = {diff:.2e}")
    print(f"peak rho_ee^3|rho_ep|^2 over the scan: min {peaks.min():.3e} max {peaks.max():.3e}")
    avg = _class_averages()
    print(f"RESULT single_s={single_prop:.4f} scan100_mesolve_s={scan_mesolve:.3f} "
          f"scan100_batched_s={scan_batched:.4f} " + " ".join(
              f"{k}={v}" for k, v in avg.items()))


def _class_averages() -> dict[str, str]:
    """The Er design's class average at 16 MHz and 1 GHz (time, classes, error)."""
    from expdesign.physics.bloch.inhomogeneous import class_average
    from expdesign.physics.constants import HBAR_EV_S

    s = HBAR_EV_S
    i = [to_natural(Q_(x), 4) for x in ("3 mW/cm^2", "9 mW/cm^2", "1 uW/cm^2")]
    p = bloch.er_ylf_params(i[0], i[1], i[2], 0.338e-3 / s)
    t = np.linspace(0.0, 4.23e-3 / s, 1001)
    gam = float(p.gamma_total[3] + p.gamma_total[1])
    out: dict[str, str] = {}
    for label, fwhm_hz in (("16MHz", 16e6), ("1GHz", 1e9)):
        t0 = time.perf_counter()
        r = class_average(p, t, "gaussian", 2 * np.pi * fwhm_hz * s, resonance_width=gam)
        dt = time.perf_counter() - t0
        rel = r.error / float(np.max(np.abs(r.coherence)))
        print(f"class average, Er design, Gaussian FWHM {label}: {dt:.2f} s, "
              f"{r.n_classes} classes in {r.n_panels} panels, converged={r.converged}, "
              f"max |chi|^2 {float(np.max(r.chi2)):.4g}, |chi| error estimate {rel:.2e} "
              "relative")
        out[f"inhom_{label}_s"] = f"{dt:.3f}"
        out[f"inhom_{label}_classes"] = str(r.n_classes)
        out[f"inhom_{label}_rel_error"] = f"{rel:.2e}"
    return out


if __name__ == "__main__":
    main()
