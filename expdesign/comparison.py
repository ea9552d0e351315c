"""Compare candidate designs: rank by the exposure time to a 5-sigma signal.

The figure of merit means the same for RENP and RANP: how long each design, with its
own detector, must run to see its signal at 5 sigma (Asimov).  Designs whose time is
not evaluable (missing data) rank last, and the table says why.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.plan import Plan

__all__ = ["Ranked", "compare", "format_ranking", "ranking_csv", "rate_model"]


@dataclass(frozen=True)
class Ranked:
    """One row of a comparison."""

    rank: int
    plan: Plan
    t5_s: float | None
    note: str

    def figures(self) -> dict[str, str]:
        p = self.plan
        out = {"spec": p.spec_name, "process": p.process, "target": p.target,
               "rate model": rate_model(p)}
        out["time to 5 sigma signal"] = _q(self.plan.exposure("signal at 5 sigma").time) \
            if _has_exposure(p) else "-"
        for key, label in (("rate_peak", "peak rate"), ("rate_total", "total rate"),
                           ("field_at_sensor_peak", "field at sensor"),
                           ("figure_of_merit", "figure of merit"),
                           ("chi2_cycle_mean", "<|chi|^2>")):
            out[label] = _q(p.result(key)) if p.has_result(key) else "-"
        counts = {s: sum(v.status == s for v in p.verdicts)
                  for s in ("pass", "fail", "not evaluable")}
        out["McQ/background verdicts"] = (f"{counts['pass']} pass, {counts['fail']} fail, "
                                          f"{counts['not evaluable']} n/e")
        for e in p.exposures:  # one column per question; the alternative in the cell
            if e.question != "signal at 5 sigma":
                cell = (_q(e.time) if e.time is not None else e.status) + \
                    (f" (vs {e.against})" if e.against else "")
                if e.status == "infeasible":
                    cell += " [infeasible]"
                k = e.question
                out[k] = f"{out[k]}; {cell}" if k in out else cell
        if p.sensitivity is not None:  # issue 23: the gap and the band beside the rank
            try:
                g = p.gap()
            except KeyError:  # no signal exposure time
                g = None
            out["gap (5 sigma signal / horizon)"] = f"{g.factor:.3g}" if g else "-"
            b = next((b for b in p.sensitivity.bands if g and b.figure == g.figure), None)
            out["68 % band of that time"] = (
                f"{b.linear_low / SECONDS_PER_YEAR:.3g}-{b.linear_high / SECONDS_PER_YEAR:.3g}"
                f" yr (dominated by {b.dominant})" if b is not None else "-")
        out["note"] = self.note
        return out


def rate_model(p: Plan) -> str:
    """Which model produced the plan's rate (from its recorded settings)."""
    st = p.provenance.settings
    if p.process == "RANP":
        m = st.get("ranp_model", "paper")
        return ("derived (docs/ranp.md: amplitude, macro-coherent sum, g-e-p Bloch)"
                if m == "derived" else "paper: seed 000 eq. (7), eta assumed")
    if p.process == "RENP_ATOMIC":
        coh = ("assumed |rho_eg| (atomic.coherence)" if p.has_result("coherence_used")
               and p.has_result("coherence_derived") and p.result("coherence_used").m
               != p.result("coherence_derived").m else "|rho_eg| from the excitation")
        return ("derived (docs/atomic_renp.md: Fermi amplitude through the virtual level), "
                f"{coh}, phase space {st.get('model', 'finite')}")
    return (f"derived (docs/planner.md: amplitude, 4-level Bloch, coherence factor "
            f"{st.get('coherence_factor', 'derived')}), phase space "
            f"{st.get('model', 'finite')}")


def _has_exposure(p: Plan) -> bool:
    try:
        p.exposure("signal at 5 sigma")
        return True
    except KeyError:
        return False


def _q(q) -> str:
    if q is None:
        return "-"
    u = f"{q.units:~P}"
    return f"{float(q.magnitude):.3g} {'yr' if u == 'a' else u}".strip()


def compare(plans: list[Plan]) -> list[Ranked]:
    """Rank plans by the exposure time to a 5-sigma signal (shortest first)."""
    keyed = []
    for p in plans:
        t, note = None, ""
        if _has_exposure(p):
            e = p.exposure("signal at 5 sigma")
            if e.time is not None:
                t = float(e.time.to("s").magnitude)
            note = e.detail if e.time is None else ""
            if e.status != "ok":
                note = f"{e.status}: {e.detail}"
        else:
            note = "no exposure computed"
        fails = [v.name for v in p.verdicts if v.status == "fail" and v.kind == "limit"]
        if fails:
            note = (note + "; " if note else "") + "fails: " + ", ".join(fails)
        invalid = [v.name for v in p.verdicts if v.status == "fail" and v.kind != "limit"]
        if invalid:
            note = (note + "; " if note else "") + "model assumption fails: " + ", ".join(
                invalid)
        keyed.append((t, p, note))
    # ties (designs without a time) in the order of their names: the ranking does not
    # depend on the order the plans were given in
    keyed.sort(key=lambda x: (any(v.status == "fail" and v.kind == "limit"
                                  for v in x[1].verdicts), x[0] is None,
                              x[0] if x[0] is not None else math.inf, x[1].spec_name))
    return [Ranked(i + 1, p, t, n) for i, (t, p, n) in enumerate(keyed)]


def format_ranking(ranked: list[Ranked], markdown: bool = True) -> str:
    """The ranking as a Markdown table (or plain text)."""
    rows = [r.figures() for r in ranked]
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    head = ["rank"] + cols
    def esc(c: str) -> str:  # a '|' inside a cell (<|chi|^2>) would split it
        return c.replace("|", "\\|") if markdown else c

    lines = ["| " + " | ".join(esc(h) for h in head) + " |", "|" + "---|" * len(head)]
    for rk, r in zip(ranked, rows, strict=True):
        lines.append("| " + " | ".join(esc(x) for x in [str(rk.rank)]
                                       + [r.get(c, "-") for c in cols]) + " |")
    text = "\n".join(lines)
    if not markdown:
        text = text.replace("|---", "").replace("| ", "").replace(" |", " ")
    return text + "\n\nRanked by the exposure time to a 5-sigma signal with each design's own " \
                  "detector (Asimov); designs with a failing verdict (infeasible) after the " \
                  "others, not evaluable designs last.\n"


def ranking_csv(ranked: list[Ranked]) -> str:
    rows = [{"rank": str(r.rank), **r.figures()} for r in ranked]
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, restval="-")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
