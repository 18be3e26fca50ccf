"""Set 24's shapes (message brokers', coordination and storage servers' own logs), in lines
of our own: HashiCorp agents' console output before hclog (a ``==>`` banner, then Go's
``log`` lines indented by four spaces), go-multierror's bullets under the error that
announced them, Nomad's and Consul's ``http: Request`` durations, and a Go panic after
dated lines (docs/log-formats.md, sections 3, 6 and 7)."""

from __future__ import annotations

import pytest

from tests.helpers.parsing import parse, samples, utc

AGENT = (
    "==> Starting Consul agent...\n"
    "==> Consul agent running!\n"
    "         Node name: 'db-2'\n"
    "        Datacenter: 'east'\n"
    "\n"
    "==> Log data will now stream in as it occurs:\n"
    "\n"
    "    2019/03/04 08:10:01 [INFO] raft: Node at 10.9.0.2:8300 [Follower] entering Follower\n"
    "    2019/03/04 08:10:01 [ERR] agent: failed to sync remote state: No cluster leader\n"
    "    2019/03/04 08:10:03 [WARN] agent: Join failed: EOF, retrying in 30s\n"
)


def test_indented_go_log_lines_after_the_banner_are_entries() -> None:
    lines = parse(AGENT)
    dated = [ln for ln in lines if ln.fmt != "plain"]
    assert [ln.message for ln in dated] == [
        "raft: Node at 10.9.0.2:8300 [Follower] entering Follower",
        "agent: failed to sync remote state: No cluster leader",
        "agent: Join failed: EOF, retrying in 30s",
    ]
    assert [ln.level for ln in dated] == ["INFO", "ERROR", "WARNING"]
    assert utc(dated[1].ts) == "2019-03-04T08:10:01"
    # the banner's lines take the first entry's time; its indented settings stay its detail
    banner = [ln for ln in lines if ln.fmt == "plain"]
    assert all(utc(ln.ts) == "2019-03-04T08:10:01" for ln in banner)
    assert banner[1].message == "==> Consul agent running!"
    assert "         Node name: 'db-2'" in banner[1].detail


def test_a_notice_between_indented_lines_leaves_them_entries() -> None:
    lines = parse(
        "    2019/03/04 08:11:00 [DEBUG] client: node registration complete\n"
        "==> Newer Nomad version available: 0.9.1\n"
        "    2019/03/04 08:12:30 [DEBUG] client: updated allocations at index 7\n"
        "    2019/03/04 08:12:31 [ERR] client: failed to start task 'web'\n"
    )
    assert [ln.message for ln in lines] == [
        "client: node registration complete",
        "==> Newer Nomad version available: 0.9.1",
        "client: updated allocations at index 7",
        "client: failed to start task 'web'",
    ]
    assert utc(lines[3].ts) == "2019-03-04T08:12:31"
    assert lines[3].level == "ERROR"


def test_an_indented_undated_line_still_continues_a_plain_line() -> None:
    lines = parse("Usage: tool [options]\n    -v  verbose\n    2 modes: fast, slow\n")
    assert len(lines) == 1
    assert lines[0].detail == ("    -v  verbose", "    2 modes: fast, slow")


def test_multierror_bullets_after_a_blank_line_are_the_errors() -> None:
    lines = parse(
        "    2019/03/04 08:20:00 [INFO] driver.docker: started container 4f2a\n"
        "    2019/03/04 08:20:01 [ERR] driver.docker: error registering services: "
        "2 error(s) occurred:\n"
        "\n"
        "* Put http://127.0.0.1:8500/v1/agent/service/register: dial tcp: connection refused\n"
        "* Put http://127.0.0.1:8500/v1/agent/check/register: dial tcp: connection refused\n"
        "    2019/03/04 08:20:02 [DEBUG] client: updated allocations at index 9\n"
    )
    assert [ln.level for ln in lines] == ["INFO", "ERROR", "DEBUG"]
    err = lines[1]
    assert [d for d in err.detail if d] == [
        "* Put http://127.0.0.1:8500/v1/agent/service/register: dial tcp: connection refused",
        "* Put http://127.0.0.1:8500/v1/agent/check/register: dial tcp: connection refused",
    ]
    assert utc(lines[2].ts) == "2019-03-04T08:20:02"


def test_a_bullet_under_a_message_without_a_colon_stands_alone() -> None:
    lines = parse("2019-03-04 08:20:01 ERROR sync failed\n\n* Put http://10.0.0.1/x: refused\n")
    assert [ln.message for ln in lines] == ["sync failed", "* Put http://10.0.0.1/x: refused"]


def test_nomad_and_consul_http_request_durations() -> None:
    lines = parse(
        "    2019/03/04 08:30:00 [DEBUG] http: Request /v1/jobs (212.5ms)\n"
        "    2019/03/04 08:30:00 [DEBUG] http: Request /v1/job/web/allocations (87.25µs)\n"
        "    2019/03/04 08:30:01 [DEBUG] http: Request GET /v1/kv/app/config (1.5s) "
        "from=10.9.0.7:51234\n"
        "    2019/03/04 08:30:02 [DEBUG] sched.core: job GC: scanning before index 12 (4h0m0s)\n"
    )
    assert [samples(ln).get("response_time_ms") for ln in lines] == [
        212.5,
        pytest.approx(0.08725),
        1500.0,
        None,
    ]
    assert not samples(lines[3])


