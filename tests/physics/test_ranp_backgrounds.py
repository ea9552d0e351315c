"""Tests of expdesign.physics.ranp_backgrounds: excitation photons near the e -> p line."""

import pytest

from expdesign.physics.ranp_backgrounds import excitation_as_trigger_check

HBAR = 6.582119569e-16  # eV s


def test_mcq3_boundary_puts_omega2_on_the_trigger_line():
    """At r* = 1 - 2 eps_pe/eps_eg, omega_2 = (1 - r*) eps_eg/2 = eps_pe: on resonance."""
    eps_eg, eps_pe = 0.63875, 0.43605
    r = 1 - 2 * eps_pe / eps_eg
    w2 = (1 - r) * eps_eg / 2
    chk = excitation_as_trigger_check(w2, eps_pe, 1e-12, None, 1e-9, 1e-9, 0.0)
    assert chk.verdict == "fail"
    assert chk.numbers["coherence_ratio"] == pytest.approx(1.0, rel=1e-9, abs=0)


def test_ho_example_detuning_in_ghz_and_verdicts():
    eps_pe = 0.43605
    delta = 2.51e-5  # eV, the Ho example's omega_2 - eps_pe
    hom = 642.5 * HBAR
    chk = excitation_as_trigger_check(eps_pe + delta, eps_pe, hom, None, 1e-9, 1e-9, 0.0)
    assert chk.verdict == "not evaluable"
    assert chk.missing == ("inhomogeneous width of e -> p",)
    assert chk.numbers["detuning_GHz"] == pytest.approx(delta / (2 * 3.141592653589793 * HBAR)
                                                        / 1e9, rel=1e-6, abs=0)
    assert chk.numbers["detuning_GHz"] == pytest.approx(6.07, rel=1e-2, abs=0)
    # Lorentzian wings: ratio (hom/2)^2 / delta^2 at equal Rabi frequencies
    assert chk.numbers["coherence_ratio"] / ((hom / 2) ** 2 / delta**2) == pytest.approx(1.0)
    wide = 2 * 3.141592653589793 * HBAR * 10e9  # a 10 GHz inhomogeneous line
    assert excitation_as_trigger_check(eps_pe + delta, eps_pe, hom, wide, 1e-9, 1e-9,
                                       0.0).verdict == "fail"
    narrow = 2 * 3.141592653589793 * HBAR * 0.1e9
    assert excitation_as_trigger_check(eps_pe + delta, eps_pe, hom, narrow, 1e-9, 1e-9,
                                       0.0).verdict == "pass"
