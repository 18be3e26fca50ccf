"""Issue 17, the tenth round's rules: lines written here in the shapes real services print
(kube-apiserver's utiltrace under klog, ...), never copied from a log."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples, utc


def test_utiltrace_ids_are_neither_times_nor_levels_and_the_message_gives_the_year() -> None:
    """kube-apiserver's ``Trace[1917639367]:`` lines: the ten digits are the trace's id (not
    epoch 2030-10-07), ``Trace`` names it (not the TRACE level), and the year-less klog header
    takes its year from the request's ``(started: 2021-02-22 ...)`` on the same day."""
    lines = parse(
        'I0222 14:50:14.088876       1 trace.go:116] Trace[1917639367]: "Create" '
        "url:/api/v1/namespaces/default/events,client:10.0.0.7 (started: 2021-02-22 "
        "14:50:13.431720484 +0000 UTC m=+1.5) (total time: 656.99ms):\n"
        "Trace[1917639367]: [656.975963ms] [656.83016ms] Object stored in database\n"
        'I0222 14:50:15.000001       1 trace.go:116] Trace[1979611518]: "Get" '
        "url:/api/v1/namespaces/default/pods/web-1 (started: 2021-02-22 14:50:13.5)\n"
        "Trace[1979611518]: [1.454519871s] [1.454507917s] About to write a response\n"
    )
    assert [utc(e.ts) for e in lines] == ["2021-02-22T14:50:14", "2021-02-22T14:50:15"]
    assert [e.level for e in lines] == ["INFO", "INFO"]
    # (two entries: the trace lines are continuations of their klog line)


def test_a_year_less_klog_header_without_a_full_time_keeps_the_placed_year() -> None:
    lines = parse("E0222 14:50:14.088876       1 server.go:10] listen failed: 2021-03-01\n")
    assert utc(lines[0].ts) == "2024-02-22T14:50:14" and lines[0].level == "ERROR"


def test_logrus_terminal_levels_before_a_bracket_still_read() -> None:
    lines = parse(
        "ERRO[0001] cannot pull image                     image=web:1\n"
        "WARN[0002] retrying                              attempt=2\n"
    )
    assert [e.level for e in lines] == ["ERROR", "WARNING"]


def test_a_syslog_line_behind_its_facility_and_priority() -> None:
    """A relay that writes ``facility.priority:`` before each line (syslogd's and BusyBox
    logread's shown priority): the line behind it reads as ever, at the priority's level,
    and an inner full time on the same day gives the year."""
    lines = parse(
        "daemon.debug: Oct 14 14:44:22 gw nginx: 2015/10/14 14:44:22 [debug] 4313#0: *10 "
        "http finalize request: 504\n"
        "kern.err: Oct 14 14:44:23 gw kernel: eth0: link down\n"
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2015-10-14T14:44:22", "DEBUG"),
        ("2015-10-14T14:44:23", "ERROR"),
    ]
    assert lines[1].fields is not None and lines[1].fields["facility"] == "kern"


def test_a_klog_line_sent_to_syslog_keeps_its_letter_as_the_level() -> None:
    """kubelet under systemd: journald's syslog form around the klog header. The letter is
    the level (E: error), where a level word was looked for and none found (info)."""
    lines = parse(
        "Apr 29 04:15:01 node-4 kubelet[32157]: I0429 04:15:01.160018   32157 "
        "kubelet.go:1777] Starting kubelet main sync loop.\n"
        "Apr 29 04:15:01 node-4 kubelet[32157]: E0429 04:15:01.160066   32157 "
        "kubelet.go:1277] Image garbage collection failed once.\n"
        "Apr 29 04:15:02 node-4 kubelet[32157]: W0429 04:15:02.000001   32157 "
        "pod_workers.go:9] no info about the pod\n"
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "WARNING"]
    assert utc(lines[1].ts) == "2024-04-29T04:15:01"


def test_a_worker_job_done_in_a_time_is_its_duration() -> None:
    """Celery's ``Task name[id] succeeded in 0.0472s: result``: a worker's job is its
    request, so the job's run time is a duration, in seconds as written."""
    lines = parse(
        "[2014-07-15 15:02:53,450: INFO/MainProcess] Task app.tasks.notify[6144f4ff-afb3] "
        "succeeded in 0.0471999645233s: None\n"
        "[2014-07-15 15:02:54,000: INFO/MainProcess] Received task: app.tasks.notify[aa-1]\n"
        "2024-05-16 09:23:38,120 INFO worker: job 12 completed in 1.5 seconds\n"
    )
    assert [samples(e).get("response_time_ms") for e in lines] == [
        pytest.approx(47.2, abs=0.01),
        None,
        1500.0,
    ]


