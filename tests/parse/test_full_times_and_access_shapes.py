"""Issue 17, sixth set: a full time inside a year-less line, Azure's US times in JSON,
records before the first time, and the durations and statuses of access lines whose layout
is a documented default (Envoy, IIS W3C without ``#Fields``, MySQL's slow log). Every line
here is written in the format's documented shape, not copied from a log."""

from __future__ import annotations

from console import events as ev
from console.parse import LogParser
from tests.helpers.parsing import NOW, REF, parse, samples
from tests.helpers.parsing import utc as utc_at


def utc(ts: float) -> str:
    return utc_at(ts, "milliseconds")


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


def test_an_undated_change_event_before_the_first_time_keeps_the_clock_s_time() -> None:
    p = LogParser(now=lambda: NOW, year_ref=REF)
    out = p.feed_text('{"kind": "deployment", "service": "api", "version": "v2"}\n') + p.flush()
    assert out and {e.ts for e in out} == {NOW}
    assert any(not isinstance(e, ev.LogLine) for e in out)


def test_envoy_s_and_istio_s_default_access_lines_give_the_duration() -> None:
    """Envoy: status, flags, bytes in, bytes out, %DURATION%, upstream time. Istio adds the
    code's details, the termination details and a quoted failure reason after the flags."""
    lines = parse(
        '[2023-04-01T12:00:00.500Z] "GET /api/items HTTP/1.1" 200 - 0 2048 41 39 "-" '
        '"curl/8.0" "5f0c" "items:8080" "10.1.2.3:8080"\n'
        '[2023-04-01T12:00:01.500Z] "POST /api/cart HTTP/2" 503 UF upstream_reset_before_'
        'response_started{connection_failure} - "-" 120 91 7 - "-" "okhttp" "77aa" "cart" '
        '"10.1.2.4:8080" outbound|8080||cart.shop.svc.cluster.local - 10.1.0.9:8080 '
        "10.1.0.5:40112 - default\n"
        '[2023-04-01T12:00:02.500Z] "GET /ok HTTP/1.1" 200 - via_upstream - "-" 0 17 250 248 '
        '"-" "curl/8.0" "9c1d" "ok:80" "10.1.2.5:80" inbound|80|| 127.0.0.6:5000 '
        "10.1.2.5:80 10.1.0.5:40113 outbound_.80_._.ok.default.svc.cluster.local default\n"
    )
    assert [samples(e).get("request_time_ms") for e in lines] == [41.0, 7.0, 250.0]
    assert [samples(e)["http_status"] for e in lines] == [200, 503, 200]


def test_a_mysql_slow_log_entry_gives_its_time_and_query_duration() -> None:
    lines = parse(
        "# Time: 230412  9:15:02\n"
        "# User@Host: app[app] @ db-client [192.0.2.10]\n"
        "# Query_time: 0.250000  Lock_time: 0.000100 Rows_sent: 10  Rows_examined: 5000\n"
        "SELECT * FROM orders WHERE total > 100;\n"
        "# Time: 2023-04-12T09:16:00.123456Z\n"
        "# Query_time: 1.5  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0\n"
        "UPDATE orders SET state = 'paid' WHERE id = 7;\n"
    )
    assert utc(lines[0].ts) == "2023-04-12T09:15:02.000"
    assert utc(lines[1].ts) == "2023-04-12T09:16:00.123"
    assert [samples(e).get("query_duration_ms") for e in lines] == [250.0, 1500.0]


def test_iis_w3c_lines_without_a_fields_directive_in_the_default_order() -> None:
    """The default field set ends sc-status sc-substatus sc-win32-status time-taken; IIS
    writes its fields in one fixed order, so with sc-bytes and cs-bytes on too time-taken
    is still the last of the six numbers (five could be either pair: no duration)."""
    lines = parse(
        "2024-02-03 04:05:06 192.0.2.1 GET /index.htm - 80 - 198.51.100.2 "
        "Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 125\n"
        "2024-02-03 04:05:07 web01 192.0.2.1 POST /api/login user=x 443 - 198.51.100.3 "
        "curl/8.0 https://example.org/ 401 1 2148074254 15 203.0.113.9 51000\n"
        "2024-02-03 04:05:08 192.0.2.1 GET /big.iso - 80 - 198.51.100.4 Wget/1.21 - "
        "500 0 64 4096 310 9\n"
        "2024-02-03 04:05:09 192.0.2.1 GET /a - 80 - 198.51.100.4 Wget/1.21 - 200 0 0 4096 7\n"
    )
    assert [e.fmt for e in lines] == ["w3c", "w3c", "w3c", "w3c"]
    assert [samples(e)["http_status"] for e in lines] == [200, 401, 500, 200]
    assert [samples(e).get("duration_ms") for e in lines] == [125.0, 15.0, 9.0, None]
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "INFO"]


def test_a_shipper_s_record_of_a_file_s_line_is_read_as_that_line() -> None:
    """Fluent Bit's tail input writes ``{"date": ..., "log": "<the line>"}``: the line's own
    layout (here IIS's) gives the request; a record with keys of its own is not a wrapper."""
    lines = parse(
        '{"date": "2024-02-03T04:05:30.1Z", "log": "2024-02-03 04:05:06 192.0.2.1 GET / - '
        '80 - 198.51.100.2 Mozilla/5.0 - 404 0 2 31"}\n'
        '{"date": "2024-02-03T04:05:31.1Z", "log": "plain words"}\n'
        '{"date": "2024-02-03T04:05:32.1Z", "level": "error", "log": "2024-02-03 04:05:07 x"}\n'
    )
    assert samples(lines[0])["http_status"] == 404
    assert utc(lines[0].ts) == "2024-02-03T04:05:06.000"
    assert lines[1].message == "plain words" and utc(lines[1].ts) == "2024-02-03T04:05:31.100"
    assert lines[2].level == "ERROR" and lines[2].fmt == "json"


def test_mysql_5_5_s_error_log_date_yymmdd_with_an_unpadded_hour() -> None:
    lines = parse(
        "230412  9:15:02 [Note] /usr/sbin/mysqld: ready for connections.\n"
        "230412 10:00:00 [ERROR] Can't open the mysql.plugin table.\n"
        "081109 203615 148 INFO dfs.DataNode: not MySQL's (HDFS: no colons)\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2023-04-12T09:15:02.000",
        "2023-04-12T10:00:00.000",
        "2008-11-09T20:36:15.000",
    ]
    assert lines[1].level == "ERROR"
