"""expdesign.study (package expdesign.studies): vs single-hypothesis plans, resume, executors."""

from __future__ import annotations

import concurrent.futures as cf
import json
from typing import Any

import numpy as np
import pytest

from expdesign.io import load_spec
from expdesign.planner import Planner, PlannerSettings
from expdesign.scan import SerialExecutor
from expdesign.studies import HypothesisGrid, study
from tests.scan.support import ER, HO

GRID = HypothesisGrid(0.0, 20.0, 10.0)  # 12 hypotheses on 6 mass sets
SETTINGS = {"angle_grid": (144.30, 144.615, 9), "bloch_points": 201}


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("study")
    return study(ER, GRID, settings=SETTINGS, out=out, chunk_mass_sets=2), out


class Counting(SerialExecutor):
    """Serial; remembers the chunks it ran; the chunk number ``fail`` fails (a worker lost
    mid-study)."""

    def __init__(self, fail: int | None = None) -> None:
        self.hashes: list[str] = []
        self.fail = fail

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        self.hashes.append(args[0]["hash"])
        if len(self.hashes) - 1 == self.fail:
            fut: cf.Future[Any] = cf.Future()
            fut.set_exception(RuntimeError("worker lost"))
            return fut
        return super().submit(fn, *args, **kwargs)


def test_rows_match_single_hypothesis_plans(serial):
    """The naive route: one Planner run per hypothesis (spec hypotheses = [truth, h])."""
    res, _ = serial
    assert res.meta["n_hypotheses"] == 12 and res.meta["n_distinct_mass_sets"] == 6
    rate = res.array("rate_per_s")
    labels = [r["hypothesis"] for r in res.rows[::9]]
    spec = load_spec(ER)
    truth = spec.hypotheses[0]
    for k in (1, 10):  # NO dirac 10 meV (= the truth's masses), IO majorana 10 meV
        h = GRID.hypotheses(truth)[k]
        assert labels[k] == h.label
        one = spec.model_copy(update={"hypotheses": [truth, h]})
        plan = Planner(one, PlannerSettings(**SETTINGS)).run()
        d = next(x for x in plan.distributions
                 if x.name == "RENP rate" and x.hypothesis == h.label)
        np.testing.assert_allclose(rate[k], np.asarray(d.y.values), rtol=1e-12, atol=0)


def test_delta_chi2_is_the_magnetometer_term(serial):
    res, _ = serial
    asd = load_spec(ER).detector.noise_density.to("T/Hz**0.5").m
    sig = res.array("signal")
    d = res.array("dchi2_per_s")
    labels = [r["hypothesis"] for r in res.rows[::9]]
    t = labels.index("NO dirac m_lightest=10 meV")  # the spec's truth is in the grid
    assert np.all(d[t] == 0.0)
    np.testing.assert_allclose(d, 2 * (sig - sig[t]) ** 2 / asd**2, rtol=1e-12)
    assert np.all(np.isfinite(d)) and np.all(d >= 0)


def test_files_and_metadata(serial):
    res, out = serial
    names = {p.name for p in res.files}
    assert {"study.csv", "study_questions.csv", "study.json",
            "study_dchi2_map_finite.png", "study_exposures_finite.png",
            "study_best_angle_finite.png"} <= names
    meta = json.loads((out / "study.json").read_text())
    assert meta["n_distinct_mass_sets"] == 6 and len(meta["angles_deg"]) == 9
    assert meta["detector"] == "magnetometer"
    qs = {q["question"] for q in res.questions}
    assert len(qs) == 3
    for q in res.questions:
        assert q["exposure_best_angle_s"] <= q["exposure_s"]
        assert q["window_lo_deg"] <= q["best_angle_deg"] <= q["window_hi_deg"]


