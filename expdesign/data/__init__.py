"""Reference data shipped with the package (JSON files beside this module).

Each file carries its sources; kernels and models read them through these functions,
never through numbers written in code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["read_json", "oscillation_set_names"]


@cache
def _text(name: str) -> str:
    return resources.files("expdesign.data").joinpath(name).read_text(encoding="utf-8")


def read_json(name: str) -> Any:
    """The parsed content of the shipped data file ``name`` (e.g. ``"oscillation_sets.json"``);
    a fresh object on every call, so callers may modify it."""
    return json.loads(_text(name))


def oscillation_set_names() -> list[str]:
    """Names of the shipped neutrino oscillation-parameter sets (``oscillation_sets.json``)."""
    return sorted(k for k in read_json("oscillation_sets.json") if not k.startswith("_"))
