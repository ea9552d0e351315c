"""Command-line interface: ``expdesign validate | schema | paper-check | ...``.

Thin: it parses arguments, calls the public API and formats what comes back.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import expdesign as ed


def _cmd_paper_check(args: argparse.Namespace) -> int:
    rows = ed.paper_check_rows()
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    if args.json:
        print(json.dumps(ed.paper_check_json(rows), indent=2))
    else:
        print(ed.format_paper_check(rows, markdown=args.markdown))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    worst = 0
    for f in args.files:
        try:
            obj = ed.load_any(f)
        except ed.SpecError as err:
            for prob in err.problems:
                print(str(prob), file=sys.stderr)
            worst = max(worst, err.exit_code)
            continue
        kind = "target" if isinstance(obj, ed.Target) else f"{obj.process} spec"
        print(f"{f}: valid {kind} ({obj.name})")
    return worst


def _default_schema_dir() -> str:
    from pathlib import Path

    here = Path.cwd() / "schemas"
    return str(here)


def _cmd_schema(args: argparse.Namespace) -> int:
    folder = args.dir or _default_schema_dir()
    if args.check:
        bad = ed.stale_schemas(folder)
        if bad:
            print(f"stale schema files in {folder}: {', '.join(bad)} "
                  "(run 'expdesign schema' to regenerate)", file=sys.stderr)
            return 1
        print(f"schema files in {folder} are current")
        return 0
    for p in ed.write_schemas(folder):
        print(f"wrote {p}")
    return 0


class _Progress:
    """Progress on stderr (tqdm) for work that may take more than a moment."""

    def __init__(self, label: str, quiet: bool = False):
        self.bar = None
        if not quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=100, desc=label, file=sys.stderr, leave=False,
                            bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix}",
                            mininterval=0.2)
        self.done = 0

    def __call__(self, what: str, frac: float) -> None:
        if self.bar is None:
            return
        target = int(round(100 * frac))
        if target > self.done:
            self.bar.update(target - self.done)
            self.done = target
        self.bar.set_postfix_str(what, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _load_spec_or_report(path: str):
    try:
        return ed.load_spec(path), 0
    except ed.SpecError as err:
        for prob in err.problems:
            print(str(prob), file=sys.stderr)
        return None, err.exit_code


def _settings_kw(args: argparse.Namespace) -> dict:
    """Planner settings given on the command line, as a plain dict (scan workers get it as
    JSON; plan and compare build PlannerSettings from it)."""
    kw = {}
    if getattr(args, "model", None):
        kw["model"] = args.model
    if getattr(args, "angles", None):
        kw["angles"] = args.angles
    if getattr(args, "grid", None):
        try:
            lo, hi, num = args.grid.split(",")
            kw["angle_grid"] = (float(lo), float(hi), int(num))
        except ValueError:
            raise SystemExit("--grid takes START_DEG,STOP_DEG,POINTS, e.g. 0,180,601") from None
    return kw


def _settings(args: argparse.Namespace):
    return ed.PlannerSettings(**_settings_kw(args))


def _cmd_plan(args: argparse.Namespace) -> int:
    from pathlib import Path

    spec, code = _load_spec_or_report(args.spec)
    if spec is None:
        return code
    out = Path(args.out or Path("plan_out") / Path(args.spec).stem)
    out.mkdir(parents=True, exist_ok=True)
    prog = _Progress(f"plan {Path(args.spec).name}", args.quiet)
    try:
        plan = ed.Planner(spec, _settings(args), prog).run()
    finally:
        prog.close()
    plan.to_json(out / "plan.json")
    figs = [] if args.no_figures else ed.write_figures(plan, out)
    (out / "report.md").write_text(plan.to_markdown([str(f) for f in figs]), encoding="utf-8")
    print(_summary(plan))
    print(f"wrote {out / 'plan.json'}, {out / 'report.md'} and {len(figs)} figures")
    return 0


def _summary(plan) -> str:
    lines = [f"{plan.spec_name} [{plan.process}, {plan.target}]"]
    keys = ("theta_s_phase_matching", "chi2_cycle_mean", "h_r", "rate_peak", "rate_total",
            "magnetization_rate_peak", "field_at_sensor_peak", "figure_of_merit", "imprint_r")
    for k in keys:
        if plan.has_result(k):
            lines.append(f"  {k:26s} {ed.format_quantity(plan.result(k))}")
    for v in plan.verdicts:
        lines.append(f"  [{v.status:13s}] {v.name}")
    for e in plan.exposures:
        t = ed.format_quantity(e.time) if e.time is not None else e.status
        extra = f" ({e.against})" if e.against else ""
        lines.append(f"  exposure: {e.question}{extra}: {t}")
    for w in plan.warnings:
        lines.append(f"  warning: {w}")
    return "\n".join(lines)


def _cmd_compare(args: argparse.Namespace) -> int:
    from pathlib import Path

    plans = []
    worst = 0
    for f in args.specs:
        spec, code = _load_spec_or_report(f)
        if spec is None:
            worst = max(worst, code)
            continue
        prog = _Progress(f"plan {Path(f).name}", args.quiet)
        try:
            plans.append(ed.Planner(spec, _settings(args), prog).run())
        finally:
            prog.close()
    if worst:
        return worst
    ranked = ed.compare(plans)
    table = ed.format_ranking(ranked)
    print(table)
    out = Path(args.out or "compare.md")
    out.write_text(table, encoding="utf-8")
    out.with_suffix(".csv").write_text(ed.ranking_csv(ranked), encoding="utf-8")
    print(f"wrote {out} and {out.with_suffix('.csv')}")
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        axes = [ed.parse_set(s) for s in args.set]
    except ValueError as exc:
        print(f"--set: {exc}", file=sys.stderr)
        return 2
    spec, code = _load_spec_or_report(args.spec)
    if spec is None:
        return code
    out = Path(args.out or f"scan_{Path(args.spec).stem}.csv")
    try:
        res = ed.run_scan((spec, str(Path(args.spec).resolve().parent)), axes,
                       executor=args.executor, workers=args.workers, out=out,
                       settings=_settings_kw(args), progress=not args.quiet,
                       resume=not args.restart)
    except (KeyError, ValueError, RuntimeError) as exc:
        print(f"scan: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"scan interrupted: the finished rows are in {out}; run the same command "
              "again to resume", file=sys.stderr)
        return 130
    n_ok = sum(r.get("status") == "ok" for r in res.rows)
    n_feas = sum(r.get("status") == "ok" and not r.get("failed_verdicts") for r in res.rows)
    print(f"{len(res.rows)} points: {n_ok} planned ({n_feas} with no failed verdict), "
          f"{len(res.rows) - n_ok} invalid or failed; {res.n_run} run now, "
          f"{res.n_skipped} already in {out}")
    print(f"wrote {out}")
    return 0


def _cmd_optimize(args: argparse.Namespace) -> int:
    from pathlib import Path

    try:
        vary = [ed.parse_vary(s) for s in args.vary]
    except ValueError as exc:
        print(f"--vary: {exc}", file=sys.stderr)
        return 2
    spec, code = _load_spec_or_report(args.spec)
    if spec is None:
        return code
    try:
        res = ed.optimize((spec, str(Path(args.spec).resolve().parent)), vary,
                       maximize=args.maximize, minimize=args.minimize,
                       minimize_exposure=args.minimize_exposure, against=args.against,
                       settings=_settings_kw(args), method=args.method,
                       constraints=not args.no_constraints, xatol=args.xatol,
                       executor=args.executor, workers=args.workers, progress=not args.quiet)
    except (KeyError, ValueError, RuntimeError) as exc:
        print(f"optimize: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    what = args.maximize or args.minimize or f"exposure '{args.minimize_exposure}'"
    print(f"optimum of {what} ({res.method}, {res.n_evaluations} plans): "
          f"{res.value!r} {res.unit}" + ("" if res.feasible else "  [INFEASIBLE]"))
    for path, val in res.point.items():
        print(f"  {path} = {val}")
    if res.row.get("failed_verdicts"):
        print(f"  failed verdicts: {res.row['failed_verdicts']}")
    print(f"  {res.message}")
    if args.out:
        Path(args.out).write_text(json.dumps(res.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0 if res.feasible else 1


def _cmd_study(args: argparse.Namespace) -> int:
    from pathlib import Path

    from expdesign.study import HypothesisGrid, study

    try:
        lo, hi, step = (float(x) for x in args.masses.split(","))
        phases = tuple(tuple(float(x) for x in p.split(",")) for p in
                       (args.majorana_phases or ["0,0"]))
        if any(len(p) != 2 for p in phases):
            raise ValueError("--majorana-phases takes ALPHA,BETA in deg")
        grid = HypothesisGrid(lo, hi, step, tuple(args.orderings.split(",")),
                              tuple(args.natures.split(",")),
                              tuple((p[0], p[1]) for p in phases))
    except ValueError as exc:
        print(f"study: {exc}", file=sys.stderr)
        return 2
    spec, code = _load_spec_or_report(args.spec)
    if spec is None:
        return code
    out = Path(args.out or Path("study_out") / Path(args.spec).stem)
    try:
        res = study((spec, str(Path(args.spec).resolve().parent)), grid,
                    models=tuple(args.model.split(",")), settings=_settings_kw(args),
                    out=out, executor=args.executor, workers=args.workers,
                    resume=not args.restart, progress=not args.quiet)
    except (ValueError, RuntimeError) as exc:
        print(f"study: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    print(f"{res.meta['n_hypotheses']} hypotheses ({res.meta['n_distinct_mass_sets']} mass "
          f"sets) x {len(res.meta['angles_deg'])} angles, models "
          f"{', '.join(res.meta['models'])}: {res.meta['wall_time_s']:.1f} s")
    print("wrote " + ", ".join(str(p) for p in res.files))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="expdesign", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="validate spec and target JSON files")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.set_defaults(func=_cmd_validate)

    sc = sub.add_parser("schema", help="regenerate (or --check) the JSON Schema files")
    sc.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    sc.add_argument("--dir", default=None, help="schema folder (default: ./schemas)")
    sc.set_defaults(func=_cmd_schema)

    pl = sub.add_parser("plan", help="plan a spec: rates, magnetization, McQ, exposure times")
    pl.add_argument("spec", metavar="SPEC")
    pl.add_argument("--out", help="output folder (default plan_out/<spec name>)")
    pl.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"],
                    help="RENP phase-space model (default: finite)")
    pl.add_argument("--angles", type=int, help="number of angles if the spec gives none")
    pl.add_argument("--grid", help="angle grid START_DEG,STOP_DEG,POINTS replacing the spec's")
    pl.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    pl.add_argument("--quiet", action="store_true", help="no progress bar")
    pl.set_defaults(func=_cmd_plan)

    cp = sub.add_parser("compare", help="plan several specs and rank them")
    cp.add_argument("specs", nargs="+", metavar="SPEC")
    cp.add_argument("--out", help="ranking table file (Markdown; a .csv is written beside it)")
    cp.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"])
    cp.add_argument("--angles", type=int)
    cp.add_argument("--quiet", action="store_true")
    cp.set_defaults(func=_cmd_compare)

    sn = sub.add_parser("scan", help="plan a spec over a grid of field values (resumable)")
    sn.add_argument("spec", metavar="SPEC")
    sn.add_argument("--set", action="append", required=True, metavar="PATH=V1,V2,...",
                    help="field path and values (pint strings), or PATH=linspace(a, b, n) / "
                    "geomspace(a, b, n); several --set make a cartesian grid")
    sn.add_argument("--executor", default="processes",
                    help="processes (default), serial, dask (local cluster) or dask://HOST:PORT")
    sn.add_argument("--workers", type=int, help="workers of the pool (default: CPU count)")
    sn.add_argument("--out", help="output .csv or .jsonl (default scan_<spec>.csv); points "
                    "already in it are skipped")
    sn.add_argument("--restart", action="store_true", help="ignore rows already in --out")
    sn.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"])
    sn.add_argument("--angles", type=int)
    sn.add_argument("--quiet", action="store_true")
    sn.set_defaults(func=_cmd_scan)

    op = sub.add_parser("optimize", help="maximise a plan figure or minimise an exposure time")
    op.add_argument("spec", metavar="SPEC")
    goal = op.add_mutually_exclusive_group(required=True)
    goal.add_argument("--maximize", metavar="KEY", help="a result key, e.g. rate_peak")
    goal.add_argument("--minimize", metavar="KEY", help="a result key")
    goal.add_argument("--minimize-exposure", metavar="QUESTION",
                      help="an exposure question, e.g. 'signal at 5 sigma'")
    op.add_argument("--against", help="alternative hypothesis label of the exposure question")
    op.add_argument("--vary", action="append", required=True, metavar="PATH=LOW:HIGH[:log]")
    op.add_argument("--method", default="auto",
                    choices=["auto", "bounded", "nelder-mead", "differential-evolution"])
    op.add_argument("--no-constraints", action="store_true",
                    help="do not treat failed verdicts (McQ) as infeasible")
    op.add_argument("--xatol", type=float, default=1e-3,
                    help="tolerance as a fraction of each (log) range (default 1e-3)")
    op.add_argument("--executor", default="serial", help="where the coarse grid runs")
    op.add_argument("--workers", type=int)
    op.add_argument("--out", help="write the result and evaluation path as JSON")
    op.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"])
    op.add_argument("--angles", type=int)
    op.add_argument("--quiet", action="store_true")
    op.set_defaults(func=_cmd_optimize)

    sy = sub.add_parser("study", help="a sensitivity study over a grid of neutrino "
                        "hypotheses (resumable)")
    sy.add_argument("spec", metavar="SPEC")
    sy.add_argument("--masses", default="0,100,1", metavar="START,STOP,STEP",
                    help="lightest mass grid in meV (default 0,100,1)")
    sy.add_argument("--orderings", default="NO,IO")
    sy.add_argument("--natures", default="dirac,majorana")
    sy.add_argument("--majorana-phases", action="append", metavar="ALPHA,BETA",
                    help="Majorana phases in deg (repeatable; default 0,0)")
    sy.add_argument("--model", default="finite",
                    help="comma-separated models: finite, finite-3d, inplane, infinite")
    sy.add_argument("--grid", help="angle grid START_DEG,STOP_DEG,POINTS replacing the spec's")
    sy.add_argument("--executor", default="serial",
                    help="serial (default), processes, dask or dask://HOST:PORT")
    sy.add_argument("--workers", type=int)
    sy.add_argument("--out", help="output folder (default study_out/<spec name>); finished "
                    "chunks in it are reused")
    sy.add_argument("--restart", action="store_true", help="ignore finished chunks")
    sy.add_argument("--quiet", action="store_true")
    sy.set_defaults(func=_cmd_study)

    pc = sub.add_parser("paper-check", help="printed numbers of the papers beside ours")
    pc.add_argument("--json", action="store_true", help="JSON list of row objects")
    pc.add_argument("--markdown", action="store_true", help="a Markdown table")
    pc.add_argument("--status", choices=["agree", "differs", "needs-data"],
                    help="only rows with this status")
    pc.set_defaults(func=_cmd_paper_check)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into e.g. `head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
