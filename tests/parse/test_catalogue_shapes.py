"""Issue 17: shapes DataDog's log pipelines' samples showed we read without their level or
time (checked against those samples, not copied): Redis before 3.2 (no year) and before 3.0
(the pid in brackets), and Go's log with a level prefix before its date. Lines written here."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_redis_without_the_year_and_with_the_bracketed_pid() -> None:
    lines = parse(
        "[3301] 11 Feb 08:00:01.101 * Server started, Redis version 2.8.19\n"
        "[3301] 11 Feb 08:00:01.102 # WARNING: The TCP backlog setting cannot be enforced.\n"
        "3302:M 11 Feb 08:00:02.500 * DB loaded from disk: 0.002 seconds\n"
        "3302:M 11 Feb 08:00:03.000 # Background saving error\n"
        "3302:M 11 Feb 2024 08:00:04.000 * Ready to accept connections\n"
    )
    assert [ln.level for ln in lines] == ["NOTICE", "WARNING", "NOTICE", "WARNING", "NOTICE"]
    # the year-less ones take the year the full date gives
    assert [utc(ln.ts) for ln in lines] == [
        "2024-02-11T08:00:01",
        "2024-02-11T08:00:01",
        "2024-02-11T08:00:02",
        "2024-02-11T08:00:03",
        "2024-02-11T08:00:04",
    ]
    assert lines[0].fields == {"pid": "3301"}
    assert lines[2].fields == {"pid": "3302", "role": "M"}


def test_go_log_with_a_level_prefix_before_its_date() -> None:
    lines = parse(
        "INFO: 2024/03/05 11:00:00.120001 Discovered remote peer 10.0.0.7\n"
        "ERRO: 2024/03/05 11:00:01.000000 connection to 10.0.0.8 failed\n"
        "WARN: 2024/03/05 11:00:02.000000 MTU lower than expected\n"
        "FATA: 2024/03/05 11:00:03.000000 cannot create ipset\n"
    )
    assert [utc(ln.ts) for ln in lines] == [
        "2024-03-05T11:00:00",
        "2024-03-05T11:00:01",
        "2024-03-05T11:00:02",
        "2024-03-05T11:00:03",
    ]
    assert [ln.level for ln in lines] == ["INFO", "ERROR", "WARNING", "FATAL"]
    assert lines[0].message == "Discovered remote peer 10.0.0.7"


def test_a_python_level_prefix_without_a_date_is_as_before() -> None:
    lines = parse("2024-03-05 10:00:00 start\nINFO: 12 workers started\n")
    assert lines[1].level == "INFO" and lines[1].message == "12 workers started"


def test_a_level_word_in_lower_case_before_a_colon_after_a_bracketed_date() -> None:
    lines = parse(
        "[2024-07-01 09:00:00] info: \tz2m: Zigbee2MQTT started\n"
        "[2024-07-01 09:00:05] error: \tz2m: Failed to connect to the MQTT server\n"
        "[2024-07-01 09:00:06] warn: queue full\n"
    )
    assert [ln.level for ln in lines] == ["INFO", "ERROR", "WARNING"]
    assert lines[1].message == "z2m: Failed to connect to the MQTT server"


def test_an_abbreviated_level_in_brackets_after_a_time_of_day() -> None:
    lines = parse("[21:01:45] [WRN] disk 91% full\n[21:01:46] [ERR] write failed\n")
    assert [ln.level for ln in lines] == ["WARNING", "ERROR"]


def test_an_agent_s_own_words_stay_its_levels() -> None:
    lines = parse("[09:00:00] [SUCCESS] Green pods healthy\n[09:00:01] [WARN] p99 rising\n")
    assert lines[0].level == "SUCCESS"
    assert lines[1].level == "WARNING"


def test_a_level_letter_in_brackets_opening_an_undated_line() -> None:
    lines = parse(
        "[I] starting up\n[W] cache cold\n[E] listener failed\n[D] debugging info\n"
        "Information: service started\n"
    )
    assert [ln.level for ln in lines] == ["INFO", "WARNING", "ERROR", "DEBUG", "INFO"]


def test_cisco_rfc5424_timestamp_before_the_code_with_and_without_pri() -> None:
    lines = parse(
        "<185>2024-02-01T10:00:00Z: %FTD-1-735002: Cooling fan failure detected\n"
        "2024-02-01T10:00:01Z: %ASA-3-212001: Unable to open SNMP channel\n"
    )
    assert [utc(ln.ts) for ln in lines] == ["2024-02-01T10:00:00", "2024-02-01T10:00:01"]
    assert lines[0].message.startswith("%FTD-1-735002")
    assert lines[1].level == "ERROR"  # the code's severity digit, no PRI to say otherwise


def test_a_pri_line_with_its_time_under_a_key() -> None:
    lines = parse('<134>  id=firewall sn=00AB time="2024-09-02 13:11:35 UTC" fw=10.0.0.1 pri=6\n')
    assert utc(lines[0].ts) == "2024-09-02T13:11:35"


def test_the_year_after_the_time_as_ctime_puts_it() -> None:
    lines = parse("Jan 15 21:46:34 2025 30196:30196 3 10.1 mbdReConf: start\n")
    assert utc(lines[0].ts) == "2025-01-15T21:46:34"
    assert lines[0].message.startswith("30196:30196")


def test_iis_with_every_field_on_and_http_sys_error_log() -> None:
    lines = parse(
        "2024-03-01 10:11:12 W3SVC1 WEB01 ::1%0 GET /health - 443 - ::1%0 HTTP/1.1"
        " curl/8.0 - - example.com 503 0 0 512 120 789\n"
        "2024-03-01 10:11:13 10.1.1.5 50321 10.1.1.9 443 HTTP/1.1 GET /api/x 400 - BadRequest -\n"
        "2024-03-01 10:11:14 10.1.1.6 50322 10.1.1.9 80 - - - - - Timer_ConnectionIdle -\n"
    )
    assert [samples(ln).get("http_status") for ln in lines] == [503.0, 400.0, None]
    assert samples(lines[0])["duration_ms"] == 789.0  # time-taken closes the six numbers
    assert lines[0].level == "ERROR" and lines[1].level == "WARNING"


def test_coredns_query_lines_with_and_without_a_time() -> None:
    lines = parse(
        '[INFO] 10.244.1.7:41000 - 3301 "A IN api.default.svc.cluster.local. udp 61 false 512"'
        " NOERROR qr,aa,rd 120 0.000210306s\n"
        '2024-03-01T10:00:00.000Z [INFO] 10.244.1.7:41001 - 3302 "AAAA IN example.org. udp 40'
        ' false 1232" NXDOMAIN qr,rd,ra 110 0.032000000s\n'
    )
    # the query's time, named as a served request's (session 25: a duration of anything,
    # duration_ms, in a line naming no request is an operation's, not the latency panel's)
    assert [round(samples(ln)["response_time_ms"], 6) for ln in lines] == [0.210306, 32.0]
    assert lines[1].fields is not None and lines[1].fields["rcode"] == "NXDOMAIN"


def test_a_year_less_date_and_a_dash_without_a_pid_is_no_redis_line() -> None:
    # nodemon's "25 Oct 16:31:38 - [nodemon] msg" is Redis 1.x's shape too: without Redis'
    # pid it stays a line of its own kind (Redis 1.x, 2010, is read as text)
    lines = parse("25 Oct 16:31:38 - [nodemon] starting `node server.js`\n")
    assert lines[0].fmt != "redis"


def test_elasticsearch_and_logstash_bracket_layout_and_logstash_slow_log() -> None:
    lines = parse(
        "[2024-05-02T08:00:00,101][INFO ][o.e.n.Node               ] [es-1] started\n"
        "[2024-05-02T08:00:01,202][WARN ][slowlog.logstash.filters.grok] event processing time"
        ' {:plugin_params=>{"id"=>"grok-1"}, :took_in_nanos=>2500000, :took_in_millis=>2}\n'
        "[2024-05-02T08:00:02,303][ERROR][logstash.agent           ][main] Failed to execute\n"
    )
    assert [ln.level for ln in lines] == ["INFO", "WARNING", "ERROR"]
    assert lines[0].message == "[es-1] started"
    assert lines[0].fields == {"logger": "o.e.n.Node"}
    assert samples(lines[1])["duration_ms"] == 2.5  # the nanoseconds, not the rounded ms
    assert utc(lines[2].ts) == "2024-05-02T08:00:02"
