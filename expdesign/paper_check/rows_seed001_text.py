"""Paper-check rows: intermediate numbers printed in seed 001's text, tables and captions
that the topic modules did not cover: unit conversions of Sec. III, angles in degrees and
radians, energy differences, the Stark mixing amplitude, the 3j symbol the printed
|S_ep|^2 implies, the eq. (40) sum rule, Hund's-rule terms and Stark-level counts, the
scaling exponents of eqs. (24) and (64), Fig. 6-8 geometry and the helicity sums of
Table 3."""

from __future__ import annotations

import math

import numpy as np

from expdesign.paper_check.core import Row
from expdesign.paper_check.rows_seed000_text import s4_stark_levels
from expdesign.paper_check.rows_seed001_rates import values as rate_values
from expdesign.physics import atomic as at
from expdesign.physics import pair_emission as pe
from expdesign.physics import phasespace as ps
from expdesign.physics.assembly import eq24_prefactor_C
from expdesign.physics.constants import G_F_EV2
from expdesign.units import HBAR_EV_S, HBARC_EV_CM, Q_, rate_to_eV

S001 = "seed 001"
#: seed 001 eqs. (25)-(27): level energies (eV) of g, p, q, e
E_P, E_Q, E_E = 0.805, 1.286, 2.3946
#: seed 001 Table 1 transition energies (eV) printed beside the level energies
T1_EP, T1_EQ, T1_QP = 1.5894, 1.1091, 0.481


def hund_ground_term(n_electrons: int, l_shell: int = 3) -> tuple[float, int, float]:
    """(S, L, J) of the ground term of an l^n configuration by Hund's rules.

    Parameters
    ----------
    n_electrons
        Number of electrons in the open shell (0 .. 2(2l+1)).
    l_shell
        Orbital angular momentum of the shell (3 for 4f).

    Returns
    -------
    tuple
        Total spin S, total orbital L, total J (J = |L - S| below half filling, L + S at
        or above it).

    Notes
    -----
    Source: Hund's rules, e.g. B. H. Bransden & C. J. Joachain, *Physics of Atoms and
    Molecules*, 2nd ed. (2003) Sec. 8.4. Electrons fill m_l = l, l-1, ..., -l with spin up
    first, then again with spin down.
    """
    slots = 2 * l_shell + 1
    if not 0 <= n_electrons <= 2 * slots:
        raise ValueError(f"an l = {l_shell} shell holds 0..{2 * slots} electrons")
    ml = list(range(l_shell, -l_shell - 1, -1))
    up = min(n_electrons, slots)
    down = n_electrons - up
    s = 0.5 * (up - down)
    big_l = abs(sum(ml[:up]) + sum(ml[:down]))
    j = big_l + s if n_electrons >= slots else abs(big_l - s)
    return s, big_l, j


def lanthanide_4f_count(z: int, charge: int = 3) -> int:
    """Number of 4f electrons of a lanthanide ion: Z - 54 (Xe core) - 2 (6s) - (charge - 2),
    i.e. Z - 54 - charge for a trivalent ion whose 5d shell is empty (La3+ = 4f^0)."""
    return z - 54 - charge


def table3_sum_at_rest(majorana: bool) -> float:
    """Sum over the four helicity rows of seed 001 Table 3's C1-bar at p1 = p2 -> 0, from the
    table's own entries (1/4)(1 +- (p1 +- p2)/m - delta_M/4)(1 -+ cos theta12)."""
    dm = 1.0 if majorana else 0.0
    p1 = p2 = 0.0
    m = 1.0
    c = 0.3  # any opening angle: the cos terms cancel in the sum
    entries = [(1 + (p1 + p2) / m - dm / 4) * (1 - c), (1 + (p1 - p2) / m - dm / 4) * (1 + c),
               (1 - (p1 + p2) / m - dm / 4) * (1 - c), (1 - (p1 - p2) / m - dm / 4) * (1 + c)]
    return 0.25 * sum(entries)


