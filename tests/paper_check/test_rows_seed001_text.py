"""Helpers and key values of rows_seed001_text against hand derivations."""

from __future__ import annotations

import math

import pytest

from expdesign.paper_check import rows_seed001_text as T

HBAR_EV_S = 6.582119569e-16
HBARC_EV_CM = 1.973269804e-5


@pytest.mark.parametrize(("n", "term"), [
    (1, (0.5, 3, 2.5)),    # Ce3+ 2F5/2
    (3, (1.5, 6, 4.5)),    # Nd3+ 4I9/2
    (7, (3.5, 0, 3.5)),    # Gd3+ 8S7/2
    (10, (2.0, 6, 8.0)),   # Ho3+ 5I8 (seed 000 eq. 13: |g> = 5I8)
    (11, (1.5, 6, 7.5)),   # Er3+ 4I15/2
    (13, (0.5, 3, 3.5)),   # Yb3+ 2F7/2
])
def test_hund_terms_of_known_ions(n, term):
    assert T.hund_ground_term(n) == term


def test_hund_refuses_overfull_shell():
    with pytest.raises(ValueError, match="holds 0..14"):
        T.hund_ground_term(15)


def test_4f_counts():
    assert [T.lanthanide_4f_count(z) for z in (57, 67, 68, 71)] == [0, 10, 11, 14]


def test_table3_sums_from_the_tables_entries():
    assert T.table3_sum_at_rest(False) == pytest.approx(1.0)
    assert T.table3_sum_at_rest(True) == pytest.approx(0.75)


def test_spinor_sums_at_rest():
    # Dirac pair at rest: T^zz/8 = |b|^2 E1 E2; identical Majorana pair at rest: no axial current
    assert T.spinor_sum_at_rest(False) == pytest.approx(1.0, rel=1e-9)
    assert T.spinor_sum_at_rest(True) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("j", [0.5, 1.0, 5.5, 7.5])
def test_eq40_sum_rule(j):
    assert T.eq40_sum(j) == pytest.approx(1 / (2 * j + 1), rel=1e-12)


def test_scaling_exponent():
    assert T.scaling_exponent(lambda x: 3 * x**-2.5, 0.7) == pytest.approx(-2.5, rel=1e-9)


def test_key_rows():
    rows = {r.quantity: r for r in T.rows()}
    t = rows["hbar/(100 ueV): time for a 100 ueV energy resolution"]
    assert t.ours == pytest.approx(HBAR_EV_S / 1e-4, rel=1e-6)
    length = rows["hbar c/(100 ueV): length for a 100 ueV momentum resolution"]
    assert length.ours == pytest.approx(HBARC_EV_CM / 1e-4, rel=1e-6)
    assert length.difference == "slip"
    ths = rows["theta_s of eq. (23) in degrees"]
    # eq. (28) by hand with eq. (27)'s energies
    cos_s = (1.286**2 - 1.1086**2 + 0.805**2) / (2 * 1.286 * 0.805)
    assert ths.ours == pytest.approx(math.degrees(math.acos(cos_s)), rel=1e-9)
    dirac = rows["Table 3 sum of C1-bar at rest, Dirac"]
    assert (dirac.paper_arith, dirac.difference) == (pytest.approx(1.0), "slip")
    gam = rows["eq. (24) exponent of gamma_ep (through h_r ~ 1/gamma_ep, eq. 8)"]
    assert gam.ours == pytest.approx(-2.0, rel=1e-9)
