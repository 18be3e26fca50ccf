"""Issue 17, the tenth round's set 14: lines written here in the shapes real services print
(PostgreSQL's ``%t`` with a two-digit zone, Go chi's request logger, HAProxy's TCP log,
etcd's compaction time, l2met's ``measure#`` keys in logrus text, Rails' render times, and
entries whose message follows their head: Ruby's Logger, Spring Boot, Erlang's reports),
never copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc

# --- a +HH zone -----------------------------------------------------------------------------


def test_postgres_time_with_a_two_digit_zone_is_read_in_that_zone() -> None:
    """``log_line_prefix = '%m [%p] '`` in a zone such as Asia/Bangkok prints ``+07``: the
    time is seven hours ahead of UTC, not UTC."""
    lines = parse(
        "2022-03-14 08:10:05.120 +07 [4120] LOG:  checkpoint starting: time\n"
        "2022-03-14 08:10:06.001 +07 [4188] FATAL:  sorry, too many clients already\n"
        '2022-03-14 08:10:07 -03 [4190] ERROR:  relation "carts" does not exist\n'
    )
    assert [(utc(e.ts), e.level, e.fmt) for e in lines] == [
        ("2022-03-14T01:10:05", "INFO", "postgres"),
        ("2022-03-14T01:10:06", "FATAL", "postgres"),
        ("2022-03-14T11:10:07", "ERROR", "postgres"),
    ]


def test_an_iso_time_with_a_two_digit_offset_is_read_as_such() -> None:
    lines = parse("2022-03-14T08:10:05+07 INFO worker started\n")
    assert utc(lines[0].ts) == "2022-03-14T01:10:05"


# --- Go chi's middleware.Logger -------------------------------------------------------------


def test_chi_request_logger_gives_status_and_duration() -> None:
    """chi's DefaultLogFormatter: ``"METHOD scheme://host/uri PROTO" from ADDR - STATUS
    BYTESB in ELAPSED`` behind Go's log time."""
    lines = parse(
        '2023/11/02 07:41:09 "GET http://api.local:3000/items HTTP/1.1" from 10.1.2.3:51234'
        " - 200 512B in 1.2041ms\n"
        '2023/11/02 07:41:10 "POST http://api.local:3000/items HTTP/1.1" from [::1]:51240'
        " - 503 31B in 250.5µs\n"
        '2023/11/02 07:41:11 "GET http://api.local:3000/slow HTTP/2.0" from 10.1.2.3:51250'
        " - 404 19B in 2.5s\n"
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2023-11-02T07:41:09", "INFO"),
        ("2023-11-02T07:41:10", "ERROR"),
        ("2023-11-02T07:41:11", "WARNING"),
    ]
    assert samples(lines[0])["http_status"] == 200.0
    assert abs(samples(lines[0])["response_time_ms"] - 1.2041) < 1e-9
    assert abs(samples(lines[1])["response_time_ms"] - 0.2505) < 1e-9
    assert samples(lines[2])["response_time_ms"] == 2500.0


# --- HAProxy's TCP log ----------------------------------------------------------------------


def test_haproxy_tcplog_behind_syslog_gives_its_total_time() -> None:
    """``option tcplog``: client, [accept date], frontend, backend/server, Tw/Tc/Tt, bytes,
    termination state, the connection counts, the queues. Tt is the session's time."""
    lines = parse(
        "Mar  2 10:00:01 lb1 haproxy[812]: 192.0.2.7:40112 [02/Mar/2024:10:00:01.250] pg_in"
        " pg_back/db1 1/0/1530 8812 -- 3/3/2/1/0 0/0\n"
        "Mar  2 10:00:02 lb1 haproxy[812]: 192.0.2.8:40113 [02/Mar/2024:10:00:02.010] pg_in"
        " pg_back/<NOSRV> -1/-1/+7 0 SC 3/3/0/0/0 0/0\n"
    )
    assert [utc(e.ts) for e in lines] == ["2024-03-02T10:00:01", "2024-03-02T10:00:02"]
    assert samples(lines[0])["request_time_ms"] == 1530.0
    assert samples(lines[1])["request_time_ms"] == 7.0
    assert "http_status" not in samples(lines[0])


