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

    @property
    def ground(self) -> Multiplet:
        """The ground multiplet."""
        return min(self.multiplets, key=lambda m: m.energy_cm)


def _n_expected(j: float, kramers: bool) -> int:
    """Stark levels of a J-multiplet in a low-symmetry site (C2 of LaF3)."""
    return int(j + 0.5) if kramers else int(2 * j + 1)


def _raw() -> dict[str, object]:
    text = resources.files("expdesign.candidates").joinpath(
        "data/levels_laf3.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def levels_source() -> str:
    """The citation of the shipped level tables."""
    return str(_raw()["source"])


def _runs(rows: list[list[object]]) -> list[tuple[str, list[tuple[float | None, float | None]]]]:
    runs: list[tuple[str, list[tuple[float | None, float | None]]]] = []
    for label, exp, calc in rows:
        val = (None if exp is None else float(exp),  # type: ignore[arg-type]
               None if calc is None else float(calc))  # type: ignore[arg-type]
        if runs and runs[-1][0] == label:
            runs[-1][1].append(val)
        else:
            runs.append((str(label), [val]))
    return runs


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
    raw = _raw()["ions"]
    out: dict[str, IonLevels] = {}
    for ion in IONS:
        n = N_ELECTRONS[ion]
        kramers = n % 2 == 1
        rows = raw[ion]["stark_levels"]  # type: ignore[index]
        mults: list[Multiplet] = []
        missing: list[str] = []
        for label, vals in _runs(rows):
            terms = [t.strip() for t in label.split(",")]
            parsed = [(t, parse_term(t)) for t in terms]
            for t, p in parsed:
                if p is None:
                    missing.append(f"unreadable term label {t!r} in {label!r} (as printed)")
                    continue
                s, l_, j = p
                exp = [e for e, _ in vals if e is not None]
                calc = [c for _, c in vals if c is not None]
                if not exp and not calc:
                    continue
                from_exp = bool(exp)
                energy = min(exp) if exp else min(calc)
                others = tuple(o for o, _ in parsed if o != t)
                mults.append(Multiplet(ion, t, s, l_, j, max(energy, 0.0), from_exp,
                                       len(exp), _n_expected(j, kramers), others))
        mults.sort(key=lambda m: m.energy_cm)
        for m in mults:
            if not m.from_experiment:
                missing.append(f"{m.label} ({m.energy_cm:.0f} cm^-1): no experimental level, "
                               "calculated energy used")
        out[ion] = IonLevels(ion, n, mults, missing)
    return out
