"""Kubernetes components' and their neighbours' logs (issue 17, set 33): klog's JSON format
behind a node's name, a record's full time giving year-less klog lines their year, the
istio ztunnel's tab-separated access lines, kube-apiserver's httplog lines."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_klog_json_behind_a_node_address_is_read_as_a_record() -> None:
    # talosctl logs / a collector writing "<node>: " before each record of the node
    lines = parse(
        '10.5.0.3: {"ts":1717236000250.5,"caller":"app/server.go:12","msg":"Started","v":0}\n'
        '10.5.0.3: {"ts":1717236001500.25,"caller":"kubelet/pods.go:88","msg":"Sync failed",'
        '"pod":"default/web-0","err":"image pull back-off"}\n'
        'worker-2: {"ts":1717236002000,"caller":"kubelet/pods.go:90","msg":"Retrying","v":2}\n'
    )
    assert [utc(e.ts) for e in lines] == [
        "2024-06-01T10:00:00",
        "2024-06-01T10:00:01",
        "2024-06-01T10:00:02",
    ]
    assert [e.level for e in lines] == ["INFO", "ERROR", "INFO"]
    assert [e.message for e in lines] == ["Started", "Sync failed", "Retrying"]
    assert lines[0].fields["prefix"] == "10.5.0.3"
    assert lines[2].fields["prefix"] == "worker-2"


def test_a_colon_in_prose_before_braces_is_no_prefix() -> None:
    lines = parse("Config loaded: {a: 1}\nsummary: {not json at all}\n")
    assert [e.fmt for e in lines] == ["plain", "plain"]


def test_logfmt_full_time_gives_klog_lines_after_it_their_year() -> None:
    # Traefik's logrus text and client-go's klog in one container log: December 2021, a
    # year the reference (June 2024) alone would not give the year-less klog lines
    lines = parse(
        'time="2021-12-05T08:00:00Z" level=info msg="Provider started"\n'
        "E1205 08:00:30.100000       1 reflector.go:138] failed to list *v1.Service\n"
        "I1205 08:00:30.200000       1 trace.go:205] Trace[12]: list (total time: 30000ms):\n"
        "E1205 08:00:31.300000       1 reflector.go:138] failed to list *v1.Secret\n"
        'time="2021-12-05T08:00:32Z" level=error msg="Provider connection error"\n'
    )
    assert [utc(e.ts) for e in lines] == [
        "2021-12-05T08:00:00",
        "2021-12-05T08:00:30",
        "2021-12-05T08:00:30",
        "2021-12-05T08:00:31",
        "2021-12-05T08:00:32",
    ]


def test_json_record_time_gives_klog_lines_after_it_their_year() -> None:
    lines = parse(
        '{"level":"info","ts":"2021-12-05T08:00:00Z","msg":"controller started"}\n'
        "E1205 08:00:30.100000       1 reflector.go:138] failed to list *v1.Node\n"
        "E1205 08:00:31.100000       1 reflector.go:138] failed to list *v1.Node\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2021-12-05T08:00:00",
        "2021-12-05T08:00:30",
        "2021-12-05T08:00:31",
    ]


def test_ztunnel_access_pairs_after_the_tabbed_columns() -> None:
    # Rust tracing through istio's formatter: time, level, target, message, then the fields
    lines = parse(
        "2024-05-16T09:00:01.500000Z\tinfo\taccess\tconnection complete\t"
        "src.addr=10.1.0.4:41000 dst.addr=10.1.0.9:15008 "
        'dst.service=cart.shop.svc.cluster.local direction="outbound" '
        'bytes_sent=310 bytes_recv=1200 duration="14ms"\n'
        "2024-05-16T09:00:02.250000Z\twarn\taccess\tconnection complete\t"
        'src.addr=10.1.0.4:41002 direction="inbound" bytes_sent=0 bytes_recv=0 '
        'duration="0ms" error="connection reset"\n'
    )
    assert [e.message for e in lines] == ["connection complete"] * 2
    assert [samples(e).get("duration_ms") for e in lines] == [14.0, 0.0]
    assert [e.level for e in lines] == ["INFO", "WARNING"]
    assert lines[0].fields["direction"] == "outbound"


def test_tabbed_columns_with_prose_last_keep_it_as_message() -> None:
    lines = parse("2024-05-16T09:00:01.500000Z\tinfo\tproxy\tready to serve traffic\n")
    assert lines[0].message == "ready to serve traffic"
    assert samples(lines[0]) == {}


def test_kube_apiserver_httplog_before_1_19_status_and_latency() -> None:
    lines = parse(
        "I0516 09:00:03.100000       1 httplog.go:90] GET /api/v1/namespaces/shop/pods/cart-0:"
        " (2.5ms) 404 [kubectl/v1.16.2 (linux/amd64) kubernetes/0a1b2c3 10.0.0.5:40110]\n"
        "I0516 09:00:03.300000       1 httplog.go:90] PATCH /api/v1/nodes/worker-3/status:"
        " (812.25µs) 200 [kubelet/v1.16.2 (linux/amd64) kubernetes/0a1b2c3 10.0.0.7:51000]\n"
        "I0516 09:00:04.000000       1 controller.go:12] synced (3 of 4) 200 objects\n"
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 404.0, "response_time_ms": 2.5},
        {"http_status": 200.0, "response_time_ms": 0.81225},
        {},
    ]


def test_kube_apiserver_httplog_structured_latency_is_read() -> None:
    lines = parse(
        'I0516 09:00:05.000000      11 httplog.go:132] "HTTP" verb="LIST" '
        'URI="/api/v1/secrets?limit=500" latency="14.250375ms" userAgent="kube-controller-'
        'manager/v1.28.2" audit-ID="0c2f" srcIP="10.0.0.9:42000" resp=200\n'
        'I0516 09:00:06.000000      11 httplog.go:132] "HTTP" verb="WATCH" '
        'URI="/api/v1/pods?watch=true" latency="5m0.0012s" userAgent="kubelet/v1.28.2" '
        'audit-ID="0c30" srcIP="10.0.0.7:42010" resp=200\n'
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 200.0, "response_time_ms": 14.250375},
        {"http_status": 200.0, "response_time_ms": 300001.2},
    ]


def test_journal_line_whose_message_opens_with_a_level_and_a_time() -> None:
    # journalctl's short output of a daemon writing "LEVEL RFC3339 file:line msg" itself
    lines = parse(
        "-- Logs begin at Thu 2020-03-05 07:00:00 UTC, end at Thu 2020-03-05 08:00:00 UTC. --\n"
        "Mar 05 07:10:00 node-1 docker[4100]: INFO 2020-03-05T07:10:00+00:00 app/main.go:40 "
        "Starting\n"
        "Mar 05 07:10:01 node-1 docker[4100]: ERRO 2020-03-05T07:10:01+00:00 task/run.go:12 "
        "Task 9f2 not found\n"
        "Mar 05 07:10:02 node-1 docker[4100]: WARN 2020-03-05T07:10:02+00:00 task/run.go:30 "
        "Retrying\n"
        "Mar 05 07:10:03 node-1 docker[4100]: Error of a kind nobody levelled\n"
    )
    assert [e.level for e in lines] == ["INFO", "ERROR", "WARNING", "ERROR"]
    assert utc(lines[0].ts) == "2020-03-05T07:10:00"


def test_gin_row_without_its_date_status_and_latency() -> None:
    # a Gin logger writing its row without the date: "[GIN] status | latency | ip | method path"
    lines = parse(
        "2020-03-05T07:10:04+00:00 ERRO log/gin.go:97 [GIN] 404 |      2.25ms |  | GET     /v1/x\n"
        "2020-03-05T07:10:05+00:00 INFO log/gin.go:97 [GIN] 200 |   812.5µs | 10.0.0.4 | PUT /y\n"
        "2020-03-05T07:10:06+00:00 INFO cache/warm.go:9 [cache] 200 | entries warmed\n"
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 404.0, "response_time_ms": 2.25},
        {"http_status": 200.0, "response_time_ms": 0.8125},
        {},
    ]


def test_docker_client_api_error_status() -> None:
    # go-dockerclient's Error: "API error (<status>): <message>"
    lines = parse(
        "2020-03-05T07:10:07+00:00 ERRO app/run.go:190 Failed to remove container: "
        "API error (409): removal of container 3fe1 is already in progress\n"
        "2020-03-05T07:10:08+00:00 ERRO app/run.go:191 Failed: parse error (409 items left)\n"
    )
    assert [samples(e).get("http_status") for e in lines] == [409.0, None]
    assert [e.level for e in lines] == ["ERROR", "ERROR"]


def test_latency_reached_after_an_action() -> None:
    lines = parse(
        'I0310 11:00:05.100000       1 client.go:184] Pod "api-7c9d" in namespace "perf" with'
        ' IP "10.2.0.7" reached 1.25s after policy creation\n'
        'I0310 11:00:05.200000       1 client.go:184] Pod "api-7c9e" reached 812.5ms after'
        " policy update\n"
        "I0310 11:00:06.000000       1 quota.go:40] usage reached 80% after resize\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [1250.0, 812.5, None]
