"""``expdesign candidates``: enumerate and rank lanthanide RENP / RANP level schemes.

Writes, per process, ``candidates_<process>.md`` (ranked table, rejection counts, missing
data), ``candidates_<process>.csv`` (every admitted path, ranked),
``rejected_<process>.csv`` (every rejected path and the rule that rejected it) and
``candidates_<process>.png`` (figure of merit against pair energy) into ``--out``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from expdesign.candidates import IONS
from expdesign.candidates.figure import write_search_figure
from expdesign.candidates.search import (
    PAPER_PATHS,
    PROCESSES,
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
    c.add_argument("--top", type=int, default=30, help="rows of the Markdown table")
    c.add_argument("--out", default="candidates_out", help="output folder")
    c.set_defaults(func=cmd_candidates)


def cmd_candidates(args: argparse.Namespace) -> int:
    """Run the search and write its tables and figure; print the top of each ranking."""
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
    if args.top < 1:
        raise UsageError("--top: give a positive number of rows")
    out = Path(args.out)
    make_out_dir(out)
    for proc in args.process or list(PROCESSES):
        res = search(proc, ions=ions, host=args.host, lightest_mass_ev=args.lightest_mass)
        stem = proc.lower()
        (out / f"candidates_{stem}.md").write_text(ranking_markdown(res, top=args.top),
                                                   encoding="utf-8")
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
