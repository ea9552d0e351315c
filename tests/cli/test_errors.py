"""Issue 26: every command ends with a clean error and a documented exit code.

Exit codes (README "Exit codes"): 0 done, 1 invalid spec, 2 unreadable input / bad
command line / unusable output or executor, 3 internal error, 130 interrupted.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import expdesign as ed
from expdesign.cli import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "schemas" / "examples"
XE = str(EX / "xe_ranp.json")
ER = str(EX / "er_ylf_renp.json")


def _run(capsys, *argv):
    code = main(list(argv))
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err
    return code, cap.err


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--grid", "0,180,0"], "--grid: angle grid points must be an integer from 1"),
    (["--grid", "0,180,1"], "--grid: a one-angle grid has start = stop"),
    (["--grid", "0,180,-5"], "--grid: angle grid points must be an integer from 1"),
    (["--grid", "0,180,2.5"], "--grid takes START_DEG,STOP_DEG,POINTS"),
    (["--grid=-10,nan,5"], "--grid: angle grid ends must be finite"),
    (["--grid=0,inf,5"], "--grid: angle grid ends must be finite"),
    (["--grid", "0,180,200001"], "from 1 to 4001"),
    (["--grid", "0,180"], "--grid takes START_DEG,STOP_DEG,POINTS"),
    (["--grid", "90,10,5"], "must be greater than start"),
    (["--angles", "1"], "--angles: angles must be an integer from 2"),
])
def test_plan_bad_grid_is_a_usage_error(argv, fragment, tmp_path, capsys):
    code, err = _run(capsys, "plan", XE, "--out", str(tmp_path / "o"), "--quiet", *argv)
    assert code == EXIT_USAGE
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()  # refused before any work


def test_plan_unwritable_out(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    code, err = _run(capsys, "plan", XE, "--out", str(f / "sub"), "--quiet")
    assert code == EXIT_USAGE and "--out: cannot create folder" in err


@pytest.mark.parametrize(("value", "fragment"), [
    ("linspace(1 cm, 2 s, 3)", "have different dimensions"),
    ("logspace(1 cm, 2 cm, 10000000)", "points must be from 1 to 100000"),
    ("linspace(1 cm, 1e400 cm, 3)", "not a finite float"),
    ("1,5 cm", "'1' has no unit"),
    ("2.5.3 cm", "is not a quantity"),
    ("9**9**9 cm", "no arithmetic on the number"),
])
def test_scan_set_values_checked_before_starting(value, fragment, tmp_path, capsys):
    out = tmp_path / "s.csv"
    code, err = _run(capsys, "scan", XE, "--set", f"geometry.length={value}", "--out",
                     str(out), "--executor", "serial", "--quiet")
    assert code == EXIT_USAGE, err
    assert fragment in err
    assert not out.exists()


def test_scan_grid_size_capped(tmp_path, capsys):
    code, err = _run(capsys, "scan", XE, "--set", "geometry.length=linspace(1 cm, 2 cm, 1000)",
                     "--set", "geometry.radius=linspace(1 cm, 2 cm, 1000)", "--out",
                     str(tmp_path / "s.csv"), "--quiet")
    assert code == EXIT_USAGE and f"more than {ed.MAX_SCAN_POINTS}; split the scan" in err


@pytest.mark.parametrize(("extra", "fragment"), [
    (["--executor", "bogus"], "--executor: unknown executor 'bogus'"),
    (["--executor", "dask://127.0.0.1:1"], "cannot reach the Dask scheduler at 127.0.0.1:1"),
    (["--executor", "dask://nohostport"], "is not HOST:PORT"),
    (["--out", "/nonexistent-folder/s.csv"], "--out: folder /nonexistent-folder does not"),
    (["--workers", "0"], "--workers must be >= 1"),
])
def test_scan_executor_and_out_checked_up_front(extra, fragment, tmp_path, capsys):
    argv = ["scan", XE, "--set", "geometry.length=1 cm", "--quiet"]
    if "--out" not in extra:
        argv += ["--out", str(tmp_path / "s.csv")]
    code, err = _run(capsys, *argv, *extra)
    assert code == EXIT_USAGE, err
    assert fragment in err


def test_scan_out_is_a_directory(tmp_path, capsys):
    code, err = _run(capsys, "scan", XE, "--set", "geometry.length=1 cm", "--out",
                     str(tmp_path), "--quiet")
    assert code == EXIT_USAGE and "is a directory, not a file" in err


def test_validate_refuses_a_fifo_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "spec.json"
    os.mkfifo(fifo)
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("code", main(["validate", str(fifo)])),
                         daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "validate blocked on a FIFO"
    assert box["code"] == 2
    assert "not a regular file" in capsys.readouterr().err


def test_validate_refuses_a_directory(tmp_path, capsys):
    code, err = _run(capsys, "validate", str(tmp_path))
    assert code == 2 and "a directory" in err


def test_huge_json_integer_is_unreadable_not_a_traceback(tmp_path, capsys):
    f = tmp_path / "big.json"
    f.write_text('{"name": ' + "1" * 5000 + "}")
    code, err = _run(capsys, "validate", str(f))
    assert code == 2 and "an integer literal of 5000 digits" in err


class _Boom:
    def __init__(self, *a, **k):
        raise ZeroDivisionError("float division by zero")


def test_internal_error_is_one_line_with_exit_3(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(ed, "Planner", _Boom)
    code, err = _run(capsys, "plan", XE, "--out", str(tmp_path / "o"), "--quiet")
    assert code == EXIT_INTERNAL
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"expdesign plan: internal error on {XE}: ZeroDivisionError")
    assert "please report it" in lines[0]


def test_internal_error_traceback_on_request(monkeypatch, tmp_path):
    monkeypatch.setattr(ed, "Planner", _Boom)
    monkeypatch.setenv("EXPDESIGN_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError, match="float division"):
        main(["plan", XE, "--out", str(tmp_path / "o"), "--quiet"])


class _Interrupt:
    def __init__(self, *a, **k):
        raise KeyboardInterrupt


def test_keyboard_interrupt_exits_130(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(ed, "Planner", _Interrupt)
    code, err = _run(capsys, "plan", XE, "--out", str(tmp_path / "o"), "--quiet")
    assert code == EXIT_INTERRUPTED
    assert err.strip() == "expdesign plan: interrupted"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_during_a_pooled_plan_exits_130_without_traceback(tmp_path):
    """A real SIGINT to the CLI while the finite-3d edge rule runs on a process pool."""
    import time

    exe = Path(sys.executable).with_name("expdesign")
    proc = subprocess.Popen(
        [str(exe), "plan", ER, "--out", str(tmp_path / "o"), "--model", "finite-3d",
         "--quiet", "--no-figures"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(6)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == EXIT_INTERRUPTED, err
    assert "Traceback" not in err
    assert "expdesign plan: interrupted" in err
    assert not (tmp_path / "o" / "plan.json").exists()
