"""Model error of the projected phase space: the transverse term it drops.

:func:`expdesign.physics.phasespace.distribution_projected` writes the mismatch as
``K = k n + K_t`` (``n = Q/|Q|``, ``k = K.n``) and replaces ``|Q - K|^2 = (|Q| - k)^2 +
K_t^2`` by ``(|Q| - k)^2``.  With the exact cylinder form factor
``rho(K) = p_U(K_z) q_W(K_perp)`` (seed 001 eqs. (14)-(15): ``p_U = (L/2 pi) U(K_z L/2)``,
``q_W = (R^2/4 pi) W(K_perp R)``, each normalised to 1) the projected integral is
``int d^3K rho(K) f((|Q| - K.n)^2)`` and the exact one ``int d^3K rho(K) f(|Q - K|^2)``
(``f`` the closed-form two-body function of
:func:`~expdesign.physics.phasespace.kinematics.two_body`, times ``(2 pi)^3 / V``), so

    dJ = (2 pi)^3/V int d^3K rho(K) df(K),   df(K) = f(|Q - K|^2) - f((|Q| - K.n)^2).

``df`` vanishes for ``K`` parallel to ``n`` and is small for small ``K``; what matters are
the heavy tails of ``rho`` (``1/K_z^2`` and ``1/K_perp^3``), which lie on two ridges: the
z axis (``K_perp ~ 1/R``) and the transverse plane (``K_z ~ 1/L``).  The estimate keeps
those two and drops the region where both components are large (weight
``~ 1/(K_z^2 K_perp^3)``):

    dJ ~ (2 pi)^3/V [ int dK_z p_U(K_z) df(K_z z) + int d^2K_perp q_W(K_perp) df(K_perp) ]

(``rho ~ p_U(K_z) delta^2(K_perp) + q_W(K_perp) delta(K_z) - delta^3(K)``, and ``df(0) = 0``).
``(s.P)^2`` is evaluated on the actual ``P = Q - K``.  The line and plane integrals use
graded Gauss-Legendre panels at the square-root edges of f (where the line or ray crosses
the sphere ``|Q - K| = p_e`` or the slab ``|Q - K.n| = p_e``); beyond ``|x| = 20``
(``x = K_z L/2``, ``y = K_perp R``) U and W are replaced by their averages ``1/(2x^2)`` and
``4/(pi y^3)``.

Inside the allowed region ``dJ/J ~ (2/(pi R)) / sqrt(p_e^2 - Q^2)`` (about 1e-5 at
R = 1 cm); beyond the edge the slab the projection integrates over is much wider than the
sphere (a z-axis line always crosses the slab, it crosses the sphere only when
``Q_x <= p_e``), and the projection overestimates J by up to a factor 2 there.
Measured coverage against the full 3D rule: ``docs/phasespace.md``.

Units: eV for momenta and energies, eV^-1 for R and L, J in eV^5.
"""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace.formfactors import U, W, cylinder_volume
from expdesign.physics.phasespace.kinematics import Kinematics, pair_masses, two_body
from expdesign.physics.phasespace.quadrature import gauss_legendre
from expdesign.physics.phasespace.weights import SpinLike, drop_y_odd, spin_proj

__all__ = ["MODEL_ERROR_SAFETY", "graded_rule", "ridges", "projection_model_error"]

#: factor on |dJ| in the reported model error: the estimate is within 0.7-2.3 of the
#: measured J_3d - J_projected (docs/phasespace.md), so twice it covers the true error
MODEL_ERROR_SAFETY = 2.0

#: beyond |x| or y = 20 the form factors are replaced by their averages
_CORE = 20.0