def test_rails_2_request_blocks_take_their_time_from_processing() -> None:
    """Rails 2.x's production.log: ``Processing Controller#action (for IP at time) [GET]``
    opens each request (its time, no zone), ``Completed in 140ms (DB: 12) | 302 Found [url]``
    closes it."""
    lines = parse(
        "Processing Admin::OrdersController#index (for 127.0.0.1 at 2009-09-24 04:13:52) [GET]\n"
        '  Parameters: {"action"=>"index", "controller"=>"admin/orders"}\n'
        "Redirected to http://localhost:3000/login\n"
        "Completed in 140ms (DB: 12) | 302 Found [http://localhost/admin/orders]\n"
    )
    assert utc(lines[0].ts) == "2009-09-24T04:13:52"
    assert all(utc(e.ts) == "2009-09-24T04:13:52" for e in lines)
    done = [samples(e) for e in lines if "http_status" in samples(e)]
    assert done == [{"http_status": 302.0, "response_time_ms": 140.0}]


def test_an_access_record_with_an_empty_message_is_shown_as_its_request() -> None:
    """Traefik's JSON access log writes ``"msg": ""``: the log view showed 27 empty lines
    folded into one. The request (method, path, status) stands in for the message."""
    lines = parse(
        '{"DownstreamStatus":499,"Duration":1569800,"RequestMethod":"GET",'
        '"RequestPath":"/favicon.ico","ServiceURL":"http://web:3000","level":"info","msg":"",'
        '"time":"2024-06-07T09:43:37+09:00"}\n'
        '{"status":502,"method":"POST","uri":"/api/pay","msg":"","time":"2024-06-07T00:43:38Z"}\n'
        '{"status":200,"msg":"","time":"2024-06-07T00:43:39Z"}\n'
    )
    assert [e.message for e in lines[:2]] == ["GET /favicon.ico 499", "POST /api/pay 502"]
    assert lines[2].message.startswith('{"status":200')  # nothing to name it: the line


def test_a_start_up_completed_in_a_time_is_no_request() -> None:
    lines = parse(
        "2023-04-27T19:52:08.313Z  INFO 2954 --- [main] w.s.c.ServletWebServerApplicationContext"
        " : Root WebApplicationContext: initialization completed in 2264 ms\n"
        "2023-04-27T19:52:09.000Z  INFO 2954 --- [main] c.e.Worker : job 7 completed in 12 ms\n"
    )
    assert [samples(e).get("response_time_ms") for e in lines] == [None, 12.0]


def test_aws_lambda_s_report_line_gives_the_invocation_s_duration() -> None:
    """``REPORT RequestId: <id>  Duration: 644.49 ms  Billed Duration: 645 ms ...``: the
    invocation's time (not the billed one, nor the init)."""
    lines = parse(
        "START RequestId: 1223-aa Version: $LATEST\n"
        "2022-02-16T19:24:49.569Z\t1223-aa\tINFO\tInitializing table...\n"
        "END RequestId: 1223-aa\n"
        "REPORT RequestId: 1223-aa\tDuration: 644.49 ms\tBilled Duration: 645 ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 63 MB\tInit Duration: 198.77 ms\t\n"
    )
    assert [samples(e).get("response_time_ms") for e in lines] == [None, None, None, 644.49]
    assert all(utc(e.ts) == "2022-02-16T19:24:49" for e in lines)


def test_a_klog_letter_is_kept_over_a_status_the_message_names() -> None:
    """kubelet's readiness probe at ``I``: the 503 is the probed container's answer, the
    line stays at INFO. (Since session 32 the status is not read: the kubelet's probe is
    a call it made, as set 309's reader took it; it had been read as one it served.)"""
    lines = parse(
        'I0120 11:43:35.002788    4787 prober.go:117] Readiness probe for "web-1:app" failed '
        "(failure): HTTP probe failed with statuscode: 503\n"
    )
    assert lines[0].level == "INFO" and "http_status" not in samples(lines[0])


def test_rfc_822_s_two_digit_year_before_a_time() -> None:
    """Go's ``time.RFC822`` (``02 Jan 06 15:04 MST``), as a Gin LoggerWithFormatter writes
    it: the 21 is the year, not the day of a year-less ``Jan 21``."""
    lines = parse(
        "127.0.0.1 - [28 Jan 21 16:13 UTC] GET /swagger/index.html 200 1.836168ms\n"
        "127.0.0.1 - [28 Jan 21 16:14 UTC] GET /swagger/ui.css 200 3.252014ms\n"
    )
    assert [utc(e.ts) for e in lines] == ["2021-01-28T16:13:00", "2021-01-28T16:14:00"]
