"""Record the numbers every example plans to, before the architecture move (issue 13).

Run once on the pre-move code: ``python tests/golden/make_golden.py``.  It writes
``tests/golden/golden.json``: for each example spec and each phase-space model the
Plan's numbers (results, distributions, verdict numbers, exposures, comparisons,
profiles), plus ``expdesign paper-check --json``.  ``test_golden.py`` compares the
current code with it to 1e-12 relative.  Delete both when issue 13 closes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXAMPLES = sorted((ROOT / "schemas" / "examples").glob("*.json"))
#: model -> settings overrides (inplane and finite-3d on a short grid over the spec's
#: range: they take minutes on the full one)
MODELS = {
    "infinite": {},
    "finite": {},
    "inplane": {"angle_grid": 15},
    "finite-3d": {"angle_grid": 7},
}


def plan_dict(spec_path: Path, model: str) -> dict:
    """The Plan of one example under one model, as its JSON dict."""
    from expdesign.io import load_spec
    from expdesign.planner import Planner, PlannerSettings

    spec = load_spec(str(spec_path))
    kw: dict = {"model": model}
    npts = MODELS[model].get("angle_grid")
    if npts is not None and spec.angles is not None:
        a = spec.angles
        kw["angle_grid"] = (a.start.to("deg").m, a.stop.to("deg").m, npts)
    plan = Planner(spec, PlannerSettings(**kw)).run()
    return json.loads(plan.model_dump_json())


def paper_check_rows() -> list:
    out = subprocess.run([sys.executable, "-m", "expdesign", "paper-check", "--json"],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout)


def main() -> None:
    golden: dict = {"plans": {}, "paper_check": paper_check_rows()}
    for ex in EXAMPLES:
        for model in MODELS:
            key = f"{ex.stem}/{model}"
            print("planning", key, flush=True)
            golden["plans"][key] = plan_dict(ex, model)
    (HERE / "golden.json").write_text(json.dumps(golden, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
