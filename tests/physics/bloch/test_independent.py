"""The independent-shifts average: the Lorentzian complex-detuning closed form with one
complex detuning per transition (factorised), and the limits where it equals the
correlated class average."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics.bloch import FourLevelParams
from expdesign.physics.bloch.independent import independent_average, line_quantile
from expdesign.physics.bloch.inhomogeneous import class_average

HBAR = 6.582119569e-16  # eV s (CODATA), typed here by hand
G_Q, G_E = 1e6 * HBAR, 2e6 * HBAR  # decay rates (eV): fast, so the steady state is reached
OMEGA = 0.01 * G_Q  # weak: linear response (second order in the fields) to ~1e-4


def _ladder() -> FourLevelParams:
    """g -> q -> e driven weakly (no trigger): rho_eg is second order in the fields."""
    dec = np.zeros((4, 4))
    dec[2, 0], dec[3, 2] = G_Q, G_E
    return FourLevelParams(decay=dec, leak_to=None, omega_1=OMEGA, omega_2=OMEGA,
                           delta_1=0.3 * G_Q, delta_2=0.0)


def _second_order(p: FourLevelParams, z1: complex, z2: complex) -> complex:
    """Steady-state rho_eg to second order in the fields, derived by hand from
    d rho_qg/dt = (i delta_1 - G_Q/2) rho_qg - i Omega_1/2 and d rho_eg/dt =
    (i (delta_1 + delta_2) - G_E/2) rho_eg - i (Omega_2/2) rho_qg (H_qq = -delta_1,
    H_ee = -(delta_1 + delta_2), couplings Omega/2), at detunings z1, z2 (complex allowed:
    the poles are at Im z < 0)."""
    return complex(-(p.omega_1 * p.omega_2 / 4.0)
                   / ((1j * z1 - 0.5 * G_Q) * (1j * (z1 + z2) - 0.5 * G_E)))


def test_lorentzian_independent_average_factorises_into_complex_detunings() -> None:
    """Second-order rho_eg is analytic and bounded for Im delta_1, Im delta_2 > 0, so its
    average over independent Lorentzian shifts (HWHM b1, b2) is rho_eg(delta_1 + i b1,
    delta_2 + i b2): one complex detuning per transition."""
    p = _ladder()
    w1, w2 = 4.0 * G_Q, 10.0 * G_Q  # angular FWHMs of g-q and q-e
    t = np.array([30.0, 34.0]) / G_Q  # steady state (transients < 1e-6)
    r = independent_average(p, t, [("lorentzian", w1), ("lorentzian", w2), None],
                            rtol=1e-3, elements=((3, 0),))
    ref = np.full(t.size, _second_order(p, p.delta_1 + 0.5j * w1, p.delta_2 + 0.5j * w2))
    got = r.elements[(3, 0)]
    err = float(np.max(np.abs(got - ref)))
    assert r.inner == 1 and r.outer == (0,)
    assert r.converged
    assert err <= 1e-3 * float(np.max(np.abs(ref)))
    # the estimate covers the true error up to the linear-response error (~1e-4 relative)
    assert err <= r.element_errors[(3, 0)] + 2e-4 * float(np.max(np.abs(ref)))
    # and the independent average differs from the unbroadened coherence by far more
    bare = _second_order(p, p.delta_1, p.delta_2)
    assert abs(bare - ref[0]) > 0.3 * abs(ref[0])
    # the model check: the unbroadened engine matches the hand-derived form (1e-3)
    one = independent_average(p, t, [None, ("lorentzian", 1e-9 * G_Q), None],
                              elements=((3, 0),))
    assert abs(one.elements[(3, 0)][-1] - bare) <= 1e-3 * abs(bare)


def test_one_broadened_transition_is_the_correlated_average() -> None:
    p = _ladder()
    t = np.linspace(0.0, 10.0, 21) / G_Q
    ind = independent_average(p, t, [None, ("gaussian", 5.0 * G_Q), None])
    cor = class_average(p.__class__(**{**p.__dict__, "inhom_axis": (0.0, 1.0, 0.0)}), t,
                        "gaussian", 5.0 * G_Q)
    assert ind.outer == () and ind.inner == 1
    np.testing.assert_allclose(ind.coherence, cor.coherence, rtol=0, atol=1e-15)
    np.testing.assert_allclose(ind.populations, cor.populations, rtol=0, atol=1e-15)


def test_a_vanishing_second_width_gives_the_single_line_average() -> None:
    """g-q broadened by 1e-6 of its homogeneous width: the outer average is that of a
    single class, so the result is the average over q-e alone (correlated, one line)."""
    p = _ladder()
    t = np.linspace(30.0, 32.0, 3) / G_Q
    ind = independent_average(p, t, [("gaussian", 1e-6 * G_Q), ("gaussian", 3.0 * G_Q),
                                     None], elements=((3, 0),))
    cor = class_average(p.__class__(**{**p.__dict__, "inhom_axis": (0.0, 1.0, 0.0)}), t,
                        "gaussian", 3.0 * G_Q, elements=((3, 0),))
    assert ind.converged
    np.testing.assert_allclose(ind.elements[(3, 0)], cor.elements[(3, 0)], rtol=1e-5)


@pytest.mark.parametrize("shape", ["gaussian", "lorentzian"])
def test_line_quantile_inverts_the_cumulative_distribution(shape: str) -> None:
    """G(G^-1(u)) = u with the closed-form cumulative distributions."""
    from scipy.special import erf
    u = np.array([1e-6, 0.1, 0.5, 0.77, 1 - 1e-6])
    x = line_quantile(shape, 2.0, u)  # type: ignore[arg-type]
    if shape == "gaussian":
        s = 2.0 / (2 * np.sqrt(2 * np.log(2)))
        g = 0.5 * (1 + erf(x / (s * np.sqrt(2))))
    else:
        g = 0.5 + np.arctan(x / 1.0) / np.pi
    np.testing.assert_allclose(g, u, rtol=1e-9, atol=1e-12)
