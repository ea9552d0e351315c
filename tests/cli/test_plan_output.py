"""`expdesign plan` output: atomic (an interrupted run leaves no complete-looking
plan.json or report.md) and reproducible (same bytes from any working directory, apart
from the timestamp and the wall times)."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from expdesign import files
from expdesign.cli import main
from expdesign.plan import Plan

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "schemas" / "examples"
FAST = ["--quiet", "--no-figures", "--model", "infinite", "--grid", "144.3,144.6,7"]
RUN = [sys.executable, "-c", "import sys; from expdesign.cli import main; sys.exit(main())"]

#: the lines of plan.json that may differ between runs of one spec (time, not physics)
VOLATILE = [re.compile(r'^\s*"created_utc": '),
            re.compile(r'^\s*"(bloch|inhomogeneous|inhomogeneous_tailored)\.wall_time_s": '),
            re.compile(r'^\s*"value": "[^"]*"\s*,?\s*$')]


def _normalise(plan_text: str) -> str:
    """plan.json with the timestamp and the wall times blanked (the planner_wall_time
    result's value line is the one after its key)."""
    lines = plan_text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if VOLATILE[0].match(line) or VOLATILE[1].match(line):
            out.append("<volatile>")
        elif VOLATILE[2].match(line) and '"planner_wall_time"' in lines[i - 1]:
            out.append("<volatile>")
        else:
            out.append(line)
    return "\n".join(out)


def _looks_complete(folder: Path) -> None:
    """Whatever is in ``folder`` is complete: plan.json parses as a Plan and, when it
    exists, report.md ends with its provenance table."""
    plan_p, report_p = folder / "plan.json", folder / "report.md"
    if plan_p.exists():
        Plan.from_json(plan_p)
        assert report_p.exists()
    if report_p.exists():
        text = report_p.read_text("utf-8")
        assert "## Provenance" in text and text.endswith("|\n")


def test_failure_while_writing_plan_json_leaves_no_plan_json(tmp_path, monkeypatch):
    """Interrupt (KeyboardInterrupt, as SIGINT raises) inside the write of plan.json,
    after report.md: the previous run's plan.json is gone, not half-replaced."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_text('{"stale": "from an earlier run"}\n', encoding="utf-8")
    calls = []
    real = files.os.fsync

    def fsync(fd):
        calls.append(fd)
        real(fd)
        if len(calls) == 2:  # report.md is the first file written, plan.json the second
            raise KeyboardInterrupt("SIGINT while writing plan.json")
    monkeypatch.setattr(files.os, "fsync", fsync)
    assert main(["plan", str(EX / "er_ylf_renp.json"), "--out", str(out), *FAST]) == 130
    assert not (out / "plan.json").exists()
    assert sorted(p.name for p in out.iterdir()) == ["report.md"]
    _looks_complete(out)


@pytest.mark.parametrize("sig,delays", [(signal.SIGKILL, (1.0, 2.0, 3.0)),
                                        (signal.SIGINT, (1.5,))])
def test_killed_plan_never_leaves_a_complete_looking_file(tmp_path, sig, delays):
    """`expdesign plan` killed at several moments (loading, planning, writing): every
    plan.json / report.md left in the folder is complete."""
    spec = EX / "er_ylf_renp.json"
    for i, delay in enumerate(delays):
        out = tmp_path / f"run{i}"
        proc = subprocess.Popen([*RUN, "plan", str(spec), "--out", str(out), *FAST],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(sig)
        proc.communicate(timeout=60)
        if out.exists():
            _looks_complete(out)
            assert not list(out.glob("*" + files.PART_SUFFIX)) or sig == signal.SIGKILL


def test_same_spec_same_bytes_from_any_working_directory(tmp_path):
    """Two runs of one spec (target file given by a relative path), from different working
    directories and hash seeds, the spec named relatively and absolutely: plan.json and
    report.md are byte-identical apart from the timestamp and the wall times."""
    spec_dir = tmp_path / "specs"
    (spec_dir / "targets").mkdir(parents=True)
    (spec_dir / "targets" / "er.json").write_text(
        (ROOT / "targets" / "er_ylf.json").read_text("utf-8"), encoding="utf-8")
    d = json.loads((EX / "er_ylf_renp.json").read_text("utf-8"))
    d["target"] = "targets/er.json"
    (spec_dir / "er.json").write_text(json.dumps(d), encoding="utf-8")
    texts = []
    for k, (cwd, spec_arg) in enumerate([(spec_dir, "er.json"),
                                         (tmp_path, str(spec_dir / "er.json"))]):
        out = tmp_path / f"out{k}"
        env = dict(os.environ, PYTHONHASHSEED=str(k + 1))
        subprocess.run([*RUN, "plan", spec_arg, "--out", str(out), *FAST], cwd=cwd, env=env,
                       check=True, stdout=subprocess.DEVNULL, timeout=120)
        texts.append(((out / "plan.json").read_text("utf-8"),
                      (out / "report.md").read_text("utf-8")))
    (p0, r0), (p1, r1) = texts
    assert p0 != p1  # the wall times differ: the normalisation below has work to do
    assert _normalise(p0) == _normalise(p1)
    ts = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\| `planner_wall_time` \| [^|]*\|")
    assert ts.sub("", r0) == ts.sub("", r1)
