"""Issue 17, sets 71 to 75 (a fourth mainstream draw, structured logs, hosts' daemons, self-hosted
platforms): the rules their tune halves showed. Lines written here in those shapes."""

from __future__ import annotations

import json

from tests.helpers.parsing import parse, samples, utc


def test_a_bracketed_prefix_before_the_time_is_one_word_of_the_prefix() -> None:
    text = (
        # Suricata's engine log: "[pid - thread]" before the time, the level after it
        "[8492 - Suricata-Main] 2024-12-17 21:10:49 Notice: suricata: This is Suricata 7.0.7\n"
        "[8493 - W#01-eth0] 2024-12-17 21:10:50 Error: af-packet: failed to open socket\n"
        # a date in a sentence is still no line's time
        "cache rebuilt for all tenants on 2024-12-17 21:11:00 by the nightly job\n"
    )
    lines = parse(text)
    assert utc(lines[0].ts) == "2024-12-17T21:10:49" and lines[0].level == "NOTICE"
    assert utc(lines[1].ts) == "2024-12-17T21:10:50" and lines[1].level == "ERROR"
    assert utc(lines[2].ts) == "2024-12-17T21:10:50"  # the time before it, not its own


def test_structlogs_key_value_renderer_keeps_an_objects_repr_and_a_requests_code() -> None:
    text = (
        # django-structlog through structlog's KeyValueRenderer: values as repr() writes them
        "timestamp='2024-03-05T10:00:01.100000Z' level='info' event='request_finished' "
        "logger='django_structlog.middlewares.request' request_id='5f0c' user_id=7 "
        "ip='10.0.0.9' code=404 request=<WSGIRequest: GET '/api/orders/12/'>\n"
        "timestamp='2024-03-05T10:00:02.100000Z' level='error' event='request_failed' "
        "logger='django_structlog.middlewares.request' code=500 request='POST /api/pay/'\n"
        # a code beside no request is an error's or a process's, no HTTP status
        "timestamp='2024-03-05T10:00:03.100000Z' level='warning' event='job_exited' code=3\n"
    )
    finished, failed, exited = parse(text)
    assert finished.fmt == "logfmt" and finished.message == "request_finished"
    assert finished.fields is not None
    assert finished.fields["request"] == "<WSGIRequest: GET '/api/orders/12/'>"
    assert samples(finished) == {"http_status": 404.0}
    assert samples(failed) == {"http_status": 500.0} and failed.level == "ERROR"
    assert samples(exited) == {}


def test_a_json_records_completed_line_is_its_requests_status() -> None:
    head = '{"@timestamp":"2025-07-09T11:18:45.998191+04:00","level":"DEBUG",'
    text = (
        # Spring's DispatcherServlet through logstash-logback-encoder
        head + '"logger_name":"org.springframework.web.servlet.DispatcherServlet",'
        '"message":"Completed 500 INTERNAL_SERVER_ERROR"}\n'
        + head
        + '"logger_name":"org.springframework.web.servlet.DispatcherServlet",'
        '"message":"Completed 201 CREATED"}\n'
        # a count completed is none
         + head + '"logger_name":"com.example.Batch","message":"Completed 250 tasks"}\n'
    )
    failed, created, batch = parse(text)
    assert samples(failed) == {"http_status": 500.0}
    assert samples(created) == {"http_status": 201.0}
    assert samples(batch) == {}


def test_cloudwatch_insights_export_reads_the_events_json_under_its_message() -> None:
    text = (
        "[\n"
        "    {\n"
        '        "@timestamp": "2023-10-20 22:15:36.136",\n'
        '        "@message": {\n'
        '            "requestId": "9f1e",\n'
        '            "httpMethod": "GET",\n'
        '            "resourcePath": "/users",\n'
        '            "status": "429",\n'
        '            "responseLength": "56"\n'
        "        },\n"
        '        "@logStream": "6874ec18",\n'
        '        "@log": "123456789012:/api-logs"\n'
        "    }\n"
        "]\n"
    )
    (line,) = parse(text)
    assert utc(line.ts) == "2023-10-20T22:15:36"
    assert samples(line) == {"http_status": 429.0} and line.level == "WARNING"


