"""The RENP phase-space kernels computed ahead in a forked child (issue 22, cold plan).

The child (``settings.workers`` >= 2) runs the same code on the same inputs while the
Planner solves the Bloch class average; the Plan must be the serial one bit for bit, the
parent must compute no kernel of its own after taking the child's over, and a child that
fails must leave the Plan unchanged (the parent then computes the kernels itself).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import expdesign.planner.phase_space as ps
import expdesign.planner.renp_coherence as rc
from expdesign.executors import fork_available
from expdesign.io import load_spec
from expdesign.planner import Planner, PlannerSettings

SPEC = Path(__file__).resolve().parents[2] / "schemas" / "examples" / "er_ylf_renp.json"
#: a small Er plan (9 angles, 201 Bloch points): every step of the default one, ~1 s
SMALL = {"angle_grid": (50.0, 66.0, 9), "bloch_points": 201}
#: the functions the tests spy on, unpatched
ADOPT, DIST = ps.KernelsAhead.adopt, ps.distribution_projected


@pytest.fixture(autouse=True)
def single_threaded(forkable):
    """Forks as a fresh process would (tests/conftest.py ``forkable``): otherwise a
    thread left by another test would make these tests compare serial with serial."""
    assert fork_available(2)


def _plan_text(plan) -> str:
    """The Plan as JSON without what differs from run to run (wall times, the creation
    time) or by the setting compared (workers)."""
    d = json.loads(plan.to_json())
    d["provenance"].pop("created_utc")
    d["provenance"]["settings"].pop("workers")
    d["provenance"]["solver_stats"] = {k: v for k, v in d["provenance"]["solver_stats"].items()
                                       if "wall_time" not in k}
    d["results"] = [r for r in d["results"] if r["key"] != "planner_wall_time"]
    return json.dumps(d, sort_keys=True)


def _run(workers: int, monkeypatch) -> tuple[str, list[bool | None], list[int]]:
    """(the Plan's text, what each KernelsAhead adopted, pids of the projected
    distributions computed in this process) of a cold small Er plan."""
    monkeypatch.setattr(rc, "_AVERAGES", type(rc._AVERAGES)())  # cold Bloch cache
    adopted: list[bool | None] = []
    here: list[int] = []
    def spy_adopt(self: ps.KernelsAhead) -> None:
        ADOPT(self)
        adopted.append(self.adopted)

    def spy_dist(*a, **k):
        here.append(os.getpid())  # the child's list is its own copy
        return DIST(*a, **k)

    monkeypatch.setattr(ps.KernelsAhead, "adopt", spy_adopt)
    monkeypatch.setattr(ps, "distribution_projected", spy_dist)
    plan = Planner(load_spec(SPEC), PlannerSettings(workers=workers, **SMALL)).run()
    return _plan_text(plan), adopted, here


_SERIAL: dict[str, str] = {}


def _serial(monkeypatch) -> str:
    """The serial Plan's text (planned once for the module)."""
    if "text" not in _SERIAL:
        text, adopted, here = _run(1, monkeypatch)
        assert adopted == [None] and len(here) == 5  # workers=1: no child, all here
        _SERIAL["text"] = text
    return _SERIAL["text"]


def test_forked_kernels_give_the_serial_plan_bit_for_bit(monkeypatch):
    serial = _serial(monkeypatch)
    forked, ad2, here2 = _run(2, monkeypatch)
    assert ad2 == [True]  # the child's kernels were taken over ...
    assert here2 == []  # ... so this process computed none itself
    assert forked == serial  # 4 hypotheses and the 2 lightest-mass neighbours


def test_a_failing_child_leaves_the_plan_unchanged(monkeypatch):
    serial = _serial(monkeypatch)
    parent = os.getpid()
    model_error = ps.projection_model_error

    def fail_in_child(*a, **k):
        if os.getpid() != parent:
            raise RuntimeError("child fails")
        return model_error(*a, **k)

    monkeypatch.setattr(ps, "projection_model_error", fail_in_child)
    forked, adopted, here = _run(2, monkeypatch)
    assert adopted == [False] and len(here) == 5  # nothing taken over: computed here
    assert forked == serial
