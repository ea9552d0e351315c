"""One (signal angle, mass pair) cell of the edge-aware rule: the edge sphere
``|Q - K| = P_max = sqrt(eps^2 - (m_i + m_j)^2)`` in the coordinates ``x = K_z L/2``,
``y = |K_perp| R``, ``phi`` of :mod:`expdesign.physics.phasespace.edge_rule`, where lines
and rays cross it, and the two-body function g (real and continued to complex x or y)."""

from __future__ import annotations

import numpy as np

from expdesign.physics.phasespace import compiled
from expdesign.physics.phasespace.kinematics import two_body_complex
from expdesign.physics.phasespace.weights import SpinLike, spin_proj

__all__ = ["EdgePair"]


def _sqrt4(a, b, c, d, dz):
    """``sqrt(a + dz) sqrt(b - dz) sqrt(c + dz) sqrt(d - dz)`` (principal roots) for real
    a, b, c, d and dz with Im dz > 0, as ``sqrt((a + dz)(b - dz)) sqrt((c + dz)(d - dz))``.

    With Im dz > 0 the first factor of each pair lies in the open upper half plane and the
    second in the lower one, so their principal arguments add to within (-pi, pi) and the
    product of the principal roots is the principal root of the product (two complex
    square roots instead of four; issue 22).
    """
    return np.sqrt((a + dz) * (b - dz)) * np.sqrt((c + dz) * (d - dz))


