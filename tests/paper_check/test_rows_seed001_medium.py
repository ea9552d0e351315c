"""rows_seed001_medium against hand derivations (not its own output)."""

from __future__ import annotations

import math

import pytest

from expdesign.paper_check import rows_seed001_medium as mod


def test_ls_vacuum_rate_by_hand() -> None:
    # |<J=15/2||S||13/2>|^2 = (J+S+L+1)(J+S-L)(J-S+L)(S+L+1-J)/(4J) = 16*3*12*1/30 = 19.2;
    # per initial state (2 x 13/2 + 1 = 14): 1.371429.  mu_B = 5.7883818e-5 eV/T;
    # in natural units mu_B = e/(2 m_e) = sqrt(4 pi/137.035999)/(2 x 510998.95 eV)
    mu_b = math.sqrt(4 * math.pi / 137.035999) / (2 * 510998.95)
    gamma_ev = mu_b**2 * 0.805**3 * (19.2 / 14) / (3 * math.pi)
    gamma_s = gamma_ev / 6.582119569e-16
    v = mod.medium_values()
    assert v["gamma_vac"] == pytest.approx(gamma_s, rel=1e-6)
    assert v["n_implied"] == pytest.approx((24.82 / gamma_s) ** (1 / 3), rel=1e-6)


def test_vacuum_element_is_n_to_three_halves_smaller() -> None:
    v = mod.medium_values()
    assert v["S_red_medium"] / v["S_red_vacuum"] == pytest.approx(v["n_implied"] ** 1.5)
    rows = mod.rows()
    assert {r.cause for r in rows} == {"model"}
