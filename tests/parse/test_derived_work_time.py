"""Derived metrics' work time: a log's queries, jobs and steps timed apart from the latency
of the requests it serves (a 500 ms SLO judges requests, not a 40 s job)."""

from __future__ import annotations

import pytest

from console import events as ev
from console.parse import derived
from tests.helpers.parsing import parse


def _minute(text: str) -> dict[str, float]:
    d = derived.DerivedMetrics()
    out = [s for e in parse(text) for s in d.feed(e)] + d.flush()
    return {s.name: s.value for s in out if isinstance(s, ev.MetricSample)}


def test_queries_and_tasks_are_work_time_not_a_requests_latency() -> None:
    # a slow-query log's statements: work time, no latency for the request SLO to judge
    pg = _minute(
        "2024-05-16 09:00:01.000 UTC [123] LOG:  duration: 4123.456 ms  statement: SELECT 1\n"
        "2024-05-16 09:00:02.000 UTC [123] LOG:  duration: 10.5 ms  statement: SELECT 2\n"
    )
    assert pg[ev.WORK_AVG] == pytest.approx((4123.456 + 10.5) / 2)
    assert pg[ev.WORK_P99] == pytest.approx(4123.456)
    assert ev.LATENCY_AVG not in pg and ev.LATENCY_P99 not in pg
    # a service's status-less request durations are its latency; its query beside them is
    # their part, no work time (the seed's "charge accepted" and "query took 2400ms")
    both = _minute(
        '{"timestamp":"2026-03-02T10:15:20Z","level":"ERROR","message":"query took 2400ms",'
        '"query_duration_ms":2400}\n'
        '{"timestamp":"2026-03-02T10:15:40Z","level":"INFO","message":"charge accepted",'
        '"duration_ms":2210}\n'
    )
    assert both[ev.LATENCY_AVG] == 2210.0 and ev.WORK_AVG not in both
    # a worker's jobs, however its runner names their time: work time (review)
    jobs = _minute(
        "[2024-05-01 10:00:06,000: INFO/ForkPoolWorker-1] Task tasks.add[abc-123] succeeded "
        "in 40.5s: 8\n"
        "2024-05-01T10:00:07.000Z pid=1 tid=abc class=HardJob jid=123 elapsed=40.2 INFO: done\n"
        "I, [2024-05-01T10:00:09.000000 #1]  INFO -- : [ActiveJob] [HardJob] [abc] Performed "
        "HardJob (Job ID: abc) from Async(default) in 40123.45ms\n"
    )
    assert jobs[ev.WORK_P99] == pytest.approx(40500.0) and ev.LATENCY_P99 not in jobs
    # a request a job's words stand beside is a request
    served = _minute("2024-05-01 10:00:01,000 INFO worker: GET /api/jobs took 35 ms\n")
    assert served[ev.LATENCY_AVG] == 35.0 and ev.WORK_AVG not in served
    # a whole run alone in its minute is work time too
    run = _minute("2024-06-01 10:00:30 ===== 8 passed in 75.25s (0:01:15) =====\n")
    assert run[ev.WORK_P99] == 75250.0 and ev.LATENCY_P99 not in run
