"""Common pydantic configuration of all models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Base of every expdesign model: unknown fields are errors; no NaN/inf floats."""

    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        validate_default=False,
        arbitrary_types_allowed=True,
        str_strip_whitespace=True,
        frozen=False,
        validate_assignment=True,
    )
