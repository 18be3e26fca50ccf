"""Session 25's readings, each from a file of its evaluation sets (shapes written here)."""

from __future__ import annotations

from console import events as ev
from console.parse.derived import SERVED, TIMED, DerivedMetrics, latency_tier
from console.parse.measures import names_work
from tests.helpers.parsing import parse, samples, utc


def _latency(lines: list[ev.LogLine]) -> list[float]:
    d = DerivedMetrics()
    out = [s for line in lines for s in d.feed(line)] + d.flush()
    return [s.value for s in out if isinstance(s, ev.MetricSample) and s.name == ev.LATENCY_AVG]


# Each line times the program's own work, no request: kube-proxy's sync loop (klog), Grafana's
# update check (logfmt), ZooKeeper's election (log4j).
_OPERATIONS = (
    "I0608 18:48:23.441027       1 proxier.go:1416] syncProxyRules took 68.938701ms\n"
    "logger=grafana.update.checker t=2024-06-08T18:48:30.123Z level=info "
    'msg="Update check succeeded" duration=84.632ms\n'
    "2024-06-08 18:48:35,120 INFO  [main] o.a.z.server.quorum.QuorumPeer: FOLLOWING - "
    "LEADER ELECTION TOOK - 71 MS\n"
)


def test_an_operations_time_is_kept_as_its_lines_sample_never_as_latency() -> None:
    lines = parse(_OPERATIONS)
    assert [samples(line).get("duration_ms") for line in lines] == [68.938701, 84.632, 71.0]
    assert [latency_tier(line.samples, line) for line in lines] == [None, None, None]
    assert _latency(lines) == []  # the panel stays empty: nothing here was served


def test_a_status_less_duration_naming_work_served_is_the_latency() -> None:
    # a request named by its method and path, a Sidekiq job, a JSON record's duration field
    # (a service's structured log times its requests: the seed's own scenario)
    lines = parse(
        "2024-06-08 18:48:20,000 INFO  [http-nio-8080-exec-1] c.e.Api: GET /api/orders took "
        "35 ms\n"
        "2024-06-08T18:48:21Z 17794 TID-260st0 CheckDiscSpaceWorker JID-d3fef4c8fb INFO: "
        "done: 0.399 sec\n"
        '{"level":"info","ts":1717872502.0,"msg":"charge accepted","duration_ms":140}\n'
    )
    assert [latency_tier(line.samples, line) for line in lines] == [
        (TIMED, 35.0),
        (TIMED, 399.0),
        (TIMED, 140.0),
    ]
    # the Sidekiq job's run is work time (session 37), the two requests the latency
    assert _latency(lines) == [(35.0 + 140.0) / 2]
    # operations beside them change nothing
    assert _latency(lines + parse(_OPERATIONS)) == [(35.0 + 140.0) / 2]


def test_what_names_work_served() -> None:
    for said in (
        "GET /v1/kv/x took 3ms",
        "request handled in 4ms",
        'Trace[97281316]: "Update" url:/apis/coordination.k8s.io/v1/leases (total time: 10s)',
        "trace[1772549743] range",
        "Task app.send[9f2c] succeeded in 0.047s: None",
        "slow query: SELECT 1",
    ):
        assert names_work(said), said
    for said in (
        "syncProxyRules took 68.938701ms",
        "[Server thread/INFO] Time elapsed: 6420 ms",  # (a thread's name is no path)
        "Checking and patching Alfresco tables took 465 ms",
        "Started hive",
    ):
        assert not names_work(said), said
    assert names_work("Started hive", {"method": "GET"})  # a record's key can say it


def test_morgans_tiny_format_with_a_suffix_gives_its_time() -> None:
    # morgan's tiny, ":method :url :status :res[content-length] - :response-time ms", with
    # the app's own time before it and the client after ("-IP::1")
    lines = parse(
        "2021-12-28 10:37:53 PATCH /coins/search 404 153 - 2.006 ms -IP::1\n"
        "2021-12-28 11:55:54 PATCH /tickers/update 500 - - 184953.199 ms -IP::1\n"
    )
    assert [samples(line).get("response_time_ms") for line in lines] == [2.006, 184953.199]
    assert [samples(line)["http_status"] for line in lines] == [404.0, 500.0]


