"""Numbers the seed papers print that the Planner sets beside its own (one place).

Each is the paper's printed value, not a derived one: the Plan's comparisons and the
paper-check rows both read them from here.
"""

from __future__ import annotations

__all__ = [
    "SEED001_HR_AT_10MW",
    "SEED001_C_EQ24",
    "SEED001_REF_DENSITY",
    "SEED001_REF_RADIUS",
    "SEED001_REF_LENGTH",
    "SEED001_REF_TRIGGER",
]

#: seed 001 eq. (9): h_r at I_t = 10 mW/cm^2 with the radiative gamma_ep (dimensionless)
SEED001_HR_AT_10MW = 748.0
#: seed 001 eq. (24): C = 2 h_r^2 G_F^2 (nV)^2/(2 pi)^3 at the reference point, s^-1 eV^-5
SEED001_C_EQ24 = 2.02e11
#: seed 001 reference point of eq. (24): Er number density (Table 1 caption, sec. III)
SEED001_REF_DENSITY = "1.4e19 cm^-3"
#: seed 001 eq. (24) reference cylinder radius and length
SEED001_REF_RADIUS = "0.5 cm"
SEED001_REF_LENGTH = "1 cm"
#: seed 001 eq. (9): trigger intensity of the printed h_r
SEED001_REF_TRIGGER = "10 mW/cm^2"
