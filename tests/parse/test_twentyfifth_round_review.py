"""Review of session 25's rules against real shapes they were not written for: Sidekiq 6's
job context, Kubernetes controllers' syncs, Elasticsearch's slow logs, JSON request records
after a text line, gorouter's access line since its ISO time. Lines written here in those
shapes."""

from __future__ import annotations

from console.parse.derived import SERVED, TIMED, latency_tier
from tests.helpers.parsing import parse, samples


def test_a_sidekiq_job_named_by_its_context_is_work_served() -> None:
    # Sidekiq 6 and 7's Pretty formatter (lib/sidekiq/logger.rb: "#{time} pid=... tid=...
    # #{format_context} #{severity}: #{message}"), the JobLogger's "done" and "fail" with
    # class=, jid= and elapsed= (seconds) in the context: a job's time, as Sidekiq 5's
    # "done: 0.399 sec" is
    lines = parse(
        "2024-06-08T18:48:21.000Z pid=17794 tid=gmhm4v1ya class=HardJob jid=d3fef4c8fb3b1a2c "
        "elapsed=0.512 INFO: done\n"
        "2024-06-08T18:48:23.000Z pid=17794 tid=gmhm4v1ya class=HardJob jid=0a1b2c3d4e5f6a7b "
        "elapsed=1.25 INFO: fail\n"
    )
    assert [latency_tier(line.samples, line) for line in lines] == [
        (TIMED, 512.0),
        (TIMED, 1250.0),
    ]


def test_a_kubernetes_controllers_sync_is_its_own_operation() -> None:
    # kube-controller-manager's klog structured lines: each controller's "Finished syncing"
    # with the object's key and its time; the job and endpoints controllers' names (their
    # message, their logger="job-controller") say "job" and "endpoint" all the same
    lines = parse(
        'I0704 15:18:37.102416       1 replica_set.go:676] "Finished syncing" '
        'logger="replicaset-controller" kind="ReplicaSet" key="default/web-659495bc6" '
        'duration="1.306100611s"\n'
        'I0704 15:18:38.000000       1 job_controller.go:566] "Finished syncing job" '
        'logger="job-controller" key="default/pi" elapsed="1.234ms"\n'
        'I0704 15:18:38.200000       1 endpoints_controller.go:348] "Finished syncing service '
        'endpoints" logger="endpoint-controller" service="default/web" duration="100.5ms"\n'
    )
    assert [
        samples(line).get("duration_ms", samples(line).get("elapsed_ms")) for line in lines
    ] == [
        1306.100611,
        1.234,
        100.5,
    ]
    assert [latency_tier(line.samples, line) for line in lines] == [None, None, None]


def test_elasticsearchs_indexing_slow_log_times_a_request() -> None:
    # Elasticsearch's slow logs (index.search.slowlog.query, index.indexing.slowlog.index):
    # "took[1.5s], took_millis[1500], ...": a search's and a document's indexing, served
    # alike; the indexing line names no query
    lines = parse(
        "[2024-06-08T18:48:23,000][WARN ][index.indexing.slowlog.index] [node-1] "
        "[orders/m1Ixaa5DS2ei0pnBvnmBJw] took[1.5s], took_millis[1500], type[_doc], id[1], "
        'routing[], source[{"sku":"a-1"}]\n'
        "[2024-06-08T18:48:24,000][WARN ][index.search.slowlog.query] [node-1] [orders][0] "
        "took[1.2s], took_millis[1200], total_hits[3], types[], stats[], "
        'search_type[QUERY_THEN_FETCH], total_shards[1], source[{"size":0}]\n'
    )
    assert [latency_tier(line.samples, line) for line in lines] == [
        (TIMED, 1500.0),
        (TIMED, 1200.0),
    ]


def test_json_request_records_after_a_text_line_are_records_of_their_own() -> None:
    # morgan-json (its README's string format, ':method :url :status ... :response-time ms'):
    # no time, level or message key, each a request served, after the app's own text line;
    # an error object's fields (winston's, the case 400ffdd read) time nothing
    lines = parse(
        "2024-06-08 18:48:20 INFO Listening on port 3000\n"
        '{"method":"GET","url":"/api/orders","status":"200","length":"512",'
        '"response-time":"12.300 ms"}\n'
        '{"method":"POST","url":"/api/orders","status":"500","length":"20",'
        '"response-time":"40.100 ms"}\n'
        "2024-06-08 18:48:22 ERROR connect ECONNREFUSED 127.0.0.1:6379\n"
        '{ "errno": -61, "code": "ECONNREFUSED", "syscall": "connect", "port": 6379 }\n'
    )
    assert [line.fmt for line in lines] == ["text", "json", "json", "text"]
    assert [latency_tier(line.samples, line) for line in lines[1:3]] == [
        (SERVED, 12.3),
        (SERVED, 40.1),
    ]
    assert lines[3].detail[0].startswith('{ "errno": -61')


def test_gorouters_access_line_with_its_iso_time_gives_the_response_time() -> None:
    # gorouter since 2019 (accesslog/schema/access_log_record.go): the start time as
    # "2006-01-02T15:04:05.000000000Z", the addresses quoted, response_time: (seconds) then
    # gorouter_time:, the extra headers after x_cf_routererror: (x_b3_traceid:); alone and
    # through `cf logs`
    record = (
        'demo.example.com - [2024-06-08T18:48:27.990123456Z] "GET /api HTTP/1.1" 200 0 512 '
        '"-" "curl/8.0" "10.0.0.1:5000" "10.0.1.2:61001" x_forwarded_for:"203.0.113.9" '
        'x_forwarded_proto:"https" vcap_request_id:"1f2e3d4c" response_time:0.012345 '
        'gorouter_time:0.000321 app_id:"2f6a" app_index:"0" instance_id:"9b2c" '
        'x_cf_routererror:"-" x_b3_traceid:"7f3c" x_b3_spanid:"7f3c" x_b3_parentspanid:"-"'
    )
    for text in (record, f"2024-06-08T18:48:28.00+0000 [RTR/0] OUT {record}"):
        (line,) = parse(text + "\n")
        assert latency_tier(line.samples, line) == (SERVED, 12.345)
