"""numba kernels behind :mod:`expdesign.physics.phasespace.compiled` (imported only when
the compiled path is enabled; see that module for what each computes and its sources).

Module-level functions with one explicit signature each, so numba's on-disk cache
(``cache=True``) serves them to every new process instead of compiling them again.
"""

from __future__ import annotations

import numpy as np
from numba import njit, types

f8 = types.float64
c16 = types.complex128
i8 = types.int64
a1 = types.Array(f8, 1, "C")
a2 = types.Array(f8, 2, "C")
b2 = types.Array(types.boolean, 2, "C")
v2 = types.Array(f8, 2, "A", readonly=True)  # read-only views, broadcast (zero strides)
w2 = types.Array(c16, 2, "A", readonly=True)
v1 = types.Array(f8, 1, "A", readonly=True)
b1 = types.Array(types.boolean, 1, "C")


@njit(c16(c16), inline="always", cache=True, fastmath=False, nogil=True)
def csqrt(z):
    # principal square root in real arithmetic (|z| finite on the paths)
    x = z.real
    y = z.imag
    r = np.hypot(x, y)
    if x >= 0.0:
        u = np.sqrt(0.5 * (r + x))
        return complex(u, 0.5 * y / u) if u > 0.0 else complex(0.0, 0.0)
    v = np.sqrt(0.5 * (r - x))
    if y < 0.0:
        v = -v
    return complex(0.5 * y / v, v)

@njit(c16(c16), inline="always", cache=True, fastmath=False, nogil=True)
def cinv(z):
    d = z.real * z.real + z.imag * z.imag
    return complex(z.real / d, -z.imag / d)


@njit(inline="always", cache=True, fastmath=False, nogil=True)
def spin_p2(mode, T, pz, px, py, p2):
    """(s.P)^2 of :func:`expdesign.physics.phasespace.weights.spin_proj` (real or complex
    P): named directions by ``mode`` (1 z, 2 x, 3 y, 4 average), else the tensor ``T``."""
    if mode == 1:
        return pz * pz
    if mode == 2:
        return px * px
    if mode == 3:
        return py * py
    if mode == 4:
        return p2 / 3.0
    return (T[0, 0] * (px * px) + T[1, 1] * (py * py) + T[2, 2] * (pz * pz)
            + 2 * T[0, 2] * px * pz + 2 * T[0, 1] * px * py + 2 * T[1, 2] * py * pz)


@njit(inline="always", cache=True, fastmath=False, nogil=True)
def row_sorted(B, F, i, vals, flags):
    """Row i's boundaries that are not NaN (and their flags) gathered into ``vals``,
    ``flags``; returns their number and the order that sorts them (NaNs last, as
    numpy's sort)."""
    nf = 0
    for j in range(B.shape[1]):
        v = B[i, j]
        if not np.isnan(v):
            vals[nf] = v
            flags[nf] = F[i, j]
            nf += 1
    return nf, np.argsort(vals[:nf])


@njit(inline="always", cache=True, fastmath=False, nogil=True)
def g_real(p2, sp2, eps2, s12, d12, dm, m1sq, m2sq):
    """(sqrt(lambda), 1/M^2, bracket) of the two-body function at a real P inside the
    edge sphere (EdgePair._sums: g_D = 2 pi sqrt(lambda)/M^2 bracket, g_M = -2 pi
    sqrt(lambda)/M^2 m1 m2)."""
    M2 = eps2 - p2
    lam = max((M2 - s12) * (M2 - d12), 0.0)
    inv = 1.0 / M2
    ps2 = 0.25 * lam * inv
    return np.sqrt(lam), inv, bracket(M2, inv, ps2, sp2, dm, m1sq, m2sq)


@njit(inline="always", cache=True, fastmath=False, nogil=True)
def g_cplx(pz, px, py, sqlam, mode, T, eps2, dm, m1, m2):
    """(g_D, g_M) continued to complex P from its components and sqrt(lambda)
    (:meth:`EdgePair._g_complex` of a massive pair, with p*/M = sqrt(lambda)/(2 M^2))."""
    p2 = pz * pz + px * px + py * py
    sp2 = spin_p2(mode, T, pz, px, py, p2)
    M2 = eps2 - p2
    inv = cinv(M2)
    f = (2 * np.pi) * sqlam * inv
    ps2 = 0.25 * sqlam * sqlam * inv
    return f * bracket(M2, inv, ps2, sp2, dm, m1 * m1, m2 * m2), f * (-m1 * m2)


@njit(inline="always", cache=True, fastmath=False, nogil=True)
def bracket(M2, inv, ps2, sp2, dm, m1sq, m2sq):
    """The Dirac bracket of the two-body function (EdgePair._sums, seed 001 eq. (12)):
    ``2 a (s.P)^2 - 2 p*^2/3 + (M^2 - m1^2 - m2^2)/2``, ``a = (E1* E2* - p*^2/3)/M^2``
    (real or complex)."""
    a = (0.25 * (M2 * M2 - dm) * inv - ps2 / 3) * inv
    return 2 * a * sp2 - (2.0 / 3.0) * ps2 + 0.5 * (M2 - m1sq - m2sq)
