"""overrides.inhomogeneous_correlation: 'independent' in Plans (issue 16, part 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from expdesign.io import SpecError, load_spec_dict
from expdesign.planner import Planner, PlannerSettings

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"
GRID = dict(model="infinite", angle_grid=(144.3, 144.6, 3), bloch_points=201,
            phase_space_error=False, workers=1)


def _er(correlation: str | None = None) -> dict:
    d = json.loads((EX / "er_ylf_renp.json").read_text())
    if correlation is not None:
        d.setdefault("overrides", {})["inhomogeneous_correlation"] = correlation
    return d


def _plan(d: dict):
    return Planner(load_spec_dict(d, "x.json", EX), PlannerSettings(**GRID)).run()


def test_one_broadened_transition_gives_the_correlated_numbers() -> None:
    """The shipped Er target has one inhomogeneous width (the trigger p-g): the independent
    average is then the same average, and the Plan says so."""
    cor, ind = _plan(_er()), _plan(_er("independent"))
    assert ind.result("chi2_cycle_mean").m == cor.result("chi2_cycle_mean").m
    text = " ".join(ind.assumptions)
    assert "independent" in text and "same average as the correlated model" in text
    assert "correlated (g-q, q-e, p-g move by" in " ".join(cor.assumptions)


def test_an_outer_line_too_wide_for_the_outer_rule_is_not_evaluable() -> None:
    """A second (here 16 MHz, unsourced) width on g-q: its classes wind ~4e5 rad over the
    cycle, beyond the nested outer rule, so the Plan says 'not evaluable' and why (the
    correlated model plans)."""
    tgt = json.loads((EX.parents[1] / "targets" / "er_ylf.json").read_text())
    w = dict(tgt["widths"][0])
    w.update(upper="q", lower="g", source="test: not a measurement")
    tgt["widths"].append(w)
    d = _er("independent")
    d["target"] = tgt
    plan = _plan(d)
    v = [v for v in plan.verdicts if v.name == "plan evaluable"]
    assert len(v) == 1 and v[0].status == "not evaluable"
    assert "inhomogeneous_correlation" in v[0].detail and "g-q" in v[0].detail
    d["overrides"]["inhomogeneous_correlation"] = "correlated"
    assert not [v for v in _plan(d).verdicts if v.name == "plan evaluable"]


@pytest.mark.parametrize("name", ["ho_ylf_ranp"])
def test_ranp_rejects_independent_shifts(name: str) -> None:
    d = json.loads((EX / f"{name}.json").read_text())
    d.setdefault("overrides", {})["inhomogeneous_correlation"] = "independent"
    with pytest.raises(SpecError, match="inhomogeneous_correlation"):
        load_spec_dict(d, "x.json", EX)


def test_ranp_weak_trigger_uses_the_class_average() -> None:
    """Ho RANP with a weak trigger (1e-8 W/cm^2: Omega_0/Gamma_pg ~ 0.25) and a 10 kHz e-p
    line (unsourced): <|rho_pg|^2> is the class average of the amplitude, below the central
    class's, with its error estimate; the rate follows it."""
    d = json.loads((EX / "ho_ylf_ranp.json").read_text())
    d["lasers"]["lasers"][2]["intensity"] = "1e-8 W/cm^2"
    st = PlannerSettings(model="infinite", angles=5, phase_space_error=False, workers=1)
    base = Planner(load_spec_dict(d, "x.json", EX), st).run()
    d.setdefault("overrides", {})["inhomogeneous_width"] = "10 kHz"
    wide = Planner(load_spec_dict(d, "x.json", EX), st).run()
    assert wide.result("rabi_over_width").m < 1
    mean = wide.result("rho_pg_sq_mean").m
    central = wide.result("rho_pg_sq_mean_central_class").m
    assert central == pytest.approx(base.result("rho_pg_sq_mean").m, rel=1e-12)
    assert mean < 0.1 * central
    assert wide.result("rho_pg_sq_class_average_error").m < 1e-2 * mean
    assert wide.result("rate_total").m / base.result("rate_total").m == pytest.approx(
        mean / central, rel=1e-9)
