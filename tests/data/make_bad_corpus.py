"""Regenerate the corpus of bad inputs in tests/data/bad/ (run from the repo root).

Each case is a mutation of the Er reference spec (or target) or a raw byte file,
with the exit code ``expdesign validate`` must give and a fragment its message
must contain (a field path or a position).  ``index.json`` lists them.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "bad"
SPEC = json.loads((ROOT / "schemas/examples/er_ylf_renp.json").read_text())
TARGET = json.loads((ROOT / "targets/er_ylf.json").read_text())


def spec_with(fn):
    d = copy.deepcopy(SPEC)
    fn(d)
    return d


def target_with(fn):
    d = copy.deepcopy(TARGET)
    fn(d)
    return d


def setp(d, path, value):
    cur = d
    for k in path[:-1]:
        cur = cur[k]
    cur[path[-1]] = value


CASES: list[tuple[str, object, int, str]] = []


def case(name, data, code, fragment):
    CASES.append((name, data, code, fragment))


# --- spec mutations (exit 1) ---------------------------------------------------
case("bare_number_length", spec_with(lambda d: setp(d, ["geometry", "length"], 2)), 1,
     "geometry.length")
case("wrong_dimension_length", spec_with(lambda d: setp(d, ["geometry", "length"], "2 s")), 1,
     "geometry.length")
case("negative_length", spec_with(lambda d: setp(d, ["geometry", "radius"], "-1 cm")), 1,
     "geometry.radius")
case("zero_length", spec_with(lambda d: setp(d, ["geometry", "length"], "0 cm")), 1,
     "geometry.length")
case("absurd_length", spec_with(lambda d: setp(d, ["geometry", "length"], "3 km")), 1,
     "geometry.length")
case("unknown_field_top", spec_with(lambda d: setp(d, ["colour"], "blue")), 1, "colour")
case("unknown_field_nested", spec_with(lambda d: setp(d, ["geometry", "height"], "1 cm")), 1,
     "geometry.height")
case("bare_number_intensity",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 0, "intensity"], 10)), 1,
     "lasers.lasers.0.intensity")
case("intensity_wrong_dim",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 0, "intensity"], "10 mW")), 1,
     "lasers.lasers.0.intensity")
case("negative_intensity",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 1, "intensity"], "-9 mW/cm^2")), 1,
     "lasers.lasers.1.intensity")
case("absurd_intensity",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 1, "intensity"], "1e30 W/cm^2")), 1,
     "lasers.lasers.1.intensity")
case("laser_off_transition",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 1, "photon_energy"], "1.2 eV")), 1,
     "off its transition")
case("laser_drives_missing_level",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 0, "drives"], ["g", "zz"])), 1,
     "'zz'")
case("path_missing_level", spec_with(lambda d: setp(d, ["path", "p"], "x")), 1, "path.p")
case("path_missing_role", spec_with(lambda d: d["path"].pop("q")), 1, "missing q")
case("unknown_process", spec_with(lambda d: setp(d, ["process"], "RAMP")), 1, "process")
case("unknown_target_name", spec_with(lambda d: setp(d, ["target"], "unobtainium")), 1,
     "unobtainium")
case("target_file_missing", spec_with(lambda d: setp(d, ["target"], "nowhere/t.json")), 1,
     "not found")
case("angle_without_unit",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 1, "direction"], "141.61")), 1,
     "lasers.lasers.1.direction")
case("angle_out_of_range",
     spec_with(lambda d: setp(d, ["lasers", "lasers", 1, "direction"], "900 deg")), 1,
     "lasers.lasers.1.direction")
case("nan_quantity", spec_with(lambda d: setp(d, ["geometry", "radius"], "nan cm")), 1,
     "geometry.radius")
case("infinite_quantity", spec_with(lambda d: setp(d, ["geometry", "radius"], "inf cm")), 1,
     "geometry.radius")
case("garbage_quantity", spec_with(lambda d: setp(d, ["geometry", "radius"], "one cm")), 1,
     "geometry.radius")
case("empty_hypotheses", spec_with(lambda d: setp(d, ["hypotheses"], [])), 1, "hypotheses")
case("negative_mass",
     spec_with(lambda d: setp(d, ["hypotheses", 0, "lightest_mass"], "-10 meV")), 1,
     "hypotheses.0.lightest_mass")
case("unknown_ordering", spec_with(lambda d: setp(d, ["hypotheses", 0, "ordering"], "XO")), 1,
     "hypotheses.0.ordering")
case("unknown_oscillation_set",
     spec_with(lambda d: setp(d, ["hypotheses", 0, "oscillation_set"], "nufit99")), 1,
     "hypotheses.0.oscillation_set")
case("magnetometer_without_noise", spec_with(lambda d: d["detector"].pop("noise_density")), 1,
     "noise_density")
case("efficiency_above_one", spec_with(lambda d: setp(d, ["detector", "efficiency"], 1.5)), 1,
     "detector.efficiency")
case("no_trigger", spec_with(lambda d: setp(d, ["lasers", "lasers", 2, "role"], "excitation")),
     1, "trigger")
case("scan_reversed", spec_with(lambda d: setp(d, ["angles", "stop"], "10 deg")), 1, "angles")
case("cycle_longer_than_period",
     spec_with(lambda d: setp(d, ["lasers", "cycle_duration"], "20 ms")), 1, "cycle_duration")
case("top_level_array", [SPEC], 1, "JSON object")
case("string_for_object", spec_with(lambda d: setp(d, ["geometry"], "big")), 1, "geometry")

# --- target mutations (exit 1) --------------------------------------------------
case("target_mj_sum_1_3", target_with(lambda d: setp(d, ["levels", 0, "mj_composition"],
                                                      {"5/2": 0.7, "3/2": 0.6})), 1,
     "levels.0.mj_composition")
case("target_mj_negative", target_with(lambda d: setp(d, ["levels", 0, "mj_composition"],
                                                        {"5/2": -0.2})), 1,
     "levels.0.mj_composition")
case("target_mj_not_projection", target_with(lambda d: setp(d, ["levels", 2, "mj_composition"],
                                                             {"13/2": 0.2})), 1, "M_J")
case("target_transition_missing_level",
     target_with(lambda d: setp(d, ["transitions", 0, "lower"], "zz")), 1, "'zz'")
case("target_upward_transition",
     target_with(lambda d: setp(d, ["transitions", 0], {"upper": "g", "lower": "p",
                                                         "A_md": "1 /s", "source": "x"})), 1,
     "upward")
case("target_rate_wrong_dim",
     target_with(lambda d: setp(d, ["transitions", 0, "A_md"], "24.82 cm")), 1,
     "transitions.0.A_md")
case("target_negative_rate",
     target_with(lambda d: setp(d, ["transitions", 0, "A_md"], "-24.82 /s")), 1,
     "transitions.0.A_md")
case("target_half_integer_J", target_with(lambda d: setp(d, ["levels", 0, "J"], 7.3)), 1,
     "levels.0.J")
case("target_duplicate_label", target_with(lambda d: setp(d, ["levels", 1, "label"], "g")), 1,
     "duplicate")
case("target_absurd_density",
     target_with(lambda d: setp(d, ["number_density", "value"], "1e40 cm^-3")), 1,
     "number_density.value")
case("target_missing_source", target_with(lambda d: d["levels"][0].pop("source")), 1,
     "levels.0.source")
case("target_index_below_one",
     target_with(lambda d: setp(d, ["refractive_index", "value"], 0.5)), 1,
     "refractive_index.value")

# --- raw files (exit 2, or 1 for NaN/Infinity which land in a field) -------------
RAW: list[tuple[str, bytes, int, str]] = [
    ("malformed_json", b'{"name": "x",\n "process": }', 2, "line 2 column"),
    ("empty_file", b"", 2, "empty"),
    ("whitespace_only", b"  \n\t\n", 2, "empty"),
    ("non_utf8", b'{"name": "caf\xe9"}', 2, "not UTF-8"),
    ("trailing_garbage", json.dumps(SPEC).encode() + b" }", 2, "line 1 column"),
    ("nan_token", json.dumps({**SPEC, "detector": {**SPEC["detector"], "xi": "__NAN__"}})
     .replace('"__NAN__"', "NaN").encode(), 1, "detector.xi"),
    ("infinity_token", json.dumps({**SPEC, "detector": {**SPEC["detector"],
                                   "efficiency": "__INF__"}}).replace('"__INF__"', "Infinity")
     .encode(), 1, "detector.efficiency"),
]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for p in OUT.glob("*.json"):
        p.unlink()
    index = []
    for name, data, code, frag in CASES:
        fname = f"{name}.json"
        (OUT / fname).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        index.append({"file": fname, "exit": code, "fragment": frag})
    for name, raw, code, frag in RAW:
        fname = f"{name}.json"
        (OUT / fname).write_bytes(raw)
        index.append({"file": fname, "exit": code, "fragment": frag})
    (OUT / "index.txt").write_text(json.dumps(index, indent=1) + "\n")
    print(f"wrote {len(index)} bad inputs to {OUT}")


if __name__ == "__main__":
    main()
