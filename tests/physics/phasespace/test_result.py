"""combine: the weighted pair sum and its error."""

from __future__ import annotations

import numpy as np

from expdesign.physics import phasespace as ps

CM = 5.0677e4  # eV^-1

def test_combine_weights_and_errors():
    th = np.radians([30.0, 90.0])
    r = ps.distribution(th, [0.01, 0.0133, 0.051], 0.5 * CM, 1.0 * CM, mode="3d")
    wd = np.arange(1.0, 7.0)
    wm = -np.arange(1.0, 7.0) / 2
    v, e = ps.combine(r, wd, wm, majorana=True)
    assert np.allclose(v, r.dirac @ wd + r.majorana @ wm)
    assert np.all(e >= 0)
    vd, _ = ps.combine(r, wd, wm, majorana=False)
    assert np.allclose(vd, r.dirac @ wd)
