"""The trigger convention of h_r (docs/planner.md, "The trigger field in h_r").

h_r = V_pg / gamma with V_pg the stimulated-emission matrix element of a field E_0 cos(w t),
I = E_0^2 / 2 (Heaviside-Lorentz), in the rotating-wave approximation: V = d E_0 / 2.
Three checks independent of the kernel's own arithmetic:

* the stimulated-emission rate 4 h_r^2 gamma equals sigma I / w with the Einstein-coefficient
  cross section of a Lorentzian line (Hilborn, Am. J. Phys. 50, 982 (1982));
* the orientation average of |d.E + mu.B|^2 over the 24 rotations of the cube group (exact
  for quadratic forms) is (d^2 + mu^2) E^2 / 3: no E1-M1 cross term, the 1/3;
* the Bloch engine (its Rabi frequency from the intensity, its Liouvillian): a coherence
  rho_ep, driven down to g by a weak resonant trigger on the p-g line of FWHM gamma, leaves
  rho_eg = -i 2 h_r rho_ep(0), seed 001's "amplitude x 2 h_r" (eq. 7 and the text after it).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.linalg import expm

from expdesign.physics import atomic as at
from expdesign.physics import bloch
from expdesign.physics.bloch import lindblad
from expdesign.physics.constants import HBAR_EV_S as HBAR

EPS = 0.805                          # eV, Er 4I13/2 -> 4I15/2 (seed 001 Table 1)
A_MD, A_ED = 24.82 * HBAR, 2.46 * HBAR  # eV
I10 = 1.5997e-8                      # 10 mW/cm^2 in eV^4


@pytest.mark.parametrize(("md", "ed"), [(A_MD, 0.0), (0.0, A_ED), (A_MD, A_ED)])
def test_stimulated_rate_is_einstein_cross_section(md: float, ed: float) -> None:
    # Hilborn: sigma(nu) = lambda^2 A g(nu) / (8 pi) (emission, summed over final and
    # averaged over initial sublevels); Lorentzian FWHM gamma (angular) has g(nu0) = 4/gamma
    # in 1/Hz-angular units -> sigma0 = lambda^2 A / (2 pi gamma); rate = sigma0 I / w.
    gamma = 2 * math.pi * 1e7 * HBAR
    lam = 2 * math.pi / EPS
    rate = lam**2 * (md + ed) / (2 * math.pi * gamma) * I10 / EPS
    h = at.trigger_factor_hr(EPS, md, ed, I10, gamma)
    # golden rule on the Lorentzian: |V|^2 gamma / (Delta^2 + gamma^2/4) at Delta = 0
    assert 4 * h**2 * gamma == pytest.approx(rate, rel=1e-12)
    # seed 001 eq. (8) as printed is larger by 2 (rms field) x the coherent sum
    paper = at.trigger_factor_hr(EPS, md, ed, I10, gamma, field="rms", combine="coherent")
    coh = (math.sqrt(md) + math.sqrt(ed)) ** 2 / (md + ed)
    assert (paper / h) ** 2 == pytest.approx(2 * coh, rel=1e-12)


def _cube_rotations() -> list[np.ndarray]:
    """The 24 proper rotations of the cube (signed permutation matrices, det +1)."""
    out = []
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1, -1), repeat=3):
            r = np.zeros((3, 3))
            for i, j in enumerate(perm):
                r[i, j] = signs[i]
            if np.linalg.det(r) > 0:
                out.append(r)
    return out


def test_orientation_average_no_e1_m1_cross_term() -> None:
    # random complex ion-frame moments (E1 d, M1 mu: any relative phase), linear
    # polarisation E = E0 x, B = E0 y (k along z), RWA coupling (d.E + mu.B)/2
    rng = np.random.default_rng(7)
    d = rng.normal(size=3) + 1j * rng.normal(size=3)
    mu = rng.normal(size=3) + 1j * rng.normal(size=3)
    e0 = math.sqrt(2 * I10)
    ex, by = np.array([e0, 0, 0]), np.array([0, e0, 0])
    rots = _cube_rotations()
    assert len(rots) == 24
    v2 = np.mean([abs((r @ d) @ ex + (r @ mu) @ by) ** 2 / 4 for r in rots])
    d2, mu2 = np.vdot(d, d).real, np.vdot(mu, mu).real
    assert v2 == pytest.approx((d2 + mu2) / 3 * I10 / 2, rel=1e-12)
    # the kernel: A = |moment|^2 eps^3 / (3 pi) (seed 000 after eq. 6)
    gamma = 1e-9
    h = at.trigger_factor_hr(EPS, mu2 * EPS**3 / (3 * math.pi), d2 * EPS**3 / (3 * math.pi),
                             I10, gamma)
    assert h == pytest.approx(math.sqrt(v2) / gamma, rel=1e-12)


def test_bloch_engine_weak_trigger_amplitude_is_2hr() -> None:
    # p decays to g radiatively (Table 1) and, by a loss channel, to a total FWHM gamma;
    # e and g are stable. Start in (|e> + |p>)/sqrt2: rho_ep(0) = 1/2, rho_eg(0) = 0.
    gamma = 2 * math.pi * 1e7 * HBAR
    a_pg = A_MD + A_ED
    par = bloch.FourLevelParams.from_rates(
        (0.0, EPS, 1.286, 2.3946), {("p", "g"): A_MD}, {("p", "g"): A_ED},
        (0.0, 0.0, I10), 0.0, a_out_eV={"p": gamma - a_pg}, projection=1.0 / 3.0,
        leak_to=None)
    h0, ht = lindblad.hamiltonians(par)
    liou = lindblad.liouvillian(h0 + ht, lindblad.collapse_ops(par))
    g, p, e = (bloch.LEVEL_INDEX[k] for k in "gpe")
    psi = np.zeros(4, dtype=complex)
    psi[[e, p]] = 1 / math.sqrt(2)
    t = 30.0 / gamma  # the transient exp(-gamma t / 2) is gone (3e-7)
    rho = (expm(liou * t) @ np.outer(psi, psi.conj()).reshape(-1)).reshape(4, 4)
    h = at.trigger_factor_hr(EPS, A_MD, A_ED, I10, gamma)
    assert h < 1e-3  # weak trigger
    # c_p' = -(gamma/2) c_p - i (Omega/2) c_g, c_g' = -i (Omega/2) c_p with Omega = 2 h_r gamma:
    # c_g(t) -> -i (Omega/2) c_p(0) e^{l1 t} / (l1 - l2), l1,2 = -(gamma/4)(1 -+ s),
    # s = sqrt(1 - 16 h_r^2): the stimulated amplitude 2 h_r c_p(0) up to O(h_r^2), slowly
    # re-absorbed from g at -l1 = 2 h_r^2 gamma (+ O(h_r^4))
    s = math.sqrt(1 - 16 * h**2)
    expected = 2 * h / s * math.exp(-0.25 * gamma * (1 - s) * t)
    assert abs(rho[e, g]) / 0.5 == pytest.approx(expected, rel=1e-6)
    assert expected == pytest.approx(2 * h, rel=1e-4)
    assert par.omega_t == pytest.approx(2 * h * gamma, rel=1e-12)  # Omega = 2 V
