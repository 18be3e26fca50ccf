"""Issue 17, eighth set: a slow log's header run onto one line, pino-pretty's indented
objects under an entry, Azure's {records:[...]} of App Service HTTP logs, access layouts
with the request time after the sizes, Gin's lines without a level, and counters that are
no durations. Every line here is written in the format's documented shape, not copied from
a log."""

from __future__ import annotations

from datetime import UTC, datetime

from console import events as ev
from console.parse import LogParser
from tests.helpers.parsing import NOW, REF, parse, samples, utc


def test_a_slow_log_time_header_with_the_user_header_on_its_line() -> None:
    """``# Time: yymmdd hh:mm:ss # User@Host: ...``: the time is what comes before the
    next '#', in the short form and in the ISO one."""
    lines = parse(
        "# Time: 190305  8:01:02 # User@Host: shop[shop] @ app1 [192.0.2.5]\n"
        "# Query_time: 0.004000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 40\n"
        "SELECT 1;\n"
        "# Time: 2019-03-05T08:02:00.500000Z # User@Host: shop[shop] @ app1 [192.0.2.5]\n"
        "# Query_time: 0.5  Lock_time: 0.0  Rows_sent: 0  Rows_examined: 0\n"
        "SELECT 2;\n"
    )
    assert [utc(e.ts) for e in lines] == ["2019-03-05T08:01:02", "2019-03-05T08:02:00"]
    assert [samples(e).get("query_duration_ms") for e in lines] == [4.0, 500.0]
    assert [e.message for e in lines] == ["SELECT 1;", "SELECT 2;"]  # one entry a query


def test_a_time_spent_in_a_state_is_no_request_duration() -> None:
    """rsyslog's impstats counts an action's suspensions (``suspended.duration``, seconds
    in all); a paused or idle time is no more a request's, while a request's stays one."""
    lines = parse(
        '{"name":"action 3","origin":"core.action","processed":"812","failed":"2",'
        '"suspended":"1","suspended.duration":"30","resumed":"1"}\n'
        '{"name":"worker","idle_duration_ms":4000,"pause_duration":"2s"}\n'
        '{"name":"api","request_duration_ms":12}\n'
    )
    assert [samples(e) for e in lines] == [{}, {}, {"request_duration_ms": 12.0}]
    assert [e.level for e in lines] == ["INFO", "INFO", "INFO"]


def test_azure_diagnostic_records_give_the_w3c_server_status() -> None:
    """Azure's diagnostic logs, a ``{"records": [...]}`` object written over many lines:
    App Service's HTTP logs name W3C's fields (ScStatus, a string; TimeTaken in ms), whose
    sub-status and Win32 status are no HTTP status; Application Gateway's say httpStatus."""
    lines = parse(
        "{\n"
        '  "records": [\n'
        "    {\n"
        '      "time": "2024-05-16T09:00:01.1234567Z",\n'
        '      "category": "AppServiceHTTPLogs",\n'
        '      "properties": {\n'
        '        "CsMethod": "POST",\n'
        '        "CsUriStem": "/api/cart",\n'
        '        "ScSubStatus": "0",\n'
        '        "ScWin32Status": "121",\n'
        '        "ScStatus": "404",\n'
        '        "TimeTaken": 35\n'
        "      }\n"
        "    },\n"
        "    {\n"
        '      "time": "2024-05-16T09:00:02.0000000Z",\n'
        '      "category": "ApplicationGatewayAccessLog",\n'
        '      "properties": {"httpMethod": "GET", "httpStatus": 502, "timeTaken": 0.25}\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )
    assert [utc(e.ts) for e in lines] == ["2024-05-16T09:00:01", "2024-05-16T09:00:02"]
    assert [samples(e).get("http_status") for e in lines] == [404.0, 502.0]
    assert [samples(e).get("response_time_ms") for e in lines] == [35.0, 250.0]


def test_an_access_line_s_error_column_is_no_level() -> None:
    """Gin's and Fiber's access lines carry no level; the error text a handler left closes
    the line (``|binding error: ...``): the status says the severity, 4xx a warning."""
    lines = parse(
        "[GIN] 2024/05/16 - 09:00:01 | 200 |      1.2ms |  192.0.2.1 | GET     | /error-pages\n"
        "[GIN] 2024/05/16 - 09:00:02 | 400 |    450.5µs |  192.0.2.2 | POST    | /api/cart "
        "|binding error: missing field | 210 bytes | curl/8.1\n"
        "[GIN] 2024/05/16 - 09:00:03 | 502 |       2.5s |  192.0.2.3 | GET     | /api/feed "
        "|upstream error | 0 bytes | curl/8.1\n"
        "09:00:04 | 404 |     15ms |  192.0.2.4 | GET     | /missing | error: not found\n"
    )
    assert [samples(e).get("http_status") for e in lines] == [200.0, 400.0, 502.0, 404.0]
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "WARNING"]
    assert samples(lines[2])["response_time_ms"] == 2500.0


