"""Shared fixtures of the expdesign.physics.atomic tests."""

from __future__ import annotations

import pytest

from expdesign.physics.atomic import StarkComposition, load_stark_mixing


@pytest.fixture(scope="session")
def er_mixing() -> dict[str, StarkComposition]:
    """Er3+:YLF Stark compositions (seed 001 eqs. 34-36) from targets/er_ylf.json."""
    return load_stark_mixing("er_ylf")


@pytest.fixture(scope="session")
def er_ep_mix(er_mixing: dict[str, StarkComposition]) -> dict[str, dict[str, float]]:
    """Keyword arguments ``mix_e``, ``mix_p`` of the e -> p kernels for Er3+:YLF."""
    return {"mix_e": er_mixing["e"].composition, "mix_p": er_mixing["p"].composition}
