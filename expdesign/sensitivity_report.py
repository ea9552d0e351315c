"""What limits a design: the sensitivity section of a Plan (models, gap, report lines).

:class:`SensitivityReport` is what :func:`expdesign.planner.sensitivity.analyse` stores in
``Plan.sensitivity``: the headline figures, the numeric inputs (with their uncertainties and
physical bounds), every elasticity ``d ln(figure) / d ln(input)`` (exact exponent or central
difference in log space), the uncertainty bands and the gaps to a measurement.  It holds
plain floats with unit strings, so the Plan's JSON reads back.  :meth:`SensitivityReport.gap`
recomputes a gap for any exposure question, horizon and user bounds from the stored
elasticities (no re-plan).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field

from expdesign.models.base import StrictModel
from expdesign.physics.constants import SECONDS_PER_YEAR
from expdesign.physics.sensitivity import needed_value

__all__ = ["Uncertainty", "SensitivityInput", "Elasticity", "Figure", "Band", "GapInput",
           "Gap", "SensitivityReport", "SIGNAL_QUESTION"]

SIGNAL_QUESTION = "signal at 5 sigma"


class Uncertainty(StrictModel):
    """An input's uncertainty as used: ``relative`` (1 sigma), ``range`` (low, high) or
    ``lognormal`` (sigma of ln x), with its source."""

    kind: Literal["relative", "range", "lognormal"]
    relative: float | None = None
    low: float | None = None
    high: float | None = None
    sigma: float | None = None
    source: str

    def text(self, unit: str) -> str:
        if self.kind == "relative":
            return f"+-{100 * (self.relative or 0):.3g} %"
        if self.kind == "range":
            return f"{self.low:.3g}-{self.high:.3g} {unit}".rstrip()
        return f"log-normal sigma {self.sigma:.3g}"


class SensitivityInput(StrictModel):
    """A numeric input of the design: its id, value (in ``unit``), the spec paths it scales,
    its uncertainty and its physical bounds (None: none known)."""

    id: str
    label: str
    value: float
    unit: str
    paths: list[str]
    uncertainty: Uncertainty | None = None
    bound_low: float | None = None
    bound_high: float | None = None
    bound_source: str = ""


class Elasticity(StrictModel):
    """``d ln(figure) / d ln(input)``: ``exact`` (the exponent of a power law, with its
    derivation) or ``finite difference`` (central, step ``step`` in ln x, error estimate
    ``error``, second derivative ``curvature``)."""

    figure: str
    input: str
    value: float
    method: Literal["exact", "finite difference"]
    step: float | None = None
    error: float | None = None
    curvature: float = 0.0
    derivation: str = ""


class Figure(StrictModel):
    """A headline figure: a scalar result or an exposure time (s)."""

    key: str
    value: float
    unit: str
    kind: Literal["result", "exposure"]
    question: str = ""
    against: str = ""


class Band(StrictModel):
    """68 % band of a figure from the inputs' uncertainties: linearised through the
    elasticities and, as a check, sampled (second order in each input)."""

    figure: str
    unit: str
    value: float
    linear_low: float
    linear_centre: float
    linear_high: float
    sampled_low: float
    sampled_median: float
    sampled_high: float
    samples: int
    dominant: str


class GapInput(StrictModel):
    """What one input alone would need to close a gap."""

    input: str
    elasticity: float
    method: Literal["exact", "finite difference"]
    needed: float | None
    unit: str
    status: Literal["within bounds", "beyond bound", "no effect"]
    detail: str = ""


class Gap(StrictModel):
    """How far an exposure is from fitting in the horizon: ``factor = time / horizon`` (> 1:
    the exposure must shrink by it), each input's needed value, and the best combination
    of the inputs within their bounds."""

    figure: str
    question: str
    against: str = ""
    time_s: float
    horizon_s: float
    factor: float
    inputs: list[GapInput] = Field(default_factory=list)
    combined_factor: float = 1.0
    """What moving every bounded input to its helpful bound does to the exposure
    (log-linear in the finite-difference inputs)."""
    combination: list[str] = Field(default_factory=list)

    @property
    def remaining(self) -> float:
        """The factor left after the best combination (<= 1: it closes the gap)."""
        return self.factor * self.combined_factor


class SensitivityReport(StrictModel):
    """Everything the sensitivity run found (see the module docstring)."""

    figures: list[Figure]
    inputs: list[SensitivityInput]
    elasticities: list[Elasticity]
    bands: list[Band] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    step: float
    replans: int
    wall_time_s: float
    notes: list[str] = Field(default_factory=list)
    finite_differences: bool = True
    """False: the exact elasticities only (every Plan); True: the full run."""

    # ------------------------------------------------------------------ access
    def elasticity(self, figure: str, input_id: str) -> Elasticity:
        for e in self.elasticities:
            if e.figure == figure and e.input == input_id:
                return e
        raise KeyError(f"no elasticity of {figure!r} in {input_id!r}")

    def input(self, input_id: str) -> SensitivityInput:
        for x in self.inputs:
            if x.id == input_id:
                return x
        raise KeyError(f"no input {input_id!r}; inputs: {', '.join(x.id for x in self.inputs)}")

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(f"no figure {key!r}; figures: {', '.join(f.key for f in self.figures)}")

    def exposure_key(self, question: str, against: str = "") -> str:
        """The figure key of an exposure (``question`` may also be the key itself)."""
        for f in self.figures:
            if f.kind == "exposure" and (f.key == question or (
                    f.question == question and (not against or f.against == against))):
                return f.key
        raise KeyError(f"no exposure {question!r}; exposures: "
                       + "; ".join(f.key for f in self.figures if f.kind == "exposure"))

    # ------------------------------------------------------------------ gap
    def gap(self, question: str = SIGNAL_QUESTION, against: str = "",
            horizon_s: float = SECONDS_PER_YEAR,
            bounds: dict[str, tuple[float | None, float | None]] | None = None) -> Gap:
        """The gap of one exposure to ``horizon_s`` (see :class:`Gap`).

        ``bounds`` maps input ids to ``(low, high)`` in the input's unit (None: no bound on
        that side); they replace the physical bounds for the best combination and the
        per-input status.
        """
        key = self.exposure_key(question, against)
        fig = self.figure(key)
        factor = fig.value / horizon_s
        ratio = horizon_s / fig.value
        bounds = bounds or {}
        unknown = set(bounds) - {x.id for x in self.inputs}
        if unknown:
            raise KeyError(f"bounds name unknown inputs {sorted(unknown)}; inputs: "
                           + ", ".join(x.id for x in self.inputs))
        out: list[GapInput] = []
        log_comb = 0.0
        comb: list[str] = []
        for x in self.inputs:
            try:
                el = self.elasticity(key, x.id)
            except KeyError:
                continue
            lo, hi = bounds.get(x.id, (x.bound_low, x.bound_high))
            need = needed_value(x.value, el.value, ratio)
            approx = " (log-linear extrapolation of a finite difference)" \
                if el.method != "exact" else ""
            if need is not None and el.error is not None and abs(el.value) <= el.error:
                out.append(GapInput(input=x.id, elasticity=el.value, method=el.method,
                                    needed=None, unit=x.unit, status="no effect",
                                    detail="elasticity consistent with 0 within its error"))
                continue
            if need is None:
                out.append(GapInput(input=x.id, elasticity=el.value, method=el.method,
                                    needed=None, unit=x.unit, status="no effect"))
                continue
            beyond = (lo is not None and need < lo) or (hi is not None and need > hi)
            why = ""
            if beyond:
                b = lo if lo is not None and need < lo else hi
                why = f"beyond the bound {b:.3g} {x.unit}".rstrip()
                if x.id in bounds:
                    why += " (user bound)"
                elif x.bound_source:
                    why += f" ({x.bound_source})"
            out.append(GapInput(
                input=x.id, elasticity=el.value, method=el.method,
                needed=need if math.isfinite(need) else None, unit=x.unit,
                status="beyond bound" if beyond else "within bounds",
                detail=(why + approx).strip()))
            target = hi if el.value < 0 else lo  # the bound that shrinks the exposure
            if target is not None and target > 0 and x.value > 0:
                step = el.value * math.log(target / x.value)
                if step < 0:
                    log_comb += step
                    comb.append(f"{x.id} -> {target:.3g} {x.unit}".rstrip())
        return Gap(figure=key, question=fig.question, against=fig.against,
                   time_s=fig.value, horizon_s=horizon_s, factor=factor, inputs=out,
                   combined_factor=math.exp(max(log_comb, -700.0)), combination=comb)

    # ------------------------------------------------------------------ report
    def ranked_inputs(self, figure: str) -> list[tuple[SensitivityInput, Elasticity, float]]:
        """Inputs by how much they move ``figure``: ``|e| x sd(ln x)`` where the input has
        an uncertainty, else ``|e| x ln 2`` (a factor 2 change)."""
        rows = []
        for x in self.inputs:
            try:
                el = self.elasticity(figure, x.id)
            except KeyError:
                continue
            rows.append((x, el, abs(el.value) * _log_sd(x)))
        return sorted(rows, key=lambda r: -r[2])

    def markdown_lines(self, horizon_s: float) -> list[str]:
        """The report's 'What limits this design' section."""
        L = ["## What limits this design", ""]
        expo = [f for f in self.figures if f.kind == "exposure"]
        lead = next((f.key for f in expo if f.question == SIGNAL_QUESTION),
                    expo[0].key if expo else (self.figures[0].key if self.figures else ""))
        if not lead:
            return L + ["No headline figure could be evaluated.", ""]
        top = [r for r in self.ranked_inputs(lead) if r[2] > 0][:3]
        if top:
            L.append(f"The inputs that move `{lead}` most (|elasticity| x the input's "
                     "log-uncertainty, or x ln 2 where none is given):")
            for x, el, _ in top:
                unc = (f", uncertainty {x.uncertainty.text(x.unit)}" if x.uncertainty
                       else "")
                L.append(f"- `{x.id}` ({x.label}): elasticity {el.value:+.4g} ({el.method}"
                         f"){unc}")
            L.append("")
        for f in expo:
            g = self.gap(f.key, horizon_s=horizon_s)
            if g.factor <= 1:
                L.append(f"- {f.key}: fits in the horizon (needs {g.factor:.3g} of it)")
                continue
            within = sorted((gi for gi in g.inputs if gi.status == "within bounds"
                             and gi.needed is not None and gi.needed > 0),
                            key=lambda gi: abs(math.log(gi.needed / self.input(gi.input).value))
                            if gi.needed and self.input(gi.input).value > 0 else math.inf)
            best = ", ".join(
                f"`{gi.input}` -> {_num(gi.needed)} {gi.unit}".rstrip()
                + ("" if gi.method == "exact" else " (extrapolated)")
                for gi in within[:3]) or "none within its bounds"
            L.append(f"- **gap** {f.key}: must shrink {g.factor:.3g} times; alone (smallest "
                     f"changes first): {best}; "
                     f"all bounded inputs at their bounds: x{g.combined_factor:.3g} "
                     f"(remaining {g.remaining:.3g})")
        L.append("")
        if self.bands:
            L.append("Uncertainty bands (68 %; linearised / sampled):")
            for b in self.bands:
                L.append(f"- {b.figure}: {b.value:.4g} {b.unit}; linearised centre "
                         f"{b.linear_centre:.3g}, {b.linear_low:.3g}-{b.linear_high:.3g}; "
                         f"sampled median {b.sampled_median:.3g}, {b.sampled_low:.3g}-"
                         f"{b.sampled_high:.3g}; dominated by `{b.dominant}`")
            L.append("(a range is uniform in ln x: where the value sits at one end of it, "
                     "the band's centre moves away from the value)")
            L.append("")
        L += self._table()
        if self.finite_differences:
            L.append(f"Computed with {self.replans} re-plans (step {self.step:g} in ln x) "
                     f"in {self.wall_time_s:.3g} s.")
        else:
            L.append("Exact elasticities only (power laws of the model, no re-plan); "
                     "`expdesign plan --sensitivity` adds the other inputs and the bands.")
        L += [f"- {n}" for n in self.notes] + [""]
        return L

    def _table(self) -> list[str]:
        figs = [f.key for f in self.figures]
        head = "| input | value | uncertainty | bounds | " + " | ".join(
            f"e({k})" for k in figs) + " |"
        L = [head, "|" + "---|" * (4 + len(figs))]
        for x in self.inputs:
            cells = []
            for k in figs:
                try:
                    el = self.elasticity(k, x.id)
                except KeyError:
                    cells.append("-")
                    continue
                mark = "" if el.method == "exact" else f" +-{el.error:.1g}"
                cells.append(f"{el.value:+.4g}{mark}")
            if all(c == "-" for c in cells):
                continue  # not evaluated (exact-only run, or invalid when perturbed)
            unc = x.uncertainty.text(x.unit) if x.uncertainty else "-"
            bnd = (f"{_num(x.bound_low)}..{_num(x.bound_high)}"
                   if x.bound_low is not None or x.bound_high is not None else "-")
            L.append(f"| `{x.id}` | {x.value:.4g} {x.unit or '(dimensionless)'} | {unc} | {bnd} | "
                     + " | ".join(cells) + " |")
        return L + ["", "Exact entries are exponents of power laws (no +-); the others are "
                    "central differences with their error estimate.", ""]


def _log_sd(x: SensitivityInput) -> float:
    u = x.uncertainty
    if u is None:
        return math.log(2.0)
    if u.kind == "relative":
        return math.log1p(u.relative or 0.0)
    if u.kind == "lognormal":
        return u.sigma or 0.0
    lo, hi = u.low or x.value, u.high or x.value
    return math.log(hi / lo) / math.sqrt(12) if lo > 0 and hi > 0 else 0.0


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"
