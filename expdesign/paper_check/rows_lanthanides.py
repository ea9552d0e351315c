"""Paper-check rows of the candidate search (issue 25): seed 001 Table 1 MD rates of the
intra-term 4I lines recomputed from the LS-coupling spin element (physics.atomic.racah)."""

from __future__ import annotations

from expdesign.paper_check.core import Row
from expdesign.physics.atomic.racah import m1_rate, m1_reduced_ls
from expdesign.units import HBAR_EV_S

#: refractive index of YLF used by the shipped er_ylf target (seed 001 after eq. 22)
N_YLF = 1.45


def values() -> dict[str, float]:
    """LS M1 rates (s^-1) of Er3+ 4I13/2 -> 4I15/2 and 4I11/2 -> 4I13/2, vacuum and n^3."""
    out: dict[str, float] = {}
    for key, j_u, j_l, eps in (("13_15", 6.5, 7.5, 0.805), ("11_13", 5.5, 6.5, 0.481)):
        s2 = m1_reduced_ls(1.5, 6, j_u, j_l) ** 2
        vac = m1_rate(s2, eps, j_u) / HBAR_EV_S
        out[f"vac_{key}"] = vac
        out[f"n3_{key}"] = vac * N_YLF**3
    return out


def rows() -> list[Row]:
    v = values()
    return [
        Row("Table 1 MD rate 4I13/2 -> 4I15/2 from the LS spin element, n^3 at n = 1.45",
            "seed 001 Table 1", 24.82, v["n3_13_15"], "s^-1",
            "ours: |<4I15/2||S||4I13/2>|^2 = 19.2 (LS closed form), eps = 0.805 eV, "
            f"vacuum rate {v['vac_13_15']:.2f} s^-1, times n^3 of YLF. Table 1 is an "
            "intermediate-coupling Judd-Ofelt result for Cs2NaYF6 (ref. [18]): its 24.82 is "
            f"{24.82 / v['vac_13_15']:.2f}x the vacuum LS rate, which an in-medium n^3 (n ~ "
            f"{(24.82 / v['vac_13_15']) ** (1 / 3):.2f}) explains and LS -> IC mixing cannot "
            "(it lowers an intra-term element). Seed 001 eq. (42) converts these rates to "
            "spin elements without dividing out n^3 (docs/candidates.md)",
            rtol=0.02, cause="input+model"),
        Row("Table 1 MD rate 4I11/2 -> 4I13/2 from the LS spin element, n^3 at n = 1.45",
            "seed 001 Table 1", 4.26, v["n3_11_13"], "s^-1",
            "ours: |<4I13/2||S||4I11/2>|^2 = 25.38 (LS), eps = 0.481 eV, vacuum "
            f"{v['vac_11_13']:.2f} s^-1, times n^3 of YLF. Table 1's value is 0.42x ours: "
            "4I11/2 carries a large 2H(2)11/2 admixture in intermediate coupling, which the "
            "LS element ignores (a model difference), and the host differs (Cs2NaYF6)",
            rtol=0.02, cause="input+model"),
    ]
