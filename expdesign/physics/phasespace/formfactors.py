"""Cylinder form factors and the one-dimensional quadrature rules built on them.

A cylinder of radius R and length L (axis z) gives (seed 001 eqs. (14)-(15))

    |int_V d^3x exp(i K.x)|^2 = V^2 U(K_z L/2) W(K_perp R),
    U(x) = (sin x / x)^2,   W(y) = (2 J1(y) / y)^2,

with the exact integrals ``int U(K_z L/2) dK_z = 2 pi / L`` and
``int W(|K_perp| R) d^2K_perp = 4 pi / R^2`` (so the product integrates to
(2 pi)^3 / V, the infinite-volume limit of seed 001 eq. (13)).

The paper's Lorentzian replacements (seed 001 eq. (18)) are ``U0(x) = 1/(1+x^2)``
and ``W0(y) = 1/(1+(y/y_t)^2)`` with ``y_t = 32/(3 pi^2)``.

Quadrature rules
----------------
:func:`weighted_rule` returns nodes ``t`` and weights ``w`` such that
``sum(w f(t)) ~ int_0^inf rho(t) f(t) dt`` (or over the whole line) for a slowly
varying ``f`` and an oscillating or peaked weight ``rho``.  The weight is split into

* a *core* ``|t| <= T``: product integration (the exact moments of ``rho`` against
  the Lagrange polynomials of Gauss-Legendre nodes on a few panels, computed once
  with a fine rule), so the oscillations of ``rho`` are integrated exactly and ``f``
  only needs to be a polynomial on each panel;
* an *oscillating tail* ``rho - rho_avg`` beyond ``T`` whose integral is lumped on the
  core boundary (exact constant; the error is O(f' / T^2));
* the *average tail* ``rho_avg`` (``1/(2x^2)`` for U, ``2 (J1^2 + Y1^2) / y^2`` for W,
  the Lorentzian itself for U0, W0) on geometric panels out to ``t_max`` with
  Gauss-Legendre nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import integrate, special

from expdesign.physics.phasespace.quadrature import gauss_legendre

__all__ = [
    "Y_T",
    "X_L",
    "U",
    "W",
    "U0",
    "W0",
    "Rule",
    "weighted_rule",
    "lorentzian_matching",
    "core_weights",
    "osc1_u",
    "osc1_w_quad",
    "cylinder_volume",
]

X_L = 1.0
"""Lorentzian width of U0 (seed 001 eq. (18))."""
Y_T = 32.0 / (3.0 * np.pi**2)
"""Lorentzian width of W0 (seed 001 eq. (18)): 32 / (3 pi^2) = 1.0808."""


def cylinder_volume(R, L):
    """Volume ``pi R^2 L`` of the cylinder (eV^-3 for R, L in eV^-1)."""
    return np.pi * R**2 * L


def U(x):
    """Longitudinal form factor ``(sin x / x)^2`` (seed 001 eq. (15)); dimensionless."""
    return np.sinc(np.asarray(x, dtype=float) / np.pi) ** 2


def W(y):
    """Transverse form factor ``(2 J1(y) / y)^2`` (seed 001 eq. (15)); W(0) = 1."""
    y = np.abs(np.asarray(y, dtype=float))
    small = y < 1e-6
    ys = np.where(small, 1.0, y)
    return np.where(small, 1.0 - y**2 / 4.0, (2.0 * special.j1(ys) / ys) ** 2)


def U0(x):
    """Lorentzian replacement of U (seed 001 eq. (18)), x_l = 1."""
    return 1.0 / (1.0 + (np.asarray(x, dtype=float) / X_L) ** 2)


def W0(y):
    """Lorentzian replacement of W (seed 001 eq. (18)), y_t = 32/(3 pi^2)."""
    return 1.0 / (1.0 + (np.asarray(y, dtype=float) / Y_T) ** 2)


def lorentzian_matching() -> dict[str, float]:
    """Derive the Lorentzian widths by matching value at 0 and the 1D integral.

    ``int_0^inf (sin x/x)^2 dx = pi/2`` and ``int_0^inf (2J1(y)/y)^2 dy = 16/(3 pi)``
    against ``int_0^inf dx / (1 + x^2/w^2) = pi w / 2``.  The integrals are computed
    numerically here (scipy.quad), not typed in.  Also returns the 2D integral
    ``int W d^2y = 2 pi int W y dy`` (exactly 4 pi) and the radius at which the 2D
    integral of W0 reaches 4 pi (it diverges logarithmically).
    """
    # the W integral: oscillating, 1/y^3 tail; integrate in pieces
    ymax = 400 * np.pi
    xs, ws = gauss_legendre(40)
    edges = np.arange(0.0, ymax + 1e-9, np.pi)
    h = np.pi
    yy = (edges[:-1, None] + h * (xs[None, :] + 1) / 2).ravel()
    wy = np.tile(h / 2 * ws, len(edges) - 1)
    # composite Gauss over 400 periods plus the averaged tail W ~ 4/(pi y^3)
    iu = np.sum(wy * U(yy)) + 0.5 / ymax  # U ~ 1/(2x^2) on average
    iw = np.sum(wy * W(yy)) + 2.0 / (np.pi * ymax**2)
    iw2 = 2 * np.pi * (np.sum(wy * W(yy) * yy) + 4.0 / (np.pi * ymax))
    x_l = 2.0 * iu / np.pi
    y_t = 2.0 * iw / np.pi
    # int_0^Y 2 pi y dy / (1 + y^2/y_t^2) = pi y_t^2 log(1 + Y^2/y_t^2) = 4 pi
    y_equal = y_t * np.sqrt(np.expm1(4.0 / y_t**2))
    return {"int_U_1d": 2 * iu, "int_W_1d": 2 * iw, "int_W_2d": iw2, "x_l": x_l, "y_t": y_t,
            "W0_2d_radius_for_4pi": float(y_equal)}


@dataclass(frozen=True)
class Rule:
    """Nodes and weights of a 1D rule, split into core (index < n_core) and tail."""

    t: np.ndarray
    w: np.ndarray
    core: np.ndarray  # bool mask


def _lagrange_matrix(nodes, x):
    """L[k, j] = ell_k(x_j) for the Lagrange basis on ``nodes``."""
    n = len(nodes)
    out = np.ones((n, len(x)))
    for k in range(n):
        for m in range(n):
            if m != k:
                out[k] *= (x - nodes[m]) / (nodes[k] - nodes[m])
    return out


def core_weights(rho, edges, deg: int, fine_per_unit: float) -> tuple[np.ndarray, np.ndarray]:
    """Product-integration nodes and weights of the weight ``rho`` on the panels ``edges``.

    ``deg`` Gauss-Legendre nodes per panel; the weights are the moments of ``rho`` against
    the Lagrange polynomials of those nodes, computed with a composite 24-point rule on
    sub-panels of width <= 24 / ``fine_per_unit``.
    """
    xg, _ = gauss_legendre(deg)
    nodes, weights = [], []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        nd = a + (b - a) * (xg + 1) / 2
        # composite 24-point Gauss-Legendre on sub-panels of width <= 24/fine_per_unit
        nsub = max(4, int(np.ceil(fine_per_unit * (b - a) / 24)))
        xs, ws = gauss_legendre(24)
        sub = np.linspace(a, b, nsub + 1)
        h = np.diff(sub)
        xf = (sub[:-1, None] + h[:, None] * (xs[None, :] + 1) / 2).ravel()
        wf = (h[:, None] / 2 * ws[None, :]).ravel()
        lag = _lagrange_matrix(nd, xf)
        nodes.append(nd)
        weights.append(lag @ (wf * rho(xf)))
    return np.concatenate(nodes), np.concatenate(weights)


def _tail_nodes(T, t_max, ratio, deg, rho_avg):
    xg, wg = gauss_legendre(deg)
    edges = [T]
    while edges[-1] < t_max:
        edges.append(edges[-1] * ratio)
    nodes, weights = [], []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        # log-spaced inside the panel: t = a (b/a)^s, dt = t log(b/a) ds
        s = (xg + 1) / 2
        t = a * (b / a) ** s
        nodes.append(t)
        weights.append(wg / 2 * t * np.log(b / a) * rho_avg(t))
    return np.concatenate(nodes), np.concatenate(weights)


def osc1_u(t):
    """``Osc1_U(t) = int_t^inf (U(x) - 1/(2x^2)) dx = int_t^inf -cos(2x)/(2x^2) dx``
    ``= -(1/2) [cos(2t)/t - pi + 2 Si(2t)]`` (closed form, t > 0)."""
    t = np.asarray(t, dtype=float)
    return -0.5 * (np.cos(2 * t) / t - np.pi + 2 * special.sici(2 * t)[0])


def _w_avg(y):
    return 2.0 * (special.j1(y) ** 2 + special.y1(y) ** 2) / y**2


@lru_cache(maxsize=64)
def osc1_w_quad(T: float) -> float:
    """``Osc1_W(T) = int_T^inf (W - W_avg) y dy = int_T^inf 2 (J1^2 - Y1^2)/y dy`` by
    scipy.quad, period by period over 200 periods, then the leading asymptote
    ``-(4/(pi y^2)) sin(2y)`` (QAWO).  Used for the lumps of :func:`weighted_rule`;
    :func:`expdesign.physics.phasespace.tails.osc1_w` tabulates the same integral fast."""
    span = 200 * np.pi
    val = sum(integrate.quad(lambda y: 2 * (special.j1(y) ** 2 - special.y1(y) ** 2) / y,
                             a, a + np.pi, limit=100)[0]
              for a in np.arange(T, T + span, np.pi))
    # beyond T + span: leading asymptotic 2 (J1^2 - Y1^2)/y ~ -(4/(pi y^2)) sin(2y - 3/(4y))
    b = T + span
    val += integrate.quad(lambda y: -4.0 / (np.pi * y**2), b, np.inf, weight="sin", wvar=2.0)[0]
    return float(val)


@lru_cache(maxsize=256)
def weighted_rule(kind: str, T: float, t_max: float, n_panels: int, deg: int,
                  tail_deg: int = 6, ratio: float = 2.0, graded: bool = False) -> Rule:
    """Quadrature rule for ``int rho(t) f(t) dt`` with a form-factor weight.

    Parameters
    ----------
    kind
        ``'U'``: rho = U(x) on the whole line; ``'W'``: rho = W(y) y on [0, inf)
        (radial part of d^2y); ``'U0'``: Lorentzian U0(x) on the line; ``'W0'``:
        Lorentzian W0(y) on the line (the in-plane model's single transverse
        component).
    T
        Core half-width (dimensionless argument of the form factor).
    t_max
        Where f certainly vanishes (the tail panels stop beyond it).
    n_panels, deg
        Core panels (on [0, T]; mirrored for whole-line kinds) and GL nodes per panel.
    graded
        Geometric core panels (ratio 2, the smallest next to 0) instead of uniform
        ones; used where f has a kink close to the peak of rho.
    tail_deg, ratio
        GL nodes per geometric tail panel and the panel ratio.

    Returns
    -------
    Rule
        Sum of ``w * f(t)`` approximates the weighted integral; for ``'U'`` the
        weights add up to pi (the integral of U), for ``'W'`` to 2, for ``'U0'`` to
        pi (up to the neglected part beyond t_max).
    """
    if graded:
        edges = np.concatenate([[0.0], T * 2.0 ** -np.arange(n_panels - 1, -1, -1.0)])
    else:
        edges = np.linspace(0.0, T, n_panels + 1)
    if kind == "U":
        rho, rho_avg, lump = U, (lambda t: 0.5 / t**2), osc1_u(T)
    elif kind == "W":
        rho, rho_avg, lump = (lambda y: W(y) * y), (lambda y: _w_avg(y) * y), osc1_w_quad(T)
    elif kind == "U0":
        rho, rho_avg, lump = U0, U0, 0.0
    elif kind == "W0":
        rho, rho_avg, lump = W0, W0, 0.0
    else:
        raise ValueError(f"unknown form-factor kind {kind!r}")
    cn, cw = core_weights(rho, edges, deg, fine_per_unit=24.0)
    # lump the oscillating tail on the outermost core node
    i_out = np.argmax(cn)
    cw = cw.copy()
    cw[i_out] += lump
    tn, tw = _tail_nodes(T, max(t_max, 2 * T), ratio, tail_deg, rho_avg)
    if kind in ("U", "U0", "W0"):
        t = np.concatenate([-cn[::-1], cn, -tn[::-1], tn])
        w = np.concatenate([cw[::-1], cw, tw[::-1], tw])
        core = np.concatenate([np.ones(2 * len(cn), bool), np.zeros(2 * len(tn), bool)])
    else:
        t = np.concatenate([cn, tn])
        w = np.concatenate([cw, tw])
        core = np.concatenate([np.ones(len(cn), bool), np.zeros(len(tn), bool)])
    return Rule(t=t, w=w, core=core)
