"""Finite-size macro-coherent neutrino-pair phase space (seed 001 sec. III-IV).

Setting (seed 001 eqs. (4)-(5), (12)-(22), (27)-(29)): two excitation photons
``k1 = omega1 z``, ``k2 = omega2 (sin theta_e, 0, cos theta_e)`` and the trigger /
signal photon ``k_s = omega_s (sin theta_s, 0, cos theta_s)`` in the x-z plane; the
crystal (refractive index n_r) is a cylinder of radius R and length L along z.  The
trigger is resonant, so the pair always carries energy ``eps = eps_ep``.  The pair
must absorb ``Q = n_r (k1 + k2 - k_s)`` up to the mismatch ``K = Q - P`` (P = p1 + p2)
allowed by the form factor ``|int_V e^{iK.x}|^2 / V^2 = U(K_z L/2) W(K_perp R)``.

Normalisation of the returned integrals (all in eV^5)
-----------------------------------------------------
For a pair of masses (m_i, m_j) and the unit spin-current direction ``s`` (case 1
of seed 001: s = z, the k1 / crystal c axis) :func:`distribution` returns two integrals,

    J_D = int d^3p1 d^3p2 / (E1 E2) delta(E1 + E2 - eps) D(p1, p2) U W,
    J_M = int d^3p1 d^3p2 / (E1 E2) delta(E1 + E2 - eps) (-m_i m_j)  U W,
    D   = E1 E2 - p1.p2 + 2 (s.p1)(s.p2)          (seed 001 eqs. (10), (55)-(56))

(``mode='3d'``), so that the *correct* pair integrals are

    F_ij = w_rate_ij J_D + delta_M w_rate_maj_ij J_M,
    G_ij = w_mag_ij  J_D + delta_M w_mag_maj_ij  J_M,

with w_rate = |b_ij|^2 and w_mag = Re(b_ij c_ij^*) (folded over (ij)+(ji),
:func:`expdesign.physics.neutrino.rate_weights`, ``magnetization_weights``) and the
Majorana weights of :func:`majorana_rate_weights` (Re(b_ij b_ji^*)) and
:func:`majorana_magnetization_weights` (Re(b_ij c_ij)) (:mod:`.weights`).

Relation to the physical integral of seed 001 eq. (12): with spinors normalised to
u^dagger u = 1 (the paper's eq. (10) convention is a further 1/4 smaller),
``sum_h |u_bar(p1) gamma.s (1 - gamma5) v(p2)|^2 = 2 D / (E1 E2)`` and
``-2 m_i m_j / (E1 E2)`` for the Majorana interference, hence

    int d^3p1 d^3p2/(2 pi)^6 2 pi delta(K0) sum_h |N.s|^2 |int_V e^{iKx}|^2 / V^2
        = 2 / (2 pi)^5 * (J_D [+ Majorana part]),

so the rate is ``Gamma = 2 G_F^2 h_r^2 |S_ep|^2 (|chi| n V)^2 * 2/(2pi)^5 sum F_ij``
(amplitude of seed 001 eq. (7); rate = |A|^2 summed).

``mode='inplane'`` is the paper's model, seed 001 eq. (17) (:mod:`.inplane`).
``mode='infinite'`` is the delta^3(K) limit of eq. (13): ``J = (2 pi)^3 / V * g(Q)`` with
the closed-form two-body function :func:`two_body` (:mod:`.kinematics`).  Then
``J^3d = int d^3K U(K_z L/2) W(K_perp R) g(Q - K)``: the tensor product rule
(:mod:`.product_rule`) away from the edges, the edge-aware rule (:mod:`.edge_rule`,
:mod:`.edge_cells`) near and beyond them; :func:`distribution_projected`
(:mod:`.projected`) is the fast one-dimensional approximation the Planner uses by default.

Modules
-------
kinematics (photon geometry, pair masses, two-body function), weights (Majorana weights,
spin projections), result (PairIntegrals, combine), formfactors and quadrature (form
factors, their 1D rules, Gauss-Legendre nodes), product_rule, inplane, modes (distribution),
edge_params / tails / edge_panels / edge_pair / steepest_descent / edge_rule / edge_cells
(the edge-aware rule), sets (the 3D rule for many mass sets at once), projected,
projected_batch (the projected rule vectorised over hypotheses, angles and pairs),
reference (slow Monte Carlo), smoothing.
"""

from __future__ import annotations

from expdesign.physics.phasespace import formfactors, reference
from expdesign.physics.phasespace.edge_cells import edge_distribution
from expdesign.physics.phasespace.edge_params import EDGE_HI, EDGE_LO, EDGE_MID, EdgeParams
from expdesign.physics.phasespace.edge_rule import edge_integral
from expdesign.physics.phasespace.inplane import inplane_two_body, integrate_inplane
from expdesign.physics.phasespace.kinematics import (
    Kinematics,
    er_ylf_kinematics,
    kinematics_from_levels,
    pair_masses,
    two_body,
)
from expdesign.physics.phasespace.modes import EDGE_BAND, Mode, distribution
from expdesign.physics.phasespace.product_rule import CONFIG_HI, CONFIG_LO, Config, integrate_3d
from expdesign.physics.phasespace.projected import distribution_projected
from expdesign.physics.phasespace.result import PairIntegrals, combine
from expdesign.physics.phasespace.sets import distribution_sets
from expdesign.physics.phasespace.smoothing import smooth
from expdesign.physics.phasespace.weights import (
    Spin,
    SpinLike,
    majorana_magnetization_weights,
    majorana_rate_weights,
    spin_proj,
)

__all__ = [
    "Kinematics",
    "ER_YLF",
    "er_ylf_kinematics",
    "kinematics_from_levels",
    "PairIntegrals",
    "Mode",
    "Spin",
    "SpinLike",
    "two_body",
    "inplane_two_body",
    "distribution",
    "distribution_projected",
    "distribution_sets",
    "edge_distribution",
    "edge_integral",
    "EdgeParams",
    "EDGE_LO",
    "EDGE_MID",
    "EDGE_HI",
    "EDGE_BAND",
    "Config",
    "CONFIG_LO",
    "CONFIG_HI",
    "integrate_3d",
    "integrate_inplane",
    "spin_proj",
    "combine",
    "majorana_rate_weights",
    "majorana_magnetization_weights",
    "smooth",
    "pair_masses",
    "formfactors",
    "reference",
]

ER_YLF = er_ylf_kinematics()
"""The Er3+:YLF scheme of seed 001 (eqs. 25-29), n_r = 1.45, built from
``targets/er_ylf.json`` (:func:`er_ylf_kinematics`); kept for callers of the old module."""
