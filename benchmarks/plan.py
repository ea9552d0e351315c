"""Benchmark: a cold `expdesign plan` of the Er reference design.

Runs the CLI in a fresh Python process (imports included, as a user would), at the default
settings the package ships (spec angles: 121 trigger angles over 48.2-69.8 deg, the
Planner's default phase-space model, 4 hypotheses, 1001 Bloch time points), and a
straightforward reference path measured in the same run: the same plan with the paper's
in-plane model on a full 0-180 deg grid of 601 angles.

Last line: ``RESULT plan_er_s=<seconds>``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "schemas" / "examples" / "er_ylf_renp.json"


def run(extra: list[str], repeats: int = 3) -> tuple[float, dict]:
    best = float("inf")
    plan = {}
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "expdesign", "plan", str(SPEC), "--out", tmp,
                            "--quiet", *extra], check=True, capture_output=True, cwd=ROOT)
            best = min(best, time.perf_counter() - t0)
            plan = json.loads((Path(tmp) / "plan.json").read_text())
    return best, plan


def main() -> None:
    t_default, plan = run([])
    settings = plan["provenance"]["settings"]
    model = next(d["model"] for d in plan["distributions"] if d["name"] == "RENP rate")
    print(f"default plan (cold CLI, best of 3): {t_default:.2f} s")
    print(f"  model: {model}; settings: model={settings['model']}, "
          f"bloch_points={settings['bloch_points']}")
    t_imp = min(_import_time() for _ in range(3))
    print(f"  of which python start-up + imports: {t_imp:.2f} s")
    t_ref, _ = run(["--model", "inplane", "--grid", "0,180,601"], repeats=1)
    print(f"reference path (in-plane model, 601 angles over 0-180 deg): {t_ref:.2f} s")
    print(f"RESULT plan_er_s={t_default:.3f}")


def _import_time() -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import expdesign.planner, expdesign.cli"],
                   check=True, cwd=ROOT)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
