"""Command-line interface: ``expdesign validate | schema | paper-check | ...``.

Thin: it parses arguments, calls the public API and formats what comes back.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


def _cmd_paper_check(args: argparse.Namespace) -> int:
    from expdesign.paper_check import collect, format_table, to_json_list

    rows = collect()
    if args.status:
        rows = [r for r in rows if r.status == args.status]
    if args.json:
        print(json.dumps(to_json_list(rows), indent=2))
    else:
        print(format_table(rows, markdown=args.markdown))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from expdesign.io import SpecError, load_any
    from expdesign.models import Target

    worst = 0
    for f in args.files:
        try:
            obj = load_any(f)
        except SpecError as err:
            for prob in err.problems:
                print(str(prob), file=sys.stderr)
            worst = max(worst, err.exit_code)
            continue
        kind = "target" if isinstance(obj, Target) else f"{obj.process} spec"
        print(f"{f}: valid {kind} ({obj.name})")
    return worst


def _default_schema_dir() -> str:
    from pathlib import Path

    here = Path.cwd() / "schemas"
    return str(here)


def _cmd_schema(args: argparse.Namespace) -> int:
    from expdesign import schema

    folder = args.dir or _default_schema_dir()
    if args.check:
        bad = schema.stale(folder)
        if bad:
            print(f"stale schema files in {folder}: {', '.join(bad)} "
                  "(run 'expdesign schema' to regenerate)", file=sys.stderr)
            return 1
        print(f"schema files in {folder} are current")
        return 0
    for p in schema.write(folder):
        print(f"wrote {p}")
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
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
