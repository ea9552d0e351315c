"""Lindblad operators, rotating-frame Hamiltonians, the 16x16 Liouvillian and the time
segments of the laser sequence (package docstring: conventions)."""

from __future__ import annotations

import math
from typing import Literal, TypeAlias

import numpy as np

from expdesign.physics.bloch.parameters import LEVEL_INDEX, E, FourLevelParams, G, P, Q

__all__ = [
    "LossOp",
    "CollapseOp",
    "SegmentKind",
    "Segment",
    "collapse_ops",
    "hamiltonians",
    "liouvillian",
    "trigger_envelope",
    "segments",
]

#: ``('loss', a, gamma)``: population of level ``a`` leaves the manifold at rate gamma (eV).
LossOp: TypeAlias = tuple[str, int, float]
#: A 4x4 Lindblad operator or a :data:`LossOp`.
CollapseOp: TypeAlias = np.ndarray | LossOp
SegmentKind: TypeAlias = Literal["const", "ramp", "off"]
#: ``(t0, t1, kind, value)``: times in eV^-1; ``value`` is the trigger level of a
#: ``'const'`` piece (unused for ``'ramp'`` and ``'off'``).
Segment: TypeAlias = tuple[float, float, SegmentKind, float]


def collapse_ops(p: FourLevelParams) -> list[CollapseOp]:
    """Lindblad operators of radiative decay, out-of-manifold decay and dephasing.

    Radiative decay ``a -> b`` is ``sqrt(gamma_ab) |b><a|``; decay out of the manifold
    goes to ``p.leak_to`` (a jump) or, with ``leak_to=None``, is a ``('loss', a,
    gamma)`` entry; pure dephasing of ``a`` is ``sqrt(2 gamma_phi_a) |a><a|``.  A leak
    back to the level it left is a dephasing jump ``sqrt(gamma_out_a) |a><a|``.
    """
    ops: list[CollapseOp] = []
    rates = p.decay.copy()
    diag_jumps = np.zeros(4)
    if p.leak_to is not None:
        k = LEVEL_INDEX[p.leak_to]
        for a in range(4):
            if a == k:  # leaving and coming back to the same level: a dephasing jump
                diag_jumps[a] += p.gamma_out[a]
            else:
                rates[a, k] += p.gamma_out[a]
    for a in range(4):
        for b in range(4):
            if a != b and rates[a, b] > 0:
                c = np.zeros((4, 4))
                c[b, a] = math.sqrt(rates[a, b])
                ops.append(c)
    if p.leak_to is None:
        for a in range(4):
            if p.gamma_out[a] > 0:
                ops.append(("loss", a, float(p.gamma_out[a])))
    for a in range(4):
        r = diag_jumps[a] + 2.0 * p.dephasing[a]
        if r > 0:
            c = np.zeros((4, 4))
            c[a, a] = math.sqrt(r)
            ops.append(c)
    return ops


def hamiltonians(p: FourLevelParams, shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Rotating-frame Hamiltonian parts (eV): ``H0`` without the trigger and the
    trigger coupling ``Ht`` (``H = H0 + f(t) Ht``).

    ``shift`` (eV) is a static detuning ``x`` of one ion of the inhomogeneous
    distribution; it adds ``p.inhom_axis * x`` to ``(delta_1, delta_2, delta_t)``.
    """
    c1, c2, ct = p.inhom_axis
    d1 = p.delta_1 + c1 * shift
    d2 = p.delta_2 + c2 * shift
    dt = p.delta_t + ct * shift
    h0 = np.zeros((4, 4), dtype=complex)
    h0[P, P] = -dt
    h0[Q, Q] = -d1
    h0[E, E] = -(d1 + d2)
    h0[Q, G] = h0[G, Q] = p.omega_1 / 2
    h0[E, Q] = h0[Q, E] = p.omega_2 / 2
    ht = np.zeros((4, 4), dtype=complex)
    ht[P, G] = ht[G, P] = p.omega_t / 2
    return h0, ht


def liouvillian(h: np.ndarray, ops: list[CollapseOp]) -> np.ndarray:
    """16x16 Liouvillian for row-major vec(rho): ``d vec(rho)/dt = L vec(rho)``.

    Uses ``vec(A rho B) = (A kron B^T) vec(rho)``.  ``ops`` holds 4x4 Lindblad
    operators or ``('loss', a, gamma)`` entries (population of ``a`` leaves the
    manifold at rate gamma: anti-Hermitian term ``-(gamma/2){|a><a|, rho}``).
    """
    ident = np.eye(4)
    lv = -1j * (np.kron(h, ident) - np.kron(ident, h.T))
    for c in ops:
        if isinstance(c, tuple):
            _, a, g = c
            proj = np.zeros((4, 4))
            proj[a, a] = g
            lv -= 0.5 * (np.kron(proj, ident) + np.kron(ident, proj))
            continue
        cdc = c.conj().T @ c
        lv += np.kron(c, c.conj()) - 0.5 * (np.kron(cdc, ident) + np.kron(ident, cdc.T))
    return lv


# ---------------------------------------------------------------------------
# Time segments and envelopes
# ---------------------------------------------------------------------------

def trigger_envelope(p: FourLevelParams, t: float | np.ndarray) -> np.ndarray:
    """Trigger envelope f(t) in [0, 1] (0 before ``t_delay``; 0 again after ``t_off``).

    ``'step'``: ``f = 1`` for ``t >= t_delay``; ``'sin2'``: ``f = sin^2(pi/2 x)`` with
    ``x = (t - t_delay) / rise`` clipped to [0, 1]; t in eV^-1.
    """
    t = np.asarray(t, dtype=float)
    if p.switch == "step":
        f = (t >= p.t_delay).astype(float)
    else:
        x = np.clip((t - p.t_delay) / p.rise, 0.0, 1.0)
        f = np.sin(0.5 * math.pi * x) ** 2
    if p.t_off is not None:
        f = np.where(t >= p.t_off, 0.0, f)
    return f


def segments(p: FourLevelParams, t_end: float) -> list[Segment]:
    """Pieces ``(t0, t1, kind, value)`` (eV^-1) covering ``[0, t_end]``: kind
    ``'const'`` (value = trigger level, lasers on), ``'off'`` (all lasers off) or
    ``'ramp'`` (smooth trigger; value unused).  The last piece may end at ``inf``."""
    segs: list[Segment] = []
    t_on_end = p.t_delay + (p.rise if p.switch == "sin2" else 0.0)
    t_off = p.t_off if p.t_off is not None else math.inf
    if p.t_delay > 0:
        segs.append((0.0, p.t_delay, "const", 0.0))
    if p.switch == "sin2":
        segs.append((p.t_delay, t_on_end, "ramp", 0.0))
    segs.append((t_on_end, t_off, "const", 1.0))
    if p.t_off is not None:
        segs.append((t_off, math.inf, "off", 0.0))
    out: list[Segment] = []
    for t0, t1, kind, val in segs:
        if t0 > max(t_end, 0.0) and out:
            break
        out.append((t0, t1, kind, val))
    return out
