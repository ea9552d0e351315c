"""The experiment spec: target, level path, lasers, geometry, detector, hypotheses.

Level paths (each process declares its roles):

* **RENP** (seed 001): two-photon excitation g -> q -> e (lasers on g->q and
  q->e), pair emission e -> p, trigger p <-> g (stimulated signal photon
  p -> g).
* **RANP** (seed 000): counter-propagating two-photon excitation g -> e with
  omega_1 + omega_2 = eps_eg (no resonant intermediate level), trigger e -> p,
  signal photon p -> q, pair emission q -> g (elastic case q = e).
* **RENP_ATOMIC** (atoms in a gas, Dinh et al. PLB 719 (2013) 154): two-photon
  excitation g -> e, pair emission and trigger-stimulated photon e -> g through the
  off-resonant level p (above or below e); trigger frequency scanned
  (:mod:`expdesign.models.gas`).
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from expdesign.models.base import StrictModel
from expdesign.models.detector import Detector
from expdesign.models.gas import AtomicRenpOptions, check_atomic_spec
from expdesign.models.geometry import CrystalGeometry
from expdesign.models.hypothesis import NeutrinoHypothesis
from expdesign.models.lasers import AngleScan, LaserSystem
from expdesign.models.quantities import (
    DipoleMoment,
    NumberDensity,
    PositiveRate,
    PositiveTime,
    Temperature,
)
from expdesign.models.target import LABEL_PATTERN, Target
from expdesign.models.uncertainty import InputUncertainty
from expdesign.units import energy_to_eV

__all__ = ["Overrides", "ExperimentSpec", "PATH_ROLES", "shipped_target_names",
           "load_shipped_target", "user_target_dirs", "TARGETS_ENV"]

TARGETS_ENV = "EXPDESIGN_TARGETS"
"""Environment variable: folders (``os.pathsep``-separated) searched for user targets."""

PATH_ROLES: dict[str, tuple[str, ...]] = {
    "RENP": ("g", "q", "e", "p"),
    "RANP": ("g", "e", "p", "q"),
    "RENP_ATOMIC": ("g", "e", "p"),
}
"""Roles of the level path per process (see the module docstring)."""


def _targets_dir():
    """The shipped targets: package data of ``expdesign.targets`` when installed,
    else the ``targets/`` folder beside the source tree."""
    try:
        return resources.files("expdesign.targets")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "targets"


def shipped_target_names() -> list[str]:
    """Bare names of the targets shipped with the package (``er_ylf``, ...)."""
    files = _targets_dir()
    return sorted(p.name.removesuffix(".json") for p in files.iterdir()
                  if p.name.endswith(".json"))


@lru_cache(maxsize=32)
def _shipped_text(name: str) -> str:
    return _targets_dir().joinpath(f"{name}.json").read_text("utf-8")


def load_shipped_target(name: str) -> Target:
    """Load a shipped target by bare name (works from a non-editable install).

    Validated once per process and cached; each call returns an independent deep copy.
    """
    if name not in shipped_target_names():
        raise ValueError(f"no shipped target named {name!r}; shipped: "
                         f"{', '.join(shipped_target_names())}")
    return _validated_shipped(name).model_copy(deep=True)


@lru_cache(maxsize=32)
def _validated_shipped(name: str) -> Target:
    return Target.model_validate_json(_shipped_text(name))


class Overrides(StrictModel):
    """Design inputs that replace target data or paper defaults (each stated in the Plan)."""

    spin_relaxation_T1: PositiveTime | None = None
    gamma_ep: PositiveRate | None = Field(
        default=None, description="the whole width entering h_r (seed 001 eq. 7-8, angular "
        "FWHM); replaces the width the Planner composes from the target's widths and decay "
        "rates. Use inhomogeneous_width to replace only the inhomogeneous part")
    inhomogeneous_width: PositiveRate | None = Field(
        default=None, description="inhomogeneous FWHM (Gaussian) of the trigger transition "
        "(RENP: p-g, RANP: e-p); replaces the target's. Hz is cyclic, s^-1 angular")
    tailored_class_width: PositiveRate | None = Field(
        default=None, description="RENP spectral tailoring: only the ions in a class of this "
        "width (a window centred on the trigger's class, prepared by spectral hole burning or "
        "optical pumping) take part, with that class's coherence; the density becomes n "
        "times the line's weight inside the window. Hz is cyclic, s^-1 angular. RANP: "
        "rejected")
    inhomogeneous_correlation: Literal["correlated", "independent"] | None = Field(
        default=None, description="RENP inhomogeneous broadening: 'correlated' (the default) "
        "(one static shift per ion moves g-q, q-e and p-g in proportion to their own "
        "inhomogeneous FWHMs) or 'independent' (each broadened transition has its own "
        "independent shift: a nested average, docs/coherence.md). With only one broadened "
        "transition (the shipped targets: the trigger) the two are the same average. RANP "
        "and RENP_ATOMIC: rejected unless 'correlated'")
    dephasing_rate: PositiveRate | None = Field(
        default=None, description="pure dephasing rate of each excited level in the Bloch "
        "engine (g: 0); replaces the dephasing derived from the target's homogeneous widths")
    number_density: NumberDensity | None = Field(
        default=None, description="density of the ions/atoms taking part (replaces the "
        "target's; needed where the target gives none)")
    ranp_eta: float | None = Field(default=None, gt=0.0, le=1.0, allow_inf_nan=False,
                                   description="RANP coherence factor eta (seed 000 eq. 4-8)")
    four_photon_dipole: DipoleMoment | None = Field(
        default=None, description="RENP: typical E1 dipole d of the QED four-photon "
        "background e -> g + 4 gamma (seed 001 sec. V: (d^2/3)^3 ~ 1e-39 eV^-6, d ~ 0.02 "
        "debye); without it the four-photon check is not evaluable")

    @model_validator(mode="after")
    def _one_width(self) -> Overrides:
        if self.gamma_ep is not None and self.inhomogeneous_width is not None:
            raise ValueError("overrides.gamma_ep is the whole width in h_r and would ignore "
                             "overrides.inhomogeneous_width: give one of them")
        return self


class ExperimentSpec(StrictModel):
    """A complete, validated experiment design.

    ``target`` is a path relative to the spec file, the bare name of a shipped
    target (``"er_ylf"``) or an inline target object.  ``hypotheses[0]`` is the
    assumed truth; the others are the alternatives to discriminate against.
    """

    schema_version: Literal["1"] = "1"
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=4000)
    process: Literal["RENP", "RANP", "RENP_ATOMIC"]
    target: str | Target
    path: dict[str, str] = Field(description="level label of each role of the process")
    lasers: LaserSystem
    geometry: CrystalGeometry
    detector: Detector
    hypotheses: list[NeutrinoHypothesis] = Field(min_length=1, max_length=50)
    angles: AngleScan | None = Field(
        default=None, description="RENP: trigger directions theta_s set one after another; "
        "RANP: signal-photon emission angles resolved by the detector. Default: chosen by "
        "the Planner around the kinematic features")
    temperature: Temperature | None = Field(
        default=None, description="temperature of the target during the experiment; "
        "carries the target's non-radiative rates to it (energy-gap law) and is compared "
        "with the temperatures of its widths. Default: the temperatures of the target's data")
    overrides: Overrides = Field(default_factory=Overrides)
    uncertainties: list[InputUncertainty] = Field(
        default_factory=list, max_length=100,
        description="uncertainties of the design's inputs (each with a source); the Plan "
        "then carries the sensitivity section with uncertainty bands")
    atomic: AtomicRenpOptions | None = Field(
        default=None, description="RENP_ATOMIC only: trigger-frequency scan, coherence, "
        "spin matrix element (expdesign.models.gas)")

    _target: Target | None = None

    @field_validator("target")
    @classmethod
    def _target_ref(cls, v: str | Target) -> str | Target:
        if isinstance(v, str) and not v:
            raise ValueError("target must name a shipped target, a file, or be inline")
        return v

    @field_validator("path")
    @classmethod
    def _labels(cls, v: dict[str, str]) -> dict[str, str]:
        import re

        for role, lab in v.items():
            if not re.match(LABEL_PATTERN, lab):
                raise ValueError(f"path.{role}: {lab!r} is not a level label")
        return v

    @model_validator(mode="after")
    def _cross(self, info: ValidationInfo) -> ExperimentSpec:
        base = (info.context or {}).get("base_dir") if info is not None else None
        self._target = resolve_target(self.target, base)
        tgt = self._target
        roles = PATH_ROLES[self.process]
        missing = [r for r in roles if r not in self.path]
        extra = [r for r in self.path if r not in roles]
        if missing or extra:
            raise ValueError(
                f"path for {self.process} needs exactly the roles {', '.join(roles)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(extra)}" if extra else ""))
        labels = {lv.label for lv in tgt.levels}
        for role, lab in self.path.items():
            if lab not in labels:
                raise ValueError(f"path.{role} = {lab!r} is not a level of target "
                                 f"{tgt.name!r} (levels: {', '.join(sorted(labels))})")
        if self.process != "RENP" and self.overrides.inhomogeneous_correlation == "independent":
            raise ValueError("overrides.inhomogeneous_correlation: the class average over "
                             "the path's transitions is modelled for RENP only (RANP and "
                             "atomic RENP take one trigger width); only 'correlated' is "
                             "accepted")
        if self.process == "RENP_ATOMIC":
            check_atomic_spec(self, tgt)
            return self
        if self.atomic is not None:
            raise ValueError("the 'atomic' block applies to process RENP_ATOMIC only")
        E = {r: tgt.level(self.path[r]).energy_eV for r in roles}
        if self.process == "RENP":
            order = E["g"] < E["p"] < E["e"] and E["g"] < E["q"] < E["e"]
            if not order:
                raise ValueError("RENP path needs E_g < E_p < E_e and E_g < E_q < E_e")
        else:
            if not (E["g"] < E["e"] < E["p"] and E["g"] < E["q"] <= E["p"]):
                raise ValueError("RANP path needs E_g < E_e < E_p and E_g < E_q <= E_p")
        self._check_lasers(tgt)
        if self.process == "RANP" and self.overrides.tailored_class_width is not None:
            raise ValueError("overrides.tailored_class_width: spectral tailoring is modelled "
                             "for RENP only (the RANP rate has no class average)")
        if self.process == "RANP" and self.lasers.trigger_rise_time.to("s").m > 0:
            raise ValueError("lasers.trigger_rise_time: the RANP rate (seed 000) is a steady "
                             "state with no time dependence; remove it (it is used by RENP's "
                             "Bloch engine only)")
        return self

    def _check_lasers(self, tgt: Target) -> None:
        tol = energy_to_eV(self.lasers.energy_tolerance)
        labels = {lv.label for lv in tgt.levels}
        for i, las in enumerate(self.lasers.lasers):
            where = f"lasers.lasers[{i}] ({las.name})"
            if las.drives is not None:
                lo, up = las.drives
                for lab in (lo, up):
                    if lab not in labels:
                        raise ValueError(f"{where} drives level {lab!r}, which is not in "
                                         f"target {tgt.name!r}")
                spacing = tgt.spacing_eV(up, lo)
                if spacing <= 0:
                    raise ValueError(f"{where} drives [{lo}, {up}] but {up} is not above {lo}")
                det = energy_to_eV(las.detuning) if las.detuning is not None else 0.0
                if las.photon_energy is None and spacing + det <= 0:
                    raise ValueError(
                        f"{where}: detuning {1e3 * det:.6g} meV leaves a photon energy of "
                        f"{spacing + det:.6g} eV on {lo}->{up} ({spacing:.6g} eV); a photon "
                        "energy must be positive")
                if las.photon_energy is not None:
                    e = energy_to_eV(las.photon_energy)
                    if abs(e - (spacing + det)) > tol:
                        hint = ("" if las.detuning is not None else
                                "; give a 'detuning' if this is intended")
                        raise ValueError(
                            f"{where}: photon energy {e:.6g} eV is off its transition "
                            f"{lo}->{up} ({spacing:.6g} eV) by {1e3 * (e - spacing):.4g} meV, "
                            f"more than the tolerance {1e3 * tol:.3g} meV{hint}")
        for i, las in enumerate(self.lasers.lasers):
            if las.photon_energy is not None and energy_to_eV(las.photon_energy) <= 0:
                raise ValueError(f"lasers.lasers[{i}] ({las.name}): photon_energy must be "
                                 "positive")
        trig = self.lasers.trigger
        p = self.path
        want = {"RENP": {p["g"], p["p"]}, "RANP": {p["e"], p["p"]}}[self.process]
        if trig.drives is not None and set(trig.drives) != want:
            raise ValueError(f"the trigger of {self.process} drives {sorted(want)}, "
                             f"not {list(trig.drives)}")
        n_exc = len(self.lasers.by_role("excitation"))
        if n_exc != 2:
            raise ValueError(f"{self.process} needs two excitation lasers, got {n_exc}")
        if self.process == "RENP":
            # the Planner takes the laser driving g-q as the first excitation and the one
            # driving q-e as the second; a laser without 'drives' fills the remaining slot
            steps = [{p["g"], p["q"]}, {p["q"], p["e"]}]
            driven = [set(x.drives) for x in self.lasers.by_role("excitation")
                      if x.drives is not None]
            for d in driven:
                if d not in steps:
                    raise ValueError(
                        f"a RENP excitation laser drives {sorted(d)}: it must drive the "
                        f"path's g-q ({p['g']}, {p['q']}) or q-e ({p['q']}, {p['e']}) step")
            if len(driven) == 2 and driven[0] == driven[1]:
                raise ValueError(f"both RENP excitation lasers drive {sorted(driven[0])}; "
                                 "one must drive g-q and the other q-e")
        if self.process == "RANP":
            exc = self.lasers.by_role("excitation")
            eps_eg = tgt.spacing_eV(p["e"], p["g"])
            have = [las.photon_energy for las in exc]
            given = [h for h in have if h is not None]
            if len(given) == len(have):
                tot = sum(energy_to_eV(h) for h in given)
                if abs(tot - eps_eg) > tol:
                    raise ValueError(
                        f"RANP excitation photons sum to {tot:.6g} eV, not eps_eg = "
                        f"{eps_eg:.6g} eV (tolerance {1e3 * tol:.3g} meV)")
            elif self.lasers.imprint_r is None:
                raise ValueError("RANP excitation lasers need photon energies or "
                                 "lasers.imprint_r")
            r = self.lasers.imprint_r
            if r is not None:
                # seed 000 sec. 2: omega_1,2 = (1 +- r) eps_eg / 2, in the lasers' order
                want_w = ((1 + r) * eps_eg / 2, (1 - r) * eps_eg / 2)
                for k, (las, w) in enumerate(zip(exc, want_w, strict=True)):
                    if las.photon_energy is None:
                        continue
                    e = energy_to_eV(las.photon_energy)
                    if abs(e - w) > tol:
                        i = self.lasers.lasers.index(las)
                        raise ValueError(
                            f"lasers.imprint_r = {r:g} and lasers.lasers[{i}].photon_energy "
                            f"= {e:.6g} eV ({las.name}) contradict each other: the imprint "
                            f"gives excitation photon {k + 1} = (1 {'+-'[k]} r) eps_eg / 2 = "
                            f"{w:.6g} eV; give one of the two")

    # ----------------------------------------------------------------- access
    @property
    def resolved_target(self) -> Target:
        """The target object, whether given inline, by file or by shipped name."""
        if self._target is None:  # pragma: no cover - set by the validator
            self._target = resolve_target(self.target, None)
        return self._target

    def level_energy_eV(self, role: str) -> float:
        return self.resolved_target.level(self.path[role]).energy_eV

    def canonical_json(self) -> str:
        """Canonical JSON (sorted keys, no whitespace) used for the spec hash."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))


