"""Target models: levels, transitions (A-coefficients split MD/ED), g-factors, widths.

A target describes an ion in a host crystal or an atom in a gas.  It describes;
it computes nothing heavier than a lookup.  Every number carries its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field, field_validator, model_validator

from expdesign.models.base import StrictModel
from expdesign.models.quantities import (
    BroadeningCoefficient,
    Energy,
    NumberDensity,
    PositiveRate,
    PositiveTime,
    Rate,
    Temperature,
)
from expdesign.units import energy_to_eV, rate_to_eV

__all__ = [
    "Level",
    "Transition",
    "GFactor",
    "Width",
    "NonradiativeRate",
    "Lifetime",
    "SourcedDensity",
    "SourcedIndex",
    "SourcedTime",
    "SourcedMass",
    "LSMixing",
    "CollisionalBroadening",
    "Target",
    "parse_half_integer",
]

LABEL_PATTERN = r"^[A-Za-z][A-Za-z0-9_\-]{0,31}$"
LS_TERM_PATTERN = r"^[1-9][SPDFGHIK](0|[1-9][0-9]?|[1-9][0-9]?/2|1/2)$"


def parse_half_integer(text: str | float) -> Fraction:
    """Parse ``"7/2"``, ``"3.5"`` or ``3.5`` as a non-negative half-integer."""
    try:
        f = Fraction(str(text).strip()).limit_denominator(4)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a number") from None
    if (2 * f).denominator != 1:
        raise ValueError(f"{text!r} is not an integer or half-integer")
    return f


class Level(StrictModel):
    """An energy level (a Stark level of a J-manifold, or an atomic level).

    ``mj_composition`` maps |M_J| (as ``"1/2"``) to its probability in the level's
    state: for a Kramers doublet the weight of ``+M_J`` in one partner (equal to
    that of ``-M_J`` in the other), as seed 001 eq. (34)-(36) print it.
    """

    label: str = Field(pattern=LABEL_PATTERN, description="short unique name, e.g. 'e'")
    term: str = Field(default="", max_length=80, description="term symbol, e.g. '2H11/2'")
    ls_term: str | None = Field(
        default=None, pattern=LS_TERM_PATTERN,
        description="the LS term (2S+1)L_J of the level within its configuration when "
        "`term` is in another coupling notation and the level is a pure LS state (e.g. "
        "'3P2' for Xe 5p5 6s 2[3/2]_2, the only J = 2 level of 5p5 6s); mixed levels are "
        "described by `ls_mixing` of the target")
    J: float = Field(ge=0, le=40, allow_inf_nan=False, description="total angular momentum")
    energy: Energy
    stark_index: int | None = Field(default=None, ge=0, le=100)
    symmetry: str | None = Field(default=None, max_length=40,
                                 description="irreducible representation, e.g. Gamma_78")
    mj_composition: dict[str, float] | None = Field(
        default=None, description="{|M_J|: probability}, probabilities in [0, 1], sum <= 1")
    source: str = Field(min_length=1, max_length=400)

    @field_validator("J")
    @classmethod
    def _half_integer(cls, v: float) -> float:
        parse_half_integer(v)
        return v

    @model_validator(mode="after")
    def _ls_j(self) -> Level:
        if self.ls_term is not None and parse_half_integer(self.ls_term[2:]) != \
                parse_half_integer(self.J):
            raise ValueError(f"ls_term {self.ls_term!r} does not have J = {self.J:g}")
        return self

    @field_validator("mj_composition")
    @classmethod
    def _mj(cls, v: dict[str, float] | None, info) -> dict[str, float] | None:
        if v is None:
            return v
        if len(v) > 100:
            raise ValueError("too many M_J components")
        total = 0.0
        for key, p in v.items():
            if isinstance(p, bool) or not isinstance(p, int | float):
                raise ValueError(f"probability of M_J={key} must be a number, got {p!r}")
            if not (0.0 <= p <= 1.0):
                raise ValueError(f"probability of M_J={key} is {p}, outside [0, 1]")
            parse_half_integer(key.lstrip("+-±"))
            total += p
        if total > 1.0 + 1e-6:
            raise ValueError(f"M_J probabilities sum to {total:.4g} > 1")
        return v

    @model_validator(mode="after")
    def _mj_vs_J(self) -> Level:
        if self.mj_composition:
            J = parse_half_integer(self.J)
            for key in self.mj_composition:
                m = parse_half_integer(key.lstrip("+-±"))
                if m > J or (J - m).denominator != 1:
                    raise ValueError(f"M_J={key} is not a projection of J={self.J}")
        return self

    @property
    def energy_eV(self) -> float:
        """Level energy in eV (wavenumbers through h c)."""
        return energy_to_eV(self.energy)


class Transition(StrictModel):
    """A radiative transition upper -> lower with its A-coefficient split MD / ED.

    ``A_md`` and ``A_ed`` are spontaneous rates (s^-1: angular); seed 000 after
    eq. (6): gamma = mu^2 eps^3 / (3 pi) for M1, d^2 eps^3 / (3 pi) for E1.
    """

    upper: str = Field(pattern=LABEL_PATTERN)
    lower: str = Field(pattern=LABEL_PATTERN)
    A_md: Rate = Field(default="0 /s", validate_default=True,
                       description="magnetic-dipole part of the A-coefficient")
    A_ed: Rate = Field(default="0 /s", validate_default=True,
                       description="electric-dipole part of the A-coefficient")
    A_total: Rate | None = Field(
        default=None, description="total A-coefficient where the source gives no MD/ED split "
        "(then A_md and A_ed stay 0 and the split is unknown)")
    source: str = Field(min_length=1, max_length=400)

    @model_validator(mode="after")
    def _nonzero(self) -> Transition:
        if self.upper == self.lower:
            raise ValueError(f"transition from {self.upper!r} to itself")
        split = rate_to_eV(self.A_md) + rate_to_eV(self.A_ed)
        if self.A_total is not None:
            if split > 0:
                raise ValueError("give either the MD/ED split (A_md, A_ed) or A_total, not both")
            if rate_to_eV(self.A_total) <= 0:
                raise ValueError("A_total must be positive")
        elif split <= 0.0:
            raise ValueError("a transition needs a positive A_md, A_ed or A_total")
        return self

    @property
    def split_known(self) -> bool:
        """True when the source splits the rate into MD and ED parts."""
        return self.A_total is None

    @property
    def A_eV(self) -> float:
        """Total A-coefficient in eV."""
        if self.A_total is not None:
            return rate_to_eV(self.A_total)
        return self.A_md_eV + self.A_ed_eV

    @property
    def A_md_eV(self) -> float:
        return rate_to_eV(self.A_md)

    @property
    def A_ed_eV(self) -> float:
        return rate_to_eV(self.A_ed)


class GFactor(StrictModel):
    """A g-factor component of a level."""

    level: str = Field(pattern=LABEL_PATTERN)
    component: Literal["parallel", "perpendicular", "isotropic"]
    value: float = Field(gt=0, le=30, allow_inf_nan=False)
    source: str = Field(min_length=1, max_length=400)


def _check_range(value: float, rng: tuple[float, float] | None, what: str) -> None:
    if rng is not None and not (rng[0] <= value <= rng[1]):
        raise ValueError(f"{what}: the value is outside its range [low, high] (or low > high)")


class Width(StrictModel):
    """A homogeneous or inhomogeneous linewidth of a transition (FWHM).

    ``value`` is the FWHM: in Hz a cyclic width (a homogeneous ``Gamma_h = 1/(pi T2)``
    from a photon echo, an inhomogeneous FWHM from absorption), in s^-1 an angular one.
    ``range`` is ``[low, high]`` where the literature gives a spread (the value is the one
    the Planner uses by default); ``temperature`` is where it was measured.  ``shape`` is
    the line shape of an inhomogeneous distribution.
    """

    upper: str = Field(pattern=LABEL_PATTERN)
    lower: str = Field(pattern=LABEL_PATTERN)
    kind: Literal["homogeneous", "inhomogeneous"]
    value: PositiveRate
    range: tuple[PositiveRate, PositiveRate] | None = Field(
        default=None, description="[low, high] spanned by the sources")
    temperature: Temperature | None = Field(default=None,
                                            description="temperature of the measurement")
    shape: Literal["gaussian", "lorentzian"] = "gaussian"
    source: str = Field(min_length=1, max_length=600)

    @model_validator(mode="after")
    def _rng(self) -> Width:
        if self.range is not None:
            lo, hi = (rate_to_eV(x) for x in self.range)
            _check_range(rate_to_eV(self.value), (lo, hi), f"width {self.upper}-{self.lower}")
        return self


class NonradiativeRate(StrictModel):
    """Non-radiative (multiphonon) decay rate of a level to the next lower one.

    ``value`` at ``temperature`` (measured, or from the energy-gap law with the host's
    parameters, as ``source`` says).  With ``gap`` and ``phonon_energy`` the Planner
    carries it to the design temperature by the energy-gap law's occupation factor
    (:func:`expdesign.physics.linewidths.multiphonon_rate_at`).  ``to`` names the level it
    decays to when the target lists it (else the population leaves the modelled levels).
    """

    level: str = Field(pattern=LABEL_PATTERN)
    to: str | None = Field(default=None, pattern=LABEL_PATTERN)
    value: Rate
    range: tuple[Rate, Rate] | None = None
    temperature: Temperature
    gap: Energy | None = Field(default=None, description="energy gap to the next lower level")
    phonon_energy: Energy | None = Field(default=None,
                                         description="effective phonon energy of the host")
    source: str = Field(min_length=1, max_length=600)

    @model_validator(mode="after")
    def _rng(self) -> NonradiativeRate:
        if self.range is not None:
            lo, hi = (rate_to_eV(x) for x in self.range)
            _check_range(rate_to_eV(self.value), (lo, hi), f"non-radiative rate of {self.level}")
        if (self.gap is None) != (self.phonon_energy is None):
            raise ValueError("give both gap and phonon_energy (energy-gap law) or neither")
        if self.gap is not None and not energy_to_eV(self.gap) > 0:
            raise ValueError("gap must be > 0")
        return self


class Lifetime(StrictModel):
    """Measured or quoted lifetime of a level (may include non-radiative decay)."""

    level: str = Field(pattern=LABEL_PATTERN)
    value: PositiveTime
    includes_nonradiative: bool = False
    source: str = Field(min_length=1, max_length=400)


class SourcedDensity(StrictModel):
    value: NumberDensity
    source: str = Field(min_length=1, max_length=400)


class SourcedIndex(StrictModel):
    value: float = Field(ge=1.0, le=5.0, allow_inf_nan=False)
    source: str = Field(min_length=1, max_length=400)


class SourcedMass(StrictModel):
    """An atomic mass in unified atomic mass units (u = Da), with its source."""

    value: float = Field(gt=0.0, le=300.0, allow_inf_nan=False, description="mass in u")
    source: str = Field(min_length=1, max_length=400)


class SourcedTime(StrictModel):
    value: PositiveTime
    source: str = Field(min_length=1, max_length=400)


class LSMixing(StrictModel):
    """Two J levels of one configuration mixed from a triplet and a singlet LS term.

    ``level = a |triplet> + b |singlet>``, ``partner = -b |triplet> + a |singlet>``
    (Breit & Wills, Phys. Rev. 44, 470 (1933)).  ``b^2`` follows from the target's
    A-coefficients of ``level -> lower`` and ``partner -> lower`` (``lower`` a J = 0
    singlet: only the singlet parts radiate, with one radial dipole) and the omega^3 law
    (:func:`expdesign.physics.atomic.singlet_fraction_from_rates`); the Planner uses the
    triplet fraction ``a^2`` to reduce the LS spin matrix element of ``level``.
    """

    level: str = Field(pattern=LABEL_PATTERN, description="the triplet-like level")
    partner: str = Field(pattern=LABEL_PATTERN, description="the singlet-like level")
    lower: str = Field(pattern=LABEL_PATTERN,
                       description="the J = 0 singlet both decay to (the ground level)")
    triplet: str = Field(pattern=LS_TERM_PATTERN, description="e.g. '3P1'")
    singlet: str = Field(pattern=LS_TERM_PATTERN, description="e.g. '1P1'")
    source: str = Field(min_length=1, max_length=600)

    @model_validator(mode="after")
    def _terms(self) -> LSMixing:
        t, s = self.triplet, self.singlet
        if t[0] == "1" or s[0] != "1" or t[2:] != s[2:]:
            raise ValueError(f"ls_mixing {self.level}: triplet {t!r} and singlet {s!r} must "
                             "be a multiplet term and a singlet term of the same J")
        if len({self.level, self.partner, self.lower}) != 3:
            raise ValueError("ls_mixing: level, partner and lower must be three levels")
        return self


class CollisionalBroadening(StrictModel):
    """Pressure (collisional) broadening of the line ``upper - lower`` by ``perturber``.

    Impact regime: Lorentzian FWHM = ``coefficient`` x perturber number density, measured
    at ``temperature`` over ``density_range`` (where the source gives it); the Planner
    reports the width at the spec's number density and says when that lies outside the
    measured range.
    """

    upper: str = Field(pattern=LABEL_PATTERN)
    lower: str = Field(pattern=LABEL_PATTERN)
    perturber: str = Field(min_length=1, max_length=120,
                           description="e.g. 'ground-state Xe (self-broadening)'")
    coefficient: BroadeningCoefficient
    temperature: Temperature
    density_range: tuple[NumberDensity, NumberDensity] | None = Field(
        default=None, description="[low, high] perturber densities of the measurement")
    source: str = Field(min_length=1, max_length=600)

    @model_validator(mode="after")
    def _rng(self) -> CollisionalBroadening:
        if self.density_range is not None:
            lo, hi = (float(x.to("cm^-3").m) for x in self.density_range)
            if lo > hi:
                raise ValueError("density_range: low > high")
        return self


class Target(StrictModel):
    """An ion in a host crystal, or an atom in a gas, with the data a design needs."""

    schema_version: Literal["1"] = "1"
    name: str = Field(min_length=1, max_length=80)
    host: str | None = Field(default=None, max_length=80)
    kind: Literal["ion_in_crystal", "gas"]
    description: str = Field(default="", max_length=2000)
    number_density: SourcedDensity | None = None
    refractive_index: SourcedIndex | None = None
    rates_refractive_index: SourcedIndex | None = Field(
        default=None, description="refractive index of the medium the transitions' "
        "A-coefficients refer to (1 = vacuum rates; an ion's rates computed or measured in a "
        "host include n^3 (MD) and n((n^2+2)/3)^2 (ED)); the Planner divides these out for "
        "the neutrino-pair vertex. Absent: the rates are taken as vacuum rates and the Plan "
        "says so")
    atomic_mass: SourcedMass | None = Field(
        default=None, description="gas targets: the atom's mass (u), for the Doppler width")
    levels: list[Level] = Field(min_length=2, max_length=200)
    transitions: list[Transition] = Field(default_factory=list, max_length=2000)
    g_factors: list[GFactor] = Field(default_factory=list, max_length=200)
    widths: list[Width] = Field(default_factory=list, max_length=200)
    nonradiative: list[NonradiativeRate] = Field(
        default_factory=list, max_length=200,
        description="multiphonon decay rates of levels, with temperature and source")
    lifetimes: list[Lifetime] = Field(default_factory=list, max_length=200)
    collisional_broadening: list[CollisionalBroadening] = Field(
        default_factory=list, max_length=200,
        description="pressure-broadening coefficients of lines, with perturber, "
        "temperature and source")
    ls_mixing: list[LSMixing] = Field(
        default_factory=list, max_length=50,
        description="pairs of levels mixed from a triplet and a singlet LS term, with the "
        "transitions that fix the mixing (Breit-Wills)")
    spin_relaxation_T1: SourcedTime | None = None
    sources: dict[str, str] = Field(default_factory=dict,
                                    description="bibliography: key -> full reference")
    missing: list[str] = Field(default_factory=list,
                               description="data the design needs that no source gives")

    @model_validator(mode="after")
    def _cross(self) -> Target:
        labels = [lv.label for lv in self.levels]
        dup = {x for x in labels if labels.count(x) > 1}
        if dup:
            raise ValueError(f"duplicate level labels: {sorted(dup)}")
        by = {lv.label: lv for lv in self.levels}
        seen = set()
        for i, t in enumerate(self.transitions):
            for end in (t.upper, t.lower):
                if end not in by:
                    raise ValueError(f"transitions[{i}] names level {end!r}, which does not "
                                     f"exist (levels: {', '.join(labels)})")
            if by[t.upper].energy_eV <= by[t.lower].energy_eV:
                raise ValueError(
                    f"transitions[{i}] {t.upper}->{t.lower} goes upward or sideways in energy "
                    f"({by[t.upper].energy_eV:.6g} eV -> {by[t.lower].energy_eV:.6g} eV)")
            if (t.upper, t.lower) in seen:
                raise ValueError(f"transitions[{i}] {t.upper}->{t.lower} is listed twice")
            seen.add((t.upper, t.lower))
        named: list[tuple[str, Sequence[GFactor | Lifetime]]] = [
            ("g_factors", self.g_factors), ("lifetimes", self.lifetimes)]
        for name, items in named:
            for i, g in enumerate(items):
                if g.level not in by:
                    raise ValueError(f"{name}[{i}] names level {g.level!r}, which does not exist")
        for i, w in enumerate(self.widths):
            for end in (w.upper, w.lower):
                if end not in by:
                    raise ValueError(f"widths[{i}] names level {end!r}, which does not exist")
        for i, cb in enumerate(self.collisional_broadening):
            for end in (cb.upper, cb.lower):
                if end not in by:
                    raise ValueError(f"collisional_broadening[{i}] names level {end!r}, "
                                     "which does not exist")
        for i, mx in enumerate(self.ls_mixing):
            for mlab in (mx.level, mx.partner, mx.lower):
                if mlab not in by:
                    raise ValueError(f"ls_mixing[{i}] names level {mlab!r}, which does not "
                                     "exist")
            if by[mx.lower].J != 0 or by[mx.level].J != by[mx.partner].J or \
                    parse_half_integer(mx.triplet[2:]) != parse_half_integer(by[mx.level].J):
                raise ValueError(f"ls_mixing[{i}]: level and partner need the J of the terms, "
                                 "lower needs J = 0")
            for up in (mx.level, mx.partner):
                if (up, mx.lower) not in seen:
                    raise ValueError(f"ls_mixing[{i}] needs the transition {up}->{mx.lower} "
                                     "(its A-coefficient fixes the mixing)")
        for i, nr in enumerate(self.nonradiative):
            for lab in (nr.level, nr.to):
                if lab is not None and lab not in by:
                    raise ValueError(f"nonradiative[{i}] names level {lab!r}, which does "
                                     "not exist")
        return self

    # ---------------------------------------------------------------- lookups
    def level(self, label: str) -> Level:
        """The level with this label (KeyError with the known labels otherwise)."""
        for lv in self.levels:
            if lv.label == label:
                return lv
        raise KeyError(f"{self.name} has no level {label!r}; "
                       f"levels: {', '.join(x.label for x in self.levels)}")

    def spacing_eV(self, upper: str, lower: str) -> float:
        """Energy difference E_upper - E_lower in eV."""
        return self.level(upper).energy_eV - self.level(lower).energy_eV

    def transition(self, upper: str, lower: str) -> Transition | None:
        """The transition upper -> lower, or None if the target lists none."""
        for t in self.transitions:
            if t.upper == upper and t.lower == lower:
                return t
        return None

    def total_decay_eV(self, label: str) -> float:
        """Sum of the listed radiative A-coefficients out of a level, in eV."""
        return sum(t.A_eV for t in self.transitions if t.upper == label)

    def widths_of(self, a: str, b: str, kind: str) -> list[Width]:
        """The listed widths of the transition between levels a and b (either order)."""
        return [w for w in self.widths if w.kind == kind and {w.upper, w.lower} == {a, b}]

    def ls_mixing_of(self, label: str) -> LSMixing | None:
        """The :class:`LSMixing` whose triplet-like ``level`` is ``label``, or None."""
        return next((m for m in self.ls_mixing if m.level == label), None)

    def g_factor(self, label: str, component: str = "perpendicular") -> GFactor | None:
        for g in self.g_factors:
            if g.level == label and g.component == component:
                return g
        return None
