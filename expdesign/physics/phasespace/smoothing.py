"""Angular smoothing of a distribution by a detector's angular response."""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["smooth"]


def smooth(theta, values, resolution: float,
           kind: Literal["gaussian", "tophat"] = "gaussian") -> np.ndarray:
    """Convolve an angular distribution with a detector's angular response.

    Parameters
    ----------
    theta
        Increasing angles (rad), array (n,) (need not be uniform).
    values
        Array (n, ...) sampled at ``theta``.
    resolution
        Gaussian: standard deviation (rad); top-hat: full width (rad).
    kind
        ``'gaussian'`` or ``'tophat'``.

    Returns
    -------
    ndarray (n, ...)
        ``int K(theta - t) f(t) dt / int K(theta - t) dt`` by the trapezoid rule on the
        given grid (the kernel is renormalised at the ends of the range, so a constant
        stays constant).  The top-hat is the indicator ``|theta - t| <= resolution / 2``
        evaluated at the grid points (a hard edge: a grid point is in or out).  Compare
        seed 001 Fig. 6(b), which adds 4 neighbouring points.
    """
    th = np.asarray(theta, dtype=float)
    f = np.asarray(values, dtype=float)
    if resolution <= 0:
        return f.copy()
    d = th[:, None] - th[None, :]
    if kind == "gaussian":
        k = np.exp(-0.5 * (d / resolution) ** 2)
    elif kind == "tophat":
        k = (np.abs(d) <= resolution / 2).astype(float)
    else:
        raise ValueError(f"unknown kernel {kind!r}")
    tw = np.zeros_like(th)
    if len(th) > 1:
        dt = np.diff(th)
        tw[:-1] += dt / 2
        tw[1:] += dt / 2
    else:
        tw[:] = 1.0
    kw = k * tw[None, :]
    norm = kw.sum(axis=1)
    return np.tensordot(kw / norm[:, None], f, axes=(1, 0))
