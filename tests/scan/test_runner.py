"""Running scans: rows of invalid and failing points, interruption and resumption,
process pools (rows equal to serial, one BLAS thread per worker) and the CLI."""

from __future__ import annotations

import shutil
import sys

import pytest

from expdesign.cli import main
from expdesign.scan import Axis, blas_threads, make_executor, read_rows, run_scan
from tests.scan.support import (
    AXES,
    ER,
    FAST,
    HO,
    CountingExecutor,
    CtrlCSerial,
    InterruptingExecutor,
)


# ---------------------------------------------------------------- rows
def test_invalid_point_is_a_row_not_a_crash():
    res = run_scan(ER, [Axis("geometry.length", ("2 cm", "-1 cm", "banana"))],
                   executor="serial", settings=FAST, progress=False)
    st = [r["status"] for r in res.rows]
    assert st == ["ok", "invalid", "invalid"]
    assert "geometry.length" in res.rows[1]["error"]
    assert "\n" not in res.rows[1]["error"]
    assert "rate_peak" not in res.rows[1]


def test_failed_verdicts_column():
    res = run_scan(HO, [Axis("lasers.imprint_r", ("-0.5", "-0.3"))], executor="serial",
                   settings=FAST, progress=False)
    assert res.rows[0]["failed_verdicts"] == ""
    assert "McQ3" in res.rows[1]["failed_verdicts"]
    assert res.rows[1]["verdict:McQ3 (M^2 > 0 at every angle)"] == "fail"
    assert isinstance(res.rows[0]["param:lasers.imprint_r"], str)


def test_axes_or_points_exactly_one():
    with pytest.raises(ValueError, match="either axes or points"):
        run_scan(ER, executor="serial", progress=False)
    with pytest.raises(ValueError, match="either axes or points"):
        run_scan(ER, AXES, points=[{}], executor="serial", progress=False)
    with pytest.raises(ValueError, match="unknown executor"):
        make_executor("threads")


# ---------------------------------------------------------------- interruption, resumption
@pytest.mark.parametrize("ext", ["jsonl", "csv"])
@pytest.mark.parametrize("interrupting", [InterruptingExecutor, CtrlCSerial])
def test_interrupted_scan_keeps_rows_and_resumes(full, ext, interrupting, tmp_path):
    res, text = full[ext]
    out = tmp_path / f"s.{ext}"
    with pytest.raises(KeyboardInterrupt, match="simulated Ctrl-C"):
        run_scan(ER, AXES, executor=interrupting(3), settings=FAST, out=out,
                 progress=False)
    assert len(read_rows(out)) == 3
    ex = CountingExecutor()
    res2 = run_scan(ER, AXES, executor=ex, settings=FAST, out=out, progress=False)
    assert len(ex.hashes) == 3
    assert res2.rows == res.rows
    assert out.read_text() == text


def test_second_run_is_a_no_op_and_restart_reruns(full, tmp_path):
    res, text = full["jsonl"]
    out = tmp_path / "s.jsonl"
    shutil.copy(res.out, out)
    ex = CountingExecutor()
    res2 = run_scan(ER, AXES, executor=ex, settings=FAST, out=out, progress=False)
    assert ex.hashes == [] and res2.rows == res.rows
    ex = CountingExecutor()
    run_scan(ER, AXES, executor=ex, settings=FAST, out=out, progress=False, resume=False)
    assert len(ex.hashes) == 6
    assert out.read_text() == text


def test_rows_of_another_scan_are_kept(full, tmp_path):
    res, _ = full["jsonl"]
    out = tmp_path / "s.jsonl"
    shutil.copy(res.out, out)
    other = run_scan(ER, [Axis("geometry.radius", ("2 cm",))], executor="serial",
                     settings=FAST, out=out, progress=False)
    assert len(other.rows) == 1 and len(other.foreign) == 6
    assert len(read_rows(out)) == 7


# ---------------------------------------------------------------- process pools
def test_process_pool_equals_serial(full, pool):
    res, _ = full["jsonl"]
    assert pool.rows == res.rows[:4]


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_pool_workers_have_one_blas_thread_and_equal_rows(full, method):
    if method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"start method {method} not available here")
    res, _ = full["jsonl"]
    ex, release = make_executor("processes", 2, start_method=method)
    try:
        seen = [ex.submit(blas_threads).result() for _ in range(4)]
        rows = run_scan(ER, points=res.points[:2], executor=ex, settings=FAST,
                        progress=False).rows
    finally:
        release()
    if sys.platform == "linux":
        assert all(seen), "no BLAS library found in the workers"
    assert all(v == 1 for d in seen for v in d.values()), seen
    assert rows == res.rows[:2]


# ---------------------------------------------------------------- CLI
def test_cli_scan(tmp_path, capsys):
    out = tmp_path / "scan.csv"
    code = main(["scan", str(ER), "--set", "geometry.length=linspace(1 cm, 2 cm, 2)",
                 "--set", "hypotheses.0.lightest_mass=10 meV,-1 meV", "--executor", "serial",
                 "--model", "infinite", "--out", str(out), "--quiet"])
    assert code == 0
    text = capsys.readouterr().out
    assert "4 points: 2 planned" in text
    rows = read_rows(out)
    assert [r["param:geometry.length"] for r in rows] == ["1 cm", "1 cm", "2 cm", "2 cm"]
    assert [r["status"] for r in rows] == ["ok", "invalid", "ok", "invalid"]
    code = main(["scan", str(ER), "--set", "geometry.lenth=1 cm", "--executor", "serial",
                 "--out", str(out), "--quiet"])
    assert code == 2
    assert "no field 'lenth'" in capsys.readouterr().err
