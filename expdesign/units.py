"""The package's single pint ``UnitRegistry`` and conversions to natural units.

Natural units throughout expdesign: hbar = c = 1, energies in eV, and
Heaviside-Lorentz electromagnetism (alpha = e^2 / 4 pi, energy density of a
field (E^2 + B^2) / 2).  A quantity of dimension
``[mass]^M [length]^L [time]^T [current]^I`` becomes a plain float in ``eV^k``
with ``k = M - L - T`` after

* multiplying by ``mu_0^(I/2)`` (SI -> Heaviside-Lorentz: ``B_HL = B_SI / sqrt(mu_0)``,
  ``E_HL = sqrt(eps_0) E_SI``, ``q_HL = q_SI / sqrt(eps_0 hbar c)``), and
* multiplying by the unique powers of hbar and c that turn it into ``eV^k``.

So 1 cm = 5.0677e4 eV^-1, 1 s^-1 = 6.5821e-16 eV, 1 T = 195.35 eV^2 and an
intensity of 10 mW/cm^2 = 1.5997e-8 eV^4 (energy per time per area, seed 001
after eq. 6, where |E| = |B| = sqrt(I)).

Magnetic CGS units are field-sense: 1 G = 1e-4 T, so nG, fT and nG/Hz^0.5 mean what a
laboratory means by them (see :data:`FIELD_SENSE_DEFINITIONS`; pint's Gaussian-system
gauss would be off by sqrt(4 pi) in natural units and not convertible to tesla).

Two conventions need a physicist's word and are kept explicit:

* **Spectroscopic energies.** A wavenumber (``cm^-1``) given where an energy is
  expected means ``E = h c nu~`` (1e4 cm^-1 = 1.23984 eV), and a frequency in
  hertz means ``E = h nu``.  See :func:`energy_to_eV`.
* **Rates and widths.** A quantity written in ``s^-1`` is an angular rate
  (A-coefficient, decay width): ``E = hbar Gamma``.  A quantity written with
  ``Hz`` (``"10 MHz"``) is a cyclic frequency: ``E = h nu = hbar 2 pi nu``.
  See :func:`rate_to_eV`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pint

from expdesign.quantity_grammar import QuantitySyntaxError, check_quantity_text

__all__ = [
    "ureg",
    "Q_",
    "UnitConversionError",
    "natural_exponent",
    "to_natural",
    "from_natural",
    "energy_to_eV",
    "rate_to_eV",
    "is_cyclic_frequency",
    "parse_quantity",
    "HBAR_EV_S",
    "HBARC_EV_CM",
    "HC_EV_CM",
    "FIELD_SENSE_DEFINITIONS",
]

#: Field-sense CGS magnetic units replacing pint's Gaussian-system ones.  Pint defines
#: ``gauss = dyne / franklin``, of dimension [mass]^0.5 [length]^-0.5 [time]^-1, so
#: "100 G" is not a flux density, ``Q_("1 G").to("T")`` fails and :func:`to_natural` of
#: 1 G is sqrt(4 pi) times that of 1e-4 T (the Gaussian field in Heaviside-Lorentz units).
#: A laboratory field or magnetometer noise written in G, nG or Oe means the SI-convertible
#: value: 1 G = 1e-4 T, 1 Mx = 1e-8 Wb, 1 Oe = 1000 / (4 pi) A/m (NIST SP 811, 2008
#: edition, appendix B.9).  Every prefix (nG, uG, kG) follows.
FIELD_SENSE_DEFINITIONS: tuple[str, ...] = (
    "gauss = 1e-4 * tesla = G",
    "maxwell = 1e-8 * weber = Mx",
    "oersted = 1e3 / (4 * pi) * ampere / meter = Oe = ørsted",
)


def _make_registry() -> pint.UnitRegistry:
    """pint's default registry with :data:`FIELD_SENSE_DEFINITIONS` in place of the
    Gaussian-system gauss, maxwell and oersted."""
    reg: pint.UnitRegistry = pint.UnitRegistry(on_redefinition="ignore")
    for line in FIELD_SENSE_DEFINITIONS:
        reg.define(line)
    # pint caches the root units of every unit when the registry is built: rebuild it so
    # the redefinitions reach the cached names (G, Mx, Oe) as well as prefixed ones.
    reg._build_cache()
    return reg


ureg: pint.UnitRegistry = _make_registry()
ureg.formatter.default_format = "~P"
pint.set_application_registry(ureg)
Q_ = ureg.Quantity

# CODATA values through pint (exact SI definitions where they are exact).
HBAR_EV_S: float = float(ureg.Quantity(1, "hbar").to("eV*s").magnitude)
HBARC_EV_CM: float = float(ureg.Quantity(1, "hbar*speed_of_light").to("eV*cm").magnitude)
HC_EV_CM: float = float(ureg.Quantity(1, "planck_constant*speed_of_light").to("eV*cm").magnitude)


class UnitConversionError(ValueError):
    """A quantity has a dimension that the requested conversion cannot take."""


_BASE = ("[mass]", "[length]", "[time]", "[current]")


def _dims(q: pint.Quantity) -> dict[str, Fraction]:
    dim = q.dimensionality
    extra = {k: v for k, v in dim.items() if k not in _BASE and v != 0}
    if extra:
        raise UnitConversionError(
            f"cannot express {q.units:~P} in natural units: dimension {dict(extra)} "
            "has no natural-unit counterpart"
        )
    return {k: Fraction(str(dim.get(k, 0))).limit_denominator(12) for k in _BASE}


def natural_exponent(unit: str | pint.Unit | pint.Quantity) -> Fraction:
    """Return k such that a quantity of this unit is measured in eV^k naturally."""
    q = unit if isinstance(unit, pint.Quantity) else ureg.Quantity(1, unit)
    return _factor(q)[1]


def _factor(q: pint.Quantity) -> tuple[pint.Quantity, Fraction]:
    conv = q
    current = _dims(q)["[current]"]
    if current != 0:
        conv = conv * ureg.Quantity(1, "magnetic_constant") ** float(current / 2)
    d = _dims(conv)
    k = d["[mass]"] - d["[length]"] - d["[time]"]
    x = k - d["[mass]"]  # power of hbar
    y = d["[time]"] + d["[mass]"] + k  # power of c
    conv = conv * ureg.Quantity(1, "hbar") ** float(x)
    conv = conv * ureg.Quantity(1, "speed_of_light") ** float(y)
    return conv, k


def to_natural(q: pint.Quantity | Any, expected_k: int | Fraction | None = None) -> Any:
    """Convert a pint quantity to a plain float (or array) in eV^k.

    Parameters
    ----------
    q
        A pint quantity of any mechanical or electromagnetic dimension.
    expected_k
        If given, the natural-unit power the caller expects; a different one
        raises :class:`UnitConversionError` (e.g. a length handed where an
        energy is expected).

    Returns
    -------
    float or numpy.ndarray
        Magnitude in eV^k (hbar = c = 1, Heaviside-Lorentz).

    Notes
    -----
    Rates in s^-1 become eV through hbar (angular rate); for the hertz and
    wavenumber conventions use :func:`rate_to_eV` and :func:`energy_to_eV`.
    """
    if not isinstance(q, pint.Quantity):
        raise UnitConversionError(f"expected a pint quantity with units, got {q!r}")
    conv, k = _factor(q)
    if expected_k is not None and Fraction(expected_k) != k:
        raise UnitConversionError(
            f"{q:~P} has natural dimension eV^{k}, expected eV^{Fraction(expected_k)}"
        )
    unit = "dimensionless" if k == 0 else f"eV**({float(k)})"
    mag = conv.to(unit).magnitude
    if isinstance(mag, np.ndarray):
        return mag.astype(float)
    return float(mag)


def from_natural(x: Any, unit: str | pint.Unit) -> pint.Quantity:
    """Inverse of :func:`to_natural`: a float in eV^k to a quantity in ``unit``.

    The power k is the natural-unit power of ``unit`` (1 for energy, -1 for
    length and time, 4 for intensity, 2 for field strength, ...).
    """
    one = ureg.Quantity(1.0, unit)
    scale = to_natural(one)
    return ureg.Quantity(np.asarray(x, dtype=float) / scale if np.ndim(x) else float(x) / scale,
                         unit)


def is_cyclic_frequency(q: pint.Quantity) -> bool:
    """True if the quantity's unit is built from hertz (a cyclic frequency)."""
    return _has_hertz(q)


