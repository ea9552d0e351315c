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


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="expdesign", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

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