def test_a_sentence_opening_with_error_and_what_was_being_done_has_no_level() -> None:
    # gnome-session through syslog, docker compose's own complaint: the noun of a line with
    # no level; a level token standing alone still is one
    lines = parse(
        "Sep 21 16:43:45 box gnome-session[1402]: Error releasing name "
        "org.gnome.SettingsDaemon.Smartcard: The connection is closed\n"
        "Sep 21 16:43:46 box dockerd[880]: Error grabbing logs: invalid character\n"
        "Sep 21 16:43:47 box app[881]: Error: the connection is closed\n"
        "Sep 21 16:43:48 box app[882]: [Error] loading config failed\n"
    )
    assert [line.level for line in lines] == ["INFO", "INFO", "ERROR", "ERROR"]


def test_morgans_status_and_time_closing_an_apps_own_request_format() -> None:
    # a GraphQL operation where morgan's :url would stand; :response-time's three decimals
    lines = parse(
        "[2022-04-07 10:20:51][info] GRAPHQL query{getAllUsers{users{id name}}} - 200 60.198 ms\n"
        "[2022-04-07 10:20:52][info] GRAPHQL - - 500 1.008 ms\n"
        "[2022-04-07 10:20:53][info] copied 3 files - 200 12 ms\n"  # no morgan time: none
    )
    assert [samples(line).get("http_status") for line in lines] == [200.0, 500.0, None]
    assert [samples(line).get("response_time_ms") for line in lines[:2]] == [60.198, 1.008]
    assert lines[1].level == "ERROR"


def test_an_error_object_printed_after_a_text_entry_is_that_entrys() -> None:
    # winston's printf, the error's fields as JSON on the next line, then its stack
    lines = parse(
        "[2022-05-10 22:32:37][error] connect ECONNREFUSED 127.0.0.1:6379\n"
        '{ "errno": -61, "code": "ECONNREFUSED", "syscall": "connect", "port": 6379 }\n'
        "Error: connect ECONNREFUSED 127.0.0.1:6379\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1159:16)\n"
        "[2022-05-10 22:32:37][error] Can not connect to Redis\n"
        '{"level":"info","msg":"a record of its own","ts":"2022-05-10T22:32:38Z"}\n'
    )
    assert [line.level for line in lines] == ["ERROR", "ERROR", "INFO"]
    assert lines[0].detail[0].startswith('{ "errno": -61')
    assert lines[0].detail[1:] == (
        "Error: connect ECONNREFUSED 127.0.0.1:6379",
        "    at TCPConnectWrap.afterConnect [as oncomplete] (net.js:1159:16)",
    )
    assert lines[2].fmt == "json" and lines[2].message == "a record of its own"


def test_a_containers_line_one_space_in_with_its_own_time_is_an_entry() -> None:
    # the serve package writes its lines one space in; deeper lines stay continuations
    lines = parse(
        "frontend  |  HTTP  5/15/2026 10:47:00 AM 172.18.0.1 GET /\n"
        "frontend  |  HTTP  5/15/2026 10:47:00 AM 172.18.0.1 Returned 200 in 105 ms\n"
        "frontend  |  HTTP  5/15/2026 10:47:01 AM 172.18.0.1 Returned 304 in 2 ms\n"
        "backend   | Error: boom\n"
        "backend   |     at main (/app/index.js:3:9)\n"
    )
    assert [samples(line).get("http_status") for line in lines[1:3]] == [200.0, 304.0]
    assert [samples(line).get("response_time_ms") for line in lines[1:3]] == [105.0, 2.0]
    assert lines[3].detail == ("backend   |     at main (/app/index.js:3:9)",)


