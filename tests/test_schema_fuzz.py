"""Schema-driven fuzz campaign (issue 26): perturb the shipped specs with values drawn from
the generated JSON Schema of each field, then validate and plan.

Our own strategy over ``schemas/experiment_spec.schema.json`` (hypothesis-jsonschema is not
installed with the test extra): a perturbation picks a field of a shipped example and sets
it to a value of that field's schema type -- a quantity string at, just inside or just
outside its range (``x-quantity``), in its canonical unit or another one, a number at its
bounds, an enum member, a string from the quantity grammar's refused forms -- or deletes
or adds an optional field.  Every spec must validate cleanly (a valid object or a
SpecError naming the file) and every valid one must plan: no exception, no NaN or inf in
the Plan, a verdict or warning where the physics is not evaluable.

Default run: ~950 validations and ~70 plans (see the counts printed by the last test);
``@pytest.mark.extended`` (``pytest --extended``) runs ten times more.
"""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expdesign.io import SpecError, load_spec_dict
from expdesign.models import ExperimentSpec
from expdesign.planner import Planner, PlannerSettings

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "schemas" / "examples"
SCHEMA = json.loads((ROOT / "schemas" / "experiment_spec.schema.json").read_text())
SPECS = {p.stem: json.loads(p.read_text()) for p in sorted(EX.glob("*.json"))}
COUNTS = {"validated": 0, "valid": 0, "invalid": 0, "planned": 0, "not_evaluable": 0}

# other units of each canonical one (same dimension) and some of another dimension
OTHER_UNITS = {
    "eV": ["meV", "keV", "cm^-1", "THz", "J", "cm"],
    "1/s": ["Hz", "kHz", "MHz", "GHz", "/ms", "meV", "cm"],
    "Hz": ["kHz", "MHz", "/s", "eV"],
    "cm": ["mm", "um", "m", "km", "s"],
    "s": ["ms", "us", "ns", "min", "hour", "cm"],
    "W/cm^2": ["mW/cm^2", "uW/cm^2", "W/m^2", "kW/mm^2", "W"],
    "cm^-3": ["m^-3", "mm^-3", "cm^-2"],
    "deg": ["rad", "mrad", "arcmin", "turn", ""],
    "T": ["G", "mT", "uT", "nT", "A"],
    "T/Hz^0.5": ["fT/Hz^0.5", "fT/sqrt(Hz)", "nT/Hz^0.5", "T"],
}
GARBAGE = ["1,5 cm", "2.5.3 cm", "1 2 cm", "cm", "9**9**9 cm", "10**400 cm", "1e400 eV",
           "nan eV", "", "1/(2 s)", "1 bogus", "-0 deg", "0x10 cm", "1e-400 eV"]


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    return node


def _branches(node: dict) -> list[dict]:
    node = _resolve(node)
    if "anyOf" in node:
        return [b for sub in node["anyOf"] for b in _branches(sub)]
    return [node]


def _child(node: dict, key: Any) -> dict | None:
    """Schema of ``key`` (a property name or a list index) below ``node``."""
    for b in _branches(node):
        if isinstance(key, str) and key in b.get("properties", {}):
            return b["properties"][key]
        if isinstance(key, int) and b.get("type") == "array":
            if "prefixItems" in b and key < len(b["prefixItems"]):
                return b["prefixItems"][key]
            if "items" in b:
                return b["items"]
    return None


@st.composite
def _quantity(draw, q: dict) -> str:
    lo = q.get("minimum", q.get("exclusiveMinimum"))
    hi = q.get("maximum")
    unit = q["unit"]
    cands = [0.0, 1.0, -1.0]
    for b in (lo, hi):
        if b is not None:
            cands += [b, b * (1 + 1e-9) if b else 1e-300, b * (1 - 1e-9) if b else -1e-300]
    if lo is not None and hi is not None and lo >= 0 and hi > 0:
        e_lo = math.log10(lo) if lo > 0 else math.log10(hi) - 20
        cands.append(10 ** draw(st.floats(e_lo, math.log10(hi))))
    elif hi is not None:
        cands.append(draw(st.floats(-abs(hi), abs(hi))))
    mag = draw(st.sampled_from(cands) | st.floats(-1e30, 1e30, allow_nan=False))
    u = draw(st.sampled_from([unit] * 4 + OTHER_UNITS.get(unit, [])))
    return f"{mag!r} {u}".strip()


