"""Issue 17 (set 23): cloud platforms' and observability agents' own lines. java.util.logging's
level named after the logger (New Relic's Java agent writes ``[pid tid] logger LEVEL: msg``),
AWS Lambda's REPORT line however it reaches us, a JSON status written with its reason phrase
(Go's ``http.Response.Status``), and Go slog's JSON durations (integer nanoseconds). Lines
written here in those shapes."""

from __future__ import annotations

from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples, utc

# --- java.util.logging's level after the logger -----------------------------------------


def test_jul_level_after_the_logger_wins_over_words_in_the_message() -> None:
    text = (
        "Mar 02, 2021 14:05:11 +0100 [3110 17] com.example.agent.Sampler FINE: "
        "Error budget recalculated for checkout\n"
        "Mar 02, 2021 14:05:12 +0100 [3110 17] com.example.agent CONFIG: "
        "Error collector enabled for web transactions\n"
        "Mar 02, 2021 14:05:13 +0100 [3110 22] com.example.agent.Rpm FINEST: "
        "errors sent: 0, fatal: 0\n"
        "Mar 02, 2021 14:05:14 +0100 [3110 22] com.example.agent.Rpm FINER: "
        "Warning threshold untouched\n"
        "Mar 02, 2021 14:05:15 +0100 [3110 9] com.example.agent.Connect SEVERE: "
        "Unable to reach the collector\n"
        "Mar 02, 2021 14:05:16 +0100 [3110 9] com.example.agent WARNING: slow harvest\n"
    )
    lines = parse(text)
    assert [(utc(ln.ts), ln.level) for ln in lines] == [
        ("2021-03-02T13:05:11", "DEBUG"),
        ("2021-03-02T13:05:12", "DEBUG"),
        ("2021-03-02T13:05:13", "TRACE"),
        ("2021-03-02T13:05:14", "TRACE"),
        ("2021-03-02T13:05:15", "ERROR"),
        ("2021-03-02T13:05:16", "WARNING"),
    ]


def test_jul_level_after_the_logger_behind_an_iso_time() -> None:
    # A SimpleFormatter format of its own ("%1$tF %1$tT,%1$tL %3$s %4$s: %5$s"): the logger
    # and its level are no syslog host and program.
    text = (
        "2024-05-16 09:00:01,500 com.example.cache.Loader FINE: Error entries evicted: 12\n"
        "2024-05-16 09:00:02,750 com.example.cache.Loader SEVERE: disk full\n"
    )
    lines = parse(text)
    assert [(ln.level, ln.fmt) for ln in lines] == [("DEBUG", "text"), ("ERROR", "text")]


def test_a_capital_config_not_after_a_logger_is_no_level() -> None:
    # "CONFIG:" after a word of prose names a setting: the line's level word still counts.
    (line,) = parse("2024-05-16 10:00:00 Loading CONFIG: error reading /etc/app.yaml\n")
    assert line.level == "ERROR"


def test_jul_two_line_form_keeps_its_second_line_level() -> None:
    text = (
        "May 16, 2024 9:23:38 AM com.example.billing.Invoicer send\n"
        "FINER: Error count reset after retry\n"
    )
    (line,) = parse(text)
    assert line.level == "TRACE"


# --- AWS Lambda's REPORT line ------------------------------------------------------------

_REPORT = (
    "REPORT RequestId: 9b0c2f44-51e0-4c7e-a3d1-0f6e2b7c8d90\tDuration: {d} ms\t"
    "Billed Duration: 900 ms\tMemory Size: 512 MB\tMax Memory Used: 88 MB\t{init}"
)


def _report(d: str, init: str = "") -> str:
    return _REPORT.format(d=d, init=f"Init Duration: {init} ms\t" if init else "")


def test_report_line_plain_gives_its_duration() -> None:
    (line,) = parse(_report("812.47", "310.02") + "\n")
    assert samples(line) == {"response_time_ms": 812.47}


def test_report_line_behind_a_cloudwatch_time() -> None:
    text = "2024-05-16T09:00:01.123Z " + _report("4.5", "120.1") + "\n"
    (line,) = parse(text)
    assert utc(line.ts, "milliseconds") == "2024-05-16T09:00:01.123"
    assert samples(line) == {"response_time_ms": 4.5}
    assert line.level == "INFO"