def spinor_sum_at_rest(majorana: bool, m: float = 0.05) -> float:
    """Helicity-summed T^zz/8 over |b|^2 E1 E2 for an equal-mass pair nearly at rest (real b),
    from explicit spinors: eq. (48)'s 1 - p1.p2/(E1E2) - (Majorana term) at p -> 0."""
    p1, p2 = np.array([1e-7, 0.0, 0.0]), np.array([0.0, 1e-7, 0.0])
    b = 0.4
    t = pe.pair_tensor_spinor(p1, p2, m, m, b, majorana)[2, 2].real
    e1, e2 = math.hypot(1e-7, m), math.hypot(1e-7, m)
    return float(t / 8 / (b * b * e1 * e2))


def eq40_sum(j: float) -> float:
    """sum_{m' q} (j+1 1 j; -m' q m)^2 for one m (the eq. 40 sum rule; = 1/(2j+1))."""
    m = j  # any m; the sum does not depend on it
    tot = 0.0
    for q in (-1, 0, 1):
        tot += float(at.wigner_3j_squared(j + 1, 1, j, -(m + q), q, m))
    return tot


def scaling_exponent(f, x0: float) -> float:
    """d log f / d log x at x0 by a symmetric difference of +-1 %."""
    return math.log(f(x0 * 1.01) / f(x0 / 1.01)) / (2 * math.log(1.01))