@st.composite
def value_for(draw, node: dict | None, current: Any) -> Any:
    """A value for a field of schema ``node`` (current value ``current``)."""
    if node is None:
        return draw(st.none() | st.integers(-3, 3) | st.text(max_size=6))
    b = draw(st.sampled_from(_branches(node)))
    if "x-quantity" in b:
        return draw(_quantity(b["x-quantity"]) | st.sampled_from(GARBAGE))
    if "enum" in b:
        return draw(st.sampled_from(b["enum"]))
    if "const" in b:
        return b["const"]
    t = b.get("type")
    if t in ("number", "integer"):
        edges = [b[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
                 if k in b]
        near = [e + d for e in edges for d in (-1e-9, 1e-9, -1, 1)]
        if t == "integer":
            return draw(st.sampled_from([int(x) for x in edges + near] or [0])
                        | st.integers(-10, 10**6))
        lo, hi = b.get("minimum", b.get("exclusiveMinimum")), b.get("maximum",
                                                                     b.get("exclusiveMaximum"))
        inside = ([draw(st.floats(lo, hi, exclude_min="exclusiveMinimum" in b,
                                  exclude_max="exclusiveMaximum" in b))]
                  if lo is not None and hi is not None else [])
        return draw(st.sampled_from(edges + near + inside or [0.5])
                    | st.floats(allow_nan=False, allow_infinity=False))
    if t == "boolean":
        return draw(st.booleans())
    if t == "null":
        return None
    if t == "string":
        if isinstance(current, str) and current:
            return draw(st.sampled_from([current, current.upper(), current + "x"])
                        | st.text(max_size=8))
        return draw(st.text(max_size=8))
    if t == "array":
        return copy.deepcopy(current) if isinstance(current, list) else []
    if t == "object":
        return copy.deepcopy(current) if isinstance(current, dict) else {}
    return current


def _node_at(path: tuple) -> dict | None:
    node: dict | None = SCHEMA
    for k in path:
        if node is None:
            return None
        node = _child(node, k)
    return node


def _leaves(obj: Any, node: dict | None, prefix: tuple = ()):
    yield prefix, node
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, _child(node, k) if node else None, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _leaves(v, _child(node, i) if node else None, (*prefix, i))


@st.composite
def perturbed_spec(draw) -> dict:
    name = draw(st.sampled_from(sorted(SPECS)))
    data = copy.deepcopy(SPECS[name])
    for _ in range(draw(st.integers(1, 3))):
        paths = [(p, n) for p, n in _leaves(data, SCHEMA) if p and p[0] != "target"]
        path, node = draw(st.sampled_from(paths))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        action = draw(st.sampled_from(["set"] * 6 + ["delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            pnode = _node_at(path[:-1])
            for b in _branches(pnode) if pnode is not None else []:
                missing = sorted(set(b.get("properties", {})) - set(parent))
                if missing:
                    key = draw(st.sampled_from(missing))
                    parent[key] = draw(value_for(b["properties"][key], None))
                    break
        else:
            parent[path[-1]] = draw(value_for(node, parent[path[-1]]))
    return data


def _check_valid(data: dict) -> ExperimentSpec | None:
    COUNTS["validated"] += 1
    try:
        spec = load_spec_dict(data, "fuzz.json", EX)
    except SpecError as err:
        COUNTS["invalid"] += 1
        assert err.problems
        for prob in err.problems:
            assert str(prob).startswith("fuzz.json")
            assert "Traceback" not in str(prob)
        return None
    COUNTS["valid"] += 1
    again = load_spec_dict(json.loads(spec.model_dump_json()), "again.json", EX)
    assert again == spec
    return spec


_NONFINITE = re.compile(r"(?<![A-Za-z_])(nan|-?inf|-?Infinity|NaN)(?![A-Za-z_])")

FAST = dict(model="infinite", bloch_points=201, phase_space_error=False)


def _plan(spec: ExperimentSpec) -> None:
    a = spec.angles
    grid = ((a.start.to("deg").m, a.stop.to("deg").m, 5) if a is not None else None)
    plan = Planner(spec, PlannerSettings(angle_grid=grid, **FAST)).run()
    COUNTS["planned"] += 1
    text = plan.model_dump_json()
    assert not _NONFINITE.search(text), _NONFINITE.search(text)
    if any(v.status == "not evaluable" and v.name == "plan evaluable" for v in plan.verdicts):
        COUNTS["not_evaluable"] += 1
        assert any("not evaluable" in w for w in plan.warnings)


_SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), database=None)


@settings(max_examples=800, **_SETTINGS)
@given(perturbed_spec())
def test_schema_fuzz_validates_cleanly(data):
    _check_valid(data)


@settings(max_examples=150, **_SETTINGS)
@given(perturbed_spec())
def test_schema_fuzz_valid_specs_plan(data):
    spec = _check_valid(data)
    if spec is not None:
        _plan(spec)


@pytest.mark.extended
@settings(max_examples=15000, **_SETTINGS)
@given(perturbed_spec())
def test_schema_fuzz_large(data):
    spec = _check_valid(data)
    if spec is not None:
        _plan(spec)


def test_schema_fuzz_counts(capsys):
    """Print the campaign's counts (shown in the test output) and check it did work."""
    with capsys.disabled():
        print(f"\nschema fuzz: {COUNTS['validated']} specs validated ({COUNTS['valid']} "
              f"valid, {COUNTS['invalid']} invalid with clean errors), {COUNTS['planned']} "
              f"planned ({COUNTS['not_evaluable']} with a 'not evaluable' verdict)")
    if COUNTS["validated"]:  # the counts are those of this run's fuzz tests
        assert COUNTS["invalid"] > 0
        assert COUNTS["valid"] > 0
        assert COUNTS["planned"] > 0