def resolve_target(ref: str | Target, base_dir: str | Path | None) -> Target:
    """Resolve a target reference: inline object, file path, or shipped bare name."""
    if isinstance(ref, Target):
        return ref
    looks_like_path = ref.endswith(".json") or "/" in ref or "\\" in ref
    if looks_like_path:
        p = Path(ref)
        if not p.is_absolute():
            p = Path(base_dir or ".") / p
        if not p.is_file():
            raise ValueError(f"target file {ref!r} not found (looked at {p})")
        try:
            text = p.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read target file {p}: {exc}") from None
        try:
            return Target.model_validate_json(text)
        except ValueError as exc:
            raise ValueError(f"target file {p} is invalid: {exc}") from None
    if ref in shipped_target_names():
        return load_shipped_target(ref)
    dirs = user_target_dirs(base_dir)
    for d in dirs:
        p = d / f"{ref}.json"
        if p.is_file():
            return resolve_target(str(p.resolve()), None)
    looked = ", ".join(str(d) for d in dirs) or "(none)"
    raise ValueError(
        f"no target named {ref!r}: not shipped ({', '.join(shipped_target_names())}) and "
        f"no {ref}.json in {looked}; put the file in a 'targets' folder beside the spec, "
        f"name the folder in the {TARGETS_ENV} environment variable, or give the target "
        "as a path ending in .json")


def user_target_dirs(base_dir: str | Path | None) -> list[Path]:
    """Folders searched for a target's bare name that is not shipped, in order: those of
    the ``EXPDESIGN_TARGETS`` environment variable (``os.pathsep``-separated), then the
    spec's folder and its ``targets/`` subfolder (``base_dir``, when known)."""
    dirs = [Path(x) for x in os.environ.get(TARGETS_ENV, "").split(os.pathsep) if x.strip()]
    if base_dir is not None:
        dirs += [Path(base_dir) / "targets", Path(base_dir)]
    return dirs
