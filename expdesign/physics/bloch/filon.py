"""Gauss-Kronrod and Filon rules on panels, and an adaptive bisection over them.

A Filon rule integrates ``int_{-1}^{1} f(y) exp(i omega y) dy`` by replacing the smooth
``f`` with its interpolating polynomial through the rule's nodes and integrating that
times the exponential exactly (Filon, Proc. R. Soc. Edinburgh 49, 38 (1928); Iserles &
Norsett, Proc. R. Soc. A 461, 1383 (2005)).  With the Lagrange basis expanded in Legendre
polynomials, ``int_{-1}^{1} P_n(y) exp(i omega y) dy = 2 i^n j_n(omega)`` (``j_n`` the
spherical Bessel function; DLMF 18.17.19), so the weights are exact at every
``omega``; at ``omega = 0`` they are the Gauss-Kronrod 7/15 weights (QUADPACK qk15).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy.special import eval_legendre, spherical_jn

__all__ = ["NODES", "W15", "W7", "filon_weights", "bisect"]

_XK = np.array([0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                0.207784955007898467600689403773245, 0.0])
_WK = np.array([0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                0.204432940075298892414161999234649, 0.209482141084727828012999174891714])
_WG = np.array([0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                0.381830050505118944950369775488975, 0.417959183673469387755102040816327])
#: the 15 Kronrod nodes on [-1, 1], increasing (the 7 Gauss nodes are the odd ones)
NODES = np.concatenate([-_XK[:-1], _XK[::-1]])
#: Kronrod 15-point weights
W15 = np.concatenate([_WK[:-1], _WK[::-1]])
#: Gauss 7-point weights embedded in the 15 nodes (0 at the Kronrod-only nodes)
W7 = np.zeros(15)
W7[1::2] = np.concatenate([_WG[:-1], _WG[::-1]])


def _legendre_inverse(y: np.ndarray) -> np.ndarray:
    a = np.stack([eval_legendre(n, y) for n in range(y.size)], axis=1)  # a[j, n]
    return np.linalg.inv(a)  # c[n, j]: l_j(y) = sum_n c[n, j] P_n(y)


_C15 = _legendre_inverse(NODES)
_C7 = _legendre_inverse(NODES[1::2])


def filon_weights(omega: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Filon weights of the 15 Kronrod and the 7 Gauss nodes at frequencies ``omega``.

    ``sum_j W_j(omega) f(y_j) ~ int_{-1}^{1} f(y) exp(i omega y) dy``.

    Parameters
    ----------
    omega
        real frequencies, any shape ``S``.

    Returns
    -------
    (w15, w7)
        complex arrays of shape ``S + (15,)``; ``w7`` is 0 at the Kronrod-only nodes.
    """
    om = np.asarray(omega, dtype=float)
    a = np.abs(om)
    mom = np.stack([2.0 * (1j ** n) * spherical_jn(n, a) for n in range(15)], axis=-1)
    # j_n(-w) = (-1)^n j_n(w): i^n j_n(omega) for omega < 0 is the conjugate
    mom = np.where(om[..., None] < 0, np.conj(mom), mom)
    w15 = mom @ _C15
    w7 = np.zeros(om.shape + (15,), dtype=complex)
    w7[..., 1::2] = mom[..., :7] @ _C7
    return w15, w7


#: Panel evaluator: (a, b) arrays of panel ends -> (K-value (p, m), |K - G| (p, m)).
PanelRule = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def bisect(rule: PanelRule, edges: Sequence[float], rtol: float, max_panels: int,
           blocks: Sequence[slice], atol: float = 1e-10
           ) -> tuple[np.ndarray, np.ndarray, list[tuple[float, float]], bool]:
    """Adaptive bisection of panels until the summed error meets ``rtol``.

    Parameters
    ----------
    rule
        evaluates panels (vector-valued, ``m`` components).
    edges
        initial panel edges, increasing.
    rtol
        target: sum over panels of the largest ``|K - G|`` relative to its block's
        largest ``|integral|`` (floored at ``atol``).
    max_panels
        stop at this many panels (``converged = False``).
    blocks
        slices of the ``m`` components scaled separately; components in no block are
        integrated but do not drive the bisection.
    atol
        floor of each block's scale.

    Returns
    -------
    (integral (m,), error (m,), panels, converged)
        the error is the summed ``|K - G|``; panels are ``(a, b)`` in order.
    """
    e = np.asarray(edges, dtype=float)
    panels = list(zip(e[:-1], e[1:], strict=True))
    k, d = rule(e[:-1], e[1:])
    vals, errs = list(k), list(d)
    converged = False
    while True:
        total = np.sum(vals, axis=0)
        err = np.array(errs)
        scale = np.full(total.size, np.inf)  # components in no block do not drive it
        for s in blocks:
            scale[s] = max(float(np.max(np.abs(total[s]))), atol)
        rel = np.max(err / scale[None, :], axis=1)
        if float(np.sum(rel)) <= rtol:
            converged = True
            break
        if len(panels) >= max_panels:
            break
        order = np.argsort(-rel, kind="stable")
        budget = float(np.sum(rel)) - 0.5 * rtol
        split: list[int] = []
        for i in order:
            if split and (budget <= 0 or len(panels) + len(split) >= max_panels):
                break
            split.append(int(i))
            budget -= float(rel[i])
        sset = set(split)
        a = np.array([panels[i][0] for i in split])
        b = np.array([panels[i][1] for i in split])
        mid = 0.5 * (a + b)
        na, nb = np.concatenate([a, mid]), np.concatenate([mid, b])
        k, d = rule(na, nb)
        keep = [i for i in range(len(panels)) if i not in sset]
        panels = [panels[i] for i in keep] + list(zip(na, nb, strict=True))
        vals = [vals[i] for i in keep] + list(k)
        errs = [errs[i] for i in keep] + list(d)
        order2 = np.argsort([p[0] for p in panels], kind="stable")
        panels = [panels[i] for i in order2]
        vals = [vals[i] for i in order2]
        errs = [errs[i] for i in order2]
    return (np.sum(vals, axis=0), np.sum(errs, axis=0),
            [(float(a), float(b)) for a, b in panels], converged)
