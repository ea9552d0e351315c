"""Resolutions of the edge-aware rule (:mod:`expdesign.physics.phasespace.edge_rule`) and
the presets :func:`expdesign.physics.phasespace.edge_cells.edge_distribution` chooses from
(their verified accuracies: docs/phasespace.md and ``tests/physics/phasespace``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

__all__ = ["EdgeParams", "EDGE_LO", "EDGE_HI", "EDGE_MID", "EDGE_BEYOND", "EDGE_BEYOND_CLOSE",
           "EDGE_BEYOND_B", "EDGE_FORB", "EDGE_FORB_B", "FORB_NEAR", "EDGE_FAR", "EDGE_FAR_SD",
           "EDGE_ALLOWED_B", "EDGE_ALLOWED", "EDGE_NEAR_FORB", "NEAR_DEG"]


@dataclass(frozen=True)
class EdgeParams:
    """Resolution of the edge-aware rule (all lengths in form-factor units)."""

    T: float = 16.0  # x core half-width
    T1: float = 12.0  # y: chi = 1 below
    T2: float = 24.0  # y: chi = 0 above
    y_panels: int = 12  # product-integration panels of W_c on [0, T2] (outer y)
    deg: int = 6  # Gauss nodes per panel
    tail_deg: int = 6  # Gauss nodes per geometric tail panel (inner integrals)
    outer_tail_deg: int = 6  # Gauss nodes per geometric tail panel (outer integrals)
    n_phi: int = 48  # azimuth nodes (CC, TC, CT)
    n_phi_tt: int = 16  # azimuth nodes (TT1, TT2)
    n_win: int = 6  # window half-width in periods (pi) of the oscillating tails
    win_max: float = 3000.0  # no windows around breaks beyond this (form-factor units)
    grade: float = 1.0  # first graded sub-panel next to a break in the tails
    grade_ratio: float = 4.0  # ratio of the graded sub-panels
    grade_max: float = np.inf  # grade only breaks closer than this to K = 0
    tt2: bool = True  # U_w x W_t block (<= 4e-7 of J at the edge, <= 1e-8 beyond 1 degree)
    slab_free: bool = True  # use the slab-free decomposition where it applies
    sd: bool = False  # U's oscillating tail by steepest-descent paths (no windows)
    sd_short: float = 6.0  # chords shorter than this: real-axis rule instead
    sd_deg: int = 6  # Gauss nodes per panel on the steepest-descent paths
    trans_panels: int = 0  # slab-free outer y on [T1, T2]: panels (0: one per 2 units)
    xs_grade: float = 2.0  # first graded panel at the x_star planes (outer x tail)
    xs_ratio: float = 4.0  # its grading ratio
    phi_grade: float = 0.0  # > 0: grade the azimuths next to tangencies (this ratio)
    phi_grade_max: float = np.inf  # ... on the outer x rows with |x| below this
    # TT1 (U_avg x W_t, <= 4e-2 of J, ~1e-3 on the allowed side, yet 75-85 % of the nodes)
    # may run at its own, coarser resolution (0: as the other blocks; issue 22)
    tt1_tail_deg: int = 0  # Gauss nodes per inner-y tail panel in TT1
    tt1_grade_ratio: float = 0.0  # ratio of the graded inner-y sub-panels in TT1
    tt1_n_phi: int = 0  # azimuth nodes of TT1 (0: n_phi_tt)
    tt1_deg: int = 0  # Gauss nodes per azimuth / transition panel in TT1 (0: deg)
    # slab-free rule: the z-lines of a disk around K_perp = 0 (the core y <= T2 and the
    # tail panels out to where edge_core.core_variation exceeds core_fit_max) from a
    # polynomial fit over a few lines (edge_core; with sd only): the polynomials' degree
    # (0: every line integrated), rings and azimuths of the fitted lines (issue 22)
    core_fit: int = 0
    core_fit_r: int = 2
    core_fit_az: int = 5
    core_fit_max: float = 0.6


EDGE_LO = EdgeParams()
"""Near the edge (sphere within a few core widths of K = 0)."""
EDGE_HI = EdgeParams(T=24.0, T1=16.0, T2=32.0, y_panels=16, deg=8, tail_deg=8,
                     outer_tail_deg=8, n_phi=64, n_phi_tt=24, n_win=10, win_max=6000.0,
                     sd=True, phi_grade=4.0)
"""Reference resolution for convergence studies (steepest-descent tails, graded azimuths;
about 10-40x the cost of the production rules)."""
EDGE_MID = EdgeParams(y_panels=2, deg=5, tail_deg=5, outer_tail_deg=5, n_phi=10, n_phi_tt=5,
                      n_win=3, tt2=False)
"""The allowed side away from the edge sphere's closest approach (windows and Osc1 lumps
for the oscillating tails: within 2e-8 of EDGE_HI there); since issue 22 session 6 the
companion of EDGE_ALLOWED (the value rule there) and the base of the forbidden-side
presets."""
EDGE_BEYOND = replace(EDGE_MID, sd=True, sd_deg=3, y_panels=4, n_phi_tt=8, trans_panels=2,
                      core_fit=4)
"""Forbidden side where the edge sphere misses the x core (slab-free decomposition):
steepest-descent tails, finer outer y and azimuths.  Issue 22, session 6: 3 instead of 5
Gauss nodes per steepest-descent panel (13 % cheaper; <= 6.2e-9 from the 5-node rule over
217 cells at 10 meV).  Session 7 (``core_fit``): the z-lines of the disk around
K_perp = 0 where they differ little (core and tail panels out to y = 1536-6144 at
L = 2R = 2 cm) from 11 fitted lines and degree-4 polynomials
(:mod:`~expdesign.physics.phasespace.edge_core`), 2.3-2.6x cheaper.  Against EDGE_HI over
every such cell of 601 angles (L = 2R = 2 cm; lightest 0 NO, 10 meV NO, 100 meV IO):
<= 9.98e-7 / 7.5e-7 (J_D / J_M), the same as every line integrated (from which the fit
differs by <= 2.5e-10).  The companion EDGE_BEYOND_B inherits the fit."""
EDGE_BEYOND_CLOSE = replace(EDGE_BEYOND, n_phi_tt=12)
"""EDGE_BEYOND where the sphere clears the x core by less than 8 T (finer azimuths)."""
EDGE_BEYOND_B = replace(EDGE_BEYOND, y_panels=2, n_phi_tt=6, sd_deg=4)
"""Companion of EDGE_BEYOND for the error estimate (differs from it by <= ~2e-6)."""
EDGE_FORB = replace(EDGE_MID, sd=True, deg=6, tail_deg=6, n_phi_tt=12, phi_grade=8.0,
                    outer_tail_deg=4, phi_grade_max=100.0, sd_deg=4)
"""Forbidden side where the sphere still cuts the x core: steepest-descent tails and
azimuths graded from the neutrino-mass scale at the tangencies (<= 5e-7 of EDGE_HI:
4.1e-7 over all 47 such cells at 10 meV, 601 angles, L = 2R = 2 cm, with tail_deg 6 as
with 8, which cost 13 % more; issue 22).  Issue 22, session 6: the azimuths graded only
on the outer x rows with |x| <= 100 and 4 instead of 5 nodes per outer x tail panel
and 4 instead of 6 nodes per steepest-descent panel (2.5x cheaper together; against
EDGE_HI over the 36 cells more than 1 degree beyond the edge at 10 meV NO: 5.5e-8 /
2.6e-7 for J_D / J_M, as before; 100 meV IO, 34 cells: 6.4e-8 / 2.4e-7)."""
EDGE_FORB_B = replace(EDGE_MID, sd=True, deg=6, n_phi_tt=12)
"""EDGE_FORB without the azimuth grading (within ~3e-6 of EDGE_HI): the value within
FORB_NEAR form-factor units of the edge, where 1e-4 is asked for."""
FORB_NEAR = 400.0
"""Forbidden cells closer than this (form-factor units; ~0.75 degrees at L = 2 cm) to
the edge use EDGE_FORB_B against EDGE_FAR."""
EDGE_FAR = EdgeParams(T=12.0, T1=8.0, T2=16.0, y_panels=2, deg=5, tail_deg=5,
                      outer_tail_deg=4, n_phi=8, n_phi_tt=4, n_win=3, grade_ratio=8.0,
                      tt2=False)
"""Coarse companion near the edge (windows; a different core/tail split, so the estimate
includes the split's model error)."""
EDGE_FAR_SD = replace(EDGE_FAR, sd=True, sd_deg=5)
"""Coarse steepest-descent companion of EDGE_FORB (differs from it by <= ~1e-5)."""
EDGE_ALLOWED_B = replace(EDGE_MID, n_phi_tt=3, outer_tail_deg=3, tail_deg=4, n_phi=6,
                         y_panels=1, deg=4, win_max=0.0)
"""Coarse companion of EDGE_MID on the allowed side (differs from it by <= 1.2e-6)."""
EDGE_ALLOWED = replace(EDGE_MID, tt1_tail_deg=4, outer_tail_deg=4, tt1_deg=3, tt1_n_phi=3,
                       xs_ratio=16.0, tt1_grade_ratio=16.0)
"""Value rule on the allowed side (issue 22): EDGE_MID with the TT1 block (~7e-4 of J
there, 75 % of EDGE_MID's nodes) at its own coarser resolution, 1.7x cheaper.  Against
EDGE_MID over the 209 allowed cells more than 1 degree from their edge (10 meV NO, 601
angles, L = 2R = 2 cm): <= 1.3e-8; against EDGE_HI within 1 degree of the edge: 3.4e-7,
and 1.0e-5 at the sphere's closest approach, where only 1e-4 is asked for."""
EDGE_NEAR_FORB = replace(EDGE_FORB_B, tt1_tail_deg=4, outer_tail_deg=4, tt1_deg=4,
                         tt1_n_phi=4, xs_ratio=8.0, tt1_grade_ratio=8.0)
"""Forbidden side within NEAR_DEG of the edge (where 1e-4 is asked for; issue 22):
EDGE_FORB_B with a coarser TT1 block; <= 2e-5 of EDGE_HI there, 3-7x cheaper than
EDGE_FORB / EDGE_FORB_B / EDGE_LO."""
NEAR_DEG = 1.0
"""Cells whose signal angle lies within this many degrees of their pair's kinematic edge
need a relative accuracy of 1e-4 (1e-6 elsewhere; issue 22) and take the cheaper rules."""
