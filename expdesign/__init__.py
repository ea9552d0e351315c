"""expdesign: design macro-coherent neutrino-pair-emission experiments (RENP, RANP).

Physics from H. Hara, M. Yoshimura, Eur. Phys. J. C 79, 684 (2019) ("seed 000",
Raman stimulated neutrino pair emission) and H. Hara, A. Yoshimi, M. Yoshimura (2021)
("seed 001", parity violating magnetization at neutrino pair emission).

The public API (what notebooks, the CLI and the benchmarks use)::

    import expdesign as ed
    spec = ed.load_spec("schemas/examples/er_ylf_renp.json")
    plan = ed.Planner(spec, ed.PlannerSettings(model="finite")).run()
    print(plan.to_markdown())
    ed.write_figures(plan, "out/")
    ranked = ed.compare([plan, other_plan])

Subpackages: :mod:`expdesign.models` (the spec), :mod:`expdesign.planner` (composition),
:mod:`expdesign.physics` (kernels, natural units), :mod:`expdesign.scan` (studies),
:mod:`expdesign.paper_check` (the papers' printed numbers beside ours).
"""

from __future__ import annotations

from importlib import metadata as _metadata
from typing import TYPE_CHECKING

try:
    __version__ = _metadata.version("expdesign")
except _metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

if TYPE_CHECKING:  # the names below, for type checkers; at run time they load lazily
    from expdesign.comparison import Ranked, compare, format_ranking, ranking_csv
    from expdesign.figures import write_figures
    from expdesign.io import (
        SpecError,
        load_any,
        load_spec,
        load_spec_dict,
        load_target,
        load_target_dict,
    )
    from expdesign.models import (
        CrystalGeometry,
        Detector,
        ExperimentSpec,
        LaserSystem,
        NeutrinoHypothesis,
        Target,
        load_shipped_target,
    )
    from expdesign.optimization import OptimizeResult, Vary, optimize, parse_vary
    from expdesign.paper_check import Row as PaperCheckRow
    from expdesign.paper_check import collect as paper_check_rows
    from expdesign.paper_check import format_table as format_paper_check
    from expdesign.paper_check import to_json_list as paper_check_json
    from expdesign.plan import Plan, format_quantity
    from expdesign.planner import Planner, PlannerSettings
    from expdesign.planner.sensitivity import analyse as analyse_sensitivity
    from expdesign.scan import MAX_SCAN_POINTS, parse_set, run_scan
    from expdesign.schema import stale as stale_schemas
    from expdesign.schema import write as write_schemas
    from expdesign.studies import HypothesisGrid, study
    from expdesign.units import Q_, energy_to_eV, from_natural, to_natural, ureg

#: public name -> (module, attribute); imported on first use (PEP 562), so that
#: ``import expdesign`` and the CLI start fast (the Bloch engine loads QuTiP).
_LAZY: dict[str, tuple[str, str]] = {
    "Ranked": ("expdesign.comparison", "Ranked"),
    "compare": ("expdesign.comparison", "compare"),
    "format_ranking": ("expdesign.comparison", "format_ranking"),
    "ranking_csv": ("expdesign.comparison", "ranking_csv"),
    "write_figures": ("expdesign.figures", "write_figures"),
    "SpecError": ("expdesign.io", "SpecError"),
    "load_any": ("expdesign.io", "load_any"),
    "load_spec": ("expdesign.io", "load_spec"),
    "load_spec_dict": ("expdesign.io", "load_spec_dict"),
    "load_target": ("expdesign.io", "load_target"),
    "load_target_dict": ("expdesign.io", "load_target_dict"),
    "CrystalGeometry": ("expdesign.models", "CrystalGeometry"),
    "Detector": ("expdesign.models", "Detector"),
    "ExperimentSpec": ("expdesign.models", "ExperimentSpec"),
    "LaserSystem": ("expdesign.models", "LaserSystem"),
    "NeutrinoHypothesis": ("expdesign.models", "NeutrinoHypothesis"),
    "Target": ("expdesign.models", "Target"),
    "load_shipped_target": ("expdesign.models", "load_shipped_target"),
    "OptimizeResult": ("expdesign.optimization", "OptimizeResult"),
    "Vary": ("expdesign.optimization", "Vary"),
    "optimize": ("expdesign.optimization", "optimize"),
    "parse_vary": ("expdesign.optimization", "parse_vary"),
    "PaperCheckRow": ("expdesign.paper_check", "Row"),
    "paper_check_rows": ("expdesign.paper_check", "collect"),
    "format_paper_check": ("expdesign.paper_check", "format_table"),
    "paper_check_json": ("expdesign.paper_check", "to_json_list"),
    "write_schemas": ("expdesign.schema", "write"),
    "stale_schemas": ("expdesign.schema", "stale"),
    "Plan": ("expdesign.plan", "Plan"),
    "format_quantity": ("expdesign.plan", "format_quantity"),
    "Planner": ("expdesign.planner", "Planner"),
    "PlannerSettings": ("expdesign.planner", "PlannerSettings"),
    "analyse_sensitivity": ("expdesign.planner.sensitivity", "analyse"),
    "parse_set": ("expdesign.scan", "parse_set"),
    "MAX_SCAN_POINTS": ("expdesign.scan", "MAX_SCAN_POINTS"),
    "run_scan": ("expdesign.scan", "run_scan"),
    "study": ("expdesign.studies", "study"),
    "HypothesisGrid": ("expdesign.studies", "HypothesisGrid"),
    "Q_": ("expdesign.units", "Q_"),
    "energy_to_eV": ("expdesign.units", "energy_to_eV"),
    "from_natural": ("expdesign.units", "from_natural"),
    "to_natural": ("expdesign.units", "to_natural"),
    "ureg": ("expdesign.units", "ureg"),
}


def __getattr__(name: str) -> object:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'expdesign' has no attribute {name!r}") from None
    import importlib

    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "__version__",
    # units
    "ureg",
    "Q_",
    "to_natural",
    "from_natural",
    "energy_to_eV",
    # spec
    "load_spec",
    "load_any",
    "load_spec_dict",
    "load_target",
    "load_target_dict",
    "load_shipped_target",
    "SpecError",
    "ExperimentSpec",
    "Target",
    "LaserSystem",
    "CrystalGeometry",
    "Detector",
    "NeutrinoHypothesis",
    # planning
    "Planner",
    "PlannerSettings",
    "Plan",
    "format_quantity",
    "write_figures",
    "analyse_sensitivity",
    # studies
    "run_scan",
    "MAX_SCAN_POINTS",
    "study",
    "HypothesisGrid",
    "parse_set",
    "optimize",
    "parse_vary",
    "Vary",
    "OptimizeResult",
    "compare",
    "Ranked",
    "format_ranking",
    "ranking_csv",
    # the papers
    "paper_check_rows",
    "format_paper_check",
    "paper_check_json",
    "PaperCheckRow",
    # JSON schemas of the spec and target
    "write_schemas",
    "stale_schemas",
]
