"""RENP step 4: the angular kernels K^D_ij, K^M_ij of the chosen phase-space model.

The kernels are in the infinite-volume normalisation of
:func:`expdesign.physics.renp.rate_prefactor`; the finite-size integrals ``J`` of
:mod:`expdesign.physics.phasespace` are converted by
:func:`expdesign.physics.assembly.pair_kernels_from_integrals`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from expdesign.executors import ForkedCall, pinned_process_pool, start_forked
from expdesign.physics import kinematics, renp
from expdesign.physics import phasespace as ps
from expdesign.physics.assembly import cylinder_volume, pair_kernels_from_integrals
from expdesign.physics.phasespace import distribution_projected, pair_masses
from expdesign.physics.phasespace.model_error import (
    MODEL_ERROR_SAFETY,
    projection_model_error,
)
from expdesign.physics.phasespace.model_limits import phase_matching_ratio
from expdesign.physics.phasespace.projected_batch import projected_geometry, projected_integrals
from expdesign.planner.context import Accumulator, PlanContext

__all__ = ["KernelFn", "KernelsAhead", "PairKernels", "pair_kernels", "describe_model",
           "describe_kernels"]

#: kernel(masses eV, with_error) -> (K^D, K^M), each (n_angles, 3, 3)
KernelFn = Callable[[np.ndarray, bool], tuple[np.ndarray, np.ndarray]]

_LABELS = {
    "projected": "finite cylinder, exact form factor projected on the pair momentum "
                 "(3D neutrino momenta)",
    "3d": "finite cylinder, exact form factors, full 3D product rule",
    "inplane": "seed 001 eq. (17) in-plane model (Lorentzians)",
}
_MODES = {"finite": "projected", "finite-3d": "3d", "inplane": "inplane"}
#: what each error estimate contains, and where it comes from
_ERROR_SOURCES = {
    "projected": ("quadrature (orders halved) + model error: "
                  f"{MODEL_ERROR_SAFETY:g} x the two-ridge estimate of the dropped transverse "
                  "term K_t^2", "expdesign.physics.phasespace.projected, "
                  "expdesign.physics.phasespace.model_error"),
    "3d": ("quadrature only (difference to a coarser companion rule, floored at the rule's "
           "verified accuracy); the 3D integral is the model itself",
           "expdesign.physics.phasespace (tensor and edge-aware 3D rules)"),
    "inplane": ("quadrature only (two rule resolutions) of seed 001 eq. (17); it does not "
                "measure how far that model is from the 3D integral (see the assumptions)",
                "expdesign.physics.phasespace.inplane"),
}


_WHAT = {
    "infinite": "momentum conservation, delta^3(K) (seed 001 eq. 13): the pair takes up "
                "exactly Q = n_r (k1 + k2 - k_s); each pair's rate stops at its kinematic "
                "edge. It differs from the finite cylinder by the finite-size correction "
                "(about -4e-5 x (1 cm/L) of the value away from the edges) and entirely "
                "within ~0.01 deg of an edge and beyond it, where only the finite models "
                "give a rate; no error estimate",
    "finite": "the finite cylinder: exact form factor U(K_z L/2) W(K_perp R) (seed 001 "
              "eqs. 14-15), 3D neutrino momenta, form factor projected on the direction of "
              "Q (drops the transverse K_t^2 in |Q - K|^2). Agrees with 'finite-3d' within "
              "its reported error, which includes an estimate of the dropped term (about "
              "1e-5 of the value inside the allowed region; beyond the edge the projection "
              "overestimates by up to a factor 2, phase_space_local_rel_error)",
    "finite-3d": "the finite cylinder, exact: form factor U(K_z L/2) W(K_perp R) (seed 001 "
                 "eqs. 12-15) and 3D neutrino momenta integrated in full (tensor and "
                 "edge-aware rules); the reference the other models are measured against",
    "inplane": "seed 001 eqs. (16)-(18) as printed: both neutrinos in the laser plane, "
               "|sin th1 sin th2| weights, Lorentzians U0, W0 for the form factor and "
               "eq. (16)'s (2 pi)^-3 prefactor. Its infinite-volume limit is not eq. (13): "
               "the in-plane form factor tends to 2 pi^2 x_l y_t/(L R) delta(K_z) "
               "delta(K_x), the 3D one to (2 pi)^3/V delta^3(K), so its kernels exceed the "
               "'infinite' ones by pi^2 x_l y_t R h(Q)/(4 g(Q)) (h, g the in-plane and 3D "
               "two-body functions), linear in R",
}


def describe_model(model: str, R: float, eps_ep: float, orient: np.ndarray) -> str:
    """The Plan's sentence on what the phase-space ``model`` is and how it differs from the
    others; with the in-plane/infinite kernel ratio at phase matching (massless pair;
    :func:`expdesign.physics.phasespace.model_limits.phase_matching_ratio`) for the radius
    ``R`` (eV^-1), pair energy ``eps_ep`` (eV) and spin orientation tensor ``orient``."""
    ratio = phase_matching_ratio(eps_ep, R, orient)
    return (f"phase-space model '{model}': {_WHAT[model]}. For comparison: the 'inplane' "
            f"model (seed 001 eq. 17) gives {ratio:.3g} times the 'infinite' rate at phase "
            "matching for this radius and spin orientation (derived in "
            "expdesign.physics.phasespace.model_limits); 'finite' and 'finite-3d' agree with "
            "'infinite' away from the edges")


@dataclass
class PairKernels:
    """The model's label, its kernel function, and the relative error estimates of the
    phase-space integrals collected while it ran (finite-size models only)."""

    label: str
    kernel: KernelFn
    errors: list[float] = field(default_factory=list)
    error_source: str = ""
    #: largest error estimate relative to the local value (|J| > 0), one per call
    local_errors: list[float] = field(default_factory=list)
    #: what the error estimate contains
    error_kind: str = ""
    #: compute the kernels of many mass sets (rows of an (H, 3) array, eV) ahead, without
    #: error estimates, so that later ``kernel`` calls with those masses are look-ups
    #: (studies; the projected model evaluates them all at once)
    prefetch: Callable[[np.ndarray], None] = lambda masses: None
    #: ``compute(calls)`` makes the ``kernel(masses, with_error)`` calls in order and returns
    #: the state they leave (memo, error estimates); ``adopt(state)`` takes such a state
    #: over as if the calls had been made here (:class:`KernelsAhead`); None where the
    #: kernels are cheap or run in a pool of their own
    compute: Callable[[Sequence[tuple[np.ndarray, bool]]], Any] | None = None
    adopt: Callable[[Any], None] = lambda state: None


class KernelsAhead:
    """The kernels of ``calls`` ((masses eV, with_error) in the order the pipeline will ask
    for them) computed in a forked child (:func:`expdesign.executors.start_forked`) while
    the Planner works on something else (the Bloch class average), for ``workers`` >= 2.

    :meth:`adopt` waits for the child and puts its kernels and error estimates into
    ``kern``: the pipeline's later ``kern.kernel`` calls are look-ups and the Plan is the
    one computed in-process (bit for bit, tests/planner/test_kernels_ahead.py).  Without a
    child (serial setting, no fork, a pool worker) or where it failed, nothing is adopted
    and the calls compute as before.  :meth:`close` ends a child not yet adopted.
    """

    def __init__(self, kern: PairKernels, calls: Sequence[tuple[np.ndarray, bool]],
                 workers: int | None) -> None:
        self.kern = kern
        compute = kern.compute
        self.call: ForkedCall | None = None
        if compute is not None and calls:
            self.call = start_forked(lambda: compute(calls), workers)
        #: whether the child's kernels were adopted (None: no child was started)
        self.adopted: bool | None = None if self.call is None else False

    def adopt(self) -> None:
        """Wait for the child and take its kernels over (once; no-op without a child)."""
        if self.call is None:
            return
        ok, state = self.call.result()
        self.call = None
        if ok:
            self.kern.adopt(state)
            self.adopted = True

    def close(self) -> None:
        """End the child if its kernels were not adopted."""
        if self.call is not None:
            self.call.cancel()
            self.call = None


def describe_kernels(ctx: PlanContext, acc: Accumulator, eps_ep: float,
                     orient: np.ndarray) -> None:
    """Record :func:`describe_model` of ``ctx.settings.model`` among the assumptions."""
    acc.assumptions.append(describe_model(ctx.settings.model, ctx.radius_length_eV()[0],
                                          eps_ep, orient))


def pair_kernels(ctx: PlanContext, acc: Accumulator | None, theta: np.ndarray,
                 theta_e: float, energies: tuple[float, float, float], n_r: float,
                 eps_ep: float, orient: np.ndarray) -> PairKernels:
    """The kernels of ``ctx.settings.model`` at the trigger angles ``theta`` (rad); with
    ``acc``, :func:`describe_kernels` (None: the caller records it)."""
    w1, w2, ws = energies
    want = ctx.settings.model
    if acc is not None:
        describe_kernels(ctx, acc, eps_ep, orient)
    if want != "infinite":
        return _finite(ctx, theta, theta_e, energies, n_r, eps_ep, orient, _MODES[want])
    Q = kinematics.renp_pair_momentum(theta, theta_e, w1, w2, ws, n_r)

    def kern(m: np.ndarray, error: bool = True) -> tuple[np.ndarray, np.ndarray]:
        return renp.infinite_volume_kernels(Q, eps_ep, m, orient)

    return PairKernels("infinite volume (seed 001 eq. 13)", kern)


def _finite(ctx: PlanContext, theta: np.ndarray, theta_e: float,
            energies: tuple[float, float, float], n_r: float, eps_ep: float,
            orient: np.ndarray, psmode: str) -> PairKernels:
    w1, w2, ws = energies
    R, L = ctx.radius_length_eV()
    V = cylinder_volume(R, L)
    kin = ps.Kinematics(omega1=w1, omega2=w2, omega_s=ws, theta_e=theta_e, n_r=n_r,
                        eps_ep=eps_ep)
    errors: list[float] = []
    local: list[float] = []
    # kernels by mass set: Dirac and Majorana hypotheses with the same masses share them
    memo: dict[tuple[float, ...], tuple[np.ndarray, np.ndarray]] = {}
    with_error: set[tuple[float, ...]] = set()  # mass sets whose error estimate was taken

    def kern(m: np.ndarray, error: bool = True) -> tuple[np.ndarray, np.ndarray]:
        err = error and ctx.settings.phase_space_error
        key = tuple(float(x) for x in np.asarray(m, dtype=float).ravel())
        if key in memo and (not err or key in with_error):
            return memo[key]
        if psmode == "projected":
            pi = distribution_projected(theta, m, R, L, spin=np.asarray(orient), kin=kin,
                                           error=err)
        elif psmode == "3d":
            # the edge rule's cells run in a pinned process pool (serial inside a worker)
            with pinned_process_pool(ctx.settings.workers) as executor:
                pi = ps.distribution(theta, m, R, L, mode="3d", spin=np.asarray(orient),
                                     kin=kin, error=err, executor=executor)
        else:
            pi = ps.distribution(theta, m, R, L, mode="inplane", spin=np.asarray(orient),
                                 kin=kin, error=err)
        KD, KM = pair_kernels_from_integrals(pi.dirac, pi.majorana, V,
                                             inplane=psmode == "inplane")
        if err:
            err_d = np.asarray(pi.err_dirac, dtype=float)
            if psmode == "projected":
                dD, _ = projection_model_error(theta, m, R, L, np.asarray(orient), kin)
                err_d = err_d + MODEL_ERROR_SAFETY * np.abs(dD)
            scale = max(float(np.max(np.abs(pi.dirac))), 1e-300)
            errors.append(float(np.max(err_d)) / scale)
            nz = np.abs(pi.dirac) > 0
            local.append(float(np.max(err_d[nz] / np.abs(pi.dirac[nz]))) if np.any(nz)
                         else 0.0)
            with_error.add(key)
        memo[key] = (KD, KM)
        return KD, KM

    def prefetch(masses: np.ndarray) -> None:
        sets = np.unique(np.atleast_2d(np.asarray(masses, dtype=float)), axis=0)
        todo = [m for m in sets if tuple(float(x) for x in m) not in memo]
        if psmode == "3d" and todo:
            # every set's edge cells dealt into one pinned pool (no pool per set, no idle
            # workers at the end of each set's distribution)
            with pinned_process_pool(ctx.settings.workers) as executor:
                d3, m3 = ps.distribution_sets(theta, np.array(todo), R, L,
                                              spin=np.asarray(orient), kin=kin,
                                              executor=executor)
            for h, m in enumerate(todo):
                memo[tuple(float(x) for x in m)] = pair_kernels_from_integrals(
                    d3[h], m3[h], V, inplane=False)
            return
        if psmode != "projected":
            for m in todo:
                kern(m, False)
            return
        geom = projected_geometry(theta, R, L, np.asarray(orient), kin)
        per = max(1, 8192 // max(len(theta), 1))  # hypotheses per vectorised batch
        for s in range(0, len(todo), per):
            block = np.array(todo[s:s + per])
            d, mj, _, _ = projected_integrals(geom, np.stack([pair_masses(m) for m in block]))
            for h, m in enumerate(block):
                memo[tuple(float(x) for x in m)] = pair_kernels_from_integrals(
                    d[h], mj[h], V, inplane=False)

    def compute(calls: Sequence[tuple[np.ndarray, bool]]) -> Any:
        for m, err in calls:
            kern(m, err)
        return memo, with_error, errors, local

    def adopt(state: Any) -> None:
        if memo or errors:  # kernels computed here already: keep this process's own
            return
        memo.update(state[0])
        with_error.update(state[1])
        errors.extend(state[2])
        local.extend(state[3])

    kind, source = _ERROR_SOURCES[psmode]
    # the 3D model's edge cells run in a process pool of their own (none in a child)
    return PairKernels(_LABELS[psmode], kern, errors, source, local, kind, prefetch,
                       compute if psmode != "3d" else None, adopt)
