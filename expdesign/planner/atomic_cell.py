"""RENP_ATOMIC: the phase-space model of the gas spectrum (finite cell or infinite medium)
and the smearing of its thresholds by the cell and by the residual Doppler effect.

Kernels: :mod:`expdesign.physics.atomic_cell` (finite cell, smear widths, Gaussian
average), :mod:`expdesign.physics.atomic_renp` (infinite medium).  Every
``PlannerSettings.model`` plans a gas spec; :data:`GAS_MODELS` says what each one computes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from expdesign.executors import pinned_process_pool
from expdesign.physics import atomic_cell as ac
from expdesign.physics import atomic_renp as ar
from expdesign.planner.context import Accumulator, PlanContext, hypothesis_couplings
from expdesign.planner.widths import gas_doppler

if TYPE_CHECKING:
    from expdesign.planner.atomic_renp import AtomicSetup

__all__ = ["GAS_MODELS", "GasSpectrum", "gas_spectrum"]

#: settings.model -> (rule, what the Plan says it is for the gas)
GAS_MODELS: dict[str, tuple[str, str]] = {
    "infinite": ("infinite", "the infinite medium: momentum conservation, the pair takes "
                 "exactly Q = p_eg - k (delta^3(Q - P)); each pair's spectrum stops at its "
                 "threshold; the cell's length and radius do not enter the shape"),
    "finite": ("projected", "the finite cell: delta^3(Q - P) replaced by the normalised "
               "cylinder form factor V/(2 pi)^3 U(K_z L/2) W(K_perp R) (seed 001 eqs. 14-15 "
               "applied to the gas, docs/atomic_renp.md), projected on the direction of Q "
               "(the transverse K_t^2 dropped; against the 3D rule for the Yb 10 cm cell "
               "<= 6e-4 of the value on the allowed side, <= 1.3e-3 within 0.1 meV of a "
               "threshold, 5e-5 beyond the endpoint: benchmarks/atomic_cell.py); rule error "
               "in cell_spectrum_rel_error"),
    "finite-3d": ("3d", "the finite cell with the exact form factor U(K_z L/2) W(K_perp R) "
                  "and 3D neutrino momenta (the crystal's tensor and edge-aware rules with "
                  "n_r = 1, one photon energy at a time: ~0.5-1 s per photon energy and mass "
                  "set)"),
    "inplane": ("infinite", "seed 001 eq. (17)'s in-plane model describes the crystal's "
                "angular distribution (Lorentzian form factors; its large-cell limit is not "
                "momentum conservation but exceeds it by a factor linear in R): it has no gas "
                "analogue, so the gas spectrum "
                "is the infinite-medium one (momentum conservation); use 'finite' or "
                "'finite-3d' for the cell"),
}


class GasSpectrum:
    """Kernels ``K^D``, ``K^M`` of the gas spectrum under ``ctx.settings.model``, with the
    residual Doppler average (FWHM ``doppler_fwhm`` of the released energy, eV) when it is
    non-zero; memoised per mass set and photon grid."""

    def __init__(self, ctx: PlanContext, st: AtomicSetup, doppler_fwhm: float) -> None:
        self.ctx, self.st = ctx, st
        self.rule, self.what = GAS_MODELS[ctx.settings.model]
        self.R, self.L = ctx.radius_length_eV()
        self.T = ar.orientation_tensor(st.orientation, st.j_e)
        self.doppler_fwhm = doppler_fwhm
        self.memo: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self.rel_errors: list[float] = []

    def kernels(self, omega: np.ndarray, masses: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(K^D, K^M)`` (eV^2, shape (n, N, N)) at the photon energies ``omega`` (eV)."""
        w = np.atleast_1d(np.asarray(omega, dtype=float))
        key = (tuple(float(x) for x in masses), w.tobytes())
        if key not in self.memo:
            n = w.size

            def both(u: float) -> np.ndarray:
                KD, KM = self._raw(w, masses, self.st.eps_eg + u)
                return np.concatenate([KD, KM])

            if self.rule == "infinite" and self.doppler_fwhm > 0:
                # sharp thresholds: the rule cut at each pair's opening
                st = self.st
                self.memo[key] = ac.doppler_averaged_infinite_kernels(
                    w, st.eps_eg, masses, st.p_vec, st.trigger_angle, self.T,
                    self.doppler_fwhm)
            else:
                # the cell smooths the thresholds on the Doppler scale: Gauss-Hermite
                KK = ac.gaussian_average(both, self.doppler_fwhm)
                self.memo[key] = (KK[:n], KK[n:])
        return self.memo[key]

    def _raw(self, w: np.ndarray, m: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray]:
        st = self.st
        if self.rule == "infinite":
            return ar.spectrum_kernels(w, eps, m, st.p_eg, st.cos_theta, st.orientation,
                                       st.j_e)
        err = self.ctx.settings.phase_space_error and w.size > 1
        if self.rule == "projected":
            KD, KM, eD, _ = ac.finite_cell_kernels(w, eps, m, self.R, self.L, st.p_vec,
                                                   st.trigger_angle, self.T, error=err)
        else:
            with pinned_process_pool(self.ctx.settings.workers) as ex:
                KD, KM, eD, _ = ac.finite_cell_kernels_3d(w, eps, m, self.R, self.L,
                                                          st.p_vec, st.trigger_angle, self.T,
                                                          error=err, executor=ex)
        if err:
            peak = float(np.max(np.abs(KD)))
            self.rel_errors.append(float(np.max(eD)) / peak if peak > 0 else 0.0)
        return KD, KM

    def report(self, acc: Accumulator) -> None:
        """The rule error of the finite-cell kernels (largest over the calls with an
        estimate), relative to the peak kernel."""
        if self.rel_errors:
            acc.add("cell_spectrum_rel_error", max(self.rel_errors), "dimensionless",
                    f"finite-cell kernels ({self.rule} rule): largest rule-error estimate "
                    "(orders halved) relative to the peak kernel")


