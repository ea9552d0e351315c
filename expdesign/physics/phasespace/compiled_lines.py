"""numba kernels behind :mod:`expdesign.physics.phasespace.compiled` that walk whole
lines of the edge rule (imported only when the compiled path is enabled): the panel
boundaries of :func:`expdesign.physics.phasespace.edge_panels.rule_with_breaks`, the
averaged tails summed over them without building the nodes, and the steepest-descent
paths of the U tail on z-lines (see :mod:`expdesign.physics.phasespace.compiled` for
the sources of each formula).
"""

from __future__ import annotations

import numpy as np
from numba import njit, types

from expdesign.physics.phasespace.compiled_kernels import (
    a1,
    a2,
    b1,
    b2,
    c16,
    cinv,
    csqrt,
    f8,
    g_cplx,
    g_real,
    i8,
    panels_k,
    row_sorted,
    spin_p2,
    v2,
)

c1 = types.Array(c16, 1, "C")


@njit(types.Tuple((a2, b2))(a1, v2, f8, f8, a1, types.boolean, types.boolean, b1, f8),
      cache=True, fastmath=False, nogil=True)
def boundaries_k(base, br, lo, hi, steps, graded, one_sided, gcols, grade_max):
    """The boundary matrix and break flags of :func:`edge_panels.rule_with_breaks`
    (shared ``base`` masked to the chord, sorted breaks inside (lo, hi), their midpoints,
    graded boundaries ``e +- steps``), built row by row; NaN = unused."""
    r, k = br.shape
    nb0 = base.size
    ns = steps.size if graded else 0
    chord = one_sided and k == 2
    # columns: base, sorted breaks, midpoints, then the graded blocks (ns each)
    if graded:
        nblk = 4 if one_sided else 2 * k
    else:
        nblk = 0
    ncols = nb0 + k + max(k - 1, 0) + nblk * ns
    B = np.full((r, ncols), np.nan)
    F = np.zeros((r, ncols), np.bool_)
    brs = np.empty(k)
    for i in range(r):
        # sorted breaks inside (lo, hi), NaN last (insertion sort: k is small)
        for j in range(k):
            v = br[i, j]
            if not (v > lo and v < hi):
                v = np.nan
            m = j
            while m > 0 and not np.isnan(v) and (np.isnan(brs[m - 1]) or brs[m - 1] > v):
                brs[m] = brs[m - 1]
                m -= 1
            brs[m] = v
        low = -np.inf
        upp = np.inf
        if chord:
            f0 = np.isfinite(br[i, 0])
            f1 = np.isfinite(br[i, 1])
            if f0 and f1:
                low = min(br[i, 0], br[i, 1])
            if f0 or f1:
                if f0 and f1:
                    upp = max(br[i, 0], br[i, 1])
                elif f0:
                    upp = br[i, 0]
                else:
                    upp = br[i, 1]
        for j in range(nb0):
            b = base[j]
            B[i, j] = np.nan if (chord and (b < low or b > upp)) else b
        c = nb0
        for j in range(k):
            B[i, c + j] = brs[j]
            F[i, c + j] = np.isfinite(brs[j])
        c += k
        for j in range(k - 1):
            B[i, c + j] = 0.5 * (brs[j + 1] + brs[j])
        c += max(k - 1, 0)
        if not graded:
            continue
        if one_sided:
            both = np.isfinite(brs[0]) and np.isfinite(brs[k - 1]) and k == 2
            for blk in range(4):
                e = brs[0] if blk < 2 else brs[k - 1]
                inward = 1.0 if blk < 2 else -1.0
                sgn = 1.0 if blk % 2 == 0 else -1.0
                if not abs(e) < grade_max:
                    e = np.nan
                for q in range(ns):
                    g = e + sgn * steps[q]
                    if both and sgn != inward:
                        g = np.nan
                    if not (g > lo and g < hi):
                        g = np.nan
                    if chord and (g < low or g > upp):
                        g = np.nan
                    B[i, c + blk * ns + q] = g
        else:
            blk = 0
            for j in range(k):
                e = br[i, j]
                if not abs(e) < grade_max:
                    e = np.nan
                for sgn in (1.0, -1.0):
                    for q in range(ns):
                        g = e + sgn * steps[q]
                        if not gcols[j] or not (g > lo and g < hi):
                            g = np.nan
                        B[i, c + blk * ns + q] = g
                    blk += 1
    return B, F


@njit(types.UniTuple(a2, 2)(a1, v2, f8, f8, a1, types.boolean, types.boolean, b1, f8, a1,
                            a1, a1, a1, a1), cache=True, fastmath=False, nogil=True)
