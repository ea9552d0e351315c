"""Sensitivity arithmetic on plain floats: log-space finite differences, the value an input
needs to close a gap, positivity bounds of the density matrix, and uncertainty bands.

A figure ``f`` (a rate, a field, an exposure time) depends on an input ``x`` with the
elasticity ``e = d ln f / d ln x``.  Where ``f`` is a power law in ``x`` the elasticity is
its exponent; elsewhere it is a central difference in ``ln x``.  Everything here is
dimensionless or in the caller's units; nothing here knows the Planner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = [
    "log_elasticity",
    "power_max",
    "MAX_CHI2",
    "MAX_RHO_EP2",
    "MAX_MAGNETIZATION_FACTOR",
    "needed_value",
    "LogSpread",
    "log_spread",
    "linear_band",
    "sampled_band",
]


def log_elasticity(f_minus: float, f_0: float, f_plus: float, h: float
                   ) -> tuple[float, float, float]:
    """Central difference of ``ln f`` in ``ln x`` with its error estimate.

    Parameters
    ----------
    f_minus, f_0, f_plus
        The figure at ``x e^-h``, ``x`` and ``x e^h`` (any unit, same sign, non-zero).
    h
        Step in ``ln x`` (> 0).

    Returns
    -------
    tuple of float
        ``(e, err, c)``: the central elasticity ``(ln f+ - ln f-) / 2h``; the error estimate
        ``|e_forward - e_backward| / 2 = h |c| / 2``, the truncation error of a one-sided
        difference, which bounds the central one's ``h^2 |d^3 ln f| / 6`` wherever
        ``h |d^3 ln f / d^2 ln f| < 3`` (it vanishes for a power law, where every
        difference is exact); and ``c = (ln f+ - 2 ln f0 + ln f-) / h^2``, the second
        derivative of ``ln f`` in ``ln x`` (used by :func:`sampled_band`).
        Standard finite-difference analysis (e.g. Press et al., Numerical Recipes, 3rd
        ed. (2007), sec. 5.7).
    """
    if not h > 0:
        raise ValueError("the step h must be > 0")
    vals = (f_minus, f_0, f_plus)
    if not all(math.isfinite(v) and v != 0 for v in vals) or len({v > 0 for v in vals}) != 1:
        raise ValueError("the figure must be finite, non-zero and of one sign at the three "
                         "points")
    lm, l0, lp = (math.log(abs(v)) for v in vals)
    e = (lp - lm) / (2 * h)
    c = (lp - 2 * l0 + lm) / h**2
    err = abs((lp - l0) / h - (l0 - lm) / h) / 2
    return e, err, c


def power_max(a: float, b: float) -> float:
    """Maximum of ``x^a (1 - x)^b`` over ``0 <= x <= 1`` (a, b > 0): ``a^a b^b / (a+b)^(a+b)``
    at ``x = a / (a + b)`` (set the derivative of ``a ln x + b ln(1-x)`` to zero).

    With ``|rho_ep|^2 <= rho_ee rho_pp`` (a density matrix is positive semi-definite) and
    ``rho_ee + rho_pp <= 1``: ``|chi|^2 = rho_ee^2 |rho_ep|^2 <= rho_ee^3 rho_pp`` has the
    maximum ``power_max(3, 1) = 27/256`` at ``rho_ee = 3/4``, and seed 001's magnetization
    factor ``rho_ee^3 |rho_ep|^2 <= rho_ee^4 rho_pp`` the maximum ``power_max(4, 1) =
    256/3125`` at ``rho_ee = 4/5``.
    """
    if not (a > 0 and b > 0):
        raise ValueError("a and b must be > 0")
    return a**a * b**b / (a + b) ** (a + b)


MAX_CHI2 = power_max(3.0, 1.0)
"""Largest ``|chi|^2 = |rho_ee rho_ep|^2`` a density matrix allows: 27/256 (:func:`power_max`)."""
MAX_RHO_EP2 = power_max(1.0, 1.0)
"""Largest ``|rho_ep|^2`` (the derived coherence factor, docs/planner.md) a density matrix
allows: ``rho_ee rho_pp <= 1/4`` (:func:`power_max`)."""
MAX_MAGNETIZATION_FACTOR = power_max(4.0, 1.0)
"""Largest ``rho_ee^3 |rho_ep|^2`` a density matrix allows: 256/3125 (:func:`power_max`)."""


def needed_value(x0: float, elasticity: float, ratio: float) -> float | None:
    """The input value that multiplies a figure by ``ratio`` where ``f ~ x^e``:
    ``x0 ratio^(1/e)`` (None for ``e = 0``: the input does not move the figure).

    For a figure that is a power law in ``x`` this is exact; for a finite-difference
    elasticity it is the log-linear extrapolation (the caller must say so).
    """
    if elasticity == 0 or not math.isfinite(elasticity) or not ratio > 0:
        return None
    with np.errstate(over="ignore"):
        ln = math.log(x0) + math.log(ratio) / elasticity
    if ln > 700 or ln < -700:
        return math.inf if ln > 0 else 0.0
    return math.exp(ln)


class LogSpread:
    """The distribution of ``delta = ln(x / x0)`` of an uncertain input: ``normal`` with
    standard deviation ``sigma``, or ``uniform`` on ``[lo, hi]`` (a range)."""

    def __init__(self, kind: str, sigma: float = 0.0, lo: float = 0.0, hi: float = 0.0):
        if kind not in ("normal", "uniform"):
            raise ValueError(f"unknown spread {kind!r}")
        self.kind, self.sigma, self.lo, self.hi = kind, sigma, lo, hi

    @property
    def mean(self) -> float:
        return 0.0 if self.kind == "normal" else (self.lo + self.hi) / 2

    @property
    def sd(self) -> float:
        return self.sigma if self.kind == "normal" else (self.hi - self.lo) / math.sqrt(12)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.kind == "normal":
            return rng.normal(0.0, self.sigma, n)
        return rng.uniform(self.lo, self.hi, n)


def log_spread(x0: float, relative: float | None = None,
               rng: tuple[float, float] | None = None,
               lognormal_sigma: float | None = None) -> LogSpread:
    """The spread of ``ln(x / x0)`` of an input with one of: a relative 1-sigma error ``r``
    (``sigma = ln(1 + r)``, which is ``r`` for small ``r`` and keeps ``x > 0``), a range
    ``[lo, hi]`` (uniform in ``ln x``: a range says where the value lies, not how likely
    each part is; the log scale is the scale-free choice) or a log-normal ``sigma``."""
    given = [v is not None for v in (relative, rng, lognormal_sigma)]
    if sum(given) != 1:
        raise ValueError("give exactly one of relative, range, lognormal_sigma")
    if relative is not None:
        return LogSpread("normal", sigma=math.log1p(relative))
    if lognormal_sigma is not None:
        return LogSpread("normal", sigma=lognormal_sigma)
    assert rng is not None
    lo, hi = rng
    if not (0 < lo <= hi and x0 > 0):
        raise ValueError("a range needs 0 < low <= high and a positive value")
    return LogSpread("uniform", lo=math.log(lo / x0), hi=math.log(hi / x0))


def linear_band(f0: float, elasticities: Sequence[float], spreads: Sequence[LogSpread]
                ) -> tuple[float, float, float, int]:
    """Linearised 68 % band of a figure: ``ln f = ln f0 + sum e_i delta_i``, so
    ``mean(ln f) = ln f0 + sum e_i <delta_i>`` and ``sd(ln f) = sqrt(sum (e_i sd_i)^2)``
    (first-order propagation of independent errors, e.g. JCGM 100:2008 (GUM) sec. 5.1).

    Returns
    -------
    tuple
        ``(low, centre, high, dominant)``: ``f0 exp(mean -+ sd)``, ``f0 exp(mean)`` and the
        index of the input with the largest ``|e_i| sd_i`` (-1 if none).
    """
    e = np.asarray(elasticities, dtype=float)
    mean = float(sum(ei * s.mean for ei, s in zip(e, spreads, strict=True)))
    contrib = np.array([abs(ei) * s.sd for ei, s in zip(e, spreads, strict=True)])
    sd = float(np.sqrt(np.sum(contrib**2))) if len(contrib) else 0.0
    dom = int(np.argmax(contrib)) if len(contrib) and np.max(contrib) > 0 else -1
    return f0 * math.exp(mean - sd), f0 * math.exp(mean), f0 * math.exp(mean + sd), dom


def sampled_band(f0: float, elasticities: Sequence[float], curvatures: Sequence[float],
                 spreads: Sequence[LogSpread], n: int = 4000, seed: int = 0
                 ) -> tuple[float, float, float]:
    """16th, 50th and 84th percentiles of ``f`` by Monte Carlo over the inputs' spreads,
    with ``ln f = ln f0 + sum (e_i delta_i + c_i delta_i^2 / 2)`` (second order in each
    input; ``c_i`` from :func:`log_elasticity`, 0 for a power law).  For small spreads it
    agrees with :func:`linear_band`; where they differ, the linearisation is off.
    """
    rng = np.random.default_rng(seed)
    lnf = np.full(n, math.log(abs(f0)))
    for ei, ci, s in zip(elasticities, curvatures, spreads, strict=True):
        d = s.sample(rng, n)
        lnf += ei * d + 0.5 * ci * d**2
    lo, mid, hi = np.percentile(lnf, [15.865525393145708, 50.0, 84.13447460685429])
    sgn = 1.0 if f0 > 0 else -1.0
    return sgn * math.exp(lo), sgn * math.exp(mid), sgn * math.exp(hi)
