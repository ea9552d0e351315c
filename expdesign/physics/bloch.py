"""Four-level Lindblad (optical Bloch) dynamics for the RENP coherence factor |chi|^2.

Seed 001 Appendix (eqs. 69-81, Figs. 11-12): an ion with levels

* ``g`` (Er3+ 4I15/2, 0 eV), ``p`` (4I13/2, 0.805 eV), ``q`` (4I11/2, 1.286 eV),
  ``e`` (2H11/2, 2.3946 eV)

is driven by two CW excitation lasers ``g -> q`` (omega_1) and ``q -> e`` (omega_2)
and, after a delay, by a trigger ``p <-> g`` (omega_t).  The neutrino-pair
emission ``e -> p`` needs the coherence ``rho_ep``; seed 001 identifies
``|chi|^2 = |rho_ee rho_ep|^2`` and says that magnetization is generated at a rate
``propto rho_ee^3 |rho_ep|^2`` and RENP events at ``propto rho_ee^2 |rho_ep|^2``.

Everything here is in natural units (hbar = c = 1): energies, rates, Rabi
frequencies in eV, times in eV^-1, intensities in eV^4, dipole moments in eV^-1.

Conventions (stated once, used everywhere)
------------------------------------------
Level index order ``g, p, q, e = 0, 1, 2, 3`` (:data:`LEVELS`).

Rotating frame.  With laser energies ``w1, w2, wt`` the frame
``U = exp(i t (w1 |q><q| + (w1 + w2) |e><e| + wt |p><p|))`` removes the optical
frequencies (RWA).  The detunings ``delta_1 = w1 - eps_qg``,
``delta_2 = w2 - eps_eq``, ``delta_t = wt - eps_pg`` give

    H = -delta_t |p><p| - delta_1 |q><q| - (delta_1 + delta_2) |e><e|
        + (Omega_1/2)(|q><g| + h.c.) + (Omega_2/2)(|e><q| + h.c.)
        + f(t) (Omega_t/2)(|p><g| + h.c.)

with real Rabi frequencies (laser phases absorbed into the basis) and the trigger
envelope ``f(t)`` (0 before the delay, 1 after; step or sin^2 ramp).  ``Omega`` is
the standard Rabi frequency: a resonant two-level atom flops as
``rho_ee = sin^2(Omega t / 2)``.

Rabi frequency from an A-coefficient (:func:`rabi_frequency`).  Seed 000 after
eq. (6): ``gamma = d^2 eps^3 / (3 pi)`` (E1) and ``mu^2 eps^3 / (3 pi)`` (M1), so
``d = sqrt(3 pi gamma_ED / eps^3)``, ``mu = sqrt(3 pi gamma_MD / eps^3)``.  A plane
wave ``E(t) = E0 cos(w t)`` has time-averaged Poynting flux ``I = E0^2 / 2`` in
Heaviside-Lorentz units, so seed 001's ``|E| = |B| = sqrt(I)`` (after eq. 6) is the
RMS field and the peak field is ``E0 = sqrt(2 I)``.  ``H_int = -d E0 cos(w t)``
becomes ``-(d E0 / 2)(|a><b| e^{-iwt} + h.c.)`` in the RWA, so
``Omega = d_eff E0 = d_eff sqrt(2 I)`` (``field='peak'``, the default).  The paper
writes ``Omega = d E`` with ``E = sqrt(I)`` (``field='rms'``): a factor ``sqrt(2)``
smaller.  ED and MD parts combine as ``sqrt(d^2 + mu^2)`` (``combine='incoherent'``,
the default; seed 001 Appendix text before eq. 69) or as ``d + mu``
(``combine='coherent'``, the amplitude sum of seed 001 eq. (8)).  In a plane wave
``E`` and ``B`` are orthogonal and in phase; the couplings ``d.E`` and ``mu.B`` add
coherently only if the dipole matrix elements point along ``E`` and ``B``
respectively and have the same complex phase.  For matrix elements between
time-reversal partner states the MD element is typically ``i`` times real relative
to the ED one, in which case the magnitudes add in quadrature; without
state-resolved matrix elements the incoherent sum is the neutral choice and the
coherent sum an upper bound.  Table 1 rates are J-manifold totals, so the derived
dipole is an upper bound for one Stark-resolved transition;
``projection = |e_hat . d_hat|^2`` (default 1, isotropic average 1/3) scales it,
and every driven dipole is overridable in :meth:`FourLevelParams.from_rates`.

Decay.  Radiative decays ``a -> b`` enter as Lindblad operators
``sqrt(gamma_ab) |b><a|``.  Decay out of the four-level manifold (``e -> 4I9/2`` in
Er:YLF, 0.49 + 5.52 s^-1) is by default *returned to q* (``leak_to='q'``):
4I9/2 lies ~2200 cm^-1 above 4I11/2 and in YLF (phonon cutoff ~450 cm^-1) relaxes
to 4I11/2 by multiphonon emission within microseconds, far faster than the
millisecond time scale here.  ``leak_to='g'`` or ``'p'`` re-routes it, and
``leak_to=None`` discards it (the trace then decreases).  Pure dephasing of level
``a`` at rate ``gamma_phi_a`` enters as ``sqrt(2 gamma_phi_a) |a><a|``, so a
coherence ``rho_ab`` gets an extra decay rate ``gamma_phi_a + gamma_phi_b``.

Sign structure at zero detuning.  Give each level its graph distance from ``g``
along the driven transitions, ``n = (0, 1, 1, 2)`` for ``(g, p, q, e)``.  With real
``Omega`` and zero detunings, ``S = diag(i^n)`` maps the Lindblad equation to one
with real coefficients, and ``rho(0) = |g><g|`` is real, so
``rho_ab = i^(n_a - n_b) x real``: ``rho_eg``, ``rho_pq`` are real and ``rho_ep``,
``rho_eq``, ``rho_qg``, ``rho_pg`` are purely imaginary (compare seed 001 Fig. 12:
``Re rho_eg`` and ``Im rho_ep``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal

import numpy as np
from scipy.linalg import expm

from expdesign.units import HBAR_EV_S

__all__ = [
    "LEVELS",
    "G",
    "P",
    "Q",
    "E",
    "BlochCheckError",
    "rabi_frequency",
    "dipole_from_rate",
    "er_ylf_table1",
    "er_ylf_params",
    "rate_s_to_eV",
    "trigger_envelope",
    "FourLevelParams",
    "BlochResult",
    "liouvillian",
    "solve",
    "solve_batch",
    "param_grid",
    "ladder_dark_state",
    "v_type_strong_drive",
    "two_level_excited_population",
]

LEVELS: tuple[str, ...] = ("g", "p", "q", "e")
G, P, Q, E = 0, 1, 2, 3
_IDX = {name: i for i, name in enumerate(LEVELS)}
# graph distance from g along the driven transitions g-q, q-e, g-p
_PARITY = np.array([0, 1, 1, 2])
_PAIR_K = {(a, b): k for k, (a, b) in enumerate(
    (a, b) for a in range(4) for b in range(a + 1, 4))}

Combine = Literal["incoherent", "coherent"]
Field = Literal["peak", "rms"]


class BlochCheckError(RuntimeError):
    """A density matrix violated trace, Hermiticity or positivity beyond tolerance."""


# ---------------------------------------------------------------------------
# Rabi frequencies from A-coefficients
# ---------------------------------------------------------------------------

def dipole_from_rate(gamma_eV: float | np.ndarray, eps_eV: float | np.ndarray) -> np.ndarray:
    """Dipole moment (E1 ``d`` or M1 ``mu``) from a spontaneous decay rate.

    Parameters
    ----------
    gamma_eV
        A-coefficient of the transition (eV; ``hbar x rate``).
    eps_eV
        Transition energy (eV).

    Returns
    -------
    ndarray
        ``sqrt(3 pi gamma / eps^3)`` in eV^-1 (seed 000 after eq. (6):
        ``gamma = d^2 eps^3 / (3 pi)``).
    """
    gamma = np.asarray(gamma_eV, dtype=float)
    eps = np.asarray(eps_eV, dtype=float)
    if np.any(gamma < 0) or np.any(eps <= 0):
        raise ValueError("need gamma >= 0 and eps > 0")
    return np.sqrt(3.0 * math.pi * gamma / eps**3)


def rabi_frequency(intensity_eV4: float | np.ndarray, gamma_md_eV: float, gamma_ed_eV: float,
                   eps_eV: float, combine: Combine = "incoherent", field: Field = "peak",
                   projection: float = 1.0) -> np.ndarray:
    """Rabi frequency of a linearly polarized CW plane wave on one transition.

    Parameters
    ----------
    intensity_eV4
        Laser intensity (time-averaged Poynting flux) in eV^4
        (10 mW/cm^2 = 1.5997e-8 eV^4).
    gamma_md_eV, gamma_ed_eV
        MD and ED parts of the A-coefficient (eV), seed 001 Table 1.
    eps_eV
        Transition energy (eV).
    combine
        ``'incoherent'``: ``d_eff = sqrt(d^2 + mu^2)`` (seed 001 Appendix, before
        eq. 69); ``'coherent'``: ``d_eff = d + mu`` (seed 001 eq. 8 amplitude sum).
    field
        ``'peak'`` (default): ``Omega = d_eff sqrt(2 I)`` for ``H = (Omega/2)(|a><b| +
        h.c.)``; ``'rms'``: ``Omega = d_eff sqrt(I)`` (the paper's ``Omega = d E`` with
        ``E = sqrt(I)``).
    projection
        ``|e_hat . d_hat|^2`` in (0, 1]; 1 = dipole along the field, 1/3 = isotropic.

    Returns
    -------
    ndarray
        Omega in eV (angular; ``Omega / (2 pi hbar)`` is the cyclic Rabi frequency).
    """
    intensity = np.asarray(intensity_eV4, dtype=float)
    if np.any(intensity < 0):
        raise ValueError("intensity must be >= 0")
    if not 0 < projection <= 1:
        raise ValueError("projection must lie in (0, 1]")
    d = dipole_from_rate(gamma_ed_eV, eps_eV)
    mu = dipole_from_rate(gamma_md_eV, eps_eV)
    if combine == "incoherent":
        d_eff = np.sqrt(d**2 + mu**2)
    elif combine == "coherent":
        d_eff = d + mu
    else:
        raise ValueError(f"combine must be 'incoherent' or 'coherent', not {combine!r}")
    if field == "peak":
        e_amp = np.sqrt(2.0 * intensity)
    elif field == "rms":
        e_amp = np.sqrt(intensity)
    else:
        raise ValueError(f"field must be 'peak' or 'rms', not {field!r}")
    return d_eff * math.sqrt(projection) * e_amp


def er_ylf_table1() -> dict:
    """Er3+ data of seed 001 Table 1 and eqs. (25)-(27), as plain numbers.

    Returns
    -------
    dict
        ``energies`` (eV) of g, p, q, e; ``a_md`` and ``a_ed``: dicts
        ``(from, to) -> rate in s^-1`` (radiative A-coefficients calculated for
        Er3+:Cs2NaYF6, seed 001 Table 1, ref. [18]); ``a_out``: rates (s^-1) from
        each level to levels outside the manifold (``e -> 4I9/2``: 0.49 MD + 5.52 ED).
    """
    return {
        "energies": (0.0, 0.805, 1.286, 2.3946),
        "a_md": {("p", "g"): 24.82, ("q", "p"): 4.26, ("e", "p"): 49.43, ("e", "q"): 5.58},
        "a_ed": {("p", "g"): 2.46, ("q", "g"): 4.13, ("q", "p"): 0.42, ("e", "g"): 518.02,
                 ("e", "p"): 7.91, ("e", "q"): 4.73},
        "a_out": {"e": 0.49 + 5.52},
    }


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class FourLevelParams:
    """Parameters of the four-level model, all in natural units (eV, eV^-1).

    Attributes
    ----------
    decay
        4x4 array, ``decay[a, b]`` = radiative rate a -> b (eV), level order g, p, q, e.
    gamma_out
        length-4 array, rate out of the manifold from each level (eV).
    leak_to
        where out-of-manifold population goes: ``'q'`` (default), ``'g'``, ``'p'``,
        or ``None`` (lost; trace decreases).
    omega_1, omega_2, omega_t
        Rabi frequencies (eV) of g-q, q-e, p-g (``H = (Omega/2)(|a><b| + h.c.)``).
    delta_1, delta_2, delta_t
        detunings laser minus transition energy (eV).
    dephasing
        length-4 pure dephasing rates (eV), see module docstring.
    t_delay
        trigger switch-on time (eV^-1).
    switch
        ``'step'`` or ``'sin2'`` (``f = sin^2(pi/2 (t - t_delay)/rise)`` on the ramp).
    rise
        ramp duration for ``'sin2'`` (eV^-1).
    t_off
        optional time (eV^-1) at which all three lasers switch off (step).
    inhom_sigma
        Gaussian standard deviation (eV) of a static detuning ``x`` per ion;
        ``x`` shifts the detunings by ``inhom_axis * x``.
    inhom_axis
        coefficients ``(c1, c2, ct)`` of ``x`` in ``(delta_1, delta_2, delta_t)``.
    n_inhom
        number of uniform nodes on +-6 sigma for the inhomogeneous average (spacing
        must stay below the homogeneous width; a warning says when not).
    n_ramp
        number of constant pieces of the sin^2 ramp on the propagator path.
    """

    decay: np.ndarray
    gamma_out: np.ndarray = field(default_factory=lambda: np.zeros(4))
    leak_to: str | None = "q"
    omega_1: float = 0.0
    omega_2: float = 0.0
    omega_t: float = 0.0
    delta_1: float = 0.0
    delta_2: float = 0.0
    delta_t: float = 0.0
    dephasing: np.ndarray = field(default_factory=lambda: np.zeros(4))
    t_delay: float = 0.0
    switch: Literal["step", "sin2"] = "step"
    rise: float = 0.0
    t_off: float | None = None
    inhom_sigma: float = 0.0
    inhom_axis: tuple[float, float, float] = (0.0, 0.0, 1.0)
    n_inhom: int = 41
    n_ramp: int = 64

    def __post_init__(self) -> None:
        dec = np.array(self.decay, dtype=float)
        if dec.shape != (4, 4):
            raise ValueError("decay must be a 4x4 array (from, to)")
        if np.any(dec < 0) or not np.all(np.isfinite(dec)):
            raise ValueError("decay rates must be finite and >= 0")
        np.fill_diagonal(dec, 0.0)
        object.__setattr__(self, "decay", dec)
        out = np.broadcast_to(np.asarray(self.gamma_out, dtype=float), (4,)).copy()
        deph = np.broadcast_to(np.asarray(self.dephasing, dtype=float), (4,)).copy()
        if np.any(out < 0) or np.any(deph < 0):
            raise ValueError("gamma_out and dephasing must be >= 0")
        object.__setattr__(self, "gamma_out", out)
        object.__setattr__(self, "dephasing", deph)
        if self.leak_to not in (None, "g", "p", "q", "e"):
            raise ValueError("leak_to must be None or one of 'g', 'p', 'q', 'e'")
        if self.switch not in ("step", "sin2"):
            raise ValueError("switch must be 'step' or 'sin2'")
        if self.switch == "sin2" and not self.rise > 0:
            raise ValueError("switch='sin2' needs rise > 0")
        if self.t_delay < 0:
            raise ValueError("t_delay must be >= 0")
        if self.t_off is not None and self.t_off < self.t_delay + (
                self.rise if self.switch == "sin2" else 0.0):
            raise ValueError("t_off must come after the trigger is fully on")
        if self.inhom_sigma < 0:
            raise ValueError("inhom_sigma must be >= 0")
        vals = (self.omega_1, self.omega_2, self.omega_t, self.delta_1, self.delta_2,
                self.delta_t, self.t_delay, self.rise, self.inhom_sigma)
        if not all(math.isfinite(v) for v in vals):
            raise ValueError("parameters must be finite")

    # -- construction from plain numbers --------------------------------------------------
    @classmethod
    def from_rates(cls, energies_eV: Sequence[float], a_md_eV: dict, a_ed_eV: dict,
                   intensities_eV4: Sequence[float], t_delay: float,
                   a_out_eV: dict | None = None, laser_energies_eV: Sequence[float] | None = None,
                   combine: Combine = "incoherent", field: Field = "peak",
                   projection: float = 1.0, dipoles_eV_inv: dict | None = None,
                   **kwargs) -> FourLevelParams:
        """Build parameters from energies, A-coefficients and intensities.

        Parameters
        ----------
        energies_eV
            level energies of g, p, q, e (eV).
        a_md_eV, a_ed_eV
            ``{(from, to): rate in eV}`` with level names 'g', 'p', 'q', 'e'.
        intensities_eV4
            ``(I_qg, I_eq, I_pg)`` in eV^4 for omega_1, omega_2 and the trigger.
        t_delay
            trigger delay (eV^-1).
        a_out_eV
            ``{level: rate in eV}`` out of the manifold.
        laser_energies_eV
            ``(w1, w2, wt)`` (eV); default: on resonance.
        combine, field, projection
            see :func:`rabi_frequency`.
        dipoles_eV_inv
            overrides ``{('q','g'): d_eff, ('e','q'): d_eff, ('p','g'): d_eff}`` (eV^-1):
            then ``Omega = d_eff x field amplitude`` (times ``sqrt(projection)``).
        **kwargs
            passed on to :class:`FourLevelParams`.
        """
        en = np.asarray(energies_eV, dtype=float)
        if en.shape != (4,):
            raise ValueError("energies_eV needs 4 entries (g, p, q, e)")
        dec = np.zeros((4, 4))
        for table in (a_md_eV, a_ed_eV):
            for (a, b), r in table.items():
                dec[_IDX[a], _IDX[b]] += r
        out = np.zeros(4)
        for a, r in (a_out_eV or {}).items():
            out[_IDX[a]] += r
        i1, i2, it = (float(x) for x in intensities_eV4)
        trans = {"omega_1": (("q", "g"), i1), "omega_2": (("e", "q"), i2),
                 "omega_t": (("p", "g"), it)}
        om = {}
        for key, (pair, inten) in trans.items():
            eps = en[_IDX[pair[0]]] - en[_IDX[pair[1]]]
            if dipoles_eV_inv and pair in dipoles_eV_inv:
                amp = math.sqrt(2 * inten) if field == "peak" else math.sqrt(inten)
                om[key] = float(dipoles_eV_inv[pair] * math.sqrt(projection) * amp)
            else:
                om[key] = float(rabi_frequency(inten, a_md_eV.get(pair, 0.0),
                                               a_ed_eV.get(pair, 0.0), eps, combine=combine,
                                               field=field, projection=projection))
        det = {}
        if laser_energies_eV is not None:
            w1, w2, wt = (float(x) for x in laser_energies_eV)
            det = {"delta_1": w1 - (en[Q] - en[G]), "delta_2": w2 - (en[E] - en[Q]),
                   "delta_t": wt - (en[P] - en[G])}
        return cls(decay=dec, gamma_out=out, t_delay=t_delay, **om, **det, **kwargs)

    @property
    def gamma_total(self) -> np.ndarray:
        """Total decay rate of each level (radiative within + out of manifold), eV."""
        return self.decay.sum(axis=1) + self.gamma_out

    def lifetime(self, level: str = "e") -> float:
        """Lifetime 1/gamma_total of a level (eV^-1)."""
        g = self.gamma_total[_IDX[level]]
        if g <= 0:
            raise ValueError(f"level {level} does not decay")
        return float(1.0 / g)

    def timing_key(self) -> tuple:
        return (self.t_delay, self.switch, self.rise, self.t_off, self.n_ramp)


def _collapse_ops(p: FourLevelParams) -> list:
    """Lindblad operators (4x4 arrays) of radiative decay, out-of-manifold decay and
    dephasing; ``('loss', a, gamma)`` marks population of ``a`` leaving the manifold."""
    ops: list = []
    rates = p.decay.copy()
    diag_jumps = np.zeros(4)
    if p.leak_to is not None:
        k = _IDX[p.leak_to]
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


def _hamiltonians(p: FourLevelParams, shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Rotating-frame Hamiltonian parts (H0 without trigger, Ht = trigger coupling), eV."""
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


