"""Lines of common logs that this session's later rules (sets 42, 44, 45) were not written
for but could touch, and what the parser makes of them (issue #17's third review)."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_dated_column_layout_with_a_spaced_bar_is_no_squid_cache_line() -> None:
    # Gin's logger's columns behind a Go log date: the bar after a space is a column's,
    # Squid's comes right after its time ("07:01:11| msg"); status and latency still read
    (line,) = parse('2024/06/01 10:00:05 | 503 |    1.234ms |  127.0.0.1 | GET      "/ping"\n')
    assert line.fmt != "squid-cache"
    assert samples(line)["http_status"] == 503.0
    assert samples(line)["response_time_ms"] == 1.234
    (squid,) = parse("2024/06/01 10:00:06| ERROR: no running copy\n")
    assert squid.fmt == "squid-cache"
    assert squid.level == "ERROR"
    assert utc(squid.ts) == "2024-06-01T10:00:06"


def test_a_crash_report_opening_under_a_message_left_open_stands_on_its_own() -> None:
    # a dated line whose bracket is still open, an indented line under it, then a program's
    # own crash reports at the margin: Java's uncaught exception, Go's runtime fatal error
    text = (
        "2024-06-01 10:00:00 INFO Loading plugins [core, auth\n"
        "  (2 of 5 loaded)\n"
        'Exception in thread "main" java.lang.IllegalStateException: no config\n'
        "\tat com.example.Main.main(Main.java:12)\n"
        "2024-06-01 10:00:01 ERROR Worker crashed\n"
        "com.example.JobException: job 7 failed\n"
        "fatal error: all goroutines are asleep - deadlock!\n"
    )
    lines = parse(text)
    assert [e.message[:22] for e in lines] == [
        "Loading plugins [core,",
        'Exception in thread "m',
        "Worker crashed",
        "fatal error: all gorou",
    ]
    assert lines[1].detail == ("\tat com.example.Main.main(Main.java:12)",)
    assert lines[3].level == "FATAL"


def test_an_epoch_csv_row_keeps_a_level_cell_after_its_quoted_message() -> None:
    # an app's own CSV (epoch ms, "message", level): the cells after the message are dropped
    # as an export's, but a level alone in one is the event's when the message says none
    text = (
        '1717236011000,"user login failed for admin",ERROR\n'
        '1717236012000,"START RequestId: 5e6f Version: $LATEST",stream-7\n'
    )
    failed, start = parse(text)
    assert failed.message == "user login failed for admin"
    assert failed.level == "ERROR"
    assert utc(failed.ts) == "2024-06-01T10:00:11"
    assert start.level == "UNKNOWN"


def test_a_flow_line_of_key_value_pairs_gives_no_nanoseconds() -> None:
    # src/dest/bytes and a bare duration: a connection's, no HDFS op, its unit unsaid
    text = (
        "2024-06-01 10:00:00 INFO flow closed: src: 10.0.0.1:443, dest: 10.0.0.2:51234,"
        " bytes: 5120, duration: 30\n"
        "2024-06-01 10:00:01 INFO DataNode.clienttrace: src: /10.0.0.1:50010,"
        " dest: /10.0.0.2:43210, bytes: 65536, op: HDFS_READ, cliID: DFSClient_7, offset: 0,"
        " srvID: 9a1b, blockid: BP-1:blk_3_4, duration: 1234567\n"
    )
    flow, trace = parse(text)
    assert samples(flow) == {}
    assert samples(trace) == {"duration_ms": 1.234567}


def test_an_epoch_under_a_request_time_key_is_no_duration() -> None:
    # API Gateway's JSON access log: $context.requestTimeEpoch, quoted digits, is a moment
    record = (
        '{"requestId":"c6af9ac6","requestTime":"01/Jun/2024:10:00:10 +0000",'
        '"requestTimeEpoch":"1717236010000","httpMethod":"GET","status":"200",'
        '"responseLatency":"42"}\n'
    )
    (line,) = parse(record)
    assert samples(line) == {"http_status": 200.0, "latency_ms": 42.0}


def test_a_database_clients_table_row_is_no_cli_export_row() -> None:
    # mysql's client box: a 13-digit ID and a padded email are no event time and message;
    # the syslog line after keeps its own year
    text = (
        "| 1234567890123 | Alice Smith | alice@example.com |\n"
        "| 1717236010000 | bob         | bob@example.org   |\n"
        "Dec  3 10:00:13 web1 app[12]: started\n"
    )
    lines = parse(text)
    assert [e.message[:15] for e in lines] == [
        "| 1234567890123",
        "| 1717236010000",
        "started",
    ]
    assert utc(lines[2].ts) == "2023-12-03T10:00:13"


def test_critical_as_an_adjective_in_prose_is_no_level() -> None:
    # Fly.io's app line said "ensuring critical schema columns exist" at info; the word
    # between two lower-case words describes a thing. As a tag or after a colon it is a level.
    (prose,) = parse("2024-06-01 10:00:00 ensuring critical schema columns exist\n")
    assert prose.level not in ("CRITICAL", "ERROR")
    (said,) = parse("2024-06-01 10:00:00 hit a critical error in worker 3\n")
    assert said.level == "ERROR"
    (tagged,) = parse("2024-06-01 10:00:00 critical: disk full\n")
    assert tagged.level == "CRITICAL"
    (kernel,) = parse(
        "Jun  1 10:00:00 host kernel: thermal thermal_zone0: critical temperature reached\n"
    )
    assert kernel.level == "CRITICAL"
