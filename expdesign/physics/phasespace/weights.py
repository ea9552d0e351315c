"""Majorana interference weights and the spin-current projections of the pair momentum.

The pair integrals J_D, J_M (:mod:`expdesign.physics.phasespace.product_rule`) are
weighted by ``w_rate = |b_ij|^2`` and ``w_mag = Re(b_ij c_ij^*)``
(:func:`expdesign.physics.neutrino.rate_weights`, ``magnetization_weights``) and by the
Majorana weights here; with these weights the Majorana term has relative weight exactly 1
against D (derived from the helicity-summed pair current, see
``tests/physics/phasespace/test_weights.py``); seed 001 prints m1 m2/4 (eq. 10 and 55)
and m1 m2/8 (eq. 56) instead.

The spin current S_ep points along a named lab direction or is described by a 3x3
orientation tensor ``T = Re(e e^dagger)`` (trace 1, lab axes x, y, z) as
:func:`expdesign.physics.atomic.spin_orientation_tensor` gives for a complex transition
vector e.
"""

from __future__ import annotations

from typing import Literal, TypeGuard

import numpy as np

from expdesign.physics.neutrino import fold

__all__ = [
    "Spin",
    "SpinLike",
    "majorana_rate_weights",
    "majorana_magnetization_weights",
    "is_tensor",
    "spin_proj",
    "drop_y_odd",
]

Spin = Literal["case1", "z", "x", "y", "case3", "average"]
"""Named spin-current directions: ``'case1'``/``'z'`` (along k1, seed 001 case 1), ``'x'``,
``'y'``/``'case3'`` (normal to the laser plane), ``'average'`` (orientation average)."""
SpinLike = Spin | np.ndarray
"""A named direction or a 3x3 orientation tensor."""


def majorana_rate_weights(b: np.ndarray) -> np.ndarray:
    """Majorana interference weights Re(b_ij b_ji^*) folded over (ij)+(ji) (6 pairs).

    Multiplies J_M in the rate (seed 001 eq. (56) with the corrected coefficient).
    Equal to Re(b_ij^2) (b is hermitian), so Majorana phases enter.
    """
    b = np.asarray(b)
    return fold(np.real(b * np.conj(b.T)))


def majorana_magnetization_weights(b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Majorana interference weights Re(b_ij c_ij) folded (6 pairs), seed 001 eq. (63)."""
    return fold(np.real(np.asarray(b) * np.asarray(c)))


def is_tensor(spin: object) -> TypeGuard[np.ndarray]:
    """True for an orientation tensor (a numpy array), False for a named direction."""
    return isinstance(spin, np.ndarray)


def spin_proj(spin: SpinLike, pz, px, py, p2):
    """(s.P)^2 for a named direction, or P.T.P for an orientation tensor T (eV^2).

    ``pz, px, py`` are the lab components of P (real or complex arrays), ``p2 = |P|^2``
    (used by ``'average'``: |P|^2 / 3).
    """
    if is_tensor(spin):
        t = np.asarray(spin, dtype=float)
        return (t[0, 0] * px**2 + t[1, 1] * py**2 + t[2, 2] * pz**2
                + 2 * t[0, 2] * px * pz + 2 * t[0, 1] * px * py + 2 * t[1, 2] * py * pz)
    if spin in ("case1", "z"):
        return pz**2
    if spin == "x":
        return px**2
    if spin in ("y", "case3"):
        return py**2
    if spin == "average":
        return p2 / 3.0
    raise ValueError(f"unknown spin orientation {spin!r}")


def drop_y_odd(spin: SpinLike) -> SpinLike:
    """An orientation tensor without its xy and yz entries (strings pass unchanged).

    Q has no y component and U W is even in K_y, so terms of (s.P)^2 odd in P_y integrate
    to zero; the 3D rules integrate the azimuth over [0, pi] with doubled weights, which
    is exact only for the even part, so the odd part is removed up front.
    """
    if not is_tensor(spin):
        return spin
    t = np.array(spin, dtype=float)
    t[0, 1] = t[1, 0] = t[1, 2] = t[2, 1] = 0.0
    return t