def test_morgans_dev_lines_through_winston_lose_their_colours_and_keep_status_and_time() -> None:
    text = (
        '{"message":"\\u001b[0mGET /users \\u001b[33m404 \\u001b[0m2.115 ms - 139\\u001b[0m\\n",'
        '"level":"error"}\n'
        '{"message":"\\u001b[0mPOST /login \\u001b[32m200 \\u001b[0m12.500 ms - 48\\u001b[0m\\n",'
        '"level":"info"}\n'
    )
    missing, ok = parse(text)
    assert missing.message.startswith("GET /users 404 2.115 ms") and "\x1b" not in missing.message
    assert samples(missing) == {"http_status": 404.0, "response_time_ms": 2.115}
    assert samples(ok) == {"http_status": 200.0, "response_time_ms": 12.5}


def test_a_process_id_in_the_second_bracket_is_no_agents_level() -> None:
    text = (
        # a Django project's own format: [asctime] [process] [thread] [file: line] [level]
        "[2018-11-05 18:05:12,035] [3911] [139819153872640] [   base.py: 925] [DEBUG ] "
        "Exception while resolving variable 'memory'\n"
        "[2018-11-05 18:05:13,101] [3911] [139819153872640] [  basehttp.py: 124] [ERROR ] "
        '"GET /api/x HTTP/1.1" 500 27\n'
        # the agent's own entries with a full date keep their words
        "[2024-11-21 09:30:05] [THOUGHT] Traffic looks healthy\n"
    )
    debug, error, thought = parse(text)
    assert debug.fmt != "agent" and debug.level == "DEBUG"
    assert utc(debug.ts) == "2018-11-05T18:05:12"
    assert error.level == "ERROR" and samples(error)["http_status"] == 500.0
    assert thought.fmt == "agent" and thought.level == "THOUGHT"


def test_go_zeros_access_record_gives_its_status_and_its_levels_read() -> None:
    text = (
        # logx's JSON encoding: the message under "content", the time under "duration"
        '{"@timestamp":"2025-02-24T09:37:34.810+08:00","caller":"handler/loghandler.go:131",'
        '"content":"[HTTP] 200 - POST /api/v1/cart - 127.0.0.1:53631 - curl/8.0 - '
        'slowcall(977.1ms)","duration":"977.1ms","level":"slow","trace":"0340a3dd"}\n'
        '{"@timestamp":"2025-02-24T09:37:35.810+08:00","caller":"handler/loghandler.go:131",'
        '"content":"[HTTP] 503 - GET /api/v1/items - 127.0.0.1:53632 - curl/8.0",'
        '"duration":"1.2ms","level":"error"}\n'
        '{"@timestamp":"2025-02-24T09:38:00.000+08:00","content":"(api) shedding_stat [1m], '
        'cpu: 12, total: 4, pass: 4, drop: 0","level":"stat"}\n'
        # a message key beside it wins: "content" is often a body
        '{"level":"info","msg":"message sent","content":"[HTTP] 404 - GET /x"}\n'
    )
    slow, failed, stat, sent = parse(text)
    assert slow.level == "WARNING" and samples(slow) == {"http_status": 200.0, "duration_ms": 977.1}
    assert slow.message.startswith("[HTTP] 200 - POST /api/v1/cart")
    assert failed.level == "ERROR" and samples(failed) == {"http_status": 503.0, "duration_ms": 1.2}
    assert stat.level == "INFO" and samples(stat) == {}
    assert sent.message == "message sent" and samples(sent) == {}


