"""The real 16-component Bloch vector."""

from __future__ import annotations

import numpy as np

from expdesign.physics.bloch import basis


def _random_rho(n: int, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, 4, 4)) + 1j * rng.normal(size=(n, 4, 4))
    return a @ np.conj(np.swapaxes(a, -1, -2))


def test_to_real_from_real_roundtrip():
    rho = _random_rho(5)
    x = basis.to_real(rho)
    assert x.shape == (5, 16) and x.dtype == float
    np.testing.assert_allclose(basis.from_real(x), rho, atol=1e-13)


def test_t_real_matches_to_real():
    rho = _random_rho(3, seed=7)
    via_t = np.einsum("ij,bj->bi", basis.T_REAL, rho.reshape(3, 16))
    np.testing.assert_allclose(via_t.imag, 0.0, atol=1e-14)
    np.testing.assert_allclose(via_t.real, basis.to_real(rho), atol=1e-13)
    np.testing.assert_allclose(basis.T_INV @ basis.T_REAL, np.eye(16), atol=1e-14)


def test_pair_order():
    assert list(basis.PAIR_INDEX) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    rho = np.zeros((4, 4), dtype=complex)
    rho[1, 3], rho[3, 1] = 0.2 + 0.3j, 0.2 - 0.3j
    x = basis.to_real(rho)
    k = basis.PAIR_INDEX[(1, 3)]
    assert x[4 + 2 * k] == 0.2 and x[5 + 2 * k] == 0.3