def rule_breaks_k(base, br, lo, hi, steps, graded, one_sided, gcols, grade_max, s, ws, s2,
                  oms2, tsws):
    """Nodes and dt-weights of :func:`edge_panels.rule_with_breaks`
    (:func:`boundaries_k`, then :func:`panels_k`)."""
    B, F = boundaries_k(base, br, lo, hi, steps, graded, one_sided, gcols, grade_max)
    return panels_k(B, F, s, ws, s2, oms2, tsws)


@njit(types.UniTuple(f8, 2)(a1, v2, f8, f8, a1, types.boolean, types.boolean, b1, f8, a1,
                            a1, a1, a1, a1, f8, types.boolean, a1, a1, a1, a1, i8, i8, a2,
                            f8, f8, f8, f8, f8, f8, f8, f8), cache=True, fastmath=False,
      nogil=True)
def line_avg_k(base, br, lo, hi, steps, graded, one_sided, gcols, grade_max, s, ws, s2,
               oms2, tsws, sign, on_x, other, cphi, sphi, wrow, wkind, mode, T, qz, qx, L,
               R, eps, m1, m2, pmax2):
    """``sum_rows wrow sum_nodes jw f(t) (g_D, g_M)`` over the nodes of
    :func:`rule_breaks_k` without building them: inner x (``on_x``: K_z = 2 sign t / L,
    |K_perp| = other / R) or inner y (|K_perp| = t / R, K_z = 2 other / L), with
    ``f = U_avg = 1/(2 t^2)`` (``wkind`` 0) or the W_avg y series (1, t >= 20)."""
    B, F = boundaries_k(base, br, lo, hi, steps, graded, one_sided, gcols, grade_max)
    r, nb = B.shape
    deg = s.size
    vals = np.empty(nb)
    flags = np.zeros(nb, np.bool_)
    eps2 = eps**2
    s12 = (m1 + m2) ** 2
    d12 = (m1 - m2) ** 2
    dm = (m1 * m1 - m2 * m2) ** 2
    m1sq, m2sq = m1 * m1, m2 * m2
    c4 = 4.0 / np.pi
    sd = 0.0
    sm = 0.0
    for i in range(r):
        nf, order = row_sorted(B, F, i, vals, flags)
        wr = wrow[i]
        for p in range(nf - 1):
            a0 = vals[order[p]]
            b0 = vals[order[p + 1]]
            if not (np.isfinite(a0) and np.isfinite(b0) and b0 > a0):
                continue
            h = b0 - a0
            toa = flags[order[p]]
            tob = flags[order[p + 1]] and not toa
            for q in range(deg):
                if toa:
                    t = a0 + h * s2[q]
                    jw = h * tsws[q]
                elif tob:
                    t = a0 + h * oms2[q]
                    jw = h * tsws[q]
                else:
                    t = a0 + h * s[q]
                    jw = h * ws[q]
                if wkind == 0:
                    f = 0.5 / (t * t)
                else:
                    u = 1.0 / (t * t)
                    f = c4 * u * (1 + u * (0.375 + u * (-0.3515625 + u * 1.5380859375)))
                wn = wr * jw * f
                if wn == 0.0:
                    continue
                if on_x:
                    kp = other[i] / R
                    pz = qz - 2 * (sign * t) / L
                else:
                    kp = t / R
                    pz = qz - 2 * other[i] / L
                px = qx - kp * cphi[i]
                py = -kp * sphi[i]
                p2 = pz * pz + px * px + py * py
                if not p2 < pmax2:
                    continue
                sq, inv, br_ = g_real(p2, spin_p2(mode, T, pz, px, py, p2), eps2, s12, d12,
                                      dm, m1sq, m2sq)
                fg = wn * sq * inv
                sd += fg * br_
                sm += fg
    return 2 * np.pi * sd, 2 * np.pi * (-m1 * m2 * sm)


@njit(types.int64(f8, types.UniTuple(f8, 6), a1, a1, a1), cache=True, fastmath=False,
      nogil=True)
def _path_bounds(c, roots, sd_edges, sd_grade, out):
    """Panel boundaries of :func:`steepest_descent.sd_rule` for a path from ``c`` (the
    base panels, graded at sqrt(distance to the nearest other root) x 2^k), sorted into
    ``out``; returns their number."""
    dlt = np.inf
    tol = 1e-9 * max(1.0, abs(c))
    for q in range(6):
        d = abs(c - roots[q])
        if np.isfinite(d) and d > tol and d < dlt:
            dlt = d
    sq = np.sqrt(dlt)
    ne = sd_edges.size
    nb = 0
    for q in range(ne):
        out[nb] = sd_edges[q]
        nb += 1
    if sq < 2.0:
        for q in range(sd_grade.size):
            ex = sq * sd_grade[q]
            if ex > 0 and ex < sd_edges[ne - 1]:
                out[nb] = ex
                nb += 1
    out[:nb] = np.sort(out[:nb])
    return nb


