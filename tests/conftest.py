"""Suite-wide options: the extended fuzz campaigns run only when asked.

``pytest --extended`` (or ``EXPDESIGN_EXTENDED=1``) adds the tests marked ``extended``:
thousands of fuzzed specs planned under every model, tens of minutes on 2 cores. The
default run (README's test command, what CI runs) keeps their smaller default-size
versions, which print their counts.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--extended", action="store_true", default=False,
                     help="also run the extended fuzz campaigns (marker 'extended')")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--extended") or os.environ.get("EXPDESIGN_EXTENDED"):
        return
    skip = pytest.mark.skip(reason="extended fuzz campaign: run with pytest --extended")
    for item in items:
        if "extended" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def forkable(monkeypatch):
    """A process where :func:`expdesign.executors.start_forked` forks, as a fresh
    ``expdesign plan`` process is: Linux with ``fork``, not a worker, a single thread.

    Earlier tests of the session leave idle library threads behind (Dask's event loop
    thread lives as long as the process), which would make the package refuse to fork
    and these tests compare the serial route with itself; here they are not counted.
    The thread rule itself is tested in
    ``tests/test_executors.py::test_start_forked_refuses_serial_settings_and_threads``.
    """
    import multiprocessing as mp
    import sys
    import threading

    from expdesign import executors

    if sys.platform != "linux" or "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork start method here")
    if executors.in_worker_process():
        pytest.skip("inside a worker process")
    if threading.active_count() > 1:
        monkeypatch.setattr(executors.threading, "active_count", lambda: 1)
    assert executors.fork_available(2)
