"""`expdesign validate` and `expdesign schema` on good files and the bad-input corpus."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from expdesign.cli import main

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "data" / "bad"
INDEX = json.loads((BAD / "index.txt").read_text())


def test_corpus_size():
    assert len(INDEX) >= 30


def test_shipped_files_validate(capsys):
    files = [str(p) for p in sorted((ROOT / "schemas/examples").glob("*.json"))]
    files += [str(p) for p in sorted((ROOT / "targets").glob("*.json"))]
    assert main(["validate", *files]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == len(files)
    assert all(": valid " in line for line in out)


@pytest.mark.parametrize("case", INDEX, ids=lambda c: c["file"])
def test_bad_input(case, capsys):
    path = str(BAD / case["file"])
    code = main(["validate", path])
    err = capsys.readouterr().err
    assert code == case["exit"], err
    assert case["fragment"] in err, err
    assert "Traceback" not in err
    for line in err.strip().splitlines():
        assert line.startswith(path + ": ")


def test_exit_code_is_worst_of_files(capsys):
    good = str(ROOT / "targets/er_ylf.json")
    assert main(["validate", good, str(BAD / "negative_length.json")]) == 1
    assert main(["validate", good, str(BAD / "malformed_json.json"),
                 str(BAD / "negative_length.json")]) == 2
    assert main(["validate", str(BAD / "does_not_exist.json")]) == 2


def test_console_entry_point_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "expdesign", "validate",
                           str(BAD / "non_utf8.json"), str(BAD / "nan_token.json")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "not UTF-8" in proc.stderr and "detector.xi" in proc.stderr


def test_schema_files_are_current(capsys):
    assert main(["schema", "--check", "--dir", str(ROOT / "schemas")]) == 0


def test_schema_check_detects_stale(tmp_path, capsys):
    assert main(["schema", "--dir", str(tmp_path)]) == 0
    assert main(["schema", "--check", "--dir", str(tmp_path)]) == 0
    f = tmp_path / "target.schema.json"
    f.write_text(f.read_text().replace('"Target"', '"Targot"'))
    assert main(["schema", "--check", "--dir", str(tmp_path)]) == 1
