"""The general fallbacks for lines and records of no known layout (console/parse/anytime.py):
each rule of docs/log-formats.md's "General fallbacks", and the cases it must leave alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console import events as ev
from console.parse import LogParser
from console.parse.anytime import head_time, record_level, record_time, request_in_message

REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()


def iso(ts: float | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).replace(tzinfo=None).isoformat()


@pytest.mark.parametrize(
    ("line", "want"),
    [
        # "/" is month-first, "." and "-" day-first; a number above 12 settles it
        ("03/04/2024 10:00:00 started", "2024-03-04T10:00:00"),
        ("03.04.2024 10:00:00 started", "2024-04-03T10:00:00"),
        ("03-04-2024 10:00:00 started", "2024-04-03T10:00:00"),
        ("13/04/2024 10:00:00 started", "2024-04-13T10:00:00"),
        ("04.13.2024 10:00:00 started", "2024-04-13T10:00:00"),
        ("01/25/22 16:08:02.5 x", "2022-01-25T16:08:02.500000"),
        # 12-hour clocks
        ("x - 08/02/2023, 12:05:00 AM  WARN y", "2023-08-02T00:05:00"),
        ("x - 08/02/2023, 12:05:00 PM  WARN y", "2023-08-02T12:05:00"),
        ("x - 08/02/2023, 7:32:47 pm  WARN y", "2023-08-02T19:32:47"),
        # a 24-hour clock with its marker too (Java's "HH:mm:ss a"): the hour as written
        ("x - 08/02/2023, 13:00:00 PM  WARN y", "2023-08-02T13:00:00"),
        # month names, a weekday, a zone
        ("at [Thu, 14 Oct 2021 15:24:16.25 UTC] ok", "2021-10-14T15:24:16.250000"),
        ("job May 16, 2024 09:23:38 +02:00 done", "2024-05-16T07:23:38"),
        ("job 16-May-2024 09:23:38 done", "2024-05-16T09:23:38"),
        ("WARN: [Jul  2 05:05:24.643] x", "2023-07-02T05:05:24.643000"),  # year-less
        ("30 May 10:03:19 - Server started", "2024-05-30T10:03:19"),  # day first, year-less
        # any separators, a key=value pair
        ("svc 2024.05.16_09:23:38 up", "2024-05-16T09:23:38"),
        ('date=2024-10-14 time="13:46:40" x', "2024-10-14T13:46:40"),
        # epoch tokens: s, ms, an audit serial
        ("node7 [1690000030] beat", "2023-07-22T04:27:10"),
        ("1690000030123 beat", "2023-07-22T04:27:10.123000"),
        ("beat ts=1690000030.5", "2023-07-22T04:27:10.500000"),
        ("type=X msg=audit(1690000000.5:456): y", "2023-07-22T04:26:40.500000"),
    ],
)
def test_a_time_anywhere_near_the_head(line: str, want: str) -> None:
    assert iso(head_time(line, REF)) == want


@pytest.mark.parametrize(
    "line",
    [
        "the job that ran yesterday will run again on 2020-01-01 10:00:00",  # deep in a sentence
        "pid 123456789 exited",  # 9 digits: not an epoch in 2000-2100
        "counter 9999999999 reached",  # 2286
        "order 1690000030 placed",  # a bare number in a message: an ID, not a stamp
        "version 1.2.3 at 10:00",  # no date
        "02/30/2024 10:00:00 x",  # no such day
        "restart May 10:03:19 x",  # a time after a month's name, no day
        "08/02/2023 13:00:00 AM x",  # no such hour on either clock
    ],
)
def test_no_time_where_there_is_none(line: str) -> None:
    assert head_time(line, REF) is None


def test_record_time_from_a_key_that_says_time() -> None:
    assert record_time({"verb": "get", "stageTimestamp": "2023-05-17T15:08:22Z"}) == (
        "stageTimestamp",
        datetime(2023, 5, 17, 15, 8, 22, tzinfo=UTC).timestamp(),
    )
    assert record_time({"ID": "1688048710.843:30826"}) is not None
    # durations and small numbers under time-ish names are not times
    assert record_time({"timeout": 1700000000, "response_time": 0.25, "uptime": 12}) is None
    assert record_time({"time_taken": "2023-05-17T15:08:22Z"}) is None
    assert record_time({"created_at": "1999-12-31T23:59:59Z"}) is None  # before 2000


def test_record_level_from_any_spelling() -> None:
    assert record_level({"levelName": "ERROR"}) == ("levelName", "ERROR")
    assert record_level({"log.Level": "warn"}) == ("log.Level", "WARNING")
    assert record_level({"Severity": "local.CRIT"}) == ("Severity", "CRITICAL")
    assert record_level({"level_desc": "error"}) is None  # not a level's name
    assert record_level({"lvl": "hello"}) is None  # not a level word


def test_a_level_word_wins_over_a_small_number_of_no_known_scale() -> None:
    p = LogParser(year_ref=REF)
    out = p.feed('{"timestamp":"2024-11-13 11:03:31","levelName":"ERROR","level":4,"msg":"x"}')
    out += p.feed('{"timestamp":"2024-11-13 11:03:32","level":4,"msg":"y"}') + p.flush()
    levels = [e.level for e in out if isinstance(e, ev.LogLine)]
    assert levels == ["ERROR", "TRACE"]  # alone, 4 is read on pino's scale as before


def test_date_and_time_keys_make_one_time_in_their_zone() -> None:
    p = LogParser(year_ref=REF)
    out = p.feed('date=2024-10-14 time=13:46:40 tz="+0200" level=info msg=x') + p.flush()
    (line,) = [e for e in out if isinstance(e, ev.LogLine)]
    assert iso(line.ts) == "2024-10-14T11:46:40"
    assert "date" not in (line.fields or {})


def test_statuses_and_durations_said_in_a_message() -> None:
    assert request_in_message("took 8ms and returned 401 65 bytes") == (401, 8.0)
    assert request_in_message("| 503 |     505.317µs |  10.1.2.3 | POST") == (503, 0.505317)
    assert request_in_message("[10.0.0.1:3] 404 Not Found GET /x") == (404, None)
    assert request_in_message("POST /login (403) (1ms)") == (403, 1.0)
    assert request_in_message("processed 200 items in 3s") is None  # a count, not a status
    assert request_in_message("port 443 open") is None


def test_an_all_indented_file_is_entries_and_deeper_lines_continue_them() -> None:
    p = LogParser(year_ref=REF)
    text = (
        "  2024-11-29 15:59:00,001 ERROR worker failed\n"
        "    Traceback (most recent call last):\n"
        "  2024-11-29 15:59:01,000 INFO worker restarted\n"
    )
    out = p.feed_text(text) + p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    assert [e.level for e in lines] == ["ERROR", "INFO"]
    assert lines[0].detail == ("    Traceback (most recent call last):",)


def test_an_indented_line_after_an_unindented_entry_continues_it_unless_it_follows_on() -> None:
    # An indented line of the entry's own layout, dated from its second on, is the next entry
    # (a log pasted one space in under its first line, Alfresco's catalina.out; a tab-indented
    # access log): in session 27 every corpus file this touched read better, none worse. One
    # dated before it quotes an earlier line, and continues it.
    p = LogParser(year_ref=REF)
    text = (
        "2024-11-29 15:59:00,001 ERROR worker failed\n  2024-11-29 15:58:01 INFO quoted\n"
        "2024-11-29 15:59:02,000 INFO restarted\n  2024-11-29 15:59:03 INFO next\n"
    )
    out = p.feed_text(text) + p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    assert [e.message for e in lines] == ["worker failed", "restarted", "next"]
    assert lines[0].detail == ("  2024-11-29 15:58:01 INFO quoted",)
