"""The slab-free edge rule's z-lines near K_perp = 0 from a few lines and a polynomial fit.

In the slab-free decomposition of :mod:`expdesign.physics.phasespace.edge_rule`
(``_slab_free``: the edge sphere ``|Q - K| = P_max`` misses the x core ``|x| <= T``) every
outer (y, phi) row is a z-line ``K_perp = (y cos phi, y sin phi) / R`` integrated over
``|x| > T``:

    H(K_perp) = int U_avg(x) g dx  +  Re[F(x_a) - F(x_b)],
    F(c) = i e^{2ic} A(c),  A(c) = int_0^inf e^{-2t} env_U(c + it) g(c + it) dt

(numerical steepest descent from the chord ends x_a < x_b, Huybrechs & Vandewalle 2006,
SIAM J. Numer. Anal. 44, 1026; :mod:`expdesign.physics.phasespace.steepest_descent`).
The rows of the transverse core ``y <= T2`` (``|K_perp| <= k_c = T2 / R``) cover a disk
small against the sphere: the chord half-length ``r(K_perp) = sqrt(P_max^2 - |Q_perp -
K_perp|^2)`` changes across it by a fraction ``~ |Q_x| k_c / r^2``.  Where that is small,
the non-oscillating parts (the real-axis integral and the amplitudes A(x_a), A(x_b)) are
smooth, nearly polynomial functions of K_perp, while the phases ``2 x_a``, ``2 x_b`` change
by ``~ 2 T2 (L / R) |Q_x| / r`` radians across the core and are known in closed form.

So the three smooth parts are computed on a few lines only (``n_r`` rings of ``n_az``
azimuths plus the axis), fitted by least squares with the polynomials ``u^a v^(2b)``,
``a + 2b <= deg`` (``u, v = K_x / k_c, K_y / k_c``; even in K_y as g is), and the fit is
integrated with the full core rule's weights, times the exact phases for the amplitudes.
Being linear in the sampled values, the result is a quadrature on the few lines with
weights ``omega = sum_rows Wo [e^{2i x_end}] C`` (``C`` the cardinal matrix of the fit).

The disk is the core plus the slab-free tail panels out to the radius
:func:`fit_radius`: the largest panel boundary ``T2 2^k`` where :func:`core_variation`
(the larger of the relative changes of ``r^2`` and of the near chord end ``|x_near|`` over
the disk) is at most ``EdgeParams.core_fit_max``; every fitted and disk line must also be
a chord longer than ``EdgeParams.sd_short``.  Elsewhere (tangent lines or the sphere
reaching x = 0 within the core disk) the rule integrates every line.  Measured (issue 22,
EDGE_BEYOND: degree 4, 11 lines, ``core_fit_max`` 0.6): within 2.5e-10 of every line
over all 1987 slab-free cells of three mass sets (docs/phasespace.md).
All lengths in form-factor units (x = K_z L/2, y = |K_perp| R), momenta in eV.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from expdesign.physics.phasespace.edge_pair import EdgePair
from expdesign.physics.phasespace.edge_panels import geom_base, line_avg
from expdesign.physics.phasespace.edge_params import EdgeParams
from expdesign.physics.phasespace.quadrature import half_azimuth_rule
from expdesign.physics.phasespace.steepest_descent import nearest_other, sd_rule
from expdesign.physics.phasespace.tails import env_u

__all__ = ["core_variation", "fit_nodes", "fit_radius", "cardinal", "core_lines"]


def core_variation(pair: EdgePair, rad: float) -> float:
    """How far the lines of the disk ``|K_perp| <= rad / R`` are from one another: the
    larger of the relative change ``1 - r^2_min / r^2_max`` of the squared chord
    half-length and the change of the near chord end ``|x_near| = (|Q_z| - r) L/2``
    relative to its smallest value (U_avg = 1/(2 x^2) weighs the near end; ``inf``:
    some line of the disk is tangent to the sphere, misses it or reaches x = 0;
    dimensionless)."""
    k = rad / pair.R
    q = abs(pair.qx)
    c_lo = pair.pmax2 - (q + k) ** 2
    c_hi = pair.pmax2 - max(q - k, 0.0) ** 2
    if c_lo <= 0 or c_hi <= 0:
        return np.inf
    r_lo, r_hi = np.sqrt(c_lo), np.sqrt(c_hi)
    near = abs(pair.qz) - r_hi
    if near <= 0:
        return np.inf
    return float(max(1.0 - c_lo / c_hi, (r_hi - r_lo) / near))


@lru_cache(maxsize=16)
def fit_nodes(T2: float, n_r: int, n_az: int) -> tuple[np.ndarray, np.ndarray]:
    """(y, phi) of the fitted lines: the axis and ``n_r`` rings at ``y = T2 sin(pi i /
    (2 n_r))``, i = 1..n_r (the outer one on the disk's rim), of ``n_az`` Gauss azimuths
    in [0, pi]."""
    rad = T2 * np.sin(0.5 * np.pi * np.arange(1, n_r + 1) / n_r)
    ph, _ = half_azimuth_rule(n_az)
    Y = np.concatenate([[0.0], np.repeat(rad, n_az)])
    P = np.concatenate([[0.0], np.tile(ph, n_r)])
    return Y, P


def _basis(y: np.ndarray, phi: np.ndarray, T2: float, deg: int) -> np.ndarray:
    """Monomials ``u^a v^(2b)``, ``a + 2b <= deg``, at (y, phi) (rows x functions)."""
    u = y * np.cos(phi) / T2
    v2 = (y * np.sin(phi) / T2) ** 2
    cols = [u**a * v2**b for b in range(deg // 2 + 1) for a in range(deg - 2 * b + 1)]
    return np.stack(cols, axis=-1)


def cardinal(Y: np.ndarray, P: np.ndarray, T2: float, n_r: int, n_az: int,
             deg: int) -> np.ndarray:
    """(rows, fit nodes) matrix C: the least-squares polynomial through values f_n at the
    :func:`fit_nodes` is ``C @ f_n`` at the rows (y, phi)."""
    Yn, Pn = fit_nodes(T2, n_r, n_az)
    Vn = _basis(Yn, Pn, T2, deg)
    if Vn.shape[0] < Vn.shape[1]:
        raise ValueError("fewer fit lines than polynomials")
    return np.einsum("rf,fn->rn", _basis(Y, P, T2, deg), np.linalg.pinv(Vn))


def fit_radius(pair: EdgePair, prm: EdgeParams, y_hi: float) -> float:
    """Radius (y) of the disk of fitted rows: the largest ``T2 2^k < y_hi`` (k >= 0; a
    boundary of the slab-free tail panels) with :func:`core_variation` at or below
    ``prm.core_fit_max``; 0 if not even the core disk ``y <= T2`` qualifies."""
    rad = 0.0
    y = prm.T2
    while core_variation(pair, y) <= prm.core_fit_max:
        rad = y
        y *= 2
        if y >= y_hi:
            break
    return rad


def core_lines(pair: EdgePair, Y: np.ndarray, P: np.ndarray, Wo: np.ndarray,
               prm: EdgeParams, x_hi: float, x_lo: float, rad: float) -> np.ndarray | None:
    """``sum_rows Wo H(y, phi)`` (eV^2 x weights) over rows of the slab-free rule with
    ``y <= rad`` (:func:`fit_radius`) from the fitted lines, or None where the reduction
    is not guarded (:func:`core_variation` above ``prm.core_fit_max``, or a chord shorter
    than ``prm.sd_short``): then the caller integrates every line.

    ``x_hi``, ``x_lo``: where g vanishes along +x and -x (as in ``edge_rule``); the sphere
    must miss the slab ``|x| <= T`` (one side carries the whole chord)."""
    T = prm.T
    if rad <= 0 or core_variation(pair, rad) > prm.core_fit_max:
        return None
    roots_c = pair.line_roots(Y, P)
    xa_c, xb_c = roots_c[0], roots_c[1]
    Yn, Pn = fit_nodes(rad, prm.core_fit_r, prm.core_fit_az)
    roots = pair.line_roots(Yn, Pn)
    xa, xb = roots[0], roots[1]
    if not (np.all(np.isfinite(xa_c)) and np.all(xb_c - xa_c >= prm.sd_short)
            and np.all(xb - xa >= prm.sd_short)):
        return None
    C = cardinal(Y, P, rad, prm.core_fit_r, prm.core_fit_az, prm.core_fit)
    total = np.zeros(2)
    # real-axis part (U_avg): as the full rule, on the fitted lines with the weights Wo C
    w_avg = np.sum(Wo[:, None] * C, axis=0)  # (no BLAS call: small, and thread-free)
    br = pair.x_breaks(Yn, Pn)
    for sign, hi in ((1.0, x_hi), (-1.0, x_lo)):
        if hi <= T:
            continue
        total += line_avg(pair, geom_base(T, hi), sign * br, T, hi, prm.tail_deg, prm.grade,
                          prm.grade_ratio, prm.grade_max, True, True, sign, True, Yn, Pn,
                          w_avg, "avg_u")
    # steepest-descent part: the amplitudes A at the chord ends of the fitted lines, the
    # exact phases e^{2i x_end} of every core row in the weights
    acc = np.zeros(2, complex)
    far = bool(np.all(np.abs(xb) > 8 * np.abs(xa)))
    ends = ((xa, xa_c, 1.0, prm.sd_deg), (xb, xb_c, -1.0,
                                          max(3, prm.sd_deg - 2) if far else prm.sd_deg))
    rr = tuple(r[:, None] for r in roots)
    for c, c_rows, sgn, deg in ends:
        om = np.sum((Wo * np.exp(2j * c_rows))[:, None] * C, axis=0)
        s, ws = sd_rule(nearest_other(c, roots), deg)
        dz = 1j * s**2
        gD, gM = pair.g_line_complex(c[:, None], dz, rr, Yn[:, None], Pn[:, None])
        k = sgn * 1j * om
        e = ws * env_u(c[:, None] + dz)
        acc[0] += np.sum(k * np.sum(e * gD, axis=1))
        acc[1] += np.sum(k * np.sum(e * gM, axis=1))
    return total + np.real(acc)