def test_a_go_panic_after_dated_lines_is_one_entry() -> None:
    lines = parse(
        "E240304 08:40:00.100000 812 kv/queue.go:120  [n1,s1] range lookup failed\n"
        "I240304 08:40:00.200000 812 kv/queue.go:130  [n1,s1] retrying lookup\n"
        "panic: runtime error: index out of range [3] with length 3 [recovered]\n"
        "\tpanic: runtime error: index out of range [3] with length 3\n"
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a1b2c]\n"
        "\n"
        "goroutine 4411 [running]:\n"
        "example.com/kv/stop.(*Stopper).Recover(0xc0001a2000, 0x1f2e3d0, 0xc0002b4000)\n"
        "\t/src/example.com/kv/stop/stopper.go:180 +0x11f\n"
        "panic(0x1a2b3c0, 0x2b3c4d0)\n"
        "\t/usr/local/go/src/runtime/panic.go:513 +0x1b9\n"
        "example.com/kv.(*queue).process(...)\n"
        "\t/src/example.com/kv/queue.go:88\n"
        "created by example.com/kv/stop.(*Stopper).RunWorker\n"
        "\t/src/example.com/kv/stop/stopper.go:193 +0xa8\n"
    )
    assert [ln.level for ln in lines] == ["ERROR", "INFO", "FATAL"]
    crash = lines[2]
    assert crash.message.startswith("panic: runtime error")
    assert "goroutine 4411 [running]:" in crash.detail
    assert "panic(0x1a2b3c0, 0x2b3c4d0)" in crash.detail
    assert crash.detail[-1] == "\t/src/example.com/kv/stop/stopper.go:193 +0xa8"
    assert utc(crash.ts) == "2024-03-04T08:40:00"


def test_work_done_after_a_time_is_its_duration_a_shutdown_or_a_wait_is_not() -> None:
    lines = parse(
        "[2024-03-04 08:50:00,100] INFO [KafkaServer id=2] Controlled shutdown request "
        "returned successfully after 41ms (kafka.server.KafkaServer)\n"
        "[2024-03-04 08:50:01,100] WARN [Consumer clientId=c1] fetch request failed, "
        "retrying after 100ms (org.example.Fetcher)\n"
        "[2024-03-04 08:50:02,100] WARN [Admin clientId=a1] metadata request timed out "
        "after 30000 ms (org.example.Admin)\n"
        "[2024-03-04 08:50:03,100] INFO [Log partition=t-0] loaded segments after 12ms "
        "(kafka.log.Log)\n"
        "[2024-03-04 08:50:04,100] [PID 7] [Thread-3] [dramatiq.middleware.time_limit] [INFO] "
        "Completed after 137.26ms.\n"
    )
    # (a controlled shutdown's time is the broker's own operation, as a start-up's is: no
    # request's since session 33, where it was 41 ms)
    got = [samples(ln).get("duration_ms") for ln in lines]
    assert got == [None, None, None, None, 137.26]


def test_a_time_out_after_a_time_is_no_duration() -> None:
    lines = parse(
        "2024-03-04 08:51:00,000+0000 WARN  [worker-7 <query>select from asset</query>]  "
        "*SYSTEM org.example.ResultFeeder - Timed out adding query result to queue 4a1c "
        "after 60 seconds, aborting query\n"
    )
    assert samples(lines[0]) == {}


MINIO = (
    "\n"
    "API: SYSTEM()\n"
    "Time: 09:05:10 JST 03/04/2024\n"
    "DeploymentID: 5e0c1a2b-0000-4000-8000-00000000abcd\n"
    "Error: disk path full (cmd.StorageFull)\n"
    "       1: cmd/disk-monitor.go:88:cmd.watchDisks()\n"
    "\n"
    "API: GetObject(bucket=photos, object=2024/cat.jpg)\n"
    "Time: 09:06:00 +05 03/04/2024\n"
    "DeploymentID: 5e0c1a2b-0000-4000-8000-00000000abcd\n"
    "RequestID: 17B2C3D4E5F60718\n"
    "RemoteHost: 10.4.0.9\n"
    "Host: 10.4.0.2:9000\n"
    "UserAgent: curl/8.5.0\n"
    "Error: read failed: input/output error (*os.PathError)\n"
    "       2: cmd/xl-storage.go:1201:cmd.(*xlStorage).ReadFile()\n"
    "       1: net/http/server.go:2136:http.HandlerFunc.ServeHTTP()\n"
)


def test_minio_console_error_blocks_are_one_entry_each() -> None:
    lines = [ln for ln in parse(MINIO) if ln.message]
    assert [ln.message for ln in lines] == [
        "disk path full (cmd.StorageFull)",
        "read failed: input/output error (*os.PathError)",
    ]
    assert [ln.level for ln in lines] == ["ERROR", "ERROR"]
    assert [utc(ln.ts) for ln in lines] == ["2024-03-04T00:05:10", "2024-03-04T04:06:00"]
    assert lines[1].fields is not None
    assert lines[1].fields["api"] == "GetObject(bucket=photos, object=2024/cat.jpg)"
    assert "UserAgent: curl/8.5.0" in lines[1].detail
    assert lines[1].detail[-1] == "       1: net/http/server.go:2136:http.HandlerFunc.ServeHTTP()"


def test_an_api_line_without_a_block_time_stays_a_plain_line() -> None:
    lines = parse("API: moved to v2 (see docs)\nTime: spent well\nHost: build-7\n")
    assert [ln.fmt for ln in lines] == ["plain", "plain", "plain"]
