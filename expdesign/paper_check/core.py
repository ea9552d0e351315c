"""Row type, status rule, collection and formatting of the paper-check table.

A row carries up to three values of one printed number:

* ``paper`` -- the value as the paper prints it;
* ``paper_arith`` -- the paper's own arithmetic redone by our code with the paper's own
  inputs (its h_r, its 3j symbol, its field, its oscillation parameters);
* ``ours`` -- the value we derive from first principles with our inputs.

Where ``paper`` and ``ours`` differ, the step that differs names the cause:
``slip`` (the paper's arithmetic with its own inputs does not give the printed number),
``input`` (the paper's arithmetic is right but an input differs from ours) or ``model``
(the paper's formula or model differs from our derivation).
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import shutil
import textwrap
from dataclasses import dataclass, field, fields
from typing import Literal

Status = Literal["agree", "differs", "needs-data"]
#: the classes of a difference, in the order a step can differ (printed -> arithmetic -> ours)
CAUSES: tuple[str, ...] = ("slip", "input", "model")

DEFAULT_RTOL = 0.02
DEFAULT_WIDTH = 100


def _close(a: float, b: float, rtol: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return bool(abs(a - b) <= rtol * max(abs(b), 1e-300))


@dataclass(frozen=True)
class Row:
    """One printed number of a seed paper beside the values expdesign derives.

    Parameters
    ----------
    quantity
        What is compared, in words (e.g. ``"h_r at I_t = 10 mW/cm^2"``).
    source
        Where the paper prints it, e.g. ``"seed 001 eq. (9)"``.
    paper
        The printed value (``None`` where the paper prints none).
    ours
        The value our code derives from first principles with our inputs (``None`` where
        an input is missing).
    unit
        Unit of all values (``""`` for dimensionless).
    reason
        Why they differ (naming the slip, the input or the model), or what input is
        missing; a short note otherwise.
    rtol
        Relative tolerance for ``agree`` (default 2 %).
    paper_arith
        Keyword only, optional: the paper's own arithmetic redone by our code with the
        paper's own inputs. Never the printed value copied.
    cause
        Keyword only, optional: the class of the difference between ``paper_arith`` (or,
        without it, ``paper``) and ``ours``: ``"slip"`` (a slip of the paper that ``ours``
        corrects, e.g. a wrong unit conversion), ``"input"``, ``"model"``, or two of them
        joined by ``"+"``.
    location
        Keyword only, optional: the printed text and where it stands (section, page text),
        when ``source`` alone does not find it.
    """

    quantity: str
    source: str
    paper: float | None
    ours: float | None
    unit: str = ""
    reason: str = ""
    rtol: float = DEFAULT_RTOL
    topic: str = field(default="", compare=False)
    paper_arith: float | None = field(default=None, kw_only=True)
    cause: str = field(default="", kw_only=True)
    location: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        bad = [c for c in self.cause.split("+") if c and c not in CAUSES]
        if bad:
            raise ValueError(f"cause must be '+'-joined from {CAUSES}, got {self.cause!r}")

    @property
    def status(self) -> Status:
        """``agree`` (printed and ours within ``rtol``), ``differs`` or ``needs-data``."""
        if self.paper is None or self.ours is None:
            return "needs-data"
        return "agree" if _close(self.ours, self.paper, self.rtol) else "differs"

    @property
    def arith_agrees(self) -> bool | None:
        """Whether the paper's arithmetic with its own inputs gives the printed value
        (``None`` without both)."""
        if self.paper is None or self.paper_arith is None:
            return None
        return _close(self.paper_arith, self.paper, self.rtol)

    @property
    def difference(self) -> str:
        """Which steps differ, ``"+"``-joined in the order ``slip``, ``input``, ``model``;
        ``"unclassified"`` for a ``differs`` row without a class; ``""`` otherwise.

        ``slip`` is found by the code when ``paper_arith`` misses the printed value; the
        step from ``paper_arith`` (or, without it, from the printed value) to ``ours`` takes
        the row's declared ``cause``.
        """
        if self.status != "differs":
            return ""
        steps = {"slip"} if self.arith_agrees is False else set()
        if self.paper_arith is not None and self.ours is not None:
            rest_differs = not _close(self.ours, self.paper_arith, self.rtol)
        else:
            rest_differs = True
        declared = {c for c in self.cause.split("+") if c}
        if rest_differs:
            steps |= declared or ({"unclassified"} if not steps else set())
        return "+".join(c for c in (*CAUSES, "unclassified") if c in steps)

    @property
    def verdict(self) -> str:
        """``agree``, ``needs-data``, or the difference class (``slip``, ``input+model``...)."""
        return self.difference or self.status

    @property
    def where(self) -> str:
        """``source`` with ``location`` appended when given."""
        return f"{self.source}; {self.location}" if self.location else self.source

    def as_dict(self) -> dict:
        """JSON-ready: the three values, the location, status, difference and reason."""
        return {
            "quantity": self.quantity, "source": self.source, "location": self.where,
            "paper": _plain(self.paper), "paper_arith": _plain(self.paper_arith),
            "ours": _plain(self.ours), "unit": self.unit, "status": self.status,
            "difference": self.difference, "reason": self.reason, "rtol": self.rtol,
        }


def _plain(x: float | None) -> float | None:
    return None if x is None else float(x)


def collect() -> list[Row]:
    """Import every ``rows_*`` module of this package and gather their rows."""
    from expdesign import paper_check as pkg

    out: list[Row] = []
    for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if not mod.name.startswith("rows_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{mod.name}")
        topic = mod.name.removeprefix("rows_")
        for r in module.rows():
            kw = {f.name: getattr(r, f.name) for f in fields(r)}
            out.append(Row(**{**kw, "topic": topic}))
    return out


def to_json_list(rows: list[Row]) -> list[dict]:
    """Rows as JSON-ready dicts: quantity, source, location, paper, paper_arith, ours, unit,
    status, difference, reason, rtol."""
    return [r.as_dict() for r in rows]


def counts(rows: list[Row]) -> dict[str, int]:
    """Counts of rows: ``rows``, ``agree``, ``differs``, ``needs-data``, and per class of
    difference (``slip``, ``input``, ``model``, ``unclassified``; a row whose difference
    has two steps counts in both)."""
    out = {"rows": len(rows)}
    for s in ("agree", "differs", "needs-data"):
        out[s] = sum(r.status == s for r in rows)
    for c in (*CAUSES, "unclassified"):
        out[c] = sum(c in r.difference.split("+") for r in rows)
    out["three-valued"] = sum(r.paper_arith is not None for r in rows)
    return out


def summary_line(rows: list[Row]) -> str:
    """One sentence with the counts (used by the CLI and docs/paper_check.md)."""
    c = counts(rows)
    line = (f"{c['rows']} rows: {c['agree']} agree, {c['differs']} differ, "
            f"{c['needs-data']} need data. Of the differences, {c['slip']} involve an "
            f"arithmetic slip of the paper, {c['input']} an input choice, {c['model']} a "
            f"model difference")
    if c["unclassified"]:
        line += f", {c['unclassified']} are unclassified"
    combos: dict[str, int] = {}
    for r in rows:
        if r.difference:
            combos[r.difference] = combos.get(r.difference, 0) + 1
    if combos:
        line += " (" + ", ".join(f"{k} {v}" for k, v in sorted(
            combos.items(), key=lambda kv: (kv[0].count("+"), kv[0]))) + ")"
    return line + f"; {c['three-valued']} rows carry the paper's own arithmetic redone."


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x == 0:
        return "0"
    a = abs(x)
    if 1e-3 <= a < 1e5:
        return f"{x:.5g}"
    return f"{x:.4e}"


def _markdown(rows: list[Row]) -> str:
    head = ["quantity", "where printed", "paper", "paper's arithmetic", "ours", "unit",
            "status", "reason"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.quantity, r.where, _fmt(r.paper), _fmt(r.paper_arith), _fmt(r.ours),
                 r.unit, r.verdict, r.reason]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _wrapped(rows: list[Row], width: int) -> str:
    width = max(width, 40)
    ind = " " * 6
    out: list[str] = []
    for k, r in enumerate(rows, 1):
        tag = f"[{r.verdict}]"
        head = f"{k:4d}  "
        first = textwrap.wrap(r.quantity, width - len(head) - len(tag) - 1) or [""]
        out.append(head + first[0].ljust(width - len(head) - len(tag)) + tag)
        out += [ind + s for s in first[1:]]
        out += textwrap.wrap(r.where, width, initial_indent=ind, subsequent_indent=ind + "  ")
        unit = f" {r.unit}" if r.unit else ""
        vals = f"paper {_fmt(r.paper)}"
        if r.paper_arith is not None:
            vals += f" | paper's arithmetic {_fmt(r.paper_arith)}"
        vals += f" | ours {_fmt(r.ours)}{unit}"
        if r.rtol != DEFAULT_RTOL:
            vals += f" (rtol {r.rtol:g})"
        out += textwrap.wrap(vals, width, initial_indent=ind, subsequent_indent=ind + "  ")
        if r.reason:
            out += textwrap.wrap(r.reason, width, initial_indent=ind + "- ",
                                 subsequent_indent=ind + "  ")
    out.append("")
    out += textwrap.wrap(summary_line(rows), width)
    return "\n".join(out)


def format_table(rows: list[Row], markdown: bool = False, width: int | None = None) -> str:
    """The rows for a person: Markdown table, or a wrapped plain-text listing.

    Parameters
    ----------
    rows
        The rows to show.
    markdown
        A Markdown table (one row per line) instead of the wrapped listing.
    width
        Line width of the plain-text listing; default the terminal's
        (``shutil.get_terminal_size``, falling back to 100 columns).
    """
    if markdown:
        return _markdown(rows)
    if width is None:
        width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    return _wrapped(rows, width)
