"""Photon geometry of the RENP scheme, pair masses and the closed-form two-body function.

Geometry (seed 001 eqs. (4)-(5), (21)-(22), (27)-(29)): the excitation photons
``k1 = omega1 z`` and ``k2 = omega2 (sin theta_e, 0, cos theta_e)`` and the trigger /
signal photon ``k_s = omega_s (sin theta_s, 0, cos theta_s)`` lie in the x-z plane; the
pair absorbs ``Q = n_r (k1 + k2 - k_s)`` (n_r the refractive index) and carries the
energy ``eps = eps_ep`` of the resonant trigger.

The two-body function
---------------------
At fixed pair energy eps and momentum P (invariant mass M^2 = eps^2 - P^2) the
relative-direction integral is Lorentz covariant:
``int d^3p1 d^3p2/(E1 E2) delta^4(p1 + p2 - P) p1^mu p2^nu = (4 pi p*/M)
(a P^mu P^nu + b M^2 g^{mu nu})`` with ``b = p*^2/3``,
``a = (E1* E2* - p*^2/3) / M^2`` (CM-frame energies E_i*, momentum p*), giving

    g_D(P) = 4 pi p*/M [2 a (s.P)^2 - 2 b + (M^2 - m_i^2 - m_j^2)/2],
    g_M(P) = 4 pi p*/M (-m_i m_j)

for the unit spin-current direction s.  It has a square-root threshold where M reaches
m_i + m_j (the kinematic edge) and vanishes beyond.  :func:`two_body` evaluates it on the
real axis, :func:`two_body_complex` continues it analytically (the steepest-descent
paths of the edge rule); both share :func:`two_body_terms`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from expdesign.physics.kinematics import renp_pair_momentum
from expdesign.physics.neutrino import check_masses, pairs

__all__ = [
    "Kinematics",
    "kinematics_from_levels",
    "er_ylf_kinematics",
    "pair_masses",
    "cm_frame",
    "two_body_terms",
    "two_body",
    "two_body_complex",
]


@dataclass(frozen=True, kw_only=True)
class Kinematics:
    """Photon energies (eV), refractive index, pair energy (eV) and angle of k2 (rad).

    No defaults: build it from a target's levels with :func:`kinematics_from_levels`
    (:func:`er_ylf_kinematics` for the Er3+:YLF scheme of seed 001 eqs. (25)-(29)).
    ``theta_e = None`` takes eq. (29) with sin(theta_e) > 0.
    """

    omega1: float
    omega2: float
    omega_s: float
    n_r: float
    eps_ep: float
    theta_e: float | None = None

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
        q = renp_pair_momentum(theta_s, self.theta_e_rad, self.omega1, self.omega2,
                               self.omega_s, self.n_r)
        return q[..., 2], q[..., 0]

    def k_max(self) -> float:
        """A bound (eV) on every momentum mismatch |K| with g(Q - K) != 0, with a 1.5 margin:
        ``1.5 (n_r (omega1 + omega2 + omega_s) + eps_ep)``."""
        return 1.5 * (self.n_r * (self.omega1 + self.omega2 + self.omega_s) + self.eps_ep)

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


def kinematics_from_levels(energies: dict[str, float], n_r: float,
                           theta_e: float | None = None) -> Kinematics:
    """The RENP scheme g -> e (photons omega1 + omega2), e -> p (pair + trigger omega_s).

    ``energies`` (eV) of the levels ``g``, ``p``, ``q`` (the intermediate level of the
    excitation) and ``e``: ``omega1 = E_q - E_g``, ``omega2 = E_e - E_q``,
    ``omega_s = E_p - E_g`` (resonant trigger) and ``eps_ep = E_e - E_p``
    (seed 001 eqs. (25)-(27)).
    """
    e = energies
    return Kinematics(omega1=e["q"] - e["g"], omega2=e["e"] - e["q"], omega_s=e["p"] - e["g"],
                      n_r=n_r, eps_ep=e["e"] - e["p"], theta_e=theta_e)


def _target_json(name: str) -> dict[str, Any]:
    """A shipped target file: package data of ``expdesign.targets`` when installed, else
    the ``targets/`` folder beside the source tree."""
    try:
        text = resources.files("expdesign.targets").joinpath(f"{name}.json").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        text = (Path(__file__).resolve().parents[3] / "targets" / f"{name}.json").read_text(
            "utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _ev(value: str) -> float:
    number, unit = value.split()
    if unit != "eV":
        raise ValueError(f"level energy {value!r} is not in eV")
    return float(number)


def er_ylf_kinematics() -> Kinematics:
    """The Er3+:YLF scheme of seed 001, read from ``targets/er_ylf.json``.

    Level energies of seed 001 eqs. (25)-(26) (g 0, p 0.805, q 1.286, e 2.3946 eV), so
    omega1 = 1.286, omega2 = 1.1086, omega_s = 0.805 and eps_ep = 1.5896 eV (eq. 27);
    n_r = 1.45 (seed 001 after eq. (22)); theta_e from eq. (29).
    """
    data = _target_json("er_ylf")
    levels = {lv["label"]: _ev(lv["energy"]) for lv in data["levels"]}
    return kinematics_from_levels(levels, float(data["refractive_index"]["value"]))


def pair_masses(masses) -> np.ndarray:
    """(P, 2) array of (m_i, m_j) in :func:`expdesign.physics.neutrino.pairs` order from
    (m1, ..., mN) in eV: P = 6 for three states (:data:`~expdesign.physics.neutrino.PAIRS`),
    10 with a sterile state.  A ``ValueError`` for masses that are not 1-D, finite, >= 0."""
    m = check_masses(masses, where="phasespace")
    return np.array([[m[i], m[j]] for i, j in pairs(m.size)])


def cm_frame(M2, m1, m2):
    """Rest-frame kinematics of a pair of invariant mass squared M2 (eV^2).

    Returns ``(ok, M2s, M, p*, E1*)``: ``ok = M2 > (m1 + m2)^2``; ``M2s`` is M2 where ok
    and ``(m1 + m2)^2 + 1`` elsewhere (a harmless placeholder, so nothing below threshold
    divides by zero); ``M = sqrt(M2s)``, ``p* = sqrt(lambda(M2s, m1^2, m2^2)) / (2 M)``
    and ``E1* = (M2s + m1^2 - m2^2) / (2 M)`` (eV).
    """
    thr = (m1 + m2) ** 2
    ok = M2 > thr
    M2s = np.where(ok, M2, thr + 1.0)
    lam = np.clip((M2s - thr) * (M2s - (m1 - m2) ** 2), 0.0, None)
    M = np.sqrt(M2s)
    ps = np.sqrt(lam) / (2 * M)
    e1 = (M2s + m1**2 - m2**2) / (2 * M)
    return ok, M2s, M, ps, e1


def two_body_terms(M2, M, ps, e1e2, sP2, m1, m2):
    """(g_D, g_M) of the module doc from ``M^2``, ``M``, ``p*``, ``E1* E2*`` and ``(s.P)^2``
    (real or complex arrays; no threshold mask)."""
    ps2 = ps * ps
    a = (e1e2 - ps2 / 3) / M2
    pref = 4 * np.pi * ps / M
    gD = pref * (2 * a * sP2 - 2 * (ps2 / 3) + 0.5 * (M2 - m1**2 - m2**2))
    return gD, pref * (-m1 * m2)


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
    # cm_frame and two_body_terms in one pass (issue 22): 4 pi p*/M = 2 pi sqrt(lambda)/M^2,
    # p*^2 = lambda/(4 M^2), E1* E2* = (M^4 - (m1^2 - m2^2)^2)/(4 M^2): no sqrt of M^2
    M2 = eps**2 - P2
    thr = (m1 + m2) ** 2
    ok = M2 > thr
    M2s = np.where(ok, M2, thr + 1.0)  # placeholder below threshold (masked at the end)
    lam = np.maximum((M2s - thr) * (M2s - (m1 - m2) ** 2), 0.0)
    inv = 1.0 / M2s
    f = (2 * np.pi) * np.sqrt(lam) * inv
    ps2 = 0.25 * lam * inv
    a = (0.25 * (M2s * M2s - (m1 * m1 - m2 * m2) ** 2) * inv - ps2 / 3) * inv
    gD = f * (2 * a * sP2 - (2.0 / 3.0) * ps2 + 0.5 * (M2s - m1 * m1 - m2 * m2))
    return np.where(ok, gD, 0.0), np.where(ok, f * (-m1 * m2), 0.0)


def two_body_complex(M2, sqlam, sP2, m1: float, m2: float):
    """:func:`two_body` written in M^2 and sqrt(lambda), valid for complex arguments (the
    analytic continuation used on steepest-descent paths; no threshold mask).

    ``E1* E2* = (M^4 - (m1^2 - m2^2)^2) / (4 M^2)``, ``p* = sqrt(lambda) / (2 M)``.
    """
    M = np.sqrt(M2)
    ps = sqlam / (2 * M)
    e1e2 = (M2 * M2 - (m1**2 - m2**2) ** 2) / (4 * M2)
    return two_body_terms(M2, M, ps, e1e2, sP2, m1, m2)
