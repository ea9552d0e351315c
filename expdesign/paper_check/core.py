"""Row type, status rule, collection and formatting of the paper-check table."""

from __future__ import annotations

import importlib
import math
import pkgutil
from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["agree", "differs", "needs-data"]

DEFAULT_RTOL = 0.02


@dataclass(frozen=True)
class Row:
    """One printed number of a seed paper beside the value expdesign derives.

    Parameters
    ----------
    quantity
        What is compared, in words (e.g. ``"h_r at I_t = 10 mW/cm^2"``).
    source
        Where the paper prints it, e.g. ``"seed 001 eq. (9)"``.
    paper
        The printed value (``None`` where the paper prints none).
    ours
        The value our code derives (``None`` where an input is missing).
    unit
        Unit of both numbers (``""`` for dimensionless).
    reason
        Why they differ, or what input is missing; a short note otherwise.
    rtol
        Relative tolerance for ``agree`` (default 2 %).
    """

    quantity: str
    source: str
    paper: float | None
    ours: float | None
    unit: str = ""
    reason: str = ""
    rtol: float = DEFAULT_RTOL
    topic: str = field(default="", compare=False)

    @property
    def status(self) -> Status:
        if self.paper is None or self.ours is None:
            return "needs-data"
        if not (math.isfinite(self.paper) and math.isfinite(self.ours)):
            return "differs"
        scale = max(abs(self.paper), 1e-300)
        return "agree" if abs(self.ours - self.paper) <= self.rtol * scale else "differs"

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("topic")
        d["status"] = self.status
        d["paper"] = _plain(self.paper)
        d["ours"] = _plain(self.ours)
        return {k: d[k] for k in ("quantity", "source", "paper", "ours", "unit", "status",
                                  "reason", "rtol")}


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
            out.append(Row(**{**asdict(r), "topic": topic}))
    return out


def to_json_list(rows: list[Row]) -> list[dict]:
    """Rows as JSON-ready dicts with keys quantity, source, paper, ours, unit, status, reason."""
    return [r.as_dict() for r in rows]


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    if x == 0:
        return "0"
    a = abs(x)
    if 1e-3 <= a < 1e5:
        return f"{x:.5g}"
    return f"{x:.4e}"


def format_table(rows: list[Row], markdown: bool = False) -> str:
    """A plain-text (or Markdown) table of the rows."""
    head = ["quantity", "source", "paper", "ours", "unit", "status", "reason"]
    body = [[r.quantity, r.source, _fmt(r.paper), _fmt(r.ours), r.unit, r.status, r.reason]
            for r in rows]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for b in body:
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in b) + " |")
        return "\n".join(lines)
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h)
              for i, h in enumerate(head[:-1])]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head[:-1], widths, strict=True)) + "  reason"]
    for b in body:
        lines.append("  ".join(c.ljust(w) for c, w in zip(b[:-1], widths, strict=True))
                     + "  " + b[-1])
    counts = {s: sum(r.status == s for r in rows) for s in ("agree", "differs", "needs-data")}
    lines.append(f"{len(rows)} rows: {counts['agree']} agree, {counts['differs']} differs, "
                 f"{counts['needs-data']} needs-data")
    return "\n".join(lines)
