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
from expdesign.physics.phasespace import distribution_projected
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

    def kern(m: np.ndarray, error: bool = True) -> tuple[np.ndarray, np.ndarray]:
        err = error and ctx.settings.phase_space_error
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
        return KD, KM

    return PairKernels(_LABELS[psmode], kern, errors, "expdesign.physics.projected")
