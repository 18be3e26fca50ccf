"""Issue 17, more real shapes: a dated line reporting a request without a level word, epoch
times under keys that say time, Xorg's, Chromium's and MongoDB 2.x's lines, a traceback after a
plain line. Every line here is written in the format's documented shape, not copied from a log."""

from __future__ import annotations

import pytest

from console import events as ev
from console.parse import LogParser
from tests.helpers.parsing import NOW, REF, parse, samples, utc


def test_tomcat_9s_millis_beside_its_seconds_column_read_as_the_seconds_say() -> None:
    """Tomcat before 10 writes %D in milliseconds and %T as seconds with a fraction (10.0
    changed %D to microseconds): with both on the line, the fraction decides."""
    (line,) = parse(
        '192.0.2.7 - - [16/May/2024:09:00:01 +0000] "GET /app/ HTTP/1.1" 200 512 45 0.045\n'
    )
    assert samples(line)["request_time_ms"] == pytest.approx(45.0)


@pytest.mark.parametrize(
    ("text", "level", "status"),
    [
        ('2024-01-02 10:00:00 "GET / HTTP/1.1" 503 1234\n', "ERROR", 503),
        ('2024-01-02 10:00:00 10.1.1.1 "POST /api HTTP/1.1" 404 0\n', "WARNING", 404),
        ('2024-01-02 10:00:00 "GET /health HTTP/1.1" 200 2\n', "INFO", 200),
        ("2024-01-02 10:00:00 GET /x 500 12ms\n", "ERROR", 500),
    ],
)
def test_a_dated_request_without_a_level_word_takes_its_statuss_level(
    text: str, level: str, status: int
) -> None:
    (line,) = parse(text)
    assert utc(line.ts) == "2024-01-02T10:00:00"
    assert line.level == level
    assert samples(line)["http_status"] == status


def test_an_epoch_under_a_key_that_says_time_is_the_lines_time() -> None:
    lines = parse(
        'epoch=1700000000 level=error msg="disk full"\n'
        "t=1700000002 lvl=info msg=ok\n"
        "level=info msg=x epoch_ms=1700000009000\n"
        'level=info msg="trained" epoch=3 loss=0.2\n'
    )
    assert [utc(e.ts) for e in lines] == [
        "2023-11-14T22:13:20",
        "2023-11-14T22:13:22",
        "2023-11-14T22:13:29",
        "2023-11-14T22:13:29",  # a training epoch is no time: the log's last
    ]
    assert lines[0].level == "ERROR"


def test_a_large_number_under_a_key_of_no_time_is_no_time() -> None:
    (line,) = parse("java -XX:MaxHeapSize=1073741824 -Xss=1700000000 started\n")
    assert utc(line.ts) == "2030-01-01T00:00:00"  # the clock's: the line has no time


def test_xorg_markers_are_levels_and_its_uptime_no_wall_time() -> None:
    """Xorg's ``[  uptime] (XX) msg``: seconds since the server started, so the lines take the
    file's clock (here the clock's: nothing in the file gives a date)."""
    lines = parse(
        '[    20.101] (II) LoadModule: "glx"\n'
        '[    20.113] (EE) Failed to load module "fbdev" (module does not exist, 0)\n'
        "[    20.114] (WW) Falling back to old probe method for vesa\n"
        "[    20.120] (==) Using the default setting for the screen\n"
        "[  4711.5] (EE) \n"
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "WARNING", "INFO", "ERROR"]
    assert {utc(e.ts) for e in lines} == {"2030-01-01T00:00:00"}
    assert lines[1].message.startswith("Failed to load module")
    assert lines[1].fields == {"uptime": 20.113}


def test_an_uptime_prefix_takes_the_time_a_later_line_gives() -> None:
    lines = parse(
        "[    0.512] (EE) no screens found\n2024-05-16 09:00:00 INFO display manager restarted\n"
    )
    assert [utc(e.ts) for e in lines] == ["2024-05-16T09:00:00"] * 2
    assert lines[0].level == "ERROR"


def test_chromium_prefix_gives_a_year_less_time_and_a_severity() -> None:
    lines = parse(
        "[4821:4821:0516/090001.123:ERROR:gpu_init.cc(523)] Passthrough is not supported\n"
        "[4821:4833:0516/090002.456789:WARNING:bus.cc(398)] Failed to connect\n"
        "[0516/090003.000:VERBOSE1:sandbox.cc(12)] sandbox ready\n"
        "[4821:4821:20240516,090004.250000:FATAL crashpad.cc:77] no handler\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2024-05-16T09:00:01",
        "2024-05-16T09:00:02",
        "2024-05-16T09:00:03",
        "2024-05-16T09:00:04",
    ]
    assert [e.level for e in lines] == ["ERROR", "WARNING", "DEBUG", "FATAL"]
    assert lines[0].message == "Passthrough is not supported"
    assert lines[0].fields == {"caller": "gpu_init.cc(523)"}


