"""The unit conversions a run uses are pint's, read from a cache instead of building
pint's registry (1.5 s) in every process; only a unit outside the lexicon needs it."""

import itertools
import json
import math
import os
import subprocess
import sys

import pytest

from newsfacts.quantity_compounds import divided_unit
from newsfacts.quantity_lexicon import load_lexicon, registry_for, si_value

LEX = load_lexicon()
UNITS = sorted({(entry[0], entry[1]) for entry in LEX.units.values() if entry[1] in LEX.si_units})


@pytest.mark.parametrize("unit, kind", UNITS)
@pytest.mark.parametrize("value", [0.0, 1.0, 37.5, -12.0, 1_731.0, 2.5e9])
def test_every_lexicon_unit_converts_as_pint_does(unit, kind, value):
    expected = registry_for(LEX).Quantity(value, unit).to(LEX.si_units[kind]).magnitude
    converted, target = si_value(value, unit, kind, LEX)
    assert target == LEX.si_units[kind]
    assert math.isclose(converted, expected, rel_tol=1e-12, abs_tol=1e-9), (unit, value, converted, expected)


def test_a_unit_outside_the_table_still_converts():
    assert si_value(36.0, "km/min", "speed", LEX) == pytest.approx((600.0, "m/s"))


def test_a_damaged_cache_is_computed_again(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    script = ("from newsfacts.quantity_lexicon import load_lexicon, si_value\n"
              "print(si_value(20.0, 'degC', 'temperature', load_lexicon())[0])")
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    (cache,) = (tmp_path / "newsfacts").glob("units-*.json")
    assert json.loads(cache.read_text())["conversions"]["degC"] == [1.0, 273.15, "K"]
    cache.write_text("{not json")
    again = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == again.stdout == "293.15\n"
    assert json.loads(cache.read_text())["conversions"]["degC"] == [1.0, 273.15, "K"]


def test_dividing_units_follows_pints_dimensions():
    """The kinds decide speed, rate or compound exactly as pint's dimensionality does."""
    registry = registry_for(LEX)
    speed, time = registry.Unit("km/h").dimensionality, registry.Unit("s").dimensionality
    for (a, kind_a), (b, kind_b) in itertools.product(UNITS, repeat=2):
        quotient = registry.Unit(f"({a}) / ({b})")
        expected = ("speed" if quotient.dimensionality == speed else
                    None if registry.Unit(b).dimensionality == time else "other")
        found = divided_unit((a, kind_a), (b, kind_b), LEX)
        assert (found[1] if found else None) == expected, (a, b)
        if expected == "other":
            assert found[0] == str(quotient)


def test_an_article_of_common_units_never_builds_pints_registry():
    script = ("import sys\nfrom newsfacts import extract\n"
              "doc = extract('The 30-kilogram rover drove 2.5 kilometers in 3 hours, 12 minutes at minus 20 degrees Celsius. "
              "The plant uses 1.2 million tonnes of coal a day. Dust rose to 80 micrograms per cubic metre.')\n"
              "print(sorted((q['unit'], q['si_unit']) for q in doc['quantities']), 'pint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("False"), done.stdout
    assert "('kg', 'kg')" in done.stdout and "('km', 'm')" in done.stdout
