"""Exposure-time and discrimination statistics for RENP / RANP designs (plain floats).

Two measurement models are supported, each stated where it is used:

**Photon counting.**  Signal and background are Poisson processes of rates s and b
(counts per unit time; any time unit, used consistently).  Discovery significance uses
the Asimov formula ``Z = sqrt(2 ((s+b) ln(1 + s/b) - s))`` (Cowan, Cranmer, Gross,
Vitells, EPJC 71 (2011) 1554, eq. 97) with expected counts ``s t`` and ``b t``; since
``Z^2`` is linear in t, ``t = z^2 / Z(s, b)^2``.  It reduces to ``s/sqrt(b)`` for s << b.
With no background Z diverges, so a minimum number of expected signal events is also
required (``n_min``, default 3: Poisson P(0 | 3) = 5 %).

**Magnetometer (white noise).**  The sensor has a one-sided amplitude spectral density
``S`` (e.g. T/sqrt(Hz); one-sided PSD ``S^2``).  Averaging a constant signal ``B`` over a
time t has noise ``sigma(t) = S / sqrt(2 t)`` (equivalent noise bandwidth ``1/(2t)``), so
``SNR = B sqrt(2 t) / S`` and ``t = (z S / B)^2 / 2``.

**Discrimination** between two hypotheses A (alternative) and B (true) from binned
predictions uses Asimov data: counting ``Delta chi^2 = sum (mu_A - mu_B)^2 / mu_B``,
magnetometer ``Delta chi^2 = sum (B_A - B_B)^2 / sigma_i^2``; both are linear in time.
Several trigger-angle settings measured one after another share the total time T with
fractions f_k: ``Delta chi^2(T) = T sum_k f_k d_k`` where ``d_k`` is the per-unit-time
``Delta chi^2`` of setting k.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "delta_chi2_settings_counting",
    "delta_chi2_settings_magnetometer",
    "asimov_significance",
    "counting_time_for_significance",
    "magnetometer_noise",
    "magnetometer_time_for_snr",
    "CycleSignal",
    "accumulation_cycle",
    "delta_chi2_counting",
    "DCHI2_MAX",
    "delta_chi2_gaussian",
    "delta_chi2_rate_counting",
    "delta_chi2_rate_counting_with_empty",
    "delta_chi2_rate_magnetometer",
    "mass_interval_halfwidth",
    "combined_delta_chi2_rate",
    "time_for_delta_chi2",
    "ProfileInterval",
    "profile_interval",
]


def asimov_significance(s: float, b: float) -> float:
    """Asimov discovery significance ``sqrt(2((s+b) ln(1+s/b) - s))`` (counts).

    Parameters
    ----------
    s, b
        Expected signal and background counts (dimensionless, s >= 0, b > 0).

    Returns
    -------
    float
        Z in standard deviations.
    """
    if s < 0 or not b > 0:
        raise ValueError("need s >= 0 and b > 0 (use counting_time_for_significance for b=0)")
    if s == 0:
        return 0.0
    x = s / b
    # (1+x) ln(1+x) - x, stable for small x
    val = (1 + x) * math.log1p(x) - x if x > 1e-4 else x**2 / 2 - x**3 / 6 + x**4 / 12
    return math.sqrt(2 * b * val)


def counting_time_for_significance(s_rate: float, b_rate: float, z: float = 5.0,
                                   n_min: float = 3.0) -> float:
    """Exposure time for an Asimov significance z in photon counting.

    ``t = max(z^2 / Z(s, b)^2, n_min / s)`` with s, b the rates (Z(s,b) evaluated for a
    unit time); for ``b = 0`` only the event-count condition applies.

    Parameters
    ----------
    s_rate, b_rate
        Signal and background rates, counts per unit time (> 0 and >= 0).
    z
        Target significance (default 5).
    n_min
        Minimum expected signal events.

    Returns
    -------
    float
        Time, in the inverse of the rate unit; ``inf`` where the signal is too small
        against the background for Z(s, b) to be represented (not reachable).
    """
    if not s_rate > 0 or b_rate < 0:
        raise ValueError("need s_rate > 0 and b_rate >= 0")
    t_events = n_min / s_rate
    if b_rate == 0:
        return t_events
    z1 = asimov_significance(s_rate, b_rate)
    if not z1 > 0:  # s << b: Z(s, b) underflows to 0 (s/b below ~1e-300)
        return math.inf
    return max(z**2 / z1**2, t_events)


def magnetometer_noise(asd: float, t: float) -> float:
    """Standard deviation ``S / sqrt(2 t)`` of a time average (one-sided ASD S).

    Parameters
    ----------
    asd
        One-sided amplitude spectral density, field unit / sqrt(Hz).
    t
        Averaging time, s.

    Returns
    -------
    float
        Noise in the field unit.
    """
    if not (asd > 0 and t > 0):
        raise ValueError("asd and t must be > 0")
    return asd / math.sqrt(2 * t)


def magnetometer_time_for_snr(b_signal: float, asd: float, z: float = 5.0) -> float:
    """Averaging time to reach ``SNR = z`` for a constant field: ``(z S / B)^2 / 2``.

    Parameters
    ----------
    b_signal
        Signal field amplitude (same field unit as ``asd``).
    asd
        One-sided amplitude spectral density, field unit / sqrt(Hz).
    z
        Target SNR.

    Returns
    -------
    float
        Time, s.
    """
    if not (b_signal != 0 and asd > 0):
        raise ValueError("need a non-zero signal and asd > 0")
    return 0.5 * (z * asd / b_signal) ** 2


@dataclass(frozen=True)
class CycleSignal:
    """Signal of the accumulation-and-repetition model (see :func:`accumulation_cycle`).

    Attributes
    ----------
    mean
        Time-averaged signal over a cycle (signal unit).
    peak
        Value at the end of the generation phase (signal unit).
    duty
        ``t_gen / period``.
    """

    mean: float
    peak: float
    duty: float


def accumulation_cycle(rate: float, t1: float, period: float, t_gen: float | None = None,
                       reset: bool = False) -> CycleSignal:
    """Mean signal of a magnetization that builds up and relaxes, repeated in cycles.

    Model: ``dM/dt = rate * 1[0 <= t mod period < t_gen] - M / T1`` (generation at a
    constant rate during ``t_gen`` of each cycle, spin relaxation T1 always).

    * ``reset=False``: M carries over between cycles; the periodic steady state has
      ``mean = rate T1 t_gen / period`` exactly (time average of the ODE).
    * ``reset=True``: M is destroyed at the start of each cycle (e.g. by re-pumping);
      ``M(t) = rate T1 (1 - exp(-t/T1))`` during generation, then free decay.

    Seed 001 (end of Sec. IV) multiplies the per-second rate by the repetition rate; this
    function replaces that by the explicit average.

    Parameters
    ----------
    rate
        Generation rate (signal unit per time unit).
    t1
        Relaxation time, same time unit.
    period
        Cycle period 1/f_rep, same time unit.
    t_gen
        Generation time per cycle (default: the whole period).
    reset
        See above.

    Returns
    -------
    CycleSignal
    """
    tg = period if t_gen is None else t_gen
    if not (t1 > 0 and period > 0 and 0 < tg <= period):
        raise ValueError("need t1 > 0, period > 0 and 0 < t_gen <= period")
    duty = tg / period
    if not reset:
        mean = rate * t1 * duty
        # peak of the periodic steady state: M_max = rate T1 (1-e^-tg/T1)/(1-e^-P/T1)
        peak = rate * t1 * (-math.expm1(-tg / t1)) / (-math.expm1(-period / t1))
        return CycleSignal(mean=mean, peak=peak, duty=duty)
    peak = rate * t1 * (-math.expm1(-tg / t1))
    integral_gen = rate * t1 * (tg - t1 * (-math.expm1(-tg / t1)))
    integral_decay = peak * t1 * (-math.expm1(-(period - tg) / t1))
    return CycleSignal(mean=(integral_gen + integral_decay) / period, peak=peak, duty=duty)


def delta_chi2_counting(mu_alt: np.ndarray, mu_true: np.ndarray) -> float:
    """Asimov ``Delta chi^2 = sum (mu_A - mu_B)^2 / mu_B`` (Pearson, expected counts).

    Parameters
    ----------
    mu_alt, mu_true
        Expected counts per bin under the alternative and the true hypothesis (> 0).

    Returns
    -------
    float
    """
    a = np.asarray(mu_alt, dtype=float)
    b = np.asarray(mu_true, dtype=float)
    if a.shape != b.shape or np.any(b <= 0):
        raise ValueError("shapes must match and mu_true must be > 0 in every bin")
    return float(np.sum((a - b) ** 2 / b))


DCHI2_MAX = 1e300  # Gaussian Delta chi^2 saturates here (a 1e-300 T/Hz^0.5 noise)

def delta_chi2_gaussian(x_alt: np.ndarray, x_true: np.ndarray, sigma: np.ndarray | float
                        ) -> float:
    """``Delta chi^2 = sum (x_A - x_B)^2 / sigma^2`` (Gaussian errors, e.g. magnetometer).

    Parameters
    ----------
    x_alt, x_true
        Predictions per bin (any unit).
    sigma
        Noise per bin (same unit), scalar or array (> 0).
    """
    a = np.asarray(x_alt, dtype=float)
    b = np.asarray(x_true, dtype=float)
    s = np.broadcast_to(np.asarray(sigma, dtype=float), b.shape)
    if a.shape != b.shape or np.any(s <= 0):
        raise ValueError("shapes must match and sigma must be > 0")
    with np.errstate(over="ignore"):
        return float(min(np.sum(np.minimum(((a - b) / s) ** 2, DCHI2_MAX)), DCHI2_MAX))


def delta_chi2_rate_counting(rate_alt: np.ndarray, rate_true: np.ndarray) -> float:
    """``Delta chi^2`` per unit time for counting: ``sum (r_A - r_B)^2 / r_B`` (rates)."""
    return delta_chi2_counting(rate_alt, rate_true)


def delta_chi2_rate_counting_with_empty(rate_alt: np.ndarray, rate_true: np.ndarray) -> float:
    """Asimov ``Delta chi^2`` per unit time over counting bins (rates s^-1): the Poisson
    likelihood ratio of the alternative against Asimov data of the truth (Cowan, Cranmer,
    Gross, Vitells, EPJC 71 (2011) 1554, eq. 21 with ``s + b`` -> the two hypotheses), summed
    over the bins of :func:`delta_chi2_settings_counting`."""
    return float(np.sum(delta_chi2_settings_counting(rate_alt, rate_true)))


def mass_interval_halfwidth(m0_eV: float) -> float:
    """Half-width ``delta`` (eV) of the lightest-mass interval the Plan asks for around the
    truth ``m0``: ``delta = max(m0 / 2, 5 meV)`` (a 50 % measurement, with a 5 meV floor
    so that a massless truth still asks a finite question; a choice of this package, not
    of the papers)."""
    return max(0.5 * m0_eV, 5e-3)


def delta_chi2_rate_magnetometer(b_alt: np.ndarray, b_true: np.ndarray, asd: float) -> float:
    """``Delta chi^2`` per second for a magnetometer: ``sum 2 (B_A - B_B)^2 / S^2``.

    Each bin (e.g. a trigger angle) is averaged for one second: ``sigma^2 = S^2/2``.

    Parameters
    ----------
    b_alt, b_true
        Signal fields per bin (field unit).
    asd
        One-sided ASD, field unit / sqrt(Hz).

    Returns
    -------
    float
        Delta chi^2 per second of time spent on *each* bin.
    """
    return delta_chi2_gaussian(b_alt, b_true, asd / math.sqrt(2.0))


def combined_delta_chi2_rate(per_setting: Sequence[float],
                             fractions: Sequence[float] | None = None) -> float:
    """Per-unit-total-time ``Delta chi^2`` of settings measured one after another.

    ``sum_k f_k d_k`` with ``d_k`` the per-unit-time Delta chi^2 of setting k and ``f_k``
    its share of the total time (default equal shares; must sum to 1).
    """
    d = np.asarray(per_setting, dtype=float)
    f = np.full(d.shape, 1.0 / d.size) if fractions is None else np.asarray(fractions, float)
    if f.shape != d.shape or np.any(f < 0) or abs(f.sum() - 1) > 1e-9:
        raise ValueError("fractions must be >= 0, match the settings and sum to 1")
    return float(np.dot(f, d))


def time_for_delta_chi2(dchi2_rate: float, target: float = 25.0) -> float:
    """Time to reach ``Delta chi^2 = target`` (25: 5 sigma, 9: 3 sigma) given a rate.

    Parameters
    ----------
    dchi2_rate
        Delta chi^2 per unit time (> 0).
    target
        Required Delta chi^2.

    Returns
    -------
    float
        Time in the inverse unit of the rate.
    """
    if not dchi2_rate > 0:
        raise ValueError("Delta chi^2 rate must be > 0 (hypotheses indistinguishable)")
    return target / dchi2_rate


@dataclass(frozen=True)
class ProfileInterval:
    """An interval from a Delta chi^2 profile.

    Attributes
    ----------
    lower, upper
        Interval ends (parameter unit); a grid edge if the crossing is outside the grid.
    lower_open, upper_open
        True if Delta chi^2 never reached the level on that side (interval not closed).
    grid, dchi2
        The profile that was used.
    """

    lower: float
    upper: float
    lower_open: bool
    upper_open: bool
    grid: np.ndarray
    dchi2: np.ndarray


def profile_interval(grid: np.ndarray, predict: Callable[[float], np.ndarray] | np.ndarray,
                     true_value: float, exposure: float | np.ndarray, kind: str = "counting",
                     asd: float | None = None, level: float = 1.0,
                     free_norm: bool = False) -> ProfileInterval:
    """Interval of a parameter (e.g. the lightest mass) from an Asimov Delta chi^2 profile.

    ``Delta chi^2(m) = exposure * d(m)`` with ``d`` the per-unit-time Delta chi^2 of the
    prediction at m against the prediction at ``true_value``; the interval is
    ``{m : Delta chi^2(m) <= level}`` (level 1: 1 sigma for one parameter), crossings
    found by linear interpolation on the grid.

    Parameters
    ----------
    grid
        Increasing parameter values (e.g. lightest mass, eV).
    predict
        Callable m -> per-unit-time predictions per bin (counting: rates; magnetometer:
        fields), or an array of shape (len(grid), n_bins) of predictions on the grid.
    true_value
        The true parameter; must be inside the grid range.  With an array ``predict`` the
        true prediction is interpolated linearly between grid points.
    exposure
        Time spent on each bin, scalar or array of shape (n_bins,) (inverse rate unit /
        s).  Bins measured together (a histogram of one run) share the run time; bins
        that are trigger-angle settings measured one after another get ``T f_k``.
    kind
        ``'counting'`` or ``'magnetometer'`` (then ``asd`` is required).
    level
        Delta chi^2 level.
    free_norm
        If True the overall normalization of the alternative is profiled (a free scale
        a >= 0 minimising the chi^2, closed form for the Gaussian weights; for counting
        the weights 1/mu_true are used as fixed Gaussian weights).

    Returns
    -------
    ProfileInterval
    """
    g = np.asarray(grid, dtype=float)
    if g.ndim != 1 or g.size < 2 or np.any(np.diff(g) <= 0):
        raise ValueError("grid must be 1-d and strictly increasing")
    if not (g[0] <= true_value <= g[-1]):
        raise ValueError("true_value must lie inside the grid")
    if callable(predict):
        preds = np.array([np.atleast_1d(predict(float(m))) for m in g], dtype=float)
        truth = np.atleast_1d(np.asarray(predict(float(true_value)), dtype=float))
    else:
        preds = np.asarray(predict, dtype=float)
        if preds.ndim == 1:
            preds = preds[:, None]
        if preds.shape[0] != g.size:
            raise ValueError("predict array must have len(grid) rows")
        truth = np.array([np.interp(true_value, g, preds[:, j]) for j in range(preds.shape[1])])
    expo = np.broadcast_to(np.asarray(exposure, dtype=float), truth.shape)
    if np.any(expo < 0) or not np.all(np.isfinite(expo)):
        raise ValueError("exposure must be finite and >= 0")
    if kind == "counting":
        if np.any(truth <= 0):
            raise ValueError("true rates must be > 0 in every bin")
        w = expo / truth
    elif kind == "magnetometer":
        if asd is None or not asd > 0:
            raise ValueError("kind='magnetometer' needs asd > 0")
        w = 2.0 * expo / asd**2
    else:
        raise ValueError(f"unknown kind {kind!r}")
    if free_norm:
        num = preds @ (w * truth)
        den = (preds**2) @ w
        a = np.where(den > 0, np.clip(num / np.where(den > 0, den, 1.0), 0.0, None), 1.0)
        alt = preds * a[:, None]
    else:
        alt = preds
    d = ((alt - truth) ** 2) @ w
    inside = d <= level
    # locate the connected region around the true value
    i0 = int(np.clip(np.searchsorted(g, true_value), 0, g.size - 1))
    if not inside[i0] and i0 > 0 and inside[i0 - 1]:
        i0 -= 1
    lo_i = i0
    while lo_i > 0 and inside[lo_i - 1]:
        lo_i -= 1
    hi_i = i0
    while hi_i < g.size - 1 and inside[hi_i + 1]:
        hi_i += 1
    lower_open = lo_i == 0 and bool(inside[0])
    upper_open = hi_i == g.size - 1 and bool(inside[-1])
    lower = float(g[0]) if lower_open else _cross(g, d, lo_i - 1, lo_i, level) \
        if lo_i > 0 else float(g[0])
    upper = float(g[-1]) if upper_open else _cross(g, d, hi_i, hi_i + 1, level) \
        if hi_i < g.size - 1 else float(g[-1])
    return ProfileInterval(lower, upper, lower_open, upper_open, g, d)


def _cross(g: np.ndarray, d: np.ndarray, i: int, j: int, level: float) -> float:
    if d[j] == d[i]:
        return float(g[i])
    return float(g[i] + (level - d[i]) * (g[j] - g[i]) / (d[j] - d[i]))


def delta_chi2_settings_counting(rate_alt: np.ndarray, rate_true: np.ndarray) -> np.ndarray:
    """Asimov ``Delta chi^2`` per unit time of each counting setting separately (rates
    s^-1, broadcastable arrays, ``r_A`` the alternative, ``r_B`` the truth).

    ``2 [r_A - r_B + r_B ln(r_B / r_A)]``: the Poisson likelihood ratio ``-2 ln(L_A / L_B)``
    of Asimov data ``mu_B = r_B t`` (Cowan et al., EPJC 71 (2011) 1554), linear in the time.
    It is ``(r_A - r_B)^2 / r_B`` (Pearson) to second order in the difference, ``2 r_A``
    where the truth expects nothing, and stays finite as the truth's rate falls to zero
    next to a threshold (Pearson's ``r_A^2 / r_B`` diverges there: found in issue 20).
    Where the alternative expects nothing but the truth does, the ratio is unbounded (one
    event excludes the alternative); the term is then the Pearson value ``r_B``, a
    conservative finite bound (25 expected truth events for 5 sigma).
    """
    a = np.asarray(rate_alt, dtype=float)
    t = np.asarray(rate_true, dtype=float)
    a, t = np.broadcast_arrays(a, t)
    both = (t > 0) & (a > 0)
    st = np.where(both, t, 1.0)
    # 2 t (u - ln(1 + u)) with u = (r_A - r_B)/r_B: a series for small |u| (a background
    # common to both makes u tiny, and t ln(t/a) would lose every digit to cancellation)
    u = np.where(both, (a - t) / st, 0.0)
    small = np.abs(u) < 1e-3
    us = np.where(small, u, 0.0)
    series = us * us * (0.5 - us / 3.0 + us * us / 4.0 - us**3 / 5.0)
    ul = np.where(small, 1.0, u)
    direct = ul - np.log1p(ul)
    lr = 2.0 * st * np.where(small, series, direct)
    out = np.where(both, np.maximum(lr, 0.0), np.where(t > 0, t, 2.0 * a))
    return np.asarray(out, dtype=float)


def delta_chi2_settings_magnetometer(b_alt: np.ndarray, b_true: np.ndarray,
                                     asd: float) -> np.ndarray:
    """``Delta chi^2`` per second of each magnetometer setting separately (fields and
    ``asd`` in one field unit, the ASD one-sided per sqrt(Hz)): the summand
    ``2 (B_A - B_B)^2 / S^2`` of :func:`delta_chi2_rate_magnetometer`."""
    d = np.asarray(b_alt, dtype=float) - np.asarray(b_true, dtype=float)
    with np.errstate(over="ignore"):  # scale first where asd^2 would underflow
        return np.minimum(2.0 * d * d / asd**2 if asd > 1e-140 else 2.0 * (d / asd) ** 2,
                          DCHI2_MAX)

