"""Rows of expdesign/paper_check/rows_lanthanides.py against hand arithmetic."""

from __future__ import annotations

import pytest

from expdesign.paper_check.rows_lanthanides import rows, values


def test_ls_rates_by_hand() -> None:
    # A = alpha eps^3 |<S>|^2 / (3 m_e^2 (2J_u + 1)) / hbar, LS elements 19.2 and 330/13
    alpha, m_e, hbar = 1 / 137.035999, 510998.95, 6.582119569e-16
    hand_13 = alpha * 0.805**3 * 19.2 / (3 * m_e**2 * 14) / hbar
    hand_11 = alpha * 0.481**3 * (22 * 30 / 26) / (3 * m_e**2 * 12) / hbar
    v = values()
    assert v["vac_13_15"] == pytest.approx(hand_13, rel=1e-6)
    assert v["vac_11_13"] == pytest.approx(hand_11, rel=1e-6)
    assert v["n3_13_15"] == pytest.approx(hand_13 * 1.45**3, rel=1e-6)


def test_rows_are_classified() -> None:
    for r in rows():
        assert r.status == "differs" and r.difference == "input+model"
