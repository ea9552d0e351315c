"""Two-photon E1 x M1 excitation of a gas (physics/atomic_excitation.py) against limits
written here: the weak-field |rho_eg| = Omega t / 2, the pi/2 Rabi flop, the steady state
as the long-time limit, a closed-form Doppler average, a brute-force three-level Lindblad
solution against the eliminated two-level one, the polarizability form of the light
shift, explicit LS sublevel sums for the geometry, and a hand number for Yb."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import expm
from scipy.special import erf

from expdesign.physics import atomic_excitation as ax


def test_weak_field_is_perturbative():
    for area in (1e-4, 1e-3):
        r = ax.coherence_pulse(2.0, area / 2.0)
        assert abs(r) == pytest.approx(area / 2.0, rel=1e-6)


def test_rabi_flop_reaches_one_half_at_pulse_area_pi_over_2():
    assert abs(ax.coherence_pulse(3.0, math.pi / 6.0)) == pytest.approx(0.5, abs=1e-12)
    for area in (0.3, 1.0, 2.0, 3.0):
        assert abs(ax.coherence_pulse(1.0, area)) == pytest.approx(abs(math.sin(area)) / 2,
                                                                   abs=1e-12)
    # detuned by 2 Omega: the Bloch vector precesses on a cone about (Omega, 0, delta); its
    # largest transverse part is sin(2 atan(Omega/delta)) = 4/5, |rho_eg| <= 2/5
    best = max(abs(ax.coherence_pulse(1.0, t, delta=2.0)) for t in np.linspace(0, 3, 150))
    assert best == pytest.approx(0.4, rel=1e-3)


def test_steady_state_is_the_long_time_limit_and_the_textbook_maximum():
    for om, d, G, gp in ((1.0, 0.0, 1.0, 0.0), (0.7, 0.4, 0.3, 0.2), (2.0, -1.0, 0.5, 1.5)):
        long = ax.coherence_pulse(om, 200.0 / G, delta=d, decay=G, dephasing=gp)
        assert ax.coherence_steady(om, d, G, gp) == pytest.approx(long, abs=1e-9)
    # radiative only: largest |rho_eg| is 1/(2 sqrt 2) at Omega^2 = Gamma^2 / 2
    G = 1.0
    assert abs(ax.coherence_steady(G / math.sqrt(2), 0.0, G, 0.0)) == pytest.approx(
        1 / (2 * math.sqrt(2)), rel=1e-12)
    grid = [abs(ax.coherence_steady(o, 0.0, 0.4, 0.9)) for o in np.linspace(0.01, 3, 3000)]
    assert max(grid) == pytest.approx(ax.max_steady_coherence(0.4, 0.9), rel=1e-4)
    with pytest.raises(ValueError):
        ax.coherence_steady(1.0, 0.0, 0.0, 0.1)


def test_doppler_average_weak_field_closed_form():
    """Weak field: rho_eg = -i (Omega/2) int_0^t e^{i delta t'} dt'; the Gaussian average
    gives (Omega/2) sqrt(pi/2)/sigma erf(sigma t / sqrt 2)."""
    om, sigma = 1e-5, 0.7
    for t in (0.5, 2.0, 6.0):
        want = om / 2 * math.sqrt(math.pi / 2) / sigma * erf(sigma * t / math.sqrt(2))
        got = ax.coherence_pulse(om, t, doppler_sigma=sigma)
        assert abs(got) == pytest.approx(want, rel=1e-6)


def test_steady_state_doppler_average_against_brute_quadrature():
    """The Faddeeva form against scipy quad of the undoppled closed form x Gaussian,
    including sigma far above the power-broadened width."""
    from scipy.integrate import quad
    def f(x: float, part: int, om: float, d: float, G: float, gp: float, sig: float
          ) -> float:
        r = ax.coherence_steady(om, d + x, G, gp)
        g = math.exp(-0.5 * (x / sig) ** 2) / (math.sqrt(2 * math.pi) * sig)
        return g * (r.real if part == 0 else r.imag)

    for om, d, G, gp, sig in ((1.0, 0.3, 0.5, 0.2, 0.7), (0.2, -1.0, 1e-3, 1e-2, 50.0)):
        pts = [-d - 1.0, -d, -d + 1.0]
        want = complex(*(quad(f, -12 * sig, 12 * sig, args=(k, om, d, G, gp, sig),
                              points=pts, limit=400)[0] for k in (0, 1)))
        assert ax.coherence_steady(om, d, G, gp, sig) == pytest.approx(want, rel=1e-7)


def test_doppler_average_of_a_strong_pulse_against_brute_quadrature():
    from scipy.integrate import quad
    om, t, sig, G, gp = 1.0, 3.0, 0.8, 0.1, 0.05

    def f(x: float, part: int) -> float:
        r = ax.coherence_pulse(om, t, x, G, gp)
        g = math.exp(-0.5 * (x / sig) ** 2) / (math.sqrt(2 * math.pi) * sig)
        return g * (r.real if part == 0 else r.imag)
    want = complex(*(quad(f, -10 * sig, 10 * sig, args=(k,), limit=200)[0] for k in (0, 1)))
    assert ax.coherence_pulse(om, t, 0.0, G, gp, sig) == pytest.approx(want, rel=1e-8)


def test_doppler_average_too_wide_is_refused():
    with pytest.raises(ValueError, match="classes"):
        ax.coherence_pulse(1e-6, 1e4, doppler_sigma=1.0)


def _three_level(O1, O2, Delta, dL, Gp, t):
    """Brute force: |g>, |p>, |e> in the frame of the lasers, H = Delta |p><p| - dL |e><e|
    + (O1/2)(|p><g| + h.c.) + (O2/2)(|e><p| + h.c.), p decays to g at Gp (Lindblad),
    vectorised rho (row-major), exact matrix exponential."""
    H = np.array([[0, O1 / 2, 0], [O1 / 2, Delta, O2 / 2], [0, O2 / 2, -dL]], complex)
    L = np.zeros((3, 3), complex)
    L[0, 1] = math.sqrt(Gp)
    eye = np.eye(3)
    sup = -1j * (np.kron(H, eye) - np.kron(eye, H.T))
    LdL = L.conj().T @ L
    sup += np.kron(L, L.conj()) - 0.5 * np.kron(LdL, eye) - 0.5 * np.kron(eye, LdL.T)
    rho0 = np.zeros((3, 3), complex)
    rho0[0, 0] = 1
    rho = (expm(sup * t) @ rho0.ravel()).reshape(3, 3)
    return rho[2, 0]


def test_three_level_brute_force_against_the_eliminated_two_level():
    O1, O2, Delta, Gp = 0.02, 0.03, 1.0, 0.05
    Oeff = O1 * O2 / (2 * Delta)
    # rotating-frame light shifts of g and e, compensated by the two-photon tuning
    dL = -O2**2 / (4 * Delta) + O1**2 / (4 * Delta)
    Rg, Ge = ax.scattering_rates(Gp, O1, O2, Delta)
    for area in (0.3, math.pi / 2, 2.5):
        t = area / Oeff
        full = abs(_three_level(O1, O2, Delta, dL, Gp, t))
        two = abs(ax.coherence_pulse(Oeff, t, 0.0, Ge, Rg / 2))
        assert two == pytest.approx(full, abs=2e-3)
    # scattering matters at this Gp: without it the two-level answer is visibly off
    t = 2.5 / Oeff
    assert abs(abs(ax.coherence_pulse(Oeff, t)) - abs(_three_level(O1, O2, Delta, dL, Gp, t))
               ) > 1e-2


def test_light_shift_is_the_dynamic_polarizability():
    """Single-level Kramers-Heisenberg polarizability alpha = 2 d^2 eps / (eps^2 - w^2),
    shift -alpha E_0^2 / 4 (E_0^2 = 2 I)."""
    A, eps, inten = 1e-9, 2.2, 3e-3
    d2 = 3 * math.pi * A / eps**3
    for w in (1e-6, 0.5, 1.07, 3.0):
        Sg, Se = ax.light_shifts(A, eps, 0.1, 0.0, (w,), (inten,))
        alpha = 2 * d2 * eps / (eps**2 - w**2)
        assert Sg == pytest.approx(-alpha * 2 * inten / 4, rel=1e-12)
        assert Se == 0.0


def _eps3() -> np.ndarray:
    e = np.zeros((3, 3, 3))
    for i, j, k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        e[i, j, k], e[j, i, k] = 1.0, -1.0
    return e


def test_geometry_factor_against_explicit_ls_sublevel_sums():
    """3P0 (J_e = 0) and 3P2 (J_e = 2) reached from 1S0 through 3P1 in a pure LS 3P term
    written in Cartesian bases (L and S vectors, (S_k)_ab = -i eps_kab): 3P1_i = eps_iab
    L_a S_b / sqrt 2, 3P0 = L_a S_a / sqrt 3, 3P2 = symmetric traceless L_a S_b; the
    amplitude sum_i <e|S.b|p_i> e_i / (2 Delta) over both orderings, summed over the 3P2
    sublevels, equals s_0^2 F(T) with s_0^2 the per-component spin element computed here."""
    eps = _eps3()
    Sk = [np.kron(np.eye(3), -1j * eps[k]) for k in range(3)]  # on L (x) S, index 3a + b
    P1 = np.array([eps[i].ravel() / math.sqrt(2) for i in range(3)])
    e0 = [np.eye(3).ravel() / math.sqrt(3)]
    basis2 = []
    for a in range(3):
        for b in range(a, 3):
            m = np.zeros((3, 3))
            m[a, b] = m[b, a] = 1.0
            basis2.append((m - np.trace(m) * np.eye(3) / 3).ravel())
    # the first five of the six are independent: Q's first five columns span the space
    q, _ = np.linalg.qr(np.array(basis2).T)
    e2 = list(q.T[:5])
    rng = np.random.default_rng(3)
    for j_e, E in ((0, e0), (2, e2)):
        s2 = sum(abs(P1[i].conj() @ Sk[k] @ v) ** 2 for v in E for i in range(3)
                 for k in range(3)) / (3 * (2 * j_e + 1))
        if j_e == 0:
            assert s2 == pytest.approx(2 / 3, rel=1e-12)  # the LS value of 3P0 -> 3P1
        for _ in range(4):
            k1 = np.array([0.0, 0.0, 1.0])
            a2 = rng.uniform(0, 2 * math.pi)
            k2 = np.array([math.sin(a2), 0.0, math.cos(a2)])
            e1 = np.cross(k1, rng.normal(size=3))
            e2v = np.cross(k2, rng.normal(size=3))
            e1, e2v = e1 / np.linalg.norm(e1), e2v / np.linalg.norm(e2v)
            b1, b2 = np.cross(k1, e1), np.cross(k2, e2v)
            D1, D2 = 1.3, 0.8
            tot = 0.0
            for v in E:
                amp = 0j
                for ee, bb, D in ((e1, b2, D1), (e2v, b1, D2)):
                    p = P1.T @ ee  # sum_i e_i |p_i> (d_0 = 1)
                    Sb = sum(b * o for b, o in zip(bb, Sk, strict=True))
                    amp += (v.conj() @ Sb @ p) / (2 * D)
                tot += abs(amp) ** 2
            g = ax.geometry_factor(j_e, e1, k1, e2v, k2, D1, D2)
            assert s2 * g**2 == pytest.approx(tot, rel=1e-10, abs=1e-14)


def test_geometry_counter_propagating_crossed_and_cancellations():
    z = np.array([0.0, 0.0, 1.0])
    x, y = np.array([1.0, 0, 0]), np.array([0.0, 1, 0])
    D = 1.16
    assert ax.geometry_factor(0, x, z, y, -z, D, D) == pytest.approx(1 / D, rel=1e-14)
    assert ax.geometry_factor(0, x, z, x, -z, D, D) == pytest.approx(0.0, abs=1e-15)
    assert ax.geometry_factor(0, x, z, y, z, D, D) == pytest.approx(0.0, abs=1e-15)
    best, _, _ = ax.best_geometry_factor(0, z, -z, D, D)
    assert best == pytest.approx(1 / D, rel=1e-12)
    # J_e = 2: the bright sublevel combination carries 1/sqrt 2 of it
    assert ax.best_geometry_factor(2, z, -z, D, D)[0] == pytest.approx(1 / (math.sqrt(2) * D),
                                                                       rel=1e-12)
    with pytest.raises(ValueError):
        ax.geometry_factor(1, x, z, y, -z, D, D)


def test_yb_effective_rabi_hand_number():
    """Yb, 1 W/cm^2 in each counter-propagating beam, crossed polarizations:
    Omega_eff = d_0 mu_B s_0 E_0^2 / Delta, written out with constants here."""
    hbar, hbarc = 6.582119569e-16, 1.973269804e-5  # eV s, eV cm
    cm = 1.239841984e-4  # eV per cm^-1
    I = 1.0 / 1.602176634e-19 * hbar * hbarc**2  # W/cm^2 -> eV^4
    eps_eg, eps_pg = 17288.439 * cm, 17992.007 * cm
    A = 1.1e6 * hbar
    d0 = math.sqrt(3 * math.pi * A / eps_pg**3)
    muB = math.sqrt(4 * math.pi / 137.035999177) / (2 * 510998.95069)
    D = eps_pg - eps_eg / 2
    want = d0 * muB * math.sqrt(2 / 3) * 2 * I / D
    g = ax.geometry_factor(0, [1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, -1], D, D)
    got = ax.effective_rabi(A, eps_pg, 2 / 3, I, I, g)
    assert got == pytest.approx(want, rel=1e-8)
    assert got / hbar == pytest.approx(0.02516, rel=1e-3)


def test_motional_shifts_against_sampled_maxwell_velocities():
    """Second-order Doppler: sample v from a Maxwell distribution (three Gaussian
    components of variance kT/M) and take omega v^2/2; recoil p^2/2M by hand."""
    omega, M, kT = 2.14, 1.6e11, 0.0259
    rng = np.random.default_rng(7)
    v = rng.normal(0.0, math.sqrt(kT / M), size=(400_000, 3))
    shift = omega * np.sum(v**2, axis=1) / 2
    rec, mean, std, sig1 = ax.motional_shifts(omega, 0.4, M, kT)
    assert rec == pytest.approx(0.4**2 / (2 * M), rel=1e-14)
    assert mean == pytest.approx(shift.mean(), rel=1e-2)
    assert std == pytest.approx(shift.std(), rel=1e-2)
    assert sig1 == pytest.approx(np.std(0.4 * v[:, 2]), rel=1e-2)  # p_eg along z
    assert ax.motional_shifts(omega, 0.0, M, 0.0) == (0.0, 0.0, 0.0, 0.0)


def _floquet_gap(Ep: float, Ee: float, O1: float, O2: float, w: float) -> float:
    """Brute force without the rotating-wave approximation: |g>, |p>, |e> (energies 0, Ep,
    Ee) driven by O1 cos(w t) on g-p and O2 cos(w t) on p-e; the one-period propagator
    (DOP853) gives the quasi-energies; the gap of the two near 0 (dressed g and e)."""
    from scipy.integrate import solve_ivp
    T = 2 * math.pi / w
    H0 = np.diag([0.0, Ep, Ee]).astype(complex)
    V = np.zeros((3, 3), complex)
    V[0, 1] = V[1, 0] = O1
    V[1, 2] = V[2, 1] = O2

    def f(t: float, y: np.ndarray) -> np.ndarray:
        return (-1j * (H0 + math.cos(w * t) * V) @ y.reshape(3, 3)).ravel()
    sol = solve_ivp(f, (0.0, T), np.eye(3, dtype=complex).ravel(), method="DOP853",
                    rtol=1e-12, atol=1e-13)
    q = -np.angle(np.linalg.eigvals(sol.y[:, -1].reshape(3, 3))) / T
    a, b = sorted(q, key=abs)[:2]
    return abs(a - b)


def test_two_photon_resonance_and_rabi_frequency_without_rotating_wave_approximation():
    """Near the two-photon resonance the dressed g-e gap is sqrt(Omega_eff^2 +
    (2 (w - w_res))^2): a parabola through three gaps gives w_res and Omega_eff. The
    kernel's light shifts (with counter-rotating terms) and Omega_eff = O1 O2 / (2 Delta)
    (one field: one time ordering) agree to O((O/Delta)^2); the rotating-wave shifts alone
    miss the resonance by about Omega_eff."""
    Ep, Ee, O1, O2 = 2.6, 2.0, 0.05, 0.04
    I = 1.0
    A = O1**2 / 2 * Ep**3 / (3 * math.pi)  # d^2 = 3 pi A / eps^3, Omega = d sqrt(2 I)
    muB = math.sqrt(4 * math.pi / 137.035999177) / (2 * 510998.95069)
    s2 = (O2 / (muB * math.sqrt(2 * I))) ** 2
    assert ax.e1_rabi(A, Ep, I) == pytest.approx(O1, rel=1e-12)
    assert ax.m1_rabi(s2, I) == pytest.approx(O2, rel=1e-9)
    w_guess = Ee / 2
    Sg, Se = ax.light_shifts(A, Ep, Ep - Ee, s2, (w_guess,), (I,))
    w_pred = (Ee + Se - Sg) / 2
    om = ax.effective_rabi(A, Ep, s2, I, I, 1 / (2 * (Ep - w_pred)))
    ws = w_pred + np.array([-1.0, 0.0, 1.0]) * om
    a, b, c = np.polyfit(ws - w_pred, [_floquet_gap(Ep, Ee, O1, O2, w) ** 2 for w in ws], 2)
    assert a == pytest.approx(4.0, rel=5e-3)
    w_res = w_pred - b / (2 * a)
    assert abs(w_res - w_pred) < 0.01 * om
    assert math.sqrt(c - b * b / (4 * a)) == pytest.approx(om, rel=3e-3)
    D = Ep - w_guess
    w_rwa = (Ee - O2**2 / (4 * D) + O1**2 / (4 * D)) / 2
    assert abs(w_res - w_rwa) > 0.5 * om
