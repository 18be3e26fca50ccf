"""Session 41's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived
from tests.helpers.parsing import parse, samples, utc


def test_a_colon_after_the_times_bracket_is_a_separator() -> None:
    # Sunshine's own lines (set 491) beside its Boost.Log ones: "[ts]: Level: msg"
    text = (
        "[2026-03-21 21:46:33.697]: Error: Couldn't load cuda: -1\n"
        "[2026-03-21 21:46:33.850]: Info: Sunshine version: 2025.924\n"
        "[21:46:34.100]: Warning: no encoder found\n"
    )
    error, info, warning = parse(text)
    assert (error.level, error.message) == ("ERROR", "Couldn't load cuda: -1")
    assert info.level == "INFO" and utc(info.ts, "milliseconds") == "2026-03-21T21:46:33.850"
    assert warning.level == "WARNING"


def test_i2pd_time_thread_and_level() -> None:
    # i2pd's log (set 491): "%H:%M:%S@thread/level - msg", a time of day alone
    text = (
        "09:52:05@729/warn - Family: Can't load family certificates from /family\n"
        "09:52:07@645/error - SAM: Read error: End of file\n"
        "09:52:08@729/info - NetDb: 2527 routers loaded\n"
    )
    warn, error, info = parse(text)
    assert [warn.level, error.level, info.level] == ["WARNING", "ERROR", "INFO"]
    assert error.message == "SAM: Read error: End of file"
    assert error.fields == {"thread": "645"}
    assert info.ts - warn.ts == 3.0


NODE_CRASH = (
    "node:internal/modules/cjs/loader:1080\n"
    "  throw err;\n"
    "  ^\n"
    "\n"
    "PrismaClientInitializationError: Can't reach database server at `localhost:5432`\n"
    "\n"
    "Please make sure your database server is running at `localhost:5432`.\n"
    "    at t (/app/node_modules/@prisma/client/runtime/library.js:112:2488)\n"
    "    at async bootstrap (/app/src/main.ts:54:3) {\n"
    "  clientVersion: '5.22.0',\n"
    "  errorCode: 'P1001'\n"
    "}\n"
    "\n"
    "Node.js v24.12.0\n"
)


def test_nodes_uncaught_exception_report_is_one_error() -> None:
    # Node's report (sets 489, 486): the place, the code and its caret, the exception (a
    # name no level word reads), its frames and properties, "Node.js v24.12.0"; after a
    # NestJS line, the report no part of it
    nest = "[Nest] 20944  - 06/21/2026, 9:29:07 PM     LOG [PrismaService] Connecting...\n"
    after = "[Nest] 20950  - 06/21/2026, 9:29:09 PM     LOG [NestFactory] Starting\n"
    nest_line, crash, restart = parse(nest + NODE_CRASH + after)
    assert nest_line.level == "INFO" and not nest_line.detail
    assert crash.level == "ERROR" and crash.message == "node:internal/modules/cjs/loader:1080"
    assert crash.detail[-1] == "Node.js v24.12.0"
    assert restart.message.endswith("Starting")
    # the script's place on Windows, and as an ES module's URL
    for head in (
        r"C:\Users\dev\Backend\node_modules\@prisma\client\runtime\library.js:112",
        "file:///C:/Apps/backend/server.js:37",
        "/srv/app/dist/main.js:9",
    ):
        (report,) = parse(NODE_CRASH.replace("node:internal/modules/cjs/loader:1080", head))
        assert report.level == "ERROR", head
    # a path and a line number alone, no script's, opens nothing
    (plain,) = parse("/etc/app/config.yaml:12\n")
    assert plain.level != "ERROR"


def test_nodes_report_relayed_by_a_supervisors_line_is_that_lines() -> None:
    # winston's text lines relaying a child's stderr (set 488): the line ends with the
    # report's place, the report's lines (an 'error' event's emitter among them) follow
    text = (
        "2024-11-23 10:20:32 [user-service] error: Backend Server stderr: node:events:496\n"
        "      throw er; // Unhandled 'error' event\n"
        "      ^\n"
        "\n"
        "Error: listen EADDRINUSE: address already in use :::3001\n"
        "    at Server.setupListenHandle [as _listen2] (node:net:1907:16)\n"
        "    at listenInCluster (node:net:1964:12)\n"
        "Emitted 'error' event on Server instance at:\n"
        "    at emitErrorNT (node:net:1943:8) {\n"
        "  code: 'EADDRINUSE',\n"
        "  port: 3001\n"
        "}\n"
        "\n"
        "Node.js v22.11.0\n"
        "\n"
        "2024-11-23 10:20:32 [user-service] info: Backend Server exited with code 1\n"
    )
    error, info = parse(text)
    assert error.level == "ERROR" and "Node.js v22.11.0" in error.detail
    assert info.message.endswith("exited with code 1")


def test_a_node_errors_properties_close_with_it() -> None:
    # util.inspect of an error with properties (set 488): the "}" at the margin is its
    text = (
        "2024-11-23 10:28:11 [user-service] error: Error starting the server: Error: listen "
        "EADDRINUSE\n"
        "    at Server.setupListenHandle [as _listen2] (node:net:1907:16)\n"
        "    at process.processTicksAndRejections (node:internal/process/task_queues:90:21) {\n"
        "  code: 'EADDRINUSE',\n"
        "  port: 5000\n"
        "}\n"
    )
    (error,) = parse(text)
    assert error.detail[-1] == "}"
    # a "}" after no frame's properties stays a line of its own
    (_, brace) = parse("2024-11-23 10:28:11 info: config loaded\n}\n")
    assert brace.message == "}"


def test_a_status_an_http_client_was_answered_is_none_served() -> None:
    # Symfony HttpClient's exception (set 490), its message quoted in Monolog's line and in
    # its JSON context; nginx's auth_request (set 488): the subrequest's answer
    text = (
        "[2024-09-16T09:18:00.952704+00:00] request.CRITICAL: Uncaught PHP Exception Symfony"
        '\\Component\\HttpClient\\Exception\\ClientException: "HTTP/1.1 400 Bad Request returned '
        'for "https://api.spotify.com/v1/users/x/playlists"." at CommonResponseTrait.php line '
        '170 {"exception":"[object] (Symfony\\\\Component\\\\HttpClient\\\\Exception\\\\Client'
        'Exception(code: 400): HTTP/1.1 400 Bad Request returned for \\"https://api.spotify.'
        'com/v1/users/x/playlists\\". at /app/CommonResponseTrait.php:170)"} []\n'
        "2024/10/18 19:38:00 [error] 87#87: *5 auth request unexpected status: 302, client: "
        '10.89.1.17, server: localhost, request: "GET / HTTP/1.1", host: "localhost"\n'
        "2024-01-01 10:00:00 WARN Unexpected response code: 503 from the license server\n"
    )
    for line in parse(text):
        assert "http_status" not in samples(line), line.message
    # a status the program served, said in words, is still read
    (served,) = parse("2024-01-01 10:00:00 INFO Completed 503 Service Unavailable in 12ms\n")
    assert samples(served)["http_status"] == 503.0


def test_a_response_record_at_info_with_a_5xx_is_an_error() -> None:
    # an Express app's own winston record of each response (set 493)
    text = (
        '{"data":"{}","level":"info","message":"Response Server error","status":500,'
        '"timestamp":"2024-09-26T14:39:47.601Z"}\n'
        '{"data":"{}","level":"info","message":"Response User not found","status":404,'
        '"timestamp":"2024-09-26T14:39:48.601Z"}\n'
        '{"level":"info","message":"Responses cached","status":500,'
        '"timestamp":"2024-09-26T14:39:49.601Z"}\n'
    )
    failed, missing, other = parse(text)
    assert failed.level == "ERROR" and missing.level == "INFO"
    assert other.level == "INFO"  # ("Responses" is no response record)


def test_owncloud_numeric_levels() -> None:
    # ownCloud 6's owncloud.log (set 494): 0 debug ... 3 error, 4 fatal, no reqId yet
    text = (
        '{"app":"PHP","message":"Undefined index: etag","level":2,'
        '"time":"2014-05-12T09:14:30+00:00"}\n'
        '{"app":"core","message":"Database Error: SQLSTATE[HY000] [2002]","level":4,'
        '"time":"2014-05-12T09:14:31+00:00"}\n'
        '{"app":"index","message":"Exception: not found","level":3,'
        '"time":"2014-05-12T09:14:32+00:00"}\n'
    )
    assert [e.level for e in parse(text)] == ["WARNING", "FATAL", "ERROR"]


def test_mod_jk_log_levels_and_its_request_log() -> None:
    # mod_jk's own log and its request log under JkRequestLogFormat "%w %V %T" (set 494)
    text = (
        "[Fri Nov 17 21:30:53.528 2017] [8:140009149114240] [info] init_jk::mod_jk.c (3591): "
        "mod_jk/1.2.41 initialized\n"
        "[Fri Nov 17 21:31:36.469 2017] loadbalancer localhost 1.163423\n"
        "[Fri Nov 17 21:33:26.022 2017] [9:140008786671360] [error] ajp_send_request::"
        "jk_ajp_common.c (1728): (web_1) connecting to backend failed.\n"
    )
    init, request, error = parse(text)
    assert init.level == "INFO" and init.message.startswith("init_jk::")
    assert error.level == "ERROR" and error.fields["pid"] == "9"
    assert derived.latency_tier(request.samples, request) == (derived.TIMED, 1163.423)


def test_modsecurity_2_offset_written_with_two_signs() -> None:
    # ModSecurity 2.9's audit log west of UTC (set 495): "[07/Jun/2023:17:45:31 --0400]"
    text = (
        "--d67af501-A--\n"
        "[07/Jun/2023:17:45:31 --0400] ZID6e1fM1aWVhJXbHOBE0gAAAAA 192.168.45.191 43614 "
        "192.168.210.12 80\n"
        "--d67af501-B--\n"
        "GET / HTTP/1.1\n"
        "Host: 192.168.210.12\n"
        "\n"
        "--d67af501-F--\n"
        "HTTP/1.1 200 OK\n"
        "\n"
        "--d67af501-Z--\n"
    )
    (record,) = parse(text)
    assert utc(record.ts) == "2023-06-07T21:45:31"


def test_caddy_1_error_log_line_says_the_status_it_answered() -> None:
    # Caddy 1's errors log (set 492): "[ERROR status path] error", 0 when already answered
    text = (
        "06/Mar/2020:17:53:47 +0000 [ERROR 0 /] Primary script unknown\n"
        "06/Mar/2020:20:06:00 +0000 [ERROR 502 /] dial tcp 192.168.112.2:9000: connect: "
        "connection refused\n"
    )
    unknown, refused = parse(text)
    assert unknown.level == refused.level == "ERROR"
    assert utc(unknown.ts) == "2020-03-06T17:53:47" and "http_status" not in samples(unknown)
    assert samples(refused)["http_status"] == 502.0
    assert refused.message.startswith("dial tcp")


def test_a_clef_duration_beside_no_request_is_no_requests_time() -> None:
    # Umbraco's trace log (set 493): its profiler's steps, its own loading, its requests
    text = (
        '{"@t":"2018-11-12T08:34:45.889Z","@mt":"{EndMessage} ({Duration}ms) [Timing '
        '{TimingId}]","@l":"Debug","EndMessage":"Completed.","Duration":9,"TimingId":"fa0a8ff",'
        '"HttpRequestId":"ac83"}\n'
        '{"@t":"2018-11-12T08:34:46Z","@mt":"Loaded content from local db ({Duration}ms)",'
        '"Duration":16}\n'
        '{"@t":"2018-11-12T08:34:52.514Z","@mt":"End request [{HttpRequestId}]: {RequestUrl} '
        'took {Duration}ms","@l":"Verbose","HttpRequestId":"ac83","RequestUrl":'
        '"http://localhost:8000/","Duration":1695.4667}\n'
    )
    step, loaded, request = parse(text)
    assert derived.latency_tier(step.samples, step) is None
    assert samples(loaded) == {"duration_ms": 16.0}
    assert samples(request) == {"request_time_ms": 1695.4667}


def test_a_files_day_first_dates_before_its_first_telling_one() -> None:
    # the action log of set 479 again: its first lines' dates could be either; a later day
    # above 12 in the same first read (a megabyte of a file) says the order for them too
    text = (
        "06/12/2022 09:01:00 | 92.247.57.179 | Mozilla/5.0 | login\n"
        "07/12/2022 10:02:00 | 92.247.57.179 | Mozilla/5.0 | logout\n"
        "18/12/2022 14:17:42 | 92.247.57.179 | Mozilla/5.0 | login\n"
    )
    first, second, telling = parse(text)
    assert utc(first.ts) == "2022-12-06T09:01:00" and utc(second.ts) == "2022-12-07T10:02:00"
    assert utc(telling.ts) == "2022-12-18T14:17:42"
    # a file with a month-first line among them stays month first throughout
    mixed = parse("06/12/2022 09:01:00 a\n18/12/2022 10:00:00 b\n12/19/2022 10:00:00 c\n")
    assert utc(mixed[0].ts) == "2022-06-12T09:01:00"


def test_solrs_own_warming_query_is_no_request() -> None:
    # Solr 4's log (set 499): the searcher's warming query beside a client's request
    text = (
        "INFO  - 2013-06-27 11:17:49.009; org.apache.solr.core.SolrCore; [collection1] "
        "webapp=null path=null params={event=firstSearcher&q=static+firstSearcher+warming+in+"
        "solrconfig.xml&distrib=false} hits=0 status=0 QTime=41 \n"
        "INFO  - 2013-06-27 11:22:31.062; org.apache.solr.servlet.SolrDispatchFilter; [admin] "
        "webapp=null path=/admin/cores params={indexInfo=false&wt=json} status=0 QTime=18 \n"
    )
    warming, request = parse(text)
    assert derived.latency_tier(warming.samples, warming) is None
    assert derived.latency_tier(request.samples, request) == (derived.SERVED, 18.0)


def test_java_service_wrappers_console_prefix() -> None:
    # Nexus 2's wrapper.log (set 497): the wrapper's "PM" format, "jvm 1    | " before each
    # line of the JVM's, "wrapper  | " before its own
    text = (
        "wrapper  | --> Wrapper Started as Daemon\n"
        "jvm 1    | Wrapper (Version 3.2.3) http://wrapper.tanukisoftware.org\n"
        "jvm 1    | 2018-01-26 15:26:59,750+0000 INFO  [WrapperListener_start_runner]  "
        "org.sonatype.nexus.bootstrap.jsw.JswLauncher - Starting with arguments\n"
        "jvm 1    | 2018-01-28 11:45:35,001+0000 ERROR [main]  org.sonatype.nexus.Nexus - boom\n"
    )
    lines = parse(text)
    assert utc(lines[2].ts) == "2018-01-26T15:26:59" and lines[2].fields["prefix"] == "jvm 1"
    assert lines[3].level == "ERROR" and utc(lines[3].ts) == "2018-01-28T11:45:35"


def test_review_10_nodes_report_ends_where_it_ends() -> None:
    # an unhandled rejection (Node 15/16: no frames, no "Node.js v" line): npm's failure
    # and the restart after it are their own
    text = (
        "node:internal/process/promises:246\n"
        "          triggerUncaughtException(err, true /* fromPromise */);\n"
        "          ^\n"
        "\n"
        '[UnhandledPromiseRejection: This error originated ... reason "boom".] {\n'
        "  code: 'ERR_UNHANDLED_REJECTION'\n"
        "}\n"
        "npm ERR! code ELIFECYCLE\n"
        "\n"
        "> app@1.0.0 start /app\n"
        "Server listening on port 3000\n"
    )
    crash, npm, banner, listening = parse(text)
    assert crash.level == "ERROR" and crash.detail[-1] == "}"
    assert npm.level == "ERROR" and banner.message.startswith("> app")
    assert listening.message == "Server listening on port 3000"
    # behind a prefix: the container's later records are their own
    compose = (
        "api-1  | /app/server.js:10\n"
        'api-1  |   throw "boom";\n'
        "api-1  |   ^\n"
        "api-1  | boom\n"
        "api-1  | (Use `node --trace-uncaught ...` to show where the exception was thrown)\n"
        'api-1  | {"level":50,"time":1704103202000,"msg":"db connection failed"}\n'
        "api-1  | 2024-01-01T10:00:03.000Z ERROR database down\n"
    )
    report, record, dated = parse(compose)
    assert report.level == "ERROR" and len(report.detail) == 4
    assert record.message == "db connection failed" and dated.message == "database down"
    # no caret under it: no report (a logger's caller suffix, grep's output, a host:port)
    for text in (
        "[2024-01-01T10:00:00.123] [WARN] app - Slow query /app/src/db.js:42\nError: timeout\n"
        "    at Query.run (/app/src/db.js:40:11)\n",
        "/app/src/a.js:3\n/app/src/b.js:5\nfoo\n",
        "node:10.0.0.5:9100\nUpdated 1 path\n",
    ):
        assert not [e for e in parse(text) if e.level == "ERROR"], text
    info = parse("[2024-01-01T10:00:01.123] [INFO] app - Loaded /app/routes.js:12\nServer up\n")
    assert len(info) == 2
    # Node 14's place, its built-in module's name
    (old,) = parse(
        "events.js:292\n      throw er; // Unhandled 'error' event\n      ^\n\nError: x\n"
    )
    assert old.level == "ERROR"


def test_review_10_response_records_levels_and_clef_durations() -> None:
    # a client's record of an answer it got is no response it served
    text = (
        '{"level":"info","message":"Response received","status":503,"url":"https://pay.example'
        '.com/charge","timestamp":"2024-01-01T00:00:00Z"}\n'
        '{"level":"info","message":"Response from upstream","statusCode":502,'
        '"timestamp":"2024-01-01T00:00:00Z"}\n'
        '{"level":"info","message":"Response time exceeded threshold","status":500,'
        '"timestamp":"2024-01-01T00:00:00Z"}\n'
    )
    assert [e.level for e in parse(text)] == ["INFO", "INFO", "INFO"]
    # go-logr's funcr with an "app" value: its V-levels are no ownCloud's
    (logr,) = parse('{"time":"2024-01-01T10:00:01Z","app":"billing","level":3,"msg":"retrying"}\n')
    assert logr.level != "ERROR"
    # Umbraco's profiler inside a request; Serilog's JsonFormatter's nested properties
    clef = (
        '{"@t":"2018-11-12T08:34:50Z","@mt":"{EndMessage} ({Duration}ms) [Timing {TimingId}]",'
        '"EndMessage":"Completed.","Duration":9,"TimingId":"fa0a8ff","RequestPath":"/umbraco"}\n'
        '{"Timestamp":"2024-01-01T00:00:00Z","Level":"Information","MessageTemplate":"Loaded '
        'content from local db ({Duration}ms)","Properties":{"Duration":16}}\n'
        '{"@t":"2018-11-12T08:34:50Z","@mt":"Processed {Count} requests in {Duration}ms",'
        '"Count":5,"Duration":30}\n'
    )
    step, loaded, batch = parse(clef)
    assert samples(step) == {"step_ms": 9.0}
    assert samples(loaded) == {"duration_ms": 16.0} and samples(batch) == {"duration_ms": 30.0}
    # i2pd's "none", the lines it always writes
    (starting,) = parse("09:52:04@729/none - i2pd v2.50.2 starting\n")
    assert starting.level == "INFO"


def test_svlogd_tt_stamp_before_a_logfmt_record() -> None:
    # GitLab Omnibus' logs/prometheus/current (set 498): runit's svlogd -tt stamp, then
    # Prometheus' go-kit logfmt record
    text = (
        "2019-04-02_15:22:37.56916 level=info ts=2019-04-02T15:22:37.56875209Z caller=main.go:243 "
        'msg="Starting Prometheus"\n'
        "2019-04-02_16:21:23.00012 level=error ts=2019-04-02T16:21:23.0001Z caller=notifier.go:481 "
        'component=notifier msg="Error sending alert"\n'
    )
    start, error = parse(text)
    assert utc(start.ts) == "2019-04-02T15:22:37" and start.level == "INFO"
    assert utc(error.ts) == "2019-04-02T16:21:23" and error.level == "ERROR"


def test_a_dated_field_under_an_announcing_message_is_its() -> None:
    # seelog's multi-line entry (set 498): the message ends with ":", its fields follow,
    # two of them dates of the report, not entries
    text = (
        "2018-06-27T22:21:43.110121106 [Info] [Controller][Report]dodo : \n"
        "start: 2018-05-01 00:00:00 +0800 CST\n"
        "end: 2018-05-01 08:00:00 +0800 CST\n"
        "2018-06-27T22:21:46.967267160 [Info] [Controller][Report]dodo : \n"
    )
    first, second = parse(text)
    assert utc(first.ts) == "2018-06-27T22:21:43" and len(first.detail) == 2
    assert utc(second.ts) == "2018-06-27T22:21:46"
    # under a message that announces nothing, such a line is an entry of its own
    plain = parse("2018-06-27T22:21:43.110 [Info] done\nstart: 2018-06-27 22:21:44 job 7\n")
    assert len(plain) == 2


def test_powershell_transcripts_times() -> None:
    # Start-Transcript's header and footer (set 501): compact local times, the lines between
    # them of none; its "Start time:" is no agent header's
    text = (
        "**********************\n"
        "Windows PowerShell Transcript Start\n"
        "Start time: 20120422072755\n"
        "Username  : REDMOND\\mwrock \n"
        "**********************\n"
        "There is no update applicable to this machine\n"
        "**********************\n"
        "Windows PowerShell Transcript End\n"
        "End time: 20120422072806\n"
        "**********************\n"
    )
    lines = parse(text)
    assert utc(min(e.ts for e in lines)) == "2012-04-22T07:27:55"
    assert utc(max(e.ts for e in lines)) == "2012-04-22T07:28:06"


def test_an_access_line_through_logging_at_info_with_a_5xx() -> None:
    # werkzeug's request line through a logging format of its own (set 500)
    (line,) = parse(
        "Mon, 21 Jul 2014 21:45:20 _internal.py[line:87] INFO 127.0.0.1 - - [21/Jul/2014 "
        '21:45:20] "GET /find?user=12 HTTP/1.1" 500 -\n'
    )
    assert line.level == "ERROR" and samples(line)["http_status"] == 500.0


def test_a_scripts_date_and_time_joined_by_an_at() -> None:
    # a mount script's `date +%F@%T` (set 500)
    (line, _) = parse("[ 2017-10-01@20:06:48 ] Mounting encrypted local Drive\nCreating volume.\n")
    assert utc(line.ts) == "2017-10-01T20:06:48"


def test_neo4j_verbose_query_start_and_a_caches_age() -> None:
    # Neo4j 4.4's query.log at VERBOSE and its debug.log (set 507)
    text = (
        "2022-03-17 20:03:08.823+0000 INFO  Query started: id:1 - 1621 ms: 0 B - bolt-session"
        "\tbolt\tneo4j-desktop/v1.4.12\t\tclient/127.0.0.1:56430\tserver/127.0.0.1:7687>\t"
        "system - neo4j - CALL dbms.clientConfig() - {} - runtime=null - {}\n"
        "2022-03-17 20:03:10.816+0000 INFO  id:1 - 3617 ms: -1 B - bolt-session\tbolt\t"
        "neo4j-desktop/v1.4.12\t\tclient/127.0.0.1:56430\tserver/127.0.0.1:7687>\tsystem - "
        "neo4j - CALL dbms.clientConfig() - {} - runtime=system - {}\n"
        "2022-03-17 20:40:01.000+0000 INFO [o.n.c.i.ExecutionEngine] [neo4j/0874d50d] Discarded "
        "stale query from the query cache after 29 seconds. Reason: NodesAllCardinality changed\n"
    )
    started, finished, discarded = parse(text)
    assert "query_duration_ms" not in samples(started)
    assert samples(finished)["query_duration_ms"] == 3617.0
    assert derived.latency_tier(discarded.samples, discarded) is None


def test_review_11_node_reports_with_no_caret_long_messages_and_their_footer() -> None:
    # a SyntaxError at a zero-width place (a truncated file): blank lines, no carets
    text = (
        "/app/dist/index.js:57\n"
        "\n"
        "\n"
        "\n"
        "SyntaxError: Unexpected end of input\n"
        "    at internalCompileFunction (node:internal/vm:76:18)\n"
        "\n"
        "Node.js v23.1.0\n"
        "Server restarting\n"
    )
    crash, restart = parse(text)
    assert crash.level == "ERROR" and crash.detail[-1] == "Node.js v23.1.0"
    assert restart.message == "Server restarting"
    # a long "Require stack" stays one report
    modules = "".join(f"- /app/src/m{i}.js\n" for i in range(20))
    text = (
        "node:internal/modules/cjs/loader:1080\n  throw err;\n  ^\n\n"
        "Error: Cannot find module 'x'\nRequire stack:\n"
        + modules
        + "    at Module._resolveFilename"
        " (node:internal/modules/cjs/loader:1077:15) {\n  code: 'MODULE_NOT_FOUND'\n}\n\n"
        "Node.js v18.17.0\n"
    )
    (report,) = parse(text)
    assert report.level == "ERROR"
    # a thrown string's advice, then the footer: one report
    text = (
        '/app/server.js:10\n  throw "boom";\n  ^\nboom\n(Use `node --trace-uncaught ...` to '
        "show where the exception was thrown)\n\nNode.js v18.17.0\n"
    )
    (thrown,) = parse(text)
    assert thrown.level == "ERROR" and thrown.detail[-1] == "Node.js v18.17.0"


def test_review_11_fields_solr_params_responses_and_the_wrappers_time() -> None:
    # winston's "${level}: ${timestamp} ${message}" after a message ending with ":"
    text = (
        "2024-03-01 10:00:00 INFO Server config:\n"
        "error: 2024-03-01 10:05:12 db down\n"
        "warn: 2024-03-01 10:05:13 slow\n"
    )
    assert [e.level for e in parse(text)] == ["INFO", "ERROR", "WARNING"]
    # Solr's warming query's event parameter anywhere in the map
    (warming,) = parse(
        "INFO  - 2013-06-27 11:17:49.009; org.apache.solr.core.SolrCore; [c1] webapp=null "
        "path=null params={start=0&event=newSearcher&q=x&rows=10} hits=0 status=0 QTime=74 \n"
    )
    assert derived.latency_tier(warming.samples, warming) is None
    # "Response received:" with its colon is a client's; "Response status 503" a server's
    text = (
        '{"level":"info","message":"Response received: ok","status":503,'
        '"timestamp":"2024-01-01T00:00:00Z"}\n'
        '{"level":"info","message":"Response status 503","status":503,'
        '"timestamp":"2024-01-01T00:00:00Z"}\n'
    )
    assert [e.level for e in parse(text)] == ["INFO", "ERROR"]
    # a line quoting a request's words only keeps its level
    (quoted,) = parse(
        'Mon, 21 Jul 2014 21:45:20 x.py[line:87] INFO Response from inventory: "GET /x '
        'HTTP/1.1" 500\n'
    )
    assert quoted.level == "INFO"
    # the Java Service Wrapper's "PTM" format, its time after the prefix
    (bound,) = parse("jvm 1    | 2018/01/26 10:00:00 | ERROR: could not bind to port\n")
    assert bound.level == "ERROR" and utc(bound.ts) == "2018-01-26T10:00:00"


def test_round_53_gitea_slow_sql_failed_calls_and_ef_cores_failed_command() -> None:
    # Gitea's xorm slow-query line (set 510), Tautulli's failed call (set 510), EF Core's
    # failed command (set 511)
    text = (
        "2026/02/02 10:28:29 models/db/list.go:210:FindAndCount() [W] [Slow SQL Query] SELECT "
        "`id` FROM `action_schedule_spec` WHERE next<=? LIMIT 50 [1770056557] - 2m17.096810208s\n"
        "2020-03-26 20:05:29 - WARNING :: Thread-26 : Failed to access uri endpoint "
        "/library/metadata/2126. Status code 404\n"
        "2026-09-04 23:40:37.683 +03:00 [ERR] Failed executing DbCommand (22ms) "
        "[Parameters=[], CommandType='Text', CommandTimeout='30']\n"
    )
    slow, failed, command = parse(text)
    assert samples(slow) == {"query_duration_ms": 137096.810208}
    assert "http_status" not in samples(failed)
    assert samples(command) == {"query_ms": 22.0} and command.level == "ERROR"


def test_npm_debug_logs_blank_lines_of_a_record() -> None:
    # npm 10's debug log (set 509): a record's lines share its number, a blank one too
    text = (
        "722 error }\n"
        "723 error\n"
        "723 error The operation was rejected by your operating system.\n"
        "723 error\n"
        "723 error If you believe this might be a permissions issue, please double-check the\n"
        "724 silly unfinished npm timer reify 1749277658241\n"
    )
    _closing, rejected, timer = parse(text)
    assert rejected.level == "ERROR" and len(rejected.detail) == 3
    assert timer.level == "TRACE"


def test_sequels_sql_log_line_times_its_statement() -> None:
    # Logstash's jdbc input through Ruby Sequel's logger (set 515)
    text = (
        "[2022-09-05T08:39:01,109][INFO ][logstash.inputs.jdbc     ] (0.030361s) SELECT "
        "version()\n"
        "[2022-09-05T08:39:02,109][INFO ][logstash.inputs.jdbc     ] (0.5s) to wait, sleeping\n"
    )
    query, prose = parse(text)
    assert samples(query) == {"query_duration_ms": 30.361}
    assert "query_duration_ms" not in samples(prose)


def test_an_errors_labelled_field_over_lines_is_no_error_of_its_own() -> None:
    # Home Assistant's meross_cloud integration (set 517): one error whose message runs over
    # lines of no layout, its "Error Message:" field among them, then the traceback
    text = (
        "2024-03-17 18:28:18.403 ERROR (MainThread) [custom_components.meross_cloud] Error "
        "occurred.\n"
        "-------------------------------------\n"
        "Component version: 0.4.6.2\n"
        "Device info: \n"
        "\tName: Multiprise Meross\n"
        'Error Message: "An exception occurred"\n'
        "Traceback (most recent call last):\n"
        '  File "/usr/local/lib/python3.12/asyncio/tasks.py", line 520, in wait_for\n'
        "TimeoutError\n"
        "2024-03-17 18:28:19.000 INFO (MainThread) [homeassistant] done\n"
    )
    assert [e.level for e in parse(text)].count("ERROR") == 1


def test_review_12_findings() -> None:
    # the Wrapper's PTM format: a trace's lines, each with its time, stay the entry's
    text = (
        "jvm 1    | 2018/01/26 10:00:01 | ERROR: boom\n"
        "jvm 1    | 2018/01/26 10:00:02 | \tat org.x.Y.z(Y.java:1)\n"
        "jvm 1    | GET /api/items/1234 | 500 | 5ms\n"
    )
    error, other = parse(text)
    assert error.level == "ERROR" and len(error.detail) == 1
    assert "GET /api/items/1234" in other.message
    # a service's own access line through a logging format at INFO, no CLF head
    for served in (
        'Mon, 21 Jul 2014 21:45:20 h11_impl.py[line:477] INFO 127.0.0.1:52656 - "GET /api/items'
        ' HTTP/1.1" 500\n',
        'Mon, 21 Jul 2014 21:45:20 basehttp.py[line:187] INFO "GET /api/items HTTP/1.1" 500 145\n',
    ):
        (line,) = parse(served)
        assert line.level == "ERROR", served
    # a handler's failed fetch, then the status it returned
    (returned,) = parse(
        "2024-01-01 10:00:00 WARNING Failed to retrieve order 5, returning status 404\n"
    )
    assert samples(returned)["http_status"] == 404.0
    # the exception's bare "Error: ..." under a trimmed underline confirms the report
    (report,) = parse("/app/x.js:3\nfoo()\nError: boom\n    at y (/app/x.js:3:1)\n")
    assert report.level == "ERROR"
    # EF Core's time with a thousands separator; a digit that is no ASCII one
    timed, odd = parse(
        "2026-09-04 23:40:37.683 +03:00 [ERR] Failed executing DbCommand (30,052ms) [P=[]]\n"
        "2026-09-04 23:40:38.683 +03:00 [INF] Executed DbCommand (\u00b2ms) [P=[]]\n"
    )
    assert samples(timed) == {"query_ms": 30052.0} and samples(odd) == {}
    # npm's and winston's "http" level after a message ending with ":"
    levels_seen = [
        e.level
        for e in parse("2024-03-01 10:00:00 INFO config:\nhttp: 2024-03-01 10:05:12 GET /x 500\n")
    ]
    assert len(levels_seen) == 2
    # "after" far from a word of staleness; Sequel's line with prose, not SQL
    later, prose = parse(
        "2024-01-01 10:00:00 INFO served from stale replica, request completed after 3 seconds\n"
        "[2022-09-05T08:39:02,109][INFO ][logstash.inputs.jdbc] (0.5s) Update complete\n"
    )
    assert "query_duration_ms" not in samples(prose)
    assert later.samples  # (its 3 s kept)


def test_java_util_loggings_xml_records() -> None:
    # the JDK's XMLFormatter (sets 521 and 522, after round 56 was scored): a record over
    # lines, its time in <millis> (its <date> local, no zone), JUL's level names
    text = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<!DOCTYPE log SYSTEM "logger.dtd">\n'
        "<log>\n"
        "<record>\n"
        "  <date>2012-01-20T07:07:23</date>\n"
        "  <millis>1327039643864</millis>\n"
        "  <sequence>0</sequence>\n"
        "  <logger>pl.otros.logview.gui.LogViewMainFrame</logger>\n"
        "  <level>SEVERE</level>\n"
        "  <thread>10</thread>\n"
        "  <message>Can&apos;t start</message>\n"
        "  <exception>\n"
        "    <message>java.io.IOException: disk full</message>\n"
        "  </exception>\n"
        "</record>\n"
        "<record>\n"
        "  <date>2012-01-20T07:07:24</date>\n"
        "  <millis>1327039644242</millis>\n"
        "  <level>FINE</level>\n"
        "  <message>Common configuration file do not exist</message>\n"
        "</record>\n"
        "</log>\n"
    )
    records = [e for e in parse(text) if e.fmt == "jul-xml"]
    severe, fine = records
    assert utc(severe.ts, "milliseconds") == "2012-01-20T06:07:23.864"
    assert severe.level == "ERROR" and severe.message == "Can't start"
    assert severe.fields["logger"] == "pl.otros.logview.gui.LogViewMainFrame"
    assert fine.level == "DEBUG" and utc(fine.ts) == "2012-01-20T06:07:24"


def test_a_compilers_error_count_is_no_npm_record() -> None:
    # Nextflow's log quoting groovyc's report (set 521, after round 56 was scored): its
    # "1 error" count closing the report is no npm debug log's record
    text = (
        "Jun-05 07:29:57.533 [main] ERROR nextflow.cli.Launcher - Script compilation error\n"
        "- file : /work/main.nf\n"
        "1 error\n"
    )
    assert [e.level for e in parse(text)].count("ERROR") == 1
