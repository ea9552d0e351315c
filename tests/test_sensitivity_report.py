"""The stored sensitivity report: gaps and report lines from hand-made elasticities."""

from __future__ import annotations

import math

import pytest

from expdesign.sensitivity_report import (
    Elasticity,
    Figure,
    SensitivityInput,
    SensitivityReport,
)

YEAR = 3.15576e7


def _report() -> SensitivityReport:
    figs = [Figure(key="rate_peak", value=2.0, unit="1/s", kind="result"),
            Figure(key="exposure: signal at 5 sigma", value=1e4 * YEAR, unit="s",
                   kind="exposure", question="signal at 5 sigma")]
    ins = [SensitivityInput(id="n", label="density", value=1.0, unit="cm^-3", paths=["a"],
                            bound_high=10.0, bound_source="stoichiometric"),
           SensitivityInput(id="S", label="noise", value=1.0, unit="fT", paths=["b"]),
           SensitivityInput(id="I", label="intensity", value=3.0, unit="mW", paths=["c"])]
    k = figs[1].key
    els = [Elasticity(figure=k, input="n", value=-4.0, method="exact"),
           Elasticity(figure=k, input="S", value=2.0, method="exact"),
           Elasticity(figure=k, input="I", value=0.01, method="finite difference",
                      step=0.02, error=0.02)]
    return SensitivityReport(figures=figs, inputs=ins, elasticities=els, step=0.02,
                             replans=2, wall_time_s=1.0)


def test_gap_by_hand():
    g = _report().gap(horizon_s=YEAR)
    assert g.factor == pytest.approx(1e4)
    by = {x.input: x for x in g.inputs}
    # t ~ n^-4: n must grow by 1e4^(1/4) = 10, exactly the bound (within)
    assert by["n"].needed == pytest.approx(10.0) and by["n"].status == "within bounds"
    # t ~ S^2: S must shrink by 100
    assert by["S"].needed == pytest.approx(0.01) and by["S"].status == "within bounds"
    # an elasticity within its error moves nothing
    assert by["I"].status == "no effect"
    # best combination: n at its bound, t x 10^-4 -> remaining 1
    assert g.combined_factor == pytest.approx(1e-4) and g.remaining == pytest.approx(1.0)
    # a longer horizon halves nothing but the factor
    assert _report().gap(horizon_s=10 * YEAR).factor == pytest.approx(1e3)
    # user bounds: S down to 0.1 only, n capped at 2
    g2 = _report().gap(horizon_s=YEAR, bounds={"S": (0.1, None), "n": (None, 2.0)})
    assert g2.combined_factor == pytest.approx(0.1**2 * 2.0**-4)
    assert {x.input: x.status for x in g2.inputs}["n"] == "beyond bound"
    with pytest.raises(KeyError):
        _report().gap(bounds={"nope": (1.0, 2.0)})


def test_markdown_section_names_the_gap_and_ranks():
    lines = _report().markdown_lines(YEAR)
    text = "\n".join(lines)
    assert lines[0] == "## What limits this design"
    assert "must shrink 1e+04 times" in text
    assert text.index("`n`") < text.index("`S`")  # |-4| ln 2 > |2| ln 2
    assert math.isfinite(_report().gap().factor)
