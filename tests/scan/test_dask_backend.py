"""Dask executors: rows on a Dask cluster equal the process pool's."""

from __future__ import annotations

import pytest

from expdesign.scan import run_scan
from expdesign.scan.dask_backend import is_dask_address
from tests.scan.support import ER, FAST


def test_dask_addresses():
    assert is_dask_address("dask")
    assert is_dask_address("dask://127.0.0.1:8786")
    assert is_dask_address("tcp://127.0.0.1:8786")
    assert not is_dask_address("processes")
    assert not is_dask_address(None)


def test_dask_equals_process_pool(full, pool):
    distributed = pytest.importorskip(
        "dask.distributed", reason="dask[distributed] not installed (extra 'dask')")
    res, _ = full["jsonl"]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        dk = run_scan(ER, points=res.points[:4], executor=client.get_executor(),
                      settings=FAST, progress=False)
        # the same cluster by address (run_scan opens and closes its own client)
        dk2 = run_scan(ER, points=res.points[:2], executor=cluster.scheduler_address,
                       settings=FAST, progress=False)
    assert dk.rows == pool.rows
    assert dk2.rows == pool.rows[:2]
    assert [r["rate_peak"] for r in dk.rows] == [r["rate_peak"] for r in pool.rows]