def test_cloud_foundry_logs_each_sources_line_read_as_its_own_at_cfs_time() -> None:
    # `cf logs`: the router's access line (a numeric month, response_time in seconds), the
    # app's Spring Boot line, the API's words
    lines = parse(
        "2016-07-01T18:41:51.86+0900 [RTR/0]      OUT demo.example.io - [01/07/2016:09:41:46.824 "
        '+0000] "GET / HTTP/1.0" 200 0 12 "-" "ApacheBench/2.3" 192.168.11.1:55918 '
        'x_forwarded_for:"192.168.11.1" vcap_request_id:0d9f response_time:5.041493494 '
        "app_id:e97b\n"
        "2016-07-01T18:41:51.88+0900 [APP/PROC/WEB/0] OUT 2016-07-01 09:41:51.880 ERROR 15 --- "
        "[io-8080-exec-19] com.example.HelloApplication           : failed\n"
        "2016-07-01T18:41:52.19+0900 [API/0]      OUT Deleted app with guid e97b\n"
    )
    assert [utc(line.ts) for line in lines] == [
        "2016-07-01T09:41:51",  # when the router logged it; its request began at 09:41:46
        "2016-07-01T09:41:51",
        "2016-07-01T09:41:52",
    ]
    router, app, api = lines
    assert router.fmt == "access" and samples(router)["request_time_ms"] == 5041.493494
    assert samples(router)["http_status"] == 200.0
    assert router.fields is not None and router.fields["cf_source"] == "RTR/0"
    assert (app.level, app.message) == ("ERROR", "failed")
    assert api.message == "Deleted app with guid e97b"


def test_coredns_query_time_is_a_served_requests() -> None:
    # (a CoreDNS query names no HTTP request: its time is named as a request's by its reader)
    (line,) = parse(
        '[INFO] 192.168.0.41:49572 - 54214 "AAAA IN example.com. udp 40 false 1472" NOERROR '
        "qr,rd,ra 127 0.008123277s\n"
    )
    assert line.fmt == "coredns"
    assert latency_tier(line.samples, line) == (TIMED, 8.123277)


def test_an_error_objects_status_is_not_a_served_one() -> None:
    # pino through Fastify: the error (its statusCode what it asks for), then the request's
    # own record with the status served
    lines = parse(
        '{"level":50,"time":1761645224054,"reqId":"req-1","err":{"type":"FastifyError",'
        '"message":"No Authorization was found","statusCode":401},"msg":"No Authorization '
        'was found"}\n'
        '{"level":30,"time":1761645224056,"reqId":"req-1","res":{"statusCode":500},'
        '"responseTime":1.28,"msg":"request completed"}\n'
    )
    assert [samples(line).get("http_status") for line in lines] == [None, 500.0]
    assert lines[0].level == "ERROR"


def test_django_channels_runserver_request_line_gives_its_seconds() -> None:
    (line,) = parse(
        "INFO 2025-06-12 22:38:35,199 runserver 17004 17464 HTTP GET /swagger/ 200 "
        "[0.50, 127.0.0.1:62255]\n"
    )
    assert samples(line)["http_status"] == 200.0
    assert samples(line)["response_time_ms"] == 500.0


def test_a_level_word_inside_a_command_quoted_in_backticks_is_the_commands() -> None:
    lines = parse(
        "2025-02-07T15:33:52.000000+00:00 heroku[run.1]: Starting process with command "
        '`heroku logs --tail | grep "Error"` by user someone@example.com\n'
    )
    assert lines[0].level != "ERROR"


def test_clickhouse_query_ends_give_their_seconds() -> None:
    lines = parse(
        "2024.10.30 23:30:13.803080 [ 87973 ] {09f30356-ae01-4af5} <Debug> executeQuery: Read "
        "1 rows, 124.00 B in 0.009789 sec., 102.15 rows/sec., 12.37 KiB/sec.\n"
        "2024.10.30 23:30:13.803434 [ 87973 ] {09f30356-ae01-4af5} <Debug> TCPHandler: "
        "Processed in 0.01218526 sec.\n"
    )
    assert [round(samples(line)["query_duration_ms"], 6) for line in lines] == [9.789, 12.18526]


