"""The inhomogeneous class average against closed forms (linear response with a complex
detuning, the Voigt/Faddeeva two-level limit), its limits, and the Filon weights."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import wofz

from expdesign.physics.bloch import FourLevelParams, solve
from expdesign.physics.bloch.inhomogeneous import bloch_classes, class_average

HBAR = 6.582119569e-16  # eV s (CODATA), typed here by hand
GHZ = 2 * math.pi * 1e9 * HBAR  # angular 1 GHz in eV
T_CYCLE = 4.23e-3 / HBAR  # the Er design's cycle, eV^-1
GAMMA = {"p": 27.28 * HBAR, "q": 8.81 * HBAR, "e": 591.68 * HBAR}  # Er Table 1 totals
OMEGA = 0.5 * HBAR  # weak: Omega / Gamma <= 0.02, linear response to ~1e-4


def _single(transition: str) -> tuple[FourLevelParams, tuple[int, int], float,
                                      np.ndarray | None]:
    """Only one transition driven, weakly; its coherence in linear response."""
    dec = np.zeros((4, 4))
    if transition == "pg":
        dec[1, 0] = GAMMA["p"]
        return (FourLevelParams(decay=dec, leak_to=None, omega_t=OMEGA,
                                inhom_axis=(0, 0, 1)), (1, 0), GAMMA["p"] / 2, None)
    if transition == "qg":
        dec[2, 0] = GAMMA["q"]
        return (FourLevelParams(decay=dec, leak_to=None, omega_1=OMEGA,
                                inhom_axis=(1, 0, 0)), (2, 0), GAMMA["q"] / 2, None)
    dec[3, 2] = GAMMA["e"]
    rho0 = np.diag([0, 0, 1.0, 0]).astype(complex)  # start in q: e-q is then driven
    return (FourLevelParams(decay=dec, leak_to=None, omega_2=OMEGA, inhom_axis=(0, 1, 0)),
            (3, 2), GAMMA["e"] / 2, rho0)


def _linear_response(delta: complex, gamma2: float, t: np.ndarray) -> np.ndarray:
    """rho_ab(t) = (-i Omega/2)(exp(a t) - 1)/a, a = i delta - gamma2 (rho_aa ~ 0, rho_bb
    ~ 1; H_aa = -delta): solves d rho/dt = a rho - i Omega/2 from 0 by hand."""
    a = 1j * delta - gamma2
    return np.asarray((-0.5j * OMEGA) * (np.exp(a * t) - 1.0) / a)


@pytest.mark.parametrize("transition", ["pg", "qg", "eq"])
def test_lorentzian_average_is_the_complex_detuning_closed_form_at_1ghz(
        transition: str) -> None:
    """rho(delta, t) is analytic and bounded for Im delta > 0 (pole at -i gamma2, exp(i
    delta t) decays), so its Lorentzian average (HWHM b) is rho(delta0 + i b, t): the whole
    cycle, with the free-induction transients of classes ~1e7 rad out of phase."""
    p, el, g2, rho0 = _single(transition)
    t = np.linspace(0.0, T_CYCLE, 101)
    r = class_average(p, t, "lorentzian", GHZ, rho0=rho0, elements=(el,))
    ref = _linear_response(0.5j * GHZ, g2, t)
    got = r.elements[el]
    err = float(np.max(np.abs(got - ref)))
    assert r.converged
    assert err <= 1e-3 * float(np.max(np.abs(ref)))
    assert err <= r.element_errors[el]  # the estimate covers the true error


def test_gaussian_weak_field_two_level_limit_is_the_voigt_profile() -> None:
    """Steady state of the weak-field two-level coherence, (Omega/2)/(delta + i gamma2),
    averaged over a Gaussian: (Omega/2) conj(i sqrt(pi) w(z) / (sigma sqrt 2)), z = i
    gamma2/(sigma sqrt 2) (Faddeeva function; <1/(delta - i g)> = i pi V(0))."""
    p, el, g2, rho0 = _single("pg")
    t = np.linspace(0.0, 8.0 / g2, 41)  # 8 T2: the steady state to e^-8
    r = class_average(p, t, "gaussian", GHZ, elements=(el,))
    sig = GHZ / (2 * math.sqrt(2 * math.log(2)))
    mean_inv = 1j * math.sqrt(math.pi) * wofz(1j * g2 / (sig * math.sqrt(2))) / (
        sig * math.sqrt(2))
    ref_ss = 0.5 * OMEGA * np.conj(mean_inv)
    transient = abs(_linear_response(0.0, g2, t)[-1] - _linear_response(
        0.0, g2, np.array([1e9 / g2]))[0])
    assert abs(r.elements[el][-1] - ref_ss) <= 1e-3 * abs(ref_ss) + transient


def test_a_single_class_is_the_homogeneous_solution() -> None:
    p, el, _, _ = _single("pg")
    p = FourLevelParams(decay=p.decay, leak_to="q", omega_1=3e4 * HBAR, omega_2=5e4 * HBAR,
                        omega_t=2e3 * HBAR, t_delay=0.3e-3 / HBAR, inhom_axis=(0, 0, 1))
    t = np.linspace(0.0, T_CYCLE, 81)
    hom = solve(p, t)
    r = class_average(p, t, "gaussian", 1e-4 * HBAR)  # 1e-4 s^-1: far below every width
    c_hom = hom.rho_ee * hom.element("e", "p")
    assert np.max(np.abs(r.coherence - c_hom)) <= 1e-6 * np.max(np.abs(c_hom))
    x = np.array([0.0, 5e3 * HBAR])
    direct = bloch_classes(p, t, x, elements=((3, 3),))[1, :, 0]
    shifted = solve(FourLevelParams(decay=p.decay, leak_to="q", omega_1=p.omega_1,
                                    omega_2=p.omega_2, omega_t=p.omega_t, t_delay=p.t_delay,
                                    delta_t=5e3 * HBAR), t)
    assert np.allclose(direct.real, shifted.rho_ee, rtol=0, atol=1e-12)


def test_far_classes_add_as_amplitudes_not_rates() -> None:
    """Two classes at +-D: the amplitude average |<c>|^2 falls like D^-4 (their coherences
    cancel to first order), the rate average <|c|^2> like D^-2: the Planner uses the first."""
    dec = np.zeros((4, 4))
    dec[1, 0] = GAMMA["p"]
    p = FourLevelParams(decay=dec, leak_to=None, omega_t=OMEGA, inhom_axis=(0, 0, 1))
    t = np.array([0.0, 80.0 / GAMMA["p"]])  # transients down by e^-40
    amp, rate = [], []
    for d in (1e4 * HBAR, 1e5 * HBAR):
        c = bloch_classes(p, t, np.array([-d, d]), elements=((1, 0),))[:, -1, 0]
        amp.append(abs(c.mean()) ** 2)
        rate.append(float(np.mean(np.abs(c) ** 2)))
    assert rate[0] / rate[1] == pytest.approx(100.0, rel=1e-3)
    assert amp[0] / amp[1] == pytest.approx(1e4, rel=1e-2)


def test_tailored_class_narrow_window_is_the_central_ion() -> None:
    p, el, g2, _ = _single("pg")
    t = np.linspace(0.0, 8.0 / g2, 21)
    r = class_average(p, t, "gaussian", GHZ, elements=(el,), window=1e-3 * g2)
    ref = solve(p, t).element("p", "g")
    assert np.max(np.abs(r.elements[el] - ref)) <= 1e-5 * np.max(np.abs(ref))


def test_a_single_class_with_a_sin2_ramp_is_the_homogeneous_solution() -> None:
    """The class average takes a ramp in RAMP_PIECES = 8 midpoint pieces (the solver 64):
    pointwise 2e-4 of the peak (O(n^-2)), the cycle mean 2e-5."""
    dec = np.zeros((4, 4))
    dec[1, 0], dec[3, 2], dec[2, 0] = GAMMA["p"], GAMMA["e"], GAMMA["q"]
    p = FourLevelParams(decay=dec, leak_to="q", omega_1=3e4 * HBAR, omega_2=5e4 * HBAR,
                        omega_t=2e3 * HBAR, t_delay=0.3e-3 / HBAR, switch="sin2",
                        rise=0.1e-3 / HBAR, inhom_axis=(0, 0, 1))
    t = np.linspace(0.0, T_CYCLE, 81)
    hom = solve(p, t)
    c_hom = hom.rho_ee * hom.element("e", "p")
    r = class_average(p, t, "gaussian", 1e-4 * HBAR)
    assert np.max(np.abs(r.coherence - c_hom)) <= 1e-3 * np.max(np.abs(c_hom))
    mean_c = np.mean(np.abs(c_hom) ** 2)
    assert abs(np.mean(r.chi2) - mean_c) <= 1e-4 * mean_c
