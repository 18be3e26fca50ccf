"""Issue 17: shapes DataDog's log pipelines' samples showed we read without their level or
time (checked against those samples, not copied): Redis before 3.2 (no year) and before 3.0
(the pid in brackets), and Go's log with a level prefix before its date. Lines written here."""

from __future__ import annotations

from tests.helpers.parsing import parse, utc


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
