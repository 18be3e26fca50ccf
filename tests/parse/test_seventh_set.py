"""Issue 17, seventh set: access layouts with numbers before the referer (mod_logio's %I %O,
%T's whole seconds), MongoDB's severity letters, a JVM GC log's banner, JSON records spread
over several lines, HAProxy's own messages. Every line here is written in the format's
documented shape, not copied from a log."""

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


def test_logio_bytes_then_whole_seconds_before_the_referer() -> None:
    """lighttpd (or Apache) with ``%{X-Forwarded-For}i %h %u %t "%r" %>s %b %I %O %T
    "%{Referer}i" "%{User-Agent}i"``: %I and %O are byte counts, %T the time in seconds; a
    missing forwarded-for address is ``-``."""
    lines = parse(
        '203.0.113.9 10.1.2.3 - [16/May/2024:09:00:01 -0700] "GET /pkg/list.gz HTTP/1.0" '
        '200 48213 352 48490 2 "-" "fetcher/1.2"\n'
        '- 127.0.0.1 - [16/May/2024:09:00:04 -0700] "HEAD /ping HTTP/1.1" 304 0 140 121 0 '
        '"-" "curl/8.1"\n'
    )
    assert [utc(e.ts) for e in lines] == ["2024-05-16T16:00:01", "2024-05-16T16:00:04"]
    assert [e.fmt for e in lines] == ["access", "access"]
    assert [samples(e)["request_time_ms"] for e in lines] == [2000.0, 0.0]
    assert [samples(e)["http_status"] for e in lines] == [200.0, 304.0]
    assert lines[0].fields is not None and lines[0].fields["user_agent"] == "fetcher/1.2"
    assert lines[0].fields["bytes_out"] == 48490


def test_apache_s_combinedio_pair_after_the_agent_is_no_duration() -> None:
    """httpd.conf's ``combinedio`` appends ``%I %O``: byte counts, not %D."""
    (line,) = parse(
        '192.0.2.4 - - [16/May/2024:09:00:01 +0000] "GET /index.html HTTP/1.1" 200 5120 '
        '"-" "Mozilla/5.0" 431 5398\n'
    )
    assert "request_time_ms" not in samples(line)
    assert line.fields is not None and line.fields["bytes_in"] == 431


@pytest.mark.parametrize(
    ("tail", "ms"),
    [
        ("12500", 12.5),  # %D: microseconds
        ("431 5398 1875", 1.875),  # combinedio and %D
        ("431 5398 3", 3000.0),  # combinedio and %T
        ("0.042", 42.0),  # nginx's $request_time
    ],
)
def test_a_time_column_after_the_agent(tail: str, ms: float) -> None:
    (line,) = parse(
        '192.0.2.4 - - [16/May/2024:09:00:01 +0000] "GET /index.html HTTP/1.1" 200 5120 '
        f'"-" "Mozilla/5.0" {tail}\n'
    )
    assert samples(line)["request_time_ms"] == pytest.approx(ms)
