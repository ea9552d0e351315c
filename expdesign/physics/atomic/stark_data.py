"""Loader of reference Stark M_J compositions from the shipped target files.

The Er3+:YLF compositions of seed 001 eqs. (34)-(36) live once, in ``targets/er_ylf.json``
(``levels[*].mj_composition``, each level with its ``source``), the same file the
Planner reads through :class:`expdesign.models.target.Level`.  The kernels of
:mod:`expdesign.physics.atomic.stark` take compositions as parameters; this loader reads
them for callers that work without a Target model (paper checks, notebooks, tests).
It reads the JSON directly (plain ``json``, no pydantic, no pint), so the physics package
does not depend on ``expdesign.models``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["StarkComposition", "load_stark_mixing"]


@dataclass(frozen=True)
class StarkComposition:
    """The M_J composition of one Stark level, with its source.

    Attributes
    ----------
    level
        Level label in the target file (``'e'``, ``'p'``, ``'g'`` for Er3+:YLF).
    term
        Term symbol of the J-manifold (``'2H11/2'``), may be empty.
    J
        Total angular momentum of the manifold.
    composition
        ``{"|M_J|": probability}`` (dimensionless), the format the Stark kernels take.
    source
        Citation of the level's numbers as the target file gives it.
    """

    level: str
    term: str
    J: float
    composition: dict[str, float]
    source: str


def _targets_root() -> Traversable:
    """Shipped targets: package data of ``expdesign.targets`` when importable (installed or
    editable), else the ``targets/`` folder beside the source tree."""
    try:
        return resources.files("expdesign.targets")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "targets"


def load_stark_mixing(target: str = "er_ylf") -> dict[str, StarkComposition]:
    """M_J compositions of the levels of a shipped target that carry one.

    Parameters
    ----------
    target
        Bare name of a shipped target file (``'er_ylf'`` reads ``targets/er_ylf.json``).

    Returns
    -------
    dict
        Level label -> :class:`StarkComposition`, for every level with an
        ``mj_composition`` (for ``'er_ylf'``: e = 2H11/2, seed 001 eq. (34); p = 4I13/2,
        eq. (35); g = 4I15/2, eq. (36)).

    Raises
    ------
    FileNotFoundError
        If no such target is shipped.
    ValueError
        If a level with a composition has no source.
    """
    text = _targets_root().joinpath(f"{target}.json").read_text("utf-8")
    data = json.loads(text)
    out: dict[str, StarkComposition] = {}
    for lev in data.get("levels", []):
        comp = lev.get("mj_composition")
        if not comp:
            continue
        source = str(lev.get("source", "")).strip()
        if not source:
            raise ValueError(f"level {lev.get('label')!r} of {target!r} has no source")
        out[str(lev["label"])] = StarkComposition(
            level=str(lev["label"]), term=str(lev.get("term", "")), J=float(lev["J"]),
            composition={str(k): float(v) for k, v in comp.items()}, source=source)
    return out
