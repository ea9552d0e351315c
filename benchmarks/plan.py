"""Benchmark: a cold `expdesign plan` of the Er reference design.

Runs the CLI in a fresh Python process (imports included, as a user would), at the default
settings the package ships (spec angles: 121 trigger angles over 48.2-69.8 deg, the
Planner's default phase-space model, 4 hypotheses, 1001 Bloch time points), and a
straightforward reference path measured in the same run: the same plan with the paper's
in-plane model on a full 0-180 deg grid of 601 angles; and the route before issue 22, in
the same run: the same cold plan with the Gauss-Legendre nodes from
``numpy.polynomial.legendre.leggauss`` and the projected rule evaluated cell by cell
(``projected.distribution_projected_loop`` at the old core order 160), patched in at
start-up.  The old route's numbers differ from the new by the rule changes of issue 22
(tail map, core order, far-core product rule: up to ~2e-5 relative at the edges).

Wall times count other users' work on a shared machine; the CPU time of the plan process
(user + system, from ``getrusage``) is printed beside them.

Last line: ``RESULT plan_er_s=<s> old_route_s=<s> speedup=<x> plan_er_cpu_s=<s>
old_route_cpu_s=<s>``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "schemas" / "examples" / "er_ylf_renp.json"


OLD_ROUTE = """
import functools, sys
import numpy as np
from expdesign.physics.phasespace import quadrature, projected
import expdesign.planner.phase_space as ps

@functools.lru_cache(maxsize=256)
def leggauss(n):
    x, w = np.polynomial.legendre.leggauss(n)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w

quadrature.gauss_legendre = leggauss
# the cell-by-cell rule at the pre-issue-22 core order (its tails now use the smoothstep
# map, same node count as the old plain log-k rule)
ps.distribution_projected = functools.partial(projected.distribution_projected_loop,
                                              n_core=160)
from expdesign.cli import main
sys.exit(main(sys.argv[1:]))
"""


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each run's process, by route: robust against a loaded
machine, where the wall time also counts other users' work."""


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(extra: list[str], repeats: int = 3, old: bool = False) -> tuple[list[float], dict]:
    times = []
    plan = {}
    head = ["-c", OLD_ROUTE] if old else ["-m", "expdesign"]
    key = "old" if old else " ".join(extra) or "default"
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            t0, c0 = time.perf_counter(), _child_cpu()
            subprocess.run([sys.executable, *head, "plan", str(SPEC), "--out", tmp,
                            "--quiet", *extra], check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - t0)
            CPU.setdefault(key, []).append(_child_cpu() - c0)
            plan = json.loads((Path(tmp) / "plan.json").read_text())
    return times, plan


def max_rel_diff(a, b) -> float:
    """Largest relative difference of the numbers two plan.json trees share."""
    if isinstance(a, dict):
        return max([max_rel_diff(a[k], b[k]) for k in a if k in b], default=0.0)
    if isinstance(a, list):
        return max([max_rel_diff(x, y) for x, y in zip(a, b, strict=False)], default=0.0)
    if isinstance(a, float) and isinstance(b, float) and a != b:
        return abs(a - b) / max(abs(a), abs(b))
    return 0.0


def main() -> None:
    times, plan = run([])
    t_default = min(times)
    settings = plan["provenance"]["settings"]
    model = next(d["model"] for d in plan["distributions"] if d["name"] == "RENP rate")
    print(f"default plan (cold CLI, best of 3): {t_default:.2f} s "
          f"(all: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"  model: {model}; settings: model={settings['model']}, "
          f"bloch_points={settings['bloch_points']}")
    t_imp = min(_import_time() for _ in range(3))
    print(f"  of which python start-up + imports: {t_imp:.2f} s")
    t_ref, _ = run(["--model", "inplane", "--grid", "0,180,601"], repeats=1)
    print(f"reference path (in-plane model, 601 angles over 0-180 deg): {t_ref[0]:.2f} s")
    old_times, old_plan = run([], repeats=2, old=True)
    t_old = min(old_times)
    print(f"old route (leggauss nodes, projected rule cell by cell), best of 2: {t_old:.2f} s "
          f"(all: {', '.join(f'{t:.2f}' for t in old_times)})")
    print(f"  largest relative difference of the plan's numbers: "
          f"{max_rel_diff(old_plan, plan):.1e}")
    c_new, c_old = min(CPU["default"]), min(CPU["old"])
    print(f"CPU time (user + system of the plan process), best: default {c_new:.2f} s, "
          f"old route {c_old:.2f} s")
    print(f"RESULT plan_er_s={t_default:.3f} old_route_s={t_old:.3f} "
          f"speedup={t_old / t_default:.1f} plan_er_cpu_s={c_new:.3f} old_route_cpu_s={c_old:.3f}")


def _import_time() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import expdesign.planner, expdesign.cli"],
                   check=True, cwd=ROOT)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
