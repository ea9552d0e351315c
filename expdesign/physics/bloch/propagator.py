"""Exact piecewise-constant propagation of the four-level Lindblad equation.

On each piece of the laser sequence (:func:`~expdesign.physics.bloch.lindblad.segments`)
the Liouvillian ``L`` is constant and the state advances by ``exp(L dt)``.  The
exponential comes from one batched eigendecomposition ``L = V diag(lam) V^-1`` per
piece (:class:`EigPropagator`), with scipy's ``expm`` (scaling and squaring) only for
members whose eigenvector matrix is ill-conditioned.  Propagators are applied in the
real Bloch basis (:mod:`~expdesign.physics.bloch.basis`).  A sin^2 ramp is replaced by
``n_ramp`` constant pieces (midpoint rule, error O(n_ramp^-2)).

The inhomogeneous average over a static Gaussian detuning is a trapezoid rule on
uniform nodes (:func:`inhom_nodes`, :func:`expand_inhom`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.linalg import expm

from expdesign.physics.bloch.basis import T_INV, T_REAL
from expdesign.physics.bloch.lindblad import (
    collapse_ops,
    hamiltonians,
    liouvillian,
    segments,
    trigger_envelope,
)
from expdesign.physics.bloch.parameters import FourLevelParams, G

__all__ = [
    "Member",
    "PropagatorStats",
    "EigPropagator",
    "check_times",
    "rho0_vec",
    "propagate_group",
    "inhom_nodes",
    "expand_inhom",
]

#: One homogeneous ion to propagate: its parameters and its static detuning shift (eV).
Member = tuple[FourLevelParams, float]


@dataclass
class PropagatorStats:
    """Counters of one or more :func:`propagate_group` calls.

    Attributes
    ----------
    n_segments
        constant-Liouvillian pieces propagated through (ramp pieces included),
        summed over groups.
    n_eigendecompositions
        16x16 Liouvillians eigendecomposed (pieces x members).
    n_expm_fallbacks
        of those, members whose eigenvector matrix was ill-conditioned
        (cond >= ``max_cond`` or not finite), exponentiated by scipy ``expm`` instead.
    n_propagators
        distinct (piece, step size) propagator stacks built.
    max_condition_number
        largest finite 2-norm condition number of an eigenvector matrix (0 if none).
    """

    n_segments: int = 0
    n_eigendecompositions: int = 0
    n_expm_fallbacks: int = 0
    n_propagators: int = 0
    max_condition_number: float = 0.0


class EigPropagator:
    """``exp(L dt)`` for a stack of Liouvillians via one batched eigendecomposition
    ``L = V diag(lam) V^-1``; falls back to scipy ``expm`` (scaling and squaring)
    for members whose eigenvector matrix is ill-conditioned (cond >= ``max_cond``,
    e.g. a defective L with degenerate decay rates).

    Parameters
    ----------
    lv
        Liouvillians, shape (B, 16, 16), in eV.
    max_cond
        largest accepted condition number of ``V``.
    """

    def __init__(self, lv: np.ndarray, max_cond: float = 1e6) -> None:
        self.lv = lv
        lam, vec = np.linalg.eig(lv)
        cond = np.linalg.cond(vec)
        self.cond = cond
        self.good = np.isfinite(cond) & (cond < max_cond)
        self.lam = lam
        self.vec = vec
        self.vinv = np.zeros_like(vec)
        if np.any(self.good):
            self.vinv[self.good] = np.linalg.inv(vec[self.good])

    def __call__(self, dt: float) -> np.ndarray:
        """Propagators ``exp(L dt)``, shape (B, 16, 16) complex, for a step dt (eV^-1)."""
        out = np.matmul(self.vec * np.exp(self.lam * dt)[:, None, :], self.vinv)
        bad = ~self.good
        if np.any(bad):
            out[bad] = expm(self.lv[bad] * dt)
        return np.asarray(out)


def rho0_vec(rho0: np.ndarray | None) -> np.ndarray:
    """Initial state as row-major vec(rho), 16 complex (default ``|g><g|``)."""
    if rho0 is None:
        r = np.zeros((4, 4), dtype=complex)
        r[G, G] = 1.0
    else:
        r = np.asarray(rho0, dtype=complex)
        if r.shape != (4, 4):
            raise ValueError("rho0 must be 4x4")
    return r.reshape(16)


def check_times(times: np.ndarray) -> np.ndarray:
    """Output times as a float array; raises unless 1-d, non-empty, finite, >= 0 and
    non-decreasing (eV^-1)."""
    t = np.asarray(times, dtype=float)
    if t.ndim != 1 or t.size == 0:
        raise ValueError("times must be a non-empty 1-d array")
    if np.any(t < 0) or np.any(np.diff(t) < 0) or not np.all(np.isfinite(t)):
        raise ValueError("times must be finite, >= 0 and non-decreasing")
    return t


def propagate_group(members: Sequence[Member], times: np.ndarray, rho0: np.ndarray,
                    stats: PropagatorStats | None = None,
                    max_cond: float = 1e6) -> np.ndarray:
    """Batched propagation for parameter sets sharing the same switch times.

    Parameters
    ----------
    members
        ``(params, shift)`` pairs with equal :meth:`FourLevelParams.timing_key`.
    times
        checked output times (eV^-1), see :func:`check_times`.
    rho0
        initial state, vec(rho) (16 complex), see :func:`rho0_vec`.
    stats
        counters to update (optional).
    max_cond
        see :class:`EigPropagator`.

    Returns
    -------
    ndarray
        real Bloch vectors, shape (len(members), T, 16).
    """
    p0 = members[0][0]
    nb = len(members)
    h0s = np.empty((nb, 4, 4), dtype=complex)
    hts = np.empty((nb, 4, 4), dtype=complex)
    dis = np.empty((nb, 16, 16), dtype=complex)
    zero = np.zeros((4, 4), dtype=complex)
    dis_cache: dict[tuple[bytes, bytes, str | None, bytes], np.ndarray] = {}
    for k, (p, shift) in enumerate(members):
        h0, ht = hamiltonians(p, shift=shift)
        h0s[k], hts[k] = h0, ht
        key = (p.decay.tobytes(), p.gamma_out.tobytes(), p.leak_to, p.dephasing.tobytes())
        if key not in dis_cache:
            dis_cache[key] = liouvillian(zero, collapse_ops(p))
        dis[k] = dis_cache[key]
    ident = np.eye(4)

    def lv_of(h: np.ndarray) -> np.ndarray:  # batched -i[H, .] + dissipator
        return np.asarray(-1j * (np.einsum("bij,kl->bikjl", h, ident).reshape(nb, 16, 16)
                                 - np.einsum("ij,blk->bikjl", ident, h).reshape(nb, 16, 16))
                          + dis)

    t_end = float(times[-1])
    pieces: list[tuple[float, float, np.ndarray]] = []
    for t0, t1, kind, val in segments(p0, t_end):
        if kind == "off":  # lasers off: detunings stay (rotating frame)
            hoff = h0s * np.eye(4)
            pieces.append((t0, t1, lv_of(hoff)))
        elif kind == "const":
            pieces.append((t0, t1, lv_of(h0s + val * hts)))
        else:  # piecewise-constant sin^2 ramp, midpoint values
            edges = np.linspace(t0, t1, p0.n_ramp + 1)
            mids = 0.5 * (edges[:-1] + edges[1:])
            fvals = trigger_envelope(p0, mids)
            for a, b, f in zip(edges[:-1], edges[1:], fvals, strict=True):
                pieces.append((float(a), float(b), lv_of(h0s + f * hts)))
    st = stats if stats is not None else PropagatorStats()
    nt = times.size
    out = np.empty((nb, nt, 16))
    state = np.broadcast_to(T_REAL @ rho0, (nb, 16)).real.copy()
    it = 0
    for t0, t1, lv in pieces:
        if it >= nt:
            break
        eig = EigPropagator(lv, max_cond=max_cond)
        st.n_segments += 1
        st.n_eigendecompositions += nb
        st.n_expm_fallbacks += int(np.count_nonzero(~eig.good))
        finite = eig.cond[np.isfinite(eig.cond)]
        if finite.size:
            st.max_condition_number = max(st.max_condition_number, float(np.max(finite)))
        cache: dict[float, np.ndarray] = {}

        def prop(dt: float, eig: EigPropagator = eig,
                 cache: dict[float, np.ndarray] = cache) -> np.ndarray:
            key = float(f"{dt:.12e}")
            if key not in cache:  # real-basis propagator
                cache[key] = np.ascontiguousarray(np.matmul(np.matmul(T_REAL, eig(dt)),
                                                            T_INV).real)
                st.n_propagators += 1
            return cache[key]

        stop = int(np.searchsorted(times, t1, side="left")) if t1 < math.inf else nt
        t_prev = t0
        for k in range(it, stop):
            dt = float(times[k] - t_prev)
            if dt > 0:
                state = np.matmul(prop(dt), state[..., None])[..., 0]
                t_prev = float(times[k])
            out[:, k] = state
        it = stop
        if it < nt and t1 < math.inf and t1 > t_prev:  # state at the end of the piece
            state = np.einsum("bij,bj->bi", prop(t1 - t_prev), state)
    return out


def inhom_nodes(p: FourLevelParams) -> tuple[np.ndarray, np.ndarray]:
    """Uniform nodes on +-6 sigma with normalized Gaussian weights (trapezoid rule).

    The trapezoid rule converges exponentially for integrands analytic in a strip;
    the strip half-width is the homogeneous (power-broadened) line width ``w``, so
    the spacing ``h = 12 sigma / (n - 1)`` must stay below ~``w``: a RuntimeWarning is
    raised otherwise.  The +-6 sigma truncation costs ~1e-8.

    Returns
    -------
    (x, w)
        detuning shifts (eV) and weights summing to 1, each of length ``p.n_inhom``.
    """
    x = np.linspace(-6.0, 6.0, p.n_inhom) * p.inhom_sigma
    w = np.exp(-0.5 * (x / p.inhom_sigma) ** 2)
    width = max(abs(p.omega_1), abs(p.omega_2), abs(p.omega_t), float(np.max(p.gamma_total)))
    h = x[1] - x[0]
    if h > width:
        warnings.warn(f"inhomogeneous grid spacing {h:.3g} eV exceeds the homogeneous width "
                      f"~{width:.3g} eV: increase n_inhom", RuntimeWarning, stacklevel=3)
    return x, w / w.sum()


def expand_inhom(plist: Sequence[FourLevelParams]
                 ) -> tuple[list[Member], np.ndarray, list[int]]:
    """Homogeneous members for the inhomogeneous average.

    Returns
    -------
    (members, weights, counts)
        ``(params, shift)`` pairs (``inhom_sigma`` set to 0 in each), their weights,
        and the number of members per original parameter set (1 without
        inhomogeneous broadening, ``n_inhom`` with it).
    """
    expanded: list[Member] = []
    weights: list[float] = []
    counts: list[int] = []
    for p in plist:
        if p.inhom_sigma > 0:
            x, w = inhom_nodes(p)
            q = replace(p, inhom_sigma=0.0)
            for xi, wi in zip(x, w, strict=True):
                expanded.append((q, float(xi)))
                weights.append(float(wi))
            counts.append(p.n_inhom)
        else:
            expanded.append((p, 0.0))
            weights.append(1.0)
            counts.append(1)
    return expanded, np.array(weights), counts
