"""Issue 17, sets 61 and 62 (language runtimes' and databases' logs): Elasticsearch clients'
call lines (status and time), Gin's microseconds as a GBK console shows them, and a
start-up's step timed with ``took`` (no request's). Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_an_elasticsearch_clients_call_line_is_a_call_not_a_request_served() -> None:
    # (session 18 read these as the service's requests; session 26: they are the cluster's
    # answers to calls the service made, as httpx's and urllib3's lines are)
    text = (
        # go-elasticsearch's and elasticsearch-ruby's comma, elasticsearch-py's none
        "2021/11/27 19:59:02 POST http://127.0.0.1:9200/paper/_search "
        "[status:200, request:0.076s]\n"
        "2024-01-02 10:00:00,123 WARNING elasticsearch GET http://localhost:9200/x/_doc/1 "
        "[status:404 request:0.002s]\n"
        "2024-01-02 10:00:00,200 INFO elasticsearch POST http://es:9200/_search "
        "[status:200, request:1.250s, query:0.981s]\n"
        # no answer came: no status, no time
        "2024-01-02 10:00:01,123 WARNING elasticsearch POST http://localhost:9200/_bulk "
        "[status:N/A request:10.010s]\n"
    )
    lines = parse(text)
    assert [samples(line) for line in lines] == [{}, {}, {}, {}]
    assert lines[1].level == "WARNING"


def test_gins_microseconds_shown_as_gbk_are_microseconds() -> None:
    text = (
        '[GIN] 2021/11/27 - 20:03:08 | 200 |       225.5碌s |       127.0.0.1 | GET      "/a"\n'
        '[GIN] 2021/11/27 - 20:03:10 | 200 |      1.0022ms |       127.0.0.1 | GET      "/b"\n'
    )
    lines = parse(text)
    assert samples(lines[0]) == {"http_status": 200.0, "response_time_ms": 0.2255}
    assert samples(lines[1]) == {"http_status": 200.0, "response_time_ms": 1.0022}


def test_a_start_up_step_timed_with_took_is_no_duration() -> None:
    text = (
        "2025-12-08 15:39:40.007685+00:00 [info] <0.642.0> Recovering 0 queues of type "
        "rabbit_classic_queue took 77ms\n"
        "[2025-04-11T12:35:50,100][INFO ][o.r.Reflections          ] [demo-node] Reflections "
        "took 29 ms to scan 1 urls, producing 27 keys and 67 values \n"
        "2025-12-08 15:39:41.000000+00:00 [info] <0.700.0> Loading plugins took 3.2s\n"
        # a request's work timed so is one
        "2025-12-08 15:39:42.000000+00:00 [info] <0.800.0> Query for user 42 took 35ms\n"
        "2025-12-08 15:39:43.000000+00:00 [info] <0.801.0> Export took 1.5s to write 20 rows\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines[:3]] == [{}, {}, {}]
    assert samples(lines[3]) == {"duration_ms": 35.0}
    assert samples(lines[4]) == {"duration_ms": 1500.0}


def test_mongodbs_slow_query_is_timed_and_its_start_up_and_connection_ages_are_not() -> None:
    head = '{"t":{"$date":"2025-11-24T08:39:23.100+02:00"},"s":"I",'
    text = (
        head + '"c":"STORAGE","id":4795906,"ctx":"initandlisten","msg":"WiredTiger opened",'
        '"attr":{"durationMillis":166}}\n'
        + head
        + '"c":"NETWORK","id":6788700,"ctx":"conn3","msg":"Received first command on ingress '
        'connection since session start or auth handshake","attr":{"elapsedMillis":2}}\n'
        + head
        + '"c":"COMMAND","id":51803,"ctx":"conn12","msg":"Slow query","attr":{"type":"command",'
        '"ns":"shop.orders","durationMillis":212}}\n'
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [{}, {}, {"query_duration_ms": 212.0}]
    assert lines[0].fields is not None and lines[0].fields["attr.durationMillis"] == 166


def test_a_records_connection_lifetime_start_up_step_and_retention_are_no_durations() -> None:
    t = "t=2025-06-25T22:05:01.123456789Z level="
    text = (
        t
        + 'debug logger=live msg="Client disconnected" user=1 client=abc elapsed=22.422551s\n'
        + t
        + 'info logger=ngalert.state.manager msg="State cache has been initialized" '
        "states=0 duration=321.701µs\n"
        + t
        + 'info component=tsdb msg="On-disk memory mappable chunks replay completed" '
        "duration=23.1µs\n"
        + t
        + 'info component=tsdb msg="No time or size retention was set so using the default '
        'time retention" duration=15d\n'
        + t
        + 'info logger=migrator msg="migrations completed" performed=0 skipped=600 '
        "duration=1.78ms\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [{}, {}, {}, {}, {"duration_ms": 1.78}]


def test_grafanas_request_time_is_its_exact_duration_not_the_whole_milliseconds() -> None:
    text = (
        "logger=context userId=1 orgId=1 t=2025-06-25T22:05:01.123456789Z level=info "
        'msg="Request Completed" method=GET path=/api/live/ws status=200 time_ms=0 '
        "duration=636.978µs size=0\n"
    )
    (line,) = parse(text)
    name, value, _scope = line.samples[1]  # the first duration, the one the charts take
    assert (name, round(value, 6)) == ("duration_ms", 0.636978)


def test_haproxys_clf_layout_gives_its_status_and_the_requests_time() -> None:
    head = "Nov  7 18:29:36 haproxy haproxy[489]: "
    text = (
        head + '123.136.68.2 - - [07/Nov/2016:10:29:36 +0000] "GET /cbioportal HTTP/1.1" 503 212 '
        '"" "" 49408 409 "bayer" "bayer-app" "<NOSRV>" 20 -1 -1 -1 27 SC-- 1 1 0 0 0 0 0 "" "" '
        '"" "Mozilla/5.0"\n'
        + head
        + '203.116.206.254 - - [07/Nov/2016:10:30:57 +0000] "<BADREQ>" 400 187 "" "" 33813 470 '
        '"bayer" "bayer" "<NOSRV>" -1 -1 -1 -1 48 PR-- 6 6 0 0 0 0 0 "" "" "" ""\n'
        + head
        + '10.0.0.9 - - [07/Nov/2016:10:31:00 +0000] "GET /a HTTP/1.1" 200 5120 "" "" 40000 1 '
        '"www" "app" "app1" 0 0 1 12 -1 CD-- 1 1 0 0 0 0 0 "" "" "" ""\n'
    )
    lines = parse(text)
    assert samples(lines[0]) == {
        "http_status": 503.0,
        "response_bytes": 212.0,
        "request_time_ms": 27.0,
    }
    assert lines[0].level == "ERROR"
    assert samples(lines[1]) == {
        "http_status": 400.0,
        "response_bytes": 187.0,
        "request_time_ms": 48.0,
    }
    assert lines[1].level == "WARNING"
    # a request that never completed (-1): its status, no time
    assert samples(lines[2]) == {"http_status": 200.0, "response_bytes": 5120.0}


def test_a_logback_entry_with_an_empty_message_takes_the_lines_under_it() -> None:
    text = (
        "21-01-2018 10:49:21.225 [restartedMain] INFO  org.springframework.boot.autoconfigure."
        "logging.AutoConfigurationReportLoggingInitializer.logAutoConfigurationReport - \n"
        "\n"
        "Error starting ApplicationContext. To display the auto-configuration report re-run "
        "your application with 'debug' enabled.\n"
        "2018-01-21 10:49:21.367 [main] INFO  c.e.App - \n"
        "\n"
        "Error starting ApplicationContext.\n"
        "2018-01-21 10:49:22.000 [main] ERROR c.e.App - Application run failed\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "INFO", "ERROR"]


def test_a_step_timed_inside_a_rails_2_request_is_no_requests_time() -> None:
    text = (
        "Processing WikiController#show (for 127.0.0.1 at 2012-05-28 14:19:00) [GET]\n"
        "Maruku took 0.000681852 seconds.\n"
        "Completed in 413ms (View: 82, DB: 3) | 200 OK [http://localhost/wiki/show/Home]\n"
        "Maruku took 0.000272839 seconds.\n"
    )
    lines = parse(text)
    assert samples(lines[1]) == {"step_ms": 0.681852}
    assert samples(lines[2]) == {"http_status": 200.0, "response_time_ms": 413.0}
    assert samples(lines[3]) == {"duration_ms": 0.272839}  # outside a request: its own


def test_a_unified_diff_under_an_entry_is_its_detail() -> None:
    text = (
        "I0907 14:14:43.747408      12 nginx.go:310] NGINX configuration diff\n"
        "I0907 14:14:43.747436      12 nginx.go:311] --- /tmp/a093640033\t2017-09-07 "
        "14:14:43.745596633 +0000\n"
        "+++ /tmp/b574729548\t2017-09-07 14:14:43.745596633 +0000\n"
        "@@ -1,6 +1,382 @@\n"
        "-# A very simple nginx configuration file that forces nginx to start.\n"
        "+daemon off;\n"
        "+    error_log  /var/log/nginx/error.log notice;\n"
        "     least_conn;\n"
        "E0907 14:14:44.000000      12 controller.go:1041] reload failed\n"
        "+ a line of its own\n"
    )
    lines = parse(text)
    # the diff's lines are the second entry's; after the next entry, a line of its own
    assert [ln.level for ln in lines] == ["INFO", "INFO", "ERROR", "UNKNOWN"]
    assert len(lines[1].detail) == 6


def test_ruby_loggers_entry_with_its_message_on_the_lines_under_it_is_one_entry() -> None:
    text = (
        'I, [2013-11-20T10:00:05.100000 #2918]  INFO -- : Started GET "/" for 127.0.0.1 at '
        "2013-11-20 10:00:05 +0800\n"
        "F, [2013-11-20T10:00:05.305987 #2918] FATAL -- : \n"
        "ActionView::Template::Error (SQLite3::SQLException: no such table: users: SELECT 1):\n"
        '    1: <header class="navbar navbar-fixed-top">\n'
        "  app/helpers/sessions_helper.rb:25:in `current_user'\n"
        "\n"
        "\n"
        'I, [2013-11-20T10:00:09.000000 #2918]  INFO -- : Started GET "/" for 127.0.0.1\n'
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "FATAL", "INFO"]
    assert lines[1].detail[0].startswith("ActionView::Template::Error (")


def test_monologs_previous_exception_after_a_blank_line_is_the_entrys() -> None:
    text = (
        '[2024-06-06 19:17:47] local.ERROR: Expected a value of type "String" '
        '{"exception":"[object] (Error(code: 0): x at /app/a.php:9)\n'
        "[stacktrace]\n"
        "#0 /app/b.php(911): f()\n"
        "#1 {main}\n"
        "\n"
        "[previous exception] [object] (GraphQL\\\\Error\\\\Error(code: 0): String cannot "
        "represent value at /app/c.php:3)\n"
        "[stacktrace]\n"
        "#0 /app/d.php(12): g()\n"
        '"} \n'
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["ERROR"]


def test_winstons_record_with_no_time_takes_its_morgan_lines_time() -> None:
    text = (
        '{"level":"info","message":"::1 - - [04/Oct/2025:16:17:03 +0000] \\"GET /api HTTP/1.1'
        '\\" 500 21 \\"-\\" \\"curl/8.4.0\\"\\n"}\n'
    )
    (line,) = parse(text)
    assert utc(line.ts) == "2025-10-04T16:17:03"
    assert samples(line)["http_status"] == 500.0


def test_a_time_with_its_unit_or_haproxys_timers_in_an_access_layout_of_its_own() -> None:
    text = (
        '127.0.0.1 [28/Jul/2022:23:59:17 +0800] 0.005569s "GET /api/health/ HTTP/1.1" 200 137\n'
        "Mar 31 17:37:08 localhost haproxy[12990]: [12990] [1427823428.697] 2/2/0/0/1/0/0 "
        "279/0/0/0/279 ---- 62.219.165.254:51233 10.240.95.30:80 127.0.0.1:8080 FE - - "
        '"GET / HTTP/1.1" 304 BE:BE "-" "" "-" "" req_size=458 resp_size=188\n'
        # the date left out, the epoch in its place
        "Mar 31 17:45:41 localhost haproxy[13267]: 62.219.165.254:51560 1427823941 FE BE/BE "
        '1/0/0/1/2 200 188 - - ---- 1/1/0/1/0 0/0 "GET / HTTP/1.1"\n'
    )
    lines = parse(text)
    assert samples(lines[0])["request_time_ms"] == 5.569
    assert samples(lines[1]) == {"http_status": 304.0, "request_time_ms": 279.0}
    assert samples(lines[2]) == {
        "http_status": 200.0,
        "response_bytes": 188.0,
        "request_time_ms": 2.0,
    }


def test_a_recovery_took_or_an_opened_store_is_a_start_ups_step() -> None:
    text = (
        "[2023-02-24 16:51:27,190] INFO [LogLoader partition=__consumer_offsets-0, "
        "dir=C:\\tmp\\kafka-logs] Producer state recovery took 1ms for snapshot load and 0ms "
        "for segment recovery from offset 0 (kafka.log.UnifiedLog$)\n"
        '{"level":"info","ts":"2023-11-28T08:25:06.100+0800","caller":"backend/backend.go:181",'
        '"msg":"opened backend db","path":"default.etcd/member/snap/db","took":"200.084µs"}\n'
        '{"level":"info","ts":"2023-11-28T08:25:07.100+0800","msg":"compacted range",'
        '"took":"2.1ms"}\n'
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines[:2]] == [{}, {}]
    assert samples(lines[2]) == {"duration_ms": 2.1}


def test_an_access_records_5xx_is_an_error_whatever_its_loggers_level() -> None:
    head = '{"ClientHost":"10.0.0.4","DownstreamContentSize":11,"DownstreamStatus":'
    tail = (
        ',"Duration":620157,"RequestMethod":"GET","RequestPath":"/","StartUTC":'
        '"2021-02-05T07:57:16.396057908Z","level":"info","msg":"","time":"2021-02-05T07:57:16Z"}\n'
    )
    lines = parse(head + "502" + tail + head + "200" + tail)
    assert [ln.level for ln in lines] == ["ERROR", "INFO"]
    assert lines[0].fields is not None and lines[0].fields["level"] == "info"
    # pino-http's "request errored" at info keeps its level: its error is logged beside it
    # (session 21: Fastify's "request completed" on a 500 is read as Traefik's record is,
    # two sets' writers counting it an error; see test_twentyfirst_round)
    (app,) = parse(
        '{"level":30,"time":1700000000000,"req":{"method":"GET","url":"/x"},'
        '"res":{"statusCode":500},"responseTime":4,"msg":"request errored"}\n'
    )
    assert app.level == "INFO"


def test_clfs_tail_after_fields_of_its_own() -> None:
    text = (
        "172.31.0.1 :: 154.63.35.66, 154.63.35.66 - 154.63.35.66 - - [23/Feb/2021:20:49:58 "
        '+0000] "aa1781848a7c.ngrok.io/" 404 20 "-" "Mozilla/5.0" "154.63.35.66" '
        'resp_body:"Hello"\n'
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 404.0, "response_bytes": 20.0}
    assert (utc(line.ts), line.level) == ("2021-02-23T20:49:58", "WARNING")


def test_a_held_line_that_is_a_carriage_return_keeps_it() -> None:
    from console import events as ev
    from console.parse import LogParser

    p = LogParser(now=lambda: 1_700_000_000.0)
    out = p.feed('{"level": "ERROR", "message": "trunc') + p.feed("\r\r\n") + p.flush()
    lines = [e for e in out if isinstance(e, ev.LogLine)]
    # read again as it would have been (the record never closed), each line as it came
    assert [t for e in lines for t in (e.message, *e.detail)] == [
        '{"level": "ERROR", "message": "trunc',
        "\r",
    ]


# The review of the round: where its rules met other logs' lines (lines written here).


def test_a_diff_ends_with_its_last_hunk_and_its_entry() -> None:
    text = (
        # a diff a test printed at the margin, go test's verdict after it (its hunk's 2+2
        # lines counted, the context line indented)
        "=== RUN   TestGolden\n"
        "--- testdata/out.golden\n"
        "+++ got\n"
        "@@ -1,2 +1,2 @@\n"
        " header\n"
        "-foo\n"
        "+bar\n"
        "--- FAIL: TestGolden (0.00s)\n"
        # a "+++" with no hunk after it (Kubernetes' hack scripts' status) is no diff's
        "--- PASS: TestOther (0.00s)\n"
        "+++ [0907 14:14:43] Building go targets for linux/amd64:\n"
        "    k8s.io/kubernetes/cmd/kubectl\n"
        "--- FAIL: TestBar (0.20s)\n"
    )
    lines = parse(text)
    assert [(ln.level, ln.message[:12]) for ln in lines] == [
        ("INFO", "=== RUN   Te"),
        ("UNKNOWN", "--- testdata"),
        ("ERROR", "--- FAIL: Te"),
        ("INFO", "--- PASS: Te"),
        ("ERROR", "--- FAIL: Te"),
    ]
    assert len(lines[1].detail) == 5


def test_a_diffs_hunks_are_its_entrys_and_the_next_entry_ends_it() -> None:
    text = (
        "2024-01-02 10:00:00 INFO app: config changed\n"
        "--- a/app.conf\n"
        "+++ b/app.conf\n"
        "@@ -1,3 +1,3 @@\n"
        " a\n"
        "\n"
        "-x=1\n"
        "+x=2\n"
        "@@ -10 +10 @@\n"
        "-y\n"
        "+z\n"
        "\\ No newline at end of file\n"
        # an entry of a bracketed head: its own, and the lines after it none of the diff's
        "[2024-01-02 10:00:01] ERROR worker failed\n"
        "--- FAIL: TestBar (0.20s)\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["INFO", "UNKNOWN", "ERROR", "ERROR"]
    assert len(lines[1].detail) == 10


def test_a_request_or_a_job_that_mentions_a_disconnection_keeps_its_time() -> None:
    text = (
        # a request the client left (499): its time is the request's
        'level=warn ts=2024-01-02T10:00:00Z msg="request aborted: client disconnected" '
        "method=GET path=/api/export status=499 duration=30.2s\n"
        # a job failed by a disconnection: the job's time
        '{"level":"error","time":"2024-01-02T10:00:01Z","msg":"job failed: redis disconnected",'
        '"job":"sync","duration":"12.3s"}\n'
        # a connection's lifetime, as Grafana Live's: none
        'level=info ts=2024-01-02T10:00:02Z msg="Websocket client disconnected" elapsed=1h2m3s\n'
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [
        {"http_status": 499.0, "duration_ms": 30200.0},
        {"duration_ms": 12300.0},
        {},
    ]


def test_an_apps_record_with_an_id_and_a_ctx_is_no_mongodbs() -> None:
    text = (
        '{"time":"2024-01-02T10:00:00Z","level":"info","id":"req-7f3a","ctx":"http",'
        '"msg":"request completed","status":200,"duration_ms":12.5}\n'
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 200.0, "duration_ms": 12.5}


def test_a_step_timed_with_took_in_a_request_is_the_requests() -> None:
    text = (
        "2024-01-02 10:00:03,000 WARN  c.e.Svc - Slow request: loading user took 3500ms\n"
        "2024-01-02 10:00:04,000 INFO  c.e.Svc - Request GET /api/items: Loading items took "
        "120ms\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines] == [{"duration_ms": 3500.0}, {"duration_ms": 120.0}]


def test_uwsgis_request_line_with_no_protocol_keeps_its_status() -> None:
    text = (
        "[pid: 574|app: 0|req: 1/1]  () {18 vars in 670 bytes} [Tue Jul 16 21:16:28 2019]   "
        "=> generated 0 bytes in 9 msecs ( 500) 0 headers in 0 bytes (0 switches on core 0)\n"
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 500.0, "response_time_ms": 9.0}
    assert line.level == "ERROR"


def test_a_log4j2_thread_level_lines_exception_is_its_detail() -> None:
    text = (
        "[16:00:10] [Server console handler/ERROR]: Caught previously unhandled exception :\n"
        "java.io.IOError: java.io.IOException: Input/output error\n"
        "\tat org.jline.keymap.BindingReader.readCharacter(BindingReader.java:149)\n"
        "Caused by: java.io.IOException: Input/output error\n"
        "\t... 8 more\n"
        "[16:00:11] [Server thread/INFO]: Stopping server\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["ERROR", "INFO"]
    assert len(lines[0].detail) == 4


def test_gins_trailing_slash_redirect_is_no_served_status() -> None:
    # (session 31: Gin's debug note of a redirect is no access line; its request is not in
    # the access log, and three sets' readers left its 301 out)
    (line,) = parse("[GIN-debug] redirecting request 301: /v1/videos/ --> /v1/videos\n")
    assert samples(line) == {}


# --- the review of sets 63, 65 and 67's rules (lines of our own) ----------------------------


def test_a_request_line_after_fields_of_its_own_is_the_access_layouts() -> None:
    # CLF's tail after fields of its own reads a quoted part that is no request line; a
    # request line there keeps its method, path and the request's time after it
    text = (
        '10.0.0.5 - 203.0.113.9, 10.0.0.1 - alice [10/Oct/2023:13:55:36 +0000] "GET /api/x '
        'HTTP/1.1" 200 512 "-" "curl/8.0" 0.245 0.240\n'
        'site1 10.0.0.5 443 - - [10/Oct/2023:13:55:37 +0000] "GET /api/y HTTP/1.1" 504 0 "-" '
        '"curl/8.0" rt=60.001 urt=60.000\n'
        "172.31.0.1 :: 154.63.35.66 - 154.63.35.66 - - [10/Oct/2023:13:55:38 +0000] "
        '"aa17.ngrok.io/" 404 20 "-" "curl/8.0"\n'
    )
    lines = parse(text)
    assert samples(lines[0]) == {
        "http_status": 200.0,
        "response_bytes": 512.0,
        "request_time_ms": 245.0,
    }
    assert lines[0].fields is not None and lines[0].fields["path"] == "/api/x"
    assert samples(lines[1])["request_time_ms"] == 60001.0
    assert samples(lines[2]) == {"http_status": 404.0, "response_bytes": 20.0}


def test_haproxys_connection_counts_are_no_timers() -> None:
    # %ac/%fc/%bc/%sc/%rc: five numbers, the retries last; the timers' last is their whole
    text = (
        '10.0.0.1 [06/Feb/2009:12:14:14 +0000] fe be/s1 2/2/1/1/0 "GET / HTTP/1.1" 200 5\n'
        '10.0.0.1 [06/Feb/2009:12:14:15 +0000] fe be/s1 10/0/30/69/109 "GET / HTTP/1.1" 200 5\n'
        '10.0.0.1 [06/Feb/2009:12:14:16 +0000] fe be/s1 0/0/-1/-1/+2 "GET / HTTP/1.1" 503 0\n'
    )
    lines = parse(text)
    assert [samples(ln).get("request_time_ms") for ln in lines] == [None, 109.0, 2.0]


def test_an_empty_records_5xx_is_an_error_only_beside_a_requests_method() -> None:
    text = (
        '{"level":"info","time":"2024-01-02T10:00:00Z","msg":"","http_method":"post",'
        '"url":"/charge","status":502}\n'
        '{"level":"info","time":"2024-01-02T10:00:01Z","msg":"","payment_method":"card",'
        '"status":500}\n'
        '{"level":"info","time":"2024-01-02T10:00:02Z","msg":"","allowed_method":["GET"],'
        '"status":500}\n'
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["ERROR", "INFO", "INFO"]


def test_an_agent_word_with_a_slash_is_no_thread_level() -> None:
    text = (
        "[10:00:00] [deploy/api] pushing image\n"
        "registry.example.com/team/api:v2.1\n"
        "[10:00:01] [Server thread/ERROR]: Player kicked\n"
        "some plain status line\n"
        "another plain line\n"
        "[10:00:02] [Server thread/ERROR]: Could not pass event\n"
        "while handling a join\n"
        "java.lang.IllegalStateException: boom\n"
        "\tat a.b.C.d(C.java:1)\n"
        "[10:00:03] [Server thread/ERROR]: at the end\n"
        "last plain line\n"
    )
    lines = parse(text)
    assert [(ln.fmt, len(ln.detail)) for ln in lines] == [
        ("agent", 0),
        ("plain", 0),
        ("agent", 0),  # no exception followed: the line after it is its own
        ("plain", 0),
        ("plain", 0),
        ("agent", 3),  # a line of its own words, then the exception: the entry's
        ("agent", 0),
        ("plain", 0),
    ]


def test_an_epoch_token_years_after_the_files_change_is_no_time() -> None:
    text = (
        "2021-08-17T17:50:36.48Z stderr F raft2021/08/17 17:50:36 INFO: 23da9c3f2594532a "
        "switched to configuration voters=(2583549131277751082)\n"
    )
    (line,) = parse(text)
    assert utc(line.ts) == "2021-08-17T17:50:36"  # the runtime's time, not 2051's


def test_a_level_bracket_right_after_the_times_is_a_services_line() -> None:
    text = (
        "[15:56:51.151][ERROR][com.example.Oembed.execute:line58] - lookup failed  - "
        "java.lang.InstantiationException\n"
        "[17:35:33.261][ERROR][o.s.b.d.LoggingFailureAnalysisReporter.report:line40] - \n"
        "\n"
        "***************************\n"
        "APPLICATION FAILED TO START\n"
        "***************************\n"
        "[17:35:34.000][INFO ][com.example.App.main:line12] - \n"
        "\n"
        "Error starting ApplicationContext. To display the conditions report re-run your "
        "application with 'debug' enabled.\n"
    )
    lines = parse(text)
    assert [ln.level for ln in lines] == ["ERROR", "ERROR", "INFO"]


def test_winstons_object_message_is_the_records_body() -> None:
    text = (
        '{"level":"info","message":{"duration":"8ms","ip":"::1","method":"POST","status":500,'
        '"timestamp":"2025-12-14T18:31:20.500Z","url":"/api/auth/register"},'
        '"timestamp":"2025-12-14T18:31:20.500Z"}\n'
    )
    (line,) = parse(text)
    assert samples(line) == {"duration_ms": 8.0, "http_status": 500.0}
    assert (line.message, line.level) == ("POST /api/auth/register 500", "ERROR")


def test_an_arrow_to_the_status_after_a_request() -> None:
    text = (
        "698cabc673be | 2025-06-14 23:25:32.067 | info | Request completed: POST /api/auth/login "
        "-> 200 in 33ms\n"
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 200.0, "response_time_ms": 33.0}


def test_client_gos_throttling_wait_is_no_duration() -> None:
    text = (
        "I0109 17:14:12.000000       1 request.go:665] Throttling request took 1.17s, request: "
        "GET:https://api.x:6443/api/v1/namespaces/a\n"
    )
    (line,) = parse(text)
    assert samples(line) == {}


def test_one_time_with_its_unit_in_an_access_lines_tail() -> None:
    text = (
        '127.0.0.1 - - [06/Apr/2018:14:31:32 +0100] "GET /cgi-bin/x?client=otter HTTP/1.1" 200 4 '
        '"-" "otter/50.0 libwww-perl/6.15" io<174in 204out 309906us -0> fwd<->\n'
    )
    (line,) = parse(text)
    assert samples(line)["request_time_ms"] == 309.906


def test_influxdbs_start_up_traces_are_no_durations() -> None:
    text = (
        'ts=2025-03-14T02:35:20.176628Z lvl=info msg="loading changes (end)" log_id=0vGc '
        'service=storage-engine engine=tsm1 op_name="field indices" op_event=end '
        "op_elapsed=15.168ms\n"
        'ts=2025-03-14T02:35:20.195903Z lvl=info msg="Open store (end)" log_id=0vGc '
        "service=store op_name=tsdb_open op_event=end op_elapsed=50.797ms\n"
        'ts=2025-03-14T03:00:00.000000Z lvl=info msg="TSM compaction (end)" log_id=0vGc '
        "op_name=tsm1_compact_group op_event=end op_elapsed=120.5ms\n"
    )
    lines = parse(text)
    assert [samples(ln) for ln in lines[:2]] == [{}, {}]
    assert samples(lines[2]) == {"elapsed_ms": 120.5}
