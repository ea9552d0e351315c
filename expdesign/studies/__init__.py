"""Sensitivity studies: many neutrino hypotheses against one design (issue 22).

``study(spec, HypothesisGrid(...))`` plans the spec once per phase-space model and
evaluates every hypothesis of the grid on the plan's trigger angles, computing each
distinct mass set once (Dirac and Majorana share it) and the mass-independent parts
(Bloch coherence, atomic factors, phase-space geometry and form-factor tables) once per
worker.  Output: a tidy CSV, question CSV, JSON metadata and figures; see
:mod:`expdesign.studies.core` and docs/study.md.
"""

from __future__ import annotations

from expdesign.studies.analysis import QUESTIONS, question_rows
from expdesign.studies.core import StudyResult, study
from expdesign.studies.grid import HypothesisGrid

__all__ = ["HypothesisGrid", "QUESTIONS", "StudyResult", "question_rows", "study"]
