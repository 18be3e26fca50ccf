"""Issue 17, set 45 part A (docs/log-formats.md, section 7): log events as cloud consoles and
CLIs export them, a time column and a message column: the CloudWatch console's and Logs
Insights' CSV downloads (``timestamp,message`` in epoch milliseconds, ``@timestamp,@message``
as a date; the message quoted, its own newline kept inside the quotes) and the AWS CLI's
``--output table`` box. The message is read as the text line it is (a Lambda REPORT, an access
line), at the time column's time. Lines written here in each export's documented shape."""

from __future__ import annotations

from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples, utc


def test_console_csv_epoch_ms_report_message_read_for_its_duration() -> None:
    text = (
        "timestamp,message\n"
        '1717236000100,"START RequestId: 0a1b2c3d-0000-4000-8000-00000000abcd Version: 3\n'
        '"\n'
        '1717236000412,"REPORT RequestId: 0a1b2c3d-0000-4000-8000-00000000abcd\tDuration: 310.42 ms'
        "\tBilled Duration: 311 ms\tMemory Size: 256 MB\tMax Memory Used: 90 MB\n"
        '"\n'
    )
    lines = parse(text)
    report = [e for e in lines if e.message.startswith("REPORT")]
    assert len(report) == 1
    assert utc(report[0].ts, "milliseconds") == "2024-06-01T10:00:00.412"
    assert samples(report[0])["response_time_ms"] == 310.42
    start = [e for e in lines if e.message.startswith("START")]
    assert utc(start[0].ts, "milliseconds") == "2024-06-01T10:00:00.100"


def test_console_csv_message_with_doubled_quotes_and_a_level() -> None:
    text = (
        "timestamp,message\n"
        '1717236005000,"ERROR: upstream ""billing"" refused the connection"\n'
        "1717236006000,plain message written without quotes\n"
    )
    lines = parse(text)
    err = [e for e in lines if "billing" in e.message]
    assert err[0].level == "ERROR"
    assert '"billing"' in err[0].message and '""' not in err[0].message
    assert utc(err[0].ts) == "2024-06-01T10:00:05"
    plain = [e for e in lines if "without quotes" in e.message]
    assert utc(plain[0].ts) == "2024-06-01T10:00:06"


def test_insights_csv_access_line_message_gives_its_status_at_the_column_time() -> None:
    text = (
        "@timestamp,@message,@logStream\n"
        '2024-06-01 10:00:09.250,"203.0.113.9 - - [01/Jun/2024:10:00:08 +0000] ""GET /admin '
        'HTTP/1.1"" 403 199 ""-"" ""Wget/1.21""",web-1\n'
        '2024-06-01 10:00:07.125,"203.0.113.9 - - [01/Jun/2024:10:00:06 +0000] ""POST /login '
        'HTTP/1.1"" 200 41 ""-"" ""Wget/1.21""",web-1\n'
    )
    lines = [e for e in parse(text) if " HTTP/1.1" in e.message]
    assert [samples(e).get(HTTP_STATUS) for e in lines] == [403.0, 200.0]
    assert [utc(e.ts) for e in lines] == ["2024-06-01T10:00:09", "2024-06-01T10:00:07"]
    assert lines[0].level == "WARNING"


def test_cli_table_rows_read_by_their_epoch_cell_and_widest_cell() -> None:
    rid = "5e6f7a8b-1111-4222-8333-444455556666"
    report = (
        f"REPORT RequestId: {rid} Duration: 12.50 ms Billed Duration: 13 ms Memory Size: 128 MB"
    )
    width = len(report) + 2
    text = (
        "-" * (width + 18) + "\n"
        "|" + "GetLogEvents".center(width + 16) + "|\n"
        "|   timestamp   |" + "message".center(width) + "|\n"
        "|---------------|" + "-" * width + "|\n"
        "| 1717236010000 | " + f"START RequestId: {rid} Version: $LATEST".ljust(width - 1) + "|\n"
        "| 1717236010013 | " + report.ljust(width - 1) + "|\n"
    )
    lines = parse(text)
    got = [e for e in lines if e.message.startswith("REPORT")]
    assert len(got) == 1
    assert utc(got[0].ts, "milliseconds") == "2024-06-01T10:00:10.013"
    assert samples(got[0])["response_time_ms"] == 12.5
    assert got[0].message == report
    start = [e for e in lines if e.message.startswith("START")]
    assert utc(start[0].ts) == "2024-06-01T10:00:10"


def test_cli_table_filter_events_row_takes_the_event_time_not_ingestion() -> None:
    # filter-log-events' keys in the table's (sorted) order: eventId, ingestionTime,
    # logStreamName, message, timestamp; the event's time is the last epoch cell
    row = (
        "| 38227300000000000000000000000000000000000000000000000001 | 1717236020900 | "
        "2024/06/01/[$LATEST]00aa | WARN disk almost full on /tmp (91%)                 "
        "| 1717236020000 |"
    )
    (line,) = parse(row + "\n")
    assert utc(line.ts) == "2024-06-01T10:00:20"
    assert line.message == "WARN disk almost full on /tmp (91%)"
    assert line.level == "WARNING"


def test_cli_table_message_opening_with_a_quote_is_kept_whole() -> None:
    (line,) = parse('| 1717236030000 | "quoted" config value ignored, default used  |\n')
    assert line.message == '"quoted" config value ignored, default used'
    assert utc(line.ts) == "2024-06-01T10:00:30"


def test_table_rows_without_an_epoch_cell_are_not_export_rows() -> None:
    lines = parse("|   timestamp   |   message   |\n|---------------|-------------|\n")
    # no time of their own: the clock's (helpers.parsing: 2030), the whole line the message
    assert [utc(e.ts) for e in lines] == ["2030-01-01T00:00:00"] * 2
    assert lines[0].message == "|   timestamp   |   message   |"
