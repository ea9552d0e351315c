"""Level labels, Rabi frequencies from A-coefficients, and the four-level parameter set.

Everything is in natural units (hbar = c = 1): energies, rates and Rabi frequencies
in eV, times in eV^-1, intensities in eV^4, dipole moments in eV^-1.  The
conventions (rotating frame, ``Omega``, field amplitude, ED/MD combination) are
stated in the package docstring (:mod:`expdesign.physics.bloch`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

import numpy as np

from expdesign.physics.constants import HBAR_EV_S

__all__ = [
    "LEVELS",
    "LEVEL_INDEX",
    "G",
    "P",
    "Q",
    "E",
    "Combine",
    "Field",
    "dipole_from_rate",
    "rabi_frequency",
    "rate_s_to_eV",
    "FourLevelParams",
    "param_grid",
]

#: Level names in index order (g, p, q, e = 0, 1, 2, 3).
LEVELS: tuple[str, ...] = ("g", "p", "q", "e")
#: Indices of the levels in every 4x4 array.
G, P, Q, E = 0, 1, 2, 3
#: Level name -> index.
LEVEL_INDEX: dict[str, int] = {name: i for i, name in enumerate(LEVELS)}

Combine = Literal["incoherent", "coherent"]
Field = Literal["peak", "rms"]


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
    return cast(np.ndarray, np.sqrt(3.0 * math.pi * gamma / eps**3))


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
    return cast(np.ndarray, d_eff * math.sqrt(projection) * e_amp)


def rate_s_to_eV(rate_per_s: float) -> float:
    """hbar x rate: s^-1 -> eV (``HBAR_EV_S`` from :mod:`expdesign.physics.constants`)."""
    return rate_per_s * HBAR_EV_S


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
        length-4 pure dephasing rates (eV), see the package docstring.
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
    def from_rates(cls, energies_eV: Sequence[float],
                   a_md_eV: Mapping[tuple[str, str], float],
                   a_ed_eV: Mapping[tuple[str, str], float],
                   intensities_eV4: Sequence[float], t_delay: float,
                   a_out_eV: Mapping[str, float] | None = None,
                   laser_energies_eV: Sequence[float] | None = None,
                   combine: Combine = "incoherent", field: Field = "peak",
                   projection: float = 1.0,
                   dipoles_eV_inv: Mapping[tuple[str, str], float] | None = None,
                   **kwargs: Any) -> FourLevelParams:
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
                dec[LEVEL_INDEX[a], LEVEL_INDEX[b]] += r
        out = np.zeros(4)
        for a, r in (a_out_eV or {}).items():
            out[LEVEL_INDEX[a]] += r
        i1, i2, it = (float(x) for x in intensities_eV4)
        trans = {"omega_1": (("q", "g"), i1), "omega_2": (("e", "q"), i2),
                 "omega_t": (("p", "g"), it)}
        fields: dict[str, Any] = {}
        for key, (pair, inten) in trans.items():
            eps = en[LEVEL_INDEX[pair[0]]] - en[LEVEL_INDEX[pair[1]]]
            if dipoles_eV_inv and pair in dipoles_eV_inv:
                amp = math.sqrt(2 * inten) if field == "peak" else math.sqrt(inten)
                fields[key] = float(dipoles_eV_inv[pair] * math.sqrt(projection) * amp)
            else:
                fields[key] = float(rabi_frequency(inten, a_md_eV.get(pair, 0.0),
                                                   a_ed_eV.get(pair, 0.0), eps,
                                                   combine=combine, field=field,
                                                   projection=projection))
        if laser_energies_eV is not None:
            w1, w2, wt = (float(x) for x in laser_energies_eV)
            fields.update(delta_1=w1 - (en[Q] - en[G]), delta_2=w2 - (en[E] - en[Q]),
                          delta_t=wt - (en[P] - en[G]))
        return cls(decay=dec, gamma_out=out, t_delay=t_delay, **fields, **kwargs)

    @property
    def gamma_total(self) -> np.ndarray:
        """Total decay rate of each level (radiative within + out of manifold), eV."""
        return np.asarray(self.decay.sum(axis=1) + self.gamma_out)

    def lifetime(self, level: str = "e") -> float:
        """Lifetime 1/gamma_total of a level (eV^-1)."""
        g = self.gamma_total[LEVEL_INDEX[level]]
        if g <= 0:
            raise ValueError(f"level {level} does not decay")
        return float(1.0 / g)

    def timing_key(self) -> tuple[float, str, float, float | None, int]:
        """The fields that fix the time segments: sets with equal keys share propagation."""
        return (self.t_delay, self.switch, self.rise, self.t_off, self.n_ramp)


def param_grid(base: FourLevelParams,
               **arrays: float | np.ndarray) -> tuple[list[FourLevelParams], tuple[int, ...]]:
    """Variants of ``base`` with fields set from broadcast arrays (for scans).

    Example: ``plist, shape = param_grid(p, omega_1=o1[:, None], omega_2=o2[None, :])``;
    ``solve_batch(plist, t).peak()[0].reshape(shape)``.  Scalar fields only.

    Returns
    -------
    (list of FourLevelParams, broadcast shape)
    """
    names = list(arrays)
    vals = np.broadcast_arrays(*(np.asarray(arrays[n], dtype=float) for n in names))
    shape: tuple[int, ...] = vals[0].shape if vals else ()
    flat = [v.ravel() for v in vals]
    n = int(np.prod(shape, dtype=int)) if vals else 1
    out: list[FourLevelParams] = []
    for k in range(n):
        changes: dict[str, Any] = {nm: float(f[k]) for nm, f in zip(names, flat, strict=True)}
        out.append(replace(base, **changes))
    return out, shape
