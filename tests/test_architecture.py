"""The package's architecture rules, checked by walking its source (docs/architecture.md).

1. One-way flow: kernels (``expdesign.physics``, ``expdesign.statistics``, ``expdesign.data``)
   import neither the pint layer nor anything above them; models import no physics except
   ``expdesign.physics.constants``.
2. No module imports another module's private (``_name``) objects.
3. Kernels never start processes (parallelism is the caller's, passed in).
4. Physical constants are written once, in ``expdesign/physics/constants.py``.
5. Modules stay small (<= 500 lines) unless docs/architecture.md says why not.
"""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "expdesign"

KERNELS = ("expdesign.physics", "expdesign.statistics", "expdesign.data")
ABOVE_KERNELS = ("expdesign.scan", "expdesign.planner", "expdesign.models", "expdesign.cli",
                 "expdesign.cli_support",
                 "expdesign.units", "expdesign.plan", "expdesign.io", "expdesign.optimization",
                 "expdesign.comparison", "expdesign.figures", "expdesign.paper_check",
                 "expdesign.executors", "pint")
MODELS_MAY_IMPORT_FROM_PHYSICS = ("expdesign.physics.constants",)
PROCESS_NAMES = {"ProcessPoolExecutor", "multiprocessing", "Pool", "fork", "Process"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(module: str, is_pkg: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_pkg:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def imports_of(source: str, module: str, is_pkg: bool = False) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import in ``source``, wherever it
    stands (module level, functions, TYPE_CHECKING blocks)."""
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = _resolve(module, is_pkg, node.level, node.module)
            out += [(mod, a.name) for a in node.names]
    return out


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def violations(source: str, module: str, is_pkg: bool = False) -> list[str]:
    """Every architecture-rule violation of one module's source."""
    bad = []
    for mod, name in imports_of(source, module, is_pkg):
        full = f"{mod}.{name}" if name else mod
        if _within(module, KERNELS) and ({mod.split(".")[0], name} & PROCESS_NAMES):
            bad.append(f"{module}: kernel imports process tools ({full})")
        if _within(module, KERNELS) and (_within(mod, ABOVE_KERNELS)
                                         or _within(full, ABOVE_KERNELS)):
            bad.append(f"{module}: kernel imports {full}")
        if _within(module, ("expdesign.models",)) and (
                _within(mod, ("expdesign.physics",)) or _within(full, ("expdesign.physics",))) \
                and not (_within(mod, MODELS_MAY_IMPORT_FROM_PHYSICS)
                         or _within(full, MODELS_MAY_IMPORT_FROM_PHYSICS)):
            bad.append(f"{module}: model imports physics {full}")
        if mod == "__future__" or not mod.startswith("expdesign"):
            continue
        private = [p for p in full.split(".") if p.startswith("_") and not p.startswith("__")]
        if private and mod != module:
            bad.append(f"{module}: imports the private {full}")
    if _within(module, KERNELS):
        for node in ast.walk(ast.parse(source)):
            ident = node.id if isinstance(node, ast.Name) else (
                node.attr if isinstance(node, ast.Attribute) else None)
            if ident in PROCESS_NAMES:
                bad.append(f"{module}: kernel starts processes ({ident})")
    return bad


def _sources() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if ".venv" not in p.parts)


def test_the_checker_catches_a_kernel_importing_scan():
    src = "import numpy as np\nfrom expdesign.scan import run_scan\n"
    assert violations(src, "expdesign.physics.renp") == [
        "expdesign.physics.renp: kernel imports expdesign.scan.run_scan"]
    assert violations("def f():\n    import expdesign.scan\n", "expdesign.physics.bloch")
    assert violations("from ..units import Q_\n", "expdesign.physics.renp")
    assert violations("import pint\n", "expdesign.statistics")
    assert violations("from expdesign.physics.neutrino import _fold\n",
                      "expdesign.physics.phasespace")
    assert violations("from expdesign.physics import neutrino\n", "expdesign.models.spec")
    assert not violations("from expdesign.physics.constants import ALPHA\n",
                          "expdesign.models.spec")
    assert violations("from concurrent.futures import ProcessPoolExecutor\n",
                      "expdesign.physics.edge")
    assert not violations("from expdesign.physics import renp\n", "expdesign.planner.renp")


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_import_rules(path: Path):
    assert violations(path.read_text(encoding="utf-8"), _module_name(path),
                      _is_package(path)) == []


# ------------------------------------------------------------------ constants written once
#: (name, value) of the constants that live only in physics/constants.py; any numeric
#: literal elsewhere in the package within 1e-3 of one of these is a duplicate.
CONSTANT_VALUES = [
    ("G_F GeV^-2", 1.1663788e-5), ("G_F eV^-2", 1.1663788e-23),
    ("mu_B J/T", 9.2740100783e-24), ("mu_B eV/T", 5.7883818060e-5),
    ("mu_0", 1.25663706212e-6), ("mu_0 / pi", 4e-7),
    ("1/alpha", 137.035999084), ("alpha", 7.2973525693e-3),
    ("hbar J s", 1.054571817e-34), ("hbar eV s", 6.582119569e-16),
    ("h J s", 6.62607015e-34), ("e C", 1.602176634e-19),
    ("c m/s", 299792458.0), ("c cm/s", 2.99792458e10),
    ("hbar c eV cm", 1.973269804e-5), ("h c eV cm", 1.23984198e-4),
    ("m_e eV", 510998.95), ("m_e MeV", 0.51099895), ("m_e kg", 9.1093837015e-31),
    ("sin^2 theta_W low-energy", 0.23857), ("sin^2 theta_W(M_Z)", 0.23122),
    ("days per year", 365.25), ("seconds per year", 31557600.0),
]


def constant_literals(source: str) -> list[tuple[int, str, str]]:
    """(line, literal, constant) for every numeric literal of ``source`` (code only:
    comments and strings, docstrings included, are not looked at) that is a constant."""
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.NUMBER:
            continue
        try:
            x = float(tok.string.replace("_", ""))
        except ValueError:
            continue  # imaginary literals
        for name, v in CONSTANT_VALUES:
            if x != 0 and math.isclose(x, v, rel_tol=1e-3):
                out.append((tok.start[0], tok.string, name))
    return out


def test_the_constant_check_catches_literals():
    assert constant_literals("G = 1.1663788e-5 * 1e-18\n")[0][2] == "G_F GeV^-2"
    assert constant_literals("MU0 = 4e-7 * math.pi\n")[0][2] == "mu_0 / pi"
    assert constant_literals("y = 365.25 * 86400.0\n")[0][2] == "days per year"
    assert not constant_literals('"""mu_B = 9.274e-24 J/T"""\nx = 1  # 137.036\n')


@pytest.mark.parametrize("path", [p for p in _sources()
                                  if p != PKG / "physics" / "constants.py"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_constant_literal_outside_constants(path: Path):
    assert constant_literals(path.read_text(encoding="utf-8")) == []


# ------------------------------------------------------------------ module size
def _exempt_modules() -> set[str]:
    """Modules docs/architecture.md lists under 'Modules over 500 lines'."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    m = re.search(r"## Modules over 500 lines\n(.*?)(\n## |\Z)", text, re.S)
    return set(re.findall(r"`(expdesign/[\w/]+\.py)`", m.group(1))) if m else set()


def test_modules_are_small():
    exempt = _exempt_modules()
    big = {str(p.relative_to(ROOT)): n for p in _sources()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert {k: v for k, v in big.items() if k not in exempt} == {}
