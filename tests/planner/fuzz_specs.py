"""Valid perturbed specs for the Planner fuzz test (tests/planner/test_fuzz_plans.py).

:func:`perturbed_specs` draws, from a seeded generator, specs that start from a shipped
example and change 1-6 fields, each to a value across the field's allowed range (its
bounds included): tiny and large crystals, zero lightest mass, IO, extreme CP phases,
sensor positions inside and far outside the crystal, applied fields in T, G, nG, fT,
noise densities in fT/Hz^0.5 and nG/Hz^0.5, extreme intensities, delays, densities,
imprints.  A draw the models reject is redrawn; only valid specs are yielded.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

from expdesign.io import SpecError, load_spec_dict
from expdesign.models import ExperimentSpec

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "schemas" / "examples"
BASES = {p.stem: json.loads(p.read_text("utf-8")) for p in sorted(EX.glob("*.json"))}

Mutator = Callable[[random.Random, dict], None]


def _log(rng: random.Random, lo: float, hi: float) -> float:
    return 10 ** rng.uniform(lo, hi)


def _pick(rng: random.Random, edges: list[str], lo: float, hi: float, unit: str) -> str:
    """A bound of the field (``edges``) half the time, else log-uniform in [lo, hi]."""
    if rng.random() < 0.5:
        return rng.choice(edges)
    return f"{_log(rng, lo, hi):.6g} {unit}"


def _angle(rng: random.Random) -> str:
    return rng.choice(["-360 deg", "360 deg", "0 deg", "180 deg", "-180 deg", "1e-9 deg",
                       f"{rng.uniform(-360, 360):.6g} deg", f"{rng.uniform(-6.28, 6.28):.5g} rad"])


def _geometry(rng, d):
    g = d["geometry"]
    key = rng.choice(["radius", "length"])
    g[key] = _pick(rng, ["1e-6 cm", "1 um", "1e4 cm", "100 m", "1 nm"], -6, 4, "cm")


def _applied_field(rng, d):
    g = d["geometry"]
    g["applied_field"] = rng.choice(["0 G", "100 G", "99.9 G", "20 mT", "100 T", "1e6 G",
                                     "1e11 nG", "1e13 fT", "1 nG", "0.01 T",
                                     f"{_log(rng, -9, 2):.4g} T"])
    if rng.random() < 0.5:
        g["zeeman_resolved_lasers"] = rng.random() < 0.5


def _c_axis(rng, d):
    g = d["geometry"]
    g["c_axis"] = rng.choice(["parallel_k1", "in_laser_plane", "normal_to_plane"])
    g.pop("c_axis_angle", None)
    if g["c_axis"] == "in_laser_plane":
        g["c_axis_angle"] = _angle(rng)


def _hypothesis(rng, d):
    hs = d["hypotheses"]
    h = rng.choice(hs)
    k = rng.choice(["lightest_mass", "ordering", "nature", "delta", "alpha", "beta",
                    "oscillation_set", "sin2_theta_w"])
    if k == "lightest_mass":
        h[k] = rng.choice(["0 eV", "0 meV", "10 eV", "1e-9 eV", "50 meV",
                           f"{_log(rng, -6, 1):.4g} eV"])
    elif k == "ordering":
        h[k] = rng.choice(["NO", "IO"])
    elif k == "nature":
        h[k] = rng.choice(["dirac", "majorana"])
    elif k == "oscillation_set":
        h[k] = rng.choice(["pdg2018", "nufit60"])
    elif k == "sin2_theta_w":
        h[k] = rng.choice([0.2000001, 0.2599999, rng.uniform(0.2, 0.26)])
    else:
        h[k] = _angle(rng)


def _hypothesis_count(rng, d):
    hs = d["hypotheses"]
    n = rng.choice([1, 1, 2, len(hs)])
    d["hypotheses"] = hs[:n]


def _laser(rng, d):
    las = rng.choice(d["lasers"]["lasers"])
    k = rng.choice(["intensity", "direction", "linewidth", "polarization"])
    if k == "intensity":
        las[k] = _pick(rng, ["1e15 W/cm^2", "1e-30 W/cm^2", "1 pW/cm^2"], -12, 14, "W/cm^2")
    elif k == "direction":
        las[k] = _angle(rng)
    elif k == "linewidth":
        las[k] = rng.choice(["0 /s", "1e18 /s", "100 Hz", "62.8 MHz",
                             f"{_log(rng, -3, 15):.4g} /s"])
    else:
        las[k] = rng.choice(["linear", "circular", "unpolarized"])


def _timing(rng, d):
    ls = d["lasers"]
    k = rng.choice(["trigger_delay", "trigger_rise_time", "cycle_duration",
                    "repetition_rate"])
    if k in ("trigger_delay", "trigger_rise_time"):
        ls[k] = _pick(rng, ["0 s", "1e8 s", "1 ns"], -12, 3, "s")
    elif k == "cycle_duration":
        if rng.random() < 0.5:
            ls.pop("repetition_rate", None)
        ls[k] = _pick(rng, ["1e-15 s", "1e8 s", "1 us"], -9, 2, "s")
    else:
        if rng.random() < 0.5:
            ls.pop("cycle_duration", None)
        ls[k] = _pick(rng, ["1e12 Hz", "1e-8 Hz", "1 Hz"], -3, 9, "Hz")


def _detector(rng, d):
    det = d["detector"]
    k = rng.choice(["kind", "noise", "sensor", "xi", "efficiency", "background",
                    "resolution"])
    if k == "kind":
        det["kind"] = rng.choice(["magnetometer", "photon_counter"])
        if det["kind"] == "magnetometer":
            det.setdefault("noise_density", "1 fT/Hz^0.5")
            det.setdefault("sensor_position", {"axial": "1.5 cm", "radial": "0 cm"})
    elif k == "noise":
        det["noise_density"] = rng.choice(["1 fT/Hz^0.5", "1 T/Hz^0.5", "1e-30 T/Hz^0.5",
                                           "10 nG/Hz^0.5", "1e-3 nG/Hz^0.5",
                                           f"{_log(rng, -18, 0):.4g} T/Hz^0.5"])
    elif k == "sensor":
        det["sensor_position"] = {
            "axial": rng.choice(["0 cm", "1e4 cm", "-1e4 cm", "1.5 cm", "0.5 cm",
                                 f"{rng.uniform(-20, 20):.4g} cm"]),
            "radial": rng.choice(["0 cm", "1e4 cm", "-3 cm", "0.2 cm"])}
    elif k == "xi":
        det["xi"] = rng.choice([1e-300, 1.0, 0.5, 1e-6])
    elif k == "efficiency":
        det["efficiency"] = rng.choice([1e-300, 1.0, 0.1])
    elif k == "background":
        det["background_rate"] = rng.choice(["0 /s", "1e18 /s", "1e-9 /s", "1 Hz"])
    else:
        det["angular_resolution"] = rng.choice(["1e-12 deg", "360 deg", "0.001 deg",
                                                "1 deg"])
        if rng.random() < 0.5:
            det["resolution_shape"] = rng.choice(["gaussian", "tophat"])


def _overrides(rng, d):
    ov = d.setdefault("overrides", {})
    k = rng.choice(["spin_relaxation_T1", "gamma_ep", "inhomogeneous_width",
                    "dephasing_rate", "number_density", "ranp_eta", "four_photon_dipole",
                    "drop"])
    if k == "drop":
        ov.pop(rng.choice(list(ov) or ["x"]), None)
    elif k == "spin_relaxation_T1":
        ov[k] = _pick(rng, ["1e-15 s", "1e8 s", "10 ms"], -9, 6, "s")
    elif k in ("gamma_ep", "inhomogeneous_width", "dephasing_rate"):
        ov[k] = _pick(rng, ["1e-12 /s", "1e18 /s", "100 Hz"], -3, 15, "/s")
    elif k == "four_photon_dipole":
        ov[k] = rng.choice(["1e-30 debye", "1000 debye", "0.02 debye", "1 e*a_0"])
    elif k == "number_density":
        ov[k] = _pick(rng, ["1e24 cm^-3", "1e-10 cm^-3", "1 cm^-3"], 0, 24, "cm^-3")
    else:
        ov[k] = rng.choice([1e-300, 1.0, 0.5])


def _ranp_imprint(rng, d):
    if d["process"] != "RANP" or "imprint_r" not in d["lasers"]:
        return
    d["lasers"]["imprint_r"] = rng.choice([-1.0, 1.0, 0.0, -0.3653, -0.3654,
                                           rng.uniform(-1, 1)])


def _angles(rng, d):
    a = d.get("angles")
    if a is None or rng.random() < 0.2:
        d.pop("angles", None)
        return
    lo = rng.uniform(-360, 359)
    hi = rng.choice([360.0, lo + 1e-9, rng.uniform(lo, 360)])
    if hi <= lo:
        hi = 360.0
    d["angles"] = {"start": f"{lo:.12g} deg", "stop": f"{hi:.12g} deg",
                   "points": rng.choice([2, 3])}


def _drives(rng, d):
    """Drop 'drives' of the excitation lasers (RENP keeps its photon energies)."""
    for las in d["lasers"]["lasers"]:
        if las["role"] == "excitation" and "photon_energy" in las and rng.random() < 0.7:
            las.pop("drives", None)


MUTATORS: list[Mutator] = [_geometry, _applied_field, _c_axis, _hypothesis, _hypothesis,
                           _hypothesis_count, _laser, _timing, _detector, _detector,
                           _overrides, _ranp_imprint, _angles, _drives]


def perturbed_specs(n: int, seed: int, max_tries: int = 20) -> Iterator[tuple[str, dict,
                                                                              ExperimentSpec]]:
    """Yield ``n`` valid perturbed specs as ``(label, data, spec)``; the label names the
    base example, the seed and the draw, so a failure can be replayed."""
    rng = random.Random(seed)
    names = sorted(BASES)
    made = 0
    draw = 0
    while made < n:
        draw += 1
        for _ in range(max_tries):
            name = names[made % len(names)]
            d = copy.deepcopy(BASES[name])
            for _ in range(rng.randint(1, 6)):
                rng.choice(MUTATORS)(rng, d)
            try:
                spec = load_spec_dict(d, base_dir=EX)
            except SpecError:
                continue
            yield f"{name}/seed{seed}/draw{draw}", d, spec
            made += 1
            break
        else:
            raise RuntimeError(f"no valid spec after {max_tries} tries (seed {seed})")