# --- etcd's compaction time -----------------------------------------------------------------


def test_etcd_capnslog_took_in_parentheses_is_the_operation_time() -> None:
    lines = parse(
        "2019-08-01 12:00:00.100200 I | mvcc: store.index: compact 1204\n"
        "2019-08-01 12:00:00.101900 I | mvcc: finished scheduled compaction at 1204"
        " (took 1.402113ms)\n"
        "2019-08-01 12:05:00.101900 I | mvcc: finished scheduled compaction at 1550"
        " (took 812.5µs)\n"
    )
    assert samples(lines[0]) == {}
    assert samples(lines[1]) == {"duration_ms": 1.402113}
    assert samples(lines[2]) == {"duration_ms": 0.8125}


# --- l2met's measure# keys ------------------------------------------------------------------


def test_logrus_text_with_l2met_keys_is_a_record_with_its_elapsed_time() -> None:
    """Heroku's l2met convention (``count#name=1``, ``measure#name=12ms``) in logrus' text
    formatter: keys with ``#`` are still logfmt keys."""
    lines = parse(
        'api_1  | time="2020-02-10T09:00:00Z" level=info msg="request done" count#req=1'
        ' measure#api.elapsed="312.5ms" method=GET path="/v1/apps" status=200\n'
    )
    assert [(utc(e.ts), e.level, e.message) for e in lines] == [
        ("2020-02-10T09:00:00", "INFO", "request done")
    ]
    got = samples(lines[0])
    assert got["http_status"] == 200.0
    assert 312.5 in got.values()


# --- Rails' render times --------------------------------------------------------------------


def test_rails_rendered_template_carries_its_time() -> None:
    lines = parse(
        "I, [2021-04-09T11:00:00.100000 #311]  INFO -- : [ab12] Processing by OrdersController"
        "#index as HTML\n"
        "I, [2021-04-09T11:00:00.180000 #311]  INFO -- : [ab12]   Rendered orders/index.html.erb"
        " within layouts/application (64.2ms)\n"
        "I, [2021-04-09T11:00:00.190000 #311]  INFO -- : [ab12]   Rendered orders/_row.html.erb"
        " (Duration: 3.1ms | Allocations: 812)\n"
        "I, [2021-04-09T11:00:00.200000 #311]  INFO -- : [ab12] Completed 200 OK in 80ms"
        " (Views: 64.9ms | ActiveRecord: 9.0ms)\n"
    )
    # a view's render time, a part of the request's: a measure of its own, no latency
    assert [samples(e).get("render_ms") for e in lines] == [None, 64.2, 3.1, None]
    assert [samples(e).get("duration_ms") for e in lines] == [None, None, None, None]
    assert samples(lines[3])["response_time_ms"] == 80.0


# --- a head whose message follows it ---------------------------------------------------------


def test_ruby_logger_entry_with_its_message_on_the_next_lines() -> None:
    """Rails logs an exception as one message starting with a line break: the Logger's head
    (with the request's tag) ends, the exception's class and message follow unindented."""
    lines = parse(
        "F, [2021-04-09T11:00:00.300000 #311] FATAL -- : [ab12] \n"
        "NoMethodError (undefined method `name' for nil):\n"
        "  app/controllers/orders_controller.rb:12:in `show'\n"
        'I, [2021-04-09T11:00:01.000000 #311]  INFO -- : [cd34] Started GET "/" for 10.0.0.9'
        " at 2021-04-09 11:00:01 +0000\n"
    )
    assert [(e.level, e.message) for e in lines] == [
        ("FATAL", "[ab12]"),
        ("INFO", '[cd34] Started GET "/" for 10.0.0.9 at 2021-04-09 11:00:01 +0000'),
    ]
    assert lines[0].detail[0].startswith("NoMethodError")


