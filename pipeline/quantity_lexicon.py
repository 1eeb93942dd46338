"""The lexicon of the quantities stage: units, currencies, number words,
qualifiers (`models/units.json`, `models/numbers.json`), and pint's unit
registry with the units news uses that pint lacks (jin, mu, TEU).

Building pint's registry takes about 1.5 s, as long as loading spaCy: the
conversions of the lexicon's own units are computed by pint once and kept in
the user's cache folder (`unit_table`), with how pint writes one divided by another;
the registry itself is built only for a unit outside the lexicon (`12 km a minute`)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from newsfacts.resources import cache_file, load_json, write_cache


@dataclass
class Lexicon:
    units: dict[str, list]
    currency_prefixes: dict[str, str]
    currency_words: dict[str, str]
    number_words: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, list]
    qualifiers: dict[str, str]
    count_lemmas: dict[str, str]
    si_units: dict[str, str]
    pint_definitions: list[str]
    people_states: frozenset[str]
    multipliers: frozenset[str]
    fractions: dict[str, float]
    not_counted: frozenset[str]
    back_reference: list[str]
    measuring_words: frozenset[str]
    rules: "QuantityRules"
    max_unit_tokens: int = 6

    def __post_init__(self) -> None:
        self.vague_longest_first = sorted(self.vague.items(), key=lambda kv: -len(kv[0]))
        self.vague_first_words = frozenset(phrase.split()[0] for phrase in self.vague)
        self.qualifier_ends = frozenset(phrase.split()[-1] for phrase in self.qualifiers)  # a cheap first test
        # the first word of every unit and currency word: most tokens after a number start none
        keys = [*self.units, *self.currency_words]
        self.unit_first_words = frozenset([*keys, *(re.split(r"[ \-/]", key)[0] for key in keys),
                                           *(re.findall(r"\w+|[^\w\s]", key)[0] for key in keys)])


@dataclass
class QuantityRules:
    """Word lists of the rules beyond the basic NUMBER UNIT form (`models/quantity_rules.json`)."""
    identifier_prefixes: frozenset[str]
    event_nouns: frozenset[str]
    weather_words: tuple[str, ...]
    unit_adjectives: frozenset[str]
    or_more: dict[str, str]
    count_frames: frozenset[str]
    tally_verbs: frozenset[str]
    qualifier_fillers: tuple[str, ...]
    total_verbs: frozenset[str]
    glued_scales: dict[str, float]
    per_words: frozenset[str]
    list_separators: frozenset[str]
    after_reference: frozenset[str]
    position_nouns: frozenset[str]
    ratio_after: frozenset[str]
    ratio_before: frozenset[str]
    people_frames: frozenset[str]
    reference_nouns: frozenset[str]
    label_words: frozenset[str]
    toll_words: dict[str, str]
    people_aux: frozenset[str]
    negative_words: frozenset[str]
    glued_qualifiers: dict[str, str]
    shared_signs: dict[str, dict[str, list[str]]]
    people_verbs: frozenset[str]

    def __post_init__(self) -> None:
        self.filler_ends = frozenset(phrase.split()[-1] for phrase in self.qualifier_fillers)


def _rules(data: dict) -> QuantityRules:
    words = lambda key: frozenset(data[key]["words"])  # noqa: E731
    return QuantityRules(
        identifier_prefixes=words("identifier_prefixes"), event_nouns=words("event_nouns"),
        weather_words=tuple(data["weather_words"]["words"]), unit_adjectives=words("unit_adjectives"),
        or_more=data["or_more"], count_frames=words("count_frames"), tally_verbs=words("tally_verbs"),
        qualifier_fillers=tuple(data["qualifier_fillers"]["phrases"]), total_verbs=words("total_verbs"),
        glued_scales={k: float(v) for k, v in data["glued_scales"].items()}, per_words=words("per_words"),
        list_separators=words("list_separators"), after_reference=frozenset(data["after_reference"]["phrases"]),
        position_nouns=words("position_nouns"), ratio_after=words("ratio_after"), ratio_before=words("ratio_before"),
        people_frames=frozenset(data["people_frames"]["phrases"]), reference_nouns=words("reference_nouns"),
        label_words=words("label_words"), toll_words=data["toll_words"], people_aux=words("people_aux"),
        negative_words=words("negative_words"), glued_qualifiers=data["glued_qualifiers"],
        shared_signs=data["shared_signs"], people_verbs=words("people_verbs"),
    )


@functools.lru_cache(maxsize=4)
def load_lexicon(models_dir: str | None = None) -> Lexicon:
    units = load_json("units.json", models_dir)
    numbers = load_json("numbers.json", models_dir)
    return Lexicon(
        units=units["units"],
        currency_prefixes=units["currency_prefixes"],
        currency_words=units["currency_words"],
        number_words=numbers["number_words"],
        scales=numbers["scales"],
        vague=numbers["vague_amounts"],
        qualifiers=numbers["qualifiers"],
        count_lemmas=numbers["count_lemmas"],
        si_units=units["si_units"],
        pint_definitions=units["pint_definitions"],
        people_states=frozenset(numbers["people_states"]["words"]),
        multipliers=frozenset(numbers["multipliers"]["words"]),
        fractions=numbers["fractions"],
        not_counted=frozenset(numbers["not_counted"]["words"]),
        back_reference=numbers["back_reference"]["phrases"],
        measuring_words=frozenset(numbers["measuring_words"]["words"]),
        rules=_rules(load_json("quantity_rules.json", models_dir)),
    )


@functools.lru_cache(maxsize=4)
def unit_registry(definitions: tuple[str, ...]):
    """One pint registry per process, with the units pint lacks (jin, mu, TEU)."""
    import pint

    registry = pint.UnitRegistry()
    for definition in definitions:
        registry.define(definition)
    return registry


def registry_for(lex: Lexicon):
    """The pint registry with the lexicon's extra units."""
    return unit_registry(tuple(lex.pint_definitions))


