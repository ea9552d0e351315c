"""Parameter scans: paths, grids, rows, resumption, executors (serial, processes, Dask)."""

from __future__ import annotations

import concurrent.futures as cf
import json
import shutil
import sys
import threading
from pathlib import Path

import pytest

from expdesign.cli import main
from expdesign.io import load_spec, load_spec_dict
from expdesign.planner import Planner, PlannerSettings
from expdesign.scan import (
    Axis,
    SerialExecutor,
    base_of,
    blas_threads,
    evaluate_task,
    get_path,
    grid,
    make_executor,
    make_task,
    parse_set,
    parse_values,
    read_rows,
    run_scan,
    set_path,
)

ROOT = Path(__file__).resolve().parents[1]
ER = ROOT / "schemas" / "examples" / "er_ylf_renp.json"
HO = ROOT / "schemas" / "examples" / "ho_ylf_ranp.json"
FAST = {"model": "infinite"}


class CountingExecutor(SerialExecutor):
    """Serial, and remembers which points it was asked to plan."""

    def __init__(self):
        self.hashes: list[str] = []

    def submit(self, fn, /, *args, **kwargs):
        self.hashes.append(args[0]["hash"])
        return super().submit(fn, *args, **kwargs)


class InterruptingExecutor(cf.Executor):
    """A parallel-looking executor: plans the first ``k`` points, the others stay
    running until Ctrl-C arrives (rows come back through ``as_completed``)."""

    def __init__(self, k: int):
        self.k = k
        self.n = 0

    def submit(self, fn, /, *args, **kwargs):
        self.n += 1
        fut: cf.Future = cf.Future()
        if self.n <= self.k:
            fut.set_result(fn(*args, **kwargs))
        elif self.n == self.k + 1:
            threading.Timer(0.2, fut.set_exception, (KeyboardInterrupt(),)).start()
        return fut


class CtrlCSerial(SerialExecutor):
    """In-process: Ctrl-C during the plan of point k + 1."""

    def __init__(self, k: int):
        self.k = k
        self.n = 0

    def submit(self, fn, /, *args, **kwargs):
        self.n += 1
        if self.n > self.k:
            raise KeyboardInterrupt
        return super().submit(fn, *args, **kwargs)


# ---------------------------------------------------------------- values, paths, grids
def test_parse_values_forms():
    assert parse_values("1 cm, 2 cm,3 cm") == ("1 cm", "2 cm", "3 cm")
    assert parse_values("linspace(1 cm, 5 cm, 5)") == ("1 cm", "2 cm", "3 cm", "4 cm", "5 cm")
    assert parse_values("linspace(1 cm, 30 mm, 3)") == ("1 cm", "2 cm", "3 cm")
    assert parse_values("geomspace(1 mW/cm^2, 100 mW/cm^2, 3)") == (
        "1 mW/cm**2", "10 mW/cm**2", "100 mW/cm**2")
    assert parse_values("linspace(-0.5, -0.3, 3)") == ("-0.5", "-0.4", "-0.3")
    with pytest.raises(ValueError):
        parse_values("linspace(1 cm, 2 cm)")
    with pytest.raises(ValueError):
        parse_values("1 cm,,2 cm")
    ax = parse_set("geometry.length=linspace(1 cm, 2 cm, 2)")
    assert ax == Axis("geometry.length", ("1 cm", "2 cm"))


def test_grid_is_cartesian_first_axis_slowest():
    g = grid([Axis("a", ("1", "2")), Axis("b", ("x", "y", "z"))])
    assert len(g) == 6
    assert g[0] == {"a": "1", "b": "x"} and g[1] == {"a": "1", "b": "y"}
    assert g[3] == {"a": "2", "b": "x"}
    with pytest.raises(ValueError):
        grid([Axis("a", ("1",)), Axis("a", ("2",))])


def test_paths_index_name_and_errors():
    data = base_of(ER).data
    assert get_path(data, "lasers.lasers.2.intensity") == get_path(
        data, "lasers.lasers.trigger.intensity")
    set_path(data, "lasers.lasers.exc2.intensity", "20 mW/cm^2")
    assert data["lasers"]["lasers"][1]["intensity"] == "20 mW/cm^2"
    set_path(data, "detector.xi", "0.5")  # a float field gets a float
    assert data["detector"]["xi"] == 0.5
    set_path(data, "hypotheses.0.lightest_mass", "5 meV")
    assert data["hypotheses"][0]["lightest_mass"] == "5 meV"
    spec = load_spec_dict(data, "x", ER.parent)
    assert spec.lasers.lasers[1].intensity.to("mW/cm^2").m == pytest.approx(20)
    assert spec.detector.xi == 0.5
    with pytest.raises(KeyError, match="no field 'lenth'"):
        get_path(data, "geometry.lenth")
    with pytest.raises(KeyError, match="out of range"):
        get_path(data, "hypotheses.9.lightest_mass")
    with pytest.raises(KeyError, match="no list element named"):
        get_path(data, "lasers.lasers.nope.intensity")
    with pytest.raises(KeyError, match="no field"):
        run_scan(ER, [Axis("geometry.lenth", ("1 cm",))], executor="serial", progress=False)


