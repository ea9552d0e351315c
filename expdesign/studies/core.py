"""``expdesign.study`` (:func:`study` here): a study over a grid of neutrino hypotheses.

Plans the spec once per phase-space model (the Bloch part, atomic factors and the
detector's statistics are hypothesis-independent), evaluates every hypothesis of a
:class:`~expdesign.studies.grid.HypothesisGrid` on the plan's trigger angles (distinct mass
sets once, vectorised; :mod:`expdesign.studies.run`), and writes

* ``study.csv`` -- tidy, one row per (model, hypothesis, angle): rate, magnetization rate,
  detector signal and the per-setting ``Delta chi^2`` per second against the spec's
  assumed truth;
* ``study_questions.csv`` -- one row per (model, true hypothesis, question): exposures over
  all angles and at the best angle, and the best angle window
  (:func:`~expdesign.studies.analysis.question_rows`);
* ``study.json`` -- metadata: spec hash and name, grid, settings, models, angles, units,
  detector, timings, column descriptions;
* figures (:mod:`expdesign.studies.figures`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from expdesign.studies.analysis import question_rows
from expdesign.studies.grid import HypothesisGrid
from expdesign.studies.run import chunk_task, run_chunks

__all__ = ["StudyResult", "study"]

COLUMNS = {
    "model": "Planner phase-space model",
    "hypothesis": "hypothesis label",
    "ordering": "NO / IO", "nature": "dirac / majorana",
    "lightest_mass_meV": "lightest neutrino mass, meV",
    "alpha_deg": "Majorana phase alpha, deg", "beta_deg": "Majorana phase beta, deg",
    "theta_deg": "trigger angle, deg",
    "rate_per_s": "RENP rate, 1/s",
    "magnetization_rate_A_per_m_s": "magnetization generation rate, A/m/s",
    "signal": "detector signal (mean field at the sensor in T, or photon rate in 1/s "
              "including background)",
    "dchi2_per_s": "Asimov Delta chi^2 per second at this angle against the assumed truth",
}


@dataclass
class StudyResult:
    """A finished study: the tidy rows, the question rows, metadata and written files."""

    rows: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    meta: dict[str, Any]
    files: list[Path] = field(default_factory=list)

    def array(self, column: str, model: str | None = None) -> np.ndarray:
        """A column as an (n_hypotheses, n_angles) array for one model (default: first)."""
        model = model or self.meta["models"][0]
        n = len(self.meta["angles_deg"])
        vals = [r[column] for r in self.rows if r["model"] == model]
        return np.asarray(vals, dtype=float).reshape(-1, n)


def _hyp_row(h: Any) -> dict[str, Any]:
    return {"label": h.label, "ordering": h.ordering, "nature": h.nature,
            "lightest_mass_meV": round(float(h.lightest_mass.to("meV").m), 9),
            "alpha_deg": round(float(h.alpha.to("deg").m), 9),
            "beta_deg": round(float(h.beta.to("deg").m), 9)}


def study(spec: Any, grid: HypothesisGrid | None = None, *,
          models: Sequence[str] = ("finite",), settings: dict[str, Any] | None = None,
          out: str | Path | None = None, executor: Any = "serial",
          workers: int | None = None, chunk_mass_sets: int = 16, figures: bool = True,
          resume: bool = True,
          progress: Callable[[float, str], None] | bool | None = None) -> StudyResult:
    """Evaluate every hypothesis of ``grid`` on the spec's trigger angles, for each model.

    Parameters
    ----------
    spec
        Spec path, ``ExperimentSpec`` or ``(ExperimentSpec, base_dir)`` (RENP only).  Its
        first hypothesis is the assumed truth; the grid is built from it.
    grid
        The hypotheses (default :class:`HypothesisGrid`: 404 hypotheses).
    models
        Planner phase-space models (``finite``, ``finite-3d``, ``inplane``, ``infinite``).
    settings
        Further :class:`~expdesign.planner.PlannerSettings` fields (e.g. ``angle_grid``).
    out
        Folder for the CSV / JSON / figures and the chunk store (resume).  None: nothing
        is written and nothing resumed.
    executor, workers
        ``"serial"`` (default), ``"processes"``, ``"dask"``, a Dask scheduler address or
        an Executor (:func:`expdesign.scan.make_executor`).  Results do not depend on it.
    chunk_mass_sets
        Distinct mass sets per chunk (a chunk is one task).
    resume
        Reuse finished chunks found in ``out/chunks`` (False: delete them first; new
        chunks are stored either way).
    progress
        ``progress(fraction, what)``, or True for a bar on stderr.

    Raises
    ------
    ValueError
        For a RANP spec, an unknown model, or a design whose detector statistics are not
        evaluable (the plan's warnings say why).
    """
    from expdesign.planner.context import hypothesis_couplings
    from expdesign.planner.settings import PlannerSettings
    from expdesign.scan import make_executor
    from expdesign.scan.tasks import base_of

    t0 = time.perf_counter()
    grid = grid or HypothesisGrid()
    base = base_of(spec)
    from expdesign.io import load_spec_dict

    spec_obj = load_spec_dict(base.data, base.name, base.base_dir)
    if spec_obj.process != "RENP":
        raise ValueError("studies are defined for RENP specs (the hypothesis axis enters "
                         "through the RENP pair kernels)")
    bad = [m for m in models if m not in ("finite", "finite-3d", "inplane", "infinite")]
    if bad or not models:
        raise ValueError(f"unknown model(s) {bad}: use finite, finite-3d, inplane, infinite")
    truth = spec_obj.hypotheses[0]
    hyps = grid.hypotheses(truth)
    table = [_hyp_row(h) for h in hyps]
    masses = [tuple(np.round(hypothesis_couplings(h)[2], 15)) for h in hyps]
    distinct = sorted(set(masses))
    groups = [distinct[s:s + chunk_mass_sets] for s in range(0, len(distinct),
                                                             max(1, chunk_mass_sets))]
    bar = _bar(progress)
    ex, release = make_executor(executor, workers)
    out_dir = Path(out) if out is not None else None
    rows: list[dict[str, Any]] = []
    questions: list[dict[str, Any]] = []
    meta: dict[str, Any] = {"spec": base.name, "spec_sha256": base.sha, "grid": grid.as_dict(),
                            "models": list(models), "n_hypotheses": len(hyps),
                            "n_distinct_mass_sets": len(distinct), "columns": COLUMNS,
                            "truth": truth.label, "timings_s": {}}
    try:
        for mi, model in enumerate(models):
            st = dict(settings or {})
            st["model"] = model
            st = {k: (list(v) if isinstance(v, tuple) else v)
                  for k, v in PlannerSettings(**st).__dict__.items()}
            order: list[int] = []
            tasks = []
            for g in groups:
                gs = set(g)
                ks = [k for k in range(len(hyps)) if masses[k] in gs]
                order.extend(ks)
                tasks.append(chunk_task(json.dumps(base.data, sort_keys=True), base.base_dir,
                                        st, [hyps[k].model_dump(mode="json") for k in ks]))
            t1 = time.perf_counter()

            def prog(f: float, what: str, mi: int = mi, model: str = model) -> None:
                if bar is not None:
                    bar((mi + f) / len(models), f"{model}: {what}")

            store = out_dir / "chunks" if out_dir is not None else None
            if store is not None and not resume and mi == 0 and store.exists():
                for f in store.glob("*.npz"):  # start over, but store the new chunks
                    f.unlink()
            res = run_chunks(tasks, ex, store, prog)
            meta["timings_s"][model] = time.perf_counter() - t1
            theta = np.asarray(res[0]["theta_deg"], dtype=float)
            sig = np.zeros((len(hyps), len(theta)))
            rate = np.zeros_like(sig)
            mag = np.zeros_like(sig)
            pos = 0
            for r in res:
                n = len(r["rate"])
                idx = order[pos:pos + n]
                sig[idx], rate[idx], mag[idx] = r["signal"], r["rate"], r["mag"]
                pos += n
            sig0 = np.asarray(res[0]["truth_signal"], dtype=float)
            dchi = _dchi2(spec_obj, str(res[0]["detector"]))
            d = dchi(sig, sig0[None, :])
            meta["angles_deg"] = theta.tolist()
            meta["detector"] = res[0]["detector"]
            for k, h in enumerate(table):
                for i, th in enumerate(theta):
                    rows.append({"model": model, "hypothesis": h["label"],
                                 "ordering": h["ordering"], "nature": h["nature"],
                                 "lightest_mass_meV": h["lightest_mass_meV"],
                                 "alpha_deg": h["alpha_deg"], "beta_deg": h["beta_deg"],
                                 "theta_deg": float(th), "rate_per_s": float(rate[k, i]),
                                 "magnetization_rate_A_per_m_s": float(mag[k, i]),
                                 "signal": float(sig[k, i]), "dchi2_per_s": float(d[k, i])})
            for q in question_rows(table, sig, theta, dchi):
                questions.append({"model": model, **q})
    finally:
        release()
    meta["wall_time_s"] = time.perf_counter() - t0
    result = StudyResult(rows, questions, meta)
    if out_dir is not None:
        result.files = _write(result, out_dir, figures)
    if bar is not None:
        bar(1.0, "done")
    return result


def _dchi2(spec: Any, kind: str) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """The detector's per-setting Delta chi^2 (the terms of
    :class:`~expdesign.planner.renp_detection.SettingStatistics`, from the spec)."""
    if kind not in _DCHI2:
        raise ValueError("the detector statistics of this design are not evaluable "
                         "(see the plan's warnings, e.g. a missing T1)")
    return _DCHI2[kind](spec)


def _dchi2_magnetometer(spec: Any) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    from expdesign import statistics as stats

    asd = spec.detector.noise_density.to("T/Hz**0.5").m
    return lambda a, t: stats.delta_chi2_settings_magnetometer(a, t, asd)


def _dchi2_counting(spec: Any) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    from expdesign import statistics as stats

    return stats.delta_chi2_settings_counting


_DCHI2 = {"magnetometer": _dchi2_magnetometer, "photon counting": _dchi2_counting}


def _bar(progress: Any) -> Callable[[float, str], None] | None:
    if progress is None or progress is False:
        return None
    if callable(progress):
        return progress
    import sys

    from tqdm import tqdm

    bar = tqdm(total=1000, desc="study", file=sys.stderr, leave=False,
               bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}", mininterval=0.2)
    state = {"n": 0}

    def cb(frac: float, what: str) -> None:
        target = int(round(1000 * frac))
        if target > state["n"]:
            bar.update(target - state["n"])
            state["n"] = target
        bar.set_postfix_str(what, refresh=False)
        if frac >= 1.0:
            bar.close()

    return cb


def _write(result: StudyResult, out: Path, figures: bool) -> list[Path]:
    from expdesign.scan.result import write_rows

    out.mkdir(parents=True, exist_ok=True)
    files = [write_rows(result.rows, out / "study.csv"),
             write_rows(result.questions, out / "study_questions.csv")]
    meta = out / "study.json"
    meta.write_text(json.dumps(result.meta, indent=1, default=str) + "\n", "utf-8")
    files.append(meta)
    if figures:
        from expdesign.studies.figures import study_figures

        files.extend(study_figures(result, out))
    return files
