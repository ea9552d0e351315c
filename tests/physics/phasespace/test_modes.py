"""The model switch: infinite-volume closed form, input checks, the y-odd tensor entries,
the whole angular range."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from expdesign.physics import phasespace as ps

CM = 5.0677e4  # eV^-1
CM_E = 5.0677307e4  # eV^-1 (the edge-rule tests' value)
MASSES = (0.01, 0.0133, 0.0513)

def test_infinite_mode_closed_form_at_phase_matching():
    """At Q = 0 (eq. 28 angle): P = 0, M = eps; spin along z: g_D = 4 pi p*/M (M^2/2 - ...)."""
    kin = ps.er_ylf_kinematics()
    th = kin.phase_matching_theta_s()
    qz, qx = kin.Q(th)
    assert abs(qz) < 1e-12 and abs(qx) < 1e-12
    m = np.array([0.02, 0.03, 0.06])
    R, L = 0.5 * CM, 1.0 * CM
    r = ps.distribution([th], m, R, L, mode="infinite")
    eps = kin.eps_ep
    mi, mj = m[0], m[1]
    ps_ = np.sqrt((eps**2 - (mi + mj) ** 2) * (eps**2 - (mi - mj) ** 2)) / (2 * eps)
    # by hand: P = 0 -> <D> = E1* E2* + p*^2/3 (angular average of -p1.p2 + 2 p1z p2z)
    e1 = (eps**2 + mi**2 - mj**2) / (2 * eps)
    e2 = eps - e1
    g = 4 * np.pi * ps_ / eps * (e1 * e2 + ps_**2 - 2 * ps_**2 / 3)
    V = np.pi * R**2 * L
    assert np.isclose(r.dirac[0, 1], (2 * np.pi) ** 3 / V * g, rtol=1e-12)


def test_distribution_rejects_bad_input():
    with pytest.raises(ValueError, match='R and L must be positive'):
        ps.distribution([1.0], [0.01, 0.02, 0.05], -1.0, 1.0)
    with pytest.raises(ValueError, match="mode must be '3d', 'inplane' or 'infinite'"):
        ps.distribution([1.0], [0.01, 0.02, 0.05], 1.0, 1.0, mode="bogus")


def test_3d_mode_ignores_y_odd_spin_tensor_entries():
    """K_y -> -K_y symmetry: Q_y = 0 and U W is even in K_y, so the xy and yz entries of an
    orientation tensor (odd in P_y) cannot contribute; the 3D rules double a [0, pi]
    azimuth range, which would count them (tensor rule at 100 deg, edge rule at 146 deg)."""
    e = np.array([0.3, 0.6 + 0.2j, 0.7])
    e = e / np.linalg.norm(e)
    t = np.real(np.outer(e, e.conj()))
    assert abs(t[0, 1]) > 0.1 and abs(t[1, 2]) > 0.1
    t_even = t.copy()
    t_even[0, 1] = t_even[1, 0] = t_even[1, 2] = t_even[2, 1] = 0.0
    th = np.radians([100.0, 146.0])
    cm = 5.0677e4
    a = ps.distribution(th, (0.01, 0.0133, 0.0513), cm, 2 * cm, mode="3d", spin=t)
    b = ps.distribution(th, (0.01, 0.0133, 0.0513), cm, 2 * cm, mode="3d", spin=t_even)
    np.testing.assert_array_equal(a.dirac, b.dirac)
    # and the odd part is not zero pointwise: the rules would have counted it
    pz, px, py = 0.3, 0.2, 0.4
    odd = ps.spin_proj(t, pz, px, py, 0.29) - ps.spin_proj(t, pz, px, -py, 0.29)
    assert abs(odd) > 0.01


def test_full_range_finite_no_warnings_and_forbidden_side_positive():
    th = np.radians(np.concatenate([np.linspace(0, 180, 13), [144.5, 144.62, 144.7, 150.0]]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = ps.distribution(th, MASSES, CM_E, 2 * CM_E, mode="3d")
    for a in (r.dirac, r.majorana, r.err_dirac, r.err_majorana):
        assert np.all(np.isfinite(a))
    # beyond the massless edge J is the form-factor tail: small but positive (Dirac part)
    beyond = np.degrees(th) > 144.63
    assert np.all(r.dirac[beyond] > 0)
    assert np.all(r.dirac[beyond] < 1e-2 * r.dirac.max())
    # the estimate (difference to a coarser rule) is conservative: <= 3e-4 of the value
    # (the slow convergence test bounds the actual error)
    assert np.all(r.err_dirac <= 3e-4 * np.abs(r.dirac))


def test_distribution_with_an_executor_matches_serial():
    """distribution(executor=...) maps the edge cells through the caller's executor and runs
    the tensor rule meanwhile; the numbers are those of the serial run (BLAS pinned)."""
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    th = np.radians([100.0, 144.5, 147.0])
    L = 0.02 * CM_E
    with threadpool_limits(1):
        a = ps.distribution(th, MASSES, L / 2, L, mode="3d")
        with ThreadPoolExecutor(2) as ex:
            b = ps.distribution(th, MASSES, L / 2, L, mode="3d", executor=ex)
    for x, y in ((a.dirac, b.dirac), (a.majorana, b.majorana), (a.err_dirac, b.err_dirac)):
        np.testing.assert_array_equal(x, y)
    assert np.any(a.info["edge_cells"])


def test_default_kinematics_is_er_ylf():
    th = np.radians([30.0, 140.0])
    a = ps.distribution(th, MASSES, CM, 2 * CM, mode="infinite")
    b = ps.distribution(th, MASSES, CM, 2 * CM, mode="infinite", kin=ps.er_ylf_kinematics())
    np.testing.assert_array_equal(a.dirac, b.dirac)
