"""Reading spec and target files with errors that name the file, field and value.

``load_spec(path)`` and ``load_target(path)`` return models or raise
:class:`SpecError`, whose ``problems`` list every error at once.  A problem
is ``file: field.path: message (got value)``.  ``kind`` of a SpecError is
``"invalid"`` (exit code 1) or ``"unreadable"`` (exit code 2: missing file,
not UTF-8, malformed JSON, with line and column).
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from expdesign.models import ExperimentSpec, Target

__all__ = ["Problem", "SpecError", "read_json", "load_spec", "load_target", "load_any",
           "load_spec_dict", "detect_kind"]


@dataclass(frozen=True)
class Problem:
    """One validation problem."""

    file: str
    loc: str
    message: str
    value: Any = None
    has_value: bool = False

    def __str__(self) -> str:
        got = f" (got {_short(self.value)})" if self.has_value else ""
        loc = f"{self.loc}: " if self.loc else ""
        return f"{self.file}: {loc}{self.message}{got}"


def _short(v: Any) -> str:
    try:
        s = json.dumps(v, ensure_ascii=False, allow_nan=True, default=str)
    except (TypeError, ValueError):
        s = repr(v)
    return s if len(s) <= 80 else s[:77] + "..."


class SpecError(Exception):
    """A spec or target file that cannot be used; ``problems`` lists why."""

    def __init__(self, problems: list[Problem], kind: Literal["invalid", "unreadable"]):
        self.problems = problems
        self.kind = kind
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def exit_code(self) -> int:
        return 1 if self.kind == "invalid" else 2


def _reject_constant(name: str) -> float:
    # JSON has no NaN or Infinity; Python's json accepts them.  Keep them as
    # floats so the model names the field they landed in.
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[name]


_MAX_FILE_BYTES = 16 * 2**20
"""Largest spec or target file read."""

_MAX_INT_DIGITS = 400
"""Longest JSON integer literal read (digits): longer ones are no spec's number, and past
4300 digits Python's int() refuses them."""


class _HugeInteger(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _HugeInteger(f"an integer literal of {len(text.lstrip('-'))} digits (at most "
                           f"{_MAX_INT_DIGITS})")
    return int(text)


def read_json(path: str | Path) -> Any:
    """Read a JSON file strictly (UTF-8, no trailing garbage); SpecError(kind='unreadable')."""
    name = str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            what = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise SpecError([Problem(name, "", f"cannot read file: {what} (a spec or target "
                                     "is a regular JSON file)")], "unreadable")
        if st.st_size > _MAX_FILE_BYTES:
            raise SpecError([Problem(name, "", f"cannot read file: {st.st_size} bytes, more "
                                     f"than the {_MAX_FILE_BYTES // 2**20} MiB a spec may "
                                     "have")], "unreadable")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SpecError([Problem(name, "", f"cannot read file: {exc.strerror or exc}")],
                        "unreadable") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError([Problem(name, "", f"not UTF-8: invalid byte 0x{raw[exc.start]:02x} "
                                 f"at line {line} column {col}")], "unreadable") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise SpecError([Problem(name, "", "empty file: expected a JSON object")], "unreadable")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int)
    except _HugeInteger as exc:
        raise SpecError([Problem(name, "", f"malformed JSON: {exc}")], "unreadable") from None
    except json.JSONDecodeError as exc:
        raise SpecError([Problem(name, "", f"malformed JSON: {exc.msg} at line {exc.lineno} "
                                 f"column {exc.colno}")], "unreadable") from None
    except RecursionError:
        raise SpecError([Problem(name, "", "malformed JSON: nested too deeply")],
                        "unreadable") from None


def detect_kind(data: Any) -> Literal["spec", "target"]:
    """A file with ``levels`` at the top is a target; anything else is read as a spec."""
    return "target" if isinstance(data, dict) and "levels" in data else "spec"


def _problems(name: str, err: ValidationError) -> list[Problem]:
    out = []
    for e in err.errors(include_url=False):
        loc = ".".join(str(x) for x in e.get("loc", ()))
        msg = e.get("msg", "invalid")
        if msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        has = "input" in e
        val = e.get("input")
        if isinstance(val, dict) and len(val) > 3:
            has = False  # a whole object: the path says enough
        out.append(Problem(name, loc, msg, val, has))
    return out


def load_spec_dict(data: Any, name: str = "<spec>",
                   base_dir: str | Path | None = None) -> ExperimentSpec:
    """Validate a spec given as decoded JSON; SpecError(kind='invalid') on any problem."""
    if not isinstance(data, dict):
        raise SpecError([Problem(name, "", "expected a JSON object at the top level",
                                 data, True)], "invalid")
    try:
        return ExperimentSpec.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as err:
        raise SpecError(_problems(name, err), "invalid") from None
    except RecursionError:
        raise SpecError([Problem(name, "", "structure nested too deeply")], "invalid") from None


def load_target_dict(data: Any, name: str = "<target>") -> Target:
    """Validate a target given as decoded JSON; SpecError(kind='invalid') on any problem."""
    if not isinstance(data, dict):
        raise SpecError([Problem(name, "", "expected a JSON object at the top level",
                                 data, True)], "invalid")
    try:
        return Target.model_validate(data)
    except ValidationError as err:
        raise SpecError(_problems(name, err), "invalid") from None


def load_spec(path: str | Path) -> ExperimentSpec:
    """Load and validate an experiment spec file (target paths relative to it)."""
    data = read_json(path)
    return load_spec_dict(data, str(path), Path(path).resolve().parent)


def load_target(path: str | Path) -> Target:
    """Load and validate a target file."""
    return load_target_dict(read_json(path), str(path))


def load_any(path: str | Path) -> ExperimentSpec | Target:
    """Load a spec or a target, whichever the file is (see :func:`detect_kind`)."""
    data = read_json(path)
    if detect_kind(data) == "target":
        return load_target_dict(data, str(path))
    return load_spec_dict(data, str(path), Path(path).resolve().parent)
