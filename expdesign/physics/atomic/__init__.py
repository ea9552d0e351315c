"""Atomic kernels of the Er3+ RENP scheme: 3j symbols, reduced matrix elements, h_r.

Everything works on plain floats in natural units (hbar = c = 1, Heaviside-Lorentz,
``alpha = e^2 / 4 pi``): energies and decay rates in eV, intensities in eV^4, the Bohr
magneton ``mu_B = e / (2 m_e)`` in eV^-1.  Decay rates given in s^-1 must be converted
by the caller (``expdesign.units.rate_to_eV``: ``1 s^-1 = 6.5821e-16 eV``).

Modules
-------
:mod:`.angular`
    3j symbols (Racah formula, exact), Wigner-Eckart components, spherical <-> Cartesian.
:mod:`.transitions`
    A-coefficients <-> dipole moments and reduced matrix elements (seed 001 eqs. 40-44),
    lifetimes, the trigger factor h_r (eqs. 7-9).
:mod:`.stark`
    Stark states as M_J superpositions (eqs. 30-36): mixing amplitudes, the dominant
    path, the Kramers doublet states of eq. (32).
:mod:`.stark_data`
    Loader of reference M_J compositions from the shipped target files (Er3+:YLF:
    ``targets/er_ylf.json``, seed 001 eqs. 34-36); the kernels take compositions as
    parameters.
:mod:`.mixing`
    Singlet-triplet mixing of two J = 1 levels from their A-coefficients (Breit-Wills) and
    the spin element it reduces.
:mod:`.orientation`
    c-axis orientations of Sec. IV cases (1)-(3) and the orientation tensor of S_ep
    (eqs. 50-55).

Every public name is re-exported here, so ``from expdesign.physics import atomic;
atomic.trigger_factor_hr(...)`` works.  ``ALPHA``, ``M_E_EV`` and ``MU_B_EV`` are those of
:mod:`expdesign.physics.constants` (re-exported for callers that still read them here).
"""

from __future__ import annotations

from expdesign.physics.atomic.angular import (
    spherical_to_cartesian,
    stark_matrix_element,
    twice,
    vector_element_spherical,
    wigner_3j,
    wigner_3j_squared,
)
from expdesign.physics.atomic.medium import (
    ed_local_field_factor,
    md_medium_factor,
    vacuum_rate_ed,
    vacuum_rate_md,
)
from expdesign.physics.atomic.mixing import (
    singlet_fraction_from_rates,
    spin_sq_with_triplet_fraction,
)
from expdesign.physics.atomic.orientation import (
    GeometricFactors,
    OrientationModel,
    c_axis_direction,
    geometric_factors,
    spin_orientation_tensor,
    tensor_from_vector,
)
from expdesign.physics.atomic.stark import (
    MJComposition,
    dominant_stark_element,
    ep_spin_matrix_element,
    ep_spin_vector_kramers,
    kramers_t_state,
    mixing_amplitude,
    parse_abs_mj,
)
from expdesign.physics.atomic.stark_data import StarkComposition, load_stark_mixing
from expdesign.physics.atomic.transitions import (
    dipole_moment_sq,
    lifetime_from_rates,
    spin_reduced_sq_from_md,
    trigger_factor_hr,
    velocity_over_spin_ratio,
    velocity_reduced_sq_from_ed,
)
from expdesign.physics.constants import ALPHA, M_E_EV, MU_B_EV

__all__ = [
    # constants (from expdesign.physics.constants)
    "ALPHA",
    "M_E_EV",
    "MU_B_EV",
    # angular
    "twice",
    "wigner_3j",
    "wigner_3j_squared",
    "stark_matrix_element",
    "vector_element_spherical",
    "spherical_to_cartesian",
    # transitions
    "spin_reduced_sq_from_md",
    "velocity_reduced_sq_from_ed",
    "velocity_over_spin_ratio",
    "dipole_moment_sq",
    "lifetime_from_rates",
    "trigger_factor_hr",
    # medium (host refractive-index factors of A-coefficients)
    "md_medium_factor",
    "ed_local_field_factor",
    "vacuum_rate_md",
    "vacuum_rate_ed",
    # stark
    "MJComposition",
    "parse_abs_mj",
    "mixing_amplitude",
    "dominant_stark_element",
    "kramers_t_state",
    "ep_spin_matrix_element",
    "ep_spin_vector_kramers",
    # stark_data
    "StarkComposition",
    "load_stark_mixing",
    # mixing
    "singlet_fraction_from_rates",
    "spin_sq_with_triplet_fraction",
    # orientation
    "OrientationModel",
    "tensor_from_vector",
    "c_axis_direction",
    "spin_orientation_tensor",
    "GeometricFactors",
    "geometric_factors",
]
