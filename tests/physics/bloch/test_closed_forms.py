"""Closed forms of the driven two-level atom, the ladder dark state and the V scheme."""

from __future__ import annotations

import numpy as np
import pytest

from expdesign.physics import bloch
from expdesign.physics.bloch import closed_forms
from expdesign.physics.bloch.parameters import E, G, P, Q


def test_rabi_convention_flopping():
    # resonant two-level atom without decay: rho_ee = sin^2(Omega t / 2) defines Omega
    om = 1.0
    p = bloch.FourLevelParams(decay=np.zeros((4, 4)), omega_t=om)
    t = np.linspace(0, 10, 101)
    r = bloch.solve(p, t)
    np.testing.assert_allclose(r.populations[:, P], np.sin(om * t / 2) ** 2, atol=1e-12)


@pytest.mark.parametrize("om,delta", [(0.3, 0.0), (2.0, 0.0), (1.0, 0.7)])
def test_two_level_steady_state(decay_matrix, om, delta):
    gam = 1.0
    p = bloch.FourLevelParams(decay=decay_matrix(pg=gam), omega_t=om, delta_t=delta)
    r = bloch.solve(p, np.array([0.0, 80.0]))
    s = 2 * om**2 / (gam**2 + 4 * delta**2)
    assert r.populations[-1, P] == pytest.approx(s / (2 * (1 + s)), abs=1e-12)
    assert r.populations[-1, P] == pytest.approx(
        closed_forms.two_level_excited_population(om, gam, delta), abs=1e-12)


def test_ladder_dark_state_when_e_stable(decay_matrix):
    # eq. (69) is the dark state: the steady state when |e> does not decay
    o1, o2 = 3.0, 5.0
    p = bloch.FourLevelParams(decay=decay_matrix(qg=1.0), omega_1=o1, omega_2=o2)
    rho = bloch.solve(p, np.array([0.0, 400.0])).rho[-1]
    s = o1**2 + o2**2
    assert rho[E, E].real == pytest.approx(o1**2 / s, abs=1e-9)
    assert rho[G, G].real == pytest.approx(o2**2 / s, abs=1e-9)
    assert rho[E, G].real == pytest.approx(-o1 * o2 / s, abs=1e-9)
    assert abs(rho[Q, Q]) < 1e-9
    dark = closed_forms.ladder_dark_state(o1, o2)
    assert rho[E, E].real == pytest.approx(dark["ee"], abs=1e-9)
    assert rho[G, G].real == pytest.approx(dark["gg"], abs=1e-9)
    assert rho[E, G].real == pytest.approx(dark["eg"], abs=1e-9)
    assert dark["qq"] == 0.0


def test_ladder_not_dark_when_e_decays_fast(decay_matrix):
    # Er ordering gamma_e / gamma_q ~ 67: the steady-state coherence is tiny, not 1/2
    p = bloch.FourLevelParams(decay=decay_matrix(eg=67.0, qg=1.0), omega_1=1e3, omega_2=1e3)
    rho = bloch.solve(p, np.array([0.0, 50.0])).rho[-1]
    assert abs(rho[E, G]) < 0.02
    assert abs(closed_forms.ladder_dark_state(1e3, 1e3)["eg"]) == pytest.approx(0.5)


def test_v_type_strong_drive_limit(decay_matrix):
    # g-q and g-p driven (V scheme, q plays |e> of eq. 70), both decay only to g
    o = 2000.0
    p = bloch.FourLevelParams(decay=decay_matrix(qg=1.0, pg=0.4), omega_1=o, omega_t=o)
    rho = bloch.solve(p, np.array([0.0, 60.0])).rho[-1]
    assert rho[G, G].real == pytest.approx(0.5, abs=2e-3)
    assert rho[Q, Q].real == pytest.approx(0.25, abs=2e-3)
    assert rho[Q, P].real == pytest.approx(0.25, abs=2e-3)
    assert abs(rho[Q, G]) < 2e-3 and abs(rho[P, G]) < 2e-3
    v = closed_forms.v_type_strong_drive(o, o)
    assert (v["gg"], v["ee"], v["pp"], v["ep"]) == (0.5, 0.25, 0.25, 0.25)
    assert rho[Q, Q].real == pytest.approx(v["ee"], abs=2e-3)
    assert rho[Q, P].real == pytest.approx(v["ep"], abs=2e-3)


def test_v_type_fails_with_cross_decay(decay_matrix):
    p = bloch.FourLevelParams(decay=decay_matrix(qg=1.0, pg=1.0, qp=0.5), omega_1=2000.0,
                              omega_t=2000.0)
    rho = bloch.solve(p, np.array([0.0, 60.0])).rho[-1]
    assert abs(rho[Q, P].real - 0.25) > 0.03
