"""Oscillating and averaged tails of the cylinder form factors, as the edge-aware rule uses them.

``U(x) = (sin x / x)^2 = U_avg + (U - U_avg)`` with ``U_avg = 1/(2 x^2)`` and
``U - U_avg = -cos(2x)/(2x^2) = Re[e^{2ix} env_U(x)]``; ``W(y) y = (2 J1(y)/y)^2 y`` with the
average ``W_avg y = 2 (J1^2 + Y1^2) / y`` and the oscillating part
``2 (J1^2 - Y1^2) / y = 2 Re[H1(y)^2] / y = Re[e^{2iy} env_W(y)]``.  ``Osc1`` are the
integrals of the oscillating parts from t to infinity (:func:`expdesign.physics.
phasespace.formfactors.osc1_u` for U, :func:`osc1_w` here for W).  The smooth step chi
splits W y into core and tail.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import special

from expdesign.physics.phasespace import compiled
from expdesign.physics.phasespace.quadrature import gauss_legendre_01

__all__ = ["HALF_PERIOD", "HANKEL_C", "smooth_step", "osc_u", "avg_u", "wy", "avg_w", "osc_w",
           "osc1_w", "env_u", "env_w"]

HALF_PERIOD = np.pi / 2
"""Half the period (pi) of the oscillating tails, in form-factor units."""


def smooth_step(y, t1: float, t2: float):
    """chi(y): 1 for y <= t1, 0 for y >= t2, C^2 (smootherstep) in between."""
    s = np.clip((np.asarray(y, dtype=float) - t1) / (t2 - t1), 0.0, 1.0)
    return 1.0 - s**3 * (10 - 15 * s + 6 * s**2)




def osc_u(t):
    return -np.cos(2 * t) / (2 * t**2)


def avg_u(t):
    return 0.5 / t**2


def wy(t):
    return 4.0 * special.j1(t) ** 2 / t


def avg_w(t):
    """W_avg(y) y = 2 (J1^2 + Y1^2) / y; Hankel modulus series for y >= 20 (rel. err < 1e-9)."""
    t = np.asarray(t, dtype=float)
    big = t >= 20.0
    if np.all(big):
        if t.size > 64 and compiled.enabled():
            return compiled.avg_w_series(t)
        u = 1.0 / (t * t)
        return (4.0 / np.pi) * u * (1 + u * (0.375 + u * (-0.3515625 + u * 1.5380859375)))
    tb = np.where(big, t, 20.0)
    u = 1.0 / tb**2
    ser = 4.0 / (np.pi * tb**2) * (1 + u * (0.375 + u * (-0.3515625 + u * 1.5380859375)))
    ts = np.where(big, 1.0, t)
    return np.where(big, ser, 2.0 * (special.j1(ts) ** 2 + special.y1(ts) ** 2) / ts)


def osc_w(t):
    return 2.0 * (special.j1(t) ** 2 - special.y1(t) ** 2) / t


_A_SWITCH = 2000.0


def _osc1_w_asym(a):
    """Asymptotic ``int_a^inf 2 Re H1(y)^2 / y dy`` (Hankel series to 1/y^2, 3 by-parts terms)."""
    a = np.asarray(a, dtype=float)

    def phi(y):
        s = 1 + 0.375j / y + 0.1171875 / y**2
        return 4j / (np.pi * y**2) * s * s

    h = 1e-2 * a
    p0 = phi(a)
    p1 = (phi(a + h) - phi(a - h)) / (2 * h)
    p2 = (phi(a + h) - 2 * p0 + phi(a - h)) / h**2
    # int_a^inf e^{2iy} phi dy = -e^{2ia} [phi/(2i) - phi'/(2i)^2 + phi''/(2i)^3]
    val = -np.exp(2j * a) * (p0 / 2j - p1 / (2j) ** 2 + p2 / (2j) ** 3)
    return val


@lru_cache(maxsize=1)
def _osc1_w_table():
    """Envelope E(a) = A(a) e^{-2ia} of A(a) = int_a^inf 2 H1(y)^2 / y dy on a log grid."""
    from scipy.interpolate import CubicSpline

    grid = np.geomspace(2.0, _A_SWITCH, 1600)
    # panels: the grid refined to width <= pi/4
    edges = [grid[0]]
    for b in grid[1:]:
        a = edges[-1]
        n = max(1, int(np.ceil((b - a) / (np.pi / 4))))
        edges.extend(np.linspace(a, b, n + 1)[1:])
    pts = np.array(edges)
    s, w = gauss_legendre_01(10)
    a_, b_ = pts[:-1], pts[1:]
    y = a_[:, None] + (b_ - a_)[:, None] * s[None, :]
    h1 = special.hankel1(1, y)
    seg = np.sum((b_ - a_)[:, None] * w[None, :] * 2 * h1**2 / y, axis=1)
    tail = _osc1_w_asym(_A_SWITCH)
    cum = tail + np.concatenate([np.cumsum(seg[::-1])[::-1], [0.0]])  # A at pts
    on_grid = np.isin(pts, grid)
    A = cum[on_grid]
    g = pts[on_grid]
    env = A * np.exp(-2j * g)
    return (CubicSpline(np.log(g), env.real), CubicSpline(np.log(g), env.imag))


def osc1_w(t):
    """``int_t^inf (W(y) - W_avg(y)) y dy = int_t^inf 2 (J1^2 - Y1^2)/y dy`` for t >= 2.

    Tabulated envelope (cumulative Gauss-Legendre below 2000, asymptotic Hankel series
    with three integrations by parts above); compare
    :func:`expdesign.physics.phasespace.formfactors.osc1_w_quad` (scipy.quad) in the tests.
    """
    if np.ndim(t) == 0:
        return _osc1_w_scalar(float(t))
    return _osc1_w_array(np.asarray(t, dtype=float))


@lru_cache(maxsize=64)
def _osc1_w_scalar(t: float) -> np.ndarray:
    """osc1_w at one point, cached (the rules ask for Osc1_W(T2) once per block)."""
    v = _osc1_w_array(np.asarray(t))
    v.setflags(write=False)
    return v


def _osc1_w_array(t: np.ndarray) -> np.ndarray:
    re, im = _osc1_w_table()
    lt = np.log(np.clip(t, 2.0, _A_SWITCH))
    small = np.exp(2j * np.clip(t, 2.0, _A_SWITCH)) * (re(lt) + 1j * im(lt))
    big = _osc1_w_asym(np.maximum(t, _A_SWITCH))
    return np.where(t <= _A_SWITCH, small.real, big.real)


def env_u(z):
    """(U - U_avg)(x) = Re[e^{2ix} env_U(x)], env_U = -1/(2 x^2)."""
    return -0.5 / (z * z)


def _hankel_series_coeffs(n: int = 14) -> np.ndarray:
    """i^k a_k(1) of H1(z) ~ sqrt(2/(pi z)) e^{i(z - 3pi/4)} sum_k i^k a_k / z^k
    (DLMF 10.17.1-2 with nu = 1: a_k = a_{k-1} (4 - (2k-1)^2) / (8k))."""
    a = [1.0]
    for k in range(1, n):
        a.append(a[-1] * (4.0 - (2 * k - 1) ** 2) / (8.0 * k))
    return np.array(a) * (1j ** np.arange(n))


HANKEL_C = _hankel_series_coeffs()
"""i^k a_k(1) of the Hankel series of :func:`env_w` (14 terms)."""


def env_w(z):
    """(W - W_avg)(y) y = 2 Re[H1(y)^2] / y = Re[e^{2iy} env_W(y)], env_W = 2 H1e(y)^2 / y.

    For |z| >= 16 the Hankel asymptotic series (14 terms, relative error < 1e-10 there;
    checked against scipy.special.hankel1e in the tests), else scipy.special.hankel1e.
    """
    z = np.asarray(z)
    az = np.abs(z)
    if np.all(az >= 16.0):
        # fewer terms where |z| is large (term k ~ (k/2)! / (2|z|)^k)
        zmin = float(az.min(initial=np.inf))
        n = 14 if zmin < 60 else (9 if zmin < 400 else 6)
        u = 1.0 / z
        ser = np.full(z.shape, HANKEL_C[n - 1])
        for c in HANKEL_C[n - 2::-1]:
            ser = ser * u + c
        return 4j * ser * ser / (np.pi * z * z)
    h = special.hankel1e(1, z)
    return 2.0 * h * h / z
