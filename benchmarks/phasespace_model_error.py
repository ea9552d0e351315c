"""Coverage of the projected model's reported error (quadrature + model error) against the
full 3D rule, on random (angle, pair) samples in three regions.

Run: PYTHONPATH=$PWD .venv/bin/python benchmarks/phasespace_model_error.py   (~5 min)

Er3+:YLF, lightest mass 10 meV, NO (nufit60), Dirac, spin along k1, two crystals
(L = 2R = 2 cm and L = 4 cm, R = 0.5 cm).  Regions by the signal angle's distance to the
nearest massless kinematic edge (144.62 deg and -27.04 deg): ``inside`` (allowed side, more
than 1 deg away), ``edge`` (within 1 deg, either side; distances drawn log-uniformly from
1e-4 to 1 deg) and ``beyond`` (forbidden side, more than 1 deg away).  The production value
is :func:`expdesign.physics.phasespace.distribution_projected` with its rule error; the
model error is ``MODEL_ERROR_SAFETY * |dJ|`` of
:func:`expdesign.physics.phasespace.model_error.projection_model_error`; the reference is
``distribution(mode='3d')`` (tensor and edge-aware rules, their own error estimates
printed beside).  Measured error = |J_3d - J_projected|.
Last line: RESULT <region>_covered=<n>/<n> <region>_max_under=<x> ... ratio_min=<x> ratio_max=<x>
(ratio = dJ estimate / measured difference).
"""

from __future__ import annotations

import time

import numpy as np

from expdesign.physics import neutrino as nu
from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace.model_error import MODEL_ERROR_SAFETY, projection_model_error

CM = 5.0677e4
KIN = ps.er_ylf_kinematics()
MASSES = nu.masses(0.01, "NO", nu.oscillation_set("nufit60"))
EDGES = np.degrees(KIN.edge_angles(0.0))  # about -27.04 and 144.62 deg


def sample(rng: np.random.Generator, n_inside: int, n_edge: int, n_beyond: int
           ) -> dict[str, np.ndarray]:
    """Signal angles (deg) per region."""
    lo, hi = float(EDGES.min()), float(EDGES.max())
    inside = rng.uniform(lo + 1.0, hi - 1.0, n_inside)
    dist = 10 ** rng.uniform(-4, 0, n_edge) * rng.choice([-1.0, 1.0], n_edge)
    which = rng.choice(EDGES, n_edge)
    # positive dist = forbidden side: beyond 144.62 upwards, beyond -27.04 downwards
    edge = np.where(which > 0, which + dist, which - dist)
    b = rng.uniform(hi + 1.0, lo + 360.0 - 1.0, n_beyond)
    beyond = np.where(b > 180.0, b - 360.0, b)
    return {"inside": inside, "edge": edge, "beyond": beyond}


def measure(deg: np.ndarray, R: float, L: float) -> tuple[np.ndarray, ...]:
    th = np.radians(deg)
    p = ps.distribution_projected(th, MASSES, R, L, kin=KIN, error=True)
    dD, _ = projection_model_error(th, MASSES, R, L, "case1", KIN)
    r = ps.distribution(th, MASSES, R, L, mode="3d", kin=KIN, error=True)
    reported = p.err_dirac + MODEL_ERROR_SAFETY * np.abs(dD)
    measured = np.abs(r.dirac - p.dirac)
    ratio = dD / np.where(r.dirac - p.dirac == 0, np.nan, r.dirac - p.dirac)
    return reported, measured, r.err_dirac, ratio, np.abs(r.dirac)


def main() -> None:
    rng = np.random.default_rng(18)
    out: dict[str, list[np.ndarray]] = {}
    ratios = []
    t0 = time.perf_counter()
    for R, L in ((CM, 2 * CM), (0.5 * CM, 4 * CM)):
        for region, deg in sample(rng, 6, 10, 6).items():
            rep, mea, ref_err, ratio, J = measure(deg, R, L)
            for i, d in enumerate(deg):
                print(f"R={R / CM:.1f}cm L={L / CM:.0f}cm {region:6s} {d:10.5f} deg  "
                      f"measured/J={np.array2string(mea[i] / J[i], precision=1)}  "
                      f"reported/measured="
                      f"{np.array2string(rep[i] / mea[i], precision=2)}  "
                      f"3d_err/measured={np.array2string(ref_err[i] / mea[i], precision=1)}")
            out.setdefault(region, []).append((rep / mea).ravel())
            ratios.append(ratio.ravel())
    parts = []
    for region, rows in out.items():
        q = np.concatenate(rows)
        parts.append(f"{region}_covered={int(np.sum(q >= 1))}/{q.size} "
                     f"{region}_max_under={float(np.max(1 / q)):.3f}")
    rr = np.concatenate(ratios)
    rr = rr[np.isfinite(rr)]
    print(f"time {time.perf_counter() - t0:.0f} s")
    print("RESULT " + " ".join(parts) + f" ratio_min={rr.min():.3f} ratio_max={rr.max():.3f}")


if __name__ == "__main__":
    main()
