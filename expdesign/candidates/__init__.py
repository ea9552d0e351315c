"""Candidate search over the trivalent lanthanides (issue 25; docs/candidates.md).

:mod:`.levels`
    J-multiplets of Ce3+ ... Yb3+ in LaF3 from the shipped Carnall et al. (1989) tables.
:mod:`.rules`
    Selection rules of the RENP and RANP paths (M1 pair step, optical steps, the
    time-reversal verdict, McQ3-free imprint, reachable thresholds, laser classes).
:mod:`.search`
    Path enumeration (admitted and rejected with the rule), ranking and output tables.
"""

from __future__ import annotations

from expdesign.candidates.levels import IONS, IonLevels, Multiplet, load_levels

__all__ = ["IONS", "IonLevels", "Multiplet", "load_levels"]
