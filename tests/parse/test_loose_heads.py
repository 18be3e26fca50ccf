"""The last resort for a line's time (docs/log-formats.md, section 7): a head in a notation
no rule reads, given to dateutil when it has a four-digit year and a time of day."""

from __future__ import annotations

import warnings

import pytest

from tests.helpers.parsing import NOW, parse, utc


@pytest.mark.parametrize(
    ("line", "when"),
    [
        # Boost.Log's to_simple_string: year, month's name, day
        ("2024-Apr-09 17:44:53.123456 [error] <db> pool exhausted", "2024-04-09T17:44:53"),
        ("2023/Nov/30 08:01:02 WARN cache cold", "2023-11-30T08:01:02"),
        # words around the date, as a shell script's `date` may be told to write it
        ("Tue 9 Apr 2024 at 17:44 - backup finished", "2024-04-09T17:44:00"),
        # a zone the table knows, and an offset, after the time
        ("2024/Apr/09 17:44:53 CEST rotated", "2024-04-09T15:44:53"),
        ("2024/Apr/09 17:44:53 -0500 rotated", "2024-04-09T22:44:53"),
    ],
)
def test_a_head_only_dateutil_reads_gives_the_time(line: str, when: str) -> None:
    (got,) = parse(line + "\n")
    assert utc(got.ts) == when


def test_a_level_word_after_the_time_is_no_zone_and_warns_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning would raise
        (got,) = parse("2024/Apr/09 17:44:53 WARN slow disk\n")
    assert utc(got.ts) == "2024-04-09T17:44:53"
    assert got.level == "WARNING"


def test_a_year_in_a_sentence_before_a_time_is_no_date() -> None:
    (got,) = parse("Build 2024 started at 10:00:01, 3 steps\n")
    assert got.ts == NOW


def test_one_bad_date_does_not_make_its_shape_unread() -> None:
    # 31 September is no day: that line gives no time, a later file's valid one of its shape
    # does
    (bad,) = parse("2019-Sep-31 06:07:08 [warn] <io> disk slow\n")
    assert bad.ts == NOW
    (good,) = parse("2019-Sep-30 06:07:08 [warn] <io> disk slow\n")
    assert utc(good.ts) == "2019-09-30T06:07:08"


@pytest.mark.parametrize("line", ["Jan 2024 10:00:00 backup ran", "2024, 10:00:00 backup ran"])
def test_a_head_without_its_day_or_month_is_no_date(line: str) -> None:
    # dateutil would fill the day (and the month) from its default: the 1st of January
    (got,) = parse(line + "\n")
    assert got.ts == NOW
