"""Gauss-Legendre nodes and the fixed maps of them that the phase-space rules share.

Every Gauss-Legendre rule of the phase-space package comes from here
(``scipy.special.roots_legendre``, cached and read-only).  Until issue 22 the nodes came from
``numpy.polynomial.legendre.leggauss``, whose dense eigenvalue solve costs O(n^3) (2.7 s at
n = 2000 against 0.13 s) and dominated a cold plan; the two agree to 2e-16 in the nodes
and ~1e-10 relative in the weights at n ~ 2000 (tests/physics/phasespace/test_quadrature.py
checks exactness on polynomials and cosines).  The maps are written so that each
reproduces the nodes the rules used before the package was split (issue 13).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.special import roots_legendre

__all__ = [
    "gauss_legendre",
    "gauss_legendre_01",
    "gauss_legendre_ladder",
    "gauss_legendre_on",
    "tau_rule",
    "half_azimuth_rule",
]


@lru_cache(maxsize=256)
def gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of the n-point Gauss-Legendre rule on [-1, 1] (read-only arrays)."""
    x, w = roots_legendre(n)
    x = np.ascontiguousarray(x, dtype=float)
    w = np.ascontiguousarray(w, dtype=float)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


@lru_cache(maxsize=64)
def gauss_legendre_01(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The n-point rule mapped to [0, 1]: nodes ``(x + 1) / 2``, weights ``w / 2``."""
    x, w = gauss_legendre(n)
    return (x + 1) / 2, w / 2


def gauss_legendre_ladder(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rule on [-1, 1] with at least n nodes: orders rounded up to the ladder 16, 21, 27, ...
    (``m -> int(1.25 m) + 1``), so that nearby requests share one cached rule."""
    m = 16
    while m < n:
        m = int(m * 1.25) + 1
    return gauss_legendre(m)


def gauss_legendre_on(lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`gauss_legendre_ladder` (at least n nodes) mapped to [lo, hi]."""
    x, w = gauss_legendre_ladder(n)
    return 0.5 * (hi - lo) * (x + 1) + lo, 0.5 * (hi - lo) * w


@lru_cache(maxsize=64)
def tau_rule(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The n-point rule on [0, pi] (the tau substitution of the in-plane two-body density)."""
    x, w = gauss_legendre(n)
    return np.pi / 2 * (x + 1), np.pi / 2 * w


@lru_cache(maxsize=64)
def half_azimuth_rule(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Azimuth rule on [0, pi] with doubled weights (sum ``2 pi``).

    The integrands are even in K_y (Q has no y component, the form factor is even, and
    the odd part of an orientation tensor is dropped up front), so the half range with
    doubled weights is exact for them.
    """
    s, w = gauss_legendre_01(n)
    return np.pi * s, 2 * np.pi * w
