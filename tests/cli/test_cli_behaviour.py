"""CLI behaviour (issue 24): --version, help for every option, scan exit code with no
valid point, readable optimum durations, schema --check outside the repository."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from expdesign.cli import _value, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
ER = ROOT / "schemas" / "examples" / "er_ylf_renp.json"


def test_version(capsys):
    with pytest.raises(SystemExit) as ex:
        main(["--version"])
    assert ex.value.code == 0
    assert capsys.readouterr().out.startswith("expdesign ")


def test_every_option_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, p in sub.choices.items():
        for a in p._actions:
            if isinstance(a, argparse._HelpAction):
                continue
            if not a.help:
                missing.append(f"{name} {'/'.join(a.option_strings) or a.dest}")
    assert missing == []


def test_scan_with_no_valid_point_exits_non_zero(tmp_path, capsys):
    out = tmp_path / "scan.csv"
    code = main(["scan", str(ER), "--set", "geometry.length=-1 cm,-2 cm", "--executor",
                 "serial", "--out", str(out), "--quiet", "--model", "infinite"])
    assert code == 1
    assert "no point could be planned" in capsys.readouterr().err


def test_optimum_durations_are_readable():
    s = _value(545925528247.68335, "s")
    assert s.startswith("17299.") and "yr" in s and "(5.45926e+11 s)" in s
    assert _value(3.0, "1/s") == "3 1/s"


def test_schema_check_outside_the_repository(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "--check"]) == 2
    assert "no schema files" in capsys.readouterr().err


def test_cli_import_loads_no_matplotlib():
    """A cold `expdesign plan` pays for matplotlib only when it draws (issue 22): importing
    the CLI (the candidates command included) loads no plotting library, and the Progress
    bar starts no tqdm monitor thread (the Planner forks only a single-threaded process)."""
    import subprocess
    import sys

    code = ("import sys, threading\n"
            "import expdesign.cli\n"
            "from expdesign.cli_support import Progress\n"
            "Progress('plan', quiet=False).close()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'),"
            " threading.active_count())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["[]", "1"]


def test_plan_process_reuses_freed_memory():
    """keep_freed_memory (applied by `expdesign plan`): two 16 MiB arrays made and freed
    20 times fault their pages in afresh each time under glibc's defaults (the dynamic
    trim threshold hands them back to the kernel); with it the freed heap is reused."""
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("glibc mallopt")
    code = ("import resource, sys\n"
            "import numpy as np\n"
            "from expdesign.cli_support import keep_freed_memory\n"
            "if sys.argv[1] == '1':\n"
            "    assert keep_freed_memory()\n"
            "f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
            "for _ in range(20):\n"
            "    a, b = np.ones(2**21), np.ones(2**21)\n"
            "    del a, b\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)\n")
    faults = [int(subprocess.run([sys.executable, "-c", code, k], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout) for k in "01"]
    assert faults[0] > 10_000  # 16 MiB = 4096 pages of 4 KiB, faulted again and again
    assert faults[1] < faults[0] / 5
