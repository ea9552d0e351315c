"""Shared scan fixtures: an uninterrupted scan in both file formats and the same
points on a process pool (session scoped: each plans several points)."""

from __future__ import annotations

import pytest

from expdesign.scan import run_scan
from tests.scan.support import AXES, ER, FAST


@pytest.fixture(scope="session")
def full(tmp_path_factory):
    """An uninterrupted scan in both formats: ``{ext: (ScanResult, file text)}``."""
    d = tmp_path_factory.mktemp("full")
    out = {}
    for ext in ("jsonl", "csv"):
        res = run_scan(ER, AXES, executor="serial", settings=FAST, out=d / f"s.{ext}",
                       progress=False)
        out[ext] = (res, (d / f"s.{ext}").read_text())
    return out


@pytest.fixture(scope="session")
def pool(full):
    """The first four points on a two-worker process pool (BLAS pinned)."""
    res, _ = full["jsonl"]
    return run_scan(ER, points=res.points[:4], executor="processes", workers=2,
                    settings=FAST, progress=False)
