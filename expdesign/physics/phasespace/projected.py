"""Fast finite-size pair integrals: the cylinder form factor projected on the pair momentum.

The 3D finite-size integral of :func:`expdesign.physics.phasespace.distribution` is
``J(Q) = int d^3K rho(K) g(Q - K)`` with ``rho = |int_V e^{iK.x}|^2 / V^2`` times the
normalisation ``int rho d^3K = (2 pi)^3 / V`` and the closed-form two-body function
``g(P)`` (seed 001 eqs. 12-15).  Write ``K = k n + K_t`` with ``n = Q/|Q|``.  Then exactly
``|Q - K|^2 = (|Q| - k)^2 + K_t^2``.  The form factor has widths ``~1/L, 1/R ~ 1e-5 eV``
while ``|Q| ~ 1 eV``, so ``K_t^2`` shifts ``|P|^2`` by ``~1e-9 eV^2`` against the
``2 |Q| / L ~ 3e-5 eV^2`` over which the core varies: dropping it (and the equally small
change of ``(s.P)^2``) leaves the one-dimensional convolution

    J(Q) ~= (2 pi)^3 / V  int dk p(k) g((|Q| - k) n),

where ``p`` is the projection of the normalised form factor on the direction n.  By the
projection-slice theorem ``p(k) = (1 / (pi V)) int_0^T A(t) cos(k t) dt`` with ``A(t)`` the
overlap volume of the cylinder with itself shifted by ``t n``:
``A(t) = (L - |t cos psi|)_+ * D(|t sin psi|)`` (``D(d)`` the overlap area of two discs of
radius R at distance d, ``psi`` the angle of n from the cylinder axis).  ``int p dk = 1``.

The square-root kinematic edge of g (where ``|P| = sqrt(eps^2 - (m_i + m_j)^2)``) is
integrated with a ``k = k_edge +- u^2`` substitution, so its convolution with the core is
exact to rule precision; beyond ``|k| > k1 = 200/min(L, 2R)`` the projection is replaced by
its non-oscillating asymptote ``a / (pi V k^2)``, ``a = -A'(0+)``.

Cost: a few thousand evaluations of g per angle (against ~1e6 for the full 3D product rule
near an edge).  Accuracy against the full 3D rule: see
``tests/physics/phasespace/test_projected.py`` (agreement within the error estimate of the
3D rule, ~1e-4, at and near the edges).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from expdesign.physics.phasespace.formfactors import cylinder_volume
from expdesign.physics.phasespace.kinematics import (
    Kinematics,
    er_ylf_kinematics,
    pair_masses,
    two_body,
)
from expdesign.physics.phasespace.quadrature import gauss_legendre_ladder, gauss_legendre_on
from expdesign.physics.phasespace.result import PairIntegrals
from expdesign.physics.phasespace.weights import SpinLike, spin_proj

__all__ = ["disc_overlap", "autocorrelation", "kink_slope", "projected_density", "support",
           "projected_table", "distribution_projected", "distribution_projected_loop",
           "clear_tables"]


def disc_overlap(d: np.ndarray, R: float) -> np.ndarray:
    """Overlap area of two discs of radius R whose centres are d apart (eV^-2 for eV^-1)."""
    d = np.abs(np.asarray(d, dtype=float))
    x = np.clip(d / (2 * R), 0.0, 1.0)
    return 2 * R**2 * np.arccos(x) - d * np.sqrt(np.clip(4 * R**2 - d**2, 0.0, None)) / 2


def autocorrelation(t: np.ndarray, psi: float, R: float, L: float) -> np.ndarray:
    """Overlap volume A(t) of the cylinder with itself shifted by t along a direction at
    angle psi from its axis (eV^-3); ``A(0) = pi R^2 L``."""
    t = np.abs(np.asarray(t, dtype=float))
    return np.clip(L - t * abs(np.cos(psi)), 0.0, None) * disc_overlap(t * np.sin(psi), R)


def support(psi: float, R: float, L: float) -> float:
    """Support T of the autocorrelation A(t) along a direction at angle psi from the axis
    (eV^-1): ``min(L / |cos psi|, 2 R / |sin psi|)``."""
    c, s = abs(np.cos(psi)), abs(np.sin(psi))
    return min(L / c if c > 0 else np.inf, 2 * R / s if s > 0 else np.inf)


def projected_density(k: np.ndarray, psi: float, R: float, L: float,
                      n_t: int | None = None) -> np.ndarray:
    """Projected form factor p(k) (eV^-1), normalised to ``int p dk = 1``.

    ``p(k) = (1/(pi V)) int_0^T A(t) cos(k t) dt`` by Gauss-Legendre on [0, T] with
    ``n_t`` nodes (enough for ``|k| T <~ n_t``).
    """
    T = support(psi, R, L)
    k = np.asarray(k, dtype=float)
    if n_t is None:
        n_t = int(min(max(200, 2 * np.max(np.abs(k), initial=0.0) * T), 20000))
    x, w = gauss_legendre_ladder(n_t)
    t = 0.5 * T * (x + 1)
    wt = 0.5 * T * w * autocorrelation(t, psi, R, L)
    V = cylinder_volume(R, L)
    return (np.cos(np.outer(np.asarray(k, dtype=float), t)) @ wt) / (np.pi * V)


def _density_on_uniform_grid(k: np.ndarray, psi: float, R: float, L: float) -> np.ndarray:
    """:func:`projected_density` on a uniform grid ``k_j = j dk`` (j = 0, 1, ...): the
    same rule, with ``cos(k_j t) = Re z^j``, ``z = exp(i dk t)``, by a running product
    instead of one cosine per (k, t) (rounding grows like j eps: ~1e-13 at j = 1000)."""
    T = support(psi, R, L)
    n_t = int(min(max(200, 2 * float(k[-1]) * T), 20000))
    x, w = gauss_legendre_ladder(n_t)
    t = 0.5 * T * (x + 1)
    wt = 0.5 * T * w * autocorrelation(t, psi, R, L)
    z = np.exp(1j * (k[1] - k[0]) * t)
    powers = np.empty((len(k), len(t)), dtype=complex)
    powers[0] = 1.0
    if len(k) > 1:
        powers[1:] = z
        np.cumprod(powers[1:], axis=0, out=powers[1:])
    return (powers.real @ wt) / (np.pi * cylinder_volume(R, L))


def kink_slope(psi: float, R: float, L: float) -> float:
    """``a = -A'(0+) = pi R^2 |cos psi| + 2 R L |sin psi|``."""
    return np.pi * R**2 * abs(np.cos(psi)) + 2 * R * L * abs(np.sin(psi))


