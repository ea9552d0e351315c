"""Executors the caller chooses: serial (None), pinned process pools (one BLAS/OpenMP
thread per worker, checked with threadpoolctl in the child), no nested pools."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
import sys

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from expdesign.executors import (
    BLAS_ENV,
    WORKER_ENV,
    SerialExecutor,
    blas_threads,
    default_start_method,
    fork_available,
    in_worker_process,
    pin_threads,
    pinned_process_pool,
    start_forked,
    start_pinned_pool,
)

METHODS = [m for m in ("fork", "forkserver", "spawn") if m in mp.get_all_start_methods()]


def _child_blas() -> list[tuple[str, int]]:
    """(library, threads) of the BLAS libraries in this process (numpy loaded)."""
    import numpy  # noqa: F401 - loads OpenBLAS / MKL in a spawned child

    return [(d["internal_api"], int(d["num_threads"])) for d in threadpool_info()
            if d["user_api"] == "blas"]


def _child_nested() -> tuple[bool, bool, str | None]:
    """In a worker: (in_worker_process(), the nested pool is None, the worker mark)."""
    with pinned_process_pool(2) as ex:
        return in_worker_process(), ex is None, os.environ.get(WORKER_ENV)


def _set_env(key: str, value: str) -> None:
    os.environ[key] = value


def _get_env(key: str) -> str | None:
    return os.environ.get(key)


def _work(seed: int) -> list[float]:
    """A small numpy computation (BLAS products, a solve, an eigendecomposition)."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((60, 60))
    h = a @ a.T + 60 * np.eye(60)
    x = np.linalg.solve(h, rng.standard_normal(60))
    return [float(v) for v in np.linalg.eigvalsh(h)] + [float(v) for v in x]


@pytest.mark.parametrize("workers", [None, 0, 1])
def test_serial_is_none(workers):
    with pinned_process_pool(workers) as ex:
        assert ex is None


@pytest.mark.parametrize("method", METHODS)
def test_pinned_pool_limits_blas_threads_in_the_child(method):
    # the parent runs two threads, so a child that inherited them would show 2
    with threadpool_limits(limits=2), pinned_process_pool(2, start_method=method) as ex:
        assert isinstance(ex, cf.ProcessPoolExecutor)
        seen = [ex.submit(_child_blas).result() for _ in range(4)]
    if sys.platform == "linux":
        assert all(seen), "no BLAS library found in the workers"
    assert all(n == 1 for libs in seen for _, n in libs), seen


def test_unpinned_fork_child_inherits_threads():
    """The control for the test above: without pinning a forked child keeps the parent's
    BLAS thread count."""
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork here")
    with threadpool_limits(limits=2):
        parent = [n for _, n in _child_blas()]
        if not parent or max(parent) < 2:
            pytest.skip("the BLAS here does not run two threads")
        with cf.ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as ex:
            child = ex.submit(_child_blas).result()
    assert max(n for _, n in child) == 2


def test_no_nested_pools_in_a_worker():
    assert not in_worker_process()
    with pinned_process_pool(2) as ex:
        assert ex is not None
        inside, nested_none, mark = ex.submit(_child_nested).result()
    assert inside and nested_none and mark == "1"


@pytest.mark.parametrize("method", METHODS)
def test_results_identical_serial_vs_pool(method):
    seeds = list(range(6))
    serial = [_work(s) for s in seeds]
    with pinned_process_pool(2, start_method=method) as ex:
        assert ex is not None
        pooled = list(ex.map(_work, seeds))
    assert pooled == serial  # bitwise
    assert list(SerialExecutor().map(_work, seeds)) == serial


def test_start_pinned_pool_initializer_and_bad_size():
    ex = start_pinned_pool(1, start_method="spawn" if "spawn" in METHODS else None,
                           initializer=_set_env, initargs=("EXPDESIGN_T", "x"))
    try:
        assert ex.submit(_get_env, "EXPDESIGN_T").result() == "x"
        assert ex.submit(_get_env, "OPENBLAS_NUM_THREADS").result() == "1"
    finally:
        ex.shutdown()
    with pytest.raises(ValueError, match='workers must be >='):
        start_pinned_pool(0)


def test_pin_threads_in_this_process(monkeypatch):
    for k in BLAS_ENV:
        monkeypatch.setenv(k, "2")
    with threadpool_limits(limits=2):  # restores the original limits on exit
        after = pin_threads(1)
        assert after == blas_threads()
        assert all(n == 1 for n in after.values())
    assert all(os.environ[k] == "1" for k in BLAS_ENV)


def test_serial_executor_captures_exceptions():
    fut = SerialExecutor().submit(int, "x")
    with pytest.raises(ValueError, match='invalid literal for int'):
        fut.result()
    assert SerialExecutor().submit(int, "3").result() == 3


def test_default_start_method():
    assert default_start_method() in mp.get_all_start_methods()


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_workers_die_with_their_parent(method, tmp_path):
    """Issue 26: after the parent of a pool is killed, its workers must not stay alive."""
    import signal
    import subprocess
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        "from expdesign.executors import start_pinned_pool\n"
        "if __name__ == '__main__':\n"
        "    ex = start_pinned_pool(2, start_method=sys.argv[1])\n"
        "    print(' '.join(str(p) for p in ex._processes), flush=True)\n"
        "    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, str(script), method], stdout=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        pids = [int(x) for x in proc.stdout.readline().split()]
        assert len(pids) == 2
        assert all(_alive(p) for p in pids)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in pids):
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids), "pool workers outlived their parent"
    finally:
        if proc.poll() is None:
            proc.kill()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        # the process can vanish between open() and read(): the kernel then raises ESRCH
        return False



# ------------------------------------------------------------------ start_forked
def test_start_forked_runs_a_closure_in_a_pinned_child(forkable):
    """The closure (not picklable: it holds a lambda) runs in another process, pinned to
    one BLAS thread and marked as a worker; its result comes back."""
    big = np.arange(10_000.0)
    f = lambda: (os.getpid(), float(big.sum()), in_worker_process(),  # noqa: E731
                 [n for _, n in _child_blas()])
    call = start_forked(f)
    assert call is not None
    ok, (pid, total, worker, threads) = call.result()
    assert ok and pid != os.getpid() and total == float(big.sum()) and worker
    assert threads and all(n == 1 for n in threads)
    assert call.result() == (ok, (pid, total, worker, threads))  # twice: the same
    call.cancel()  # after the result: nothing to end
    assert not in_worker_process()


def test_start_forked_reports_an_exception_and_a_dead_child(forkable):
    def boom() -> None:
        raise ValueError("no kernels")

    call = start_forked(boom)
    assert call is not None
    assert call.result() == (False, "ValueError: no kernels")
    dead = start_forked(lambda: os._exit(3))
    assert dead is not None
    ok, msg = dead.result()
    assert not ok and "code 3" in msg


def test_start_forked_cancel_ends_the_child(forkable):
    import time

    call = start_forked(lambda: time.sleep(60))
    assert call is not None
    t0 = time.perf_counter()
    call.cancel()
    assert time.perf_counter() - t0 < 5.0
    assert call.result() == (False, "cancelled")


def test_start_forked_refuses_serial_settings_and_threads():
    import threading

    assert start_forked(lambda: 1, workers=1) is None
    assert start_forked(lambda: 1, workers=None) is None
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not fork_available(2)  # another thread could hold a lock: no fork
        assert start_forked(lambda: 1) is None
    finally:
        stop.set()
        t.join()
