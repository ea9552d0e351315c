"""Selection rules on hand-made level schemes."""

from __future__ import annotations

from expdesign.candidates.levels import Multiplet
from expdesign.candidates.rules import (
    forced_ed_rule,
    laser_class,
    m1_ls_allowed,
    m1_rule,
    optical_rule,
    time_reversal_rule,
    two_photon_rule,
)


def lv(label: str, s: float, l: int, j: float, e: float = 0.0) -> Multiplet:
    return Multiplet("X", label, s, l, j, e, True, 1, 1)


def test_m1_rule() -> None:
    a, b, c = lv("4I15/2", 1.5, 6, 7.5), lv("4I13/2", 1.5, 6, 6.5), lv("4I11/2", 1.5, 6, 5.5)
    assert m1_rule(a, b) is None and m1_ls_allowed(a, b)
    assert m1_rule(a, c) is not None and "Delta J" in str(m1_rule(a, c))
    h = lv("2H11/2", 0.5, 5, 5.5)
    assert m1_rule(h, b) is None  # allowed in intermediate coupling
    assert not m1_ls_allowed(h, b)  # Delta S = 1: zero in pure LS
    z1, z2 = lv("7F0", 3, 3, 0), lv("5D0", 2, 2, 0)
    assert "0 <-> 0" in str(m1_rule(z1, z2))


def test_forced_ed_rule() -> None:
    z = lv("7F0", 3, 3, 0)
    assert forced_ed_rule(z, lv("5D2", 2, 2, 2)) is None
    assert forced_ed_rule(z, lv("5D1", 2, 2, 1)) is not None  # J=0 needs even Delta J
    assert forced_ed_rule(z, lv("7F6", 3, 3, 6)) is None
    assert forced_ed_rule(lv("a", 1, 1, 0.5), lv("b", 1, 1, 7.5)) is not None  # Delta J = 7
    # Eu 7F0 -> 5D1 is M1-allowed, so one photon connects them
    assert optical_rule(z, lv("5D1", 2, 2, 1), "x") is None
    assert optical_rule(z, lv("7F3", 3, 3, 3), "x") is not None


def test_two_photon_rule() -> None:
    assert two_photon_rule(lv("5I8", 2, 6, 8), lv("5I7", 2, 6, 7)) is None
    assert two_photon_rule(lv("5I8", 2, 6, 8), lv("5I5", 2, 6, 5)) is not None


def test_time_reversal_admits_both_kinds() -> None:
    v, why = time_reversal_rule(11)  # Er: Kramers
    assert v is None and "Kramers" in why
    v, why = time_reversal_rule(10)  # Ho: non-Kramers
    assert v is None and "phase" in why


def test_laser_class() -> None:
    assert laser_class(1.55).startswith("A")   # 800 nm
    assert laser_class(0.805).startswith("B")  # 1.54 um (the Er trigger)
    assert laser_class(0.436).startswith("C")  # 2.84 um (the Ho Raman trigger)
    assert laser_class(0.05).startswith("D")   # 25 um


def test_quench_rule_hand_made_scheme() -> None:
    from expdesign.candidates.rules import gap_below, quench_rule
    from expdesign.physics.constants import HC_EV_CM

    g = lv("4I15/2", 1.5, 6, 7.5, 0.0)
    a = lv("4I13/2", 1.5, 6, 6.5, 6500.0)
    b = lv("4S3/2", 1.5, 0, 1.5, 18000.0)
    c = lv("2H11/2", 0.5, 5, 5.5, 18700.0)  # 700 cm^-1 above b
    scheme = [g, a, b, c]
    assert gap_below(g, scheme) is None
    nxt, gap = gap_below(c, scheme)  # type: ignore[misc]
    assert nxt is b and abs(gap / HC_EV_CM - 700.0) < 1e-9
    ph = 350.0 * HC_EV_CM
    why = quench_rule(c, scheme, ph, "e")
    assert why is not None and "2.00 phonons" in why and "700 cm^-1 above 4S3/2" in why
    # 4S3/2: 11500 cm^-1 above 4I13/2 = 32.9 phonons, not quenched
    assert quench_rule(b, scheme, ph, "e") is None
    # 4I13/2: 6500 cm^-1 = 18.6 phonons, not quenched; with 1400 cm^-1 phonons 4.6 < 5
    assert quench_rule(a, scheme, ph, "e") is None
    assert quench_rule(a, scheme, 1400.0 * HC_EV_CM, "e") is not None
    assert quench_rule(g, scheme, ph, "e") is None
