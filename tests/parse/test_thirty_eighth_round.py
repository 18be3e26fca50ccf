"""Session 38's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

import json

from console.parse import derived, measures
from console.parse.textformats import level_in
from tests.helpers.parsing import parse, samples, utc

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
        "response_length": 1063,
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
    # a server's record of its own whole URL (str(request.url)), no client's fields
    whole = {**served, "url": "https://api.example.org/healthz"}
    call, request, own = parse(
        json.dumps(made) + "\n" + json.dumps(served) + "\n" + json.dumps(whole) + "\n"
    )
    assert measures.HTTP_STATUS not in samples(call)
    assert samples(request)[measures.HTTP_STATUS] == 200
    assert samples(own)[measures.HTTP_STATUS] == 200
    # a message of no string (a list) reads as any record, no error
    (odd,) = parse(json.dumps({**made, "message": ["Request completed"]}) + "\n")
    assert odd.message == "['Request completed']"


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


def test_dbus_message_type_error_is_no_level() -> None:
    # dbus-daemon's refusal through syslog (Ubuntu's auth.log, set 426): type="error" names
    # the refused message's type (an error reply); a key's level word stays the line's
    text = (
        "Apr 11 22:54:22 host dbus-daemon[785]: [system] Rejected send message, 1 matched "
        'rules; type="error", sender=":1.35" (uid=1000 pid=1) interface="(unset)" '
        'member="(unset)" error name="org.freedesktop.DBus.Error.AccessDenied"\n'
        'Apr 11 22:54:23 host app[786]: level="error" msg="disk full"\n'
    )
    refused, keyed = parse(text)
    assert refused.level == "INFO"
    assert keyed.level == "ERROR"


def test_an_imperatives_negation_is_no_level() -> None:
    # freshclam (set 426): "DON'T PANIC! Read https://docs.clamav.net/..." at the end of a
    # failed update's advice is no panic; a Go panic's line is one
    text = (
        "Fri May  6 08:57:01 2022 -> DON'T PANIC! Read https://docs.clamav.net/manual/"
        "Installing.html\n"
        "Fri May  6 08:57:02 2022 -> ERROR: Update failed.\n"
    )
    advice, failed = parse(text)
    assert advice.level == "UNKNOWN" and failed.level == "ERROR"
    (crashed,) = parse("panic: runtime error: index out of range [3] with length 3\n")
    assert crashed.level in ("FATAL", "PANIC")


def test_loading_the_programs_parts_times_no_work() -> None:
    # Metabase under docker compose (set 426): loading a driver is its start-up, whatever
    # the driver's name says ("sql-jdbc"); a query's time is work
    text = (
        "2023-10-09 12:48:00,210 INFO metabase.util :: Load driver :sql-jdbc took 88.8 ms\n"
        "2023-10-09 12:48:01,000 INFO metabase.query :: query took 12 ms\n"
    )
    loaded, queried = parse(text)
    assert derived.latency_tier(loaded.samples, loaded) is None
    assert derived.latency_tier(queried.samples, queried) == (derived.TIMED, 12.0)


def test_spark_broadcast_read_under_a_task_thread_is_the_engines() -> None:
    # Spark 3.5's executor (set 425): the thread is named for its task, the broadcast read
    # is the engine's own step; a task's own finish names its time
    text = (
        "2024-09-11T01:45:05,181 [Executor task launch worker for task 0.0 in stage 0.0 (TID "
        "0)] INFO  org.apache.spark.broadcast.TorrentBroadcast [] - Reading broadcast variable "
        "0 took 145 ms\n"
    )
    (read,) = parse(text)
    assert derived.latency_tier(read.samples, read) is None


def test_a_packagekit_transaction_is_work_done_for_a_user() -> None:
    # PackageKit through syslog (set 424): a transaction a user asked for, finished after
    # its time
    text = (
        "Sep 21 16:44:05 host PackageKit: search-file transaction /63_ceabcaeb from uid 1000 "
        "finished with success after 1893ms\n"
    )
    (done,) = parse(text)
    assert samples(done) == {measures.TASK_MS: 1893.0}
    assert derived.latency_tier(done.samples, done) == (derived.TIMED, 1893.0)
    # a lock wait on a transaction, a broker loading its transactions' state: no work
    waits = parse(
        "2024-01-01 10:00:00 UTC [123] LOG:  process 123 still waiting for ShareLock on "
        "transaction 987 after 1000.072 ms\n"
        "[2024-01-01 10:00:00,000] INFO [Transaction State Manager 1]: Finished loading 3 "
        "transaction metadata from __transaction_state-17 in 5 milliseconds. "
        "(kafka.coordinator.transaction.TransactionStateManager)\n"
    )
    assert [derived.latency_tier(e.samples, e) for e in waits] == [None, None]


def test_apache_include_subrequest_status_is_none_served() -> None:
    # Apache 2.4's mod_include (set 427): the status of the server's own subrequest for an
    # include; the page's answer is in its access log
    text = (
        "[Wed Apr 25 23:12:11.431488 2018] [include:error] [pid 1238] [client 66.249.65.104:"
        '42829] unable to include "proceedings.content" in parsed file /var/www/html/2009/'
        "proceedings.shtml, subrequest setup returned 403\n"
    )
    (failed,) = parse(text)
    assert failed.level == "ERROR" and measures.HTTP_STATUS not in samples(failed)


def test_airflow_relayed_record_keeps_its_own_level() -> None:
    # Airflow's DAG file processor (set 425): StreamLogWriter re-logs at INFO a record of
    # Airflow's own layout; it is that record (an ERROR, its traceback its detail)
    text = (
        "[2025-08-25 11:07:36,007] {logging_mixin.py:115} INFO - [2025-08-25 11:07:36,006] "
        "{dagbag.py:320} ERROR - Failed to import: /home/x/dags/db_test.py\n"
        "Traceback (most recent call last):\n"
        '  File "/home/x/dags/db_test.py", line 3, in <module>\n'
        "ModuleNotFoundError: No module named 'psycopg2'\n"
        "[2025-08-25 11:07:36,100] {logging_mixin.py:115} INFO - plain print from the DAG\n"
    )
    failed, printed = parse(text)
    assert failed.level == "ERROR" and failed.message.startswith("Failed to import:")
    assert failed.fields is not None and failed.fields["source_file"] == "dagbag.py"
    assert len(failed.detail) == 3
    assert printed.level == "INFO" and printed.message == "plain print from the DAG"


def test_kafka_connect_rest_line_under_a_logger_first_layout() -> None:
    # Confluent's cp-kafka-connect image (set 425): "[%t] %p %c - %m%n", the logger before
    # the message, Jetty's EXTENDED_NCSA + " %{ms}T": the ms closing the line
    text = (
        "[qtp996336506-59] INFO org.apache.kafka.connect.runtime.rest.RestServer - "
        '[0:0:0:0:0:0:0:1] - - [05/Feb/2025:18:53:17 +0000] "GET /connectors HTTP/1.1" 200 2 '
        '"-" "curl/7.61.1" 29\n'
        "2025-02-05T18:53:22.466562632Z [qtp996336506-38] INFO org.apache.kafka.connect.runtime."
        'rest.RestServer - 172.18.0.1 - - [05/Feb/2025:18:53:22 +0000] "POST /connectors '
        'HTTP/1.1" 500 90 "-" "curl/7.61.1" 3\n'
    )
    listed, failed = parse(text)
    assert samples(listed)[measures.HTTP_STATUS] == 200
    assert derived.latency_tier(listed.samples, listed) == (derived.SERVED, 29.0)
    assert derived.latency_tier(failed.samples, failed) == (derived.SERVED, 3.0)
    assert failed.level == "ERROR"


def test_dbt_adapter_statement_time() -> None:
    # dbt 1.7's logs/dbt.log at debug (set 425): each statement its adapter ran
    text = (
        "15:49:34.899274 [debug] [MainThread]: SQL status: SUCCESS 1 in 1.0 seconds\n"
        "15:49:35.000000 [debug] [Thread-1 (]: SQL status: OK in 0.14 seconds\n"
    )
    one, two = parse(text)
    assert samples(one) == {"query_ms": 1000.0}
    assert samples(two) == {"query_ms": 140.0}


def test_apache_httpclient_4_received_response_serves_nothing() -> None:
    # Quarkus' file handler around Apache HttpClient 4's connection at DEBUG (set 430): the
    # status line it received; its wire log's arrow says the same
    text = (
        "2021-12-05 13:48:21,791 host ForkedBooter[49947] DEBUG [org.apa.htt.imp.con."
        "DefaultClientConnection] (main) Receiving response: HTTP/1.1 401 Unauthorized\n"
        '2021-12-05 13:48:21,788 host ForkedBooter[49947] DEBUG [org.apa.htt.wire] (main)  << "'
        'HTTP/1.1 200 OK[\\r][\\n]"\n'
    )
    for line in parse(text):
        assert measures.HTTP_STATUS not in samples(line)


def test_a_failed_fetchs_status_is_the_answer_it_got() -> None:
    # Kibana under docker compose (set 428): the package registry's answer to its fetch; a
    # server's own failure line keeps its status
    text = (
        "[2024-02-02T14:25:40.972+00:00][WARN ][plugins.fleet] Failed to fetch latest version "
        "of synthetics from registry: '403 Forbidden' error response\n"
        "2024-02-02 14:25:41 WARN Unable to download https://example.org/pkg.tgz: 404 Not Found\n"
        "2024-02-02 14:25:42 ERROR GET /api/status returned 503\n"
    )
    fetched, downloaded, served = parse(text)
    assert measures.HTTP_STATUS not in samples(fetched)
    assert measures.HTTP_STATUS not in samples(downloaded)
    assert samples(served)[measures.HTTP_STATUS] == 503


def test_codeigniter_total_execution_time_is_the_requests() -> None:
    # CodeIgniter 2's log (set 430): Output::_display's benchmark of the page, in seconds
    text = (
        "DEBUG - 2016-08-02 00:41:58 --> Final output sent to browser\n"
        "DEBUG - 2016-08-02 00:41:58 --> Total execution time: 0.5588\n"
    )
    _sent, total = parse(text)
    assert samples(total) == {"response_time_ms": 558.8}
    assert derived.latency_tier(total.samples, total) == (derived.TIMED, 558.8)


def test_djangos_request_error_after_a_gunicorn_line_is_its_own() -> None:
    # gunicorn's stderr with Django's request logger under its default format (set 431):
    # "Internal Server Error: /x" and its traceback right after a WORKER TIMEOUT are the
    # request's error, not the timeout line's message going on
    text = (
        "[2018-07-30 21:16:06 +0000] [13396] [CRITICAL] WORKER TIMEOUT (pid:13404)\n"
        "Internal Server Error: /get_statistic/\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/venv/lib/python3.6/site-packages/django/core/handlers/exception.py", '
        "line 41, in inner\n"
        "TypeError: 'AnonymousUser' object is not iterable\n"
    )
    timeout, failed = parse(text)
    assert timeout.level == "CRITICAL" and not timeout.detail
    assert failed.level == "ERROR" and failed.message == "Internal Server Error: /get_statistic/"
    assert len(failed.detail) == 3
    # logger.exception's message of two lines stays one entry
    (exc,) = parse(
        "2018-07-30 21:16:06,000 ERROR charge failed\n"
        "for order 12\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n'
        "ValueError: x\n"
    )
    assert exc.level == "ERROR" and exc.detail[0] == "for order 12"


def test_review_round_38_misfires() -> None:
    # the review of a72840e..ad185ab: mod_include's other wording and nginx's mod_zip; Gradle's
    # whole minutes and hours, its up-to-date checks; Kubernetes' type="Warning" keeps its
    # level; a klog head cut short inside a syslog line reads, no exception
    text = (
        "[Wed Apr 25 23:12:11.431488 2018] [include:error] [pid 1] [client 1.2.3.4:4] unable "
        'to include "x" in parsed file /var/www/a.shtml, subrequest returned 500\n'
        "2024/01/01 10:00:00 [error] 12#12: *1 mod_zip: a subrequest returned 404, aborting\n"
        "BUILD SUCCESSFUL in 2m\n"
        "BUILD FAILED in 1h 2m\n"
        "2024-01-01 10:00:01 INFO Skipping task ':compileJava' as it is up-to-date (took "
        "0.012 secs).\n"
        "2024-01-01 10:00:02 INFO Executing task ':x' (up-to-date check took 0.044 secs) due "
        "to:\n"
        'Jan 01 10:00:03 host events[1]: object="default/web" type="Warning" reason="BackOff"\n'
        "Jan 01 10:00:04 host k3s[123]: I0101 10:0\n"
    )
    include, zipped, minutes, hours, skipped, checked, event, cut = parse(text)
    assert measures.HTTP_STATUS not in samples(include)
    assert measures.HTTP_STATUS not in samples(zipped)
    assert samples(minutes) == {measures.RUN_MS: 120000.0}
    assert samples(hours) == {measures.RUN_MS: 3720000.0}
    assert derived.latency_tier(skipped.samples, skipped) is None
    assert derived.latency_tier(checked.samples, checked) is None
    assert event.level == "WARNING"  # an event's type its severity
    assert cut.message.endswith("10:0")


def test_geths_state_upkeep_times_no_work() -> None:
    # geth's log15 terminal lines (set 434): its state snapshot and flush to disk are the
    # node's own upkeep; a served RPC's duration is its work
    text = (
        "INFO [09-23|13:29:29.605] Generated state snapshot accounts=8 slots=0 "
        "elapsed=58.953ms\n"
        "INFO [09-23|13:39:57.445] Persisted dirty state to disk size=1.2KiB elapsed=4.206ms\n"
        "WARN [09-23|13:40:00.000] Served eth_sendRawTransaction reqid=7 duration=1.5ms "
        'err="nonce too low"\n'
    )
    snapshot, persisted, served = parse(text)
    assert derived.latency_tier(snapshot.samples, snapshot) is None
    assert derived.latency_tier(persisted.samples, persisted) is None
    assert derived.latency_tier(served.samples, served) is not None


def test_postgres_prefix_of_bars() -> None:
    # PostgreSQL under log_line_prefix '%m|%u|%d|%c|' (pgreplay-go's testdata shape, set 432)
    text = (
        "2019-02-25 15:08:27.236 GMT|alice|pgreplay_test|5c7404eb.d6bd|LOG:  duration: 0.968 "
        "ms  parse <unnamed>: select 1\n"
        "2019-02-25 15:08:27.240 GMT|alice|pgreplay_test|5c7404eb.d6bd|ERROR:  relation "
        '"x" does not exist\n'
    )
    timed, failed = parse(text)
    assert timed.fmt == "postgres" and samples(timed) == {"query_duration_ms": 0.968}
    assert failed.level == "ERROR" and failed.message.startswith("relation")


def test_kernel_quirk_timing_is_no_work() -> None:
    # dmesg (set 433): a PCI quirk's time at boot is the kernel's own
    (quirk,) = parse(
        "[    0.366818] pci 0000:00:12.0: quirk_usb_early_handoff+0x0/0x670 took 27345 usecs\n"
    )
    assert derived.latency_tier(quirk.samples, quirk) is None


_MANGLED_BAR = "\u0393\u00f6\u00e9"  # "│" in UTF-8 read as code page 437


def test_curls_certificate_dates_and_a_mangled_box_are_data() -> None:
    # curl -v's output in FreeIPA's client install log (set 437): the certificate's start
    # and expiry are dates it talks about; Strapi's banner box read as code page 437 by a
    # Windows console (set 435) is a box's row
    text = (
        "2023-09-10T06:48:12Z DEBUG Starting external process\n"
        "*  start date: Sep  9 07:08:15 2023 GMT\n"
        "*  expire date: Sep  9 07:08:15 2025 GMT\n"
        f"{_MANGLED_BAR} Time               {_MANGLED_BAR} Sun Jun 15 2025 18:40:32 GMT+0700 "
        f"(Indochina Time) {_MANGLED_BAR}\n"
    )
    first, start, expire, box = parse(text)
    assert start.ts == expire.ts == box.ts == first.ts


def test_openldap_debug_lines_by_their_hex_time() -> None:
    # slapd -d (set 437): lutil_debug's hex seconds (2.4), or seconds.microseconds and the
    # thread (2.5 on); a short commit hash opening a line is no time
    text = (
        '5a031fe9 => ldif_readdir: directory "/openldap\\cn=config": len: 19\n'
        "63c8f8b5.2b6d4b5e 0x7f8f6e5fe640 slapd starting\n"
    )
    old, new = parse(text)
    assert utc(old.ts) == "2017-11-08T15:16:57" and old.message.startswith("=> ldif_readdir")
    # (2.5's fraction in nanoseconds, hex)
    assert new.ts == 0x63C8F8B5 + 0x2B6D4B5E / 1e9 and new.fields == {"thread": "0x7f8f6e5fe640"}
    (commit,) = parse("2024-01-01 10:00:00 INFO built\n5a031fe9 Fix the build\n")[1:]
    assert utc(commit.ts) == "2024-01-01T10:00:00"


def test_exims_peer_failures_are_no_levels() -> None:
    # Exim 4's mainlog (set 439): a scanner's TLS and SMTP failures, a bounce given up on
    text = (
        "2024-03-15 00:02:34 TLS error on connection from (User) [194.169.175.17] (recv): The "
        "TLS connection was non-properly terminated.\n"
        "2024-03-15 00:03:01 SMTP protocol synchronization error (input sent without waiting "
        'for greeting): rejected connection from H=[1.2.3.4] input="\\r\\n"\n'
        "2024-03-15 05:02:39 1rkwtu-000lmO-Ky www-data@example.ru: error ignored\n"
    )
    tls, sync, ignored = parse(text)
    assert [tls.level, sync.level] == ["UNKNOWN"] * 2
    assert ignored.level in ("UNKNOWN", "INFO")  # (read behind a syslog-like tag: its INFO)
    # the program's own TLS failure keeps its level
    assert level_in("TLS error: handshake failed for the relay") == "ERROR"


def test_an_xml_elements_name_is_no_level() -> None:
    # Jicofo's XMPP stream error quoted on its own line (set 439); NetworkManager's and
    # ClickHouse's levels in angle brackets stay levels
    text = (
        "Jicofo 2020-03-09 07:13:50.533 SEVERE: [18] XmppProtocolProvider.connectionClosedOnError"
        "() XMPP connection closed on error: system-shutdown\n"
        "<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text>"
        "Received SIGTERM</text></stream:error>\n"
        "Jicofo 2020-03-09 07:13:50.542 INFO: [18] BaseBrewery.stop() Left brewery room\n"
    )
    lines = parse(text)
    assert [e.level for e in lines if e.level in ("ERROR", "SEVERE", "CRITICAL")] == ["ERROR"]
    nm = parse("Mar 10 10:00:00 host NetworkManager[1]: <error> [1712.3] device (eth0) failed\n")
    assert nm[0].level == "ERROR"


def test_urllib3_call_behind_its_loggers_name_serves_nothing() -> None:
    # subiquity's Python layout (set 436): urllib3.connectionpool's line of a call it made
    (call,) = parse(
        "2023-08-30 13:40:31,518 DEBUG urllib3.connectionpool:452 http://localhost:None "
        '"GET /v2/snaps/ubuntu-desktop-installer HTTP/1.1" 200 None\n'
    )
    assert measures.HTTP_STATUS not in samples(call)


def test_review_round_38b_misfires() -> None:
    # the review of 6fa9809..cc7b751: a commit hash whose subject reads like slapd's is no
    # time; urllib3's call behind its file's or module's name; ClickHouse's <Error> before
    # an S3 error body keeps its level; Exim's other wordings; curl's response header's
    # date is data; a job's start date still says a syslog line's year; a box in code page
    # 850 and in Windows-1252
    (hashed,) = parse("2024-01-01 10:00:00 INFO built\n4c5d6e7f daemon: handle SIGHUP\n")[1:]
    assert utc(hashed.ts) == "2024-01-01T10:00:00"
    calls = parse(
        "2024-01-01 10:00:00,000 DEBUG connectionpool.py:546 - https://api.x.com:443 "
        '"GET /v1 HTTP/1.1" 404 12\n'
        "2024-01-01 10:00:01,000 DEBUG [Thread-12 worker pool] urllib3.connectionpool "
        'https://api.x.com:443 "GET /v1 HTTP/1.1" 500 12\n'
    )
    assert [measures.HTTP_STATUS in samples(c) for c in calls] == [False, False]
    assert level_in("<Error> executeQuery: Code: 499. <Error><Code>NoSuchKey</Code></Error>") == (
        "ERROR"
    )
    for peer in (
        "error ignored: RFC 3461 DSN, failure notify not requested",
        "TLS error (SSL_read): on connection from (x) [1.2.3.4]:25",
        'SMTP syntax error in "x" H=[1.2.3.4] NULL character(s) present',
    ):
        assert level_in(peer) == "UNKNOWN", peer
    first, header = parse(
        "2023-09-10T06:48:12Z DEBUG fetching\n< Expires: Thu, 19 Nov 1981 08:52:00 GMT\n"
    )
    assert header.ts == first.ts
    (job,) = parse("Dec  4 10:00:00 host job: job 7 start date: 2015-12-04 10:00:00\n")
    assert utc(job.ts) == "2015-12-04T10:00:00"
    for bar in ("\u00d4\u00f6\u00e9", "\u00e2\u201d\u201a"):  # "│" in code pages 850, 1252
        first, box = parse(
            f"2025-06-15 18:40:29.720 info: starting\n{bar} Time {bar} Sun Jun 15 2025 18:40:32 "
            f"GMT+0700 {bar}\n"
        )
        assert box.ts == first.ts, bar
