"""Benchmark: finite-size pair phase space, Er3+:YLF, 601 signal angles x 6 pairs.

Run: PYTHONPATH=$PWD /work/venv/bin/python benchmarks/phasespace.py

* L = 2R = 2 cm, lightest mass 10 meV, NO (nufit60), Dirac, spin along k1 (case 1);
* modes '3d' (exact cylinder form factor; edge-aware rule near the kinematic edges and on
  the forbidden side, tensor rule elsewhere; 2 worker processes), 'inplane' (seed 001
  eq. 17) and 'infinite' (delta^3(K)); timings include the error estimates;
* convergence: tensor-rule cells against a much finer tensor rule; edge-rule cells
  (every grid angle within 1 degree of the edge, every 6th other one) against EDGE_HI
  with the block decomposition forced, i.e. a finer rule *and* a different decomposition
  wherever the default uses the slab-free one;
* independent references: Monte Carlo over the original momenta at L = 2R = 0.02 cm
  (expdesign.physics.phasespace.reference, 2e7 samples per point, pulls in units of the combined
  standard error) and scipy.integrate.quad at L = 2R = 50 um (adaptive in |P|, Gauss in
  the angles of P, exact form factors pointwise).

max_rel_err in the RESULT line is the largest |J / J_ref - 1| of the convergence study
(local relative error, no floor); the printout also gives it per region.
Last line: RESULT finite_s=... finite_noerr_s=... finite_noerr_cpu_s=... inplane_s=...
infinite_s=... max_rel_err=... ref_points=...  (finite_s with error estimates,
finite_noerr_s without: wall time; finite_noerr_cpu_s: CPU of this process and its 2
workers.  ``--quick``: every 12th edge row against EDGE_HI and no small-crystal references,
for a loaded machine.)
"""

from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from scipy import integrate
from threadpoolctl import threadpool_limits

from expdesign.physics import neutrino as nu
from expdesign.physics import phasespace as ps
from expdesign.physics.phasespace import formfactors as ff

CM = 5.0677e4


def masses_no(lightest):
    return nu.masses(lightest, "NO", nu.oscillation_set("nufit60"))


def rel_err(val, ref):
    floor = 1e-3 * np.max(np.abs(ref), axis=0, keepdims=True)
    return np.abs(val - ref) / np.maximum(np.abs(ref), floor)


def _pin_blas() -> None:
    threadpool_limits(1)


def scipy_reference(theta, mi, mj, R, L, kin, n_ang=300, tmax=120.0):
    """J_D by scipy quad over s (P = Pmax (1 - s^2)) of a Gauss rule in (cos chi, phi)."""
    eps = kin.eps_ep
    qz, qx = kin.Q(theta)
    pmax = np.sqrt(eps**2 - (mi + mj) ** 2)
    xc, wc = np.polynomial.legendre.leggauss(n_ang)
    ph = np.pi * (xc + 1) / 2
    wph = np.pi * wc
    C, F = np.meshgrid(xc, ph, indexing="ij")
    W2 = np.outer(wc, wph)
    St = np.sqrt(1 - C**2)
    t0 = time.time()

    def inner(s):
        if time.time() - t0 > tmax:
            raise TimeoutError
        P = pmax * (1 - s * s)
        pz, px, py = P * C, P * St * np.cos(F), P * St * np.sin(F)
        gD, _ = ps.two_body(P * P, pz**2, eps, mi, mj)
        kz, kx, ky = qz - pz, qx - px, -py
        fac = ff.U(kz * L / 2) * ff.W(np.hypot(kx, ky) * R)
        return 2 * pmax * s * P * P * np.sum(W2 * fac * gD)

    try:
        val, err = integrate.quad(inner, 0.0, 1.0, epsabs=0.0, epsrel=1e-10, limit=400)
    except TimeoutError:
        return None, None
    return val, err


