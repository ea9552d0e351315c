"""Selection rules of RENP and RANP level schemes (docs/candidates.md sec. "Rules").

Each rule returns ``None`` when it admits a step or path, else the reason it rejects it.
J is the free-ion total angular momentum of a multiplet (a good quantum number in
intermediate coupling; crystal-field J-mixing is neglected).

* **M1 / spin step** (the neutrino-pair step, seed 000 sec. 5.1 "the last step must be
  M1"; seed 001 eq. 40): the operators S and L + 2S are rank-1 tensors, so
  ``|Delta J| <= 1`` and not ``0 <-> 0`` (Wigner-Eckart).  This is exact in intermediate
  coupling.  In pure LS coupling they also need Delta S = Delta L = 0; a step that changes
  S or L exists only through intermediate-coupling admixtures (seed 001's own
  2H11/2 -> 4I13/2) and is flagged ``"IC"``.
* **Forced electric dipole** (crystal-field induced E1 between 4f^n levels, Judd-Ofelt:
  B. R. Judd, Phys. Rev. 127, 750 (1962); G. S. Ofelt, J. Chem. Phys. 37, 511 (1962)):
  ``|Delta J| <= 6``; if J or J' = 0, ``|Delta J|`` must be 2, 4 or 6.
* **Optical step** (excitation, trigger): forced E1 or M1.
* **Time reversal** (derived in docs/candidates.md): in zero field time reversal forbids
  no transition between Stark levels; it fixes the phase (real or imaginary) of matrix
  elements.  For a non-Kramers ion (T^2 = +1) the "T quantum number" of a Stark singlet is
  a phase convention (``i|a>`` has the opposite one); for a Kramers ion (T^2 = -1) no state
  is a T eigenstate and each doublet holds both partners (seed 001's psi+-, eq. 32).  The
  two papers' classifications agree once the gauge of E1 is fixed: ``<a|p|b> = i m_e
  eps_ab <a|r|b>`` turns the length-gauge T-even E1 of seed 000 into the velocity-gauge
  T-odd E1 of seed 001.  The rule therefore admits every path; it is kept as a rule so
  that its verdict and reason show in the tables.
"""

from __future__ import annotations

from expdesign.candidates.levels import Multiplet
from expdesign.physics.constants import HC_EV_CM
from expdesign.physics.multiphonon import is_quenched, phonon_order

__all__ = ["m1_rule", "m1_ls_allowed", "forced_ed_rule", "optical_rule",
           "time_reversal_rule", "two_photon_rule", "laser_class", "gap_below",
           "quench_rule"]


def m1_rule(a: Multiplet, b: Multiplet) -> str | None:
    """None if an M1 / spin (rank-1) step a <-> b is allowed, else why not."""
    dj = abs(a.J - b.J)
    if dj > 1:
        return f"M1/spin rank 1: |Delta J| = {dj:g} > 1 ({a.label} <-> {b.label})"
    if a.J == 0 and b.J == 0:
        return f"M1/spin rank 1: J = 0 <-> 0 ({a.label} <-> {b.label})"
    return None


def m1_ls_allowed(a: Multiplet, b: Multiplet) -> bool:
    """True if the M1 / spin element is non-zero already in pure LS coupling."""
    return m1_rule(a, b) is None and a.S == b.S and a.L == b.L


def forced_ed_rule(a: Multiplet, b: Multiplet) -> str | None:
    """None if a forced (Judd-Ofelt) E1 step a <-> b is allowed, else why not."""
    dj = abs(a.J - b.J)
    if dj > 6:
        return f"Judd-Ofelt E1: |Delta J| = {dj:g} > 6"
    if (a.J == 0 or b.J == 0) and dj not in (2.0, 4.0, 6.0):
        return f"Judd-Ofelt E1: J = 0 needs |Delta J| = 2, 4, 6 (got {dj:g})"
    return None


def optical_rule(a: Multiplet, b: Multiplet, what: str) -> str | None:
    """None if one photon (forced E1 or M1) connects a and b, else why not."""
    if m1_rule(a, b) is None or forced_ed_rule(a, b) is None:
        return None
    return f"{what} {a.label} <-> {b.label}: neither M1 ({m1_rule(a, b)}) nor forced E1 " \
           f"({forced_ed_rule(a, b)})"


def two_photon_rule(a: Multiplet, b: Multiplet) -> str | None:
    """None if a two-photon excitation a -> b is allowed: the second-order E1 x E1
    operator between 4f^n levels has rank <= 2 (J. D. Axe, Phys. Rev. 136, A42 (1964)),
    so |Delta J| <= 2."""
    dj = abs(a.J - b.J)
    if dj > 2:
        return f"two-photon excitation: |Delta J| = {dj:g} > 2 ({a.label} -> {b.label})"
    return None


def gap_below(level: Multiplet, multiplets: list[Multiplet]) -> tuple[Multiplet, float] | None:
    """The next lower multiplet of ``level`` and the gap to it in eV (None for the ground).

    Multiplets at the same energy (blended labels sharing a Stark level) are not "lower".
    """
    lower = [m for m in multiplets if m.energy_cm < level.energy_cm]
    if not lower:
        return None
    nxt = max(lower, key=lambda m: m.energy_cm)
    return nxt, level.energy_ev - nxt.energy_ev


def quench_rule(level: Multiplet, multiplets: list[Multiplet], phonon_ev: float,
                role: str, max_phonons: float = 5.0) -> str | None:
    """None unless ``level`` is quenched non-radiatively: its gap to the next lower
    multiplet is bridged by fewer than ``max_phonons`` host phonons of ``phonon_ev`` (eV)
    (energy-gap law, :mod:`expdesign.physics.multiphonon`).  The reason states the
    numbers."""
    below = gap_below(level, multiplets)
    if below is None:
        return None
    nxt, gap = below
    if not is_quenched(gap, phonon_ev, max_phonons):
        return None
    p = phonon_order(gap, phonon_ev)
    return (f"level quenched non-radiatively: {role}={level.label} lies "
            f"{gap / HC_EV_CM:.0f} cm^-1 above {nxt.label} = {p:.2f} phonons of "
            f"{phonon_ev / HC_EV_CM:.0f} cm^-1 < {max_phonons:g}")


def time_reversal_rule(n_electrons: int) -> tuple[None, str]:
    """The time-reversal verdict (always admits) and its reason for this ion."""
    if n_electrons % 2:
        return None, ("Kramers ion (T^2 = -1): each Stark doublet holds both T partners, "
                      "no T selection in zero field")
    return None, ("non-Kramers ion (T^2 = +1): a singlet's T number is a phase "
                  "convention, T fixes phases only")


#: laser classes by vacuum wavelength (um): the bands of common sources stated by wavelength
LASER_CLASSES: tuple[tuple[float, float, str], ...] = (
    (0.40, 1.10, "A: 0.40-1.10 um (Ti:sapphire, dye, diode)"),
    (1.10, 2.10, "B: 1.10-2.10 um (Er/Tm/Ho fibre, diode, OPO)"),
    (2.10, 12.0, "C: 2.10-12 um (OPO, quantum-cascade)"),
)


def laser_class(energy_ev: float) -> str:
    """Availability class of a laser of photon energy ``energy_ev`` (eV), by wavelength."""
    if energy_ev <= 0:
        return "none"
    lam_um = HC_EV_CM * 1e4 / energy_ev  # h c in eV um
    for lo, hi, name in LASER_CLASSES:
        if lo <= lam_um < hi:
            return name
    return f"D: {lam_um:.3g} um (outside the common bands)"