def test_a_level_before_the_status_stays_the_line_s() -> None:
    lines = parse("2024-05-16 09:00:01 ERROR handler: GET /api/cart returned 200 in 5ms\n")
    assert [e.level for e in lines] == ["ERROR"]


def test_an_nginx_layout_without_ident_and_with_sizes_before_the_request_time() -> None:
    """``$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent
    $request_time "$x" ...``: the line is an access line (no ident, no user), the whole
    numbers after the status are sizes, the one with a point the time in seconds."""
    lines = parse(
        '198.51.100.7 [16/May/2024:09:00:01 +0200] "GET /img/a.png HTTP/1.1" 200 412 20480 '
        '0.042 "thumb" 7 3\n'
        '198.51.100.8 - [16/May/2024:09:00:02 +0200] "GET /x HTTP/1.1" 404 380 153 0.003\n'
        '198.51.100.9 - - [16/May/2024:09:00:03 +0200] "POST /api HTTP/2.0" 201 88 "-" '
        '"curl/8.1" 950 1.250\n'
    )
    assert [e.fmt for e in lines] == ["access", "access", "access"]
    assert [utc(e.ts) for e in lines] == [
        "2024-05-16T07:00:01",
        "2024-05-16T07:00:02",
        "2024-05-16T07:00:03",
    ]
    assert [samples(e).get("http_status") for e in lines] == [200.0, 404.0, 201.0]
    assert [samples(e).get("request_time_ms") for e in lines] == [42.0, 3.0, 1250.0]
    assert lines[0].fields is not None and "user" not in lines[0].fields


def test_apache_s_microseconds_after_the_size_stay_microseconds() -> None:
    (line,) = parse(
        '192.0.2.4 - alice [16/May/2024:09:00:01 +0000] "GET / HTTP/1.1" 200 5120 2350\n'
    )
    assert samples(line)["request_time_ms"] == 2.35
    assert line.fields is not None and line.fields["user"] == "alice"


PINO_HTTP = (
    '    req: {\n      "id": 7,\n      "method": "POST",\n      "url": "/api/cart",\n'
    '      "headers": {\n        "host": "shop.example"\n      }\n    }\n'
    '    res: {\n      "statusCode": 503,\n      "headers": {}\n    }\n'
    "    responseTime: 37\n"
)


def test_pino_pretty_fields_under_an_entry_give_its_request() -> None:
    """pino-pretty writes a record's other keys under its line, ``    key: value``, an
    object as indented JSON: pino-http's res.statusCode and responseTime (ms) are read."""
    lines = parse(
        "[2024-05-16T09:00:01.250Z] INFO (4711 on web-1): request completed\n"
        + PINO_HTTP
        + "[2024-05-16T09:00:02.000Z] INFO (4711 on web-1): listening\n"
        + '    port: 3000\n    host: "0.0.0.0"\n'
    )
    assert [utc(e.ts) for e in lines] == ["2024-05-16T09:00:01", "2024-05-16T09:00:02"]
    assert [samples(e) for e in lines] == [
        {"http_status": 503.0, "response_time_ms": 37.0},
        {},
    ]
    assert lines[0].fields is not None and lines[0].fields["req.method"] == "POST"
    assert lines[1].fields is not None and lines[1].fields["host"] == "0.0.0.0"


