"""Running a study: chunks of hypotheses on any executor, resumable, with progress.

What is computed once and what per hypothesis
---------------------------------------------
* **Once per worker process and model** (cached in :data:`_OBSERVABLES`, keyed by the spec
  and the settings): the Planner's run of the spec, i.e. the kinematics, the Bloch
  coherence (independent of the neutrino hypothesis), the atomic factors, the detector's
  statistics and the mass-independent part of the phase-space rule (for the projected
  model :class:`~expdesign.physics.phasespace.projected_batch.ProjectedGeometry`: Q, spin
  projections, p(k) tables per angle).
* **Once per distinct mass set**: the phase-space kernels (Dirac and Majorana hypotheses,
  and Majorana hypotheses with different phases, share them), for the projected model all
  mass sets of a chunk in one vectorised call, without error estimates (the plan's truth
  keeps its own).
* **Per hypothesis**: the pair weights (couplings, phases, nature) and their sum with the
  kernels: rate and magnetization rate per angle, and the detector signal.

Chunks are groups of mass sets (with every hypothesis that uses them).  A chunk's result
does not depend on which other chunks exist or where it runs (every kernel row is
computed independently, BLAS pinned to one thread), so a Dask or process-pool run is
bit-identical to the serial one (tests/studies/test_run.py).  Finished chunks are stored in
``OUT/chunks/`` and skipped when the study is run again (resume).
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["chunk_task", "clear_cache", "evaluate_chunk", "run_chunks"]

_OBSERVABLES: dict[str, Any] = {}
"""Per process: key (spec + settings) -> (RenpObservables, truth hypothesis)."""


def clear_cache() -> None:
    """Forget this process's planned designs and phase-space tables (cold-start timings;
    a forked worker otherwise inherits them)."""
    from expdesign.physics.phasespace.projected import clear_tables

    _OBSERVABLES.clear()
    clear_tables()


def _key(spec_json: str, settings: dict[str, Any]) -> str:
    return hashlib.sha256((spec_json + json.dumps(settings, sort_keys=True,
                                                  default=str)).encode()).hexdigest()


def _observables(task: dict[str, Any]) -> Any:
    key = _key(task["spec_json"], task["settings"])
    if key not in _OBSERVABLES:
        from expdesign.io import load_spec_dict
        from expdesign.planner import Planner, PlannerSettings

        spec = load_spec_dict(json.loads(task["spec_json"]), "<study>", task.get("base_dir"))
        settings = PlannerSettings(**task["settings"])
        obs = Planner(spec, settings).observables()
        _OBSERVABLES.clear()  # one design per process at a time
        _OBSERVABLES[key] = (obs, spec.hypotheses[0])
    return _OBSERVABLES[key]


def chunk_task(spec_json: str, base_dir: str | None, settings: dict[str, Any],
               hypotheses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The plain-dict task of one chunk (what a worker receives; no pint or pydantic
    object crosses a process boundary)."""
    hyps = [dict(h) for h in hypotheses]
    digest = _key(json.dumps(hyps, sort_keys=True), dict(settings))[:8] + \
        _key(spec_json, {})[:8]
    return {"spec_json": spec_json, "base_dir": base_dir, "settings": dict(settings),
            "hypotheses": hyps, "hash": digest}


def evaluate_chunk(task: dict[str, Any]) -> dict[str, Any]:
    """Worker function: rates (s^-1), magnetization rates (A/m/s) and detector signals
    per hypothesis and angle, each (n_hypotheses, n_angles), and the truth's."""
    from threadpoolctl import threadpool_limits

    from expdesign.models import NeutrinoHypothesis
    from expdesign.planner.context import hypothesis_couplings

    with threadpool_limits(1):
        obs, truth = _observables(task)
        hyps = [NeutrinoHypothesis.model_validate(h) for h in task["hypotheses"]]
        masses = np.array([hypothesis_couplings(h)[2] for h in hyps])
        if obs.prefetch is not None and len(hyps):
            obs.prefetch(masses)
        n = len(obs.theta_deg)
        rate = np.zeros((len(hyps), n))
        mag = np.zeros((len(hyps), n))
        for k, h in enumerate(hyps):
            rate[k], mag[k] = obs.observe(h)
        sig = obs.statistics.signal(rate, mag) if obs.statistics is not None else rate
        r0, m0 = obs.observe(truth)
        sig0 = obs.statistics.signal(r0, m0) if obs.statistics is not None else r0
    return {"hash": task["hash"], "rate": rate, "mag": mag, "signal": sig, "masses": masses,
            "theta_deg": np.asarray(obs.theta_deg), "truth_signal": np.asarray(sig0),
            "detector": obs.statistics.kind if obs.statistics is not None else "none"}


def run_chunks(tasks: Sequence[dict[str, Any]], executor: cf.Executor,
               store: Path | None, progress: Callable[[float, str], None] | None = None
               ) -> list[dict[str, Any]]:
    """Evaluate ``tasks`` on ``executor``, reading finished chunks from ``store`` and
    writing new ones there (``<hash>.npz``); results in task order."""
    done: dict[str, dict[str, Any]] = {}
    if store is not None:
        store.mkdir(parents=True, exist_ok=True)
        for t in tasks:
            f = store / f"{t['hash']}.npz"
            if f.exists():
                with np.load(f, allow_pickle=False) as z:
                    done[t["hash"]] = {k: (z[k] if z[k].ndim else z[k].item()) for k in z.files}
    todo = [t for t in tasks if t["hash"] not in done]
    total = len(tasks)
    if progress is not None:
        progress(len(done) / max(total, 1), f"{len(done)} of {total} chunks from the store")
    futures = {executor.submit(evaluate_chunk, t): t for t in todo}
    failed: BaseException | None = None
    for fut in cf.as_completed(futures):
        try:
            res = fut.result()
        except Exception as exc:  # keep the finished chunks; re-raise at the end
            failed = failed or exc
            continue
        done[res["hash"]] = res
        if store is not None:
            tmp = store / f"{res['hash']}.tmp.npz"
            np.savez(tmp, **res)
            tmp.replace(store / f"{res['hash']}.npz")
        if progress is not None:
            progress(len(done) / max(total, 1), f"{len(done)} of {total} chunks")
    if failed is not None:
        raise failed
    return [done[t["hash"]] for t in tasks]
