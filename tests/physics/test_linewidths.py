"""Widths: T2 composition (two-level closed form), multiphonon temperature law, the width
in h_r against brute-force averages."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad

from expdesign.physics import linewidths as lw
from expdesign.physics.bloch import FourLevelParams, solve


def test_coherence_rate_composition():
    assert lw.coherence_decay_rate(2.0, 4.0, 0.5) == pytest.approx(3.5)
    assert lw.homogeneous_fwhm(3.5) == pytest.approx(7.0)
    with pytest.raises(ValueError, match="gamma_phi"):
        lw.coherence_decay_rate(1.0, 1.0, -1.0)


def test_measured_width_no_double_counting():
    # a homogeneous width built from lifetimes + gamma_phi gives back exactly gamma_phi
    ga, gb, gphi = 3e-13, 1e-13, 5e-12
    fwhm = lw.homogeneous_fwhm(lw.coherence_decay_rate(ga, gb, gphi))
    g, ok = lw.pure_dephasing_from_homogeneous(fwhm, ga, gb)
    assert ok and g == pytest.approx(gphi, rel=1e-12)
    # lifetime-limited line: nothing left to dephase
    g, ok = lw.pure_dephasing_from_homogeneous(ga + gb, ga, gb)
    assert ok and g == pytest.approx(0.0, abs=1e-25)
    # below the lifetime limit: inconsistent, clipped
    g, ok = lw.pure_dephasing_from_homogeneous(0.5 * (ga + gb), ga, gb)
    assert not ok and g == 0.0


def test_two_level_coherence_decay_matches_closed_form():
    """Free decay of a coherence in the four-level engine (two levels p, g used): with
    population decay Gamma_p (p -> g) and pure dephasing split by :func:`split_dephasing`
    from a 'measured' homogeneous width, |rho_pg| decays as exp(-t/T2) with
    1/T2 = Gamma_p/2 + gamma_phi, and the line width is the measured one."""
    Gp = 1e-12                      # eV
    fwhm = 10 * Gp                  # measured homogeneous width (angular FWHM)
    gphi, ok = lw.pure_dephasing_from_homogeneous(fwhm, Gp, 0.0)
    assert ok
    deph = lw.split_dephasing({(1, 0): gphi}, 4)   # index order g, p, q, e
    assert deph[0] + deph[1] == pytest.approx(gphi)
    dec = np.zeros((4, 4))
    dec[1, 0] = Gp
    # a short resonant pi/2 trigger pulse makes the coherence, then free decay
    omega = 1e3 * fwhm
    t_off = (math.pi / 2) / omega
    par = FourLevelParams(decay=dec, omega_t=omega, dephasing=deph, t_off=t_off)
    inv_t2 = lw.coherence_decay_rate(Gp, 0.0, gphi)
    t = t_off + np.linspace(0.0, 3.0 / inv_t2, 7)
    res = solve(par, np.concatenate([[0.0], t]))
    rho = np.asarray(res.rho)
    pg = np.abs(rho[1:, 1, 0])
    np.testing.assert_allclose(pg / pg[0], np.exp(-inv_t2 * (t - t[0])), rtol=2e-3)
    assert 2 * inv_t2 == pytest.approx(fwhm)


def test_split_dephasing_overdetermined_consistent():
    # three coherences of levels with rates (1, 2, 3): recovered exactly
    d = {(0, 1): 3.0, (1, 2): 5.0, (0, 2): 4.0}
    np.testing.assert_allclose(lw.split_dephasing(d, 3), [1.0, 2.0, 3.0], atol=1e-12)
    assert np.all(lw.split_dephasing({}, 4) == 0)


def test_multiphonon_temperature_law():
    gap, ph = 0.09, 0.05   # p = 1.8
    assert lw.multiphonon_occupation_factor(gap, ph, 0.0) == 1.0
    kT = 0.025
    n = 1 / math.expm1(ph / kT)
    assert lw.multiphonon_occupation_factor(gap, ph, kT) == pytest.approx((n + 1) ** 1.8)
    # carrying to the same temperature is the identity; T -> 0 removes the thermal part
    assert lw.multiphonon_rate_at(7.0, kT, kT, gap, ph) == pytest.approx(7.0)
    assert lw.multiphonon_rate_at(7.0, kT, 0.0, gap, ph) == pytest.approx(7.0 / (n + 1) ** 1.8)
    with pytest.raises(ValueError, match="phonon"):
        lw.multiphonon_occupation_factor(gap, 0.0, kT)


def _brute_average(fwhm_h, w, shape):
    g2 = fwhm_h / 2
    if shape == "gaussian":
        sig = w / lw.GAUSS_FWHM_PER_SIGMA
        f = lambda x: math.exp(-x * x / (2 * sig * sig)) / (sig * math.sqrt(2 * math.pi))  # noqa: E731
        lim = 12 * sig
    else:
        f = lambda x: (w / 2) / math.pi / (x * x + w * w / 4)  # noqa: E731
        lim = np.inf
    # <1/(x - i g2)> = <(x + i g2)/(x^2 + g2^2)>: real part vanishes by symmetry
    im = quad(lambda x: f(x) * g2 / (x * x + g2 * g2), -lim, lim, points=[0.0] if
              np.isfinite(lim) else None, limit=400)[0]
    return 2.0 / im


@pytest.mark.parametrize("shape", ["gaussian", "lorentzian"])
@pytest.mark.parametrize("ratio", [0.01, 1.0, 30.0])
def test_hr_width_against_brute_force_average(shape, ratio):
    fwhm_h = 1.0
    w = ratio * fwhm_h
    got = lw.resonance_width_hr(fwhm_h, w, shape)
    assert got == pytest.approx(_brute_average(fwhm_h, w, shape), rel=1e-6)


def test_hr_width_limits_and_units():
    # no spread: the homogeneous width; wide Gaussian: 2 sqrt(2/pi) sigma
    assert lw.resonance_width_hr(3e-13) == 3e-13
    w = 4.1e-7   # ~ 2 pi x 100 MHz in eV
    sig = w / lw.GAUSS_FWHM_PER_SIGMA
    assert lw.resonance_width_hr(1e-13, w) == pytest.approx(2 * math.sqrt(2 / math.pi) * sig,
                                                            rel=1e-5)
    with pytest.raises(ValueError, match="shape"):
        lw.resonance_width_hr(1.0, 1.0, "box")


def test_doppler_width_against_si():
    # Xe (131.293 u) at 300 K on a 0.3421 eV photon, computed in SI with pint's constants
    import pint

    U = pint.UnitRegistry()
    E = U.Quantity(0.3421, "eV")
    nu = (E / U.planck_constant).to("Hz")
    m = U.Quantity(131.293, "dalton").to("kg")
    T = U.Quantity(300.0, "K")
    dnu = (nu / U.speed_of_light * (8 * U.boltzmann_constant * T * math.log(2) / m) ** 0.5
           ).to("Hz").m                                   # cyclic FWHM, Hz
    from expdesign.physics.constants import ATOMIC_MASS_UNIT_EV, BOLTZMANN_EV_PER_K
    from expdesign.units import Q_, rate_to_eV

    got = lw.doppler_fwhm(0.3421, 300 * BOLTZMANN_EV_PER_K, 131.293 * ATOMIC_MASS_UNIT_EV)
    assert got == pytest.approx(rate_to_eV(Q_(dnu, "Hz")), rel=1e-9)
    assert lw.doppler_fwhm(0.0, 0.03, 1e9) == 0.0
    with pytest.raises(ValueError, match="mass"):
        lw.doppler_fwhm(1.0, 0.03, 0.0)


def test_impact_fwhm_is_linear_in_density():
    """Cedolin et al. 1996: 8.3e-22 MHz m^3 x 1e23 m^-3 = 83 MHz, by hand in eV with h."""
    from expdesign.physics.linewidths import impact_fwhm

    h_eVs = 4.135667696e-15
    coef = 8.3e-22 * 1e6 * h_eVs  # eV m^3
    assert impact_fwhm(coef, 1e23) == pytest.approx(83e6 * h_eVs, rel=1e-12)
    assert impact_fwhm(coef, 2e23) == pytest.approx(2 * impact_fwhm(coef, 1e23), rel=1e-15)
    with pytest.raises(ValueError):
        impact_fwhm(-1.0, 1.0)
