"""Shared state of the Planner tests: the fuzz test's counts, printed in the terminal
summary so that CI output shows how many specs and plans were checked."""

from __future__ import annotations

FUZZ_COUNTS: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest's hook
    for name, line in FUZZ_COUNTS.items():
        terminalreporter.write_line(f"{name}: {line}")
