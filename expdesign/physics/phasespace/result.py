"""The per-pair integrals every phase-space model returns, and their weighted sum."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["PairIntegrals", "combine"]


@dataclass
class PairIntegrals:
    """Per-pair integrals J_D (``dirac``) and J_M (``majorana``), shape (n_theta, 6), eV^5.

    ``err_dirac``, ``err_majorana``: absolute error estimates (difference of two rule
    resolutions; zero for the closed-form infinite mode).  Pairs in
    :data:`expdesign.physics.neutrino.PAIRS` order.  See
    :mod:`expdesign.physics.phasespace` for the normalisation and :func:`combine` for how
    to weight them.
    """

    theta: np.ndarray
    dirac: np.ndarray
    majorana: np.ndarray
    err_dirac: np.ndarray
    err_majorana: np.ndarray
    mode: str
    info: dict[str, Any] = field(default_factory=dict)


def combine(pi: PairIntegrals, w_dirac: np.ndarray, w_majorana: np.ndarray,
            majorana: bool) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sum over the six pairs: (values[n_theta], err[n_theta]) in eV^5.

    ``F = sum_ij (w_dirac_ij J_D + delta_M w_majorana_ij J_M)``; the error adds
    the absolute errors of the terms.
    """
    npair = pi.dirac.shape[1]
    wd = np.asarray(w_dirac, dtype=float)
    wm = np.asarray(w_majorana, dtype=float) if majorana else np.zeros(npair)
    if wd.shape != (npair,) or wm.shape != (npair,):
        raise ValueError(f"{npair} pair integrals need {npair} weights, got {wd.shape} "
                         f"and {wm.shape} (a 3-state weight vector has 6 entries, 3+1 has 10)")
    val = pi.dirac @ wd + pi.majorana @ wm
    err = pi.err_dirac @ np.abs(wd) + pi.err_majorana @ np.abs(wm)
    return val, err
