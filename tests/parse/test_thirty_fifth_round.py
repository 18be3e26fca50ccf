"""Session 35's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived
from tests.helpers.parsing import parse, samples, utc


def test_go_test_json_elapsed_is_seconds() -> None:
    # `go test -json` (test2json's TestEvent): a test's and a package's Elapsed in float
    # seconds; Serilog's request Elapsed stays milliseconds
    text = (
        '{"Time":"2024-03-01T10:00:00.22Z","Action":"pass","Package":"example.com/pkg",'
        '"Test":"TestFoo","Elapsed":0.1}\n'
        '{"Time":"2024-03-01T10:00:00.3Z","Action":"fail","Package":"example.com/pkg",'
        '"Elapsed":1.25}\n'
        '{"@t":"2024-03-01T10:00:01Z","RequestPath":"/x","StatusCode":200,"Elapsed":12.5}\n'
    )
    test, package, request = parse(text)
    assert samples(test) == {"elapsed_ms": 100.0}
    assert samples(package) == {"elapsed_ms": 1250.0}
    assert samples(request)["elapsed_ms"] == 12.5


def test_go_test_lines_behind_a_ci_runners_time_keep_their_verdicts_and_times() -> None:
    # a GitHub Actions raw job log of `go test -v`: the runner's time (seven digits, Z), then
    # go test's own line
    text = (
        "2024-03-01T10:00:00.1234567Z === RUN   TestFoo\n"
        "2024-03-01T10:00:00.3234567Z --- FAIL: TestFoo (1.50s)\n"
        "2024-03-01T10:00:00.5234567Z FAIL\texample.com/pkg\t1.234s\n"
        "2024-03-01T10:00:00.6234567Z FAILED to download module\n"
    )
    run, verdict, package, other = parse(text)
    assert utc(run.ts) == "2024-03-01T10:00:00" and run.level == "INFO"
    assert verdict.level == "ERROR" and samples(verdict) == {"task_ms": 1500.0}
    assert utc(verdict.ts, "milliseconds") == "2024-03-01T10:00:00.323"
    assert package.level == "ERROR" and samples(package) == {"run_ms": 1234.0}
    assert other.fmt != "go-test" and not samples(other)


def test_vllm_heads_with_no_message_do_not_stop_the_parse() -> None:
    # vLLM's banner (set 364): its head with nothing after it opens and closes the ASCII art;
    # a blank message continuing the same head used to raise IndexError
    head = "(APIServer pid=23283) INFO 08-01 20:59:09 [api_utils.py:339] "
    text = f"{head}\n{head}  version 0.25.1\n{head}\n{head}\n"
    entries = parse(text)
    assert entries and all(e.level == "INFO" for e in entries)
    assert any("version 0.25.1" in e.message for e in entries)


def test_jupyter_letters_are_levels() -> None:
    # JupyterHub with its proxy and the single-user server (set 364): traitlets' LogFormatter,
    # the letter, an ISO date, the logger (JupyterHub's module and line too)
    text = (
        "[C 2025-08-05 20:55:30.052 ServerApp] received signal 15, stopping\n"
        "[E 2025-08-05 20:55:30.200 JupyterHub app:3502] Failed to stop user: ''\n"
        "[I 2025-08-05 20:54:33,497 configurable_http_proxy] 201 POST /api/routes/\n"
        "[W 2025-08-05 20:54:40,258 tornado.access] 403 POST /x/api/cleanup (192.168.99.63) "
        "43.34ms\n"
        "[I 2025-08-05 20:54:40.220 JupyterHub log:192] 302 GET /user/bdx/lab -> "
        "/hub/user/bdx/lab (@192.168.99.63) 0.90ms\n"
    )
    crit, err, proxy, access, redirect = parse(text)
    assert (crit.level, err.level, proxy.level, access.level) == (
        "CRITICAL",
        "ERROR",
        "INFO",
        "WARNING",
    )
    assert crit.message == "received signal 15, stopping"
    assert (err.fields or {})["module"] == "app"
    assert utc(err.ts, "milliseconds") == "2025-08-05T20:55:30.200"
    assert samples(access) == {"http_status": 403, "response_time_ms": 43.34}
    # JupyterHub names a redirect's target between the URI and the client
    assert samples(redirect) == {"http_status": 302, "response_time_ms": 0.9}


def test_torchserve_access_line_from_an_ipv6_peer_is_timed() -> None:
    # TorchServe's access_log.log (set 364): Netty's peer in brackets with its scope
    text = (
        '2024-08-13T01:39:14,943 - /[0:0:0:0:0:0:0:1%0]:62885 "POST /predictions/m '
        'HTTP/1.1" 503 1206\n'
    )
    (line,) = parse(text)
    assert samples(line) == {"http_status": 503, "request_time_ms": 1206.0}


def test_an_inference_servers_model_readiness_is_no_work_done() -> None:
    # vLLM's engine start-up (set 364): compiling, profiling, warming up, loading its graphs
    head = "(EngineCore pid=23397) INFO 08-01 20:59:30 [monitor.py:53] "
    text = "".join(
        f"{head}{m}\n"
        for m in (
            "torch.compile took 3.48 s in total",
            "Initial profiling/warmup run took 629.28 s",
            "init engine (profile, create kv cache, warmup model) took 867.33 s",
            "Directly load the compiled graph(s) for compile range (1, 2048) from the cache, "
            "took 0.987 s",
        )
    )
    assert all(not samples(e) for e in parse(text))


def test_strapis_request_lines_are_served_requests_and_its_banner_gives_no_time() -> None:
    # `strapi develop` (set 365): winston's "[time] level: message", the request logger's
    # "METHOD url (N ms) status"; the banner's box shows the start's time as data
    text = (
        "[2026-01-20 12:24:28.327] \x1b[33mwarn\x1b[39m: deprecated option\n"
        "\x1b[90m│\x1b[39m Time               \x1b[90m│\x1b[39m Tue Jan 20 2026 12:24:31 "
        "GMT+0100 (Central Euro… \x1b[90m│\x1b[39m\n"
        "[2026-01-20 12:24:46.337] \x1b[32mhttp\x1b[39m: POST /api/auth/local (112 ms) 200\n"
        "[2026-01-20 12:24:47.001] \x1b[32mhttp\x1b[39m: GET /api/invoices?populate=* (25 ms) 500\n"
    )
    entries = parse(text)
    assert min(utc(e.ts) for e in entries) == "2026-01-20T12:24:28"
    ok, failed = entries[-2:]
    assert samples(ok) == {"http_status": 200, "response_time_ms": 112.0}
    assert samples(failed)["http_status"] == 500 and failed.level == "ERROR"


def test_a_python_exceptions_message_goes_on_after_its_traceback() -> None:
    # Odoo's ParseError (set 360): the exception's line closes the frames, its message's
    # other lines (an "Error ..." among them) after it, up to the next record
    text = (
        "2024-09-03 21:58:07,127 41498 ERROR odoofinal odoo.modules.registry: Failed to load "
        "registry\n"
        "Traceback (most recent call last):\n"
        '  File "/odoo/tools/convert.py", line 698, in _tag_root\n'
        "    f(rec)\n"
        "odoo.tools.convert.ParseError: while parsing /x/views/pivot_view.xml:2\n"
        "Error while validating view near:\n"
        "\n"
        '                <field name="invoice_id" type="col"/>\n'
        'Field "customer_id" does not exist in model "client.app.payment"\n'
        "2024-09-03 21:58:07,132 41498 INFO odoofinal odoo.modules.loading: loading 1 "
        "modules...\n"
    )
    error, info = parse(text)
    assert error.level == "ERROR" and info.level == "INFO"


def test_a_request_records_time_in_its_message_beside_its_status_key() -> None:
    # a Spring request filter through logstash-logback-encoder (set 366): the status under a
    # key, the time only in the message; a message naming another status gives no time
    text = (
        '{"@timestamp":"2025-12-26T11:55:45.027+01:00","message":"Request completed '
        'successfully: POST /auth/login - Status: 200 - Duration: 620ms","level":"INFO",'
        '"http_status":"200"}\n'
        '{"@timestamp":"2025-12-26T11:55:46.027+01:00","message":"Upstream answered 503 in '
        '620ms","level":"INFO","http_status":"200"}\n'
    )
    served, other = parse(text)
    assert samples(served) == {"http_status": 200, "response_time_ms": 620.0}
    assert samples(other) == {"http_status": 200}


def test_a_hand_spelt_json_line_is_read_as_its_record() -> None:
    # logback's pattern layout spelling JSON (set 366): a Windows path and quoted words left
    # unescaped, so no JSON parser takes the line; its pairs and message all the same
    text = (
        '{"timestamp":"2026-07-02 09:34:34.771","thread":"main","level":"INFO","logger":"a.B",'
        '"message":"Starting App using Java 17 (D:\\EventOs\\app.jar started by x)"}\n'
        '{"timestamp":"2026-07-02 09:34:34.793","thread":"main","level":"ERROR","logger":"a.B",'
        '"message":"falling back to profile: "default""}\n'
    )
    start, error = parse(text)
    assert utc(start.ts, "milliseconds") == "2026-07-02T09:34:34.771"
    assert start.message == "Starting App using Java 17 (D:\\EventOs\\app.jar started by x)"
    assert error.level == "ERROR" and error.message == 'falling back to profile: "default"'
    assert (error.fields or {})["logger"] == "a.B"


def test_lenient_object_reads_only_what_json_refuses_and_never_raises() -> None:
    from console.parse.loosejson import lenient_object

    assert lenient_object('{"a":"1","b":2,"message":"x "y" z"}') == {
        "a": "1",
        "b": 2,
        "message": 'x "y" z',
    }
    assert lenient_object('{"message":"only "one" pair"}') is None
    assert lenient_object('{"a":"1","b":"2"}') is None  # valid JSON's shape: not ours
    assert lenient_object("{'a': 1, 'message': 'x'}") is None  # a Python dict's repr
    for junk in ('{"', '{""}', '{"a":"}', '{"a":1,"b":,"message":"x"}', '{"a\\":"b"}'):
        assert lenient_object(junk) is None


def test_epoch_seconds_in_brackets_opening_a_line_is_its_time_not_an_uptime() -> None:
    # rtpengine (set 367): "[epoch.us] LEVEL: ..."; its control replies timed as work
    text = (
        "[1785186670.921895] INFO: [control] Replying to 'ping' from 10.100.0.10:43866 "
        "(elapsed time 0.000001 sec)\n"
        "[1785186670.924121] INFO: [60G5ohQ39k]: [control] Replying to 'offer' from "
        "10.100.0.10:43866 (elapsed time 0.001112 sec)\n"
        "[   12.345678] usb 1-1: new high-speed USB device\n"
    )
    ping, offer, kernel = parse(text)
    assert utc(ping.ts) == "2026-07-27T21:11:10" and ping.level == "INFO"
    assert round(samples(offer)["duration_ms"], 6) == 1.112
    assert (kernel.fields or {}).get("uptime") == 12.345678


def test_kamailios_untimed_lines_are_entries_with_their_routes_times() -> None:
    # Kamailio's stderr (set 367): the process number right-aligned, no time; a route's
    # time in usec; a SIP server's codes are no HTTP statuses; an epoch a message prints in
    # parentheses is no time of the line
    text = (
        " 0(1) DEBUG: <core> [core/cfg.y:1964]: yyparse(): loading module tm.so\n"
        "13(20) DEBUG: <core> [core/io_wait.h:374]: io_watch_add(): processing\n"
        " 1(8) ERROR: rtpengine [rtpengine.c:3070]: send_rtpp_command(): can't send\n"
        " 2(9) INFO: <script>: REGISTER sip:ue2@10.100.0.10 saved\n"
        " 2(9) DEBUG: <core> [core/receive.c:528]: receive_msg(): request-route executed in: "
        "3513 usec\n"
        " 2(9) DEBUG: tm [t_reply.c:1613]: t_should_relay_response(): uas status: 100\n"
        " 2(9) DEBUG: rtpengine [rtpengine.c:1861]: build_rtpp_socks(): same rtpengines list "
        "version: 1 (1785186633)\n"
    )
    entries = parse(text)
    assert [e.level for e in entries] == [
        "DEBUG",
        "DEBUG",
        "ERROR",
        "INFO",
        "DEBUG",
        "DEBUG",
        "DEBUG",
    ]
    assert all(e.fmt == "kamailio" for e in entries)
    assert samples(entries[4]) == {"duration_ms": 3.513}
    assert not samples(entries[5])
    assert utc(entries[6].ts) != "2026-07-27T21:10:33"


def test_three_more_shapes_from_set_367() -> None:
    text = (
        # the UniFi controller's access.log: the request's ms, its status, the request
        "[2024-05-22 05:12:49,674] HTTP/1.1[127.0.0.1] 22ms 404 GET /status\n"
        # Commons HttpClient's "Method failed: " + the status line it got (openHAB)
        "2016-05-29 12:57:48.707 [WARN ] [g.openhab.io.net.http.HttpUtil] - Method failed: "
        "HTTP/1.1 401 Unauthorized\n"
        # Mosquitto logs each queued OpenSSL error at MOSQ_LOG_ERR, no level word
        "1690191008: OpenSSL Error[0]: error:1403F418:SSL routines:tlsv1 alert unknown ca\n"
    )
    unifi, client, openssl = parse(text)
    assert samples(unifi) == {"http_status": 404, "response_time_ms": 22.0}
    assert "http_status" not in samples(client) and client.level == "WARNING"
    assert openssl.level == "ERROR"


def test_a_year_less_json_time_takes_the_files_year() -> None:
    # Asterisk's JSON "full" log (set 367): one record's time without its year among dated
    # ones, placed after the file's last time, not against today
    text = (
        '{"timestamp":"2025-07-23 07:41:41","logmsg":{"level":"DEBUG","message":"a"}}\n'
        '{"timestamp":"Jul 23 07:41:42","logmsg":{"level":"DEBUG","message":"b"}}\n'
    )
    _dated, yearless = parse(text)
    assert utc(yearless.ts) == "2025-07-23T07:41:42"


def test_meteors_console_prefix_is_its_local_time_and_offset() -> None:
    # `meteor run` (set 370): the level's letter, the local time, the offset in hours; a
    # date a dumped document prints after it is the document's
    text = (
        "I20160316-17:20:37.819(0)? Started your app.\n"
        "I20160316-17:20:37.823(0)?   createdAt: Wed Mar 16 2016 16:46:39 GMT+0000 (UTC),\n"
        "W20160316-17:20:38.000(-7)? slow\n"
        "E20160316-17:20:39.000(5.5) boom\n"
    )
    started, dumped, warned, failed = parse(text)
    assert utc(started.ts) == "2016-03-16T17:20:37" and started.level == "INFO"
    assert utc(dumped.ts) == "2016-03-16T17:20:37"
    assert utc(warned.ts) == "2016-03-17T00:20:38" and warned.level == "WARNING"
    assert utc(failed.ts) == "2016-03-16T11:50:39" and failed.level == "ERROR"


def test_an_epoch_in_a_printed_payload_is_no_time_of_the_line() -> None:
    # Socket.IO 0.9's debug output (set 370): its JSON payload's "1383120072 s"
    (line,) = parse(
        'debug: websocket writing 5::/memcache:{"name":"keysDelta","args":[{"added":'
        '[["1_110","2 b","1383120072 s"]]}]}\n'
    )
    assert utc(line.ts) != "2013-10-30T08:01:12"
    (csv,) = parse('"1383120072","INFO","started"\n')  # a row's first column is its time
    assert utc(csv.ts) == "2013-10-30T08:01:12"


def test_nextjs_request_lines_after_a_timed_line_are_their_own() -> None:
    # Payload CMS on `next dev` (set 370): pino-pretty's "[13:32:27] WARN:", then Next's
    text = "[13:32:27] WARN: No email adapter provided.\n GET /admin 307 in 14260ms\n"
    warn, request = parse(text)
    assert warn.level == "WARNING"
    assert samples(request) == {"http_status": 307, "response_time_ms": 14260.0}


def test_maven_behind_jenkins_timestamper_keeps_its_module_times() -> None:
    # Jenkins' timestamper (set 369): "[ISO Z] " before Maven's "[INFO] ..."
    text = (
        "[2023-09-13T11:34:06.033Z] [INFO] webapi ........................ SUCCESS [ 17.201 s]\n"
        "[2023-09-13T11:34:06.033Z] [INFO] Total time: 23:34 min\n"
    )
    module, total = parse(text)
    assert samples(module) == {"task_ms": 17201.0}
    assert samples(total) == {"duration_ms": 1414000.0}


def test_go_test_json_failures_are_errors() -> None:
    # test2json's "fail" action (set 369): a test's or a package's failure
    text = (
        '{"Time":"2021-12-05T15:28:08.65Z","Action":"fail","Package":"example.com/x",'
        '"Elapsed":600.034}\n'
        '{"Time":"2021-12-05T15:28:08.65Z","Action":"pass","Package":"example.com/y",'
        '"Elapsed":1.5}\n'
    )
    failed, passed = parse(text)
    assert failed.level == "ERROR" and passed.level == "INFO"


def test_a_ci_scripts_echoed_source_and_a_registrys_answer() -> None:
    # a traced shell script (set 369): the text an echo is given is no level of the line;
    # containers/image's "StatusCode: 404" is the registry's answer to a pull
    text = (
        '[2026-03-20T21:08:11.681Z] [   ]         echo "[ERROR] buildah push failed"\n'
        "[2026-03-20T21:08:25.436Z] [   ]  * initializing source docker://quay.io/null:latest: "
        'reading manifest latest in quay.io/null: StatusCode: 404, "<!doctype html>"\n'
    )
    echoed, pulled = parse(text)
    assert echoed.level not in ("ERROR", "CRITICAL", "FATAL")
    assert "http_status" not in samples(pulled)


def test_jests_console_blocks_are_entries_at_their_methods_levels() -> None:
    # Jest's BufferedConsole (set 369): the method, its message under it, the caller
    text = (
        "PASS popup/js/__tests__/comparison.test.js\n"
        "  ● Console\n"
        "\n"
        "    console.debug\n"
        "      Search completed in 36ms\n"
        "\n"
        "      at popup/js/search/common.js:313:15\n"
        "\n"
        "    console.error\n"
        "      request failed\n"
        "\n"
        "      at Object.<anonymous> (a.test.js:66:13)\n"
    )
    entries = parse(text)
    debug, error = entries[-2:]
    assert (
        debug.fmt == "jest"
        and debug.level == "DEBUG"
        and debug.message == "Search completed in 36ms"
    )
    assert samples(debug) == {"duration_ms": 36.0}
    assert error.level == "ERROR" and error.message == "request failed"


def test_test_runners_marks_with_their_times() -> None:
    # Jest, Mocha's spec reporter and Playwright's list reporter behind a CI runner's time
    text = (
        "2024-01-30T00:38:49Z   ✓  1 [chromium] › c1/checkout.spec.ts:3:5 › checkout (11.7s)\n"
        "2024-01-30T00:38:50Z     ✔ adds numbers (120ms)\n"
        "2024-01-30T00:38:51Z     ✓ subtracts (5 ms)\n"
        "2024-01-30T00:40:05Z   7 passed (1.6m)\n"
    )
    playwright, mocha, jest, summary = parse(text)
    assert samples(playwright) == {"task_ms": 11700.0}
    assert samples(mocha) == {"task_ms": 120.0}
    assert samples(jest) == {"task_ms": 5.0}
    assert samples(summary) == {"run_ms": 96000.0}


def test_vmwares_own_headers_give_the_level() -> None:
    # VMware Player's vmware.log (set 375): the letter of "I125" is the level, the word
    # "Error" in an info line's message is not; ESXi 8's standard header the same
    text = (
        "2020-05-21T20:05:59.865-07:00| vmx| I125: FeatureStateLib: Error while loading x\n"
        "2020-05-21T20:05:59.866-07:00| vmx| W115: Low memory\n"
        "2022-12-07T23:53:38.401Z Er(163) vmx[1]: Failed to open disk\n"
        "2020-05-21T20:06:00.199-07:00| vmx| I125: DISK: Opening disks took 36 ms.\n"
    )
    info, warning, error, opened = parse(text)
    assert (info.level, warning.level, error.level) == ("INFO", "WARNING", "ERROR")
    assert utc(info.ts) == "2020-05-22T03:05:59"
    assert derived.latency_tier(opened.samples, opened) is None  # the VM's own start-up


def test_gitlabs_job_waits_and_client_calls_are_no_served_work() -> None:
    # GitLab's Sidekiq JSON (set 372): a job's scheduling and enqueue latencies are its wait
    # in the queue; gitlab-shell's "Finished HTTP request" in Gitaly's log is a call it made;
    # Gitaly's start-up steps are its own
    text = (
        '{"severity":"INFO","time":"2023-10-28T17:26:33.412Z","message":"W JID-c1: start",'
        '"job_status":"start","scheduling_latency_s":0.013832,"enqueue_latency_s":71481.968}\n'
        '{"duration_ms":383,"level":"info","method":"POST","msg":"Finished HTTP request",'
        '"status":200,"time":"2023-10-27T20:39:46.510Z","url":"http://unix/api/v4/internal/allowed"}\n'
        '{"duration_ms":476,"level":"info","msg":"finished unpacking auxiliary binaries",'
        '"pid":299,"time":"2023-10-27T20:21:07.964Z"}\n'
        '{"grpc.code":"OK","grpc.method":"RepositoryExists","grpc.time_ms":31.613,"level":"info",'
        '"msg":"finished unary call with code OK","time":"2023-10-27T20:32:38.535Z"}\n'
    )
    job, call, startup, rpc = parse(text)
    assert not samples(job) and not samples(call) and not samples(startup)
    assert samples(rpc) == {"duration_ms": 31.613}


def test_answers_to_calls_the_program_made_are_no_statuses() -> None:
    # client-go's round_trippers (set 374, the Prometheus Operator's klog bridge) and
    # aiohttp's response headers printed (set 373, Home Assistant's AIOGitHubAPI)
    text = (
        "level=debug ts=2023-10-02T08:30:24.474Z caller=klog.go:84 component=k8s_client_runtime "
        'msg="GET https://10.43.0.1:443/api/v1/namespaces/prometheus/configmaps 200 OK in 4 '
        'milliseconds"\n'
        "I1002 08:30:24.474585   1 round_trippers.go:553] GET https://10.43.0.1:443/api/v1/x "
        "404 Not Found in 2 milliseconds\n"
        "2020-08-17 21:01:29 DEBUG (MainThread) [AIOGitHubAPI] <CIMultiDictProxy('Date': 'Mon, "
        "17 Aug 2020 21:01:29 GMT', 'Server': 'GitHub.com', 'Status': '200 OK')>\n"
    )
    for entry in parse(text):
        assert "http_status" not in samples(entry)


# --- the review of this session's rules ------------------------------------------------


def test_short_bracketed_letter_lines_do_not_stop_the_parse() -> None:
    entries = parse("[I 12:00] up\n[E 404] x\n[W\n")
    assert len(entries) >= 1


def test_a_workers_own_output_after_a_python_traceback_keeps_its_measures() -> None:
    text = (
        "2024-09-03 21:58:07,127 ERROR [celery.worker] Task tasks.sync[abc] raised unexpected\n"
        "Traceback (most recent call last):\n"
        '  File "/app/tasks.py", line 10, in sync\n'
        '    raise RuntimeError("x")\n'
        "builtins.RuntimeError: x\n"
        "Uploaded 512 records in 1200ms\n"
        "GET /health 200 in 3ms\n"
    )
    entries = parse(text)
    assert any(samples(e).get("http_status") == 200 for e in entries)
    assert entries[0].level == "ERROR"


def test_generic_words_of_loading_and_progress_keep_their_times() -> None:
    text = (
        "2024-01-01 10:00:00 INFO etl.loader: Data load took 35.2 s\n"
        "2024-01-01 10:00:01 INFO web: Page load took 2300 ms\n"
        "2024-01-01 10:00:02 INFO app: Initial sync took 12.5 s\n"
        "2024-01-01 10:00:03 INFO backup: Progress 45% (elapsed time 120 s, remaining 150 s)\n"
    )
    load, page, sync, progress = parse(text)
    assert samples(load) and samples(page) and samples(sync)
    assert not samples(progress)


def test_maven_transfer_failures_are_answers_received() -> None:
    text = (
        "[2023-09-13T11:34:06.033Z] [ERROR] Failed to execute goal on project api: Could not "
        "transfer artifact com.x:y:pom:1.0 from/to nexus (https://nexus.example.com/repo/): "
        "status code: 401, reason phrase: Unauthorized (401) -> [Help 1]\n"
        "[2023-09-13T11:34:07.033Z] [WARNING] Transfer failed for "
        "https://nexus/x/maven-metadata.xml 404 Not Found\n"
    )
    for entry in parse(text):
        assert "http_status" not in samples(entry)


def test_kamailios_stock_log_prefix_and_critical_level() -> None:
    text = (
        " 2(9) INFO: {2 102 INVITE 5f3a@10.0.0.1} <script>: reply 503 Service Unavailable\n"
        " 3(10) : <core> [core/x.c:1]: out of memory\n"
    )
    info, critical = parse(text)
    assert info.fmt == "kamailio" and info.level == "INFO" and not samples(info)
    assert critical.level == "CRITICAL"


def test_meteors_stderr_lines_take_their_words_level() -> None:
    text = (
        "W20160316-17:20:37.821(0)? (STDERR) MongoError: failed to connect to server\n"
        "W20160316-17:20:37.822(0)? (STDERR) Note: the app restarted\n"
        "I20130316-17:20:37.819? an old one, no offset\n"
    )
    crash, note, old = parse(text)
    assert crash.level == "ERROR" and note.level == "WARNING"
    assert utc(old.ts) == "2013-03-16T17:20:37"


def test_marks_quoted_under_a_timed_entry_stay_its_lines() -> None:
    text = (
        "2024-06-01 10:00:00,000 INFO preflight: checks:\n"
        " ✓ database reachable\n"
        " ⚠ disk usage 85%\n"
        "2024-06-01 10:00:01,000 ERROR api: request failed:\n"
        " GET /api/users/42 500 in 35ms\n"
    )
    entries = parse(text)
    assert len(entries) == 2 and entries[0].level == "INFO"


def test_jest_verbose_console_blocks() -> None:
    # --verbose indents the head two spaces and the message four (getConsoleOutput)
    text = "PASS a.test.js\n  console.error\n    request failed\n\n      at a.test.js:3:5\n"
    entries = parse(text)
    assert entries[-1].level == "ERROR" and entries[-1].message == "request failed"


def test_strapi_v3_request_lines() -> None:
    # Strapi 3's pino line: the level's word before the request (strapi/strapi#5931)
    (line,) = parse("[2020-04-24T03:04:31.849Z] debug GET /users-permissions/init (1 ms) 401\n")
    assert samples(line) == {"http_status": 401, "response_time_ms": 1.0}


def test_a_hand_spelt_json_lines_keys_after_its_message_and_huge_numbers() -> None:
    from console.parse.loosejson import lenient_object

    got = lenient_object(
        '{"timestamp":"2026-07-02 09:34:34.771","level":"ERROR","message":"Invalid value "abc" '
        'for field","logger":"com.x.Validator","thread":"main"}'
    )
    assert got is not None and got["message"] == 'Invalid value "abc" for field'
    assert got["logger"] == "com.x.Validator" and got["thread"] == "main"
    assert lenient_object('{"a":"1","n":' + "9" * 5000 + ',"message":"x "y""}') is None


def test_go_builds_failure_in_test2json_is_an_error() -> None:
    # Go 1.24's build events in `go test -json`
    (line,) = parse(
        '{"ImportPath":"example.com/x [example.com/x.test]","Action":"build-fail",'
        '"Time":"2025-03-01T10:00:00Z"}\n'
    )
    assert line.level == "ERROR"


def test_a_stream_processors_own_state_keeping_is_no_work_served() -> None:
    # Kafka Streams around a broker outage (set 379)
    text = (
        "2022-07-27 14:35:25,624 INFO stream-thread [app-StreamThread-1] partition revocation "
        "took 1142 ms.\n"
        "2022-07-27 14:35:26,996 INFO stream-thread [app-StreamThread-1] Restoration took 1053 "
        "ms for all tasks [0_0]\n"
        "2022-07-27 14:35:27,000 INFO Data export completed in 132ms.\n"
    )
    revoked, restored, export = parse(text)
    assert derived.latency_tier(revoked.samples, revoked) is None
    assert derived.latency_tier(restored.samples, restored) is None
    assert samples(export) == {"duration_ms": 132.0}


# --- the second review -------------------------------------------------------------------


def test_a_hand_spelt_message_quoting_json_or_a_list_of_names() -> None:
    from console.parse.loosejson import lenient_object

    quoted = lenient_object(
        '{"timestamp":"2026-07-02 09:34:34.771","level":"INFO","logger":"c.e.Client",'
        '"message":"Upstream replied {"code":"E17","status":503}"}'
    )
    assert (
        quoted is not None and quoted["message"] == 'Upstream replied {"code":"E17","status":503}'
    )
    listed = lenient_object(
        '{"timestamp":"2026-07-02 09:34:34.771","level":"ERROR","logger":"a.B",'
        '"message":"Validation failed for "name", "email": must not be blank"}'
    )
    assert listed is not None
    assert listed["message"] == 'Validation failed for "name", "email": must not be blank'


def test_nextjs_request_lines_after_any_timed_head_but_not_an_announcing_one() -> None:
    text = (
        "[2024-06-01 10:00:00.123 +0000] INFO (4521): Connected to database\n"
        " GET /api/a 500 in 135ms\n"
        "2024-06-01T10:00:01.000Z info: cache warmed\n"
        " GET /api/orders 500 in 35ms\n"
        "2024-06-01T10:00:02.000Z ERROR api: request failed:\n"
        " GET /api/users/42 500 in 35ms\n"
    )
    entries = parse(text)
    assert sum(1 for e in entries if samples(e).get("http_status") == 500) == 2


def test_elapsed_time_is_a_run_unless_time_remains() -> None:
    text = (
        "2024-06-01 10:00:01,000 INFO [main] c.e.Report - Report generated, elapsed time: "
        "1234 ms\n"
        "2024-06-01 10:00:05,000 INFO backup: Progress 45% (elapsed time 120 s, remaining 150 s)\n"
    )
    report, progress = parse(text)
    assert samples(report) == {"duration_ms": 1234.0}
    assert not samples(progress)


def test_more_answers_received_and_requests_served_that_name_a_transfer() -> None:
    text = (
        '{"duration_ms":12,"level":"error","method":"POST","msg":"Internal API error",'
        '"status":401,"time":"2023-10-27T20:39:47.510Z","url":"http://unix/api/v4/internal/a"}\n'
        'I0102 08:30:24.474585 1 round_trippers.go:632] "Response" verb="GET" '
        'url="https://10.43.0.1:443/api/v1/pods" status="404 Not Found" milliseconds=4\n'
        '{"ts":1735806624474.585,"msg":"Response","verb":"GET","url":"https://10.43.0.1:443/x",'
        '"status":"500 Internal Server Error","milliseconds":12}\n'
        "2020-08-17 21:01:29 DEBUG (MainThread) [hacs] <ClientResponse(https://api.github.com/"
        "repos/x/y/releases) [404 Not Found]>\n"
        "2024-06-01T10:00:00.000Z info: Stripe API call GET https://api.stripe.com/v1/charges/c "
        "(230 ms) 402\n"
    )
    for entry in parse(text):
        assert "http_status" not in samples(entry)
    (served,) = parse(
        "2024-06-01 10:00:00,000 WARN [exec-4] c.b.TransferController - POST /api/v1/transfers "
        "422 - Could not transfer funds: insufficient balance\n"
    )
    assert samples(served)["http_status"] == 422


def test_jest_console_groups_indent_their_messages_deeper() -> None:
    text = (
        "PASS a.test.js\n"
        "    console.log\n"
        "        Search completed in 120ms\n"
        "\n"
        "      at Object.<anonymous> (src/a.test.js:3:11)\n"
    )
    entries = parse(text)
    assert samples(entries[-1]) == {"duration_ms": 120.0}


def test_kafka_streams_state_keeping_keeps_its_time_out_of_the_latency_panel() -> None:
    text = (
        "[2022-07-27 14:35:26,996] INFO stream-thread [app-StreamThread-1] Restoration took "
        "1053 ms for all active tasks [0_0, 0_1] (org.apache.kafka.streams.processor.internals."
        "StreamThread)\n"
        "2024-06-01 10:00:00,000 INFO [exec-1] o.k.TokenEndpoint - token revocation took 45 ms\n"
    )
    restored, revoked = parse(text)
    assert samples(restored) == {"duration_ms": 1053.0}
    assert derived.latency_tier(restored.samples, restored) is None
    assert samples(revoked) == {"duration_ms": 45.0}
