"""Finite-size macro-coherent neutrino-pair phase space (seed 001 sec. III-IV).

Setting (seed 001 eqs. (4)-(5), (12)-(22), (27)-(29)): two excitation photons
``k1 = omega1 z``, ``k2 = omega2 (sin theta_e, 0, cos theta_e)`` and the trigger /
signal photon ``k_s = omega_s (sin theta_s, 0, cos theta_s)`` in the x-z plane; the
crystal (refractive index n_r) is a cylinder of radius R and length L along z.  The
trigger is resonant, so the pair always carries energy ``eps = eps_ep``.  The pair
must absorb ``Q = n_r (k1 + k2 - k_s)`` up to the mismatch ``K = Q - P`` (P = p1 + p2)
allowed by the form factor ``|int_V e^{iK.x}|^2 / V^2 = U(K_z L/2) W(K_perp R)``.

Normalisation of the returned integrals (all in eV^5)
-----------------------------------------------------
For a pair of masses (m_i, m_j) and the unit spin-current direction ``s`` (case 1
of seed 001: s = z, the k1 / crystal c axis) we return two integrals,

    J_D = int d^3p1 d^3p2 / (E1 E2) delta(E1 + E2 - eps) D(p1, p2) U W,
    J_M = int d^3p1 d^3p2 / (E1 E2) delta(E1 + E2 - eps) (-m_i m_j)  U W,
    D   = E1 E2 - p1.p2 + 2 (s.p1)(s.p2)          (seed 001 eqs. (10), (55)-(56))

(``mode='3d'``), so that the *correct* pair integrals are

    F_ij = w_rate_ij J_D + delta_M w_rate_maj_ij J_M,
    G_ij = w_mag_ij  J_D + delta_M w_mag_maj_ij  J_M,

with w_rate = |b_ij|^2 and w_mag = Re(b_ij c_ij^*) (folded over (ij)+(ji),
:func:`expdesign.physics.neutrino.rate_weights`, ``magnetization_weights``) and the
Majorana weights of :func:`majorana_rate_weights` (Re(b_ij b_ji^*)) and
:func:`majorana_magnetization_weights` (Re(b_ij c_ij)).  With these weights the
Majorana term has relative weight exactly 1 against D (derived from the
helicity-summed pair current, see ``tests/physics/test_phasespace.py``); seed 001
prints m1 m2/4 (eq. 10 and 55) and m1 m2/8 (eq. 56) instead.

Relation to the physical integral of seed 001 eq. (12): with spinors normalised to
u^dagger u = 1 (the paper's eq. (10) convention is a further 1/4 smaller),
``sum_h |u_bar(p1) gamma.s (1 - gamma5) v(p2)|^2 = 2 D / (E1 E2)`` and
``-2 m_i m_j / (E1 E2)`` for the Majorana interference, hence

    int d^3p1 d^3p2/(2 pi)^6 2 pi delta(K0) sum_h |N.s|^2 |int_V e^{iKx}|^2 / V^2
        = 2 / (2 pi)^5 * (J_D [+ Majorana part]),

so the rate is ``Gamma = 2 G_F^2 h_r^2 |S_ep|^2 (|chi| n V)^2 * 2/(2pi)^5 sum F_ij``
(amplitude of seed 001 eq. (7); rate = |A|^2 summed).

``mode='inplane'`` is the paper's model, seed 001 eq. (17): both neutrinos in the
x-z plane, measure ``dE1 p1 p2 dtheta1 dtheta2 |sin theta1 sin theta2|`` and the
Lorentzians U0(K_z L/2) W0(K_x R) of eq. (18).  ``mode='infinite'`` is the
delta^3(K) limit of eq. (13): ``J = (2 pi)^3 / V * g(Q)`` with the closed-form
two-body function :func:`two_body`.

The two-body function
---------------------
At fixed pair energy eps and momentum P (invariant mass M^2 = eps^2 - P^2) the
relative-direction integral is Lorentz covariant:
``int d^3p1 d^3p2/(E1 E2) delta^4(p1 + p2 - P) p1^mu p2^nu = (4 pi p*/M)
(a P^mu P^nu + b M^2 g^{mu nu})`` with ``b = p*^2/3``,
``a = (E1* E2* - p*^2/3) / M^2`` (CM-frame energies E_i*, momentum p*), giving

    g_D(P) = 4 pi p*/M [2 a (s.P)^2 - 2 b + (M^2 - m_i^2 - m_j^2)/2],
    g_M(P) = 4 pi p*/M (-m_i m_j).

It has a square-root threshold where M reaches m_i + m_j (the kinematic edge) and
vanishes beyond.  Then ``J^3d = int d^3K U(K_z L/2) W(K_perp R) g(Q - K)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from expdesign.physics import formfactors as ff
from expdesign.physics.neutrino import PAIRS, _fold

__all__ = [
    "Kinematics",
    "ER_YLF",
    "PairIntegrals",
    "two_body",
    "inplane_two_body",
    "distribution",
    "combine",
    "majorana_rate_weights",
    "majorana_magnetization_weights",
    "smooth",
    "pair_masses",
]

Mode = Literal["3d", "inplane", "infinite"]
Spin = Literal["case1", "z", "x", "y", "case3", "average"]


# ----------------------------------------------------------------------------- kinematics
@dataclass(frozen=True)
class Kinematics:
    """Photon energies (eV), angle of k2 (rad), refractive index and pair energy (eV).

    Defaults: the Er3+:YLF scheme of seed 001 eqs. (25)-(29): omega1 = 1.286,
    omega2 = 1.1086, omega_s = 0.805 eV, eps_ep = 2.3946 - 0.805 = 1.5896 eV,
    n_r = 1.45 and theta_e from eq. (29) with sin(theta_e) > 0.
    """

    omega1: float = 1.286
    omega2: float = 1.1086
    omega_s: float = 0.805
    theta_e: float | None = None
    n_r: float = 1.45
    eps_ep: float = 2.3946 - 0.805

    @property
    def theta_e_rad(self) -> float:
        """theta_e (rad); eq. (29) if not given: cos = -(w1^2 + w2^2 - ws^2)/(2 w1 w2)."""
        if self.theta_e is not None:
            return float(self.theta_e)
        w1, w2, ws = self.omega1, self.omega2, self.omega_s
        return float(np.arccos(-(w1**2 + w2**2 - ws**2) / (2 * w1 * w2)))

    def phase_matching_theta_s(self) -> float:
        """theta_s (rad) with Q = 0, seed 001 eq. (28): cos = (w1^2 - w2^2 + ws^2)/(2 w1 ws).

        Only equal to the Q = 0 direction when theta_e is the eq. (29) value.
        """
        w1, w2, ws = self.omega1, self.omega2, self.omega_s
        return float(np.arccos((w1**2 - w2**2 + ws**2) / (2 * w1 * ws)))

    def Q(self, theta_s) -> tuple[np.ndarray, np.ndarray]:
        """Imprinted momentum n_r (k1 + k2 - k_s) (eV): components (Q_z, Q_x).

        seed 001 eqs. (21)-(22): Q_z = w_l, Q_x = w_t.
        """
        th = np.asarray(theta_s, dtype=float)
        te = self.theta_e_rad
        qz = self.n_r * (self.omega1 + self.omega2 * np.cos(te) - self.omega_s * np.cos(th))
        qx = self.n_r * (self.omega2 * np.sin(te) - self.omega_s * np.sin(th))
        return qz, qx

    def edge_angles(self, m_sum: float = 0.0) -> np.ndarray:
        """Signal angles (rad, in (-pi, pi]) where |Q| = sqrt(eps^2 - m_sum^2) (kinematic edge)."""
        th = np.linspace(-np.pi, np.pi, 20001)
        qz, qx = self.Q(th)
        f = np.hypot(qz, qx) - np.sqrt(self.eps_ep**2 - m_sum**2)
        idx = np.nonzero(np.sign(f[:-1]) != np.sign(f[1:]))[0]
        out = []
        for i in idx:
            a, b = th[i], th[i + 1]
            for _ in range(60):
                c = 0.5 * (a + b)
                qz, qx = self.Q(c)
                fc = np.hypot(qz, qx) - np.sqrt(self.eps_ep**2 - m_sum**2)
                qz, qx = self.Q(a)
                fa = np.hypot(qz, qx) - np.sqrt(self.eps_ep**2 - m_sum**2)
                a, b = (a, c) if np.sign(fa) != np.sign(fc) else (c, b)
            out.append(0.5 * (a + b))
        return np.array(out)


ER_YLF = Kinematics()
"""The Er3+:YLF scheme of seed 001 (eq. 27, 29), n_r = 1.45."""


def pair_masses(masses) -> np.ndarray:
    """(6, 2) array of (m_i, m_j) in :data:`PAIRS` order from (m1, m2, m3) in eV."""
    m = np.asarray(masses, dtype=float)
    return np.array([[m[i], m[j]] for i, j in PAIRS])


# ----------------------------------------------------------------------------- weights
def majorana_rate_weights(b: np.ndarray) -> np.ndarray:
    """Majorana interference weights Re(b_ij b_ji^*) folded over (ij)+(ji) (6 pairs).

    Multiplies J_M in the rate (seed 001 eq. (56) with the corrected coefficient).
    Equal to Re(b_ij^2) (b is hermitian), so Majorana phases enter.
    """
    b = np.asarray(b)
    return _fold(np.real(b * np.conj(b.T)))


def majorana_magnetization_weights(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Majorana interference weights Re(b_ij c_ij) folded (6 pairs), seed 001 eq. (63)."""
    return _fold(np.real(np.asarray(b) * np.asarray(c)))


