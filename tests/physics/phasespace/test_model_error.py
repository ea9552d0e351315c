"""The projected model's model-error estimate: its quadrature, its scaling, and its coverage
of the true error against the full 3D rule on a small sample in each region (the large
sample is benchmarks/phasespace_model_error.py, numbers in docs/phasespace.md)."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace.model_error import (
    MODEL_ERROR_SAFETY,
    graded_rule,
    projection_model_error,
)
from tests.physics.phasespace.conftest import CM, KIN, MASSES


def test_graded_rule_integrates_square_root_edges_on_many_lines():
    """int_0^2 sqrt|x - b| dx = (2/3)(b^1.5 + (2 - b)^1.5) for two lines at once."""
    b = np.array([0.7, 1.9])
    line, x, w = graded_rule(b[:, None], 0.0, 2.0, 1e-6)
    got = np.bincount(line, w * np.sqrt(np.abs(x - b[line])))
    exact = (2 / 3) * (b**1.5 + (2 - b) ** 1.5)
    np.testing.assert_allclose(got, exact, rtol=1e-5)
    assert np.all((x >= 0) & (x <= 2))


def test_relative_model_error_inside_scales_as_one_over_size():
    """Inside the allowed region the dropped transverse term comes from the form factor's
    1/K tails, 2/(pi R K) and 2/(pi L K): doubling R and L halves dJ/J."""
    th = np.radians([120.0])
    rel = []
    for s in (1.0, 2.0):
        R, L = s * CM, 2 * s * CM
        p = ps.distribution_projected(th, MASSES, R, L, kin=KIN, error=False)
        dD, _ = projection_model_error(th, MASSES, R, L, "case1", KIN)
        rel.append(dD / p.dirac)
    np.testing.assert_allclose(rel[0] / rel[1], 2.0, rtol=0.02)
    assert np.all(rel[0] < 0) and np.all(np.abs(rel[0]) < 1e-4)


def _coverage(deg: list[float]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    th = np.radians(deg)
    R, L = CM, 2 * CM
    p = ps.distribution_projected(th, MASSES, R, L, kin=KIN, error=True)
    dD, _ = projection_model_error(th, MASSES, R, L, "case1", KIN)
    r = ps.distribution(th, MASSES, R, L, mode="3d", kin=KIN, error=True)
    return p.err_dirac + MODEL_ERROR_SAFETY * np.abs(dD), dD, r.dirac - p.dirac, r.dirac


def test_reported_error_covers_the_3d_difference_in_each_region():
    """inside (90 deg), within 1 deg of the 144.62 deg edge (144.65) and beyond it
    (150 deg): rule error + MODEL_ERROR_SAFETY |dJ| >= |J_3d - J_projected| at every pair,
    and the estimate dJ is within a factor 3 of the measured difference (sign included)."""
    reported, dD, diff, J3 = _coverage([90.0, 144.65, 150.0])
    assert np.all(reported >= np.abs(diff)), reported / np.abs(diff)
    ratio = dD / diff
    assert np.all((ratio > 1 / 3) & (ratio < 3)), ratio
    # beyond the edge the projection is far off (the slab is wider than the sphere)
    assert np.all(np.abs(diff[2]) > 0.1 * np.abs(J3[2]))


@pytest.mark.slow
def test_reported_error_covers_the_3d_difference_at_the_edge():
    """The same within 0.1 deg of the edge on both sides, where the pair thresholds lie."""
    reported, dD, diff, _ = _coverage([144.55, 144.61, 144.63, 145.5])
    assert np.all(reported >= np.abs(diff)), reported / np.abs(diff)
    ratio = dD / diff
    assert np.all((ratio > 1 / 3) & (ratio < 3)), ratio


def test_no_contribution_for_a_pair_above_threshold_energy():
    """A pair heavier than the pair energy has J = 0 in every model, and dJ = 0."""
    heavy = (0.9, 0.9, 0.9)
    dD, dM = projection_model_error(np.radians([90.0]), heavy, CM, 2 * CM, "case1", KIN)
    assert np.all(dD == 0) and np.all(dM == 0)


@pytest.mark.parametrize("spin", ["case1", np.diag([0.5, 0.0, 0.5])])
def test_model_error_is_finite_for_named_and_tensor_spins(spin):
    dD, dM = projection_model_error(np.radians([30.0, 144.6, 170.0]), MASSES, CM, 2 * CM,
                                    spin, KIN)
    assert np.all(np.isfinite(dD)) and np.all(np.isfinite(dM))
    assert np.all(dD[:, 0] != 0)
