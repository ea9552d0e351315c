"""The notebooks' shared helpers (notebooks/_setup.py), without a kernel."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def setup_module():
    import os

    old = os.environ.get("EXPDESIGN_REPO")
    os.environ["EXPDESIGN_REPO"] = str(ROOT)
    try:
        spec = importlib.util.spec_from_file_location("_nb_setup", ROOT / "notebooks" /
                                                      "_setup.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
    finally:
        if old is None:
            os.environ.pop("EXPDESIGN_REPO", None)
        else:
            os.environ["EXPDESIGN_REPO"] = old
    return mod


def test_nanogauss_to_femtotesla(setup_module):
    # 1 G = 1e-4 T (definition), so 1 nG = 1e-13 T = 100 fT (notebook 01 printed 1e-4)
    assert setup_module.nG_to_fT(1.0) == pytest.approx(100.0, rel=1e-12)
    assert setup_module.nG_to_fT(5.16e-31) == pytest.approx(5.16e-29, rel=1e-12)
