"""Shared fixtures of the four-level Lindblad tests.

The constants are typed here by hand (CODATA) so the tests do not depend on the
package's constants module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from expdesign.physics import bloch
from expdesign.physics.bloch import E, G, P, Q

HBAR = 6.582119569e-16  # eV s (CODATA), typed here so the tests are independent of constants.py
I10_SI = 10e-3 / 1e-4  # 10 mW/cm^2 in W/m^2
TAU_E_S = 1.69e-3  # Er 2H11/2 lifetime from Table 1 (s), rounded


def i10_natural() -> float:
    """10 mW/cm^2 in eV^4 by hand: I [W/m^2] x (hbar c)^2 x hbar / e."""
    hbarc_m = 1.973269804e-7  # eV m
    joule_ev = 1 / 1.602176634e-19
    return I10_SI * joule_ev * HBAR * hbarc_m**2


def _er(i_qg: float = 0.3, i_eq: float = 0.9, i_pg: float = 1e-4, delay_frac: float = 0.2,
        **kw: Any) -> tuple[bloch.FourLevelParams, float]:
    i10 = i10_natural()
    p0 = bloch.er_ylf_params(i_qg * i10, i_eq * i10, i_pg * i10, 0.0, **kw)
    tau = p0.lifetime("e")
    return bloch.er_ylf_params(i_qg * i10, i_eq * i10, i_pg * i10, delay_frac * tau, **kw), tau


def _decay_matrix(**rates: float) -> np.ndarray:
    d = np.zeros((4, 4))
    idx = {"g": G, "p": P, "q": Q, "e": E}
    for k, v in rates.items():
        d[idx[k[0]], idx[k[1]]] = v
    return d


@pytest.fixture(scope="session")
def hbar() -> float:
    """hbar in eV s (CODATA, typed by hand)."""
    return HBAR


@pytest.fixture(scope="session")
def i10() -> float:
    """10 mW/cm^2 in eV^4."""
    return i10_natural()


@pytest.fixture(scope="session")
def tau_e_eV_inv() -> float:
    """Rounded Er |e> lifetime (1.69 ms) in eV^-1."""
    return TAU_E_S / HBAR


@pytest.fixture(scope="session")
def er() -> Callable[..., tuple[bloch.FourLevelParams, float]]:
    """Factory: Er:YLF parameters at (I_qg, I_eq, I_pg) in units of 10 mW/cm^2, trigger
    at ``delay_frac`` lifetimes of |e>; returns ``(params, tau_e)``."""
    return _er


@pytest.fixture(scope="session")
def decay_matrix() -> Callable[..., np.ndarray]:
    """Factory: 4x4 decay matrix from keyword rates ``eg=..., pg=...`` (from, to)."""
    return _decay_matrix


@pytest.fixture(scope="session")
def er_run() -> tuple[bloch.FourLevelParams, float, bloch.BlochResult]:
    """The default Er case solved on 301 points over 2.5 lifetimes (shared, read only)."""
    p, tau = _er()
    return p, tau, bloch.solve(p, np.linspace(0, 2.5 * tau, 301))
