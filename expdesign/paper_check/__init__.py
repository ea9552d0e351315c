"""The paper-check table: printed numbers of the two seed papers beside ours.

Every row is computed by code at call time (never a hand-written list of our
values).  Rows are contributed by the modules ``expdesign.paper_check.rows_*``;
each such module defines ``rows() -> list[Row]``.  :func:`collect` imports
all of them, so a new topic adds a module and nothing else.
"""

from __future__ import annotations

from .core import CAUSES, Row, Status, collect, counts, format_table, summary_line, to_json_list

__all__ = ["CAUSES", "Row", "Status", "collect", "counts", "format_table", "summary_line",
           "to_json_list"]
