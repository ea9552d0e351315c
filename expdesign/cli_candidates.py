"""``expdesign candidates``: enumerate and rank lanthanide RENP / RANP level schemes.

Writes, per process, ``candidates_<process>.md`` (ranked table, rejection counts, missing
data), ``candidates_<process>.csv`` (every admitted path, ranked),
``rejected_<process>.csv`` (every rejected path and the rule that rejected it) and
``candidates_<process>.png`` (figure of merit against pair energy) into ``--out``.
With ``--plan SPEC...`` each spec is planned (the Planner's public API) and its rate and
exposures are appended to the report of its process, beside the rank the search gives its
path (e.g. ``--plan schemas/examples/*.json``: the Er/Ho check of docs/candidates.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import expdesign as ed
from expdesign.candidates import IONS
from expdesign.candidates.search import (
    PAPER_PATHS,
    PROCESSES,
    SearchResult,
    ranking_csv,
    ranking_markdown,
    rejected_csv,
    search,
)
from expdesign.cli_support import UsageError, make_out_dir

__all__ = ["add_candidates_parser", "cmd_candidates"]


def add_candidates_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``candidates`` command on the CLI's sub-parsers."""
    c = sub.add_parser("candidates", help="enumerate and rank lanthanide RENP/RANP level "
                       "schemes (docs/candidates.md)")
    c.add_argument("--process", choices=PROCESSES, action="append",
                   help="RENP or RANP (repeatable; default both)")
    c.add_argument("--ions", nargs="+", metavar="ION", default=None,
                   help=f"ions to search (default all: {' '.join(IONS)})")
    c.add_argument("--host", default="LaF3",
                   help="host of the level tables (only LaF3 ships: Carnall et al. 1989)")
    c.add_argument("--lightest-mass", type=float, default=0.05, metavar="EV",
                   help="largest lightest-neutrino mass in eV whose pair thresholds must "
                   "be reachable (default 0.05)")
    c.add_argument("--phonon-cm", type=float, default=None, metavar="CM-1",
                   help="host phonon energy (cm^-1) for the quench rule: reject paths whose "
                   "level e lies < 5 phonons above the next lower multiplet (default: not "
                   "applied; no sourced value ships)")
    c.add_argument("--plan", nargs="+", metavar="SPEC", default=[],
                   help="plan these specs and add their rates and exposures beside the rank "
                   "of their path (e.g. schemas/examples/*.json)")
    c.add_argument("--top", type=int, default=30, help="rows of the Markdown table")
    c.add_argument("--out", default="candidates_out", help="output folder")
    c.set_defaults(func=cmd_candidates)


def cmd_candidates(args: argparse.Namespace) -> int:
    """Run the search and write its tables and figure; print the top of each ranking."""
    # matplotlib loads only when this command runs (a cold `expdesign plan` needs none)
    from expdesign.candidates.figure import write_search_figure

    ions = [i.strip().capitalize().removesuffix("3+") for i in args.ions] if args.ions else None
    if ions:
        bad = [i for i in ions if i not in IONS]
        if bad:
            raise UsageError(f"--ions: unknown {', '.join(bad)}; choose from {' '.join(IONS)}")
    if args.host != "LaF3":
        raise UsageError(f"--host: no level tables for {args.host!r}; only LaF3 ships "
                         "(Carnall et al. 1989)")
    if not 0 <= args.lightest_mass <= 1:
        raise UsageError("--lightest-mass: give a mass in eV between 0 and 1")
    if args.phonon_cm is not None and not 0 < args.phonon_cm < 5000:
        raise UsageError("--phonon-cm: give a phonon energy in cm^-1 between 0 and 5000")
    if args.top < 1:
        raise UsageError("--top: give a positive number of rows")
    specs = []
    for f in args.plan:
        try:
            specs.append(ed.load_spec(f))
        except ed.SpecError as err:
            raise UsageError(f"--plan: {f}: {err.problems[0] if err.problems else err}"
                             ) from None
    out = Path(args.out)
    make_out_dir(out)
    for proc in args.process or list(PROCESSES):
        res = search(proc, ions=ions, host=args.host, lightest_mass_ev=args.lightest_mass,
                     phonon_cm=args.phonon_cm)
        stem = proc.lower()
        md = ranking_markdown(res, top=args.top)
        mine = [s for s in specs if s.process == proc]
        if mine:
            md += _planned_section(res, mine)
        (out / f"candidates_{stem}.md").write_text(md, encoding="utf-8")
        (out / f"candidates_{stem}.csv").write_text(ranking_csv(res), encoding="utf-8")
        (out / f"rejected_{stem}.csv").write_text(rejected_csv(res), encoding="utf-8")
        fig = write_search_figure(res, out / f"candidates_{stem}.png",
                                  highlight=tuple(PAPER_PATHS.values()))
        print(f"{proc}: {len(res.admitted)} admitted, {len(res.rejected)} rejected paths "
              f"-> {out / f'candidates_{stem}.md'}, .csv, {fig.name}")
        for k, p in enumerate(res.admitted[:5], 1):
            fom = f"{p.fom:.3g} eV^2" if p.fom is not None else "not evaluable"
            print(f"  {k}. {p.ion}3+ {p.describe()}  pair {p.pair_energy_ev:.3f} eV  "
                  f"FOM {fom}")
    return 0


_ORDER = {"RENP": ("g", "q", "e", "p"), "RANP": ("g", "e", "p", "q")}


def _path_text(spec: ed.ExperimentSpec) -> str:
    """The spec's path as the search writes it (terms of the target's levels)."""
    terms = {lv.label: lv.term for lv in spec.resolved_target.levels}
    return " ".join(f"{r}={terms.get(spec.path[r], '?')}" for r in _ORDER[spec.process]
                    if r in spec.path)


def _exposure(plan: ed.Plan, question: str) -> str:
    """The exposure to ``question`` (first one whose name starts so), or n/a."""
    for e in plan.exposures:
        if e.question.startswith(question) and e.time is not None:
            return f"{e.time.to('year').m:.3g} yr"
    return "n/a"


def _planned_section(res: SearchResult, specs: list[ed.ExperimentSpec]) -> str:
    """Markdown: each spec's plan (rate, exposures) beside its path's rank in the search."""
    ranks: dict[tuple[str, str], int] = {}
    for k, p in enumerate(res.admitted, 1):
        ranks.setdefault((p.ion, p.describe()), k)
    lines = ["", "## Planned designs (Planner, default settings)", "",
             "| spec | path | rank in this search | rate (1/s) | exposure to 5 sigma signal "
             "| exposure NO vs IO at 5 sigma |", "|---|---|---|---|---|---|"]
    for spec in specs:
        plan = ed.Planner(spec).run()
        vals = {r.key: r.value for r in plan.results}
        rate = vals.get("rate_total", vals.get("rate_peak"))
        rate_txt = "n/a" if rate is None else f"{rate.to('1/s').m:.3g}"
        ion = spec.resolved_target.name[:2]
        text = _path_text(spec)
        rank = ranks.get((ion, text))
        rank_txt = str(rank) if rank is not None else "not admitted or not in the search"
        lines.append(f"| {spec.name} | {ion}: {text} | {rank_txt} | {rate_txt} | "
                     f"{_exposure(plan, 'signal at 5 sigma')} | {_exposure(plan, 'NO vs IO')} |")
    return "\n".join(lines) + "\n"
