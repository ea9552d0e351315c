"""The inhomogeneous (detuning-class) average of the four-level Bloch solution.

What is averaged (docs/coherence.md, "What is averaged").  The macro-coherent amplitude
adds the amplitudes of all ions; ion ``i`` contributes ``c_i R_i`` with ``c_i = (rho_ee
rho_ep)_i`` its coherence factor (seed 001 App.: ``chi = rho_ee rho_ep``) and ``R_i`` the
resonance factor of seed 001 eq. (7), ``1/(eps_pg,i - omega_s - i gamma/2)``.  In the
rotating frame every ion's driven coherence oscillates at the same laser combination
``omega_1 + omega_2 - omega_t``, so the pair energy is fixed by the lasers, not by the
ion's own ``eps_ep,i``: the amplitudes of different classes interfere.  The rate
(``propto |sum_i a_i|^2 = N^2 |<a>|^2 + N <|a|^2>``, the first term macro-coherent) needs
the class average of the *amplitude*, ``|<c R>|^2`` -- not the average of ``|c R|^2``
(that is the incoherent ``N`` term).  Limits (tested): one class gives the homogeneous
value; two classes far apart (``+-D``) give ``|<c>|^2 -> 0`` like ``1/D^4`` while the rate
average falls only like ``1/D^2``.

The class variable.  A static shift ``x`` (eV) per ion moves the detunings
``(delta_1, delta_2, delta_t)`` by ``axis * x`` (:func:`~expdesign.physics.bloch.lindblad.
hamiltonians`).  Correlated model (default): one variable per ion, each transition
shifted in proportion to its own inhomogeneous FWHM (``axis = w_k / w_ref``), i.e. the
shifts of one ion have correlation 1.  Independent model: see
:func:`expdesign.physics.bloch.independent.independent_average`.

The quadrature.  The average ``int g(x) f(x) dx`` over a Gaussian or Lorentzian line
``g`` (FWHM given) is taken in the probability variable ``u = G(x)`` (``G`` the
cumulative distribution), so the weight is 1 on (0, 1), with an adaptive Gauss-Kronrod
(7/15) rule whose panels start graded around the resonant class and are bisected where
the Gauss and Kronrod values differ (a vector integrand: the whole time series).

Phase winding.  Each class is solved exactly (eigenmodes of ``L(x) = L0 + x L1`` on each
constant piece, the state carried exactly across switches), so the value at each node is
exact; what the quadrature must resolve is the phase ``x tau`` of the transients of
off-resonant classes, which winds ``w t`` radians across a line of width ``w`` at time
``t`` after a switch.  The bisection resolves it where it matters (the Gauss-Kronrod
difference sees unresolved winding); where it cannot within ``max_panels`` the average
says so (``converged = False``, with its error estimate), it does not guess.  A line wide
compared with ``1/t_cycle`` (GHz lines over ms cycles, ~1e7 rad) is beyond this rule:
docs/coherence.md says what is open.

Everything is in natural units (eV, eV^-1).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from threadpoolctl import threadpool_limits

from expdesign.physics.bloch import filon
from expdesign.physics.bloch.lindblad import (
    collapse_ops,
    hamiltonians,
    liouvillian,
    trigger_envelope,
)
from expdesign.physics.bloch.lindblad import segments as laser_segments
from expdesign.physics.bloch.lineshape import (
    LineShape,
    check_line,
    class_fraction,
    line_density,
    line_peak,
    round_sig,
)
from expdesign.physics.bloch.parameters import FourLevelParams
from expdesign.physics.bloch.propagator import check_times, rho0_vec

__all__ = ["LineShape", "line_peak", "class_fraction", "AveragedCoherence", "ClassAverage",
           "class_average", "bloch_classes", "round_sig", "Amplitude", "check_amplitude"]

#: constant pieces of a sin^2 trigger ramp in the class average (the homogeneous solver
#: takes ``FourLevelParams.n_ramp``, 64 by default)
RAMP_PIECES = 8

#: the amplitude factor a class average carries (docs/planner.md, "The coherence factor")
Amplitude = Literal["rho_ee_rho_ep", "rho_ep"]


def check_amplitude(amplitude: str, resonance_width: float | None) -> None:
    """ValueError for an unknown amplitude or ``rho_ep`` with a resonance factor (the
    trigger's detuning is already inside each class's ``rho_ep``: seed 001's ``R`` would
    count it twice)."""
    if amplitude not in ("rho_ee_rho_ep", "rho_ep"):
        raise ValueError(f"amplitude must be 'rho_ee_rho_ep' or 'rho_ep', got {amplitude!r}")
    if amplitude == "rho_ep" and resonance_width is not None:
        raise ValueError("amplitude 'rho_ep' carries the trigger's resonance in the Bloch "
                         "solution: resonance_width must be None")


#: Elements averaged besides the amplitude: rho_ee, rho_ep and the populations g, p, q, e.
_ELEMENTS: tuple[tuple[int, int], ...] = ((3, 3), (3, 1), (0, 0), (1, 1), (2, 2))
#: the elements every class average carries (public: the independent-shifts average)
AVERAGED_ELEMENTS = _ELEMENTS


# ---------------------------------------------------------------------------
# The Bloch solution of many detuning classes at once
# ---------------------------------------------------------------------------

def _pieces(p: FourLevelParams, t_end: float) -> list[tuple[float, float, np.ndarray]]:
    """Constant pieces ``(t0, t1, H(x=0))`` of the laser sequence (ramp: midpoints)."""
    h0, ht = hamiltonians(p)
    out: list[tuple[float, float, np.ndarray]] = []
    for t0, t1, kind, val in laser_segments(p, t_end):
        if kind == "off":
            out.append((t0, t1, h0 * np.eye(4)))
        elif kind == "const":
            out.append((t0, t1, h0 + val * ht))
        else:
            edges = np.linspace(t0, t1, p.n_ramp + 1)
            fv = trigger_envelope(p, 0.5 * (edges[:-1] + edges[1:]))
            out += [(float(a), float(b), h0 + f * ht)
                    for a, b, f in zip(edges[:-1], edges[1:], fv, strict=True)]
    return out


def bloch_classes(p: FourLevelParams, times: np.ndarray, x: np.ndarray,
                  rho0: np.ndarray | None = None, chunk: int = 96,
                  elements: tuple[tuple[int, int], ...] = ((3, 3), (3, 1))) -> np.ndarray:
    """Density-matrix elements ``rho_ab`` of the classes shifted by ``x``.

    Each constant piece is solved through the eigenmodes of ``L(x) = L0 + x L1``
    (batched ``numpy.linalg.eig``); the state is carried exactly from piece to piece.

    Parameters
    ----------
    p
        the parameters (``p.inhom_axis`` sets how ``x`` enters; ``p.inhom_sigma`` ignored).
    times
        output times (eV^-1), sorted, >= 0.
    x
        class shifts (eV), shape (n,).
    rho0
        initial 4x4 density matrix (default ``|g><g|``).
    chunk
        classes per batch (memory).
    elements
        the ``(a, b)`` level-index pairs wanted (default ``rho_ee``, ``rho_ep``).

    Returns
    -------
    ndarray
        complex, shape (n, T, len(elements)).
    """
    times = check_times(times)
    x = np.asarray(x, dtype=float).reshape(-1)
    n, nt = x.size, times.size
    q = replace(p, inhom_sigma=0.0)
    ops = collapse_ops(q)
    c1, c2, ct = q.inhom_axis
    h1 = np.diag([0.0, -ct, -c1, -(c1 + c2)]).astype(complex)
    l1 = np.diag(liouvillian(h1, [])).copy()  # diagonal: -i (h_a - h_b)
    pieces = [(t0, t1, liouvillian(h, ops)) for t0, t1, h in _pieces(q, float(times[-1]))]
    comps = np.array([4 * a + b for a, b in elements])
    res = np.empty((n, nt, comps.size), dtype=complex)
    r0 = rho0_vec(rho0)
    for s0 in range(0, n, chunk):
        xs = x[s0:s0 + chunk]
        nb = xs.size
        state = np.broadcast_to(r0, (nb, 16)).astype(complex)
        out = np.empty((nb, nt, comps.size), dtype=complex)
        for t0, t1, l0 in pieces:
            sel = (times >= t0) & (times < t1) if math.isfinite(t1) else times >= t0
            lv = l0[None, :, :] + xs[:, None, None] * np.diag(l1)[None, :, :]
            lam, vec = np.linalg.eig(lv)
            vinv = np.linalg.inv(vec)
            coef = np.einsum("bkm,bm->bk", vinv, state)
            if np.any(sel):
                tau = times[sel] - t0
                ex = np.exp(lam[:, None, :] * tau[None, :, None])  # (b, t, k)
                out[:, sel, :] = np.einsum("btk,bk,bck->btc", ex, coef, vec[:, comps, :])
            if math.isfinite(t1) and t1 < times[-1]:
                state = np.einsum("bmk,bk->bm", vec, coef * np.exp(lam * (t1 - t0)))
        res[s0:s0 + nb] = out
    return res


class AveragedCoherence:
    """What a class average gives besides its rule: ``|chi|^2`` and the populations, from
    its ``coherence`` and ``elements`` (shared by :class:`ClassAverage` and
    :class:`expdesign.physics.bloch.independent.IndependentAverage`)."""

    coherence: np.ndarray
    elements: dict[tuple[int, int], np.ndarray]

    @property
    def chi2(self) -> np.ndarray:
        """``|<rho_ee rho_ep R/R0>|^2`` at each time (dimensionless)."""
        return np.asarray(np.abs(self.coherence) ** 2)

    @property
    def populations(self) -> np.ndarray:
        """Averaged populations of g, p, q, e, shape (T, 4)."""
        return np.stack([self.elements[(a, a)].real for a in range(4)], axis=-1)


@dataclass(frozen=True)
class ClassAverage(AveragedCoherence):
    """The class average of the four-level solution (times in eV^-1).

    Attributes
    ----------
    times
        output times, (T,).
    coherence
        ``<rho_ee rho_ep R(x)/R(x_c)>`` (complex, (T,)): the macro-coherent amplitude
        factor (``R`` the resonance factor of seed 001 eq. (7); 1 without it).
    elements
        ``(a, b)`` (level indices) -> class average of ``rho_ab`` (complex, (T,)).
    error, element_errors
        error estimates (absolute, max over t, 3 significant digits) of ``coherence`` and
        of each element: the summed Gauss-Kronrod differences (``rho_ep`` alone does not
        drive the bisection: its estimate may exceed the tolerance).
    n_classes, n_panels, converged, wall_time_s
        size of the final rule, whether it met ``rtol``, and the time it took.
    """

    times: np.ndarray
    coherence: np.ndarray
    elements: dict[tuple[int, int], np.ndarray]
    error: float
    element_errors: dict[tuple[int, int], float]
    n_classes: int
    n_panels: int
    converged: bool
    wall_time_s: float


def _homogeneous_scale(p: FourLevelParams) -> float:
    g = np.asarray(p.gamma_total)
    rates = [abs(p.omega_1), abs(p.omega_2), abs(p.omega_t),
             float(np.max(g)) if g.size else 0.0, float(np.max(p.dephasing))]
    positive = [r for r in rates if r > 0]
    return min(positive) if positive else 1e-12


def _exp_grid(rate: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """``exp(rate tau)``, shape (b, t, k), by repeated multiplication on a uniform grid
    (relative round-off ~ t x 1e-16) and by ``exp`` otherwise."""
    if tau.size > 2:
        step = np.diff(tau)
        if np.all(np.abs(step - step[0]) <= 1e-12 * abs(step[0])) and step[0] > 0:
            fac = np.broadcast_to(np.exp(rate * step[0])[:, None, :],
                                  (rate.shape[0], tau.size - 1, rate.shape[1]))
            out = np.empty((rate.shape[0], tau.size, rate.shape[1]), dtype=complex)
            out[:, 0] = np.exp(rate * tau[0])
            out[:, 1:] = np.cumprod(fac, axis=1) * out[:, :1]
            return out
    return np.asarray(np.exp(rate[:, None, :] * tau[None, :, None]))


class _SlopeParts:
    """The classes' amplitude and elements split by the rate their phase winds with ``x``.

    On the piece that holds output time ``t`` (``tau = t - t0``) the state of class ``x``
    is ``sum_k a_k exp(lambda_k tau)``; mode ``k`` winds as ``exp(i s_k x tau)`` with
    ``s_k = Im dlambda_k/dx = Im (V^-1 L1 V)_kk`` (first-order perturbation theory; ``L1``
    is diagonal), snapped to the nearest of the slopes ``D`` of ``L1``'s diagonal (the
    level-shift differences, exact far from resonance).  Each part, its winding removed,
    is smooth in ``x``; a product (``rho_ee rho_ep``) winds with the sum of the slopes.
    """

    def __init__(self, p: FourLevelParams, times: np.ndarray, elements: tuple[tuple[int, int],
                 ...], rho0: np.ndarray | None, resonance: tuple[float, float] | None,
                 amplitude: Amplitude = "rho_ee_rho_ep") -> None:
        self.amplitude = amplitude
        self.p = replace(p, inhom_sigma=0.0)
        self.times = times
        self.els = elements
        self.rho0 = rho0_vec(rho0)
        self.resonance = resonance
        c1, c2, ct = self.p.inhom_axis
        self.ct = ct
        h1 = np.diag([0.0, -ct, -c1, -(c1 + c2)]).astype(complex)
        self.l1 = np.diag(liouvillian(h1, [])).copy()
        self.d = np.unique(np.round(self.l1.imag, 12))
        self.d2 = np.unique(np.round(self.d[:, None] + self.d[None, :], 12).ravel())
        self.pair = (np.abs(self.d[:, None, None] + self.d[None, :, None]
                            - self.d2[None, None, :]) < 1e-9).astype(float)
        self.embed = (np.abs(self.d[:, None] - self.d2[None, :]) < 1e-9).astype(float)
        ops = collapse_ops(self.p)
        # a sin^2 ramp costs one eigendecomposition per piece and class: RAMP_PIECES
        # midpoint pieces (error O(n^-2) of the ramp's own effect, a few % of |chi|^2)
        ramp = replace(self.p, n_ramp=min(self.p.n_ramp, RAMP_PIECES))
        self.pieces = [(t0, t1, liouvillian(h, ops))
                       for t0, t1, h in _pieces(ramp, float(times[-1]))]
        # a piece is the same for every class when the components that x shifts (the
        # coherences with a shifted level) are decoupled from the rest and empty: e.g. the
        # trigger-only spread before the trigger (p is neither coupled nor populated)
        shifted = np.abs(self.l1) > 0
        empty = not np.any(np.abs(self.rho0[shifted]) > 0)
        self.same: list[bool] = []
        for _, _, l0 in self.pieces:
            empty = empty and not (np.any(l0[np.ix_(shifted, ~shifted)] != 0)
                                   or np.any(l0[np.ix_(~shifted, shifted)] != 0))
            self.same.append(bool(empty))
        # winding is counted from the start of the first piece that depends on x: far from
        # resonance a mode stays the same coherence across switches (a ramp changes only
        # its weak coupling), so its phase keeps winding at the same rate
        self.t_ref = next((t0 for (t0, _, _), sm in zip(self.pieces, self.same, strict=True)
                           if not sm), 0.0)
        self.tau = np.empty(times.size)  # time since t_ref (since the piece in 'same' ones)
        self.tau_local = np.empty(times.size)
        for t0, t1, _ in self.pieces:
            sel = (times >= t0) & (times < t1)
            self.tau_local[sel] = times[sel] - t0
            self.tau[sel] = times[sel] - (self.t_ref if t0 >= self.t_ref else t0)
        self.comps = np.array([4 * a + b for a, b in elements])

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Parts at the classes ``x`` (n,): (n, T, len(d2), 1 + len(elements)), complex;
        component 0 is the amplitude (``rho_ee rho_ep R(x)/R(x_c)``, or ``rho_ep``), then
        the elements."""
        times, nt, nd = self.times, self.times.size, self.d.size
        n = x.size
        lin = np.zeros((n, nt, nd, self.comps.size), dtype=complex)
        state = np.broadcast_to(self.rho0, (n, 16)).astype(complex)
        for (t0, t1, l0), same in zip(self.pieces, self.same, strict=True):
            sel = (times >= t0) & (times < t1)
            if same:  # one eigendecomposition for all classes
                lam1, vec1 = np.linalg.eig(l0)
                lam = np.broadcast_to(lam1, (n, 16))
                vec = np.broadcast_to(vec1, (n, 16, 16))
                vinv = np.broadcast_to(np.linalg.inv(vec1), (n, 16, 16))
            else:
                lv = l0[None, :, :] + x[:, None, None] * np.diag(self.l1)[None, :, :]
                lam, vec = np.linalg.eig(lv)
                vinv = np.linalg.inv(vec)
            coef = np.einsum("bkm,bm->bk", vinv, state)
            if np.any(sel):
                slope = np.einsum("bkm,m,bmk->bk", vinv, self.l1, vec).imag
                idx = np.argmin(np.abs(slope[:, :, None] - self.d[None, None, :]), axis=2)
                onehot = np.eye(nd)[idx]  # (b, k, d)
                rate = lam - 1j * self.d[idx] * x[:, None]  # winding removed
                ex = _exp_grid(rate, self.tau_local[sel])
                if t0 > self.t_ref:  # the winding carried in from the earlier pieces
                    ex = ex * np.exp(-1j * self.d[idx] * x[:, None] * (t0 - self.t_ref)
                                     )[:, None, :]
                av = (coef[:, None, :] * vec[:, self.comps, :]).transpose(0, 2, 1)  # b,k,c
                grouped = (onehot[:, :, :, None] * av[:, :, None, :]).reshape(n, 16, -1)
                lin[:, sel] = np.matmul(ex, grouped).reshape(n, -1, nd, self.comps.size)
            if math.isfinite(t1) and t1 < times[-1]:
                state = np.einsum("bmk,bk->bm", vec, coef * np.exp(lam * (t1 - t0)))
        amp = np.zeros((n, nt, self.d2.size), dtype=complex)
        if self.amplitude == "rho_ep":  # the derived factor: rho_ep alone
            for i, r in zip(*np.nonzero(self.embed), strict=True):
                amp[..., r] = lin[:, :, i, 1]
        else:
            for i, j, r in zip(*np.nonzero(self.pair), strict=True):
                amp[..., r] += lin[:, :, i, 0] * lin[:, :, j, 1]
        if self.resonance is not None:
            gam, dc = self.resonance
            dt = -(self.p.delta_t + self.ct * x)
            # the winding of R is none (static): it multiplies every part
            amp = amp * ((dc - 0.5j * gam) / (dt - 0.5j * gam))[:, None, None]
        out = np.zeros((n, nt, self.d2.size, 1 + self.comps.size), dtype=complex)
        out[..., 0] = amp
        for i, r in zip(*np.nonzero(self.embed), strict=True):
            out[:, :, r, 1:] = lin[:, :, i, :]
        return out


