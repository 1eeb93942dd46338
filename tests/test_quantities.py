import math

import pytest
from hypothesis import given, settings, strategies as st



def one(quantities, text):
    found = quantities(text)
    assert len(found) == 1, [q.text for q in found]
    return found[0]


@pytest.mark.parametrize("text, value, unit, kind, qualifier", [
    ("The probe returned samples weighing about 1,731 grams.", 1731, "g", "mass", "approx"),
    ("It will carry a 30-kilogram lunar rover.", 30, "kg", "mass", None),
    ("China plans to allocate 20 kilograms of resources.", 20, "kg", "mass", None),
    ("The port handled 1.2 million tonnes of cargo.", 1.2e6, "t", "mass", None),
    ("The fund holds 3.5 billion yuan.", 3.5e9, "CNY", "money", None),
    ("Prices rose 0.5 percent in May.", 0.5, "percent", "percent", None),
    ("Exports rose 15% in May.", 15, "percent", "percent", None),
    ("The rate fell 2.3 percentage points.", 2.3, "percent", "percent", None),
    ("The deal is worth US$3 billion.", 3e9, "USD", "money", None),
    ("The deal is worth $30 million.", 3e7, "USD", "money", None),
    ("The city set aside RMB 2 billion.", 2e9, "CNY", "money", None),
    ("The grant is €5 million.", 5e6, "EUR", "money", None),
    ("Trade reached 20 billion U.S. dollars.", 2e10, "USD", "money", None),
    ("A 1,000-km line opened.", 1000, "km", "length", None),
    ("The 100,000-square-meter branch will open.", 100000, "m**2", "area", None),
    ("Trains run at up to 300 km per hour.", 300, "km/h", "speed", "at_most"),
    ("The first lunar samples in over 40 years.", 40, "year", "duration", "more_than"),
    ("A burst dating back 13 billion years.", 13e9, "year", "duration", None),
    ("A collaboration spanning nearly two decades.", 20, "year", "duration", "approx"),
    ("Zhejiang evacuated more than 320,000 people.", 320000, "person", "count", "more_than"),
    ("Seven institutions took part.", 7, "institution", "count", None),
    ("More than 50 international research institutions joined.", 50, "research institution", "count", "more_than"),
    ("The station adds 16,000 megawatts of power.", 16000, "MW", "power", None),
    ("The town bought a dozen buses.", 12, "bus", "count", None),
    ("Tens of thousands of people fled the coast.", 10000, "person", "count", "more_than"),
    ("A 5.8-magnitude earthquake jolted the county.", 5.8, "magnitude", "other", None),
    ("The bridge is 10-20 km from the city.", 15, "km", "length", "approx"),
    ("The flood left at least 25 dead in the province.", 25, "person", "count", "at_least"),
    ("The line connects the west with two major north-south lines.", 2, "line", "count", None),
    ("Xi and Putin spent eight hours together in talks.", 8, "hour", "duration", None),
    ("Exports surged nearly 16 times from a decade earlier.", 16, "times", "other", "approx"),
    ("Orders surged five fold year-on-year.", 5, "times", "other", None),
    ("About two thirds of the lines are new.", 66.6666666, "percent", "percent", "approx"),
    ("The port holds 30m TEUs of capacity.", 3e7, "TEU", "count", None),
])
def test_forms(quantities, text, value, unit, kind, qualifier):
    q = one(quantities, text)
    assert math.isclose(q.value, value)
    assert (q.unit, q.kind, q.qualifier) == (unit, kind, qualifier)


def test_si_values_via_pint(quantities):
    q = one(quantities, "The samples weighed about 1,731 grams.")
    assert math.isclose(q.si_value, 1.731) and q.si_unit == "kg"
    q = one(quantities, "The reservoir covers 217 square kilometers.")
    assert math.isclose(q.si_value, 217e6) and q.si_unit == "m**2"


def test_subject_of_measured_amounts(quantities):
    assert one(quantities, "It will carry a 30-kilogram lunar rover.").subject == "lunar rover"
    assert one(quantities, "China will allocate 20 kilograms of resources.").subject == "resources"
    # without the parser, the noun before a measuring verb
    assert one(quantities, "The probe returned lunar samples weighing about 1,731 grams.").subject == "lunar samples"
    assert one(quantities, "It built a reservoir covering 217 square kilometers.").subject == "reservoir"
    assert one(quantities, "It retrieved samples from the moon weighing about 1,731 grams.").subject == "samples"
    assert one(quantities, "Officials said the total reached 217 square kilometers.").subject is None


def test_ranges_read_as_their_middle_with_bounds(quantities):
    q = one(quantities, "Winds of 210-220 kilometers per hour hit the coast.")
    assert (q.value, q.value_min, q.value_max, q.unit, q.qualifier) == (215, 210, 220, "km/h", "approx")
    q = one(quantities, "It weighs between 10 and 20 tonnes.")
    assert (q.value, q.value_min, q.value_max, q.unit) == (15, 10, 20, "t")
    assert q.text == "between 10 and 20 tonnes"


