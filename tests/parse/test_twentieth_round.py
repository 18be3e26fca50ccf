"""Issue 17, sets 78 to 81 (two mainstream draws, the issue's formats, structured logs): the
rules their tune halves showed. Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_time_said_in_prose_in_another_zone_gives_a_yearless_header_its_year_only() -> None:
    text = (
        # the header is the host's local clock; the kernel says the hardware clock's, in UTC
        "Oct 14 08:02:11 web1 kernel: [    0.61] rtc_cmos 00:01: setting system clock to "
        "2023-10-14 13:02:09 UTC (1697288529)\n"
        "Oct 14 08:02:12 web1 kernel: [    0.62] Freeing unused kernel memory: 2048K\n"
        # a field's time is the event's (Asterisk's EventTV, a CEF devUtcTime): taken whole
        'Oct 14 08:05:00 pbx asterisk[42]: Event="Hangup" EventTV="2023-10-14T10:05:00+02:00"\n'
    )
    rtc, freeing, hangup = parse(text)
    assert utc(rtc.ts) == "2023-10-14T08:02:11"
    assert utc(freeing.ts) == "2023-10-14T08:02:12"
    assert utc(hangup.ts) == "2023-10-14T08:05:00"


def test_python_http_servers_enum_status_is_its_code() -> None:
    text = (
        '10.0.0.5 - - [03/Mar/2024 09:15:02] "GET /health HTTP/1.1" 200 -\n'
        # before Python 3.11 an error the server answers itself is logged by the enum's name
        '10.0.0.5 - - [03/Mar/2024 09:15:04] "\\x16\\x03\\x01 garbage" HTTPStatus.BAD_REQUEST -\n'
        '10.0.0.5 - - [03/Mar/2024 09:15:05] "GET / HTTP/2.0" '
        "HTTPStatus.HTTP_VERSION_NOT_SUPPORTED -\n"
        '10.0.0.5 - - [03/Mar/2024 09:15:06] "GET / HTTP/1.1" HTTPStatus.NO_SUCH_NAME -\n'
    )
    ok, bad, version, unknown = parse(text)
    assert samples(ok) == {"http_status": 200.0}
    assert samples(bad) == {"http_status": 400.0} and bad.level == "WARNING"
    assert samples(version) == {"http_status": 505.0} and version.level == "ERROR"
    assert "http_status" not in samples(unknown)


def test_pumas_startup_banner_carries_its_time_and_offset() -> None:
    text = (
        "=== puma startup: 2024-02-10 09:30:00 +0530 ===\n"
        "[311] - Worker 0 (pid: 312) booted, phase: 0\n"
        'I, [2024-02-10T09:31:00.000001 #312]  INFO -- : Started GET "/" for ::1\n'
    )
    banner, booted, started = parse(text)
    assert utc(banner.ts) == "2024-02-10T04:00:00"
    assert utc(booted.ts) == "2024-02-10T04:00:00"  # the time before it
    assert utc(started.ts) == "2024-02-10T09:31:00"


def test_indented_json_records_one_closing_where_the_next_opens() -> None:
    text = (
        # Serilog's JsonFormatter, indented: "} {" between records
        "{\n"
        '  "Timestamp": "2023-05-02T10:00:00.1234567+02:00",\n'
        '  "Level": "Information",\n'
        '  "MessageTemplate": "Order {OrderId} placed by {User}",\n'
        '  "Properties": {\n'
        '    "OrderId": 77,\n'
        '    "User": "ana"\n'
        "  }\n"
        "} {\n"
        '  "Timestamp": "2023-05-02T10:00:05.0000000+02:00",\n'
        '  "Level": "Error",\n'
        '  "MessageTemplate": "Payment for {OrderId} failed",\n'
        '  "RenderedMessage": "Payment for 77 failed (card declined)",\n'
        '  "Properties": {"OrderId": 77}\n'
        "}\n"
    )
    placed, failed = parse(text)
    assert (utc(placed.ts), placed.level) == ("2023-05-02T08:00:00", "INFO")
    assert placed.message == "Order 77 placed by ana"
    assert (utc(failed.ts), failed.level) == ("2023-05-02T08:00:05", "ERROR")
    assert failed.message == "Payment for 77 failed (card declined)"


def test_a_json_records_message_of_pairs_gives_its_duration() -> None:
    text = (
        '{"@timestamp":"2024-07-01T10:00:00.000Z","level":"INFO","logger_name":"c.x.Billing",'
        '"message":"INVOICE_DONE | invoiceId=9f1 | lines=12 | duration=240ms"}\n'
        # a pair that is no time keeps the record untimed
        '{"@timestamp":"2024-07-01T10:00:01.000Z","level":"INFO","logger_name":"c.x.Billing",'
        '"message":"config loaded | retries=3 | region=eu-west-1"}\n'
    )
    done, config = parse(text)
    assert samples(done) == {"duration_ms": 240.0}
    assert samples(config) == {}


def test_kernel_result_of_none_in_parentheses_is_no_error() -> None:
    text = (
        "Jan  5 10:00:01 h kernel: [    3.1] snd_hda: Unknown symbol pci_probe_x (err 0)\n"
        "Jan  5 10:00:01 h kernel: [    3.2] Error: Driver 'pcspkr' is already registered\n"
        "Jan  5 10:00:02 h kernel: [    3.3] usb 1-1: device descriptor read/64, error -110\n"
    )
    unknown, driver, usb = parse(text)
    assert unknown.level == "INFO"
    assert driver.level == "ERROR" and usb.level == "ERROR"


def test_the_kernels_nmi_handler_time_is_a_duration() -> None:
    text = (
        "Mar  2 11:00:00 vm1 kernel: [51000.1] INFO: NMI handler (perf_event_nmi_handler) "
        "took too long to run: 3.125 msecs\n"
    )
    (nmi,) = parse(text)
    assert samples(nmi) == {"duration_ms": 3.125}


def test_an_access_lines_request_with_bare_quotes_ends_at_its_protocol() -> None:
    text = (
        # Traefik's CLF does not escape a quote in the request line (nginx writes \x22)
        '10.1.2.3 - - [10/Nov/2024:07:30:06 +0000] "GET /index.php?x=<?echo(md5("hi"))?> '
        'HTTP/1.1" 404 19 "-" "-" 385 "-" "-" 3ms\n'
    )
    (probe,) = parse(text)
    assert probe.fmt == "access" and probe.level == "WARNING"
    assert samples(probe) == {"http_status": 404.0, "response_bytes": 19.0, "request_time_ms": 3.0}


def test_a_glog_head_with_a_thread_name_behind_docker_service_logs_prefix() -> None:
    text = (
        "app_engine.1.st6wetv6ivi3@node1    | I0801 16:35:50.783320 Main     thread.cpp:126] "
        "Register main thread: tid=1\n"
        "app_engine.1.st6wetv6ivi3@node1    | E0801 16:35:51.000001 IO/W-0   io.cpp:70] "
        "short read\n"
        # abseil's failure signal handler: the crash's time in epoch seconds (and its year)
        "app_engine.1.st6wetv6ivi3@node1    | *** SIGABRT received at time=1659371752 on cpu 8 "
        "***\n"
    )
    main, io, abort = parse(text)
    assert main.fmt == "klog" and main.fields is not None and main.fields["thread"] == "Main"
    assert utc(main.ts) == "2022-08-01T16:35:50"  # the crash's epoch gave the year
    assert io.level == "ERROR" and io.message == "short read"
    assert abort.level == "ERROR" and utc(abort.ts) == "2022-08-01T16:35:52"


def test_a_status_followed_by_its_class_name_is_a_status() -> None:
    text = (
        # Spring WebFlux's error handler; Python requests' HTTPError
        "2025-11-25T00:02:06.653-03:00 ERROR 1 --- [gw] [nio-3] a.w.r.e.AbstractErrorWebExcepti"
        'onHandler : [96b89c81-2]  500 Server Error for HTTP POST "/auth/login"\n'
        "2025-11-25 03:02:07,100 ERROR sync: 404 Client Error: Not Found for url: https://x/y\n"
        # a count of errors is none
        "2025-11-25 03:02:08,100 INFO report: 200 server errors were retried\n"
    )
    webflux, requests, report = parse(text)
    assert samples(webflux) == {"http_status": 500.0}
    # (requests' HTTPError is raised on the answer to a call the program made: no status
    # it served, as httpx's 'Client error ...' is not; session 20 read it as one)
    assert samples(requests) == {}
    assert samples(report) == {}


def test_reactors_assembly_traceback_stays_in_its_java_trace() -> None:
    text = (
        "2025-11-25 03:02:06.653 ERROR 1 --- [nio-3] a.w.r.e.Handler : request failed\n"
        "org.springframework.web.reactive.function.client.WebClientRequestException: refused\n"
        "\tSuppressed: reactor.core.publisher.FluxOnAssembly$OnAssemblyException: \n"
        "Error has been observed at the following site(s):\n"
        "\t*__checkpoint ⇢ Request to POST http://users:8081/login [DefaultWebClient]\n"
        "Original Stack Trace:\n"
        "\t\tat io.netty.Foo.bar(Foo.java:1)\n"
        "2025-11-25 03:02:07.000  INFO 1 --- [nio-3] a.b.C : next\n"
    )
    failed, nxt = parse(text)
    assert failed.level == "ERROR" and len(failed.detail) == 6
    assert nxt.message == "next"


def test_jettys_own_log_lines_and_a_dateless_log4j_line_keep_their_traces() -> None:
    text = (
        "2016-05-23 12:00:00.000:INFO:oejs.Server:main: jetty-9.3.9\n"
        "2026-02-26 22:33:15.181:WARN :oejw.WebAppContext:main: Failed startup of context\n"
        "org.example.BeanCreationException: Error creating bean with name 'clinic'\n"
        "\tat org.example.Factory.create(Factory.java:804)\n"
        # log4j's "%-5p %c{1} - %m%n", no date: the exception after it is its own
        "ERROR ContextLoader - Context initialization failed\n"
        "org.example.BeanCreationException: Error creating bean with name 'clinic'\n"
        "\tat org.example.Factory.create(Factory.java:804)\n"
        "INFO  ContextLoader - Root WebApplicationContext: initialization started\n"
    )
    started, failed, context, info = parse(text)
    assert (started.level, started.message) == ("INFO", "jetty-9.3.9")
    assert started.fields is not None and started.fields["logger"] == "oejs.Server"
    assert failed.level == "WARNING" and len(failed.detail) == 2
    assert context.level == "ERROR" and len(context.detail) == 2
    assert info.level == "INFO"


def test_a_failure_named_by_its_kind_mid_message_is_no_level() -> None:
    text = (
        "2017/11/12 16:54:12 http: Accept error: accept tcp [::]:8080: accept4: too many open "
        "files; retrying in 5ms\n"
        "1690191008: Client <unknown> disconnected: Protocol error.\n"
        "Sep 26 01:37:58 pi kernel: [100217.1] brcmfmac: brcmf_cfg80211_stop_ap: BRCMF_C_DOWN "
        "error -52\n"
        # the kind in lower case, or opening the message, keeps the level; so do tags
        "2024-06-01 10:00:00 hit a critical error in worker 3\n"
        "Feb 11 07:20:05 node3 mcelog[812]: Uncorrected error\n"
        "[29-Nov-2020 12:22:08 UTC] PHP Parse error:  syntax error, unexpected end of file\n"
        "[2024-03-01 12:00:05 AM] error: \tcron: renewal failed\n"
    )
    accept, protocol, driver, worker, mce, php, cron = parse(text)
    assert accept.level not in ("ERROR", "CRITICAL", "FATAL")
    assert protocol.level not in ("ERROR", "CRITICAL", "FATAL")
    assert driver.level not in ("ERROR", "CRITICAL", "FATAL")
    assert worker.level == mce.level == php.level == cron.level == "ERROR"


def test_entity_framework_cores_command_time_is_a_querys() -> None:
    text = (
        # the .NET console logger: the message on the indented line under its category
        "info: Microsoft.EntityFrameworkCore.Database.Command[20101]\n"
        "      Executed DbCommand (3ms) [Parameters=[@__id_0='7'], CommandType='Text', "
        "CommandTimeout='30']\n"
        "      SELECT [o].[Id] FROM [Orders] AS [o] WHERE [o].[Id] = @__id_0\n"
        # Serilog's text sink: on the line itself
        "2024-01-01 10:00:00.000 +00:00 [INF] Executed DbCommand (41ms) [Parameters=[], "
        "CommandType='Text', CommandTimeout='30']\n"
    )
    console, serilog = parse(text)
    assert samples(console) == {"query_ms": 3.0}
    assert samples(serilog) == {"query_ms": 41.0}


def test_redis_signal_handlers_epoch_is_put_on_the_servers_clock() -> None:
    text = (
        # the server's lines on its local clock (UTC+2 here), the handler's stamp in UTC
        "35014:M 02 Sep 2024 20:29:15.115 - DB 0: 8335 keys (0 volatile) in 16384 slots HT.\n"
        "35014:signal-handler (1725301759) Received SIGINT scheduling shutdown...\n"
        "35014:M 02 Sep 2024 20:29:19.122 * User requested shutdown...\n"
    )
    _keys, signal, shutdown = parse(text)
    assert utc(signal.ts) == "2024-09-02T20:29:19" == utc(shutdown.ts)
    assert signal.fmt == "redis" and signal.message.startswith("Received SIGINT")
    # alone (no line before it to show the clock), the stamp is taken as it is: UTC
    (alone,) = parse("35014:signal-handler (1725301759) Received SIGTERM scheduling shutdown\n")
    assert utc(alone.ts) == "2024-09-02T18:29:19"


def test_nestjs_console_logger_and_a_build_tools_untagged_times_of_day() -> None:
    text = (
        # tsc --watch before the app's first line: a time of day, no tag, no agent header
        "[\x1b[90m20:28:55\x1b[0m] Starting compilation in watch mode...\n"
        "\x1b[32m[Nest] 38380  - \x1b[39m24/03/2026, 20:29:00 \x1b[32m    LOG\x1b[39m "
        "\x1b[38;5;3m[NestFactory] \x1b[39m\x1b[32mStarting Nest application...\x1b[39m\n"
        "[Nest] 38380  - 24/03/2026, 20:30:33     LOG [HTTP] GET /api/widget1 200 - 17ms\n"
        "[Nest] 38380  - 3/24/2026, 8:30:40 PM   ERROR [ExceptionsHandler] Cannot read x\n"
        "[\x1b[90m20:35:30\x1b[0m] File change detected. Starting incremental compilation...\n"
    )
    _tsc, started, request, failed, change = parse(text)
    assert (utc(started.ts), started.level) == ("2026-03-24T20:29:00", "INFO")
    assert started.message == "Starting Nest application..."
    assert samples(request) == {"http_status": 200.0, "response_time_ms": 17.0}
    assert (utc(failed.ts), failed.level) == ("2026-03-24T20:30:40", "ERROR")
    assert utc(change.ts) == "2026-03-24T20:35:30"  # the day of the log's last time


def test_a_status_said_with_is_or_was_is_a_status() -> None:
    text = (
        # Eureka's DiscoveryClient, in a Spring Cloud service's console log: the registry's
        # answer to its call, no status it served (session 23: a client's log of its call,
        # anytime.client_call; the writers of sets 101-124 count none, set 101's this line)
        "2024-09-10T00:03:47.244+09:00  INFO 6672 --- [gateway] [main] "
        "com.netflix.discovery.DiscoveryClient    : The response status is 200\n"
        "2024-09-10T00:03:48.000+09:00  WARN 6672 --- [main] c.x.Sync : upstream status was 503\n"
        # a count after it is none
        "2024-09-10T00:03:49.000+09:00  INFO 6672 --- [main] c.x.Job : job status is 500 "
        "items behind\n"
    )
    eureka, sync, job = parse(text)
    assert samples(eureka) == {}
    assert samples(sync) == {"http_status": 503.0}
    assert samples(job) == {}


def test_a_json_records_message_naming_a_status_at_info_gives_it() -> None:
    text = (
        # python-json-logger from a FastAPI middleware; a Java interceptor through
        # logstash-logback-encoder
        '{"timestamp": "2025-10-17 16:53:45,937", "level": "INFO", "logger": "main", '
        '"message": "Response status: 404 for GET http://127.0.0.1:8000/items/9"}\n'
        '{"@timestamp":"2025-08-11T19:02:33.950+08:00","level":"INFO","logger_name":"c.x.Trace",'
        '"message":"Request completed - Method: POST, URI: /auth/login, Status: 200"}\n'
        # no status named: nothing read at INFO
        '{"@timestamp":"2025-08-11T19:02:34.000+08:00","level":"INFO","logger_name":"c.x.Job",'
        '"message":"processed 500 orders"}\n'
    )
    fastapi, interceptor, job = parse(text)
    assert samples(fastapi) == {"http_status": 404.0} and fastapi.level == "INFO"
    assert samples(interceptor) == {"http_status": 200.0}
    assert samples(job) == {}


def test_journalctl_short_output_in_another_locale() -> None:
    text = (
        "-- Logs begin at Thu 2023-06-01 10:59:08 +07, end at Wed 2024-01-24 16:17:17 +07. --\n"
        "июн 01 11:43:37 horizon systemd[1]: Starting PostgreSQL RDBMS...\n"
        "мая 02 09:00:00 horizon systemd[1]: Stopped PostgreSQL RDBMS.\n"
        "Okt 05 10:00:01 host CRON[811]: (root) CMD (run-parts /etc/cron.hourly)\n"
    )
    lines = [e for e in parse(text) if e.fmt == "syslog"]
    assert [utc(e.ts)[5:] for e in lines] == ["06-01T11:43:37", "05-02T09:00:00", "10-05T10:00:01"]
    assert lines[0].fields is not None and lines[0].fields["program"] == "systemd"


# --- from the held-out halves after their one run (seen now) -------------------------------


def test_nextjs_dev_servers_indented_request_and_marked_lines_are_entries() -> None:
    text = (
        "> next dev -p 3001\n"
        "\n"
        "  \u25b2 Next.js 14.2.35\n"
        " \u2713 Ready in 1215ms\n"
        " GET /blog/tech/nextjs-tutorial 404 in 86ms\n"
        " \u26a0 Fast Refresh had to perform a full reload.\n"
        " \u2a2f unhandledRejection: Error: You cannot use different slug names\n"
        " GET / 200 in 1234ms\n"
    )
    lines = parse(text)
    requests = [samples(e) for e in lines if "http_status" in samples(e)]
    assert requests == [
        {"http_status": 404.0, "response_time_ms": 86.0},
        {"http_status": 200.0, "response_time_ms": 1234.0},
    ]
    assert [e.level for e in lines if e.message[:1] in "\u26a0\u2a2f"] == ["WARNING", "ERROR"]


def test_a_test_runners_deeper_check_marks_stay_under_their_file() -> None:
    text = "PASS src/app.test.js\n  App\n    \u2713 renders the header (25 ms)\n"
    (suite,) = parse(text)
    assert len(suite.detail) == 2


def test_winstons_simple_format_with_its_time_in_the_trailing_json() -> None:
    text = (
        'error: Wrong email or password {"timestamp":"2022-12-29T09:35:52.023Z"}\n'
        'info: order placed {"orderId":7,"timestamp":"2022-12-29T09:36:00.000Z"}\n'
    )
    wrong, placed = parse(text)
    assert (utc(wrong.ts), wrong.level, wrong.message) == (
        "2022-12-29T09:35:52",
        "ERROR",
        "Wrong email or password",
    )
    assert placed.fields == {"orderId": 7} and utc(placed.ts) == "2022-12-29T09:36:00"


def test_laravels_artisan_serve_request_times() -> None:
    text = (
        "  2025-12-19 16:51:31 /manufacturer/production-analytics ......... ~ 500.45ms\n"
        "  2025-12-19 16:54:09 /analyze/ ..................................... ~ 1s\n"
    )
    slow, whole = parse(text)
    assert samples(slow) == {"response_time_ms": 500.45}
    assert samples(whole) == {"response_time_ms": 1000.0}


def test_zap_console_with_the_epoch_encoders_float_seconds() -> None:
    text = (
        "1.630318886106265e+09\tinfo\thttp.log.access.log0\thandled request\t"
        '{"request": {"method": "GET", "uri": "/"}, "duration": 0.00010113, "status": 200}\n'
    )
    (handled,) = parse(text)
    assert utc(handled.ts) == "2021-08-30T10:21:26" and handled.fmt == "zap-console"
    assert samples(handled) == {"http_status": 200.0, "duration_ms": 0.10113}


def test_a_request_line_with_two_spaces_before_its_time() -> None:
    (gin,) = parse("GET /customers 200  249.670821ms\n")
    assert samples(gin) == {"http_status": 200.0, "response_time_ms": 249.670821}


def test_hypercorns_access_line_with_its_bare_http_version() -> None:
    text = (
        "[2024-06-26 15:02:17 +0000] [61211] [INFO] 127.0.0.1:64893 - - "
        '[26/Jun/2024:15:02:17 +0000] "GET /polls/call/async 1.1" 200 65 "-" "ApacheBench/2.3"\n'
        "[2024-06-26 15:02:18 +0000] [61211] [INFO] 127.0.0.1:64894 - - "
        '[26/Jun/2024:15:02:18 +0000] "POST /polls/vote 2" 503 0 "-" "curl/8.0"\n'
    )
    ok, busy = parse(text)
    assert samples(ok) == {"http_status": 200.0}
    assert samples(busy) == {"http_status": 503.0}
