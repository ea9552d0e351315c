"""The shipped Ln3+:LaF3 level tables (Carnall et al. 1989) and their multiplets."""

from __future__ import annotations

import pytest

from expdesign.candidates.levels import IONS, load_levels, parse_term
from expdesign.physics.constants import HC_EV_CM


def test_all_thirteen_ions_ship() -> None:
    table = load_levels()
    assert list(table) == list(IONS) and len(IONS) == 13
    for ion, lv in table.items():
        assert len(lv.multiplets) >= 2, ion
        assert lv.ground.energy_cm == 0.0, ion
        assert lv.n_electrons == IONS.index(ion) + 1


def test_ground_terms_are_hund() -> None:
    # Hund's rules for 4f^n (textbook; e.g. Dieke 1968): independent of the tables
    hund = {"Ce": "2F5/2", "Pr": "3H4", "Nd": "4I9/2", "Pm": "5I4", "Sm": "6H5/2",
            "Eu": "7F0", "Gd": "8S7/2", "Tb": "7F6", "Dy": "6H15/2", "Ho": "5I8",
            "Er": "4I15/2", "Tm": "3H6", "Yb": "2F7/2"}
    table = load_levels()
    for ion, term in hund.items():
        assert table[ion].ground.label == term


def test_parse_term() -> None:
    assert parse_term("4I15/2") == (1.5, 6, 7.5)
    assert parse_term("5I8") == (2.0, 6, 8.0)
    assert parse_term("8S7/2") == (3.5, 0, 3.5)
    assert parse_term("4F/2") is None


def test_papers_levels_within_host_shift() -> None:
    # The papers' YLF energies (targets) and Carnall's LaF3 ones differ by the host's
    # crystal-field shift: below 2 % for these multiplets (a data-path check, not physics).
    er = {m.label: m for m in load_levels()["Er"].multiplets}
    ho = {m.label: m for m in load_levels()["Ho"].multiplets}
    assert er["4I13/2"].energy_ev == pytest.approx(0.805, rel=0.02)
    assert er["4I11/2"].energy_ev == pytest.approx(1.286, rel=0.02)
    assert er["2H11/2"].energy_ev == pytest.approx(2.3946, rel=0.02)
    assert ho["5I7"].energy_cm == pytest.approx(5152, rel=0.02)
    assert ho["5I6"].energy_cm == pytest.approx(8669, rel=0.02)
    assert er["4I13/2"].energy_ev == pytest.approx(er["4I13/2"].energy_cm * HC_EV_CM)


def test_missing_lists() -> None:
    table = load_levels()
    # Pm3+ has no experimental levels in the source: every multiplet is listed as missing
    assert len(table["Pm"].missing) >= len(table["Pm"].multiplets)
    assert all(not m.from_experiment for m in table["Pm"].multiplets)
    assert table["Er"].kramers and not table["Ho"].kramers


def test_unknown_host() -> None:
    with pytest.raises(ValueError, match="LaF3"):
        load_levels("YAG")


def test_multiplet_counts_fit_the_stark_rule() -> None:
    # a multiplet holds at most J + 1/2 (Kramers) or 2J + 1 Stark levels: where the
    # printed labels give more, the multiplet is listed among the data problems
    for lv in load_levels().values():
        for m in lv.multiplets:
            if not m.blended_with and m.n_observed > m.n_expected:
                assert any(s.startswith(f"{m.label} ({m.energy_cm:.0f}") for s in lv.missing)


def test_eu_7f6_relabelled_and_listed() -> None:
    eu = load_levels()["Eu"]
    labels = [m.label for m in eu.multiplets]
    assert labels.count("7F5") == 1 and labels.count("7F6") == 1
    assert any("label corrected" in s for s in eu.missing)
