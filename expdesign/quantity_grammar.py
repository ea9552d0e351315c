"""The strict grammar of quantity strings, checked before pint sees them.

pint parses a quantity string with a general expression evaluator: ``"9**9**9 cm"``
hangs it, ``"10**400 cm"`` overflows, and typos become other values (``"1,5 cm"`` is
15 cm, ``"2.5.3 cm"`` 0.75 cm, ``"1 2 cm"`` 2 cm, a bare ``"cm"`` 1 cm).  Specs are
untrusted text, so a quantity string must match this grammar first::

    quantity  = number [unit]                  (blanks around and between allowed)
    number    = [+|-] digits [. digits] [e|E [+|-] digits]   (or .digits ...)
    unit      = ["1"] "/" factor {op factor}   (a leading "/s" or "1/s" is a quotient)
              | factor {op factor}
    op        = "*" | "/" | blank              (a blank is a product: "kg m")
    factor    = name [power] | "sqrt(" name ")"
    name      = letters and underscores, no digits ("cm", "mW", "uT", "nG", "Hz", "deg")
    power     = ("^" | "**") [+|-] p           (p an integer or a decimal, |p| <= 9,
                                                a multiple of 1/4: 2, -3, 0.5, 1.5)

No arithmetic on magnitudes, no commas, no brackets (except ``sqrt(Hz)``, read as
``Hz^0.5``), at most 120 characters and a number of at most 40 characters whose value is
a finite float.  Unit names are then pint's (an unknown name is an error from pint).
"""

from __future__ import annotations

import math
import re

__all__ = ["QuantitySyntaxError", "EXPECTED_FORM", "MAX_LENGTH", "check_quantity_text"]

MAX_LENGTH = 120
"""Longest quantity string accepted (characters)."""

_MAX_NUMBER_CHARS = 40
_MAX_POWER = 9.0

EXPECTED_FORM = ("expected a number and a unit, e.g. \"1.5 cm\", \"1.4e19 cm^-3\", "
                 "\"10 mW/cm^2\", \"24.82 /s\", \"1 fT/Hz^0.5\" or \"1 fT/sqrt(Hz)\"")
"""What error messages say a quantity string should look like."""


class QuantitySyntaxError(ValueError):
    """A quantity string that does not match the grammar of this module."""


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = r"[^\W\d]+"
_POWER = r"(?:\^|\*\*)\s*([+-]?\d+(?:\.\d+)?)"
_FACTOR = re.compile(rf"(?:sqrt\(\s*({_NAME})\s*\)|({_NAME})(?:\s*{_POWER})?)")
_OP = re.compile(r"\s*(\*\*?|/)\s*|\s+")
_LEAD = re.compile(r"(?:1\s*)?/\s*")


def _fail(text: str, why: str) -> QuantitySyntaxError:
    return QuantitySyntaxError(f"{text!r} is not a quantity: {why}; {EXPECTED_FORM}")


def _power(text: str, p: str) -> str:
    val = float(p)
    if abs(val) > _MAX_POWER or (4 * val) != int(4 * val):
        raise _fail(text, f"power {p} is not a small integer or a multiple of 1/4 "
                          f"up to {_MAX_POWER:g}")
    return p


def check_quantity_text(text: str) -> tuple[float, str]:
    """Check ``text`` against the grammar and return it normalised for pint.

    Parameters
    ----------
    text
        A quantity string from a spec, a target or the command line.

    Returns
    -------
    tuple of (float, str)
        The magnitude as a finite float and the string to hand to pint, in which
        ``sqrt(X)`` is written ``X**0.5``, ``^`` is ``**`` and blanks are trimmed.

    Raises
    ------
    QuantitySyntaxError
        Naming what is wrong and the form expected.
    """
    if len(text) > MAX_LENGTH:
        raise _fail(text[:40] + "...", f"longer than {MAX_LENGTH} characters")
    s = text.strip()
    if not s:
        raise QuantitySyntaxError(f"an empty string is not a quantity; {EXPECTED_FORM}")
    m = _NUMBER.match(s)
    if m is None:
        raise _fail(text, "it does not start with a number")
    num = m.group(0)
    if len(num) > _MAX_NUMBER_CHARS:
        raise _fail(text, f"the number has more than {_MAX_NUMBER_CHARS} characters")
    mag = float(num)
    if not math.isfinite(mag):
        raise _fail(text, "the number is not a finite float")
    pos = m.end()
    rest = s[pos:]
    if not rest:
        return mag, num
    parts: list[str] = [num, " "]
    if not rest[0].isspace() and not rest[0] == "/" and not _FACTOR.match(rest):
        if rest[0] in "*^+-":
            raise _fail(text, f"no arithmetic on the number ({rest[0]!r} after {num!r})")
        raise _fail(text, f"unexpected {rest[0]!r} after the number {num!r}")
    rest = rest.lstrip()
    lead = _LEAD.match(rest)
    if lead is not None:
        parts.append("1/")
        rest = rest[lead.end():]
    first = True
    while rest:
        if not first:
            op = _OP.match(rest)
            if op is None:
                raise _fail(text, f"unexpected {rest[0]!r}")
            sym = (op.group(1) or "*")
            if sym == "**":
                raise _fail(text, "a power must follow a unit name")
            parts.append(sym)
            rest = rest[op.end():]
            if not rest:
                raise _fail(text, "it ends with an operator")
        f = _FACTOR.match(rest)
        if f is None:
            raise _fail(text, f"expected a unit name at {rest[:12]!r}")
        if f.group(1) is not None:
            parts.append(f"{f.group(1)}**0.5")
        else:
            parts.append(f.group(2))
            if f.group(3) is not None:
                parts.append("**" + _power(text, f.group(3)))
        rest = rest[f.end():]
        first = False
    return mag, "".join(parts)
