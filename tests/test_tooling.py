"""ruff and mypy run as part of the test command (README: the second command runs every
check CI runs) and fail it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_ruff_clean():
    if shutil.which("ruff") is None and _run("ruff", "--version").returncode != 0:
        pytest.fail("ruff is not installed: pip install '.[test]'")
    res = _run("ruff", "check", "expdesign", "tests", "benchmarks")
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_clean():
    if _run("mypy", "--version").returncode != 0:
        pytest.fail("mypy is not installed: pip install '.[test]'")
    res = _run("mypy")  # the package, configured in pyproject.toml [tool.mypy]
    assert res.returncode == 0, res.stdout[-5000:] + res.stderr[-2000:]