c2 = types.Array(c16, 2, "C")

@njit(types.UniTuple(f8, 2)(v2, v2, v2, v2, v2, i8, a2, f8, f8, f8, f8, f8, f8, f8,
                            f8), cache=True, fastmath=False, nogil=True)
def g_sum_k(x, y, cphi, sphi, w, mode, T, qz, qx, L, R, eps, m1, m2, pmax2):
    """(sum w g_D, sum w g_M) over 2D nodes broadcast against each other (cphi, sphi of
    one shape) (K_z = 2x/L, |K_perp| = y/R at azimuth
    phi), skipping zero weights and nodes outside the edge sphere; ``mode``: spin code of
    :func:`expdesign.physics.phasespace.compiled.spin_code`, ``T`` its tensor."""
    eps2 = eps**2
    s12 = (m1 + m2) ** 2
    d12 = (m1 - m2) ** 2
    dm = (m1 * m1 - m2 * m2) ** 2
    m1sq, m2sq = m1 * m1, m2 * m2
    sd = 0.0
    sm = 0.0
    n0 = max(x.shape[0], y.shape[0], cphi.shape[0], sphi.shape[0], w.shape[0])
    n1 = max(x.shape[1], y.shape[1], cphi.shape[1], sphi.shape[1], w.shape[1])
    # broadcasting: axes of length 1 are indexed at 0
    x0, x1 = int(x.shape[0] > 1), int(x.shape[1] > 1)
    y0, y1 = int(y.shape[0] > 1), int(y.shape[1] > 1)
    c0, c1 = int(cphi.shape[0] > 1), int(cphi.shape[1] > 1)
    w0, w1 = int(w.shape[0] > 1), int(w.shape[1] > 1)
    for i in range(n0):
        for j in range(n1):
            wn = w[i * w0, j * w1]
            if wn == 0.0:
                continue
            kp = y[i * y0, j * y1] / R
            pz = qz - 2 * x[i * x0, j * x1] / L
            px = qx - kp * cphi[i * c0, j * c1]
            py = -kp * sphi[i * c0, j * c1]
            p2 = pz * pz + px * px + py * py
            if not p2 < pmax2:
                continue
            sq, inv, br = g_real(p2, spin_p2(mode, T, pz, px, py, p2), eps2, s12, d12, dm,
                                 m1sq, m2sq)
            f = wn * sq * inv
            sd += f * br
            sm += f
    return 2 * np.pi * sd, 2 * np.pi * (-m1 * m2 * sm)

@njit(types.UniTuple(c2, 2)(v2, w2, v2, v2, v2, v2, v2, v2, v2, types.boolean, i8, a2,
                            f8, f8, f8, f8, f8, f8, f8), cache=True, fastmath=False, nogil=True)
def g_complex_k(c, dz, ra, rb, ra2, rb2, base, cphi, sphi, lin, mode, T, qz, qx, L,
                R, eps, m1, m2):
    """(g_D, g_M) at complex x = c + dz (``lin``) or y = c + dz (rays) with the
    factorised sqrt(lambda) of :meth:`EdgePair.line_roots` / ``ray_roots``."""
    n0 = max(c.shape[0], dz.shape[0], ra.shape[0], base.shape[0], cphi.shape[0])
    n1 = max(c.shape[1], dz.shape[1], ra.shape[1], base.shape[1], cphi.shape[1])
    gd = np.empty((n0, n1), np.complex128)
    gm = np.empty((n0, n1), np.complex128)
    # broadcasting: axes of length 1 are indexed at 0 (the four roots share a shape,
    # as do cphi and sphi)
    k0, k1 = int(c.shape[0] > 1), int(c.shape[1] > 1)
    d0, d1 = int(dz.shape[0] > 1), int(dz.shape[1] > 1)
    r0, r1 = int(ra.shape[0] > 1), int(ra.shape[1] > 1)
    b0, b1 = int(base.shape[0] > 1), int(base.shape[1] > 1)
    p0, p1 = int(cphi.shape[0] > 1), int(cphi.shape[1] > 1)
    eps2 = eps**2
    dm = (m1 * m1 - m2 * m2) ** 2
    k = (2.0 / L) ** 2
    for i in range(n0):
        for j in range(n1):
            cc = c[i * k0, j * k1]
            d = dz[i * d0, j * d1]
            sq = csqrt(((cc - ra[i * r0, j * r1]) + d) * ((rb[i * r0, j * r1] - cc) - d)) * csqrt(
                ((cc - ra2[i * r0, j * r1]) + d) * ((rb2[i * r0, j * r1] - cc) - d))
            if lin:  # z-line: complex x = c + dz, real y = base
                sqlam = k * sq
                pz = qz - 2 * (cc + d) / L
                kp = base[i * b0, j * b1] / R
                px = complex(qx - kp * cphi[i * p0, j * p1])
                py = complex(-kp * sphi[i * p0, j * p1])
            else:  # ray: complex y = c + dz, real x = base
                sqlam = sq / R**2
                kpc = (cc + d) / R
                pz = complex(qz - 2 * base[i * b0, j * b1] / L)
                px = qx - kpc * cphi[i * p0, j * p1]
                py = -kpc * sphi[i * p0, j * p1]
            gd[i, j], gm[i, j] = g_cplx(pz, px, py, sqlam, mode, T, eps2, dm, m1, m2)
    return gd, gm

