"""The common loggers' default output, in lines of our own written in their shapes: the
time (UTC), level, message, HTTP status and request duration each is read as."""

from __future__ import annotations

from datetime import UTC, datetime

from console import events as ev
from console.parse import LogParser

NOW = datetime(2024, 12, 1, 12, 0, tzinfo=UTC).timestamp()

Read = tuple[str, str, str, dict[str, float]]


def read(text: str) -> list[Read]:
    p = LogParser(now=lambda: NOW)
    out = p.feed_text(text) + p.flush()
    return [
        (
            datetime.fromtimestamp(e.ts, UTC).isoformat(timespec="milliseconds"),
            e.level,
            e.message,
            {n: v for n, v, _s in e.samples},
        )
        for e in out
        if isinstance(e, ev.LogLine)
    ]


def test_go_slog_levels_between_its_named_ones() -> None:
    got = read(
        '{"time":"2024-05-16T11:23:40+02:00","level":"WARN+2","msg":"slow"}\n'
        '{"time":"2024-05-16T11:23:41+02:00","level":"INFO+4","msg":"a warning"}\n'
        '{"time":"2024-05-16T11:23:42+02:00","level":"ERROR+4","msg":"worse"}\n'
        "time=2024-05-16T11:23:43+02:00 level=INFO-2 msg=detail\n"
    )
    assert [g[1] for g in got] == ["WARNING", "WARNING", "ERROR", "DEBUG"]
    assert got[0][0] == "2024-05-16T09:23:40.000+00:00"


def test_dotnet_json_console_message_level_and_request_state() -> None:
    got = read(
        '{"EventId":0,"LogLevel":"Information","Category":"Microsoft.Hosting.Lifetime",'
        '"Message":"Now listening on: http://localhost:5000","State":{"Message":"Now listening'
        ' on: http://localhost:5000","{OriginalFormat}":"Now listening on: {address}"}}\n'
        '{"Timestamp":"2024-05-16T09:23:39.123Z","EventId":2,"LogLevel":"Information",'
        '"Category":"Microsoft.AspNetCore.Hosting.Diagnostics","Message":"Request finished '
        'HTTP/1.1 GET http://localhost:5000/ - 500 0 - 12.3456ms","State":{"Message":"Request '
        'finished","ElapsedMilliseconds":12.3456,"StatusCode":500,"Method":"GET"}}\n'
        '{"Timestamp":"2024-05-16T09:23:40Z","EventId":1,"LogLevel":"Error","Category":"App",'
        '"Message":"unhandled","Exception":"System.Exception: boom\\n   at P.M()","State":{}}\n'
    )
    assert got[0][1:3] == ("INFO", "Now listening on: http://localhost:5000")
    assert got[1][0] == "2024-05-16T09:23:39.123+00:00"
    assert got[1][2].startswith("Request finished HTTP/1.1 GET")
    assert got[1][3] == {"elapsed_ms": 12.3456, "http_status": 500.0}
    assert got[2][1:3] == ("ERROR", "unhandled")


def test_rust_tracing_json_reads_its_fields_object() -> None:
    got = read(
        '{"timestamp":"2024-05-16T09:23:38.123456Z","level":"ERROR","fields":{"message":'
        '"request failed","error":"timeout"},"target":"app::http","span":{"name":"request"}}\n'
        '{"timestamp":"2024-05-16T09:23:39.000000Z","level":"INFO","fields":{"message":'
        '"finished processing request","latency":"12 ms","status":500},'
        '"target":"tower_http::trace::on_response"}\n'
    )
    assert got[0][1:3] == ("ERROR", "request failed")
    assert got[1][2:] == ("finished processing request", {"latency_ms": 12.0, "http_status": 500.0})


