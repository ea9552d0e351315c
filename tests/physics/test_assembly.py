"""Rate-assembly kernels against hand values, limits and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import assembly as asm
from expdesign.physics.constants import G_F_EV2, MU_B_EV
from expdesign.physics.neutrino import PAIRS


def test_pair_kernels_symmetric_signs_and_factors():
    rng = np.random.default_rng(1)
    J_D, J_M = rng.random((5, 6)), rng.random((5, 6))
    V = 3.7e20
    KD, KM = asm.pair_kernels_from_integrals(J_D, J_M, V, inplane=False)
    assert KD.shape == (5, 3, 3)
    np.testing.assert_array_equal(KD, np.swapaxes(KD, 1, 2))
    fac = 2 * V / (2 * math.pi) ** 3
    for col, (i, j) in enumerate(PAIRS):
        np.testing.assert_allclose(KD[:, i, j], fac * J_D[:, col], rtol=1e-15)
        np.testing.assert_allclose(KM[:, j, i], -fac * J_M[:, col], rtol=1e-15)
    KDi, _ = asm.pair_kernels_from_integrals(J_D, J_M, V, inplane=True)
    # in-plane V/(4 pi) over 3D 2V/(2 pi)^3 = pi^2
    np.testing.assert_allclose(KDi / KD, math.pi**2, rtol=1e-14)


def test_ion_moment_and_magnetization_rate():
    assert asm.kramers_ion_moment(2.0) == pytest.approx(MU_B_EV, rel=1e-15)
    th = np.array([0.0, math.pi / 2, math.pi])
    m = asm.magnetization_rate(2.0, th, np.array([3.0, 3.0, 3.0]), 4.0)
    np.testing.assert_allclose(m, [1.5, 0.0, -1.5], atol=1e-15)


def test_duty_cycle_limits():
    assert asm.duty_cycle(0.004, 0.1) == (0.004, pytest.approx(0.04))
    assert asm.duty_cycle(0.2, 0.1) == (0.1, 1.0)  # cycles longer than the period saturate


def test_eq24_prefactor_by_hand():
    # C = 2 h^2 G_F^2 (nV)^2 / (2 pi)^3 with h = 1, nV = 1: 2 G_F^2 / 248.05
    assert asm.eq24_prefactor_C(1.0, 1.0, 1.0) == pytest.approx(
        2 * G_F_EV2**2 / 248.0502134423986, rel=1e-13)
    assert asm.eq24_prefactor_C(2.0, 3.0, 5.0) == pytest.approx(
        4 * 225 * asm.eq24_prefactor_C(1.0, 1.0, 1.0), rel=1e-13)


def test_ranp_energy_and_imprint():
    assert asm.ranp_signal_energy(1.0, 0.5, 0.5) == 1.0  # on resonance omega = eps_pq
    # two counter-propagating lasers along z: r = (w1 - w2) / eps_eg
    assert asm.ranp_imprint([0.7, 0.3], [0.0, math.pi], 1.0) == pytest.approx(0.4)


def test_ring_solid_angles_cover_the_sphere():
    th = np.linspace(0, math.pi, 4001)
    assert float(np.sum(asm.ring_solid_angles(th))) == pytest.approx(4 * math.pi, rel=1e-3)


def test_cylinder_volume_and_cycle_average():
    assert asm.cylinder_volume(0.5, 1.0) == pytest.approx(math.pi / 4)
    t = np.linspace(0, 2.0, 201)
    assert asm.cycle_average(np.full_like(t, 3.0), t, 2.0) == pytest.approx(3.0)
    assert asm.cycle_average(t, t, 2.0) == pytest.approx(1.0)  # mean of a ramp


def test_pair_kernels_four_states_and_bad_column_counts():
    """Ten pair columns (3+1) fill a symmetric 4x4 in pairs(4) order; 7 columns are no
    N(N+1)/2 and raise."""
    from expdesign.physics.neutrino import pairs

    rng = np.random.default_rng(2)
    J_D, J_M = rng.random((3, 10)), rng.random((3, 10))
    KD, KM = asm.pair_kernels_from_integrals(J_D, J_M, 1.0, inplane=False)
    assert KD.shape == (3, 4, 4)
    fac = 2 / (2 * math.pi) ** 3
    for col, (i, j) in enumerate(pairs(4)):
        assert np.all(KD[:, i, j] == KD[:, j, i])
        np.testing.assert_allclose(KD[:, i, j], fac * J_D[:, col], rtol=1e-15)
        np.testing.assert_allclose(KM[:, j, i], -fac * J_M[:, col], rtol=1e-15)
    with pytest.raises(ValueError, match=r"N\(N\+1\)/2 pair columns"):
        asm.pair_kernels_from_integrals(rng.random((3, 7)), rng.random((3, 7)), 1.0, False)


def test_ring_solid_angles_mirror_and_one_angle_grid():
    """theta and -theta (and theta - 2 pi) are the same ring: same, non-negative solid
    angles; a one-angle grid is a ring of the given width, 2 pi sin(theta) w."""
    th = np.linspace(0.1, 3.0, 7)
    pos = asm.ring_solid_angles(th)
    assert np.all(pos >= 0)
    np.testing.assert_allclose(asm.ring_solid_angles(-th[::-1])[::-1], pos, rtol=1e-12)
    np.testing.assert_allclose(asm.ring_solid_angles(th - 2 * math.pi), pos, rtol=1e-9)
    w = 1e-3
    one = asm.ring_solid_angles(np.array([1.0]), single_width=w)
    assert one.shape == (1,)
    assert one[0] == pytest.approx(2 * math.pi * math.sin(1.0) * w, rel=1e-12)
    assert asm.ring_solid_angles(np.array([1.0]))[0] == 0.0
