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