def test_express_winston_meta_and_lambda_platform_records() -> None:
    got = read(
        '{"level":"info","message":"GET /api","meta":{"req":{"url":"/api"},"res":'
        '{"statusCode":503},"responseTime":42},"timestamp":"2024-05-16T09:23:39.000Z"}\n'
        '{"time":"2024-05-16T09:23:40.000Z","type":"platform.report","record":{"requestId":'
        '"6f7f","metrics":{"durationMs":1532.1,"billedDurationMs":1533,"memorySizeMB":128}}}\n'
        '{"timestamp":"2024-05-16T09:23:41.000Z","level":"ERROR","requestId":"x","message":'
        '{"errorType":"ValueError","errorMessage":"bad input","stackTrace":["  File x"]}}\n'
    )
    assert got[0][3] == {"http_status": 503.0, "response_time_ms": 42.0}
    assert got[1][0] == "2024-05-16T09:23:40.000+00:00"
    assert got[1][3] == {"duration_ms": 1532.1}
    assert got[2][1:3] == ("ERROR", "bad input")


def test_klog_json_error_records_have_no_level_but_err() -> None:
    got = read(
        '{"ts":1715851418123.456,"caller":"cmd/main.go:42","msg":"Pod status updated","v":0,'
        '"pod":{"name":"nginx-1"},"status":"ready"}\n'
        '{"ts":1715851419000.5,"caller":"cmd/main.go:50","msg":"Failed to update",'
        '"err":"timeout"}\n'
    )
    assert [(g[0], g[1]) for g in got] == [
        ("2024-05-16T09:23:38.123+00:00", "INFO"),
        ("2024-05-16T09:23:39.000+00:00", "ERROR"),
    ]


def test_gcp_seconds_and_nanos_under_two_keys() -> None:
    got = read(
        '{"severity":"INFO","message":"req","timestampSeconds":1715851419,"timestampNanos":'
        '500000000,"httpRequest":{"status":502,"latency":"0.123s"}}\n'
        '{"severity":"WARNING","message":"obj","timestamp":{"seconds":1715851420,"nanos":250000000}}\n'
    )
    assert got[0][0] == "2024-05-16T09:23:39.500+00:00"
    assert got[0][3] == {"http_status": 502.0, "latency_ms": 123.0}
    assert got[1][:2] == ("2024-05-16T09:23:40.250+00:00", "WARNING")


def test_log4j2_old_json_layout_time_millis() -> None:
    got = read(
        '{"timeMillis":1715851418123,"thread":"main","level":"ERROR","loggerName":"c.e.Pay",'
        '"message":"refused","endOfBatch":false}\n'
    )
    assert got == [("2024-05-16T09:23:38.123+00:00", "ERROR", "refused", {})]


def test_dotnet_console_default_two_line_entries() -> None:
    got = read(
        "info: Microsoft.Hosting.Lifetime[14]\n"
        "      Now listening on: http://localhost:5000\n"
        "fail: Microsoft.AspNetCore.Server.Kestrel[13]\n"
        '      Connection id "0HN1": An unhandled exception was thrown by the application.\n'
        "      System.InvalidOperationException: boom\n"
        "         at Program.<Main>b__0_0() in /src/Program.cs:line 5\n"
        "info: Microsoft.AspNetCore.Hosting.Diagnostics[2]\n"
        "      Request finished HTTP/1.1 GET http://localhost:5000/pay - 503 0 - 12.3456ms\n"
        "crit: App[0]\n"
        "      dead\n"
    )
    assert [(g[1], g[2]) for g in got] == [
        ("INFO", "Microsoft.Hosting.Lifetime[14]"),
        ("ERROR", "Microsoft.AspNetCore.Server.Kestrel[13]"),
        # the hosting layer's access record: a 5xx its severity, at info as written (set 470)
        ("ERROR", "Microsoft.AspNetCore.Hosting.Diagnostics[2]"),
        ("CRITICAL", "App[0]"),
    ]
    assert got[2][3] == {"http_status": 503.0, "response_time_ms": 12.3456}


