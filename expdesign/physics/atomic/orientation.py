"""Crystal c-axis orientations and the orientation tensor of the transition vector S_ep.

Lab frame of seed 001 Sec. IV: z along k1 (cylinder axis), x in the k1-k2 plane, y normal
to it; the crystal frame has z_c = c.  Sources: seed 001 Sec. IV cases (1)-(3) (c-axis
orientations), eqs. (50)-(55) (the tensor ``Re(S_i S_j^*)`` in the phase-space
integrals), the equation after (36) (the Delta M_J = 1 path).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "OrientationModel",
    "tensor_from_vector",
    "c_axis_direction",
    "spin_orientation_tensor",
    "GeometricFactors",
    "geometric_factors",
]

#: Models of the direction of the Delta M = +-1 transition vector (see
#: :func:`spin_orientation_tensor`).
OrientationModel = Literal["spherical", "paper", "linear"]


def tensor_from_vector(vec_c: ArrayLike, c_axis: ArrayLike,
                       a_axis: ArrayLike | None = None) -> np.ndarray:
    """Lab-frame ``T_ij = Re(e_i e_j^*)`` of a complex crystal-frame vector, unit trace.

    Parameters
    ----------
    vec_c
        Complex vector (x_c, y_c, z_c) in the crystal frame.
    c_axis
        Crystal c-axis (z_c) in the lab frame.
    a_axis
        Crystal x_c axis in the lab frame (orthogonalised against c); default: the lab
        direction least aligned with c.  Irrelevant for circular in-plane vectors.

    Returns
    -------
    numpy.ndarray
        Real symmetric 3x3 tensor in the lab frame.
    """
    c = np.asarray(c_axis, float)
    c = c / np.linalg.norm(c)
    if a_axis is None:
        a_axis = np.eye(3)[int(np.argmin(np.abs(c)))]
    a = np.asarray(a_axis, float) - np.dot(a_axis, c) * c
    na = float(np.linalg.norm(a))
    if na < 1e-12:
        raise ValueError("a_axis must not be parallel to c_axis")
    a = a / na
    b = np.cross(c, a)
    rot = np.stack([a, b, c], axis=1)  # columns: crystal axes in the lab
    v = rot @ np.asarray(vec_c, dtype=complex)
    n2 = float(np.real(np.vdot(v, v)))
    if n2 == 0:
        raise ValueError("zero vector")
    return np.real(np.outer(v, v.conj())) / n2


def c_axis_direction(case: int, angle: float = 0.0) -> np.ndarray:
    """Unit vector of the crystal c-axis in the lab frame of seed 001 Sec. IV.

    Lab frame: z along k1 (cylinder axis), x in the k1-k2 plane, y normal to it.

    Parameters
    ----------
    case
        1: c || k1; 2: c in the k1-k2 plane at ``angle`` from k1; 3: c normal to the plane.
    angle
        Angle of the c-axis from k1 in case 2, rad (ignored otherwise).

    Returns
    -------
    numpy.ndarray
        Shape (3,) unit vector.
    """
    if case == 1:
        return np.array([0.0, 0.0, 1.0])
    if case == 2:
        return np.array([math.sin(angle), 0.0, math.cos(angle)])
    if case == 3:
        return np.array([0.0, 1.0, 0.0])
    raise ValueError(f"case must be 1, 2 or 3, got {case!r}")


def spin_orientation_tensor(c_axis: ArrayLike, delta_m: int = 1,
                            model: OrientationModel = "spherical",
                            a_axis: ArrayLike | None = None) -> np.ndarray:
    """Orientation tensor ``T_ij = Re(e_i e_j^*)`` of the transition vector ``S_ep``.

    Writes ``S_ep = |S_ep| e`` (and ``v_ep = |v_ep| e`` for the same M_J pair), with
    ``|e| = 1``.  The phase-space integrals need ``|S|^2 = |S_ep|^2 tr T = |S_ep|^2`` and
    ``Re(S_i S_j^*) = |S_ep|^2 T_ij`` (seed 001 eqs. 50-55).

    Parameters
    ----------
    c_axis
        Unit vector of the quantization (c) axis in the lab frame, shape (3,).
    delta_m
        ``M_J' - M_J`` of the path: +-1 (the paper's path 1/2 -> 3/2) or 0.
    model
        ``'spherical'`` (default): the rank-1 selection rule.  A Delta M = +-1 element is
        the circular vector ``-(x_c +- i y_c)/sqrt(2)`` in the plane normal to c, so
        ``T = (1 - c c^T)/2``; Delta M = 0 gives ``T = c c^T``.
        ``'paper'``: seed 001 states (after eq. 36) that the Delta M = 1 element is
        *parallel* to c (``T = c c^T``); kept only to reproduce its eq. (55).
        ``'linear'``: the T-symmetrised Kramers states (eq. 32) give a *linear* vector
        normal to c (see :func:`expdesign.physics.atomic.stark.ep_spin_vector_kramers`),
        along the crystal axis ``a_axis`` (orthogonalised to c): ``T = a a^T``.
    a_axis
        In-plane crystal axis for ``model='linear'`` (lab frame); required there.

    Returns
    -------
    numpy.ndarray
        Real symmetric 3x3 tensor with unit trace.

    Notes
    -----
    Seed 001 says "matrix elements of S_0, S_- vanish. This means that vector matrix
    elements are parallel to crystal c-axis."  For a spherical vector operator the
    q = +-1 components are ``-+(S_x +- i S_y)/sqrt(2)``, perpendicular to the
    quantization axis; only S_0 = S_z lies along c.  The paper's geometry (and its
    eq. 55 R_ij) corresponds to ``model='paper'``.
    """
    c = np.asarray(c_axis, dtype=float)
    n = float(np.linalg.norm(c))
    if not math.isfinite(n) or n == 0:
        raise ValueError("c_axis must be a non-zero finite vector")
    c = c / n
    cc = np.outer(c, c)
    if model == "paper" or delta_m == 0:
        return cc
    if model == "linear":
        if a_axis is None:
            raise ValueError("model='linear' needs a_axis")
        return tensor_from_vector(np.array([1.0, 0.0, 0.0]), c, a_axis)
    if abs(delta_m) != 1:
        raise ValueError("a vector operator connects Delta M = 0, +-1 only")
    if model != "spherical":
        raise ValueError(f"unknown model {model!r}")
    return 0.5 * (np.eye(3) - cc)


@dataclass(frozen=True)
class GeometricFactors:
    """Geometric inputs of the rate / magnetization phase-space integrals.

    Attributes
    ----------
    s_sq
        ``|S_ep|^2``, dimensionless.
    v_dot_s
        ``Re(v_ep . S_ep^*)``, dimensionless (v in units of c).
    tensor
        ``T_ij`` with ``Re(S_i S_j^*) = s_sq T_ij`` and ``Re(v_i S_j^*) = v_dot_s T_ij``.
    c_axis
        The c-axis unit vector in the lab frame (z = k1, x in the k1-k2 plane).
    k1_component
        ``T_zz``: weight of the paper's ``p1z p2z`` term (1 in the paper's case (1)).
    """

    s_sq: float
    v_dot_s: float
    tensor: np.ndarray
    c_axis: np.ndarray
    k1_component: float


def geometric_factors(s_amp: float, v_amp: float, case: int, angle: float = 0.0,
                      model: OrientationModel = "spherical",
                      delta_m: int = 1, a_axis: ArrayLike | None = None
                      ) -> GeometricFactors:
    """``|S_ep|^2``, ``v_ep . S_ep`` and orientation tensor for a c-axis case of Sec. IV.

    Both S_ep and v_ep connect the same M_J pair, so they share the unit vector e of
    :func:`spin_orientation_tensor`; ``v . S^* = v_amp s_amp`` whatever the orientation
    (the paper's ``S_ep . v_ep / (|v_ep||S_ep|) = 1``).

    Parameters
    ----------
    s_amp
        Matrix element of S between the Stark states (e.g.
        :func:`expdesign.physics.atomic.stark.ep_spin_matrix_element`), dimensionless.
    v_amp
        Matrix element of v between the same states (same Clebsch factor times <||v||>),
        dimensionless (v/c).
    case, angle
        See :func:`c_axis_direction` (angle in rad).
    model, delta_m, a_axis
        See :func:`spin_orientation_tensor`.

    Returns
    -------
    GeometricFactors
    """
    c = c_axis_direction(case, angle)
    t = spin_orientation_tensor(c, delta_m, model, a_axis)
    return GeometricFactors(s_sq=s_amp**2, v_dot_s=v_amp * s_amp, tensor=t, c_axis=c,
                            k1_component=float(t[2, 2]))