def test_airflows_layout_and_a_slow_query_report_under_it() -> None:
    # "[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s", the file a
    # Windows path; Flask-SQLAlchemy's slow-query recipe, its message opening with a newline
    lines = parse(
        "[2017-10-25 16:07:35,920] {C:/Users/A B/app/slow_query.py:103} WARNING - \n"
        "Context:C:/Users/A B/app/slow_query.py:91 (users)\n"
        "SLOW QUERY: INSERT INTO users (name) VALUES (%s)\n"
        "Parameters: ('x',)\n"
        "Duration: 0.00243199903921\n"
        "\n"
        "[2017-10-25 16:07:36,920] {taskinstance.py:1150} ERROR - Task failed\n"
    )
    slow, failed = lines
    assert slow.level == "WARNING" and samples(slow)["query_ms"] == 2.43199903921
    assert slow.fields is not None and slow.fields["lineno"] == "103"
    assert (failed.level, failed.message) == ("ERROR", "Task failed")


def test_grafanas_request_with_status_0_sent_none_and_solrs_status_0_is_its_success() -> None:
    # Grafana's websocket, its connection hijacked: a served request's time, no status
    (ws,) = parse(
        't=2022-04-05T07:16:30+0000 lvl=info msg="Request Completed" logger=context '
        "method=GET path=/api/live/ws status=0 remote_addr=127.0.0.1 time_ms=5 size=0 referer=\n"
    )
    assert samples(ws) == {"unanswered_ms": 5.0}
    assert latency_tier(ws.samples, ws) == (SERVED, 5.0)


def test_a_klog_line_behind_syslog_keeps_its_time_over_one_in_its_message() -> None:
    # kubelet under systemd: its "Docker Info" names the host's clock in another zone; the
    # entry's time is the header's (the year from the message), a Go frame's "Fatal" none
    lines = parse(
        "Sep 22 16:54:28 master-1 kubelet[14406]: I0922 16:54:28.365307   14406 "
        "docker_service.go:261] Docker Info: &{ID:UXV7 Containers:1 "
        "SystemTime:2020-09-22T16:54:28.350737+03:00 LoggingDriver:json-file}\n"
        "Sep 22 16:54:28 master-1 kubelet[14406]: "
        "k8s.io/kubernetes/vendor/k8s.io/klog/v2.Fatal(...)\n"
    )
    assert utc(lines[0].ts) == "2020-09-22T16:54:28"
    assert lines[1].level not in ("FATAL", "CRITICAL", "ERROR")


def test_a_level_word_counting_findings_is_no_level() -> None:
    # npm audit's summary under docker compose; a level after a time of day stays one
    lines = parse(
        "api_1  | found 89 vulnerabilities (6 low, 41 moderate, 35 high, 7 critical)\n"
        "[10.0.73.70] [stdout] Apr 02 11:24:16 err    | scylla[124]: Failed to start Scylla.\n"
    )
    assert lines[0].level not in ("CRITICAL", "ERROR")
    assert lines[1].level == "ERROR"


def test_railways_stream_tag_is_no_level_the_apps_line_says_its_own() -> None:
    lines = parse(
        "2025-12-30T18:59:24.840855777Z [err]  [2025-12-30 18:59:24 +0000] [1] [INFO] "
        "Starting gunicorn 23.0.0\n"
        "2025-12-30T18:59:30.100000000Z [err]  [2025-12-30 18:59:30 +0000] [1] [ERROR] "
        "Worker (pid:2) exited with code 3\n"
        "2025-12-30T18:59:31.000000000Z [inf]  Starting Container\n"
    )
    assert [line.level for line in lines] == ["INFO", "ERROR", "INFO"]
    assert lines[0].fields is not None and lines[0].fields["stream"] == "stderr"


def test_a_browsers_output_passed_on_by_puppeteer_keeps_the_browsers_level() -> None:
    (line,) = parse(
        "2026-07-14 12:16:40  [pid=116][err] [0714/121640.063473:WARNING:media/audio/linux/"
        "audio_manager_linux.cc:53] Falling back to ALSA for audio output.\n"
    )
    assert line.level == "WARNING"
    assert utc(line.ts) == "2026-07-14T12:16:40"


