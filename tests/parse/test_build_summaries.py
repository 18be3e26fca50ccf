"""A build's own dated summary in output whose lines carry no time (issue 17, set 32): the
date a summary line says the build finished, a suite started or passed at, is the time of the
lines around it; the build's whole time, its summary's duration."""

from __future__ import annotations

from tests.helpers.parsing import NOW, parse, samples, utc


def test_maven3_finished_at_gives_every_line_its_time() -> None:
    lines = parse(
        "[INFO] Scanning for projects...\n"
        "[INFO] --- compiler:3.11.0:compile (default-compile) @ shop ---\n"
        "[INFO] BUILD SUCCESS\n"
        "[INFO] Total time:  12.345 s\n"
        "[INFO] Finished at: 2022-11-03T08:15:40+01:00\n"
        "[INFO] ------------------------------------------------------------------------\n"
    )
    assert [utc(e.ts) for e in lines] == ["2022-11-03T07:15:40"] * 6
    total = next(e for e in lines if "Total time" in e.message)
    assert samples(total) == {"duration_ms": 12345.0}


def test_maven2_nested_levels_date_to_string() -> None:
    lines = parse(
        "[INFO] [INFO] Building jar: /tmp/ws/target/demo.jar\n"
        "[INFO] [INFO] BUILD SUCCESSFUL\n"
        "[INFO] [INFO] Total time: 42 seconds\n"
        "[INFO] [INFO] Finished at: Tue Mar 02 17:05:11 PST 2010\n"
    )
    assert {utc(e.ts) for e in lines} == {"2010-03-03T01:05:11"}
    assert [samples(e).get("duration_ms") for e in lines] == [None, None, 42000.0, None]


def test_maven_total_time_minutes_and_seconds() -> None:
    lines = parse(
        "[INFO] BUILD FAILURE\n"
        "[INFO] Total time: 3:07.250s\n"
        "[INFO] Total time:  02:14 min\n"
        "[INFO] Total time:  01:12 h\n"
        "[INFO] Total time: 1:02:03.456s\n"
        "[INFO] Total time: 1 minute 2 seconds\n"
    )
    got = [samples(e).get("duration_ms") for e in lines]
    assert got == [None, 187250.0, 134000.0, 4320000.0, 3723456.0, 62000.0]


def test_sbt_total_time_completed_date() -> None:
    lines = parse(
        "[warn] /src/app/Main.scala:12: a pure expression does nothing\n"
        "[success] Total time: 31 s, completed Mar 14, 2021 4:02:09 PM\n"
    )
    assert [utc(e.ts) for e in lines] == ["2021-03-14T16:02:09"] * 2
    assert samples(lines[1]) == {"duration_ms": 31000.0}


def test_xctest_suite_started_and_passed_at() -> None:
    lines = parse(
        "Test Suite 'CartModelTests' started at 2019-06-30 22:41:05.118\n"
        "Test Case '-[CartModelTests testTotal]' passed (0.002 seconds).\n"
        "Test Suite 'CartModelTests' passed at 2019-06-30 22:41:07.540.\n"
    )
    assert utc(lines[0].ts) == "2019-06-30T22:41:05"
    assert utc(lines[-1].ts) == "2019-06-30T22:41:07"


def test_a_date_the_message_talks_about_is_no_time() -> None:
    # not a summary's wording, or not closing the line: the clock's time, as before
    lines = parse(
        "[INFO] the response header Last-Modified: Tue Mar 02 17:05:11 PST 2010\n"
        "[INFO] the server's certificate expires Jun 30 22:41:05 2031 GMT\n"
        "[INFO] the nightly job started at 2019-06-30 22:41:05 and then stalled\n"
    )
    assert {e.ts for e in lines} == {NOW}
