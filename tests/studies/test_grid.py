"""The hypothesis axis of a study."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.models import NeutrinoHypothesis
from expdesign.planner.context import hypothesis_couplings
from expdesign.studies import HypothesisGrid
from expdesign.units import Q_

TRUTH = NeutrinoHypothesis(lightest_mass="10 meV", oscillation_set="nufit60")


def test_default_grid_is_404_hypotheses_on_202_mass_sets():
    hyps = HypothesisGrid().hypotheses(TRUTH)
    assert len(hyps) == 404
    sets = {tuple(hypothesis_couplings(h)[2]) for h in hyps}
    assert len(sets) == 202  # Dirac and Majorana share their masses
    assert {h.oscillation_set for h in hyps} == {"nufit60"}  # the truth's other fields
    ms = sorted({h.lightest_mass.to("meV").m for h in hyps})
    assert ms[0] == 0.0 and ms[-1] == pytest.approx(100.0) and len(ms) == 101


def test_majorana_phases_multiply_majorana_only():
    g = HypothesisGrid(0, 20, 10, natures=("dirac", "majorana"),
                       majorana_phases_deg=((0, 0), (90, 0)))
    hyps = g.hypotheses(TRUTH)
    assert len(hyps) == 2 * (3 + 2 * 3)
    maj = [h for h in hyps if h.nature == "majorana"]
    assert {h.alpha.to("deg").m for h in maj} == {0.0, 90.0}
    assert all(h.alpha == Q_(0, "deg") for h in hyps if h.nature == "dirac")
    np.testing.assert_allclose(g.masses_meV(), [0, 10, 20])


@pytest.mark.parametrize("kw,msg", [({"step_meV": 0}, "step > 0"),
                                    ({"start_meV": 5, "stop_meV": 1}, "start <= stop"),
                                    ({"orderings": ("XO",)}, "orderings"),
                                    ({"natures": ()}, "natures"),
                                    ({"majorana_phases_deg": ()}, "majorana_phases_deg")])
def test_bad_grids_are_refused(kw, msg):
    with pytest.raises(ValueError, match=msg):
        HypothesisGrid(**kw)
