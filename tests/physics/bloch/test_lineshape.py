"""Line peaks and class fractions against quadrature."""

from __future__ import annotations

import math

import pytest
from scipy.integrate import quad

from expdesign.physics.bloch.lineshape import class_fraction, line_peak


@pytest.mark.parametrize("shape", ["gaussian", "lorentzian"])
def test_line_peak_and_class_fraction_match_integrals(shape: str) -> None:
    w = 3.0
    if shape == "gaussian":
        s = w / (2 * math.sqrt(2 * math.log(2)))
        def g(x: float) -> float:
            return math.exp(-0.5 * (x / s) ** 2) / (s * math.sqrt(2 * math.pi))
    else:
        def g(x: float) -> float:
            return (w / 2) / math.pi / (x**2 + (w / 2) ** 2)
    assert line_peak(shape, w) == pytest.approx(g(0.0), rel=1e-12)  # type: ignore[arg-type]
    for width in (0.01, 1.0, 7.0):
        ref = quad(g, -width / 2, width / 2, epsabs=0, epsrel=1e-12)[0]
        assert class_fraction(shape, w, width) == pytest.approx(  # type: ignore[arg-type]
            ref, rel=1e-10)
    assert class_fraction("gaussian", w, 1e-4) == pytest.approx(1e-4 * line_peak(
        "gaussian", w), rel=1e-8)
