"""An unindented line of no time and no layout under a dated entry whose message ends with a
colon: that entry's (docs/log-formats.md, section 7), as lnav reads a line that matches no
format. Everywhere else such a line stays an entry of its own. Lines of our own, in the
shapes of Cassandra's log4j layout and RabbitMQ 3.8's lager layout."""

from __future__ import annotations

from console.parse import LogParser
from tests.helpers.parsing import NOW, REF, parse, samples, utc

CASSANDRA = (
    "INFO  [main] 2023-03-14 09:12:01,250 StorageService.java:681 - "
    "Token metadata: Normal Tokens:\n"
    "localhost/127.0.0.1:[-9101234567890123456, -8801234567890123456, 4401234567890123456]\n"
    "INFO  [main] 2023-03-14 09:12:01,900 Server.java:159 - Starting listening for CQL clients\n"
)


def test_the_line_a_colon_announced_joins_the_entry() -> None:
    lines = parse(CASSANDRA)
    assert [ln.message for ln in lines] == [
        "Token metadata: Normal Tokens:",
        "Starting listening for CQL clients",
    ]
    first = lines[0]
    assert first.detail == (
        "localhost/127.0.0.1:[-9101234567890123456, -8801234567890123456, 4401234567890123456]",
    )
    assert utc(first.ts) == "2023-03-14T09:12:01"
    assert first.level == "INFO"


def test_lagers_reason_after_the_colon_is_the_warnings() -> None:
    lines = parse(
        "2023-03-14 09:30:00.125 [warning] <0.4410.0> closing AMQP connection <0.4410.0> "
        "(10.1.2.3:50112 -> 10.1.2.4:5672, vhost: '/', user: 'billing'):\n"
        "client unexpectedly closed TCP connection\n"
        "2023-03-14 09:30:02.500 [info] <0.4500.0> accepting AMQP connection <0.4500.0>\n"
    )
    assert len(lines) == 2
    assert lines[0].level == "WARNING"
    assert lines[0].detail == ("client unexpectedly closed TCP connection",)


def test_several_lines_join_until_the_next_dated_entry() -> None:
    lines = parse(
        "2023-03-14 09:00:00,000 INFO  app.Config - Effective settings:\n"
        "pool.size=16\n"
        "cache.ttl=300s\n"
        "2023-03-14 09:00:01,000 INFO  app.Main - Ready\n"
    )
    assert [ln.message for ln in lines] == ["app.Config - Effective settings:", "app.Main - Ready"]
    assert lines[0].detail == ("pool.size=16", "cache.ttl=300s")


def test_a_line_that_says_something_of_its_own_stays_an_entry() -> None:
    head = "2023-03-14 09:00:00,000 INFO  app.Loader - Loading modules:\n"
    for own, level in (
        ("WARN module billing is deprecated\n", "WARNING"),  # a level word
        ("GET /health 503 12 ms\n", "ERROR"),  # a request said in words
        ('{"event": "module_loaded", "name": "billing"}\n', None),  # a JSON record
        ("#Fields: date time cs-method\n", None),  # a directive
    ):
        lines = parse(head + own)
        assert len(lines) == 2, own
        assert lines[0].detail == (), own
        if level is not None:
            assert lines[1].level == level, own
    said = parse(head + "GET /health 503 12 ms\n")[1]
    assert samples(said)["http_status"] == 503


def test_without_the_colon_an_undated_line_is_still_its_own() -> None:
    lines = parse(
        "2023-03-14 09:00:00,000 INFO  app.Main - Booting worker with pid: 4121\n"
        "Not Found: /favicon.ico\n"
    )
    assert [ln.message for ln in lines] == [
        "app.Main - Booting worker with pid: 4121",
        "Not Found: /favicon.ico",
    ]
    assert lines[1].fmt == "plain"


def test_a_blank_line_ends_what_the_colon_announced() -> None:
    lines = parse(
        "2023-03-14 09:00:00,000 INFO  app.Config - Effective settings:\n"
        "pool.size=16\n"
        "\n"
        "server listening\n"
    )
    assert [ln.message for ln in lines] == ["app.Config - Effective settings:", "server listening"]
    assert lines[0].detail == ("pool.size=16", "")


def test_files_with_no_dates_do_not_change() -> None:
    # plain lines, and a text layout with no time of its own (uvicorn's "LEVEL:  msg")
    for text in (
        "Settings:\npool.size=16\ncache.ttl=300s\n",
        "INFO:     Loading settings:\npool.size=16\n",
    ):
        lines = parse(text)
        assert len(lines) == len(text.splitlines()), text
        assert all(ln.detail == () for ln in lines), text


def test_line_by_line_reads_the_same() -> None:
    p = LogParser(now=lambda: NOW, year_ref=REF)
    events = [e for line in CASSANDRA.splitlines() for e in p.feed(line)] + p.flush()
    assert events == parse(CASSANDRA)
