"""The inhomogeneous average with *independent* shifts of one ion's transitions.

Correlated model (the default, :func:`~expdesign.physics.bloch.inhomogeneous.class_average`):
one static shift ``x`` per ion moves ``(delta_1, delta_2, delta_t)`` by ``axis * x``.
Independent model (this module): each broadened transition ``k`` (g-q, q-e, p-g) has its
own shift ``y_k``, the ``y_k`` independent, each distributed as its own line (shape,
FWHM).  The average is then over up to three variables (docs/coherence.md, "Correlation
model"):

* the *inner* variable is the trigger's shift when the trigger is broadened (else the
  widest line's); it is averaged by the adaptive Gauss-Kronrod/Filon rule of
  :func:`class_average` (which resolves the phase winding of off-resonant classes);
* each *outer* variable (the other broadened transitions) is averaged in its probability
  variable ``u = G(y)`` (``G`` the line's cumulative distribution, so the weight is 1 on
  (0, 1) and a Lorentzian's tails need no cut) by the same adaptive Gauss-Kronrod 7/15
  bisection (:func:`~expdesign.physics.bloch.filon.bisect`), its panels graded by factors
  of 16 from the homogeneous width around the line centre and the resonant class, nested
  (one inner average per outer node).  Its error estimate is the summed Kronrod-Gauss
  difference plus the node-weighted inner estimates (the convergence check: ``converged``
  says whether every rule met ``rtol``).  The outer rule has no Filon weights: the
  winding of the transients of an outer transition's off-resonant classes (``y t``
  radians) is resolved by bisection only, so a line wide against ``1/t`` at the output
  times makes it stop at ``max_panels`` with ``converged = False``; it does not guess.

With one broadened transition the two models are the same average (tested).  For
Lorentzian lines and a linear-response coherence (analytic and bounded for ``Im delta >
0``) the independent average is the coherence at ``delta_k + i b_k`` (``b_k`` the HWHMs):
it factorises, one complex detuning per transition (tested).

Everything is in natural units (eV, eV^-1).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.special import erf, erfinv

from expdesign.physics.bloch import filon
from expdesign.physics.bloch.inhomogeneous import (
    AVERAGED_ELEMENTS,
    Amplitude,
    AveragedCoherence,
    ClassAverage,
    class_average,
)
from expdesign.physics.bloch.lineshape import LineShape, check_line, round_sig
from expdesign.physics.bloch.parameters import FourLevelParams

__all__ = ["IndependentAverage", "independent_average", "line_quantile", "line_cdf"]

#: transition order of ``lines``: g-q (delta_1), q-e (delta_2), p-g (delta_t)
TRANSITIONS = ("g-q", "q-e", "p-g")

#: absolute floor of the outer convergence test (density-matrix elements are <= 1)
_ATOL = 1e-15


def line_quantile(shape: LineShape, fwhm: float, u: np.ndarray) -> np.ndarray:
    """Inverse cumulative distribution ``G^-1(u)`` of a normalised line (unit of ``fwhm``).

    Gaussian: ``sigma sqrt(2) erfinv(2u - 1)``, ``sigma = fwhm / (2 sqrt(2 ln 2))``;
    Lorentzian: ``(fwhm/2) tan(pi (u - 1/2))``.
    """
    check_line(shape, fwhm)
    u = np.asarray(u, dtype=float)
    if shape == "gaussian":
        s = fwhm / (2.0 * math.sqrt(2.0 * math.log(2.0)))
        return np.asarray(s * math.sqrt(2.0) * erfinv(2.0 * u - 1.0))
    return np.asarray(0.5 * fwhm * np.tan(math.pi * (u - 0.5)))


def line_cdf(shape: LineShape, fwhm: float, x: np.ndarray) -> np.ndarray:
    """Cumulative distribution ``G(x)`` of a normalised line (``x`` in the unit of
    ``fwhm``): Gaussian ``(1 + erf(x / (sigma sqrt 2)))/2``, Lorentzian
    ``1/2 + atan(2x / fwhm)/pi``."""
    x = np.asarray(x, dtype=float)
    if shape == "gaussian":
        s = fwhm / (2.0 * math.sqrt(2.0 * math.log(2.0)))
        return np.asarray(0.5 * (1.0 + erf(x / (s * math.sqrt(2.0)))))
    return np.asarray(0.5 + np.arctan(2.0 * x / fwhm) / math.pi)


#: levels (g 0, p 1, q 2, e 3) of the transitions g-q, q-e, p-g
_LEVELS = ((2, 0), (3, 2), (1, 0))


def _graded_edges(q: FourLevelParams, k: int, shape: LineShape, fwhm: float) -> list[float]:
    """Initial panel edges in the probability variable of transition ``k``: graded by
    factors of 16 from the transition's homogeneous width (``(Gamma_a + Gamma_b)/2`` plus
    its dephasing, or its Rabi frequency if larger) up to the FWHM, around the line centre
    and the resonant class (``delta_k + y = 0``); the probability variable compresses the
    tails."""
    d = (q.delta_1, q.delta_2, q.delta_t)[k]
    a, b = _LEVELS[k]
    g, ph = np.asarray(q.gamma_total), np.asarray(q.dephasing)
    hom = 0.5 * (g[a] + g[b]) + ph[a] + ph[b]
    step0 = max(hom, abs((q.omega_1, q.omega_2, q.omega_t)[k]), 1e-9 * fwhm)
    xs: set[float] = set()
    for c in {0.0, -d}:
        xs.add(c)
        step = step0
        while step < fwhm:
            xs.update((c - step, c + step))
            step *= 16.0
    u = line_cdf(shape, fwhm, np.array(sorted(xs)))
    return sorted({0.0, 1.0} | {float(v) for v in u if 1e-12 < v < 1.0 - 1e-12})


@dataclass(frozen=True)
class IndependentAverage(AveragedCoherence):
    """The independent-shifts average (times in eV^-1).

    Attributes
    ----------
    times, coherence, elements
        as :class:`~expdesign.physics.bloch.inhomogeneous.ClassAverage`.
    error
        error estimate (absolute, max over t, 3 significant digits) of ``coherence``: the
        difference of the last two outer rules plus the inner rules' weighted estimates.
    element_errors
        the same for each element.
    inner, outer
        index (0 g-q, 1 q-e, 2 p-g) of the inner variable and of the outer ones.
    n_inner
        inner class averages computed (one per node of the outer rule; 1 without outer
        variables).
    n_classes
        classes solved in the final rule.
    converged, wall_time_s
        whether the outer and every inner rule met ``rtol``, and the time it took.
    """

    times: np.ndarray
    coherence: np.ndarray
    elements: dict[tuple[int, int], np.ndarray]
    error: float
    element_errors: dict[tuple[int, int], float]
    inner: int
    outer: tuple[int, ...]
    n_inner: int
    n_classes: int
    converged: bool
    wall_time_s: float



def _shifted(p: FourLevelParams, k: int, y: float) -> FourLevelParams:
    d = [p.delta_1, p.delta_2, p.delta_t]
    d[k] += y
    return replace(p, delta_1=d[0], delta_2=d[1], delta_t=d[2])


def independent_average(p: FourLevelParams, times: np.ndarray,
                        lines: Sequence[tuple[LineShape, float] | None],
                        resonance_width: float | None = None, rtol: float = 1e-4,
                        max_panels: int = 400, rho0: np.ndarray | None = None,
                        elements: tuple[tuple[int, int], ...] = (),
                        window: float | None = None,
                        amplitude: Amplitude = "rho_ee_rho_ep") -> IndependentAverage:
    """Average the four-level solution over independent shifts of the transitions.

    Parameters
    ----------
    p
        four-level parameters (detunings of the line centres; ``p.inhom_axis`` is ignored).
    times
        output times (eV^-1).
    lines
        for g-q, q-e and p-g: ``(shape, angular FWHM in eV)`` of that transition's own
        shift, or None (not broadened).
    resonance_width
        ``gamma_ep`` of seed 001 eq. (7) (eV): the amplitude factor carries
        ``R(y_t)/R(y_t,c)`` as in :func:`class_average` (the trigger is then the inner
        variable when broadened, so the normalising class does not move).
    rtol, max_panels, rho0, elements
        as :func:`class_average` (``rtol`` and ``max_panels`` also the outer rules'
        tolerance and panel bound).
    window
        spectral tailoring of the *inner* variable (the trigger's shift when broadened):
        only its classes ``|y| <= window/2`` take part, as in :func:`class_average`.
    amplitude
        the averaged amplitude factor, as in :func:`class_average`.

    Returns
    -------
    IndependentAverage
    """
    t_start = time.perf_counter()
    if len(lines) != 3:
        raise ValueError("lines: one entry (or None) for each of g-q, q-e, p-g")
    broad = [k for k, ln in enumerate(lines) if ln is not None]
    for k in broad:
        ln = lines[k]
        assert ln is not None
        check_line(ln[0], ln[1])
    if not broad:
        raise ValueError("no broadened transition: nothing to average")
    inner = 2 if 2 in broad else max(broad, key=lambda k: lines[k][1])  # type: ignore[index]
    outer = tuple(k for k in broad if k != inner)
    axis = tuple(1.0 if k == inner else 0.0 for k in range(3))
    base = replace(p, inhom_axis=(axis[0], axis[1], axis[2]))
    shape_in, fwhm_in = lines[inner]  # type: ignore[misc]

    def one(q: FourLevelParams) -> ClassAverage:
        return class_average(q, times, shape_in, fwhm_in, resonance_width, rtol, max_panels,
                             rho0, elements, window, amplitude)

    if not outer:
        r = one(base)
        return IndependentAverage(
            times=r.times, coherence=r.coherence, elements=dict(r.elements), error=r.error,
            element_errors=dict(r.element_errors), inner=inner, outer=(), n_inner=1,
            n_classes=r.n_classes, converged=r.converged,
            wall_time_s=time.perf_counter() - t_start)

    els = tuple(dict.fromkeys(AVERAGED_ELEMENTS + tuple(elements)))
    counts = {"classes": 0, "averages": 0, "ok": True}

    def avg(dims: tuple[int, ...], q: FourLevelParams) -> np.ndarray:
        """[values (T, 1+m) | inner error estimates (T, 1+m)] flattened, averaged over
        the outer variables ``dims`` (the inner one by class_average)."""
        if not dims:
            r = one(q)
            counts["classes"] += r.n_classes
            counts["averages"] += 1
            counts["ok"] = bool(counts["ok"]) and r.converged
            v = np.stack([r.coherence] + [r.elements[e] for e in els], axis=-1)
            er = np.array([r.error] + [r.element_errors[e] for e in els])
            return np.concatenate([v.ravel(), np.broadcast_to(er, v.shape).ravel()])
        k, rest = dims[0], dims[1:]
        sh, fw = lines[k]  # type: ignore[misc]

        def rule(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            kk, gg = [], []
            for pa, pb in zip(a, b, strict=True):
                mid, half = 0.5 * (pa + pb), 0.5 * (pb - pa)
                ys = line_quantile(sh, fw, mid + half * filon.NODES)
                vals = np.stack([avg(rest, _shifted(q, k, float(y))) for y in ys])
                k15 = half * (filon.W15 @ vals)
                kk.append(k15)
                gg.append(np.abs(k15 - half * (filon.W7 @ vals)))
            return np.array(kk), np.array(gg)

        edges = _graded_edges(q, k, sh, fw)
        nt = np.asarray(times).size
        m = 1 + len(els)
        drive = [0] + [j + 1 for j, e in enumerate(els) if e[0] == e[1] or e in elements]
        blocks = tuple(slice(d, nt * m, m) for d in drive)  # the error half drives nothing
        total, err, _, conv = filon.bisect(rule, edges, rtol, max_panels, blocks,
                                           atol=_ATOL)
        counts["ok"] = bool(counts["ok"]) and conv
        half_n = nt * m
        return np.concatenate([total[:half_n], total[half_n:] + err[:half_n]])

    out = avg(outer, base)
    nt = np.asarray(times).size
    m = 1 + len(els)
    val = out[:nt * m].reshape(nt, m)
    err = np.max(out[nt * m:].reshape(nt, m).real, axis=0)
    return IndependentAverage(
        times=np.asarray(times, dtype=float), coherence=val[:, 0],
        elements={e: val[:, j + 1] for j, e in enumerate(els)},
        error=round_sig(float(err[0])),
        element_errors={e: round_sig(float(err[j + 1])) for j, e in enumerate(els)},
        inner=inner, outer=outer, n_inner=int(counts["averages"]), n_classes=int(counts["classes"]),
        converged=bool(counts["ok"]), wall_time_s=time.perf_counter() - t_start)