def test_a_cloudwatch_subscription_payload_gives_its_events() -> None:
    # pretty-printed as the AWS docs show it; a Lambda runtime line's level, REPORT's time
    lines = parse(
        "{\n"
        '\t"messageType": "DATA_MESSAGE",\n'
        '\t"owner": "123456789012",\n'
        '\t"logGroup": "/aws/lambda/hello",\n'
        '\t"logStream": "2020/03/05/[$LATEST]20bddfd5",\n'
        '\t"subscriptionFilters": ["hello"],\n'
        '\t"logEvents": [\n'
        '\t\t{"id": "1", "timestamp": 1583425836114, "message": '
        '"2020-03-05T16:30:36.113Z\\tf08bb4c8\\tERROR\\tInvoke Error"},\n'
        '\t\t{"id": "2", "timestamp": 1583425836200, "message": "REPORT RequestId: '
        'f08bb4c8\\tDuration: 619.31 ms\\tBilled Duration: 700 ms\\t"}\n'
        "\t]\n"
        "}\n"
    )
    assert [utc(line.ts) for line in lines] == ["2020-03-05T16:30:36"] * 2
    assert lines[0].level == "ERROR"
    assert samples(lines[1])["response_time_ms"] == 619.31


def test_uwsgis_request_line_on_a_heroku_dyno() -> None:
    (line,) = parse(
        "2018-01-02T08:32:17.298545+00:00 app[web.1]: [pid: 4|app: 0|req: 80/80] 10.157.112.167 "
        "() {50 vars in 1161 bytes} [Tue Jan  2 08:32:17 2018] GET /account => generated 3099 "
        "bytes in 37 msecs (HTTP/1.1 200) 6 headers in 183 bytes (1 switches on core 0)\n"
    )
    assert samples(line)["http_status"] == 200.0
    assert line.fields is not None and line.fields["dyno"] == "web.1"
    assert [v for n, v, _s in line.samples if n != "http_status" and n.endswith("_ms")] == [37.0]


def test_activejobs_performed_line_gives_the_jobs_time() -> None:
    (line,) = parse(
        "I, [2024-05-16T09:23:38.123456 #12]  INFO -- : [ActiveJob] [ActiveStorage::AnalyzeJob] "
        "[1d3f-22] Performed ActiveStorage::AnalyzeJob (Job ID: 1d3f-22) from "
        "Async(active_storage_analysis) in 57.39ms\n"
    )
    assert latency_tier(line.samples, line) == (TIMED, 57.39)


def test_an_old_kubernetes_request_trace_gives_its_total_time() -> None:
    # k8s.io/apiserver's utiltrace before 1.12: the steps under the trace's klog line
    lines = parse(
        'I0406 18:49:24.200628       1 trace.go:61] Trace "List /api/v1/nodes" (started '
        "2017-04-06 18:49:22.784266152 +0000 UTC):\n"
        "[9.727µs] [9.727µs] About to List from storage\n"
        "[1.41579505s] [1.415785323s] Listing from storage done\n"
        '"List /api/v1/nodes" [1.416315181s] [997ns] END\n'
        "I0406 18:49:24.300000       1 serve.go:79] next\n"
    )
    assert len(lines) == 2 and len(lines[0].detail) == 3
    tier = latency_tier(lines[0].samples, lines[0])
    assert tier is not None and tier[0] == TIMED and round(tier[1], 6) == 1416.315181


def test_weaveworks_request_line_at_warn_with_a_5xx_is_an_error() -> None:
    # Loki's (Cortex', Mimir's) logging middleware: "%s %s (%d) %s", a 5xx at warn
    (line,) = parse(
        "level=warn ts=2026-03-13T16:31:38.086388949Z caller=logging.go:144 orgID=fake "
        'msg="POST /loki/api/v1/push (500) 3.358759ms Response: \\"empty ring\\\\n\\""\n'
    )
    assert samples(line)["http_status"] == 500.0
    assert samples(line)["response_time_ms"] == 3.358759
    assert line.level == "ERROR"


def test_a_status_another_server_answered_a_call_with_is_no_served_one() -> None:
    # snapd through journald; a middleware's own response line names its request and stays
    lines = parse(
        '{"__REALTIME_TIMESTAMP": "1615280815597148", "PRIORITY": "6", "MESSAGE": '
        '"stateengine.go:108: state ensure error: cannot sections: got unexpected HTTP status '
        'code 403 via GET to \\"https://api.snapcraft.io/api/v1/snaps/sections\\""}\n'
        '{"timestamp": "2025-10-17 16:53:45,937", "level": "INFO", "logger": "main", '
        '"message": "Response status: 404 for GET http://127.0.0.1:8000/items/9"}\n'
    )
    assert [samples(line).get("http_status") for line in lines] == [None, 404.0]


