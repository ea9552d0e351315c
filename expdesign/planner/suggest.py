"""Where a design's physics lies: phase-matching angles, kinematic edges, pair thresholds.

``expdesign validate --suggest`` prints these lines, so a new design (or a new ion) can
put its scan where the thresholds are before planning.  Kinematics only (no rates): it
runs in milliseconds.
"""

from __future__ import annotations

import math

import numpy as np

from expdesign.models import ExperimentSpec
from expdesign.physics import backgrounds, kinematics, neutrino
from expdesign.physics.assembly import ranp_imprint, ranp_signal_energy
from expdesign.planner.context import PlanContext, hypothesis_couplings
from expdesign.planner.settings import PlannerSettings

__all__ = ["suggest"]


def suggest(spec: ExperimentSpec) -> list[str]:
    """Lines naming the angles where the physics of ``spec`` lies (deg), for the assumed
    truth (the first hypothesis): RENP (seed 001 eqs. (21)-(23), (28)-(29)) or RANP
    (seed 000 eqs. (9)-(10), McQ2 and McQ3 of sec. 3)."""
    ctx = PlanContext(spec, PlannerSettings())
    m = hypothesis_couplings(spec.hypotheses[0])[2]
    if spec.process == "RENP":
        return _renp(ctx, m)
    return _ranp(ctx, m)


def _scanned(spec: ExperimentSpec) -> str:
    a = spec.angles
    if a is None:
        return "the spec gives no angle scan (the Planner's default is used)"
    return (f"the spec scans {a.start.to('deg').m:.6g}-{a.stop.to('deg').m:.6g} deg "
            f"({a.points} points)")


def _renp(ctx: PlanContext, m: np.ndarray) -> list[str]:
    exc1, exc2, trig = ctx.renp_lasers()
    w1, w2, ws = (ctx.laser_energy(x) for x in (exc1, exc2, trig))
    tgt = ctx.target
    n_r = tgt.refractive_index.value if tgt.refractive_index is not None else 1.0
    ts_pm, te_pm = kinematics.renp_phase_matching_angles(w1, w2, ws)
    theta_e = exc2.direction.to("rad").m if exc2.direction is not None else te_pm
    L = [f"phase matching (seed 001 eqs. (28)-(29)): second excitation at "
         f"{math.degrees(te_pm):.6g} deg, trigger at {math.degrees(ts_pm):.6g} deg "
         "(pair at rest)",
         f"second excitation in this spec: {math.degrees(theta_e):.6g} deg"]
    b0 = np.sort(np.degrees(kinematics.renp_threshold_angles(0.0, theta_e, w1, w2, ws, n_r)))
    if len(b0) == 0:
        L.append("M^2 never reaches 0 as the trigger turns: either every angle or none "
                 "emits a pair")
    else:
        L.append("kinematic edges M^2 = 0 (seed 001 eqs. (21)-(22)): "
                 + ", ".join(f"{x:.6g} deg" for x in b0))
    ths = []
    for i, j in neutrino.pairs(len(m)):
        a = np.sort(np.degrees(kinematics.renp_threshold_angles(m[i] + m[j], theta_e, w1,
                                                                w2, ws, n_r)))
        if len(a):
            ths.append(f"({i + 1}{j + 1}) " + " / ".join(f"{x:.6g}" for x in a))
            continue
        ths.append(f"({i + 1}{j + 1}) none")
    L.append("pair thresholds M^2 = (m_i + m_j)^2, deg (two branches): " + "; ".join(ths))
    L.append(_scanned(ctx.spec))
    return L


def _ranp(ctx: PlanContext, m: np.ndarray) -> list[str]:
    spec = ctx.spec
    eps_eg = ctx.spacing("e", "g")
    eps_pe = ctx.spacing("p", "e")
    omega0 = ctx.laser_energy(spec.lasers.trigger)
    omega = ranp_signal_energy(ctx.spacing("p", "q"), omega0, eps_pe)
    exc = spec.lasers.by_role("excitation")
    if spec.lasers.imprint_r is not None:
        r = float(spec.lasers.imprint_r)
    else:
        r = ranp_imprint([ctx.laser_energy(x) for x in exc],
                         [x.direction.to("rad").m if x.direction is not None else 0.0
                          for x in exc], eps_eg)
    L = [f"imprint r = {r:.6g}; McQ3-free (M^2 > 0 at every angle) for r below "
         f"{kinematics.mcq3_free_imprint(eps_eg, omega0, omega):.6g}; McQ2 resonant at "
         f"r = {backgrounds.mcq2_resonant_r(omega0, eps_eg):.6g} (seed 000 sec. 3)"]
    ths = []
    for i, j in neutrino.pairs(len(m)):
        try:
            a = float(kinematics.threshold_angle(m[i], m[j], r, eps_eg, omega0, omega))
        except ValueError:
            ths.append(f"({i + 1}{j + 1}) none")
            continue
        ths.append(f"({i + 1}{j + 1}) {math.degrees(a):.6g}" if math.isfinite(a)
                   else f"({i + 1}{j + 1}) none")
    L.append("pair thresholds M^2(theta) = (m_i + m_j)^2 (seed 000 eq. (10)), deg: "
             + "; ".join(ths))
    L.append(_scanned(spec))
    return L
