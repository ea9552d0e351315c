"""expdesign: design macro-coherent neutrino-pair-emission experiments (RENP, RANP).

Physics from H. Hara, M. Yoshimura, Eur. Phys. J. C 79, 684 (2019) ("seed 000",
Raman stimulated neutrino pair emission) and H. Hara, A. Yoshimi, M. Yoshimura (2021)
("seed 001", parity violating magnetization at neutrino pair emission).
"""

from __future__ import annotations

__version__ = "0.1.0"

from .units import Q_, ureg  # noqa: E402

__all__ = ["__version__", "ureg", "Q_"]
