"""Set 36's misfires and misses (mainstream services' committed logs): a setting, a play
parameter or a housekeeping loop's overrun read as a request's duration; a PostgreSQL log
with no prefix; java.util.logging in a translated locale. Lines written here in each
program's shape."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_a_play_commands_duration_parameter_beside_its_start_is_no_measured_time() -> None:
    # nginx-rtmp's play handler logs its arguments: where to start and how long to play
    lines = parse(
        "2023/02/11 09:14:05 [info] 812#920: *4 play: name='cam1' args='' start=0 "
        "duration=0 reset=0 silent=0, client: 10.1.2.3, server: 0.0.0.0:1935\n"
    )
    assert len(lines) == 1
    assert samples(lines[0]) == {}


def test_a_duration_pair_with_no_start_beside_it_is_still_read() -> None:
    lines = parse("2023/02/11 09:14:05 [info] 812#920: upload finished duration=350ms\n")
    assert samples(lines[0]).get("duration_ms") == 350.0


def test_a_configuration_dump_closing_a_message_gives_no_duration() -> None:
    # Traefik (logrus logfmt) prints its static configuration as JSON after the message
    lines = parse(
        'time="2023-05-02T08:00:01Z" level=debug msg="Static configuration loaded '
        '{\\"providers\\":{\\"docker\\":{\\"watch\\":true}},\\"acme\\":{\\"renewDuration\\":720,'
        '\\"storage\\":\\"certs.json\\"}}"\n'
        'time="2023-05-02T08:00:01Z" level=debug msg="*acme.Provider provider configuration: '
        '{\\"keyType\\":\\"RSA2048\\",\\"certificatesDuration\\":720}"\n'
    )
    assert len(lines) == 2
    assert [samples(x) for x in lines] == [{}, {}]


def test_a_housekeeping_loop_overrunning_its_intended_time_is_no_request() -> None:
    # InnoDB's page cleaner: its one-second cadence overrun, a tuning warning
    lines = parse(
        "2022-03-04T05:06:07.123456Z 0 [Note] InnoDB: page_cleaner: 1000ms intended loop "
        "took 41200ms. The settings might not be optimal. (flushed=12 and evicted=0, "
        "during the time.)\n"
    )
    assert len(lines) == 1
    assert samples(lines[0]) == {}


def test_an_operation_that_took_a_time_is_still_read() -> None:
    lines = parse("2022-03-04T05:06:07.123456Z 0 [Note] Account fetch took 250ms\n")
    assert samples(lines[0]).get("duration_ms") == 250.0
    assert utc(lines[0].ts) == "2022-03-04T05:06:07"


def test_postgresql_with_an_empty_line_prefix_reads_levels_and_statement_durations() -> None:
    lines = parse(
        "LOG:  connection authorized: user=app database=shop\n"
        "LOG:  statement: SELECT count(*) FROM orders\n"
        "LOG:  duration: 1.250 ms\n"
        'ERROR:  relation "order" does not exist at character 22\n'
        "STATEMENT:  SELECT * FROM order\n"
        "LOG:  duration: 310.5 ms  statement: VACUUM orders\n"
        "LOG:  disconnection: session time: 0:00:02.500 user=app database=shop\n"
    )
    assert [x.level for x in lines] == ["INFO", "INFO", "INFO", "ERROR", "INFO", "INFO", "INFO"]
    assert [samples(x) for x in lines if x.samples] == [
        {"query_duration_ms": 1.25},
        {"query_duration_ms": 310.5},
    ]
    assert lines[3].message == 'relation "order" does not exist at character 22'


def test_a_level_word_and_one_space_is_no_postgresql_line() -> None:
    # (uvicorn pads its level: "INFO:     msg"; a one-space "LOG: x" is prose)
    lines = parse("INFO:     Started server process [412]\nLOG: duration: 5 ms\n")
    assert lines[0].fmt == "python"
    assert lines[1].fmt != "postgres"


def test_java_util_logging_in_a_chinese_locale_reads_its_time_and_level_words() -> None:
    # SimpleFormatter's two lines, the month and AM/PM in Chinese, the level translated
    lines = parse(
        "-XX:+UseParallelGC      := true      {product}\n"
        "三月 09, 2019 9:05:02 上午 org.apache.catalina.startup.Catalina load\n"
        "信息: Initialization processed in 812 ms\n"
        "十二月 30, 2019 1:40:00 下午 org.apache.catalina.core.StandardContext startInternal\n"
        "严重: Context [/shop] startup failed due to previous errors\n"
        "12月 30, 2019 12:10:00 上午 org.apache.catalina.startup.HostConfig deployWAR\n"
        "警告: Unable to find a resource\n"
    )
    jul = [x for x in lines if x.fmt == "jul"]
    assert [utc(x.ts) for x in jul] == [
        "2019-03-09T09:05:02",
        "2019-12-30T13:40:00",
        "2019-12-30T00:10:00",
    ]
    assert [x.level for x in jul] == ["INFO", "ERROR", "WARNING"]


def test_java_util_logging_jdk6_chinese_medium_date_and_other_locales_level_words() -> None:
    # JDK 6's SimpleFormatter: DateFormat's medium date and time, zh: "yyyy-M-d H:mm:ss"
    lines = parse(
        "2015-7-3 16:20:09 org.apache.catalina.core.AprLifecycleListener init\n"
        "严重: The APR based Apache Tomcat Native library was not found\n"
        "Mar 04, 2019 8:00:01 AM org.apache.catalina.startup.Catalina start\n"
        "SCHWERWIEGEND: Die Anwendung konnte nicht gestartet werden\n"
        "Mar 04, 2019 8:00:02 AM org.apache.catalina.startup.Catalina start\n"
        "AVERTISSEMENT: Impossible de charger la ressource\n"
        "Mar 04, 2019 8:00:03 AM org.apache.catalina.startup.Catalina start\n"
        "Schwerwiegend: Die Anwendung konnte nicht gestartet werden\n"
        "Mar 04, 2019 8:00:04 AM org.apache.catalina.startup.Catalina start\n"
        "Plus précis: chargement du contexte\n"
        "Mar 04, 2019 8:00:05 AM org.apache.catalina.startup.Catalina start\n"
        "重大: アプリケーションを起動できません\n"
    )
    assert [(utc(x.ts), x.level) for x in lines] == [
        ("2015-07-03T16:20:09", "ERROR"),
        ("2019-03-04T08:00:01", "ERROR"),
        ("2019-03-04T08:00:02", "WARNING"),
        ("2019-03-04T08:00:03", "ERROR"),
        ("2019-03-04T08:00:04", "TRACE"),  # FINER
        ("2019-03-04T08:00:05", "ERROR"),
    ]


def test_a_health_checks_duration_label_with_its_unit_is_read() -> None:
    # HAProxy's check result, on stderr and through syslog
    lines = parse(
        "[WARNING]  (4120) : Health check for server web/app2 failed, reason: Layer7 timeout, "
        "check duration: 2001ms, status: 0/2 DOWN.\n"
        "<133>May  3 09:10:11 haproxy[4120]: Health check for server web/app1 succeeded, "
        "reason: Layer7 check passed, code: 200, check duration: 3ms, status: 3/3 UP.\n"
        "2024-05-03 09:10:12 INFO lease renewed, timeout duration: 30s\n"
    )
    assert [samples(x).get("duration_ms") for x in lines] == [2001.0, 3.0, None]


def test_a_duration_label_naming_a_setting_or_a_medium_is_no_measured_time() -> None:
    # the word before "duration:" says what ran; a lease, a TTL, a video or a token is a
    # length set or held, not a request's time (a duration would land in the latency panel)
    lines = parse(
        "2024-05-03 09:10:12 INFO leader election: lease duration: 15s, renew deadline: 10s\n"
        "2024-05-03 09:10:13 INFO transcoded clip, video duration: 120s\n"
        "2024-05-03 09:10:14 INFO cache TTL duration: 300s\n"
        "2024-05-03 09:10:15 INFO issued token, lifetime duration: 3600s\n"
        "2024-05-03 09:10:16 INFO handled GET /cart, request duration: 35ms\n"
    )
    assert [samples(x).get("duration_ms") for x in lines] == [None, None, None, None, 35.0]


def test_a_nagios_check_output_is_a_probes_answer() -> None:
    # check_http's output as Nagios logs its service alert: the checked server's status and
    # time, a probe Nagios sent (set 36's reading took them as served; set 442's two Nagios
    # logs, read under the rule that a status received is none served, did not)
    lines = parse(
        "[1700000000] SERVICE ALERT: web01;HTTP;OK;SOFT;2;HTTP OK: HTTP/1.1 200 OK - "
        "5120 bytes in 0.250 second response time\n"
        "[1700000060] SERVICE ALERT: web01;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: HTTP/1.1 503 "
        "Service Unavailable - 120 bytes in 0.004 second response time\n"
    )
    assert [samples(x) for x in lines] == [{}, {}]


def test_rails_exception_report_lines_of_one_request_are_one_fatal_entry() -> None:
    # ActionDispatch::DebugExceptions logs an exception as several logger.fatal calls, each
    # a Logger line with the request's tag: a blank one, the exception, a blank, the trace
    tag = "[0b9c1e7a-5d2f-4c11-9e3a-7f00aa12bc34]"
    head = "F, [2021-09-14T07:30:12.{} #4021] FATAL -- : " + tag
    lines = parse(
        f"I, [2021-09-14T07:30:12.100100 #4021]  INFO -- : {tag} Completed 500 Internal "
        "Server Error in 9ms (ActiveRecord: 1.2ms)\n"
        + head.format("101000")
        + "   \n"
        + head.format("101100")
        + " NoMethodError (undefined method `name' for nil):\n"
        + head.format("101200")
        + "   \n"
        + head.format("101300")
        + " app/controllers/orders_controller.rb:12:in `show'\n"
        'I, [2021-09-14T07:30:13.000000 #4021]  INFO -- : [5e0d] Started GET "/" for ::1\n'
        "F, [2021-09-14T07:30:14.000000 #4021] FATAL -- : [5e0d] RuntimeError (boom):\n"
    )
    assert [(x.level, x.message) for x in lines] == [
        ("ERROR", f"{tag} Completed 500 Internal Server Error in 9ms (ActiveRecord: 1.2ms)"),
        ("FATAL", f"{tag} NoMethodError (undefined method `name' for nil):"),
        ("INFO", '[5e0d] Started GET "/" for ::1'),
        ("FATAL", "[5e0d] RuntimeError (boom):"),
    ]
    assert len(lines[1].detail) == 2  # the second blank line and the trace


def test_rails_production_query_lines_behind_the_loggers_head_give_query_durations() -> None:
    # Rails' production.log with debug on: ActiveRecord's query line, coloured, tagged
    lines = parse(
        "D, [2021-09-14T07:30:12.100100 #4021] DEBUG -- : [5e0d]   \x1b[1m\x1b[36mOrder Load "
        '(1.4ms)\x1b[0m  \x1b[1m\x1b[34mSELECT "orders".* FROM "orders"\x1b[0m\n'
        "D, [2021-09-14T07:30:12.200100 #4021] DEBUG -- : [5e0d]   \x1b[1m\x1b[35m(0.3ms)"
        "\x1b[0m  \x1b[1m\x1b[35mBEGIN\x1b[0m\n"
        "I, [2021-09-14T07:30:12.300100 #4021]  INFO -- : [5e0d] Loaded (3 records)\n"
    )
    assert [samples(x) for x in lines] == [
        {"query_duration_ms": 1.4},
        {"query_duration_ms": 0.3},
        {},
    ]


def test_rails_migration_query_lines_without_tags_give_query_durations() -> None:
    # `rails db:migrate` in production: no request, so no tags; ActiveRecord's lines keep
    # their indent (and their colours, when the logger was a terminal's)
    lines = parse(
        "D, [2022-03-01T08:00:01.100000 #812] DEBUG -- :   \x1b[1m\x1b[35m (3.2ms)\x1b[0m  "
        '\x1b[1m\x1b[35mCREATE TABLE "invoices" ("id" integer PRIMARY KEY)\x1b[0m\n'
        "I, [2022-03-01T08:00:01.200000 #812]  INFO -- : Migrating to CreateInvoices (2022)\n"
        "D, [2022-03-01T08:00:01.300000 #812] DEBUG -- :   Invoice Create (0.4ms)  "
        'INSERT INTO "invoices" DEFAULT VALUES\n'
        "D, [2022-03-01T08:00:01.400000 #812] DEBUG -- : retried (2ms)  later\n"
    )
    assert [samples(x).get("query_duration_ms") for x in lines] == [3.2, None, 0.4, None]
