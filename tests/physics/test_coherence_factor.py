"""The crystal RENP coherence factor (docs/planner.md, "The coherence factor, derived").

The derived weight of the rate is ``|rho_ep|^2 / 4`` with the trigger inside the Bloch
solution; the amplitude route (the trigger outside it) is ``h_r^2 |rho_eg|^2``.  Checked
against closed forms solved by hand, not against the kernels' own output:

* a prepared e-g coherence, excitation lasers off, a weak resonant trigger: the engine's
  ``rho_ep(t)`` is the first-order solution ``(Omega/2) rho_eg(0) (e^{-at} - e^{-bt})/(b - a)``
  (``a, b`` the e-g and e-p coherence decay rates), so the two routes agree up to
  ``(b/(b - a))^2 (1 - e^{-(b-a)t})^2`` -> 1 when the e-p coherence is fast;
* its Lorentzian class average (``amplitude='rho_ep'``) is the same with ``b -> b + W/2``
  (the average of a function analytic in one half plane at the complex detuning): seed 001's
  "inhomogeneous width in gamma_ep" (after eq. 9), with no second resonance factor;
* the weights' forms and the bound ``W <= 1/16`` of the derived weight.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import expm

from expdesign.physics import atomic as at
from expdesign.physics import bloch
from expdesign.physics.bloch import lindblad
from expdesign.physics.bloch.inhomogeneous import class_average
from expdesign.physics.renp import coherence_weight

HBAR = 6.582119569e-16  # eV s (CODATA), typed by hand
EPS = 0.805  # eV, Er 4I13/2 -> 4I15/2
A_MD, A_ED = 24.82 * HBAR, 2.46 * HBAR  # eV (seed 001 Table 1)
I_T = 1.5997e-14  # eV^4 = 10 nW/cm^2
G_E = 1.0e3 * HBAR  # decay of e (lost), eV
G_P = 1.0e6 * HBAR  # total decay of p (radiative to g + lost), eV


def _params(g_p: float = G_P) -> bloch.FourLevelParams:
    """Excitation lasers off, the trigger on from t = 0 with the isotropic projection 1/3
    of h_r (docs/planner.md), e and p decaying out of the manifold."""
    return bloch.FourLevelParams.from_rates(
        (0.0, EPS, 1.286, 2.3946), {("p", "g"): A_MD}, {("p", "g"): A_ED},
        (0.0, 0.0, I_T), 0.0, a_out_eV={"p": g_p - A_MD - A_ED, "e": G_E},
        projection=1.0 / 3.0, leak_to=None)


def _rho0() -> np.ndarray:
    """(|e> + |g>)/sqrt2: rho_eg(0) = 1/2, as a two-photon excitation leaves it."""
    psi = np.zeros(4, dtype=complex)
    psi[[bloch.LEVEL_INDEX["e"], bloch.LEVEL_INDEX["g"]]] = 1 / math.sqrt(2)
    return np.outer(psi, psi.conj())


def test_weights_forms() -> None:
    assert coherence_weight("derived", 0.2, 7.0) == pytest.approx(0.05, rel=1e-15)
    assert coherence_weight("paper", 0.2, 7.0) == pytest.approx(9.8, rel=1e-15)
    with pytest.raises(ValueError, match="derived"):
        coherence_weight("both", 0.2, 7.0)  # type: ignore[arg-type]
    # |rho_ep|^2 <= rho_ee rho_pp <= 1/4 (positivity): the derived weight is at most 1/16,
    # whatever the trigger; the paper's h_r^2 |chi|^2 has no bound as h_r grows
    assert coherence_weight("derived", 0.25, 1e3) == 1.0 / 16.0


def test_two_routes_agree_for_a_weak_trigger() -> None:
    par = _params()
    a = 0.5 * G_E  # e-g coherence decay (g stable)
    b = 0.5 * (G_E + G_P)  # e-p coherence decay
    assert par.gamma_total[1] + par.gamma_total[3] == pytest.approx(2 * b, rel=1e-12)
    h_r = at.trigger_factor_hr(EPS, A_MD, A_ED, I_T, 2 * b)  # gamma_ep = the e-p FWHM
    # weak: the trigger's back-action (rho_eg depleted at 4 h_r^2 b) is < 1e-6 here
    assert h_r < 1e-4
    assert par.omega_t == pytest.approx(4 * h_r * b, rel=1e-12)  # Omega/2 = h_r gamma_ep
    h0, ht = lindblad.hamiltonians(par)
    liou = lindblad.liouvillian(h0 + ht, lindblad.collapse_ops(par))
    e, p, g = (bloch.LEVEL_INDEX[k] for k in "epg")
    r0 = _rho0().reshape(-1)
    for t_s in (2e-6, 1e-4, 5e-4):
        t = t_s / HBAR
        rho = (expm(liou * t) @ r0).reshape(4, 4)
        # d rho_ep/dt = -b rho_ep + i (Omega/2) rho_eg, rho_eg = rho_eg(0) e^{-a t}
        first = 0.5 * par.omega_t * 0.5 * abs(math.exp(-a * t) - math.exp(-b * t)) / (b - a)
        assert abs(rho[e, p]) == pytest.approx(first, rel=1e-5)
        bloch_route = coherence_weight("derived", abs(rho[e, p]) ** 2, h_r)
        amplitude_route = h_r**2 * abs(rho[e, g]) ** 2
        ratio = (b / (b - a)) ** 2 * (1 - math.exp(-(b - a) * t)) ** 2
        assert bloch_route / amplitude_route == pytest.approx(ratio, rel=1e-5)
    # once the e-p transient is gone the routes agree to (1 + G_E/G_P)^2 = 1.002
    assert bloch_route / amplitude_route == pytest.approx(1.0, abs=2.5e-3)


def test_lorentzian_class_average_of_rho_ep_is_h_r_with_the_whole_width() -> None:
    par = _params(g_p=1.0e4 * HBAR)
    w_inh = 2 * math.pi * 1e4 * HBAR  # Lorentzian FWHM 10 kHz, eV
    a, b = 0.5 * G_E, 0.5 * (G_E + 1.0e4 * HBAR) + 0.5 * w_inh
    t = np.linspace(0.0, 2e-3 / HBAR, 41)
    avg = class_average(par, t, "lorentzian", w_inh, rho0=_rho0(), amplitude="rho_ep")
    assert avg.converged
    ref = 0.5 * par.omega_t * 0.5 * np.abs(np.exp(-a * t) - np.exp(-b * t)) / (b - a)
    assert np.max(np.abs(np.abs(avg.coherence) - ref)) <= 1e-4 * np.max(ref)
    # late: |<rho_ep>| -> 2 h_r(gamma_hom + gamma_inh) |rho_eg| (b >> a up to 8 %)
    h_all = at.trigger_factor_hr(EPS, A_MD, A_ED, I_T, 2 * b)
    k = -1
    assert abs(avg.coherence[k]) == pytest.approx(
        2 * h_all * 0.5 * math.exp(-a * t[k]) * b / (b - a), rel=1e-3)
    with pytest.raises(ValueError, match="resonance_width must be None"):
        class_average(par, t, "lorentzian", w_inh, resonance_width=G_P, rho0=_rho0(),
                      amplitude="rho_ep")
