"""Shared constants and test executors of the scan tests (fixtures: conftest.py)."""

from __future__ import annotations

import concurrent.futures as cf
import threading
from pathlib import Path
from typing import Any

from expdesign.scan import Axis, SerialExecutor

ROOT = Path(__file__).resolve().parents[2]
ER = ROOT / "schemas" / "examples" / "er_ylf_renp.json"
HO = ROOT / "schemas" / "examples" / "ho_ylf_ranp.json"
FAST = {"model": "infinite"}
AXES = [Axis("geometry.length", ("1 cm", "2 cm", "3 cm")),
        Axis("lasers.lasers.exc1.intensity", ("3 mW/cm^2", "10 mW/cm^2"))]


class CountingExecutor(SerialExecutor):
    """Serial, and remembers which points it was asked to plan."""

    def __init__(self) -> None:
        self.hashes: list[str] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        self.hashes.append(args[0]["hash"])
        return super().submit(fn, *args, **kwargs)


class InterruptingExecutor(cf.Executor):
    """A parallel-looking executor: plans the first ``k`` points, the others stay
    running until Ctrl-C arrives (rows come back through ``as_completed``)."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.n = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        self.n += 1
        fut: cf.Future[Any] = cf.Future()
        if self.n <= self.k:
            fut.set_result(fn(*args, **kwargs))
        elif self.n == self.k + 1:
            threading.Timer(0.2, fut.set_exception,
                            (KeyboardInterrupt("simulated Ctrl-C"),)).start()
        return fut


class CtrlCSerial(SerialExecutor):
    """In-process: Ctrl-C during the plan of point k + 1."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.n = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        self.n += 1
        if self.n > self.k:
            raise KeyboardInterrupt("simulated Ctrl-C")
        return super().submit(fn, *args, **kwargs)