def test_a_request_line_inside_a_text_line_at_info_takes_its_statuss_level() -> None:
    text = (
        # Python logging's "%(asctime)s - %(name)s - %(levelname)s - ..." over uvicorn.access
        "2023-04-11 08:02:19,460 - uvicorn.access - INFO - send:495 - 127.0.0.1:52764 - "
        '"POST /api/v1/ HTTP/1.1" 500\n'
        "2023-04-11 08:02:20,460 - uvicorn.access - INFO - send:495 - 127.0.0.1:52765 - "
        '"GET /api/v1/ HTTP/1.1" 200\n'
        # a level above INFO stays the logger's
        "2023-04-11 08:02:21,460 - app - ERROR - handler:12 - upstream "
        '"GET /quote HTTP/1.1" 404\n'
    )
    failed, ok, error = parse(text)
    assert failed.level == "ERROR" and samples(failed) == {"http_status": 500.0}
    assert ok.level == "INFO"
    assert error.level == "ERROR" and samples(error) == {"http_status": 404.0}


def test_javas_month_names_in_chinese_japanese_and_korean() -> None:
    text = (
        # log4j's %d{dd MMM yyyy HH:mm:ss,SSS} in a zh_CN JVM
        "13 九月 2018 10:52:57,606 INFO  [main] (org.apache.zookeeper.Environment:109)  - "
        "Client environment:host.name=build-7\n"
        "02 十二月 2018 10:52:58,606 WARN  [main] (org.apache.zookeeper.ClientCnxn:1164)  - "
        "Session 0x0 for server null\n"
        # ja_JP and ko_KR write the month's number
        "13 9月 2018 10:52:59,606 INFO  [main] (com.example.App:12)  - started\n"
        "14 10월 2018 10:53:00,606 ERROR [main] (com.example.App:13)  - failed\n"
    )
    lines = parse(text)
    assert [utc(ln.ts) for ln in lines] == [
        "2018-09-13T10:52:57",
        "2018-12-02T10:52:58",
        "2018-09-13T10:52:59",
        "2018-10-14T10:53:00",
    ]
    assert [ln.level for ln in lines] == ["INFO", "WARNING", "INFO", "ERROR"]


def test_symfonys_http_client_response_line_is_a_call_it_made() -> None:
    # (set 76's reading took its status, as served, and its seconds; since session 32 a
    # call's answer is no status the service served: set 317's reading, the issue's)
    text = (
        '[2024-02-09T15:11:21.350132+00:00] http_client.INFO: Response: "200 '
        'https://data.example.com/v1/packages?specifier=%5E3.0.0" [] []\n'
        '[2024-02-09T15:11:22.350132+00:00] http_client.INFO: Response: "503 '
        'https://api.example.com/quote" 0.120 seconds {"http_code":503} []\n'
        '[2024-02-09T15:11:23.350132+00:00] http_client.INFO: Request: "GET '
        'https://data.example.com/v1/packages" [] []\n'
    )
    ok, failed, request = parse(text)
    assert samples(ok) == {}
    assert samples(failed) == {}
    assert failed.level == "INFO"
    assert samples(request) == {}


def test_apts_prefixes_a_negated_fatal_and_a_glib_error_name() -> None:
    text = (
        "Sep 24 08:21:01 pop-os apt-helper[2101]: E: Sub-process returned an error code\n"
        "Sep 24 08:21:02 pop-os apt-helper[2101]: W: An error occurred during the signature "
        "verification.\n"
        "Sep 24 08:21:03 pop-os xkbcomp[990]: Errors from xkbcomp are not fatal to the X server\n"
        "Sep 24 08:21:04 pop-os gnome-shell[1822]: failed to set proxy: "
        "GDBus.Error:org.gtk.GDBus.UnmappedGError.Quark._pk_2derror.Code3: setting failed\n"
        # Monolog's channel.LEVEL keeps its level
        "[2024-02-09T15:11:21.350132+00:00] app.ERROR: payment refused [] []\n"
    )
    apt_e, apt_w, xkb, proxy, monolog = parse(text)
    assert (apt_e.level, apt_w.level) == ("ERROR", "WARNING")
    assert xkb.level not in ("FATAL", "CRITICAL", "ERROR")
    assert proxy.level not in ("FATAL", "CRITICAL", "ERROR")
    assert monolog.level == "ERROR"


