"""Scan parameters: axes (``PATH=VALUES``), grids and spec paths.

A spec field is named by its *path*: dotted, with list indices or list element
names (``geometry.length``, ``lasers.lasers.2.intensity``,
``lasers.lasers.exc2.intensity``, ``hypotheses.0.lightest_mass``,
``lasers.trigger_delay``).  Paths address the decoded canonical spec JSON; a value is
given as a string (``"2 cm"``) and coerced to the JSON type of the field it replaces.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_AXIS_POINTS",
    "MAX_SCAN_POINTS",
    "Axis",
    "apply_point",
    "canonical_json",
    "get_path",
    "grid",
    "parse_set",
    "parse_values",
    "point_hash",
    "set_path",
]


# ---------------------------------------------------------------- axes and grids
@dataclass(frozen=True)
class Axis:
    """One scanned field: its path and the values (strings as given)."""

    path: str
    values: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.path:
            raise ValueError("empty parameter path")
        if not self.values:
            raise ValueError(f"no values for {self.path}")


MAX_AXIS_POINTS = 100_000
"""Most values one axis may have (a ``linspace``/``geomspace`` count is checked before
any array is made)."""

MAX_SCAN_POINTS = 100_000
"""Most points a scan grid may have (one plan each): split larger studies."""

_RANGE = re.compile(r"^\s*(linspace|logspace|geomspace)\s*\((.*)\)\s*$", re.IGNORECASE)


def _fmt(x: float) -> str:
    return format(float(x), ".12g")


def parse_values(text: str) -> tuple[str, ...]:
    """Values of one axis: ``"1 cm, 2 cm"`` or ``linspace(1 cm, 5 cm, 9)``.

    ``linspace(a, b, n)`` and ``geomspace(a, b, n)`` (alias ``logspace``) take two
    quantities (``b`` is converted to ``a``'s unit) and a point count; plain numbers
    give plain numbers.  Values are returned as strings ("1.5 cm").
    """
    m = _RANGE.match(text)
    if not m:
        vals = tuple(v.strip() for v in text.split(","))
        if any(not v for v in vals):
            raise ValueError(f"empty value in {text!r}")
        if len(vals) > MAX_AXIS_POINTS:
            raise ValueError(f"more than {MAX_AXIS_POINTS} values")
        return vals
    import numpy as np

    from expdesign.units import parse_quantity

    kind = m.group(1).lower()
    parts = [p.strip() for p in m.group(2).split(",")]
    if len(parts) != 3:
        raise ValueError(f"{kind} needs (start, stop, points), got {text!r}")
    try:
        n = int(parts[2])
    except ValueError:
        raise ValueError(f"{kind}: points must be an integer, got {parts[2]!r}") from None
    if not 1 <= n <= MAX_AXIS_POINTS:
        raise ValueError(f"{kind}: points must be from 1 to {MAX_AXIS_POINTS}, got {n}")
    plain = all(_is_number(p) for p in parts[:2])
    if plain:
        a, b, unit = float(parts[0]), float(parts[1]), ""
    else:
        import pint

        from expdesign.units import UnitConversionError

        try:
            qa, qb = parse_quantity(parts[0]), parse_quantity(parts[1])
            unit = f"{qa.units:~C}"
            a, b = float(qa.magnitude), float(qb.to(qa.units).magnitude)
        except UnitConversionError as exc:
            raise ValueError(f"{kind}: {exc}") from None
        except pint.errors.DimensionalityError:
            raise ValueError(f"{kind}: {parts[0]!r} and {parts[1]!r} have different "
                             "dimensions") from None
    if not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError(f"{kind}: the ends must be finite, got {parts[0]!r} and "
                         f"{parts[1]!r}")
    if kind == "linspace":
        xs = np.linspace(a, b, n)
    else:
        if a <= 0 or b <= 0:
            raise ValueError(f"{kind} needs positive ends, got {a} and {b}")
        xs = np.geomspace(a, b, n)
    return tuple(_fmt(x) + (f" {unit}" if unit else "") for x in xs)


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def parse_set(text: str) -> Axis:
    """Parse a ``--set`` argument ``PATH=V1,V2,...`` (or ``PATH=linspace(a, b, n)``)."""
    if "=" not in text:
        raise ValueError(f"expected PATH=VALUES, got {text!r}")
    path, vals = text.split("=", 1)
    return Axis(path.strip(), parse_values(vals))


def grid(axes: Sequence[Axis]) -> list[dict[str, str]]:
    """Cartesian product of the axes (the first axis varies slowest)."""
    paths = [a.path for a in axes]
    if len(set(paths)) != len(paths):
        raise ValueError(f"a path is scanned twice: {paths}")
    size = math.prod(len(a.values) for a in axes)
    if size > MAX_SCAN_POINTS:
        raise ValueError(f"the grid has {size} points, more than {MAX_SCAN_POINTS}; split "
                         "the scan")
    return [dict(zip(paths, combo, strict=True))
            for combo in itertools.product(*(a.values for a in axes))]


# ---------------------------------------------------------------- spec paths
def _step(node: Any, seg: str, path: str) -> tuple[Any, Any]:
    """Container key for ``seg`` in ``node`` (list index or element name)."""
    if isinstance(node, list):
        if re.fullmatch(r"-?\d+", seg):
            i = int(seg)
            if not -len(node) <= i < len(node):
                raise KeyError(f"{path}: index {i} out of range (list of {len(node)})")
            return i, node[i]
        for i, el in enumerate(node):
            if isinstance(el, dict) and el.get("name") == seg:
                return i, el
        names = [el.get("name") for el in node if isinstance(el, dict) and "name" in el]
        raise KeyError(f"{path}: no list element named {seg!r}"
                       + (f" (names: {', '.join(map(str, names))})" if names else ""))
    if isinstance(node, dict):
        if seg not in node:
            raise KeyError(f"{path}: no field {seg!r} (fields: {', '.join(sorted(node))})")
        return seg, node[seg]
    raise KeyError(f"{path}: {seg!r} is below a value, not an object or list")


def get_path(data: Any, path: str) -> Any:
    """The value at ``path`` in decoded spec JSON (KeyError says where it fails)."""
    node = data
    for seg in path.split("."):
        _, node = _step(node, seg, path)
    return node


def _coerce(text: str, current: Any) -> Any:
    """The JSON value for ``text`` given the field's current value (text on failure:
    the model then reports the problem as an invalid point)."""
    if isinstance(current, bool):
        low = text.strip().lower()
        return {"true": True, "false": False}.get(low, text)
    if isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            pass
    if isinstance(current, int | float):
        try:
            return float(text)
        except ValueError:
            return text
    if isinstance(current, str):
        return text
    try:
        val = json.loads(text)
    except ValueError:
        return text
    if isinstance(current, dict | list) or isinstance(val, int | float | bool) or val is None:
        return val
    return text


def set_path(data: Any, path: str, text: str) -> None:
    """Set ``path`` in decoded spec JSON (in place) to the value ``text``."""
    segs = path.split(".")
    node = data
    for seg in segs[:-1]:
        _, node = _step(node, seg, path)
    key, current = _step(node, segs[-1], path)
    node[key] = _coerce(text, current)


def apply_point(base: dict, point: dict[str, str]) -> dict:
    """A deep copy of ``base`` with every path of ``point`` set."""
    data = copy.deepcopy(base)
    for path, text in point.items():
        set_path(data, path, text)
    return data


def canonical_json(data: Any) -> str:
    """``data`` as canonical JSON (sorted keys, no spaces): the text hashed and sent."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def point_hash(point: dict[str, str], spec_sha: str, settings: dict[str, Any]) -> str:
    """Key of a row: sha256 of (base spec hash, settings, point), 16 hex digits."""
    blob = canonical_json({"spec": spec_sha, "settings": settings, "point": point})
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
