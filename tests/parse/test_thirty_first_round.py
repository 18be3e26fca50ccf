"""Session 31's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_plays_default_layout_keeps_its_message_and_exception_under_the_head() -> None:
    # Play 2.0-2.3's logger.xml: "%date - [%level] - from %logger in %thread %n%message%n
    # %xException%n"; a request's error report is blank lines, its id line, the exception
    # and its trace, all one entry
    text = (
        "2017-05-24 19:51:06,100 - [INFO] - from play in main \n"
        "Listening for HTTP on /0:0:0:0:0:0:0:0:9000\n"
        "\n"
        "2017-05-24 20:28:37,826 - [ERROR] - from application in New I/O worker #2 \n"
        "\n"
        "\n"
        "! @745e2m98p - Internal server error, for (GET) [/business] ->\n"
        "\n"
        "play.PlayExceptions$CompilationException: Compilation error[error: ')' expected]\n"
        "\tat play.PlayReloader.reload(PlayReloader.scala:304) ~[na:na]\n"
        "\tat scala.Option.map(Option.scala:145) ~[scala-library.jar:na]\n"
        "\n"
        "2017-05-24 20:29:00,000 - [WARN] - from play in play-akka.actor.default-dispatcher-3 \n"
        "Slow request: GET /business\n"
    )
    started, failed, warned = parse(text)
    assert [started.level, failed.level, warned.level] == ["INFO", "ERROR", "WARNING"]
    # the message is the first line under the head; the logger and thread are fields
    assert started.message == "Listening for HTTP on /0:0:0:0:0:0:0:0:9000"
    assert started.fields == {"logger": "play", "thread": "main"}
    assert failed.message.startswith("! @745e2m98p - Internal server error")
    assert any("CompilationException" in d for d in failed.detail)
    assert utc(failed.ts) == "2017-05-24T20:28:37"
    assert warned.message == "Slow request: GET /business"


def test_lines_like_plays_head_that_are_not_it_take_no_body() -> None:
    # Play 2.4 on writes the message on the head's line; a message of those words with a
    # space at its end; a head of tags alone, long: the lines under each are entries of
    # their own
    text = (
        "2024-05-16 09:00:00,000 [INFO] from play.api.Play in main - Application started (Prod) \n"
        "[warn] undated warning from sbt\n"
        "2024-05-16 09:00:01,000 INFO from cache in 3 ms \n"
        "[warn] another undated warning\n"
        "2024-05-16 09:00:02,000 INFO [api.example.com] [af3b1c2e-7d5a-4c1e-9d3a-0e6f1a2b3c4d] "
        "[203.0.113.45] \n"
        "[warn] a third undated warning\n"
    )
    assert [line.level for line in parse(text)] == ["INFO", "WARNING"] * 3


def test_gins_trailing_slash_redirect_lines_are_no_access_lines() -> None:
    lines = parse(
        "[GIN-debug] redirecting request 307: /v1/videos/ --> /v1/videos/\n"
        "[GIN] 2022/06/18 - 11:46:02 | 200 |     162.5µs |       127.0.0.1 | "
        'GET      "/v1/videos"\n'
    )
    assert [samples(line).get("http_status") for line in lines] == [None, 200.0]


def test_dbts_result_line_carries_its_run_time() -> None:
    # dbt 1.x's LogTestResult / LogModelResult: "[STATUS in N.NNs]" after the dots; its
    # START line has none
    start, failed, built, passed = parse(
        "12:04:11  1 of 3 START test not_null_orders_id ........................ [RUN]\n"
        "12:04:11  1 of 3 ERROR not_null_orders_id ............................ [ERROR in 0.15s]\n"
        "12:04:12  2 of 3 OK created sql view model main.stg_orders ........... [OK in 0.12s]\n"
        "12:04:12  3 of 3 PASS unique_orders_id ............................... [PASS in 1.20s]\n"
    )
    assert samples(start) == {}
    assert samples(failed)["query_ms"] == 150.0
    assert failed.level == "ERROR"
    assert samples(built)["query_ms"] == 120.0
    assert samples(passed)["query_ms"] == 1200.0


def test_ef_cores_simple_logging_reads_its_level_time_and_command_time() -> None:
    # EF Core's LogTo(Console.WriteLine): "dbug: <time> EventName[id] (Category) ", the
    # message indented on the lines under it
    text = (
        "dbug: 5/6/2024 17:31:46.858 RelationalEventId.CommandExecuting[20100] "
        "(Microsoft.EntityFrameworkCore.Database.Command) \n"
        "      Executing DbCommand [Parameters=[@__p_0='1'], CommandType='Text']\n"
        "info: 5/6/2024 17:31:47.048 RelationalEventId.CommandExecuted[20101] "
        "(Microsoft.EntityFrameworkCore.Database.Command) \n"
        "      Executed DbCommand (190ms) [Parameters=[@__p_0='1'], CommandType='Text']\n"
        "fail: 5/6/2024 17:31:47.592 CoreEventId.SaveChangesFailed[10000] "
        "(Microsoft.EntityFrameworkCore.Update) \n"
        "      An exception occurred in the database while saving changes.\n"
    )
    executing, executed, failed = parse(text)
    assert [executing.level, executed.level, failed.level] == ["DEBUG", "INFO", "ERROR"]
    assert utc(executing.ts) == "2024-05-06T17:31:46"
    assert samples(executed) == {"query_ms": 190.0}
    assert (
        failed.fields is not None
        and failed.fields["category"] == "Microsoft.EntityFrameworkCore.Update"
    )


def test_a_404_worded_by_a_small_server_is_its_status() -> None:
    (line,) = parse("localhost/127.0.0.1\t2026-04-16 17:39:53\t/gone.html\t404 File Not Found\n")
    assert samples(line)["http_status"] == 404.0
    # those words after another number are no HTTP status: FTP's reply, a count
    ftp, count = parse(
        "(000012)5/16/2024 9:00:00 AM - anonymous (192.168.1.5)> 550 File not found\n"
        "Scan finished: 1200 files checked, 350 file not found\n"
    )
    assert "http_status" not in samples(ftp)
    assert "http_status" not in samples(count)


def test_pythons_logger_and_level_in_one_bracket() -> None:
    # "%(asctime)s [%(name)s.%(levelname)s] %(message)s": the bracket's last part is the level,
    # whatever words the message holds
    warned, served = parse(
        "2024-10-26 15:20:53,687 [tornado.general.WARNING] SSL Error on 744 "
        "('127.0.0.1', 61590): [SSL: SSLV3_ALERT_CERTIFICATE_UNKNOWN] sslv3 alert\n"
        "2024-10-26 15:20:53,700 [tornado.access.INFO] 200 GET /auth/config (127.0.0.1) 1.00ms\n"
    )
    assert warned.level == "WARNING"
    assert warned.fields == {"logger": "tornado.general"}
    assert served.level == "INFO"
    assert samples(served) == {"http_status": 200.0, "response_time_ms": 1.0}
    # an enum's member in brackets is no logger and no level
    sent, received = parse(
        "2024-05-16 09:00:00,000 Sent notification [Channel.ALERT] to ops\n"
        "2024-05-16 09:00:01,000 [EventType.ALERT] received from sensor 3\n"
    )
    assert [sent.level, received.level] == ["UNKNOWN", "UNKNOWN"]


def test_pythons_build_date_in_a_start_up_dump_is_no_entry_time() -> None:
    # Moonraker's start-up dump: sys.version's build date is the interpreter's, not the log's
    lines = parse(
        "python_version: 3.12.3 (main, Jan 22 2026, 20:57:42) [GCC 13.3.0]\n"
        "2026-03-13 09:35:16,208 [confighelper.py:read_file()] - Configuration parsed\n"
    )
    assert [utc(line.ts) for line in lines] == ["2026-03-13T09:35:16"] * 2


def test_sequels_query_log_under_rubys_logger_carries_its_time() -> None:
    (query,) = parse(
        "I, [2018-05-26T12:35:59.467657 #84086]  INFO -- : (0.001850s) SELECT * FROM "
        '"users" WHERE ("id" = \'1\') LIMIT 1\n'
    )
    assert samples(query) == {"query_duration_ms": 1.85}
    (job,) = parse("W, [2018-05-26T12:35:59.467657 #84086]  WARN -- : (1.234567s) Job took long\n")
    assert samples(job) == {}


def test_a_year_less_time_is_placed_by_each_files_own_reference() -> None:
    # the reading of a year-less time was remembered by its text with the year of the first
    # file that wrote it: a second file (another reference) took that file's year
    from datetime import UTC, datetime

    from console.parse import LogParser

    line = "14791:M 15 May 09:54:19.621 * DB loaded from disk: 0.000 seconds\n"
    years = []
    for ref_year in (2020, 2023):
        ref = datetime(ref_year, 11, 1, tzinfo=UTC).timestamp()
        parser = LogParser(year_ref=ref)
        (entry,) = parser.feed_text(line) + parser.flush()
        years.append(utc(entry.ts)[:4])
    assert years == ["2020", "2023"]


def test_a_year_less_29_february_reads_whatever_the_references_year() -> None:
    # (read in the reference's year, 2023, it was no date at all)
    (entry,) = parse("14791:M 29 Feb 09:54:19.621 * DB loaded from disk: 0.000 seconds\n")
    assert utc(entry.ts)[4:] == "-02-29T09:54:19"


def test_springs_completed_5xx_at_debug_is_an_error() -> None:
    # FrameworkServlet.logResult (Spring 5): the request it served, logged at DEBUG
    failed, served = parse(
        "2021-02-02 11:59:11,845 DEBUG org.springframework.web.servlet.FrameworkServlet "
        "[http-nio-8080-exec-1] Completed 500 INTERNAL_SERVER_ERROR\n"
        "2021-02-02 11:59:12,000 DEBUG org.springframework.web.servlet.FrameworkServlet "
        "[http-nio-8080-exec-2] Completed 200 OK\n"
    )
    assert (failed.level, samples(failed)) == ("ERROR", {"http_status": 500.0})
    assert (served.level, samples(served)) == ("DEBUG", {"http_status": 200.0})


def test_a_gin_zap_request_record_with_go_field_names() -> None:
    # the Gin+zap middleware's fields named as a Go struct's ("Status", "Method", "Path",
    # "Cost": float seconds from zap's production encoder); a 5xx at DEBUG is an error
    (failed,) = parse(
        "2022-09-03 17:36:06.555\tDEBUG\thandler/base.go:44\t/test1\t"
        '{"Status": 500, "Method": "GET", "Path": "/test1", "Query": "id=1", "Ip": '
        '"127.0.0.1", "Errors": "", "Cost": 0.5184107}\n'
    )
    assert failed.level == "ERROR"
    assert samples(failed) == {"http_status": 500.0, "latency_ms": 518.4107}


def test_loose_year_less_times_keep_their_reference_year_and_local_date() -> None:
    # read in a leap year, placed on the text's own date: a fraction's or an offset's four
    # digits are no year; a zone moving the UTC date across 29 February keeps the local day
    from datetime import UTC, datetime

    from console.parse.timestamps import parse_loose

    ref = datetime(2023, 11, 1, tzinfo=UTC).timestamp()

    def read(text: str) -> str:
        ts = parse_loose(text, ref)
        assert ts is not None
        return utc(ts)

    assert read("May 16 09:23:38.123456") == "2023-05-16T09:23:38"
    assert read("Thu May 16 09:23:38 +0000") == "2023-05-16T09:23:38"
    assert read("Feb 28 23:30:00 EST") == "2023-03-01T04:30:00"
    assert read("Mar  1 00:30:00 CET") == "2023-02-28T23:30:00"
    assert read("Mon Jan  2 15:04:05 MST 2006") == "2006-01-02T22:04:05"


def test_springs_completed_needs_the_statuss_own_name() -> None:
    wrong, traced = parse(
        "2021-02-02 11:59:11,845 DEBUG [main] Completed 500 OK\n"
        "2021-02-02 11:59:12,845 DEBUG o.s.w.s.DispatcherServlet [exec-1] Completed 500 "
        "INTERNAL_SERVER_ERROR, headers={}\n"
    )
    assert wrong.level == "DEBUG"
    assert (traced.level, samples(traced)) == ("ERROR", {"http_status": 500.0})


def test_a_services_line_in_the_agents_layout_keeps_its_request() -> None:
    # "[date] [LEVEL] ..." is also a service's own layout: a request line in it, or a JSON
    # object of a request's fields after its message, is read as in any text line
    refused, redirected, recorded = parse(
        '[2020-04-06 11:31:01,528] [ERROR]- "POST /admin/upload.html HTTP/1.1" 500 79432\n'
        '[2020-04-06 11:43:24,452] [INFO]- "POST /admin/upload.html HTTP/1.1" 302 0\n'
        '[2026-05-05 09:31:53] [INFO] "[JSON] HTTP_REQUEST" {"method": "OPTIONS", "path": '
        '"/roles", "status_code": 200, "duration_ms": 326.73}\n'
    )
    assert samples(refused) == {"http_status": 500.0}
    assert samples(redirected) == {"http_status": 302.0}
    assert samples(recorded)["http_status"] == 200.0
    assert samples(recorded)["duration_ms"] == 326.73


def test_squids_native_line_with_a_clf_time() -> None:
    # a site's logformat with %tl where the native one has %ts.%03tu; the elapsed time padded
    long, denied = parse(
        "06/Mar/2019:06:56:29 +0000 805585 10.12.4.52 TCP_TUNNEL/200 1451369 CONNECT "
        "scontent.example.net:443 belkis FIRSTUP_PARENT/proxy.example -\n"
        "06/Mar/2019:06:57:12 +0000      1 10.12.7.211 TCP_DENIED/407 4145 CONNECT "
        "cdn.example.net:443 - HIER_NONE/- text/html\n"
    )
    assert samples(long) == {"http_status": 200.0, "response_time_ms": 805585.0}
    assert utc(long.ts) == "2019-03-06T06:56:29"
    assert samples(denied) == {"http_status": 407.0, "response_time_ms": 1.0}


def test_the_agents_own_steps_and_printed_configurations_are_no_requests() -> None:
    # the agent's checks under its clock (a time of day on its header's day) state what it
    # saw, not requests its log's writer served; a service's configuration printed as JSON
    # is no request record
    text = (
        '[09:31:00] [OBSERVATION] Health check response: {"status": 200, "latency_ms": 45}\n'
        "[09:31:09] [ERROR] Health endpoint returned HTTP/1.1 502 Bad Gateway after 5000ms\n"
    )
    assert [samples(line) for line in parse(text)] == [{}, {}]
    (config,) = parse(
        '[2024-11-21 09:30:00] [INFO] Loaded config {"pool_size": 30, "timeout_ms": 5000, '
        '"status": 500}\n'
    )
    assert samples(config) == {}


def test_an_object_with_no_request_leaves_the_words_before_it_read() -> None:
    (line,) = parse('[10:15:31] WARN Completed 503 in 27ms {"trace": "abc"}\n')
    assert samples(line) == {"http_status": 503.0, "response_time_ms": 27.0}
