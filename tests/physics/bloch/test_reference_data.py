"""Er3+:YLF reference numbers read from targets/er_ylf.json."""

from __future__ import annotations

import pytest

from expdesign.physics import bloch
from expdesign.physics.bloch import reference_data

# seed 001 Table 1 and eqs. (25)-(27), as the kernel held them before issue 13
TABLE1 = {
    "energies": (0.0, 0.805, 1.286, 2.3946),
    "a_md": {("p", "g"): 24.82, ("q", "p"): 4.26, ("e", "p"): 49.43, ("e", "q"): 5.58},
    "a_ed": {("p", "g"): 2.46, ("q", "g"): 4.13, ("q", "p"): 0.42, ("e", "g"): 518.02,
             ("e", "p"): 7.91, ("e", "q"): 4.73},
    "a_out": {"e": 0.49 + 5.52},
}


def test_table1_numbers_bitwise():
    tab = bloch.er_ylf_table1()
    for key, ref in TABLE1.items():
        assert tab[key] == ref, key
        if isinstance(ref, dict):
            assert list(tab[key]) == list(ref)  # same order: same float sums downstream
    assert tab["a_out"]["e"].hex() == (0.49 + 5.52).hex()


def test_table1_carries_sources_and_is_a_fresh_copy():
    tab = bloch.er_ylf_table1()
    assert "Table 1" in tab["sources"][("e", "g")]
    assert "eq. (25)" in tab["sources"]["e"]
    assert ("e", "f") in tab["sources"]  # the out-of-manifold channel
    tab["a_md"][("p", "g")] = 0.0
    assert bloch.er_ylf_table1()["a_md"][("p", "g")] == 24.82


def test_number_parser_is_strict():
    assert reference_data.number_with_unit("24.82 /s", "/s") == 24.82
    with pytest.raises(ValueError, match="expected '<number> /s'"):
        reference_data.number_with_unit("24.82 1/s", "/s")


def test_er_lifetime_from_table1(er, hbar):
    p, tau = er()
    # 7.7e-11 apart (the value is 1.7e-3: abs=0, else the default abs = 1e-12 decides)
    assert tau * hbar == pytest.approx(1 / (518.02 + 49.43 + 7.91 + 5.58 + 4.73 + 0.49 + 5.52),
                                       rel=1e-9, abs=0)
    assert tau * hbar == pytest.approx(1.69e-3, rel=0.01)


def test_er_ylf_params_is_from_rates_of_the_table(i10):
    tab = bloch.er_ylf_table1()
    s = bloch.rate_s_to_eV
    ref = bloch.FourLevelParams.from_rates(
        tab["energies"], {k: s(v) for k, v in tab["a_md"].items()},
        {k: s(v) for k, v in tab["a_ed"].items()}, (i10, 2 * i10, 3 * i10), 5.0,
        a_out_eV={k: s(v) for k, v in tab["a_out"].items()}, leak_to="g")
    p = bloch.er_ylf_params(i10, 2 * i10, 3 * i10, 5.0, leak_to="g")
    assert p.decay.tobytes() == ref.decay.tobytes()
    assert p.gamma_out.tobytes() == ref.gamma_out.tobytes()
    assert (p.omega_1, p.omega_2, p.omega_t, p.leak_to) == (ref.omega_1, ref.omega_2,
                                                             ref.omega_t, "g")
