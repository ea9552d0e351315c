"""Key values of rows_phasespace against hand derivations."""

import math

from expdesign.paper_check import rows_phasespace


def _rows():
    return {r.quantity: r for r in rows_phasespace.rows()}


def test_rows_against_hand_values():
    rows = _rows()
    yt = [r for q, r in rows.items() if q.startswith("Lorentzian width y_t")][0]
    assert math.isclose(yt.ours, 32 / (3 * math.pi**2), rel_tol=1e-5)
    w1, w2, ws = 1.286, 1.1086, 0.805
    cs = [r for q, r in rows.items() if q.startswith("cos theta_s")][0]
    assert math.isclose(cs.ours, (w1**2 - w2**2 + ws**2) / (2 * w1 * ws), rel_tol=1e-12)
    ce = [r for q, r in rows.items() if q.startswith("cos theta_e")][0]
    assert math.isclose(ce.ours, -(w1**2 + w2**2 - ws**2) / (2 * w1 * w2), rel_tol=1e-12)
    v = [r for q, r in rows.items() if q.startswith("V = pi")][0]
    assert math.isclose(v.ours, math.pi / 4, rel_tol=1e-12)
    # Dirac/Majorana: Majorana reduces the magnetization, the derived coefficient much more
    rat = [r for q, r in rows.items() if "Dirac/Majorana" in q]
    assert all(r.ours > 1.0 for r in rat)
    paper_coef = [r.ours for r in rat if "paper's" in r.quantity]
    derived = [r.ours for r in rat if "derived" in r.quantity]
    assert all(d > p for d, p in zip(derived, paper_coef, strict=True))
    assert all(r.status in ("agree", "differs", "needs-data") for r in rows.values())