def _has_hertz(q: pint.Quantity) -> bool:
    return any("hertz" in name for name, _ in q.unit_items())


def rate_to_eV(q: pint.Quantity) -> float:
    """Convert a rate or width to eV.

    ``s^-1`` (and any unit not built from hertz) is an angular rate:
    ``E = hbar * Gamma``.  A unit built from hertz is a cyclic frequency:
    ``E = h * nu``.  An energy is accepted as it is.

    Examples
    --------
    >>> round(rate_to_eV(Q_("1 /s")) / 6.582119569e-16, 9)
    1.0
    >>> round(rate_to_eV(Q_("1 Hz")) / (2 * 3.141592653589793 * 6.582119569e-16), 9)
    1.0
    """
    q = _as_quantity(q)
    k = natural_exponent(q)
    if k != 1:
        raise UnitConversionError(f"{q:~P} is not a rate, a frequency or an energy")
    val = to_natural(q, 1)
    if _has_hertz(q):
        val *= 2.0 * math.pi
    return val


def energy_to_eV(q: pint.Quantity) -> float:
    """Convert an energy, a spectroscopic wavenumber or a frequency to eV.

    * energy (eV, J, ...): as it is;
    * wavenumber (dimension 1/length, e.g. ``cm^-1``): ``E = h c nu~``
      (1e4 cm^-1 = 1.23984 eV);
    * frequency in hertz: ``E = h nu``; in s^-1: ``E = hbar omega``.
    """
    q = _as_quantity(q)
    d = _dims(q)
    if d == {"[mass]": 0, "[length]": -1, "[time]": 0, "[current]": 0}:
        return float(q.to("1/cm").magnitude) * HC_EV_CM
    return rate_to_eV(q)


