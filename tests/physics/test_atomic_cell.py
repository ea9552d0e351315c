"""The finite gas cell of atomic RENP (expdesign/physics/atomic_cell.py) against
independent references: the infinite-medium kernels as L -> infinity, the 1/L scaling of
the smeared threshold, a brute-force integral of the exact sinc^2 form factor against the
infinite-medium kernel, closed forms of the smear widths and a direct Gaussian average."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, optimize

from expdesign.physics import atomic_cell as ac
from expdesign.physics import atomic_renp as ar
from expdesign.physics.renp import infinite_volume_kernels

CM = 5.067730716e4  # eV^-1 per cm (hbar c = 1.973269804e-5 eV cm), written out for the test
EPS_EG = 2.143493  # Yb 3P0 - 1S0 (eV), the shipped example
MASSES = np.array([0.02, math.sqrt(0.02**2 + 7.4e-5), math.sqrt(0.02**2 + 2.5e-3)])
T_YB = ar.orientation_tensor("linear", 0.0)


def test_infinite_cell_limit_recovers_the_infinite_spectrum():
    """K_fin -> K_inf as 1/L: |K_fin/K_inf - 1| <= 0.5 (1 cm / L) over 26 photon energies
    from 2.6 meV to 0.07 meV below the (11) threshold (measured 0.43/L_cm for L = 1..1e3
    cm, R = 0.178 L), and 10x smaller for a 10x longer cell."""
    w = np.linspace(1.0688, 1.0713, 26)
    KD0, KM0 = ar.spectrum_kernels(w, EPS_EG, MASSES)
    devs = []
    for L_cm in (10.0, 100.0, 1000.0):
        L = L_cm * CM
        KD, KM, _, _ = ac.finite_cell_kernels(w, EPS_EG, MASSES, 0.17841 * L, L, (0.0, 0.0),
                                              0.0, T_YB)
        dev = np.max(np.abs(KD.sum((1, 2)) / KD0.sum((1, 2)) - 1))
        assert dev <= 0.5 / L_cm
        # per pair, relative to the peak (beyond a pair's own threshold only the cell's
        # tail is left)
        assert np.max(np.abs(KM - KM0)) <= 1.0 / L_cm * np.max(np.abs(KM0))
        devs.append(dev)
    assert 8 < devs[0] / devs[1] < 12 and 8 < devs[1] / devs[2] < 12


def test_threshold_smear_scales_as_one_over_L():
    """Near an isolated square-root threshold K_inf = c sqrt(omega_11 - omega); a smear of
    width w gives K_fin(omega_11 + s w) = sqrt(w) c F(s): the scaled shapes of L and 4L
    agree on the allowed side and at the threshold (within 1 % at s = -3, -1 and 2.6 % at
    s = 0, measured; tolerance 3 %: the curvature of K_inf and the cell's far 1/L tail,
    which does not scale as sqrt(w), are the corrections).  Beyond the threshold that far
    tail dominates (10-15 % off the scaled shape at s = 1, 3)."""
    m = np.array([0.05, 0.2, 0.3])  # (11) threshold isolated from the others by >> 1/L
    w11 = float(ar.threshold_omega_counterpropagating(2 * m[0], EPS_EG))
    shapes = []
    for L_cm in (10.0, 40.0):
        L = L_cm * CM
        R = 0.17841 * L
        wid = ac.threshold_smear_fwhm(w11, EPS_EG, (0.0, 0.0), 0.0, R, L)
        s = np.array([-3.0, -1.0, 0.0])
        KD, _, _, _ = ac.finite_cell_kernels(w11 + s * wid, EPS_EG, m, R, L, (0.0, 0.0), 0.0,
                                             T_YB)
        shapes.append(KD[:, 0, 0] / math.sqrt(wid))
    np.testing.assert_allclose(shapes[0], shapes[1], rtol=0.03)
    # the smear itself is ~1/L: 4x longer, 4x narrower (closed form below)
    a = ac.threshold_smear_fwhm(w11, EPS_EG, (0.0, 0.0), 0.0, 0.17841 * 10 * CM, 10 * CM)
    b = ac.threshold_smear_fwhm(w11, EPS_EG, (0.0, 0.0), 0.0, 0.17841 * 40 * CM, 40 * CM)
    assert a / b == pytest.approx(4.0, rel=1e-6)


def test_smear_fwhm_closed_form_along_the_axis():
    """Along the axis p(k) = (L/2 pi) (sin x/x)^2, x = kL/2: FWHM 4 x_h/L with
    sin(x_h)/x_h = 1/sqrt(2) (root found here); the threshold smear is omega/eps_eg times
    it for p_eg = 0."""
    x_h = optimize.brentq(lambda x: math.sin(x) / x - 1 / math.sqrt(2), 0.5, 2.0, xtol=1e-14)
    L, R = 10 * CM, 1.7841 * CM
    assert ac.projected_fwhm(0.0, R, L) == pytest.approx(4 * x_h / L, rel=1e-7)
    w = 1.0713
    assert ac.threshold_smear_fwhm(w, EPS_EG, (0.0, 0.0), 0.0, R, L) == pytest.approx(
        w / EPS_EG * 4 * x_h / L, rel=1e-7)
    # L = 10 cm: 5.5e-6 eV (1/L = 2.0e-6 eV)
    assert 5.4e-6 < ac.threshold_smear_fwhm(w, EPS_EG, (0.0, 0.0), 0.0, R, L) < 5.6e-6


@pytest.mark.parametrize(("omega", "tol"), [(1.0700, 5e-5), (1.07136, 6e-4)])
def test_projected_kernel_against_brute_force_sinc2_integral(omega, tol):
    """p_eg = 0, trigger along the axis: the projected model is
    int dk (L/2 pi) (sin(kL/2)/(kL/2))^2 K_inf(eps_eg - omega, (omega + k) z_hat) (Q = -omega z).
    Brute force: scipy.quad on the exact sinc^2 (core, split at the pair thresholds) and,
    beyond, (1 - cos kL)/(pi L k^2) with the cosine part by QAWO; K_inf from
    renp.infinite_volume_kernels.  A small cell (L = 0.5 cm) keeps quad's work small and the
    finite-size effect large (6e-3 of the value at 1.0700 eV).  The rule averages the
    form factor's oscillation beyond k1 = 200/min(L, 2R) (the crystal's projected rule):
    that leaves 3e-5 of the value at 1.0700 eV and 4e-4 at 1.07136 eV, 13 µeV below the
    (11) threshold (measured; the brute force is stable to 1e-9 under kc = 100, 400,
    1600/L and per-period panels).  Tolerance: 1.5x those."""
    L, R = 0.5 * CM, 0.2 * CM
    eps = EPS_EG - omega

    def kin(k):  # total K^D (all pairs) at pair momentum -(omega + k) z
        Q = np.array([[0.0, 0.0, -(omega + k)]])
        KD, _ = infinite_volume_kernels(Q, eps, MASSES, T_YB)
        return float(KD.sum())

    # the pair (ij) is open for |omega + k| < sqrt(eps^2 - (m_i + m_j)^2)
    edges = sorted({math.sqrt(eps**2 - (a + b) ** 2) - omega for a in MASSES for b in MASSES})
    lo_all = -math.sqrt(eps**2) - omega  # nothing open below (massless bound)
    hi_all = edges[-1]
    kc = 100.0 / L

    def core(k):
        x = k * L / 2
        return L / (2 * math.pi) * (math.sin(x) / x) ** 2 * kin(k) if x != 0 else \
            L / (2 * math.pi) * kin(0.0)

    pts = [e for e in edges if -kc < e < kc] + [0.0]
    val = integrate.quad(core, -kc, min(kc, hi_all), points=pts, limit=4000, epsabs=0,
                         epsrel=1e-10)[0]
    for a, b in ((lo_all, -kc), (kc, hi_all)):
        if b <= a:
            continue
        bp = [a] + [e for e in edges if a < e < b] + [b]
        for u, v in zip(bp, bp[1:], strict=False):
            smooth = integrate.quad(lambda k: kin(k) / (math.pi * L * k * k), u, v,
                                    epsrel=1e-10, limit=400)[0]
            osc = integrate.quad(lambda k: kin(k) / (math.pi * L * k * k), u, v,
                                 weight="cos", wvar=L, epsrel=1e-10, limit=400)[0]
            val += smooth - osc
    KD, _, eD, _ = ac.finite_cell_kernels([omega], EPS_EG, MASSES, R, L, (0.0, 0.0), 0.0, T_YB,
                                          error=True)
    assert float(KD.sum()) == pytest.approx(val, rel=tol)
    # the finite-size effect itself is much larger than that
    K0 = float(ar.spectrum_kernels([omega], EPS_EG, MASSES)[0].sum())
    assert abs(val / K0 - 1) > 10 * tol


def test_threshold_slope_is_the_derivative_of_the_threshold():
    """d omega_ij/d Omega against a central difference of atomic_renp.threshold_omega."""
    for p, c, M in ((0.0, 1.0, 0.04), (0.4287, 1.0, 0.1), (0.3, -0.5, 0.02)):
        h = 1e-6
        fd = (ar.threshold_omega(M, EPS_EG + h, p, c) - ar.threshold_omega(M, EPS_EG - h, p, c)
              ) / (2 * h)
        assert ac.threshold_slope(EPS_EG, p, c, M) == pytest.approx(float(fd), rel=1e-7)
    assert ac.threshold_slope(EPS_EG, 0.0, 1.0, 0.0) == pytest.approx(0.5, rel=1e-14)


def test_doppler_threshold_fwhm_by_hand():
    """p_eg = 0 (equal counter-propagating photons): no Doppler smear; 60/40 photons in Yb
    at 300 K: slope x p_eg x sqrt(8 ln2 kT/(M c^2)), with k_B = 8.617333262e-5 eV/K and
    M = 173.045 u x 931.49410242e6 eV written out here."""
    v = math.sqrt(8 * math.log(2) * 8.617333262e-5 * 300.0 / (173.045 * 931.49410242e6))
    assert ac.doppler_threshold_fwhm(EPS_EG, 0.0, 1.0, 0.04, v) == 0.0
    p = 0.2 * EPS_EG  # 0.6 - 0.4 of eps_eg
    got = ac.doppler_threshold_fwhm(EPS_EG, p, 1.0, 0.04, v)
    d = EPS_EG - p
    slope = (2 * EPS_EG * d - (EPS_EG**2 - p**2 - 0.04**2)) / (2 * d * d)
    assert got == pytest.approx(slope * p * v, rel=1e-12)
    assert 1e-7 < got < 1e-6  # 2.0e-7 eV: 27x below the 10 cm cell's 5.5e-6 eV


def test_gaussian_average_against_quad():
    """A square-root edge averaged over a Gaussian: Gauss-Hermite against scipy.quad of the
    written-out Gaussian (3e-2 at the edge, 2e-5 three widths away), exact for a cubic."""
    fwhm = 2.0
    sig = fwhm / math.sqrt(8 * math.log(2))
    x0 = np.array([0.0, 3 * sig])

    def f(u):
        return np.sqrt(np.clip(x0 + u, 0.0, None))

    got = ac.gaussian_average(f, fwhm)
    ref = [integrate.quad(lambda u, a=a: math.exp(-u * u / (2 * sig * sig))
                          / math.sqrt(2 * math.pi) / sig * math.sqrt(max(a + u, 0.0)),
                          -12 * sig, 12 * sig, points=[-a], limit=200)[0] for a in x0]
    np.testing.assert_allclose(got[0], ref[0], rtol=4e-2)  # 3.1e-2 measured: slow at the edge
    np.testing.assert_allclose(got[1], ref[1], rtol=1e-4)
    cub = ac.gaussian_average(lambda u: np.array([u**3 + u**2 + 1.0]), fwhm)
    assert cub[0] == pytest.approx(sig**2 + 1.0, rel=1e-12)
    assert ac.gaussian_average(f, 0.0)[1] == pytest.approx(math.sqrt(3 * sig))


def test_3d_rule_agrees_with_the_projection_within_its_model_error():
    """The full 3D rule of the crystal (n_r = 1, k1 + k2 = p_eg) against the projected form
    factor, in a tilted geometry (60/40 photons, imprint 10 deg and trigger 30 deg from the
    cell axis), 2 meV below the (33) threshold: they differ by the dropped K_t^2 (measured
    2.3e-4; 1.2e-4 for p_eg = 0, the planner test), and both stay within 2e-3 of the
    infinite medium computed in the photon frame (atomic_renp.spectrum_kernels): a wrong
    cell-frame mapping would show as an O(1) difference."""
    L, R = 10 * CM, 1.7841 * CM
    p, a, tilt = 0.2 * EPS_EG, math.radians(30.0), math.radians(10.0)
    pv = (p * math.sin(tilt), p * math.cos(tilt))
    w = [float(ar.threshold_omega(2 * MASSES[2], EPS_EG, p, math.cos(a - tilt))) - 2e-3]
    K3 = ac.finite_cell_kernels_3d(w, EPS_EG, MASSES, R, L, pv, a, T_YB)[0].sum()
    Kp = ac.finite_cell_kernels(w, EPS_EG, MASSES, R, L, pv, a, T_YB)[0].sum()
    K0 = ar.spectrum_kernels(w, EPS_EG, MASSES, p, math.cos(a - tilt))[0].sum()
    assert abs(K3 / Kp - 1) < 3e-4
    assert abs(K3 / K0 - 1) < 2e-3 and abs(Kp / K0 - 1) < 2e-3


def test_doppler_average_of_the_infinite_medium_against_quad():
    """The cut rule of doppler_averaged_infinite_kernels against scipy.quad of the written-out
    Gaussian times atomic_renp.spectrum_kernels at Omega = eps_eg + u (breaks at the pair
    openings), 60/40 photons, 2000 K, Yb: beside and at the (33) threshold, at and just
    beyond the (11) one (beyond the last threshold only the Gaussian's tail is left): 1e-8.
    (24-node Gauss-Hermite is 2e-2 off at the (11) threshold and 0.4 beyond it.)"""
    p = 0.2 * EPS_EG
    v = math.sqrt(8 * math.log(2) * 8.617333262e-5 * 2000.0 / (173.045 * 931.49410242e6))
    fwhm = p * v
    sig = fwhm / math.sqrt(8 * math.log(2))
    w33 = float(ar.threshold_omega(2 * MASSES[2], EPS_EG, p, 1.0))
    w11 = float(ar.threshold_omega(2 * MASSES[0], EPS_EG, p, 1.0))
    w = np.array([w33 - 2e-6, w33, w11, w11 + 5e-7])
    KD, KM = ac.doppler_averaged_infinite_kernels(w, EPS_EG, MASSES, (0.0, p), 0.0, T_YB, fwhm)
    for k, wk in enumerate(w):
        def f(u, wk=wk):
            g = math.exp(-u * u / (2 * sig * sig)) / (math.sqrt(2 * math.pi) * sig)
            return g * float(ar.spectrum_kernels([wk], EPS_EG + u, MASSES, p, 1.0)[0].sum())

        opens = [optimize.brentq(lambda u, M=a + b, wk=wk: float(
            ar.threshold_omega(M, EPS_EG + u, p, 1.0)) - wk, -1.0, 1.0)
            for a in MASSES for b in MASSES]
        ref = integrate.quad(f, -8 * sig, 8 * sig, points=[o for o in opens if abs(o) < 8 * sig],
                             limit=100, epsabs=0, epsrel=1e-10)[0]
        assert float(KD[k].sum()) == pytest.approx(ref, rel=1e-8)
    # no smear: the plain infinite-medium kernels
    K0 = ac.doppler_averaged_infinite_kernels(w, EPS_EG, MASSES, (0.0, p), 0.0, T_YB, 0.0)
    np.testing.assert_allclose(K0[0], ar.spectrum_kernels(w, EPS_EG, MASSES, p, 1.0)[0],
                               rtol=1e-13, atol=0)
    assert np.all(np.isfinite(KM))
