"""Issue 17, set 52 part B: applications' own layouts and dates. An access row (Gin's,
Fiber's: status, then latency) sent through a logger as its message. Every line here is
written for this file in the shape those programs produce, not copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# logrus' TextFormatter around a middleware's row: log.Infof("| %3d | %13v | %15s | %s | %s |")
LOGRUS_ROWS = (
    'time="2024-03-05T10:00:01+02:00" level=info msg="| 201 |      3.5ms |  10.0.0.7 | PUT |'
    ' /v1/items |"\n'
    'time="2024-03-05T10:00:02+02:00" level=info msg="| 404 |     812.4µs |  10.0.0.7 | GET |'
    ' /v1/items/9 |"\n'
    'time="2024-03-05T10:01:10+02:00" level=warning msg="| 502 |       1m2.5s |  10.0.0.7 |'
    ' POST | /v1/sync |"\n'
)


def test_an_access_row_in_a_logrus_message_gives_its_status_and_latency() -> None:
    ok, missing, slow = parse(LOGRUS_ROWS)
    assert utc(ok.ts) == "2024-03-05T08:00:01"
    assert samples(ok) == {"http_status": 201.0, "response_time_ms": 3.5}
    assert samples(missing) == {"http_status": 404.0, "response_time_ms": 0.8124}
    assert samples(slow) == {"http_status": 502.0, "response_time_ms": 62500.0}
    # the logger's level stays the line's: the row's status does not override it
    assert (ok.level, missing.level, slow.level) == ("INFO", "INFO", "WARNING")


def test_gins_own_row_in_a_json_message_without_a_level_takes_its_status_level() -> None:
    [line] = parse(
        '{"msg":"[GIN] 2024/03/05 - 10:00:01 | 503 |      850µs |  10.0.0.7 | PUT      '
        '\\"/v1/items\\""}\n'
    )
    assert samples(line) == {"http_status": 503.0, "response_time_ms": 0.85}
    assert line.level == "ERROR"


def test_a_table_row_of_other_cells_is_no_request() -> None:
    [line] = parse('time="2024-03-05T10:00:01+02:00" level=info msg="| 201 | items | 3 |"\n')
    assert samples(line) == {}


# ThinkPHP 5.1's runtime SQL log: each statement with its time, the connection's too.
THINKPHP_SQL = (
    "[ 2024-03-05T10:00:01+08:00 ] 10.0.0.7 GET shop.example/index/orders\n"
    "[ sql ] [ DB ] CONNECT:[ UseTime:0.001250s ] mysql:host=db;port=3306;dbname=shop\n"
    "[ sql ] [ SQL ] SELECT * FROM `orders` WHERE  `id` = 12 LIMIT 1 [ RunTime:0.000431s ]\n"
)


def test_thinkphps_runtime_and_usetime_in_capitals_are_durations() -> None:
    head, connect, query = parse(THINKPHP_SQL)
    assert utc(head.ts) == "2024-03-05T02:00:01"
    assert samples(connect) == {"duration_ms": 1.25}
    assert samples(query) == {"duration_ms": 0.431}


def test_a_capitalised_time_key_without_a_unit_is_no_duration() -> None:
    [line] = parse("2024-03-05 10:00:01 INFO report StartTime:1200 rows\n")
    assert samples(line) == {}


# An application's own tab-separated error log: date, time, request id, the driver's code.
TAB_COLUMNS = (
    "20240305\t10:00:01\t5f0c2a1e-0000-4000-8000-000000000001\t23505 : unique_violation"
    "\tnbtinsert.c\terror: llave duplicada viola restricción\n"
    "    at Parser.parseErrorMessage (/srv/app/node_modules/pg-protocol/dist/parser.js:1:2)\n"
    "20240306\t11:30:00\t5f0c2a1e-0000-4000-8000-000000000002\t42P01 : undefined_table"
    "\tparse_relation.c\terror: no existe la relación\n"
)


def test_a_compact_date_and_time_in_tab_separated_columns() -> None:
    first, second = parse(TAB_COLUMNS)
    assert (utc(first.ts), utc(second.ts)) == ("2024-03-05T10:00:01", "2024-03-06T11:30:00")
    assert first.message.startswith("5f0c2a1e-")
    assert any("parser.js" in d for d in first.detail or ())
    assert (first.level, second.level) == ("ERROR", "ERROR")


# Nette Tracy's Logger (formatLogLine): "[Y-m-d H-i-s] message  @  source", no level.
TRACY = (
    "[2024-03-05 10-00-01] Volám registr: https://registry.example/api/42  @  "
    "https://crm.example/clients/add?do=lookup\n"
    "[2024-03-05 10-00-02] REST API HTTP kód: 200  @  https://crm.example/clients/add?do=lookup\n"
    "[2024-03-05 10-00-02] REST cURL - Total time: 0.250125  @  https://crm.example/clients\n"
    "[2024-03-05 10-00-09] Total time: 12  @  CLI (PID: 812): /srv/app/bin/console\n"
)


def test_tracys_dashed_time_its_source_and_what_the_message_says() -> None:
    call, status, timed, bare = parse(TRACY)
    assert [utc(x.ts) for x in (call, timed, bare)] == [
        "2024-03-05T10:00:01",
        "2024-03-05T10:00:02",
        "2024-03-05T10:00:09",
    ]
    assert call.fmt == "tracy"
    assert call.message == "Volám registr: https://registry.example/api/42"
    assert call.fields == {"source": "https://crm.example/clients/add?do=lookup"}
    assert (call.level, samples(call)) == ("INFO", {})
    assert samples(status) == {"http_status": 200.0}
    # curl's total time, no unit written: seconds; a whole number says none
    assert samples(timed) == {"duration_ms": 250.125}
    assert samples(bare) == {}


def test_http_code_said_in_words_is_a_status() -> None:
    [line] = parse("2024-03-05 10:00:01 WARN payment gateway answered, HTTP code: 503\n")
    assert samples(line) == {"http_status": 503.0}


# JavaScript's Date toString() as a hand-written Koa/Express access line writes it.
JS_DATES = (
    "10.0.0.5 -- Tue Mar 05 2024 10:00:01 GMT+0200 (Eastern European Standard Time) -- GET"
    " -- /items -- 12ms\n"
    "ip:10.0.0.5 -- status:502 -- reqTime:Tue Mar 05 2024 10:00:03 GMT+0200 (Eastern European"
    " Standard Time) -- reqMethod:GET -- reqUrl:/items -- resTime:9ms\n"
)


def test_a_js_date_strings_offset_after_gmt_is_its_zone() -> None:
    plain, keyed = parse(JS_DATES)
    assert utc(plain.ts) == "2024-03-05T08:00:01"
    # the date under a key saying a time, after other pairs only: the line's time
    assert utc(keyed.ts) == "2024-03-05T08:00:03"
    assert samples(keyed) == {"http_status": 502.0, "response_time_ms": 9.0}
    assert keyed.level == "ERROR"


def test_a_date_under_a_key_in_a_sentence_is_not_the_lines_time() -> None:
    lines = parse(
        "2024-03-05 10:00:01 INFO start\n"
        "the import we ran yesterday logged startTime: Mon Mar 04 2024 09:00:00 GMT+0200\n"
    )
    assert utc(lines[-1].ts) != "2024-03-04T07:00:00"
