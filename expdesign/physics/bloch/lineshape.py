"""Normalised Gaussian and Lorentzian lines of a given FWHM: peak value, density, the
weight inside a centred class, and the rounding of reported error estimates."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from scipy.special import erf

__all__ = ["LineShape", "check_line", "line_peak", "line_density", "class_fraction",
           "round_sig"]

LineShape = Literal["gaussian", "lorentzian"]


def check_line(shape: str, fwhm: float) -> None:
    """Raise ValueError unless ``shape`` is known and ``fwhm`` finite and > 0."""
    if shape not in ("gaussian", "lorentzian"):
        raise ValueError(f"line shape must be 'gaussian' or 'lorentzian', not {shape!r}")
    if not (math.isfinite(fwhm) and fwhm > 0):
        raise ValueError(f"FWHM must be finite and > 0, got {fwhm!r}")


def line_peak(shape: LineShape, fwhm: float) -> float:
    """Peak value ``g(0)`` of a normalised line shape of FWHM ``fwhm`` (same unit^-1).

    Gaussian: ``g(0) = 2 sqrt(ln 2 / pi) / fwhm`` (``0.9394 / fwhm``); Lorentzian:
    ``g(0) = 2 / (pi fwhm)`` (``0.6366 / fwhm``).
    """
    check_line(shape, fwhm)
    if shape == "gaussian":
        return 2.0 * math.sqrt(math.log(2.0) / math.pi) / fwhm
    return 2.0 / (math.pi * fwhm)


def class_fraction(shape: LineShape, fwhm: float, width: float) -> float:
    """Fraction of the line inside the centred class ``|x| <= width/2``.

    ``int_{-width/2}^{width/2} g(x) dx``: Gaussian ``erf(width sqrt(ln 2) / fwhm)``,
    Lorentzian ``(2/pi) atan(width / fwhm)``; ``~ width g(0)`` for ``width << fwhm``.
    """
    check_line(shape, fwhm)
    if not width >= 0:
        raise ValueError("class width must be >= 0")
    if shape == "gaussian":
        return float(erf(width * math.sqrt(math.log(2.0)) / fwhm))
    return 2.0 / math.pi * math.atan(width / fwhm)


def round_sig(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant digits (reported error estimates)."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{digits - 1}e}")


def line_density(shape: LineShape, fwhm: float, x: np.ndarray) -> np.ndarray:
    """Normalised line ``g(x)`` (unit of ``fwhm``^-1): Gaussian or Lorentzian of FWHM
    ``fwhm``."""
    if shape == "gaussian":
        s = fwhm / (2.0 * math.sqrt(2.0 * math.log(2.0)))
        return np.asarray(np.exp(-0.5 * (x / s) ** 2) / (s * math.sqrt(2.0 * math.pi)))
    b = 0.5 * fwhm
    return np.asarray(b / math.pi / (x**2 + b**2))
