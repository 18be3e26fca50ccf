"""Issue 17, session 24's tuning sets (129 and 130: the formats on-call engineers meet most,
cloud-native infrastructure): the rules their files showed. Lines written here in those
shapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console import events as ev
from console.parse.derived import SERVED, DerivedMetrics, latency_tier
from tests.helpers.parsing import parse, samples, utc
from tests.parse.test_derived_from_formats import _minutes


def test_libpqs_message_said_again_after_psycopg2s_exception_line_is_the_tracebacks() -> None:
    # libpq tries twice (SSL, then not) and says both failures; psycopg2's exception line
    # carries the first, the second follows on a line of its own, "FATAL:  ..." as a
    # PostgreSQL line with no prefix would be: here the exception's, no FATAL entry
    text = (
        "Internal Server Error: /admin/login/\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/env/lib/python2.7/site-packages/psycopg2/__init__.py", line 164, in '
        "connect\n"
        "    conn = _connect(dsn, connection_factory=connection_factory, async=async)\n"
        'OperationalError: FATAL:  password authentication failed for user "app"\n'
        'FATAL:  password authentication failed for user "app"\n'
        "\n"
        "2024-05-19 06:57:32,100 INFO next request\n"
    )
    lines = parse(text)
    assert [line.message for line in lines] == [
        "Internal Server Error: /admin/login/",
        "next request",
    ]
    assert lines[0].detail[-2:] == ('FATAL:  password authentication failed for user "app"', "")


def test_a_postgres_line_with_no_prefix_after_a_traceback_is_still_an_entry() -> None:
    # only the exception's own text said again joins it: another FATAL is PostgreSQL's
    text = (
        "Traceback (most recent call last):\n"
        '  File "app.py", line 3, in <module>\n'
        'OperationalError: FATAL:  password authentication failed for user "app"\n'
        'FATAL:  database "shop" does not exist\n'
    )
    lines = parse(text)
    assert lines[-1].message == 'database "shop" does not exist'
    assert lines[-1].level == "FATAL"


def test_another_servers_answer_responded_with_is_no_served_status() -> None:
    # a Kong plugin's call to its identity provider, in OpenResty's error log; a proxy
    # script's probe; the service's own "responded 500" (Serilog.AspNetCore) stays a status
    text = (
        "2022/07/27 10:52:31 [error] 150#0: *10 [kong] access.lua:20 [auth-plugin] "
        "introspection endpoint responded with status: 401, client: 127.0.0.1, server: kong, "
        'request: "GET /httpbin HTTP/1.1", host: "localhost:9000"\n'
        "2024-01-01 10:00:00 WARN upstream responded with 503 Service Unavailable\n"
        "2024-01-01 10:00:01 INFO HTTP GET /x responded 500 in 12.3456 ms\n"
    )
    kong, upstream, served = parse(text)
    assert samples(kong) == {}
    assert samples(upstream) == {}
    assert samples(served) == {"http_status": 500.0, "response_time_ms": 12.3456}


def test_nginxs_debug_log_of_a_requests_internals_gives_no_status() -> None:
    # error_log ... debug: nginx traces the request it finalizes and the header it writes;
    # the served request is the access log's line. Its warnings and errors read as before.
    text = (
        "2025/09/17 17:09:06 [debug] 3407365#3407365: *3 http finalize request: 500, "
        '"/index.html?" a:1, c:12\n'
        '2025/09/17 17:09:06 [debug] 3407365#3407365: *3 http special response: 500, "/x?"\n'
        "2025/09/17 17:09:06 [debug] 3407365#3407365: *3 HTTP/1.1 500 Internal Server Error\n"
        "2025/09/17 17:09:07 [notice] 12#12: *5 upstream returned 503 while reading, client: "
        '10.0.0.1, server: _, request: "GET /api HTTP/1.1"\n'
    )
    lines = parse(text)
    assert [line.level for line in lines] == ["DEBUG", "DEBUG", "DEBUG", "NOTICE"]
    assert [samples(line) for line in lines[:3]] == [{}, {}, {}]
    assert samples(lines[3]) == {"http_status": 503.0}


def test_a_proxys_upstream_time_alone_is_its_requests_latency() -> None:
    # nginx's combined format with $upstream_response_time after it (set 134): the backend's
    # answer time is what the latency panel has of the request; a request time stated
    # beside it is the one taken, and a line with no status is no served request
    text = "".join(
        f'172.23.0.1 - - [31/Mar/2024:05:25:{s:02d} +0000] "GET /docs HTTP/1.1" {status} 939 '
        f'"-" "Mozilla/5.0" "-" upstream_response_time={up} upstream_addr=172.23.0.4:8081\n'
        for s, status, up in ((10, 200, "0.020"), (20, 200, "0.060"), (30, 504, "0.100"))
    )
    (line, *_) = parse(text)
    assert samples(line) == {
        "http_status": 200.0,
        "response_bytes": 939.0,
        "upstream_time_ms": 20.0,
    }
    assert latency_tier(line.samples) == (SERVED, 20.0)
    [minute] = _minutes([text])
    assert minute[ev.LATENCY_AVG] == pytest.approx(60.0)
    both = (
        ("http_status", 200.0, ""),
        ("upstream_time_ms", 20.0, ""),
        ("request_time_ms", 25.0, ""),
    )
    assert latency_tier(both) == (SERVED, 25.0)
    assert latency_tier((("upstream_time_ms", 20.0, ""),)) is None


_NAMES = (
    "http_status",
    "duration_ms",
    "upstream_time_ms",
    "query_ms",
    "unanswered_ms",
    "served_ok_ms",
    "x",
)
_FORMS = (("json", "m"), ("text", "sync took 3ms"), ("text", "GET /a took 3ms"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(_NAMES), st.integers(min_value=0, max_value=599)),
            max_size=4,
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from(_FORMS), min_size=12, max_size=12),
)
def test_the_minutes_latency_is_latency_tiers_choice_line_by_line(
    lines: list[list[tuple[str, int]]], forms: list[tuple[str, str]]
) -> None:
    # DerivedMetrics makes latency_tier's choice inline (its hot path): the two agree, a
    # line's form (a JSON record, a text line naming a request or not) included
    start = 1_700_000_040.0  # a minute's start
    events = [
        ev.LogLine(
            ts=start + i,
            source="log:t",
            level="INFO",
            message=forms[i][1],
            fmt=forms[i][0],
            samples=tuple((name, float(value), "") for name, value in line),
        )
        for i, line in enumerate(lines)
    ]
    # a TIMED line's query duration (no request duration beside it) is work, not latency
    tiers: list[list[float]] = [[], [], []]
    for e in events:
        took = latency_tier(e.samples, e)
        if took is not None:
            no_query = tuple(x for x in e.samples if x[0] != "query_ms")
            request = took[0] == SERVED or latency_tier(no_query, e) == took
            tiers[took[0] if request else 2].append(took[1])
    chosen = tiers[SERVED] or tiers[1 - SERVED]
    work = [] if chosen else tiers[2]  # work time only in a minute that times no request
    derived = DerivedMetrics()
    out = [s for e in events for s in derived.feed(e)] + derived.flush()
    for name, want in ((ev.LATENCY_AVG, chosen), (ev.WORK_AVG, work)):
        avg = [s.value for s in out if isinstance(s, ev.MetricSample) and s.name == name]
        assert avg == ([pytest.approx(sum(want) / len(want))] if want else [])


def test_an_access_lines_month_in_another_locale_as_java_writes_it() -> None:
    # logback-access and Tomcat format %t in the JVM's locale: es's "dic." (CLDR's, with
    # its dot), de's "Mär", fr's "sept."; the line is an access line as in English
    text = (
        '0:0:0:0:0:0:0:1 - - [01/dic./2024:19:36:19 -0500] "GET / HTTP/1.1" 200 - "-" '
        '"Mozilla/5.0" "-" 354\n'
        '10.0.0.1 - - [05/Mär/2024:19:36:19 +0100] "GET /a HTTP/1.1" 404 12\n'
        '10.0.0.1 - - [05/sept./2024:19:36:19 +0200] "GET /b HTTP/1.1" 503 12\n'
    )
    lines = parse(text)
    assert [line.fmt for line in lines] == ["access"] * 3
    assert [utc(line.ts) for line in lines] == [
        "2024-12-02T00:36:19",
        "2024-03-05T18:36:19",
        "2024-09-05T17:36:19",
    ]
    assert [samples(line)["http_status"] for line in lines] == [200.0, 404.0, 503.0]


def test_synapses_processed_request_gives_its_status_and_processing_time() -> None:
    text = (
        "2020-07-08 23:04:34,777 - synapse.access.http.8008 - 312 - INFO - GET-0 - "
        "127.0.0.1 - 8008 - {None} Processed request: 0.003sec/0.001sec (0.000sec, 0.000sec) "
        '(0.001sec/0.001sec/1) 55B 500 "GET /_matrix/client/r0/custom HTTP/1.1" '
        '"PostmanRuntime/7.26.1" [0 dbevts]\n'
        "2020-07-08 23:04:35,100 - synapse.access.http.8008 - 312 - INFO - GET-1 - "
        "127.0.0.1 - 8008 - {@a:x} Processed request: 0.250sec/-0.000sec (0.010sec, 0.000sec) "
        '(0.000sec/0.002sec/2) 1234B 200! "GET /_matrix/client/r0/sync HTTP/1.1" "Element" '
        "[0 dbevts]\n"
    )
    failed, gone = parse(text)
    assert samples(failed) == {"http_status": 500.0, "response_time_ms": 3.0}
    # its layout's logger and line number ("%(name)s - %(lineno)d - %(levelname)s") in fields
    assert failed.fields == {"logger": "synapse.access.http.8008", "lineno": "312", "status": 500}
    assert failed.message.startswith("GET-0 - 127.0.0.1 - 8008 - {None} Processed request: ")
    assert failed.level == "ERROR"  # its 500 at INFO, as an access line's
    assert samples(gone) == {"http_status": 200.0, "response_time_ms": 250.0}


def test_nexus_3s_request_log_gives_the_elapsed_ms_not_the_bytes() -> None:
    # "%clientHost %l %user [%date] \"%requestURL\" %statusCode %header{Content-Length}
    # %bytesSent %elapsedTime \"%header{User-Agent}\" [%thread]"
    text = "".join(
        f'172.18.0.1 - - [30/Dec/2021:04:28:02 +0000] "GET /x HTTP/1.1" 200 - {sent} {took} '
        f'"Mozilla/5.0 (X11)" [qtp887932152-{i}]\n'
        for i, (sent, took) in enumerate(((7925, 146), (789, 6), (126, 24)))
    )
    lines = parse(text)
    assert [samples(line)["request_time_ms"] for line in lines] == [146.0, 6.0, 24.0]
    assert lines[0].fields["bytes_sent"] == 7925


def test_websphere_and_liberty_event_types_are_their_levels() -> None:
    # SystemOut.log and messages.log: [time] thread-id logger type message, the type a letter
    text = (
        "[2022-06-09, 13:03:23:046 PDT] 0000002a com.ibm.ws.ssl.config.WSKeyStore           "
        "  E CWPKI0033E: The keystore located at /opt/key.p12 did not load\n"
        "[10/12/21 14:32:02:123 EDT] 0000002a WebContainer  W SRVE0190E: File not found\n"
        "[10/12/21 14:32:03:123 EDT] 0000002b SystemOut     O hello from the app\n"
        "\tat com.example.Foo.bar(Foo.java:12)\n"
        "[10/12/21 14:32:04:123 EDT] 0000002b FrameworkMana A CWWKE0001I: The server launched\n"
    )
    lines = parse(text)
    assert [(line.level, line.fmt) for line in lines] == [
        ("ERROR", "websphere"),
        ("WARNING", "websphere"),
        ("INFO", "websphere"),
        ("INFO", "websphere"),
    ]
    assert utc(lines[0].ts) == "2022-06-09T20:03:23"
    assert utc(lines[1].ts) == "2021-10-12T18:32:02"
    assert lines[2].detail == ("\tat com.example.Foo.bar(Foo.java:12)",)
    assert lines[0].message.startswith("CWPKI0033E: ")


def test_undertows_access_pattern_after_a_bracketed_time() -> None:
    # Spring Boot's server.undertow.accesslog.pattern "[%t] %a %r %s (%D milliseconds)"
    text = (
        "[13/May/2025:06:15:12 +0900] 0:0:0:0:0:0:0:1 GET /login HTTP/1.1 302 (81 milliseconds)\n"
        "[13/May/2025:06:15:13 +0900] 10.0.0.1 POST /x HTTP/1.1 500 (1.5 seconds)\n"
    )
    first, second = parse(text)
    assert first.fmt == "access" and utc(first.ts) == "2025-05-12T21:15:12"
    assert samples(first) == {"http_status": 302.0, "request_time_ms": 81.0}
    assert samples(second) == {"http_status": 500.0, "request_time_ms": 1500.0}
    assert second.level == "ERROR"


def test_torchserves_access_log_ends_in_the_requests_ms() -> None:
    # org.pytorch.serve.http.Session.toString(): remoteIp "METHOD uri protocol" code ms,
    # the peer as Netty prints it; in access_log.log and behind ts_log.log's log4j2 layout
    # ("[%-5p]" padded inside its brackets)
    text = (
        '2021-03-23 09:01:47,260 - /127.0.0.1:49560 "PUT /predictions/detectron2 HTTP/1.1" 503 64\n'
        "2022-06-22T11:37:39,472 [INFO ] pool-2-thread-1 ACCESS_LOG - /127.0.0.1:59516 "
        '"GET /ping HTTP/1.1" 200 5\n'
        '2022-06-22T11:37:40,000 [INFO ] x - 10.0.0.1 - - "GET /a HTTP/1.1" 200 512\n'
    )
    access, behind_log4j, other = parse(text)
    assert samples(access) == {"http_status": 503.0, "request_time_ms": 64.0}
    assert samples(behind_log4j) == {"http_status": 200.0, "request_time_ms": 5.0}
    assert behind_log4j.message.startswith("pool-2-thread-1 ACCESS_LOG - ")
    assert "request_time_ms" not in samples(other)  # no Netty peer: the number is a size


def test_log4js_basic_layout_is_a_services_line_not_an_agents_entry() -> None:
    # log4js' default layout "[%d] [%p] %c - %m" (nodeclub's request logger through it):
    # the category its logger, the message read for a request; an empty message takes the
    # line after it, whose time is only inside its words
    text = (
        "[2016-03-07 10:11:35.998] [INFO] cheese - \n"
        "\n"
        "Started 2016-03-07T02:11:35.998Z GET / ::1\n"
        "[2016-03-07 10:11:37.245] [INFO] cheese - Completed 200 (1247ms)\n"
        "[2017-01-01T10:11:38.245] [ERROR] default - boom\n"
        "[10:00:00] [INFO] Stage 2 - 25% traffic\n"
    )
    started, completed, boom, agent = parse(text)
    assert (started.fmt, started.fields) == ("text", {"logger": "cheese"})
    assert "Started 2016-03-07T02:11:35.998Z GET / ::1" in started.detail
    assert utc(started.ts) == "2016-03-07T10:11:35"
    assert samples(completed) == {"http_status": 200.0, "response_time_ms": 1247.0}
    assert (boom.level, boom.message) == ("ERROR", "boom")
    assert agent.fmt == "agent"  # no category: the agent's own entry


def test_goadmins_padded_status_before_its_request() -> None:
    # zap's console encoder with no level key, GoAdmin's access line colours taken off
    text = (
        "2021-08-27T19:45:44.513+0800\tcontroller/handler.go:24\t[GoAdmin] \x1b[37;44m 500 "
        "\x1b[0m \x1b[37;104m GET   \x1b[0m /admin/info\n"
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 500.0}
    assert line.level == "ERROR"
    assert utc(line.ts) == "2021-08-27T11:45:44"


def test_a_json_record_closing_a_text_message_gives_its_request() -> None:
    # a FastAPI middleware through Python logging ("%(asctime)s - %(levelname)s -
    # %(message)s"): the record's status and its processing time by their keys
    text = (
        '2025-03-09 15:40:17,128 - INFO - Response sent: {"status_code": 400, '
        '"processing_time_ms": 5.001}\n'
        '2025-03-09 15:40:18,000 - INFO - Request received: {"method": "GET", "path": "/x"}\n'
    )
    sent, received = parse(text)
    assert samples(sent) == {"http_status": 400.0, "response_time_ms": 5.001}
    assert sent.message.startswith("Response sent: ")  # the level taken off its head
    assert samples(received) == {}


def test_etcds_request_stats_time_spent_is_the_requests_time() -> None:
    # etcd 3.5's v3rpc interceptor logs a slow request's stats, its duration "time spent"
    (line,) = parse(
        '{"level":"warn","ts":"2024-07-04T15:20:47.169285Z","caller":"v3rpc/interceptor.go:197",'
        '"msg":"request stats","start time":"2024-07-04T15:20:45.977771Z","time spent":'
        '"1.196182163s","remote":"127.0.0.1:36658","response type":"/etcdserverpb.KV/Range",'
        '"request count":0,"request size":77,"response count":1,"response size":2758}\n'
    )
    assert samples(line) == {"response_time_ms": pytest.approx(1196.182163)}


def test_solrs_success_is_a_served_request_in_the_minutes_rates() -> None:
    # three searches answered (status=0) and one failed (status=503): the error rate is one
    # in four and the latency all four's, not the failure's alone; no 200 is listed
    text = "".join(
        f"2017-03-18 17:23:{41 + i}.651 INFO  (qtp-18) [   x:cars] o.a.s.c.S.Request [cars]  "
        f"webapp=/solr path=/select params={{q=*:*}} hits=1 status={status} QTime={took}\n"
        for i, (status, took) in enumerate(((0, 6), (0, 10), (503, 40), (0, 4)))
    )
    lines = parse(text)
    assert [samples(line) for line in lines][:2] == [{"served_ok_ms": 6.0}, {"served_ok_ms": 10.0}]
    assert latency_tier(lines[0].samples) == (SERVED, 6.0)
    [minute] = _minutes([text])
    assert minute[ev.ERROR_RATE] == pytest.approx(25.0)
    assert minute[ev.LATENCY_AVG] == pytest.approx(15.0)


def test_cassandras_slow_query_log_gives_the_operations_time() -> None:
    # MonitoringTask's report in debug.log: the head counts, the line under it times
    text = (
        "DEBUG [ScheduledTasks:1] 2020-07-22 13:39:05,889  MonitoringTask.java:173 - 1 "
        "operations were slow in the last 5074 msecs:\n"
        "<SELECT config FROM ks.config WHERE key = 1>, time 2080 msec - slow timeout 500 msec\n"
        "DEBUG [ScheduledTasks:1] 2020-07-22 13:39:10,889  MonitoringTask.java:152 - 1 "
        "operations timed out in the last 5001 msecs:\n"
        "<SELECT * FROM ks.standard1 WHERE >, total time 10058 msec, timeout 10000 msec\n"
    )
    slow, timed_out = parse(text)
    assert samples(slow) == {"query_ms": 2080.0}
    assert samples(timed_out) == {"query_ms": 10058.0}


def test_a_statements_time_opening_the_message_is_the_querys() -> None:
    # UCMDB's DAL slow log under its log4j layout: the ms, connection ids, then the SQL
    text = (
        "2018-02-21 17:46:07,193  INFO   [HA Heartbeat scheduler] -  2942ms N/A SELECT * "
        "FROM HA_WRITER for update\n"
        "2018-02-21 17:46:08,193  INFO   [qtp-104831] -  5710ms 1054385578 617354805 truncate "
        "table CDM_TMP_OBJID\n"
        "2018-02-21 17:46:09,193  INFO   [main] -  12ms later we select a plan\n"
    )
    first, second, prose = parse(text)
    assert samples(first) == {"query_ms": 2942.0}
    assert samples(second) == {"query_ms": 5710.0}
    assert "query_ms" not in samples(prose)


def test_influxdbs_http_log_ends_in_the_request_id_and_its_microseconds() -> None:
    text = (
        '[httpd] 127.0.0.1 - - [10/Mar/2021:19:14:09 +0000] "GET /ping HTTP/1.1" 204 0 "-" '
        '"InfluxDBShell/1.8.3" caa5f51f-81d4-11eb-8001-0242ac110006 87\n'
    )
    (line,) = parse(text)
    assert line.fmt == "access"
    assert samples(line)["request_time_ms"] == pytest.approx(0.087)
    assert line.fields["request_id"] == "caa5f51f-81d4-11eb-8001-0242ac110006"


def test_pytests_slowest_durations_are_no_statements() -> None:
    # "1.52s call     tests/..." (pytest's report) opens with a time and the word "call"
    (line,) = parse("2025-03-02 08:00:01,000 INFO 1.52s call     tests/test_io.py::test_big\n")
    assert "query_ms" not in samples(line)


def test_rubys_syntax_error_message_is_one_exception_in_rails_block() -> None:
    # each error of the file its own "file.rb:N: syntax error, ..." line, the code cut to
    # "..." and a caret under it; the backtrace's lines say them again
    text = (
        'Started GET "/sessions" for 127.0.0.1 at 2018-05-06 22:08:18 -0500\n'
        "  \n"
        "SyntaxError (/srv/app/controllers/sessions_controller.rb:8: syntax error, "
        "unexpected ':', expecting '}'\n"
        "...tring, :wallet_id => :integer :autentication => :boolean }\n"
        "...                               ^\n"
        "/srv/app/controllers/sessions_controller.rb:13: syntax error, unexpected tSYMBEG\n"
        "...                               ^):\n"
        "  \n"
        "app/controllers/sessions_controller.rb:8: syntax error, unexpected ':'\n"
        "app/controllers/sessions_controller.rb:13: syntax error, unexpected tSYMBEG\n"
    )
    errors = [line for line in parse(text) if line.level == "ERROR"]
    assert len(errors) == 1
    assert errors[0].message.startswith("SyntaxError (")


def test_a_go_structs_status_field_by_its_name() -> None:
    # logrus' Fields from a Gin middleware's struct: "Status=204", "SpendTime=\"1 ms\""
    (line,) = parse(
        'time="2022-03-09T10:55:10+08:00" level=info DataSize=0 Method=OPTIONS '
        'Path=/api/v1/login SpendTime="1 ms" Status=204\n'
    )
    assert samples(line) == {"http_status": 204.0, "duration_ms": 1.0}


def test_client_gos_reflector_trace_is_no_served_request() -> None:
    # every controller's log: client-go timing its own list and watch of the apiserver
    text = (
        'I1221 09:43:10.852345       1 trace.go:205] Trace[1874576772]: "Reflector ListAndWatch" '
        "name:pkg/mod/k8s.io/client-go@v0.22.1/tools/cache/reflector.go:167 (21-Dec-2022 "
        "09:42:40.852) (total time: 30000ms):\n"
        'I1221 09:43:11.000000       1 trace.go:205] Trace[1917639367]: "Create" '
        "url:/api/v1/namespaces/default/pods,user-agent:kubectl/v1.22.1 (started: 2022-12-21 "
        "09:43:10.342) (total time: 657ms):\n"
    )
    reflector, served = parse(text)
    assert samples(reflector) == {}
    assert samples(served)  # the apiserver's own trace of a request it served, as before


def test_a_gin_middlewares_http_request_record_at_info_on_a_500_is_an_error() -> None:
    (line,) = parse(
        '{"level":"INFO","ts":"2026-04-22T17:39:35.549+0800","caller":"logMiddle/logger.go:49",'
        '"msg":"HTTP Request","method":"POST","path":"/api/v1/createurl","status":500,'
        '"duration":"1 ms","ip":"127.0.0.1"}\n'
    )
    assert line.level == "ERROR"
    assert samples(line)["http_status"] == 500.0


def test_a_record_naming_method_and_status_in_its_message_gives_its_time() -> None:
    # zap with its keys renamed (LEVEL, TIME, MESSAGE), the request said in words
    (line,) = parse(
        '{"LEVEL":"INFO","TIME":"2023-10-29T19:36:07.067+0300","CALLER":"routes/mw.go:47",'
        '"MESSAGE":"uri /update/gauge/x method POST duration 73.898µs status 200 size 41"}\n'
    )
    assert samples(line) == {"http_status": 200.0, "response_time_ms": pytest.approx(0.073898)}


def test_a_koa_request_line_through_log4js_gives_its_time() -> None:
    (line,) = parse("[2017-06-23 13:12:26.981] [INFO] koa-blog - GET /users/info/admin - 17ms\n")
    assert samples(line) == {"response_time_ms": 17.0}


def test_the_gin_zap_templates_record_without_its_status_still_times_the_request() -> None:
    # zap's console encoder, no caller column, the template's keys with "status" left out
    (line,) = parse(
        '2024-07-15 20:44:16\tinfo\t/index\t{"method": "GET", "path": "/index", "query": "", '
        '"ip": "127.0.0.1", "user-agent": "PostmanRuntime/7.40.0", "errors": "", "cost": 0.0125}\n'
    )
    assert samples(line) == {"latency_ms": pytest.approx(12.5)}


def test_a_tagged_bracketed_access_time_then_nginxs_seconds_and_the_status() -> None:
    # a shared host's layout: "[u][$time_local] $upstream_response_time $request_time $status"
    (line,) = parse(
        "[u][07/Mar/2020:00:08:05 +0300] 0.120 0.300 500 66.249.66.65 example.ru GET /x "
        'HTTP/1.1 "Mozilla/5.0" "-" 14815\n'
    )
    assert line.fmt == "access" and line.level == "ERROR"
    assert utc(line.ts) == "2020-03-06T21:08:05"
    assert samples(line) == {"http_status": 500.0, "request_time_ms": 300.0}


def test_mybatis_exception_message_lines_are_the_exceptions() -> None:
    # Spring Boot + MyBatis: the exception named at the line's end, its message over lines
    text = (
        "2025-11-05 21:50:54.120 [restartedMain] ERROR o.s.boot.SpringApplication - "
        "Application run failed\n"
        "org.springframework.jdbc.UncategorizedSQLException: \n"
        "### Error updating database.  Cause: org.sqlite.SQLiteException: [SQLITE_ERROR] SQL "
        "error or missing database (incomplete input)\n"
        "### The error occurred while executing an update\n"
        "### Cause: org.sqlite.SQLiteException: [SQLITE_ERROR] SQL error\n"
        "; uncategorized SQLException; SQL state [null]; error code [1]; [SQLITE_ERROR] SQL "
        "error\n"
        "\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.translate(X.java:1)\n"
        "2025-11-05 21:50:55.000 [main] INFO  c.e.App - ### not MyBatis' after a message\n"
    )
    lines = parse(text)
    assert [line.level for line in lines] == ["ERROR", "INFO"]
    assert len(lines[0].detail) == 6
