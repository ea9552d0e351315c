"""Neutrino-pair emission current: spin-summed tensors and the two-body function F_ij.

Natural units, all energies, masses and momenta in eV.

The pair current of seed 000 eq. (3) is ``N^k_ij = nubar_i gamma^k (1 - gamma5) nu_j``
(spatial components, k = 1..3), coupled with ``b_ij`` (seed 000 eq. 6).  For emission of
``nu_i(p1) nubar_j(p2)`` the amplitude is ``b_ij ubar(p1) gamma^k (1 - gamma5) v(p2)``.

Conventions
-----------
* Dirac matrices in the Dirac representation, metric ``(+, -, -, -)``, spinors normalised
  Lorentz-invariantly: ``ubar u = 2 m``, ``vbar v = -2 m``.  Spin sums then give the tensor
  ``T^{kl}(p1, p2) = sum_spins N^k N^{l*}`` of :func:`pair_tensor`.  Dividing by
  ``4 E1 E2`` gives the same sum for spinors normalised ``u^dagger u = 1`` (the field-operator
  normalisation in which ``N . N^dagger`` of seed 000 eq. (5) is dimensionless).  Hence
  ``int d^3p1 d^3p2 delta^4(P - p1 - p2) N.N^dagger = int dPhi_2 T^{kk}`` with the invariant
  two-body measure ``dPhi_2 = d^3p1/(2E1) d^3p2/(2E2) delta^4``, ``int dPhi_2 = pi beta / 2``.
* Per *ordered* pair (ij).  Dirac: (ij) and (ji) are distinct processes; add both.
  Majorana: the operators (ij) and (ji) combine (Majorana identities
  ``nubar_j gamma nu_i = -nubar_i gamma nu_j``, ``nubar_j gamma gamma5 nu_i =
  nubar_i gamma gamma5 nu_j``) into one amplitude
  ``ubar_i gamma^k [(b_ij - b_ij^*) - (b_ij + b_ij^*) gamma5] v_j``; for i = j the two
  Wick contractions double the amplitude and identical particles halve the phase space, with
  the same result.  We assign half of the combined rate to each ordering, so that summing
  over all nine ordered pairs gives the total for both Dirac and Majorana.
* The spin-summed tensor of a general current ``ubar gamma^k (V - A gamma5) v`` is
  ``T^{kl} = 4 a (p1^k p2^l + p1^l p2^k - g^{kl} p1.p2) - 4 m1 m2 c g^{kl}
  - 4 i d eps_{kml} (E1 p2^m - E2 p1^m)`` with ``a = |V|^2 + |A|^2``, ``c = |V|^2 - |A|^2``,
  ``d = 2 Re(V A^*)``.  Dirac (V = A = b): ``8 |b|^2 (...)``; Majorana per ordering:
  ``8 |b|^2 (...) + 8 m1 m2 Re(b^2) g^{kl}`` and no antisymmetric part.

Result for seed 000 eq. (6)
---------------------------
Integrating ``T^{kk}`` over two-body phase space (verified numerically against explicit
spinors, see the tests) gives, with ``beta = sqrt((1 - (mi+mj)^2/M^2)(1 - (mi-mj)^2/M^2))``,
``S = mi^2 + mj^2``, ``D = mi^2 - mj^2`` and pair energy ``E``,

``int dPhi_2 T^{kk} = 24 pi beta { |b|^2 [ E^2/18 (1 + S/M^2 - 2 D^2/M^4) + M^2/9 - 5 S/36
+ D^2/(36 M^2) ] - delta_M mi mj Re(b^2) / 2 }``.

Seed 000 eq. (6) prints ``13/36 M^2 - 7/18 S`` instead of ``1/9 M^2 - 5/36 S`` (the printed
bracket exceeds ours by ``(M^2 - S)/4 = p1.p2/2``), the Majorana term as
``(Re b)^2 mi mj`` instead of ``Re(b^2) mi mj / 2``, and the prefactor ``1/(4 pi)`` where
eq. (5) read literally (``u^dagger u = 1`` spinors) gives ``6/pi`` (a factor 24).  The
``E^2/18`` and ``D^2/(36 M^2)`` coefficients agree.  See docs/ranp.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "GAMMA",
    "GAMMA5",
    "dirac_spinors",
    "pair_amplitudes",
    "pair_tensor",
    "pair_tensor_spinor",
    "pair_tensor_numeric",
    "pair_tensor_integrated",
    "phase_space_volume",
    "pair_beta",
    "pair_bracket",
    "pair_function",
    "PAPER_EQ6_COEFFS",
    "DERIVED_EQ6_COEFFS",
]

_S = [np.array([[0, 1], [1, 0]], complex), np.array([[0, -1j], [1j, 0]], complex),
      np.array([[1, 0], [0, -1]], complex)]
_I2, _Z2 = np.eye(2, dtype=complex), np.zeros((2, 2), complex)
GAMMA = np.array([np.block([[_I2, _Z2], [_Z2, -_I2]])]
                 + [np.block([[_Z2, s], [-s, _Z2]]) for s in _S])
"""Dirac matrices gamma^mu (mu = 0..3), Dirac representation, shape (4, 4, 4)."""
GAMMA5 = np.block([[_Z2, _I2], [_I2, _Z2]])
"""gamma5 = i gamma^0 gamma^1 gamma^2 gamma^3 (Dirac representation)."""

# Coefficients of seed 000 eq. (6) bracket: (E^2 term, M^2, S, D^2/M^2, Majorana factor)
PAPER_EQ6_COEFFS = {"E2": 1 / 18, "M2": 13 / 36, "S": -7 / 18, "D2": 1 / 36, "maj": 1.0}
"""Coefficients as printed in seed 000 eq. (6); Majorana term is (Re b)^2 mi mj there."""
DERIVED_EQ6_COEFFS = {"E2": 1 / 18, "M2": 1 / 9, "S": -5 / 36, "D2": 1 / 36, "maj": 0.5}
"""Coefficients confirmed by the spin-summed phase-space integral; Majorana term
``-maj * Re(b^2) mi mj``."""


def dirac_spinors(p: np.ndarray, m: float) -> tuple[np.ndarray, np.ndarray]:
    """Dirac-representation spinors ``u(p, s)`` and ``v(p, s)`` for s = 1, 2.

    Parameters
    ----------
    p : ndarray, shape (..., 3)
        Three-momenta (eV).
    m : float
        Mass (eV); ``m = 0`` requires ``|p| > 0``.

    Returns
    -------
    u, v : ndarray, shape (..., 2, 4)
        Normalised ``ubar u = 2 m``, ``vbar v = -2 m``; ``sum u ubar = pslash + m``,
        ``sum v vbar = pslash - m``.
    """
    p = np.asarray(p, dtype=float)
    e = np.sqrt(np.sum(p**2, axis=-1) + m**2)
    if np.any(e + m <= 0):
        raise ValueError("spinor of a massless particle at rest is undefined")
    sp = np.einsum("...k,kab->...ab", p, np.array(_S))  # sigma.p, (..., 2, 2)
    root = np.sqrt(e + m)[..., None, None]
    xi = np.eye(2, dtype=complex)  # basis spinors as columns
    top_u = root * xi
    bot_u = sp @ xi / root
    u = np.concatenate([top_u, bot_u], axis=-2)  # (..., 4, 2)
    v = np.concatenate([sp @ xi / root, root * xi], axis=-2)
    return np.swapaxes(u, -1, -2), np.swapaxes(v, -1, -2)


def _va(b: complex, majorana: bool) -> tuple[complex, complex, float]:
    """(V, A, weight) of the current ``ubar gamma (V - A gamma5) v`` per ordered pair."""
    if majorana:
        return b - np.conj(b), b + np.conj(b), 0.5
    return complex(b), complex(b), 1.0


def pair_amplitudes(p1: np.ndarray, p2: np.ndarray, m1: float, m2: float, b: complex = 1.0,
                    majorana: bool = False) -> np.ndarray:
    """Explicit-spinor pair currents ``N^k = ubar(p1, s1) gamma^k (V - A gamma5) v(p2, s2)``.

    Dirac: ``V = A = b``; Majorana: ``V = b - b^*``, ``A = b + b^*`` (see module notes).
    Returns shape (..., 2, 2, 3): spins s1, s2 and k = x, y, z.
    """
    V, A, _ = _va(b, majorana)
    u, _ = dirac_spinors(p1, m1)
    _, v = dirac_spinors(p2, m2)
    ubar = np.conj(u) @ GAMMA[0]
    gam = np.array([GAMMA[k] @ (V * np.eye(4) - A * GAMMA5) for k in (1, 2, 3)])
    return np.einsum("...sa,kab,...tb->...stk", ubar, gam, v)


def pair_tensor_spinor(p1: np.ndarray, p2: np.ndarray, m1: float, m2: float, b: complex = 1.0,
                       majorana: bool = False) -> np.ndarray:
    """Spin sum ``sum_{s1 s2} N^k N^{l*}`` from explicit spinors (reference for
    :func:`pair_tensor`); per ordered pair (Majorana: half the combined rate).  Shape (..., 3, 3).
    """
    w = _va(b, majorana)[2]
    n = pair_amplitudes(p1, p2, m1, m2, b, majorana)
    return w * np.einsum("...stk,...stl->...kl", n, np.conj(n))


def pair_tensor(p1: ArrayLike, p2: ArrayLike, m1: float, m2: float, b: complex = 1.0,
                majorana: bool = False) -> np.ndarray:
    """Closed-form spin-summed tensor ``T^{kl} = sum_spins N^k N^{l*}`` at fixed momenta.

    Parameters
    ----------
    p1, p2 : array_like, shape (..., 3)
        Three-momenta of nu_i and of the second neutrino (eV).
    m1, m2 : float
        Masses m_i, m_j (eV).
    b : complex
        Coupling b_ij (seed 000 eq. 6).
    majorana : bool
        Majorana (per ordering, half of the combined (ij)+(ji) amplitude squared) or Dirac.

    Returns
    -------
    ndarray, shape (..., 3, 3), complex, eV^2
        With ``ubar u = 2m`` spinors; divide by ``4 E1 E2`` for ``u^dagger u = 1``.
        Dirac: ``8|b|^2 (p1^k p2^l + p1^l p2^k + delta^{kl} p1.p2)
        - 8 i |b|^2 eps_{kml} (E1 p2^m - E2 p1^m)``; Majorana:
        ``8|b|^2 (...) - 8 m1 m2 Re(b^2) delta^{kl}`` (symmetric).
    """
    p1 = np.asarray(p1, dtype=float)
    p2 = np.asarray(p2, dtype=float)
    V, A, w = _va(b, majorana)
    a = abs(V) ** 2 + abs(A) ** 2
    c = abs(V) ** 2 - abs(A) ** 2
    d = 2 * np.real(V * np.conj(A))
    e1 = np.sqrt(np.sum(p1**2, -1) + m1**2)
    e2 = np.sqrt(np.sum(p2**2, -1) + m2**2)
    dot = e1 * e2 - np.sum(p1 * p2, -1)
    eye = np.eye(3)
    sym = (p1[..., :, None] * p2[..., None, :] + p2[..., :, None] * p1[..., None, :]
           + dot[..., None, None] * eye)
    t = 4 * a * sym + 4 * m1 * m2 * c * eye
    q = e1[..., None] * p2 - e2[..., None] * p1
    eps = np.zeros((3, 3, 3))
    eps[0, 1, 2] = eps[1, 2, 0] = eps[2, 0, 1] = 1
    eps[0, 2, 1] = eps[2, 1, 0] = eps[1, 0, 2] = -1
    anti = np.einsum("kml,...m->...kl", eps, q)
    return w * (t - 4j * d * anti)


def pair_beta(M2: ArrayLike, mi: float, mj: float) -> np.ndarray:
    """``beta = sqrt((1 - (mi+mj)^2/M^2)(1 - (mi-mj)^2/M^2))``, zero below threshold."""
    M2 = np.asarray(M2, dtype=float)
    ok = M2 > (mi + mj) ** 2
    safe = np.where(ok, M2, 1.0)
    val = (1 - (mi + mj) ** 2 / safe) * (1 - (mi - mj) ** 2 / safe)
    return np.where(ok, np.sqrt(np.clip(val, 0, None)), 0.0)


def phase_space_volume(M2: ArrayLike, mi: float, mj: float) -> np.ndarray:
    """Invariant two-body phase space ``int d^3p1/(2E1) d^3p2/(2E2) delta^4 = pi beta / 2``."""
    return 0.5 * np.pi * pair_beta(M2, mi, mj)


def pair_tensor_integrated(E_pair: float, P_vec: ArrayLike, mi: float, mj: float,
                           b: complex = 1.0, majorana: bool = False) -> np.ndarray:
    """Closed form of ``int dPhi_2 T^{kl}`` (3x3 real symmetric, eV^2), pair four-momentum
    ``(E_pair, P_vec)``.

    ``int dPhi_2 p1^mu p2^nu = A g^{mu nu} + B P^mu P^nu`` with
    ``A = Phi (M^2 - 2S + D^2/M^2)/12``, ``B = Phi (1 + S/M^2 - 2 D^2/M^4)/6``, so
    ``int T^{kl} = 8|b|^2 [(2A + B M^2) delta^{kl} + 2 B P^k P^l]
    - 8 delta_M mi mj Re(b^2) Phi delta^{kl}``; the antisymmetric part integrates to zero.
    Zero below threshold.
    """
    P = np.asarray(P_vec, dtype=float)
    M2 = E_pair**2 - P @ P
    phi = float(phase_space_volume(M2, mi, mj))
    if phi == 0.0:
        return np.zeros((3, 3))
    S, D = mi**2 + mj**2, mi**2 - mj**2
    Acoef = phi * (M2 - 2 * S + D**2 / M2) / 12
    Bcoef = phi * (1 + S / M2 - 2 * D**2 / M2**2) / 6
    out = 8 * abs(b) ** 2 * ((2 * Acoef + Bcoef * M2) * np.eye(3) + 2 * Bcoef * np.outer(P, P))
    if majorana:
        out = out - 8 * mi * mj * np.real(b * b) * phi * np.eye(3)
    return out


def _cm_nodes(n_cos: int, n_phi: int) -> tuple[np.ndarray, np.ndarray]:
    x, wx = np.polynomial.legendre.leggauss(n_cos)
    ph = (np.arange(n_phi) + 0.5) * 2 * np.pi / n_phi
    c = np.repeat(x, n_phi)
    s = np.sqrt(1 - c**2)
    phi = np.tile(ph, n_cos)
    n = np.stack([s * np.cos(phi), s * np.sin(phi), c], axis=-1)
    w = np.repeat(wx, n_phi) * (2 * np.pi / n_phi)
    return n, w


def _boost(E_pair: float, P: np.ndarray, pstar: np.ndarray, estar: np.ndarray, M: float):
    """Boost CM four-momenta (estar, pstar) to the frame where the pair has (E_pair, P)."""
    gam = E_pair / M
    pm = np.linalg.norm(P)
    if pm == 0:
        return estar, pstar
    nhat = P / pm
    bg = pm / M  # gamma * v
    par = pstar @ nhat
    e = gam * estar + bg * par
    p = pstar + ((gam - 1) * par + bg * estar)[:, None] * nhat
    return e, p


def pair_tensor_numeric(E_pair: float, P_vec: ArrayLike, m1: float, m2: float,
                        b: complex = 1.0, majorana: bool = False,
                        weight: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
                        n_cos: int = 24, n_phi: int = 24,
                        method: Literal["closed", "spinor"] = "closed"
                        ) -> tuple[np.ndarray, float]:
    """Numerical ``int dPhi_2 w(p1, p2) T^{kl}(p1, p2)`` over two-body phase space.

    Equals ``int d^3p1 d^3p2 delta(E - E1 - E2) delta^3(P - p1 - p2) w N^k N^{l*}`` with
    ``u^dagger u = 1`` spinors (seed 000 eq. 5 without its ``1/(2 pi)^2``).  The integral
    is done in the pair rest frame, ``dPhi_2 = p*/(4M) dOmega*``, with a Gauss-Legendre rule in
    ``cos theta*`` times a midpoint rule in ``phi*`` and the momenta boosted to the lab.

    Parameters
    ----------
    E_pair : float
        Pair energy (eV).
    P_vec : array_like, shape (3,)
        Pair three-momentum (eV).
    m1, m2 : float
        Masses of the two neutrinos (eV).
    b : complex
        Coupling b_ij.
    majorana : bool
        Majorana or Dirac (per ordered pair; see module notes).
    weight : callable, optional
        ``weight(p1, p2)`` for lab momenta of shape (n, 3), returning shape (n,); e.g. a
        finite-size form factor.  Default 1.
    n_cos, n_phi : int
        Nodes in ``cos theta*`` and ``phi*``.
    method : {"closed", "spinor"}
        Spin sum by :func:`pair_tensor` or by explicit spinors (:func:`pair_tensor_spinor`).

    Returns
    -------
    tensor : ndarray (3, 3), complex, eV^2
    err : float
        Error estimate: max abs difference to the same rule with half the nodes.
    """
    P = np.asarray(P_vec, dtype=float)
    M2 = E_pair**2 - P @ P
    if M2 <= (m1 + m2) ** 2:
        return np.zeros((3, 3), complex), 0.0
    M = np.sqrt(M2)

    def run(nc: int, nph: int) -> np.ndarray:
        n, w = _cm_nodes(nc, nph)
        ps = np.sqrt((M2 - (m1 + m2) ** 2) * (M2 - (m1 - m2) ** 2)) / (2 * M)
        e1s = np.sqrt(ps**2 + m1**2)
        e2s = np.sqrt(ps**2 + m2**2)
        _, p1 = _boost(E_pair, P, ps * n, np.full(len(w), e1s), M)
        _, p2 = _boost(E_pair, P, -ps * n, np.full(len(w), e2s), M)
        f = pair_tensor_spinor if method == "spinor" else pair_tensor
        t = f(p1, p2, m1, m2, b, majorana)
        ww = w if weight is None else w * np.asarray(weight(p1, p2))
        return ps / (4 * M) * np.einsum("n,nkl->kl", ww, t)

    full = run(n_cos, n_phi)
    half = run(max(n_cos // 2, 1), max(n_phi // 2, 1))
    return full, float(np.max(np.abs(full - half)))


def pair_bracket(M2: ArrayLike, E_pair: ArrayLike, mi: float, mj: float, b: complex,
                 majorana: bool = False, coefficients: Literal["derived", "paper"] = "derived"
                 ) -> np.ndarray:
    """The curly bracket of seed 000 eq. (6) (eV^2), including the Majorana term.

    ``coefficients="derived"`` uses :data:`DERIVED_EQ6_COEFFS` (confirmed by the
    phase-space integral): Majorana term ``-Re(b^2) mi mj / 2``.  ``"paper"`` uses
    :data:`PAPER_EQ6_COEFFS` and the printed Majorana term ``-(Re b)^2 mi mj``.
    Requires ``M2 > 0``.
    """
    M2 = np.asarray(M2, dtype=float)
    E = np.asarray(E_pair, dtype=float)
    if np.any(M2 <= 0):
        raise ValueError("pair_bracket needs M^2 > 0")
    cf = DERIVED_EQ6_COEFFS if coefficients == "derived" else PAPER_EQ6_COEFFS
    S, D = mi**2 + mj**2, mi**2 - mj**2
    br = abs(b) ** 2 * (cf["E2"] * E**2 * (1 + S / M2 - 2 * D**2 / M2**2) + cf["M2"] * M2
                        + cf["S"] * S + cf["D2"] * D**2 / M2)
    if majorana:
        mterm = np.real(b * b) if coefficients == "derived" else np.real(b) ** 2
        br = br - cf["maj"] * mterm * mi * mj
    return br


def pair_function(M2: ArrayLike, E_pair: ArrayLike, mi: float, mj: float, b: complex,
                  majorana: bool = False, coefficients: Literal["derived", "paper"] = "derived",
                  normalization: Literal["paper", "eq5"] = "paper") -> np.ndarray:
    """Two-body function ``F_ij(M^2, E)`` of seed 000 eqs. (5)-(6), per ordered pair, eV^2.

    ``F_ij = pref * beta * bracket`` times the threshold step ``Theta(M^2 - (mi+mj)^2)``.

    Parameters
    ----------
    M2 : array_like
        Pair invariant mass squared (eV^2); ``F = 0`` where ``M2 <= (mi + mj)^2``.
    E_pair : array_like
        Pair energy ``eps_eg + omega0 - omega`` (eV).
    mi, mj : float
        Masses (eV).
    b : complex
        ``b_ij``.
    majorana : bool
        Majorana (``delta_M = 1``) or Dirac.
    coefficients : {"derived", "paper"}
        Bracket coefficients (see :func:`pair_bracket`).
    normalization : {"paper", "eq5"}
        ``"paper"``: prefactor ``1/(4 pi)`` of eq. (6), the normalisation in which seed 000
        eqs. (4), (7), (8) are written (4 pi sum F -> eps^2/24 for massless, M^2 -> 0).
        ``"eq5"``: eq. (5) taken literally with ``u^dagger u = 1`` spinors, prefactor
        ``6/pi`` (24 times larger).
    """
    M2 = np.asarray(M2, dtype=float)
    E = np.asarray(E_pair, dtype=float)
    beta = pair_beta(M2, mi, mj)
    ok = beta > 0
    safe = np.where(ok, M2, 1.0)
    br = pair_bracket(safe, E, mi, mj, b, majorana, coefficients)
    pref = 1 / (4 * np.pi) if normalization == "paper" else 6 / np.pi
    return np.where(ok, pref * beta * br, 0.0)
