"""Session 38's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import json

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples

_BIND_FAILED = (
    "/srv/gems/unicorn-4.8.3/lib/unicorn/socket_helper.rb:167:in `bind_listen': Don't know "
    "how to bind: ./tmp/sockets/unicorn.sock (ArgumentError)\n"
    "\tfrom /srv/gems/unicorn-4.8.3/lib/unicorn/http_server.rb:242:in `listen'\n"
    "\tfrom /srv/gems/unicorn-4.8.3/bin/unicorn:126:in `<top (required)>'\n"
)


def test_rubys_report_of_an_exception_nothing_rescued_is_an_error() -> None:
    # Discourse's unicorn.stderr.log (set 422): a Redis client's error raised to the top,
    # Ruby's own report of it (eval_error.c: "<frame>: <message> (<class>)", "\tfrom" frames)
    # after the lines of another writer: one error, its frames its detail
    text = (
        "I, [2020-04-10T10:29:18.000000 #75]  INFO -- : Refreshing Gem list\n"
        "Failed to report error: Error connecting to Redis on localhost:6379\n"
        "/var/www/gems/redis-4.1.3/lib/redis/client.rb:362:in `rescue in establish_connection'"
        ": Error connecting to Redis on localhost:6379 (Errno::EADDRNOTAVAIL) "
        "(Redis::CannotConnectError)\n"
        "\tfrom /var/www/gems/redis-4.1.3/lib/redis/client.rb:343:in `establish_connection'\n"
        "\tfrom /var/www/gems/redis-4.1.3/lib/redis/client.rb:106:in `block in connect'\n"
    )
    _info, unleveled, crashed = parse(text)
    assert unleveled.level == "UNKNOWN"
    assert crashed.level == "ERROR" and crashed.message.endswith("(Redis::CannotConnectError)")
    assert len(crashed.detail) == 2
    # a frame of a backtrace alone is no report of its own
    (frame,) = parse("/var/www/gems/redis-4.1.3/lib/redis/client.rb:343:in `establish'\n")
    assert frame.level == "UNKNOWN"


def test_rubys_report_after_the_error_line_that_logged_it_is_that_errors() -> None:
    # Unicorn's stderr (set 331): "FATAL -- : error adding listener", then Ruby's report of
    # the same exception as the master dies: one failure, one error
    text = (
        "F, [2014-11-13T10:04:16.735699 #24475] FATAL -- : error adding listener "
        "addr=./tmp/sockets/unicorn.sock\n"
        + _BIND_FAILED
        + "I, [2014-11-13T10:06:10.200430 #24688]  INFO -- : listening on addr=0.0.0.0:8080\n"
    )
    fatal, listening = parse(text)
    assert fatal.level == "FATAL" and fatal.message.startswith("error adding listener")
    assert fatal.detail[0].endswith("(ArgumentError)") and len(fatal.detail) == 3
    assert listening.level == "INFO"
    # after an entry that is no error, the report is its own
    after_info = parse(
        "I, [2014-11-13T10:04:16.735699 #24475]  INFO -- : reaped worker\n" + _BIND_FAILED
    )
    assert [e.level for e in after_info] == ["INFO", "ERROR"]


def test_mongodb_session_cache_refresh_times_no_work() -> None:
    # MongoDB 4.0's text log (set 421): the logical session cache's refresh thread creating
    # its index is the server's own upkeep; a client connection's command is work done
    text = (
        "2018-12-01T19:37:47.988-0500 I COMMAND  [LogicalSessionCacheRefresh] command "
        'config.$cmd command: createIndexes { createIndexes: "system.sessions" } numYields:0 '
        "reslen:114 locks:{ Global: { acquireCount: { r: 2, w: 2 } } } protocol:op_msg 191ms\n"
        "2018-12-01T19:40:01.120-0500 I COMMAND  [TTLMonitor] command config.$cmd command: "
        'delete { delete: "system.sessions" } numYields:0 locks:{ Global: {} } 150ms\n'
        "2018-12-01T19:38:02.002-0500 I COMMAND  [conn46] command test.orders command: find "
        '{ find: "orders" } planSummary: COLLSCAN numYields:3 reslen:1200 locks:{ Global: '
        "{ acquireCount: { r: 8 } } } protocol:op_msg 97ms\n"
    )
    refresh, ttl, client = parse(text)
    assert samples(refresh) == {} and samples(ttl) == {}
    assert samples(client) == {"query_duration_ms": 97.0}


def test_a_zerolog_client_record_of_a_call_made_serves_nothing() -> None:
    # mautrix-go's HTTP client through zerolog (mautrix-discord, set 422): "Request
    # completed" with the homeserver's whole URL is the bridge's call; a server's record of
    # the same words names the path it was asked for
    made = {
        "level": "debug",
        "req_id": 1,
        "method": "GET",
        "url": "http://synapse:8008/_matrix/client/versions?user_id=%40bot%3Aexample.org",
        "duration": 2.238817,
        "status_code": 200,
        "time": "2025-06-23T09:14:55.157612867Z",
        "message": "Request completed",
    }
    served = {
        "level": "info",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "duration": 1.5,
        "time": "2025-06-23T09:14:56Z",
        "message": "Request completed",
    }
    call, request = parse(json.dumps(made) + "\n" + json.dumps(served) + "\n")
    assert measures.HTTP_STATUS not in samples(call)
    assert samples(request)[measures.HTTP_STATUS] == 200


def test_gradles_build_result_times_the_build_not_its_bookkeeping() -> None:
    # Gradle --debug (set 423): each task's "Putting task artifact state ... into context
    # took 0.0 secs." is Gradle's own bookkeeping; "BUILD FAILED in 1s" the whole build's run
    text = (
        "2025-05-15T18:27:02.089+0530 [DEBUG] [org.gradle.api.internal.tasks.execution."
        "ResolveTaskExecutionModeExecuter] Putting task artifact state for task "
        "':processResources' into context took 0.0 secs.\n"
        "2025-05-15T18:27:02.271+0530 [ERROR] [org.gradle.internal.buildevents."
        "BuildResultLogger] BUILD FAILED in 1s\n"
        "BUILD SUCCESSFUL in 8m 8s\n"
        "BUILD SUCCESSFUL in 825ms\n"
    )
    putting, failed, passed, quick = parse(text)
    assert samples(putting) == {}
    assert samples(failed) == {measures.RUN_MS: 1000.0}
    assert samples(passed) == {measures.RUN_MS: 488000.0}
    assert samples(quick) == {measures.RUN_MS: 825.0}
    assert derived.latency_tier(failed.samples, failed) == (derived.RUN, 1000.0)
    # the words in a sentence are no result line
    (said,) = parse("2025-05-15 18:27:02 INFO the BUILD FAILED in CI yesterday\n")
    assert samples(said) == {}
