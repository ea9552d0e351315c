"""Scan results: rows in files (round trip, partial lines) and ScanResult."""

from __future__ import annotations

import json

import pytest

from expdesign.scan import columns_of, read_rows, run_scan, write_rows
from tests.scan.support import AXES, ER, FAST, CountingExecutor


@pytest.mark.parametrize("ext", ["jsonl", "csv"])
def test_file_round_trip(full, ext, tmp_path):
    res, text = full[ext]
    assert res.n_run == 6 and res.complete
    rows = read_rows(res.out)
    assert rows == res.rows  # exact, floats included


@pytest.mark.parametrize("ext", ["jsonl", "csv"])
@pytest.mark.parametrize("k", [0, 2, 5])
def test_truncated_file_resumes_only_missing_points(full, ext, k, tmp_path):
    res, text = full[ext]
    lines = text.splitlines(keepends=True)
    head = 1 if ext == "csv" else 0
    part = tmp_path / f"s.{ext}"
    # k complete rows and half of the next one (a write cut short)
    part.write_text("".join(lines[: head + k]) + lines[head + k][:25], encoding="utf-8")
    ex = CountingExecutor()
    res2 = run_scan(ER, AXES, executor=ex, settings=FAST, out=part, progress=False)
    kept = {r["point_hash"] for r in res.rows[:k]}
    assert sorted(ex.hashes) == sorted(r["point_hash"] for r in res.rows if
                                       r["point_hash"] not in kept)
    assert res2.n_skipped == k and res2.n_run == 6 - k
    assert res2.rows == res.rows
    assert part.read_text() == text  # same file as the uninterrupted scan


def test_scan_result_columns_and_exports(full, tmp_path):
    res, _ = full["jsonl"]
    cols = res.columns
    assert cols[0] == "point_hash"
    assert cols[1:3] == ["param:geometry.length", "param:lasers.lasers.exc1.intensity"]
    assert cols[3:6] == ["status", "error", "failed_verdicts"]
    assert res.column("param:geometry.length") == ["1 cm", "1 cm", "2 cm", "2 cm",
                                                   "3 cm", "3 cm"]
    assert res.column("no such column") == [None] * 6
    assert read_rows(res.to_csv(tmp_path / "r.txt")) == res.rows
    assert read_rows(res.to_jsonl(tmp_path / "r.txt")) == res.rows
    assert json.loads(res.to_json(tmp_path / "r.json")) == res.rows
    assert json.loads((tmp_path / "r.json").read_text()) == res.rows


def test_columns_of_and_write_rows_union(tmp_path):
    rows = [{"point_hash": "a", "status": "ok", "x": 1.0},
            {"point_hash": "b", "param:p": "1", "status": "invalid", "error": "e"}]
    assert columns_of(rows) == ["point_hash", "param:p", "status", "error", "x"]
    back = read_rows(write_rows(rows, tmp_path / "u.csv"))
    assert back[0] == {"point_hash": "a", "status": "ok", "x": 1.0, "error": ""}
    assert back[1] == {"point_hash": "b", "param:p": "1", "status": "invalid", "error": "e"}
    assert read_rows(tmp_path / "missing.csv") == []
