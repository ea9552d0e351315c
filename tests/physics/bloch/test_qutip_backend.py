"""QuTiP ``mesolve`` backend against the propagator."""

from __future__ import annotations

import numpy as np

from expdesign.physics import bloch
from expdesign.physics.bloch import lindblad as lv_mod
from expdesign.physics.bloch import qutip_backend


def test_mesolve_segments_direct_call(er):
    p, tau = er()
    t = np.linspace(0, 1.0 * tau, 21)
    h0, ht = lv_mod.hamiltonians(p)
    stats: dict = {}
    rho = qutip_backend.mesolve_segments(
        h0, ht, lv_mod.collapse_ops(p), lv_mod.segments(p, float(t[-1])),
        lambda s: bloch.trigger_envelope(p, s), t, np.diag([1.0, 0, 0, 0]).astype(complex),
        scale=float(np.max(p.gamma_total)), stats=stats)
    assert rho.shape == (21, 4, 4)
    np.testing.assert_allclose(rho, bloch.solve(p, t).rho, atol=1e-6)
    assert stats["n_segments"] == 2 and stats["n_mesolve_points"] == 22
    assert "adams" in stats["integrator"]
    assert qutip_backend.qutip_version().startswith("5")


def test_qutip_agrees_with_propagator_step(er):
    p, tau = er(leak_to=None, dephasing=np.array([0, 0, 1e-14, 2e-14]))
    t = np.linspace(0, 2.5 * tau, 251)
    a = bloch.solve(p, t)
    b = bloch.solve(p, t, method="qutip")
    assert np.max(np.abs(a.rho - b.rho)) < 1e-6


def test_qutip_agrees_with_propagator_sin2_ramp(er, tau_e_eV_inv):
    p, tau = er(switch="sin2", rise=0.05 * tau_e_eV_inv, n_ramp=200)
    t = np.linspace(0, 1.0 * tau, 101)
    a = bloch.solve(p, t)
    b = bloch.solve(p, t, method="qutip")
    assert np.max(np.abs(a.rho - b.rho)) < 1e-5


def test_qutip_laser_off_and_nonuniform_times(er, tau_e_eV_inv):
    p, tau = er(t_off=1.0 * tau_e_eV_inv)
    t = np.sort(np.concatenate([[0.0], np.random.default_rng(1).uniform(0, 2 * tau, 60)]))
    a = bloch.solve(p, t)
    b = bloch.solve(p, t, method="qutip")
    assert np.max(np.abs(a.rho - b.rho)) < 1e-6


def test_trigger_after_window_and_late_start(er):
    p, tau = er(delay_frac=5.0)
    t = np.linspace(0.5 * tau, 2 * tau, 31)
    a = bloch.solve(p, t)
    b = bloch.solve(p, t, method="qutip")
    assert np.max(np.abs(a.rho - b.rho)) < 1e-6
    assert np.max(np.abs(a.rho_ep)) < 1e-14
