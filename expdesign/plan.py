"""The Plan: what a design would see and how long it must run, with units and provenance.

A :class:`Plan` is a pydantic model.  Scalars are pint quantities (strings in
JSON, e.g. ``"3.2e-4 nG/s"``); arrays are ``{"unit": ..., "values": [...]}``.
``Plan.model_validate_json(plan.model_dump_json()) == plan`` holds.  It records
the sha256 of the canonical spec it came from, the package versions and the
UTC time.  :meth:`Plan.to_markdown` writes the report; :func:`expdesign.figures.write_figures`
draws the figures.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pint
from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler, field_validator
from pydantic_core import PydanticCustomError, core_schema

from expdesign.files import write_text_atomic
from expdesign.models.base import StrictModel
from expdesign.models.quantities import quantity_to_str
from expdesign.sensitivity_report import Elasticity, Gap, SensitivityReport
from expdesign.units import UnitConversionError, parse_quantity, ureg

__all__ = [
    "AnyQuantity",
    "ArrayQuantity",
    "Result",
    "Verdict",
    "Distribution",
    "TimeProfile",
    "Exposure",
    "Comparison",
    "Provenance",
    "PlanContent",
    "Plan",
    "spec_sha256",
    "format_quantity",
]


class _AnyQuantity:
    """Any pint quantity; in JSON a string (a bare number is dimensionless only if '1 ')."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                quantity_to_str, when_used="always"))

    def __get_pydantic_json_schema__(self, cs, handler: GetJsonSchemaHandler):
        return {"type": "string", "description": "a quantity that pint parses"}

    @staticmethod
    def validate(value: Any) -> pint.Quantity:
        if isinstance(value, pint.Quantity):
            q = value if value._REGISTRY is ureg else ureg.Quantity(value.m, str(value.u))
        elif isinstance(value, str):
            try:
                q = parse_quantity(value)
            except UnitConversionError as exc:
                raise PydanticCustomError("quantity", str(exc)) from None
        else:
            raise PydanticCustomError("quantity", "expected a quantity string with units")
        m = float(q.magnitude)
        if not math.isfinite(m):
            raise PydanticCustomError("quantity", "a plan quantity must be finite")
        return ureg.Quantity(m, q.units)


AnyQuantity = Annotated[pint.Quantity, _AnyQuantity()]


class ArrayQuantity(StrictModel):
    """An array with one unit: ``{"unit": "nG/s", "values": [...]}`` (finite values only)."""

    unit: str
    values: list[float]

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        try:
            ureg.Unit(v)
        except Exception as exc:  # noqa: BLE001 - pint raises several types
            raise ValueError(f"unknown unit {v!r}: {exc}") from None
        return v

    @classmethod
    def of(cls, values: Any, unit: str) -> ArrayQuantity:
        arr = np.asarray(values, dtype=float).ravel()
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"non-finite values in an array of {unit}")
        return cls(unit=unit, values=[float(x) for x in arr])

    def q(self) -> pint.Quantity:
        return ureg.Quantity(np.asarray(self.values), self.unit)


class Result(StrictModel):
    """A named scalar result with its meaning and source."""

    key: str
    value: AnyQuantity
    description: str = ""
    source: str = ""


#: What a failing verdict means: ``limit`` (a background or feasibility limit: McQ, phase
#: matching, the sensor's place; the design does not work) or ``model validity`` (an
#: assumption of the model fails, e.g. the uniform laser field of an optically thick
#: crystal: the numbers are not trustworthy, the design may still work).
VerdictKind = Literal["limit", "model validity"]


class Verdict(StrictModel):
    """A background (McQ), feasibility or model-validity verdict with the numbers behind
    it (``kind``: :data:`VerdictKind`)."""

    name: str
    status: Literal["pass", "fail", "not evaluable"]
    detail: str
    kind: VerdictKind = "limit"
    numbers: dict[str, AnyQuantity] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)


class Distribution(StrictModel):
    """An angular distribution for one hypothesis (x: angle; y: per-setting quantity)."""

    name: str
    hypothesis: str
    x: ArrayQuantity
    y: ArrayQuantity
    error: ArrayQuantity | None = None
    smoothed: ArrayQuantity | None = None
    model: str = ""


class TimeProfile(StrictModel):
    """Time series from the Bloch engine (dimensionless factors vs time)."""

    name: str
    t: ArrayQuantity
    series: dict[str, ArrayQuantity]


