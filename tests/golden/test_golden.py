"""Issue 13 (architecture move): every number the examples plan to, and every paper-check
row, agrees with the record made before the move to 1e-12 relative.

Provenance, wall-clock timings and timestamps are left out; result keys renamed by the move
are mapped by ``RENAMED`` (old -> new).  Delete this folder when issue 13 closes: later
issues change numbers on purpose.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from . import make_golden as mg

GOLDEN = json.loads((Path(__file__).parent / "golden.json").read_text())
RTOL = 1e-12

#: result keys renamed by the move: old regex -> new template (re.sub)
RENAMED: list[tuple[str, str]] = [
    # RANP thresholds per hypothesis k: threshold_12[0] -> threshold_12_hyp0
    (r"threshold_(\d\d)\[(\d+)\]", r"threshold_\1_hyp\2"),
    # RENP thresholds per branch k of M^2(theta) = (m_i + m_j)^2: threshold_12_1 -> _branch1
    (r"threshold_(\d\d)_(\d+)", r"threshold_\1_branch\2"),
]

_NUM = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)\s*(.*)$")
_SKIP_KEYS = {"provenance"}
_SKIP_RESULTS = {"planner_wall_time"}


def _rename(key: str) -> str:
    for old, new in RENAMED:
        if re.fullmatch(old, key):
            return re.sub(old, new, key)
    return key


def _close(a: float, b: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    return a == b or abs(a - b) <= RTOL * max(abs(a), abs(b))


def _compare(old, new, path: str, bad: list[str]) -> None:
    if isinstance(old, dict):
        if not isinstance(new, dict) or set(old) != set(new):
            bad.append(f"{path}: keys {sorted(old) if isinstance(old, dict) else old} "
                       f"-> {sorted(new) if isinstance(new, dict) else new}")
            return
        for k in old:
            if k in _SKIP_KEYS:
                continue
            _compare(old[k], new[k], f"{path}.{k}", bad)
    elif isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            got = new if not isinstance(new, list) else len(new)
            bad.append(f"{path}: list of {len(old)} -> {got}")
            return
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            _compare(a, b, f"{path}[{i}]", bad)
    elif isinstance(old, bool) or old is None:
        if old != new:
            bad.append(f"{path}: {old!r} -> {new!r}")
    elif isinstance(old, int | float):
        if not isinstance(new, int | float) or not _close(float(old), float(new)):
            bad.append(f"{path}: {old!r} -> {new!r}")
    elif isinstance(old, str):
        mo, mn = _NUM.match(old), _NUM.match(new) if isinstance(new, str) else None
        if mo and mn and mo.group(2) == mn.group(2):
            if not _close(float(mo.group(1)), float(mn.group(1))):
                bad.append(f"{path}: {old!r} -> {new!r}")
        elif old != new:
            bad.append(f"{path}: {old!r} -> {new!r}")
    else:  # pragma: no cover - JSON has no other types
        bad.append(f"{path}: unexpected {type(old)}")


def _normalise_plan(d: dict) -> dict:
    d = dict(d)
    d["results"] = {_rename(r["key"]): r for r in d["results"]
                    if r["key"] not in _SKIP_RESULTS}
    for r in d["results"].values():
        r["key"] = _rename(r["key"])
    return d


@pytest.mark.parametrize("key", sorted(GOLDEN["plans"]))
def test_plan_numbers_unchanged(key: str) -> None:
    stem, model = key.split("/")
    spec = next(p for p in mg.EXAMPLES if p.stem == stem)
    new = _normalise_plan(mg.plan_dict(spec, model))
    old = _normalise_plan(GOLDEN["plans"][key])
    bad: list[str] = []
    _compare(old, new, key, bad)
    assert not bad, f"{len(bad)} differences, first: " + "\n".join(bad[:20])


def test_paper_check_unchanged() -> None:
    bad: list[str] = []
    _compare(GOLDEN["paper_check"], mg.paper_check_rows(), "paper_check", bad)
    assert not bad, f"{len(bad)} differences, first: " + "\n".join(bad[:20])


def test_compare_detects_a_change() -> None:
    """The comparison itself can fail: a 1e-10 relative change is caught."""
    old = {"a": "1.0 eV", "b": [1.0, 2.0]}
    bad: list[str] = []
    _compare(old, {"a": "1.0000000001 eV", "b": [1.0, 2.0]}, "x", bad)
    _compare(old, {"a": "1.0 eV", "b": [1.0, 2.0000000002]}, "y", bad)
    _compare(old, {"a": "1.0 s", "b": [1.0, 2.0]}, "z", bad)
    assert len(bad) == 3
