"""Issue 17, more real shapes: a dated line reporting a request without a level word, epoch
times under keys that say time, Xorg's, Chromium's and MongoDB 2.x's lines, a traceback after a
plain line. Every line here is written in the format's documented shape, not copied from a log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console import events as ev
from console.parse import LogParser

REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()
NOW = datetime(2030, 1, 1, tzinfo=UTC).timestamp()


def parse(text: str) -> list[ev.LogLine]:
    p = LogParser(now=lambda: NOW, year_ref=REF)
    out = p.feed_text(text) + p.flush()
    return [e for e in out if isinstance(e, ev.LogLine)]


def utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")[:19]


def samples(line: ev.LogLine) -> dict[str, float]:
    return {name: value for name, value, _scope in line.samples}


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
