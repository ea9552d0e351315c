"""Pydantic v2 models of an experiment design (they describe; they do not compute)."""

from expdesign.models.detector import Detector, SensorPosition
from expdesign.models.geometry import CrystalGeometry
from expdesign.models.hypothesis import NeutrinoHypothesis, SterileState
from expdesign.models.lasers import AngleScan, Laser, LaserSystem
from expdesign.models.spec import (
    PATH_ROLES,
    ExperimentSpec,
    Overrides,
    load_shipped_target,
    shipped_target_names,
)
from expdesign.models.target import (
    CollisionalBroadening,
    GFactor,
    Level,
    Lifetime,
    LSMixing,
    NonradiativeRate,
    Target,
    Transition,
    Width,
)
from expdesign.models.uncertainty import InputUncertainty

__all__ = [
    "CollisionalBroadening",
    "AngleScan",
    "CrystalGeometry",
    "Detector",
    "ExperimentSpec",
    "GFactor",
    "InputUncertainty",
    "Laser",
    "LaserSystem",
    "Level",
    "LSMixing",
    "Lifetime",
    "NeutrinoHypothesis",
    "NonradiativeRate",
    "Overrides",
    "PATH_ROLES",
    "SensorPosition",
    "SterileState",
    "Target",
    "Transition",
    "Width",
    "load_shipped_target",
    "shipped_target_names",
]
