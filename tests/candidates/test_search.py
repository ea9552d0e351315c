"""The candidate search: the papers' paths, the Er/Ho consistency with planning, rejections."""

from __future__ import annotations

import time

import pytest

import expdesign as ed
from expdesign.candidates.levels import IonLevels, Multiplet
from expdesign.candidates.search import (
    enumerate_paths,
    pair_threshold_ev,
    ranking_csv,
    ranking_markdown,
    rejected_csv,
    search,
)
from expdesign.candidates.sourced import refractive_index_of
from expdesign.physics.constants import HC_EV_CM
from expdesign.physics.neutrino import masses, oscillation_set

ER_PATH = "g=4I15/2 q=4I11/2 e=2H11/2 p=4I13/2"  # seed 001 eq. (25)-(26)
HO_PATH = "g=5I8 e=5I7 p=5I6 q=5I7"  # seed 000 eq. (13), elastic


def _result(plan: ed.Plan, key: str) -> float:
    for r in plan.results:
        if r.key == key:
            return float(r.value.m)
    raise KeyError(key)


def test_er_paper_path_and_planner_spin_element() -> None:
    res = search("RENP", ions=["Er"])
    paths = {p.describe(): p for p in res.admitted}
    assert ER_PATH in paths
    path = paths[ER_PATH]
    assert path.coupling == "IC"  # Delta S = 1: intermediate coupling only
    plan = ed.Planner(ed.load_spec("schemas/examples/er_ylf_renp.json")).run()
    # same data path as the Planner (seed 001 eq. 42), up to the stated n^3 local field
    n = refractive_index_of("er_ylf")
    assert path.spin_sq is not None
    assert path.spin_sq * n**3 == pytest.approx(_result(plan, "reduced_S_ep") ** 2, rel=1e-9)


def test_ho_paper_path_and_planner_spin_element() -> None:
    res = search("RANP", ions=["Ho"])
    paths = {p.describe(): p for p in res.admitted}
    assert HO_PATH in paths
    path = paths[HO_PATH]
    assert path.coupling == "LS" and "elastic (q = e)" in path.notes
    plan = ed.Planner(ed.load_spec("schemas/examples/ho_ylf_ranp.json")).run()
    # the Planner's s2 is the LS line strength / ((2J_q + 1)(2J_g + 1))
    assert path.spin_sq == pytest.approx(_result(plan, "spin_sq_qg") * 15 * 17, rel=1e-12)


def test_rejected_paths_carry_their_rule() -> None:
    res = search("RENP", ions=["Er"])
    rej = {p.describe(): p.rejected_by for p in res.rejected}
    # 4S3/2 -> 4I13/2 changes J by 5: no spin (rank-1) element
    bad = "g=4I15/2 q=4I11/2 e=4S3/2 p=4I13/2"
    assert bad in rej and str(rej[bad]).startswith("M1 pair step")
    rules = {"M1 pair step", "E1 v_ep (PV interference)", "optical excitation",
             "optical trigger", "threshold reach"}
    assert set(res.rejection_counts()) <= rules
    ranp = search("RANP", ions=["Ho"])
    assert set(ranp.rejection_counts()) <= {"M1 pair step", "two-photon excitation",
                                             "optical Raman trigger", "optical signal",
                                             "McQ3-free imprint", "threshold reach"}
    assert "McQ3-free imprint" in ranp.rejection_counts()


def test_threshold_from_masses() -> None:
    p = oscillation_set("pdg2018")
    m3_no = float(max(masses(0.05, "NO", p)))
    assert pair_threshold_ev(0.05) >= 2 * m3_no
    assert pair_threshold_ev(0.05) == pytest.approx(
        2 * max(m3_no, float(max(masses(0.05, "IO", p)))))


