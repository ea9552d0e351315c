"""Command-line interface: ``expdesign validate | schema | paper-check | ...``.

Thin: it parses arguments, calls the public API and formats what comes back.

Exit codes: 0 done; 1 a spec or target is invalid (also: ``schema --check`` stale,
``optimize`` infeasible); 2 unreadable input or a bad command line (argparse's own
code), an unwritable output, an unreachable executor; 3 an internal error (a bug: one
line saying what to report; ``EXPDESIGN_TRACEBACK=1`` shows the traceback); 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import expdesign as ed
from expdesign.cli_candidates import add_candidates_parser
from expdesign.cli_support import (
    SENSITIVITY_HELP,
    Progress,
    UsageError,
    check_executor,
    check_out_file,
    keep_freed_memory,
    load_spec_or_report,
    make_out_dir,
    planner_settings,
    sensitivity_analyse,
    settings_kw,
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
"""The exit codes of the module docstring."""

REPORT_TO = "the expdesign issue tracker"


def _cmd_paper_check(args: argparse.Namespace) -> int:
    rows = ed.paper_check_rows()
    if args.status:
        rows = [r for r in rows
                if args.status in (r.status, *r.difference.split("+"))]
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
        if args.suggest and not isinstance(obj, ed.Target):
            from expdesign.planner.suggest import suggest

            for line in suggest(obj):
                print(f"  {line}")
    return worst


def _default_schema_dir() -> str:
    from pathlib import Path

    here = Path.cwd() / "schemas"
    return str(here)


def _cmd_schema(args: argparse.Namespace) -> int:
    folder = args.dir or _default_schema_dir()
    from pathlib import Path

    if args.check and not (Path(folder) / "experiment_spec.schema.json").is_file():
        print(f"schema --check: no schema files in {folder}; run it in the repository root "
              "(where schemas/ lives) or give --dir", file=sys.stderr)
        return 2
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


def _cmd_plan(args: argparse.Namespace) -> int:
    keep_freed_memory()  # a short-lived process: ~3 s less system time (issue 22)
    settings = planner_settings(args)
    spec, code = load_spec_or_report(args.spec)
    if spec is None:
        return code
    out = Path(args.out or Path("plan_out") / Path(args.spec).stem)
    make_out_dir(out)
    prog = Progress(f"plan {Path(args.spec).name}", args.quiet)
    try:
        plan = ed.Planner(spec, settings, prog).run()
    finally:
        prog.close()
    if args.sensitivity:
        plan = sensitivity_analyse(spec, settings, plan)
    figs = [] if args.no_figures else ed.write_figures(plan, out)
    plan.save(out, [str(f) for f in figs])  # atomic; plan.json last
    print(_summary(plan))
    print(f"wrote {out / 'plan.json'}, {out / 'report.md'} and {len(figs)} figures")
    return 0


def _summary(plan) -> str:
    lines = [f"{plan.spec_name} [{plan.process}, {plan.target}]"]
    lines += [f"  {x[2:]}".replace("**", "") for x in plan.verdict_lines()]
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
    settings = planner_settings(args)
    check_out_file(Path(args.out or "compare.md"))
    plans = []
    worst = 0
    for f in args.specs:
        spec, code = load_spec_or_report(f)
        if spec is None:
            worst = max(worst, code)
            continue
        prog = Progress(f"plan {Path(f).name}", args.quiet)
        try:
            plans.append(ed.Planner(spec, settings, prog).run())
            if args.sensitivity:
                plans[-1] = sensitivity_analyse(spec, settings, plans[-1])
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
    try:
        axes = [ed.parse_set(s) for s in args.set]
    except ValueError as exc:
        raise UsageError(f"--set: {exc}") from None
    n_points = 1
    for ax in axes:
        n_points *= len(ax.values)
    if n_points > ed.MAX_SCAN_POINTS:
        raise UsageError(f"--set: the grid has {n_points} points, more than "
                         f"{ed.MAX_SCAN_POINTS}; split the scan")
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be >= 1, got {args.workers}")
    settings = settings_kw(args)
    out = Path(args.out or f"scan_{Path(args.spec).stem}.csv")
    check_out_file(out)
    check_executor(args.executor)
    spec, code = load_spec_or_report(args.spec)
    if spec is None:
        return code
    try:
        res = ed.run_scan((spec, str(Path(args.spec).resolve().parent)), axes,
                       executor=args.executor, workers=args.workers, out=out,
                       settings=settings, progress=not args.quiet,
                       resume=not args.restart, strict_values=True)
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
    if res.rows and n_ok == 0:
        print("scan: no point could be planned (every point invalid or failed; see the "
              f"'error' column of {out})", file=sys.stderr)
        return 1
    return 0


def _cmd_optimize(args: argparse.Namespace) -> int:
    try:
        vary = [ed.parse_vary(s) for s in args.vary]
    except ValueError as exc:
        raise UsageError(f"--vary: {exc}") from None
    settings = settings_kw(args)
    if args.out:
        check_out_file(Path(args.out))
    check_executor(args.executor)
    spec, code = load_spec_or_report(args.spec)
    if spec is None:
        return code
    try:
        res = ed.optimize((spec, str(Path(args.spec).resolve().parent)), vary,
                       maximize=args.maximize, minimize=args.minimize,
                       minimize_exposure=args.minimize_exposure, against=args.against,
                       settings=settings, method=args.method,
                       constraints=not args.no_constraints, xatol=args.xatol,
                       executor=args.executor, workers=args.workers, progress=not args.quiet)
    except (KeyError, ValueError, RuntimeError) as exc:
        print(f"optimize: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    what = args.maximize or args.minimize or f"exposure '{args.minimize_exposure}'"
    val = _value(res.value, res.unit) if res.value is not None else "-"
    print(f"optimum of {what} ({res.method}, {res.n_evaluations} plans): {val}"
          + ("" if res.feasible else "  [INFEASIBLE]"))
    for path, val in res.point.items():
        print(f"  {path} = {val}")
    if res.row.get("failed_verdicts"):
        print(f"  failed verdicts: {res.row['failed_verdicts']}")
    print(f"  optimiser: {res.message}")
    if args.out:
        Path(args.out).write_text(json.dumps(res.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0 if res.feasible else 1


def _value(value: float, unit: str) -> str:
    """An optimum as ``plan`` prints it: 6 digits; a time in s also in a readable unit
    (years where it matters)."""
    if value is None or not isinstance(value, float | int):
        return f"{value} {unit}"
    if unit == "s":
        from expdesign.planner.exposures import readable_time

        return f"{ed.format_quantity(readable_time(float(value)))} ({float(value):.6g} s)"
    return ed.format_quantity(ed.Q_(float(value), unit or "dimensionless"))


def _cmd_study(args: argparse.Namespace) -> int:
    from pathlib import Path

    from expdesign.studies import HypothesisGrid, study

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
    check_executor(args.executor)
    spec, code = load_spec_or_report(args.spec)
    if spec is None:
        return code
    out = Path(args.out or Path("study_out") / Path(args.spec).stem)
    make_out_dir(out)
    try:
        res = study((spec, str(Path(args.spec).resolve().parent)), grid,
                    models=tuple(args.model.split(",")), settings=settings_kw(args),
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
    p = argparse.ArgumentParser(
        prog="expdesign",
        description="Design macro-coherent neutrino-pair-emission experiments (RENP, RANP): "
        "validate a JSON design, plan it (verdicts, rates, exposure times), compare, scan "
        "and optimise designs.",
        epilog="Run 'expdesign COMMAND --help' for a command's options.")
    p.add_argument("--version", action="version", version=f"expdesign {ed.__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="validate spec and target JSON files")
    v.add_argument("files", nargs="+", metavar="FILE", help="spec or target JSON files")
    v.add_argument("--suggest", action="store_true",
                   help="for specs: print the phase-matching angles, the kinematic edges "
                   "and the pair thresholds (where to scan)")
    v.set_defaults(func=_cmd_validate)

    sc = sub.add_parser("schema", help="regenerate (or --check) the JSON Schema files")
    sc.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    sc.add_argument("--dir", default=None, help="schema folder (default: ./schemas)")
    sc.set_defaults(func=_cmd_schema)

    pl = sub.add_parser("plan", help="plan a spec: rates, magnetization, McQ, exposure times")
    pl.add_argument("spec", metavar="SPEC", help="spec JSON file")
    pl.add_argument("--out", help="output folder (default plan_out/<spec name>)")
    pl.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"],
                    help="RENP phase-space model (default: finite)")
    pl.add_argument("--ranp-model", choices=["derived", "paper"],
                    help="RANP rate: derived (default, docs/ranp.md) or paper (seed 000 eq. 7)")
    pl.add_argument("--coherence-factor", choices=["derived", "paper"],
                    help="crystal RENP coherence factor: derived (default, |rho_ep|^2/4 from "
                    "the Bloch solution, docs/planner.md) or paper (seed 001: h_r^2 "
                    "|rho_ee rho_ep|^2)")
    pl.add_argument("--angles", type=int, help="number of angles if the spec gives none")
    pl.add_argument("--grid", help="angle grid START_DEG,STOP_DEG,POINTS replacing the spec's")
    pl.add_argument("--widths", choices=["sourced", "low", "high", "radiative"],
                    help="widths used (default sourced; radiative: seed 001's choice, "
                    "see docs/coherence.md)")
    pl.add_argument("--horizon", help="time you can run, e.g. '3 year' (default 1 year): "
                    "the verdict lines call a question feasible when it fits")
    pl.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    pl.add_argument("--sensitivity", action="store_true", help=SENSITIVITY_HELP)
    pl.add_argument("--quiet", action="store_true", help="no progress bar")
    pl.set_defaults(func=_cmd_plan)

    cp = sub.add_parser("compare", help="plan several specs and rank them")
    cp.add_argument("specs", nargs="+", metavar="SPEC", help="spec JSON files")
    cp.add_argument("--out", help="ranking table file (Markdown; a .csv is written beside it)")
    cp.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"],
                    help="RENP phase-space model (default: finite)")
    cp.add_argument("--ranp-model", choices=["derived", "paper"],
                    help="RANP rate: derived (default) or paper (seed 000 eq. 7)")
    cp.add_argument("--angles", type=int, help="number of angles if the spec gives none")
    cp.add_argument("--sensitivity", action="store_true", help=SENSITIVITY_HELP)
    cp.add_argument("--quiet", action="store_true", help="no progress bar")
    cp.set_defaults(func=_cmd_compare)

    sn = sub.add_parser("scan", help="plan a spec over a grid of field values (resumable)")
    sn.add_argument("spec", metavar="SPEC", help="spec JSON file")
    sn.add_argument("--set", action="append", required=True, metavar="PATH=V1,V2,...",
                    help="field path and values (pint strings), or PATH=linspace(a, b, n) / "
                    "geomspace(a, b, n); several --set make a cartesian grid")
    sn.add_argument("--executor", default="processes",
                    help="processes (default), serial, dask (local cluster) or dask://HOST:PORT")
    sn.add_argument("--workers", type=int, help="workers of the pool (default: CPU count)")
    sn.add_argument("--out", help="output .csv or .jsonl (default scan_<spec>.csv); points "
                    "already in it are skipped")
    sn.add_argument("--restart", action="store_true", help="ignore rows already in --out")
    sn.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"],
                    help="RENP phase-space model (default: finite)")
    sn.add_argument("--angles", type=int, help="number of angles if the spec gives none")
    sn.add_argument("--quiet", action="store_true", help="no progress bar")
    sn.set_defaults(func=_cmd_scan)

    op = sub.add_parser("optimize", help="maximise a plan figure or minimise an exposure time")
    op.add_argument("spec", metavar="SPEC", help="spec JSON file")
    goal = op.add_mutually_exclusive_group(required=True)
    goal.add_argument("--maximize", metavar="KEY", help="a result key, e.g. rate_peak")
    goal.add_argument("--minimize", metavar="KEY", help="a result key")
    goal.add_argument("--minimize-exposure", metavar="QUESTION",
                      help="an exposure question, e.g. 'signal at 5 sigma'")
    op.add_argument("--against", help="alternative hypothesis label of the exposure question")
    op.add_argument("--vary", action="append", required=True, metavar="PATH=LOW:HIGH[:log]",
                    help="a spec field and its bounds (pint strings), ':log' for a log scale; "
                    "repeat for several fields")
    op.add_argument("--method", default="auto",
                    choices=["auto", "bounded", "nelder-mead", "differential-evolution"],
                    help="optimiser (default auto: bounded for one field, else Nelder-Mead)")
    op.add_argument("--no-constraints", action="store_true",
                    help="do not treat failed verdicts (McQ) as infeasible")
    op.add_argument("--xatol", type=float, default=1e-3,
                    help="tolerance as a fraction of each (log) range (default 1e-3)")
    op.add_argument("--executor", default="serial", help="where the coarse grid runs")
    op.add_argument("--workers", type=int, help="workers of the pool (default: CPU count)")
    op.add_argument("--out", help="write the result and evaluation path as JSON")
    op.add_argument("--model", choices=["finite", "finite-3d", "inplane", "infinite"],
                    help="RENP phase-space model (default: finite)")
    op.add_argument("--angles", type=int, help="number of angles if the spec gives none")
    op.add_argument("--quiet", action="store_true", help="no progress bar")
    op.set_defaults(func=_cmd_optimize)

    sy = sub.add_parser("study", help="a sensitivity study over a grid of neutrino "
                        "hypotheses (resumable)")
    sy.add_argument("spec", metavar="SPEC", help="RENP spec JSON file (its truth hypothesis "
                    "and detector)")
    sy.add_argument("--masses", default="0,100,1", metavar="START,STOP,STEP",
                    help="lightest mass grid in meV (default 0,100,1)")
    sy.add_argument("--orderings", default="NO,IO",
                    help="comma-separated mass orderings (default NO,IO)")
    sy.add_argument("--natures", default="dirac,majorana",
                    help="comma-separated natures (default dirac,majorana)")
    sy.add_argument("--majorana-phases", action="append", metavar="ALPHA,BETA",
                    help="Majorana phases in deg (repeatable; default 0,0)")
    sy.add_argument("--model", default="finite",
                    help="comma-separated models: finite, finite-3d, inplane, infinite")
    sy.add_argument("--grid", help="angle grid START_DEG,STOP_DEG,POINTS replacing the spec's")
    sy.add_argument("--executor", default="serial",
                    help="serial (default), processes, dask or dask://HOST:PORT")
    sy.add_argument("--workers", type=int, help="workers of the processes executor")
    sy.add_argument("--out", help="output folder (default study_out/<spec name>); finished "
                    "chunks in it are reused")
    sy.add_argument("--restart", action="store_true", help="ignore finished chunks")
    sy.add_argument("--quiet", action="store_true", help="no progress bar")
    sy.set_defaults(func=_cmd_study)

    pc = sub.add_parser("paper-check", help="printed numbers of the papers beside ours")
    pc.add_argument("--json", action="store_true", help="JSON list of row objects")
    pc.add_argument("--markdown", action="store_true", help="a Markdown table")
    pc.add_argument("--status", choices=["agree", "differs", "needs-data", "slip", "input",
                                         "model", "unclassified"],
                    help="only rows with this status or class of difference")
    pc.set_defaults(func=_cmd_paper_check)
    add_candidates_parser(sub)
    return p


def _inputs(args: argparse.Namespace) -> str:
    for name in ("spec", "specs", "files"):
        val = getattr(args, name, None)
        if val:
            return " ".join(val) if isinstance(val, list) else str(val)
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit codes are those of the module docstring."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        print("expdesign: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    cmd = f"expdesign {args.command}"
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into e.g. `head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"{cmd}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except UsageError as exc:
        print(f"{cmd}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ed.SpecError as err:  # e.g. a target file read by the API
        for prob in err.problems:
            print(str(prob), file=sys.stderr)
        return err.exit_code
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 3
        if os.environ.get("EXPDESIGN_TRACEBACK"):
            raise
        what = " ".join(f"{type(exc).__name__}: {exc}".split())
        if len(what) > 300:
            what = what[:297] + "..."
        inputs = _inputs(args)
        print(f"{cmd}: internal error{' on ' + inputs if inputs else ''}: {what} -- this "
              f"is a bug: please report it at {REPORT_TO} with the command line, the spec "
              "and this line (EXPDESIGN_TRACEBACK=1 shows the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