def _as_quantity(q: Any) -> pint.Quantity:
    if isinstance(q, pint.Quantity):
        return q
    if isinstance(q, str):
        return parse_quantity(q)
    raise UnitConversionError(f"expected a quantity with units, got {q!r}")


def parse_quantity(text: str) -> pint.Quantity:
    """Parse a string such as ``"10 mW/cm^2"`` into a quantity of this registry.

    The string must first match the strict grammar of :mod:`expdesign.quantity_grammar`
    (a number and a unit expression, no arithmetic on magnitudes); only then does pint
    read the unit names.

    Raises
    ------
    UnitConversionError
        For a string outside the grammar, an unknown unit, or a non-finite magnitude.
    """
    if not isinstance(text, str):
        raise UnitConversionError(f"expected a string with units, got {type(text).__name__}")
    try:
        _, normal = check_quantity_text(text)
    except QuantitySyntaxError as exc:
        raise UnitConversionError(str(exc)) from None
    try:
        q: pint.Quantity = ureg.Quantity(normal)
    except Exception as exc:  # noqa: BLE001 - untrusted unit names: pint raises several
        # exception types (UndefinedUnitError, DefinitionSyntaxError, ...)
        raise UnitConversionError(f"cannot parse {text!r} as a quantity: {exc}") from None
    if not isinstance(q, pint.Quantity):
        q = ureg.Quantity(q, "dimensionless")
    try:
        mag = complex(q.magnitude)
    except (TypeError, ValueError, OverflowError):
        raise UnitConversionError(f"{text!r} has no scalar magnitude") from None
    if mag.imag != 0:
        raise UnitConversionError(f"{text!r} is complex")
    if not math.isfinite(mag.real):
        raise UnitConversionError(f"{text!r} is not finite")
    return q