def test_python_default_format_keeps_its_traceback() -> None:
    p = LogParser(now=lambda: NOW)
    out = p.feed_text(
        "ERROR:root:something broke\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n'
        "ValueError: bad\n"
        "ERROR:    Exception in ASGI application\n"
    )
    out += p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    assert [(e.level, e.message, len(e.detail)) for e in lines] == [
        ("ERROR", "something broke", 3),
        ("ERROR", "Exception in ASGI application", 0),
    ]


def test_rails_request_lines_development_and_production() -> None:
    got = read(
        'Started GET "/orders" for 127.0.0.1 at 2024-05-16 11:23:38 +0200\n'
        "Processing by OrdersController#index as HTML\n"
        "Completed 200 OK in 12ms (Views: 5.1ms | ActiveRecord: 1.2ms | Allocations: 1234)\n"
        "I, [2024-05-16T09:23:39.100000 #1]  INFO -- : [c3d4] Completed 500 Internal Server"
        " Error in 99ms (ActiveRecord: 3.0ms)\n"
    )
    assert got[0][:2] == ("2024-05-16T09:23:38.000+00:00", "INFO")
    assert got[2][0] == "2024-05-16T09:23:38.000+00:00"
    assert got[2][3] == {"http_status": 200.0, "response_time_ms": 12.0}
    assert got[3][1] == "ERROR"
    assert got[3][3] == {"http_status": 500.0, "response_time_ms": 99.0}


def test_morgan_formats_without_a_time() -> None:
    got = read(
        "GET /pay 500 12.345 ms - 59\n"  # dev
        "GET /cart 200 612 - 1.234 ms\n"  # tiny
        "10.0.0.7 - GET /x HTTP/1.1 404 9 - 0.512 ms\n"  # short
        "GET /y 304 - ms - -\n"  # dev, no response time
    )
    assert [(g[1], g[3]) for g in got] == [
        ("ERROR", {"http_status": 500.0, "response_time_ms": 12.345}),
        ("INFO", {"http_status": 200.0, "response_time_ms": 1.234}),
        ("WARNING", {"http_status": 404.0, "response_time_ms": 0.512}),
        ("INFO", {"http_status": 304.0}),
    ]


def test_rust_env_logger_and_gunicorn_bracketed_times() -> None:
    got = read(
        "[2024-05-16T09:23:38Z ERROR app::http] request failed\n"
        "[2024-05-16T09:23:40.123Z WARN  app::db] slow query\n"
        "[2024-05-16 11:23:39 +0200] [12] [ERROR] Exception in worker process\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/gunicorn/arbiter.py", line 609, in spawn_worker\n'
        "ModuleNotFoundError: No module named 'app'\n"
        "[2024-05-16 09:23:40 +0000] [12] [CRITICAL] WORKER TIMEOUT (pid:13)\n"
    )
    assert [g[:3] for g in got] == [
        ("2024-05-16T09:23:38.000+00:00", "ERROR", "request failed"),
        ("2024-05-16T09:23:40.123+00:00", "WARNING", "slow query"),
        ("2024-05-16T09:23:39.000+00:00", "ERROR", "Exception in worker process"),
        ("2024-05-16T09:23:40.000+00:00", "CRITICAL", "WORKER TIMEOUT (pid:13)"),
    ]


def test_rust_tracing_fmt_tower_http_response_line() -> None:
    got = read(
        "2024-05-16T09:23:39.000000Z  INFO request{method=GET uri=/}: "
        "tower_http::trace::on_response: finished processing request latency=12 ms status=500\n"
        "2024-05-16T09:23:40.000000Z  INFO request{method=GET uri=/}: "
        "tower_http::trace::on_response: finished processing request latency=3 ms status=200\n"
        "2024-05-16T09:23:41.000000Z  INFO request{method=GET uri=/}: "
        "tower_http::trace::on_response: finished processing request latency=850 \u03bcs "
        "status=204\n"
    )
    assert [(g[1], g[3]) for g in got] == [
        ("ERROR", {"http_status": 500.0, "response_time_ms": 12.0}),
        ("INFO", {"http_status": 200.0, "response_time_ms": 3.0}),
        ("INFO", {"http_status": 204.0, "response_time_ms": 0.85}),
    ]


