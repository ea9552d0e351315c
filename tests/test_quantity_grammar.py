"""The strict quantity grammar: what it accepts, what it refuses, and that pint agrees."""

import json
import time
from pathlib import Path

import pytest

from expdesign.io import SpecError, load_spec_dict
from expdesign.quantity_grammar import QuantitySyntaxError, check_quantity_text
from expdesign.units import UnitConversionError, parse_quantity, ureg

ROOT = Path(__file__).resolve().parents[1]
SPECS = [json.loads(p.read_text()) for p in sorted((ROOT / "schemas/examples").glob("*.json"))]

ACCEPTED = [
    # (text, magnitude, unit that pint gives for it)
    ("1.5 cm", 1.5, "cm"),
    ("1.4e19 cm^-3", 1.4e19, "cm**-3"),
    ("1.4E+19 cm**-3", 1.4e19, "cm**-3"),
    ("10 mW/cm^2", 10, "mW/cm**2"),
    ("10 mW / cm ^ 2", 10, "mW/cm**2"),
    ("24.82 /s", 24.82, "1/s"),
    ("24.82 1/s", 24.82, "1/s"),
    ("-0.1 meV", -0.1, "meV"),
    ("+.5 eV", 0.5, "eV"),
    ("5152 cm^-1", 5152, "1/cm"),
    ("1 fT/Hz^0.5", 1, "fT/Hz**0.5"),
    ("1 fT/sqrt(Hz)", 1, "fT/Hz**0.5"),
    ("3 nG/Hz^0.5", 3, "nG/Hz**0.5"),
    ("2 uT", 2, "uT"),
    ("100 G", 100, "G"),
    ("59 deg", 59, "deg"),
    ("1 kg m/s^2", 1, "kg*m/s**2"),
    ("1 kg*m/s**2", 1, "kg*m/s**2"),
    ("10mW", 10, "mW"),
    ("0.5", 0.5, ""),
    ("1 J/K^1.5", 1, "J/K**1.5"),
]


@pytest.mark.parametrize(("text", "mag", "unit"), ACCEPTED)
def test_accepted_forms_mean_what_they_say(text, mag, unit):
    q = parse_quantity(text)
    ref = ureg.Quantity(mag, unit) if unit else ureg.Quantity(mag, "dimensionless")
    assert q.units == ref.units
    assert float(q.magnitude) == pytest.approx(mag, rel=1e-15)


REFUSED = [
    # the examples: pint would evaluate, overflow or read another value
    ("9**9**9 cm", "no arithmetic on the number ('*' after '9')"),
    ("10**400 cm", "no arithmetic on the number ('*' after '10')"),
    ("1,5 cm", "unexpected ','"),
    ("2.5.3 cm", "unexpected '.'"),
    ("1 2 cm", "expected a unit name at '2 cm'"),
    ("cm", "does not start with a number"),
    # more arithmetic and garbage
    ("1e400 eV", "not a finite float"),
    ("1/(69.9 /s)", "expected a unit name at '(69.9 /s)'"),
    ("2*3 cm", "no arithmetic on the number"),
    ("1 cm + 1 cm", "expected a unit name at '+ 1 cm'"),
    ("(1 cm)", "does not start with a number"),
    ("nan cm", "does not start with a number"),
    ("inf eV", "does not start with a number"),
    ("1 cm^2^2", "unexpected '^'"),
    ("1 cm^100", "power 100 is not a small integer"),
    ("1 cm^0.3", "power 0.3 is not a small integer"),
    ("1 cm^(1/2)", "unexpected '^'"),
    ("1 cm/", "ends with an operator"),
    ("1 cm2", "unexpected '2'"),
    ("", "empty string"),
    ("   ", "empty string"),
    ("1" * 50 + " cm", "more than 40 characters"),
    ("1 " + "cm*" * 60 + "cm", "longer than 120 characters"),
    ("1 sqrt(sqrt(Hz))", "unexpected '('"),
]


@pytest.mark.parametrize(("text", "why"), REFUSED)
def test_refused_forms_say_why_and_what_is_expected(text, why):
    t0 = time.perf_counter()
    with pytest.raises(QuantitySyntaxError, match="expected a number and a unit") as err:
        check_quantity_text(text)
    assert why in str(err.value)
    with pytest.raises(UnitConversionError, match="not a quantity"):
        parse_quantity(text)
    assert time.perf_counter() - t0 < 1.0  # "9**9**9" hung pint's evaluator


def test_huge_but_finite_integer_literal_is_refused_before_pint():
    # 4301 digits: Python's int() refuses it (ValueError) - and it is not finite as a float
    with pytest.raises(UnitConversionError, match="longer than 120 characters"):
        parse_quantity("1" * 4301 + " cm")


def test_unknown_unit_name_is_pint_s_error_clean():
    with pytest.raises(UnitConversionError, match="cannot parse 'bogus'|cannot parse '1 bogus'"):
        parse_quantity("1 bogus")


@pytest.mark.parametrize("text", ["1,5 cm", "2.5.3 cm", "1 2 cm", "cm", "9**9**9 cm",
                                  "10**400 cm"])
def test_spec_field_error_names_the_field(text):
    data = json.loads(json.dumps(SPECS[0]))
    data["geometry"]["length"] = text
    with pytest.raises(SpecError, match="geometry.length: .*expected a number and a unit"):
        load_spec_dict(data, "x.json")


def test_model_dump_strings_match_the_grammar():
    from expdesign.models import ExperimentSpec

    for data in SPECS:
        spec = load_spec_dict(data, "x.json")
        again = ExperimentSpec.model_validate(json.loads(spec.model_dump_json()))
        assert again == spec
