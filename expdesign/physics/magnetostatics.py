"""Magnetic field of a uniformly magnetized cylinder at a sensor point.

Unit system (stated at every step):

* **Inside this module: SI.**  Magnetization M in A/m, lengths in m, fields B in tesla,
  ``mu_0 = 4 pi 1e-7 T m / A`` (the exact-enough pre-2019 value; the 2019 redefinition
  changes it by 1e-10).  H in A/m.
* At the boundary: :func:`tesla_to_gauss` (1 T = 1e4 G), :func:`tesla_to_nG`, and
  :func:`magnetization_si` (moments per ion in J/T times number density in m^-3 gives A/m).
  Gaussian magnetization ``M_G`` (erg G^-1 cm^-3, often called "G") is ``1e-3 M_SI``,
  and the Gaussian field inside a long rod is ``B = 4 pi M_G`` (= ``mu_0 M_SI`` in tesla
  times 1e4).

Geometry: cylinder of radius R and length L centred at the origin with its axis along z
(the paper's k1 axis, seed 001 Sec. III); sensor point r = (x, y, z).

Methods
-------
* On the axis (M along the axis): closed form
  ``B_z = (mu_0 M / 2) [ (z + L/2)/sqrt((z + L/2)^2 + R^2) - (z - L/2)/sqrt((z - L/2)^2 + R^2) ]``.
* Anywhere off the surface, any direction of M: the equivalent magnetic surface charge
  ``sigma = M . n`` on end caps and side, ``H = (1/4 pi) int sigma (r - r')/|r - r'|^3 dA'``,
  ``B = mu_0 (H + M 1_inside)``; tensor-product Gauss-Legendre quadrature; the error
  estimate is the change when the node number is doubled.
* Outside the body: the dipole sum of seed 001 eq. (60),
  ``B = (mu_0/4 pi) int dV' [3 (m . rhat) rhat - m] / r^3`` with ``m = M dV'``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from expdesign.physics.constants import MU0_SI, MU_B_J_PER_T

__all__ = [
    "MU0",
    "MU_B_J_PER_T",
    "FieldResult",
    "cylinder_axis_field",
    "cylinder_field",
    "cylinder_field_dipole_sum",
    "dipole_field",
    "magnetization_si",
    "tesla_to_gauss",
    "tesla_to_nG",
    "gaussian_magnetization_G",
    "mu_eff_n_gauss",
]

#: Vacuum permeability, T m / A (CODATA 2022; :mod:`expdesign.physics.constants`).
MU0: float = MU0_SI


@dataclass(frozen=True)
class FieldResult:
    """A field value with its numerical error estimate.

    Attributes
    ----------
    b
        Magnetic flux density B, tesla, shape (3,) (x, y, z).
    error
        Estimated absolute quadrature error of ``b``, tesla (max over components).
    """

    b: np.ndarray
    error: float


def tesla_to_gauss(b: float | np.ndarray) -> float | np.ndarray:
    """Tesla -> gauss (1 T = 1e4 G)."""
    return np.asarray(b) * 1e4 if np.ndim(b) else float(b) * 1e4


def tesla_to_nG(b: float | np.ndarray) -> float | np.ndarray:
    """Tesla -> nanogauss (1 T = 1e13 nG)."""
    return np.asarray(b) * 1e13 if np.ndim(b) else float(b) * 1e13


def magnetization_si(n_per_m3: float, moment_J_per_T: float) -> float:
    """Magnetization ``M = n mu`` in A/m (SI) from a number density and a moment per ion.

    Parameters
    ----------
    n_per_m3
        Number density of aligned moments, m^-3 (1 cm^-3 = 1e6 m^-3).
    moment_J_per_T
        Moment per ion along the direction of interest, J/T (mu_B = 9.274e-24 J/T).

    Returns
    -------
    float
        Magnetization, A/m.
    """
    return n_per_m3 * moment_J_per_T


def gaussian_magnetization_G(m_si: float) -> float:
    """SI magnetization (A/m) -> Gaussian magnetization (erg G^-1 cm^-3, "G"): x 1e-3."""
    return m_si * 1e-3


def mu_eff_n_gauss(xi: float, g: float, n_per_cm3: float, four_pi: bool = False) -> float:
    """``mu_eff n = xi g mu_B n`` in gauss (seed 001 eq. 59).

    Parameters
    ----------
    xi
        Fraction of RENP-affected ions (paper: 1e-2).
    g
        g-factor (paper: g_perp = 5.9 for Er 4I13/2).
    n_per_cm3
        Ion number density, cm^-3 (paper: 1.4e19).
    four_pi
        False: the Gaussian magnetization ``M_G = n mu`` (erg/G/cm^3). True: ``4 pi M_G``,
        the Gaussian field inside a long uniformly magnetized rod (= ``mu_0 M_SI`` in G).

    Returns
    -------
    float
        Gauss.
    """
    mu_b_erg_per_G = MU_B_J_PER_T * 1e7 / 1e4  # 1 J = 1e7 erg, 1 T = 1e4 G
    m = xi * g * mu_b_erg_per_G * n_per_cm3
    return 4 * math.pi * m if four_pi else m


def cylinder_axis_field(z: float | np.ndarray, radius: float, length: float,
                        magnetization: float) -> float | np.ndarray:
    """Axial B on the axis of a cylinder magnetized along its axis (closed form, SI).

    Parameters
    ----------
    z
        Position(s) on the axis from the centre, m (inside or outside).
    radius, length
        R and L of the cylinder, m.
    magnetization
        M along +z, A/m.

    Returns
    -------
    float or numpy.ndarray
        B_z, tesla.  Inside a long cylinder it tends to mu_0 M; far away to the dipole
        field ``mu_0 m / (2 pi z^3)`` with ``m = M pi R^2 L``.
    """
    _check_geom(radius, length)
    zz = np.asarray(z, dtype=float)
    a = zz + length / 2
    b = zz - length / 2
    out = 0.5 * MU0 * magnetization * (a / np.hypot(a, radius) - b / np.hypot(b, radius))
    return float(out) if np.ndim(out) == 0 else out


def dipole_field(point: np.ndarray, moment: np.ndarray) -> np.ndarray:
    """Field of a point dipole at the origin, SI: ``(mu_0/4pi)(3(m.rhat)rhat - m)/r^3``.

    Parameters
    ----------
    point
        Sensor position, m, shape (3,).
    moment
        Dipole moment, A m^2 (= J/T), shape (3,).

    Returns
    -------
    numpy.ndarray
        B, tesla, shape (3,).
    """
    r = np.asarray(point, dtype=float)
    m = np.asarray(moment, dtype=float)
    d = float(np.linalg.norm(r))
    if d == 0:
        raise ValueError("the dipole field is singular at the dipole")
    rh = r / d
    return MU0 / (4 * math.pi) * (3 * np.dot(m, rh) * rh - m) / d**3


def _inside(p: np.ndarray, radius: float, length: float) -> bool:
    return bool(math.hypot(p[0], p[1]) < radius and abs(p[2]) < length / 2)


def _h_surface(p: np.ndarray, radius: float, length: float, mvec: np.ndarray, n: int
               ) -> np.ndarray:
    """H (A/m) from the magnetic surface charges with n Gauss-Legendre nodes per dimension."""
    x, w = np.polynomial.legendre.leggauss(n)
    h = np.zeros(3)
    # end caps: sigma = +-M_z; polar coordinates rho in [0, R], phi in [0, 2pi]
    if mvec[2] != 0.0:
        rho = 0.5 * radius * (x + 1)
        wr = 0.5 * radius * w
        phi = math.pi * (x + 1)
        wp = math.pi * w
        rr, pp = np.meshgrid(rho, phi, indexing="ij")
        ww = np.outer(wr, wp) * rr
        for zc, sgn in ((length / 2, 1.0), (-length / 2, -1.0)):
            src = np.stack([rr * np.cos(pp), rr * np.sin(pp), np.full_like(rr, zc)], axis=-1)
            d = p - src
            dist3 = np.linalg.norm(d, axis=-1) ** 3
            h += sgn * mvec[2] * np.einsum("ij,ijk->k", ww / dist3, d)
    # side: sigma = M_x cos phi + M_y sin phi
    if mvec[0] != 0.0 or mvec[1] != 0.0:
        phi = math.pi * (x + 1)
        wp = math.pi * w
        zs = 0.5 * length * x
        wz = 0.5 * length * w
        pp, zz = np.meshgrid(phi, zs, indexing="ij")
        sigma = mvec[0] * np.cos(pp) + mvec[1] * np.sin(pp)
        ww = np.outer(wp, wz) * radius * sigma
        src = np.stack([radius * np.cos(pp), radius * np.sin(pp), zz], axis=-1)
        d = p - src
        dist3 = np.linalg.norm(d, axis=-1) ** 3
        h += np.einsum("ij,ijk->k", ww / dist3, d)
    return h / (4 * math.pi)


def cylinder_field(point: np.ndarray, radius: float, length: float,
                   magnetization: np.ndarray, n_nodes: int = 64) -> FieldResult:
    """B of a uniformly magnetized cylinder at any point off its surface (SI).

    Surface-charge method (see module docstring): ``B = mu_0 (H + M 1_inside)``.

    Parameters
    ----------
    point
        Sensor position (x, y, z), m; the cylinder axis is z, centre at the origin.
    radius, length
        R and L, m.
    magnetization
        Magnetization vector (M_x, M_y, M_z), A/m (any direction).
    n_nodes
        Gauss-Legendre nodes per dimension; the estimate uses n and 2n.  Points within
        about R / n_nodes of the surface need more nodes (the error estimate shows it).

    Returns
    -------
    FieldResult
        B in tesla and its error estimate.
    """
    _check_geom(radius, length)
    p = np.asarray(point, dtype=float)
    mvec = np.asarray(magnetization, dtype=float)
    if p.shape != (3,) or mvec.shape != (3,):
        raise ValueError("point and magnetization must have shape (3,)")
    inside = _inside(p, radius, length)
    h1 = _h_surface(p, radius, length, mvec, n_nodes)
    h2 = _h_surface(p, radius, length, mvec, 2 * n_nodes)
    b = MU0 * (h2 + (mvec if inside else 0.0))
    err = float(MU0 * np.max(np.abs(h2 - h1)))
    if not np.all(np.isfinite(b)):
        raise ValueError("field evaluation failed (point on the surface?)")
    return FieldResult(b=b, error=err)


def cylinder_field_dipole_sum(point: np.ndarray, radius: float, length: float,
                              magnetization: np.ndarray, n_nodes: int = 24) -> FieldResult:
    """B outside the cylinder as the sum of point dipoles ``M dV`` (seed 001 eq. 60), SI.

    Parameters
    ----------
    point
        Sensor position, m; must lie outside the cylinder.
    radius, length
        R and L, m.
    magnetization
        (M_x, M_y, M_z), A/m.
    n_nodes
        Gauss-Legendre nodes per dimension (rho, phi, z); the estimate uses n and 2n.

    Returns
    -------
    FieldResult
        B in tesla and its error estimate.
    """
    _check_geom(radius, length)
    p = np.asarray(point, dtype=float)
    if _inside(p, radius, length) or (math.hypot(p[0], p[1]) <= radius
                                      and abs(p[2]) <= length / 2):
        raise ValueError("the dipole sum (eq. 60 without the contact term) needs an "
                         "outside point; use cylinder_field inside")
    mvec = np.asarray(magnetization, dtype=float)

    def one(n: int) -> np.ndarray:
        x, w = np.polynomial.legendre.leggauss(n)
        rho = 0.5 * radius * (x + 1)
        phi = math.pi * (x + 1)
        zs = 0.5 * length * x
        wr = 0.5 * radius * w * rho
        wp = math.pi * w
        wz = 0.5 * length * w
        r_, p_, z_ = np.meshgrid(rho, phi, zs, indexing="ij")
        ww = np.einsum("i,j,k->ijk", wr, wp, wz)
        src = np.stack([r_ * np.cos(p_), r_ * np.sin(p_), z_], axis=-1)
        d = p - src
        dist = np.linalg.norm(d, axis=-1)
        rh = d / dist[..., None]
        mr = np.einsum("ijkl,l->ijk", rh, mvec)
        integrand = (3 * mr[..., None] * rh - mvec) / dist[..., None] ** 3
        return MU0 / (4 * math.pi) * np.einsum("ijk,ijkl->l", ww, integrand)

    b1 = one(n_nodes)
    b2 = one(2 * n_nodes)
    return FieldResult(b=b2, error=float(np.max(np.abs(b2 - b1))))


def _check_geom(radius: float, length: float) -> None:
    if not (radius > 0 and length > 0 and math.isfinite(radius) and math.isfinite(length)):
        raise ValueError("radius and length must be finite and > 0")
