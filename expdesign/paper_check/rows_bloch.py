"""Paper-check rows: seed 001 Appendix (four-level Bloch equation, eqs. 69-81, Figs. 11-12)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from expdesign.paper_check.core import Row
from expdesign.physics import bloch
from expdesign.units import HBAR_EV_S, Q_, to_natural

PAPER_FIELD_EV2 = 1.26e-3  # seed 001 Appendix: "10 mW cm^-2 = 1.26e-3 eV^2"
NU_PAPER_KHZ = {"pg": 174.0, "qg": 37.4, "eq": 20.9}  # seed 001 eq. (81)
OMEGA_OVER_GAMMA_PAPER = {"pg": 4.0e4, "qg": 5.1e4, "eq": 4.0e4}
# transition -> (Table 1 key, upper, lower)
TRANS = {"pg": ("p", "g"), "qg": ("q", "g"), "eq": ("e", "q")}


def _khz(omega_ev: float) -> float:
    return omega_ev / HBAR_EV_S / (2 * math.pi) / 1e3


def rabi_khz(key: str, intensity_eV4: float, **kw) -> float:
    """Cyclic Rabi frequency (kHz) of one Er transition from Table 1 at an intensity."""
    tab = bloch.er_ylf_table1()
    en = dict(zip(bloch.LEVELS, tab["energies"], strict=True))
    a, b = TRANS[key]
    md = tab["a_md"].get((a, b), 0.0) * HBAR_EV_S
    ed = tab["a_ed"].get((a, b), 0.0) * HBAR_EV_S
    return _khz(float(bloch.rabi_frequency(intensity_eV4, md, ed, en[a] - en[b], **kw)))


def gamma_per_s(key: str) -> float:
    tab = bloch.er_ylf_table1()
    pair = TRANS[key]
    return tab["a_md"].get(pair, 0.0) + tab["a_ed"].get(pair, 0.0)


def ladder_steady_eg(decay: np.ndarray, omega: float, t_end: float) -> float:
    """|rho_eg| of the resonant g-q-e ladder (equal Rabi frequencies) at late time."""
    p = bloch.FourLevelParams(decay=decay, omega_1=omega, omega_2=omega)
    return float(abs(bloch.solve(p, np.array([0.0, t_end])).rho_eg[-1]))


def v_steady_ep(decay: np.ndarray, omega: float, t_end: float) -> float:
    """rho_qp of the resonant V scheme g-q, g-p (q plays seed 001's |e>) at late time."""
    p = bloch.FourLevelParams(decay=decay, omega_1=omega, omega_t=omega)
    r = bloch.solve(p, np.array([0.0, t_end]))
    return float(r.element("q", "p")[-1].real)


def fig11_peaks() -> tuple[float, float]:
    """Peak rho_ee^3 |rho_ep|^2 over 0..2.5 tau_e for seed 001 Figs. 11-12 parameters:
    (a) stated intensities, Table 1 dipoles (expdesign default convention), (b) printed
    eq. (81) Rabi frequencies scaled by sqrt(I / 10 mW cm^-2)."""
    i10 = to_natural(Q_("10 mW/cm^2"), 4)
    frac = {"qg": 0.3, "eq": 0.9, "pg": 1e-4}
    base = bloch.er_ylf_params(frac["qg"] * i10, frac["eq"] * i10, frac["pg"] * i10, 0.0)
    tau = base.lifetime("e")
    a = replace(base, t_delay=0.2 * tau)

    def om(k: str) -> float:
        return 2 * math.pi * NU_PAPER_KHZ[k] * 1e3 * math.sqrt(frac[k]) * HBAR_EV_S

    b = replace(a, omega_1=om("qg"), omega_2=om("eq"), omega_t=om("pg"))
    t = np.linspace(0.0, 2.5 * tau, 2501)
    pk, _ = bloch.solve_batch([a, b], t).peak("magnetization_factor")
    return float(pk[0]), float(pk[1])


def rows() -> list[Row]:
    i10 = to_natural(Q_("10 mW/cm^2"), 4)
    i_paper = PAPER_FIELD_EV2**2  # the intensity the paper's field corresponds to
    out: list[Row] = []
    for key in ("pg", "qg", "eq"):
        ours = rabi_khz(key, i10)  # default: peak field sqrt(2I), incoherent MD+ED
        paper_conv = rabi_khz(key, i_paper, field="rms")
        why = ("paper: Omega = sqrt(d^2+mu^2) E with E = 1.26e-3 eV^2 (10x the field of 10 "
               "mW/cm^2, 1.265e-4 eV^2) taken as the amplitude in Omega = d E (rms, no "
               "sqrt 2): ours/paper = sqrt 2 / 9.96 = 0.142")
        if key == "qg":
            why += ("; besides, the printed 37.4 kHz is 12 % above what the paper's own "
                    "inputs give (33.4 kHz) and what its Omega/gamma = 5.1e4 implies")
        if key == "eq":
            why += ("; besides, the printed 20.9 kHz is sqrt(10) below what the paper's own "
                    "inputs give (66.0 kHz) and what its Omega/gamma = 4.0e4 implies")
        out.append(Row(f"nu_{key} at 10 mW/cm^2 (Table 1 A-coeff., peak field, incoherent)",
                       "seed 001 eq. (81)", NU_PAPER_KHZ[key], ours, "kHz", why,
                       paper_arith=paper_conv, cause="slip+model",
                       location="Appendix, eq. (81): '10mWcm^-2 = 1.26e-3 eV^2'"))
        ratio = 2 * math.pi * ours * 1e3 / gamma_per_s(key)
        ratio_paper = 2 * math.pi * paper_conv * 1e3 / gamma_per_s(key)
        out.append(Row(f"Omega_{key}/gamma_{key} at 10 mW/cm^2 (gamma = MD+ED A-coefficient)",
                       "seed 001 after eq. (81)", OMEGA_OVER_GAMMA_PAPER[key], ratio, "",
                       "same 10x field slip and sqrt 2: the paper's ratios follow from its "
                       "field with Omega = sqrt(d^2+mu^2) E (33.4 and 66.0 kHz, not the printed "
                       "37.4 and 20.9 kHz); peak vs rms field (sqrt 2) is a model convention",
                       paper_arith=ratio_paper, cause="slip+model",
                       location="'these Omega/gamma are (4.0, 5.1, 4.0) x 10^4'"))
    p = bloch.er_ylf_params(i10, i10, i10, 0.0)
    out.append(Row("lifetime of |e> = 2H11/2 (Table 1 total incl. 4I9/2)",
                   "seed 001 Appendix after eq. (80)", 1.7, p.lifetime("e") * HBAR_EV_S * 1e3,
                   "ms", "1/(591.68 s^-1) = 1.690 ms"))
    # eq. (69): ladder steady state at equal Rabi frequencies
    dec = np.zeros((4, 4))
    dec[bloch.Q, bloch.G] = 1.0
    out.append(Row("|rho_eg| steady state, ladder, Omega_qg = Omega_eq, |e> not decaying",
                   "seed 001 eq. (69)", 0.5, ladder_steady_eg(dec, 50.0, 400.0), "",
                   "eq. (69) is the dark state; it is the steady state when |e> is stable"))
    tab = bloch.er_ylf_table1()
    dec_er = np.zeros((4, 4))
    dec_er[bloch.E, bloch.G] = tab["a_ed"][("e", "g")]
    dec_er[bloch.E, bloch.Q] = tab["a_md"][("e", "q")] + tab["a_ed"][("e", "q")]
    dec_er[bloch.Q, bloch.G] = tab["a_ed"][("q", "g")]
    out.append(Row("|rho_eg| steady state, ladder g-q-e with Er rates (s^-1), Omega = 1e4 s^-1",
                   "seed 001 eq. (69)", 0.5, ladder_steady_eg(dec_er, 1e4, 5.0), "",
                   "Er |e> decays 67x faster than |q> (528 vs 4.13 s^-1 within the ladder): "
                   "the dark state is destroyed faster than optical pumping refills it, so "
                   "eq. (69) does not describe the Er steady state (a model difference: the "
                   "paper's O(gamma) correction is not small here)", cause="model"))
    # eq. (70): V scheme at equal Rabi frequencies
    dec_v = np.zeros((4, 4))
    dec_v[bloch.Q, bloch.G] = 1.0
    dec_v[bloch.P, bloch.G] = 0.4
    out.append(Row("rho_ep steady state, V scheme, Omega_eg = Omega_pg >> gamma, decays to g only",
                   "seed 001 eq. (70)", 0.25, v_steady_ep(dec_v, 2000.0, 60.0), "",
                   "holds up to O(gamma/Omega) when both upper levels decay only to g"))
    dec_v2 = np.zeros((4, 4))
    dec_v2[bloch.Q, bloch.G] = tab["a_ed"][("e", "g")]
    dec_v2[bloch.Q, bloch.P] = tab["a_md"][("e", "p")] + tab["a_ed"][("e", "p")]
    dec_v2[bloch.P, bloch.G] = tab["a_md"][("p", "g")] + tab["a_ed"][("p", "g")]
    out.append(Row("rho_ep steady state, V scheme with Er rates (s^-1) incl. e -> p, Omega = 5e5",
                   "seed 001 eq. (70)", 0.25, v_steady_ep(dec_v2, 5e5, 2.0), "",
                   "the cascade e -> p (57 s^-1) populates the dark superposition of e and p, "
                   "which eq. (70) leaves out (a model difference)", cause="model"))
    pa, pb = fig11_peaks()
    out.append(Row("peak rho_ee^3|rho_ep|^2, Fig. 11, stated intensities (correct conversion)",
                   "seed 001 Fig. 11 and Appendix text", 1e-2, pa, "",
                   "the stated intensities give Rabi frequencies 7-8x (g-q) and 2x (q-e) "
                   "smaller than eq. (81) and a 100x smaller peak; the paper's value is read "
                   "off the figure/text ('10^-2 ~ 10^-3'); the difference is the 10x field slip "
                   "of the Appendix (next row)", cause="slip"))
    out.append(Row("peak rho_ee^3|rho_ep|^2, Fig. 11, printed eq. (81) Rabi frequencies",
                   "seed 001 Fig. 11 and Appendix text", 1e-2, pb, "",
                   "order 10^-2 (4x the quoted ~1e-2) and the ringing after the trigger are "
                   "reproduced with the printed Rabi frequencies, 90x above reading (a): "
                   "Figs. 11-12 were computed with them, i.e. with the 10x field; the paper "
                   "value is only an order read off the figure/text; the remaining 4x lies in the "
                   "four-level model (the paper's matrix blocks, eqs. 74-79, are not in the text)",
                   cause="model"))
    return out
