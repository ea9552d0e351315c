"""JSON Schema files generated from the models (``schemas/*.schema.json``)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from expdesign.models import ExperimentSpec, Target

__all__ = ["SCHEMA_FILES", "generate", "write", "stale"]

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "experiment_spec.schema.json": ExperimentSpec,
    "target.schema.json": Target,
}


def generate() -> dict[str, str]:
    """File name -> schema text (stable formatting, trailing newline)."""
    out = {}
    for fname, model in SCHEMA_FILES.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://expdesign.invalid/schemas/{fname}"
        out[fname] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def write(folder: str | Path) -> list[Path]:
    """Write the schema files into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for fname, text in generate().items():
        p = folder / fname
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def stale(folder: str | Path) -> list[str]:
    """Names of schema files in ``folder`` that are missing or differ from the models."""
    folder = Path(folder)
    bad = []
    for fname, text in generate().items():
        p = folder / fname
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            bad.append(fname)
    return bad
