"""Compiled (numba) kernels of the full 3D rule's hottest leaves (issue 22).

The edge rule (:mod:`expdesign.physics.phasespace.edge_rule`) and the tensor product rule
spend most of their time in

* :meth:`EdgePair.g_sum <expdesign.physics.phasespace.edge_pair.EdgePair.g_sum>`: build
  ``P = Q - K`` at the real nodes, skip nodes outside the edge sphere, sum ``w g_D`` and
  ``w g_M`` (seed 001 eq. (12) through the covariant two-body function, see
  :meth:`EdgePair._sums`);
* :meth:`EdgePair.g_line_complex` / :meth:`EdgePair.g_ray_complex`: g continued along the
  steepest-descent paths (two principal complex square roots of the factorised
  ``lambda``, P, the two-body function);
* :func:`expdesign.physics.phasespace.edge_panels.panels`: per row, sort the break
  points and lay Gauss panels between them (square-root panels next to a break), and
  :func:`~expdesign.physics.phasespace.edge_panels.rule_with_breaks`, which builds those
  boundaries (shared base, breaks, midpoints, graded panels at the mass scale);
* the inner step of the tensor product rule
  (:func:`expdesign.physics.phasespace.product_rule.integrate_3d`, the cells away from
  the edges): g at Q - K for every node and pair, weighted sums.

Here each is one fused loop over the nodes, the same formulas operation by operation
(the numpy versions stay the reference: ``tests/physics/phasespace/test_compiled.py``
checks the two against each other, to ~1e-13 relative; sums are taken in a different
order, and the complex square root and reciprocal are written out in real arithmetic).
Numbers do not depend on which process runs them, so a study stays bit-identical between
serial, process-pool and Dask runs as long as every process uses the same path.

numba is an optional accelerator: without it (or with ``EXPDESIGN_COMPILED=0`` in the
environment) every caller keeps the numpy code.  The kernels are compiled on first use
with one signature each and cached on disk (numba's ``cache=True``), so a new process
loads them instead of compiling them.  Massless pairs keep the numpy code (their complex
continuation takes another branch).

Units: momenta and masses in eV, lengths (L, R) in eV^-1, weights in the caller's units.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np

from expdesign.physics.phasespace.quadrature import gauss_legendre_01

__all__ = ["enabled", "set_enabled", "spin_code", "g_sum", "g_complex", "panels",
           "rule_with_breaks", "line_avg_sum", "tensor_sums", "avg_w_series", "sd_paths",
           "warm_up"]

_STATE: dict[str, bool | None] = {"on": None}

SPIN_TENSOR, SPIN_Z, SPIN_X, SPIN_Y, SPIN_AVERAGE = 0, 1, 2, 3, 4
_SPIN_CODES = {"case1": SPIN_Z, "z": SPIN_Z, "x": SPIN_X, "y": SPIN_Y, "case3": SPIN_Y,
               "average": SPIN_AVERAGE}


def enabled() -> bool:
    """True if the compiled kernels are used: numba importable and the environment
    variable ``EXPDESIGN_COMPILED`` not ``0`` (decided once per process, or by
    :func:`set_enabled`)."""
    on = _STATE["on"]
    if on is None:
        on = os.environ.get("EXPDESIGN_COMPILED", "1") != "0"
        if on:
            try:
                import numba  # noqa: F401
            except ImportError:
                on = False
        _STATE["on"] = on
    return bool(on)


def set_enabled(on: bool | None) -> None:
    """Force the compiled kernels on or off in this process (None: decide again from the
    environment).  Used by tests and benchmarks to compare the two paths."""
    _STATE["on"] = on


def spin_code(spin: Any) -> tuple[int, np.ndarray]:
    """(code, 3x3 tensor) of a spin orientation for the kernels: a named direction's code
    (its tensor unused) or :data:`SPIN_TENSOR` with ``T`` (see
    :func:`expdesign.physics.phasespace.weights.spin_proj`)."""
    if isinstance(spin, str):
        if spin not in _SPIN_CODES:
            raise ValueError(f"unknown spin orientation {spin!r}")
        return _SPIN_CODES[spin], np.zeros((3, 3))
    return SPIN_TENSOR, np.ascontiguousarray(spin, dtype=float)


@lru_cache(maxsize=1)
def _kernels() -> tuple[Any, ...]:
    """The compiled kernels (imports numba; compiles them or loads them from its cache)."""
    from expdesign.physics.phasespace import compiled_kernels as ck
    from expdesign.physics.phasespace import compiled_lines as cl

    return (ck.g_sum_k, ck.g_complex_k, ck.panels_k, ck.tensor_k, cl.rule_breaks_k,
            ck.avg_w_series_k, cl.sd_paths_k, cl.line_avg_k)


def _as2d(shape: tuple[int, ...], *arrays: np.ndarray) -> list[np.ndarray]:
    """The arrays as 2D (axes of length 1 where they broadcast) for a broadcast
    ``shape`` of up to 2 axes (views, no copies); more axes: flattened broadcast copies."""
    if len(shape) <= 2:
        return [a if a.ndim == 2 else a.reshape(1, -1) for a in arrays]
    s2 = (int(np.prod(shape[:-1])), shape[-1])
    return [np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(s2) for a in arrays]


def g_sum(pair: Any, x: Any, y: Any, phi: Any, w: Any) -> np.ndarray:
    """Compiled :meth:`EdgePair.g_sum`: (sum w g_D, sum w g_M) over the broadcast nodes
    (eV^2 times the weights' units)."""
    g_sum_k = _kernels()[0]
    phi = np.asarray(phi, dtype=float)
    cphi, sphi = np.cos(phi), np.sin(phi)
    x, y, w = (np.asarray(a, dtype=float) for a in (x, y, w))
    shape = np.broadcast_shapes(x.shape, y.shape, phi.shape, w.shape)
    mode, T = spin_code(pair.spin)
    d, m = g_sum_k(*_as2d(shape, x, y, cphi, sphi, w), mode, T,
                   float(pair.qz), float(pair.qx), float(pair.L), float(pair.R),
                   float(pair.eps), float(pair.m1), float(pair.m2), float(pair.pmax2))
    return np.array([d, m])


def g_complex(pair: Any, c: Any, dz: Any, roots: Any, base: Any, phi: Any, line: bool
              ) -> tuple[np.ndarray, np.ndarray]:
    """Compiled :meth:`EdgePair.g_line_complex` (``line=True``: complex x = c + dz, real
    y = ``base``) or :meth:`EdgePair.g_ray_complex` (complex y, real x = ``base``):
    (g_D, g_M) in eV^2 of the broadcast shape."""
    g_complex_k = _kernels()[1]
    phi = np.asarray(phi, dtype=float)
    cphi, sphi = np.cos(phi), np.sin(phi)
    ra, rb, ra2, rb2 = (np.asarray(r, dtype=float) for r in roots[:4])
    if not ra.shape == rb.shape == ra2.shape == rb2.shape:  # the kernel indexes them alike
        ra, rb, ra2, rb2 = np.broadcast_arrays(ra, rb, ra2, rb2)
    c, base = np.asarray(c, dtype=float), np.asarray(base, dtype=float)
    dz = np.asarray(dz, dtype=complex)
    shape = np.broadcast_shapes(c.shape, dz.shape, ra.shape, rb.shape, ra2.shape,
                                rb2.shape, base.shape, phi.shape)
    mode, T = spin_code(pair.spin)
    v = _as2d(shape, c, dz, ra, rb, ra2, rb2, base, cphi, sphi)
    gd, gm = g_complex_k(*v, bool(line), mode, T, float(pair.qz), float(pair.qx),
                         float(pair.L), float(pair.R), float(pair.eps), float(pair.m1),
                         float(pair.m2))
    return gd.reshape(shape), gm.reshape(shape)


def _panel_rule(deg: int) -> tuple[np.ndarray, ...]:
    """Gauss-Legendre nodes s and weights on [0, 1] and the square-root panel maps
    (s^2, 1 - s^2, 2 s w) as the panel kernels take them (contiguous copies)."""
    s, ws = gauss_legendre_01(deg)
    s = np.array(s, dtype=float)
    ws = np.array(ws, dtype=float)
    return s, ws, s * s, 1 - s * s, 2 * s * ws


def panels(B: np.ndarray, F: np.ndarray, deg: int) -> tuple[np.ndarray, np.ndarray,
                                                            np.ndarray]:
    """Compiled :func:`expdesign.physics.phasespace.edge_panels.panels` (same returns:
    nodes, dt-weights, validity mask, each (rows, panels * deg))."""
    panels_k = _kernels()[2]
    t, jw = panels_k(np.require(B, float, ["C", "W"]), np.require(F, bool, ["C", "W"]),
                     *_panel_rule(deg))
    return t, jw, jw != 0


def rule_with_breaks(base: np.ndarray, br: np.ndarray, lo: float, hi: float, deg: int,
                     steps: np.ndarray | None, graded_cols: np.ndarray, grade_max: float,
                     one_sided: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Compiled :func:`expdesign.physics.phasespace.edge_panels.rule_with_breaks` (its
    graded boundaries ``steps`` computed by the caller; None: no grading;
    ``graded_cols``: bool per column of ``br``)."""
    k = _kernels()[4]
    graded = steps is not None
    st = np.ascontiguousarray(steps if graded else np.zeros(0), dtype=float)
    t, jw = k(np.ascontiguousarray(base, dtype=float), np.asarray(br, dtype=float),
              float(lo), float(hi), st, graded, bool(one_sided),
              np.ascontiguousarray(graded_cols, dtype=bool), float(grade_max),
              *_panel_rule(deg))
    return t, jw, jw != 0


def line_avg_sum(pair: Any, base: np.ndarray, br: np.ndarray, lo: float, hi: float,
                 deg: int, steps: np.ndarray | None, graded_cols: np.ndarray,
                 grade_max: float, one_sided: bool, sign: float, on_x: bool,
                 other: np.ndarray, phi: np.ndarray, wrow: np.ndarray, weight: str
                 ) -> np.ndarray:
    """Compiled ``pair.g_sum`` over the nodes of :func:`rule_with_breaks` times the
    averaged tail ``weight`` (``'avg_u'``: 1/(2 t^2); ``'avg_w'``: W_avg y, t >= 20)
    and the row weights ``wrow``, without building the nodes: inner x at
    ``x = sign t`` on z-lines at (y = ``other``, ``phi``) (``on_x``), or inner y at
    ``y = t`` on rays at (x = ``other``, ``phi``).  (D, M) in eV^2 x weights."""
    k = _kernels()[7]
    graded = steps is not None
    st = np.ascontiguousarray(steps if graded else np.zeros(0), dtype=float)
    mode, T = spin_code(pair.spin)
    phi = np.asarray(phi, dtype=float).reshape(-1)
    d, m = k(np.ascontiguousarray(base, dtype=float), np.asarray(br, dtype=float), float(lo),
             float(hi), st, graded, bool(one_sided), np.ascontiguousarray(graded_cols, bool),
             float(grade_max), *_panel_rule(deg),
             float(sign), bool(on_x), np.ascontiguousarray(other, dtype=float).reshape(-1),
             np.cos(phi), np.sin(phi), np.ascontiguousarray(wrow, dtype=float).reshape(-1),
             0 if weight == "avg_u" else 1, mode, T, float(pair.qz), float(pair.qx),
             float(pair.L), float(pair.R), float(pair.eps), float(pair.m1), float(pair.m2),
             float(pair.pmax2))
    return np.array([d, m])


def tensor_sums(Kz: np.ndarray, Kx: np.ndarray, Ky: np.ndarray, w: np.ndarray, qz: float,
                qx: float, spin: Any, eps: float, pm: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Compiled inner step of :func:`expdesign.physics.phasespace.product_rule.integrate_3d`
    at one signal angle: (J_D, J_M) per pair of ``pm`` (P, 2) in eV^5 (the weights carry
    the eV^3 of d^3K)."""
    tensor_k = _kernels()[3]
    mode, T = spin_code(spin)
    return tensor_k(Kz, Kx, Ky, w, float(qz), float(qx), mode, T, float(eps),
                    np.ascontiguousarray(pm[:, 0], dtype=float),
                    np.ascontiguousarray(pm[:, 1], dtype=float))


def avg_w_series(t: np.ndarray) -> np.ndarray:
    """Compiled W_avg(y) y for t >= 20 (:func:`expdesign.physics.phasespace.tails.avg_w`),
    of t's shape."""
    return _kernels()[5](np.asarray(t, dtype=float).reshape(-1)).reshape(np.shape(t))


def sd_paths(pair: Any, ca: np.ndarray, cb: np.ndarray, wo: np.ndarray, roots: Any,
             base: np.ndarray, phi: np.ndarray, edges: np.ndarray, grade: np.ndarray,
             deg_a: int, deg_b: int, ray: bool, hankel: np.ndarray) -> np.ndarray:
    """Compiled steepest-descent sum of the U tail on z-lines (``ray`` False; ``base`` =
    y) or of the W tail on rays (``base`` = x, ``hankel`` the coefficients of
    :func:`expdesign.physics.phasespace.tails.env_w`):
    :func:`expdesign.physics.phasespace.steepest_descent._sd_segments` for massive
    pairs, (D, M) in eV^2 times the row weights ``wo`` (rows: path starts ``ca``, ends
    ``cb``, the six :meth:`EdgePair.line_roots` / ``ray_roots`` and (base, phi))."""
    k = _kernels()[6]
    sa, wa = gauss_legendre_01(deg_a)
    sb, wb = gauss_legendre_01(deg_b)
    mode, T = spin_code(pair.spin)
    phi = np.asarray(phi, dtype=float)
    f = [np.ascontiguousarray(a, dtype=float).reshape(-1) for a in
         (ca, cb, wo, *roots[:6], base, np.cos(phi), np.sin(phi), edges, grade, sa, wa, sb,
          wb)]
    d, m = k(*f, bool(ray), np.ascontiguousarray(hankel, dtype=complex), mode, T,
             float(pair.qz), float(pair.qx), float(pair.L), float(pair.R), float(pair.eps),
             float(pair.m1), float(pair.m2))
    return np.array([d, m])


def warm_up() -> bool:
    """Load (or compile) the kernels in this process; True if they are used.  A process
    pool's initializer calls it so that the first cell does not pay for it."""
    if not enabled():
        return False
    _kernels()
    return True