def test_a_kernels_boot_parameter_and_its_fatal_signal_note_are_no_levels() -> None:
    text = (
        "Oct 18 00:40:40 host-1 kernel: [    0.000000] Command line: initrd=\\initrd.img "
        "WSL_ROOT_INIT=1 panic=-1 nr_cpus=16 swiotlb=force console=hvc0 debug\n"
        "Oct 18 00:45:20 host-1 kernel: [  280.100573] potentially unexpected fatal signal 11.\n"
        # the kernel's own panic, and a tool's "fatal:" after its name, keep theirs
        "Oct 18 00:46:00 host-1 kernel: [  300.000000] Kernel panic - not syncing: VFS: "
        "Unable to mount root fs\n"
        "Oct 18 00:47:00 host-1 git[901]: fatal: not a git repository\n"
    )
    boot, signal, panic, git = parse(text)
    assert boot.level not in ("FATAL", "CRITICAL", "ERROR")
    assert signal.level not in ("FATAL", "CRITICAL", "ERROR")
    assert panic.level in ("FATAL", "CRITICAL") and git.level in ("FATAL", "CRITICAL")


def test_after_the_held_out_run_gorm_traces_and_compact_dates() -> None:
    text = (
        # GORM v2's logger: its caller's line, then the statement's time and rows
        "2025/06/16 10:38:21 /srv/app/models/database.go:10\n"
        "[2.629ms] [rows:1] SELECT count(*) FROM information_schema.tables\n"
        # log4j's [%-5p][%d{yyyyMMdd HH:mm:ss,SSS}][%C{1}:%L]
        "[WARN ][20171201 10:48:07,694][ForgivingExceptionHandler:120] connection reset\n"
        # a zone of Go's time.Local in Asia/Karachi (Mattermost's legacy layout)
        "[2016/02/03 11:24:26 PKT] [EROR] /api/v1/users/login: account not found\n"
    )
    caller, trace, java, legacy = parse(text)
    assert samples(trace) == {"query_ms": 2.629} and samples(caller) == {}
    assert (utc(java.ts), java.level) == ("2017-12-01T10:48:07", "WARNING")
    assert (utc(legacy.ts), legacy.level) == ("2016-02-03T06:24:26", "ERROR")
    # a number of eight digits before no time is no date
    (order,) = parse("2024-01-02 10:00:00 INFO order 20171201 shipped\n")
    assert utc(order.ts) == "2024-01-02T10:00:00"


def test_after_the_held_out_run_winstons_exception_date_and_logurus_record() -> None:
    crash = {
        "date": "Tue Apr 02 2019 01:52:00 GMT+0000 (Coordinated Universal Time)",
        "process": {"pid": 7},
        "message": "uncaughtException: boom",
        "level": "error",
    }
    loguru = {
        "text": "2026-04-26 18:40:32.646 | INFO     | app.search:run:69 - search.done\n",
        "record": {
            "elapsed": {"repr": "0:02:25.533782", "seconds": 145.533782},
            "extra": {"ms": 26.1, "results": 3},
            "level": {"icon": "i", "name": "INFO", "no": 20},
            "message": "search.done",
            "time": {"repr": "2026-04-26 18:40:32.646853+04:00", "timestamp": 1777214432.646853},
        },
    }
    started = {**loguru, "record": {**loguru["record"], "extra": {}}}
    lines = parse("\n".join(json.dumps(r) for r in (crash, loguru, started)) + "\n")
    assert utc(lines[0].ts) == "2019-04-02T01:52:00" and lines[0].level == "ERROR"
    # the bound "ms" its duration; "elapsed" (since the program started) none
    assert samples(lines[1]) == {"duration_ms": 26.1}
    assert samples(lines[2]) == {}