# ----------------------------------------------------------------------------- two body
def _is_tensor(spin) -> bool:
    return isinstance(spin, np.ndarray)


def _spin_proj2(spin, pz, px, py, p2):
    """(s.P)^2 for a named direction, or P.T.P for an orientation tensor T = Re(e e^dagger)
    (3x3, trace 1, lab axes x, y, z) as :func:`expdesign.physics.atomic.spin_orientation_tensor`
    gives for a complex transition vector e."""
    if _is_tensor(spin):
        t = np.asarray(spin, dtype=float)
        return (t[0, 0] * px**2 + t[1, 1] * py**2 + t[2, 2] * pz**2
                + 2 * t[0, 2] * px * pz + 2 * t[0, 1] * px * py + 2 * t[1, 2] * py * pz)
    if spin in ("case1", "z"):
        return pz**2
    if spin == "x":
        return px**2
    if spin in ("y", "case3"):
        return py**2
    if spin == "average":
        return p2 / 3.0
    raise ValueError(f"unknown spin orientation {spin!r}")


def _drop_y_odd(spin):
    """An orientation tensor without its xy and yz entries (strings pass unchanged).

    Q has no y component and U W is even in K_y, so terms of (s.P)^2 odd in P_y integrate
    to zero; the 3D rules integrate the azimuth over [0, pi] with doubled weights, which
    is exact only for the even part, so the odd part is removed up front.
    """
    if not _is_tensor(spin):
        return spin
    t = np.array(spin, dtype=float)
    t[0, 1] = t[1, 0] = t[1, 2] = t[2, 1] = 0.0
    return t