def graded_rule(breaks, lo: float, hi: float, h_min: float, n: int = 4,
                ratio: float = 8.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes on many lines at once, each on [lo, hi] with panels growing
    geometrically by ``ratio`` away from each of its break points and ends (first panel
    ``h_min``).

    Parameters
    ----------
    breaks
        (n_lines, n_breaks) break points (NaN: none); values outside [lo, hi] are clipped.
    lo, hi, h_min
        The interval and the first panel width (same unit as the breaks).
    n, ratio
        Nodes per panel and growth factor.

    Returns
    -------
    (line, nodes, weights)
        Flat arrays: the line each node belongs to, the node, its weight.  Meant for
        integrands with square-root edges or kinks at the breaks (relative accuracy of
        order 1e-4 with the defaults: enough for an error estimate).
    """
    br = np.atleast_2d(np.asarray(breaks, dtype=float))
    nl = br.shape[0]
    br = np.where(np.isfinite(br), br, lo)
    pts = np.sort(np.clip(np.concatenate([np.full((nl, 1), lo), np.full((nl, 1), hi), br],
                                         axis=1), lo, hi), axis=1)
    line = np.repeat(np.arange(nl), pts.shape[1] - 1)
    a, b = pts[:, :-1].ravel(), pts[:, 1:].ravel()
    x, w = gauss_legendre(n)
    mid = 0.5 * (a + b)
    start = np.concatenate([a, b])
    span = np.concatenate([mid - a, b - mid])
    sgn = np.concatenate([np.ones_like(a), -np.ones_like(b)])
    ln = np.concatenate([line, line])
    keep = span > 0
    start, span, sgn, ln = start[keep], span[keep], sgn[keep], ln[keep]
    h = np.minimum(h_min, span)
    # panel edges h ratio^k (k = 0..K-1) below span, then span
    K = np.maximum(np.ceil(np.log(span / h) / np.log(ratio)).astype(int) + 1, 1)
    owner = np.repeat(np.arange(len(span)), K)
    k = np.arange(len(owner)) - np.repeat(np.cumsum(K) - K, K)
    u1 = np.minimum(h[owner] * ratio**k, span[owner])
    u0 = np.where(k == 0, 0.0, np.minimum(h[owner] * ratio ** (k - 1.0), span[owner]))
    half = 0.5 * (u1 - u0)
    nodes = start[owner, None] + sgn[owner, None] * (half[:, None] * (x + 1) + u0[:, None])
    weights = half[:, None] * w
    return (np.repeat(ln[owner], n), nodes.ravel(), weights.ravel())


def _u_density(kz: np.ndarray, L: float) -> np.ndarray:
    """``p_U(K_z) = (L / 2 pi) U(K_z L/2)``, averaged beyond |x| = 20 (eV^-1)."""
    x = np.abs(kz) * L / 2
    return (L / (2 * np.pi)) * np.where(x < _CORE, U(x), 0.5 / np.maximum(x, 1.0) ** 2)


def _w_density(kp: np.ndarray, R: float) -> np.ndarray:
    """``2 pi K q_W(K) = (R^2 / 2) W(K R) K`` (radial density, eV^-1), averaged beyond 20."""
    y = np.abs(kp) * R
    wv = np.where(y < _CORE, W(y), 4.0 / (np.pi * np.maximum(y, 1.0) ** 3))
    return 0.5 * R**2 * wv * np.abs(kp)


def _df(Pz, Px, Py, Qn, Kn, n_proj2: float, spin: SpinLike, eps: float, m1,
        m2) -> tuple[np.ndarray, np.ndarray]:
    """``f(|P|^2) - f((|Q| - K.n)^2)`` for (g_D, g_M) at ``P = Q - K`` (eV^2)."""
    P2 = Pz**2 + Px**2 + Py**2
    fd, fm = two_body(P2, spin_proj(spin, Pz, Px, Py, P2), eps, m1, m2)
    p2 = (Qn - Kn) ** 2
    gd, gm = two_body(p2, n_proj2 * p2, eps, m1, m2)
    return fd - gd, fm - gm


def _roots(b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Roots of ``t^2 + b t + c`` (NaN where complex)."""
    disc = b * b - 4 * c
    r = np.sqrt(np.where(disc >= 0, disc, np.nan))
    return (-b - r) / 2, (-b + r) / 2


def _azimuths(n_phi: int) -> tuple[np.ndarray, np.ndarray]:
    """Azimuths on [0, pi] graded towards 0 and pi, with doubled weights / (2 pi)."""
    xg, wg = gauss_legendre(n_phi)
    phis, wphi = [], []
    for a, b in ((0.0, 0.5 * np.pi), (np.pi, 0.5 * np.pi)):
        for u0, u1 in ((0.0, 0.02), (0.02, 0.2), (0.2, 1.0)):
            s = 0.5 * (u1 - u0) * (xg + 1) + u0
            phis.append(a + (b - a) * s)
            wphi.append(0.5 * (u1 - u0) * wg * abs(b - a))
    return np.concatenate(phis), 2.0 * np.concatenate(wphi) / (2 * np.pi)


def ridges(qz: float, qx: float, eps: float, pm: np.ndarray, spin: SpinLike, R: float,
           L: float, kmax: float, n_phi: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """The two ridge integrals of the module docstring, summed, per pair (eV^2).

    ``int dK_z p_U(K_z) df(K_z z) + int d^2K_perp q_W(K_perp) df(K_perp)`` for the pairs
    ``pm`` (n_pairs, 2) at ``Q = (qx, 0, qz)``; the plane integral on rays in the azimuth
    ``phi`` from x over ``[0, pi]``, doubled (the integrand is even in K_y), graded towards
    the +-x rays that carry the closest crossings of the sphere and the slab.
    """
    Qm = float(np.hypot(qz, qx))
    nz, nx = qz / Qm, qx / Qm
    proj2 = float(spin_proj(spin, nz, nx, 0.0, 1.0))
    m1, m2 = pm[:, 0], pm[:, 1]
    pe2 = eps**2 - (m1 + m2) ** 2
    pe = np.sqrt(np.clip(pe2, 0.0, None))
    npair = len(pm)
    if not np.any(pe2 > 0):
        return np.zeros(npair), np.zeros(npair)
    pe_min = float(np.min(pe[pe2 > 0]))
    nan = np.full(npair, np.nan)
    # z-axis lines: the sphere (qz - t)^2 + qx^2 = pe^2 and the slab |Q - t nz| = pe
    r1, r2 = _roots(np.full(npair, -2 * qz), qz**2 + qx**2 - pe2)
    if abs(nz) > 1e-12:
        s1, s2 = (Qm - pe) / nz, (Qm + pe) / nz
    else:
        s1, s2 = nan, nan
    brk = np.stack([np.zeros(npair), r1, r2, s1, s2], axis=1)
    hz = min(2.0 / L, 1e-3 * pe_min)
    li, t, w = graded_rule(brk, -kmax, kmax, hz)
    dd, dm = _df(qz - t, np.full_like(t, qx), np.zeros_like(t), Qm, t * nz, proj2, spin,
                 eps, m1[li], m2[li])
    dens = _u_density(t, L) * w
    outd = np.bincount(li, dens * dd, minlength=npair)
    outm = np.bincount(li, dens * dm, minlength=npair)
    # transverse-plane rays, one line per (pair, azimuth)
    phi, wph = _azimuths(n_phi)
    c, s = np.cos(phi), np.sin(phi)
    P = np.repeat(np.arange(npair), len(phi))  # pair of each ray
    F = np.tile(np.arange(len(phi)), npair)  # azimuth of each ray
    cc, ss = c[F], s[F]
    r1, r2 = _roots(-2 * qx * cc, Qm**2 - pe2[P])  # K^2 - 2 K qx c + Q^2 - pe^2 = 0
    cn = cc * nx
    with np.errstate(divide="ignore", invalid="ignore"):
        s1 = np.where(np.abs(cn) > 1e-12, (Qm - pe[P]) / cn, np.nan)
        s2 = np.where(np.abs(cn) > 1e-12, (Qm + pe[P]) / cn, np.nan)
    brk = np.stack([np.full_like(cc, _CORE / R), r1, r2, s1, s2], axis=1)
    hp = min(1.0 / R, 1e-3 * pe_min)
    li, t, w = graded_rule(brk, 0.0, kmax, hp)
    dd, dm = _df(np.full_like(t, qz), qx - t * cc[li], -t * ss[li], Qm, t * cn[li], proj2,
                 spin, eps, m1[P[li]], m2[P[li]])
    dens = _w_density(t, R) * w * wph[F[li]]
    outd += np.bincount(P[li], dens * dd, minlength=npair)
    outm += np.bincount(P[li], dens * dm, minlength=npair)
    dead = pe2 <= 0
    outd[dead] = 0.0
    outm[dead] = 0.0
    return outd, outm


def projection_model_error(theta_s, masses, R: float, L: float, spin: SpinLike,
                           kin: Kinematics) -> tuple[np.ndarray, np.ndarray]:
    """Estimated ``J_3d - J_projected`` (eV^5) per angle and pair (Dirac, Majorana parts).

    Parameters
    ----------
    theta_s
        Signal angles (rad).
    masses
        (m1, m2, m3), eV.
    R, L
        Cylinder radius and length, eV^-1.
    spin
        Spin orientation as for :func:`~expdesign.physics.phasespace.distribution_projected`
        (a named direction or a 3x3 orientation tensor).
    kin
        The photon kinematics.

    Returns
    -------
    (dJ_D, dJ_M)
        Signed arrays (n_angles, 6) in :data:`expdesign.physics.neutrino.PAIRS` order: the
        two-ridge estimate of the module docstring (take ``abs`` for a model error).
    """
    theta = np.atleast_1d(np.asarray(theta_s, dtype=float))
    spin = drop_y_odd(spin)  # the azimuths run over [0, pi], doubled
    pm = pair_masses(masses)
    qz, qx = kin.Q(theta)
    norm = (2 * np.pi) ** 3 / cylinder_volume(R, L)
    eps = kin.eps_ep
    kmax = kin.k_max()
    outD = np.zeros((len(theta), 6))
    outM = np.zeros((len(theta), 6))
    for i in range(len(theta)):
        if np.hypot(qz[i], qx[i]) <= 0:
            continue
        d, m = ridges(float(qz[i]), float(qx[i]), eps, pm, spin, R, L, kmax)
        outD[i], outM[i] = norm * d, norm * m
    return outD, outM
