"""Tests of expdesign.physics.atomic.orientation: c-axis cases and orientation tensors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import atomic as at


# ------------------------------------------------------------------ geometry
def test_orientation_tensor_circular_vector():
    # build e = -(x + i y)/sqrt2 in the c frame explicitly, rotate, compare Re(e e*)
    for case, ang in [(1, 0.0), (2, 0.7), (3, 0.0)]:
        c = at.c_axis_direction(case, ang)
        a = np.cross(c, [1.0, 0.3, 0.2])
        a /= np.linalg.norm(a)
        b = np.cross(c, a)
        e = -(a + 1j * b) / math.sqrt(2)
        t_ref = np.real(np.outer(e, e.conj()))
        t = at.spin_orientation_tensor(c, 1, "spherical")
        assert np.allclose(t, t_ref, atol=1e-14)
        assert np.trace(t) == pytest.approx(1.0)


def test_geometric_factors_cases():
    g1 = at.geometric_factors(0.1, 1e-7, 1, model="paper")
    assert g1.k1_component == pytest.approx(1.0)  # paper's case (1): S || k1
    g1s = at.geometric_factors(0.1, 1e-7, 1)
    assert g1s.k1_component == pytest.approx(0.0)  # Delta M = 1 vector is normal to c
    g3 = at.geometric_factors(0.1, 1e-7, 3)
    assert g3.k1_component == pytest.approx(0.5)
    assert g3.s_sq == pytest.approx(0.01) and g3.v_dot_s == pytest.approx(1e-8)
    g2 = at.geometric_factors(0.1, 1e-7, 2, angle=math.pi / 3, model="paper")
    assert g2.k1_component == pytest.approx(0.25)


def test_linear_model_tensor():
    t = at.spin_orientation_tensor(at.c_axis_direction(1), 1, "linear", a_axis=[1.0, 0, 0])
    assert np.allclose(t, np.diag([1.0, 0, 0]))
    with pytest.raises(ValueError, match="model='linear' needs a_axis"):
        at.spin_orientation_tensor([0, 0, 1.0], 1, "linear")
