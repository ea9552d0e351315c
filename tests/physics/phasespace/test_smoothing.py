"""Angular smoothing kernels."""

from __future__ import annotations

import numpy as np

from expdesign.physics import phasespace as ps


def test_smooth_kernels():
    th = np.linspace(0, 1, 401)
    const = ps.smooth(th, np.ones_like(th), 0.02)
    assert np.allclose(const, 1.0)
    lin = ps.smooth(th, 2 * th + 1, 0.0101, "tophat")
    assert np.allclose(lin[100:300], (2 * th + 1)[100:300], atol=1e-10)
    # Gaussian of Gaussian: widths add in quadrature
    sig0, sig = 0.02, 0.015
    f = np.exp(-0.5 * ((th - 0.5) / sig0) ** 2)
    out = ps.smooth(th, f, sig)
    width = np.sqrt(np.sum(out * (th - 0.5) ** 2) / np.sum(out))
    assert np.isclose(width, np.hypot(sig0, sig), rtol=1e-3)