def test_interrupted_study_resumes(serial, tmp_path):
    res, _ = serial
    first = Counting(fail=1)
    with pytest.raises(RuntimeError, match="worker lost"):
        study(ER, GRID, settings=SETTINGS, out=tmp_path, chunk_mass_sets=2, executor=first)
    assert len(first.hashes) == 3
    assert len(list((tmp_path / "chunks").glob("*.npz"))) == 2  # the finished ones kept
    again = Counting()
    res2 = study(ER, GRID, settings=SETTINGS, out=tmp_path, chunk_mass_sets=2,
                 executor=again, figures=False)
    assert again.hashes == first.hashes[1:2]  # only the lost chunk is recomputed
    assert res2.rows == res.rows


def test_dask_local_cluster_is_bit_identical_to_serial(serial):
    distributed = pytest.importorskip("dask.distributed")
    res, _ = serial
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dk = study(ER, GRID, settings=SETTINGS, chunk_mass_sets=2,
                   executor=cluster.scheduler_address)
    assert dk.rows == res.rows
    assert dk.questions == res.questions


def test_refusals():
    with pytest.raises(ValueError, match="RENP specs"):
        study(HO, GRID)
    with pytest.raises(ValueError, match="unknown model"):
        study(ER, GRID, models=("exact",))


def test_each_distinct_mass_set_is_computed_once(monkeypatch):
    """Dirac and Majorana hypotheses share their kernels; mass sets the plan already
    computed (its own hypotheses) are not computed again."""
    import expdesign.planner.phase_space as phs
    from expdesign.studies import run as study_run

    monkeypatch.setattr(study_run, "_OBSERVABLES", {})
    seen: list[tuple[float, ...]] = []
    real = phs.projected_integrals

    def counting(geom, pm, *a, **kw):
        seen.extend(tuple(np.ravel(x)) for x in pm)
        return real(geom, pm, *a, **kw)

    monkeypatch.setattr(phs, "projected_integrals", counting)
    study(ER, GRID, settings=SETTINGS, chunk_mass_sets=2)
    assert len(seen) == len(set(seen))  # no mass set twice
    # 6 sets in the grid; NO and IO at 10 meV are hypotheses of the spec (already planned)
    assert len(seen) == 4


def test_public_name_is_the_function_after_submodule_imports():
    """``expdesign.study`` is the function (the package is ``expdesign.studies``, so
    importing a submodule does not shadow it)."""
    import expdesign as ed
    import expdesign.studies.run  # noqa: F401

    with pytest.raises(ValueError, match="RENP specs"):
        ed.study(HO, GRID)


def test_process_pool_is_bit_identical_to_serial(serial):
    from expdesign.studies.run import clear_cache

    res, _ = serial
    clear_cache()  # forked workers must not inherit the serial run's kernels
    pool = study(ER, GRID, settings=SETTINGS, chunk_mass_sets=2, executor="processes",
                 workers=2)
    assert pool.rows == res.rows


def test_full_3d_study_matches_single_hypothesis_plans():
    """The finite-3d model: every mass set's edge cells dealt into one pool
    (phasespace.distribution_sets via the Planner's prefetch; issue 22) give the rates of
    single-hypothesis finite-3d plans (which run the same value rules, with companions),
    including the massless lightest neutrino."""
    grid = HypothesisGrid(0.0, 10.0, 10.0, orderings=("NO",), natures=("dirac",))
    settings = {"angle_grid": (140.0, 150.0, 2), "bloch_points": 201, "model": "finite-3d"}
    res = study(ER, grid, models=("finite-3d",), settings=settings, figures=False)
    rate = res.array("rate_per_s", "finite-3d")
    spec = load_spec(ER)
    truth = spec.hypotheses[0]
    hyps = grid.hypotheses(truth)
    assert len(hyps) == 2 and np.all(np.isfinite(rate)) and np.all(rate[:, 0] > 0)
    for k, h in enumerate(hyps):
        one = spec.model_copy(update={"hypotheses": [h]})
        plan = Planner(one, PlannerSettings(**settings)).run()
        d = next(x for x in plan.distributions if x.name == "RENP rate")
        np.testing.assert_allclose(rate[k], np.asarray(d.y.values), rtol=1e-12, atol=0)