class Exposure(StrictModel):
    """Exposure time needed to answer one physics question."""

    question: str
    against: str = ""
    time: AnyQuantity | None = None
    status: Literal["ok", "not reachable", "not evaluable", "infeasible"]
    """``infeasible``: a verdict this exposure rests on fails (the detail names it); the
    time, where there is one, is what the design would need if it could work."""
    detail: str = ""


class Comparison(StrictModel):
    """A prefactor derived here beside the paper's printed one."""

    quantity: str
    source: str
    paper: float | None
    ours: float | None
    unit: str
    reason: str

    @property
    def factor(self) -> float | None:
        if self.paper in (None, 0) or self.ours is None:
            return None
        return self.ours / self.paper


class Provenance(StrictModel):
    spec_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    created_utc: str
    expdesign_version: str
    package_versions: dict[str, str]
    settings: dict[str, str] = Field(default_factory=dict)
    solver_stats: dict[str, str] = Field(default_factory=dict)
    """Statistics of the numerical solvers that ran (e.g. ``bloch.method``,
    ``bloch.n_eigendecompositions``, ``bloch.checks_passed``)."""

    @classmethod
    def now(cls, spec_json: str, settings: dict[str, str] | None = None,
            solver_stats: dict[str, str] | None = None) -> Provenance:
        import expdesign

        return cls(spec_sha256=spec_sha256(spec_json),
                   created_utc=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                   expdesign_version=expdesign.__version__,
                   package_versions=dict(_package_versions()),
                   settings=settings or {}, solver_stats=solver_stats or {})


@functools.cache
def _package_versions() -> tuple[tuple[str, str], ...]:
    """(package, version) of Python and the numerical packages, read once per process
    (importlib.metadata parses every installed distribution's metadata on each call)."""
    from importlib import metadata

    versions = [("python", platform.python_version())]
    for pkg in ("numpy", "scipy", "qutip", "pint", "pydantic", "matplotlib"):
        try:
            versions.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:  # pragma: no cover
            versions.append((pkg, "absent"))
    return tuple(versions)


def spec_sha256(canonical_json: str) -> str:
    """sha256 of the canonical spec JSON (sorted keys, compact separators)."""
    return hashlib.sha256(canonical_json.encode("utf-8")).hexdigest()