def gas_spectrum(ctx: PlanContext, acc: Accumulator, st: AtomicSetup, w_end: float
                 ) -> GasSpectrum:
    """The model statement, the cell's and the Doppler threshold smears (reported, each
    against the closest threshold spacing of the first hypothesis) and the
    :class:`GasSpectrum` that computes the spectrum."""
    model = ctx.settings.model
    rule, what = GAS_MODELS[model]
    acc.assumptions.append(f"atomic RENP spectrum, phase-space model '{model}': {what}")
    R, L = ctx.radius_length_eV()
    acc.add("cell_momentum_spread", 1.0 / L, "eV", "1/L of the cell (the scale of the "
            "pair-momentum spread the cell allows)")
    smear = ac.threshold_smear_fwhm(w_end, st.eps_eg, st.p_vec, st.trigger_angle, R, L)
    inc = "included in the spectrum" if rule != "infinite" else \
        "NOT included: this model is the infinite medium"
    acc.add("cell_threshold_smear_fwhm", smear, "eV",
            "FWHM over which the finite cell smears each threshold: |Q|/(eps_eg - p_eg.k) x "
            "the FWHM of the form factor projected on Q (no first-order shift: the "
            f"projection is even); {inc}", source="expdesign.physics.atomic_cell")
    gap = _closest_gap(ctx, st, w_end)
    if gap > 0:
        acc.add("cell_smear_over_threshold_gap", smear / gap, "dimensionless",
                "cell_threshold_smear_fwhm / the closest spacing of the thresholds and the "
                f"endpoint (hypothesis '{ctx.spec.hypotheses[0].label}')")
        if smear >= gap:
            acc.warnings.append(
                f"the finite cell smears each threshold over {smear:.3g} eV (FWHM), more "
                f"than the closest threshold spacing {gap:.3g} eV: those thresholds are not "
                "resolved in this cell" + ("" if rule != "infinite" else
                                           " (the infinite-medium spectrum does not show it)"))
    return GasSpectrum(ctx, st, _doppler(ctx, acc, st, w_end, gap))


def _closest_gap(ctx: PlanContext, st: AtomicSetup, w_end: float) -> float:
    _, _, m = hypothesis_couplings(ctx.spec.hypotheses[0])
    ws = sorted([w_end, *st.thresholds(m).values()])
    return min((b - a for a, b in zip(ws, ws[1:], strict=False) if b > a), default=0.0)


def _doppler(ctx: PlanContext, acc: Accumulator, st: AtomicSetup, w_end: float,
             gap: float) -> float:
    """Doppler: the widths at the design temperature (``planner/widths.py``), the threshold
    smear they cause (only the released energy's spread p_eg v, docs/atomic_renp.md), and
    the FWHM (eV) of that spread for the convolution (0: none)."""
    exc = [ctx.laser_energy(x) for x in ctx.spec.lasers.by_role("excitation")]
    resid = max(exc) - min(exc) if len(exc) == 2 else 0.0
    dw = gas_doppler(ctx, acc, w_end, resid, note=(
        "Doppler (docs/atomic_renp.md): the macro-coherent emission returns each atom to "
        "the momentum state it started from, so the trigger photon's own Doppler width "
        "(doppler_width_trigger) does not smear the spectrum; the released energy "
        "eps_eg + v.p_eg is spread by p_eg sqrt(8 ln2 kT/M) (zero for equal "
        "counter-propagating excitation photons), and the spectrum is averaged over it "
        "(an upper bound: a coherence driven in steady state by narrow lasers has none); "
        "no pressure broadening convolved (the collisional widths the target lists are "
        "reported as collisional_fwhm_*)"))
    if dw <= 0.0:
        acc.assumptions.append("atomic RENP: no Doppler smear of the thresholds (no design "
                               "temperature, or T = 0); no pressure broadening convolved "
                               "(see collisional_fwhm_* where the target lists any)")
        return 0.0
    v_fwhm = dw / w_end  # doppler_fwhm(omega) = omega sqrt(8 ln2 kT/M)
    smear = ac.doppler_threshold_fwhm(st.eps_eg, st.p_eg, st.cos_theta, 0.0, v_fwhm)
    acc.add("doppler_threshold_smear_fwhm", smear, "eV",
            "Doppler FWHM of each threshold: d omega_ij/d Omega x p_eg sqrt(8 ln2 kT/M) (the "
            "released energy's residual spread; 0 for equal counter-propagating excitation "
            "photons); averaged into the spectrum", source="expdesign.physics.atomic_cell")
    if gap > 0:
        acc.add("doppler_smear_over_threshold_gap", smear / gap, "dimensionless",
                "doppler_threshold_smear_fwhm / the closest spacing of the thresholds and "
                f"the endpoint (hypothesis '{ctx.spec.hypotheses[0].label}')")
        if smear >= gap:
            acc.warnings.append(
                f"the Doppler smear {smear:.3g} eV (FWHM) of the thresholds exceeds the "
                f"closest threshold spacing {gap:.3g} eV: those thresholds are not resolved "
                "at this temperature")
    return st.p_eg * v_fwhm if math.isfinite(v_fwhm) else 0.0
