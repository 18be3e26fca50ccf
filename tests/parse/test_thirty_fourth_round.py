"""Session 34's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples, utc


def test_traefiks_access_line_with_no_status_is_timed_as_a_served_request() -> None:
    # Traefik v2's CLF access log: a scanner's request that matched no router has "-" for
    # its status and size, its duration all the same; the answered ones keep theirs
    text = (
        '212.192.241.99 - - [25/Feb/2022:11:11:35 +0000] "GET /config/getuser?index=0 '
        'HTTP/1.1" - - "-" "-" 53 "-" "-" 0ms\n'
        '86.115.89.79 - - [25/Feb/2022:14:24:27 +0000] "GET / HTTP/2.0" 200 760 "-" "-" 97 '
        '"catapp@docker" "http://192.168.128.3:5000" 10ms\n'
    )
    unsent, answered = parse(text)
    assert samples(unsent) == {measures.UNANSWERED_MS: 0.0}
    assert derived.latency_tier(unsent.samples, unsent) == (derived.SERVED, 0.0)
    assert samples(answered)[measures.HTTP_STATUS] == 200
    assert derived.latency_tier(answered.samples, answered) == (derived.SERVED, 10.0)


def test_envoys_tcp_record_is_read_its_connections_life_no_latency() -> None:
    # istio-proxy's sidecar log (an istioctl bug-report): its TCP listener's records, "- - -"
    # for the request line and 0 for the code, among istio-agent's own lines: a pooled
    # connection's life, no request's time (the review's reading, against the set's);
    # Envoy's HTTP code 0 (the client gone before an answer) is a request unanswered
    text = (
        '[2024-04-04T15:05:22.803Z] "- - -" 0 - - - "-" 1117 1383 1767887 - "-" "-" "-" "-" '
        '"10.244.0.9:5432" inbound|5432|| 127.0.0.6:60887 10.244.0.9:5432 10.244.0.15:49146 '
        "outbound_.5432_._.db-service.default.svc.cluster.local -\n"
        '[2024-04-04T15:06:00.000Z] "GET /api HTTP/1.1" 0 DC downstream_remote_disconnect - "-" '
        '0 0 35 - "-" "curl/8.5" "5f1c" "api" "10.244.0.9:8080" inbound|8080|| 127.0.0.6:1 '
        "10.244.0.9:8080 10.244.0.15:3 - default\n"
    )
    tcp, gone = parse(text)
    assert tcp.fmt == "envoy" and gone.fmt == "envoy"
    assert samples(tcp) == {measures.CONNECTION_MS: 1767887.0}
    assert "method" not in (tcp.fields or {})
    assert derived.latency_tier(tcp.samples, tcp) is None
    assert samples(gone) == {measures.UNANSWERED_MS: 35.0}
    # a quoted run of dashes that is no Envoy request line stays text
    (other,) = parse('[2024-04-04T15:06:00.000Z] "- -" 0 - - 1 2 3\n')
    assert other.fmt != "envoy"


def test_clf_with_its_time_unbracketed_keeps_its_time() -> None:
    # Quarkus's access log before 2.0 ("combined" with %t written bare): the ident and user
    # dashes before the time are no sentence's words
    (line,) = parse(
        '127.0.0.1 - - 18/Jan/2021:16:37:21 +0100 "GET /swagger HTTP/1.1" 200 55908 '
        '"http://127.0.0.1:18087/swagger-ui/" "Mozilla/5.0 (X11; Linux x86_64)"\n'
    )
    assert utc(line.ts) == "2021-01-18T15:37:21"
    assert samples(line)[measures.HTTP_STATUS] == 200
    # a date in a sentence is still no line's time
    (other,) = parse("next run of the job 2020-01-01 10:00:00 as planned\n")
    assert utc(other.ts) == "2030-01-01T00:00:00"


def test_pumas_banner_behind_its_masters_pid_is_read() -> None:
    # Puma in cluster mode writes the master's pid before its shutdown banner
    text = (
        "=== puma startup: 2025-01-10 09:29:31 -0800 ===\n"
        "[9173] - Worker 0 (PID: 9199) booted in 0.0s, phase: 0\n"
        "[9173] === puma shutdown: 2025-01-10 09:30:36 -0800 ===\n"
        "[9173] - Goodbye!\n"
    )
    stamps = [utc(line.ts) for line in parse(text)]
    assert stamps[0] == "2025-01-10T17:29:31"
    assert "2025-01-10T17:30:36" in stamps


def test_a_connections_ping_is_no_work_but_a_job_named_ping_is() -> None:
    # ZooKeeper's client at DEBUG: its session's heartbeat; Sidekiq 3 running a job class
    # called Ping
    text = (
        "2015-11-03 16:35:10,360 [myid:] - DEBUG [main-SendThread(127.0.0.1:2181):ClientCnxn"
        "$SendThread@717] - Got ping response for sessionid: 0x150cd2b3a0c0001 after 0ms\n"
        "2014-08-11T05:10:30Z 37866 TID-owxj5vsj4 Ping JID-c0b5abc94af26ba9280fc4eb INFO: "
        "done: 0.642 sec\n"
    )
    ping, job = parse(text)
    assert derived.latency_tier(ping.samples, ping) is None
    assert derived.latency_tier(job.samples, job) == (derived.TIMED, 642.0)


def test_a_timed_line_of_no_level_with_a_traceback_is_an_error() -> None:
    # RQ's worker ("%H:%M:%S %(message)s": no level), a job's exception logged with its
    # traceback; a logback file appender's "%d %logger-%msg%n" with its exception's frames;
    # a time-of-day line of no level word is no INFO either
    text = (
        "20:47:56 default: Job OK (4f1d8a7e-d2c1-4787-896e-c069252a98b1)\n"
        "20:47:56 [Job 136c66b3]: exception raised while executing (app.jobs.evaluate)\n"
        "Traceback (most recent call last):\n"
        '  File "/app/.venv/lib/python3.12/site-packages/rq/worker.py", line 1430, in '
        "perform_job\n"
        "    rv = job.perform()\n"
        "RuntimeError: Working outside of application context.\n"
        "20:47:57 Result is kept for 500 seconds\n"
    )
    ok, failed, kept = parse(text)
    assert ok.level == "UNKNOWN" and kept.level == "UNKNOWN"
    assert failed.level == "ERROR"
    java = (
        "2025-08-13 09:19:00 o.s.boot.SpringApplication-Application run failed\n"
        "org.springframework.context.ApplicationContextException: Failed to start bean\n"
        "\tat org.springframework.context.support.DefaultLifecycleProcessor.doStart("
        "DefaultLifecycleProcessor.java:408)\n"
        "2025-08-13 14:34:00 c.b.o.c.a.JwtAuthenticationHandler-Full authentication is "
        "required\n"
    )
    failed, said = parse(java)
    assert failed.level == "ERROR"
    assert said.level == "UNKNOWN"
    # a stack trace printed on its own (no time, no level) stays a line of no level
    (printed,) = parse(
        "java.lang.IllegalStateException: closed\n\tat com.example.Pool.get(Pool.java:12)\n"
    )
    assert printed.level == "UNKNOWN"


def test_a_pipelines_step_timed_in_its_message_is_work() -> None:
    # Dagster's run log: a step's STEP_SUCCESS with its time; a start-up's step is none
    text = (
        "2026-03-15 15:37:26 +0700 - dagster - DEBUG - __ASSET_JOB - 575c2153-1dc0-4c38-8a25-"
        "9f1cd957630f - 78089 - db_health_check - STEP_SUCCESS - Finished execution of step "
        '"db_health_check" in 1.37s.\n'
        "2026-03-15 15:37:27 INFO Setup step complete, server started in 2.1s\n"
    )
    step, setup = parse(text)
    assert derived.latency_tier(step.samples, step) == (derived.TIMED, 1370.0)
    assert derived.latency_tier(setup.samples, setup) is None


def test_uwsgis_error_line_is_an_error() -> None:
    # uwsgi_error(): the call, strerror's words, the C source's place (its only error mark)
    text = (
        "probably another instance of uWSGI is running on the same address (0.0.0.0:5004).\n"
        "bind(): Address already in use [core/socket.c line 769]\n"
        "VACUUM: pidfile removed.\n"
    )
    levels_seen = [line.level for line in parse(text)]
    assert levels_seen.count("ERROR") == 1
    (note,) = parse("see the manual [chapter 3 line 12]\n")
    assert note.level == "UNKNOWN"


def test_a_nested_keys_outer_objects_do_not_make_it_a_duration() -> None:
    # MongoDB's error logged whole by winston: under "errorResponse", "$clusterTime" holds a
    # timestamp and a signing key's halves, none a response's time
    record = (
        '{"errorResponse":{"$clusterTime":{"clusterTime":{"$timestamp":"7474317463929225221"},'
        '"signature":{"hash":"SOii","keyId":{"high":1730403860,"low":8}}},"code":112,'
        '"codeName":"WriteConflict","ok":0},"level":"error","ok":0,'
        '"timestamp":"2025-02-22 07:49:07.273 PM"}\n'
        '{"level":"info","message":"done","response":{"timeMs":12},'
        '"timestamp":"2025-02-22 07:49:08.000 PM"}\n'
    )
    mongo, timed = parse(record)
    assert samples(mongo) == {}
    assert mongo.level == "ERROR"
    assert samples(timed) == {"response_time_ms": 12.0}


def test_a_mail_clients_reply_code_is_no_http_status() -> None:
    # Nodemailer's error through winston: the SMTP server's reply to AUTH
    (line,) = parse(
        '{"code":"EAUTH","command":"AUTH PLAIN","level":"error","response":"535-5.7.8 Username '
        'and Password not accepted.","responseCode":535,"timestamp":"2025-02-21 12:58:46.396 '
        'PM"}\n'
    )
    assert measures.HTTP_STATUS not in samples(line)
    assert line.level == "ERROR"
    # Istio mixer's access record keeps its responseCode
    (served,) = parse('{"level":"info","responseCode":503,"responseSize":91,"method":"GET"}\n')
    assert samples(served)[measures.HTTP_STATUS] == 503


def test_a_day_of_the_year_in_javas_slipped_pattern_is_read() -> None:
    # logback's "yyyy-MM-DD HH:mm" (DD: the day of the year): 225 in August is the 13th
    text = (
        "2025-08-225 09:19 o.s.boot.SpringApplication-Application run failed\n"
        "2025-08-225 14:34 c.b.o.c.a.JwtAuthenticationHandler-Full authentication\n"
    )
    first, second = parse(text)
    assert utc(first.ts) == "2025-08-13T09:19:00"
    assert utc(second.ts) == "2025-08-13T14:34:00"
    assert first.message.startswith("o.s.boot.SpringApplication")
    # a day of the year that is not in the month written is no such date
    (other,) = parse("2025-02-145 09:19 x\n")
    assert utc(other.ts) == "2030-01-01T00:00:00"


def test_an_exporters_push_answered_is_no_served_status() -> None:
    # Micrometer's OTLP registry and OpenTelemetry's Java exporters, and Traefik's
    # ForwardAuth: the collector's or the auth server's answer to a call the program made
    text = (
        "2025-05-19 04:00:52 WARN Failed to publish metrics (context: url=http://localhost:"
        "4318/v1/metrics). Server responded with HTTP status code 404 and body 404 page not "
        "found\n"
        "2024-11-28T01:03:03Z DBG github.com/traefik/traefik/v3/pkg/middlewares/auth/forward.go"
        ":187 > Remote error http://gateway:8000/auth. StatusCode: 401 middlewareName=auth@file "
        "middlewareType=ForwardAuth\n"
        "Response Code: HTTP/1.1 200 OK\n"
    )
    for line in parse(text):
        assert measures.HTTP_STATUS not in samples(line), line.message


def test_a_level_word_joined_to_a_name_by_a_hyphen_is_no_level() -> None:
    # ybd's build log names each component in brackets ("[libgpg-error]")
    text = (
        "0 15-08-23 20:44:19 [libgpg-error] Cache_key is libgpg-error.8683bc12ee08\n"
        "2024-01-01 10:00:00 [error-handler] registered\n"
        "2024-01-01 10:00:01 -ERROR- disk full\n"
    )
    component, handler, said = parse(text)
    assert component.level != "ERROR"
    assert handler.level != "ERROR"
    assert said.level == "ERROR"


def test_go_tests_times_are_a_tests_and_a_packages_runs() -> None:
    text = (
        "=== RUN   TestJsoniterParallel\n"
        "--- FAIL: TestJsoniterParallel (0.07s)\n"
        "FAIL\n"
        "FAIL\tgithub.com/sudo-suhas/jsoniter-parallel\t0.337s\n"
        "ok  \tgithub.com/x/cached\t(cached)\n"
    )
    run, verdict, fail, package, cached = parse(text)
    assert samples(run) == {} and samples(fail) == {} and samples(cached) == {}
    assert derived.latency_tier(verdict.samples, verdict) == (derived.TIMED, 70.0)
    assert samples(package) == {measures.RUN_MS: 337.0}
    assert verdict.level == "ERROR"


def test_gitea_before_1_2_brackets_its_caller_before_the_level() -> None:
    text = (
        "2017/04/04 16:37:08 [...routers/repo/http.go:137 HTTP()] [E] invalid token\n"
        "2017/04/04 16:37:09 [...routers/repo/http.go:137 HTTP()] [W] slow\n"
    )
    error, warning = parse(text)
    assert error.level == "ERROR" and warning.level == "WARNING"


def test_squids_reply_never_sent_is_timed_as_a_served_request() -> None:
    # Squid's native access.log: 000 when no reply went (the client aborted)
    text = (
        "1748692014.123  50824 172.21.0.2 TCP_MISS_ABORTED/000 0 POST http://172.25.0.2:3100/"
        "request - HIER_NONE/- -\n"
        "1748692015.456     17 172.21.0.2 TCP_MISS/200 512 GET http://172.25.0.2:3100/ - "
        "HIER_DIRECT/172.25.0.2 text/html\n"
    )
    aborted, answered = parse(text)
    assert samples(aborted) == {measures.UNANSWERED_MS: 50824.0}
    assert derived.latency_tier(aborted.samples, aborted) == (derived.SERVED, 50824.0)
    assert samples(answered)[measures.HTTP_STATUS] == 200


def test_the_reviews_variants_of_this_sessions_rules() -> None:
    # Dagster's format_duration past a minute; a training loop's "step:" counter is no step
    # of work; Nodemailer's other commands; a two-digit day of the year (February's 46th
    # day: the 15th) and a 12-hour clock in the slipped pattern
    text = (
        '2026-03-15 15:37:26 INFO STEP_SUCCESS - Finished execution of step "db" in 4m52s.\n'
        "2026-03-15 15:37:27 INFO step:5050/20000 train_loss:2.0232 train_time:219627ms\n"
    )
    step, training = parse(text)
    assert derived.latency_tier(step.samples, step) == (derived.TIMED, 292000.0)
    assert derived.latency_tier(training.samples, training) is None
    (smtp,) = parse(
        '{"code":"EPROTOCOL","command":"LHLO","level":"error","response":"500 5.5.1 '
        'Unrecognized command","responseCode":500,"timestamp":"2025-02-21 12:58:46.396 PM"}\n'
    )
    assert measures.HTTP_STATUS not in samples(smtp)
    february, evening = parse(
        "2025-02-46 09:19 o.s.boot.SpringApplication-Application run failed\n"
        "2025-08-225 09:19:00 PM c.e.App-started\n"
    )
    assert utc(february.ts) == "2025-02-15T09:19:00"
    assert utc(evening.ts) == "2025-08-13T21:19:00" and evening.message == "c.e.App-started"


def test_the_reviews_cases_that_must_stay_as_they_were() -> None:
    # ingress-nginx's access record (Elastic's integration): the upstream's response time is
    # no second request time; a served "ping request" is work; systemd's list-timers row
    # opens with its empty columns' dashes; a Cisco mnemonic under a time of day
    (ingress,) = parse(
        '{"nginx_ingress_controller":{"access":{"upstream":{"response":{"time":0.0}}}},'
        '"http":{"response":{"status_code":200}},"@timestamp":"2024-01-01T00:00:00Z",'
        '"message":"x"}\n'
    )
    assert samples(ingress) == {measures.HTTP_STATUS: 200.0}
    (ping,) = parse("2026-03-15 10:00:00 handled ping request in 0.4ms\n")
    assert derived.latency_tier(ping.samples, ping) == (derived.TIMED, 0.4)
    timers, cisco = parse(
        "-      -      Fri 2024-05-31 10:00:00 UTC 1h ago  logrotate.timer  logrotate.service\n"
        "10:15:32 %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down\n"
    )
    assert utc(timers.ts) != "2024-05-31T10:00:00"
    assert cisco.level == "ERROR"


def test_a_traceback_under_a_line_of_no_level_in_other_shapes() -> None:
    # Python 3.11's exception group under its margins; Node's frames after an Error line
    text = (
        "2024-06-01 10:00:00,123 Retrying connection\n"
        "  + Exception Group Traceback (most recent call last):\n"
        '  |   File "a.py", line 1, in x\n'
        "  | ExceptionGroup: two (2 sub-exceptions)\n"
        "2024-06-01 10:00:02 boom\n"
        "Error: connect ECONNREFUSED 127.0.0.1:5432\n"
        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n"
        "2024-06-01 10:00:04 said\n"
        "    at the moment nothing (really)\n"
    )
    group, node, said = parse(text)
    assert group.level == "ERROR" and node.level == "ERROR"
    assert said.level == "UNKNOWN"


def test_firebase_functions_log_letters_and_invocation_times() -> None:
    # `firebase functions:log`: the time, the severity's first letter ("?" for none), the
    # function, its text; Cloud Functions' own line after each invocation
    text = (
        '2026-09-10T21:45:19.271952409Z E sendAlert: {"@type":"type.googleapis.com/google.'
        'cloud.audit.AuditLog","status":{"code":3}}\n'
        "2026-09-11T04:11:23.235851502Z D sendAlert: Function execution started\n"
        "2026-09-11T04:11:23.305403Z ? sendAlert: Error sending message: TypeError: x\n"
        "2026-09-11T04:11:23.309954272Z D sendAlert: Function execution took 74 ms, finished "
        "with status: 'ok'\n"
        "2026-09-11T04:12:00.000000Z D api: Function execution took 12 ms, finished with "
        "status code: 503\n"
        "2026-09-11T04:13:00.000000Z D api: Function execution took 60002 ms, finished with "
        "status: 'timeout'\n"
    )
    audit, started, said, ok, http, timeout = parse(text)
    assert audit.level == "ERROR" and started.level == "DEBUG" and said.level == "UNKNOWN"
    assert (said.fields or {})["function"] == "sendAlert"
    assert derived.latency_tier(ok.samples, ok) == (derived.SERVED, 74.0)
    assert samples(http) == {measures.HTTP_STATUS: 503.0, "request_time_ms": 12.0}
    assert http.level == "ERROR"
    assert timeout.level == "ERROR"
    assert derived.latency_tier(timeout.samples, timeout) == (derived.SERVED, 60002.0)


def test_aws_logs_tails_stream_before_lambdas_report() -> None:
    # `aws logs tail`: the time, the log stream, the event's message; a script printing
    # Lambda's events with a labelled epoch
    text = (
        "2026-02-14T22:46:53.306000+00:00 2026/02/14/[$LATEST]d4d758d0872b4fff9546e5acf5b3dfd3 "
        "REPORT RequestId: 6c4767c3-7b62-421f-8b80-c4a494605ddd\tDuration: 2.15 ms\tBilled "
        "Duration: 3 ms\tMemory Size: 3008 MB\tMax Memory Used: 236 MB\n"
    )
    (report,) = parse(text)
    assert samples(report) == {"response_time_ms": 2.15}
    assert utc(report.ts) == "2026-02-14T22:46:53"
    (printed,) = parse("Timestamp: 1723345218900, Message: INIT_START Runtime Version: x\n")
    assert utc(printed.ts) == "2024-08-11T03:00:18"
    (count,) = parse("Count: 1723345218900 items\n")
    assert utc(count.ts) == "2030-01-01T00:00:00"


def test_suricatas_watched_http_status_is_no_served_one() -> None:
    (line,) = parse(
        '{"timestamp":"2023-11-01T00:53:22.769061+0100","flow_id":788731571723811,'
        '"event_type":"http","src_ip":"10.10.31.101","dest_ip":"72.21.81.240","http":'
        '{"hostname":"ctldl.windowsupdate.com","url":"/x.cab","http_method":"GET",'
        '"protocol":"HTTP/1.1","status":304,"length":0}}\n'
    )
    assert measures.HTTP_STATUS not in samples(line)


def test_windows_updates_classic_log_tab_and_colon_milliseconds() -> None:
    # WindowsUpdate.log before Windows 10: date, a tab, the time with ":mmm"
    (line,) = parse(
        "2021-08-28\t03:07:48:216\t 648\t13bc\tReport\tCWERReporter finishing event handling. "
        "(00000000)\n"
    )
    assert utc(line.ts, "milliseconds") == "2021-08-28T03:07:48.216"


def test_sparks_task_time_is_work() -> None:
    # TaskSetManager's line on a task's end; the executor's own line has no time
    text = (
        "2025-02-17 16:23:39 INFO  TaskSetManager: Finished task 0.0 in stage 0.0 (TID 0) in "
        "95 ms on 172.20.10.2 (executor driver) (1/1)\n"
        "2025-02-17 16:23:39 INFO  Executor: Finished task 0.0 in stage 0.0 (TID 0). 1679 "
        "bytes result sent to driver\n"
    )
    task, executor = parse(text)
    assert derived.latency_tier(task.samples, task) == (derived.TIMED, 95.0)
    assert samples(executor) == {}


def test_the_second_reviews_cases() -> None:
    # a time key further in is a field the line quotes; Python's hyphen-joined layout keeps
    # its level; Squid's ICP query times no request (a connection closed before its request
    # was whole is timed, as the sets' readers took it); console.log's "?" line keeps its
    # own word; the HTTP Request plugin's newer answers; go test's coverage tail and skips;
    # Filebeat's Suricata record
    quoted, hyphened = parse(
        'User { id: 42, name: "bob", createdAt: 1577836800000, updatedAt: 1600000000000 }\n'
        "2024-06-01 12:00:00,123-root-ERROR-Connection refused by db\n"
    )
    assert utc(quoted.ts) != "2020-01-01T00:00:00"
    assert hyphened.level == "ERROR"
    closed, icp = parse(
        "1586362534.551      0 10.0.0.1 NONE/000 0 NONE error:transaction-end-before-headers"
        " - HIER_NONE/- -\n"
        "1686362535.100      0 10.0.0.5 UDP_MISS/000 80 ICP_QUERY http://www.example.com/ - "
        "HIER_NONE/- -\n"
    )
    assert samples(closed) == {measures.UNANSWERED_MS: 0.0} and samples(icp) == {}
    (said,) = parse("2024-06-01T12:00:00.123456789Z ? api: [ERROR] payment failed\n")
    assert said.level == "ERROR"
    for line in parse(
        "Response Code: 404\nSuccess: Status code 200 is in the accepted range: 100:399\n"
    ):
        assert measures.HTTP_STATUS not in samples(line)
    covered, skipped = parse(
        "ok  \tgithub.com/x/y/util\t0.337s\tcoverage: 80.0% of statements\n"
        "--- SKIP: TestNetwork (0.00s)\n"
    )
    assert samples(covered) == {measures.RUN_MS: 337.0}
    assert samples(skipped) == {}
    (beat,) = parse(
        '{"@timestamp":"2024-01-01T00:00:00Z","suricata":{"eve":{"flow_id":1,"event_type":'
        '"http"}},"http":{"response":{"status_code":503}}}\n'
    )
    assert measures.HTTP_STATUS not in samples(beat)
