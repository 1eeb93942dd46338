"""Datelines and date stamps in their many shapes (pipeline/stamps.py), on lines written here."""

import datetime as dt

import pytest

from newsfacts.stamps import find_stamp_date, month_day_not_after, split_date_prefix


@pytest.mark.parametrize("stamp, iso", [
    ("發布於 2023年03月07日08:15 • Wang Min", "2023-03-07"),
    ("发布于 2019年1月9日", "2019-01-09"),
    ("14:02, May 09, 2023", "2023-05-09"),
    ("Updated: 2017-11-30 21:48", "2017-11-30"),
    ("Last Updated: Tuesday March 14 2006 10:02 GMT", "2006-03-14"),
    ("Posted: Feb 3, 2012 7:15 PM", "2012-02-03"),
    ("Updated 09:10, 04-Aug-2022", "2022-08-04"),
    ("16:20 3 June 2014", "2014-06-03"),
    ("2020.06.18 10:00", "2020-06-18"),
    ("Published: Nov 2, 2024 11:30 AM", "2024-11-02"),
])
def test_full_date_stamps_in_every_common_shape(stamp, iso):
    assert find_stamp_date(stamp) == iso


@pytest.mark.parametrize("stamp", ["發布於 5小時前", "2023年13月40日", "Updated 3 hours ago", "", None])
def test_no_full_date_no_stamp_date(stamp):
    assert find_stamp_date(stamp) is None


def test_capture_date_glued_before_the_first_line():
    assert split_date_prefix(" date 2022-03-01 Rescuers search the rubble in Adana. (AP Photo/Jo Doe)") == (
        "2022-03-01", "Rescuers search the rubble in Adana. (AP Photo/Jo Doe)")
    assert split_date_prefix("date 2022-03-01") == ("2022-03-01", "")
    assert split_date_prefix("Dated 2022-03-01 in the archive") == (None, "Dated 2022-03-01 in the archive")


@pytest.mark.parametrize("dateline_line, place, date, agency, own_line", [
    ("HEFEI, June 3 (Xinhua) -- Farmers in Anhui began the wheat harvest on Monday, officials said.",
     "HEFEI", "June 3", "Xinhua", False),
    ("LHASA, Xizang Autonomous Region, Aug. 12 (Xinhua) -- A new airport opened in the region on Friday.",
     "LHASA", "Aug. 12", "Xinhua", False),
    ("Chengdu, Sept. 9 (Xinhua) -- The city opened a new metro line on Saturday, the operator said.",
     "Chengdu", "Sept. 9", "Xinhua", False),
    ("SEOUL (AP) — South Korea's exports rose for a third month in March, data showed on Saturday.",
     "SEOUL", None, "AP", False),
    ("OSAKA — Hundreds of volunteers cleaned the riverbanks of the city on Sunday, organizers said.",
     "OSAKA", None, None, False),
    ("LANZHOU - The provincial government opened two new expressways in the west of Gansu on Friday.",
     "LANZHOU", None, None, False),
    ("LAHORE: Heavy rain lashed the city for a second day on Sunday, flooding several low-lying areas.",
     "LAHORE", None, None, False),
    ("TOKYO, Nov. 4, Kyodo", "TOKYO", "Nov. 4", "Kyodo", True),
    ("(Xinhua) -- The Three Gorges power station generated more electricity this year than last, it said.",
     None, None, "Xinhua", False),
])
def test_dateline_shapes(rules, dateline_line, place, date, agency, own_line):
    dateline = rules.find_dateline(dateline_line)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency, dateline.own_line) == (place, date, agency, own_line)


@pytest.mark.parametrize("line", [
    "NOTE: The figures below were revised on Monday after the ministry corrected its data.",
    "UN - no",  # a bare place needs three letters and prose after it
    "WORLD - Floods in the north",  # not prose: a section label before a headline
    "(Photo) -- Workers on the site",  # an agency-only dateline must name an agency
    "Shanghai opened three new metro lines on Thursday, the operator said.",
])
def test_not_datelines(rules, line):
    assert rules.find_dateline(line) is None


def test_a_day_without_a_year_is_never_after_the_reference():
    november = dt.datetime(2026, 11, 25)
    assert month_day_not_after("Jan. 30", november) == "2026-01-30"
    assert month_day_not_after("Dec. 28", dt.datetime(2027, 1, 2)) == "2026-12-28"
    assert month_day_not_after("Nov. 25", november) == "2026-11-25"
    assert month_day_not_after("Nov. 26", november) == "2025-11-26"
