"""The RANP rate derived from the amplitude (docs/ranp.md, "Derived rate"), natural units.

Every input and output is a plain float in eV powers (hbar = c = 1): energies, widths and
Rabi frequencies in eV, intensities in eV^4, densities in eV^3, volumes in eV^-3, times in
eV^-1.  Widths are *full* widths (FWHM of a Lorentzian, i.e. decay rates of populations or
twice the decay rate of a coherence).

The derivation (docs/ranp.md) factorises the angular rate of the elastic RANP path
``gamma_0 + |e> -> gamma + nu nubar + |g>`` (seed 000 eqs. 1-3, q = e) as

    dGamma/dOmega = n^2 V <|rho_pg|^2> * gamma_pq / (4 pi Gamma_qg)
                    * (1/6) G_F^2 a_S^2 s2 * sum_ij F_ij^(eq5)(theta)

* ``<|rho_pg|^2>``: the p-g coherence the trigger makes out of the g-e coherence prepared
  by the Raman excitation, time-averaged over one excitation cycle (:func:`coherence_bloch`,
  non-perturbative; :func:`coherence_weak_trigger`, its lowest order in the trigger);
* ``gamma_pq / (4 pi Gamma_qg)``: photon emission p -> q per solid angle times the
  integral of the q-g resonance (``int d omega |D_2|^-2 = 2 pi / Gamma_qg``)
  (:func:`photon_factor`);
* ``(1/6) G_F^2 a_S^2 s2``: the weak vertex ``(G_F / sqrt 2) a_S b_ij <g|S|q> . N_ij`` (seed
  001 eq. 1 with ``a_S = 2``) squared and averaged over the orientation of the spin matrix
  element (:func:`pair_factor`);
* ``F^(eq5)``: seed 000 eq. (5) read literally (``u^dagger u = 1``),
  :func:`expdesign.physics.pair_emission.pair_function` with ``normalization="eq5"``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from expdesign.physics import renp
from expdesign.physics.assembly import cylinder_volume, pair_kernels_from_integrals
from expdesign.physics.bloch.lindblad import liouvillian
from expdesign.physics.bloch.result import BlochCheckError
from expdesign.physics.constants import G_F_EV2
from expdesign.physics.phasespace import Kinematics, distribution_projected

__all__ = [
    "trigger_photon_density",
    "trigger_rabi_frequency",
    "spin_line_strength_ls",
    "photon_factor",
    "pair_factor",
    "coherence_weak_trigger",
    "coherence_adiabatic",
    "coherence_bloch",
    "angular_rate_derived",
    "CoherenceResult",
    "term_L_S",
    "ranp_pair_momentum",
    "pair_contraction",
]

_G, _E, _P = 0, 1, 2  # level indices in the 4x4 embedding (index 3 unused)


def trigger_photon_density(intensity: float, omega0: float) -> float:
    """Photon number density ``n_0 = I / omega_0`` (eV^3) of a plane wave.

    Intensity (time-averaged Poynting flux, eV^4) over the photon energy (eV); with c = 1
    the energy density is the flux.  Seed 000 after eq. (5) writes ``E_0^2 = omega_0 n_0``,
    the mean square (RMS) field.
    """
    if intensity < 0 or omega0 <= 0:
        raise ValueError("need intensity >= 0 and omega0 > 0")
    return intensity / omega0


def trigger_rabi_frequency(intensity: float, gamma_pe: float, eps_pe: float,
                           projection: float = 1.0 / 3.0) -> float:
    """Rabi frequency ``Omega_0 = d_pe sqrt(projection) sqrt(2 I)`` (eV) of the trigger.

    ``d_pe^2 = 3 pi gamma_pe / eps_pe^3`` (seed 000 after eq. 6), peak field
    ``E_0 = sqrt(2 I)`` (Heaviside-Lorentz, as :func:`expdesign.physics.bloch.parameters.
    rabi_frequency`), ``H = (Omega_0/2)(|p><e| + h.c.)``.  ``projection = |e_hat.d_hat|^2``:
    1/3 is the isotropic average (no polarisation data for the Ho Stark levels).
    Equivalently ``Omega_0^2 / 4 = (3 pi gamma_pe / eps_pe^3) projection omega_0 n_0 / 2``.
    """
    if intensity < 0 or gamma_pe < 0 or eps_pe <= 0 or not 0 < projection <= 1:
        raise ValueError("need intensity >= 0, gamma_pe >= 0, eps_pe > 0, 0 < projection <= 1")
    return math.sqrt(3 * math.pi * gamma_pe / eps_pe**3 * projection * 2 * intensity)


def spin_line_strength_ls(L: float, S: float, J_initial: float, J_final: float) -> float:
    """``sum_{M', k} |<L S J_final M'| S_k |L S J_initial M>|^2`` averaged over M (dimensionless).

    Intra-term (pure LS coupling) spin line strength per initial state for
    ``|J_final - J_initial| = 1``, Condon & Shortley, *The Theory of Atomic Spectra*
    (1935) sec. 10.3 (matrix of a vector operator ``S`` in the ``LSJ`` scheme):
    ``|<J||S||J-1>|^2 = (J+S+L+1)(J+S-L)(J-S+L)(S+L+1-J) / (4 J)`` with J the larger of
    the two; divided by ``2 J_initial + 1``.  (Tested against a brute-force sum over
    Clebsch-Gordan coefficients.)  The same M1 transition within one term carries
    ``mu = mu_B |<S>|`` since ``<J'||J||J> = 0``.
    """
    if abs(abs(J_final - J_initial) - 1) > 1e-12:
        raise ValueError("spin_line_strength_ls needs |J_final - J_initial| = 1")
    J = max(J_initial, J_final)
    val = (J + S + L + 1) * (J + S - L) * (J - S + L) * (S + L + 1 - J) / (4 * J)
    if val < 0:
        raise ValueError("J values not allowed for these L, S")
    return float(val / (2 * J_initial + 1))


def photon_factor(gamma_pq: float, width_qg: float) -> float:
    """Photon emission per solid angle, integrated over its resonance (dimensionless/sr).

    ``int d^3k/(2 pi)^3 (omega/2) sum_pol |d_pq.eps|^2 |D_2|^-2`` per ``d Omega`` with the
    isotropic average ``sum_pol |d.eps|^2 = (2/3) d^2``, ``d^2 = 3 pi gamma_pq/eps_pq^3``,
    ``D_2 = omega_0 - omega + i Gamma_qg / 2`` and ``omega ~ eps_pq`` across the
    resonance: ``gamma_pq / (4 pi Gamma_qg)`` (docs/ranp.md eq. D6).  ``Gamma_qg``: full
    width (FWHM) of the q-g coherence, eV.
    """
    if gamma_pq < 0 or width_qg <= 0:
        raise ValueError("need gamma_pq >= 0 and width_qg > 0")
    return gamma_pq / (4 * math.pi * width_qg)


def pair_factor(spin_sq: float, axial_factor: float = 2.0) -> float:
    """Weak-vertex factor ``(1/6) G_F^2 a_S^2 s2`` (eV^-4) multiplying ``sum F^(eq5)``.

    The vertex is the bare matrix element of seed 001 eq. (1),
    ``<g|H_W|q> = (G_F / sqrt 2) a_S b_ij <g|S|q> . N_ij`` (``a_S = 2``: the axial current's
    non-relativistic limit is ``sigma = 2 S``), squared: ``G_F^2 a_S^2 / 2``; the spin
    element's orientation averaged (``<e_k e_l^*> = delta_kl / 3``), ``s2 =
    sum_k |<g|S_k|q>|^2``.  The ``sqrt(2) G_F`` of the resonant RENP amplitude (seed 001
    eq. 7, docs/planner.md) is *not* the vertex: it already holds the factor 2 of the
    resonant denominator ``1 / (-i gamma_ep / 2)`` (``h_r = d.E / gamma_ep``), while the RANP
    amplitude keeps its denominators explicitly (docs/ranp.md D1).  Seed 000 eq. (6)'s
    ``I_2nu = G_F^2 sum F / 2`` has the same ``G_F^2 / 2``.
    """
    if spin_sq < 0:
        raise ValueError("spin_sq must be >= 0")
    return G_F_EV2**2 * axial_factor**2 * spin_sq / 6.0


def angular_rate_derived(sum_F_eq5: ArrayLike, n: float, volume: float, coherence: float,
                         photon: float, pair: float) -> np.ndarray:
    """``dGamma/dOmega`` (eV per sr) of the derived RANP rate (docs/ranp.md eq. D8).

    ``n^2 V <|rho_pg|^2> photon pair sum F^(eq5)``: n in eV^3, V in eV^-3,
    ``coherence`` = ``<|rho_pg|^2>``, ``photon`` from :func:`photon_factor`, ``pair`` from
    :func:`pair_factor`, ``sum_F_eq5`` in eV^2.
    """
    return n**2 * volume * coherence * photon * pair * np.asarray(sum_F_eq5, dtype=float)


def ranp_pair_momentum(theta: ArrayLike, r: float, eps_eg: float, omega0: float,
                       omega: float) -> np.ndarray:
    """Pair momentum ``Q = p_eg + k_0 - k`` (eV), shape ``theta.shape + (3,)``.

    ``p_eg = r eps_eg z``, trigger ``k_0 = omega_0 z`` (docs/ranp.md's convention),
    signal ``k = omega (sin theta, 0, cos theta)``; seed 000 eq. (2).
    """
    th = np.asarray(theta, dtype=float)
    return np.stack([-omega * np.sin(th), np.zeros_like(th),
                     r * eps_eg + omega0 - omega * np.cos(th)], -1)


def pair_contraction(theta: ArrayLike, r: float, eps_eg: float, omega0: float, omega: float,
                     masses: ArrayLike, b: np.ndarray, majorana: bool,
                     size: tuple[float, float] | None = None,
                     error: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """``S(theta) = (1/(2 pi)^2) sum_ij [|b_ij|^2 K^D_ij - delta_M Re(b_ij^2) K^M_ij]`` (eV^2)
    with the spin orientation averaged (``T = 1/3``), and its error estimate.

    ``K`` are the pair kernels ``int dPhi_2 e_k e_l^* T^{kl}`` of the project's RENP rate
    (docs/planner.md) at the RANP pair momentum (:func:`ranp_pair_momentum`) and energy
    ``eps_eg + omega_0 - omega``.  ``size = None``: infinite volume
    (:func:`expdesign.physics.renp.infinite_volume_kernels`; then ``S = sum F^(eq5) / 3``);
    ``size = (R, L)`` (eV^-1): the finite cylinder through the projected form factor
    (:func:`expdesign.physics.phasespace.distribution_projected`, the RENP ``finite``
    model).  The rate's pair factor is then ``G_F^2 a_S^2 s2 S / 2`` (docs/ranp.md D7-D8).
    """
    th = np.atleast_1d(np.asarray(theta, dtype=float))
    m = np.asarray(masses, dtype=float)
    b = np.asarray(b)
    wD, wM = np.abs(b) ** 2, np.real(b * b)
    eps = eps_eg + omega0 - omega
    orient = np.eye(3) / 3.0
    norm = 1.0 / (2 * np.pi) ** 2
    if size is None:
        KD, KM = renp.infinite_volume_kernels(ranp_pair_momentum(th, r, eps_eg, omega0, omega),
                                              eps, m, orient)
        return norm * renp.combine(KD, KM, wD, wM, majorana), np.zeros(th.shape)
    R, L = size
    kin = Kinematics(omega1=r * eps_eg + omega0, omega2=0.0, omega_s=omega, n_r=1.0,
                     eps_ep=eps, theta_e=0.0)
    pi = distribution_projected(th, m, R, L, spin=orient, kin=kin, error=error)
    V = cylinder_volume(R, L)
    KD, KM = pair_kernels_from_integrals(pi.dirac, pi.majorana, V, False)
    eD, eM = pair_kernels_from_integrals(pi.err_dirac, pi.err_majorana, V, False)
    err = norm * (np.einsum("...ij,ij->...", np.abs(eD), wD)
                  + (np.einsum("...ij,ij->...", np.abs(eM), np.abs(wM)) if majorana else 0.0))
    return norm * renp.combine(KD, KM, wD, wM, majorana), err


# ---------------------------------------------------------------------------
# The p-g coherence: lowest order in the trigger and the Bloch solution
# ---------------------------------------------------------------------------

def _window_mean(s: complex, T: float) -> complex:
    """``(1/T) int_0^T e^{-s t} dt`` for Re s >= 0."""
    x = s * T
    if abs(x) < 1e-8:
        return 1.0 - x / 2
    return -np.expm1(-x) / x


def coherence_weak_trigger(omega0_rabi: float, detuning: float, width_pg: float,
                           width_eg: float, rho_eg0: float, T: float) -> float:
    """``<|rho_pg|^2>`` over ``[0, T]`` to lowest order in the trigger (closed form).

    With the trigger switched on at t = 0 on the g-e coherence ``rho_eg(0)``,
    ``d rho_pg/dt = (i Delta - Gamma_pg/2) rho_pg - i (Omega_0/2) rho_eg`` and
    ``rho_eg(t) = rho_eg(0) e^{-a t}`` (``a = Gamma_eg/2``) give
    ``rho_pg = -i (Omega_0/2) rho_eg(0) (e^{-a t} - e^{-b t}) / (b - a)``,
    ``b = Gamma_pg/2 - i Delta``, hence (docs/ranp.md eq. D4)
    ``<|rho_pg|^2> = (Omega_0^2/4) |rho_eg(0)|^2 / |b - a|^2
    [m(2a) + m(2 Re b) - 2 Re m(a + b^*)]``, ``m(s) = (1 - e^{-sT})/(sT)``.
    Widths are full widths (eV); ``Delta = omega_0 - eps_pe`` (eV); T in eV^-1.
    """
    if width_pg <= 0 or width_eg < 0 or T <= 0:
        raise ValueError("need width_pg > 0, width_eg >= 0, T > 0")
    a = width_eg / 2
    b = complex(width_pg / 2, -detuning)
    if abs(b - a) < 1e-12 * abs(b):
        raise ValueError("degenerate widths (Gamma_pg = Gamma_eg at zero detuning): "
                         "use coherence_bloch")
    br = _window_mean(2 * a, T) + _window_mean(2 * b.real, T) \
        - 2 * _window_mean(a + b.conjugate(), T).real
    return float(omega0_rabi**2 / 4 * rho_eg0**2 / abs(b - a) ** 2 * br.real)


def coherence_adiabatic(omega0_rabi: float, detuning: float, width_pg: float,
                        rho_eg_sq: float) -> float:
    """``|rho_pg|^2 = (Omega_0^2/4) |rho_eg|^2 / (Delta^2 + Gamma_pg^2/4)`` (dimensionless).

    The weak-trigger coherence when ``rho_eg`` changes slowly against ``Gamma_pg``: the
    first Lorentzian of seed 000 eq. (4), with ``Omega_0^2/4 ~ d^2 omega_0 n_0`` in place of
    ``E_0^2`` and the p-g coherence width (not ``sqrt(gamma_p^2 + gamma_e^2 + dw0^2)``).
    """
    return omega0_rabi**2 / 4 * rho_eg_sq / (detuning**2 + width_pg**2 / 4)


class CoherenceResult:
    """The Bloch solution's ``<|rho_pg|^2>`` with what it rests on.

    Attributes
    ----------
    mean : float
        ``(1/T) int_0^T |rho_pg|^2 dt``.
    peak : float
        ``max_t |rho_pg|^2`` on a check grid of 2001 times.
    weak : float
        :func:`coherence_weak_trigger` at the same inputs (lowest order in the trigger).
    check : float
        Largest deviation of the eigen-expansion from ``scipy.linalg.expm`` at the check
        times (relative to ``max |rho|``).
    """

    def __init__(self, mean: float, peak: float, weak: float, check: float) -> None:
        self.mean, self.peak, self.weak, self.check = mean, peak, weak, check

    @property
    def saturation(self) -> float:
        """``mean / weak``: 1 where perturbation theory in the trigger holds."""
        return self.mean / self.weak if self.weak > 0 else math.nan


def _gep_liouvillian(omega0_rabi: float, detuning: float, gamma_pe: float, gamma_p: float,
                     gamma_e: float, dephase_p: float, dephase_e: float) -> np.ndarray:
    h = np.zeros((4, 4), dtype=complex)
    h[_P, _P] = -detuning
    h[_P, _E] = h[_E, _P] = omega0_rabi / 2
    ops: list[np.ndarray | tuple[str, int, float]] = []

    def jump(rate: float, frm: int, to: int) -> None:
        if rate > 0:
            c = np.zeros((4, 4))
            c[to, frm] = math.sqrt(rate)
            ops.append(c)

    jump(gamma_pe, _P, _E)
    jump(gamma_p - gamma_pe, _P, _G)  # the rest of p's decays, routed to g
    jump(gamma_e, _E, _G)
    for lvl, rate in ((_P, dephase_p), (_E, dephase_e)):
        if rate > 0:
            c = np.zeros((4, 4))
            c[lvl, lvl] = math.sqrt(2 * rate)
            ops.append(c)
    return liouvillian(h, ops)


def _expansion(omega0_rabi: float, detuning: float, gamma_pe: float, gamma_p: float,
               gamma_e: float, dephase_p: float, dephase_e: float, rho_ee0: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``rho_pg(t) = sum_k c_k e^{l_k t}``: returns (c, l, Liouvillian, x0)."""
    lv = _gep_liouvillian(omega0_rabi, detuning, gamma_pe, gamma_p, gamma_e, dephase_p,
                          dephase_e)
    psi = np.zeros(4)
    psi[_G], psi[_E] = math.sqrt(1 - rho_ee0), math.sqrt(rho_ee0)
    x0 = np.outer(psi, psi).astype(complex).ravel()
    scale = max(float(np.max(np.abs(lv))), 1e-300)
    lam, vec = np.linalg.eig(lv / scale)
    coef = np.linalg.solve(vec, x0)
    c = vec[_P * 4 + _G, :] * coef
    keep = np.abs(c) > 1e-300
    return c[keep], lam[keep] * scale, lv, x0


def coherence_bloch(omega0_rabi: float, detuning: float, gamma_pe: float, gamma_p: float,
                    gamma_e: float, dephase_p: float, dephase_e: float, rho_ee0: float,
                    T: float, inhom_fwhm: float = 0.0, n_inhom: int = 15) -> CoherenceResult:
    """``<|<rho_pg>|^2>`` over one cycle ``[0, T]`` from the g-e-p Lindblad equation.

    Levels g, e, p in the frame rotating with the lasers (RWA); the Raman excitation has
    prepared ``|psi> = sqrt(1 - rho_ee0)|g> + sqrt(rho_ee0)|e>`` at t = 0 (its phase
    ``e^{i p_eg.x}`` is the imprint, summed by the macro-coherent sum), then the trigger
    drives e-p: ``H = -Delta |p><p| + (Omega_0/2)(|p><e| + h.c.)``.  Decays (eV):
    ``sqrt(gamma_pe)|e><p|``, ``sqrt(gamma_p - gamma_pe)|g><p|`` (p's other decays, routed to
    g), ``sqrt(gamma_e)|g><e|``; pure dephasing ``sqrt(2 gamma_phi)|a><a|`` of p
    (``dephase_p``: the trigger's phase noise, half its FWHM, plus the homogeneous
    dephasing) and of e (``dephase_e``).  Coherence widths (FWHM):
    ``Gamma_pg = gamma_p + 2 dephase_p``, ``Gamma_eg = gamma_e + 2 dephase_e``.

    Inhomogeneous broadening (``inhom_fwhm`` > 0, a Gaussian of that FWHM in the e-p
    detuning, ``n_inhom`` Gauss-Hermite nodes): the macro-coherent sum adds the ions'
    amplitudes, so the result is ``|<rho_pg>_inh|^2`` (average first, then square).

    The Liouvillian (:func:`expdesign.physics.bloch.lindblad.liouvillian`, the RENP
    engine's, on a 4x4 embedding) is diagonalised; ``rho_pg(t) = sum_k c_k e^{l_k t}``
    integrates exactly: ``int_0^T |rho_pg|^2 = sum_kl c_k c_l^* (e^{(l_k + l_l^*)T} - 1) /
    (l_k + l_l^*)``.  The expansion is checked against ``scipy.linalg.expm`` steps at 21 of
    2001 times and rejected (:class:`~expdesign.physics.bloch.BlochCheckError`, which the
    Planner reports as 'not evaluable') if it deviates by more than
    ``max(1e-7, 1e3 eps_machine |L| T)`` (both routes lose ~``eps |L| T`` of phase) relative
    to the larger of its peak and the size of its terms ``sum_k |c_k|``.
    """
    from scipy.linalg import expm

    if not 0 <= rho_ee0 <= 1 or T <= 0 or gamma_p < gamma_pe or min(
            gamma_pe, gamma_e, dephase_p, dephase_e, inhom_fwhm) < 0:
        raise ValueError("need 0 <= rho_ee0 <= 1, T > 0, gamma_p >= gamma_pe >= 0, "
                         "gamma_e, dephasings, inhom_fwhm >= 0")
    if inhom_fwhm > 0:
        x, w = np.polynomial.hermite_e.hermegauss(n_inhom)  # weight exp(-x^2/2)
        sigma = inhom_fwhm / (2 * math.sqrt(2 * math.log(2)))
        nodes, weights = detuning + sigma * x, w / math.sqrt(2 * math.pi)
    else:
        nodes, weights = np.array([detuning]), np.array([1.0])
    cs, ls = [], []
    for d, wt in zip(nodes, weights, strict=True):
        c1, l1, lv, x0 = _expansion(omega0_rabi, float(d), gamma_pe, gamma_p, gamma_e,
                                    dephase_p, dephase_e, rho_ee0)
        cs.append(wt * c1)
        ls.append(l1)
    c, lam_k = np.concatenate(cs), np.concatenate(ls)
    s = lam_k[:, None] + lam_k[None, :].conj()
    sT = s * T
    small = np.abs(sT) < 1e-8
    f = np.where(small, T * (1 + sT / 2), np.expm1(np.where(small, 0, sT))
                 / np.where(small, 1, s))
    total = float(np.real(np.sum(c[:, None] * c[None, :].conj() * f)))
    # check the expansion of the last node against the matrix exponential; peak
    times = np.linspace(0.0, T, 2001)
    expansion = np.exp(np.outer(times, ls[-1])) @ (cs[-1] / weights[-1])
    step = expm(lv * (times[1] - times[0]))
    xx = x0.copy()
    worst = 0.0
    for k in range(len(times)):
        if k % 100 == 0:
            worst = max(worst, abs(xx[_P * 4 + _G] - expansion[k]))
        xx = step @ xx
    # the scale of the expansion is that of its terms, sum |c_k| (>= |rho_pg(t)| for every
    # t): when the terms cancel to roundoff (a coherence dephased within the first step),
    # a relative check against the tiny peak would compare roundoff with roundoff
    ref = max(float(np.max(np.abs(expansion))), float(np.sum(np.abs(cs[-1] / weights[-1]))),
              1e-300)
    # both routes lose ~eps |L| T of phase over the cycle (a detuned trigger: |L| T ~ 1e10)
    tol = max(1e-7, 1e3 * np.finfo(float).eps * float(np.max(np.abs(lv))) * T)
    if worst / ref > tol:
        raise BlochCheckError(f"Bloch eigen-expansion failed its check ({worst / ref:.2e} > "
                         f"{tol:.1e})")
    peak = float(np.max(np.abs(np.exp(np.outer(times, lam_k)) @ c) ** 2))
    wp, we = gamma_p + 2 * dephase_p, gamma_e + 2 * dephase_e
    weak = math.nan
    if inhom_fwhm == 0 and (abs(wp - we) > 1e-12 * wp or detuning != 0):
        weak = coherence_weak_trigger(omega0_rabi, detuning, wp, we,
                                      math.sqrt(rho_ee0 * (1 - rho_ee0)), T)
    return CoherenceResult(max(total / T, 0.0), peak, weak, worst / ref)


def coherence_class_average(omega0_rabi: float, detuning: float, gamma_pe: float,
                            gamma_p: float, gamma_e: float, dephase_p: float,
                            dephase_e: float, rho_ee0: float, T: float, inhom_fwhm: float,
                            shape: str = "gaussian", n_times: int = 1001,
                            rtol: float = 1e-4, max_panels: int = 400
                            ) -> tuple[float, float, bool]:
    """``(1/T) int_0^T |<rho_pg>_inh|^2 dt`` with the accurate class average.

    The same Lindblad problem as :func:`coherence_bloch` (levels g, e, p, trigger on e-p,
    ``|psi> = sqrt(1 - rho_ee0)|g> + sqrt(rho_ee0)|e>`` at t = 0), embedded in the RENP
    engine's four levels (RANP g, e, p -> engine g, q, e; the trigger is the engine's q-e
    laser, ``rho_pg`` its ``rho_eg``), averaged over the e-p detuning classes (``shape``,
    angular FWHM ``inhom_fwhm``, eV) by
    :func:`~expdesign.physics.bloch.inhomogeneous.class_average` (adaptive Gauss-Kronrod
    with Filon weights for the winding of off-resonant classes; docs/coherence.md).  Why
    the amplitude is averaged (docs/ranp.md): every ion's ``rho_pg`` oscillates at the
    lasers' frequencies in the rotating frame, so the classes' amplitudes interfere in the
    macro-coherent sum, as in RENP.

    The time mean is the trapezoid rule on ``n_times`` uniform times plus a geometric
    grid over the first step (the class average's transient lasts ``~1/inhom_fwhm``).

    Returns
    -------
    (mean, error, converged)
        the cycle mean (dimensionless), its error estimate (the class average's, ``2 |rho|
        delta``, plus the difference from the trapezoid rule on every other time), and
        whether the class average met ``rtol``.
    """
    from dataclasses import replace as _replace

    from expdesign.physics.bloch.inhomogeneous import class_average
    from expdesign.physics.bloch.parameters import FourLevelParams

    if not inhom_fwhm > 0 or T <= 0 or gamma_p < gamma_pe:
        raise ValueError("need inhom_fwhm > 0, T > 0, gamma_p >= gamma_pe")
    dec = np.zeros((4, 4))
    dec[3, 2], dec[3, 0], dec[2, 0] = gamma_pe, gamma_p - gamma_pe, gamma_e
    par = FourLevelParams(decay=dec, leak_to=None, omega_2=omega0_rabi, delta_2=detuning,
                          dephasing=np.array([0.0, 0.0, dephase_e, dephase_p]),
                          inhom_axis=(0.0, 1.0, 0.0))
    par = _replace(par, inhom_sigma=0.0)
    psi = np.array([math.sqrt(1 - rho_ee0), 0.0, math.sqrt(rho_ee0), 0.0])
    step = T / (n_times - 1)
    first = min(step, 1.0 / inhom_fwhm)
    head = np.geomspace(1e-3 * first, step, 41)[:-1] if first < step else np.array([])
    times = np.unique(np.concatenate([[0.0], head, np.linspace(0.0, T, n_times)]))
    r = class_average(par, times, shape, inhom_fwhm, rho0=np.outer(psi, psi),  # type: ignore[arg-type]
                      elements=((3, 0),), rtol=rtol, max_panels=max_panels)
    amp2 = np.abs(r.elements[(3, 0)]) ** 2
    mean = float(np.trapezoid(amp2, times)) / T
    coarse = np.concatenate([times[: head.size + 1], times[head.size + 1::2]])
    if coarse[-1] != times[-1]:
        coarse = np.append(coarse, times[-1])
    idx = np.searchsorted(times, coarse)
    mean2 = float(np.trapezoid(amp2[idx], coarse)) / T
    err = 2.0 * float(np.max(np.abs(r.elements[(3, 0)]))) * r.element_errors[(3, 0)] \
        + abs(mean - mean2)
    return max(mean, 0.0), err, r.converged


_L_LETTERS = "SPDFGHIKLMNOQRTUV"


def term_L_S(term: str) -> tuple[float, float]:
    """``(L, S)`` of a Russell-Saunders term symbol such as ``'5I7'`` or ``'4I15/2'``.

    ``2S+1`` is the leading integer, L the letter (S P D F G H I K ..., J skipped by
    convention).  Raises ValueError for anything else.
    """
    t = term.strip()
    k = 0
    while k < len(t) and t[k].isdigit():
        k += 1
    if k == 0 or k >= len(t) or t[k].upper() not in _L_LETTERS:
        raise ValueError(f"not a term symbol: {term!r}")
    return float(_L_LETTERS.index(t[k].upper())), (int(t[:k]) - 1) / 2
