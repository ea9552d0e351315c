"""Executors the caller chooses: serial, or a process pool pinned to one BLAS thread each.

Parallelism is the caller's choice: a kernel never starts processes on its own, it
takes an :class:`concurrent.futures.Executor` (or ``None`` = serial) from its caller,
who makes one here.

* :func:`pinned_process_pool` -- a context manager yielding a
  :class:`~concurrent.futures.ProcessPoolExecutor` whose workers run their
  BLAS/OpenMP libraries on one thread, or ``None`` (run serially) for ``workers``
  ``None`` or ``<= 1`` and inside a worker process (no nested pools).
* :func:`start_pinned_pool` -- the same pool without the context manager (the caller
  shuts it down), with the start method chosen by :func:`default_start_method`.
* :class:`SerialExecutor` -- runs each task at submission, in this process.
* :func:`start_forked` -- one call run in a forked child process (pinned to one BLAS
  thread) while this process goes on with other work, or ``None`` where forking is not
  available or not wanted (then the caller runs the work itself).

Thread pinning uses ``threadpoolctl`` (:func:`threadpoolctl.threadpool_limits` in the
worker initializer acts on the libraries already loaded, e.g. inherited through
``fork``) together with the environment variables of :data:`BLAS_ENV` (set while the
workers start and in each worker, for libraries loaded later).  N processes times M
BLAS threads on N cores oversubscribes the machine; one thread per worker does not.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import multiprocessing as mp
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

__all__ = [
    "BLAS_ENV",
    "ForkedCall",
    "SerialExecutor",
    "blas_threads",
    "default_start_method",
    "die_with_parent",
    "fork_available",
    "in_worker_process",
    "pin_threads",
    "pinned_process_pool",
    "start_forked",
    "start_pinned_pool",
    "terminate_pool",
]

BLAS_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "VECLIB_MAXIMUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1"}
"""Environment that pins BLAS / OpenMP thread pools to one thread."""

WORKER_ENV = "EXPDESIGN_POOL_WORKER"
"""Environment variable set to ``"1"`` in the workers of a pinned pool."""


def blas_threads() -> dict[str, int]:
    """Thread count of each loaded BLAS/OpenMP library (file name -> threads), from
    :func:`threadpoolctl.threadpool_info`."""
    from threadpoolctl import threadpool_info

    return {os.path.basename(str(d.get("filepath", d.get("prefix", "?")))):
            int(d["num_threads"]) for d in threadpool_info()}


def pin_threads(n: int = 1) -> dict[str, int]:
    """Pin BLAS/OpenMP to ``n`` threads in this process.

    Sets the :data:`BLAS_ENV` variables to ``n`` (for libraries loaded later) and
    limits the loaded libraries with :func:`threadpoolctl.threadpool_limits` (the
    limit stays after the call).  Returns :func:`blas_threads` afterwards.
    """
    from threadpoolctl import threadpool_limits

    os.environ.update({k: str(n) for k in BLAS_ENV})
    threadpool_limits(limits=int(n))
    return blas_threads()


def in_worker_process() -> bool:
    """True in a child process (a pool worker, a Dask worker, a fork server's child):
    such a process must not start a pool of its own."""
    return mp.parent_process() is not None or os.environ.get(WORKER_ENV) == "1"


def default_start_method() -> str:
    """``fork`` on Linux while this process runs a single thread (fast: no imports in
    the workers; safe: no lock can be held by another thread), ``forkserver`` on Linux
    otherwise (e.g. after a Dask client or a progress-bar monitor thread started),
    ``spawn`` elsewhere."""
    if sys.platform != "linux":
        return "spawn"
    return "fork" if threading.active_count() == 1 else "forkserver"


def _exit_quietly(signum: int, frame: object) -> None:
    os._exit(128 + signum)


def _pinned_worker_init(initializer: Callable[..., object] | None,
                        initargs: tuple[Any, ...]) -> None:
    """Worker initializer of a pinned pool: a quiet exit on SIGINT, death with the parent
    (:func:`die_with_parent`), one BLAS thread, the worker mark, then the caller's
    initializer."""
    import signal

    os.environ[WORKER_ENV] = "1"
    # Ctrl-C reaches the whole process group: the parent handles it (cancels, shuts the
    # pool down, exits 130); a worker ends at once without printing a traceback of its own
    signal.signal(signal.SIGINT, _exit_quietly)
    die_with_parent()
    pin_threads(1)
    if initializer is not None:
        initializer(*initargs)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> list[str]:
    """Make this (worker) process end when the process that started it ends.

    Two mechanisms, both where available: on Linux the kernel sends SIGKILL when the
    parent process dies (``prctl(PR_SET_PDEATHSIG)``; the parent of a ``forkserver``
    worker is the fork server, which outlives a killed client while workers hold its
    pipe), and a daemon thread waits on the multiprocessing parent's sentinel (a pipe
    that closes when the process that asked for this worker dies, fork server or not)
    and exits.  Without them the workers of a pool whose parent was killed stay alive
    holding the parent's output pipes.  Returns the mechanisms installed.
    """
    done: list[str] = []
    if sys.platform == "linux":
        import ctypes
        import signal

        parent = os.getppid()
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            ok = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            ok = False
        if ok:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            done.append("prctl")
    mp_parent = mp.parent_process()
    if mp_parent is not None and getattr(mp_parent, "sentinel", None) is not None:
        def watch() -> None:
            mp_parent.join()
            os._exit(1)

        threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
        done.append("sentinel")
    return done


def _noop(x: int) -> int:
    return x


def start_pinned_pool(workers: int, *, start_method: str | None = None,
                      initializer: Callable[..., object] | None = None,
                      initargs: tuple[Any, ...] = (),
                      preload: Sequence[str] = ()) -> cf.ProcessPoolExecutor:
    """A started :class:`~concurrent.futures.ProcessPoolExecutor` of ``workers``
    processes, each pinned to one BLAS/OpenMP thread; the caller shuts it down.

    Parameters
    ----------
    workers
        Pool size (>= 1).
    start_method
        ``fork``, ``forkserver`` or ``spawn``; default :func:`default_start_method`.
    initializer, initargs
        Run in each worker after the pinning (must be picklable for ``spawn``).
    preload
        Modules imported once: by this process before a ``fork`` (the workers inherit
        them) or by the fork server (``forkserver``; the workers fork from it).

    Notes
    -----
    The :data:`BLAS_ENV` variables are set in this process while the workers (and the
    fork server) start, then restored; the initializer calls :func:`pin_threads`,
    which also acts on libraries already loaded (the forked case).
    """
    import importlib

    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    method = start_method or default_start_method()
    if method == "fork":
        for name in preload:  # workers inherit these instead of importing them
            importlib.import_module(name)
    ctx = mp.get_context(method)
    if method == "forkserver" and preload:
        ctx.set_forkserver_preload(list(preload))
    saved = {k: os.environ.get(k) for k in BLAS_ENV}
    os.environ.update(BLAS_ENV)  # spawned workers and the fork server start with these
    try:
        ex = cf.ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx,
            initializer=functools.partial(_pinned_worker_init, initializer, tuple(initargs)))
        # start the workers now, while the environment is pinned
        list(ex.map(_noop, range(workers)))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return ex


@contextmanager
def pinned_process_pool(workers: int | None, *, start_method: str | None = None,
                        initializer: Callable[..., object] | None = None,
                        initargs: tuple[Any, ...] = (),
                        preload: Sequence[str] = ()) -> Iterator[cf.Executor | None]:
    """A process pool with one BLAS/OpenMP thread per worker, or ``None`` (serial).

    Yields ``None`` when ``workers`` is ``None`` or ``<= 1`` or when this process is
    itself a worker (:func:`in_worker_process`: no nested pools); else a pool from
    :func:`start_pinned_pool` (same arguments), shut down on exit (pending futures
    cancelled).

    Examples
    --------
    >>> with pinned_process_pool(4) as ex:  # doctest: +SKIP
    ...     results = list(ex.map(f, xs)) if ex is not None else [f(x) for x in xs]
    """
    if workers is None or workers <= 1 or in_worker_process():
        yield None
        return
    ex = start_pinned_pool(workers, start_method=start_method, initializer=initializer,
                           initargs=initargs, preload=preload)
    try:
        yield ex
    except (KeyboardInterrupt, SystemExit):
        terminate_pool(ex)
        raise
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def terminate_pool(ex: cf.Executor) -> None:
    """Stop a process pool now: cancel what is pending and end its workers (SIGTERM), for
    Ctrl-C, where waiting for the running tasks could take minutes."""
    if not isinstance(ex, cf.ProcessPoolExecutor):
        return
    procs = list((getattr(ex, "_processes", None) or {}).values())
    ex.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()


class SerialExecutor(cf.Executor):
    """Runs each task at submission, in this process (for debugging and baselines)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any,  # noqa: D102
               **kwargs: Any) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - Ctrl-C propagates at once
            fut.set_exception(exc)
        return fut