def two_body(P2, sP2, eps: float, m1, m2) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form two-body function g_D, g_M (eV^2) at pair momentum P (see module doc).

    Parameters
    ----------
    P2
        |P|^2 (eV^2), array.
    sP2
        (s.P)^2 (eV^2) for the unit spin-current direction s (|P|^2/3 for the
        orientation average).
    eps
        Pair energy (eV).
    m1, m2
        Neutrino masses (eV), broadcastable against P2.

    Returns
    -------
    (g_D, g_M)
        ``int d^3p1 d^3p2/(E1 E2) delta(E1+E2-eps) delta^3(p1+p2-P) D`` and the same
        with -m1 m2; zero below threshold M^2 <= (m1+m2)^2.  Derived by covariance
        (module doc); compare seed 000 eq. (6) for the spin-averaged analogue.
    """
    P2 = np.asarray(P2, dtype=float)
    m1 = np.asarray(m1, dtype=float)
    m2 = np.asarray(m2, dtype=float)
    M2 = eps**2 - P2
    thr = (m1 + m2) ** 2
    ok = M2 > thr
    M2s = np.where(ok, M2, thr + 1.0)
    lam = np.clip((M2s - thr) * (M2s - (m1 - m2) ** 2), 0.0, None)
    M = np.sqrt(M2s)
    ps = np.sqrt(lam) / (2 * M)
    e1 = (M2s + m1**2 - m2**2) / (2 * M)
    e2 = (M2s + m2**2 - m1**2) / (2 * M)
    a = (e1 * e2 - ps**2 / 3) / M2s
    b = ps**2 / 3
    pref = np.where(ok, 4 * np.pi * ps / M, 0.0)
    gD = pref * (2 * a * sP2 - 2 * b + 0.5 * (M2s - m1**2 - m2**2))
    gM = pref * (-m1 * m2)
    return gD, gM


_TAU_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _tau_rule(n):
    if n not in _TAU_CACHE:
        x, w = np.polynomial.legendre.leggauss(n)
        _TAU_CACHE[n] = (np.pi / 2 * (x + 1), np.pi / 2 * w)
    return _TAU_CACHE[n]


def inplane_two_body(Pz, Px, eps: float, m1: float, m2: float, spin: Spin = "case1",
                     n_tau: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """In-plane two-body density h(P) of seed 001 eq. (17) (eV^2).

    ``h(P) = int dE1 p1 p2 int dtheta1 dtheta2 |sin th1 sin th2| D delta^2(p1 n1 + p2 n2 - P)``
    with both momenta in the x-z plane (theta from z).  For fixed E1 the delta picks
    two mirror triangles; the Jacobian is 1/(p1 p2 |sin(th1 - th2)|).  The E1 range
    is [E1-, E1+] = (eps E1* -+ |P| p*)/M, and E1 = mid + half cos(tau) removes the
    inverse-square-root end points, so Gauss-Legendre in tau converges fast.
    Returns (h_D, h_M) with R -> D (eq. 56, Dirac part) and R -> -m1 m2.
    """
    Pz = np.asarray(Pz, dtype=float)
    Px = np.asarray(Px, dtype=float)
    rho = np.maximum(np.hypot(Pz, Px), 1e-12)
    psi = np.arctan2(Px, Pz)
    M2 = eps**2 - rho**2
    thr = (m1 + m2) ** 2
    ok = M2 > thr
    M2s = np.where(ok, M2, thr + 1.0)
    M = np.sqrt(M2s)
    lam = np.clip((M2s - thr) * (M2s - (m1 - m2) ** 2), 0.0, None)
    ps = np.sqrt(lam) / (2 * M)
    e1s = (M2s + m1**2 - m2**2) / (2 * M)
    mid = eps * e1s / M
    half = rho * ps / M
    tau, wt = _tau_rule(n_tau)
    sh = (-1,) + (1,) * Pz.ndim
    tau = tau.reshape(sh)
    wt = wt.reshape(sh)
    E1 = mid + half * np.cos(tau)
    E2 = eps - E1
    p1 = np.sqrt(np.clip(E1**2 - m1**2, 0.0, None))
    p2 = np.sqrt(np.clip(E2**2 - m2**2, 0.0, None))
    heron = (rho + p1 + p2) * (-rho + p1 + p2) * (rho - p1 + p2) * (rho + p1 - p2)
    area2 = np.sqrt(np.clip(heron, 0.0, None)) / 2  # = 2 * area
    # |sin(th1 - th2)| = 2 area / (p1 p2); dE1 = half sin(tau) dtau
    good = area2 > 0
    jac = np.where(good, half * np.sin(tau) * p1 * p2 / np.where(good, area2, 1.0), 0.0)
    c1 = np.clip((rho**2 + p1**2 - p2**2) / (2 * rho * np.maximum(p1, 1e-300)), -1, 1)
    c2 = np.clip((rho**2 + p2**2 - p1**2) / (2 * rho * np.maximum(p2, 1e-300)), -1, 1)
    s1 = np.sqrt(1.0 - c1 * c1)
    s2 = np.sqrt(1.0 - c2 * c2)
    cpsi = np.cos(psi)
    spsi = np.sin(psi)
    hD = 0.0
    hM = 0.0
    for sgn in (1.0, -1.0):
        # theta1 = psi + sgn beta1, theta2 = psi - sgn beta2 (angle addition, no arccos)
        ct1 = cpsi * c1 - sgn * spsi * s1
        st1 = spsi * c1 + sgn * cpsi * s1
        ct2 = cpsi * c2 + sgn * spsi * s2
        st2 = spsi * c2 - sgn * cpsi * s2
        ang = np.abs(st1 * st2)
        c12 = ct1 * ct2 + st1 * st2
        if _is_tensor(spin):
            t = np.asarray(spin, dtype=float)  # in-plane momenta: p = p (sin t, 0, cos t)
            proj = (t[0, 0] * st1 * st2 + t[2, 2] * ct1 * ct2 + t[0, 2] * (st1 * ct2 + ct1 * st2))
            D = E1 * E2 - p1 * p2 * (c12 - 2 * proj)
        elif spin in ("case1", "z"):
            D = E1 * E2 - p1 * p2 * (c12 - 2 * ct1 * ct2)
        elif spin == "x":
            D = E1 * E2 - p1 * p2 * (c12 - 2 * st1 * st2)
        elif spin in ("y", "case3"):
            D = E1 * E2 - p1 * p2 * c12
        elif spin == "average":
            D = E1 * E2 - p1 * p2 * c12 / 3
        else:
            raise ValueError(f"unknown spin orientation {spin!r}")
        hD = hD + np.sum(wt * jac * ang * D, axis=0)
        hM = hM + np.sum(wt * jac * ang * (-m1 * m2), axis=0)
    return np.where(ok, hD, 0.0), np.where(ok, hM, 0.0)


# ----------------------------------------------------------------------------- results
@dataclass
class PairIntegrals:
    """Per-pair integrals J_D (``dirac``) and J_M (``majorana``), shape (n_theta, 6), eV^5.

    ``err_dirac``, ``err_majorana``: absolute error estimates (difference of two rule
    resolutions; zero for the closed-form infinite mode).  Pairs in
    :data:`expdesign.physics.neutrino.PAIRS` order.  See the module docstring for the
    normalisation and how to weight them (:func:`combine`).
    """

    theta: np.ndarray
    dirac: np.ndarray
    majorana: np.ndarray
    err_dirac: np.ndarray
    err_majorana: np.ndarray
    mode: str
    info: dict = field(default_factory=dict)


def combine(pi: PairIntegrals, w_dirac: np.ndarray, w_majorana: np.ndarray,
            majorana: bool) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sum over the six pairs: (values[n_theta], err[n_theta]) in eV^5.

    ``F = sum_ij (w_dirac_ij J_D + delta_M w_majorana_ij J_M)``; the error adds
    the absolute errors of the terms.
    """
    wd = np.asarray(w_dirac, dtype=float)
    wm = np.asarray(w_majorana, dtype=float) if majorana else np.zeros(6)
    val = pi.dirac @ wd + pi.majorana @ wm
    err = pi.err_dirac @ np.abs(wd) + pi.err_majorana @ np.abs(wm)
    return val, err


