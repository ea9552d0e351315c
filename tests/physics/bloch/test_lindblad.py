"""Lindblad operators, Hamiltonians, the Liouvillian, trigger envelope and segments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import bloch
from expdesign.physics.bloch import lindblad as lv_mod
from expdesign.physics.bloch.parameters import E, G, P, Q


def test_collapse_ops_leak_routing(decay_matrix):
    dec = decay_matrix(eg=2.0, pg=1.0)
    out = np.array([0.0, 0.0, 0.0, 0.5])
    p_q = bloch.FourLevelParams(decay=dec, gamma_out=out, leak_to="q")
    ops = lv_mod.collapse_ops(p_q)
    assert len(ops) == 3 and all(isinstance(c, np.ndarray) for c in ops)
    leak = [c for c in ops if c[Q, E] != 0]
    assert len(leak) == 1 and leak[0][Q, E] == pytest.approx(math.sqrt(0.5))
    ops_none = lv_mod.collapse_ops(bloch.FourLevelParams(decay=dec, gamma_out=out, leak_to=None))
    assert ("loss", E, 0.5) in [c for c in ops_none if isinstance(c, tuple)]
    # leak back to the level it left: a dephasing jump sqrt(gamma_out) |e><e|
    ops_e = lv_mod.collapse_ops(bloch.FourLevelParams(decay=dec, gamma_out=out, leak_to="e"))
    diag = [c for c in ops_e if isinstance(c, np.ndarray) and c[E, E] != 0]
    assert len(diag) == 1 and diag[0][E, E] == pytest.approx(math.sqrt(0.5))


def test_dephasing_operator_rate(decay_matrix):
    p = bloch.FourLevelParams(decay=decay_matrix(), dephasing=np.array([0.0, 0.3, 0.0, 0.0]))
    (c,) = lv_mod.collapse_ops(p)
    assert c[P, P] == pytest.approx(math.sqrt(0.6))  # sqrt(2 gamma_phi)


def test_hamiltonians_rotating_frame():
    p = bloch.FourLevelParams(decay=np.zeros((4, 4)), omega_1=0.2, omega_2=0.4, omega_t=0.6,
                              delta_1=0.01, delta_2=0.02, delta_t=0.03,
                              inhom_axis=(1.0, 0.0, 2.0))
    h0, ht = lv_mod.hamiltonians(p, shift=0.1)
    assert h0[Q, Q] == pytest.approx(-(0.01 + 0.1))
    assert h0[E, E] == pytest.approx(-(0.01 + 0.1 + 0.02))
    assert h0[P, P] == pytest.approx(-(0.03 + 0.2))
    assert h0[Q, G] == h0[G, Q] == pytest.approx(0.1)
    assert h0[E, Q] == pytest.approx(0.2) and ht[P, G] == ht[G, P] == pytest.approx(0.3)
    assert np.count_nonzero(ht) == 2


def test_liouvillian_preserves_trace_unless_lossy(decay_matrix):
    dec = decay_matrix(eg=2.0, ep=0.5, qg=1.0, pg=0.3)
    p = bloch.FourLevelParams(decay=dec, gamma_out=np.array([0, 0, 0, 0.4]), omega_1=1.0,
                              omega_2=0.7, dephasing=np.full(4, 0.1))
    h0, ht = lv_mod.hamiltonians(p)
    lv = lv_mod.liouvillian(h0 + ht, lv_mod.collapse_ops(p))
    trace_row = np.eye(4).reshape(16)  # tr(rho) = <vec(1), vec(rho)>
    np.testing.assert_allclose(trace_row @ lv, 0.0, atol=1e-14)
    lossy = bloch.FourLevelParams(decay=dec, gamma_out=np.array([0, 0, 0, 0.4]), leak_to=None)
    lvl = lv_mod.liouvillian(np.zeros((4, 4)), lv_mod.collapse_ops(lossy))
    # d tr / dt = -0.4 rho_ee
    assert (trace_row @ lvl)[4 * E + E] == pytest.approx(-0.4)


def test_trigger_envelope_step_ramp_and_off():
    p = bloch.FourLevelParams(decay=np.zeros((4, 4)), t_delay=1.0, t_off=3.0)
    np.testing.assert_array_equal(bloch.trigger_envelope(p, np.array([0.5, 1.0, 2.9, 3.0])),
                                  [0.0, 1.0, 1.0, 0.0])
    r = bloch.FourLevelParams(decay=np.zeros((4, 4)), t_delay=1.0, switch="sin2", rise=2.0)
    f = bloch.trigger_envelope(r, np.array([0.0, 1.0, 2.0, 3.0, 9.0]))
    np.testing.assert_allclose(f, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-15)


def test_segments_cover_the_sequence():
    p = bloch.FourLevelParams(decay=np.zeros((4, 4)), t_delay=1.0, switch="sin2", rise=0.5,
                              t_off=3.0)
    segs = lv_mod.segments(p, 10.0)
    assert segs == [(0.0, 1.0, "const", 0.0), (1.0, 1.5, "ramp", 0.0),
                    (1.5, 3.0, "const", 1.0), (3.0, math.inf, "off", 0.0)]
    # pieces starting after t_end are dropped (the first one is always kept)
    assert lv_mod.segments(p, 0.5) == segs[:1]
    q = bloch.FourLevelParams(decay=np.zeros((4, 4)))
    assert lv_mod.segments(q, 1.0) == [(0.0, math.inf, "const", 1.0)]