def test_pino_pretty_s_time_of_day_layout_too() -> None:
    lines = parse(
        "[2024-05-16T08:59:00.000Z] INFO (4711): up\n"
        "[09:00:01.250] INFO (4711): request completed\n" + PINO_HTTP
    )
    assert samples(lines[-1]) == {"http_status": 503.0, "response_time_ms": 37.0}


def test_a_traceback_under_an_entry_is_no_record() -> None:
    (line,) = parse(
        "2024-05-16 09:00:01,250 ERROR app: boom\n"
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        "    main()\n"
        "ValueError: status: 500\n"
    )
    assert line.level == "ERROR"
    assert "http_status" not in samples(line)


def test_access_times_after_quoted_values_and_apache_s_t_and_d_together() -> None:
    """nginx's ``... "$http_user_agent" "$http_x_forwarded_for" $request_time
    $upstream_response_time``: the first bare number after the quoted values is the time;
    Apache's ``%T/%D`` and ``%T %D`` give seconds then microseconds: the microseconds."""
    head = '192.0.2.4 - - [16/May/2024:09:00:0{} +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.1" '
    lines = parse(
        head.format(1)
        + '"203.0.113.5, 10.0.0.2" 0.123 0.120\n'
        + head.format(2)
        + '"-" 0.050 -\n'
        + head.format(3)
        + "0/7123\n"
        + head.format(4)
        + "2 2350000\n"
        + head.format(5)
        + '"-"\n'
    )
    assert [samples(e).get("request_time_ms") for e in lines] == [123.0, 50.0, 7.123, 2350.0, None]


def test_negroni_s_tab_before_its_duration_cell() -> None:
    """negroni's default: ``[negroni] {{.StartTime}} | {{.Status}} | \\t {{.Duration}} |
    {{.Hostname}} | {{.Method}} {{.Path}}``."""
    (line,) = parse("[negroni] 2024-05-16T09:00:01Z | 404 | \t 1.25ms | shop:3000 | GET /x\n")
    assert samples(line) == {"http_status": 404.0, "response_time_ms": 1.25}
    assert line.level == "WARNING"


def test_gin_s_error_lines_belong_to_the_request_before() -> None:
    """Gin's logger writes the request's errors after its line, ``Error #01: ...`` (one a
    line, then a blank): they are that request's detail, not error entries of their own."""
    lines = parse(
        '[GIN] 2024/05/16 - 09:00:02 | 400 |     250.1µs |       192.0.2.1 | POST     "/cart"\n'
        "Error #01: binding error: Key: 'Cart.ID' failed on the 'required' tag\n"
        "Error #02: invalid quantity\n"
        "\n"
        '[GIN] 2024/05/16 - 09:00:03 | 200 |       1.5ms |       192.0.2.1 | GET      "/cart"\n'
    )
    assert [e.level for e in lines] == ["WARNING", "INFO"]
    assert "Error #02: invalid quantity" in lines[0].detail


def test_colours_inside_a_line_are_no_part_of_it() -> None:
    """pino-pretty (and other pretty printers) colour the level and message, not the
    line's start: the escapes go wherever they are, in feed_text and in feed alike."""
    text = (
        "[2024-05-16 09:00:02.000 +0000] \x1b[31mERROR\x1b[39m (42 on web-1): "
        "\x1b[36mupstream failed\x1b[39m\n"
    )
    (line,) = parse(text)
    assert line.level == "ERROR"
    assert "\x1b" not in line.message
    p = LogParser(now=lambda: NOW, year_ref=REF)
    fed = [e for e in p.feed(text) + p.flush() if isinstance(e, ev.LogLine)]
    assert [(e.level, e.message) for e in fed] == [(line.level, line.message)]


def test_a_json_object_closing_a_text_line_gives_its_measures() -> None:
    """pino-pretty's singleLine, and loggers that append the record's fields as JSON: the
    object's status and duration are read as a JSON line's; braces in the words before it
    are no object; the line's own level stays."""
    lines = parse(
        "[2024-05-16T09:00:00.000Z] INFO (42 on web-1): request completed "
        '{"res":{"statusCode":503},"responseTime":12}\n'
        '2024-05-16 09:00:02 INFO template {name} rendered {"status":404,"elapsed_ms":3}\n'
        "2024-05-16 09:00:03 WARN cache {hits} low\n"
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 503.0, "response_time_ms": 12.0},
        {"http_status": 404.0, "elapsed_ms": 3.0},
        {},
    ]
    assert [e.level for e in lines] == ["INFO", "INFO", "WARNING"]


