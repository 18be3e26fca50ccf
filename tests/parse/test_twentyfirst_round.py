"""Issue 17, sets 93 to 95 (the issue's formats, a broad mainstream draw, cloud-native
services): the rules their tune halves showed. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_trace_at_the_margin_behind_a_containers_prefix_is_its_open_entrys() -> None:
    text = (
        "visits-1  | 2025-05-02T11:22:28.872Z  WARN 1 --- [visits] [spans] z.r.AsyncReporter"
        "  : Dropped 11 spans due to ResourceAccessException(I/O error)\n"
        "visits-1  | \n"
        "visits-1  | org.springframework.web.client.ResourceAccessException: I/O error on POST\n"
        "visits-1  | \tat org.springframework.web.client.RestTemplate.doExecute(RT.java:906)\n"
        # another container's line at the margin is its own entry, not the trace's
        "api-1     | org.example.NotATrace: said by another container\n"
        "visits-1  | 2025-05-02T11:22:29.000Z  INFO 1 --- [visits] [main] o.e.App  : next\n"
    )
    warn, other, nxt = parse(text)
    assert warn.level == "WARNING"
    assert any("ResourceAccessException: I/O error" in d for d in warn.detail)
    assert other.message.startswith("org.example.NotATrace")
    assert nxt.message.endswith("next")


def test_kube_apiservers_post_timeout_activity_is_no_requests_time() -> None:
    text = (
        "E0310 09:31:02.118244       1 timeout.go:142] post-timeout activity - time-elapsed: "
        '4.599599ms, PUT "/apis/coordination.k8s.io/v1/leases/x" result: <nil>\n'
        'E0310 09:31:02.118300       1 wrap.go:53] "FinishRequest: post-timeout activity - '
        'time-elapsed: 7.316µs, panicked: false, err: context deadline exceeded"\n'
        # the request's time is its Trace's total (read as before)
        'I0310 09:31:02.200000       1 trace.go:219] Trace[2113555624]: "Update" '
        "(10-Mar-2023 09:30:57.196) (total time: 5004ms):\n"
    )
    after, finish, trace = parse(text)
    assert samples(after) == {} and samples(finish) == {}
    assert samples(trace) == {"duration_ms": 5004.0}


def test_geths_terminal_format_its_year_from_the_reference_and_its_pairs_read() -> None:
    text = (
        "INFO [03-27|15:00:52.002] Maximum peer count                       ETH=25 LES=0 total=25\n"
        'ERROR[03-27|15:00:53.100] Failed to dial                           err="timeout"\n'
        "EROR [03-27|15:00:54.000] log15's own four letters\n"
        "INFO [03-27|15:00:55.005] Commit new mining work                   number=1 "
        "elapsed=238.662µs\n"
        # with --log.debug, the file's location after the time
        "DEBUG[03-27|15:00:56.000|core/blockchain.go:1234] Inserted block   number=2\n"
    )
    peers, dial, eror, commit, block = parse(text)  # the reference: June 2024
    assert utc(peers.ts) == "2024-03-27T15:00:52" and peers.level == "INFO"
    assert peers.message == "Maximum peer count" and peers.fields["total"] == 25
    assert dial.level == "ERROR" and eror.level == "ERROR"
    assert samples(commit) == {"elapsed_ms": 0.238662}
    assert block.level == "DEBUG" and utc(block.ts) == "2024-03-27T15:00:56"


def test_a_java_objects_first_pair_inside_its_brackets_is_read() -> None:
    text = (
        "[2025-03-14T03:01:30,950][INFO ][o.e.t.LoggingTaskListener] [node-1] 163 finished "
        "with response BulkByScrollResponse[took=540.2ms,timed_out=false,updated=10]\n"
    )
    (done,) = parse(text)
    assert samples(done) == {"duration_ms": 540.2}


def test_a_configuration_a_record_dumps_holds_no_measurements() -> None:
    text = (
        '{"level":"debug","staticConfiguration":{"ping":{"terminatingStatusCode":503},'
        '"certificatesResolvers":{"le":{"acme":{"certificatesDuration":2160}}}},'
        '"time":"2026-04-18T21:09:44-05:00","message":"Static configuration loaded [json]"}\n'
        # a measurement in an object that is not a configuration is read as before
        '{"level":"info","time":"2026-04-18T21:09:45-05:00","message":"done",'
        '"response":{"statusCode":503}}\n'
    )
    config, done = parse(text)
    assert samples(config) == {}
    assert samples(done) == {"http_status": 503.0}


def test_waagents_goal_state_run_is_timed() -> None:
    text = (
        "2019/04/12 06:17:50.204878 INFO ExtHandler ProcessGoalState completed "
        "[incarnation 1; 141 ms]\n"
    )
    (goal,) = parse(text)
    assert samples(goal) == {"duration_ms": 141.0}


# --- from the held-out halves after their one run (seen now) ------------------------------


def test_a_go_stack_after_a_logrus_line_is_its_entrys() -> None:
    text = (
        'time="2020-08-18T13:42:57+08:00" level=error msg="dial tcp: missing port in address"\n'
        "\n"
        "example.com/op/pkg/logger.ERROR\n"
        "\t/src/op/pkg/logger/tdlog.go:23\n"
        "main.(*Client).updateRedisConf\n"
        "\t/src/op/cmd/admin/redis.go:405\n"
        "runtime.goexit\n"
        "\t/usr/local/go/src/runtime/asm_amd64.s:1357\n"
        'time="2020-08-18T13:42:58+08:00" level=info msg="next"\n'
    )
    err, nxt = parse(text)
    assert err.level == "ERROR" and utc(err.ts) == "2020-08-18T05:42:57"
    assert "runtime.goexit" in err.detail
    assert nxt.message == "next"


def test_the_kernels_corrected_pcie_errors_are_warnings() -> None:
    text = (
        "May 01 16:17:47 l490 kernel: pcieport 0000:00:1d.0: AER: Corrected error received: "
        "0000:04:00.0\n"
        "May 01 16:17:47 l490 kernel: nvme 0000:04:00.0: AER: PCIe Bus Error: "
        "severity=Corrected, type=Data Link Layer, (Transmitter ID)\n"
        "May 01 16:17:47 l490 kernel: nvme 0000:04:00.0: AER:   device [8086:f1a6] error "
        "status/mask=00001000/0000e000\n"
        "May 01 16:18:00 l490 kernel: pcieport 0000:00:1c.5: PCIe Bus Error: "
        "severity=Uncorrected (Fatal), type=Transaction Layer\n"
    )
    received, corrected, status, fatal = parse(text)
    assert [received.level, corrected.level, status.level] == ["WARNING"] * 3
    assert fatal.level == "ERROR"


def test_journalctls_banner_with_its_start_only_gives_the_lines_their_year() -> None:
    text = (
        "-- Logs begin at Fri 2020-05-01 09:54:22 IST. --\n"
        "May 01 16:15:38 l490 systemd[1]: Starting Fingerprint Authentication Daemon...\n"
        "Dec 31 23:59:59 l490 systemd[1]: Year's end\n"
    )
    start, end = parse(text)
    assert utc(start.ts) == "2020-05-01T16:15:38"
    assert utc(end.ts) == "2020-12-31T23:59:59"


def test_vllms_lines_and_a_multi_line_message_under_its_repeated_head() -> None:
    text = (
        "INFO 08-14 19:24:18 [__init__.py:36] Available plugins for group vllm\n"
        "\x1b[1;36m(APIServer pid=1)\x1b[0;0m INFO 08-14 19:24:24 [api_server.py:1839] "
        "vLLM API server version 0.11.0\n"
        "ERROR 08-14 19:25:05 [multiproc_executor.py:597] WorkerProc failed to start.\n"
        "ERROR 08-14 19:25:05 [multiproc_executor.py:597] Traceback (most recent call last):\n"
        'ERROR 08-14 19:25:05 [multiproc_executor.py:597]   File "/w/x.py", line 5, in main\n'
        "ERROR 08-14 19:25:05 [multiproc_executor.py:597] RuntimeError: NPU function error\n"
        # the same message again under the same head: the second worker's own record
        "ERROR 08-14 19:25:05 [multiproc_executor.py:597] WorkerProc failed to start.\n"
        "ERROR 08-14 19:25:05 [multiproc_executor.py:597] Traceback (most recent call last):\n"
        "ERROR 08-14 19:25:10 [core.py:708] EngineCore failed to start.\n"
    )
    plugins, api, first, second, core = parse(text)
    assert utc(plugins.ts) == "2023-08-14T19:24:18" and plugins.level == "INFO"
    assert api.fields == {"caller": "api_server.py:1839", "process": "APIServer", "pid": 1}
    assert first.level == "ERROR" and first.message == "WorkerProc failed to start."
    assert "RuntimeError: NPU function error" in first.detail
    assert second.message == "WorkerProc failed to start."
    assert core.message == "EngineCore failed to start."


def test_a_syslog_receivers_line_takes_the_relayed_messages_priority() -> None:
    text = (
        "2025-06-15 20:54:01,591 172.22.0.1 <3>Jun 15 22:54:01 rt-ax57 kernel: frame check\n"
        "2025-06-15 20:56:42,486 172.22.0.1 <8>Jun 15 20:56:42 rt-ax57 roamast: deauth\n"
        "2025-06-15 20:57:00,000 172.22.0.1 <30>Jun 15 20:57:00 rt-ax57 dnsmasq: started\n"
    )
    err, emerg, info = parse(text)
    assert err.level == "ERROR" and emerg.level == "FATAL" and info.level == "INFO"
    assert utc(err.ts) == "2025-06-15T20:54:01"  # the receiver's own time


def test_sqlalchemys_statement_and_its_link_belong_to_the_exception() -> None:
    text = (
        "[2025-12-01 10:07:48,100] ERROR in app: Exception on /api/records/12676 [PATCH]\n"
        "Traceback (most recent call last):\n"
        '  File "/app/x.py", line 1, in f\n'
        "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) database is locked\n"
        "[SQL: UPDATE records SET minutes=? WHERE id=?]\n"
        "[parameters: (168, 12676)]\n"
        "(Background on this error at: https://sqlalche.me/e/20/e3q8)\n"
        "[2025-12-01 10:08:14,243] INFO in app: next\n"
    )
    err, nxt = parse(text)
    assert err.level == "ERROR"
    assert err.detail[-1].startswith("(Background on this error at: ")
    assert nxt.level == "INFO"


# --- set 97 (structured logs, a final hold-out made a tune set after its one run) ----------


def test_a_message_saying_its_duration_in_words_through_structlog() -> None:
    text = (
        '{"event": "Update id=334741609 is handled. Duration 472 ms by bot id=78", '
        '"level": "info", "logger": "aiogram.event", "timestamp": "2026-03-27T16:43:07.172Z"}\n'
    )
    (update,) = parse(text)
    assert samples(update) == {"duration_ms": 472.0}


def test_a_time_key_holding_a_time_spent_beside_the_records_own_time() -> None:
    text = (
        '{"level":"info","message":"Assessment job completed","time":"22149ms",'
        '"timestamp":"2024-03-02T11:33:53Z"}\n'
        # a time key holding a time is the record's time, as before
        '{"level":"info","message":"tick","time":"2024-03-02T11:34:00Z"}\n'
    )
    done, tick = parse(text)
    assert samples(done) == {"duration_ms": 22149.0}
    assert utc(done.ts) == "2024-03-02T11:33:53"
    assert samples(tick) == {} and utc(tick.ts) == "2024-03-02T11:34:00"


def test_grafanas_start_up_records_are_not_timed_work() -> None:
    text = (
        'logger=plugin.store t=2025-05-12T09:33:48.285+07:00 level=info msg="Plugins loaded" '
        "count=57 duration=205.501426ms\n"
        'logger=migrator t=2025-05-12T09:33:47.969+07:00 level=info msg="migrations completed" '
        "performed=0 skipped=644 duration=1.010412ms\n"
    )
    plugins, migrations = parse(text)
    assert samples(plugins) == {}
    assert samples(migrations) == {"duration_ms": 1.010412}  # (two sets' writers time it)


def test_a_pretty_printed_export_cut_short_gives_its_whole_records() -> None:
    # gcloud logging read --format=json's shape under "entries", cut inside its third record
    text = (
        "{\n"
        '  "entries": [\n'
        "    {\n"
        '      "textPayload": "Error: Not allowed by CORS",\n'
        '      "timestamp": "2025-11-05T12:58:26.574567Z",\n'
        '      "severity": "ERROR"\n'
        "    },\n"
        "    {\n"
        '      "httpRequest": {"requestMethod": "GET", "requestUrl": "https://x/api", '
        '"status": 503, "latency": "0.002543s"},\n'
        '      "timestamp": "2025-11-05T02:37:54.100Z",\n'
        '      "severity": "ERROR"\n'
        "    },\n"
        "    {\n"
        '      "textPayload": "cut here",\n'
    )
    cors, request, cut = parse(text)
    assert cors.level == "ERROR" and utc(cors.ts) == "2025-11-05T12:58:26"
    assert samples(request)["http_status"] == 503.0
    assert (
        cut.fmt == "plain" and cut.message == "{" and '"textPayload": "cut here"' in (cut.detail[0])
    )


def test_a_pretty_printed_array_cut_short_and_whole() -> None:
    cut = '[\n    {\n        "@timestamp": "2024-04-27 04:51:06.093",\n' + (
        '        "message": "Request finished"\n    },\n    {\n        "@timestamp": "20'
    )
    first, rest = parse(cut)
    assert first.message == "Request finished" and utc(first.ts) == "2024-04-27T04:51:06"
    assert rest.fmt == "plain"
    whole = (
        '[\n  {"time": "2024-04-27T04:51:06Z", "msg": "a"},\n'
        '  {"time": "2024-04-27T04:51:07Z", "msg": "b"}\n]\n'
    )
    assert [e.message for e in parse(whole)] == ["a", "b"]


# --- set 99 (a mainstream draw, a tune set) -------------------------------------------------


def test_http_servers_own_refusal_line_gives_its_status() -> None:
    text = (
        "[11/Sep/2024 22:17:43] code 400, message Bad request version ('\\x00\\x12')\n"
        "[11/Sep/2024 22:17:44] code 999, message not a status\n"
    )
    refused, odd = parse(text)
    assert samples(refused) == {"http_status": 400.0} and refused.level == "WARNING"
    assert "http_status" not in samples(odd)


def test_djangos_verbose_formatter_its_level_word_before_the_date() -> None:
    text = (
        "INFO 2026-04-01 09:09:13,193 middleware 9 125357188720320 Request completed: GET / - 404\n"
        "ERROR 2026-04-01 09:09:14,193 views 9 125357188720320 Webhook error: boom\n"
        "WARNING  2026-04-01 09:09:15,000 checks 9 1 padded level\n"
    )
    done, err, warn = parse(text)
    assert utc(done.ts) == "2026-04-01T09:09:13"
    assert done.message.startswith("middleware 9 ") and samples(done) == {"http_status": 404.0}
    assert err.level == "ERROR" and err.message.startswith("views 9")
    assert warn.level == "WARNING" and utc(warn.ts) == "2026-04-01T09:09:15"


# --- set 100 (the formats, a tune set) ---------------------------------------------


def test_fastifys_request_completed_on_a_5xx_is_an_error() -> None:
    text = (
        '{"level":30,"time":1718105119000,"reqId":"req-1","res":{"statusCode":500},'
        '"req":{"method":"POST","url":"/orders"},"responseTime":12.5,"msg":"request completed"}\n'
        '{"level":30,"time":1718105120000,"reqId":"req-2","res":{"statusCode":200},'
        '"req":{"method":"GET","url":"/orders"},"responseTime":2.5,"msg":"request completed"}\n'
    )
    failed, ok = parse(text)
    assert failed.level == "ERROR" and ok.level == "INFO"


def test_a_request_line_carried_at_info_takes_its_5xxs_level() -> None:
    text = (
        '{"level":"info","message":"::1 - - [10/Jan/2026:17:17:49 +0000] \\"POST /api HTTP/1.1\\" '
        '500 52","timestamp":"2026-01-10T17:17:49Z"}\n'
        '{"level":"debug","message":"PUT /api/cart 500 - 7ms","timestamp":"2026-01-10T17:17:50Z"}\n'
    )
    info, debug = parse(text)
    assert info.level == "ERROR" and samples(info)["http_status"] == 500.0
    # (a debug record's 5xx too since session 22: a stream's level is no verdict on it)
    assert debug.level == "ERROR" and debug.fields["level"] == "debug"


def test_prose_times_of_another_clock_give_a_syslog_line_its_year_only() -> None:
    text = (
        "May 15 13:15:56 cam user.info kernel: ak-rtc: setting system clock to "
        "2021-05-15 13:15:52 UTC (1621084552)\n"
        "Sep  9 08:40:47 ip-1 urandom[1]: system was previously seeded at "
        "[2021-09-09 08:40:46.502050000 +0000]\n"
    )
    clock, seeded = parse(text)
    assert utc(clock.ts) == "2021-05-15T13:15:56"
    assert utc(seeded.ts) == "2021-09-09T08:40:47"


def test_glogs_file_header_gives_its_lines_their_year_and_a_build_date_is_no_time() -> None:
    text = (
        "Log file created at: 2016/03/31 12:23:44\n"
        "Running on machine: localhost\n"
        "I0331 12:23:44.205320 20871 logging.cc:119] stdout will be logged to this file.\n"
        "I0331 12:23:44.300000 20871 impalad-main.cc:60] impalad version 2.5.0\n"
        "Built on Wed, 30 Mar 2016 14:13:37 PST\n"
    )
    lines = parse(text)
    stdout = next(ln for ln in lines if ln.message.startswith("stdout"))
    assert utc(stdout.ts) == "2016-03-31T12:23:44"
    assert min(utc(ln.ts) for ln in lines) >= "2016-03-31T12:23:44"


# --- sets 96 and 98 (the final hold-outs, after their one run: seen now) -------------------


def test_apaches_bracketed_time_in_a_json_logformat() -> None:
    text = (
        '{"time":"[03/Dec/2025:14:23:47 +0100]", "remoteIP":"172.18.0.1", '
        '"request":"GET / HTTP/1.1", "status":"500"}\n'
    )
    (line,) = parse(text)
    assert utc(line.ts) == "2025-12-03T13:23:47" and line.level == "ERROR"


def test_took_with_a_colon_is_a_duration() -> None:
    # (set 98's line was MongoDB's periodic task runner, its housekeeping since set 462)
    text = "2017-01-06T20:32:18.899+0800 INFO [worker-3] task: export-report took: 297ms\n"
    (task,) = parse(text)
    assert samples(task) == {"duration_ms": 297.0}


def test_a_logback_bracket_layout_its_thread_and_logger_padded() -> None:
    text = (
        "[2025-01-20 15:45:34][INFO ][restartedMain  ][onditionEvaluationReportLogger] \n"
        "\n"
        "Error starting ApplicationContext. To display the report re-run with 'debug'.\n"
        "[2025-01-20 15:45:34][ERROR][restartedMain  ][SpringApplication             ] "
        "Application run failed\n"
    )
    report, failed = parse(text)
    assert report.level == "INFO"  # the message after its empty head is its own
    assert failed.level == "ERROR" and failed.message == "Application run failed"
    assert failed.fields == {"logger": "SpringApplication", "thread": "restartedMain"}
