"""RENP step 4: the angular kernels K^D_ij, K^M_ij of the chosen phase-space model.

The kernels are in the infinite-volume normalisation of
:func:`expdesign.physics.renp.rate_prefactor`; the finite-size integrals ``J`` of
:mod:`expdesign.physics.phasespace` are converted by
:func:`expdesign.physics.assembly.pair_kernels_from_integrals`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from expdesign.executors import pinned_process_pool
from expdesign.physics import kinematics, renp
from expdesign.physics import phasespace as ps
from expdesign.physics.assembly import cylinder_volume, pair_kernels_from_integrals
from expdesign.physics.phasespace import distribution_projected, pair_masses
from expdesign.physics.phasespace.projected_batch import projected_geometry, projected_integrals
from expdesign.planner.context import Accumulator, PlanContext

__all__ = ["KernelFn", "PairKernels", "pair_kernels"]

#: kernel(masses eV, with_error) -> (K^D, K^M), each (n_angles, 3, 3)
KernelFn = Callable[[np.ndarray, bool], tuple[np.ndarray, np.ndarray]]

_LABELS = {
    "projected": "finite cylinder, exact form factor projected on the pair momentum "
                 "(3D neutrino momenta)",
    "3d": "finite cylinder, exact form factors, full 3D product rule",
    "inplane": "seed 001 eq. (17) in-plane model (Lorentzians)",
}
_MODES = {"finite": "projected", "finite-3d": "3d", "inplane": "inplane"}


@dataclass
class PairKernels:
    """The model's label, its kernel function, and the relative error estimates of the
    phase-space integrals collected while it ran (finite-size models only)."""

    label: str
    kernel: KernelFn
    errors: list[float] = field(default_factory=list)
    error_source: str = ""
    #: compute the kernels of many mass sets (rows of an (H, 3) array, eV) ahead, without
    #: error estimates, so that later ``kernel`` calls with those masses are look-ups
    #: (studies; the projected model evaluates them all at once)
    prefetch: Callable[[np.ndarray], None] = lambda masses: None


def pair_kernels(ctx: PlanContext, acc: Accumulator, theta: np.ndarray, theta_e: float,
                 energies: tuple[float, float, float], n_r: float, eps_ep: float,
                 orient: np.ndarray) -> PairKernels:
    """The kernels of ``ctx.settings.model`` at the trigger angles ``theta`` (rad)."""
    w1, w2, ws = energies
    want = ctx.settings.model
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
            scale = max(float(np.max(np.abs(pi.dirac))), 1e-300)
            errors.append(float(np.max(pi.err_dirac)) / scale)
            with_error.add(key)
        memo[key] = (KD, KM)
        return KD, KM

    def prefetch(masses: np.ndarray) -> None:
        sets = np.unique(np.atleast_2d(np.asarray(masses, dtype=float)), axis=0)
        todo = [m for m in sets if tuple(float(x) for x in m) not in memo]
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

    return PairKernels(_LABELS[psmode], kern, errors, "expdesign.physics.projected", prefetch)