def test_tornados_default_layout() -> None:
    # tornado.log.LogFormatter: "[%(levelname)1.1s %(asctime)s %(module)s:%(lineno)d]"
    lines = parse(
        "[I 180827 15:49:58 web:2162] 200 GET /api/profile (127.0.0.1) 57.00ms\n"
        "[E 180827 15:50:01 web:2162] 500 POST /api/order (127.0.0.1) 12.50ms\n"
        "[W 180827 15:50:02 autoreload:199] x.py modified; restarting server\n"
    )
    assert [utc(line.ts) for line in lines] == [
        "2018-08-27T15:49:58",
        "2018-08-27T15:50:01",
        "2018-08-27T15:50:02",
    ]
    assert [line.level for line in lines] == ["INFO", "ERROR", "WARNING"]
    assert [samples(line).get("http_status") for line in lines] == [200.0, 500.0, None]
    assert samples(lines[0])["response_time_ms"] == 57.0


def test_a_containers_go_log_lines_four_spaces_in_are_entries() -> None:
    # Consul 1.0 indents its log lines; under docker compose each is an entry of its own
    lines = parse(
        "sop_consul  |     2018/05/02 17:51:43 [INFO] raft: Initial configuration (index=1)\n"
        "sop_consul  |     2018/05/02 17:51:44 [ERR] agent: failed to sync remote state\n"
    )
    assert [utc(line.ts) for line in lines] == ["2018-05-02T17:51:43", "2018-05-02T17:51:44"]
    assert [line.level for line in lines] == ["INFO", "ERROR"]


def test_a_json_records_message_opening_with_the_clients_address_is_read_as_a_request() -> None:
    # winston's ECS format carrying morgan's ":remote-addr :method :url :status ..." line
    (line,) = parse(
        '{"@timestamp":"2024-03-31T15:22:10.880Z","ecs.version":"8.10.0","log.level":"http",'
        '"message":"::ffff:127.0.0.1 GET / 500 - - 197.236 ms\\n"}\n'
    )
    assert samples(line)["http_status"] == 500.0
    assert samples(line)["response_time_ms"] == 197.236
    assert line.level == "ERROR"


def test_plug_logger_jsons_duration_is_milliseconds() -> None:
    # Elixir's plug_logger_json: "duration" in ms to the microsecond, beside handler, date_time
    (line,) = parse(
        '{"status":200,"request_id":"2m3fpi4e9o","path":"/api/authenticate","params":{},'
        '"method":"POST","handler":"Elixir.TodoWeb.AuthController#authenticate",'
        '"duration":59.363,"date_time":"2019-02-26T18:17:40Z","client_ip":"N/A"}\n'
    )
    assert latency_tier(line.samples, line) == (SERVED, 59.363)


def test_openstack_swifts_access_lines_through_syslog() -> None:
    # the proxy-server's (proxy_logging: urlquoted fields, the request's time the ninth after
    # the status) and a storage server's (CLF, its request without a protocol)
    lines = parse(
        "Jun  9 15:41:42 devstack proxy-server: 127.0.0.1 127.0.0.1 09/Jun/2014/15/41/42 HEAD "
        "/v1/AUTH_2023/glance HTTP/1.0 404 - python-swiftclient-2.1.0 MIIVVgYJKoZI... - - - "
        "txa20e2bfc81d14cc7babd7-005395d5b6 - 0.2402 - - 1402328502.55048608\n"
        "Jun  9 15:41:42 devstack account-server: 127.0.0.1 - - [09/Jun/2014:15:41:42 +0000] "
        '"HEAD /sdb1/178/AUTH_2023" 404 - "HEAD http://127.0.0.1:8080/v1/AUTH_2023" '
        '"txa20e2bfc81d14cc7babd7-005395d5b6" "proxy-server 32605" 0.0008 "-"\n'
    )
    assert [samples(line)["http_status"] for line in lines] == [404.0, 404.0]
    assert [samples(line)["request_time_ms"] for line in lines] == [240.2, 0.8]
