"""Issue 17, session 22's sets (101 to 105: the issue's formats, mainstream services,
cloud-native, structured loggers, request logs): the rules their files showed. Lines written
here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_uwsgis_request_line_under_its_memory_report_is_read() -> None:
    text = (
        "{address space usage: 276295680 bytes/263MB} {rss usage: 33083392 bytes/31MB} "
        "[pid: 21561|app: 0|req: 888/1185] 10.1.2.3 () {42 vars in 840 bytes} "
        "[Fri Nov  8 17:13:36 2019] GET /index/ => generated 526 bytes in 14 msecs "
        "(HTTP/1.1 200) 5 headers in 291 bytes (1 switches on core 0)\n"
        "{address space usage: 276295680 bytes/263MB} {rss usage: 33083392 bytes/31MB} "
        "[pid: 21561|app: 0|req: 889/1186] 10.1.2.3 () {42 vars in 815 bytes} "
        "[Fri Nov  8 17:13:37 2019] POST /pay => generated 27 bytes in 230 msecs "
        "(HTTP/1.1 502) 3 headers in 102 bytes (1 switches on core 0)\n"
    )
    ok, failed = parse(text)
    assert utc(ok.ts).startswith("2019-11-08T17:13:36")
    assert samples(ok) == {"http_status": 200.0, "response_time_ms": 14.0}
    assert ok.fields["rss_mb"] == 31 and ok.fields["address_space_mb"] == 263
    assert failed.level == "ERROR" and samples(failed)["response_time_ms"] == 230.0


def test_a_memory_report_alone_is_no_request() -> None:
    # the prefix with no request line behind it: not read as uWSGI's
    (line,) = parse("{address space usage: 276295680 bytes/263MB} something else\n")
    assert line.fmt != "uwsgi" and samples(line) == {}


def test_a_numbered_requests_duration_is_its_time() -> None:
    text = (
        "2025-06-04 15:23:17,120 DEBUG: request #11 duration: 12ms | request #11\n"
        # a limit, as before: no time taken
        "2025-06-04 15:23:18,120 INFO: max request #12 duration: 30s\n"
        "2025-06-04 15:23:19,120 INFO: lease #3 duration: 15s\n"
    )
    timed, limit, lease = parse(text)
    assert samples(timed) == {"duration_ms": 12.0}
    assert samples(limit) == {} and samples(lease) == {}


def test_an_access_line_carried_at_debug_takes_its_5xxs_level() -> None:
    text = (
        '{"level":"http","message":"POST /api/auth 500 - 13ms","timestamp":"2025-04-22 00:54:11"}\n'
        '{"level":"debug","message":"POST /api/auth 502 - 9ms","timestamp":"2025-04-22 00:54:12"}\n'
        '{"level":"debug","message":"GET /api/menu 404 - 2ms","timestamp":"2025-04-22 00:54:13"}\n'
        # at warn too (session 25: weaveworks' middleware logs its 5xx so; a served 5xx is an
        # error entry, as in a text log), the logger's word kept
        '{"level":"warn","message":"GET /api/x 503 - 1ms","timestamp":"2025-04-22 00:54:14"}\n'
    )
    http, debug, missing, warn = parse(text)
    assert http.level == "ERROR" and debug.level == "ERROR"
    assert debug.fields["level"] == "debug"
    assert missing.level == "DEBUG" and warn.level == "ERROR" and warn.fields["level"] == "warn"


def test_records_glued_on_one_line_are_each_read() -> None:
    text = (
        '{"time":"2024-05-16T09:00:00Z","level":"info","msg":"a"}'
        '{"time":"2024-05-16T09:00:01Z","level":"error","msg":"b"}\n'
        '{"time":"2024-05-16T09:00:02Z","level":"info","msg":"c"}\n'
    )
    a, b, c = parse(text)
    assert [x.message for x in (a, b, c)] == ["a", "b", "c"]
    assert b.level == "ERROR" and utc(b.ts).startswith("2024-05-16T09:00:01")


def test_a_pretty_printed_record_with_the_next_glued_to_its_brace() -> None:
    # python-json-logger's indented output, then a restart writing one record a line, its
    # first glued to the last closing brace
    text = (
        "{\n"
        '    "timestamp": "2025-08-12T14:31:04.616",\n'
        '    "level": "INFO",\n'
        '    "message": "connections cleaned up"\n'
        '}{"timestamp": "2025-08-26T11:44:50.598", "level": "ERROR", "message": "connect failed"}\n'
        '{"timestamp": "2025-08-26T11:44:51.000", "level": "ERROR", "message": "again"}\n'
    )
    first, glued, after = parse(text)
    assert first.message == "connections cleaned up" and first.level == "INFO"
    assert glued.message == "connect failed" and glued.level == "ERROR"
    assert after.message == "again"


def test_text_with_braces_is_not_taken_for_glued_records() -> None:
    text = '{"a": 1}{not json}\n'
    (line,) = parse(text)
    assert line.fmt != "json"


def test_a_monolog_entrys_lines_at_the_margin_are_its_message() -> None:
    # Laravel's LineFormatter keeps a message's line breaks: an API's HTML answer quoted in
    # an error is that entry's, its "Error" words no entries of their own
    text = (
        "[2025-06-10 01:18:32] local.ERROR: Overpass API request failed: 400 - "
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<html>\n"
        "<body>\n"
        '<p><strong style="color:#FF0000">Error</strong>: line 1: parse error</p>\n'
        "</body>\n"
        "</html>\n"
        "  \n"
        "[2025-06-10 01:21:43] local.INFO: retrying\n"
    )
    failed, retry = parse(text)
    assert failed.level == "ERROR" and any("parse error" in d for d in failed.detail)
    assert retry.level == "INFO" and retry.message == "retrying"


def test_nginx_rtmps_access_line_gives_its_sessions_time() -> None:
    text = (
        '10.0.0.7 [27/Jun/2020:02:26:52 +0300] PLAY "live" "cam1" "" - 1740 422396716 "" '
        '"LNX 9,0,124,2" (3h 34m 25s)\n'
        '10.0.0.8 [27/Jun/2020:02:27:00 +0300] PLAY+PUBLISH "live" "cam2" "k=1" - 419 871 '
        '"http://example.test/" "WIN 32,0,0,387" (1h 0m 5s)\n'
        '10.0.0.9 [27/Jun/2020:02:27:01 +0300] PUBLISH "live" "cam3" "" - 9 0 "" "" (5s)\n'
    )
    long, both, short = parse(text)
    assert utc(long.ts).startswith("2020-06-26T23:26:52")
    # a play or publish session served: a request's time (its line says no status)
    assert samples(long)["request_duration_ms"] == (3 * 3600 + 34 * 60 + 25) * 1000.0
    assert (
        samples(both)["request_duration_ms"] == 3605 * 1000.0
        and both.fields["command"] == "PLAY+PUBLISH"
    )
    assert samples(short)["request_duration_ms"] == 5000.0
    assert long.level == both.level == "INFO"


def test_pythons_dashed_layout_gives_its_logger_level_and_message() -> None:
    # '%(asctime)s - %(name)s - %(levelname)s - %(message)s', the logging HOWTO's example
    text = (
        "2026-03-10 01:28:08,590 - main - INFO - Version: 1.0.0\n"
        "2026-03-10 01:28:09,100 - app.utils.groq - ERROR - Error extracting data: bad\n"
    )
    info, error = parse(text)
    assert info.message == "Version: 1.0.0" and info.fields["logger"] == "main"
    assert error.level == "ERROR" and error.fields["logger"] == "app.utils.groq"


def test_httpxs_log_of_a_call_it_made_is_no_status_served() -> None:
    # httpx's _client.py logs each call at INFO: 'HTTP Request: %s %s "%s %d %s"'; the
    # answer is another server's, no request this service served, and no verdict on the line
    text = (
        "2026-03-10 01:28:10,000 - httpx - INFO - HTTP Request: POST "
        'https://db.example.test/rest/v1/customer "HTTP/1.1 400 Bad Request"\n'
        '{"event": "HTTP Request: GET https://api.example.test/v1 \\"HTTP/1.1 503 Service '
        'Unavailable\\"", "level": "info", "timestamp": "2026-03-10T01:28:11Z"}\n'
        # a server's own access line still gives its status
        '2026-03-10 01:28:12,000 - uvicorn.access - INFO - 10.0.0.1:5000 - "GET /x HTTP/1.1" 500\n'
    )
    call, json_call, served = parse(text)
    assert samples(call) == {} and call.level == "INFO"
    assert samples(json_call) == {} and json_call.level == "INFO"
    assert samples(served)["http_status"] == 500.0
