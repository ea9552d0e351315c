"""Feasibility: the verdicts every exposure rests on, and the scan-window checks.

An exposure time answers "how long" only if the design can work at all: a failing
background verdict (McQ2/McQ3 of seed 000, the single-photon closure of seed 001 sec. V),
a scan where no angle allows a pair (``M^2 <= 0`` everywhere) or a magnetometer inside the
crystal make every exposure of the Plan ``infeasible``, whatever its time; the exposure
says which verdict it rests on.  The scan-window checks say whether the largest value and
the pair thresholds lie inside the scanned angles, and where they are.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from expdesign.plan import Verdict
from expdesign.planner.context import Accumulator

__all__ = ["PHASE_MATCHING", "SENSOR_GEOMETRY", "phase_matching_verdict",
           "sensor_verdict", "apply_verdicts", "window_checks"]

PHASE_MATCHING = "phase matching (pair emission allowed at a scanned angle)"
SENSOR_GEOMETRY = "sensor geometry (magnetometer outside the crystal)"


def phase_matching_verdict(acc: Accumulator, theta_deg: np.ndarray, M2: np.ndarray,
                           allowed: tuple[float, float] | None) -> None:
    """Verdict: does any scanned angle have pair mass ``M^2 > 0`` (eV^2)?

    ``allowed``: the trigger angles (deg) between which ``M^2 > 0`` (None: nowhere), to say
    where to scan instead (seed 001 eqs. (21)-(22): ``M^2 = 0`` at the two edges).
    """
    n_ok = int(np.sum(np.asarray(M2) > 0))
    where = (f"M^2 > 0 for trigger angles between {allowed[0]:.6g} and {allowed[1]:.6g} deg"
             if allowed is not None else "no trigger angle gives M^2 > 0 with this "
             "second-excitation direction")
    if n_ok:
        acc.verdicts.append(Verdict(
            name=PHASE_MATCHING, status="pass",
            detail=f"{n_ok} of {len(theta_deg)} scanned angles have M^2 > 0; {where}"))
    else:
        acc.verdicts.append(Verdict(
            name=PHASE_MATCHING, status="fail",
            detail=f"no scanned angle ({theta_deg[0]:.6g}-{theta_deg[-1]:.6g} deg) has "
            f"M^2 > 0: no pair can be emitted; {where}"))


def sensor_verdict(acc: Accumulator, z_m: float, rho_m: float, R_m: float,
                   L_m: float) -> None:
    """Verdict: the magnetometer sensor (axial ``z_m``, radial ``rho_m``, m, from the
    crystal's centre) lies outside the cylinder of radius ``R_m`` and length ``L_m`` (on
    its surface counts as outside: B_z is continuous there)."""
    inside = abs(z_m) < L_m / 2 and rho_m < R_m  # on the surface counts as outside
    where = (f"sensor at axial {z_m * 100:g} cm, radial {rho_m * 100:g} cm; crystal "
             f"L/2 = {L_m * 50:g} cm, R = {R_m * 100:g} cm")
    acc.verdicts.append(Verdict(
        name=SENSOR_GEOMETRY, status="fail" if inside else "pass",
        detail=(f"{where}: inside the crystal, the field there is not measurable; move the "
                "sensor outside") if inside else where))


def apply_verdicts(acc: Accumulator) -> None:
    """Every exposure rests on all the Plan's verdicts: where a ``limit`` fails, an
    exposure that was ``ok`` (or ``not reachable``) becomes ``infeasible`` and its detail
    names the failing verdicts (its time stays, for reference); a failing ``model
    validity`` verdict is named in every exposure's detail, its status stays."""
    invalid = [v.name for v in acc.verdicts if v.status == "fail" and v.kind != "limit"]
    if invalid:
        for e in acc.exposures:
            e.detail = ((e.detail + "; ") if e.detail else "") + (
                "rests on model assumptions that fail: " + "; ".join(invalid))
    fails = [v.name for v in acc.verdicts if v.status == "fail" and v.kind == "limit"]
    if not fails:
        return
    note = "rests on verdicts that fail: " + "; ".join(fails)
    for e in acc.exposures:
        if e.status in ("ok", "not reachable"):
            e.status = "infeasible"
            e.detail = note + (f" ({e.detail})" if e.detail else "")


def window_checks(acc: Accumulator, what: str, theta_deg: np.ndarray, y: np.ndarray,
                  thresholds: Mapping[str, float], bounds: tuple[float, float]) -> None:
    """Say whether the largest ``|y|`` and the pair thresholds lie inside the scan.

    Parameters
    ----------
    what
        Name of the distribution (``"RENP rate"``).
    theta_deg, y
        Scanned angles (deg, increasing) and the values there.
    thresholds
        Pair label (``"(12)"``) -> threshold angle, deg.
    bounds
        Angles (deg) beyond which the quantity vanishes or angles end (0 and 180 deg,
        ``M^2 = 0`` edges): a maximum at the scan's edge is real only at such a bound.
    """
    th = np.asarray(theta_deg, dtype=float)
    a = np.abs(np.asarray(y, dtype=float))
    if len(th) < 2 or not np.all(np.isfinite(a)):
        return
    lo, hi = float(th[0]), float(th[-1])
    step = abs(float(th[1] - th[0]))
    i = int(np.argmax(a))
    if a[i] > 0 and (i == 0 or i == len(th) - 1):
        edge = lo if i == 0 else hi
        bound = bounds[0] if i == 0 else bounds[1]
        if abs(edge - bound) > step:
            side = "below" if i == 0 else "above"
            acc.warnings.append(
                f"the largest {what} is at the edge of the scanned angles ({edge:.6g} deg) "
                f"and rises {side} it: the maximum lies outside the scan "
                f"({lo:.6g}-{hi:.6g} deg), between {min(bound, edge):.6g} and "
                f"{max(bound, edge):.6g} deg")
    inside = {k: v for k, v in thresholds.items() if lo <= v <= hi}
    outside = {k: v for k, v in thresholds.items() if not lo <= v <= hi}
    if thresholds and not inside:
        acc.warnings.append(
            f"no pair threshold lies in the scanned angles ({lo:.6g}-{hi:.6g} deg); they "
            "are at " + ", ".join(f"{k} {v:.6g} deg" for k, v in sorted(outside.items(),
                                                                       key=lambda x: x[1])))
    elif outside:
        acc.assumptions.append(
            f"pair thresholds outside the scanned angles ({lo:.6g}-{hi:.6g} deg): "
            + ", ".join(f"{k} at {v:.6g} deg" for k, v in sorted(outside.items(),
                                                                 key=lambda x: x[1])))
