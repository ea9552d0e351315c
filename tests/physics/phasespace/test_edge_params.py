"""The edge-rule presets: the reference resolution is the finest, companions are coarser."""

from __future__ import annotations

from expdesign.physics.phasespace import edge_params as ep


def test_presets_are_ordered():
    hi = ep.EDGE_HI
    for prm in (ep.EDGE_LO, ep.EDGE_MID, ep.EDGE_FAR, ep.EDGE_ALLOWED_B):
        assert prm.deg <= hi.deg and prm.n_phi <= hi.n_phi and prm.T <= hi.T
    assert hi.sd and ep.EDGE_BEYOND.sd and ep.EDGE_FORB.sd and not ep.EDGE_MID.sd
    assert ep.EDGE_ALLOWED_B.n_phi < ep.EDGE_MID.n_phi
    for prm in (ep.EDGE_LO, hi, ep.EDGE_FAR):
        assert prm.T1 < prm.T2
