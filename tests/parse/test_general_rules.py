"""Issue 17's eighth round of general rules (docs/log-formats.md, section 7): a status said
by the words around it in any text line, a duration closing a line, a time under a key past
a line's head, status and duration keys of no known name, and the shapes these must leave
alone. Fixture lines are written here in each format's documented shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console import events as ev
from console.parse import LogParser
from console.parse.anytime import (
    duration_at_end,
    event_data,
    guess_role,
    keyed_time,
    request_in_message,
)
from console.parse.measures import DURATION, HTTP_STATUS, MS, STATUS, US

REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()


def lines_of(text: str) -> list[ev.LogLine]:
    p = LogParser(year_ref=REF)
    out = p.feed_text(text) + p.flush()
    return [e for e in out if isinstance(e, ev.LogLine)]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def measures(line: ev.LogLine) -> tuple[int | None, float | None]:
    status = next((int(v) for n, v, _s in line.samples if n == HTTP_STATUS), None)
    took = next((v for n, v, _s in line.samples if n.endswith("_ms")), None)
    return status, took


@pytest.mark.parametrize(
    ("message", "want"),
    [
        ("c.e.web.RequestLog : Completed 200 in 27ms", (200, 27.0)),
        ("/api/renew: 401 10.0.0.2 <nil>", (401, None)),
        ("(sync) GET /api/sync => 200 OK", (200, None)),
        ("| 502 |     1.5s |  10.0.0.3 | POST /pay", (502, 1500.0)),
        # ASP.NET Core's: a full URL, the status between dashes, the time closing the line
        ("Request finished HTTP/1.1 GET http://h:5000/api - 404 - text/plain 0.75ms", (404, 0.75)),
    ],
)
def test_a_status_said_by_the_words_around_it(message: str, want: tuple[int, float]) -> None:
    assert request_in_message(message) == want


@pytest.mark.parametrize(
    "message",
    [
        "CEF:0|Vendor|Product|1.0|544|Admin logged in|1|src=10.0.0.1",  # a signature ID
        "loaded 200 rules from /etc/rules.d",  # a count
        "upgraded to 2.404.1 after 300 s",  # a version, a number
        "retry 3 of 5 in 250ms",
        "shop.service: Main process exited, code=exited, status=203/EXEC",  # systemd's
        "worker exited with exit status 255",
    ],
)
def test_numbers_that_are_no_status(message: str) -> None:
    assert request_in_message(message) is None


def test_a_size_then_a_duration_closing_a_line() -> None:
    line = (
        '[INFO] 10.0.0.9:41000 - 7 "A IN shop.example. udp 40 false 512" NOERROR qr,rd 64 0.0125s'
    )
    assert duration_at_end(line) == pytest.approx(12.5)
    assert duration_at_end("worker restarted after 5s") is None  # no size before it
    assert duration_at_end("listening on :8080") is None


def test_a_time_under_a_key_past_the_head() -> None:
    cef = "CEF:0|Vendor|Router|1.0|100|Login|3|src=10.0.0.1 devUtcTime=2024-05-16T09:00:01.250Z"
    assert iso(keyed_time(cef) or 0) == "2024-05-16T09:00:01"
    xml = (
        "<Event><System><EventID>4625</EventID>"
        '<TimeCreated SystemTime="2024-05-16T09:00:02.1234567Z"/>'
    )
    assert iso(keyed_time(xml) or 0) == "2024-05-16T09:00:02"
    assert keyed_time("timeout=30 retries=2") is None


def test_an_xml_event_line_gives_its_time_status_and_duration() -> None:
    line = (
        '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
        '<Provider Name="Microsoft-Windows-IIS-Logging"/><EventID>6200</EventID><Level>4</Level>'
        '<TimeCreated SystemTime="2024-05-16T09:00:03.5000000Z"/></System><EventData>'
        '<Data Name="cs-method">GET</Data><Data Name="sc-status">503</Data>'
        '<Data Name="time-taken">812</Data></EventData></Event>\n'
    )
    assert event_data(line) == {"cs-method": "GET", "sc-status": "503", "time-taken": "812"}
    (e,) = lines_of(line)
    assert iso(e.ts) == "2024-05-16T09:00:03"
    assert measures(e) == (503, 812.0)
    assert e.level == "ERROR"


def test_a_cef_line_behind_a_yearless_syslog_header_takes_its_utc_time_field() -> None:
    pad = " ".join(f"cs{i}=value{i}" for i in range(40))  # the time field comes late
    line = (
        "Oct 26 20:01:31 gw CEF:0|Vendor|Router|1.0|201|Threat blocked|7|"
        f"{pad} devUtcTime=2023-10-26T19:01:31.807Z msg=blocked\n"
    )
    (e,) = lines_of(line)
    assert iso(e.ts) == "2023-10-26T19:01:31"


def test_a_known_text_layout_reports_a_request_said_in_its_message() -> None:
    text = (
        "2024-05-16 09:00:01.120  INFO 7 --- [exec-1] c.e.RequestLog : Completed 200 in 27ms\n"
        "2024-05-16 09:00:02.000  INFO 7 --- [exec-2] c.e.RequestLog : Completed 503 in 1502ms\n"
        "2024/05/16 09:00:03 /files/a.txt: 404 10.0.0.2 <nil>\n"
        '2024-05-16T09:00:04Z [INFO] 10.0.0.9:41000 - 7 "A IN a. udp 40 false 512" '
        "NOERROR qr 64 0.5ms\n"
    )
    got = [(measures(e), e.level) for e in lines_of(text)]
    assert got == [
        ((200, 27.0), "INFO"),
        ((503, 1502.0), "ERROR"),
        ((404, None), "WARNING"),
        ((None, 0.5), "INFO"),
    ]


def test_haproxy_http_log_without_syslog() -> None:
    text = (
        "10.0.0.1:40112 [16/May/2024:09:00:01.123] web-in~ app/web1 0/0/0/12/13 200 1234 - - "
        '---- 1/1/0/0/0 0/0 "GET /health HTTP/1.1"\n'
        "10.0.0.2:40113 [16/May/2024:09:00:02.456] web-in~ app/web2 0/0/1/505/506 503 212 - - "
        'SH-- 1/1/0/0/0 0/0 "POST /pay HTTP/1.1"\n'
    )
    got = [(measures(e), e.level) for e in lines_of(text)]
    assert got == [((200, 13.0), "INFO"), ((503, 506.0), "ERROR")]


def test_a_line_of_no_time_still_reports_its_request() -> None:
    (e,) = lines_of("[info] o.e.AccessLog [a1|b2] 10.0.0.1 POST /login took 8ms and returned 401\n")
    assert e.fmt == "plain"
    assert measures(e) == (401, 8.0)


def test_bracketed_date_module_level_is_a_service_line_not_an_agent_entry() -> None:
    text = (
        "[2023-01-02 10:11:12.123][request][INFO] GET /api/sync\n"
        "[2023-01-02 10:11:20.001][app::api::identity][ERROR] Username or password is incorrect.\n"
    )
    got = [(e.fmt, e.level) for e in lines_of(text)]
    assert got == [("text", "INFO"), ("text", "ERROR")]


def test_a_json_record_after_time_and_host() -> None:
    line = '2024-05-16T09:00:05.100000+00:00 10.0.0.1  {  "url": "/a",  "response_status": 404 }\n'
    (e,) = lines_of(line)
    assert e.fmt == "json"
    assert measures(e) == (404, None)


@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("httpStatus", (STATUS, "")),
        ("resp_status", (STATUS, "")),
        ("response.status", (STATUS, "")),
        ("elapsedTime", (DURATION, "elapsed_ms")),
        ("elapsed_time_ms", (DURATION, "elapsed_ms")),
        ("request_latency_us", (DURATION, "latency_ms")),
        ("response_time", (DURATION, "response_time_ms")),
        ("statusMessage", None),
        ("exit_status", None),
        ("query_duration", None),  # a query's, not the request's
        ("timeout_ms", None),
        ("target_duration_s", None),  # GitLab's goal for the request, not its time
        ("apiserver.latency.k8s.io/etcd", None),  # a backend's share
        ("hostname", None),
    ],
)
def test_status_and_duration_keys_by_their_words(key: str, want: tuple[int, str] | None) -> None:
    got = guess_role(key)
    assert (None if got is None else (got[0], got[2])) == want


def test_guessed_units_come_from_the_name_or_the_value() -> None:
    assert guess_role("elapsed_time_ms") == (DURATION, 50, "elapsed_ms", MS)
    assert guess_role("request_latency_us") == (DURATION, 50, "latency_ms", US)
    text = (
        'time="2024-05-16T09:00:01Z" level=info msg="HTTP: GET /rest/ping" elapsedTime=1.2ms '
        "httpStatus=200 remoteAddr=10.0.0.2\n"
        '{"timestamp":"2024-05-16T09:00:02Z","level":"info","msg":"done","resp_status":404,'
        '"elapsed_time":"850µs"}\n'
    )
    assert [measures(e) for e in lines_of(text)] == [(200, 1.2), (404, 0.85)]


def test_a_level_string_means_what_its_scale_says() -> None:
    # "4" is a warning under journald's PRIORITY and a trace under OTel's severityNumber: the
    # first read must not decide the second.
    text = (
        '{"timeUnixNano":"1715850001000000000","severityNumber":"4","body":"a"}\n'
        '{"__REALTIME_TIMESTAMP":"1715850002000000","PRIORITY":"4","MESSAGE":"b"}\n'
    )
    assert [e.level for e in lines_of(text)] == ["TRACE", "WARNING"]


def test_uwsgi_micros_are_microseconds() -> None:
    line = (
        "[pid: 8|app: 0|req: 1/1] 10.0.0.1 () {34 vars in 617 bytes} [Thu May 16 09:00:01 2024] "
        "POST /e => generated 215 bytes in 68 micros (HTTP/1.1 200) 9 headers in 373 bytes\n"
    )
    (e,) = lines_of(line)
    assert measures(e) == (200, pytest.approx(0.068))


def test_any_text_layout_reports_a_request_its_message_says() -> None:
    # Rails through Ruby's Logger layout: the status and the total time of "Completed".
    text = (
        "I, [2024-05-16T09:00:01.045000 #42]  INFO -- : [c1] Completed 200 OK in 45ms "
        "(Views: 30.1ms | ActiveRecord: 9.8ms)\n"
        "E, [2024-05-16T09:00:02.900000 #42] ERROR -- : [e5] Completed 500 Internal Server "
        "Error in 900ms (ActiveRecord: 2.1ms)\n"
    )
    assert [(measures(e), e.level) for e in lines_of(text)] == [
        ((200, 45.0), "INFO"),
        ((500, 900.0), "ERROR"),
    ]


def test_a_request_then_its_status_and_time_on_a_line_of_no_time() -> None:
    # morgan's "dev" format: method, path, status, response time, length
    text = "GET /api/health 200 1.234 ms - 15\nPOST /api/pay 502 1500.250 ms - 21\n"
    got = [(measures(e), e.level) for e in lines_of(text)]
    assert got == [((200, 1.234), "INFO"), ((502, 1500.25), "ERROR")]


def test_mysql_5_dates_without_separators_and_a_space_padded_hour() -> None:
    text = (
        "161209 14:18:50 [Note] Plugin 'FEDERATED' is disabled.\n161209  9:05:01 [ERROR] Aborting\n"
    )
    got = [(iso(e.ts), e.level in ev.ERROR_LEVELS) for e in lines_of(text)]
    assert got == [("2016-12-09T14:18:50", False), ("2016-12-09T09:05:01", True)]


def test_gelf_additional_fields_are_read_under_their_known_names() -> None:
    line = (
        '{"version":"1.1","host":"web1","short_message":"GET /a","timestamp":1715850001.5,'
        '"level":6,"_status":503,"_request_time":0.012}\n'
    )
    (e,) = lines_of(line)
    assert measures(e) == (503, pytest.approx(12.0))


def test_a_shippers_message_key_holds_the_containers_line() -> None:
    # fluentd writes json-file's "log" as "message"; the line inside is Envoy's, behind a word
    line = (
        '{"message":"ACCESS [2024-05-16T09:00:01.451Z] \\"GET /status/501 HTTP/1.1\\" 501 - 0 0 '
        '180 179 \\"10.0.0.3\\" \\"curl/8\\" \\"id\\" \\"h\\" \\"10.0.0.9:80\\"","stream":"stdout",'
        '"time":"2024-05-16T09:00:02.000000000Z"}\n'
    )
    (e,) = lines_of(line)
    assert (iso(e.ts), measures(e), e.level) == ("2024-05-16T09:00:01", (501, 180.0), "ERROR")


def test_a_yearless_log_jumping_back_a_few_months_stays_in_its_year() -> None:
    # Proxifier's "[MM.DD HH:MM:SS]": 10.30, then 07.26 (merged files), then December to
    # January, which does roll over.
    text = (
        "[10.30 16:49:06] chrome.exe - proxy.example:5070 open through proxy HTTPS\n"
        "[07.26 09:12:40] firefox.exe - play.example:443 open through proxy HTTPS\n"
        "[12.31 23:59:00] chrome.exe - proxy.example:5070 close, 0 bytes sent\n"
        "[01.01 00:01:00] chrome.exe - proxy.example:5070 open through proxy HTTPS\n"
    )
    assert [iso(e.ts)[:10] for e in lines_of(text)] == [
        "2023-10-30",
        "2023-07-26",
        "2023-12-31",
        "2024-01-01",
    ]


def test_a_known_duration_key_comes_before_a_guessed_one() -> None:
    line = (
        '{"time":"2024-05-16T09:00:01Z","status":200,"request_elapsed":"5ms","duration_s":0.0129}\n'
    )
    (e,) = lines_of(line)
    durations = [(n, round(v, 4)) for n, v, _s in e.samples if n != HTTP_STATUS]
    assert durations == [("duration_ms", 12.9), ("elapsed_ms", 5.0)]


def test_a_level_a_word_or_two_after_a_bracketed_date_is_a_service_line() -> None:
    text = (
        "[2024-05-16T09:00:01.123+0000] {scheduler_job.py:123} INFO - Starting the scheduler\n"
        "[2024-05-16T09:00:02.456+0000] {taskinstance.py:1937} ERROR - Task failed\n"
        "[2024-05-16 09:00:03,123]   INFO -  jetbrains.buildServer.STARTUP - Server is running\n"
        "[2024-05-16 09:00:04,456]  ERROR -   jetbrains.buildServer.SERVER - Plugin failed\n"
    )
    got = [(e.fmt, e.level) for e in lines_of(text)]
    assert got == [("text", "INFO"), ("text", "ERROR"), ("text", "INFO"), ("text", "ERROR")]


def test_a_classic_elb_line_is_read_as_an_alb_line_without_its_type() -> None:
    text = (
        "2024-05-16T09:00:01.123456Z my-elb 10.0.0.1:5000 10.0.0.9:80 0.000073 0.001048 "
        '0.000057 200 200 0 29 "GET http://a:80/ HTTP/1.1" "curl/8" - -\n'
        "2024-05-16T09:00:02.123456Z my-elb 10.0.0.1:5001 10.0.0.9:80 0.000073 1.500000 "
        '0.000057 504 504 0 29 "GET http://a:80/b HTTP/1.1" "curl/8" - -\n'
    )
    got = [(measures(e), e.level) for e in lines_of(text)]
    assert got == [((200, pytest.approx(1.178)), "INFO"), ((504, pytest.approx(1500.13)), "ERROR")]


def test_kongs_latencies_request_is_the_requests_time() -> None:
    line = (
        '{"request":{"method":"GET","uri":"/a"},"response":{"status":503},'
        '"latencies":{"request":1500,"kong":2,"proxy":1498},"started_at":1715850002000}\n'
    )
    (e,) = lines_of(line)
    assert measures(e) == (503, 1500.0)


def test_a_traceback_after_a_line_of_no_layout_is_that_lines_entry() -> None:
    # Django's runserver: django.server's "[date] request" lines, and django.request's
    # "Internal Server Error: /path" in the default format (the message alone), then the
    # traceback Python's logging writes after it, chained exceptions and all.
    got = lines_of(
        '[16/May/2024 09:23:40] "GET /orders HTTP/1.1" 200 512\n'
        "Internal Server Error: /orders/7\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/shop/views.py", line 31, in detail\n'
        "    total = order.total / order.count\n"
        "ZeroDivisionError: division by zero\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/shop/views.py", line 33, in detail\n'
        "shop.errors.OrderError: order 7 has no items\n"
        '[16/May/2024 09:23:41] "GET /orders/7 HTTP/1.1" 500 145\n'
    )
    assert [(g.level, g.message) for g in got] == [
        ("INFO", '"GET /orders HTTP/1.1" 200 512'),
        ("ERROR", "Internal Server Error: /orders/7"),
        ("ERROR", '"GET /orders/7 HTTP/1.1" 500 145'),
    ]
    assert len(got[1].detail) == 10
    assert got[1].detail[-1] == "shop.errors.OrderError: order 7 has no items"
    assert iso(got[1].ts) == "2024-05-16T09:23:40"


def test_a_plain_lines_traceback_ends_after_its_exception_line() -> None:
    got = lines_of(
        "worker started\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/worker.py", line 3, in <module>\n'
        "KeyError: 'region'\n"
        "worker stopped\n"
        "RuntimeError: not after a traceback\n"
    )
    assert [(g.message, len(g.detail)) for g in got] == [
        ("worker started", 3),
        ("worker stopped", 0),
        ("RuntimeError: not after a traceback", 0),
    ]


@pytest.mark.parametrize(
    "line",
    [
        # CLF, nginx's combined with $request_time, Envoy's default, HAProxy's HTTP log
        # (behind syslog and bare), GIN, morgan's dev, logfmt: a websocket's upgrade
        '10.0.0.5 - - [16/May/2024:09:23:40 +0000] "GET /ws HTTP/1.1" 101 0',
        '10.0.0.5 - - [16/May/2024:09:23:40 +0000] "GET /ws HTTP/1.1" 101 129 "-" "curl/8" 35.2',
        '[2024-05-16T09:23:40.123Z] "GET /ws HTTP/1.1" 101 - 0 512 60012 - "-" "curl/8" '
        '"9b1c1d2e-0000-4000-8000-0123456789ab" "chat.example.com" "10.0.0.9:8080"',
        "May 16 09:23:40 lb1 haproxy[14389]: 10.0.1.2:33317 [16/May/2024:09:23:40.655] "
        'http-in ws/srv1 10/0/30/69/60109 101 2750 - - ---- 1/1/1/1/0 0/0 "GET /ws HTTP/1.1"',
        "10.0.1.2:33317 [16/May/2024:09:23:40.655] http-in ws/srv1 10/0/30/69/60109 101 2750 "
        '- - ---- 1/1/1/1/0 0/0 "GET /ws HTTP/1.1"',
        '[GIN] 2024/05/16 - 09:23:40 | 101 |  1m0.002s |       10.0.0.5 | GET      "/ws"',
        "2024-05-16T09:23:40.000Z INFO GET /ws 101 1.234 ms - -",
        "2024-05-16T09:23:40.000Z INFO upgraded the connection status=101 latency=3ms",
        '2024-05-16T09:23:40.000Z INFO "GET /ws HTTP/1.1" 101 Switching Protocols',
    ],
)
def test_a_switching_protocols_status_is_a_status(line: str) -> None:
    (got,) = lines_of(line + "\n")
    assert measures(got)[0] == 101
    assert got.level == "INFO"
    assert iso(got.ts) == "2024-05-16T09:23:40"


@pytest.mark.parametrize(
    "message",
    ["sync returned 128 rows", "status: 150 items queued", "GET /a 199 bytes"],
)
def test_a_number_of_one_hundred_and_more_is_no_informational_status(message: str) -> None:
    assert request_in_message(message) is None


def test_a_traceback_after_a_blank_line_heads_its_own_entry() -> None:
    got = lines_of(
        '{"level":"info","time":"2024-05-16T09:23:40Z","message":"served"}\n'
        "\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/worker.py", line 3, in <module>\n'
        "KeyError: 'region'\n"
    )
    assert (got[-1].message, got[-1].detail) == (
        "Traceback (most recent call last):",
        ('  File "/srv/worker.py", line 3, in <module>', "KeyError: 'region'"),
    )
