import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.dates import classify, resolve, resolve_month_day
from tests.conftest import DATA

REF = dt.datetime(2025, 4, 25)  # a Friday


@pytest.mark.parametrize("text, value, granularity", [
    ("April 25", "2025-04-25", "day"),
    ("2020", "2020", "year"),
    ("March 2021", "2021-03", "month"),
    ("April 23, 2025", "2025-04-23", "day"),
    ("the 2040s", "204X", "decade"),
    ("Tuesday", "2025-04-22", "day"),
    ("Friday", "2025-04-25", "day"),
    ("last Friday", "2025-04-18", "day"),
    ("last year", "2024", "year"),
])
def test_resolve(text, value, granularity):
    assert resolve(text, REF) == (value, granularity)


def test_year_less_date_takes_the_closest_year():
    assert resolve_month_day("Dec. 30", dt.datetime(2021, 1, 2)) == "2020-12-30"
    assert resolve_month_day("Jan. 3", dt.datetime(2020, 12, 30)) == "2021-01-03"
    assert resolve_month_day("Sept. 10", dt.datetime(2016, 9, 11)) == "2016-09-10"


@settings(max_examples=50, deadline=None)
@given(reference=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
       day=st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2001, 12, 31)))
def test_month_day_is_within_half_a_year_of_the_reference(reference, day):
    text = day.strftime("%B %d")
    resolved = dt.date.fromisoformat(resolve_month_day(text, dt.datetime.combine(reference, dt.time())))
    assert (resolved.month, resolved.day) == (day.month, day.day)
    assert abs((resolved - reference).days) <= 184


@pytest.mark.parametrize("text", ["over 40 years", "nearly two decades", "13 billion years", "annually",
                                  "the past 20 years", "two days", "year-on-year"])
def test_durations_and_frequencies_are_not_dates(text):
    assert classify(text) is None


def test_dates_in_an_article(process):
    doc = process((DATA / "wire-hydro-2024.txt").read_text(encoding="utf-8"))
    values = {(d.text, d.value) for d in doc.dates}
    assert ("March 5", "2024-03-05") in values
    assert ("Tuesday", "2024-03-05") in values  # the published day is a Tuesday
    assert ("In 2022", "2022") in values and ("by 2025", "2025") in values
    assert ("March 3, 2024", "2024-03-03") in values
    assert not any("decade" in d.text for d in doc.dates)