def test_spring_boot_entry_with_an_empty_message_takes_the_lines_after_it() -> None:
    """Spring Boot's failure analysis and condition report: the logger's message begins with
    a line break, so the head's message is empty and the text comes after a blank line."""
    lines = parse(
        "2020-05-04 09:00:01.100  INFO 7 --- [           main]"
        " ConditionEvaluationReportLoggingListener : \n"
        "\n"
        "Error starting ApplicationContext. To display the conditions report re-run your"
        " application with 'debug' enabled.\n"
        "2020-05-04 09:00:01.120 ERROR 7 --- [           main] o.s.boot.SpringApplication"
        "               : Application run failed\n"
    )
    assert [(e.level, e.message) for e in lines] == [
        ("INFO", ""),
        ("ERROR", "Application run failed"),
    ]
    assert lines[0].detail[1].startswith("Error starting ApplicationContext")


def test_erlang_error_logger_reports_are_one_entry_each() -> None:
    """RabbitMQ before 3.7 (Erlang's error_logger): ``=ERROR REPORT==== date ===`` heads the
    report, its lines follow unindented, a blank line between reports."""
    lines = parse(
        "=INFO REPORT==== 9-Mar-2016::14:02:11 ===\n"
        "accepting AMQP connection <0.301.0> (10.0.0.4:5120 -> 10.0.0.5:5672)\n"
        "\n"
        "=ERROR REPORT==== 9-Mar-2016::14:02:12 ===\n"
        "closing AMQP connection <0.301.0> (10.0.0.4:5120 -> 10.0.0.5:5672):\n"
        "Error: connection_closed_abruptly\n"
        "\n"
        "=WARNING REPORT==== 9-Mar-2016::14:02:13 ===\n"
        "memory resource limit alarm set on node rabbit@mq1.\n"
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2016-03-09T14:02:11", "INFO"),
        ("2016-03-09T14:02:12", "ERROR"),
        ("2016-03-09T14:02:13", "WARNING"),
    ]
    assert lines[1].detail[:2] == (
        "closing AMQP connection <0.301.0> (10.0.0.4:5120 -> 10.0.0.5:5672):",
        "Error: connection_closed_abruptly",
    )


def test_an_entry_with_a_message_of_its_own_does_not_take_the_next_line() -> None:
    lines = parse(
        "2020-05-04 09:00:01.100  INFO 7 --- [main] c.e.App : Started App in 3.2 seconds\n"
        "some line of no layout\n"
    )
    assert [e.message for e in lines] == ["Started App in 3.2 seconds", "some line of no layout"]


# --- a guessed day or year before the log's first full date ---------------------------------


def test_a_time_of_day_before_the_first_date_takes_that_dates_day() -> None:
    """Spring Boot's devtools restarter logs with logback's basic layout (a time of day)
    before the application's banner and its dated lines."""
    lines = parse(
        "09:14:02.118 [Thread-0] DEBUG org.springframework.boot.devtools.restart.Restarter"
        " - Created RestartClassLoader\n"
        "\n"
        "  .   ____          _            __ _ _\n"
        " :: Spring Boot ::                (v2.7.1)\n"
        "\n"
        "2022-11-08 09:14:02.640  INFO 812 --- [  restartedMain] c.e.demo.DemoApplication"
        "                 : Starting DemoApplication\n"
    )
    assert utc(lines[0].ts, "milliseconds") == "2022-11-08T09:14:02.118"
    assert {utc(e.ts)[:10] for e in lines} == {"2022-11-08"}


def test_year_less_syslog_lines_before_a_full_date_take_its_year() -> None:
    """The relay's header has no year; the first message that carries one (on the same day)
    says which year the lines before it were in too."""
    lines = parse(
        "Mar  4 10:00:01 web1 systemd[1]: Starting Web Service...\n"
        "Mar  4 10:00:02 web1 web[77]: 2019-03-04T10:00:02Z listening on :8080\n"
        "Mar  4 10:00:03 web1 systemd[1]: Started Web Service.\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2019-03-04T10:00:01",
        "2019-03-04T10:00:02",
        "2019-03-04T10:00:03",
    ]


def test_year_less_syslog_with_no_full_date_keeps_the_reference_year() -> None:
    lines = parse(
        "Dec 31 23:59:58 web1 cron[9]: job started\n"
        "plain continuation of no layout\n"
        "Jan  1 00:00:01 web1 cron[9]: job done\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2023-12-31T23:59:58",
        "2023-12-31T23:59:58",
        "2024-01-01T00:00:01",
    ]


