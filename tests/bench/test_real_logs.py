from __future__ import annotations

from pathlib import Path

from bench.real_logs import judge, read


def test_a_database_log_s_durations_are_its_queries(tmp_path: Path) -> None:
    # PostgreSQL's log_min_duration_statement lines: the statement's time is the line's
    # latency, as DerivedMetrics takes it.
    log = tmp_path / "pg.log"
    log.write_text(
        "2024-03-02 10:00:00.100 UTC [311] LOG:  duration: 12.500 ms  statement: SELECT 1\n"
        "2024-03-02 10:00:01.100 UTC [311] LOG:  checkpoint starting: time\n"
        "2024-03-02 10:00:02.100 UTC [312] LOG:  duration: 0.750 ms  statement: SELECT 2\n"
    )
    assert read(log)["durs"] == [12.5, 0.75]


def test_the_durations_are_those_the_latency_panel_takes(tmp_path: Path) -> None:
    # Served requests' (a status and a duration) before any others' (each line's request
    # duration, else its query duration: a record with no status, a job's, a statement's):
    # never mixed, as DerivedMetrics takes them (before, each line's first in any case).
    log = tmp_path / "svc.log"
    log.write_text(
        '{"time": "2024-03-02T10:00:00Z", "msg": "done", "duration_ms": 40, "query_ms": 7}\n'
        '{"time": "2024-03-02T10:00:01Z", "msg": "db", "query_ms": 9}\n'
    )
    assert read(log)["durs"] == [40.0, 9.0]
    with log.open("a") as f:
        f.write(
            '{"time": "2024-03-02T10:00:02Z", "msg": "request completed", "status": 200, '
            '"duration_ms": 31}\n'
        )
    assert read(log)["durs"] == [31.0]


def test_a_range_of_duration_lines_takes_any_count_within_it() -> None:
    # A writer unsure whether some entries' times are requests' gives [lo, hi], as for
    # errors: a count inside is right, one outside is wrong.
    want = {"first": None, "last": None, "errors": 0, "statuses": None, "durs": None,
            "dur_lines": [58, 79]}  # fmt: skip
    got = {"first": None, "last": None, "errors": 0, "statuses": [], "durs": [1.0] * 58}
    assert judge(want, got, 0.0) == []
    got["durs"] = [1.0] * 80
    assert judge(want, got, 0.0) == ["80 durations != [58, 79]"]


def test_two_readings_of_a_time_may_include_the_clocks() -> None:
    # A file whose only times are a message's data: its reader gives both the data's time
    # and "CLOCK" (no time of its own); the import's clock is right, and so is the data's.
    want = {"first": ["2016-08-13T07:35:52", "CLOCK"], "last": ["2016-08-13T07:40:11", "CLOCK"],
            "errors": 0, "statuses": None, "durs": None, "dur_lines": 0}  # fmt: skip
    clock = {"first": "2026-12-06T00:02:21", "last": "2026-12-06T00:02:21", "errors": 0,
             "statuses": [], "durs": []}  # fmt: skip
    started = 1796515341.0  # 2026-12-06T00:02:21
    assert judge(want, clock, started) == []
    data = dict(clock, first="2016-08-13T07:35:52", last="2016-08-13T07:40:11")
    assert judge(want, data, started) == []
    other = dict(clock, first="2019-01-01T00:00:00")
    assert judge(want, other, started) == ["first 2019-01-01T00:00:00 != " + str(want["first"])]