def rows() -> list[Row]:
    kin = ps.er_ylf_kinematics()
    ths, the = kin.phase_matching_theta_s(), kin.theta_e_rad
    t100 = HBAR_EV_S / 100e-6
    l100 = HBARC_EV_CM / 100e-6
    rv = rate_values()
    s_comp = math.sqrt(0.1547 * 0.2559)
    implied_3j2 = 0.0157 / (0.199 * 3.47) ** 2
    d2 = 3 * math.pi * rate_to_eV(Q_("518.02 /s")) / E_E**3  # e -> g ED dipole^2, eV^-2
    i10 = 1.0

    def c_of(h: float = 1.0, n: float = 1.0, r: float = 1.0, length: float = 1.0) -> float:
        return eq24_prefactor_C(h, n, math.pi * r**2 * length)

    out = [
        Row("hbar/(100 ueV): time for a 100 ueV energy resolution", f"{S001} Sec. III",
            6.6e-12, t100, "s", "", rtol=0.01),
        Row("hbar/(1 ueV)", f"{S001} Sec. III", 6.6e-10, t100 * 100, "s", "", rtol=0.01),
        Row("hbar c/(100 ueV): length for a 100 ueV momentum resolution", f"{S001} Sec. III",
            2.0, l100, "cm", "hbar c / 100 ueV = 0.197 cm: the printed 2 cm is 10x too large "
            "(2 pi hbar c would give 1.24 cm); a slip", rtol=0.25, paper_arith=l100,
            cause="slip",
            location="'2 ~ 200 cm in length'"),
        Row("hbar c/(1 ueV)", f"{S001} Sec. III", 200.0, l100 * 100, "cm",
            "19.7 cm; the printed 200 cm is 10x too large: a slip", rtol=0.25,
            paper_arith=l100 * 100, cause="slip"),
        Row("theta_s of eq. (23) in degrees", f"{S001} after eq. (23) ('59 deg')", 59.0,
            math.degrees(ths), "deg", "arccos(0.5182) = 58.8 deg", rtol=0.01),
        Row("theta_s of eq. (23) in radians", f"{S001} after eq. (28) ('+-1.026')", 1.026, ths,
            "rad", "", rtol=0.001),
        Row("theta_e of eq. (23) in degrees", f"{S001} after eq. (23) ('142 deg')", 142.0,
            math.degrees(the), "deg", "", rtol=0.005),
        Row("theta_e of eq. (29) in radians", f"{S001} after eq. (29) ('+-2.47')", 2.47, the,
            "rad", "", rtol=0.002),
        Row("omega_2 = eps_e - eps_q (eqs. 25-27, Fig. 2)", f"{S001} eq. (27)", 1.1086,
            E_E - E_Q, "eV", "Fig. 2 prints 1.109", rtol=1e-4),
        Row("eps_ep = eps_e - eps_p against Table 1's 2H11/2 -> 4I13/2", f"{S001} Table 1",
            T1_EP, E_E - E_P, "eV",
            "Table 1 (ref. [18], Cs2NaYF6) prints 1.5894; the paper's own level energies give "
            "1.5896 (an input difference of 0.2 meV; the paper uses 1.5894 in eqs. 42-43)",
            rtol=5e-5, cause="input"),
        Row("eps_eq = eps_e - eps_q against Table 1's 2H11/2 -> 4I11/2", f"{S001} Table 1",
            T1_EQ, E_E - E_Q, "eV", "Table 1 prints 1.1091, the level energies give 1.1086 "
            "(0.5 meV; eq. 27 uses 1.1086): an input difference", rtol=5e-5, cause="input"),
        Row("eps_qp = eps_q - eps_p against Table 1's 4I11/2 -> 4I13/2", f"{S001} Table 1",
            T1_QP, E_Q - E_P, "eV", "", rtol=1e-3),
        Row("Stark amplitude product sqrt(0.1547 x 0.2559)", f"{S001} after eq. (36)", 0.199,
            s_comp, "", "eqs. (34)-(35) probabilities of M_J = 1/2 (e) and 3/2 (p)",
            rtol=0.003),
        Row("3j^2 implied by |S_ep|^2 = 0.0157 with 0.199 and <||S||> = 3.47",
            f"{S001} after eq. (44)", implied_3j2,
            float(at.wigner_3j_squared(6.5, 1, 5.5, -1.5, 1, 0.5)), "",
            "the printed symbol (13/2 1 11/2; -3/2 1 1/2)^2 = 1/39 = 0.0256; the printed "
            "numbers imply 0.0329 = 3/91, the M_J = 3/2 -> 5/2 symbol: a slip", cause="slip",
            paper_arith=float(at.wigner_3j_squared(6.5, 1, 5.5, -1.5, 1, 0.5)),
            location="0.0157 / (0.199 x 3.47)^2"),
        Row("eq. (40) sum rule sum_{m'q} |(13/2 1 11/2; -m' q m)|^2", f"{S001} eq. (40)",
            1 / 12, eq40_sum(5.5), "", "1/(2j+1) with j = 11/2 (eq. 42's factor 12); "
            "summed from our 3j symbols", rtol=1e-9),
        Row("4f electrons of Er3+ (Z = 68)", f"{S001} Sec. IV ('odd (11)')", 11,
            lanthanide_4f_count(68), "", "", rtol=0.0),
        Row("4f electrons of Ho3+ (Z = 67)", f"{S001} Sec. IV ('even (10)')", 10,
            lanthanide_4f_count(67), "", "", rtol=0.0),
        Row("Er3+ ground term: S", f"{S001} Sec. IV", 1.5, hund_ground_term(11)[0], "",
            "Hund's rules for 4f^11", rtol=0.0),
        Row("Er3+ ground term: L", f"{S001} Sec. IV", 6, hund_ground_term(11)[1], "", "",
            rtol=0.0),
        Row("Er3+ ground term: J", f"{S001} Sec. IV", 7.5, hund_ground_term(11)[2], "",
            "4I15/2: J = L + S above half filling", rtol=0.0),
        Row("Stark levels (Kramers doublets) of 4I15/2 = J + 1/2", f"{S001} Sec. IV", 8,
            s4_stark_levels(7.5), "", "half-integer J: (2J+1)/2 doublets", rtol=0.0),
        Row("Zeeman splitting of a Kramers doublet per tesla, g = 1 (mu_B B)",
            f"{S001} Sec. IV ('60 ueV B/Tesla')", 60.0,
            float(Q_(1, "bohr_magneton * tesla").to("microeV").magnitude), "ueV",
            "mu_B = 57.9 ueV/T; the printed 60 has one significant digit (g ~ 1 assumed)",
            rtol=0.083),
        Row("eq. (24) exponent of R", f"{S001} eq. (24)", 4,
            scaling_exponent(lambda x: c_of(r=x), 1.0), "", "C ~ V^2 ~ R^4", rtol=1e-6),
        Row("eq. (24) exponent of L", f"{S001} eq. (24)", 2,
            scaling_exponent(lambda x: c_of(length=x), 1.0), "", "", rtol=1e-6),
        Row("eq. (24) exponent of n", f"{S001} eq. (24)", 2,
            scaling_exponent(lambda x: c_of(n=x), 1.0), "", "", rtol=1e-6),
        Row("eq. (24) exponent of I_t (through h_r ~ sqrt I_t, eq. 8)", f"{S001} eq. (24)", 1,
            scaling_exponent(lambda x: c_of(h=math.sqrt(x)), i10), "", "", rtol=1e-6),
        Row("eq. (24) exponent of gamma_ep (through h_r ~ 1/gamma_ep, eq. 8)",
            f"{S001} eq. (24)", -1, scaling_exponent(lambda x: c_of(h=1 / x), 1.0), "",
            "C = 2 h_r^2 ... with h_r ~ 1/gamma_ep scales as gamma_ep^-2; eq. (24) and the "
            "text after it (2.0e11 -> 1.9e5) use (57.3 s^-1/gamma_ep)^1, although the text "
            "after eq. (9) states the square: a slip", rtol=1e-6, cause="slip"),
        Row("exponent of gamma_ep the text after eq. (9) inserts ('(57.3 sec^-1/gamma_ep)^2')",
            f"{S001} after eq. (9)", -2, scaling_exponent(lambda x: c_of(h=1 / x), 1.0), "",
            "right here; eq. (24) then writes the first power (row above)", rtol=1e-6),
        Row("(-1)^(J + M_J) of the dominant components (e: 11/2, 1/2; p: 13/2, 3/2; "
            "g: 15/2, 5/2), smallest of the three", f"{S001} after eq. (31)", 1,
            min((-1) ** round(jj + mm) for jj, mm in ((5.5, 0.5), (6.5, 1.5), (7.5, 2.5))), "",
            "J + M_J = 6, 8, 10: even for all three", rtol=0.0,
            location="'In the leading order of our scheme, (-1)^{J+M_J} = 1'"),
        Row("eq. (64) exponent of n (C ~ n^2, magnetization ~ n)", f"{S001} eq. (64)", 3,
            scaling_exponent(lambda x: c_of(n=x) * x, 1.0), "", "", rtol=1e-6),
        Row("C for gamma_ep = 2 pi x 100 MHz, relative to gamma_ep = 57.3 s^-1",
            f"{S001} after eq. (24) ('1.9 x 10^4')", 1.9e4 / 2.02e11,
            (57.3 / (2 * math.pi * 1e8)) ** 2, "",
            "as the 10 MHz row: the printed ratio is (57.3/gamma_ep)^1 (the paper's arithmetic, "
            "right), the paper's own C ~ h_r^2 needs the square: a slip",
            paper_arith=57.3 / (2 * math.pi * 1e8), cause="slip"),
        Row("radiative gamma_ep = MD + ED of 2H11/2 -> 4I13/2 (Table 1)",
            f"{S001} after eq. (9) ('57.3 sec^-1')", 57.3, 49.43 + 7.91, "s^-1",
            "Table 1: 49.43 (MD) + 7.91 (ED) = 57.34 s^-1", rtol=0.001),
        Row("1/gamma_ep for gamma_ep = 57.3 s^-1 ('1000/57 msec')", f"{S001} after eq. (64)",
            1000 / 57, 1000 / 57.3, "ms", "", rtol=0.01),
        Row("eq. (64) prefactor at gamma_ep = 2 pi x 10 MHz", f"{S001} after eq. (64)", 1e-3,
            rv["eq64"] * (57.3 / (2 * math.pi * 1e7)) ** 2, "G s^-1 eV^-5",
            "the paper's 4.22e4 scaled as 1/gamma_ep^2 (its own C ~ h_r^2) gives 3.5e-8, as "
            "1/gamma_ep 0.038; the printed 1e-3 follows from neither: a slip. Ours scales our "
            "eq. (64) prefactor (inputs and model, see that row)",
            paper_arith=4.22e4 * (57.3 / (2 * math.pi * 1e7)) ** 2, cause="input+model"),
        Row("Summary: magnetization 'of order 1e2 nG/s' (0.1 % Er), |chi|^2 = 1e-3",
            f"{S001} Sec. VI", 1e2, rv["eq64"] * 1e-8 * 1e9 * 1e-3, "nG/s",
            "the paper's 4.2e5 |chi|^2 nG/s with its lowest |chi|^2 = 1e-3 (Appendix: "
            "rho_ee^3|rho_ep|^2 ~ 1e-2 .. 1e-3) gives 4e2, above the quoted order (a slip); "
            "ours follows our eq. (64) prefactor", rtol=0.7,
            paper_arith=4.22e4 * 1e-8 * 1e9 * 1e-3, cause="input+model"),
        Row("QED coupling (d^2/3)^3 with the e -> g ED dipole of Table 1", f"{S001} Sec. V",
            1e-39, (d2 / 3) ** 3, "eV^-6",
            "d^2 = 3 pi gamma/eps^3 with 518.02 s^-1 at 2.3946 eV; 'of order' (the paper does "
            "not say which dipole)", rtol=0.7),
        Row("RENP coupling G_F^2", f"{S001} Sec. V", 1e-46, G_F_EV2**2, "eV^-4",
            "G_F^2 = 1.36e-46 eV^-4; 'of order'", rtol=0.7),
        Row("small crystal volume pi R^2 L, R = 0.25 cm, L = 0.5 cm", f"{S001} Fig. 6 caption",
            0.0982, math.pi * 0.25**2 * 0.5, "cm^3", "", rtol=0.001),
        Row("large crystal volume pi R^2 L, R = 1 cm, L = 2 cm", f"{S001} Fig. 6 caption", 6.28,
            math.pi * 1.0**2 * 2.0, "cm^3", "= pi L^3/4 at R/L = 1/2", rtol=0.001),
        Row("angular step pi/500 in degrees", f"{S001} Fig. 8 caption and Sec. IV ('0.36 deg')",
            0.36, math.degrees(math.pi / 500), "deg", "", rtol=1e-3),
        Row("smoothing window: four steps of pi/500", f"{S001} Sec. IV ('1.44 deg')", 1.44,
            4 * math.degrees(math.pi / 500), "deg", "", rtol=1e-3),
        Row("smoothing overlap: two steps of pi/500", f"{S001} Sec. IV ('0.72 deg')", 0.72,
            2 * math.degrees(math.pi / 500), "deg", "", rtol=1e-3),
        Row("Table 3 sum of C1-bar at rest, Dirac", f"{S001} Table 3 ('Dirac 3/4')", 0.75,
            spinor_sum_at_rest(False), "",
            "the table's own four entries sum to 1 - delta_M/4: 1 for Dirac, 3/4 for "
            "Majorana; the Sum row swaps the labels (a slip). Ours: explicit spinors, 1",
            paper_arith=table3_sum_at_rest(False), rtol=1e-6),
        Row("Table 3 sum of C1-bar at rest, Majorana", f"{S001} Table 3 ('(Majorana 1)')", 1.0,
            spinor_sum_at_rest(True), "",
            "the table's entries give 3/4 (labels swapped, a slip); explicit spinors give 0: "
            "an identical Majorana pair at rest carries no axial current, so the Majorana "
            "term is -m1 m2 (coefficient 1), not -m1 m2/4 (eq. 48; a model difference)",
            paper_arith=table3_sum_at_rest(True), rtol=1e-6, cause="model"),
        Row("Majorana coefficient of m1 m2/(E1 E2) in eqs. (10), (48), (55)",
            f"{S001} eqs. (10), (48), (55)", 0.25,
            1.0 - spinor_sum_at_rest(True) / spinor_sum_at_rest(False), "",
            "explicit spinors at rest: 1 - T_M/T_D = 1 (equal masses), not 1/4: the "
            "Majorana interference is 4x larger than printed (eq. 56 prints 1/8)", rtol=1e-6,
            cause="model"),
    ]
    return out