def test_several_counts_in_one_sentence(quantities):
    found = quantities("Seven institutions from six countries and 17 countries and international organizations signed.")
    assert [(q.value, q.unit) for q in found] == [(7, "institution"), (6, "country"), (17, "country")]
    found = quantities("The storm left seven missing and more than 300 injured.")
    assert [(q.text, q.value, q.unit, q.qualifier) for q in found] == [
        ("seven missing", 7, "person", None), ("more than 300 injured", 300, "person", "more_than")]


def test_counts_by_reference(quantities):
    found = quantities("The port opened 12 new routes, bringing the total number of routes to 287, "
                       "among which 117 are to countries in Asia.")
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("12 new routes", 12, "route"), ("287", 287, "route"), ("117", 117, "route")]
    found = quantities("By the end of 2024, 33.05 million people were in employment, and the figure has "
                       "come in at above 30 million for four years.")
    assert [(q.value, q.unit, q.qualifier) for q in found][:2] == [(33.05e6, "person", None),
                                                                    (30e6, "person", "more_than")]


def test_vague_amounts(quantities):
    q = one(quantities, "Officials ordered tens of thousands of villagers to leave.")
    assert (q.value, q.unit, q.qualifier) == (10000, "villager", "more_than")


def test_not_quantities(quantities):
    for text in ("The Chang'e-5 mission returned in 2020.", "It marked the 10th Space Day of China.",
                 "It landed at 8:50 am on Tuesday.", "The Tianwen-3 probe will launch.",
                 "The show opened on April 25.", "Leaders met at the G20 summit.",
                 "The COVID-19 pandemic hit trade.", "Income rose in the first three quarters of 2024.",
                 "Prices fell one notch below the peak."):
        assert quantities(text) == [], text


@settings(max_examples=40, deadline=None)
@given(value=st.integers(min_value=1, max_value=99_999_999), unit=st.sampled_from(["kilograms", "tonnes", "km", "yuan", "percent"]))
def test_any_grouped_number_parses_exactly(quantities, value, unit):
    text = f"The report said {value:,} {unit} were recorded."
    q = one(quantities, text)
    assert q.value == value
    assert text[q.start:q.end] == q.text


@settings(max_examples=30, deadline=None)
@given(whole=st.integers(min_value=0, max_value=999), frac=st.integers(min_value=1, max_value=99),
       scale=st.sampled_from([("million", 1e6), ("billion", 1e9), ("trillion", 1e12)]))
def test_decimals_with_scale_words(quantities, whole, frac, scale):
    text = f"Revenue reached {whole}.{frac:02d} {scale[0]} yuan last year."
    q = one(quantities, text)
    assert math.isclose(q.value, float(f"{whole}.{frac:02d}") * scale[1])
    assert q.unit == "CNY"


ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    if n < 10:
        return ONES[n]
    if n < 20:
        return TEENS[n - 10]
    return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")


AMOUNT = st.one_of(st.integers(1, 999_999), st.floats(0.1, 9999, allow_nan=False).map(lambda x: round(x, 2)))
# (template, the value the template's amount should read back as, unit)
FORMS = st.sampled_from([
    ("The fund holds ${n:,} million.", 1e6, "USD"),
    ("The deal is worth US${n:,} billion.", 1e9, "USD"),
    ("The city set aside RMB {n:,} billion.", 1e9, "CNY"),
    ("The grant is €{n:,} million.", 1e6, "EUR"),
    ("Trade reached {n:,} billion U.S. dollars.", 1e9, "USD"),
    ("Output rose {n:,} percent in May.", 1, "percent"),
    ("Output rose {n:,}% in May.", 1, "percent"),
    ("The rate fell {n:,} percentage points.", 1, "percent"),
    ("The port handled {n:,} tonnes of cargo.", 1, "t"),
    ("It will carry a {n:,}-kilogram lunar rover.", 1, "kg"),
    ("The line runs {n:,} km across the plain.", 1, "km"),
])


@settings(max_examples=150, deadline=None)
@given(n=AMOUNT, form=FORMS)
def test_every_form_reads_back_its_value(quantities, n, form):
    template, scale, unit = form
    text = template.format(n=n)
    q = one(quantities, text)
    assert math.isclose(q.value, n * scale, rel_tol=1e-9), (text, q)
    assert q.unit == unit
    assert text[q.start:q.end] == q.text


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 99), noun=st.sampled_from(["institutions", "countries", "ships", "villages"]))
def test_number_words_read_back(quantities, n, noun):
    text = f"Officials said {in_words(n)} {noun} joined the program."
    q = one(quantities, text)
    assert q.value == n and q.kind == "count", (text, q)


@settings(max_examples=60, deadline=None)
@given(low=st.integers(1, 5000), span=st.integers(1, 5000))
def test_ranges_read_back_their_bounds(quantities, low, span):
    high = low + span
    for text in (f"It weighs between {low:,} and {high:,} tonnes.", f"The road is {low}-{high} km long."):
        q = one(quantities, text)
        assert (q.value_min, q.value_max, q.value) == (low, high, (low + high) / 2), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_offsets_slice(quantities, text):
    for q in quantities(text):
        assert text[q.start:q.end] == q.text
        assert q.sentence_start <= q.start and q.end <= q.sentence_end