def liouvillian(h: np.ndarray, ops: list) -> np.ndarray:
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

def trigger_envelope(p: FourLevelParams, t: np.ndarray) -> np.ndarray:
    """Trigger envelope f(t) in [0, 1] (0 before ``t_delay``; 0 again after ``t_off``)."""
    t = np.asarray(t, dtype=float)
    if p.switch == "step":
        f = (t >= p.t_delay).astype(float)
    else:
        x = np.clip((t - p.t_delay) / p.rise, 0.0, 1.0)
        f = np.sin(0.5 * math.pi * x) ** 2
    if p.t_off is not None:
        f = np.where(t >= p.t_off, 0.0, f)
    return f


def _segments(p: FourLevelParams, t_end: float) -> list[tuple[float, float, str, float]]:
    """Pieces ``(t0, t1, kind, value)`` with kind 'const' (value = trigger level,
    lasers on), 'off' (all lasers off) or 'ramp' (smooth trigger; value unused)."""
    segs: list[tuple[float, float, str, float]] = []
    t_on_end = p.t_delay + (p.rise if p.switch == "sin2" else 0.0)
    t_off = p.t_off if p.t_off is not None else math.inf
    if p.t_delay > 0:
        segs.append((0.0, p.t_delay, "const", 0.0))
    if p.switch == "sin2":
        segs.append((p.t_delay, t_on_end, "ramp", 0.0))
    segs.append((t_on_end, t_off, "const", 1.0))
    if p.t_off is not None:
        segs.append((t_off, math.inf, "off", 0.0))
    out = []
    for t0, t1, kind, val in segs:
        if t0 > max(t_end, 0.0) and out:
            break
        out.append((t0, t1, kind, val))
    return out


# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------

@dataclass
class BlochResult:
    """Solution of the four-level model.

    Attributes
    ----------
    times
        output times (eV^-1), shape (T,).
    bloch
        real Bloch vectors, shape (..., T, 16): populations of g, p, q, e, then
        ``Re rho_ab, Im rho_ab`` for ``(a, b)`` = (g,p), (g,q), (g,e), (p,q), (p,e),
        (q,e); a leading batch shape for :func:`solve_batch`.
    trigger
        trigger envelope f(t) at the output times, shape (..., T).

    ``rho`` (complex, (..., T, 4, 4), level order g, p, q, e) is built on first use.
    """

    times: np.ndarray
    bloch: np.ndarray
    trigger: np.ndarray

    @classmethod
    def from_rho(cls, times: np.ndarray, rho: np.ndarray, trigger: np.ndarray) -> BlochResult:
        """Build from complex density matrices (..., T, 4, 4) (Hermitian part kept)."""
        rho = np.asarray(rho, dtype=complex)
        x = np.empty((*rho.shape[:-2], 16))
        for a in range(4):
            x[..., a] = rho[..., a, a].real
        for k, (a, b) in enumerate(zip(_IU, _JU, strict=True)):
            z = 0.5 * (rho[..., a, b] + np.conj(rho[..., b, a]))  # Hermitian part
            x[..., 4 + 2 * k] = z.real
            x[..., 5 + 2 * k] = z.imag
        return cls(times=np.asarray(times, dtype=float), bloch=x,
                   trigger=np.asarray(trigger, dtype=float))

    @cached_property
    def rho(self) -> np.ndarray:
        """Density matrices, complex, shape (..., T, 4, 4)."""
        return _from_real(self.bloch)

    def element(self, a: str, b: str) -> np.ndarray:
        """``rho_ab`` (complex), shape (..., T)."""
        ia, ib = _IDX[a], _IDX[b]
        if ia == ib:
            return self.bloch[..., ia].astype(complex)
        k = _PAIR_K[(min(ia, ib), max(ia, ib))]
        sgn = 1.0 if ia < ib else -1.0
        return self.bloch[..., 4 + 2 * k] + 1j * sgn * self.bloch[..., 5 + 2 * k]

    @property
    def populations(self) -> np.ndarray:
        """``rho_aa`` (real), shape (..., T, 4), order g, p, q, e."""
        return self.bloch[..., :4]

    @property
    def rho_ee(self) -> np.ndarray:
        return self.bloch[..., E]

    @property
    def rho_ep(self) -> np.ndarray:
        return self.element("e", "p")

    @property
    def rho_eg(self) -> np.ndarray:
        return self.element("e", "g")

    @property
    def chi2(self) -> np.ndarray:
        """``|chi|^2 = |rho_ee rho_ep|^2`` (seed 001 Appendix, text before Fig. 11)."""
        return np.abs(self.rho_ee * self.rho_ep) ** 2

    @property
    def magnetization_factor(self) -> np.ndarray:
        """``rho_ee^3 |rho_ep|^2`` (magnetization generation rate, seed 001 Fig. 11)."""
        return self.rho_ee**3 * np.abs(self.rho_ep) ** 2

    @property
    def rate_factor(self) -> np.ndarray:
        """``rho_ee^2 |rho_ep|^2`` (RENP event rate, seed 001 Appendix)."""
        return self.rho_ee**2 * np.abs(self.rho_ep) ** 2

    def peak(self, quantity: str = "magnetization_factor") -> tuple[np.ndarray, np.ndarray]:
        """Peak value and its time (eV^-1) of ``chi2``, ``magnetization_factor`` or
        ``rate_factor`` on the output grid, shapes (...)."""
        y = getattr(self, quantity)
        i = np.argmax(y, axis=-1)
        return np.take_along_axis(y, i[..., None], -1)[..., 0], self.times[i]

    def integral(self, quantity: str = "magnetization_factor") -> tuple[np.ndarray, np.ndarray]:
        """Trapezoid time integral (eV^-1) and an error estimate (a third of the
        difference to the trapezoid rule on every second point)."""
        y = getattr(self, quantity)
        full = np.trapezoid(y, self.times, axis=-1)
        coarse = np.trapezoid(y[..., ::2], self.times[::2], axis=-1)
        if len(self.times) % 2 == 0:  # coarse grid misses the last interval
            coarse = coarse + np.trapezoid(y[..., -2:], self.times[-2:], axis=-1)
        return full, np.abs(full - coarse) / 3.0

    def check(self, tol: float = 1e-8, trace_preserving: bool = True,
              action: Literal["raise", "warn"] = "raise",
              max_eig_points: int | None = 20000) -> dict:
        """Check trace and positivity along the trajectory (see :func:`check_density`).

        The stored Bloch vector is Hermitian by construction; :func:`solve` checks the
        Hermiticity of the raw QuTiP output before storing it.
        """
        return _check_bloch(self.bloch, tol, trace_preserving, action, max_eig_points,
                            herm=0.0)