def test_report_line_in_a_csv_export_field() -> None:
    # CloudWatch's CSV export: the message quoted, its newline kept, so a record is two lines.
    text = (
        "timestamp,message,requestId,duration,billedDuration,memorySize,maxMemoryUsed\n"
        '2024-05-16T09:00:02.000000,"START RequestId: 9b0c Version: $LATEST\n'
        '",9b0c,,,,\n'
        '2024-05-16T09:00:02.250000,"' + _report("7.25") + "\n"
        '",9b0c,7.25,900,512,88\n'
    )
    timed = [ln for ln in parse(text) if ln.samples]
    assert [(utc(ln.ts, "milliseconds"), samples(ln)) for ln in timed] == [
        ("2024-05-16T09:00:02.250", {"response_time_ms": 7.25})
    ]


def test_report_line_in_a_json_message() -> None:
    # `aws logs filter-log-events`' events: the line in "message", escapes and all.
    text = (
        '{"logStreamName":"2024/05/16/[$LATEST]ab12","timestamp":1715850003000,'
        '"message":"REPORT RequestId: 9b0c\\tDuration: 9.10 ms\\tBilled Duration: 10 ms\\t'
        'Memory Size: 128 MB\\tMax Memory Used: 40 MB\\t\\n","ingestionTime":1715850004000}\n'
    )
    (line,) = parse(text)
    assert utc(line.ts) == "2024-05-16T09:00:03"
    assert samples(line) == {"response_time_ms": 9.1}


# --- a status written with its reason phrase ---------------------------------------------


def test_json_status_with_its_reason_phrase() -> None:
    text = (
        '{"level":"warn","ts":"2024-05-16T10:00:00.000-0400","msg":"Received non-OK response",'
        '"status":"429 Too Many Requests"}\n'
        '{"level":"info","ts":"2024-05-16T10:00:01.000-0400","msg":"upstream answered",'
        '"status_code":"503 Service Unavailable"}\n'
        '{"level":"info","ts":"2024-05-16T10:00:02.000-0400","msg":"ok","status":"200 OK"}\n'
    )
    got = [samples(ln).get(HTTP_STATUS) for ln in parse(text)]
    assert got == [429.0, 503.0, 200.0]


def test_a_status_string_that_is_no_code_and_phrase() -> None:
    text = (
        '{"level":"info","msg":"batch","status":"200 items queued"}\n'
        '{"level":"info","msg":"job","status":"404"}\n'
        '{"level":"info","msg":"job","status":"700 Strange"}\n'
    )
    got = [samples(ln).get(HTTP_STATUS) for ln in parse(text)]
    assert got == [None, 404.0, None]


# --- Go slog's JSON durations ------------------------------------------------------------


def test_slog_json_duration_is_nanoseconds_however_small() -> None:
    text = (
        '{"time":"2024-05-16T10:00:00.123+02:00","level":"DEBUG","msg":"cache hit",'
        '"duration":42100}\n'
        '{"time":"2024-05-16T10:00:01.000+02:00","level":"INFO","source":"main.go:42",'
        '"msg":"flushed","elapsed":2500000000}\n'
        '{"time":"2024-05-16T10:00:02.000+02:00","level":"WARN+2","msg":"slow","latency":850}\n'
    )
    got = [samples(ln) for ln in parse(text)]
    assert got == [
        {"duration_ms": 0.0421},
        {"elapsed_ms": 2500.0},
        {"latency_ms": 0.00085},
    ]


def test_other_shapes_keep_their_readings() -> None:
    # A level in lower case is no slog record; logrus' sorted keys (json.Marshal of its map)
    # cannot be told from any sorted record (jq -S, Python's sort_keys) nor its int from a
    # Milliseconds(): a small integer stays milliseconds, as before.
    text = (
        '{"time":"2024-05-16T10:00:00Z","level":"info","msg":"done","duration":420}\n'
        '{"duration":420,"level":"info","msg":"handled","time":"2024-05-16T10:00:01Z"}\n'
        '{"time":"2024-05-16T10:00:02Z","level":"INFO","msg":"float","latency":0.25}\n'
    )
    got = [samples(ln) for ln in parse(text)]
    assert got == [{"duration_ms": 420.0}, {"duration_ms": 420.0}, {"latency_ms": 250.0}]