@njit(types.UniTuple(f8, 2)(a1, a1, a1, a1, a1, a1, a1, a1, a1, a1, a1, a1, a1, a1, a1,
                            a1, a1, a1, types.boolean, c1, i8, a2, f8, f8, f8, f8, f8, f8,
                            f8), cache=True, fastmath=False, nogil=True)
def sd_paths_k(ca, cb, wo, ra, rb, ra2, rb2, r0a, r0b, base, cphi, sphi, sd_edges,
               sd_grade, sa, wa, sb, wb, ray, hc, mode, T, qz, qx, L, R, eps, m1, m2):
    """Steepest-descent sum of :func:`steepest_descent._sd_segments`:
    ``Re sum_rows wo [F(ca) - F(cb)]``, ``F(c) = i e^{2ic} int_0^inf e^{-2t} env(c + it)
    g(c + it) dt`` on the paths of :func:`steepest_descent.sd_rule`, g continued as in
    :func:`g_complex_k`.  z-lines (``ray`` False: complex x, real y = ``base``,
    ``env_U = -1/(2 z^2)``) or rays (complex y, real x = ``base``, ``env_W = 2 H1e^2/z``
    by the Hankel series ``hc`` with 14, 9 or 6 terms by the smallest |z| of each end's
    paths, as :func:`tails.env_w`); ``sa, wa`` / ``sb, wb`` the Gauss-Legendre rules on
    [0, 1] of the paths from ``ca`` / ``cb``.  Returns (D, M)."""
    accd = 0.0 + 0.0j
    accm = 0.0 + 0.0j
    bnd = np.empty(sd_edges.size + sd_grade.size)
    eps2 = eps**2
    dm = (m1 * m1 - m2 * m2) ** 2
    kk = (2.0 / L) ** 2
    for end in range(2):
        sgn = 1.0 if end == 0 else -1.0
        s_n = sa if end == 0 else sb
        w_n = wa if end == 0 else wb
        nterm = 14
        if ray:  # the series length env_w would take for this end's nodes
            zmin = np.inf
            for r in range(ca.size):
                c = ca[r] if end == 0 else cb[r]
                roots = (ra[r], rb[r], ra2[r], rb2[r], r0a[r], r0b[r])
                nb = _path_bounds(c, roots, sd_edges, sd_grade, bnd)
                for p in range(nb - 1):
                    h = bnd[p + 1] - bnd[p]
                    if not h > 0:
                        continue
                    for q in range(s_n.size):
                        s = bnd[p] + h * s_n[q]
                        zmin = min(zmin, abs(c + 1j * (s * s)))
            nterm = 14 if zmin < 60 else (9 if zmin < 400 else 6)
        for r in range(ca.size):
            c = ca[r] if end == 0 else cb[r]
            roots = (ra[r], rb[r], ra2[r], rb2[r], r0a[r], r0b[r])
            if ray:
                pzr = complex(qz - 2 * base[r] / L)
            else:
                kp = base[r] / R
                pxr = complex(qx - kp * cphi[r])
                pyr = complex(-kp * sphi[r])
            nb = _path_bounds(c, roots, sd_edges, sd_grade, bnd)
            kfac = sgn * 1j * np.exp(2j * c) * wo[r]
            sd_ = 0.0 + 0.0j
            sm_ = 0.0 + 0.0j
            for p in range(nb - 1):
                a0 = bnd[p]
                h = bnd[p + 1] - a0
                if not h > 0:
                    continue
                for q in range(s_n.size):
                    s = a0 + h * s_n[q]
                    wq = h * w_n[q] * np.exp(-2 * s * s) * 2 * s
                    d = 1j * (s * s)
                    sqv = csqrt(((c - roots[0]) + d) * ((roots[1] - c) - d)) * csqrt(
                        ((c - roots[2]) + d) * ((roots[3] - c) - d))
                    z = c + d
                    if ray:
                        sqlam = sqv / R**2
                        kpc = z / R
                        pz = pzr
                        px = qx - kpc * cphi[r]
                        py = -kpc * sphi[r]
                        u = 1.0 / z
                        ser = hc[nterm - 1]
                        for j in range(nterm - 2, -1, -1):
                            ser = ser * u + hc[j]
                        env = 4j * ser * ser / (np.pi * z * z)
                    else:
                        sqlam = kk * sqv
                        pz = qz - 2 * z / L
                        px = pxr
                        py = pyr
                        env = -0.5 * cinv(z * z)
                    gd, gm = g_cplx(pz, px, py, sqlam, mode, T, eps2, dm, m1, m2)
                    e = wq * env
                    sd_ += e * gd
                    sm_ += e * gm
            accd += kfac * sd_
            accm += kfac * sm_
    return accd.real, accm.real