def _check_bloch(x: np.ndarray, tol: float, trace_preserving: bool,
                 action: Literal["raise", "warn"], max_eig_points: int | None,
                 herm: float) -> dict:
    """Trace and minimum-eigenvalue checks on real Bloch vectors (..., T, 16).

    The trace is checked at every point (``|tr - 1|``, or with
    ``trace_preserving=False``: ``tr <= 1 + tol`` and never increasing); the minimum
    eigenvalue on at most ``max_eig_points`` matrices evenly spread over the times
    (all when ``None`` or fewer), always including the first and last time.
    Raises :class:`BlochCheckError` (or warns) when a deviation exceeds ``tol``.
    """
    tr = x[..., :4].sum(axis=-1)
    if trace_preserving:
        dtr = float(np.max(np.abs(tr - 1.0)))
    else:
        inc = np.diff(tr, axis=-1)
        dtr = float(max(np.max(tr) - 1.0, np.max(inc, initial=0.0), 0.0))
    nt = x.shape[-2]
    nbatch = int(np.prod(x.shape[:-2], dtype=int))
    if max_eig_points is None or nt * nbatch <= max_eig_points:
        sub = x
    else:
        k = max(2, max_eig_points // max(nbatch, 1))
        idx = np.unique(np.linspace(0, nt - 1, k).round().astype(int))
        sub = x[..., idx, :]
    mine = float(np.min(np.linalg.eigvalsh(_from_real(sub))))
    out = {"trace": dtr, "hermiticity": float(herm), "min_eigenvalue": mine}
    bad = [k for k, v in out.items() if (v < -tol if k == "min_eigenvalue" else v > tol)]
    if bad:
        msg = f"density matrix check failed ({', '.join(bad)}): {out}"
        if action == "raise":
            raise BlochCheckError(msg)
        warnings.warn(msg, RuntimeWarning, stacklevel=3)
    return out


# ---------------------------------------------------------------------------
# Propagator solver (batched)
# ---------------------------------------------------------------------------

def _rho0_vec(rho0: np.ndarray | None) -> np.ndarray:
    if rho0 is None:
        r = np.zeros((4, 4), dtype=complex)
        r[G, G] = 1.0
    else:
        r = np.asarray(rho0, dtype=complex)
        if r.shape != (4, 4):
            raise ValueError("rho0 must be 4x4")
    return r.reshape(16)


def _check_times(times: np.ndarray) -> np.ndarray:
    t = np.asarray(times, dtype=float)
    if t.ndim != 1 or t.size == 0:
        raise ValueError("times must be a non-empty 1-d array")
    if np.any(t < 0) or np.any(np.diff(t) < 0) or not np.all(np.isfinite(t)):
        raise ValueError("times must be finite, >= 0 and non-decreasing")
    return t


def _real_basis() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Map row-major vec(rho) (16 complex) to 16 real numbers: the 4 populations,
    then Re and Im of rho_ab for a < b."""
    t = np.zeros((16, 16), dtype=complex)
    for a in range(4):
        t[a, 5 * a] = 1.0
    iu, ju = np.triu_indices(4, 1)
    for k, (a, b) in enumerate(zip(iu, ju, strict=True)):
        t[4 + 2 * k, 4 * a + b] = 0.5
        t[4 + 2 * k, 4 * b + a] = 0.5
        t[5 + 2 * k, 4 * a + b] = -0.5j
        t[5 + 2 * k, 4 * b + a] = 0.5j
    return t, np.linalg.inv(t), iu, ju


_T_REAL, _T_INV, _IU, _JU = _real_basis()


def _real_gather() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    re_idx = np.full(16, 16)
    im_idx = np.full(16, 16)
    sgn = np.zeros(16)
    for a in range(4):
        re_idx[5 * a] = a
    for k, (a, b) in enumerate(zip(_IU, _JU, strict=True)):
        re_idx[4 * a + b] = re_idx[4 * b + a] = 4 + 2 * k
        im_idx[4 * a + b] = im_idx[4 * b + a] = 5 + 2 * k
        sgn[4 * a + b], sgn[4 * b + a] = 1.0, -1.0
    return re_idx, im_idx, sgn


_RE_IDX, _IM_IDX, _IM_SGN = _real_gather()


def _from_real(x: np.ndarray) -> np.ndarray:
    """Real Bloch vectors (..., 16) -> density matrices (..., 4, 4)."""
    x17 = np.concatenate([x, np.zeros((*x.shape[:-1], 1))], axis=-1)
    rho = np.empty((*x.shape[:-1], 16), dtype=complex)
    rho.real = np.take(x17, _RE_IDX, axis=-1)
    rho.imag = np.take(x17, _IM_IDX, axis=-1) * _IM_SGN
    return rho.reshape(*x.shape[:-1], 4, 4)


class _EigProp:
    """``exp(L dt)`` for a stack of Liouvillians via one batched eigendecomposition
    ``L = V diag(lam) V^-1``; falls back to scipy ``expm`` (scaling and squaring)
    for members whose eigenvector matrix is ill-conditioned (cond > 1e6, e.g. a
    defective L with degenerate decay rates)."""

    def __init__(self, lv: np.ndarray, max_cond: float = 1e6) -> None:
        self.lv = lv
        lam, vec = np.linalg.eig(lv)
        cond = np.linalg.cond(vec)
        self.good = np.isfinite(cond) & (cond < max_cond)
        self.lam = lam
        self.vec = vec
        self.vinv = np.zeros_like(vec)
        if np.any(self.good):
            self.vinv[self.good] = np.linalg.inv(vec[self.good])

    def __call__(self, dt: float) -> np.ndarray:
        out = np.matmul(self.vec * np.exp(self.lam * dt)[:, None, :], self.vinv)
        bad = ~self.good
        if np.any(bad):
            out[bad] = expm(self.lv[bad] * dt)
        return out


def _propagate_group(plist: list[FourLevelParams], times: np.ndarray,
                     rho0: np.ndarray) -> np.ndarray:
    """Batched propagation for parameter sets sharing the same switch times."""
    p0 = plist[0]
    nb = len(plist)
    h0s = np.empty((nb, 4, 4), dtype=complex)
    hts = np.empty((nb, 4, 4), dtype=complex)
    dis = np.empty((nb, 16, 16), dtype=complex)
    zero = np.zeros((4, 4), dtype=complex)
    dis_cache: dict[tuple, np.ndarray] = {}
    for k, p in enumerate(plist):
        h0, ht = _hamiltonians(p, shift=getattr(p, "_shift", 0.0))
        h0s[k], hts[k] = h0, ht
        key = (p.decay.tobytes(), p.gamma_out.tobytes(), p.leak_to, p.dephasing.tobytes())
        if key not in dis_cache:
            dis_cache[key] = liouvillian(zero, _collapse_ops(p))
        dis[k] = dis_cache[key]
    ident = np.eye(4)

    def lv_of(h: np.ndarray) -> np.ndarray:  # batched -i[H, .] + dissipator
        return -1j * (np.einsum("bij,kl->bikjl", h, ident).reshape(nb, 16, 16)
                      - np.einsum("ij,blk->bikjl", ident, h).reshape(nb, 16, 16)) + dis

    t_end = float(times[-1])
    pieces: list[tuple[float, float, np.ndarray]] = []
    for t0, t1, kind, val in _segments(p0, t_end):
        if kind == "off":  # lasers off: detunings stay (rotating frame)
            hoff = h0s * np.eye(4)
            pieces.append((t0, t1, lv_of(hoff)))
        elif kind == "const":
            pieces.append((t0, t1, lv_of(h0s + val * hts)))
        else:  # piecewise-constant sin^2 ramp, midpoint values
            edges = np.linspace(t0, t1, p0.n_ramp + 1)
            mids = 0.5 * (edges[:-1] + edges[1:])
            fvals = trigger_envelope(p0, mids)
            for a, b, f in zip(edges[:-1], edges[1:], fvals, strict=True):
                pieces.append((a, b, lv_of(h0s + f * hts)))
    nt = times.size
    out = np.empty((nb, nt, 16))
    state = np.broadcast_to(_T_REAL @ rho0, (nb, 16)).real.copy()
    it = 0
    for t0, t1, lv in pieces:
        if it >= nt:
            break
        eig = _EigProp(lv)
        cache: dict[float, np.ndarray] = {}

        def prop(dt: float, eig=eig, cache=cache) -> np.ndarray:
            key = float(f"{dt:.12e}")
            if key not in cache:  # real-basis propagator
                cache[key] = np.ascontiguousarray(np.matmul(np.matmul(_T_REAL, eig(dt)),
                                                            _T_INV).real)
            return cache[key]

        stop = int(np.searchsorted(times, t1, side="left")) if t1 < math.inf else nt
        t_prev = t0
        for k in range(it, stop):
            dt = float(times[k] - t_prev)
            if dt > 0:
                state = np.matmul(prop(dt), state[..., None])[..., 0]
                t_prev = float(times[k])
            out[:, k] = state
        it = stop
        if it < nt and t1 < math.inf and t1 > t_prev:  # state at the end of the piece
            state = np.einsum("bij,bj->bi", prop(t1 - t_prev), state)
    return out


def _inhom_nodes(p: FourLevelParams) -> tuple[np.ndarray, np.ndarray]:
    """Uniform nodes on +-6 sigma with normalized Gaussian weights (trapezoid rule).

    The trapezoid rule converges exponentially for integrands analytic in a strip;
    the strip half-width is the homogeneous (power-broadened) line width ``w``, so
    the spacing ``h = 12 sigma / (n - 1)`` must stay below ~``w``: a warning is
    raised otherwise.  The +-6 sigma truncation costs ~1e-8.
    """
    x = np.linspace(-6.0, 6.0, p.n_inhom) * p.inhom_sigma
    w = np.exp(-0.5 * (x / p.inhom_sigma) ** 2)
    width = max(abs(p.omega_1), abs(p.omega_2), abs(p.omega_t), float(np.max(p.gamma_total)))
    h = x[1] - x[0]
    if h > width:
        warnings.warn(f"inhomogeneous grid spacing {h:.3g} eV exceeds the homogeneous width "
                      f"~{width:.3g} eV: increase n_inhom", RuntimeWarning, stacklevel=3)
    return x, w / w.sum()


def _expand_inhom(plist: list[FourLevelParams]) -> tuple[list, np.ndarray, list[int]]:
    """Nodes for the inhomogeneous average; returns expanded list, weights and the
    number of nodes per original parameter set."""
    expanded: list = []
    weights: list[float] = []
    counts: list[int] = []
    for p in plist:
        if p.inhom_sigma > 0:
            x, w = _inhom_nodes(p)
            for xi, wi in zip(x, w, strict=True):
                q = replace(p, inhom_sigma=0.0)
                object.__setattr__(q, "_shift", float(xi))
                expanded.append(q)
                weights.append(float(wi))
            counts.append(p.n_inhom)
        else:
            expanded.append(p)
            weights.append(1.0)
            counts.append(1)
    return expanded, np.array(weights), counts


def param_grid(base: FourLevelParams, **arrays) -> tuple[list[FourLevelParams], tuple]:
    """Variants of ``base`` with fields set from broadcast arrays (for scans).

    Example: ``plist, shape = param_grid(p, omega_1=o1[:, None], omega_2=o2[None, :])``;
    ``solve_batch(plist, t).peak()[0].reshape(shape)``.  Scalar fields only.

    Returns
    -------
    (list of FourLevelParams, broadcast shape)
    """
    names = list(arrays)
    vals = np.broadcast_arrays(*(np.asarray(arrays[n], dtype=float) for n in names))
    shape = vals[0].shape if vals else ()
    flat = [v.ravel() for v in vals]
    n = int(np.prod(shape, dtype=int)) if vals else 1
    return [replace(base, **{nm: float(f[k]) for nm, f in zip(names, flat, strict=True)})
            for k in range(n)], shape


def solve_batch(params: Sequence[FourLevelParams], times_eV_inv: np.ndarray,
                rho0: np.ndarray | None = None, check: bool = True,
                tol: float = 1e-8) -> BlochResult:
    """Solve many parameter sets at once with exact piecewise-constant propagators.

    The 16x16 Liouvillian of each set is exponentiated (scipy ``expm`` on the
    stacked array) once per distinct step size and segment, and applied to all
    states together.  Exact for step switching (up to round-off); a sin^2 ramp is
    replaced by ``n_ramp`` constant pieces (midpoint rule, error O(n_ramp^-2)).

    Parameters
    ----------
    params
        sequence of :class:`FourLevelParams` (any timing; sets with equal timing are
        propagated together).
    times_eV_inv
        sorted output times (eV^-1), starting at >= 0; the state at t=0 is ``rho0``.
    rho0
        initial 4x4 density matrix (default ``|g><g|``).
    check, tol
        verify trace, Hermiticity and positivity (:meth:`BlochResult.check`).

    Returns
    -------
    BlochResult
        ``rho`` of shape (len(params), T, 4, 4).
    """
    plist = list(params)
    if not plist:
        raise ValueError("need at least one parameter set")
    times = _check_times(times_eV_inv)
    r0 = _rho0_vec(rho0)
    expanded, weights, counts = _expand_inhom(plist)
    groups: dict[tuple, list[int]] = {}
    for k, p in enumerate(expanded):
        groups.setdefault(p.timing_key(), []).append(k)
    if len(groups) == 1:
        x_all = _propagate_group(expanded, times, r0)
    else:
        x_all = np.empty((len(expanded), times.size, 16))
        for idx in groups.values():
            x_all[idx] = _propagate_group([expanded[k] for k in idx], times, r0)
    if all(n == 1 for n in counts):
        x = x_all
    else:
        x = np.empty((len(plist), times.size, 16))
        start = 0
        for k, n in enumerate(counts):
            x[k] = np.tensordot(weights[start:start + n], x_all[start:start + n], axes=1)
            start += n
    trig = np.stack([trigger_envelope(p, times) for p in plist])
    res = BlochResult(times=times, bloch=x, trigger=trig)
    if check:
        tp = all(p.leak_to is not None or not np.any(p.gamma_out > 0) for p in plist)
        res.check(tol=tol, trace_preserving=tp)
    return res


def solve(params: FourLevelParams, times_eV_inv: np.ndarray,
          method: Literal["propagator", "qutip"] = "propagator",
          rho0: np.ndarray | None = None, check: bool = True, tol: float = 1e-8,
          **qutip_options) -> BlochResult:
    """Solve the four-level Lindblad equation for one parameter set.

    Parameters
    ----------
    params
        :class:`FourLevelParams`.
    times_eV_inv
        sorted output times (eV^-1), >= 0.
    method
        ``'propagator'`` (exact matrix exponentials, see :func:`solve_batch`) or
        ``'qutip'`` (``qutip.mesolve``; options ``atol``, ``rtol``, ``nsteps``,
        ``max_step`` in eV^-1, ``method``; see :mod:`._qutip_adapter`).
    rho0, check, tol
        as in :func:`solve_batch`.

    Returns
    -------
    BlochResult
        ``rho`` of shape (T, 4, 4).
    """
    if method == "propagator":
        r = solve_batch([params], times_eV_inv, rho0=rho0, check=False)
        res = BlochResult(times=r.times, bloch=r.bloch[0], trigger=r.trigger[0])
        herm = 0.0
    elif method == "qutip":
        from expdesign.physics import _qutip_adapter

        times = _check_times(times_eV_inv)
        expanded, weights, _ = _expand_inhom([params])
        rho = np.zeros((times.size, 4, 4), dtype=complex)
        for q, w in zip(expanded, weights, strict=True):
            h0, ht = _hamiltonians(q, shift=getattr(q, "_shift", 0.0))
            segs = _segments(q, float(times[-1]))
            rho += w * _qutip_adapter.mesolve_segments(
                h0, ht, _collapse_ops(q), segs, lambda t, q=q: trigger_envelope(q, t),
                times, np.asarray(_rho0_vec(rho0)).reshape(4, 4),
                scale=float(np.max(q.gamma_total)) or 1.0, **qutip_options)
        herm = float(np.max(np.abs(rho - np.conj(np.swapaxes(rho, -1, -2)))))
        res = BlochResult.from_rho(times, rho, trigger_envelope(params, times))
    else:
        raise ValueError("method must be 'propagator' or 'qutip'")
    if check:
        tp = params.leak_to is not None or not np.any(params.gamma_out > 0)
        _check_bloch(res.bloch, tol, tp, "raise", 20000, herm=herm)
    return res


# ---------------------------------------------------------------------------
# Closed forms used to check the numerics (and quoted by seed 001)
# ---------------------------------------------------------------------------

def two_level_excited_population(omega: float, gamma: float, delta: float = 0.0) -> float:
    """Steady-state upper population of a driven two-level atom.

    ``rho_ee = s / (2 (1 + s))`` with ``s = 2 Omega^2 / (gamma^2 + 4 delta^2)``
    (H = (Omega/2) sigma_x - delta |e><e|, decay rate gamma, no dephasing); standard
    optical Bloch result, e.g. Band, *Light and Matter* (seed 001 ref. [25]).
    """
    s = 2.0 * omega**2 / (gamma**2 + 4.0 * delta**2)
    return s / (2.0 * (1.0 + s))


def ladder_dark_state(omega_qg: float, omega_eq: float) -> dict:
    """Dark state of the resonant g-q-e ladder, seed 001 eq. (69).

    ``|D> propto Omega_eq |g> - Omega_qg |e>`` is annihilated by the coupling; its
    populations and coherence are ``rho_ee = Omega_qg^2 / S``, ``rho_gg =
    Omega_eq^2 / S``, ``rho_eg = -Omega_eq Omega_qg / S`` with ``S = Omega_qg^2 +
    Omega_eq^2``.  It is the steady state only when ``e`` does not decay (or decays
    much more slowly than ``q``); see docs/bloch.md.
    """
    s = omega_qg**2 + omega_eq**2
    return {"ee": omega_qg**2 / s, "gg": omega_eq**2 / s, "qq": 0.0,
            "eg": -omega_eq * omega_qg / s}


def v_type_strong_drive(omega_eg: float, omega_pg: float) -> dict:
    """Seed 001 eq. (70): V-scheme values quoted for ``Omega >> gamma``.

    ``rho_ee = Omega_eg^2 / (2 S)``, ``rho_gg = 1/2``, ``rho_pp = Omega_pg^2 / (2 S)``,
    ``rho_ep = Omega_eg Omega_pg / (2 S)``, ``S = Omega_eg^2 + Omega_pg^2``.  These are
    the populations of a state with ``rho_gg = 1/2`` and the upper levels in the
    bright superposition; the numerics decide where it holds (docs/bloch.md).
    """
    s = omega_eg**2 + omega_pg**2
    return {"ee": omega_eg**2 / (2 * s), "gg": 0.5, "pp": omega_pg**2 / (2 * s),
            "ep": omega_eg * omega_pg / (2 * s), "eg": 0.0, "pg": 0.0}


def rate_s_to_eV(rate_per_s: float) -> float:
    """hbar x rate: s^-1 -> eV."""
    return rate_per_s * HBAR_EV_S


def er_ylf_params(i_qg_eV4: float, i_eq_eV4: float, i_pg_eV4: float, t_delay: float,
                  **kwargs) -> FourLevelParams:
    """Seed 001 Er3+:YLF four-level parameters from Table 1 (rates in s^-1 -> eV).

    ``kwargs`` go to :meth:`FourLevelParams.from_rates` (``combine``, ``field``,
    ``leak_to``, ``dephasing``, ...).
    """
    tab = er_ylf_table1()
    conv = {k: rate_s_to_eV(v) for k, v in tab["a_md"].items()}
    conv_ed = {k: rate_s_to_eV(v) for k, v in tab["a_ed"].items()}
    out = {k: rate_s_to_eV(v) for k, v in tab["a_out"].items()}
    return FourLevelParams.from_rates(tab["energies"], conv, conv_ed,
                                      (i_qg_eV4, i_eq_eV4, i_pg_eV4), t_delay,
                                      a_out_eV=out, **kwargs)