def _sqrt_rule(lo: float, hi: float, edge_at_lo: bool, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Nodes/weights on [lo, hi] exact for f(k) ~ sqrt(k - lo) (edge_at_lo) or sqrt(hi - k)."""
    x, w = gauss_legendre_ladder(n)
    u = 0.5 * (x + 1) * np.sqrt(hi - lo)
    wu = 0.5 * w * np.sqrt(hi - lo)
    if edge_at_lo:
        return lo + u**2, 2 * u * wu
    return hi - u**2, 2 * u * wu


def _log_rule(lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre in log k on [lo, hi] (0 < lo < hi), through the smoothstep map
    ``y = y_lo + (y_hi - y_lo)(3 s^2 - 2 s^3)``, s in [0, 1], whose Jacobian vanishes
    linearly at both ends: a square-root edge of g at either end (the far end ``Q + p_e``
    always, the near end beyond the kinematic edge) becomes smooth in s.  Until issue 22
    the rule was plain Gauss-Legendre in log k, which left ~2e-5 of the value at the edges
    (tests/physics/phasespace/test_projected_batch.py::test_rule_converges)."""
    s, ws = gauss_legendre_on(0.0, 1.0, n)
    d = np.log(hi) - np.log(lo)
    k = np.exp(np.log(lo) + d * s * s * (3 - 2 * s))
    return k, 6 * d * s * (1 - s) * ws * k


def _pieces(a: float, b: float, edges: list[float]) -> list[tuple[float, float]]:
    pts = sorted({a, b, *[e for e in edges if a < e < b]})
    return [(pts[i], pts[i + 1]) for i in range(len(pts) - 1) if pts[i + 1] > pts[i]]


class _Table:
    """p(k) on |k| <= k1 tabulated once per direction (cubic spline, step pi/(8 T))."""

    def __init__(self, psi: float, R: float, L: float, k1: float):
        from scipy.interpolate import CubicSpline

        T = support(psi, R, L)
        n = int(np.ceil(2 * k1 / (np.pi / (8 * T)))) + 1
        kk = np.linspace(0.0, k1, max(n // 2 + 2, 64))
        self.spline = CubicSpline(kk, _density_on_uniform_grid(kk, psi, R, L),
                                  bc_type=((1, 0.0), "not-a-knot"))

    def __call__(self, k: np.ndarray) -> np.ndarray:
        return self.spline(np.abs(k))


@lru_cache(maxsize=4096)
def projected_table(psi: float, R: float, L: float, k1: float) -> _Table:
    """Cached p(k) tables: the projection depends on the direction and the cylinder only,
    so every hypothesis (mass set) of a plan reuses them."""
    return _Table(psi, R, L, k1)


def clear_tables() -> None:
    """Empty the caches of p(k) tables and projected geometries (for cold-start timings)."""
    from expdesign.physics.phasespace.projected_batch import clear_geometry

    projected_table.cache_clear()
    clear_geometry()


def _one(Q: float, proj2: float, eps: float, m1: float, m2: float, psi: float, R: float,
         L: float, n_core: int, n_tail: int, table: _Table | None = None
         ) -> tuple[float, float]:
    """J_D, J_M / ((2 pi)^3 / V) for one pair at one angle."""
    pe2 = eps**2 - (m1 + m2) ** 2
    if pe2 <= 0:
        return 0.0, 0.0
    pe = np.sqrt(pe2)
    # g((Q - k) n) is non-zero for |Q - k| < pe, i.e. k in (Q - pe, Q + pe)
    lo_allowed, hi_allowed = Q - pe, Q + pe
    k1 = 200.0 / min(L, 2 * R)
    a_over = kink_slope(psi, R, L) / (np.pi * np.pi * R**2 * L)

    def g_of(k):
        p = Q - k
        P2 = p**2
        gD, gM = two_body(P2, proj2 * P2, eps, m1, m2)
        return gD, gM

    totD = totM = 0.0
    # core |k| <= k1 with the direct projection; tails with the asymptote
    regions = [(-k1, k1, "core"), (k1, max(hi_allowed, k1), "tail+"),
               (min(lo_allowed, -k1), -k1, "tail-")]
    for a, b, kind in regions:
        a2, b2 = max(a, lo_allowed), min(b, hi_allowed)
        if b2 <= a2:
            continue
        for lo, hi in _pieces(a2, b2, [lo_allowed, hi_allowed, 0.0]):
            if kind == "core":
                # p(k) oscillates with period ~2 pi / T: scale the order with the length
                nc = int(max(n_core, n_core * (hi - lo) * support(psi, R, L) / 50.0))
                # sqrt edges sit at the ends of the allowed interval
                if np.isclose(lo, lo_allowed):
                    k, w = _sqrt_rule(lo, hi, True, 2 * nc)
                elif np.isclose(hi, hi_allowed):
                    k, w = _sqrt_rule(lo, hi, False, 2 * nc)
                else:
                    k, w = gauss_legendre_on(lo, hi, nc)
                pk = table(k) if table is not None else projected_density(k, psi, R, L)
            else:
                sgn = 1.0 if kind == "tail+" else -1.0
                alo, ahi = sorted((abs(lo), abs(hi)))
                kk, w = _log_rule(alo, ahi, n_tail)
                k = sgn * kk
                pk = a_over / kk**2
                # a sqrt edge inside a tail piece is at one of its ends; the log rule
                # resolves it adequately at the tail's small weight
            gD, gM = g_of(k)
            totD += float(np.sum(w * pk * gD))
            totM += float(np.sum(w * pk * gM))
    return totD, totM


def distribution_projected(theta_s, masses, R: float, L: float, spin: SpinLike = "case1",
                           kin: Kinematics | None = None, error: bool = True,
                           n_core: int = 40, n_tail: int = 48) -> PairIntegrals:
    """Per-pair finite-size integrals J_D, J_M (eV^5) by the projected form factor.

    Same normalisation and return type as :func:`expdesign.physics.phasespace.distribution`
    (mode ``'3d'``); ``mode`` is ``'projected'``.  ``kin`` None: the Er3+:YLF scheme
    (:func:`~expdesign.physics.phasespace.kinematics.er_ylf_kinematics`).  The error
    estimate is the change when the rule orders are halved.  Evaluated by the vectorised
    form of the rule (:mod:`expdesign.physics.phasespace.projected_batch`, all angles and
    pairs at once, the mass-independent part cached); :func:`distribution_projected_loop`
    is the same rule cell by cell.
    """
    from expdesign.physics.phasespace.projected_batch import (
        projected_geometry,
        projected_integrals,
    )

    kin = er_ylf_kinematics() if kin is None else kin
    theta = np.atleast_1d(np.asarray(theta_s, dtype=float))
    geom = projected_geometry(theta, R, L, spin, kin)
    d, m, ed, em = projected_integrals(geom, pair_masses(masses)[None], error, n_core, n_tail)
    return PairIntegrals(theta, d[0], m[0], ed[0], em[0], "projected",
                         {"R": R, "L": L, "spin": spin})


def distribution_projected_loop(theta_s, masses, R: float, L: float,
                                spin: SpinLike = "case1", kin: Kinematics | None = None,
                                error: bool = True, n_core: int = 40, n_tail: int = 48
                                ) -> PairIntegrals:
    """:func:`distribution_projected` cell by cell (one angle and pair at a time): the
    straightforward form of the rule, kept as the reference of the vectorised one."""
    kin = er_ylf_kinematics() if kin is None else kin
    theta = np.atleast_1d(np.asarray(theta_s, dtype=float))
    pm = pair_masses(masses)
    qz, qx = kin.Q(theta)
    Q = np.hypot(qz, qx)
    V = cylinder_volume(R, L)
    norm = (2 * np.pi) ** 3 / V
    outD = np.zeros((len(theta), len(pm)))
    outM = np.zeros((len(theta), len(pm)))
    errD = np.zeros_like(outD)
    errM = np.zeros_like(outM)
    for i in range(len(theta)):
        n = np.array([qx[i], 0.0, qz[i]]) / max(Q[i], 1e-300)
        proj2 = float(spin_proj(spin, n[2], n[0], n[1], 1.0))
        psi = float(np.arctan2(abs(qx[i]), qz[i]))
        table = projected_table(psi, R, L, 200.0 / min(L, 2 * R))
        for j in range(len(pm)):
            d, m = _one(Q[i], proj2, kin.eps_ep, pm[j, 0], pm[j, 1], psi, R, L, n_core, n_tail,
                        table)
            outD[i, j], outM[i, j] = norm * d, norm * m
            if error:
                d2, m2 = _one(Q[i], proj2, kin.eps_ep, pm[j, 0], pm[j, 1], psi, R, L,
                              n_core // 2, n_tail // 2, table)
                errD[i, j] = abs(norm * d2 - outD[i, j])
                errM[i, j] = abs(norm * m2 - outM[i, j])
    return PairIntegrals(theta, outD, outM, errD, errM, "projected",
                         {"R": R, "L": L, "spin": spin})