class PlanContent(StrictModel):
    """The lists a Plan carries (the Planner accumulates them step by step)."""

    results: list[Result] = Field(default_factory=list)
    verdicts: list[Verdict] = Field(default_factory=list)
    exposures: list[Exposure] = Field(default_factory=list)
    distributions: list[Distribution] = Field(default_factory=list)
    profiles: list[TimeProfile] = Field(default_factory=list)
    comparisons: list[Comparison] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Plan(PlanContent):
    """Everything the Planner found for one spec."""

    schema_version: Literal["1"] = "1"
    spec_name: str
    process: Literal["RENP", "RANP", "RENP_ATOMIC"]
    target: str
    hypotheses: list[str]
    provenance: Provenance
    horizon: AnyQuantity = Field(default_factory=lambda: ureg.Quantity(1.0, "year"))
    """The user's horizon: a question is feasible when its exposure fits in it."""
    sensitivity: SensitivityReport | None = None
    """What limits the design (``expdesign plan --sensitivity``,
    :func:`expdesign.planner.sensitivity.analyse`); None when not run."""

    @property
    def sensitivities(self) -> list[Elasticity]:
        """Every elasticity d ln(figure) / d ln(input) (ValueError if not computed)."""
        if self.sensitivity is None:
            raise ValueError("this Plan has no sensitivity run: plan with --sensitivity "
                             "or expdesign.planner.sensitivity.analyse(spec)")
        return self.sensitivity.elasticities

    def gap(self, target: str = "signal at 5 sigma", against: str = "",
            horizon: pint.Quantity | None = None,
            bounds: dict[str, tuple[float | None, float | None]] | None = None) -> Gap:
        """The gap of the exposure ``target`` to the horizon (default the Plan's): the
        factor it must shrink by, each input's needed value and the best combination within
        ``bounds`` (input id -> (low, high) in the input's unit).  Needs the sensitivity
        run (ValueError otherwise)."""
        if self.sensitivity is None:
            raise ValueError("this Plan has no sensitivity run: plan with --sensitivity "
                             "or expdesign.planner.sensitivity.analyse(spec)")
        h = horizon if horizon is not None else self.horizon
        return self.sensitivity.gap(target, against, float(h.to("s").m), bounds)

    # ------------------------------------------------------------------ access
    def result(self, key: str) -> pint.Quantity:
        """The scalar result ``key`` as a pint quantity (KeyError lists the keys)."""
        for r in self.results:
            if r.key == key:
                return r.value
        raise KeyError(f"no result {key!r}; results: {', '.join(r.key for r in self.results)}")

    def has_result(self, key: str) -> bool:
        return any(r.key == key for r in self.results)

    def distribution(self, name: str, hypothesis: str | None = None) -> Distribution:
        for d in self.distributions:
            if d.name == name and (hypothesis is None or d.hypothesis == hypothesis):
                return d
        raise KeyError(f"no distribution {name!r} for {hypothesis!r}")

    def exposure(self, question: str) -> Exposure:
        for e in self.exposures:
            if e.question == question:
                return e
        raise KeyError(f"no exposure for {question!r}")

    def question_verdicts(self) -> list[tuple[str, str, str]]:
        """One ``(question, verdict, reason)`` per exposure: ``feasible`` (the exposure fits
        in :attr:`horizon`), ``infeasible`` (it does not, it is not reachable, or a verdict
        it rests on fails) or ``not evaluable``."""
        h = self.horizon
        out = []
        for e in self.exposures:
            q = e.question + (f" ({e.against})" if e.against else "")
            t = format_quantity(e.time) if e.time is not None else None
            if e.status == "ok" and e.time is not None:
                ratio = float((e.time / h).to("dimensionless").m)
                if ratio <= 1:
                    out.append((q, "feasible", f"needs {t}, within the horizon of "
                                f"{format_quantity(h)}"))
                else:
                    out.append((q, "infeasible", f"needs {t}, {ratio:.3g} times the horizon "
                                f"of {format_quantity(h)}"))
            elif e.status == "infeasible":
                out.append((q, "infeasible", e.detail + (f"; would need {t}" if t else "")))
            elif e.status == "not reachable":
                out.append((q, "infeasible", f"not reachable: {e.detail}"))
            else:
                out.append((q, "not evaluable", e.detail))
        return out

    def verdict_lines(self) -> list[str]:
        """The report's opening lines: one per question (:meth:`question_verdicts`), then
        the checks that fail or could not be evaluated."""
        L = [f"- **{v}** - {q}: {r}" for q, v, r in self.question_verdicts()]
        fails = [v.name for v in self.verdicts if v.status == "fail" and v.kind == "limit"]
        invalid = [f"{v.name}: {v.detail}" for v in self.verdicts
                   if v.status == "fail" and v.kind == "model validity"]
        unk = [v.name for v in self.verdicts if v.status == "not evaluable"]
        if fails:
            L.append("- checks that fail: " + "; ".join(fails))
        if invalid:
            L.append("- model assumptions that fail (the numbers rest on them): "
                     + "; ".join(invalid))
        if unk:
            L.append("- checks not evaluable (missing inputs; see below): " + "; ".join(unk))
        return L

    # ------------------------------------------------------------------ I/O
    def to_json(self, path: str | Path | None = None) -> str:
        """The Plan as JSON; written atomically to ``path`` if given
        (:func:`expdesign.files.write_text_atomic`)."""
        text = self.model_dump_json(indent=1)
        if path is not None:
            write_text_atomic(path, text + "\n")
        return text

    def save(self, folder: str | Path, figures: list[str] | None = None) -> tuple[Path, Path]:
        """Write ``report.md`` and ``plan.json`` into ``folder`` (created if needed).

        Each file is written atomically; ``plan.json`` of an earlier run is removed first
        and the new one written last, so a ``plan.json`` present in the folder always
        belongs to a complete run with its report.  Apart from
        ``provenance.created_utc``, the ``planner_wall_time`` result and the solvers'
        wall times, the same spec and settings give the same bytes.

        Returns
        -------
        tuple of pathlib.Path
            ``(plan.json, report.md)``.
        """
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        plan_path, report_path = out / "plan.json", out / "report.md"
        plan_path.unlink(missing_ok=True)
        write_text_atomic(report_path, self.to_markdown(figures))
        self.to_json(plan_path)
        return plan_path, report_path

    @classmethod
    def from_json(cls, text_or_path: str | Path) -> Plan:
        p = Path(text_or_path) if not str(text_or_path).lstrip().startswith("{") else None
        text = p.read_text("utf-8") if p is not None else str(text_or_path)
        return cls.model_validate_json(text)

    def to_markdown(self, figures: list[str] | None = None) -> str:
        """A Markdown report: every number with its unit."""
        L = [f"# Plan: {self.spec_name}", "",
             f"Process **{self.process}**, target **{self.target}**. "
             f"Spec sha256 `{self.provenance.spec_sha256[:16]}...`, "
             f"expdesign {self.provenance.expdesign_version}, "
             f"{self.provenance.created_utc}.", ""]
        L += ["## Verdict", "", f"Horizon {format_quantity(self.horizon)}; 5 sigma unless "
              "stated.", ""] + self.verdict_lines() + [""]
        if self.sensitivity is not None:
            L += self.sensitivity.markdown_lines(float(self.horizon.to("s").m))
        L += ["Hypotheses (the first is the assumed truth): "
              + "; ".join(f"`{h}`" for h in self.hypotheses), ""]
        if self.warnings:
            L += ["## Warnings", ""] + [f"- {w}" for w in self.warnings] + [""]
        L += ["## Results", "", "| quantity | value | meaning | source |", "|---|---|---|---|"]
        for r in self.results:
            L.append(f"| `{r.key}` | {format_quantity(r.value)} | {r.description} | {r.source} |")
        L += ["", "## Background and feasibility verdicts", "",
              "| check | verdict | detail | numbers | missing |", "|---|---|---|---|---|"]
        for v in self.verdicts:
            nums = "; ".join(f"{k} = {format_quantity(q)}" for k, q in v.numbers.items())
            L.append(f"| {v.name} | **{v.status}** | {v.detail} | {nums} | "
                     f"{', '.join(v.missing)} |")
        L += ["", "## Exposure times", "", "| question | against | time | status | detail |",
              "|---|---|---|---|---|"]
        for e in self.exposures:
            t = format_quantity(e.time) if e.time is not None else "-"
            L.append(f"| {e.question} | {e.against} | {t} | {e.status} | {e.detail} |")
        if self.comparisons:
            L += ["", "## Derived prefactors vs the paper", "",
                  "| quantity | source | paper | ours | unit | ours/paper | reason |",
                  "|---|---|---|---|---|---|---|"]
            for c in self.comparisons:
                f = c.factor
                L.append(f"| {c.quantity} | {c.source} | {_num(c.paper)} | {_num(c.ours)} | "
                         f"{c.unit} | {_num(f)} | {c.reason} |")
        if self.assumptions:
            L += ["", "## Assumptions", ""] + [f"- {a}" for a in self.assumptions]
        if self.distributions:
            L += ["", "## Distributions", ""]
            for d in self.distributions:
                y = np.asarray(d.y.values)
                L.append(f"- {d.name} [{d.hypothesis}] ({d.model}): {len(y)} points over "
                         f"{d.x.values[0]:.4g}-{d.x.values[-1]:.4g} {d.x.unit}, "
                         f"max {np.max(np.abs(y)):.4g} {d.y.unit}")
        if figures:
            L += ["", "## Figures", ""] + [f"![{Path(f).stem}]({Path(f).name})" for f in figures]
        L += ["", "## Provenance", "", "| package | version |", "|---|---|"]
        for k, ver in self.provenance.package_versions.items():
            L.append(f"| {k} | {ver} |")
        for k, val in self.provenance.settings.items():
            L.append(f"| setting `{k}` | {val} |")
        return "\n".join(_escape_cells(x) for x in L) + "\n"


def _escape_cells(line: str) -> str:
    """Escape '|' inside Markdown table cells (|rho_ee rho_ep|^2 would split a cell)."""
    if not (line.startswith("| ") and line.endswith(" |")):
        return line
    cells = line[2:-2].split(" | ")
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _num(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.4g}"


def format_quantity(q: pint.Quantity) -> str:
    """A quantity as the report prints it: 6 significant digits and its unit's symbol
    (``yr`` for pint's Julian year ``a``)."""
    m = float(q.magnitude)
    u = f"{q.units:~P}"
    if u == "a":  # pint's symbol for the (Julian) year
        u = "yr"
    s = f"{m:.6g}"
    return f"{s} {u}" if u else f"{s} (dimensionless)"


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"))
