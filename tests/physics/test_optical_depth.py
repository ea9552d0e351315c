"""Absorption cross-section and line shapes against textbook relations and quadrature."""

from __future__ import annotations

import math

import pytest
from scipy.integrate import quad

from expdesign.physics import optical_depth as od
from expdesign.physics.bloch import dipole_from_rate


def test_line_centre_values_are_normalised_line_peaks() -> None:
    gh, wi = 2.0, 7.0
    assert od.line_centre_value(gh) == pytest.approx(2 / (math.pi * gh), rel=1e-14)
    assert od.line_centre_value(gh, wi, "lorentzian") == pytest.approx(
        2 / (math.pi * (gh + wi)), rel=1e-14)
    # Voigt at 0 by brute force: int Gaussian(x) Lorentzian(-x) dx
    s = wi / (2 * math.sqrt(2 * math.log(2)))
    def integrand(x: float) -> float:
        return (math.exp(-0.5 * (x / s) ** 2) / (s * math.sqrt(2 * math.pi))
                * (gh / 2) / math.pi / (x**2 + (gh / 2) ** 2))
    ref = quad(integrand, -60 * s, 60 * s, points=[0.0], limit=400, epsabs=0,
               epsrel=1e-11)[0]
    assert od.line_centre_value(gh, wi, "gaussian") == pytest.approx(ref, rel=1e-9)


def test_integrated_cross_section_is_pi_omega_d2_over_3() -> None:
    """int sigma d omega = pi omega d^2 / 3 (Heaviside-Lorentz, hbar = c = 1; SI: pi omega
    d^2 / (3 eps0 hbar c) for a randomly oriented dipole, e.g. Loudon, The Quantum Theory of
    Light, 3rd ed., sec. 2.7), with d from gamma = d^2 omega^3 / (3 pi)."""
    A, w, gam = 3e-14, 0.8, 1e-9
    d = float(dipole_from_rate(A, w))
    lor = lambda x: (gam / 2) / math.pi / (x**2 + (gam / 2) ** 2)  # noqa: E731
    total = quad(lambda x: od.cross_section(A, w, lor(x)), -2e4 * gam, 2e4 * gam,
                 points=[0.0], limit=400, epsrel=1e-10)[0]
    tails = 2 * od.cross_section(A, w, 1.0) * (gam / 2) / math.pi / (2e4 * gam)
    assert total + tails == pytest.approx(math.pi * w * d**2 / 3, rel=1e-5)


def test_er_trigger_absorption_by_hand_in_si() -> None:
    """alpha = (lambda^2/4) A (2/(pi Gamma)) n for a lifetime-limited line, SI by hand:
    lambda = h c / E at 0.805 eV, A = 27.28 s^-1, Gamma = 27.28 s^-1 (2/T2 with the lower
    level stable), n = 1.4e19 cm^-3, all in the ground state."""
    h, c, e = 6.62607015e-34, 2.99792458e8, 1.602176634e-19
    hbar_ev = 6.582119569e-16
    lam_cm = h * c / (0.805 * e) * 100
    A = 27.28
    alpha_si = lam_cm**2 / 4 * A * 2 / (math.pi * A) * 1.4e19  # 1/cm
    hbarc_ev_cm = hbar_ev * c * 100
    n_nat = 1.4e19 * hbarc_ev_cm**3
    sig = od.cross_section(A * hbar_ev, 0.805, od.line_centre_value(A * hbar_ev))
    alpha_nat = od.absorption_coefficient(sig, n_nat, 0.0)
    assert alpha_nat / hbarc_ev_cm == pytest.approx(alpha_si, rel=1e-9)
    assert od.absorption_coefficient(sig, 1.0, 1.0) == 0.0  # equal populations: transparent
    assert od.absorption_coefficient(sig, 0.2, 0.8) < 0  # inverted: gain
