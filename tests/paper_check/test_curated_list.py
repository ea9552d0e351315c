"""The curated list of printed numbers (tests/data/paper_numbers.json) against the table:
every listed number is a paper-check row or carries the reason it cannot be recomputed,
and every row with a printed value is listed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from expdesign.paper_check import Row

LIST = Path(__file__).resolve().parents[1] / "data" / "paper_numbers.json"
VALUE_RTOL = 5e-3  # a listed print (e.g. 0.518) may carry fewer digits than its row (0.5182)


def load() -> list[dict]:
    return json.loads(LIST.read_text(encoding="utf-8"))["numbers"]


def _match(entry: dict, rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.quantity == entry["row"]
            and r.source.startswith(f"seed {entry['seed']}")]


def problems(entries: list[dict], rows: list[Row]) -> list[str]:
    """Everything wrong with the list against the rows (empty when all is well)."""
    out: list[str] = []
    for k, e in enumerate(entries):
        tag = f"#{k} seed {e.get('seed')} {e.get('location')!r} {e.get('printed')!r}"
        if e.get("seed") not in ("000", "001") or not e.get("location") or not e.get("printed"):
            out.append(f"{tag}: needs seed, location and printed text")
            continue
        has_row, reason = "row" in e, e.get("not_recomputable")
        if has_row == bool(reason):
            out.append(f"{tag}: give exactly one of 'row' and 'not_recomputable'")
            continue
        if reason is not None:
            if len(reason) < 15:
                out.append(f"{tag}: the reason is too short")
            continue
        hits = _match(e, rows)
        if not hits:
            out.append(f"{tag}: no row with quantity {e['row']!r}")
            continue
        value = e.get("value")
        if not any((value is None and r.paper is None) or
                   (value is not None and r.paper is not None
                    and math.isclose(r.paper, value, rel_tol=VALUE_RTOL, abs_tol=1e-300))
                   for r in hits):
            out.append(f"{tag}: the row prints {hits[0].paper}, the list says {value}")
    listed = {(e["row"], e["seed"]) for e in entries if "row" in e and "seed" in e}
    for r in rows:
        if r.paper is not None and (r.quantity, r.source[5:8]) not in listed:
            out.append(f"row {r.quantity!r} ({r.source}) prints {r.paper} but is not listed")
    return out


def test_every_listed_number_is_a_row_or_has_a_reason(all_rows):
    entries = load()
    assert len(entries) >= 200
    assert problems(entries, all_rows) == []


def test_both_seeds_and_most_numbers_are_rows():
    entries = load()
    for seed in ("000", "001"):
        mine = [e for e in entries if e["seed"] == seed]
        assert len(mine) >= 60
        assert sum("row" in e for e in mine) >= 0.6 * len(mine)


@pytest.mark.parametrize(("entry", "message"), [
    ({"seed": "001", "location": "eq. (9)", "printed": "748", "value": 748.0,
      "row": "no such row"}, "no row with quantity"),
    ({"seed": "001", "location": "eq. (9)", "printed": "748", "value": 700.0, "row": "h_r"},
     "the row prints 748"),
    ({"seed": "001", "location": "eq. (9)", "printed": "748", "value": 748.0},
     "exactly one of"),
    ({"seed": "001", "location": "eq. (9)", "printed": "748", "not_recomputable": "no"},
     "too short"),
    ({"seed": "002", "location": "eq. (9)", "printed": "748", "row": "h_r"},
     "needs seed, location"),
])
def test_checker_catches_bad_entries(entry, message):
    rows = [Row("h_r", "seed 001 eq. (9)", 748.0, 1383.0)]
    found = problems([entry], rows)
    assert any(message in p for p in found), found


def test_checker_catches_an_unlisted_row():
    rows = [Row("h_r", "seed 001 eq. (9)", 748.0, 1383.0),
            Row("unlisted", "seed 000 eq. (1)", 1.0, 1.0)]
    entry = {"seed": "001", "location": "eq. (9)", "printed": "748", "value": 748.0,
             "row": "h_r"}
    found = problems([entry], rows)
    assert found == ["row 'unlisted' (seed 000 eq. (1)) prints 1.0 but is not listed"]
