"""BlochResult accessors, peak/integral and the density-matrix checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from expdesign.physics import bloch
from expdesign.physics.bloch.parameters import E, G, P, Q


@pytest.mark.parametrize("leak", ["q", "g", None])
def test_trace_hermiticity_positivity_propagator(er, leak):
    p, tau = er(leak_to=leak, dephasing=np.array([0, 1, 2, 3]) * 1e-13)
    t = np.linspace(0, 2.5 * tau, 501)
    r = bloch.solve(p, t, check=False)
    out = r.check(tol=1e-10, trace_preserving=leak is not None, max_eig_points=None)
    assert out["min_eigenvalue"] >= -1e-10
    rho = r.rho
    assert np.max(np.abs(rho - np.conj(np.swapaxes(rho, -1, -2)))) <= 1e-14
    if leak is None:  # trace falls, never rises
        tr = np.real(np.trace(r.rho, axis1=-2, axis2=-1))
        assert tr[-1] < 1 - 1e-4 and np.all(np.diff(tr) <= 1e-12)


def test_real_basis_roundtrip():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(5, 4, 4)) + 1j * rng.normal(size=(5, 4, 4))
    rho = a @ np.conj(np.swapaxes(a, -1, -2))
    res = bloch.BlochResult.from_rho(np.arange(5.0), rho, np.zeros(5))
    np.testing.assert_allclose(res.rho, rho, atol=1e-13)
    np.testing.assert_allclose(res.element("e", "p"), rho[:, E, P], atol=1e-13)
    np.testing.assert_allclose(res.element("g", "q"), rho[:, G, Q], atol=1e-13)
    np.testing.assert_allclose(res.element("q", "q"), rho[:, Q, Q], atol=1e-13)
    assert res.stats == {}


def test_check_raises_on_bad_matrix():
    rho = np.zeros((2, 4, 4), dtype=complex)
    rho[:, 0, 0] = 1.2
    rho[:, 1, 1] = -0.2
    res = bloch.BlochResult.from_rho(np.array([0.0, 1.0]), rho, np.zeros(2))
    with pytest.raises(bloch.BlochCheckError,
                       match=r'density matrix check failed \(min_eigenvalue\)'):
        res.check()
    with pytest.warns(RuntimeWarning):
        res.check(action="warn")


def test_check_bloch_reports_hermiticity_and_subsamples():
    x = bloch.BlochResult.from_rho(np.zeros(3), np.broadcast_to(np.diag([1.0, 0, 0, 0]),
                                                                (3, 4, 4)), np.zeros(3)).bloch
    out = bloch.check_bloch(x, 1e-8, True, "raise", 2, herm=0.0)
    assert out == {"trace": 0.0, "hermiticity": 0.0, "min_eigenvalue": 0.0}
    with pytest.raises(bloch.BlochCheckError, match="hermiticity"):
        bloch.check_bloch(x, 1e-8, True, "raise", None, herm=1e-6)


def test_peak_and_integral_of_known_curve():
    t = np.linspace(0, 3, 3001)
    rho = np.zeros((t.size, 4, 4), dtype=complex)
    rho[:, E, E] = 1.0
    rho[:, E, P] = rho[:, P, E] = np.exp(-((t - 1.0) ** 2))
    res = bloch.BlochResult.from_rho(t, rho, np.zeros_like(t))
    pk, tp = res.peak("magnetization_factor")
    assert pk == pytest.approx(1.0) and tp == pytest.approx(1.0)
    val, err = res.integral("rate_factor")
    exact = math.sqrt(math.pi / 2) / 2 * (math.erf(2 * math.sqrt(2)) + math.erf(math.sqrt(2)))
    assert val == pytest.approx(exact, abs=1e-6) and err < 1e-5
    np.testing.assert_allclose(res.chi2, res.rate_factor)  # rho_ee = 1