def main():
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true",
                    help="every 12th edge row (not 6th) against EDGE_HI, no Monte Carlo or "
                         "scipy references (a loaded machine)")
    quick = ap.parse_args().quick
    kin = ps.er_ylf_kinematics()
    m = masses_no(0.010)
    L, R = 2.0 * CM, 1.0 * CM
    theta = np.linspace(0.0, np.pi, 601)
    edges = np.concatenate([kin.edge_angles(0.0)])
    dist_edge = np.min(np.abs(theta[:, None] - edges[None, :]), axis=1)
    print(f"Er3+:YLF, n_r = {kin.n_r}, eps_ep = {kin.eps_ep:.4f} eV, theta_e = "
          f"{np.degrees(kin.theta_e_rad):.3f} deg; kinematic edges at "
          f"{np.degrees(edges).round(3)} deg; masses {m} eV")

    t = time.time()
    r_inf = ps.distribution(theta, m, R, L, mode="infinite")
    t_inf = time.time() - t
    t = time.time()
    with ProcessPoolExecutor(2, initializer=_pin_blas) as ex:  # the caller's pool
        r3 = ps.distribution(theta, m, R, L, mode="3d", executor=ex)
    t_3d = time.time() - t
    # the same without error estimates (no companion rules), wall and CPU (this process
    # and its pool's workers)
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t, p0 = time.time(), time.process_time()
    with ProcessPoolExecutor(2, initializer=_pin_blas) as ex:
        r3n = ps.distribution(theta, m, R, L, mode="3d", executor=ex, error=False)
    t_3dn = time.time() - t
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_3dn = (time.process_time() - p0 + c1.ru_utime - c0.ru_utime + c1.ru_stime
               - c0.ru_stime)
    ec = r3.info["edge_cells"]  # edge cells: the companion only makes the estimate
    assert np.array_equal(r3n.dirac[ec], r3.dirac[ec])
    print(f"3d without error estimate: {t_3dn:.2f} s wall, {cpu_3dn:.2f} s CPU (parent + "
          f"2 workers); with: {t_3d:.2f} s wall")
    t = time.time()
    ps.distribution(theta, m, R, L, mode="3d", edge=False)
    t_tensor = time.time() - t
    qz, qx = kin.Q(theta)
    print(f"3d: {r3.info['edge_cells'].sum()} of {r3.dirac.size} cells by the edge-aware "
          f"rule; the tensor rule alone takes {t_tensor:.2f} s but is 1-3 % wrong beyond "
          f"the edge")
    t = time.time()
    rin = ps.distribution(theta, m, R, L, mode="inplane")
    t_in = time.time() - t
    print(f"timings (601 angles x 6 pairs, incl. error estimate): 3d {t_3d:.2f} s, "
          f"inplane {t_in:.2f} s, infinite {t_inf:.4f} s")
    from expdesign.physics.phasespace import projected as pj

    pj.clear_tables()
    t = time.time()
    rp = pj.distribution_projected(theta, m, R, L)
    t_pj = time.time() - t
    t = time.time()
    pj.distribution_projected(theta, m, R, L)
    t_pj2 = time.time() - t
    dpj = rel_err(rp.dirac, r3.dirac)
    est3 = r3.err_dirac / np.maximum(np.abs(r3.dirac), 1e-3 * np.abs(r3.dirac).max(axis=0))
    print(f"projected finite-size mode (the Planner's default 'finite'): {t_pj:.2f} s cold, "
          f"{t_pj2:.2f} s with cached form-factor tables; max rel diff to 3d "
          f"{dpj.max():.2e} (3d's own error estimate {est3.max():.2e})")

    far = dist_edge > np.radians(1.0)
    allowed = np.hypot(qz, qx) < kin.eps_ep
    regions = {"allowed, >1 deg from edges": far & allowed,
               "within 1 deg of an edge": ~far,
               "forbidden side, >1 deg beyond": far & ~allowed}
    for name, r in (("3d", r3), ("inplane", rin)):
        floor = 1e-3 * np.max(np.abs(r.dirac), axis=0, keepdims=True)
        est = r.err_dirac / np.maximum(np.abs(r.dirac), floor)
        print(f"{name}: estimated rel. error (max): "
              + "; ".join(f"{k} {est[v].max():.2e}" for k, v in regions.items() if v.any()))

    # convergence, tensor-rule cells (allowed side, > 6 deg from the edge): default vs a
    # much finer tensor rule; edge-rule cells: default vs EDGE_HI with the block
    # decomposition forced (the default uses the slab-free one where it applies)
    import dataclasses

    from expdesign.physics.phasespace import edge_params as e3
    from expdesign.physics.phasespace.edge_rule import edge_integral

    cells = r3.info["edge_cells"]
    fine_cfg = ps.Config(kappa=0.025, n_fine=18, deg=12, n_phi_core=8, n_phi_core_fine=24,
                          n_phi_tail=48, tail_deg=10)
    sel_t = np.nonzero(~cells.any(axis=1))[0][::15]
    t = time.time()
    dF, _ = ps.integrate_3d(kin, theta[sel_t], ps.pair_masses(m), L, R, "case1", fine_cfg)
    e_t = np.abs(r3.dirac[sel_t] / dF - 1)
    print(f"3d convergence, tensor-rule cells ({len(sel_t)} angles x 6, {time.time() - t:.1f} s):"
          f" max rel diff {e_t.max():.2e}")
    ref_hi = dataclasses.replace(e3.EDGE_HI, slab_free=False)
    edge_rows = np.nonzero(cells.any(axis=1))[0]
    near_rows = np.nonzero(dist_edge < np.radians(1.0))[0]
    sel_e = np.unique(np.concatenate([near_rows, edge_rows[::12 if quick else 6]]))
    pm = ps.pair_masses(m)
    t = time.time()
    e_e = np.zeros((len(sel_e), 6))
    e_ef = np.zeros((len(sel_e), 6))
    covered = np.zeros((len(sel_e), 6), bool)
    floor = 1e-3 * np.abs(r3.dirac).max(axis=0)
    for k, i in enumerate(sel_e):
        hi = np.array([edge_integral(qz[i], qx[i], kin.eps_ep, pm[j, 0], pm[j, 1], "case1",
                                        L, R, ref_hi)[0] for j in range(6)])
        e_e[k] = np.abs(r3.dirac[i] / hi - 1)
        e_ef[k] = np.abs(r3.dirac[i] - hi) / np.maximum(np.abs(hi), floor)
        covered[k] = r3.err_dirac[i] >= np.abs(r3.dirac[i] - hi)
    near_k = dist_edge[sel_e] < np.radians(1.0)
    allowed_k = allowed[sel_e]
    print(f"3d convergence, edge-rule cells ({len(sel_e)} angles x 6 vs EDGE_HI, "
          f"{time.time() - t:.1f} s): max rel diff within 1 deg of the edge "
          f"{e_e[near_k].max():.2e}; beyond 1 deg, allowed side "
          f"{e_e[~near_k & allowed_k].max():.2e}; beyond 1 deg, forbidden side "
          f"{e_e[~near_k & ~allowed_k].max():.2e} (floored at 1e-3 of the peak: "
          f"{e_ef[~near_k & ~allowed_k].max():.2e})")
    print(f"   error estimates cover |J - J_HI| in {covered.sum()} of {covered.size} cells")
    for k in np.argsort(dist_edge[sel_e])[:8]:
        i = sel_e[k]
        print(f"   theta = {np.degrees(theta[i]):8.3f} deg: rel diff per pair "
              + " ".join(f"{v:.1e}" for v in e_e[k]))
    conv_max = max(e_t.max(), e_e.max())
    inf0 = r3.info["infinite"][0]
    assert np.array_equal(inf0, r_inf.dirac)
    ok = far & np.all(np.abs(inf0) > 0, axis=1)
    fs = r3.dirac[ok] / inf0[ok] - 1
    print(f"finite-size correction (3d / infinite - 1) far from edges: "
          f"{np.abs(fs).min():.2e} .. {np.abs(fs).max():.2e}")
    # 1/L approach at 90 deg
    th1 = np.radians([90.0])
    out = []
    for Lc in (0.5, 1.0, 2.0, 4.0, 8.0):
        rr = ps.distribution(th1, m, Lc / 2 * CM, Lc * CM, mode="3d")
        out.append(rr.dirac[0, 1] / rr.info["infinite"][0][0, 1] - 1)
    print("approach to infinite volume at 90 deg, pair (12): L/cm, (J/J_inf - 1), x L:")
    for Lc, o in zip((0.5, 1.0, 2.0, 4.0, 8.0), out, strict=True):
        print(f"   {Lc:4.1f}  {o: .3e}  {o * Lc: .3e}")

    if quick:
        print(f"RESULT finite_s={t_3d:.3f} finite_noerr_s={t_3dn:.3f} "
              f"finite_noerr_cpu_s={cpu_3dn:.3f} inplane_s={t_in:.3f} "
              f"infinite_s={t_inf:.5f} max_rel_err={conv_max:.3e} ref_points=0")
        return
    # independent references at small crystals: Monte Carlo over the momenta
    # (expdesign.physics.phasespace.reference) at L = 2R = 0.02 cm, scipy.integrate at 50 um
    from expdesign.physics.phasespace import reference as rf

    Lm = 0.02 * CM
    th_mc = np.radians([100.0, 143.0, 144.4, 144.62, 145.0, 150.0])
    rm = ps.distribution(th_mc, m, Lm / 2, Lm, mode="3d")
    pulls = []
    t = time.time()
    for k, th in enumerate(th_mc):
        qz1, qx1 = kin.Q(th)
        for j in (0, 5):
            mc = rf.monte_carlo_pair_integral(qz1, qx1, kin.eps_ep, pm[j, 0], pm[j, 1], Lm,
                                              Lm / 2, n=20_000_000, seed=100 * k + j)
            pull = (rm.dirac[k, j] - mc.dirac) / np.hypot(mc.err_dirac, rm.err_dirac[k, j])
            pulls.append(pull)
            print(f"  MC L=0.02cm theta={np.degrees(th):7.2f} pair {nu.PAIRS[j]}: ours "
                  f"{rm.dirac[k, j]:.6e} (est {rm.err_dirac[k, j] / rm.dirac[k, j]:.1e}) MC "
                  f"{mc.dirac:.6e} +- {mc.err_dirac / mc.dirac:.1e} (rel), pull {pull:+.2f}")
    print(f"Monte Carlo: {len(pulls)} points in {time.time() - t:.1f} s, max |pull| "
          f"{np.max(np.abs(pulls)):.2f}")
    Ls, Rs = 0.005 * CM, 0.0025 * CM
    th_ref = np.radians([20.0, 100.0])
    rs = ps.distribution(th_ref, m, Rs, Ls, mode="3d")
    n_ok = len(pulls)
    t = time.time()
    for k, th in enumerate(th_ref):
        for j in (1,):
            mi, mj = pm[j]
            ref, qerr = scipy_reference(th, mi, mj, Rs, Ls, kin)
            if ref is None:
                print(f"  ref theta={np.degrees(th):.0f} pair {j}: timed out")
                continue
            n_ok += 1
            e = abs(rs.dirac[k, j] / ref - 1)
            print(f"  scipy 50um theta={np.degrees(th):5.1f} pair {nu.PAIRS[j]}: ours "
                  f"{rs.dirac[k, j]:.10e} (est err {rs.err_dirac[k, j]:.1e})  scipy {ref:.10e}"
                  f"  rel diff {e:.2e}")
    print(f"scipy reference: {time.time() - t:.1f} s")
    max_rel = conv_max
    print(f"RESULT finite_s={t_3d:.3f} finite_noerr_s={t_3dn:.3f} "
          f"finite_noerr_cpu_s={cpu_3dn:.3f} inplane_s={t_in:.3f} infinite_s={t_inf:.5f} "
          f"max_rel_err={max_rel:.3e} ref_points={n_ok}")


if __name__ == "__main__":
    main()
