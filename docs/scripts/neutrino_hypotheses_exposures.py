"""Exposure tables of docs/neutrino_hypotheses.md: Majorana-phase and sterile-state
questions added to the shipped example designs.

For each design the spec is the shipped example with its hypotheses replaced by: the truth
(the example's Majorana hypothesis), alpha = pi, beta = pi, alpha = beta = pi, and a
sterile state with |U_e4|^2 = 0.02 (|U_mu4| = |U_tau4| = 0) at m4 = 0.3 eV and 1 eV.
Everything else (lasers, geometry, detector, angles) is the shipped example's.  Prints the
markdown tables quoted in the page.

Run: ``.venv/bin/python docs/scripts/neutrino_hypotheses_exposures.py [--model infinite]``
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from expdesign import Planner, PlannerSettings
from expdesign.io import load_spec_dict

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
UE4_SQ = 0.02
STERILE_MASSES = ("0.3 eV", "1 eV")


def spec_dict(name: str) -> dict:
    """The shipped example ``name`` with the phase and sterile hypotheses."""
    d = json.loads((EX / f"{name}.json").read_text())
    truth = next(h for h in d["hypotheses"] if h.get("nature") == "majorana")
    truth = {**truth, "name": f"truth: {truth['name']}"}
    d["hypotheses"] = [
        truth,
        {**truth, "name": "alpha = pi", "alpha": "180 deg"},
        {**truth, "name": "beta = pi", "beta": "180 deg"},
        {**truth, "name": "alpha = beta = pi", "alpha": "180 deg", "beta": "180 deg"},
        *({**truth, "name": f"sterile m4 = {m}",
           "sterile": {"mass": m, "ue4_sq": UE4_SQ}} for m in STERILE_MASSES),
    ]
    return d


def _what(detail: str) -> str:
    """The pairs carrying a phase difference, or the sterile state, from an exposure's
    detail (markdown-safe)."""
    m = re.search(r"phase information in pairs ([^(]*\(\d\d\)(?:, \(\d\d\))*)", detail)
    if m:
        return "pairs " + m.group(1)
    m = re.search(r"alternative (m4=.*)$", detail)
    if m:
        return m.group(1)
    return ""


def table(name: str, model: str) -> str:
    """Markdown table of the exposures of one design."""
    d = spec_dict(name)
    plan = Planner(load_spec_dict(d), PlannerSettings(model=model)).run()
    rows = [f"`{name}` (truth {d['hypotheses'][0]['name'][7:]}; RENP phase-space model "
            f"{model})", "", "| question | alternative | exposure | carried by |",
            "|---|---|---|---|"]
    for e in plan.exposures:
        t = f"{e.time:.3g~P}" if e.time is not None else e.status
        what = _what(e.detail).replace("|", "\\|")
        rows.append(f"| {e.question} | {e.against or '-'} | {t} | {what} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="finite", help="RENP phase-space model")
    a = ap.parse_args()
    for name in ("ho_ylf_ranp", "er_ylf_renp"):
        print(table(name, a.model))
        print()


if __name__ == "__main__":
    main()
