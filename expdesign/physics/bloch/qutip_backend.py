"""The only module of expdesign that imports QuTiP: ``mesolve`` for the four-level model.

Used by :class:`~expdesign.physics.bloch.solver.BlochSolver` with ``method='qutip'``
(imported lazily there, so ``import expdesign.physics.bloch`` does not import QuTiP).
Inputs are plain numpy arrays in eV / eV^-1; internally time is rescaled by ``scale``
(eV, typically the largest decay rate) so that the ODE solver sees numbers of order one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import qutip

from expdesign.physics.bloch.lindblad import CollapseOp, Segment

__all__ = ["mesolve_segments", "qutip_version"]


def qutip_version() -> str:
    """Version string of the installed QuTiP."""
    return str(qutip.__version__)


def _to_qutip_ops(ops: Sequence[CollapseOp], dim: int, scale: float) -> list[Any]:
    """Collapse operators for qutip (rescaled by 1/sqrt(scale)).  A ``('loss', a, g)``
    entry becomes a jump from ``a`` to an extra sink level (index 4) that is dropped
    afterwards, which reproduces the trace-decreasing 4x4 dynamics exactly."""
    out = []
    for c in ops:
        m = np.zeros((dim, dim), dtype=complex)
        if isinstance(c, tuple):
            _, a, g = c
            m[4, a] = math.sqrt(g)
        else:
            m[:4, :4] = c
        out.append(qutip.Qobj(m / math.sqrt(scale)))
    return out


def _embed(h: np.ndarray, dim: int, scale: float) -> Any:
    m = np.zeros((dim, dim), dtype=complex)
    m[:4, :4] = h
    return qutip.Qobj(m / scale)


def mesolve_segments(h0: np.ndarray, ht: np.ndarray, ops: Sequence[CollapseOp],
                     segments: Sequence[Segment],
                     envelope: Callable[[np.ndarray], np.ndarray], times: np.ndarray,
                     rho0: np.ndarray, scale: float = 1.0, atol: float = 1e-12,
                     rtol: float = 1e-10, nsteps: int = 1_000_000,
                     max_step: float | None = None, method: str = "adams",
                     stats: dict[str, Any] | None = None) -> np.ndarray:
    """Integrate the Lindblad equation segment by segment with ``qutip.mesolve``.

    Parameters
    ----------
    h0, ht
        4x4 rotating-frame Hamiltonian without trigger and the trigger coupling (eV).
    ops
        collapse operators as built by
        :func:`~expdesign.physics.bloch.lindblad.collapse_ops`.
    segments
        ``(t0, t1, kind, value)`` pieces (eV^-1): 'const' (H = h0 + value ht),
        'ramp' (H = h0 + envelope(t) ht) or 'off' (diagonal of h0 only).  The solver
        restarts at every boundary, so switch discontinuities are never stepped over.
    envelope
        trigger envelope f(t) (t in eV^-1).
    times
        sorted output times (eV^-1).
    rho0
        initial 4x4 density matrix.
    scale
        time scale (eV) used to make the ODE dimensionless.
    atol, rtol, nsteps, method
        passed to qutip's ODE integrator.
    max_step
        largest step (eV^-1); default: a tenth of a ramp length on ramp segments,
        solver's choice elsewhere.
    stats
        if given, updated with ``n_segments`` (mesolve calls), ``n_mesolve_points``
        (output points requested from mesolve, summed) and ``integrator`` (QuTiP's
        name of the ODE method, e.g. ``'scipy zvode adams'``).

    Returns
    -------
    ndarray
        complex array (T, 4, 4).
    """
    lossy = any(isinstance(c, tuple) for c in ops)
    dim = 5 if lossy else 4
    c_ops = _to_qutip_ops(ops, dim, scale)
    state = np.zeros((dim, dim), dtype=complex)
    state[:4, :4] = rho0
    rho_q = qutip.Qobj(state)
    out = np.empty((times.size, 4, 4), dtype=complex)
    it = 0
    nt = times.size
    for t0, t1, kind, val in segments:
        if it >= nt:
            break
        t_stop = min(t1, float(times[-1]))
        inside = [k for k in range(it, nt) if times[k] < t1]
        tl = [t0] + [float(times[k]) for k in inside if times[k] > t0]
        if t_stop > tl[-1]:
            tl.append(t_stop)
        ham: Any
        if kind == "const":
            ham = _embed(h0 + val * ht, dim, scale)
        elif kind == "off":
            ham = _embed(np.diag(np.diag(h0)), dim, scale)
        else:
            # an unannotated callable on purpose: qutip skips the complex conjugate of
            # a coefficient annotated ``-> float``, which changes the last bits
            ham = [_embed(h0, dim, scale),
                   [_embed(ht, dim, scale),
                    lambda t, scale=scale: float(envelope(np.asarray(t / scale)))]]
        opts: dict[str, Any] = {"atol": atol, "rtol": rtol, "nsteps": nsteps,
                                "method": method, "store_states": True,
                                "progress_bar": False}
        if max_step is not None:
            opts["max_step"] = max_step * scale
        elif kind == "ramp":
            opts["max_step"] = (t1 - t0) * scale / 10.0
        states = {t0: rho_q}
        if len(tl) > 1:
            res = qutip.mesolve(ham, rho_q, np.array(tl) * scale, c_ops=c_ops, options=opts)
            states = dict(zip(tl, res.states, strict=True))
            rho_q = res.states[-1]
            if stats is not None:
                stats["n_segments"] = stats.get("n_segments", 0) + 1
                stats["n_mesolve_points"] = stats.get("n_mesolve_points", 0) + len(tl)
                stats["integrator"] = str(res.stats.get("method", method))
        for k in inside:
            out[k] = states[float(times[k])].full()[:4, :4]
        it = inside[-1] + 1 if inside else it
    return out