def test_serilog_clef_renders_its_template_and_defaults_to_information() -> None:
    got = read(
        '{"@t":"2024-05-16T09:23:38.1234567Z","@mt":"HTTP {RequestMethod} {RequestPath} '
        'responded {StatusCode} in {Elapsed:0.0000} ms","RequestMethod":"GET","RequestPath":'
        '"/","StatusCode":404,"Elapsed":12.3456}\n'
        '{"@t":"2024-05-16T09:23:39Z","@mt":"Order {@Order} failed {{x}}","@l":"Error",'
        '"@x":"System.Exception: boom","Order":{"Id":17}}\n'
    )
    assert got[0][1:] == (
        "INFO",
        "HTTP GET / responded 404 in 12.3456 ms",
        {"http_status": 404.0, "elapsed_ms": 12.3456},
    )
    assert got[1][1:3] == ("ERROR", 'Order {"Id":17} failed {x}')


def test_journald_byte_message_loses_terminal_colours() -> None:
    got = read(
        '{"__REALTIME_TIMESTAMP":"1715851419000000","PRIORITY":"4","SYSLOG_IDENTIFIER":"app",'
        '"MESSAGE":[27,91,51,49,109,115,108,111,119,27,91,48,109]}\n'
    )
    assert got == [("2024-05-16T09:23:39.000+00:00", "WARNING", "slow", {})]


def test_spring_boot_default_layout_message_alone() -> None:
    got = read(
        "2024-05-16T09:23:39.000Z ERROR 1 --- [myapp] [nio-8080-exec-1] "
        "o.a.c.c.C.[.[.[/].[dispatcherServlet]    : Servlet.service() threw exception\n"
        "java.lang.NullPointerException: null\n"
        "\tat c.e.Api.get(Api.java:9)\n"
        "2024-05-16 09:23:40.000  WARN 1 --- [           main] c.e.App      : pool low\n"
    )
    assert [g[:3] for g in got] == [
        ("2024-05-16T09:23:39.000+00:00", "ERROR", "Servlet.service() threw exception"),
        ("2024-05-16T09:23:40.000+00:00", "WARNING", "pool low"),
    ]


def test_zerolog_durations_are_milliseconds_float_or_whole() -> None:
    # zerolog's defaults: "time" RFC 3339 (or Unix seconds), "level" a word, "message";
    # Dur fields in DurationFieldUnit = ms, as a float (a whole one written as an integer).
    got = read(
        '{"level":"info","time":"2024-05-16T09:23:40Z","method":"GET","url":"/a",'
        '"status":200,"size":512,"duration":12.345,"message":""}\n'
        '{"level":"warn","time":"2024-05-16T09:23:41Z","caller":"api/h.go:42",'
        '"latency":250,"message":"slow"}\n'
        '{"level":"error","time":1715851423,"elapsed":150000,"message":"very slow"}\n'
        '{"level":"info","time":"2024-05-16T09:23:44Z","duration":"1.5s","message":"str"}\n'
    )
    assert [g[3] for g in got] == [
        {"http_status": 200.0, "duration_ms": 12.345},
        {"latency_ms": 250.0},
        {"elapsed_ms": 150000.0},
        {"duration_ms": 1500.0},
    ]
    assert got[2][0:2] == ("2024-05-16T09:23:43.000+00:00", "ERROR")


def test_other_go_loggers_keep_their_duration_units() -> None:
    # zap writes seconds as a float under "ts"/"msg"; logrus and slog time.Duration's
    # nanoseconds under "time"/"msg": zerolog's milliseconds are for its own key set only.
    got = read(
        '{"level":"info","ts":1715851420.5,"msg":"handled","latency":0.25}\n'
        '{"level":"info","time":"2024-05-16T09:23:41Z","msg":"done","duration":1500000}\n'
    )
    assert [g[3] for g in got] == [{"latency_ms": 250.0}, {"duration_ms": 1.5}]
