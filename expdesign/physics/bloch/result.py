"""The solution object of the four-level model and its density-matrix checks."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

import numpy as np

from expdesign.physics.bloch.basis import PAIR_INDEX, from_real, to_real
from expdesign.physics.bloch.parameters import LEVEL_INDEX, E

__all__ = ["BlochCheckError", "BlochResult", "check_bloch"]


class BlochCheckError(RuntimeError):
    """A density matrix violated trace, Hermiticity or positivity beyond tolerance."""


@dataclass
class BlochResult:
    """Solution of the four-level model.

    Attributes
    ----------
    times
        output times (eV^-1), shape (T,).
    bloch
        real Bloch vectors, shape (..., T, 16): populations of g, p, q, e, then
        ``Re rho_ab, Im rho_ab`` for ``(a, b)`` = (g,p), (g,q), (g,e), (p,q), (p,e),
        (q,e) (:mod:`~expdesign.physics.bloch.basis`); a leading batch shape for
        :func:`~expdesign.physics.bloch.solver.solve_batch`.
    trigger
        trigger envelope f(t) at the output times, shape (..., T).
    stats
        integrator statistics filled by
        :class:`~expdesign.physics.bloch.solver.BlochSolver` (method, backend,
        segments, eigendecompositions, largest eigenvector condition number, wall
        time, check results; see :meth:`BlochSolver.run`); empty when the result was
        built by hand.

    ``rho`` (complex, (..., T, 4, 4), level order g, p, q, e) is built on first use.
    """

    times: np.ndarray
    bloch: np.ndarray
    trigger: np.ndarray
    stats: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_rho(cls, times: np.ndarray, rho: np.ndarray, trigger: np.ndarray) -> BlochResult:
        """Build from complex density matrices (..., T, 4, 4) (Hermitian part kept)."""
        return cls(times=np.asarray(times, dtype=float), bloch=to_real(rho),
                   trigger=np.asarray(trigger, dtype=float))

    @cached_property
    def rho(self) -> np.ndarray:
        """Density matrices, complex, shape (..., T, 4, 4)."""
        return from_real(self.bloch)

    def element(self, a: str, b: str) -> np.ndarray:
        """``rho_ab`` (complex), shape (..., T); ``a``, ``b`` level names."""
        ia, ib = LEVEL_INDEX[a], LEVEL_INDEX[b]
        if ia == ib:
            return self.bloch[..., ia].astype(complex)
        k = PAIR_INDEX[(min(ia, ib), max(ia, ib))]
        sgn = 1.0 if ia < ib else -1.0
        return np.asarray(self.bloch[..., 4 + 2 * k] + 1j * sgn * self.bloch[..., 5 + 2 * k])

    @property
    def populations(self) -> np.ndarray:
        """``rho_aa`` (real), shape (..., T, 4), order g, p, q, e."""
        return self.bloch[..., :4]

    @property
    def rho_ee(self) -> np.ndarray:
        """``rho_ee`` (real), shape (..., T)."""
        return self.bloch[..., E]

    @property
    def rho_ep(self) -> np.ndarray:
        """``rho_ep`` (complex), shape (..., T)."""
        return self.element("e", "p")

    @property
    def rho_eg(self) -> np.ndarray:
        """``rho_eg`` (complex), shape (..., T)."""
        return self.element("e", "g")

    @property
    def chi2(self) -> np.ndarray:
        """``|chi|^2 = |rho_ee rho_ep|^2`` (seed 001 Appendix, text before Fig. 11)."""
        return np.asarray(np.abs(self.rho_ee * self.rho_ep) ** 2)

    @property
    def ep2(self) -> np.ndarray:
        """``|rho_ep|^2``: the derived coherence factor of the macro-coherent RENP rate
        (the pair vertex acting on the e-p coherence, the trigger inside this solution;
        docs/planner.md, "The coherence factor, derived")."""
        return np.asarray(np.abs(self.rho_ep) ** 2)

    @property
    def magnetization_factor(self) -> np.ndarray:
        """``rho_ee^3 |rho_ep|^2`` (magnetization generation rate, seed 001 Fig. 11)."""
        return np.asarray(self.rho_ee**3 * np.abs(self.rho_ep) ** 2)

    @property
    def rate_factor(self) -> np.ndarray:
        """``rho_ee^2 |rho_ep|^2`` (RENP event rate, seed 001 Appendix)."""
        return np.asarray(self.rho_ee**2 * np.abs(self.rho_ep) ** 2)

    def peak(self, quantity: str = "magnetization_factor") -> tuple[np.ndarray, np.ndarray]:
        """Peak value and its time (eV^-1) of ``chi2``, ``ep2``, ``magnetization_factor`` or
        ``rate_factor`` on the output grid, shapes (...)."""
        y = getattr(self, quantity)
        i = np.argmax(y, axis=-1)
        return np.take_along_axis(y, i[..., None], -1)[..., 0], self.times[i]

    def integral(self, quantity: str = "magnetization_factor") -> tuple[np.ndarray, np.ndarray]:
        """Trapezoid time integral (eV^-1) and an error estimate (a third of the
        difference to the trapezoid rule on every second point)."""
        y = getattr(self, quantity)
        full = np.trapezoid(y, self.times, axis=-1)
        coarse = np.trapezoid(y[..., ::2], self.times[::2], axis=-1)
        if len(self.times) % 2 == 0:  # coarse grid misses the last interval
            coarse = coarse + np.trapezoid(y[..., -2:], self.times[-2:], axis=-1)
        return full, np.abs(full - coarse) / 3.0

    def check(self, tol: float = 1e-8, trace_preserving: bool = True,
              action: Literal["raise", "warn"] = "raise",
              max_eig_points: int | None = 20000) -> dict[str, float]:
        """Check trace and positivity along the trajectory (see :func:`check_bloch`).

        The stored Bloch vector is Hermitian by construction; the QuTiP path of
        :class:`~expdesign.physics.bloch.solver.BlochSolver` checks the Hermiticity of
        the raw QuTiP output before storing it.
        """
        return check_bloch(self.bloch, tol, trace_preserving, action, max_eig_points,
                           herm=0.0)


def check_bloch(x: np.ndarray, tol: float, trace_preserving: bool,
                action: Literal["raise", "warn"], max_eig_points: int | None,
                herm: float) -> dict[str, float]:
    """Trace and minimum-eigenvalue checks on real Bloch vectors (..., T, 16).

    The trace is checked at every point (``|tr - 1|``, or with
    ``trace_preserving=False``: ``tr <= 1 + tol`` and never increasing); the minimum
    eigenvalue on at most ``max_eig_points`` matrices evenly spread over the times
    (all when ``None`` or fewer), always including the first and last time.
    ``herm`` is a Hermiticity defect measured by the caller (stored as is).

    Returns
    -------
    dict
        ``trace``, ``hermiticity`` and ``min_eigenvalue``.

    Raises
    ------
    BlochCheckError
        when a deviation exceeds ``tol`` and ``action='raise'`` (a RuntimeWarning
        with ``action='warn'``).
    """
    tr = x[..., :4].sum(axis=-1)
    if trace_preserving:
        dtr = float(np.max(np.abs(tr - 1.0)))
    else:
        inc = np.diff(tr, axis=-1)
        dtr = float(max(np.max(tr) - 1.0, np.max(inc, initial=0.0), 0.0))
    nt = x.shape[-2]
    nbatch = int(np.prod(x.shape[:-2], dtype=int))
    if max_eig_points is None or nt * nbatch <= max_eig_points:
        sub = x
    else:
        n_keep = max(2, max_eig_points // max(nbatch, 1))
        idx = np.unique(np.linspace(0, nt - 1, n_keep).round().astype(int))
        sub = x[..., idx, :]
    mine = float(np.min(np.linalg.eigvalsh(from_real(sub))))
    out = {"trace": dtr, "hermiticity": float(herm), "min_eigenvalue": mine}
    bad = [k for k, v in out.items() if (v < -tol if k == "min_eigenvalue" else v > tol)]
    if bad:
        msg = f"density matrix check failed ({', '.join(bad)}): {out}"
        if action == "raise":
            raise BlochCheckError(msg)
        warnings.warn(msg, RuntimeWarning, stacklevel=3)
    return out
