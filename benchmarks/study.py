"""Benchmark: the 404-hypothesis sensitivity study of the Er reference design.

Run: .venv/bin/python benchmarks/study.py [--skip-3d]

* Grid: lightest mass 0-100 meV in 1 meV steps, NO/IO, Dirac/Majorana (404 hypotheses,
  202 distinct mass sets), 601 trigger angles over 0-180 deg, L = 2R = 2 cm (the spec).
* Projected model (the Planner's default): the whole study, serial and on a process pool
  of 2 workers (expdesign.study, package expdesign.studies), wall and CPU time.
* Full 3D model: one distribution (601 angles x 6 pairs, no error estimate, the edge cells
  on a pinned pool of 2 workers) timed; then the study itself on a sample of the grid
  (``--sample-masses`` lightest masses x 2 orderings x 2 natures; the edge cells of all
  its mass sets dealt into one pool, :func:`expdesign.physics.phasespace.distribution_sets`),
  extrapolated to the 202 mass sets, and one of its hypotheses checked against a
  single-hypothesis finite-3d plan; ``--skip-3d`` leaves it out.
* Naive route, measured in the same run: one Planner run per hypothesis (the spec with
  that hypothesis as its only one), on a sample of 3 hypotheses, extrapolated to 404;
  ``max_rel_err`` is the largest relative difference between the study's rates and those
  plans' rates on the sample (floor 1e-3 of each hypothesis's peak), projected and 3D.
* Growth of the projected kernel's cost (projected_geometry + projected_integrals, CPU
  time): fitted exponents in angles, mass sets and crystal length.

Last line: ``RESULT study3d_s=<s> study3d_cpu_s=<s> study_projected_s=<s>
naive_per_hypothesis_s=<s> speedup=<x> max_rel_err=<x> load=<1-min load average at the
start>/<at the end>`` (study3d_s / study3d_cpu_s: the 404-hypothesis full 3D study,
extrapolated wall / CPU time incl. workers; study_projected_s: best wall time of the
serial and pooled runs; speedup: naive 404-hypothesis time over study_projected_s).  The
machine is shared: compare figures only with the load beside them.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

import numpy as np

import expdesign as ed
from expdesign.executors import pinned_process_pool
from expdesign.physics import neutrino as nu
from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace import projected_batch as pb
from expdesign.studies.run import clear_cache

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "schemas" / "examples" / "er_ylf_renp.json"
CM = 5.0677307e4
GRID_601 = (0.0, 180.0, 601)


def timed(fn, *a, **kw):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*a, **kw)
    return out, time.perf_counter() - t0, time.process_time() - c0


def study_runs() -> tuple[float, object]:
    best = np.inf
    res = None
    for ex, workers in (("serial", None), ("processes", 2)):
        clear_cache()  # cold: forked workers would inherit the serial run's kernels
        r, wall, cpu = timed(ed.study, SPEC, ed.HypothesisGrid(),
                             settings={"angle_grid": GRID_601}, executor=ex,
                             workers=workers, figures=False)
        print(f"projected study, 404 hypotheses x 601 angles, {ex}: {wall:.1f} s wall, "
              f"{cpu:.1f} s CPU in this process (serial: all of it)")
        best = min(best, wall)
        res = res or r
    return best, res


def naive(res) -> tuple[float, float]:
    spec = ed.load_spec(SPEC)
    hyps = ed.HypothesisGrid().hypotheses(spec.hypotheses[0])
    rate = res.array("rate_per_s")
    times, errs = [], []
    for k in (3, 150, 357):
        one = spec.model_copy(update={"hypotheses": [hyps[k]]})
        clear_cache()  # each naive plan cold, as separate `expdesign plan` runs
        plan, wall, _ = timed(ed.Planner(one, ed.PlannerSettings(angle_grid=GRID_601)).run)
        d = next(x for x in plan.distributions if x.name == "RENP rate")
        ref = np.asarray(d.y.values)
        floor = 1e-3 * np.abs(ref).max()
        errs.append(float(np.max(np.abs(rate[k] - ref) / np.maximum(np.abs(ref), floor))))
        times.append(wall)
        print(f"naive: one plan for {hyps[k].label}: {wall:.1f} s; study vs plan rate: "
              f"{errs[-1]:.1e}")
    return float(np.mean(times)), max(errs)


def one_3d() -> float:
    theta = np.radians(np.linspace(*GRID_601[:2], GRID_601[2]))
    m = nu.masses(0.01, "NO", nu.oscillation_set("nufit60"))
    with pinned_process_pool(2) as ex:
        _, wall, _ = timed(ps.distribution, theta, m, CM, 2 * CM, mode="3d", error=False,
                           executor=ex)
    print(f"full 3D distribution, 601 angles x 6 pairs, no error estimate, 2 workers: "
          f"{wall:.1f} s (load {os.getloadavg()[0]:.1f})")
    return wall


def study_3d_sample(n_masses: int) -> tuple[float, float, float]:
    """The full 3D study on a sample of the grid (lightest mass 0..n_masses-1 meV, both
    orderings and natures), serial chunks with the edge cells of all mass sets on a
    pinned pool of 2 workers; checked against a single-hypothesis finite-3d plan.
    Returns (wall s, CPU s incl. workers, largest relative difference to the plan)."""
    grid = ed.HypothesisGrid(start_meV=0.0, stop_meV=float(n_masses - 1))
    clear_cache()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    res, wall, cpu = timed(ed.study, SPEC, grid, models=("finite-3d",),
                           settings={"angle_grid": GRID_601}, executor="serial",
                           figures=False)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    n_sets = res.meta["n_distinct_mass_sets"]
    print(f"full 3D study, {res.meta['n_hypotheses']} hypotheses ({n_sets} mass sets) x "
          f"601 angles: {wall:.1f} s wall, {cpu:.1f} s CPU (this process and its workers; "
          f"load {os.getloadavg()[0]:.1f})")
    # its mass-dependent part alone (the kernels of the sample's mass sets), to extrapolate
    # as fixed part (plan of the truth with error estimates, Bloch, statistics) + per set
    theta = np.radians(np.linspace(*GRID_601[:2], GRID_601[2]))
    P = nu.oscillation_set("nufit60")
    sets = np.array([nu.masses(x * 1e-3, o, P) for x in range(n_masses) for o in ("NO", "IO")])
    spin = np.diag([0.0, 0.0, 1.0])
    kin = ps.er_ylf_kinematics()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with pinned_process_pool(2) as ex:
        _, swall, scpu = timed(ps.distribution_sets, theta, sets, CM, 2 * CM, spin, kin, ex)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    scpu += (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(f"   its kernels alone (distribution_sets, {len(sets)} mass sets, 2 workers): "
          f"{swall:.1f} s wall, {scpu:.1f} s CPU; the rest of the study {wall - swall:.1f} s "
          f"(load {os.getloadavg()[0]:.1f})")
    spec = ed.load_spec(SPEC)
    hyps = grid.hypotheses(spec.hypotheses[0])
    k = len(hyps) - 1
    one = spec.model_copy(update={"hypotheses": [hyps[k]]})
    clear_cache()
    plan, pwall, _ = timed(ed.Planner(one, ed.PlannerSettings(angle_grid=GRID_601,
                                                               model="finite-3d")).run)
    d = next(x for x in plan.distributions if x.name == "RENP rate")
    ref = np.asarray(d.y.values)
    rate = res.array("rate_per_s", "finite-3d")[k]
    err = float(np.max(np.abs(rate - ref) / np.maximum(np.abs(ref), 1e-3 * np.abs(ref).max())))
    print(f"   single finite-3d plan for {hyps[k].label} (with error estimates): {pwall:.1f} s;"
          f" study vs plan rate: {err:.1e}")
    per_w, per_c = swall / len(sets), scpu / len(sets)
    return (wall - swall) + 202 * per_w, (cpu - scpu) + 202 * per_c, err


def growth() -> None:
    kin = ps.er_ylf_kinematics()
    P = nu.oscillation_set("nufit60")

    def cost(n_ang: int, n_sets: int, length_cm: float) -> float:
        """CPU time of the mass-dependent part (the geometry built and timed apart)."""
        clear_cache()
        th = np.radians(np.linspace(0.0, 180.0, n_ang))
        ms = np.linspace(0.0, 0.1, n_sets)
        pm = np.stack([ps.pair_masses(nu.masses(x, "NO", P)) for x in ms])
        t0 = time.process_time()
        g = pb.projected_geometry(th, length_cm / 2 * CM, length_cm * CM, "z", kin)
        t1 = time.process_time()
        pb.projected_integrals(g, pm)
        t2 = time.process_time()
        geo.append((n_ang, length_cm, t1 - t0))
        return t2 - t1

    geo: list[tuple[int, float, float]] = []
    for name, xs, f in (("angles", [101, 201, 401], lambda x: cost(x, 16, 2.0)),
                        ("mass sets", [16, 32, 64], lambda x: cost(101, x, 2.0)),
                        ("crystal length (cm, L = 2R)", [1.0, 2.0, 4.0],
                         lambda x: cost(101, 16, x))):
        ts = [f(x) for x in xs]
        slope = np.polyfit(np.log(xs), np.log(ts), 1)[0]
        pts = ", ".join(f"{x:g}: {t:.2f} s" for x, t in zip(xs, ts, strict=True))
        print(f"growth of the mass-dependent part in {name}: {pts} -> exponent {slope:.2f}")
    print("mass-independent part (geometry, tables; once per design): "
          + ", ".join(f"{n} angles at {x:g} cm: {t:.2f} s" for n, x, t in geo[:3] + geo[-3:]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-3d", action="store_true")
    ap.add_argument("--sample-masses", type=int, default=3,
                    help="lightest masses (1 meV apart) in the measured 3D sample")
    args = ap.parse_args()
    load0 = os.getloadavg()[0]
    t_proj, res = study_runs()
    t_naive, err = naive(res)
    growth()
    t3d = c3d = float("nan")
    if not args.skip_3d:
        t1 = one_3d()
        t3d, c3d, e3d = study_3d_sample(args.sample_masses)
        err = max(err, e3d)
        print(f"404-hypothesis full 3D study (202 distinct mass sets, extrapolated from "
              f"the sample): {t3d:.0f} s wall, {c3d:.0f} s CPU (one distribution at a time:"
              f" 202 x {t1:.1f} s = {202 * t1:.0f} s)")
    speed = 404 * t_naive / t_proj
    print(f"RESULT study3d_s={t3d:.1f} study3d_cpu_s={c3d:.1f} study_projected_s={t_proj:.2f} "
          f"naive_per_hypothesis_s={t_naive:.2f} speedup={speed:.1f} max_rel_err={err:.2e} "
          f"load={load0:.1f}/{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