def test_mongodb_2_assertions_are_errors() -> None:
    lines = parse(
        "Thu May 16 09:00:00.101 [initandlisten] waiting for connections on port 27017\n"
        "Thu May 16 09:00:01.202 [conn7] assertion 13435 not master and slaveOk=false ns:a.b\n"
        "Thu May 16 09:00:02.303 [conn7] Assertion: 10334:Invalid BSONObj size: 0\n"
        "Thu May 16 09:00:03.404 [conn8] Assertion failure a.valid() src/mongo/db/b.cpp 41\n"
        "Thu May 16 09:00:04.505 [conn9] ERROR: socket exception [SEND_ERROR]\n"
        "Thu May 16 09:00:05.606 [conn9] counted 3 assertion checks\n"
    )
    assert [e.level for e in lines] == ["UNKNOWN", "ERROR", "ERROR", "ERROR", "ERROR", "UNKNOWN"]
    assert utc(lines[0].ts) == "2024-05-16T09:00:00"


def test_a_line_between_an_error_and_its_traceback_is_the_errors() -> None:
    lines = parse(
        "2024-01-02 10:00:00,123 ERROR [app] request failed\n"
        "while charging order 12\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 12, in handle\n'
        "    total = order.total()\n"
        "ValueError: no items\n"
        "2024-01-02 10:00:01,456 INFO [app] next request\n"
    )
    assert [e.level for e in lines] == ["ERROR", "INFO"]
    assert lines[0].detail[0] == "while charging order 12"
    assert lines[0].detail[-1] == "ValueError: no items"


def test_a_line_between_an_error_and_its_java_exception_is_the_errors() -> None:
    lines = parse(
        "2024-01-02 10:00:00.123 ERROR [main] c.e.OrderService - order failed\n"
        "order id 42, customer 7\n"
        "java.lang.IllegalStateException: no stock\n"
        "\tat c.e.OrderService.place(OrderService.java:88)\n"
        "2024-01-02 10:00:01.000 INFO [main] c.e.OrderService - next\n"
    )
    assert [e.level for e in lines] == ["ERROR", "INFO"]
    assert lines[0].detail[:2] == (
        "order id 42, customer 7",
        "java.lang.IllegalStateException: no stock",
    )


@pytest.mark.parametrize("end", ["", "2024-01-02 10:00:05,000 INFO [app] later\n"])
def test_a_line_after_an_error_that_no_traceback_follows_stands_alone(end: str) -> None:
    lines = parse(
        "2024-01-02 10:00:00,123 ERROR [app] lone failure\n"
        "Retry Error: the queue refused the job\n"
        "  queue=orders\n" + end
    )
    assert [e.message for e in lines[:2]] == [
        "[app] lone failure",
        "Retry Error: the queue refused the job",
    ]
    assert lines[0].detail == ()
    assert lines[1].detail == ("  queue=orders",)
    assert [e.level for e in lines[:2]] == ["ERROR", "ERROR"]


def test_the_same_entries_line_by_line() -> None:
    text = (
        "2024-01-02 10:00:00,123 ERROR [app] request failed\n"
        "while charging order 12\n"
        "Traceback (most recent call last):\n"
        "ValueError: no items\n"
        "2024-01-02 10:00:02,000 ERROR [app] lone\n"
        "plain words\n"
    )
    p = LogParser(now=lambda: NOW, year_ref=REF)
    one_by_one = [e for line in text.splitlines() for e in p.feed(line)] + p.flush()
    got = [(e.message, e.detail) for e in one_by_one if isinstance(e, ev.LogLine)]
    assert got == [(e.message, e.detail) for e in parse(text)]
    assert [m for m, _ in got] == ["[app] request failed", "[app] lone", "plain words"]


@pytest.mark.parametrize(
    ("software", "taken", "value", "ms"),
    [
        ("Apache Tomcat/10.1.20", "time-taken", "2", 2000.0),  # whole seconds from 10
        ("Apache Tomcat/9.0.80", "time-taken", "0.045", 45.0),  # three decimals before
        ("Apache Tomcat/10.1.20", "time-taken-ms", "45", 45.0),
        ("Apache Tomcat/10.1.20", "time-taken-us", "45000", 45.0),
        ("Apache Tomcat/10.1.20", "time-taken-fracsec", "0.045", 45.0),
        ("Microsoft Internet Information Services 10.0", "time-taken", "45", 45.0),
    ],
)
def test_tomcats_extended_access_log_names_its_time_takens_unit(
    software: str, taken: str, value: str, ms: float
) -> None:
    """Tomcat's ExtendedAccessLogValve writes ``#Fields:``, ``#Version:``, ``#Software:``; a
    bare ``time-taken`` is seconds there (IIS's is milliseconds), a suffix names the unit."""
    (line,) = parse(
        f"#Fields: date time cs-method cs-uri sc-status {taken}\n"
        "#Version: 2.0\n"
        f"#Software: {software}\n"
        f"2024-05-16 09:00:01 GET /app/ 503 {value}\n"
    )[3:]
    assert utc(line.ts) == "2024-05-16T09:00:01"
    assert samples(line)["duration_ms"] == pytest.approx(ms)
    assert line.level == "ERROR"
