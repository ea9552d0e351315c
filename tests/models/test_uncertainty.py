"""Spec uncertainties: exactly one kind, a valid range, a source."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from expdesign.models import InputUncertainty


def test_exactly_one_kind_with_a_source():
    assert InputUncertainty(input="geometry.length", relative=0.1, source="s").relative == 0.1
    assert InputUncertainty(input="x", range=(1.0, 2.0), source="s").range == (1.0, 2.0)
    assert InputUncertainty(input="x", lognormal_sigma=0.5, source="s").lognormal_sigma == 0.5
    for bad in ({}, {"relative": 0.1, "lognormal_sigma": 0.2}, {"range": (2.0, 1.0)},
                {"range": (0.0, 1.0)}, {"relative": -0.1}, {"relative": float("nan")}):
        with pytest.raises(ValidationError):
            InputUncertainty(input="x", source="s", **bad)
    with pytest.raises(ValidationError):
        InputUncertainty(input="x", relative=0.1, source="")
    with pytest.raises(ValidationError):
        InputUncertainty(input="x", relative=0.1, source="s", sigma=1.0)  # no such field
