"""The RENP pair vertex uses vacuum A-coefficients when the target states the medium its
rates refer to; the trigger factor h_r keeps the in-medium rates; absent = stated."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from expdesign.io import load_spec_dict
from expdesign.physics import atomic
from expdesign.planner import Planner, PlannerSettings

ROOT = Path(__file__).resolve().parents[2]
GRID = dict(model="infinite", angle_grid=(144.3, 144.6, 3), bloch_points=101,
            phase_space_error=False, workers=1)
N = 1.4


def _spec(n: float | None) -> dict:
    d = json.loads((ROOT / "schemas" / "examples" / "er_ylf_renp.json").read_text())
    tgt = json.loads((ROOT / "targets" / "er_ylf.json").read_text())
    tgt.pop("rates_refractive_index", None)
    if n is not None:
        tgt["rates_refractive_index"] = {"value": n, "source": "test"}
    d["target"] = tgt
    return d


@pytest.fixture(scope="module")
def plans():
    return {n: Planner(load_spec_dict(_spec(n)), PlannerSettings(**GRID)).run()
            for n in (None, 1.0, N)}


def test_vertex_elements_scale_by_the_medium_factors(plans) -> None:
    base, med = plans[None], plans[N]
    s0, s1 = base.result("reduced_S_ep").m, med.result("reduced_S_ep").m
    v0, v1 = base.result("reduced_v_ep").m, med.result("reduced_v_ep").m
    # |S|^2 ~ gamma_MD: divided by n^3; |v|^2 ~ gamma_ED: divided by n((n^2+2)/3)^2
    assert (s0 / s1) ** 2 == pytest.approx(N**3, rel=1e-12)
    assert (v0 / v1) ** 2 == pytest.approx(N * ((N * N + 2) / 3) ** 2, rel=1e-12)
    assert med.result("rates_medium_factor_md").m == pytest.approx(atomic.md_medium_factor(N))
    # the Stark element |S_ep|^2 is linear in the reduced |S|^2
    assert base.result("S_ep_sq").m / med.result("S_ep_sq").m == pytest.approx(N**3)


def test_trigger_factor_keeps_in_medium_rates(plans) -> None:
    assert plans[N].result("h_r").m == pytest.approx(plans[None].result("h_r").m, rel=1e-12)


def test_n_equal_one_is_the_vacuum_statement(plans) -> None:
    for key in ("reduced_S_ep", "reduced_v_ep", "h_r"):
        assert plans[1.0].result(key).m == pytest.approx(plans[None].result(key).m, rel=1e-12)


def test_assumption_is_stated_either_way(plans) -> None:
    absent = " ".join(plans[None].assumptions)
    assert "VACUUM rates" in absent and "n^3 = 3.05" in absent
    given = " ".join(plans[N].assumptions)
    assert "n = 1.4" in given and "h_r" in given
    assert math.isfinite(plans[N].result("reduced_S_ep").m)
