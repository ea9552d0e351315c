"""Key 'ours' values of the Bloch paper-check rows against hand derivations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.paper_check import rows_bloch
from expdesign.paper_check.core import Row

HBAR = 6.582119569e-16  # eV s
I10 = 10e-3 / 1e-4 / 1.602176634e-19 * HBAR * 1.973269804e-7**2  # 10 mW/cm^2 in eV^4


def hand_nu_khz(gamma_per_s: float, eps: float, field_eV2: float) -> float:
    d = math.sqrt(3 * math.pi * gamma_per_s * HBAR / eps**3)
    return d * field_eV2 / HBAR / (2 * math.pi) / 1e3


def by_quantity() -> dict[str, Row]:
    return {r.quantity: r for r in rows_bloch.rows()}


def test_rows_are_rows():
    rows = rows_bloch.rows()
    assert len(rows) >= 10 and all(isinstance(r, Row) for r in rows)
    for r in rows:
        if r.status == "differs":
            assert r.reason


def test_rabi_rows_against_hand_numbers():
    # with the paper's (wrong) field and Omega = sqrt(d^2+mu^2) E: 173.5 kHz for p-g
    assert rows_bloch.rabi_khz("pg", 1.26e-3**2, field="rms") == pytest.approx(
        hand_nu_khz(27.28, 0.805, 1.26e-3), rel=1e-9)
    assert hand_nu_khz(27.28, 0.805, 1.26e-3) == pytest.approx(173.5, rel=2e-3)
    assert rows_bloch.rabi_khz("eq", 1.26e-3**2, field="rms") == pytest.approx(
        hand_nu_khz(10.31, 2.3946 - 1.286, 1.26e-3), rel=1e-9)
    assert rows_bloch.rabi_khz("qg", 1.26e-3**2, field="rms") == pytest.approx(
        hand_nu_khz(4.13, 1.286, 1.26e-3), rel=1e-9)
    # expdesign default at 10 mW/cm^2: peak field sqrt(2 I)
    assert rows_bloch.rabi_khz("pg", I10) == pytest.approx(
        hand_nu_khz(27.28, 0.805, math.sqrt(2 * I10)), rel=1e-6)
    assert hand_nu_khz(27.28, 0.805, math.sqrt(2 * I10)) == pytest.approx(24.6, rel=2e-3)


def test_lifetime_and_steady_state_rows():
    rows = by_quantity()
    life = rows["lifetime of |e> = 2H11/2 (Table 1 total incl. 4I9/2)"]
    assert life.ours == pytest.approx(1e3 / 591.68, rel=1e-9)
    dark = rows["|rho_eg| steady state, ladder, Omega_qg = Omega_eq, |e> not decaying"]
    assert dark.ours == pytest.approx(0.5, abs=1e-9)  # dark state (|g> - |e>)/sqrt 2
    v = rows["rho_ep steady state, V scheme, Omega_eg = Omega_pg >> gamma, decays to g only"]
    assert v.ours == pytest.approx(0.25, abs=2e-3)  # (|g><g| + |B><B|)/2, B = (|e>+|p>)/sqrt2


def test_v_limit_converges_with_drive():
    dec = np.zeros((4, 4))
    dec[2, 0], dec[1, 0] = 1.0, 0.4
    errs = [abs(rows_bloch.v_steady_ep(dec, om, 60.0) - 0.25) for om in (20.0, 200.0)]
    assert errs[1] < errs[0] / 5