class EdgePair:
    """One (angle, pair): Q, eps, masses, spin, geometry; evaluates g at K."""

    def __init__(self, qz: float, qx: float, eps: float, m1: float, m2: float, spin: SpinLike,
                 L: float, R: float):
        self.qz, self.qx, self.eps, self.m1, self.m2 = qz, qx, eps, m1, m2
        self.spin, self.L, self.R = spin, L, R
        # spin along z (case 1): (s.P)^2 = P_z^2 without the general projection; spin may
        # also be a 3x3 orientation tensor (numpy array)
        self.zspin = isinstance(spin, str) and spin in ("case1", "z")
        self.pmax2 = eps**2 - (m1 + m2) ** 2

    def g_sum(self, x, y, phi, w) -> np.ndarray:
        """(sum w g_D, sum w g_M) over broadcast nodes, skipping zero weights and nodes
        outside the edge sphere (where g = 0).  Runs the compiled kernel
        (:func:`expdesign.physics.phasespace.compiled.g_sum`) when it is enabled."""
        if compiled.enabled():
            return compiled.g_sum(self, x, y, phi, w)
        kp = np.asarray(y) / self.R  # trig only on the (smaller) broadcast shape of phi
        pz = self.qz - 2 * np.asarray(x) / self.L
        px = self.qx - kp * np.cos(phi)
        py = -kp * np.sin(phi)
        p2 = pz**2 + px**2 + py**2
        keep = (np.asarray(w) != 0) & (p2 < self.pmax2)
        shape = keep.shape
        w = np.broadcast_to(w, shape)[keep]
        p2 = np.broadcast_to(p2, shape)[keep]
        pz = np.broadcast_to(pz, shape)[keep]
        if self.zspin:
            sp2 = pz**2
        else:
            px = np.broadcast_to(px, shape)[keep]
            py = np.broadcast_to(py, shape)[keep]
            sp2 = spin_proj(self.spin, pz, px, py, p2)
        return self._sums(p2, sp2, w)

    def _sums(self, p2, sp2, w) -> np.ndarray:
        """(sum w g_D, sum w g_M) at real nodes strictly inside the edge sphere.

        :func:`~expdesign.physics.phasespace.kinematics.two_body` written without its
        threshold mask and with one square root (issue 22; same formula, seed 001 eq. (12)
        via the covariant decomposition of the module doc): with ``M^2 = eps^2 - P^2``,
        ``lambda = (M^2 - (m1+m2)^2)(M^2 - (m1-m2)^2)``, ``p*/M = sqrt(lambda)/(2 M^2)``,
        ``p*^2 = lambda/(4 M^2)`` and ``E1* E2* = (M^4 - (m1^2-m2^2)^2)/(4 M^2)``:
        ``g_D = 2 pi sqrt(lambda)/M^2 [2 a (s.P)^2 - 2 p*^2/3 + (M^2 - m1^2 - m2^2)/2]``,
        ``g_M = -2 pi sqrt(lambda)/M^2 m1 m2``, ``a = (E1* E2* - p*^2/3)/M^2`` (eV^2).
        """
        m1, m2 = self.m1, self.m2
        M2 = self.eps**2 - p2
        lam = np.maximum((M2 - (m1 + m2) ** 2) * (M2 - (m1 - m2) ** 2), 0.0)
        inv = 1.0 / M2
        f = w * np.sqrt(lam) * inv  # w (4 pi p*/M) / (2 pi)
        ps2 = 0.25 * lam * inv
        a = (0.25 * (M2 * M2 - (m1 * m1 - m2 * m2) ** 2) * inv - ps2 / 3) * inv
        br = 2 * a * sp2 - (2.0 / 3.0) * ps2 + 0.5 * (M2 - m1 * m1 - m2 * m2)
        return 2 * np.pi * np.array([np.sum(f * br), -m1 * m2 * np.sum(f)])

    def _g_complex(self, pz, px, py, sqlam):
        """(g_D, g_M) at complex P from its components and sqrt(lambda)."""
        p2 = pz**2 + px**2 + py**2
        if self.zspin:
            sp2 = pz**2
        else:
            sp2 = spin_proj(self.spin, pz, px, py, p2)
        M2 = self.eps**2 - p2
        m1, m2 = self.m1, self.m2
        if m1 + m2 <= 0:  # massless pair: sqrt(lambda) = M^2 on the principal branch
            return two_body_complex(M2, sqlam, sp2, m1, m2)
        # two_body_complex with p*/M = sqrt(lambda) / (2 M^2) (no complex sqrt of M^2;
        # the same continuation, as M M = M^2 on every branch)
        inv = 1.0 / M2
        f = (2 * np.pi) * sqlam * inv
        ps2 = 0.25 * sqlam * sqlam * inv
        a = (0.25 * (M2 * M2 - (m1 * m1 - m2 * m2) ** 2) * inv - ps2 / 3) * inv
        gD = f * (2 * a * sp2 - (2.0 / 3.0) * ps2 + 0.5 * (M2 - m1 * m1 - m2 * m2))
        return gD, f * (-m1 * m2)

    def line_roots(self, y, phi):
        """x where the z-line at (y, phi) crosses the edge sphere (x_a, x_b), the two
        branch points of the mass-scale factor (x_a', x_b') just outside them and the two
        zeros of M^2 (g has 1/M and 1/M^2 there); NaN if the line misses the sphere.

        Along the line ``M^2 - (m1+m2)^2 = (2/L)^2 (x - x_a)(x_b - x)`` and
        ``M^2 - (m1-m2)^2 = (2/L)^2 (x - x_a')(x_b' - x)``, so ``sqrt(lambda)`` factorises
        into four square roots that continue analytically off the real axis.
        """
        kp = np.asarray(y) / self.R
        rho2 = (self.qx - kp * np.cos(phi)) ** 2 + (kp * np.sin(phi)) ** 2
        c = self.pmax2 - rho2
        r = np.sqrt(np.where(c > 0, c, np.nan))
        r2 = np.sqrt(np.where(c > 0, c + 4 * self.m1 * self.m2, np.nan))
        r0 = np.sqrt(np.where(c > 0, c + (self.m1 + self.m2) ** 2, np.nan))  # M^2 = 0
        h = self.L / 2
        return ((self.qz - r) * h, (self.qz + r) * h, (self.qz - r2) * h, (self.qz + r2) * h,
                (self.qz - r0) * h, (self.qz + r0) * h)

    def g_line_complex(self, c, dz, roots, y, phi):
        """(g_D, g_M) continued to complex x = c + dz on z-lines (c real, dz complex).

        ``roots`` = :meth:`line_roots` of the rows, broadcast against ``c`` and ``dz``;
        the offsets from the roots are formed before adding ``dz`` so that paths starting
        on a root keep full precision.  Principal square roots are the continuation from
        inside the chord into the upper half plane.  Runs the compiled kernel
        (:func:`expdesign.physics.phasespace.compiled.g_complex`) when it is enabled and
        the pair is massive.
        """
        if self.m1 + self.m2 > 0 and compiled.enabled():
            return compiled.g_complex(self, c, dz, roots, y, phi, line=True)
        xa, xb, xa2, xb2 = roots[:4]
        k = (2.0 / self.L) ** 2
        sq = _sqrt4(c - xa, xb - c, c - xa2, xb2 - c, dz)
        sqlam = k * sq
        pz = self.qz - 2 * (c + dz) / self.L
        kp = np.asarray(y) / self.R
        px = self.qx - kp * np.cos(phi)
        py = -kp * np.sin(phi)
        return self._g_complex(pz, px, py, sqlam)

    def ray_roots(self, x, phi):
        """y where the ray (x, phi) in the K_perp plane crosses the edge sphere
        (y_a < y_b; y_a < 0 when the ray starts inside), the mass-scale branch points
        y_a' < y_a, y_b' > y_b and the zeros of M^2 (NaN if the ray's line misses the
        sphere).  Along the ray
        ``M^2 - (m1+m2)^2 = R^-2 (y - y_a)(y_b - y)``."""
        pz = self.qz - 2 * np.asarray(x) / self.L
        qc = self.qx * np.cos(phi)
        q2s = (self.qx * np.sin(phi)) ** 2
        c = self.pmax2 - pz**2 - q2s
        r = np.sqrt(np.where(c > 0, c, np.nan))
        r2 = np.sqrt(np.where(c > 0, c + 4 * self.m1 * self.m2, np.nan))
        r0 = np.sqrt(np.where(c > 0, c + (self.m1 + self.m2) ** 2, np.nan))  # M^2 = 0
        R = self.R
        return ((qc - r) * R, (qc + r) * R, (qc - r2) * R, (qc + r2) * R, (qc - r0) * R,
                (qc + r0) * R)

    def g_ray_complex(self, c, dz, roots, x, phi):
        """(g_D, g_M) continued to complex y = c + dz on rays (see :meth:`g_line_complex`)."""
        if self.m1 + self.m2 > 0 and compiled.enabled():
            return compiled.g_complex(self, c, dz, roots, x, phi, line=False)
        ya, yb, ya2, yb2 = roots[:4]
        sq = _sqrt4(c - ya, yb - c, c - ya2, yb2 - c, dz)
        sqlam = sq / self.R**2
        kp = (c + dz) / self.R
        pz = self.qz - 2 * np.asarray(x) / self.L
        px = self.qx - kp * np.cos(phi)
        py = -kp * np.sin(phi)
        return self._g_complex(pz, px, py, sqlam)

    def x_star(self) -> tuple[float, float]:
        """x of the two planes K_z = const whose sphere section passes through
        K_perp = 0 (the inner-y integrals change abruptly there); NaN if none."""
        c = self.pmax2 - self.qx**2
        if c <= 0:
            return (np.nan, np.nan)
        r = np.sqrt(c)
        return (float((self.qz - r) * self.L / 2), float((self.qz + r) * self.L / 2))

    def phi_breaks(self, x):
        """Azimuths where rays at height x become tangent to the edge sphere (NaN if none)."""
        pz = self.qz - 2 * np.asarray(x, dtype=float) / self.L
        c = self.pmax2 - pz**2
        s = np.sqrt(np.clip(c, 0.0, None)) / max(abs(self.qx), 1e-300)
        ok = (c > 0) & (s < 1)
        p1 = np.where(ok, np.arcsin(np.clip(s, 0, 1)), np.nan)
        return np.stack([p1, np.pi - p1], axis=-1)

    def x_breaks(self, y, phi):
        """x where the z-line at (y, phi) crosses the edge sphere (NaN if it misses)."""
        kp = y / self.R
        rho2 = (self.qx - kp * np.cos(phi)) ** 2 + (kp * np.sin(phi)) ** 2
        c = self.pmax2 - rho2
        sq = np.sqrt(np.where(c > 0, c, np.nan))
        return np.stack([(self.qz - sq) * self.L / 2, (self.qz + sq) * self.L / 2], axis=-1)

    def y_breaks(self, x, phi):
        """y >= 0 where the ray (x, phi) crosses the edge sphere (NaN if none)."""
        pz = self.qz - 2 * x / self.L
        c = self.pmax2 - pz**2
        qc = self.qx * np.cos(phi)
        disc = c - (self.qx * np.sin(phi)) ** 2
        sq = np.sqrt(np.where(disc > 0, disc, np.nan))
        u = np.stack([qc - sq, qc + sq], axis=-1)
        return np.where(u > 0, u * self.R, np.nan)
