"""Helpers and key values of rows_seed000_text against hand derivations."""

from __future__ import annotations

import math

import pytest

from expdesign.paper_check import rows_seed000_text as T


@pytest.mark.parametrize(("j", "levels"), [
    (0, 1), (1, 2), (2, 4), (6, 10), (7, 11), (8, 13),  # integer J: singlets + doublets
    (0.5, 1), (7.5, 8), (6.5, 7),                        # Kramers: J + 1/2
])
def test_s4_stark_levels_by_counting(j, levels):
    # integer J: M = 0, +-2, ... are singlets (M mod 4 = 0 or 2); +-1, +-3, ... pair up
    assert T.s4_stark_levels(j) == levels


def test_lorentzian_area():
    assert T.lorentzian_area_times_width(0.3) == pytest.approx(2 * math.pi, rel=1e-8)


def test_detected_window_closed_form():
    # (eps + x)^2/(x^2 + a^2) = 1 + (eps^2 - a^2)/(x^2 + a^2) + odd: integral over [-W/2, W/2]
    eps, width, window = 0.4, 1e-3, 0.05
    a = width / 2
    exact = window + (eps**2 - a**2) * 2 / a * math.atan(window / (2 * a))
    assert T.detected_window_ratio(eps, width, window) == pytest.approx(
        exact / (2 * math.pi * eps**2 / width), rel=1e-8)


def test_flat_imprint_is_minus_omega0_over_eps():
    # eq. (9) elastic: the angular term 4 w0 (r eps + w0) sin^2(theta/2) vanishes at r = -w0/eps
    assert T.flat_imprint(0.64, 0.43) == pytest.approx(-0.43 / 0.64, abs=1e-10)


def test_rows_classified():
    rows = {r.quantity: r for r in T.rows()}
    pref = rows["eq. (8) prefactor of Gamma_0/(4 pi) from eq. (7) with gamma_q = gamma_e"]
    assert pref.ours / pref.paper == pytest.approx(2.0, rel=1e-12)
    assert pref.difference == "slip"
    assert rows["Stark levels of 5I7 (J = 7) at the S4 site"].status == "agree"
