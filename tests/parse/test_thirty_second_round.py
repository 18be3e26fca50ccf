"""Session 32's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import json

import pytest

from console import events as ev
from console.parse import anytime, measures
from tests.helpers.parsing import parse, samples, utc


def test_a_calls_argument_is_no_time_but_audits_record_still_is() -> None:
    # A Rails 7 development.log: the migrator's advisory lock, its 19-digit id in the
    # call's parentheses, was read as nanoseconds (2022), and the undated lines before it
    # placed there
    # (the migrations run before the first request: the lock's line is the file's first)
    text = (
        "   (0.3ms)  SELECT pg_try_advisory_lock(1662137093969659965)\n"
        '  ActiveRecord::SchemaMigration Pluck (0.4ms)  SELECT "schema_migrations"."version"\n'
        'Started GET "/" for ::1 at 2023-03-18 17:48:20 -0300\n'
        "Completed 200 OK in 12ms (Views: 8.1ms | ActiveRecord: 0.9ms)\n"
    )
    lines = parse(text)
    assert min(utc(line.ts) for line in lines) == "2023-03-18T20:48:20"
    # auditd's record, its time in "audit(...)", keeps it; so does a call named for a time
    (audit,) = parse("type=USER_AUTH msg=audit(1364481363.243:24287): pid=2642 uid=0\n")
    assert utc(audit.ts) == "2013-03-28T14:36:03"
    (stamped,) = parse("Timestamp(1567416000, 1) applied op\n")
    assert utc(stamped.ts) == "2019-09-02T09:20:00"


def test_a_go_programs_printed_http_response_is_a_call_it_made() -> None:
    # Terraform's TF_LOG=DEBUG: a provider printing the *http.Response it got (%v)
    line = (
        "2021-08-26T18:15:32.747+0530 [INFO]  provider.terraform-provider-acme: "
        "2021/08/26 18:15:32 [DEBUG] HTTP Response  201 &{201 Created 201 HTTP/1.1 1 1 "
        "map[Content-Type:[application/json]] 0xc000090640 -1 [chunked] false false map[] "
        "0xc0003b6800 0xc000334000}: timestamp=2021-08-26T18:15:32.746+0530\n"
    )
    (read,) = parse(line)
    assert samples(read) == {}
    assert utc(read.ts) == "2021-08-26T12:45:32"
    assert anytime.client_call("HTTP Response 503 &{503 Service Unavailable 503 HTTP/2.0 2 0}")
    # printed with %+v, its fields named
    assert anytime.client_call(
        "response: &{Status:503 Service Unavailable StatusCode:503 Proto:HTTP/1.1 ProtoMajor:1}"
    )


def test_a_runtimes_gc_pause_is_no_request_time() -> None:
    # Seq's "Metrics sampled" (.NET runtime counters, CLEF): the collector's pauses, beside
    # the same log's indexing records whose Elapsed is the work's time
    pause = {
        "@t": "2022-11-19T14:17:21.8874316Z",
        "@mt": "Metrics sampled",
        "GCPauseTimePercentage": 0.8,
        "GCPause0DurationMs": 7.25,
        "GCPause1DurationMs": 7.25,
        "ProcessWorkingSetBytes": 242868224,
    }
    work = {
        "@t": "2022-11-19T14:22:22.0345742Z",
        "@mt": "Indexing took {Elapsed} ms; total iteration time was {Iteration} ms",
        "Elapsed": 12.5,
        "Iteration": 40.1,
    }
    counted, indexed = parse(json.dumps(pause) + "\n" + json.dumps(work) + "\n")
    assert samples(counted) == {}
    assert samples(indexed)["elapsed_ms"] == 12.5
    # a key naming a request's time in an acronym is still one
    assert anytime.guess_role("HTTPRequestDurationMs") is not None
    assert anytime.guess_role("Pause0DurationMs") is None  # a counted word: "pause"
    assert anytime.guess_role("DBQueryDurationMs") is None  # as db_query_duration_ms


def test_a_slow_request_warning_in_json_keeps_its_time_as_in_text() -> None:
    # A Flask app's JSON logging: its slow-request middleware at WARNING names the method,
    # the path, the time and the status; the same message in a text log read both
    record = {
        "timestamp": "2025-10-23T10:43:07",
        "level": "WARNING",
        "module": "__init__",
        "message": "Slow request: GET /ping took 1009.5 ms (status=204, user=1, ip=127.0.0.1)",
    }
    text = "2025-10-23 10:43:07 WARNING " + record["message"] + "\n"
    (as_json,) = parse(json.dumps(record) + "\n")
    (as_text,) = parse(text)
    assert (
        samples(as_json) == samples(as_text) == {"http_status": 204.0, "response_time_ms": 1009.5}
    )
    # a failure saying a status with no request named keeps its status alone (its time
    # read from failures only would skew the chart toward them)
    failed = dict(
        record, level="ERROR", message="request failed: 500 Internal Server Error after 120 ms"
    )
    (said,) = parse(json.dumps(failed) + "\n")
    assert samples(said) == {"http_status": 500.0}


def test_a_slow_request_warning_keeps_its_level_whatever_its_status() -> None:
    # its time read as a text line's is, its level as logged: a 5xx said at WARNING (an
    # outbound call retried) is no access line's 5xx
    record = {"level": "warn", "msg": "Request failed: GET /api/users 503 - 1200ms"}
    (as_json,) = parse(json.dumps(record) + "\n")
    (as_text,) = parse("2024-05-01 10:00:00 WARNING Request failed: GET /api/users 503 - 1200ms\n")
    assert as_json.level == as_text.level == "WARNING"
    assert (
        samples(as_json) == samples(as_text) == {"http_status": 503.0, "response_time_ms": 1200.0}
    )


@pytest.mark.parametrize(
    "path",
    [
        "/x",
        "/coordinator...",
        "/a[status:200",
        "/<--",
        "/<<",
        "/&{200",
        "/HTTP/1.1",
        "/log",
        "/line",
    ],
)
def test_a_plain_request_is_read_first_only_where_no_client_test_holds(path: str) -> None:
    # request_in_message reads METHOD /path STATUS TIME before the client-call tests: the
    # same answer as asking them first
    message = f"GET {path} 200 5ms"
    first = anytime.client_call(message) or measures.quotes_a_line(message)
    assert anytime.request_in_message(message) == (None if first else (200, 5.0))


def test_librdkafkas_own_lines_have_their_severity_and_time() -> None:
    # A Python service's log with its Kafka client's lines between (librdkafka writes its
    # own to stderr: "%<severity>|<epoch.ms>|<facility>|<client>| <message>")
    text = (
        "[2017-10-25T10:37:10.100Z] [INFO] [consumer] polling\n"
        "%3|1508927830.936|FAIL|rdkafka#consumer-1| [thrd:10.0.0.7:9092/bootstrap]: "
        "Connect to ipv4#10.0.0.7:9092 failed: Connection refused\n"
        "%4|1508927831.002|REQTMOUT|rdkafka#consumer-1| [thrd:10.0.0.7:9092/1]: Timed out 1 "
        "in-flight requests\n"
        "%7|1508927831.500|BROKER|rdkafka#producer-2| [thrd:app]: 10.0.0.7:9092: Added\n"
    )
    polling, failed, timed_out, added = parse(text)
    assert polling.level == "INFO"
    assert [failed.level, timed_out.level, added.level] == ["ERROR", "WARNING", "DEBUG"]
    assert utc(failed.ts, "milliseconds") == "2017-10-25T10:37:10.936"
    assert failed.message.startswith("[thrd:10.0.0.7:9092/bootstrap]: Connect")
    assert failed.fields == {"severity": 3, "facility": "FAIL", "client": "rdkafka#consumer-1"}
    # a line of another layout opening with a percent sign is not one
    (other,) = parse("%3|not a time|FAIL|x| message\n")
    assert other.fmt != "librdkafka"


def test_error_naming_a_feature_is_no_level_but_an_error_still_is() -> None:
    # kern.log: PCIe's Downstream Port Containment and EDAC's features, logged at info
    text = (
        "Feb 14 15:05:13 host-7 kernel: [    0.346180] pcieport 0000:00:1c.0: DPC: error "
        "containment capabilities: Int Msg #0, RPExt+ PoisonedTLP+\n"
        "Feb 14 15:05:13 host-7 kernel: [    0.348619] ACPI BIOS Error (bug): Could not resolve "
        "symbol [\\_SB.PR00._CPC], AE_NOT_FOUND (20210730/psargs-330)\n"
        "Feb 14 15:05:14 host-7 kernel: [    0.512000] EDAC MC0: error correction enabled\n"
        "Feb 14 15:05:15 host-7 app[812]: error handling request /checkout: connection reset\n"
    )
    assert [line.level for line in parse(text)] == ["INFO", "ERROR", "INFO", "ERROR"]


def test_plugs_sent_5xx_is_an_error_at_info() -> None:
    # Phoenix's dev console (Plug.Logger): the request served, a 5xx an error at any level
    text = (
        "16:06:45.190 request_id=Fx1 [info] GET /api/items\n"
        "16:06:45.194 request_id=Fx1 [info] Sent 500 in 4ms\n"
        "16:06:46.000 request_id=Fx2 [info] Sent 401 in 1ms\n"
    )
    _get, failed, refused = parse(text)
    assert [failed.level, refused.level] == ["ERROR", "INFO"]
    assert samples(failed) == {"http_status": 500.0, "request_time_ms": 4.0}


def test_indented_agent_lines_in_the_same_second_as_an_error_are_entries() -> None:
    # Nomad 0.5's console (Go's log, four spaces in): a multi-error's list under its entry,
    # then the next lines, logged in the same second
    text = (
        "    2017/01/17 09:23:38 [ERR] driver.exec: unmounting dirs failed: 1 error(s) occurred:\n"
        "\n"
        '* failed to unmount shared alloc dir "/tmp/NomadClient2/alloc": invalid argument\n'
        "    2017/01/17 09:23:38 [ERR] driver.exec: error destroying executor: connection shut\n"
        "    2017/01/17 09:23:38 [DEBUG] client: updated allocations at index 41 (pulled 0)\n"
        "    2017/01/17 09:23:39 [INFO] agent: shutdown complete\n"
    )
    lines = parse(text)
    assert [line.level for line in lines] == ["ERROR", "ERROR", "DEBUG", "INFO"]
    assert "failed to unmount" in "\n".join(lines[0].detail)
    assert utc(lines[-1].ts) == "2017-01-17T09:23:39"


def test_a_remote_apis_answer_in_the_apps_words_is_a_call_it_made() -> None:
    # Phoenix's dev console: its geocoding client's warnings name the API's 429
    text = (
        '18:45:45.087 [warning] LocationIQ API error 429: {"error":"Rate Limited Second"}\n'
        "18:45:45.088 [warning] LocationIQ search failed: API request failed with status 429\n"
        "18:45:45.090 [info] Sent 200 in 3ms\n"
    )
    rate_limited, failed, served = parse(text)
    assert samples(rate_limited) == samples(failed) == {}
    assert samples(served)["http_status"] == 200.0
    assert anytime.client_call("Stripe API returned 502 Bad Gateway")
    assert not anytime.client_call("API v2 ready on :8080")


def test_an_uncaught_exceptions_report_is_an_error() -> None:
    # runserver's output saved to a file: a thread died of an exception nothing caught
    text = (
        "Watching for file changes with StatReloader\n"
        "Exception in thread django-main-thread:\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/app/venv/lib/python3.12/site-packages/django/core/wsgi.py", line 49\n'
        "ModuleNotFoundError: No module named 'django_tenants.middleware.base'\n"
    )
    watching, died = parse(text)
    assert [watching.level, died.level] == ["UNKNOWN", "ERROR"]
    assert died.detail[-1].startswith("ModuleNotFoundError")
    (java,) = parse(
        'Exception in thread "main" java.lang.NullPointerException\n\tat A.main(A.java:5)\n'
    )
    assert java.level == "ERROR"
    # a message of no level, its traceback after it (logger.exception's, default format)
    (logged,) = parse(
        "payment failed for order 8812\n"
        "Traceback (most recent call last):\n"
        '  File "pay.py", line 3, in charge\n'
        "ValueError: card declined\n"
    )
    assert logged.level == "ERROR"


def test_the_kubelets_probe_answer_is_no_status_it_served() -> None:
    text = (
        "I0120 11:43:35.002788    4787 prober.go:117] Readiness probe for "
        '"coredns-6f85d5fb88-flfvm_kube-system(c2bcdbe3):coredns" failed (failure): '
        "HTTP probe failed with statuscode: 503\n"
        "May 12 04:59:13 node-1 kubelet.sh[2473]: I0512 04:59:13.241046    2473 prober.go:107] "
        '"Probe failed" probeType="Startup" pod="openshift-kube-apiserver/kube-apiserver" '
        'probeResult="failure" output="HTTP probe failed with statuscode: 500"\n'
    )
    readiness, startup = parse(text)
    assert samples(readiness) == samples(startup) == {}
    assert [readiness.level, startup.level] == ["INFO", "INFO"]


def test_a_klog_errors_go_stack_is_its_detail() -> None:
    # apimachinery's HandleCrash: "Observed a panic", then the goroutine's frames (Go 1.17+
    # prints an interface's words in braces, "?" where a value may be stale)
    text = (
        "E1011 02:36:26.076334       1 runtime.go:79] Observed a panic: runtime error: "
        "index out of range [0] with length 0\n"
        "goroutine 430 [running]:\n"
        "k8s.io/apimachinery/pkg/util/runtime.logPanic({0x2602f40, 0xc000945f20})\n"
        "        /workspace/vendor/k8s.io/apimachinery/pkg/util/runtime/runtime.go:75 +0x85\n"
        "panic({0x2602f40?, 0xc000945f20?})\n"
        "        /usr/local/go/src/runtime/panic.go:770 +0x132\n"
        "I1011 02:36:27.000000       1 scheduler.go:12] next\n"
    )
    observed, following = parse(text)
    assert observed.level == "ERROR" and len(observed.detail) == 5
    assert following.message == "next"
    # a log file's name before the line is still its prefix
    (named,) = parse("app.log: 2024-01-01 10:00:00 ERROR boom\n")
    assert named.fields == {"prefix": "app.log"}


def test_lambdas_report_is_timed_by_its_duration_not_its_init() -> None:
    # SAM local writes the cold start's Init Duration first; Lambda itself, last
    sam = (
        "REPORT RequestId: 8696d976\tInit Duration: 0.07 ms\tDuration: 1506.87 ms\t"
        "Billed Duration: 1507 ms"
    )
    cloud = (
        "REPORT RequestId: 50c3fd1d\tDuration: 644.49 ms\tBilled Duration: 645 ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: 150.00 ms"
    )
    assert measures.lambda_duration(sam) == 1506.87
    assert measures.lambda_duration(cloud) == 644.49


def test_a_cell_of_no_http_status_is_none() -> None:
    # Heroku's nginx line of 2011: request, client, bytes, protocol, status
    (old,) = parse(
        "Aug  3 04:37:16 heroku[nginx]: GET /events/3 HTTP/1.1 | 67.244.91.42 | 293 | http | 304\n"
    )
    assert "http_status" not in samples(old)
    (gin,) = parse("[GIN] 2024/03/05 - 10:00:01 | 401 |   3.5ms | 10.0.0.1 | GET /x\n")
    assert samples(gin)["http_status"] == 401.0


def test_jenkins_caused_lines_continue_its_trace() -> None:
    text = (
        "2020-08-14 10:24:13.034+0000 [id=27]\tSEVERE\tjenkins.InitReactorRunner$1#onTaskFailed: "
        "Failed SenderImpl.defaultInitialization\n"
        "java.lang.NoClassDefFoundError: hudson/util/HudsonFailedToLoad\n"
        "\tat hudson.init.TaskMethodFinder.invoke(TaskMethodFinder.java:104)\n"
        "Caused: java.lang.Error\n"
        "\tat hudson.init.TaskMethodFinder.invoke(TaskMethodFinder.java:110)\n"
        "2020-08-14 10:24:13.038+0000 [id=20]\tSEVERE\thudson.util.BootFailure#publish: Failed\n"
    )
    failed, boot = parse(text)
    assert [failed.level, boot.level] == ["ERROR", "ERROR"]
    assert "Caused: java.lang.Error" in failed.detail


def test_the_second_reviews_lines_read_as_before() -> None:
    # a Go crash after a klog error is its own FATAL entry, as after any other line
    crash = parse(
        "E1011 02:36:26.076334       1 x.go:79] sync failed\n"
        "panic: runtime error: invalid memory address or nil pointer dereference [recovered]\n"
        "\tpanic: runtime error\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]\n"
        "\n"
        "goroutine 430 [running]:\n"
        "main.main()\n"
        "\t/app/main.go:9 +0x1d\n"
    )
    assert [line.level for line in crash] == ["ERROR", "FATAL"]
    # a script's traceback after kubectl's klog error is an entry of its own
    failed, traceback = parse(
        "E0601 10:00:00.010000   12345 memcache.go:265] couldn't get server API group list\n"
        "Traceback (most recent call last):\n"
        '  File "deploy.py", line 10, in <module>\n'
        "subprocess.CalledProcessError: Command 'kubectl' returned non-zero exit status 1.\n"
    )
    assert failed.level == traceback.level == "ERROR"
    assert traceback.detail[-1].startswith("subprocess")
    # a service naming the request it served after "API ... 500" keeps its status
    (served,) = parse("2024-06-01 10:00:01 WARN API returned 404 for GET /api/users/42\n")
    assert samples(served)["http_status"] == 404.0
    # "error reporting <something>" is a failure; "error reporting enabled" a feature
    metrics, feature = parse(
        "Jun  1 10:00:00 host app[1]: error reporting metrics to statsd: connection refused\n"
        "Jun  1 10:00:01 host kernel: AER: error reporting enabled\n"
    )
    assert [metrics.level, feature.level] == ["ERROR", "INFO"]
    # a log file's name with a parenthesis is still its prefix; Laravel's 419 a status
    (named,) = parse("worker(1).log: 2024-06-01 10:00:06,123 ERROR queue stalled\n")
    assert named.fields == {"prefix": "worker(1).log"}
    (csrf,) = parse("2024-06-01 10:00:00 INFO request | 419 | 12ms | GET /api/x\n")
    assert samples(csrf)["http_status"] == 419.0


def test_logstashs_retried_bulk_action_is_elasticsearchs_answer() -> None:
    (retried,) = parse(
        "[2018-04-17T11:20:49,369][INFO ][logstash.outputs.elasticsearch] retrying failed "
        'action with response code: 503 ({"type"=>"unavailable_shards_exception"})\n'
    )
    assert retried.level == "INFO" and samples(retried) == {}


def test_android_studios_logcat_window_columns() -> None:
    text = (
        "2024-09-30 04:15:53.125 15471-15471 dingbot.versbot         com.example.app"
        "               E  Unknown bits set in runtime_flags: 0x40000000\n"
        "2024-09-30 04:15:53.131 15471-15480 nativeloader            com.example.app"
        "               D  Load libframework-connectivity-jni.so\n"
    )
    failed, loaded = parse(text)
    assert [failed.level, loaded.level] == ["ERROR", "DEBUG"]
    assert failed.fmt == "logcat" and failed.message.startswith("Unknown bits")
    assert loaded.fields == {
        "pid": "15471",
        "tid": "15480",
        "tag": "nativeloader",
        "package": "com.example.app",
    }


def test_gh_run_view_logs_have_their_runner_times() -> None:
    text = (
        "Test (default)\tSet up job\t\ufeff2026-04-17T01:45:21.7681081Z Current runner version\n"
        "Test (default)\tRun tests\t2026-04-17T01:46:21.7708899Z ##[error]Process completed "
        "with exit code 1.\n"
    )
    started, failed = parse(text)
    assert utc(started.ts) == "2026-04-17T01:45:21" and failed.level == "ERROR"
    assert failed.fields == {"job": "Test (default)", "step": "Run tests"}


def test_build_and_test_runners_times_are_tasks_the_panel_counts() -> None:
    from console.parse.derived import RUN, TIMED, DerivedMetrics, latency_tier

    text = (
        "[       OK ] CommandDiagnose.corr_gauss (188 ms)\n"
        "[----------] 5 tests from CommandDiagnose (300 ms total)\n"
        "2025-10-12T01:32:18.4465462Z Time:        1.943 s\n"
        "INFO: Elapsed time: 0.139s, Critical Path: 0.02s\n"
        "2025-10-12T01:32:15.3820454Z added 752 packages, and audited 753 packages in 22s\n"
        "==================== no tests ran in 0.01s ====================\n"
    )
    lines = parse(text)
    # a test's or a step's is a task's; a whole run's or build's, a run's
    assert [latency_tier(e.samples, e) for e in lines] == [
        (TIMED, 188.0), (RUN, 300.0), (RUN, 1943.0), (RUN, 139.0), (TIMED, 22000.0), (RUN, 10.0),
    ]  # fmt: skip
    # BuildKit's plain progress: each step's time
    steps = parse(
        "#1 [internal] load build definition\n#1 DONE 0.0s\n#2 RUN npm ci\n#2 DONE 12.3s\n"
    )
    assert [samples(e).get("task_ms") for e in steps] == [None, 0.0, None, 12300.0]
    # a run's total beside its tests' own times is not the minute's work time; alone, it is;
    # neither is a request's latency
    tests = "".join(
        f"2024-06-01 10:00:{i:02d} tests/a.py::test_{i} PASSED [0.10s] [ 10%]\n" for i in range(8)
    )
    summary = "2024-06-01 10:00:30 ===== 8 passed in 75.25s (0:01:15) =====\n"
    for log, want in ((tests + summary, 100.0), (summary, 75250.0)):
        derived = DerivedMetrics()
        out = [s for e in parse(log) for s in derived.feed(e)] + derived.flush()
        named = {s.name: s.value for s in out}
        assert named[ev.WORK_P99] == want and ev.LATENCY_P99 not in named
    # words of another program's: no runner's time
    for line in (
        "Time: 10:00:00 rotating logs",
        "2024-06-01T10:00:03Z Time: 5 s since last heartbeat",
        "2024-06-01 10:00:00 INFO Elapsed time: 12.3s",
        "[ OK ] GET /health (3 ms)",
    ):
        assert samples(parse(line + "\n")[0]) == {}, line


def test_the_third_reviews_lines_read_as_intended() -> None:
    # a named API's "API error (403)" is a call it made; docker's bare one keeps its status
    (github,) = parse("2024-06-01 10:00:00 ERROR GitHub API error (403): rate limit exceeded\n")
    assert "http_status" not in samples(github)
    # a TSV log with its level first is no gh run log
    (tsv,) = parse("ERROR\tpayments\t2024-06-01T10:00:00Z charge failed\n")
    assert tsv.level == "ERROR" and not (tsv.fields or {}).get("job")
    # a count of a batch after a time with no milliseconds is no Logcat line
    (batch,) = parse("2024-01-01 10:00:00 1-2 of batch A processed\n")
    assert batch.fmt != "logcat"
    # a klog error's message on two lines, then its Go stack: one entry
    (panicked,) = parse(
        "E1011 02:36:26.076334       1 runtime.go:79] Observed a panic: boom\n"
        "extra words of the message\n"
        "goroutine 430 [running]:\n"
        "main.main()\n"
        "\t/app/main.go:9 +0x1d\n"
    )
    assert panicked.level == "ERROR" and len(panicked.detail) == 4
