"""Sensitivity studies: many neutrino hypotheses against one design (issue 22).

``study(spec, HypothesisGrid(...))`` plans the spec once per phase-space model and
evaluates every hypothesis of the grid on the plan's trigger angles, computing each
distinct mass set once (Dirac and Majorana share it) and the mass-independent parts
(Bloch coherence, atomic factors, phase-space geometry and form-factor tables) once per
worker.  Output: a tidy CSV, question CSV, JSON metadata and figures; see
:mod:`expdesign.study.core` and docs/study.md.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from expdesign.study.analysis import QUESTIONS, question_rows
from expdesign.study.core import StudyResult, study
from expdesign.study.grid import HypothesisGrid

__all__ = ["HypothesisGrid", "QUESTIONS", "StudyResult", "question_rows", "study"]


class _CallableModule(types.ModuleType):
    """``expdesign.study`` is both this package and the function :func:`study`: once any
    submodule is imported, Python sets the attribute ``expdesign.study`` to the package,
    shadowing the lazily loaded function; calling the package calls the function."""

    def __call__(self, *args: Any, **kwargs: Any) -> StudyResult:
        return study(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
