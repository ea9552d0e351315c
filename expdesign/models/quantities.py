"""Pydantic field types for physical quantities written as pint strings.

In JSON every dimensioned scalar is a string: a number and a unit (``"10 mW/cm^2"``,
``"1.4e19 cm^-3"``, ``"5152 cm^-1"``), checked against the strict grammar of
:mod:`expdesign.quantity_grammar` before pint reads the unit.  A bare number where a dimension is
expected is an error, and so is a wrong dimension, a non-finite value, a value
outside the field's physical range, or an absurd magnitude (each field type
declares a sanity window, documented in its JSON Schema description).

Python code may also pass :class:`pint.Quantity` objects.  Models store
``pint.Quantity`` and serialise them back to compact strings, so a model ->
JSON -> model round trip compares equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import pint
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from expdesign.units import UnitConversionError, energy_to_eV, parse_quantity, rate_to_eV, ureg

__all__ = [
    "QuantitySpec",
    "Energy",
    "SignedEnergy",
    "Rate",
    "Length",
    "Time",
    "Intensity",
    "NumberDensity",
    "Angle",
    "MagneticField",
    "NoiseDensity",
    "Temperature",
    "DipoleMoment",
    "Frequency",
    "quantity_to_str",
]


def quantity_to_str(q: pint.Quantity) -> str:
    """Compact string that pint parses back to an equal quantity."""
    mag = q.magnitude
    mag_s = repr(float(mag)) if not isinstance(mag, int) else str(mag)
    unit_s = f"{q.units:~C}"
    return f"{mag_s} {unit_s}".strip() if unit_s else mag_s


@dataclass(frozen=True)
class QuantitySpec:
    """Declares what a quantity field accepts.

    Parameters
    ----------
    kind
        Name shown in messages (``"length"``).
    dims
        Accepted dimensionalities as pint strings (``"[length]"``); several for
        spectroscopic energies (energy, wavenumber, frequency).
    canonical
        Unit in which range limits are expressed (``"cm"``).
    lo, hi
        Allowed range in ``canonical`` units (``None``: unbounded).
    lo_open
        Exclude ``lo`` itself (strictly positive quantities).
    example
        Shown in the JSON Schema and in error messages.
    convert
        ``"plain"`` (pint conversion), ``"energy"`` (:func:`energy_to_eV`) or
        ``"rate"`` (:func:`rate_to_eV`) for comparing with the range.
    needs_angle_unit
        Angles are dimensionless in pint; require an explicit angle unit.
    """

    kind: str
    dims: tuple[str, ...]
    canonical: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    example: str = ""
    convert: str = "plain"
    needs_angle_unit: bool = False

    # ------------------------------------------------------------------ pydantic hooks
    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                quantity_to_str, when_used="always"),
        )

    def __get_pydantic_json_schema__(self, cs: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        rng = []
        if self.lo is not None:
            rng.append(f"{'>' if self.lo_open else '>='} {self.lo:g} {self.canonical}")
        if self.hi is not None:
            rng.append(f"<= {self.hi:g} {self.canonical}")
        desc = (f"{self.kind}: a number and a unit (the strict quantity grammar of "
                f"README 'Quantity strings'), of dimension "
                f"{' or '.join(self.dims)}"
                + (f"; range {' and '.join(rng)}" if rng else "")
                + (f"; e.g. \"{self.example}\"" if self.example else ""))
        rng_kw: dict[str, Any] = {"unit": self.canonical}
        if self.lo is not None:
            rng_kw["exclusiveMinimum" if self.lo_open else "minimum"] = self.lo
        if self.hi is not None:
            rng_kw["maximum"] = self.hi
        return {"type": "string", "description": desc,
                **({"examples": [self.example]} if self.example else {}),
                "x-quantity": rng_kw}

    # ------------------------------------------------------------------ validation
    def _err(self, msg: str, value: Any) -> PydanticCustomError:
        return PydanticCustomError(
            "quantity", "{msg}", {"msg": msg, "expected": self.kind, "value": value})

    def validate(self, value: Any) -> pint.Quantity:
        if isinstance(value, bool) or isinstance(value, int | float):
            raise self._err(
                f"a bare number is not {_a(self.kind)}: write it with a unit, "
                f"e.g. \"{self.example or '1 ' + self.canonical}\"", value)
        if isinstance(value, pint.Quantity):
            q = value
            if q._REGISTRY is not ureg:
                q = ureg.Quantity(q.magnitude, str(q.units))
        elif isinstance(value, str):
            try:
                q = parse_quantity(value)
            except UnitConversionError as exc:
                raise self._err(str(exc), value) from None
        else:
            raise self._err(f"expected a {self.kind} as a string with units, "
                            f"got {type(value).__name__}", value)
        try:
            mag = float(q.magnitude)
        except (TypeError, ValueError):
            raise self._err(f"expected a scalar {self.kind}", value) from None
        if mag != mag or mag in (float("inf"), float("-inf")):
            raise self._err(f"{self.kind} must be finite", value)
        if q.unitless and (self.dims != ("[]",) or self.needs_angle_unit):
            raise self._err(
                f"{value!r} has no unit: {_a(self.kind)} needs one, e.g. \"{self.example}\"", value)
        dim = str(q.dimensionality) if q.dimensionality else "[]"
        if not any(_same_dim(q, d) for d in self.dims):
            raise self._err(
                f"wrong dimension for {_a(self.kind)}: {q.units:~P} is {dim}, "
                f"expected {' or '.join(self.dims)}", value)
        if self.needs_angle_unit:
            try:
                q.to("radian")
            except pint.errors.DimensionalityError:
                raise self._err(f"{value!r} is not an angle", value) from None
            if not any(n in ("radian", "degree", "arcminute", "arcsecond", "turn",
                             "milliradian", "microradian")
                       for n, _ in q.unit_items()):
                raise self._err(f"{value!r} is not an angle (use deg or rad)", value)
        x = self._canonical_value(q, value)
        if self.lo is not None and (x < self.lo or (self.lo_open and x == self.lo)):
            word = "greater than" if self.lo_open else "at least"
            raise self._err(
                f"{self.kind} must be {word} {self.lo:g} {self.canonical}", value)
        if self.hi is not None and x > self.hi:
            raise self._err(
                f"{self.kind} of {x:.4g} {self.canonical} is beyond the physical range "
                f"accepted here (<= {self.hi:g} {self.canonical})", value)
        return q

    def _canonical_value(self, q: pint.Quantity, value: Any) -> float:
        try:
            if self.convert == "energy":
                return energy_to_eV(q) / float(ureg.Quantity(1, self.canonical).to("eV").m)
            if self.convert == "rate":
                return rate_to_eV(q) / rate_to_eV(ureg.Quantity(1, self.canonical))
            return float(q.to(self.canonical).magnitude)
        except (UnitConversionError, pint.errors.DimensionalityError) as exc:
            raise self._err(str(exc), value) from None


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _same_dim(q: pint.Quantity, dims: str) -> bool:
    if dims == "[]":
        return not q.dimensionality
    return q.dimensionality == ureg.get_dimensionality(dims)


# Each window is generous physics, not a design rule: it stops typos (a length in
# km, a density of 1e40) without constraining any realistic experiment.
Energy = Annotated[pint.Quantity, QuantitySpec(
    "energy", ("[energy]", "1/[length]", "1/[time]"), "eV", lo=0.0, hi=1e4,
    example="2.3946 eV", convert="energy")]
"""Level or photon energy: eV (or J...), a wavenumber (cm^-1, E = h c nu~) or a
frequency (Hz, E = h nu); 0 to 10 keV."""

SignedEnergy = Annotated[pint.Quantity, QuantitySpec(
    "energy offset", ("[energy]", "1/[length]", "1/[time]"), "eV", lo=-10.0, hi=10.0,
    example="0.1 meV", convert="energy")]
"""A detuning (may be negative): |value| <= 10 eV."""

Rate = Annotated[pint.Quantity, QuantitySpec(
    "rate", ("1/[time]", "[energy]"), "1/s", lo=0.0, hi=1e18, example="24.82 /s",
    convert="rate")]
"""A decay rate or width: s^-1 is an angular rate (hbar Gamma); Hz is cyclic (h nu)."""

PositiveRate = Annotated[pint.Quantity, QuantitySpec(
    "rate", ("1/[time]", "[energy]"), "1/s", lo=0.0, lo_open=True, hi=1e18,
    example="100 /s", convert="rate")]

Frequency = Annotated[pint.Quantity, QuantitySpec(
    "frequency", ("1/[time]",), "Hz", lo=0.0, lo_open=True, hi=1e12, example="100 Hz")]
"""A repetition rate (cycles per second)."""

Length = Annotated[pint.Quantity, QuantitySpec(
    "length", ("[length]",), "cm", lo=1e-7, hi=1e4, example="1 cm")]
"""A crystal or cell dimension, 1 nm to 100 m: below a lattice constant a continuous
geometry means nothing (and R^2 L of a 1e-266 cm cylinder underflows to zero)."""

SignedLength = Annotated[pint.Quantity, QuantitySpec(
    "position", ("[length]",), "cm", lo=-1e4, hi=1e4, example="1.5 cm")]

Time = Annotated[pint.Quantity, QuantitySpec(
    "time", ("[time]",), "s", lo=0.0, hi=1e8, example="0.34 ms")]
"""A non-negative duration, up to ~3 years."""

PositiveTime = Annotated[pint.Quantity, QuantitySpec(
    "time", ("[time]",), "s", lo=0.0, lo_open=True, hi=1e8, example="10 ms")]

Intensity = Annotated[pint.Quantity, QuantitySpec(
    "intensity", ("[power]/[area]",), "W/cm^2", lo=0.0, lo_open=True, hi=1e15,
    example="10 mW/cm^2")]
"""Laser intensity (power per area), positive, up to 1e15 W/cm^2."""

NumberDensity = Annotated[pint.Quantity, QuantitySpec(
    "number density", ("1/[volume]",), "cm^-3", lo=0.0, lo_open=True, hi=1e24,
    example="1.4e19 cm^-3")]
"""Number density, positive, up to 1e24 cm^-3 (denser than any solid)."""

Angle = Annotated[pint.Quantity, QuantitySpec(
    "angle", ("[]",), "deg", lo=-360.0, hi=360.0, example="59 deg", needs_angle_unit=True)]
"""An angle with an explicit unit (deg, rad), within +-360 deg."""

MagneticField = Annotated[pint.Quantity, QuantitySpec(
    "magnetic flux density", ("[mass]/[current]/[time]**2",), "T", lo=0.0, hi=100.0,
    example="100 G")]
"""Magnetic flux density (T, mT, G, nG, fT; field-sense 1 G = 1e-4 T, see
:data:`expdesign.units.FIELD_SENSE_DEFINITIONS`), 0 to 100 T."""

NoiseDensity = Annotated[pint.Quantity, QuantitySpec(
    "magnetic noise density", ("[mass]/[current]/[time]**1.5",), "T/Hz^0.5", lo=0.0,
    lo_open=True, hi=1.0, example="1 fT/Hz^0.5")]
"""Magnetometer white-noise amplitude spectral density: a field per Hz^0.5
(``"1 fT/Hz^0.5"``, ``"10 nG/Hz^0.5"``; field-sense gauss)."""

Temperature = Annotated[pint.Quantity, QuantitySpec(
    "temperature", ("[temperature]",), "K", lo=0.0, lo_open=True, hi=1e4, example="4 K")]
"""Absolute temperature (K), positive, up to 10^4 K."""

DipoleMoment = Annotated[pint.Quantity, QuantitySpec(
    "electric dipole moment", ("[current]*[time]*[length]",), "debye", lo=0.0, lo_open=True,
    hi=1e3, example="0.02 debye")]
"""An electric dipole moment (debye, e*a_0, C*m), positive, up to 1000 D."""

BroadeningCoefficient = Annotated[pint.Quantity, QuantitySpec(
    "broadening coefficient", ("[length]**3/[time]",), "MHz*cm^3", lo=0.0, lo_open=True,
    hi=1.0, example="6.04e-27 MHz cm^3")]
"""A collisional (pressure) broadening coefficient: line FWHM per perturber number density
(``MHz cm^3``, ``MHz m^3``; hertz-based units are cyclic, ``s^-1 cm^3`` angular)."""