@njit(types.UniTuple(a2, 2)(a2, b2, a1, a1, a1, a1, a1), cache=True, fastmath=False,
      nogil=True)
def panels_k(B, F, s, ws, s2, oms2, tsws):
    """Nodes and dt-weights (0 on invalid panels) of :func:`edge_panels.panels`."""
    r, nb = B.shape
    deg = s.size
    ncol = 2
    for i in range(r):
        cnt = 0
        for j in range(nb):
            if np.isfinite(B[i, j]):
                cnt += 1
        ncol = max(ncol, cnt)
    ncol = min(ncol, nb) if nb >= 2 else 2
    npan = ncol - 1
    t = np.zeros((r, npan * deg))
    jw = np.zeros((r, npan * deg))  # 0 marks an invalid node (ok = False)
    bs = np.empty(ncol)
    fs = np.zeros(ncol, np.bool_)
    vals = np.empty(nb)
    flags = np.zeros(nb, np.bool_)
    for i in range(r):
        nf, order = row_sorted(B, F, i, vals, flags)
        for j in range(ncol):
            if j < nf:
                bs[j] = vals[order[j]]
                fs[j] = flags[order[j]]
            else:
                bs[j] = np.nan
                fs[j] = False
        for p in range(npan):
            a = bs[p]
            b = bs[p + 1]
            if not (np.isfinite(a) and np.isfinite(b) and b > a):
                continue
            h = b - a
            toa = fs[p]
            tob = fs[p + 1] and not toa
            for q in range(deg):
                m = p * deg + q
                if toa:
                    t[i, m] = a + h * s2[q]
                    jw[i, m] = h * tsws[q]
                elif tob:
                    t[i, m] = a + h * oms2[q]
                    jw[i, m] = h * tsws[q]
                else:
                    t[i, m] = a + h * s[q]
                    jw[i, m] = h * ws[q]
    return t, jw


@njit(types.UniTuple(a1, 2)(v1, v1, v1, v1, f8, f8, i8, a2, f8, a1, a1), cache=True,
      fastmath=False, nogil=True)
def tensor_k(Kz, Kx, Ky, w, qz, qx, mode, T, eps, m1s, m2s):
    """(sum_n w_n g_D(Q - K_n), sum_n w_n g_M(Q - K_n)) per mass pair (the tensor
    product rule of :func:`expdesign.physics.phasespace.product_rule.integrate_3d`; the
    two-body function of :func:`expdesign.physics.phasespace.kinematics.two_body`, zero
    at and below threshold)."""
    npair = m1s.size
    outd = np.zeros(npair)
    outm = np.zeros(npair)
    eps2 = eps**2
    for n in range(Kz.size):
        pz = qz - Kz[n]
        px = qx - Kx[n]
        py = -Ky[n]
        p2 = pz * pz + px * px + py * py
        sp2 = spin_p2(mode, T, pz, px, py, p2)
        M2 = eps2 - p2
        inv = 1.0 / M2
        wn = w[n]
        for k in range(npair):
            m1 = m1s[k]
            m2 = m2s[k]
            thr = (m1 + m2) ** 2
            if not M2 > thr:
                continue
            lam = max((M2 - thr) * (M2 - (m1 - m2) ** 2), 0.0)
            f = (2 * np.pi) * np.sqrt(lam) * inv
            ps2 = 0.25 * lam * inv
            gd = f * bracket(M2, inv, ps2, sp2, (m1 * m1 - m2 * m2) ** 2, m1 * m1, m2 * m2)
            outd[k] += gd * wn
            outm[k] += f * (-m1 * m2) * wn
    return outd, outm


@njit(a1(v1), cache=True, fastmath=False, nogil=True)
def avg_w_series_k(t):
    """:func:`expdesign.physics.phasespace.tails.avg_w` for t >= 20 (its Hankel modulus
    series, the same operations in the same order)."""
    out = np.empty(t.size)
    c = 4.0 / np.pi
    for n in range(t.size):
        u = 1.0 / (t[n] * t[n])
        out[n] = c * u * (1 + u * (0.375 + u * (-0.3515625 + u * 1.5380859375)))
    return out
