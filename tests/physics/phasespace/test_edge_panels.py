"""Panel rules with break points and oscillating-tail windows against scipy.quad."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate

from expdesign.physics.phasespace import formfactors as ff
from expdesign.physics.phasespace import tails
from expdesign.physics.phasespace.edge_panels import geom_base, rule_with_breaks, windows


def test_rule_with_breaks_is_exact_for_square_root_edges():
    # int_e^100 sqrt(x - e) exp(-x/50) dx, break per row at e
    e = np.array([[3.3], [41.0], [99.0]])
    t, jw, ok = rule_with_breaks(np.linspace(0.0, 100.0, 5), e, 0.0, 100.0, 8, grade=1.0)
    got = np.sum(jw * np.sqrt(np.clip(t - e, 0, None)) * np.exp(-t / 50) * ok, axis=1)
    for k, ek in enumerate(e[:, 0]):
        ref = integrate.quad(lambda x, ek=ek: np.sqrt(x - ek) * np.exp(-x / 50), ek, 100.0,
                             epsabs=0, epsrel=1e-13)[0]
        assert got[k] == pytest.approx(ref, rel=1e-10)


def test_tail_rule_with_windows_integrates_u_times_edge():
    # int_T^inf U(x) f(x) dx for f = sqrt(x - e)_+ exp(-x/3000) with the edge in the tail:
    # averaged tail with the break + oscillating windows + lump, against quad period by period
    T, e = 16.0, 57.3
    f = lambda x: np.sqrt(np.clip(x - e, 0, None)) * np.exp(-x / 3000.0)  # noqa: E731
    br = np.array([[e, np.nan]])

    def rule(n_win):
        t, jw, ok = rule_with_breaks(geom_base(T, 6e4), br, T, 6e4, 8, grade=1.0)
        val = np.sum(jw * tails.avg_u(np.where(ok, t, T)) * f(t))
        for _rows, tw, w in windows(br, T, 6e4, n_win, 8, tails.osc_u, ff.osc1_u, 1e9):
            val += np.sum(w * f(tw))
        return val + ff.osc1_u(T) * f(T)

    pts = np.concatenate([[T, e], np.arange(np.ceil(e / np.pi) * np.pi, 6e4, np.pi)])
    ref = sum(integrate.quad(lambda x: ff.U(x) * f(x), a, b, epsabs=0, epsrel=1e-12)[0]
              for a, b in zip(pts[:-1], pts[1:], strict=True))
    ref += integrate.quad(lambda x: 0.5 / x**2 * f(x), 6e4, np.inf)[0]
    # the neglected remainder int Osc1 f' beyond the windows is O(f'/x^2) and shrinks
    # as the windows widen
    errs = [abs(rule(n) / ref - 1) for n in (8, 20, 40)]
    assert errs[0] < 5e-6 and errs[2] < 3e-7 and errs[2] < errs[1] < errs[0]


def test_one_sided_rule_has_no_nodes_off_the_chord():
    """``one_sided`` (a line through the sphere; issue 22): no panel outside the chord
    between the two breaks, or beyond the single break of a ray that starts inside, and
    the chord's integral exact: int sqrt((t - a)(b - t)) e^{-t/500} over the chord (and
    sqrt(b - t) from the lower end) against scipy.quad."""
    lo, hi = 16.0, 6e4
    br = np.array([[57.3, 4100.0], [np.nan, 930.0], [2e3, 2.5e3]])
    t, jw, ok = rule_with_breaks(geom_base(lo, hi), br, lo, hi, 8, grade=1.0, one_sided=True,
                                 full=True)
    a = np.where(np.isfinite(br[:, 0]), br[:, 0], lo)[:, None]
    b = br[:, 1:]
    used = ok & (jw != 0)
    assert np.all((t[used] >= np.broadcast_to(a, t.shape)[used])
                  & (t[used] <= np.broadcast_to(b, t.shape)[used]))

    def f(x, k):
        left = (x - br[k, 0]) if np.isfinite(br[k, 0]) else 1.0
        return np.sqrt(np.clip(left * (br[k, 1] - x), 0, None)) * np.exp(-x / 500.0)

    for k in range(3):
        got = np.sum(np.where(ok[k], jw[k] * f(t[k], k), 0.0))
        ref = integrate.quad(f, a[k, 0], b[k, 0], args=(k,), epsabs=0, epsrel=1e-13,
                             limit=200)[0]
        assert got == pytest.approx(ref, rel=1e-9)