def test_times_of_day_alone_still_roll_over_midnight() -> None:
    lines = parse("23:59:58.000 [main] INFO a - one\n00:00:01.000 [main] INFO a - two\n")
    assert [utc(e.ts) for e in lines] == ["2024-05-31T23:59:58", "2024-06-01T00:00:01"]


def test_a_record_behind_syslog_showing_the_headers_clock_in_its_zone_keeps_the_header() -> None:
    """dockerd's logrus text under journald's syslog export: the header is the host's local
    time (naive, as the file's other headers are read), the record's time the same clock
    with its zone; the line stays on the file's clock, in the record's year."""
    lines = parse(
        "Sep  9 08:00:01 node2 systemd[1]: Starting Docker Application Container Engine...\n"
        'Sep  9 08:00:02 node2 dockerd[901]: time="2019-09-09T08:00:02.125000000-04:00"'
        ' level=info msg="loading plugin" type=io.containerd.grpc.v1\n'
        'Sep  9 08:00:03 node2 dockerd[901]: time="2019-09-09T08:00:03.500000000-04:00"'
        ' level=error msg="failed to start daemon" error="timeout"\n'
    )
    assert [(utc(e.ts), e.level) for e in lines] == [
        ("2019-09-09T08:00:01", "INFO"),
        ("2019-09-09T08:00:02", "INFO"),
        ("2019-09-09T08:00:03", "ERROR"),
    ]
    assert lines[1].message == "loading plugin"


def test_a_record_behind_syslog_on_another_clock_keeps_its_own_time() -> None:
    lines = parse(
        'Sep  9 08:00:02 node2 app[901]: time="2019-09-09T12:00:02Z" level=info msg="up" port=80\n'
    )
    assert utc(lines[0].ts) == "2019-09-09T12:00:02"


def test_rails_development_log_indented_calls_are_entries_of_their_own() -> None:
    """Rails' development log has no time and no level: ActionView and ActiveRecord indent
    their own messages by two spaces under the request's lines."""
    lines = parse(
        'Started GET "/orders" for 127.0.0.1 at 2018-02-03 10:00:00 +0000\n'
        "Processing by OrdersController#index as HTML\n"
        '  Parameters: {"page"=>"2"}\n'
        '  Order Load (0.6ms)  SELECT "orders".* FROM "orders"\n'
        "  Rendered orders/index.html.erb within layouts/application (12.5ms)\n"
        "Completed 200 OK in 20ms (Views: 14.1ms | ActiveRecord: 0.6ms)\n"
    )
    assert [(utc(e.ts), e.fmt, e.message[:20]) for e in lines] == [
        ("2018-02-03T10:00:00", "rails", 'Started GET "/orders'),
        ("2018-02-03T10:00:00", "rails", "Processing by Orders"),
        ("2018-02-03T10:00:00", "rails", 'Parameters: {"page"='),
        ("2018-02-03T10:00:00", "rails", "Order Load (0.6ms)  "),
        ("2018-02-03T10:00:00", "rails", "Rendered orders/inde"),
        ("2018-02-03T10:00:00", "rails", "Completed 200 OK in "),
    ]
    assert samples(lines[4]) == {"render_ms": 12.5}  # a part of the request's time
    assert samples(lines[5]) == {"http_status": 200.0, "response_time_ms": 20.0}


def test_guessed_years_stand_after_a_thousand_lines_held() -> None:
    year_less = "".join(
        f"Mar  4 10:{i // 60:02d}:{i % 60:02d} web1 app[7]: tick {i}\n" for i in range(1200)
    )
    lines = parse(year_less + "Mar  4 11:00:00 web1 app[7]: 2019-03-04T11:00:00Z done\n")
    assert utc(lines[0].ts) == "2024-03-04T10:00:00"
    assert utc(lines[1199].ts) == "2024-03-04T10:19:59"
    assert utc(lines[-1].ts) == "2019-03-04T11:00:00"
