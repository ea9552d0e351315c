"""Benchmark (issue 22): the compiled (numba) kernels of the full 3D rule against the numpy
code they replace, measured in the same run.  Er3+:YLF, 601 signal angles x 6 pairs,
L = 2R = 2 cm, 10 meV NO nufit60, Dirac, spin tensor along k1 (as the Planner passes it),
no error estimate (``distribution(mode="3d", error=False)``).

Run: .venv/bin/python benchmarks/phasespace_compiled.py

The package's kernels (:mod:`expdesign.physics.phasespace.compiled`) are switched with
``compiled.set_enabled`` (in the pool runs the forked workers inherit the switch).
Measured: CPU of one serial distribution both ways, wall of the distribution with the
edge cells on 2 worker processes both ways, the first-call cost of the kernels in a
fresh process with an empty on-disk cache (JIT) and with a warm one (load), the cost of
``import numba``, and max |J_compiled / J_numpy - 1| over all cells (Dirac and Majorana).

Last line: RESULT numpy_cpu_s=... compiled_cpu_s=... speedup=... jit_cold_s=...
jit_cached_s=... import_numba_s=... pool_numpy_s=... pool_compiled_s=...
max_rel_diff=... load=<start>/<end>
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
SPIN = np.diag([0.0, 0.0, 1.0])


def _run(theta, on: bool, executor=None):
    from expdesign.physics import neutrino as nu
    from expdesign.physics import phasespace as ps
    from expdesign.physics.phasespace import compiled

    compiled.set_enabled(on)
    m = nu.masses(0.010, "NO", nu.oscillation_set("nufit60"))
    t, w = time.process_time(), time.time()
    r = ps.distribution(theta, m, CM, 2 * CM, mode="3d", error=False, spin=SPIN,
                        executor=executor)
    return r, time.process_time() - t, time.time() - w


def _child() -> None:
    """Fresh process: the cost of import numba and of the kernels' first load."""
    t = time.time()
    import numba  # noqa: F401

    t_imp = time.time() - t
    from expdesign.physics.phasespace import compiled

    t = time.time()
    compiled.warm_up()
    print(f"{t_imp:.4f} {time.time() - t:.4f}")


def _pool(theta, on: bool) -> float:
    from expdesign.executors import pinned_process_pool
    from expdesign.physics.phasespace import compiled

    compiled.set_enabled(on)  # before the fork: the workers inherit it
    t = time.time()
    with pinned_process_pool(2) as ex:
        _run(theta, on, ex)
    return time.time() - t


def main() -> None:
    if _CHILD in sys.argv:
        _child()
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    load0 = os.getloadavg()[0]
    theta = np.linspace(0.0, np.pi, 601)
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        cmd = [sys.executable, __file__, _CHILD]
        t_imp, jit_cold = map(float, subprocess.run(cmd, env=env, capture_output=True,
                                                    text=True, check=True).stdout.split())
        _, jit_cached = map(float, subprocess.run(cmd, env=env, capture_output=True,
                                                  text=True, check=True).stdout.split())
    from expdesign.physics.phasespace import compiled

    compiled.set_enabled(True)
    compiled.warm_up()
    r_np, cpu_np, wall_np = _run(theta, False)
    r_nb, cpu_nb, wall_nb = _run(theta, True)
    print(f"serial: numpy {cpu_np:.2f} s CPU ({wall_np:.2f} s wall), compiled "
          f"{cpu_nb:.2f} s CPU ({wall_nb:.2f} s wall)")
    pool_np = _pool(theta, False)
    pool_nb = _pool(theta, True)
    print(f"2 workers: numpy {pool_np:.2f} s wall, compiled {pool_nb:.2f} s wall")
    print(f"import numba {t_imp:.2f} s; kernels' first call in a fresh process: "
          f"{jit_cold:.2f} s with an empty cache (JIT), {jit_cached:.2f} s from the cache")
    diff = max(float(np.max(np.abs(r_nb.dirac / r_np.dirac - 1))),
               float(np.max(np.abs(r_nb.majorana / r_np.majorana - 1))))
    print(f"max |J_compiled / J_numpy - 1| over {r_np.dirac.size} cells (D and M): "
          f"{diff:.2e}")
    print(f"RESULT numpy_cpu_s={cpu_np:.3f} compiled_cpu_s={cpu_nb:.3f} "
          f"speedup={cpu_np / cpu_nb:.2f} jit_cold_s={jit_cold:.3f} "
          f"jit_cached_s={jit_cached:.3f} import_numba_s={t_imp:.3f} "
          f"pool_numpy_s={pool_np:.3f} pool_compiled_s={pool_nb:.3f} "
          f"max_rel_diff={diff:.2e} load={load0:.1f}/{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
