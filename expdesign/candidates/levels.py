"""J-multiplets of the trivalent lanthanides from the shipped Stark-level tables.

The data file ``data/levels_laf3.json`` holds the Stark levels of Ce3+ ... Yb3+ in LaF3
(experimental and calculated, cm^-1) of W. T. Carnall, G. L. Goodman, K. Rajnak,
R. S. Rana, J. Chem. Phys. 90, 3443 (1989), appendix tables, unchanged
(``docs/scripts/make_candidate_levels.py`` records how it was made).  This module groups
them into J-multiplets: a multiplet is a run of consecutive rows with the same printed
label; its energy is its lowest *experimental* Stark level (the papers use the lowest Stark
level of each multiplet, seed 001 sec. III, seed 000 sec. 5.1), or its lowest *calculated*
level when none was observed (flagged).  Rows printed with several term labels (mixed
levels) are grouped under each label and flagged ``blended``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from typing import Any

from expdesign.physics.constants import HC_EV_CM

__all__ = ["IONS", "N_ELECTRONS", "Multiplet", "IonLevels", "parse_term", "load_levels",
           "levels_source"]

IONS: tuple[str, ...] = ("Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er",
                         "Tm", "Yb")
#: number of 4f electrons of Ln3+ (Ce3+ 4f1 ... Yb3+ 4f13)
N_ELECTRONS: dict[str, int] = {ion: k + 1 for k, ion in enumerate(IONS)}
_L_LETTERS = "SPDFGHIKLMNOQRTUV"  # spectroscopic letters (J is skipped)
_TERM = re.compile(r"^(\d+)([SPDFGHIKLMNOQRTUV])(\d+)(/2)?$")


def parse_term(label: str) -> tuple[float, int, float] | None:
    """(S, L, J) of a term label such as ``4I15/2`` or ``5I8``; None if unreadable."""
    m = _TERM.match(label.strip())
    if not m:
        return None
    mult, letter, jnum, half = m.groups()
    s = (int(mult) - 1) / 2
    j = float(Fraction(int(jnum), 2)) if half else float(jnum)
    return s, _L_LETTERS.index(letter), j


@dataclass(frozen=True)
class Multiplet:
    """One J-multiplet of an ion (lowest Stark level, energies in cm^-1 and eV)."""

    ion: str
    label: str
    S: float
    L: int
    J: float
    energy_cm: float
    from_experiment: bool
    n_observed: int
    n_expected: int
    blended_with: tuple[str, ...] = ()

    @property
    def energy_ev(self) -> float:
        """Energy of the lowest Stark level in eV (E = h c nu~, CODATA h c)."""
        return self.energy_cm * HC_EV_CM

    @property
    def key(self) -> str:
        """A unique name within the ion (label plus its energy, cm^-1)."""
        return f"{self.label}@{self.energy_cm:.0f}"


@dataclass
class IonLevels:
    """The multiplets of one ion and what is missing from its data."""

    ion: str
    n_electrons: int
    multiplets: list[Multiplet]
    missing: list[str] = field(default_factory=list)

    @property
    def kramers(self) -> bool:
        """Odd number of 4f electrons: every Stark level is a Kramers doublet."""
        return self.n_electrons % 2 == 1

    def repeated_terms(self) -> set[tuple[float, int]]:
        """(S, L) of terms that occur more than once in the table (a J printed twice):
        for these the labels cannot tell which levels belong to one LS term."""
        seen: set[tuple[float, int, float]] = set()
        out: set[tuple[float, int]] = set()
        for m in self.multiplets:
            k = (m.S, m.L, m.J)
            if k in seen:
                out.add((m.S, m.L))
            seen.add(k)
        return out

    @property
    def ground(self) -> Multiplet:
        """The ground multiplet."""
        return min(self.multiplets, key=lambda m: m.energy_cm)


def _n_expected(j: float, kramers: bool) -> int:
    """Stark levels of a J-multiplet in a low-symmetry site (C2 of LaF3)."""
    return int(j + 0.5) if kramers else int(2 * j + 1)


def _raw() -> dict[str, Any]:
    text = resources.files("expdesign.candidates").joinpath(
        "data/levels_laf3.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def levels_source() -> str:
    """The citation of the shipped level tables."""
    return str(_raw()["source"])


Row = tuple[float | None, float | None]


def _clusters(rows: list[Row], n_expected: int) -> list[list[Row]]:
    """Split the rows of one label into terms: one cluster if they fit one multiplet,
    else at the largest energy gaps (a label printed for two terms, e.g. of different
    seniority, lies in two separate energy regions)."""
    def energy(r: Row) -> float:
        return r[0] if r[0] is not None else (r[1] if r[1] is not None else 0.0)

    rows = sorted(rows, key=energy)
    k = -(-len(rows) // max(n_expected, 1))
    if k <= 1:
        return [rows]
    gaps = sorted(range(1, len(rows)), key=lambda i: energy(rows[i]) - energy(rows[i - 1]),
                  reverse=True)[: k - 1]
    cuts = [0, *sorted(gaps), len(rows)]
    return [rows[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True)]


@lru_cache(maxsize=4)
def load_levels(host: str = "LaF3") -> dict[str, IonLevels]:
    """All 13 ions' J-multiplets in ``host`` (only LaF3 is shipped).

    Parameters
    ----------
    host
        Host crystal; ``"LaF3"`` (Carnall et al. 1989).

    Returns
    -------
    dict
        Ion symbol -> :class:`IonLevels`, multiplets sorted by energy.

    Raises
    ------
    ValueError
        For a host without shipped tables.
    """
    if host != "LaF3":
        raise ValueError(f"no J-multiplet tables for host {host!r}: only LaF3 is shipped "
                         "(Carnall et al. 1989)")
    data = _raw()
    raw = data["ions"]
    corrections = data.get("corrections", [])
    out: dict[str, IonLevels] = {}
    for ion in IONS:
        n = N_ELECTRONS[ion]
        kramers = n % 2 == 1
        rows = raw[ion]["stark_levels"]
        pure: dict[str, list[Row]] = {}
        blended: dict[str, list[Row]] = {}
        partners: dict[str, set[str]] = {}
        mults: list[Multiplet] = []
        missing: list[str] = []
        fixes = [c for c in corrections if c["ion"] == ion]
        for c in fixes:
            missing.append(f"label corrected: {c['label_as_printed']} -> {c['label']} from "
                           f"{c['from_cm']:g} cm^-1 ({c['reason']})")
        for label, exp, calc in rows:
            for c in fixes:
                e_row = calc if exp is None else exp
                if label == c["label_as_printed"] and e_row is not None \
                        and float(e_row) >= float(c["from_cm"]):
                    label = c["label"]
            val: Row = (None if exp is None else float(exp), None if calc is None else float(calc))
            terms = [x.strip() for x in str(label).split(",")]
            for term in terms:
                if parse_term(term) is None:
                    missing.append(f"unreadable term label {term!r} in {label!r} (as printed)")
                    continue
                (pure if len(terms) == 1 else blended).setdefault(term, []).append(val)
                if len(terms) > 1:
                    partners.setdefault(term, set()).update(x for x in terms if x != term)
        groups: list[tuple[str, list[Row], tuple[str, ...]]] = []
        for term, vals in pure.items():
            j = parse_term(term)[2]  # type: ignore[index]
            groups += [(term, c, ()) for c in _clusters(vals, _n_expected(j, kramers))]
        for term, vals in blended.items():
            if term not in pure:
                groups.append((term, vals, tuple(sorted(partners[term]))))
        for term, vals, others in groups:
            s, l_, j = parse_term(term)  # type: ignore[misc]
            exp = [e for e, _ in vals if e is not None]
            calc = [c for _, c in vals if c is not None]
            if not exp and not calc:
                continue
            energy = min(exp) if exp else min(calc)
            mults.append(Multiplet(ion, term, s, l_, j, max(energy, 0.0), bool(exp),
                                   len(exp), _n_expected(j, kramers), others))
        mults.sort(key=lambda m: m.energy_cm)
        for m in mults:
            if m.n_observed > m.n_expected and not m.blended_with:
                missing.append(f"{m.label} ({m.energy_cm:.0f} cm^-1): {m.n_observed} observed "
                               f"levels printed for {m.n_expected} Stark levels (labels as "
                               "printed)")
            if not m.from_experiment:
                missing.append(f"{m.label} ({m.energy_cm:.0f} cm^-1): no experimental level, "
                               "calculated energy used")
        out[ion] = IonLevels(ion, n, mults, list(dict.fromkeys(missing)))
    return out
