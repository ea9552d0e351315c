"""Benchmark (issue 22): does a compiled kernel (numba) earn its dependency in the full
3D rule?  Er3+:YLF, 601 signal angles x 6 pairs, L = 2R = 2 cm, 10 meV NO nufit60, Dirac,
spin along k1, no error estimate (``distribution(mode="3d", error=False)``), serial.

Run: PYTHONPATH=$PWD .venv/bin/python benchmarks/phasespace_compiled.py
(needs ``pip install numba``; numba is not a dependency of the package)

The compiled kernels live here, not in the package (they did not earn the dependency:
1.85-1.89x CPU against the >= 2x asked, docs/phasespace.md).  They replace, by
monkeypatching for this process only, the three hottest parts of the edge rule found by
cProfile:

* ``EdgePair.g_sum`` (build K -> P = Q - K at the real nodes, skip nodes outside the edge
  sphere, sum w g_D and w g_M): one fused loop instead of ~12 numpy temporaries and two
  boolean gathers; the same formula term by term (``EdgePair._sums``), cos/sin of the
  azimuths still taken by numpy on their (small) shape;
* ``EdgePair.g_line_complex`` / ``g_ray_complex`` (g continued along the steepest-descent
  paths: two complex square roots, P, the two-body function): one fused loop, with the
  principal square root and the reciprocal written out in real arithmetic (numba's
  generic complex sqrt and division were ~25 % slower);
* ``edge_panels.panels`` (sort each row's boundaries, Gauss panels, square-root panels
  next to a break): one loop per row (a stable sort: ties between equal boundaries may be
  ordered differently from numpy's, which moves only zero-width panels).

Massless pairs and non-axial spin tensors keep the numpy code.  Measured in one run: CPU
of the numpy and compiled distributions (serial, this process), the first-call JIT time
with an empty on-disk cache and with a warm one (fresh subprocesses, a private
NUMBA_CACHE_DIR), the cost of ``import numba``, and max |J_compiled / J_numpy - 1| over
all cells (Dirac and Majorana).

Last line: RESULT numpy_cpu_s=... compiled_cpu_s=... speedup=... jit_cold_s=...
jit_cached_s=... import_numba_s=... pool_numpy_s=... pool_compiled_s=... max_rel_diff=...
(pool_*: wall on 2 worker processes)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np

CM = 5.0677e4
_CHILD = "--child"
_WARM = np.linspace(0.0, np.pi, 601)[::50]  # 13 angles, every kind of edge cell


def _kernels():
    """Compile (or load from the cache) the fused kernels; returns them."""
    from numba import njit

    @njit(cache=True, fastmath=False)
    def g_sum_z(x, y, cphi, sphi, w, qz, qx, L, R, eps, m1, m2, pmax2):  # pragma: no cover
        n0, n1 = w.shape
        eps2 = eps * eps
        s12 = (m1 + m2) ** 2
        d12 = (m1 - m2) ** 2
        dm = (m1 * m1 - m2 * m2) ** 2
        msum = m1 * m1 + m2 * m2
        sd = 0.0
        sm = 0.0
        for i in range(n0):
            for j in range(n1):
                wij = w[i, j]
                if wij == 0.0:
                    continue
                kp = y[i, j] / R
                pz = qz - 2 * x[i, j] / L
                px = qx - kp * cphi[i, j]
                py = -kp * sphi[i, j]
                p2 = pz * pz + px * px + py * py
                if not p2 < pmax2:
                    continue
                M2 = eps2 - p2
                lam = max((M2 - s12) * (M2 - d12), 0.0)
                inv = 1.0 / M2
                f = wij * np.sqrt(lam) * inv
                ps2 = 0.25 * lam * inv
                a = (0.25 * (M2 * M2 - dm) * inv - ps2 / 3) * inv
                br = 2 * a * (pz * pz) - (2.0 / 3.0) * ps2 + 0.5 * (M2 - msum)
                sd += f * br
                sm += f
        return 2 * np.pi * sd, 2 * np.pi * (-m1 * m2 * sm)

    @njit(cache=True, fastmath=False, inline="always")
    def csqrt(z):  # pragma: no cover
        # principal square root (the textbook formula, no special values: |z| is finite
        # and nonzero on the paths)
        x = z.real
        y = z.imag
        r = np.sqrt(x * x + y * y)
        if x >= 0.0:
            u = np.sqrt(0.5 * (r + x))
            return complex(u, 0.5 * y / u) if u > 0.0 else complex(0.0, 0.0)
        v = np.sqrt(0.5 * (r - x))
        if y < 0.0:
            v = -v
        return complex(0.5 * y / v, v)

    @njit(cache=True, fastmath=False, inline="always")
    def cinv(z):  # pragma: no cover
        d = z.real * z.real + z.imag * z.imag
        return complex(z.real / d, -z.imag / d)

    @njit(cache=True, fastmath=False)
    def g_complex(c, dz, ra, rb, ra2, rb2, lin, base_z, base_x, cphi, sphi, qz, qx, L, R,
                  eps, m1, m2):  # pragma: no cover
        # lin: True for z-lines (complex x, real y = base), False for rays (complex y,
        # real x = base)
        n0, n1 = dz.shape
        gd = np.empty((n0, n1), np.complex128)
        gm = np.empty((n0, n1), np.complex128)
        eps2 = eps * eps
        dm = (m1 * m1 - m2 * m2) ** 2
        msum = m1 * m1 + m2 * m2
        k = (2.0 / L) ** 2
        for i in range(n0):
            for j in range(n1):
                cc = c[i, j]
                d = dz[i, j]
                sq = csqrt(((cc - ra[i, j]) + d) * ((rb[i, j] - cc) - d)) * csqrt(
                    ((cc - ra2[i, j]) + d) * ((rb2[i, j] - cc) - d))
                if lin:
                    sqlam = k * sq
                    pz = qz - 2 * (cc + d) / L
                    kp = base_x[i, j] / R
                    px = complex(qx - kp * cphi[i, j])
                    py = complex(-kp * sphi[i, j])
                else:
                    sqlam = sq / (R * R)
                    kpc = (cc + d) / R
                    pz = complex(qz - 2 * base_z[i, j] / L)
                    px = qx - kpc * cphi[i, j]
                    py = -kpc * sphi[i, j]
                p2 = pz * pz + px * px + py * py
                M2 = eps2 - p2
                inv = cinv(M2)
                f = (2 * np.pi) * sqlam * inv
                ps2 = 0.25 * sqlam * sqlam * inv
                a = (0.25 * (M2 * M2 - dm) * inv - ps2 / 3) * inv
                gd[i, j] = f * (2 * a * (pz * pz) - (2.0 / 3.0) * ps2 + 0.5 * (M2 - msum))
                gm[i, j] = f * (-m1 * m2)
        return gd, gm

    @njit(cache=True, fastmath=False)
    def panels_k(B, F, s, ws, s2, oms2, tsws):  # pragma: no cover
        r, nb = B.shape
        deg = s.size
        ncol = 2
        for i in range(r):
            c = 0
            for j in range(nb):
                if np.isfinite(B[i, j]):
                    c += 1
            ncol = max(ncol, c)
        ncol = min(ncol, nb) if nb >= 2 else 2
        npan = ncol - 1
        t = np.zeros((r, npan * deg))
        jw = np.zeros((r, npan * deg))
        ok = np.zeros((r, npan * deg), np.bool_)
        bs = np.empty(ncol)
        fs = np.zeros(ncol, np.bool_)
        for i in range(r):
            order = np.argsort(B[i], kind="mergesort")  # NaNs last
            for j in range(ncol):
                if j < nb:
                    bs[j] = B[i, order[j]]
                    fs[j] = F[i, order[j]]
                else:
                    bs[j] = np.nan
                    fs[j] = False
            for p in range(npan):
                a = bs[p]
                b = bs[p + 1]
                if not (np.isfinite(a) and np.isfinite(b) and b > a):
                    continue
                h = b - a
                toa = fs[p]
                tob = fs[p + 1] and not toa
                for k in range(deg):
                    q = p * deg + k
                    ok[i, q] = True
                    if toa:
                        t[i, q] = a + h * s2[k]
                        jw[i, q] = h * tsws[k]
                    elif tob:
                        t[i, q] = a + h * oms2[k]
                        jw[i, q] = h * tsws[k]
                    else:
                        t[i, q] = a + h * s[k]
                        jw[i, q] = h * ws[k]
        return t, jw, ok

    return g_sum_z, g_complex, panels_k


def _bcast(*arrays):
    """Read-only broadcast views (one array type per kernel argument: no recompiles)."""
    shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    return [np.broadcast_to(a, shape) for a in arrays]


def _patch(g_sum_z, g_complex, panels_k) -> None:
    """Route EdgePair's hot leaves and the panel builder through the kernels (this
    process only; ``edge_panels.panels`` is rebound in every module that imported it)."""
    from expdesign.physics.phasespace import edge_panels, edge_rule, steepest_descent
    from expdesign.physics.phasespace.edge_pair import EdgePair
    from expdesign.physics.phasespace.quadrature import gauss_legendre_01

    def panels(B, F, deg):
        if B.shape[0] == 0:
            z = np.zeros((0, deg))
            return z, z.copy(), z.astype(bool)
        s, ws = gauss_legendre_01(deg)
        return panels_k(np.ascontiguousarray(B, float), np.ascontiguousarray(F, bool),
                        s, ws, s**2, 1 - s**2, 2 * s * ws)

    for mod in (edge_panels, edge_rule, steepest_descent):
        if hasattr(mod, "panels"):
            mod.panels = panels

    np_g_sum, np_line, np_ray = EdgePair.g_sum, EdgePair.g_line_complex, EdgePair.g_ray_complex

    def g_sum(self, x, y, phi, w):
        if not self.zspin:
            return np_g_sum(self, x, y, phi, w)
        x, y, phi, w = (np.atleast_2d(np.asarray(a, dtype=float)) for a in (x, y, phi, w))
        args = _bcast(x, y, np.cos(phi), np.sin(phi), w)
        d, mj = g_sum_z(*args, self.qz, self.qx, self.L, self.R, self.eps, self.m1,
                        self.m2, self.pmax2)
        return np.array([d, mj])

    def _cplx(self, c, dz, roots, base, phi, lin, fallback):
        if self.m1 + self.m2 <= 0 or not self.zspin:
            return fallback(self, c, dz, roots, base, phi)
        phi = np.asarray(phi, dtype=float)
        a = _bcast(np.asarray(c, float), np.asarray(dz, complex), *roots[:4],
                   np.asarray(base, float), np.cos(phi), np.sin(phi))
        shape = a[0].shape
        a = [np.atleast_2d(v) for v in a]
        gd, gm = g_complex(a[0], a[1], a[2], a[3], a[4], a[5], lin, a[6], a[6], a[7], a[8],
                           self.qz, self.qx, self.L, self.R, self.eps, self.m1, self.m2)
        return gd.reshape(shape), gm.reshape(shape)

    EdgePair.g_sum = g_sum
    EdgePair.g_line_complex = lambda s, c, dz, r, y, p: _cplx(s, c, dz, r, y, p, True, np_line)
    EdgePair.g_ray_complex = lambda s, c, dz, r, x, p: _cplx(s, c, dz, r, x, p, False, np_ray)


def _init_worker(compiled: bool) -> None:
    """Pool worker: one BLAS thread; the kernels loaded from the on-disk cache."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    if compiled:
        _patch(*_kernels())


