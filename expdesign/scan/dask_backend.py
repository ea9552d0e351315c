"""Dask executors for scans: a local cluster or a running scheduler by address.

Dask's nanny already starts workers with the BLAS/OpenMP thread variables set to 1,
so the workers need no pinning of their own.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
from collections.abc import Callable

__all__ = ["dask_executor", "is_dask_address"]


def is_dask_address(kind: object) -> bool:
    """True for ``"dask"`` and for scheduler addresses (``"dask://HOST:PORT"``,
    ``"tcp://HOST:PORT"``, ``"inproc://..."``)."""
    return isinstance(kind, str) and (kind == "dask" or "://" in kind)


def dask_executor(kind: str, workers: int | None = None
                  ) -> tuple[cf.Executor, Callable[[], None]]:
    """A Dask executor and the function that closes its client (and cluster).

    ``kind``: ``"dask"`` (a new local cluster with ``workers`` single-threaded worker
    processes; default one per CPU) or a scheduler address (``"dask://HOST:PORT"``,
    ``"tcp://HOST:PORT"``, ``"inproc://..."``; ``HOST:PORT`` without a scheme means
    ``tcp``).  Needs the ``dask`` extra.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise RuntimeError("the dask executor needs the 'dask' extra: "
                           "pip install 'expdesign[dask]'") from exc
    if kind == "dask":
        cluster: LocalCluster | None = LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            dashboard_address=None)
        client = Client(cluster)
    else:
        cluster = None
        addr = kind.removeprefix("dask://")
        client = Client(addr if "://" in addr else f"tcp://{addr}")
    ex = client.get_executor()

    def release() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return ex, release