@dataclass(frozen=True)
class Conversion:
    """A value in some unit is `value * factor + offset` in `si_unit` (an offset: temperatures)."""
    factor: float
    offset: float
    si_unit: str


@dataclass(frozen=True)
class UnitTable:
    """What pint says of the lexicon's units: each one's conversion to its kind's SI
    unit, and how pint writes one divided by another (`microgram / meter ** 3`)."""
    conversions: dict[str, Conversion]
    quotients: dict[str, str | None]  # "ug/m**3" -> pint's name; None: pint cannot divide them

    @functools.cached_property
    def seconds(self) -> dict[str, float]:
        """Each duration unit's length in seconds (what a compound duration sums)."""
        return {unit: c.factor for unit, c in self.conversions.items() if c.si_unit == "s"}


def unit_table(lex: Lexicon) -> UnitTable:
    """pint's answers for the lexicon's units: computed on the first run, then read
    from the user's cache folder (keyed by pint's version and the lexicon); kept on
    the lexicon, as every measured quantity asks for it."""
    table = lex.__dict__.get("_unit_table")
    if table is None:
        units = tuple(sorted({(entry[0], entry[1]) for entry in lex.units.values() if entry[1] in lex.si_units}))
        table = lex._unit_table = _cached_table(units, tuple(lex.pint_definitions),
                                                tuple(sorted(lex.si_units.items())))
    return table


@functools.lru_cache(maxsize=4)
def _cached_table(units: tuple[tuple[str, str], ...], definitions: tuple[str, ...],
                  si_units: tuple[tuple[str, str], ...]) -> UnitTable:
    from importlib import metadata

    path = cache_file("units.json", __name__, metadata.version("pint"), json.dumps([units, definitions, si_units]))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return UnitTable({unit: Conversion(*row) for unit, row in data["conversions"].items()}, data["quotients"])
    except (OSError, ValueError, TypeError, KeyError):  # missing or damaged: pint computes it again
        pass
    table = pint_table(units, definitions, dict(si_units))
    data = {"conversions": {unit: [c.factor, c.offset, c.si_unit] for unit, c in table.conversions.items()},
            "quotients": table.quotients}
    write_cache(path, lambda temporary: temporary.write_text(json.dumps(data), encoding="utf-8"))
    return table


def pint_table(units: tuple[tuple[str, str], ...], definitions: tuple[str, ...], si_units: dict[str, str]) -> UnitTable:
    """Each (unit, kind)'s conversion as pint does it (the image of 0 is the offset, of
    1 the factor plus the offset), and every quotient of two units not by a duration."""
    registry = unit_registry(definitions)
    conversions = {}
    for unit, kind in units:
        target = si_units[kind]
        offset = float(registry.Quantity(0.0, unit).to(target).magnitude)
        if offset:  # an affine unit: the slope over a wide step, where rounding is negligible
            factor = (float(registry.Quantity(1e6, unit).to(target).magnitude) - offset) / 1e6
        else:
            factor = float(registry.Quantity(1.0, unit).to(target).magnitude)
        conversions[unit] = Conversion(factor, offset, target)
    quotients = {f"{a}/{b}": pint_quotient(a, b, definitions)
                 for a, _ in units for b, kind in units if kind != "duration"}
    return UnitTable(conversions, quotients)


def pint_quotient(numerator: str, denominator: str, definitions: tuple[str, ...]) -> str | None:
    """`microgram / meter ** 3`: how pint writes one unit divided by another; None if it cannot."""
    try:
        return str(unit_registry(definitions).Unit(f"({numerator}) / ({denominator})"))
    except Exception:  # a unit pint cannot divide
        return None


def count_unit(noun: str, tag: str, lex: Lexicon) -> str:
    """The singular of a counted noun: `people` -> `person`, `countries` -> `country`.
    (Our rules rather than spaCy's lemmatizer, which this pipeline leaves out.)"""
    noun = noun.lower()
    if noun in lex.count_lemmas:  # `geese`, tagged NN as often as NNS
        return lex.count_lemmas[noun]
    return singular_noun(noun, lex) if tag in ("NNS", "NNPS") or noun.endswith("s") else noun


def singular_noun(noun: str, lex: Lexicon) -> str:
    if noun in lex.count_lemmas:
        return lex.count_lemmas[noun]
    if noun.endswith("men") and len(noun) > 5:
        return noun[:-3] + "man"  # `fishermen`, `policemen` (`specimen` and kin are in count_lemmas)
    for plural, single in (("ies", "y"), ("sses", "ss"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"),
                           ("zzes", "zz")):
        if noun.endswith(plural) and len(noun) > len(plural) + 1:
            return noun[: -len(plural)] + single
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 2:
        return noun[:-1]
    return noun


def si_value(value: float, unit: str, kind: str, lex: Lexicon) -> tuple[float | None, str | None]:
    if kind in ("money", "percent", "count", "other"):
        return value, unit
    target = lex.si_units.get(kind)
    if not target:
        return None, None
    known = unit_table(lex).conversions.get(unit)
    if known is not None and known.si_unit == target:
        return value * known.factor + known.offset, target
    converted = registry_for(lex).Quantity(value, unit).to(target)  # a unit put together from two
    return float(converted.magnitude), target