# ---------------------------------------------------------------- rows
def test_row_matches_a_direct_plan():
    base = base_of(ER)
    row = evaluate_task(make_task(base, {"geometry.length": "3 cm"}, FAST))
    data = json.loads(ER.read_text())
    data["geometry"]["length"] = "3 cm"
    plan = Planner(load_spec_dict(data, "x", ER.parent), PlannerSettings(model="infinite")).run()
    assert row["status"] == "ok" and row["error"] == ""
    assert row["param:geometry.length"] == "3 cm"
    for key in ("rate_peak", "chi2_cycle_mean", "magnetization_rate_peak", "h_r"):
        q = plan.result(key)
        assert row[key] == pytest.approx(q.m, rel=1e-12)
        assert row[f"{key}_unit"] in (f"{q.units:~C}", "dimensionless")
    assert row["rate_peak_unit"] == "1/s"
    assert row["chi2_cycle_mean_unit"] == "dimensionless"
    assert "planner_wall_time" not in row
    e = plan.exposure("signal at 5 sigma")
    assert row["exposure_s:signal at 5 sigma"] == pytest.approx(e.time.to("s").m, rel=1e-12)
    assert row["exposure_status:signal at 5 sigma"] == "ok"
    for v in plan.verdicts:
        assert row[f"verdict:{v.name}"] == v.status
    assert row["failed_verdicts"] == ""
    assert None not in row.values()
    # volume scales the rate: L = 3 cm vs L = 2 cm (infinite volume: rate ~ N^2 / V ~ V)
    row2 = evaluate_task(make_task(base, {"geometry.length": "2 cm"}, FAST))
    assert row["rate_peak"] / row2["rate_peak"] == pytest.approx(1.5, rel=1e-9)


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


def test_hash_depends_on_point_spec_and_settings():
    base = base_of(ER)
    h = make_task(base, {"geometry.length": "2 cm"}, FAST)["hash"]
    assert h == make_task(base_of(ER), {"geometry.length": "2 cm"}, FAST)["hash"]
    assert h != make_task(base, {"geometry.length": "3 cm"}, FAST)["hash"]
    assert h != make_task(base, {"geometry.length": "2 cm"}, {"model": "finite"})["hash"]
    assert len(h) == 16


# ---------------------------------------------------------------- files and resumption
AXES = [Axis("geometry.length", ("1 cm", "2 cm", "3 cm")),
        Axis("lasers.lasers.exc1.intensity", ("3 mW/cm^2", "10 mW/cm^2"))]


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    """An uninterrupted scan in both formats."""
    d = tmp_path_factory.mktemp("full")
    out = {}
    for ext in ("jsonl", "csv"):
        res = run_scan(ER, AXES, executor="serial", settings=FAST, out=d / f"s.{ext}",
                       progress=False)
        out[ext] = (res, (d / f"s.{ext}").read_text())
    return out


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


@pytest.mark.parametrize("ext", ["jsonl", "csv"])
@pytest.mark.parametrize("interrupting", [InterruptingExecutor, CtrlCSerial])
def test_interrupted_scan_keeps_rows_and_resumes(full, ext, interrupting, tmp_path):
    res, text = full[ext]
    out = tmp_path / f"s.{ext}"
    with pytest.raises(KeyboardInterrupt):
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


# ---------------------------------------------------------------- executors
@pytest.fixture(scope="module")
def pool(full):
    """The first four points on a two-worker process pool (spawned, BLAS pinned)."""
    res, _ = full["jsonl"]
    return run_scan(ER, points=res.points[:4], executor="processes", workers=2,
                    settings=FAST, progress=False)


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


def test_dask_equals_process_pool(full, pool):
    distributed = pytest.importorskip(
        "dask.distributed", reason="dask[distributed] not installed (extra 'dask')")
    res, _ = full["jsonl"]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dk = run_scan(ER, points=res.points[:4], executor=client.get_executor(),
                      settings=FAST, progress=False)
        # the same cluster by address (run_scan opens and closes its own client)
        dk2 = run_scan(ER, points=res.points[:2], executor=cluster.scheduler_address,
                       settings=FAST, progress=False)
    assert dk.rows == pool.rows
    assert dk2.rows == pool.rows[:2]
    assert [r["rate_peak"] for r in dk.rows] == [r["rate_peak"] for r in pool.rows]


def test_spec_object_with_base_dir():
    spec = load_spec(ER)
    res = run_scan((spec, str(ER.parent)), [Axis("geometry.length", ("2 cm",))],
                   executor="serial", settings=FAST, progress=False)
    assert res.rows[0]["status"] == "ok"


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
