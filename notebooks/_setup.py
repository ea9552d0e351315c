"""Shared set-up of the design notebooks: find the repository and make it importable.

The notebooks run from the repository root, from ``notebooks/`` or with
``$EXPDESIGN_REPO`` set; an installed expdesign is used when present, the source tree
otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def find_repo_root() -> Path:
    """The repository root: $EXPDESIGN_REPO, or the first parent holding schemas/examples."""
    env = os.environ.get("EXPDESIGN_REPO")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        if (d / "schemas" / "examples").is_dir() and (d / "expdesign").is_dir():
            return d
    raise RuntimeError("run this notebook from inside the expdesign repository "
                       "or set EXPDESIGN_REPO")


ROOT = find_repo_root()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


#: tesla per gauss, by definition of the gauss (1 G = 1e-4 T)
TESLA_PER_GAUSS = 1e-4


def nG_to_fT(b_nG: float) -> float:
    """A field in nanogauss as femtotesla: 1 nG = 1e-9 G = 1e-13 T = 100 fT."""
    return b_nG * 1e-9 * TESLA_PER_GAUSS / 1e-15
