"""Issue 17, the eleventh round's tune halves (sets 16 and 17): lines written here in the
shapes real programs print (the JVM's GC logs, unified and JDK 8's, MongoDB 3.x's slow
operations, Candlepin's LoggingFilter, neutron's OVS agent loop, ping's replies, Rails 1.x's
``Completed in``, OpenStack clients' ``RESP:``, klog behind a container runtime's time),
never copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# --- JVM GC logs ----------------------------------------------------------------------------


def test_unified_gc_log_phase_times_are_durations_not_their_steps() -> None:
    """JDK 9+'s ``-Xlog:gc*``: a ``[gc]`` line ``GC(N) <what> [heap] N.NNNms`` closes a pause
    or concurrent phase with its time; the steps under other tags (``gc,phases``) and CPU
    times (``gc,cpu``) are parts of it, no durations of their own."""
    lines = parse(
        "[2023-04-02T09:15:20.101+0200][3.201s][info][gc,start    ] GC(7) Pause Young (Normal)"
        " (G1 Evacuation Pause)\n"
        "[2023-04-02T09:15:20.108+0200][3.208s][info][gc,phases   ] GC(7)   Evacuate Collection"
        " Set: 5.1ms\n"
        "[2023-04-02T09:15:20.109+0200][3.209s][info][gc          ] GC(7) Pause Young (Normal)"
        " (G1 Evacuation Pause) 40M->12M(256M) 7.842ms\n"
        "[2023-04-02T09:15:20.109+0200][3.209s][info][gc,cpu      ] GC(7) User=0.02s Sys=0.00s"
        " Real=0.01s\n"
        "[4.020s][info][gc] GC(8) Concurrent Mark Cycle 31.5ms\n"
    )
    assert [samples(e) for e in lines] == [
        {},
        {},
        {"duration_ms": 7.842},
        {},
        {"duration_ms": 31.5},
    ]
    assert utc(lines[2].ts) == "2023-04-02T07:15:20"


def test_jdk8_gc_log_pause_is_the_outer_secs_not_the_times_or_inner_collector() -> None:
    """``-XX:+PrintGCDetails -XX:+PrintGCDateStamps``: ``<date>: <uptime>: [GC ... , N secs]``;
    the pause is the last ``, N secs]`` of the event (ParNew's inner one comes first), not
    ``[Times: ... real=N secs]``; the detail lines indented under it are the same entry."""
    lines = parse(
        "2019-07-01T12:00:03.250+0000: 41.002: [GC (Allocation Failure) 2019-07-01T12:00:03.250"
        "+0000: 41.002: [ParNew: 55040K->6080K(61440K), 0.0211000 secs] 120000K->80000K"
        "(200000K), 0.0213400 secs] [Times: user=0.05 sys=0.00, real=0.02 secs]\n"
        "2019-07-01T12:00:09.900-0700: 47.650: [GC pause (G1 Evacuation Pause) (young),"
        " 0.0087650 secs]\n"
        "   [Parallel Time: 7.9 ms, GC Workers: 4]\n"
        "      [GC Worker Start (ms): Min: 47650.1, Avg: 47650.2, Max: 47650.3, Diff: 0.2]\n"
        "2019-07-01T12:00:10.000+0000: 47.750: [Full GC (Ergonomics) 90000K->70000K(200000K),"
        " 0.3100000 secs]\n"
    )
    assert [samples(e) for e in lines] == [
        {"duration_ms": 21.34},
        {"duration_ms": 8.765},
        {"duration_ms": 310.0},
    ]
    assert utc(lines[1].ts) == "2019-07-01T19:00:09"


def test_a_line_merely_mentioning_secs_is_no_gc_pause() -> None:
    lines = parse("2019-07-01T12:00:03.250+0000 INFO backup done, 3.5 secs]\n")
    assert samples(lines[0]) == {}


# --- MongoDB 3.0-4.2 text: a slow operation's time ---------------------------------------


def test_mongodb_text_slow_operation_time_closes_the_line() -> None:
    """MongoDB before 4.4 logs an operation slower than slowms as one line ending with its
    time (``... locks:{...} protocol:op_msg 215ms``): a query's duration. A line that does
    not end so has none; a ``maxTimeMS: 30000`` inside the command is a limit."""
    lines = parse(
        "2021-03-04T10:20:30.400+0300 I COMMAND  [conn42] command shop.orders command: find {"
        ' find: "orders", filter: { user: 7 }, maxTimeMS: 30000 } planSummary: COLLSCAN'
        " keysExamined:0 docsExamined:90210 nreturned:3 reslen:412 locks:{ Global: {"
        " acquireCount: { r: 1 } } } protocol:op_msg 215ms\n"
        "2021-03-04T10:20:31.000+0300 I WRITE    [conn43] update shop.carts query: { _id: 5 }"
        " planSummary: IDHACK nMatched:1 nModified:1 numYields:0 locks:{} 118ms\n"
        "2021-03-04T10:20:32.000+0300 I NETWORK  [conn44] received client metadata, maxTimeMS:"
        " 500\n"
    )
    assert [samples(e) for e in lines] == [
        {"query_duration_ms": 215.0},
        {"query_duration_ms": 118.0},
        {},
    ]
    assert [e.level for e in lines] == ["INFO", "INFO", "INFO"]


# --- Candlepin's LoggingFilter ------------------------------------------------------------


def test_candlepin_response_line_gives_status_and_time_in_ms() -> None:
    """Candlepin's LoggingFilter logs ``Response: status=N, content-type=..., time=N``, the
    time in milliseconds; its ``Request: verb=..., uri=...`` line has neither."""
    lines = parse(
        "2020-01-15 08:30:00,101 [req=0a1b2c3d-0000-4000-8000-000000000001, org=] INFO "
        "org.candlepin.common.filter.LoggingFilter - Request: verb=PUT, uri=/candlepin/owners/x\n"
        "2020-01-15 08:30:00,377 [req=0a1b2c3d-0000-4000-8000-000000000001, org=acme] INFO  "
        'org.candlepin.common.filter.LoggingFilter - Response: status=404, content-type="appli'
        'cation/json", time=276\n'
    )
    assert [samples(e) for e in lines] == [
        {},
        {"http_status": 404.0, "response_time_ms": 276.0},
    ]
    assert lines[1].level == "WARNING"


# --- neutron's OVS agent loop -------------------------------------------------------------


def test_neutron_agent_loop_iteration_elapsed_is_seconds() -> None:
    """neutron-openvswitch-agent's ``Agent rpc_loop - iteration:N completed. ... Elapsed:%.3f``
    (seconds, time.time() differences): the loop's time."""
    lines = parse(
        "2023-06-01 12:00:00.010 2210 INFO neutron.plugins.ml2.drivers.openvswitch.agent."
        "ovs_neutron_agent [req-11111111-2222-3333-4444-555555555555 - - - - -] Agent rpc_loop"
        " - iteration:17 started\n"
        "2023-06-01 12:00:00.260 2210 INFO neutron.plugins.ml2.drivers.openvswitch.agent."
        "ovs_neutron_agent [req-11111111-2222-3333-4444-555555555555 - - - - -] Agent rpc_loop"
        " - iteration:17 completed. Processed ports statistics: {'regular': {'added': 1,"
        " 'updated': 0, 'removed': 0}}. Elapsed:0.250\n"
    )
    assert [samples(e) for e in lines] == [{}, {"duration_ms": 250.0}]


# --- ping's replies -------------------------------------------------------------------------


def test_ping_reply_round_trip_time_is_a_response_time() -> None:
    """iputils' ping reply ``64 bytes from H: icmp_seq=N ttl=N time=N ms`` (behind a logger's
    time and level): the round trip is the reply's time."""
    lines = parse(
        "2022-09-09 07:00:01.500 probe INFO 64 bytes from 10.1.2.3: icmp_seq=4 ttl=64"
        " time=12.4 ms\n"
        "2022-09-09 07:00:02.500 probe INFO 64 bytes from 10.1.2.3: icmp_seq=5 ttl=64 time=0.071"
        " ms\n"
        "2022-09-09 07:00:03.500 probe INFO From 10.1.2.1 icmp_seq=6 Destination Host"
        " Unreachable\n"
    )
    assert [samples(e) for e in lines] == [
        {"response_time_ms": 12.4},
        {"response_time_ms": 0.071},
        {},
    ]


# --- Rails 1.x ------------------------------------------------------------------------------


def test_rails_1_completed_in_seconds_with_requests_per_second() -> None:
    """Rails 1.x and 2.0 log ``Completed in 0.31250 (3 reqs/sec) | ... | 200 OK [url]``: the
    time in seconds, no unit written (2.2 on writes ``Completed in 312ms``)."""
    lines = parse(
        "Completed in 0.31250 (3 reqs/sec) | Rendering: 0.10000 (32%) | DB: 0.02000 (6%) | 200"
        " OK [http://shop.example.org/cart]\n"
    )
    assert samples(lines[0]) == {"http_status": 200.0, "response_time_ms": 312.5}


# --- OpenStack clients' RESP: ---------------------------------------------------------------


def test_openstack_client_resp_line_gives_its_status() -> None:
    """keystoneauth / keystoneclient log ``RESP: [201] {headers}``, neutronclient ``RESP:404
    {headers}``: the status of the call, at DEBUG (its level kept)."""
    lines = parse(
        "2016-02-03 04:05:06.700 3100 DEBUG keystoneclient.session [-] RESP: [201] "
        "{'content-length': '80', 'connection': 'keep-alive'}\n"
        "2016-02-03 04:05:06.900 3100 DEBUG neutronclient.client [req-1 ] RESP:404 {'date': "
        "'Wed, 03 Feb 2016 09:05:06 GMT'}\n"
    )
    assert [(samples(e), e.level) for e in lines] == [
        ({"http_status": 201.0}, "DEBUG"),
        ({"http_status": 404.0}, "DEBUG"),
    ]


# --- klog behind a container runtime's time --------------------------------------------------


def test_klog_in_a_cri_line_takes_its_year_from_the_runtimes_time() -> None:
    """klog writes no year (``I0305 ...``); the runtime's time before it (``2022-03-05T...
    stderr F``) has one, so klog's time is of that year, whatever the other lines' years."""
    lines = parse(
        "2022-03-05T23:59:59.900100200+00:00 stderr F I0305 23:59:59.899000      12 server.go:41]"
        " serving\n"
        "2021-03-05T10:00:00.000200300+00:00 stderr F E0305 10:00:00.000100      12 server.go:50]"
        " failed\n"
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2022-03-05T23:59:59", "INFO"),
        ("2021-03-05T10:00:00", "ERROR"),
    ]