def test_full_search_is_fast_and_writes_tables() -> None:
    t0 = time.perf_counter()
    for proc in ("RENP", "RANP"):
        res = search(proc)
        assert res.admitted and res.rejected
        md = ranking_markdown(res)
        assert "Rejected paths by rule" in md and "Data still missing" in md
        assert ranking_csv(res).count("\n") == len(res.admitted) + 1
        assert rejected_csv(res).count("\n") == len(res.rejected) + 1
    assert time.perf_counter() - t0 < 60.0


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="process"):
        search("XYZ")
    with pytest.raises(ValueError, match="unknown ions"):
        search("RENP", ions=["Fe"])


def test_er_ranp_candidate_is_shipped_and_plans() -> None:
    # the search's best evaluable Er3+ RANP path is the shipped example er_ylf_ranp.json
    res = search("RANP", ions=["Er"])
    best = next(p for p in res.admitted if p.fom is not None)
    assert best.describe() == "g=4I15/2 e=4I13/2 p=4I11/2 q=4I13/2"
    spec = ed.load_spec("schemas/examples/er_ylf_ranp.json")
    tgt = {lv.label: lv.term for lv in ed.load_shipped_target("er_ylf").levels}
    assert {k: tgt[v] for k, v in spec.path.items()} == {
        k: m.label for k, m in best.levels.items()}
    plan = ed.Planner(spec).run()
    assert _result(plan, "rate_total") > 0
    # the imprint sits inside the McQ3-free region the search's rule requires
    assert _result(plan, "r_mcq3_free_max") == pytest.approx(
        1 - 2 * _result(plan, "eps_pe") / _result(plan, "eps_eg"), rel=1e-9)
    assert spec.lasers.imprint_r is not None
    assert spec.lasers.imprint_r < _result(plan, "r_mcq3_free_max")


def _hand_ion(n_electrons: int, levels: list[tuple[str, float, int, float, float]]
              ) -> IonLevels:
    mults = [Multiplet("X", lab, s, l_, j, e, True, 1, 1) for lab, s, l_, j, e in levels]
    return IonLevels("X", n_electrons, mults)


def test_hand_made_renp_scheme() -> None:
    # a made-up Kramers ion: ground 4I15/2, 4I13/2 (0.8 eV), 4I11/2 (1.3 eV), 4S3/2 (2.3 eV)
    ion = _hand_ion(11, [("4I15/2", 1.5, 6, 7.5, 0.0), ("4I13/2", 1.5, 6, 6.5, 6452.0),
                         ("4I11/2", 1.5, 6, 5.5, 10485.0), ("4S3/2", 1.5, 0, 1.5, 18551.0)])
    paths = {p.describe(): p for p in enumerate_paths("RENP", ion, 0.1426)}
    # e = 4I11/2 -> p = 4I13/2: LS spin step, q = 4I13/2 below e: admitted
    ok = paths["g=4I15/2 q=4I13/2 e=4I11/2 p=4I13/2"]
    assert ok.admitted and ok.coupling == "LS"
    assert ok.spin_sq == pytest.approx(22 * 30 / 26)  # hand: (6.5^2-4.5^2)(8.5^2-6.5^2)/26
    # e = 4S3/2 -> p = 4I13/2: |Delta J| = 5
    assert str(paths["g=4I15/2 q=4I11/2 e=4S3/2 p=4I13/2"].rejected_by).startswith(
        "M1 pair step")
    # e = 4S3/2 -> p = 4I11/2 (Delta J = 4): also rejected by the pair step
    assert str(paths["g=4I15/2 q=4I13/2 e=4S3/2 p=4I11/2"].rejected_by).startswith(
        "M1 pair step")
    # every enumerated path is either admitted or carries a reason
    assert all(p.admitted or p.rejected_by for p in paths.values())
    # e = 4I13/2: no p, q below it; e = 4I11/2: p, q = 4I13/2; e = 4S3/2: 2 x 2
    assert len(paths) == 0 + 1 + 4