def class_average(p: FourLevelParams, times: np.ndarray, shape: LineShape, fwhm: float,
                  resonance_width: float | None = None, rtol: float = 1e-4,
                  max_panels: int = 400, rho0: np.ndarray | None = None,
                  elements: tuple[tuple[int, int], ...] = (),
                  window: float | None = None,
                  amplitude: Amplitude = "rho_ee_rho_ep") -> ClassAverage:
    """Average the four-level solution over a line of detuning classes (correlated shifts).

    Class ``x`` (eV) shifts ``(delta_1, delta_2, delta_t)`` by ``p.inhom_axis * x``; ``x``
    is distributed as ``shape`` with FWHM ``fwhm`` (eV, angular).  The amplitude factor
    averaged is ``rho_ee rho_ep`` times, if ``resonance_width`` (``gamma_ep``, eV) is
    given, seed 001 eq. (7)'s ``R(x) / R(x_c)`` with ``R = 1/(-delta_t(x) - i gamma/2)``
    (``eps_pg - omega_t = -delta_t``) and ``x_c`` the class the trigger is tuned to (module
    docstring: the rate needs ``|<c R>|^2``).

    The quadrature is adaptive in ``x``: panels graded from the homogeneous width around
    the resonant classes, bisected until the summed Kronrod-Gauss difference meets
    ``rtol``; on each panel the parts of :class:`_SlopeParts` are integrated with Filon
    weights (:func:`~expdesign.physics.bloch.filon.filon_weights`), so the winding
    ``exp(i s x tau)`` of off-resonant classes is integrated exactly however fast it is.

    Parameters
    ----------
    p
        four-level parameters (detunings of the line centre).
    times
        output times (eV^-1).
    shape, fwhm
        line shape and angular FWHM (eV) of ``x``.
    resonance_width
        ``gamma_ep`` of seed 001 eq. (7) (eV), or None (average ``rho_ee rho_ep`` only).
    rtol, max_panels
        see :func:`~expdesign.physics.bloch.filon.bisect` (every averaged quantity is a
        block of its own).
    rho0
        initial state (default ``|g><g|``).
    elements
        further ``(a, b)`` elements to average (the populations, ``rho_ee`` and
        ``rho_ep`` always are).
    window
        spectral tailoring: only the classes ``|x| <= window/2`` take part (prepared by
        hole burning / optical pumping); the average is over them (weights
        ``g / class_fraction``), the fraction itself is :func:`class_fraction`.
    amplitude
        the averaged amplitude factor: ``"rho_ee_rho_ep"`` (seed 001's ``chi``, with
        ``R`` if ``resonance_width`` is given) or ``"rho_ep"`` (the derived factor,
        docs/planner.md: each class's trigger detuning is inside its own Bloch solution,
        so no ``R``; ``resonance_width`` must then be None).

    Returns
    -------
    ClassAverage
        Gaussian lines are cut at +-10 sigma (weight outside 2e-23); Lorentzian lines at
        +-1000 FWHM, beyond which the non-winding part at the cut times the tail weight
        (``~1.6e-4`` of the line per side) is added.
    """
    t_start = time.perf_counter()
    check_line(shape, fwhm)
    check_amplitude(amplitude, resonance_width)
    times = check_times(times)
    nt = times.size
    c1, c2, ct = p.inhom_axis
    els = tuple(dict.fromkeys(_ELEMENTS + tuple(elements)))
    x_c = -p.delta_t / ct if (ct != 0 and resonance_width is not None) else 0.0
    res = None if resonance_width is None else (resonance_width,
                                                -(p.delta_t + ct * x_c))
    parts = _SlopeParts(p, times, els, rho0, res, amplitude)
    m = 1 + len(els)
    r0 = int(np.argmin(np.abs(parts.d2)))
    if window is not None:
        if not window > 0:
            raise ValueError("the tailored class width must be > 0")
        lo, hi = -0.5 * window, 0.5 * window
        norm = class_fraction(shape, fwhm, window)
    elif shape == "gaussian":
        lo = -10.0 * fwhm / (2.0 * math.sqrt(2.0 * math.log(2.0)))
        hi, norm = -lo, 1.0
    else:
        lo, hi, norm = -1000.0 * fwhm, 1000.0 * fwhm, 1.0
    centres = [0.0]
    for c, d in ((c1, p.delta_1), (c2, p.delta_2), (ct, p.delta_t), (c1 + c2,
                                                                      p.delta_1 + p.delta_2)):
        if c != 0 and d != 0:
            centres.append(-d / c)
    scale = _homogeneous_scale(p) / max(abs(c1), abs(c2), abs(ct), 1e-300)
    edges = {lo, hi}
    for c in centres:
        step = scale
        while step < hi - lo:
            edges.update(v for v in (c - step, c, c + step) if lo < v < hi)
            step *= 4.0
    per_chunk = max(1, int(3e6 // (15 * nt * parts.d2.size * m)))

    def rule(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        kk = np.empty((a.size, nt * m), dtype=complex)
        gg = np.empty((a.size, nt * m))
        for s0 in range(0, a.size, per_chunk):
            pa, pb = a[s0:s0 + per_chunk], b[s0:s0 + per_chunk]
            mid, half = 0.5 * (pa + pb), 0.5 * (pb - pa)
            xn = (mid[:, None] + half[:, None] * filon.NODES[None, :]).ravel()
            vals = parts(xn) * (line_density(shape, fwhm, xn) / norm)[:, None, None, None]
            vals = vals.reshape(pa.size, 15, nt, parts.d2.size, m)
            om = parts.d2[None, None, :] * parts.tau[None, :, None] * half[:, None, None]
            w15, w7 = filon.filon_weights(om)  # (p, t, r, 15)
            phase = np.exp(1j * parts.d2[None, None, :] * parts.tau[None, :, None]
                           * mid[:, None, None]) * half[:, None, None]
            v = vals.transpose(0, 2, 3, 1, 4).reshape(pa.size, nt, -1, m)  # p, t, r j, c
            k15 = np.matmul((w15 * phase[..., None]).reshape(pa.size, nt, 1, -1), v)[:, :, 0]
            g7 = np.matmul((w7 * phase[..., None]).reshape(pa.size, nt, 1, -1), v)[:, :, 0]
            kk[s0:s0 + pa.size] = k15.reshape(pa.size, -1)
            gg[s0:s0 + pa.size] = np.abs(k15 - g7).reshape(pa.size, -1)
        return kk, gg

    # the amplitude, the populations and the asked-for elements drive the bisection;
    # the class-averaged rho_ep (reported, used nowhere) does not: where the carried winding
    # of a long ramp makes it converge slowly, it must not cost the amplitude's budget
    drive = [0] + [k + 1 for k, e in enumerate(els) if e[0] == e[1] or e in elements]
    blocks = tuple(slice(k, nt * m, m) for k in drive)
    # thousands of 16x16 products: BLAS threads only add overhead (3x on a loaded machine)
    with threadpool_limits(limits=1, user_api="blas"):
        total, err, panels, converged = filon.bisect(rule, sorted(edges), rtol, max_panels,
                                                     blocks)
    total, err = total.reshape(nt, m), err.reshape(nt, m)
    if window is None and shape == "lorentzian":  # tails beyond +-1000 FWHM
        tail = 0.5 - math.atan(2.0 * hi / fwhm) / math.pi
        ends = parts(np.array([lo, hi]))[:, :, r0, :]
        total = total + tail * ends.sum(axis=0)
    return ClassAverage(
        times=times, coherence=total[:, 0],
        elements={e: total[:, k + 1] for k, e in enumerate(els)},
        error=round_sig(float(np.max(err[:, 0]))),
        element_errors={e: round_sig(float(np.max(err[:, k + 1]))) for k, e in enumerate(els)},
        n_classes=15 * len(panels), n_panels=len(panels), converged=converged,
        wall_time_s=time.perf_counter() - t_start)
