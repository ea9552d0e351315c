"""Mutated valid specs only ever give a clean validation error or a valid object."""

import copy
import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from expdesign.io import SpecError, load_spec_dict
from expdesign.models import ExperimentSpec

ROOT = Path(__file__).resolve().parents[2]
SPECS = [json.loads(p.read_text()) for p in sorted((ROOT / "schemas/examples").glob("*.json"))]

leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["1 cm", "-1 cm", "0 eV", "1e400 eV", "nan cm", "10 mW/cm^2", "59 deg",
                     "1 /s", "3 T", "1 fT/Hz^0.5", "g", "e", "p", "q", "zz", "RENP", "RANP",
                     "NO", "IO", "majorana", "1e19 cm^-3", "1 meV", "5152 cm^-1", "1 Hz",
                     "(", "1 cm cm cm", "2**1000 m", "1/0 s", "10 mW / cm ^ 2 ^ 2"]),
    st.lists(st.sampled_from(["g", "q", "e", "p", 1, None]), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*prefix, i))


@st.composite
def mutated_spec(draw):
    base = copy.deepcopy(draw(st.sampled_from(SPECS)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(base) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = base
        for k in path[:-1]:
            parent = parent[k]
        action = draw(st.sampled_from(["set", "delete", "add"]))
        key = path[-1]
        if action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(leaf)
        else:
            parent[key] = draw(leaf)
    return base


@settings(max_examples=2000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_spec())
def test_mutations_give_clean_result(data):
    try:
        spec = load_spec_dict(data, "fuzz.json")
    except SpecError as err:
        assert err.problems
        for p in err.problems:
            text = str(p)
            assert text.startswith("fuzz.json")
            assert "Traceback" not in text
        return
    assert isinstance(spec, ExperimentSpec)
    # a valid object is really valid: finite quantities and a round trip
    again = load_spec_dict(json.loads(spec.model_dump_json()), "again.json")
    assert again == spec
    assert math.isfinite(spec.geometry.length.to("cm").m)
