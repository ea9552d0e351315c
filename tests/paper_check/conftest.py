"""Shared fixtures of the paper-check tests: the full table, computed once per session
(it runs the Bloch solver and the phase-space integrals, ~15 s)."""

from __future__ import annotations

import pytest

from expdesign.paper_check import Row, collect


@pytest.fixture(scope="session")
def all_rows() -> list[Row]:
    return collect()
