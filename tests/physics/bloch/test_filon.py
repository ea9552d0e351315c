"""Filon weights: Gauss-Kronrod at zero frequency, exact for an exponential times an
oscillation (closed form)."""

from __future__ import annotations

import numpy as np

from expdesign.physics.bloch.filon import NODES, W7, W15, filon_weights


def test_filon_weights_are_gauss_kronrod_at_zero_and_exact_for_oscillations() -> None:
    w15, w7 = filon_weights(np.array([0.0, 3.0, -50.0, 400.0]))
    assert np.allclose(w15[0], W15, rtol=0, atol=1e-14)
    assert np.allclose(w7[0], W7, rtol=0, atol=1e-14)
    f = np.exp(0.3 * NODES)  # exp(0.3 y) exp(i w y) integrates in closed form
    for k, om in enumerate([3.0, -50.0, 400.0]):
        z = 0.3 + 1j * om
        exact = (np.exp(z) - np.exp(-z)) / z
        assert abs(w15[k + 1] @ f - exact) <= 1e-12 * abs(exact) + 1e-14