def _pool_run(theta, compiled: bool) -> tuple[float, float]:
    """Wall and CPU (this process + its 2 fresh workers, incl. their cache loads) of the
    distribution with the edge cells on 2 worker processes, as benchmarks/phasespace.py."""
    import resource
    from concurrent.futures import ProcessPoolExecutor

    from expdesign.physics import neutrino as nu
    from expdesign.physics import phasespace as ps

    m = nu.masses(0.010, "NO", nu.oscillation_set("nufit60"))
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t, p0 = time.time(), time.process_time()
    with ProcessPoolExecutor(2, initializer=_init_worker, initargs=(compiled,)) as ex:
        ps.distribution(theta, m, CM, 2 * CM, mode="3d", executor=ex, error=False)
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (time.process_time() - p0 + c1.ru_utime - c0.ru_utime + c1.ru_stime
           - c0.ru_stime)
    return time.time() - t, cpu


def _run(theta, compiled: bool):
    from expdesign.physics import neutrino as nu
    from expdesign.physics import phasespace as ps

    m = nu.masses(0.010, "NO", nu.oscillation_set("nufit60"))
    t = time.process_time()
    w = time.time()
    r = ps.distribution(theta, m, CM, 2 * CM, mode="3d", error=False)
    return r, time.process_time() - t, time.time() - w