def test_key_value_times_after_a_quoted_forwarded_for() -> None:
    """nginx's upstream_time example with ``"$http_x_forwarded_for"`` before ``rt=``."""
    (line,) = parse(
        '192.0.2.4 - - [16/May/2024:09:00:01 +0000] "GET /a HTTP/1.1" 200 612 "-" "curl/8.1" '
        '"198.51.100.1, 10.0.0.3" rt=0.052 uct="0.000" uht="0.050" urt="0.050"\n'
    )
    assert samples(line)["request_time_ms"] == 52.0


def test_a_histogram_s_parts_are_no_request_duration() -> None:
    """A metrics dump's ``..._duration_seconds_count``/``_sum``/``_bucket`` count and add up
    many requests: none of them is one request's time."""
    (line,) = parse(
        '{"ts":"2024-05-16T09:00:01Z","msg":"stats","http_request_duration_seconds_count":42,'
        '"http_request_duration_seconds_sum":3.5,"latency_median_ms":4}\n'
    )
    assert samples(line) == {}


def test_spdlog_s_default_pattern_takes_the_level_after_the_logger() -> None:
    """spdlog's ``[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v``: the logger's name, then the level."""
    lines = parse(
        "[2024-05-16 09:00:01.120] [db_logger] [error] connection refused\n"
        "[2024-05-16 09:00:02.340] [http] [warning] slow handler\n"
        "[2024-05-16 09:00:03.000] [auth] [info] login ok\n"
    )
    assert [e.level for e in lines] == ["ERROR", "WARNING", "INFO"]
    assert lines[0].message == "connection refused"
    assert lines[0].fields is not None and lines[0].fields["logger"] == "db_logger"
    assert utc(lines[1].ts) == "2024-05-16T09:00:02"


def test_serilog_s_console_time_and_level_in_one_bracket() -> None:
    """Serilog's console default ``[HH:mm:ss LVL] msg``, its exception under the line."""
    lines = parse(
        "[2024-05-16 08:59:00.000] [app] [info] started\n"
        "[09:00:01 WRN] High CPU\n"
        "[09:00:02 ERR] Failed to process request 42\n"
        "System.InvalidOperationException: invalid state\n"
        "   at App.Controllers.Orders.Post() in Orders.cs:line 42\n"
        "[09:00:03 VRB] cache stats\n"
    )
    assert [e.level for e in lines] == ["INFO", "WARNING", "ERROR", "TRACE"]
    assert [utc(e.ts) for e in lines][1:3] == ["2024-05-16T09:00:01", "2024-05-16T09:00:02"]
    assert len(lines[2].detail) == 2


def test_percona_s_microsecond_slow_log_time() -> None:
    """Percona Server's slow_query_log_timestamp_precision=microsecond."""
    lines = parse(
        "# Time: 190305  8:01:02.250000\n"
        "# Query_time: 0.004000  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 40\n"
        "SELECT 1;\n"
    )
    assert (
        datetime.fromtimestamp(lines[0].ts, UTC).isoformat() == "2019-03-05T08:01:02.250000+00:00"
    )


def test_mysql_5_5_s_general_log_has_a_tab_after_its_time() -> None:
    """MySQL up to 5.5 writes its general query log ``yymmdd hh:mm:ss\\t  id Command
    Argument``; the lines of the same second leave the time out (tabs)."""
    lines = parse(
        "190305  8:01:02\t     42 Connect\tapp@localhost on shop\n"
        "\t\t     42 Query\tSELECT 1\n"
        "190305  8:01:09\t     42 Quit\t\n"
    )
    assert [utc(e.ts) for e in lines] == ["2019-03-05T08:01:02", "2019-03-05T08:01:09"]


