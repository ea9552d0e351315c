"""`validate --suggest`: the angles it names satisfy the kinematics they claim."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from expdesign.cli import main
from expdesign.io import load_spec
from expdesign.physics import kinematics
from expdesign.physics.neutrino import masses, oscillation_set
from expdesign.planner.suggest import suggest

EX = Path(__file__).resolve().parents[2] / "schemas" / "examples"


def _nums(line: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", line.split(":", 1)[-1])]


def test_renp_edges_and_thresholds_have_the_pair_mass_they_claim():
    spec = load_spec(EX / "er_ylf_renp.json")
    lines = suggest(spec)
    # seed 001 eq. (27) lasers of the shipped spec, eV
    w1, w2, ws = 1.286, 1.1086, 0.805
    n_r = spec.resolved_target.refractive_index.value
    te = math.radians(141.61)
    edges = next(x for x in lines if x.startswith("kinematic edges"))
    e = np.radians(_nums(edges))
    M2 = kinematics.renp_pair_mass2(e, te, w1, w2, ws, n_r)
    # printed to 6 digits (5e-4 deg near 144.6 deg); dM^2/dtheta <= 2 n_r omega_s |Q| < 4 eV^2
    # per rad, so the rounding moves M^2 by < 4e-5 eV^2 (eps_ep^2 = 0.38 eV^2)
    assert np.all(np.abs(M2) < 4e-5)
    # M^2 > 0 between the edges (the pair-at-rest angle lies there)
    assert kinematics.renp_pair_mass2(np.radians([58.79]), te, w1, w2, ws, n_r)[0] > 0
    th = next(x for x in lines if x.startswith("pair thresholds"))
    m = masses(0.010, "NO", oscillation_set("pdg2018"))  # lightest 10 meV, NO (truth)
    pair33 = re.search(r"\(33\) (-?[\d.]+) / (-?[\d.]+)", th)
    assert pair33 is not None
    a = np.radians([float(pair33.group(1)), float(pair33.group(2))])
    M2 = kinematics.renp_pair_mass2(a, te, w1, w2, ws, n_r)
    np.testing.assert_allclose(M2, (2 * m[2]) ** 2, atol=4e-5)  # (2 m_3)^2 = 0.01 eV^2
    pm = next(x for x in lines if x.startswith("phase matching"))
    assert "141.607 deg" in pm and "58.7912 deg" in pm


def test_ranp_thresholds_and_mcq_edges():
    lines = suggest(load_spec(EX / "ho_ylf_ranp.json"))
    assert "McQ3-free" in lines[0] and "r = -0.3654" in lines[0]
    # seed 000 sec. 3 by hand: McQ2 resonant at r = -1 + 2 omega0/eps_eg, McQ3-free edge
    # r* = 1 - 2 eps_pe/eps_eg = -r_McQ2 in the elastic case
    nums = _nums(lines[0])
    assert nums[1] == -nums[2] or abs(nums[1] + nums[2]) < 1e-6
    assert "(11) none" in lines[1]  # M^2 stays above (2 m_1)^2 = (2 meV)^2 at every angle


def test_validate_suggest_prints_the_lines(capsys):
    assert main(["validate", "--suggest", str(EX / "er_ylf_renp.json")]) == 0
    out = capsys.readouterr().out
    assert "kinematic edges M^2 = 0" in out and "the spec scans 144.3-144.615 deg" in out
