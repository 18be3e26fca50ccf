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
