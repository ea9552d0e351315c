"""Er3+:YLF reference numbers for the four-level model, read from the shipped target.

The numbers live once, in ``targets/er_ylf.json`` (installed as the package data of
``expdesign.targets``), each with its source: level energies from seed 001 eqs.
(25)-(26) and the MD/ED A-coefficients of seed 001 Table 1 (radiative rates computed
for Er3+:Cs2NaYF6, seed 001 ref. [18], used for YLF as the paper does).  This module
only reads them (plain JSON; no pint: the two units used, ``eV`` and ``/s``, are
parsed here) and maps the target's level labels ``g, p, q, e`` onto the four levels
of the model; transitions from a model level to a level outside the model
(``e -> 4I9/2``: 0.49 MD + 5.52 ED s^-1) become the out-of-manifold rate.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from expdesign.physics.bloch.parameters import LEVELS, FourLevelParams, rate_s_to_eV

__all__ = ["ER_YLF_TARGET", "number_with_unit", "er_ylf_table1", "er_ylf_params"]

#: File name of the shipped Er3+:YLF target that holds the numbers.
ER_YLF_TARGET = "er_ylf.json"


def _targets_dir() -> Traversable | Path:
    """Shipped targets: package data of ``expdesign.targets`` when installed, else the
    ``targets/`` folder beside the source tree."""
    try:
        return resources.files("expdesign.targets")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[3] / "targets"


def number_with_unit(text: str, unit: str) -> float:
    """``'24.82 /s'`` -> 24.82 for ``unit='/s'``; any other unit is an error."""
    parts = str(text).split()
    if len(parts) != 2 or parts[1] != unit:
        raise ValueError(f"expected '<number> {unit}' in {ER_YLF_TARGET}, got {text!r}")
    return float(parts[0])


@lru_cache(maxsize=1)
def _target_json() -> dict[str, Any]:
    text = _targets_dir().joinpath(ER_YLF_TARGET).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def er_ylf_table1() -> dict[str, Any]:
    """Er3+ data of seed 001 Table 1 and eqs. (25)-(27), as plain numbers.

    Read from ``targets/er_ylf.json`` (a fresh dict on every call).

    Returns
    -------
    dict
        ``energies`` (eV) of g, p, q, e (seed 001 eqs. (25)-(26)); ``a_md`` and
        ``a_ed``: dicts ``(from, to) -> rate in s^-1`` (radiative A-coefficients
        calculated for Er3+:Cs2NaYF6, seed 001 Table 1, ref. [18]); ``a_out``: rates
        (s^-1) from each level to levels outside the manifold (``e -> 4I9/2``: 0.49
        MD + 5.52 ED); ``sources``: the target's source note of each level
        (``level``) and transition (``(from, to)``).
    """
    data = _target_json()
    levels = {lv["label"]: lv for lv in data["levels"]}
    energies = tuple(number_with_unit(levels[name]["energy"], "eV") for name in LEVELS)
    a_md: dict[tuple[str, str], float] = {}
    a_ed: dict[tuple[str, str], float] = {}
    a_out: dict[str, float] = {}
    sources: dict[Any, str] = {name: str(levels[name].get("source", "")) for name in LEVELS}
    for tr in data["transitions"]:
        up, lo = tr["upper"], tr["lower"]
        if up not in LEVELS:
            continue
        md = number_with_unit(tr["A_md"], "/s") if "A_md" in tr else None
        ed = number_with_unit(tr["A_ed"], "/s") if "A_ed" in tr else None
        if "A" in tr:
            raise ValueError(f"{ER_YLF_TARGET}: {up}->{lo} needs the MD/ED split")
        if lo in LEVELS:
            if md is not None:
                a_md[(up, lo)] = md
            if ed is not None:
                a_ed[(up, lo)] = ed
            sources[(up, lo)] = str(tr.get("source", ""))
        else:
            total = (md if md is not None else 0.0) + (ed if ed is not None else 0.0)
            a_out[up] = a_out.get(up, 0.0) + total
            sources[(up, lo)] = str(tr.get("source", ""))
    return {"energies": energies, "a_md": a_md, "a_ed": a_ed, "a_out": a_out,
            "sources": sources}


def er_ylf_params(i_qg_eV4: float, i_eq_eV4: float, i_pg_eV4: float, t_delay: float,
                  **kwargs: Any) -> FourLevelParams:
    """Seed 001 Er3+:YLF four-level parameters from Table 1 (rates in s^-1 -> eV).

    Parameters
    ----------
    i_qg_eV4, i_eq_eV4, i_pg_eV4
        intensities (eV^4) of the g-q, q-e and trigger p-g lasers.
    t_delay
        trigger delay (eV^-1).
    **kwargs
        passed to :meth:`FourLevelParams.from_rates` (``combine``, ``field``,
        ``leak_to``, ``dephasing``, ...).
    """
    tab = er_ylf_table1()
    conv = {k: rate_s_to_eV(v) for k, v in tab["a_md"].items()}
    conv_ed = {k: rate_s_to_eV(v) for k, v in tab["a_ed"].items()}
    out = {k: rate_s_to_eV(v) for k, v in tab["a_out"].items()}
    return FourLevelParams.from_rates(tab["energies"], conv, conv_ed,
                                      (i_qg_eV4, i_eq_eV4, i_pg_eV4), t_delay,
                                      a_out_eV=out, **kwargs)
