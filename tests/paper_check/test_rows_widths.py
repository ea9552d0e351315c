"""The width rows: numbers derived by hand from Table 1 and the Gaussian limit."""

import math

import pytest

from expdesign.paper_check import rows_widths


def test_width_values_by_hand():
    v = rows_widths.values()
    # Table 1: 2H11/2 decays 518.02 + 49.43 + 7.91 + 5.58 + 4.73 + 0.49 + 5.52 = 591.68 s^-1,
    # 4I13/2 decays 24.82 + 2.46 = 27.28 s^-1: FWHM of the e-p coherence = their sum
    assert v["fwhm_h_per_s"] == pytest.approx(591.68 + 27.28, rel=1e-12)
    # homogeneous << inhomogeneous: gamma_eff -> 2 sqrt(2/pi) sigma, sigma = FWHM/2.3548
    for mhz in (10, 100):
        w = 2 * math.pi * mhz * 1e6
        want = 2 * math.sqrt(2 / math.pi) * w / (2 * math.sqrt(2 * math.log(2)))
        assert v[f"gamma_{mhz}"] == pytest.approx(want, rel=1e-4)
    # C and the eq. (64) prefactor scale as h_r^2
    assert v["C_10"] / v["C_100"] == pytest.approx((v["h_r_10"] / v["h_r_100"]) ** 2)
    assert v["eq64_10"] / v["eq64_100"] == pytest.approx((v["h_r_10"] / v["h_r_100"]) ** 2)


def test_rows_are_complete():
    rows = rows_widths.rows()
    assert len(rows) == 6 and all(r.ours is not None and r.paper for r in rows)
    assert {r.source for r in rows} == {"seed 001 after eq. (9)", "seed 001 after eq. (24)",
                                         "seed 001 after eq. (64)"}
