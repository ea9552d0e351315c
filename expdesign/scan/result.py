"""Scan results: rows in files (CSV / JSON Lines) and the :class:`ScanResult`.

Rows are appended to the output file (``.jsonl`` or ``.csv``) as they complete
(:class:`RowAppender`); :func:`read_rows` reads a file back, dropping a partly
written last line (an interrupted write), and types CSV cells back to floats and
strings.  :func:`write_rows` rewrites a file atomically.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "META",
    "RowAppender",
    "ScanResult",
    "columns_of",
    "read_rows",
    "write_rows",
]

META = ("point_hash", "status", "error", "failed_verdicts", "failed_validity")
"""The meta columns of a row (always strings)."""
_STRING_PREFIXES = ("param:", "verdict:", "exposure_status:")


def _kind(path: Path) -> str:
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


def columns_of(rows: Iterable[dict[str, Any]]) -> list[str]:
    """Union of the row keys: meta columns and params first, then first-seen order."""
    seen: dict[str, None] = {}
    rows = list(rows)
    for r in rows:
        for k in r:
            if k.startswith("param:"):
                seen.setdefault(k)
    head = [k for k in ("point_hash",) if any(k in r for r in rows)] + list(seen)
    head += [k for k in META[1:] if any(k in r for r in rows)]
    rest: dict[str, None] = {}
    for r in rows:
        for k in r:
            if k not in rest and k not in head:
                rest[k] = None
    return head + list(rest)


def _parse_cell(col: str, val: str) -> Any:
    if col in META or col.startswith(_STRING_PREFIXES) or col.endswith("_unit"):
        return val
    return float(val)


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a scan output file (``.csv`` or JSON Lines); a partial last line (an
    interrupted write) is dropped.  CSV cells are typed back (floats / strings)."""
    path = Path(path)
    if not path.exists():
        return []
    text = path.read_text("utf-8")
    if not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]  # drop a partly written last line
    if _kind(path) == "jsonl":
        rows = []
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return rows
    lines = text.splitlines()
    if not lines:
        return []
    out = []
    for rec in csv.DictReader(lines):
        if None in rec:  # more cells than the header: damaged line
            continue
        row = {}
        try:
            for k, v in rec.items():
                if v is None:
                    raise ValueError("short line")
                if v == "" and k not in META:
                    continue
                row[k] = _parse_cell(k, v)
        except ValueError:
            continue
        if "point_hash" in row:
            out.append(row)
    return out


def write_rows(rows: list[dict[str, Any]], path: str | Path) -> Path:
    """Write rows to ``.csv`` (wide, union of columns) or ``.jsonl``, atomically."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        if _kind(path) == "csv":
            w = csv.DictWriter(fh, fieldnames=columns_of(rows), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        else:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)
    return path


class RowAppender:
    """Appends rows as they complete; CSV gets its header widened when a row brings a
    new column (the file is then rewritten, atomically)."""

    def __init__(self, path: Path | None, existing: list[dict[str, Any]]) -> None:
        self.path = path
        self.rows: list[dict[str, Any]] = list(existing)
        self.header: list[str] = columns_of(existing)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        # normalise the file (drops a partial last line, fixes the header)
        if path.exists() or existing:
            write_rows(self.rows, path)

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if self.path is None:
            return
        if _kind(self.path) == "jsonl":
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                fh.flush()
            return
        if not self.path.exists() or any(k not in self.header for k in row):
            self.header = columns_of(self.rows)
            write_rows(self.rows, self.path)
            return
        with self.path.open("a", encoding="utf-8", newline="") as fh:
            csv.DictWriter(fh, fieldnames=self.header, lineterminator="\n").writerow(row)
            fh.flush()


@dataclass
class ScanResult:
    """A finished (or interrupted) scan: rows in grid order."""

    rows: list[dict[str, Any]]
    points: list[dict[str, str]]
    n_run: int
    n_skipped: int
    out: Path | None = None
    complete: bool = True
    foreign: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return columns_of(self.rows)

    def column(self, key: str) -> list[Any]:
        """Values of one column in grid order (None where a row lacks it)."""
        return [r.get(key) for r in self.rows]

    def to_csv(self, path: str | Path) -> Path:
        return write_rows(self.rows, Path(path).with_suffix(".csv"))

    def to_jsonl(self, path: str | Path) -> Path:
        return write_rows(self.rows, Path(path).with_suffix(".jsonl"))

    def to_json(self, path: str | Path | None = None) -> str:
        text = json.dumps(self.rows, indent=1, ensure_ascii=False)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text