def test_an_aws_vpc_flow_log_record_is_dated_by_its_window_start() -> None:
    """The default (version 2) record: ... start end action log-status, epoch seconds; a
    NODATA record's addresses are ``-``; a REJECT is traffic refused, not an error."""
    lines = parse(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
        "bytes start end action log-status\n"
        "2 123456789012 eni-0a1b2c3d 198.51.100.7 10.0.1.5 44321 443 6 12 5120 1715850000 "
        "1715850060 ACCEPT OK\n"
        "2 123456789012 eni-0a1b2c3d 203.0.113.9 10.0.1.5 51000 22 6 1 40 1715850003 "
        "1715850060 REJECT OK\n"
        "2 123456789012 eni-0a1b2c3d - - - - - - - 1715850060 1715850120 - NODATA\n"
    )
    flows = [e for e in lines if e.fmt == "vpc-flow"]
    assert [utc(e.ts) for e in flows] == [
        "2024-05-16T09:00:00",
        "2024-05-16T09:00:03",
        "2024-05-16T09:01:00",
    ]
    assert {e.level for e in lines} <= {"INFO", "UNKNOWN"}


def test_list_responses_are_batches_of_records() -> None:
    """``kubectl get events -o json`` (a ``kind: ...List`` with its ``items``) and Azure's
    REST list (``value``, ``nextLink``) hold one record each; a log record with a list of
    objects among its fields stays one record."""
    lines = parse(
        '{"apiVersion": "v1", "items": [\n'
        '  {"kind": "Event", "firstTimestamp": "2024-05-16T09:00:01Z", "message": "Pulled"},\n'
        '  {"kind": "Event", "firstTimestamp": "2024-05-16T09:00:05Z", "message": "Started"}\n'
        '], "kind": "List", "metadata": {"resourceVersion": ""}}\n'
        '{"value": [{"time": "2024-05-16T09:01:00Z", "level": "Error", "msg": "a"}], '
        '"nextLink": null}\n'
        '{"ts": "2024-05-16T09:02:00Z", "msg": "order placed", "items": [{"sku": "A1"}]}\n'
    )
    assert [e.message for e in lines] == ["Pulled", "Started", "a", "order placed"]
    assert [utc(e.ts) for e in lines][:2] == ["2024-05-16T09:00:01", "2024-05-16T09:00:05"]
    assert lines[2].level == "ERROR"


def test_postgres_with_a_prefix_of_colons_as_amazon_rds_sets_it() -> None:
    """RDS's log_line_prefix ``%t:%r:%u@%d:[%p]:``: the zone name then a colon, the level
    after the last colon of the prefix, the statement's duration read."""
    lines = parse(
        "2024-05-16 09:00:01 CET::@:[4120]:LOG:  checkpoint starting: time\n"
        "2024-05-16 09:00:02 CET:10.0.0.5(51000):app@shop:[4121]:LOG:  duration: 12.500 ms"
        "  statement: SELECT 1\n"
        "2024-05-16 09:00:03 UTC:10.0.0.5(51001):app@shop:[4122]:ERROR:  relation "
        '"orders" does not exist\n'
    )
    assert [e.fmt for e in lines] == ["postgres"] * 3
    assert [utc(e.ts) for e in lines] == [
        "2024-05-16T08:00:01",
        "2024-05-16T08:00:02",
        "2024-05-16T09:00:03",
    ]
    assert [e.level for e in lines] == ["INFO", "INFO", "ERROR"]
    assert samples(lines[1]) == {"query_duration_ms": 12.5}


def test_postgres_jsonlog_gives_its_severity_and_statement_durations() -> None:
    """PostgreSQL 15's ``log_destination = jsonlog``: the level under error_severity (LOG
    is info), a statement's duration in the message's words as on its stderr line."""
    lines = parse(
        '{"timestamp":"2024-05-16 09:00:01.123 UTC","user":"app","dbname":"shop","pid":4120,'
        '"error_severity":"LOG","message":"duration: 12.500 ms  statement: SELECT 1",'
        '"backend_type":"client backend"}\n'
        '{"timestamp":"2024-05-16 09:00:02.000 UTC","pid":4121,"error_severity":"ERROR",'
        '"state_code":"42P01","message":"relation \\"orders\\" does not exist"}\n'
    )
    assert [e.level for e in lines] == ["INFO", "ERROR"]
    assert [samples(e) for e in lines] == [{"query_duration_ms": 12.5}, {}]
