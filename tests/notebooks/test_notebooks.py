"""Execute every design notebook (``notebooks/*.py``, jupytext percent format) end to end.

Each notebook is converted with jupytext and run with nbclient in a fresh ``python3``
kernel; any cell error fails the test.  The tests carry the ``notebooks`` marker: the
default ``pytest`` run includes them, ``-m "not notebooks"`` deselects them.  Matplotlib
runs with the Agg backend and the notebooks write their outputs to temporary folders only
(checked: the repository's file list is unchanged).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("[0-9][0-9]_*.py"))
CELL_TIMEOUT_S = 300

pytestmark = pytest.mark.notebooks

jupytext = pytest.importorskip("jupytext", reason="jupytext not installed (pip install "
                               "'expdesign[notebooks]')")
nbclient = pytest.importorskip("nbclient", reason="nbclient not installed (pip install "
                               "'expdesign[notebooks]')")


def _kernel_available() -> bool:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        KernelSpecManager().get_kernel_spec("python3")
        return True
    except Exception:  # noqa: BLE001 - any failure means no usable kernel
        return False


def _repo_files() -> set[str] | None:
    """Untracked + modified files in the repository (None outside git)."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                             cwd=ROOT, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return {line[3:] for line in out.stdout.splitlines()}


def test_notebooks_found():
    names = [p.name for p in NOTEBOOKS]
    assert names[:4] == ["01_quickstart.py", "02_er_magnetization.py", "03_ranp_ho_xe.py",
                         "04_compare_candidates.py"], names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path, monkeypatch):
    if not _kernel_available():
        pytest.skip("no 'python3' Jupyter kernel (pip install ipykernel)")
    nb = jupytext.read(path)
    assert nb.cells, f"{path.name} has no cells"
    # the kernel inherits this environment: headless matplotlib, the repo importable
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("EXPDESIGN_REPO", str(ROOT))
    pp = os.environ.get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", str(ROOT) + (os.pathsep + pp if pp else ""))
    before = _repo_files()
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
        resources={"metadata": {"path": str(NB_DIR)}})
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # pragma: no cover - on failure
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc))
        pytest.fail(f"{path.name}: a cell raised\n{text[-4000:]}", pytrace=False)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    after = _repo_files()
    if before is not None and after is not None:
        new = after - before  # files that became untracked or modified during the run
        assert not new, f"{path.name} wrote into the repository: {sorted(new)}"
