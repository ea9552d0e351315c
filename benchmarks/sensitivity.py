"""Benchmark: the sensitivity run of the Er reference design against one plan (issue 23).

In one fresh process: one plan of ``schemas/examples/er_ylf_renp.json`` at the default
settings (the ``finite`` model, cold: its phase-space kernels are computed), then the
sensitivity run of the same spec in a second fresh process (its own base plan included,
cold as well: :func:`expdesign.analyse_sensitivity` with no Plan given).  The goal of issue
23 is ``ratio <= 5``.  Wall times count other users' work on a shared machine; the CPU
times (user + system) are printed beside them.

Last line: ``RESULT plan_s=<s> sensitivity_s=<s> ratio=<x> replans=<n> plan_cpu_s=<s>
sensitivity_cpu_s=<s>``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "schemas" / "examples" / "er_ylf_renp.json"

CHILD = """
import json, resource, sys, time
import expdesign
spec = expdesign.load_spec(sys.argv[1])
expdesign.Planner  # imports done before the clock starts
import expdesign.planner.sensitivity
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
t0, c0 = time.perf_counter(), cpu()
if sys.argv[2] == "plan":
    expdesign.Planner(spec).run()
    n = 0
else:
    n = expdesign.analyse_sensitivity(spec).sensitivity.replans
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": cpu() - c0, "replans": n}))
"""


def _run(kind: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(SPEC), kind], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    p = _run("plan")
    s = _run("sensitivity")
    print(f"one plan: {p['wall']:.2f} s wall ({p['cpu']:.2f} s CPU)")
    print(f"sensitivity run: {s['wall']:.2f} s wall ({s['cpu']:.2f} s CPU), "
          f"{s['replans']} re-plans")
    print(f"RESULT plan_s={p['wall']:.3f} sensitivity_s={s['wall']:.3f} "
          f"ratio={s['wall'] / p['wall']:.3f} replans={s['replans']} "
          f"plan_cpu_s={p['cpu']:.3f} sensitivity_cpu_s={s['cpu']:.3f}")


if __name__ == "__main__":
    main()
