"""Host-medium factors of A-coefficients: limits, hand-derived numbers, and the Er
4I13/2 -> 4I15/2 MD rate of seed 001 Table 1 against the LS-coupling vacuum rate."""

from __future__ import annotations

import math

import pytest

from expdesign.physics import atomic
from expdesign.physics.constants import HBAR_EV_S, MU_B_EV
from expdesign.physics.ranp_derived import spin_line_strength_ls


def test_vacuum_is_identity() -> None:
    assert atomic.md_medium_factor(1.0) == 1.0
    assert atomic.ed_local_field_factor(1.0) == 1.0
    assert atomic.vacuum_rate_md(24.82, 1.0) == 24.82
    assert atomic.vacuum_rate_ed(2.46, 1.0) == 2.46


def test_hand_derived_numbers() -> None:
    # n = 1.5: n^3 = 3.375; n ((n^2+2)/3)^2 = 1.5 * (4.25/3)^2 = 1.5 * 2.0069444 = 3.0104167
    assert atomic.md_medium_factor(1.5) == pytest.approx(3.375, rel=1e-15)
    assert atomic.ed_local_field_factor(1.5) == pytest.approx(3.0104166667, rel=1e-10)
    # n = 1.45 (YLF): n^3 = 3.048625 (the size of the vacuum assumption quoted in Plans)
    assert atomic.md_medium_factor(1.45) == pytest.approx(3.048625, rel=1e-12)
    assert atomic.vacuum_rate_md(3.375, 1.5) == pytest.approx(1.0)
    assert atomic.vacuum_rate_ed(3.0104166667, 1.5) == pytest.approx(1.0)


@pytest.mark.parametrize("n", [1.0, 1.2, 1.45, 1.8, 1.999])
def test_ed_factor_below_md_factor_for_n_below_2(n: float) -> None:
    # ED/MD = ((n^2+2)/(3n))^2 <= 1 iff (n-1)(n-2) <= 0: equal at n = 1 and n = 2
    ratio = atomic.ed_local_field_factor(n) / atomic.md_medium_factor(n)
    assert ratio == pytest.approx(((n * n + 2) / (3 * n)) ** 2)
    assert ratio <= 1.0 + 1e-15
    assert atomic.ed_local_field_factor(2.0) == pytest.approx(atomic.md_medium_factor(2.0))


@pytest.mark.parametrize("bad", [0.99, 0.0, -1.0, math.nan, math.inf])
def test_rejects_unphysical_index(bad: float) -> None:
    with pytest.raises(ValueError):
        atomic.md_medium_factor(bad)
    with pytest.raises(ValueError):
        atomic.vacuum_rate_ed(1.0, bad)


def test_rejects_negative_rate() -> None:
    with pytest.raises(ValueError):
        atomic.vacuum_rate_md(-1.0, 1.4)


def test_er_table1_md_rate_is_an_in_medium_rate() -> None:
    """Seed 001 Table 1: 4I13/2 -> 4I15/2 MD = 24.82 /s (Er:Cs2NaYF6, its ref. [18]).

    The LS-coupling vacuum M1 rate within 4I (L = 6, S = 3/2; Condon & Shortley spin line
    strength, independent of the A -> S code path) at 0.805 eV is 10.13 /s.  The ratio
    2.45 is n^3 at n = 1.348: the Table 1 rate is a medium rate.  Intermediate coupling
    mixes other terms into both manifolds; with 4I purity p the vacuum rate falls roughly
    by p and the implied n rises by p^(-1/3), so 2.45 cannot be a coupling effect unless the
    states were less than half 4I (a coupling purity is not sourced here).
    """
    eps = 0.805
    s2 = spin_line_strength_ls(6.0, 1.5, 6.5, 7.5)  # per initial state
    assert s2 == pytest.approx(
        (7.5 + 1.5 + 6 + 1) * (7.5 + 1.5 - 6) * (7.5 - 1.5 + 6) * (1.5 + 6 + 1 - 7.5)
        / (4 * 7.5) / 14)
    gamma_vac = MU_B_EV**2 * eps**3 * s2 / (3 * math.pi) / HBAR_EV_S  # s^-1
    assert gamma_vac == pytest.approx(10.13, rel=2e-3)
    ratio = 24.82 / gamma_vac
    assert ratio == pytest.approx(2.451, rel=2e-3)
    n_implied = ratio ** (1 / 3)
    assert 1.33 < n_implied < 1.37
    assert atomic.vacuum_rate_md(24.82, n_implied) == pytest.approx(gamma_vac)
    # the same element through the kernel chain of seed 001 eq. (42): |<J'||S||J>|^2 / (2J+1)
    # from the vacuum rate equals the LS line strength
    red2 = atomic.spin_reduced_sq_from_md(atomic.vacuum_rate_md(24.82 * HBAR_EV_S, n_implied),
                                          eps, 6.5)
    assert red2 / 14 == pytest.approx(s2, rel=1e-9)
