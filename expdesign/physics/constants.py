"""Every physical constant of expdesign, once, as a plain float with its source.

Kernels work in natural units (hbar = c = 1, energies in eV, Heaviside-Lorentz
electromagnetism: alpha = e^2 / 4 pi).  The SI-exact constants are those of the 2019
SI redefinition; the measured ones are CODATA 2022 (P. J. Mohr, D. B. Newell, B. N. Taylor,
E. Tiesinga, "CODATA recommended values of the fundamental physical constants: 2022",
Rev. Mod. Phys. 97, 025002 (2025)), the values pint's registry (0.24+) uses;
particle-physics inputs are PDG
(R. L. Workman et al. (Particle Data Group), Prog. Theor. Exp. Phys. 2022, 083C01).
``tests/physics/test_constants.py`` checks each against pint.

No other module of ``expdesign`` writes any of these numbers (a test greps for them).
"""

from __future__ import annotations

import math

__all__ = [
    "YLF_RE_SITE_DENSITY_CM3",
    "PLANCK_J_S",
    "ELEMENTARY_CHARGE_C",
    "SPEED_OF_LIGHT_M_S",
    "HBAR_EV_S",
    "HBARC_EV_CM",
    "HC_EV_CM",
    "ALPHA",
    "M_E_EV",
    "MU_B_EV",
    "MU_B_J_PER_T",
    "MU0_SI",
    "G_F_EV2",
    "SIN2_THETA_W_LOW_ENERGY",
    "SIN2_THETA_W_MZ",
    "SECONDS_PER_YEAR",
    "BOLTZMANN_EV_PER_K",
    "ATOMIC_MASS_UNIT_EV",
]

# --- exact in the SI since 2019 --------------------------------------------------------
#: Planck constant h, J s (exact, SI 2019).
PLANCK_J_S: float = 6.62607015e-34
#: Elementary charge e, C (exact, SI 2019).
ELEMENTARY_CHARGE_C: float = 1.602176634e-19
#: Speed of light c, m/s (exact, SI).
SPEED_OF_LIGHT_M_S: float = 299792458.0
#: Boltzmann constant k_B in eV/K = 1.380649e-23 J/K / e (both exact, SI 2019).
BOLTZMANN_EV_PER_K: float = 1.380649e-23 / ELEMENTARY_CHARGE_C

#: hbar in eV s = h / (2 pi e) (exact SI values): 1 s^-1 = 6.5821e-16 eV.
HBAR_EV_S: float = PLANCK_J_S / (2.0 * math.pi) / ELEMENTARY_CHARGE_C
#: hbar c in eV cm: 1 cm = 1 / HBARC_EV_CM eV^-1 = 5.0677e4 eV^-1.
HBARC_EV_CM: float = HBAR_EV_S * SPEED_OF_LIGHT_M_S * 100.0
#: h c in eV cm (a wavenumber nu~ in cm^-1 is the energy h c nu~).
HC_EV_CM: float = PLANCK_J_S * SPEED_OF_LIGHT_M_S * 100.0 / ELEMENTARY_CHARGE_C

# --- measured, CODATA 2022 ----------------------------------------------------------------
#: Fine-structure constant alpha (CODATA 2022: 1/alpha = 137.035999177(21)).
ALPHA: float = 1.0 / 137.035999177
#: Electron mass m_e c^2, eV (CODATA 2022: 0.51099895069(16) MeV).
M_E_EV: float = 510998.95069
#: Bohr magneton e / (2 m_e) in Heaviside-Lorentz natural units, eV^-1 (e = sqrt(4 pi alpha)).
MU_B_EV: float = math.sqrt(4.0 * math.pi * ALPHA) / (2.0 * M_E_EV)
#: Bohr magneton, J/T (CODATA 2022: 9.2740100657(29)e-24).
MU_B_J_PER_T: float = 9.2740100657e-24
#: Atomic mass constant m_u c^2, eV (CODATA 2022: 931494103.72(29) eV).
ATOMIC_MASS_UNIT_EV: float = 931494103.72
#: Vacuum permeability mu_0, T m / A (CODATA 2022: 1.25663706127(20)e-6; = 2 alpha h / (e^2 c)).
MU0_SI: float = 1.25663706127e-6

# --- particle physics, PDG -------------------------------------------------------------------
#: Fermi constant G_F / (hbar c)^3, eV^-2 (PDG 2022: 1.1663788(6)e-5 GeV^-2).
G_F_EV2: float = 1.1663788e-5 * 1e-18
#: Weak mixing angle sin^2 theta_W, low-energy (Q -> 0) MS-bar value (PDG 2022 "Electroweak
#: model", the scale of atomic transitions).
SIN2_THETA_W_LOW_ENERGY: float = 0.23857
#: Weak mixing angle sin^2 theta_W(M_Z), MS-bar (PDG 2022).
SIN2_THETA_W_MZ: float = 0.23122

# --- time -----------------------------------------------------------------------------------
#: Seconds in a Julian year (365.25 d of 86400 s; IAU).
SECONDS_PER_YEAR: float = 365.25 * 86400.0

# --- host crystals --------------------------------------------------------------------------
#: Density of the rare-earth (Y) sites of LiYF4 (YLF), cm^-3: the stoichiometric upper bound
#: of a dopant's density.  Seed 001 (after eq. 58) gives 1.4e19 cm^-3 for 0.1 % Er in YLF,
#: so the sites number 1.4e19 / 1e-3 = 1.4e22 cm^-3.  Cross-check: four formula units in
#: the scheelite cell of LiYF4 (a ~ 5.16 A, c ~ 10.85 A; 289 A^3) give 1.38e22 cm^-3.
YLF_RE_SITE_DENSITY_CM3: float = 1.4e19 / 1e-3