def fork_available(workers: int | None = 2) -> bool:
    """True where :func:`start_forked` forks: ``workers`` >= 2, on Linux with the ``fork``
    start method, in a process that is no worker itself (:func:`in_worker_process`) and
    runs a single thread (a fork copies no other thread and could copy a lock that one
    holds: the same rule as :func:`default_start_method`)."""
    return (workers is not None and workers >= 2 and sys.platform == "linux"
            and "fork" in mp.get_all_start_methods() and not in_worker_process()
            and threading.active_count() == 1)


def _forked_main(fn: Callable[[], Any], conn: Any) -> None:
    """Body of a :func:`start_forked` child: the pinned-worker set-up, then ``fn()``; sends
    ``(True, result)`` or ``(False, what went wrong)`` back."""
    _pinned_worker_init(None, ())
    try:
        out: tuple[bool, Any] = (True, fn())
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which redoes it
        out = (False, f"{type(exc).__name__}: {exc}")
    try:
        conn.send(out)
    except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
        conn.send((False, f"result not sent: {type(exc).__name__}: {exc}"))
    conn.close()


class ForkedCall:
    """A call running in a forked child process (made by :func:`start_forked`).

    :meth:`result` waits for it and returns ``(True, value)``, or ``(False, message)``
    where the call raised or the child died: the caller then does the work itself, so an
    error surfaces where it would have without the child.  :meth:`cancel` ends the child
    (a caller that leaves early, or Ctrl-C).  Both are safe to call more than once.
    """

    def __init__(self, proc: Any, conn: Any) -> None:
        self._proc = proc
        self._conn = conn
        self._out: tuple[bool, Any] | None = None

    def result(self) -> tuple[bool, Any]:
        """``(ok, value)``: the call's return value, or what went wrong (waits)."""
        if self._out is None:
            try:
                self._out = self._conn.recv()
            except (EOFError, OSError):
                self._proc.join()
                self._out = (False, f"the child exited (code {self._proc.exitcode}) "
                                    "without a result")
            finally:
                self._conn.close()
            self._proc.join()
        return self._out

    def cancel(self) -> None:
        """End the child now if it still runs (SIGTERM), and reap it."""
        if self._out is None:
            self._out = (False, "cancelled")
            self._conn.close()
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc.join()


def start_forked(fn: Callable[[], Any], workers: int | None = 2) -> ForkedCall | None:
    """Run ``fn()`` (a closure: nothing is pickled but its result) in a forked child
    pinned to one BLAS/OpenMP thread, or return ``None`` where
    :func:`fork_available` says no (``workers`` <= 1 among others): the caller then runs
    ``fn`` itself.

    The child is a copy of this process: its result is the one ``fn()`` would give here
    (the same code on the same inputs; tested bit for bit where the Planner uses it).  It
    dies with its parent (:func:`die_with_parent`) and quits quietly on Ctrl-C.
    """
    if not fork_available(workers):
        return None
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_forked_main, args=(fn, send), daemon=True,
                       name="expdesign-forked")
    proc.start()
    send.close()  # the child holds the only write end: its death reads as EOF here
    return ForkedCall(proc, recv)
