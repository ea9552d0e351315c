"""The projected finite-size rule, vectorised over hypotheses, angles and pairs.

Same integral and same rule as :mod:`expdesign.physics.phasespace.projected` (the
cylinder form factor projected on the pair momentum; seed 001 eqs. 12-15 for the two-body
function), split into

* a **mass-independent part**, :class:`ProjectedGeometry` (pair momentum ``|Q|``, spin
  projection, direction ``psi``, support ``T``, the kink slope of the projection and the
  cubic-spline table of ``p(k)`` on ``|k| <= k1``, per angle), built once per design and
  angle grid and cached (:func:`projected_geometry`); plain arrays, so it pickles to
  worker processes;
* a **mass-dependent part**, :func:`projected_integrals`, evaluated for every cell
  (hypothesis x angle x pair) at once: the kinematic edge ``k_e = |Q| - p_edge`` moves with
  the masses, so the edge-adapted pieces (``k = k_e + u^2`` on the piece that ends at an
  edge) are placed per cell, but only from the cached Gauss-Legendre ladders (a few
  distinct orders), and all cells sharing a piece kind and order are evaluated as one
  (cells, nodes) array.

With ``far_core=False`` the pieces, orders and substitutions are exactly those of the
cell-by-cell :func:`~expdesign.physics.phasespace.projected.distribution_projected_loop`;
only the order of the floating-point sums differs
(``tests/physics/phasespace/test_projected_batch.py`` compares the two to 1e-12, including
a massless pair and cells on both sides of an edge).  By default (``far_core=True``) a
cell whose edge lies at least two core half-widths below the core (the allowed side away
from the edge: most angles of a 0-180 degree grid) integrates the core ``|k| <= k1`` with
a cached product rule: g(Q - k) is analytic there, so its degree-24 interpolant on fixed
nodes times the exact moments of the p(k) spline (:func:`far_core_weights`, computed once
per angle) replaces ~500 evaluations of g by 25; measured against 8x the piecewise
orders it is 1e-9 off where the piecewise rule is 4e-7 off.
Units: eV and eV^-1 in, eV^5 out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import numpy as np

from expdesign.physics.phasespace.formfactors import cylinder_volume
from expdesign.physics.phasespace.kinematics import Kinematics
from expdesign.physics.phasespace.projected import kink_slope, projected_table, support
from expdesign.physics.phasespace.quadrature import gauss_legendre, gauss_legendre_ladder
from expdesign.physics.phasespace.weights import SpinLike, drop_y_odd, spin_proj

__all__ = ["ProjectedGeometry", "projected_geometry", "geometry_from_momenta",
           "projected_integrals", "clear_geometry"]

_CHUNK = 262_144
"""Largest (cells x nodes) array evaluated at once (a few MB per temporary: in cache)."""


@dataclass(frozen=True)
class ProjectedGeometry:
    """The mass-independent part of the projected rule at n angles (eV, eV^-1).

    Attributes: ``theta`` (n,) rad; ``Q`` (n,) |Q| eV; ``proj2`` (n,) (s.n)^2; ``psi`` (n,)
    rad from the cylinder axis; ``T`` (n,) support of the autocorrelation, eV^-1;
    ``a_over`` (n,) tail coefficient ``a / (pi^2 R^2 L)`` (eV); ``k1`` core half-width (eV);
    ``norm`` ``(2 pi)^3 / V`` (eV^3); ``eps`` pair energy (eV): one for every angle (the
    crystal's resonant trigger), or an (n,) array, one per point (the gas spectrum of
    :mod:`expdesign.physics.atomic_cell`, whose pair energy moves with the photon);
    ``knots`` (n, m + 1) spline knots (eV, padded); ``coef`` (n, 4, m) spline
    coefficients (padded); ``nseg`` (n,) segments; ``far_x`` (FAR_ORDER + 1,) and
    ``far_w`` (n, FAR_ORDER + 1): the interpolatory rule
    ``int_{-k1}^{k1} p(k) f(k) dk ~= sum_j far_w[i, j] f(k1 far_x[j])`` for f smooth
    on the core (see :func:`far_core_weights`).
    """

    theta: np.ndarray
    Q: np.ndarray
    proj2: np.ndarray
    psi: np.ndarray
    T: np.ndarray
    a_over: np.ndarray
    k1: float
    norm: float
    eps: float | np.ndarray
    knots: np.ndarray
    coef: np.ndarray
    nseg: np.ndarray
    far_x: np.ndarray
    far_w: np.ndarray

    def p(self, i: np.ndarray, k: np.ndarray) -> np.ndarray:
        """The tabulated projection p(k) (eV^-1) at angle indices ``i`` (cells, 1), |k| <= k1."""
        ak = np.abs(k)
        # the knots are uniform (numpy.linspace from 0): x_j = j * step exactly
        idx = np.clip(np.floor(ak / self.knots[i, 1]).astype(np.intp), 0, self.nseg[i] - 1)
        ii = np.broadcast_to(i, ak.shape)
        dx = ak - self.knots[ii, idx]
        c = self.coef
        return ((c[ii, 0, idx] * dx + c[ii, 1, idx]) * dx + c[ii, 2, idx]) * dx + c[ii, 3, idx]


def projected_geometry(theta_s, R: float, L: float, spin: SpinLike, kin: Kinematics
                       ) -> ProjectedGeometry:
    """The mass-independent part at the angles ``theta_s`` (rad) for a cylinder of radius R
    and length L (eV^-1), cached on its arguments (tensors by value)."""
    theta = tuple(float(t) for t in np.atleast_1d(np.asarray(theta_s, dtype=float)))
    sp = drop_y_odd(spin)
    key = sp if isinstance(sp, str) else tuple(np.asarray(sp, dtype=float).ravel())
    return _geometry(theta, float(R), float(L), key, kin)


@lru_cache(maxsize=32)
def _geometry(theta_t: tuple[float, ...], R: float, L: float, spin_key, kin: Kinematics
              ) -> ProjectedGeometry:
    spin = cast(SpinLike, spin_key if isinstance(spin_key, str)
                else np.reshape(spin_key, (3, 3)))
    theta = np.asarray(theta_t, dtype=float)
    qz, qx = kin.Q(theta)
    return geometry_from_momenta(qz, qx, float(kin.eps_ep), R, L, spin, theta)


def geometry_from_momenta(qz, qx, eps, R: float, L: float, spin: SpinLike,
                          theta=None) -> ProjectedGeometry:
    """The mass-independent part for pair momenta ``Q = (qx, 0, qz)`` (eV, in the x-z
    plane, cylinder axis z) and pair energies ``eps`` (eV; a scalar, or one per momentum),
    cylinder radius R and length L (eV^-1).  ``theta`` labels the points (rad; default
    their indices).  Not cached: :func:`projected_geometry` caches the crystal's; the p(k)
    tables are cached per direction (:func:`~.projected.projected_table`)."""
    qz = np.atleast_1d(np.asarray(qz, dtype=float))
    qx = np.atleast_1d(np.asarray(qx, dtype=float))
    n = len(qz)
    theta = np.arange(n, dtype=float) if theta is None else np.asarray(theta, dtype=float)
    e = np.asarray(eps, dtype=float)
    if e.ndim and e.shape != (n,):
        raise ValueError(f"eps must be a scalar or one per momentum ({n}), got {e.shape}")
    Q = np.hypot(qz, qx)
    nz, nx = qz / np.maximum(Q, 1e-300), qx / np.maximum(Q, 1e-300)
    proj2 = np.array([float(spin_proj(spin, nz[i], nx[i], 0.0, 1.0)) for i in range(n)])
    psi = np.arctan2(np.abs(qx), qz)
    k1 = 200.0 / min(L, 2 * R)
    # everything below depends on the direction only: once per distinct psi (the gas
    # spectrum's momenta often share one direction; the crystal's angles rarely do)
    upsi, inv = np.unique(psi, return_inverse=True)
    T = np.array([support(float(p), R, L) for p in upsi])[inv]
    a_over = np.array([kink_slope(float(p), R, L) for p in upsi])[inv] / (
        np.pi * np.pi * R**2 * L)
    utables = [projected_table(float(p), R, L, k1).spline for p in upsi]
    m = max(len(t.x) for t in utables)
    knots = np.full((n, m), np.inf)
    coef = np.zeros((n, 4, m - 1))
    nseg = np.zeros(n, dtype=np.intp)
    for i, j in enumerate(inv):
        t = utables[j]
        knots[i, : len(t.x)] = t.x
        coef[i, :, : len(t.x) - 1] = t.c
        nseg[i] = len(t.x) - 1
    far_x = gauss_legendre(FAR_ORDER + 1)[0]
    far_w = np.stack([far_core_weights(t.x, t.c, k1, far_x) for t in utables])[inv]
    return ProjectedGeometry(theta, Q, proj2, psi, T, a_over, k1,
                             (2 * np.pi) ** 3 / cylinder_volume(R, L),
                             float(e) if e.ndim == 0 else e.copy(),
                             knots, coef, nseg, np.asarray(far_x), far_w)


FAR_ORDER = 24
"""Degree of the interpolant of g on the core for cells whose edge is at least
``FAR_GAP`` core half-widths away (g analytic in an ellipse of parameter
``rho >= 2 + sqrt(3)``: interpolation error ~ rho^-24 ~ 2e-14)."""

FAR_GAP = 2.0


def far_core_weights(x: np.ndarray, c: np.ndarray, k1: float, nodes: np.ndarray
                     ) -> np.ndarray:
    """Weights ``w_j = int_{-k1}^{k1} p(|k|) l_j(k / k1) dk`` of the Lagrange basis
    ``l_j`` on ``nodes`` (in [-1, 1]) for the cubic spline p (knots ``x`` on [0, k1],
    coefficients ``c`` as scipy's PPoly): the product rule for p(k) times a smooth
    function.  The moments ``int p P_n`` (Legendre) are exact sums over the spline
    segments (8-point Gauss-Legendre per segment: exact for the cubic times P_n to
    rounding at the segment widths used, pi / (8 T)); p is even, so odd moments vanish.
    """
    d = len(nodes) - 1
    xg, wg = gauss_legendre(8)
    h = np.diff(x)
    u = 0.5 * (xg[None, :] + 1) * h[:, None]  # offsets within each segment
    k = x[:-1, None] + u
    pk = ((c[0][:, None] * u + c[1][:, None]) * u + c[2][:, None]) * u + c[3][:, None]
    wk = 0.5 * wg[None, :] * h[:, None]
    leg = np.polynomial.legendre.legvander((k / k1).ravel(), d)  # (M, d + 1)
    mom = 2.0 * ((pk * wk).ravel() @ leg)
    mom[1::2] = 0.0
    V = np.polynomial.legendre.legvander(nodes, d)  # V[j, n] = P_n(x_j)
    return np.linalg.solve(V.T, mom)


def clear_geometry() -> None:
    """Empty the cache of :func:`projected_geometry`."""
    _geometry.cache_clear()


def _order(n_core: int, lo: np.ndarray, hi: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Core order of :func:`~expdesign.physics.phasespace.projected.distribution_projected`:
    ``max(n_core, n_core (hi - lo) T / 50)`` (p(k) oscillates with period ~2 pi / T)."""
    return np.maximum(n_core, n_core * (hi - lo) * T / 50.0).astype(np.intp)


def _ladder(n: int) -> int:
    return len(gauss_legendre_ladder(int(n))[0])


def projected_integrals(geom: ProjectedGeometry, pair_masses: np.ndarray,
                        error: bool = False, n_core: int = 40, n_tail: int = 48,
                        far_core: bool = True
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """J_D, J_M (eV^5) of every hypothesis, angle and pair, and their error estimates.

    Parameters
    ----------
    geom
        The mass-independent part (:func:`projected_geometry`).
    pair_masses
        (H, P, 2) masses (m_i, m_j) of the P pairs of H hypotheses (eV); P = 6 for three
        masses, 10 for four (any P works: the pair axis is just an axis).
    error
        Also return the change when the rule orders are halved (the estimate of
        :func:`~expdesign.physics.phasespace.projected.distribution_projected`; the
        halved rule never uses the far-core rule, so its error is estimated too);
        otherwise the error arrays are zeros and cost nothing.
    far_core
        Cells whose kinematic edge lies more than ``FAR_GAP`` core half-widths below the
        core (allowed side, away from the edge) integrate the core with the cached
        product rule of :func:`far_core_weights` (25 evaluations of g instead of ~500);
        ``False``: the piecewise rule everywhere, exactly as the cell-by-cell form.

    Returns
    -------
    (J_D, J_M, err_D, err_M)
        Each (H, n_angles, P), eV^5, normalisation of :mod:`expdesign.physics.phasespace`.
    """
    pm = np.asarray(pair_masses, dtype=float)
    if pm.ndim != 3 or pm.shape[2] != 2:
        raise ValueError(f"pair_masses must be (H, P, 2), got shape {pm.shape}")
    H, P = pm.shape[0], pm.shape[1]
    n = len(geom.theta)
    shape = (H, n, P)
    ia = np.broadcast_to(np.arange(n)[None, :, None], shape).ravel()
    m1 = np.broadcast_to(pm[:, None, :, 0], shape).ravel()
    m2 = np.broadcast_to(pm[:, None, :, 1], shape).ravel()
    d, mj = _integrate(geom, ia, m1, m2, n_core, n_tail, far_core)
    zD, zM = np.zeros(shape), np.zeros(shape)
    if error:
        d2, m2_ = _integrate(geom, ia, m1, m2, n_core // 2, n_tail // 2, False)
        zD = np.abs(d2 - d).reshape(shape) * geom.norm
        zM = np.abs(m2_ - mj).reshape(shape) * geom.norm
    return d.reshape(shape) * geom.norm, mj.reshape(shape) * geom.norm, zD, zM


def _integrate(geom: ProjectedGeometry, ia: np.ndarray, m1: np.ndarray, m2: np.ndarray,
               n_core: int, n_tail: int, far_core: bool = False
               ) -> tuple[np.ndarray, np.ndarray]:
    """Sum over the pieces of every cell; returns (J_D, J_M) / norm per cell."""
    Q, T, k1 = geom.Q[ia], geom.T[ia], geom.k1
    eps = np.broadcast_to(np.asarray(geom.eps, dtype=float), geom.Q.shape)[ia]
    pe2 = eps**2 - (m1 + m2) ** 2
    live = pe2 > 0
    pe = np.sqrt(np.where(live, pe2, 0.0))
    lo_a, hi_a = Q - pe, Q + pe
    outD = np.zeros(len(ia))
    outM = np.zeros(len(ia))
    pieces: list[tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    # core [-k1, k1] clipped to the allowed interval, split at 0
    a2, b2 = np.maximum(-k1, lo_a), np.minimum(k1, hi_a)
    far = live & (lo_a < -FAR_GAP * k1) & (hi_a > FAR_GAP * k1) if far_core \
        else np.zeros(len(ia), bool)
    core = live & (b2 > a2) & ~far
    split = core & (a2 < 0) & (b2 > 0)
    for lo, hi, sel in ((a2, np.where(split, 0.0, b2), core),
                        (np.zeros_like(a2), b2, split)):
        nc = _order(n_core, lo, hi, T)
        at_lo = np.isclose(lo, lo_a)
        at_hi = ~at_lo & np.isclose(hi, hi_a)
        plain = ~at_lo & ~at_hi
        pieces.append(("sqrt_lo", sel & at_lo, lo, hi, 2 * nc))
        pieces.append(("sqrt_hi", sel & at_hi, lo, hi, 2 * nc))
        pieces.append(("plain", sel & plain, lo, hi, nc))
    pieces.append(("far", far, a2, b2, np.full(len(ia), FAR_ORDER + 1)))
    # tails: |k| > k1 with the asymptote a / (pi V k^2), Gauss-Legendre in log |k|
    lo_t, hi_t = np.maximum(k1, lo_a), hi_a
    pieces.append(("tail+", live & (hi_t > lo_t), lo_t, hi_t, np.full(len(ia), n_tail)))
    lo_t, hi_t = lo_a, np.minimum(-k1, hi_a)
    pieces.append(("tail-", live & (hi_t > lo_t), lo_t, hi_t, np.full(len(ia), n_tail)))
    for kind, sel, lo, hi, order in pieces:
        if not np.any(sel):
            continue
        rung = np.array([o if kind == "far" else _ladder(o) for o in np.unique(order[sel])])
        ladder_of = dict(zip(np.unique(order[sel]).tolist(), rung.tolist(), strict=True))
        m_of = np.array([ladder_of[o] for o in order[sel].tolist()])
        cells = np.flatnonzero(sel)
        for m in np.unique(m_of):
            grp = cells[m_of == m]
            step = max(1, _CHUNK // int(m))
            for s in range(0, len(grp), step):
                c = grp[s:s + step]
                gD, gM = _piece(geom, kind, int(m), c, ia, lo, hi, Q, m1, m2, eps)
                outD[c] += gD
                outM[c] += gM
    return outD, outM


def _piece(geom: ProjectedGeometry, kind: str, m: int, c: np.ndarray, ia: np.ndarray,
           lo: np.ndarray, hi: np.ndarray, Q: np.ndarray, m1: np.ndarray, m2: np.ndarray,
           eps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One piece kind at ladder order m for the cells c: sum_nodes w p(k) g(Q - k)."""
    i = ia[c, None]
    if kind == "far":  # the cached product rule: weights include p(k)
        k = geom.k1 * np.broadcast_to(geom.far_x, (len(c), m))
        return _sum_g(geom, geom.far_w[ia[c]], k, i, Q[c, None], m1[c, None], m2[c, None],
                      eps[c, None])
    x, w = gauss_legendre_ladder(m)
    a, b = lo[c, None], hi[c, None]
    if kind in ("sqrt_lo", "sqrt_hi"):
        u = 0.5 * (x + 1) * np.sqrt(b - a)
        wk = 2 * u * (0.5 * w * np.sqrt(b - a))
        k = a + u**2 if kind == "sqrt_lo" else b - u**2
    elif kind == "plain":
        k = 0.5 * (b - a) * (x + 1) + a
        wk = np.broadcast_to(0.5 * (b - a) * w, k.shape)
    else:
        sgn = 1.0 if kind == "tail+" else -1.0
        alo, ahi = np.minimum(np.abs(a), np.abs(b)), np.maximum(np.abs(a), np.abs(b))
        ya, yb = np.log(alo), np.log(ahi)
        s, ws = 0.5 * (x + 1), 0.5 * w  # smoothstep map of projected._log_rule
        kk = np.exp(ya + (yb - ya) * s * s * (3 - 2 * s))
        wk = 6 * (yb - ya) * s * (1 - s) * ws * kk
        k = sgn * kk
    if kind.startswith("tail"):
        pk = geom.a_over[i] / k**2
    else:
        pk = geom.p(i, k)
    return _sum_g(geom, wk * pk, k, i, Q[c, None], m1[c, None], m2[c, None], eps[c, None])


def _sum_g(geom: ProjectedGeometry, wp: np.ndarray, k: np.ndarray, i: np.ndarray,
           Q: np.ndarray, m1: np.ndarray, m2: np.ndarray, eps: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """``sum_nodes wp g(Q - k)`` per cell (row), g the two-body function of
    :func:`~expdesign.physics.phasespace.kinematics.two_body` (seed 001 eqs. 12-15)
    written with fewer temporaries: with ``M^2 = eps^2 - P^2``, ``lambda`` the Kallen
    function, ``pref = 2 pi sqrt(lambda) / M^2``, ``p*^2 = lambda / (4 M^2)``,
    ``E1* E2* = (M^2 - (m1^2 - m2^2)^2 / M^2) / 4``:
    ``g_D = pref (2 (E1* E2* - p*^2/3) / M^2 (s.P)^2 - 2 p*^2 / 3 + (M^2 - m1^2 - m2^2)/2)``
    and ``g_M = -m1 m2 pref``, zero below threshold (tests compare with two_body)."""
    P2 = Q - k
    P2 *= P2
    M2 = eps * eps - P2
    thr = (m1 + m2) ** 2
    ok = M2 > thr
    lam = (M2 - thr) * (M2 - (m1 - m2) ** 2)
    lam[~ok] = 0.0
    M2[~ok] = 1.0
    inv = 1.0 / M2
    pref = np.sqrt(lam)
    pref *= inv
    pref *= 2 * np.pi
    ps2 = lam
    ps2 *= 0.25 * inv  # p*^2
    dd = (m1 * m1 - m2 * m2) ** 2
    a = (M2 - dd * inv) * 0.25  # E1* E2*
    a -= ps2 / 3
    a *= inv
    a *= 2 * geom.proj2[i]
    a *= P2  # 2 a (s.P)^2
    a -= (2.0 / 3.0) * ps2
    a += 0.5 * (M2 - m1 * m1 - m2 * m2)
    wpref = wp * pref
    return np.sum(wpref * a, axis=1), -(m1 * m2)[:, 0] * np.sum(wpref, axis=1)
