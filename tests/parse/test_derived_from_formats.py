"""DerivedMetrics on real services' formats: error rate from statuses (5xx, 4xx apart),
request rate from access lines, latency from durations in any unit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from console import events as ev
from console.ingest import read_chunks
from console.parse import DerivedMetrics, LogParser
from console.parse.derived import CLIENT_ERROR_RATE

FORMATS = Path(__file__).parent.parent / "fixtures" / "logs" / "formats"


def derived(name: str) -> list[dict[str, float]]:
    """The derived samples per minute of one fixture, as {name: value}."""
    return _minutes(read_chunks(FORMATS / name))


def _minutes(chunks: Iterable[str]) -> list[dict[str, float]]:
    p, d = LogParser(now=lambda: 2e9, year_ref=1.7e9), DerivedMetrics()
    got: list[ev.Event] = []
    for chunk in chunks:
        for e in p.feed_text(chunk):
            got += d.feed(e)
    for e in p.flush():
        got += d.feed(e)
    got += d.flush()
    minutes: dict[float, dict[str, float]] = {}
    for e in got:
        assert isinstance(e, ev.MetricSample)
        minutes.setdefault(e.ts, {})[e.name] = e.value
    return list(minutes.values())


def test_access_log_gives_error_rate_request_rate_and_latency() -> None:
    [minute] = derived("access_combined.log")  # six requests within a minute
    assert minute[ev.ERROR_RATE] == pytest.approx(100 * 2 / 6)  # 500, 503
    assert minute[CLIENT_ERROR_RATE] == pytest.approx(100 * 1 / 6)  # 404
    # over the 50 s of the minute the log covers (09:00:00 to 09:00:50), not all 60
    assert minute[ev.REQUEST_RATE] == pytest.approx(6 / 50)
    assert minute[ev.LATENCY_AVG] == pytest.approx((45.0 + 250.0) / 2)  # the timed lines


def test_ecs_log_latency_from_nanoseconds_and_errors_from_statuses() -> None:
    [minute] = derived("ecs.jsonl")
    assert minute[ev.LATENCY_AVG] == pytest.approx((12 + 3000 + 4 + 18) / 4)
    # Nearest rank of four: the 95th and 99th percentiles are both the slowest request.
    assert minute[ev.LATENCY_P95] == minute[ev.LATENCY_P99] == pytest.approx(3000)
    assert minute[ev.ERROR_RATE] == pytest.approx(25.0)
    assert minute[CLIENT_ERROR_RATE] == pytest.approx(25.0)


def test_without_statuses_the_error_rate_is_the_share_of_error_lines() -> None:
    [minute] = derived("klog.log")
    assert minute[ev.ERROR_RATE] == pytest.approx(100 * 2 / 5)
    assert ev.REQUEST_RATE not in minute and ev.LATENCY_AVG not in minute


def test_zap_latency_in_seconds_and_strings() -> None:
    minutes = derived("zap.jsonl")
    assert minutes[0][ev.LATENCY_AVG] == pytest.approx((12.5 + 1500 + 0.85) / 3)
    assert minutes[0][ev.ERROR_RATE] == pytest.approx(100 * 1 / 3)  # 200, 500, 429


def test_percentiles_by_nearest_rank_over_the_minute() -> None:
    d = DerivedMetrics()
    for i in range(1, 201):  # 1..200 ms, in a shuffled order
        ms = float((i * 37) % 200 + 1)
        d.feed(
            ev.LogLine(
                ts=60.0 + i * 0.1,
                level="INFO",
                message="GET /",
                fmt="json",
                samples=(("http_status", 200.0, ""), ("request_time_ms", ms, "")),
            )
        )
    minute = {e.name: e.value for e in d.flush() if isinstance(e, ev.MetricSample)}
    assert minute[ev.LATENCY_AVG] == pytest.approx(100.5)
    assert minute[ev.LATENCY_P95] == 190.0  # rank ceil(0.95 * 200) = 190
    assert minute[ev.LATENCY_P99] == 198.0


def test_a_real_metrics_source_still_makes_it_stand_down() -> None:
    d = DerivedMetrics()
    d.feed(ev.MetricSample(ts=1.0, source="prometheus", name=ev.ERROR_RATE, value=1.0))
    assert not d.active


def test_a_minutes_latency_is_its_requests_not_their_sql_lines() -> None:
    # Rails: the request's "Completed ... in 468ms" and its SQL lines' "(0.3ms)": the panel
    # is the requests' (mixed, the mean would be a tenth of what a request took)
    text = (
        'I, [2024-12-15T13:40:07.100 #1]  INFO -- : [r1] Started GET "/" for 10.0.0.1\n'
        "D, [2024-12-15T13:40:07.200 #1] DEBUG -- : [r1]   User Load (0.3ms)  SELECT 1\n"
        "D, [2024-12-15T13:40:07.300 #1] DEBUG -- : [r1]   Post Load (1.7ms)  SELECT 2\n"
        "I, [2024-12-15T13:40:07.568 #1]  INFO -- : [r1] Completed 200 OK in 468ms "
        "(Views: 12.0ms | ActiveRecord: 2.0ms)\n"
        "I, [2024-12-15T13:40:08.568 #1]  INFO -- : [r2] Completed 200 OK in 32ms\n"
    )
    [minute] = _minutes([text])
    assert minute[ev.LATENCY_AVG] == pytest.approx((468 + 32) / 2)
    assert minute[ev.LATENCY_P99] == pytest.approx(468)


def test_with_neither_a_jobs_times_are_its_work_time() -> None:
    # a worker's jobs are no requests the latency's SLO judges
    text = (
        "2024-05-16 09:00:01,000 INFO worker: job 17 took 1.5s\n"
        "2024-05-16 09:00:02,000 INFO worker: job 18 took 0.5s\n"
    )
    [minute] = _minutes([text])
    assert minute[ev.WORK_AVG] == pytest.approx(1000)
    assert ev.LATENCY_AVG not in minute


def _access(minute: int, second: int, status: int = 200) -> str:
    return (
        f'10.0.0.1 - - [16/May/2024:09:{minute:02d}:{second:02d} +0000] "GET /a HTTP/1.1" '
        f"{status} 12\n"
    )


def test_a_log_ending_inside_a_minute_gives_its_rate_over_what_it_covers() -> None:
    # a whole minute of one request every 2 s, then the log ends 12 s into the next minute
    # with one a second: 0.5 req/s, then 13 over the 12 s covered (not 13/60, a fifth of it)
    text = "".join(_access(0, s) for s in range(0, 60, 2))
    text += "".join(_access(1, s) for s in range(13))
    whole, last = _minutes([text])
    assert whole[ev.REQUEST_RATE] == pytest.approx(30 / 60)
    assert last[ev.REQUEST_RATE] == pytest.approx(13 / 12)


def test_a_few_seconds_of_a_minute_say_no_rate() -> None:
    # 3 s into its last minute: too short a span to say a rate; its errors still count
    text = "".join(_access(0, s) for s in range(0, 60, 2)) + _access(1, 0) + _access(1, 3, 503)
    whole, last = _minutes([text])
    assert ev.REQUEST_RATE in whole and ev.REQUEST_RATE not in last
    assert last[ev.ERROR_RATE] == pytest.approx(50.0)


def test_a_log_starting_inside_a_minute_gives_its_rate_over_what_it_covers() -> None:
    # the first line 30 s into its minute: 15 requests over those 30 s
    text = "".join(_access(0, s) for s in range(30, 60, 2)) + _access(1, 30)
    first, _last = _minutes([text])
    assert first[ev.REQUEST_RATE] == pytest.approx(15 / 30)