def test_hand_made_ranp_scheme_mcq3_and_threshold() -> None:
    # ground 5I8, 5I7 at 0.5 eV, 5I6 at 1.2 eV: eps_pe = 0.7 > eps_eg = 0.5 -> no McQ3-free r
    ev = 1 / HC_EV_CM  # cm^-1 per eV
    ion = _hand_ion(10, [("5I8", 2, 6, 8, 0.0), ("5I7", 2, 6, 7, 0.5 * ev),
                         ("5I6", 2, 6, 6, 1.2 * ev)])
    paths = {p.describe(): p for p in enumerate_paths("RANP", ion, 0.1426)}
    elastic = paths["g=5I8 e=5I7 p=5I6 q=5I7"]
    assert str(elastic.rejected_by).startswith("McQ3-free imprint")
    # the same scheme with 5I6 at 0.9 eV (eps_pe = 0.4 < 0.5) is admitted
    ion2 = _hand_ion(10, [("5I8", 2, 6, 8, 0.0), ("5I7", 2, 6, 7, 0.5 * ev),
                          ("5I6", 2, 6, 6, 0.9 * ev)])
    p2 = {p.describe(): p for p in enumerate_paths("RANP", ion2, 0.1426)}
    assert p2["g=5I8 e=5I7 p=5I6 q=5I7"].admitted
    # and a pair energy below the threshold is rejected by it
    ion3 = _hand_ion(10, [("5I8", 2, 6, 8, 0.0), ("5I7", 2, 6, 7, 0.1 * ev),
                          ("5I6", 2, 6, 6, 0.15 * ev)])
    p3 = {p.describe(): p for p in enumerate_paths("RANP", ion3, 0.1426)}
    assert str(p3["g=5I8 e=5I7 p=5I6 q=5I7"].rejected_by).startswith("threshold reach")


def test_quench_rule_in_search() -> None:
    """With a host phonon energy the quench rule rejects e levels < 5 phonons above the next
    lower multiplet; without one it is not applied (no sourced value ships)."""
    from expdesign.candidates.levels import load_levels
    from expdesign.candidates.search import PAPER_PATHS

    plain = search("RENP", ions=["Er"])
    assert not any("quenched" in (p.rejected_by or "") for p in plain.rejected)
    res = search("RENP", ions=["Er"], phonon_cm=350.0)
    assert res.phonon_cm == 350.0
    quenched = [p for p in res.rejected if (p.rejected_by or "").startswith("level quenched")]
    assert quenched
    # seed 001's e = 2H11/2 lies a few hundred cm^-1 above 4S3/2 in LaF3: quenched
    paper = [p for p in quenched if p.describe() == PAPER_PATHS["RENP"]]
    assert paper and "above 4S3/2" in str(paper[0].rejected_by)
    # every admitted path's e is >= 5 phonons above its next lower multiplet
    from expdesign.candidates.rules import gap_below
    table = load_levels("LaF3")["Er"]
    for p in res.admitted:
        below = gap_below(p.levels["e"], table.multiplets)
        assert below is None or below[1] / HC_EV_CM >= 5 * 350.0 - 1e-9
    with pytest.raises(ValueError):
        search("RENP", ions=["Er"], phonon_cm=-1.0)


def test_sourced_e1_rates_follow_the_target() -> None:
    """The E1 strengths the search reports for seed 001's path are the er_ylf target's
    forced-E1 rates of the same transitions (the data path; no Judd-Ofelt data ship)."""
    from expdesign.candidates.search import PAPER_PATHS
    from expdesign.models import load_shipped_target

    tgt = load_shipped_target("er_ylf")
    a_ed = {(t.upper, t.lower): float(t.A_ed.to("1/s").m) for t in tgt.transitions
            if t.A_ed is not None}
    res = search("RENP", ions=["Er"])
    path = next(p for p in res.admitted if p.describe() == PAPER_PATHS["RENP"])
    assert path.e1_rates["v_ep e->p"] == pytest.approx(a_ed[("e", "p")], rel=1e-12)
    assert path.e1_rates["trigger p->g"] == pytest.approx(a_ed[("p", "g")], rel=1e-12)
    # an ion without a shipped target has none
    tm = search("RENP", ions=["Tm"])
    assert all(not p.e1_rates for p in tm.admitted)
