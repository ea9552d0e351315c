"""Tests of expdesign.physics.ranp_derived: the derived RANP rate's factors, the g-e-p Bloch
coherence against its weak-trigger closed form, and the photon + pair phase space against a
brute-force Monte Carlo over the momenta."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from expdesign.physics import neutrino as nu
from expdesign.physics import ranp
from expdesign.physics import ranp_derived as rd
from expdesign.physics.atomic.angular import wigner_3j
from expdesign.physics.kinematics import ranp_pair_mass2
from expdesign.physics.pair_emission import pair_tensor

S = 6.582119569e-16  # eV per s^-1 (hbar), written here on purpose: an independent value


def _sign(x):
    return -1.0 if int(round(float(x))) % 2 else 1.0


def _cg(j1, m1, j2, m2, j, m):
    return _sign(j1 - j2 + m) * math.sqrt(2 * j + 1) * wigner_3j(j1, j2, j, m1, m2, -m)


def _spin_strength_bruteforce(L, S_, J, Jp):
    """sum_{M', q} |<L S Jp M'| S_q |L S J M>|^2 / (2J + 1) from Clebsch-Gordan sums."""
    red_s = math.sqrt(S_ * (S_ + 1) * (2 * S_ + 1))
    tot = 0.0
    for M in np.arange(-J, J + 1).tolist():
        for Mp in np.arange(-Jp, Jp + 1).tolist():
            for q in (-1, 0, 1):
                amp = 0.0
                for ML in np.arange(-L, L + 1).tolist():
                    for MS in np.arange(-S_, S_ + 1).tolist():
                        MSp = MS + q
                        if abs(MSp) > S_ or abs(M - ML - MS) > 1e-9 or abs(Mp - ML - MSp) > 1e-9:
                            continue
                        sq = _sign(S_ - MSp) * wigner_3j(S_, 1, S_, -MSp, q, MS) * red_s
                        amp += _cg(L, ML, S_, MS, J, M) * _cg(L, ML, S_, MSp, Jp, Mp) * sq
                tot += amp**2
    return tot / (2 * J + 1)


@pytest.mark.parametrize("L,S_,J,Jp", [(6, 2, 7, 8), (6, 1.5, 7.5, 6.5), (1, 1, 1, 2)])
def test_spin_line_strength_closed_form_vs_clebsch_gordan(L, S_, J, Jp):
    assert rd.spin_line_strength_ls(L, S_, J, Jp) == pytest.approx(
        _spin_strength_bruteforce(L, S_, J, Jp), rel=1e-10, abs=0)


def test_spin_line_strength_rejects_delta_j_zero():
    with pytest.raises(ValueError, match="J_final - J_initial"):
        rd.spin_line_strength_ls(6, 2, 7, 7)


def test_photon_factor_against_direct_integral():
    """gamma/(4 pi Gamma): polarisation sum averaged over dipole directions numerically and the
    resonance integrated by quadrature (omega^3 kept)."""
    eps, gam, width = 0.436, 1e-14, 1e-7
    d2 = 3 * math.pi * gam / eps**3
    # <sum_pol |d.eps|^2> = d^2 <1 - (d.k)^2> over directions: Gauss-Legendre in cos
    x, w = np.polynomial.legendre.leggauss(20)
    pol = d2 * float(np.sum(w * (1 - x**2)) / 2)
    half = 2e4 * width  # window +- half; substitution omega = eps + (width/2) tan(u)
    umax = math.atan(2 * half / width)
    val, _ = quad(lambda u: (eps + width / 2 * math.tan(u)) ** 3 / 2 * pol * 2 / width,
                  -umax, umax, limit=200)
    tail = 1 - 2 * umax / math.pi  # Lorentzian weight outside the window
    direct = val / (2 * math.pi) ** 3 / (1 - tail)
    assert rd.photon_factor(gam, width) == pytest.approx(direct, rel=2e-5, abs=0)


def test_trigger_photon_density_and_rabi_relation():
    # 1 W/cm^2 at 0.436 eV: n0 = I/(hbar omega c) = 4.78e8 cm^-3 by hand
    i_ev4 = 1e4 / 1.602176634e-19 * S * (1.973269804e-7) ** 2  # W/m^2 -> eV^4
    n0 = rd.trigger_photon_density(i_ev4, 0.436)
    n0_cm3 = n0 / (1.973269804e-5) ** 3  # eV^3 -> cm^-3 (hbar c = 1.9733e-5 eV cm)
    hand = 1e4 / (0.436 * 1.602176634e-19 * 299792458) * 1e-6
    assert n0_cm3 == pytest.approx(hand, rel=1e-9, abs=0)
    om = rd.trigger_rabi_frequency(i_ev4, 1e-14, 0.436)
    assert om**2 / 4 == pytest.approx(3 * math.pi * 1e-14 / 0.436**3 / 3 * 0.436 * n0 / 2,
                                      rel=1e-12, abs=0)


GPE, GP, GE = 14.2 * S, 30.0 * S, 69.9 * S


@pytest.mark.parametrize("detuning", [0.0, 300 * S])
def test_bloch_weak_trigger_limit_is_the_closed_form(detuning):
    gamma_pg = GP + 2 * 400 * S
    om = 1e-3 * gamma_pg
    r = rd.coherence_bloch(om, detuning, GPE, GP, GE, 400 * S, 0.0, 0.5, 2 / GE)
    weak = rd.coherence_weak_trigger(om, detuning, gamma_pg, GE, 0.5, 2 / GE)
    assert r.mean == pytest.approx(weak, rel=1e-5, abs=0)
    assert r.saturation == pytest.approx(1.0, rel=1e-5, abs=0)
    assert r.check < 1e-9


def test_weak_closed_form_against_quadrature_of_its_solution():
    gpg, geg, det, T = 7e-13, 1e-13, 2e-13, 3e13
    om, c = 1e-16, 0.5
    a, b = geg / 2, complex(gpg / 2, -det)

    def rho2(t):
        return abs(om / 2 * c * (math.exp(-a * t) - np.exp(-b * t)) / (b - a)) ** 2

    val, _ = quad(rho2, 0, T, limit=400)
    assert rd.coherence_weak_trigger(om, det, gpg, geg, c, T) == pytest.approx(val / T,
                                                                               rel=1e-8, abs=0)


def test_weak_closed_form_adiabatic_limit_is_eq4_lorentzian():
    """Gamma_pg >> Gamma_eg and T << 1/Gamma_eg: the steady Lorentzian of eq. (4)."""
    om, det, gpg = 1e-16, 3e-12, 1e-11
    weak = rd.coherence_weak_trigger(om, det, gpg, 1e-19, 0.5, 1e15)
    assert weak == pytest.approx(rd.coherence_adiabatic(om, det, gpg, 0.25), rel=1e-3, abs=0)


def test_bloch_strong_trigger_saturates_at_one_eighth():
    """Omega >> widths, T << lifetimes: |rho_pg|^2 = |c_g c_e|^2 sin^2(Omega t/2) -> 1/8."""
    om = 1e6 * GE
    r = rd.coherence_bloch(om, 0.0, GPE, GP, GE, 0.0, 0.0, 0.5, 1e-3 / GE)
    assert r.mean == pytest.approx(1 / 8, rel=2e-3, abs=0)
    r2 = rd.coherence_bloch(math.sqrt(2) * om, 0.0, GPE, GP, GE, 0.0, 0.0, 0.5, 1e-3 / GE)
    assert r2.mean == pytest.approx(r.mean, rel=5e-3, abs=0)  # doubling the intensity: no change
    assert r.saturation < 1e-4


def test_coherence_scales_with_intensity_only_while_perturbative():
    gpg = GP + 2 * 400 * S
    weak = [rd.coherence_bloch(f * 1e-3 * gpg, 0.0, GPE, GP, GE, 400 * S, 0.0, 0.5,
                               1 / GE).mean for f in (1.0, math.sqrt(2))]
    assert weak[1] / weak[0] == pytest.approx(2.0, rel=1e-5, abs=0)  # rate ~ Omega^2 ~ I


def test_coherence_falls_with_trigger_linewidth_as_derived():
    """Weak trigger, Gamma_pg >> Gamma_eg: <|rho_pg|^2> ~ 1/Gamma_pg^2."""
    vals = [rd.coherence_bloch(1e-4 * GE, 0.0, GPE, GP, 1e-3 * GE, ph, 0.0, 0.5,
                               1 / GE).mean for ph in (1e4 * GE, 2e4 * GE)]
    assert vals[0] / vals[1] == pytest.approx(4.0, rel=1e-3, abs=0)


def test_bloch_rejects_bad_inputs():
    with pytest.raises(ValueError, match="rho_ee0"):
        rd.coherence_bloch(1e-12, 0.0, GPE, 0.5 * GPE, GE, 0.0, 0.0, 0.5, 1.0)


def test_rate_scalings_with_density_and_volume():
    base = rd.angular_rate_derived(2.0, 1e-3, 1e20, 0.1, 0.2, 0.3)
    assert rd.angular_rate_derived(2.0, 2e-3, 1e20, 0.1, 0.2, 0.3) / base == pytest.approx(4.0)
    assert rd.angular_rate_derived(2.0, 1e-3, 3e20, 0.1, 0.2, 0.3) / base == pytest.approx(3.0)


# ---------------------------------------------------------------------------
# Brute force: photon + pair phase space by Monte Carlo over the momenta
# ---------------------------------------------------------------------------

def _mc_photon_pair(theta_lo, theta_hi, r, eps_eg, omega0, masses, b, majorana, width2,
                    kappa, sig_e, n, rng):
    """MC estimate of
    int_bin d^3k/(2pi)^3 (omega/2) sum_pol|d.eps|^2 |D2|^-2 (1/(2pi)^2) int d^3p1 d^3p2
    G_sig(E - E1 - E2) G_kappa(Q - p1 - p2) sum_ij tr T_ij / (4 E1 E2)
    with d^2 = 1 (unit dipole), a Gaussian crystal (momentum spread kappa) and a Gaussian
    energy spread sig_e in place of the two deltas; returns (mean, standard error)."""
    cos = rng.uniform(np.cos(theta_hi), np.cos(theta_lo), n)
    sin = np.sqrt(1 - cos**2)
    # photon energy from the Lorentzian |D2|^-2 (Cauchy, HWHM width2/2): weight 2 pi/width2
    om = omega0 + width2 / 2 * np.tan(np.pi * (rng.uniform(size=n) - 0.5))
    khat = np.stack([sin, np.zeros(n), cos], -1)
    dhat = rng.normal(size=(n, 3))
    dhat /= np.linalg.norm(dhat, axis=1)[:, None]
    pol = 1 - np.sum(dhat * khat, 1) ** 2
    E = eps_eg + omega0 - om
    Q = np.stack([np.zeros(n), np.zeros(n), np.full(n, r * eps_eg + omega0)], -1) \
        - om[:, None] * khat
    R = E  # |p1| <= E
    u = rng.normal(size=(n, 3))
    u /= np.linalg.norm(u, axis=1)[:, None]
    p1 = u * (R * rng.uniform(size=n) ** (1 / 3))[:, None]
    p2 = Q - p1 - kappa * rng.normal(size=(n, 3))
    tr = np.zeros(n)
    for i in range(3):
        for j in range(3):
            e1 = np.sqrt(np.sum(p1**2, 1) + masses[i] ** 2)
            e2 = np.sqrt(np.sum(p2**2, 1) + masses[j] ** 2)
            t = pair_tensor(p1, p2, masses[i], masses[j], b[i, j], majorana)
            g = np.exp(-0.5 * ((E - e1 - e2) / sig_e) ** 2) / (np.sqrt(2 * np.pi) * sig_e)
            tr += g * np.real(np.trace(t, axis1=-2, axis2=-1)) / (4 * e1 * e2)
    solid = 2 * np.pi * (np.cos(theta_lo) - np.cos(theta_hi))
    w = (solid * om**2 * (2 * np.pi / width2) / (2 * np.pi) ** 3 * om / 2 * pol
         * 4 * np.pi * R**3 / 3 * tr / (2 * np.pi) ** 2)
    return float(np.mean(w)), float(np.std(w) / np.sqrt(n))


def test_photon_pair_phase_space_against_monte_carlo():
    eps_eg, omega0 = 0.63875, 0.43605
    r = 1 - 2 * omega0 / eps_eg - 1e-4  # just inside the McQ3-free region
    params = nu.oscillation_set(nu.oscillation_set_names()[0])
    U = nu.pmns(params.sin2_theta12, params.sin2_theta13, params.sin2_theta23("NO"))
    b = nu.b_matrix(U)
    m = nu.masses(0.05, "NO", params)  # heavy enough that the masses matter
    lo, hi = np.radians(60.0), np.radians(100.0)
    width2 = 1e-9
    rng = np.random.default_rng(17)
    chunks = [_mc_photon_pair(lo, hi, r, eps_eg, omega0, m, b, True, width2, 4e-3, 4e-3,
                              150_000, rng) for _ in range(3)]
    mc = np.mean([c[0] for c in chunks])
    err = np.sqrt(np.sum([c[1] ** 2 for c in chunks])) / len(chunks)
    # kernel: photon_factor x int_bin dOmega sum_ij F^(eq5)(theta), unit dipole
    x, w = np.polynomial.legendre.leggauss(200)
    th = 0.5 * (hi - lo) * x + 0.5 * (hi + lo)
    sf = ranp.pair_sum_F(ranp_pair_mass2(th, r, eps_eg, omega0), eps_eg, m, b, True,
                         normalization="eq5")
    ang = 2 * np.pi * 0.5 * (hi - lo) * float(np.sum(w * np.sin(th) * sf))
    unit_gamma = omega0**3 / (3 * np.pi)  # gamma_pq for d^2 = 1
    kernel = rd.photon_factor(unit_gamma, width2) * ang
    assert err / mc < 0.02  # the check has teeth
    assert abs(mc - kernel) < 3.5 * err + 2e-3 * kernel, (mc, kernel, err)


def test_term_symbols():
    assert rd.term_L_S("5I7") == (6.0, 2.0)
    assert rd.term_L_S("4I15/2") == (6.0, 1.5)
    assert rd.term_L_S("2H11/2") == (5.0, 0.5)
    with pytest.raises(ValueError, match="not a term symbol"):
        rd.term_L_S("2[3/2]")


def test_inhomogeneous_average_of_amplitudes_weak_trigger():
    """Weak trigger, adiabatic: <rho_pg> over a Gaussian spread of detunings is
    (Omega/2) rho_eg <1/(Delta + i Gamma/2)>, i.e. a Voigt profile; check against direct
    quadrature of that closed form (T << 1/Gamma_eg, T >> 1/Gamma_pg)."""
    gpg, om, fwhm = 1e-12, 1e-16, 3e-12
    T = 1e14  # Gamma_pg T = 100; Gamma_eg T = 1e-4
    r = rd.coherence_bloch(om, 0.0, 0.5 * gpg, gpg, 1e-18, 0.0, 0.0, 0.5, T,
                           inhom_fwhm=fwhm, n_inhom=61)
    sig = fwhm / (2 * math.sqrt(2 * math.log(2)))

    def part(fn):  # in units of 1/sig, over x = Delta/sig
        return quad(lambda x: fn(sig / complex(-x * sig, gpg / 2)) * math.exp(-x**2 / 2)
                    / math.sqrt(2 * math.pi), -12, 12, limit=400)[0]

    avg = complex(part(lambda z: z.real), part(lambda z: z.imag)) / sig
    expect = (om / 2) ** 2 * 0.25 * abs(avg) ** 2
    assert r.mean == pytest.approx(expect, rel=5e-3, abs=0)
    homog = rd.coherence_bloch(om, 0.0, 0.5 * gpg, gpg, 1e-18, 0.0, 0.0, 0.5, T)
    assert r.mean < 0.5 * homog.mean  # the spread lowers the coherent amplitude


def test_weak_trigger_ratio_to_eq7_is_the_closed_form_d9():
    """docs/ranp.md eq. (D9): in the weak, adiabatic regime (T << 1/Gamma_eg)
    derived/eq. (7) = a^2 s2 3/(512 pi^5) (Gamma_2'/Gamma_qg) (n0/(n eta))
    eps_pe Gamma_1' / Gamma_pg^2, with the paper's widths Gamma_1' = sqrt(gp^2 + ge^2 +
    dw0^2), Gamma_2' = sqrt(2) ge (q = e)."""
    eps_pe, gpe, gp, ge, dw0 = 0.436, 1e-14, 1.5e-14, 1e-18, 4e-13
    inten, n, vol, s2, a = 1e-18, 700.0, 1e21, 0.1, 2.0
    om = rd.trigger_rabi_frequency(inten, gpe, eps_pe)
    wpg = gp + dw0
    T = 1e-3 / ge
    coh = rd.coherence_weak_trigger(om, 0.0, wpg, ge, 0.5, T)
    sum_f = 0.01  # paper normalisation
    derived = rd.angular_rate_derived(24 * sum_f, n, vol, coh, rd.photon_factor(gpe, ge),
                                      rd.pair_factor(s2, a))
    eq7 = ranp.angular_rate_eq7(sum_f, gpe, gpe, gp, ge, ge, dw0, eps_pe, n**3 * vol)
    n0 = rd.trigger_photon_density(inten, eps_pe)
    g1 = math.sqrt(gp**2 + ge**2 + dw0**2)
    f_t = -math.expm1(-ge * T) / (ge * T)
    # the bare weak vertex (G_F / sqrt 2) a_S b S.N squared: G_F^2 a_S^2 / 2 (seed 001 eq. 1)
    d9 = (a**2 * s2 * 3 / (512 * math.pi**5) * math.sqrt(2) * n0 / n * eps_pe * g1 / wpg**2
          * f_t)
    assert wpg * T > 400  # adiabatic: the build-up (~1.5/(Gamma_pg T/2)) is < 1 %
    assert float(derived / eq7) / d9 == pytest.approx(1.0, rel=1e-2, abs=0)


def _ho_pairs(lightest=0.001):
    params = nu.oscillation_set("pdg2018")
    b = nu.b_matrix(nu.pmns(params.sin2_theta12, params.sin2_theta13,
                            params.sin2_theta23("NO")))
    return b, nu.masses(lightest, "NO", params)


EPS_EG, OMEGA0 = 0.63875, 0.43605
R_IN = 1 - 2 * OMEGA0 / EPS_EG - 1e-4


def test_pair_contraction_infinite_is_a_third_of_eq5():
    """renp.infinite_volume_kernels (isotropic spin) against pair_function(eq5): two closed
    forms written independently."""
    b, m = _ho_pairs()
    th = np.radians(np.linspace(0, 180, 181))
    S, err = rd.pair_contraction(th, R_IN, EPS_EG, OMEGA0, OMEGA0, m, b, True)
    F = ranp.pair_sum_F(ranp_pair_mass2(th, R_IN, EPS_EG, OMEGA0), EPS_EG, m, b, True,
                        normalization="eq5")
    assert np.max(np.abs(S - F / 3)) < 1e-12 * np.max(F)
    assert not np.any(err)


def test_pair_contraction_finite_cylinder_tends_to_infinite_as_one_over_length():
    b, m = _ho_pairs()
    th = np.radians([40.0, 90.0])
    S, _ = rd.pair_contraction(th, R_IN, EPS_EG, OMEGA0, OMEGA0, m, b, True)
    cm = 1 / 1.973269804e-5  # eV^-1
    dev = []
    for L in (1.0, 10.0):
        Sf, err = rd.pair_contraction(th, R_IN, EPS_EG, OMEGA0, OMEGA0, m, b, True,
                                      size=(0.5 * L * cm, L * cm), error=True)
        assert np.all(err < 2e-2 * np.abs(Sf - S))  # the rule resolves the deviation
        dev.append((Sf - S) / S)
    assert np.all(np.abs(dev[0]) < 1e-4) and np.all(np.abs(dev[1]) > 1e-7)
    assert dev[0] / dev[1] == pytest.approx(np.array([10.0, 10.0]), rel=0.05)


def test_far_detuned_trigger_is_perturbative_and_passes_the_check():
    """2 meV detuning (|L| T ~ 1e10): the check's tolerance follows the phase precision, and
    the far-detuned trigger is perturbative, so Bloch = closed form."""
    om = rd.trigger_rabi_frequency(1.6e-6, GPE, 0.436)
    r = rd.coherence_bloch(om, 2e-3, GPE, GP, GE, 314 * S, 0.0, 0.5, 1 / GE)
    assert r.saturation == pytest.approx(1.0, rel=1e-3, abs=0)


def test_coherence_bloch_fully_dephased_cycle() -> None:
    """A coherence dephased within the first step (dephasing x T ~ 1e10, a planner-fuzz
    draw on the Er3+ RANP example) plans: the expansion check no longer compares roundoff
    with roundoff, and the result is the weak-trigger closed form."""
    args = dict(omega0_rabi=5.27e-10, detuning=0.0, gamma_pe=3.08e-15, gamma_p=5.80e-15,
                gamma_e=1.80e-14, dephase_p=3.26e-4, dephase_e=1.0e-4, rho_ee0=0.5,
                T=5.57e13)
    r = rd.coherence_bloch(**args)
    weak = rd.coherence_weak_trigger(args["omega0_rabi"], 0.0,
                                     args["gamma_p"] + 2 * args["dephase_p"],
                                     args["gamma_e"] + 2 * args["dephase_e"], 0.5, args["T"])
    assert r.mean == pytest.approx(weak, rel=1e-6)
    # equal dephasing of p and e (the failing draw): no ValueError, a finite tiny value
    args["dephase_e"] = args["dephase_p"]
    r2 = rd.coherence_bloch(**args)
    assert 0.0 <= r2.mean < 1e-20


# --- the accurate class average of the RANP coherence (issue 16) ---------------------------

_H = 6.582119569e-16  # eV s (CODATA), typed by hand
_GP, _GPE, _GE = 1e3 * _H, 4e2 * _H, 70 * _H  # widths (eV): Gamma_pg > Gamma_eg
_T = 1e-2 / _H


@pytest.mark.parametrize("fwhm_hz", [1e4, 1e7])
def test_class_average_lorentzian_is_the_weak_trigger_form_with_a_wider_line(
        fwhm_hz: float) -> None:
    """Weak trigger: rho_pg(Delta, t) is analytic and bounded for Im Delta > 0 (b = Gamma_pg/2
    - i Delta, pole at Im Delta < 0 when Gamma_pg > Gamma_eg), so its Lorentzian average
    (HWHM B) is rho_pg(Delta + i B): the homogeneous closed form with Gamma_pg + FWHM."""
    om, w = 10 * _H, fwhm_hz * _H
    mean, err, conv = rd.coherence_class_average(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T,
                                                 w, shape="lorentzian", rtol=1e-3,
                                                 max_panels=200)
    ref = rd.coherence_weak_trigger(om, 0.0, _GP + w, _GE, 0.5, _T)
    assert abs(mean - ref) <= 1e-3 * ref
    assert abs(mean - ref) <= err + 1e-4 * ref  # the estimate covers (weak-trigger ~1e-4)


def test_class_average_of_a_narrow_line_is_the_homogeneous_coherence() -> None:
    om = 50 * _H
    hom = rd.coherence_bloch(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T).mean
    mean, _, conv = rd.coherence_class_average(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T,
                                               1e-4 * _GP)
    assert conv
    assert mean == pytest.approx(hom, rel=1e-4)


def test_class_average_falls_as_the_square_of_the_line_peak_where_gauss_hermite_fails(
        ) -> None:
    """Far beyond the homogeneous width only the resonant classes add: |<rho_pg>|^2 ~ (pi
    g(0) x amplitude-width)^2 ~ 1/w^2 (w -> 10 w: / 100); 15 Gauss-Hermite nodes (the
    old average) give a value that does not fall at all (a node at the centre)."""
    om = 50 * _H
    m1 = rd.coherence_class_average(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T, 1e6 * _H,
                                    rtol=1e-3)[0]
    m2 = rd.coherence_class_average(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T, 1e7 * _H,
                                    rtol=1e-3)[0]
    assert m1 / m2 == pytest.approx(100.0, rel=0.02)
    gh1 = rd.coherence_bloch(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T, inhom_fwhm=1e6 * _H)
    gh2 = rd.coherence_bloch(om, 0.0, _GPE, _GP, _GE, 0.0, 0.0, 0.5, _T, inhom_fwhm=1e7 * _H)
    assert gh1.mean / gh2.mean < 2.0
