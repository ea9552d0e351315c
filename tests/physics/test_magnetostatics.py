"""Tests of the cylinder field: closed forms, dipole limit, long-cylinder limits."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import magnetostatics as ms

R, L, M = 0.01, 0.02, 1000.0  # m, m, A/m


@pytest.mark.parametrize("z", [0.0, 0.004, 0.013, 0.05])
def test_axis_closed_form_vs_surface_charges(z):
    num = ms.cylinder_field([0, 0, z], R, L, [0, 0, M])
    ref = ms.cylinder_axis_field(z, R, L, M)
    assert num.b[2] == pytest.approx(ref, rel=1e-9)
    assert abs(num.b[0]) < 1e-12 * abs(ref) + 1e-18 and num.error < 1e-9 * abs(ref)


def test_axis_closed_form_hand_value():
    # centre: mu0 M (L/2)/sqrt(L^2/4 + R^2) = 4 pi 1e-7 * 1000 * 0.01/sqrt(2e-4)
    # CODATA 2022 mu0 = 4 pi 1e-7 (1 - 1.3e-10); abs=0 (the value is 9e-4 T)
    assert ms.cylinder_axis_field(0.0, R, L, M) == pytest.approx(
        4e-7 * math.pi * 1000 / math.sqrt(2), rel=1e-9, abs=0)


def test_long_cylinder_inside_is_mu0_m():
    b = ms.cylinder_axis_field(0.0, 0.001, 10.0, M)
    assert b == pytest.approx(ms.MU0 * M, rel=1e-7)
    # off-axis inside a long cylinder, surface-charge method
    num = ms.cylinder_field([0.0004, 0.0002, 0.0], 0.001, 0.05, [0, 0, M], n_nodes=96)
    assert num.b[2] == pytest.approx(ms.MU0 * M, rel=2e-3)


def test_transverse_centre_closed_form():
    # M along x: side charges M cos(phi) give H_x = -(M/2) (L/2)/sqrt(L^2/4+R^2) at the
    # centre (hand integral), so B_x = mu0 M (1 - c/2); -> mu0 M / 2 for a long cylinder.
    for length in (0.02, 0.04):
        c = (length / 2) / math.hypot(length / 2, R)
        num = ms.cylinder_field([0, 0, 0], R, length, [M, 0, 0])
        assert num.b[0] == pytest.approx(ms.MU0 * M * (1 - c / 2), rel=1e-9)


@pytest.mark.parametrize("mdir", [[0, 0, 1], [1, 0, 0], [0.3, -0.5, 0.8]])
def test_far_field_dipole_limit(mdir):
    mvec = M * np.asarray(mdir, float)
    p = np.array([0.3, 0.2, -0.4])  # ~50 cm away, R, L ~ 1 cm
    num = ms.cylinder_field(p, R, L, mvec, n_nodes=32)
    dip = ms.dipole_field(p, mvec * math.pi * R**2 * L)
    assert np.allclose(num.b, dip, rtol=2e-3, atol=2e-3 * np.max(np.abs(dip)))


def test_dipole_sum_matches_surface_charges_near_body():
    p = np.array([0.015, 0.004, 0.012])
    mvec = np.array([300.0, -200.0, M])
    a = ms.cylinder_field(p, R, L, mvec)
    b = ms.cylinder_field_dipole_sum(p, R, L, mvec)
    assert np.allclose(a.b, b.b, rtol=1e-6, atol=1e-6 * np.max(np.abs(a.b)))


def test_dipole_sum_rejects_inside_point():
    with pytest.raises(ValueError, match='needs an outside point'):
        ms.cylinder_field_dipole_sum([0, 0, 0], R, L, [0, 0, M])


def test_unit_conversions_and_eq59():
    assert ms.tesla_to_gauss(1e-4) == pytest.approx(1.0)
    assert ms.tesla_to_nG(1e-13) == pytest.approx(1.0)
    # hand: 0.01 * 5.9 * 9.274e-21 erg/G * 1.4e19 cm^-3 = 7.660e-3 G
    assert ms.mu_eff_n_gauss(0.01, 5.9, 1.4e19) == pytest.approx(7.660e-3, rel=1e-3)
    # 4 pi M_G equals mu0 M_SI expressed in gauss, up to mu0/(4 pi 1e-7) - 1 = 6.8e-10
    # (CODATA 2022: mu0 is measured since 2019, the Gaussian 4 pi is exact)
    m_si = ms.magnetization_si(0.01 * 1.4e25, 5.9 * ms.MU_B_J_PER_T)
    assert ms.mu_eff_n_gauss(0.01, 5.9, 1.4e19, four_pi=True) == pytest.approx(
        ms.tesla_to_gauss(ms.MU0 * m_si), rel=2e-9)
    assert ms.gaussian_magnetization_G(m_si) == pytest.approx(
        ms.mu_eff_n_gauss(0.01, 5.9, 1.4e19), rel=1e-12)
