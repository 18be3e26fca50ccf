"""Issue 17, sixth set: a full time inside a year-less line, Azure's US times in JSON,
records before the first time, and the durations and statuses of access lines whose layout
is a documented default (Envoy, IIS W3C without ``#Fields``, MySQL's slow log). Every line
here is written in the format's documented shape, not copied from a log."""

from __future__ import annotations

from datetime import UTC, datetime

from console import events as ev
from console.parse import LogParser

REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()
NOW = datetime(2030, 1, 1, tzinfo=UTC).timestamp()


def parse(text: str) -> list[ev.LogLine]:
    p = LogParser(now=lambda: NOW, year_ref=REF)
    out = p.feed_text(text) + p.flush()
    return [e for e in out if isinstance(e, ev.LogLine)]


def utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds")[:23]


def samples(line: ev.LogLine) -> dict[str, float]:
    return {name: value for name, value, _scope in line.samples}


def test_haproxy_s_accept_date_gives_a_syslog_line_its_year_and_time() -> None:
    """The bracketed accept date is the request's own time: it wins over the year the
    header's date would be placed in, and over the header's seconds (HAProxy logs a
    session when it ends, seconds after it was accepted)."""
    lines = parse(
        "Mar  3 08:15:02 lb1 haproxy[811]: 192.0.2.7:51000 [03/Mar/2019:08:15:02.120] web~ "
        'api/app1 0/0/1/12/13 200 512 - - ---- 3/3/0/0/0 0/0 "GET /health HTTP/1.1"\n'
        "Mar  3 08:15:09 lb1 haproxy[811]: 192.0.2.8:51002 [03/Mar/2019:08:15:04.001] tcp_in "
        "db/pg1 0/0/5000 880 -- 1/1/0/0/0 0/0\n"
    )
    assert [utc(e.ts) for e in lines] == ["2019-03-03T08:15:02.120", "2019-03-03T08:15:04.001"]
    assert samples(lines[0])["http_status"] == 200


def test_a_full_time_of_another_day_leaves_the_year_less_time_alone() -> None:
    lines = parse(
        "May 20 10:00:00 host app[1]: replaying the request of [02/Jan/2019:09:00:00.000]\n"
    )
    assert utc(lines[0].ts) == "2024-05-20T10:00:00.000"


def test_a_year_first_time_with_slashes_in_the_message_gives_the_year() -> None:
    lines = parse("Jul  9 23:59:58 host nats[5]: [5] 2021/07/09 23:59:58.120 [INF] ready\n")
    assert utc(lines[0].ts) == "2021-07-09T23:59:58.120"


def test_azure_s_us_times_in_a_json_time_key() -> None:
    """Azure writes ``M/D/YYYY h:mm:ss AM``: month first, as any date written with ``/``
    (a first number above 12 makes it day-first)."""
    lines = parse(
        '{"time": "03/04/2021 17:05:09", "operationName": "a"}\n'
        '{"time": "3/4/2021 5:05:09 PM", "operationName": "b"}\n'
        '{"time": "3/4/2021 6:05:09 PM +01:00", "operationName": "c"}\n'
        '{"time": "25/04/2021 17:05:09", "operationName": "d"}\n'
    )
    assert [utc(e.ts) for e in lines] == [
        "2021-03-04T17:05:09.000",
        "2021-03-04T17:05:09.000",
        "2021-03-04T17:05:09.000",
        "2021-04-25T17:05:09.000",
    ]
    assert lines[0].fields == {"operationName": "a"}


def test_json_records_without_a_time_before_the_first_take_that_time() -> None:
    lines = parse(
        '{"time": "soon", "msg": "starting"}\n'
        '{"msg": "config loaded"}\n'
        '{"time": "2022-02-02T02:02:02Z", "msg": "listening"}\n'
        '{"msg": "no time of its own"}\n'
    )
    assert [e.message for e in lines] == [
        "starting",
        "config loaded",
        "listening",
        "no time of its own",
    ]
    assert {utc(e.ts) for e in lines} == {"2022-02-02T02:02:02.000"}


def test_a_json_log_with_no_time_at_all_takes_the_clock_s() -> None:
    lines = parse('{"msg": "a"}\n{"msg": "b"}\n')
    assert [e.ts for e in lines] == [NOW, NOW]
