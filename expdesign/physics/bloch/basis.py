"""The real 16-component Bloch vector of a 4x4 density matrix.

Order: the populations of g, p, q, e, then ``Re rho_ab, Im rho_ab`` for ``(a, b)`` =
(g,p), (g,q), (g,e), (p,q), (p,e), (q,e).  Both the propagator and
:class:`~expdesign.physics.bloch.result.BlochResult` store states this way; the map
from row-major ``vec(rho)`` is the fixed matrix :data:`T_REAL`.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "IU",
    "JU",
    "PAIR_INDEX",
    "T_REAL",
    "T_INV",
    "real_basis",
    "from_real",
    "to_real",
]


def real_basis() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Map row-major vec(rho) (16 complex) to 16 real numbers: the 4 populations,
    then Re and Im of rho_ab for a < b.

    Returns
    -------
    (T, T^-1, iu, ju)
        the 16x16 matrix ``T`` (``x = T vec(rho)``), its inverse, and the row and
        column indices of the upper-triangle pairs in order.
    """
    t = np.zeros((16, 16), dtype=complex)
    for n in range(4):
        t[n, 5 * n] = 1.0
    iu, ju = np.triu_indices(4, 1)
    for k, (a, b) in enumerate(zip(iu, ju, strict=True)):
        t[4 + 2 * k, 4 * a + b] = 0.5
        t[4 + 2 * k, 4 * b + a] = 0.5
        t[5 + 2 * k, 4 * a + b] = -0.5j
        t[5 + 2 * k, 4 * b + a] = 0.5j
    return t, np.linalg.inv(t), iu, ju


T_REAL, T_INV, IU, JU = real_basis()
#: ``(a, b)`` with a < b -> k: ``Re rho_ab`` is component ``4 + 2k``, ``Im`` is ``5 + 2k``.
PAIR_INDEX: dict[tuple[int, int], int] = {
    (int(a), int(b)): k for k, (a, b) in enumerate(zip(IU, JU, strict=True))}


def _real_gather() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    re_idx = np.full(16, 16)
    im_idx = np.full(16, 16)
    sgn = np.zeros(16)
    for a in range(4):
        re_idx[5 * a] = a
    for k, (a, b) in enumerate(zip(IU, JU, strict=True)):
        re_idx[4 * a + b] = re_idx[4 * b + a] = 4 + 2 * k
        im_idx[4 * a + b] = im_idx[4 * b + a] = 5 + 2 * k
        sgn[4 * a + b], sgn[4 * b + a] = 1.0, -1.0
    return re_idx, im_idx, sgn


_RE_IDX, _IM_IDX, _IM_SGN = _real_gather()


def from_real(x: np.ndarray) -> np.ndarray:
    """Real Bloch vectors (..., 16) -> complex density matrices (..., 4, 4)."""
    x17 = np.concatenate([x, np.zeros((*x.shape[:-1], 1))], axis=-1)
    rho = np.empty((*x.shape[:-1], 16), dtype=complex)
    rho.real = np.take(x17, _RE_IDX, axis=-1)
    rho.imag = np.take(x17, _IM_IDX, axis=-1) * _IM_SGN
    return rho.reshape(*x.shape[:-1], 4, 4)


def to_real(rho: np.ndarray) -> np.ndarray:
    """Complex density matrices (..., 4, 4) -> real Bloch vectors (..., 16).

    Only the Hermitian part ``(rho + rho^dagger) / 2`` is kept.
    """
    rho = np.asarray(rho, dtype=complex)
    x = np.empty((*rho.shape[:-2], 16))
    for a in range(4):
        x[..., a] = rho[..., a, a].real
    for k, (a, b) in enumerate(zip(IU, JU, strict=True)):
        z = 0.5 * (rho[..., a, b] + np.conj(rho[..., b, a]))  # Hermitian part
        x[..., 4 + 2 * k] = z.real
        x[..., 5 + 2 * k] = z.imag
    return x