# ----------------------------------------------------------------------------- rules
def _phi_rule(n):
    x, w = np.polynomial.legendre.leggauss(n)
    return np.pi / 2 * (x + 1), np.pi * w  # on [0, pi], weights doubled (K_y -> -K_y)


@dataclass(frozen=True)
class _Config:
    kappa: float  # core half-width in K (eV)
    n_fine: int  # graded core panels near an edge
    deg: int
    n_phi_core: int
    n_phi_core_fine: int
    n_phi_tail: int
    tail_deg: int
    t_min: float = 4.0  # smallest core half-width in form-factor units


_LO = _Config(kappa=0.01, n_fine=12, deg=8, n_phi_core=4, n_phi_core_fine=12, n_phi_tail=24,
              tail_deg=6, t_min=4.0)
_HI = _Config(kappa=0.016, n_fine=14, deg=10, n_phi_core=6, n_phi_core_fine=16, n_phi_tail=32,
              tail_deg=8, t_min=8.0)


def _blocks_3d(L, R, kmax, cfg: _Config, fine: bool):
    """List of (Kz, Kx, Ky, w) flat arrays whose weighted sum of g(Q - K) gives J^3d."""
    Tz = max(cfg.kappa * L / 2, cfg.t_min)
    Tp = max(cfg.kappa * R, cfg.t_min)
    tz, tp = kmax * L / 2, kmax * R
    uz_f = ff.weighted_rule("U", Tz, tz, cfg.n_fine if fine else 1, cfg.deg,
                            cfg.tail_deg, 2.0, fine)
    wp_f = ff.weighted_rule("W", Tp, tp, cfg.n_fine if fine else 1, cfg.deg,
                            cfg.tail_deg, 2.0, fine)
    uz_c = ff.weighted_rule("U", Tz, tz, 1, 4, 2, 2.0)
    wp_c = ff.weighted_rule("W", Tp, tp, 1, 4, 2, 2.0)
    pref = (2.0 / L) / R**2
    blocks = []

    def add(rz, mz, rp, mp, nphi):
        ph, wph = _phi_rule(nphi)
        z, wz = rz.t[mz], rz.w[mz]
        y, wy = rp.t[mp], rp.w[mp]
        Kz = np.broadcast_to((2 * z / L)[:, None, None], (len(z), len(y), nphi))
        Kp = (y / R)[None, :, None]
        Kx = np.broadcast_to(Kp * np.cos(ph)[None, None, :], Kz.shape)
        Ky = np.broadcast_to(Kp * np.sin(ph)[None, None, :], Kz.shape)
        w = pref * wz[:, None, None] * wy[None, :, None] * wph[None, None, :]
        blocks.append((Kz.ravel(), Kx.ravel(), Ky.ravel(), w.ravel()))

    add(uz_f, uz_f.core, wp_f, wp_f.core, cfg.n_phi_core_fine if fine else cfg.n_phi_core)
    add(uz_c, uz_c.core, wp_f, ~wp_f.core, cfg.n_phi_tail)  # core z x tail perp
    add(uz_f, ~uz_f.core, wp_c, wp_c.core, cfg.n_phi_core)  # tail z x core perp
    add(uz_c, ~uz_c.core, wp_c, ~wp_c.core, max(6, cfg.n_phi_tail // 4))  # tail x tail
    return [tuple(np.concatenate([b[i] for b in blocks]) for i in range(4))]


def _blocks_inplane(L, R, kmax, cfg: _Config, fine: bool):
    """(Kz, Kx, w) flat arrays for the Lorentzian model (K_y absent)."""
    Tz = max(cfg.kappa * L / 2, cfg.t_min)
    Tp = max(cfg.kappa * R, cfg.t_min)
    tz, tp = kmax * L / 2, kmax * R
    uz_f = ff.weighted_rule("U0", Tz, tz, cfg.n_fine if fine else 1, cfg.deg,
                            max(3, cfg.tail_deg - 3), 2.0, fine)
    wp_f = ff.weighted_rule("W0", Tp, tp, cfg.n_fine if fine else 1, cfg.deg,
                            max(3, cfg.tail_deg - 3), 2.0, fine)
    uz_c = ff.weighted_rule("U0", Tz, tz, 1, 4, 1, 2.0)
    wp_c = ff.weighted_rule("W0", Tp, tp, 1, 4, 1, 2.0)
    pref = (2.0 / L) / R
    out = []
    for rz, mz, rp, mp in ((uz_f, uz_f.core, wp_f, wp_f.core), (uz_c, uz_c.core, wp_f, ~wp_f.core),
                           (uz_f, ~uz_f.core, wp_c, wp_c.core),
                           (uz_c, ~uz_c.core, wp_c, ~wp_c.core)):
        z, wz = rz.t[mz], rz.w[mz]
        y, wy = rp.t[mp], rp.w[mp]
        Kz = np.broadcast_to((2 * z / L)[:, None], (len(z), len(y)))
        Kx = np.broadcast_to((y / R)[None, :], Kz.shape)
        out.append((Kz.ravel(), Kx.ravel(), (pref * wz[:, None] * wy[None, :]).ravel()))
    return [tuple(np.concatenate([b[i] for b in out]) for i in range(3))]


def _kmax(kin: Kinematics) -> float:
    return 1.5 * (kin.n_r * (kin.omega1 + kin.omega2 + kin.omega_s) + kin.eps_ep)


def _integrate_3d(kin, theta, pm, L, R, spin, cfg):
    qz, qx = kin.Q(theta)
    eps = kin.eps_ep
    kmax = _kmax(kin)
    pmax = np.sqrt(np.clip(eps**2 - pm.sum(axis=1) ** 2, 0, None))
    near = np.any(np.abs(np.hypot(qz, qx)[:, None] - pmax[None, :])
                  < 1.5 * np.sqrt(2) * cfg.kappa, axis=1)
    rules = {False: _blocks_3d(L, R, kmax, cfg, False)[0],
             True: _blocks_3d(L, R, kmax, cfg, True)[0]}
    m1 = pm[:, 0][:, None]
    m2 = pm[:, 1][:, None]
    outD = np.zeros((len(theta), 6))
    outM = np.zeros((len(theta), 6))
    for k in range(len(theta)):
        Kz, Kx, Ky, w = rules[bool(near[k])]
        pz = qz[k] - Kz
        px = qx[k] - Kx
        py = -Ky
        p2 = pz**2 + px**2 + py**2
        sp2 = _spin_proj2(spin, pz, px, py, p2)
        gD, gM = two_body(p2[None, :], sp2[None, :], eps, m1, m2)
        outD[k] = gD @ w
        outM[k] = gM @ w
    return outD, outM


def _integrate_inplane(kin, theta, pm, L, R, spin, cfg, n_tau):
    qz, qx = kin.Q(theta)
    eps = kin.eps_ep
    kmax = _kmax(kin)
    pmax = np.sqrt(np.clip(eps**2 - pm.sum(axis=1) ** 2, 0, None))
    near = np.any(np.abs(np.hypot(qz, qx)[:, None] - pmax[None, :])
                  < 1.5 * np.sqrt(2) * cfg.kappa, axis=1)
    rules = {False: _blocks_inplane(L, R, kmax, cfg, False)[0],
             True: _blocks_inplane(L, R, kmax, cfg, True)[0]}
    outD = np.zeros((len(theta), 6))
    outM = np.zeros((len(theta), 6))
    for k in range(len(theta)):
        Kz, Kx, w = rules[bool(near[k])]
        pz = qz[k] - Kz
        px = qx[k] - Kx
        # only nodes inside the kinematic disc contribute
        inside = pz**2 + px**2 < eps**2
        pz, px, wi = pz[inside], px[inside], w[inside]
        for j in range(6):
            hD, hM = inplane_two_body(pz, px, eps, pm[j, 0], pm[j, 1], spin, n_tau)
            outD[k, j] = hD @ wi
            outM[k, j] = hM @ wi
    return outD, outM


EDGE_BAND = 9000.0
"""Cells whose edge sphere lies within this many form-factor units (|K| L/2 or |K| R) of
K = 0 on the allowed side, and all cells on the forbidden side, use the edge-aware rule of
:mod:`expdesign.physics.edge3d` in mode '3d' (at L = 2R = 2 cm: about 11 degrees of
signal angle)."""


def distribution(theta_s, masses, R: float, L: float, mode: Mode = "3d",
                 spin: Spin = "case1", kin: Kinematics = ER_YLF,
                 error: bool = True, edge: bool = True, workers: int = 2) -> PairIntegrals:
    """Per-pair phase-space integrals J_D, J_M versus signal angle (eV^5).

    Parameters
    ----------
    theta_s
        Signal (= trigger) angles from k1 (rad), in the k1-k2 plane, array (n,).
    masses
        (m1, m2, m3) in eV.
    R, L
        Cylinder radius and length in eV^-1 (1 cm = 5.0677e4 eV^-1).
    mode
        ``'3d'`` (exact cylinder form factor, neutrino momenta in 3D),
        ``'inplane'`` (seed 001 eq. (17)-(22) model), ``'infinite'`` (delta^3(K)).
    spin
        Direction of the spin current S_ep (and v_ep), or a 3x3 orientation tensor
        ``T = Re(e e^dagger)`` (trace 1) for a complex transition vector e:
        ``'case1'``/'z' (along k1, seed 001 case 1), ``'x'``, ``'y'``/'case3' (normal to
        the plane), ``'average'``.
    kin
        :class:`Kinematics` (default Er3+:YLF).
    error
        Compute the error estimate from a second, finer rule (doubles the cost).
        (The edge-aware rule always computes its error estimate.)
    edge
        Mode '3d' only: use the edge-aware rule (:mod:`expdesign.physics.edge3d`) near
        the kinematic edges and on the forbidden side (default).  ``False`` keeps the
        tensor product rule everywhere: faster, but 1e-2 wrong beyond the edges.
    workers
        Threads for the edge-aware cells.

    Returns
    -------
    PairIntegrals
        ``dirac``/``majorana`` (n, 6) in eV^5 in the normalisation of the module
        docstring (3d / infinite: d^3p1 d^3p2/(E1 E2) delta(E1+E2-eps) ... U W;
        inplane: seed 001 eq. (17) with the Lorentzians).  ``info['infinite']`` holds
        the delta^3(K) limit of the same normalisation for '3d' and 'inplane'.
    """
    theta = np.atleast_1d(np.asarray(theta_s, dtype=float))
    pm = pair_masses(masses)
    if R <= 0 or L <= 0:
        raise ValueError("R and L must be positive (eV^-1)")
    eps = kin.eps_ep
    qz, qx = kin.Q(theta)
    q2 = qz**2 + qx**2
    info: dict = {"R": R, "L": L, "spin": spin}
    spin = _drop_y_odd(spin)
    if mode == "infinite" or mode == "3d":
        sp2 = _spin_proj2(spin, qz, qx, 0.0 * qz, q2)
        gD, gM = two_body(q2[:, None], np.asarray(sp2)[:, None], eps, pm[None, :, 0],
                          pm[None, :, 1])
        V = np.pi * R**2 * L
        infD, infM = (2 * np.pi) ** 3 / V * gD, (2 * np.pi) ** 3 / V * gM
        if mode == "infinite":
            z = np.zeros_like(infD)
            return PairIntegrals(theta, infD, infM, z, z.copy(), mode, info)
        info["infinite"] = (infD, infM)
        # cells whose edge sphere comes within EDGE_BAND form-factor units of K = 0 (and
        # the whole forbidden side) go to the edge-aware rule; the rest to the tensor rule
        pmax = np.sqrt(np.clip(eps**2 - pm.sum(axis=1) ** 2, 0, None))
        gap = (np.sqrt(q2)[:, None] - pmax[None, :]) * min(L / 2, R)
        # whole rows switch: the tensor rule's error grows towards 1e-6 near the band
        todo = np.zeros(gap.shape, bool)
        if edge:
            todo[np.any(gap > -EDGE_BAND, axis=1)] = True
        d2, m2 = np.zeros((len(theta), 6)), np.zeros((len(theta), 6))
        eD, eM = np.zeros_like(d2), np.zeros_like(m2)
        rest = ~np.all(todo, axis=1)

        def tensor_part():
            if not np.any(rest):
                return
            th = theta[rest]
            d1, m1 = _integrate_3d(kin, th, pm, L, R, spin, _LO)
            if error:
                dh, mh = _integrate_3d(kin, th, pm, L, R, spin, _HI)
            else:
                dh, mh = d1, m1
            d2[rest], m2[rest] = dh, mh
            eD[rest] = np.abs(dh - d1) + 1e-14 * np.abs(dh).max(initial=0.0)
            eM[rest] = np.abs(mh - m1) + 1e-14 * np.abs(mh).max(initial=0.0)

        if np.any(todo):
            from expdesign.physics.edge3d import edge_distribution

            vD, vM, xD, xM = edge_distribution(qz, qx, eps, pm, spin, L, R, todo, workers,
                                               during=tensor_part)
            d2[todo], m2[todo] = vD[todo], vM[todo]
            eD[todo] = xD[todo] + 1e-14 * np.abs(vD[todo])
            eM[todo] = xM[todo] + 1e-14 * np.abs(vM[todo])
        else:
            tensor_part()
        info["edge_cells"] = todo
        return PairIntegrals(theta, d2, m2, eD, eM, mode, info)
    if mode == "inplane":
        hD = np.zeros((len(theta), 6))
        hM = np.zeros((len(theta), 6))
        for j in range(6):
            hD[:, j], hM[:, j] = inplane_two_body(qz, qx, eps, pm[j, 0], pm[j, 1], spin, 24)
        scale = (2 * np.pi / L) * (np.pi * ff.Y_T / R)
        info["infinite"] = (scale * hD, scale * hM)
        d1, m1 = _integrate_inplane(kin, theta, pm, L, R, spin, _LO, 8)
        if error:
            d2, m2 = _integrate_inplane(kin, theta, pm, L, R, spin, _HI, 10)
        else:
            d2, m2 = d1, m1
        eD = np.abs(d2 - d1) + 1e-14 * np.abs(d2).max(initial=0.0)
        eM = np.abs(m2 - m1) + 1e-14 * np.abs(m2).max(initial=0.0)
        return PairIntegrals(theta, d2, m2, eD, eM, mode, info)
    raise ValueError(f"mode must be '3d', 'inplane' or 'infinite', got {mode!r}")


# ----------------------------------------------------------------------------- smoothing
def smooth(theta, values, resolution: float, kind: Literal["gaussian", "tophat"] = "gaussian"):
    """Convolve an angular distribution with a detector's angular response.

    Parameters
    ----------
    theta
        Increasing angles (rad), array (n,) (need not be uniform).
    values
        Array (n, ...) sampled at ``theta``.
    resolution
        Gaussian: standard deviation (rad); top-hat: full width (rad).
    kind
        ``'gaussian'`` or ``'tophat'``.

    Returns
    -------
    ndarray (n, ...)
        ``int K(theta - t) f(t) dt / int K(theta - t) dt`` by the trapezoid rule on the
        given grid (the kernel is renormalised at the ends of the range, so a constant
        stays constant).  Compare seed 001 Fig. 6(b), which adds 4 neighbouring points.
    """
    th = np.asarray(theta, dtype=float)
    f = np.asarray(values, dtype=float)
    if resolution <= 0:
        return f.copy()
    d = th[:, None] - th[None, :]
    if kind == "gaussian":
        k = np.exp(-0.5 * (d / resolution) ** 2)
    elif kind == "tophat":
        # exact overlap of the top-hat with the trapezoid hat functions is overkill;
        # use a fine-grid-consistent soft edge: fraction of each cell inside the window
        k = (np.abs(d) <= resolution / 2).astype(float)
    else:
        raise ValueError(f"unknown kernel {kind!r}")
    tw = np.zeros_like(th)
    if len(th) > 1:
        dt = np.diff(th)
        tw[:-1] += dt / 2
        tw[1:] += dt / 2
    else:
        tw[:] = 1.0
    kw = k * tw[None, :]
    norm = kw.sum(axis=1)
    return np.tensordot(kw / norm[:, None], f, axes=(1, 0))
