"""Numerical steepest descent for the oscillating form-factor tails along z-lines and rays.

``int_a^b Re[e^{2iz} env(z)] g(z) dz`` with g analytic between its branch points
(Huybrechs & Vandewalle 2006, SIAM J. Numer. Anal. 44, 1026); used by the edge-aware rule
(:mod:`expdesign.physics.phasespace.edge_rule`) with ``EdgeParams.sd``.
"""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace import compiled
from expdesign.physics.phasespace.edge_pair import EdgePair
from expdesign.physics.phasespace.edge_panels import panels
from expdesign.physics.phasespace.edge_params import EdgeParams
from expdesign.physics.phasespace.formfactors import osc1_u
from expdesign.physics.phasespace.tails import HANKEL_C, env_u, env_w, osc_u, osc_w

__all__ = ["sd_rule", "nearest_other", "sd_osc_u", "sd_osc_w"]


_SD_EDGES = np.array([0.0, 0.8, 1.6, 2.6, 4.6])
_SD_GRADE = np.array([0.25, 0.5, 1.0, 2.0, 4.0, 8.0])


def sd_rule(delta: np.ndarray, deg: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row nodes s and weights for ``int_0^inf e^{-2t} h(t) dt`` written as
    ``int_0^inf e^{-2 s^2} h(s^2) 2s ds`` (Gauss-Legendre panels on s in [0, 4.6];
    e^{-2 s^2} < 1e-18 beyond).

    ``delta`` (per row) is the distance from the path's start to the nearest other branch
    point of g: h then has a square-root singularity (or, at a zero of M^2, poles) at
    |s| = sqrt(delta), and the panels are graded at sqrt(delta) x 2^k, k = -2..3 (small
    delta: light neutrinos bring those points next to the chord end).
    """
    r = len(delta)
    base = np.broadcast_to(_SD_EDGES, (r, len(_SD_EDGES)))
    sd = np.sqrt(np.asarray(delta, dtype=float))[:, None]
    ex = sd * _SD_GRADE
    # beyond sqrt(delta) ~ 2 the base panels resolve the singularity well enough (<= 3e-4
    # of the oscillating part, itself <= 1e-4 of a cell)
    ex = np.where((ex > 0) & (ex < _SD_EDGES[-1]) & (sd < 2.0), ex, np.nan)
    B = np.concatenate([base, ex], axis=1)
    t, jw, ok = panels(B, np.zeros(B.shape, bool), deg)
    t = np.where(ok, t, 1.0)
    return t, np.where(ok, jw * np.exp(-2 * t * t) * 2 * t, 0.0)


def nearest_other(c: np.ndarray, roots) -> np.ndarray:
    """Distance from c to the nearest root that is not c itself (per row)."""
    d = np.stack([np.abs(c - r) for r in roots], axis=-1)
    d = np.where(np.isfinite(d) & (d > 1e-9 * np.maximum(1.0, np.abs(c))[..., None]), d,
                 np.inf)
    return d.min(axis=-1)


def _sd_segments(a, b, a_break, b_break, ok, Wo, env, osc, g_c, g_r, roots,
                 prm: EdgeParams, fused=None) -> np.ndarray:
    """``sum_rows Wo int_a^b Re[e^{2iz} env(z)] g(z) dz`` by numerical steepest descent.

    ``g`` is analytic on each segment apart from square-root branch points at or beyond
    its ends, so (Huybrechs & Vandewalle 2006, SIAM J. Numer. Anal. 44, 1026)

        int_a^b e^{2iz} env g dz = F(a) - F(b),
        F(c) = i e^{2ic} int_0^inf e^{-2t} env(c + it) g(c + it) dt,

    exactly; the path integrals are smooth in s = sqrt(t) (a square root at a chord end
    becomes linear) and use :func:`sd_rule`.  Segments shorter than ``prm.sd_short``
    (nearly tangent lines, whose two ends' branch points crowd the paths) use a real-axis
    rule with square-root panels and ``osc`` (the real oscillating weight) instead.
    ``g_c(c, dz, rows)`` is g continued to ``c + dz`` on the given rows, ``g_r(t, rows, w)``
    the real weighted sum (eV^2 x weights).  ``fused(rows, deg_a, deg_b)``, if given,
    returns the path sum of the long rows in one compiled call
    (:func:`expdesign.physics.phasespace.compiled.sd_line_u`).
    """
    total = np.zeros(2)
    short = ok & (b - a < prm.sd_short)
    rows = np.nonzero(ok & ~short)[0]
    if rows.size:
        acc = np.zeros(2, complex)
        rr = tuple(r[rows] for r in roots)
        # the far end (|b| >> |a|) carries env(b) / env(a) ~ (a / b)^2 of the near one
        far = bool(np.all(np.abs(b[rows]) > 8 * np.abs(a[rows])))
        deg_b = max(3, prm.sd_deg - 2) if far else prm.sd_deg
        got = fused(rows, prm.sd_deg, deg_b) if fused is not None else None
        if got is not None:
            return total + got + _sd_short(a, b, a_break, b_break, short, Wo, osc, g_r,
                                           prm)
        for c, sgn, deg in ((a[rows, None], 1.0, prm.sd_deg),
                            (b[rows, None], -1.0, deg_b)):
            s, ws = sd_rule(nearest_other(c[:, 0], rr), deg)
            dz = 1j * s**2
            gD, gM = g_c(c, dz, rows)
            k = sgn * 1j * np.exp(2j * c[:, 0]) * Wo[rows]
            e = ws * env(c + dz)  # c + dz: (rows, nodes)
            acc[0] += np.dot(k, np.sum(e * gD, axis=1))
            acc[1] += np.dot(k, np.sum(e * gM, axis=1))
        total += np.real(acc)
    return total + _sd_short(a, b, a_break, b_break, short, Wo, osc, g_r, prm)


def _sd_short(a, b, a_break, b_break, short, Wo, osc, g_r, prm: EdgeParams) -> np.ndarray:
    """The short segments of :func:`_sd_segments`: real-axis rule with square-root
    panels and the real oscillating weight ``osc``."""
    sh = np.nonzero(short)[0]
    if not sh.size:
        return np.zeros(2)
    B = np.stack([a[sh], 0.5 * (a[sh] + b[sh]), b[sh]], axis=1)
    F = np.stack([a_break[sh], np.zeros(sh.size, bool), b_break[sh]], axis=1)
    t, jw, okp = panels(B, F, prm.deg + 2)
    t = np.where(okp, t, B[:, :1])
    return g_r(t, sh, Wo[sh, None] * jw * osc(t))


def _fused(pair: EdgePair, ca, cb, Wo, roots, base, P, ray: bool):
    """The compiled path sum for :func:`_sd_segments` (None: numpy; massless pairs keep
    it, and rays need |z| >= 16 for env_W's series: their paths start at y >= T2)."""
    if pair.m1 + pair.m2 <= 0 or not compiled.enabled():
        return None

    def run(rows, da, db):
        if ray and np.min(ca[rows], initial=np.inf) < 16.0:
            return None
        return compiled.sd_paths(pair, ca[rows], cb[rows], Wo[rows],
                                 tuple(r[rows] for r in roots), base[rows], P[rows],
                                 _SD_EDGES, _SD_GRADE, da, db, ray, HANKEL_C)
    return run


def sd_osc_u(pair: EdgePair, Y, P, Wo, prm: EdgeParams, x_hi: float, x_lo: float,
              minus_lump: bool) -> np.ndarray:
    """``sum_rows Wo int_{|x|>T} (U - U_avg)(x) g(x; y, phi) dx`` on z-lines at (y, phi)
    by :func:`_sd_segments` (no windows, lumps or neglected terms), minus
    ``Osc1_U(T) g(+-T)`` if ``minus_lump``."""
    T = prm.T
    roots = pair.line_roots(Y, P)
    xa, xb = roots[0], roots[1]

    def g_c(c, dz, rows):
        return pair.g_line_complex(c, dz, tuple(r[rows, None] for r in roots),
                                   Y[rows, None], P[rows, None])

    def g_r(t, rows, w):
        return pair.g_sum(t, Y[rows, None], P[rows, None], w)

    def fused(ca, cb):
        return _fused(pair, ca, cb, Wo, roots, Y, P, False)

    total = np.zeros(2)
    if x_hi > T:
        ca, cb = np.maximum(xa, T), xb
        total += _sd_segments(ca, cb, xa >= T, np.ones_like(xa, bool),
                              np.isfinite(xb) & (xb > T), Wo, env_u, osc_u, g_c, g_r, roots,
                              prm, fused(ca, cb))
    if x_lo > T:
        ca, cb = xa, np.minimum(xb, -T)
        total += _sd_segments(ca, cb, np.ones_like(xa, bool), xb <= -T,
                              np.isfinite(xa) & (xa < -T), Wo, env_u, osc_u, g_c, g_r,
                              roots, prm, fused(ca, cb))
    if minus_lump:
        lump = float(osc1_u(T))
        for xe in (T, -T):
            total -= pair.g_sum(np.full((len(Y), 1), xe), Y[:, None], P[:, None],
                                Wo[:, None] * lump)
    return total


def sd_osc_w(pair: EdgePair, X, P, Wo, prm: EdgeParams) -> np.ndarray:
    """``sum_rows Wo int_{y>T2} (W - W_avg)(y) y g dy`` on rays at (x, phi) by
    :func:`_sd_segments` (replaces the y windows and the Osc1_W(T2) lump)."""
    T2 = prm.T2
    roots = pair.ray_roots(X, P)
    ya, yb = roots[0], roots[1]

    def g_c(c, dz, rows):
        return pair.g_ray_complex(c, dz, tuple(r[rows, None] for r in roots),
                                  X[rows, None], P[rows, None])

    def g_r(t, rows, w):
        return pair.g_sum(X[rows, None], t, P[rows, None], w)

    ca = np.maximum(ya, T2)
    return _sd_segments(ca, yb, ya >= T2, np.ones_like(ya, bool),
                        np.isfinite(yb) & (yb > T2), Wo, env_w, osc_w, g_c, g_r, roots, prm,
                        _fused(pair, ca, yb, Wo, roots, X, P, True))