def _child() -> None:
    """Fresh process: time import numba, the first kernel calls (JIT or cache load)."""
    t = time.time()
    import numba  # noqa: F401

    t_imp = time.time() - t
    t = time.time()
    _patch(*_kernels())
    _run(_WARM, True)  # every kernel signature at least once
    print(f"{t_imp:.4f} {time.time() - t:.4f}")


def main() -> None:
    if _CHILD in sys.argv:
        _child()
        return
    theta = np.linspace(0.0, np.pi, 601)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        cmd = [sys.executable, __file__, _CHILD]
        t_imp, first_cold = map(float, subprocess.run(cmd, env=env, capture_output=True,
                                                    text=True, check=True).stdout.split())
        _, first_cached = map(float, subprocess.run(cmd, env=env, capture_output=True,
                                                  text=True, check=True).stdout.split())
        _, _, first_np = _run(_WARM, False)
        r_np, cpu_np, wall_np = _run(theta, False)
        print(f"numpy:    {cpu_np:.2f} s CPU, {wall_np:.2f} s wall (serial)")
        os.environ["NUMBA_CACHE_DIR"] = cache
        _patch(*_kernels())
        _run(_WARM, True)  # warm
        _, _, warm_nb = _run(_WARM, True)
        r_nb, cpu_nb, wall_nb = _run(theta, True)
        # 2 worker processes (fresh, kernels from the warm on-disk cache); the parent's
        # tensor rule is patched-free numpy in both runs
        pool_np = _pool_run(theta, False)
        pool_nb = _pool_run(theta, True)
    print(f"2 workers: numpy {pool_np[0]:.2f} s wall, {pool_np[1]:.2f} s CPU; compiled "
          f"{pool_nb[0]:.2f} s wall, {pool_nb[1]:.2f} s CPU (workers load the cache)")
    # JIT cost: first compiled run of the 13 warm-up angles in a fresh process minus the
    # same run with the kernels already loaded
    jit_cold, jit_cached = first_cold - warm_nb, first_cached - warm_nb
    print(f"import numba {t_imp:.2f} s; 13 angles: numpy {first_np:.2f} s, compiled "
          f"{warm_nb:.2f} s warm, {first_cold:.2f} s first call with an empty cache (JIT "
          f"{jit_cold:.2f} s), {first_cached:.2f} s with the on-disk cache "
          f"({jit_cached:.2f} s)")
    print(f"compiled: {cpu_nb:.2f} s CPU, {wall_nb:.2f} s wall (serial)")
    diff = max(float(np.max(np.abs(r_nb.dirac / r_np.dirac - 1))),
               float(np.max(np.abs(r_nb.majorana / r_np.majorana - 1))))
    print(f"max |J_compiled / J_numpy - 1| over {r_np.dirac.size} cells (D and M): "
          f"{diff:.2e}")
    print(f"RESULT numpy_cpu_s={cpu_np:.3f} compiled_cpu_s={cpu_nb:.3f} "
          f"speedup={cpu_np / cpu_nb:.2f} jit_cold_s={jit_cold:.3f} "
          f"jit_cached_s={jit_cached:.3f} import_numba_s={t_imp:.3f} "
          f"pool_numpy_s={pool_np[0]:.3f} pool_compiled_s={pool_nb[0]:.3f} "
          f"max_rel_diff={diff:.2e}")


if __name__ == "__main__":
    main()
