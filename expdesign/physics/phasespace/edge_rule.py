"""Edge-aware rule for the 3D finite-size pair integral near the kinematic edges.

The integral is that of :func:`expdesign.physics.phasespace.distribution` (mode ``'3d'``,
seed 001 eqs. (12)-(15)):

    J = int d^3K U(K_z L/2) W(|K_perp| R) g(Q - K),

with the closed-form two-body function g (eV^2), which vanishes outside the sphere
``|Q - K| = P_max = sqrt(eps^2 - (m_i + m_j)^2)`` and has a square-root edge on it.
Far from the edges the tensor product rule
(:mod:`expdesign.physics.phasespace.product_rule`) is accurate; near them
(within a few degrees of signal angle) the edge sphere cuts through the tail panels or the
core of the form factor, and a rule whose nodes ignore it converges slowly.  This module
places break points on the sphere.

Variables: ``x = K_z L/2``, ``y = |K_perp| R``, ``phi`` the azimuth of K_perp from the
x axis (the k1-k2 plane), ``d^3K = (2/L)(1/R^2) dx y dy dphi``; phi in [0, pi], doubled
(g is even in K_y for spin directions in the x-z plane).

Decomposition (exact up to the two neglected terms named below)::

    U = U_c + U_a + U_w          W y = W_c + W_t
    U_c = U on |x| <= T, plus the integral of U - U_avg over |x| > T placed at x = +-T
    U_a = U_avg = 1/(2 x^2) on |x| > T
    U_w = (U - U_avg) on |x| > T minus what U_c placed at +-T: windows of +-n_w periods
          around every break point, integrated pointwise, with the boundary terms
          -Osc1(a) f(a) + Osc1(b) f(b) (Osc1(t) = int_t^inf (U - U_avg)); away from the
          windows (U - U_avg) f integrates to O(f' / x^2) (first neglected term)
    W_c = W y chi(y),  W_t = W y (1 - chi(y)),  chi a C^2 step from 1 (y <= T1) to 0 (y >= T2)

and the blocks (inner integral first; break points only in inner integrals)::

    CC: x inner over U_c (dense pointwise, breaks)   x  (y, phi) outer over W_c
    TC: x inner over U_a + U_w (breaks, windows)     x  (y, phi) outer over W_c
    CT: y inner over W_t (dense on [T1, T2], W_avg y beyond with breaks, windows, lump)
        x  (x, phi) outer over U_c
    TT1: y inner over W_t  x  (x, phi) outer over U_a
    TT2: x inner over U_w  x  (y, phi) outer over W_t without its windows
         (U_w x W_t-windows is the second neglected term, O(x^-3/2 y^-3/2))

Blocks that split the same inner variable share their outer rule (CC/TC, CT/TT1), so the
sharp split at |x| = T does not make the outer integrands kink; the y split is smooth
(chi), so the inner-y integrals are smooth in (x, phi).  Square-root edges are integrated
with ``t = e +- h s^2`` on the panels next to a break point.

With ``EdgeParams.sd`` (the forbidden-side rules and EDGE_HI) the windows, the Osc1 lumps
and the first neglected term go: the oscillating parts of U along z-lines and of W y along
K_perp rays are integrated exactly by numerical steepest descent from the chord ends
(:mod:`expdesign.physics.phasespace.steepest_descent`; g continues analytically through
its factorised sqrt(lambda), see
:meth:`expdesign.physics.phasespace.edge_pair.EdgePair.line_roots`), and only the product of
the two oscillating parts beyond the cores (TT2's U_w x W windows, <= 2e-7 of J at 145-147
degrees) is left out.

Where the sphere misses the x core (``_slab_free``), ``EdgeParams.core_fit`` takes the
z-lines of a guarded disk around K_perp = 0 from a few fitted lines
(:mod:`expdesign.physics.phasespace.edge_core`; issue 22).

Units: all momenta in eV, L and R in eV^-1; J in eV^5 (eV^2 for g times eV^3 for d^3K).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from expdesign.physics.phasespace.edge_core import core_lines, fit_radius
from expdesign.physics.phasespace.edge_pair import EdgePair
from expdesign.physics.phasespace.edge_panels import (
    geom_base,
    line_avg,
    outer_x_core,
    outer_x_tail,
    outer_y_core,
    outer_y_tail,
    outer_y_trans,
    panels,
    rule_with_breaks,
    sorted_breaks,
    windows,
    x_core_product,
)
from expdesign.physics.phasespace.edge_params import EDGE_LO, EdgeParams
from expdesign.physics.phasespace.formfactors import U, osc1_u
from expdesign.physics.phasespace.quadrature import half_azimuth_rule
from expdesign.physics.phasespace.steepest_descent import sd_osc_u, sd_osc_w
from expdesign.physics.phasespace.tails import (
    HALF_PERIOD,
    avg_w,
    osc1_w,
    osc_u,
    osc_w,
    smooth_step,
    wy,
)
from expdesign.physics.phasespace.weights import SpinLike

__all__ = ["edge_integral"]


def _outer_x_phi(pair: EdgePair, xo, wxo, n_phi: int, deg: int, phi_grade: float = 0.0,
                 phi_grade_max: float = np.inf):
    """Outer (x, phi) nodes for the inner-y blocks: phi panels split at the tangency
    azimuths of each x (square-root panels), weights doubled for K_y -> -K_y.

    With ``phi_grade > 0`` the panels next to a tangency are graded geometrically (ratio
    ``phi_grade``) from the neutrino-mass scale of the azimuth, ``Delta_phi = d_M /
    |Q_x cos phi_t|`` with ``d_M = min(4 m1 m2, (m1 + m2)^2) / (2 sqrt(c))`` the depth
    below the tangent ray at which the ray integral turns from the square-root regime
    into the smooth one (same structure as the mass-scale grading of the line rules),
    on the rows with ``|x| <= phi_grade_max`` (beyond, the weight of a row is too small
    for that structure to matter; issue 22).
    A massless pair (m1 = m2 = 0) has no mass scale (``d_M = 0``: the square root holds
    right up to the tangency, which the square-root panels already integrate), so it is
    not graded; until issue 22 it raised OverflowError here (log of pi / 0).
    """
    xo = np.asarray(xo, dtype=float)
    wxo = np.asarray(wxo, dtype=float)
    n = max(1, n_phi // deg)
    base = np.linspace(0.0, np.pi, n + 1)
    graded = np.abs(xo) <= phi_grade_max
    if phi_grade <= 0 or pair.m1 + pair.m2 <= 0:
        graded[:] = False
    parts = []
    plain = ~graded
    if np.any(plain):
        t, jw, ok = rule_with_breaks(base, pair.phi_breaks(xo[plain]), 0.0, np.pi, deg)
        parts.append((xo[plain], wxo[plain], np.where(ok, t, 0.0), jw))
    if np.any(graded):
        xg = xo[graded]
        pb = pair.phi_breaks(xg)
        pz = pair.qz - 2 * xg / pair.L
        c = np.clip(pair.pmax2 - pz**2, 1e-300, None)
        mm = 4 * pair.m1 * pair.m2
        mm = mm if mm > 0 else (pair.m1 + pair.m2) ** 2
        dphi = mm / (2 * np.sqrt(c)) / np.abs(pair.qx * np.cos(pb[:, 0])).clip(1e-300)
        br, mids = sorted_breaks(pb, 0.0, np.pi)
        nst = int(np.ceil(np.log(np.pi / np.nanmin(dphi, initial=np.pi)) / np.log(phi_grade)))
        steps = dphi[:, None] * phi_grade ** np.arange(max(nst, 0) + 1)
        B = np.concatenate([np.broadcast_to(base, (len(xg), len(base))), br, mids]
                           + [pb[:, k, None] + sg * steps for k in range(2)
                              for sg in (-1.0, 1.0)], axis=1)
        B = np.where((B >= 0) & (B <= np.pi), B, np.nan)
        F = np.zeros(B.shape, bool)
        F[:, len(base):len(base) + 2] = np.isfinite(br)
        t, jw, ok = panels(B, F, deg)
        parts.append((xg, wxo[graded], np.where(ok, t, 0.0), jw))
    X = np.concatenate([np.broadcast_to(x[:, None], t.shape).ravel() for x, _, t, _ in parts])
    T = np.concatenate([t.ravel() for _, _, t, _ in parts])
    W = np.concatenate([(w[:, None] * 2 * jw).ravel() for _, w, _, jw in parts])
    keep = W != 0
    return X[keep], T[keep], W[keep]


Chunk = tuple[object, np.ndarray, np.ndarray]  # (rows or slice, nodes, weights)


def _inner_x(pair: EdgePair, yo, po, wo, prm: EdgeParams, x_hi: float, x_lo: float,
             dense: bool) -> tuple[list[Chunk], np.ndarray]:
    """Inner x at outer (y, phi) rows (weights ``wo``) over U_c + U_a + U_w: chunks
    (rows, nodes, weights) and the U_a part already summed (:func:`line_avg`)."""
    T = prm.T
    br = pair.x_breaks(yo, po)
    if dense:
        n = int(np.ceil(2 * T / HALF_PERIOD))
        t, jw, ok = rule_with_breaks(np.linspace(-T, T, n + 1), br, -T, T, prm.deg)
        t = np.where(ok, t, 0.0)
        lump = float(osc1_u(T))
        chunks: list[Chunk] = [(slice(None), t, jw * U(t))]
        if not prm.sd:
            chunks.append((slice(None), np.array([[-T, T]]), np.array([[lump, lump]])))
    else:
        xc, wc = x_core_product(T, 2, 10)
        if prm.sd:  # the steepest-descent tail replaces the Osc1 lumps at +-T
            xc, wc = xc[:-2], wc[:-2]
        chunks = [(slice(None), xc[None, :], wc[None, :])]
    summed = np.zeros(2)
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= T:
            continue
        tb = sign * br
        summed += line_avg(pair, geom_base(T, hi), tb, T, hi, prm.tail_deg, prm.grade,
                           prm.grade_ratio, prm.grade_max, True, prm.sd, sign, True, yo, po,
                           wo, "avg_u")
        if prm.sd:
            continue
        for rows, t, w in windows(tb, T, hi, prm.n_win, prm.deg, osc_u, osc1_u,
                                   prm.win_max):
            chunks.append((rows, sign * t, w))
    return chunks, summed


def _inner_y(pair: EdgePair, xo, po, wo, prm: EdgeParams, y_hi: float
             ) -> tuple[list[Chunk], np.ndarray]:
    """Inner y at outer (x, phi) rows (weights ``wo``) over W_t (with windows): chunks
    and the W_avg part already summed (:func:`line_avg`)."""
    T1, T2 = prm.T1, prm.T2
    br = pair.y_breaks(xo, po)
    n = int(np.ceil((T2 - T1) / HALF_PERIOD))
    cut = np.any((br > T1) & (br < T2), axis=1)
    inside = np.nonzero(cut)[0]
    # rows without a break in (T1, T2) whose ray is inside the sphere over [T1, T2] (the
    # others have g = 0 there: their transition nodes contributed exactly 0; issue 22)
    covers = (br[:, 1] >= T2) & ~(br[:, 0] > T1)
    outside = np.nonzero(~cut & covers)[0]
    yt, wt = outer_y_trans(T1, T2, prm.deg)  # smooth rows: product integration
    chunks: list[Chunk] = [(outside, yt[None, :], wt[None, :])]
    if not prm.sd:  # else the steepest-descent tail (sd_osc_w) replaces lump and windows
        chunks.append((slice(None), np.array([[T2]]), np.array([[float(osc1_w(T2))]])))
    if inside.size:
        t, jw, ok = rule_with_breaks(np.linspace(T1, T2, n + 1), br[inside], T1, T2, prm.deg)
        t = np.where(ok, t, T2)
        chunks.append((inside, t, jw * wy(t) * (1.0 - smooth_step(t, T1, T2))))
    summed = np.zeros(2)
    if y_hi > T2:
        summed += line_avg(pair, geom_base(T2, y_hi), br, T2, y_hi, prm.tail_deg, prm.grade,
                           prm.grade_ratio, prm.grade_max, True, prm.sd, 1.0, False, xo, po,
                           wo, "avg_w")
        if not prm.sd:
            chunks += windows(br, T2, y_hi, prm.n_win, prm.deg, osc_w, osc1_w,
                               prm.win_max)
    return chunks, summed


def _hits(pair: EdgePair, Y, P, Wo):
    """The outer (y, phi) rows whose z-line crosses the edge sphere: on the others g = 0
    along the whole line, so every x-inner block gives exactly 0 there (issue 22: their
    nodes were built and masked node by node)."""
    keep = np.isfinite(pair.x_breaks(Y, P)[:, 0])
    return Y[keep], P[keep], Wo[keep]


@lru_cache(maxsize=64)
def _tt1(prm: EdgeParams) -> EdgeParams:
    """The resolution of the TT1 block (outer x over U_avg, inner y over W_t): the block's
    own ``tt1_*`` fields where set, its azimuths ``n_phi`` = ``tt1_n_phi`` or
    ``n_phi_tt``.  TT1 carries ~1e-3 of J on the allowed side and <= 4e-2 beyond the edge
    but most of the nodes, so it can be resolved to its share of the tolerance (issue 22)."""
    return replace(prm, n_phi=prm.tt1_n_phi or prm.n_phi_tt, deg=prm.tt1_deg or prm.deg,
                   tail_deg=prm.tt1_tail_deg or prm.tail_deg,
                   grade_ratio=prm.tt1_grade_ratio or prm.grade_ratio)


def _grid(a, wa, b, wb):
    A, B = np.meshgrid(a, b, indexing="ij")
    return A.ravel(), B.ravel(), np.outer(wa, wb).ravel()


def _tail_rows(pair: EdgePair, lo: float, y_hi: float, n_phi: int, deg: int):
    """Outer (y, phi, weight) rows of the slab-free rule over W_avg y on [lo, y_hi]:
    geometric panels (``lo`` a tail panel boundary), ``deg`` Gauss nodes each, a break
    where the z-line at (y, phi) becomes tangent to the sphere, ``n_phi`` azimuths."""
    ph, wph = half_azimuth_rule(n_phi)
    # tangency of the z-line at (y, phi): |Q_perp - K_perp| = P_max
    qc = pair.qx * np.cos(ph)
    disc = pair.pmax2 - (pair.qx * np.sin(ph)) ** 2
    yt = np.where(disc > 0, (qc + np.sqrt(np.clip(disc, 0, None))) * pair.R, np.nan)
    t, jw, ok = rule_with_breaks(geom_base(lo, y_hi), yt[:, None], lo, y_hi, deg)
    t = np.where(ok, t, lo)
    w = jw * avg_w(t) * wph[:, None]
    keep = w != 0
    return t[keep], np.broadcast_to(ph[:, None], t.shape)[keep], w[keep]


def _slab_free(pair: EdgePair, prm: EdgeParams, x_hi: float, x_lo: float, y_hi: float
               ) -> np.ndarray:
    """Sum of all blocks when the edge sphere misses the slab |x| <= T (far beyond the
    edge, or any cell with |Q_z| - P_max > 2T/L): then g = 0 on U_c, every z-line is
    integrated inside (U_a + U_w, breaks and windows) and (y, phi) are outer over the whole
    W: W_c, and W_t by product integration on [T1, T2], Osc1_W(T2) at T2 and W_avg y beyond
    with a graded break where the z-lines become tangent to the sphere.  The line
    integrals are smooth in (y, phi), so the y windows reduce to the lump (O(H'/y^2)).

    With ``prm.core_fit`` (and ``sd``) the rows within the radius of
    :func:`expdesign.physics.phasespace.edge_core.fit_radius` come from a few fitted
    lines (:func:`~expdesign.physics.phasespace.edge_core.core_lines`); beyond it every
    line is integrated as before (fewer azimuths or y nodes there cost 1.2e-6..1e-5 of
    J: the lines nearest x = 0 pass near K_perp = Q_perp, far out in y; issue 22)."""
    ph, wph = half_azimuth_rule(prm.n_phi_tt)
    # shared y nodes: W_c on [0, T2], W_t on [T1, T2], the lump at T2
    yc, wyc = outer_y_core(prm.T1, prm.T2, prm.y_panels, prm.deg)
    ytr, wtr = outer_y_trans(prm.T1, prm.T2, prm.deg, prm.trans_panels)
    y0 = np.concatenate([yc, ytr, [prm.T2]])
    w0 = np.concatenate([wyc, wtr, [float(osc1_w(prm.T2))]])
    core_rows = _grid(y0, w0, ph, wph)
    total = np.zeros(2)
    rad = fit_radius(pair, prm, y_hi) if prm.core_fit and prm.sd else 0.0
    if rad > 0:  # the rows within rad from a few fitted lines (edge_core)
        parts = [core_rows]
        if rad > prm.T2:
            parts.append(_tail_rows(pair, prm.T2, rad, prm.n_phi_tt, prm.outer_tail_deg))
        Y, P, Wo = (np.concatenate([p[k] for p in parts]) for k in range(3))
        core = core_lines(pair, Y, P, Wo, prm, x_hi, x_lo, rad)
        if core is None:
            rad = 0.0
        else:
            total += core
    parts = [] if rad > 0 else [core_rows]
    lo = max(rad, prm.T2)
    if y_hi > lo:
        parts.append(_tail_rows(pair, lo, y_hi, prm.n_phi_tt, prm.outer_tail_deg))
    if not parts:
        return total
    Y, P, Wo = (np.concatenate([p[k] for p in parts]) for k in range(3))
    Y, P, Wo = _hits(pair, Y, P, Wo)
    br = pair.x_breaks(Y, P)
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= prm.T:
            continue
        tb = sign * br
        total += line_avg(pair, geom_base(prm.T, hi), tb, prm.T, hi, prm.tail_deg,
                          prm.grade, prm.grade_ratio, prm.grade_max, True, prm.sd, sign,
                          True, Y, P, Wo, "avg_u")
        if prm.sd:
            continue
        for rows, tw, w in windows(tb, prm.T, hi, prm.n_win, prm.deg, osc_u, osc1_u,
                                    prm.win_max):
            total += pair.g_sum(sign * tw, Y[rows, None], P[rows, None], Wo[rows, None] * w)
    if prm.sd:
        total += sd_osc_u(pair, Y, P, Wo, prm, x_hi, x_lo, minus_lump=False)
    return total


def edge_integral(qz: float, qx: float, eps: float, m1: float, m2: float, spin: SpinLike,
                  L: float, R: float, prm: EdgeParams = EDGE_LO) -> np.ndarray:
    """(J_D, J_M) in eV^5 for one signal angle (given by Q, eV) and one mass pair (eV).

    Same normalisation as :func:`expdesign.physics.phasespace.distribution` (mode
    '3d'; L, R in eV^-1).  Pointwise (dense) core rules are used where the edge sphere
    comes within a few core widths of K = 0, product integration elsewhere.
    """
    pair = EdgePair(qz, qx, eps, m1, m2, spin, L, R)
    if pair.pmax2 <= 0:
        return np.zeros(2)
    pmax = np.sqrt(pair.pmax2)
    pref = (2.0 / L) / R**2
    x_hi = (qz + pmax) * L / 2  # g = 0 beyond (K_z <= Q_z + P_max)
    x_lo = (pmax - qz) * L / 2  # -x beyond
    y_hi = (abs(qx) + pmax) * R
    gap = abs(np.hypot(qz, qx) - pmax) * min(L / 2, R)  # sphere-origin distance (ff units)
    dense = gap < 4 * max(prm.T, prm.T2)
    if prm.slab_free and ((qz - pmax) * L / 2 > prm.T + 4
                          or (qz + pmax) * L / 2 < -(prm.T + 4)):
        return pref * _slab_free(pair, prm, x_hi, x_lo, y_hi)
    total = np.zeros(2)

    # CC + TC: outer (y, phi) over W_c, inner x over U
    ph, wph = half_azimuth_rule(prm.n_phi)
    yc, wyc = outer_y_core(prm.T1, prm.T2, prm.y_panels, prm.deg)
    Y, P, Wo = _hits(pair, *_grid(yc, wyc, ph, wph))
    chunks, summed = _inner_x(pair, Y, P, Wo, prm, x_hi, x_lo, dense)
    total += summed
    for rows, t, w in chunks:
        total += pair.g_sum(t, Y[rows, None], P[rows, None], Wo[rows, None] * w)
    if prm.sd:
        total += sd_osc_u(pair, Y, P, Wo, prm, x_hi, x_lo, minus_lump=False)
    # CT + TT1: outer (x, phi) over U_c and U_a; inner y over W_t; phi split at tangency
    xstar = pair.x_star()
    if dense or np.nanmin(np.abs(xstar), initial=np.inf) < 2 * prm.T:
        xc, wxc = outer_x_core(prm.T, prm.deg, xstar)
    else:
        xc, wxc = x_core_product(prm.T, 2, 10)
    xt, wxt = outer_x_tail(prm.T, x_hi, x_lo, prm.outer_tail_deg, xstar,
                             (qz - pmax) * L / 2, prm.xs_grade, prm.xs_ratio)
    for xo, wxo, bp in ((xc, wxc, prm), (xt, wxt, _tt1(prm))):
        X, P, Wo = _outer_x_phi(pair, xo, wxo, bp.n_phi, bp.deg, bp.phi_grade,
                                bp.phi_grade_max)
        hit = np.any(np.isfinite(pair.y_breaks(X, P)), axis=1)  # else g = 0 on the ray
        if not np.any(hit):
            continue
        X, P, Wo = X[hit], P[hit], Wo[hit]
        chunks, summed = _inner_y(pair, X, P, Wo, bp, y_hi)
        total += summed
        for rows, t, w in chunks:
            total += pair.g_sum(X[rows, None], t, P[rows, None], Wo[rows, None] * w)
        if prm.sd:
            total += sd_osc_w(pair, X, P, Wo, bp)
    if not prm.tt2:
        return pref * total
    # TT2: inner x windows over U_w, outer (y, phi) over W_t without windows
    pht, wpht = half_azimuth_rule(prm.n_phi_tt)
    yt, wyt = outer_y_tail(prm.T1, prm.T2, max(y_hi, 2 * prm.T2), prm.deg,
                            prm.outer_tail_deg)
    Y, P, Wo = _hits(pair, *_grid(yt, wyt, pht, wpht))
    if prm.sd:
        return pref * (total + sd_osc_u(pair, Y, P, Wo, prm, x_hi, x_lo, minus_lump=True))
    br = pair.x_breaks(Y, P)
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= prm.T:
            continue
        for rows, t, w in windows(sign * br, prm.T, hi, prm.n_win, prm.deg, osc_u,
                                   osc1_u, prm.win_max):
            total += pair.g_sum(sign * t, Y[rows, None], P[rows, None], Wo[rows, None] * w)
    return pref * total
