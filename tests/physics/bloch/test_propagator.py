"""Eigendecomposition propagator, batched groups and the inhomogeneous average."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import expm

from expdesign.physics import bloch
from expdesign.physics.bloch import lindblad as lv_mod
from expdesign.physics.bloch import propagator
from expdesign.physics.bloch.parameters import E, G, P


def _lv(p: bloch.FourLevelParams) -> np.ndarray:
    h0, ht = lv_mod.hamiltonians(p)
    return lv_mod.liouvillian(h0 + ht, lv_mod.collapse_ops(p))


def test_eig_propagator_equals_expm(decay_matrix):
    p = bloch.FourLevelParams(decay=decay_matrix(eg=2.0, qg=1.0, pg=0.3), omega_1=1.3,
                              omega_2=0.4, omega_t=0.9, delta_1=0.2)
    lv = _lv(p)
    eig = propagator.EigPropagator(lv[None])
    assert eig.good.all()
    np.testing.assert_allclose(eig(0.7)[0], expm(lv * 0.7), atol=1e-12)


def test_ill_conditioned_falls_back_to_expm(decay_matrix):
    # resonant two-level atom at Omega = gamma / 4: a double eigenvalue, defective L
    p = bloch.FourLevelParams(decay=decay_matrix(pg=1.0), omega_t=0.25)
    lv = _lv(p)
    eig = propagator.EigPropagator(lv[None])
    assert not eig.good[0] and eig.cond[0] > 1e6
    np.testing.assert_allclose(eig(2.0)[0], expm(lv * 2.0), atol=1e-14)


def test_check_times_and_rho0():
    with pytest.raises(ValueError, match='times must be finite, >='):
        propagator.check_times(np.array([1.0, 0.5]))
    with pytest.raises(ValueError, match='times must be a non\\-empty'):
        propagator.check_times(np.array([]))
    with pytest.raises(ValueError, match='times must be finite, >='):
        propagator.check_times(np.array([-1.0, 0.5]))
    r0 = propagator.rho0_vec(None).reshape(4, 4)
    assert r0[G, G] == 1 and np.count_nonzero(r0) == 1
    with pytest.raises(ValueError, match='rho0 must be 4x4'):
        propagator.rho0_vec(np.eye(3))


def test_no_drive_pure_exponential_decay(decay_matrix):
    ge_g, ge_p, out = 2.0, 0.5, 0.3
    dec = decay_matrix(eg=ge_g, ep=ge_p, pg=1.0)
    gout = np.array([0, 0, 0, out])
    t = np.linspace(0, 5, 51)
    psi = np.zeros(4)
    psi[E] = psi[G] = 1 / math.sqrt(2)
    rho0 = np.outer(psi, psi).astype(complex)
    p = bloch.FourLevelParams(decay=dec, gamma_out=gout, leak_to=None)
    r = bloch.solve(p, t, rho0=rho0)
    gam = ge_g + ge_p + out
    np.testing.assert_allclose(r.rho_ee, 0.5 * np.exp(-gam * t), atol=1e-13)
    np.testing.assert_allclose(r.rho_eg, 0.5 * np.exp(-gam * t / 2), atol=1e-13)
    tr = np.real(np.trace(r.rho, axis1=-2, axis2=-1))
    np.testing.assert_allclose(tr, 1 - 0.5 * out / gam * (1 - np.exp(-gam * t)), atol=1e-13)
    # cascade e -> p -> g: rho_pp = 0.5 ge_p/(gam - 1) (e^{-t} - e^{-gam t})
    np.testing.assert_allclose(r.populations[:, P],
                               0.5 * ge_p / (gam - 1.0) * (np.exp(-t) - np.exp(-gam * t)),
                               atol=1e-13)


def test_propagate_group_batches_members(er):
    p1, tau = er()
    p2, _ = er(i_qg=0.5)  # same timing
    t = np.linspace(0, 2 * tau, 41)
    r0 = propagator.rho0_vec(None)
    st = propagator.PropagatorStats()
    x = propagator.propagate_group([(p1, 0.0), (p2, 0.0)], t, r0, stats=st)
    assert x.shape == (2, 41, 16)
    np.testing.assert_array_equal(x[0], propagator.propagate_group([(p1, 0.0)], t, r0)[0])
    assert st.n_segments == 2 and st.n_eigendecompositions == 4


def test_batch_equals_single_and_grouping(er):
    p1, tau = er()
    p2, _ = er(i_qg=0.5, delay_frac=0.3)
    p3, _ = er(i_eq=0.2)
    t = np.linspace(0, 2 * tau, 101)
    rb = bloch.solve_batch([p1, p2, p3], t)
    assert rb.stats["n_groups"] == 2
    for k, p in enumerate([p1, p2, p3]):
        np.testing.assert_allclose(rb.rho[k], bloch.solve(p, t).rho, atol=1e-13)


def test_laser_off_coherence_decays_freely(er, tau_e_eV_inv):
    p, tau = er(t_off=1.0 * tau_e_eV_inv)
    t = np.sort(np.concatenate([[0.0], np.random.default_rng(1).uniform(0, 2 * tau, 60)]))
    a = bloch.solve(p, t)
    # after switch-off nothing drives: rho_ep decays at (gamma_e + gamma_p)/2
    late = t > 1.2 * tau_e_eV_inv
    ge, gp = p.gamma_total[E], p.gamma_total[P]
    ratio = np.abs(a.rho_ep[late]) / np.exp(-(ge + gp) / 2 * t[late])
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-9)


def test_inhom_nodes_and_expansion(decay_matrix):
    p = bloch.FourLevelParams(decay=decay_matrix(pg=1.0), omega_t=1.5, inhom_sigma=2.0,
                              n_inhom=61)
    x, w = propagator.inhom_nodes(p)
    assert x.size == 61 and x[0] == pytest.approx(-12.0) and w.sum() == pytest.approx(1.0)
    members, weights, counts = propagator.expand_inhom([p, bloch.FourLevelParams(
        decay=decay_matrix(pg=1.0))])
    assert counts == [61, 1] and len(members) == 62 and weights[-1] == 1.0
    assert all(q.inhom_sigma == 0.0 for q, _ in members)
    np.testing.assert_array_equal([s for _, s in members[:61]], x)
    coarse = bloch.FourLevelParams(decay=decay_matrix(pg=1e-3), inhom_sigma=2.0, n_inhom=5)
    with pytest.warns(RuntimeWarning, match="n_inhom"):
        propagator.inhom_nodes(coarse)


def test_inhomogeneous_two_level_average(decay_matrix):
    gam, om, sig = 1.0, 1.5, 2.0
    p = bloch.FourLevelParams(decay=decay_matrix(pg=gam), omega_t=om, inhom_sigma=sig,
                              n_inhom=61)
    r = bloch.solve(p, np.array([0.0, 80.0]))
    x = np.linspace(-10 * sig, 10 * sig, 40001)
    w = np.exp(-0.5 * (x / sig) ** 2)
    s = 2 * om**2 / (gam**2 + 4 * x**2)
    expect = np.sum(w * s / (2 * (1 + s))) / np.sum(w)
    assert r.populations[-1, P] == pytest.approx(expect, rel=1e-4)
