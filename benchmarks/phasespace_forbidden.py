"""Convergence on the whole forbidden side: every grid angle more than 1 degree beyond the
kinematic edge (601-point grid over 0..pi), all six pairs, against EDGE_HI.

Run: PYTHONPATH=$PWD /work/venv/bin/python benchmarks/phasespace_forbidden.py   (~10 min)

Er3+:YLF, L = 2R = 2 cm, lightest mass 10 meV, NO (nufit60), Dirac, spin along k1.  The
production values come from ``phasespace.distribution(mode='3d')``; the reference is
:data:`expdesign.physics.phasespace.EDGE_HI` with the block decomposition forced (a different
decomposition wherever production uses the slab-free one), in two processes.  This is the
full version of the sample in benchmarks/phasespace.py (every 6th edge row there).
Last line: RESULT angles=<n> max_rel_err=<x> worst_deg=<deg> covered=<cells>/<cells>
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from expdesign.physics import neutrino as nu
from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace import edge_params as e3
from expdesign.physics.phasespace.edge_rule import edge_integral

CM = 5.0677e4
L, R = 2 * CM, CM
KIN = ps.er_ylf_kinematics()
MASSES = nu.masses(0.01, "NO", nu.oscillation_set("nufit60"))
PM = ps.pair_masses(MASSES)
REF = dataclasses.replace(e3.EDGE_HI, slab_free=False)


def reference(theta: float) -> np.ndarray:
    qz, qx = KIN.Q(theta)
    return np.array([edge_integral(float(qz), float(qx), KIN.eps_ep, PM[j, 0], PM[j, 1],
                                      "case1", L, R, REF)[0] for j in range(6)])


def main() -> None:
    theta = np.linspace(0.0, np.pi, 601)
    edge = KIN.edge_angles(0.0)
    edge = edge[edge > 0].min()
    sel = theta[theta > edge + np.radians(1.0)]
    t = time.time()
    with ProcessPoolExecutor(2) as ex:
        r = ps.distribution(sel, MASSES, R, L, mode="3d", executor=ex)
    t_prod = time.time() - t
    t = time.time()
    with ProcessPoolExecutor(2) as ex:
        ref = np.array(list(ex.map(reference, sel, chunksize=4)))
    t_ref = time.time() - t
    rel = np.abs(r.dirac / ref - 1)
    covered = r.err_dirac >= np.abs(r.dirac - ref)
    k = int(np.argmax(rel.max(axis=1)))
    print(f"{len(sel)} angles ({np.degrees(sel[0]):.1f}..{np.degrees(sel[-1]):.1f} deg) x 6 "
          f"pairs; production {t_prod:.1f} s, reference {t_ref:.1f} s")
    print("max |J/J_HI - 1| per pair:", " ".join(f"{v:.2e}" for v in rel.max(axis=0)))
    print(f"error estimates cover |J - J_HI| in {covered.sum()} of {covered.size} cells; "
          f"largest estimate {np.max(r.err_dirac / np.abs(r.dirac)):.2e}")
    print(f"RESULT angles={len(sel)} max_rel_err={rel.max():.3e} "
          f"worst_deg={np.degrees(sel[k]):.1f} covered={covered.sum()}/{covered.size}")


if __name__ == "__main__":
    main()
