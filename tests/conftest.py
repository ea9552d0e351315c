"""Suite-wide options: the extended fuzz campaigns run only when asked.

``pytest --extended`` (or ``EXPDESIGN_EXTENDED=1``) adds the tests marked ``extended``:
thousands of fuzzed specs planned under every model, tens of minutes on 2 cores. The
default run (README's test command, what CI runs) keeps their smaller default-size
versions, which print their counts.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--extended", action="store_true", default=False,
                     help="also run the extended fuzz campaigns (marker 'extended')")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--extended") or os.environ.get("EXPDESIGN_EXTENDED"):
        return
    skip = pytest.mark.skip(reason="extended fuzz campaign: run with pytest --extended")
    for item in items:
        if "extended" in item.keywords:
            item.add_marker(skip)
