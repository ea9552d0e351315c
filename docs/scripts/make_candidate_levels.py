"""Provenance of expdesign/candidates/data/levels_laf3.json (run once, kept for the record).

Reads the Carnall et al. (1989) appendix tables (Stark levels of Ln3+:LaF3, experimental
and calculated, cm^-1) as transcribed in the qlanth repository (github.com/zia-lab/qlanth,
``data/Carnall.m``, MIT licence, commit 14563fd6c91b164dab47a5b3ff6f3686ea33a44b) and
writes them unchanged (label, experimental, calculated; "Model" columns and comments of
Pr and Tm dropped) to the shipped JSON.

Usage: ``python docs/scripts/make_candidate_levels.py path/to/Carnall.m``
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

IONS = ["Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb"]
OUT = Path(__file__).resolve().parents[2] / "expdesign" / "candidates" / "data" / \
    "levels_laf3.json"


def _block(txt: str, key: str) -> str:
    i = txt.index(key) + len(key)
    depth = 0
    j = i
    while True:
        c = txt[j]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return txt[i:j + 1]
        j += 1


def _num(x: object) -> float | None:
    return float(x) if isinstance(x, (int, float)) else None


def main(path: str) -> None:
    txt = Path(path).read_text()
    ions: dict[str, object] = {}
    for ion in IONS:
        s = _block(txt, f'"appendix:{ion}:RawTable" ->')
        s = s.replace("Missing[]", "null").replace("{", "[").replace("}", "]")
        s = re.sub(r'(?<![\w."])(-?\d+)\.(?!\d)', r"\1.0", s).replace("\\\n", "")
        rows = json.loads(s)
        head = _block(txt, f'"appendix:{ion}:Headings" ->')
        cols = [c.strip().strip('"') for c in head.strip("{} \n").split(",")]
        i_exp = cols.index("Exp (1/cm)") + 1 if "Exp (1/cm)" in cols else None
        i_calc = cols.index("Calc (1/cm)") + 1
        out = []
        for r in rows:
            if not r or not r[0]:
                continue
            out.append([r[0], _num(r[i_exp]) if i_exp else None, _num(r[i_calc])])
        ions[ion] = {"stark_levels": out}
    doc = {
        "host": "LaF3",
        "unit": "cm^-1",
        "columns": ["term label (as printed)", "experimental", "calculated"],
        "source": ("W. T. Carnall, G. L. Goodman, K. Rajnak, R. S. Rana, A systematic "
                   "analysis of the spectra of the lanthanides doped into single crystal "
                   "LaF3, J. Chem. Phys. 90, 3443 (1989), appendix tables; transcription of "
                   "the qlanth project (github.com/zia-lab/qlanth, data/Carnall.m, MIT "
                   "licence, commit 14563fd6c91b164dab47a5b3ff6f3686ea33a44b)"),
        "notes": ("Stark levels of the C2v-approximated LaF3 site, in the order printed; "
                  "null = not observed (experimental) or not given. Pm3+ has calculated "
                  "levels only (no experimental data in the source). Labels with several "
                  "terms are levels of mixed character as printed."),
        "corrections": [{
            "ion": "Eu", "label_as_printed": "7F5", "from_cm": 4900.0, "label": "7F6",
            "reason": ("the transcription prints 24 levels 3787-5182 cm^-1 as 7F5: the 11 "
                       "lowest are 7F5 (2J+1 = 11) and the 13 from 4934 cm^-1 are 2J+1 = 13 "
                       "levels of 7F6, which has no other entry; relabelled on load")}],
        "ions": ions,
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
