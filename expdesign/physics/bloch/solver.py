"""The solver object of the four-level model, in the manner of QuTiP 5's solvers.

``BlochSolver(params, options).run(times)`` integrates one parameter set or a batch
and returns a :class:`~expdesign.physics.bloch.result.BlochResult` whose ``stats``
dict records how it was integrated (for a Plan's provenance).  :func:`solve` and
:func:`solve_batch` are the thin functional wrappers with the historical signatures.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from expdesign.physics.bloch.lindblad import (
    collapse_ops,
    hamiltonians,
    segments,
    trigger_envelope,
)
from expdesign.physics.bloch.parameters import FourLevelParams
from expdesign.physics.bloch.propagator import (
    PropagatorStats,
    check_times,
    expand_inhom,
    propagate_group,
    rho0_vec,
)
from expdesign.physics.bloch.result import BlochResult, check_bloch

__all__ = ["Method", "BlochOptions", "BlochSolver", "solve", "solve_batch"]

Method = Literal["propagator", "qutip"]
#: Name of the propagator backend recorded in ``stats['backend']``.
PROPAGATOR_BACKEND = "eigendecomposition (numpy.linalg.eig; scipy expm if ill-conditioned)"


@dataclass(frozen=True)
class BlochOptions:
    """Options of :class:`BlochSolver`.

    Attributes
    ----------
    method
        ``'propagator'`` (exact piecewise-constant propagators from an
        eigendecomposition of the Liouvillian, :mod:`~expdesign.physics.bloch.propagator`)
        or ``'qutip'`` (``qutip.mesolve``, :mod:`~expdesign.physics.bloch.qutip_backend`).
    check
        verify trace, Hermiticity and positivity of the result
        (:func:`~expdesign.physics.bloch.result.check_bloch`); raises
        :class:`~expdesign.physics.bloch.result.BlochCheckError` on failure.
    tol
        tolerance of the checks.
    max_eig_points
        at most this many matrices enter the positivity check (``None``: all).
    max_cond
        largest accepted eigenvector condition number before the propagator falls
        back to ``expm`` for that Liouvillian.
    qutip_options
        passed to :func:`~expdesign.physics.bloch.qutip_backend.mesolve_segments`:
        ``atol``, ``rtol``, ``nsteps``, ``max_step`` (eV^-1), ``method``; ignored by
        the propagator.
    """

    method: Method = "propagator"
    check: bool = True
    tol: float = 1e-8
    max_eig_points: int | None = 20000
    max_cond: float = 1e6
    qutip_options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.method not in ("propagator", "qutip"):
            raise ValueError("method must be 'propagator' or 'qutip'")


class BlochSolver:
    """Four-level Lindblad solver for one parameter set or a batch.

    Parameters
    ----------
    params
        a :class:`FourLevelParams` (results without batch axis) or a sequence of
        them (results with a leading batch axis; sets with equal timing are
        propagated together).
    options
        :class:`BlochOptions` (default: propagator, checks on).

    Examples
    --------
    >>> res = BlochSolver(p).run(times)            # doctest: +SKIP
    >>> res.stats["n_eigendecompositions"]         # doctest: +SKIP
    """

    def __init__(self, params: FourLevelParams | Sequence[FourLevelParams],
                 options: BlochOptions | None = None) -> None:
        self.batched = not isinstance(params, FourLevelParams)
        plist = list(params) if not isinstance(params, FourLevelParams) else [params]
        if not plist:
            raise ValueError("need at least one parameter set")
        self.params: tuple[FourLevelParams, ...] = tuple(plist)
        self.options = options if options is not None else BlochOptions()

    def run(self, times_eV_inv: np.ndarray, rho0: np.ndarray | None = None) -> BlochResult:
        """Integrate from ``rho0`` and return the states at the output times.

        Parameters
        ----------
        times_eV_inv
            sorted output times (eV^-1), starting at >= 0; the state at t=0 is ``rho0``.
        rho0
            initial 4x4 density matrix (default ``|g><g|``).

        Returns
        -------
        BlochResult
            ``rho`` of shape (T, 4, 4), or (N, T, 4, 4) for a batch.  ``stats`` holds
            ``solver``, ``method``, ``backend``, ``n_params``, ``n_members`` (with the
            inhomogeneous nodes), ``n_times``, ``n_segments``, ``wall_time_s``,
            ``checks`` (trace, hermiticity, min_eigenvalue; ``None`` unchecked) and
            ``checks_passed`` (``None`` unchecked); the propagator adds ``n_groups``,
            ``n_eigendecompositions``, ``n_expm_fallbacks``, ``n_propagators`` and
            ``max_condition_number``; QuTiP adds ``qutip_version``, ``integrator``,
            ``n_mesolve_points`` and the ODE tolerances.
        """
        t_start = time.perf_counter()
        opt = self.options
        if opt.method == "propagator":
            res, herm = self._run_propagator(times_eV_inv, rho0)
        else:
            res, herm = self._run_qutip(times_eV_inv, rho0)
        checks: dict[str, float] | None = None
        if opt.check:
            tp = all(p.leak_to is not None or not np.any(p.gamma_out > 0) for p in self.params)
            checks = check_bloch(res.bloch, opt.tol, tp, "raise", opt.max_eig_points,
                                 herm=herm)
        res.stats.update(checks=checks, checks_passed=None if checks is None else True,
                         wall_time_s=time.perf_counter() - t_start)
        return res

    def _common_stats(self, n_members: int, n_times: int) -> dict[str, Any]:
        return {"solver": "BlochSolver", "method": self.options.method,
                "n_params": len(self.params), "n_members": n_members, "n_times": n_times}

    def _run_propagator(self, times_eV_inv: np.ndarray,
                        rho0: np.ndarray | None) -> tuple[BlochResult, float]:
        plist = list(self.params)
        times = check_times(times_eV_inv)
        r0 = rho0_vec(rho0)
        expanded, weights, counts = expand_inhom(plist)
        groups: dict[tuple[Any, ...], list[int]] = {}
        for k, (p, _) in enumerate(expanded):
            groups.setdefault(p.timing_key(), []).append(k)
        pst = PropagatorStats()
        mc = self.options.max_cond
        if len(groups) == 1:
            x_all = propagate_group(expanded, times, r0, stats=pst, max_cond=mc)
        else:
            x_all = np.empty((len(expanded), times.size, 16))
            for idx in groups.values():
                x_all[idx] = propagate_group([expanded[k] for k in idx], times, r0,
                                             stats=pst, max_cond=mc)
        if all(n == 1 for n in counts):
            x = x_all
        else:
            x = np.empty((len(plist), times.size, 16))
            start = 0
            for k, n in enumerate(counts):
                x[k] = np.tensordot(weights[start:start + n], x_all[start:start + n], axes=1)
                start += n
        trig = np.stack([trigger_envelope(p, times) for p in plist])
        stats = self._common_stats(len(expanded), times.size)
        stats.update(backend=PROPAGATOR_BACKEND, n_groups=len(groups),
                     n_segments=pst.n_segments,
                     n_eigendecompositions=pst.n_eigendecompositions,
                     n_expm_fallbacks=pst.n_expm_fallbacks, n_propagators=pst.n_propagators,
                     max_condition_number=pst.max_condition_number)
        if self.batched:
            return BlochResult(times=times, bloch=x, trigger=trig, stats=stats), 0.0
        return BlochResult(times=times, bloch=x[0], trigger=trig[0], stats=stats), 0.0

    def _run_qutip(self, times_eV_inv: np.ndarray,
                   rho0: np.ndarray | None) -> tuple[BlochResult, float]:
        from expdesign.physics.bloch import qutip_backend

        times = check_times(times_eV_inv)
        r0 = np.asarray(rho0_vec(rho0)).reshape(4, 4)
        qstats: dict[str, Any] = {}
        rhos = []
        n_members = 0
        for params in self.params:
            expanded, weights, _ = expand_inhom([params])
            n_members += len(expanded)
            rho = np.zeros((times.size, 4, 4), dtype=complex)
            for (q, shift), w in zip(expanded, weights, strict=True):
                h0, ht = hamiltonians(q, shift=shift)
                segs = segments(q, float(times[-1]))

                def envelope(t: np.ndarray, q: FourLevelParams = q) -> np.ndarray:
                    return trigger_envelope(q, t)

                rho += w * qutip_backend.mesolve_segments(
                    h0, ht, collapse_ops(q), segs, envelope, times, r0,
                    scale=float(np.max(q.gamma_total)) or 1.0, stats=qstats,
                    **self.options.qutip_options)
            rhos.append(rho)
        rho_all = np.stack(rhos) if self.batched else rhos[0]
        herm = float(np.max(np.abs(rho_all - np.conj(np.swapaxes(rho_all, -1, -2)))))
        trig = np.stack([trigger_envelope(p, times) for p in self.params])
        stats = self._common_stats(n_members, times.size)
        stats.update(backend=f"qutip {qutip_backend.qutip_version()} mesolve",
                     n_segments=qstats.get("n_segments", 0),
                     n_mesolve_points=qstats.get("n_mesolve_points", 0),
                     integrator=qstats.get("integrator"),
                     qutip_options=dict(self.options.qutip_options))
        res = BlochResult.from_rho(times, rho_all, trig if self.batched else trig[0])
        res.stats.update(stats)
        return res, herm


def solve_batch(params: Sequence[FourLevelParams], times_eV_inv: np.ndarray,
                rho0: np.ndarray | None = None, check: bool = True,
                tol: float = 1e-8) -> BlochResult:
    """Solve many parameter sets at once with exact piecewise-constant propagators.

    Each set's 16x16 Liouvillian is eigendecomposed once per segment (all sets of a
    timing group in one batched ``numpy.linalg.eig``; scipy ``expm`` only where the
    eigenvector matrix is ill-conditioned), the propagator ``exp(L dt)`` is built
    once per distinct step size, and applied to all states together.  Exact for step
    switching (up to round-off); a sin^2 ramp is replaced by ``n_ramp`` constant
    pieces (midpoint rule, error O(n_ramp^-2)).  Same as
    ``BlochSolver(list(params), BlochOptions(check=check, tol=tol)).run(times, rho0)``.

    Parameters
    ----------
    params
        sequence of :class:`FourLevelParams` (any timing; sets with equal timing are
        propagated together).
    times_eV_inv
        sorted output times (eV^-1), starting at >= 0; the state at t=0 is ``rho0``.
    rho0
        initial 4x4 density matrix (default ``|g><g|``).
    check, tol
        verify trace, Hermiticity and positivity (:meth:`BlochResult.check`).

    Returns
    -------
    BlochResult
        ``rho`` of shape (len(params), T, 4, 4); ``stats`` see :meth:`BlochSolver.run`.
    """
    return BlochSolver(list(params), BlochOptions(check=check, tol=tol)).run(times_eV_inv,
                                                                             rho0=rho0)


def solve(params: FourLevelParams, times_eV_inv: np.ndarray,
          method: Method = "propagator", rho0: np.ndarray | None = None,
          check: bool = True, tol: float = 1e-8, **qutip_options: Any) -> BlochResult:
    """Solve the four-level Lindblad equation for one parameter set.

    Same as ``BlochSolver(params, BlochOptions(method, check, tol,
    qutip_options=qutip_options)).run(times, rho0)``.

    Parameters
    ----------
    params
        :class:`FourLevelParams`.
    times_eV_inv
        sorted output times (eV^-1), >= 0.
    method
        ``'propagator'`` (exact piecewise-constant propagators from an
        eigendecomposition, see :func:`solve_batch`) or ``'qutip'``
        (``qutip.mesolve``; options ``atol``, ``rtol``, ``nsteps``, ``max_step`` in
        eV^-1, ``method``; see :mod:`~expdesign.physics.bloch.qutip_backend`).
    rho0, check, tol
        as in :func:`solve_batch`.

    Returns
    -------
    BlochResult
        ``rho`` of shape (T, 4, 4); ``stats`` see :meth:`BlochSolver.run`.
    """
    opts = BlochOptions(method=method, check=check, tol=tol, qutip_options=qutip_options)
    return BlochSolver(params, opts).run(times_eV_inv, rho0=rho0)
