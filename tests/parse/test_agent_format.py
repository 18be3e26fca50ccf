"""The agent runtime format: blocks, times, and the facts extracted from them."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console import events as ev
from console.parse import LogParser
from console.parse.logline import log_line

FIXTURES = Path(__file__).parent.parent / "fixtures" / "logs"
NOW = datetime(2030, 5, 6, 12, 0, tzinfo=UTC).timestamp()


def parse(lines: list[str] | str, **kw: object) -> list[ev.Event]:
    if isinstance(lines, str):
        lines = lines.split("\n")
    p = LogParser(now=lambda: NOW, **kw)  # type: ignore[arg-type]
    out: list[ev.Event] = []
    for line in lines:
        out += p.feed(line)
    return out + p.flush()


def at(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S")


def of(events: list[ev.Event], cls: type) -> list:  # type: ignore[type-arg]
    return [e for e in ev.explode(events) if isinstance(e, cls)]  # batches as samples


def metrics(events: list[ev.Event]) -> list[tuple[str, str, float]]:
    return [(e.name, e.scope, e.value) for e in of(events, ev.MetricSample)]


def test_missing_index_fixture_reads_as_the_rollout_it_was() -> None:
    events = parse((FIXTURES / "rollout_missing_index.log").read_text().split("\n"))
    info = of(events, ev.SessionInfo)
    assert info[0].agent_session_id == "rollout-search-api-20250304-1405"
    assert info[0].attempt == "1/2"
    assert any(i.service == "search-api" and i.version == "v4.2.0" for i in info)
    assert [s.steps for s in of(events, ev.StagePlan)] == [(10.0, 25.0, 50.0, 75.0, 100.0)]
    stages = [(s.traffic_pct, at(s.ts)) for s in of(events, ev.StageStarted)]
    assert stages == [
        (10.0, "2025-03-04 14:05:41"),
        (25.0, "2025-03-04 14:10:45"),
        (50.0, "2025-03-04 14:15:49"),
        (75.0, "2025-03-04 14:20:53"),
    ]
    slo = of(events, ev.SloViolation)
    assert len(slo) == 1
    assert (slo[0].metric, slo[0].value, slo[0].threshold) == (ev.LATENCY_P99, 910.0, 500.0)
    assert at(slo[0].ts) == "2025-03-04 14:24:00"
    rb = of(events, ev.RollbackStarted)
    assert [at(r.ts) for r in rb] == ["2025-03-04 14:24:05"]
    assert "rollback" in rb[0].reason.lower()
    outcome = of(events, ev.Outcome)[-1]
    assert outcome.status == "rolled_back"
    assert outcome.time_to_detect == "3 minutes at 75% traffic"
    assert outcome.time_to_rollback == "1.5 minutes"
    assert outcome.customer_impact and "910ms" in outcome.customer_impact
    assert "tenant_tier" in outcome.detail
    thresholds = {(t.metric, t.value, t.slo) for t in of(events, ev.Threshold)}
    assert thresholds == {(ev.LATENCY_AVG, 150.0, False), (ev.LATENCY_P99, 500.0, True)}
    m = metrics(events)
    assert (ev.DB_CONNECTIONS, "blue", 36.0) in m  # "Current connections (blue only): 36/200"
    assert (ev.DB_CONNECTIONS, "", 43.0) in m and (ev.DB_CONNECTIONS, "green", 9.0) in m
    assert (ev.CPU, "", 38.5) in m and (ev.MEMORY, "", 61.0) in m  # "utilisation"
    assert (ev.DB_QUERY_MS, "", 240.0) in m and (ev.DB_CPU, "", 91.0) in m
    assert (ev.ERROR_RATE, "", 0.15) in m and (ev.LATENCY_P95, "", 520.0) in m
    assert (ev.REQUEST_RATE, "green", 675.0) in m
    # "~150/200" is a projection, "231ms → 140ms → 98ms" a trend: neither is a sample.
    assert (ev.DB_CONNECTIONS, "", 150.0) not in m
    assert not any(v in (140.0, 98.0) for n, _, v in m if n == ev.LATENCY_AVG)
    splits = [(t.green_pct, t.actual_green_pct) for t in of(events, ev.TrafficSplit)]
    assert (75.0, 75.0) in splits and splits[-1] == (0.0, 0.0)
    tools = [t.tool for t in of(events, ev.ToolCall)]
    assert tools.count("traffic_shift") == 4 and "rollback_traffic" in tools
    dep = of(events, ev.Deployment)[0]
    assert (dep.environment, dep.service, dep.version) == ("green", "search-api", "v4.2.0")
    assert of(events, ev.Pods)[0].total == 4


def test_blocks_keep_every_line_in_order() -> None:
    text = (FIXTURES / "rollout_missing_index.log").read_text()
    events = parse(text.split("\n"))
    logs = of(events, ev.LogLine)
    header = logs[0]
    assert header.level == "HEADER" and header.message.startswith("Agent Runtime Log")
    assert "Start Time: 2025-03-04 14:05:00 UTC" in header.detail
    first = logs[1]
    assert (first.level, first.message, at(first.ts)) == (
        "INIT",
        "Agent starting up",
        "2025-03-04 14:05:00",
    )
    thought = next(e for e in logs if e.level == "THOUGHT")
    assert thought.detail[:2] == (
        "  1. Query latency on the new ranking path",
        "  2. Error rate on green compared with blue",
    )
    summary = [e.message for e in logs if e.level == "SUMMARY"]
    assert summary[0].startswith("PRIMARY ISSUE:")
    assert "DEPLOYMENT STATUS: FAILED" in summary and "ROLLBACK STATUS: SUCCESSFUL" in summary
    assert sum(1 + len(e.detail) for e in logs) == len(text.split("\n"))


def test_success_fixture_succeeds() -> None:
    events = parse((FIXTURES / "rollout_success.log").read_text().split("\n"))
    outcome = of(events, ev.Outcome)[-1]
    assert outcome.status == "succeeded"
    assert [s.traffic_pct for s in of(events, ev.StageStarted)] == [10, 25, 50, 75, 100]
    assert (ev.LATENCY_P99, "", 210.0) in metrics(events)  # "0.21s"
    assert not of(events, ev.RollbackStarted) and not of(events, ev.SloViolation)


def test_pool_exhaustion_crosses_midnight_and_reads_the_config_diff() -> None:
    events = parse((FIXTURES / "rollout_pool_exhaustion.log").read_text().split("\n"))
    stages = [(s.traffic_pct, at(s.ts)) for s in of(events, ev.StageStarted)]
    assert stages == [
        (10.0, "2025-01-15 23:51:00"),
        (25.0, "2025-01-15 23:56:00"),
        (50.0, "2025-01-16 00:00:30"),
    ]
    change = of(events, ev.ConfigChange)[0]
    assert change.service == "orders-api"
    assert change.changes["db_pool_size"] == {"before": 20, "after": 40}
    slo = of(events, ev.SloViolation)[0]
    assert (slo.metric, slo.value, slo.threshold) == (ev.ERROR_RATE, 6.5, 1.0)
    assert (ev.DB_CONNECTIONS, "", 200.0) in metrics(events)
    outcome = of(events, ev.Outcome)[-1]
    assert outcome.status == "rolled_back" and at(outcome.ts) == "2025-01-16 00:02:40"


def test_without_a_header_times_resolve_on_the_date_of_now() -> None:
    events = parse(["[23:59:58] [INFO] one", "[00:00:03] [INFO] two", "[23:59:59] [INFO] late"])
    logs = of(events, ev.LogLine)
    assert [at(e.ts) for e in logs] == [
        "2030-05-06 23:59:58",
        "2030-05-07 00:00:03",
        "2030-05-06 23:59:59",  # out of order, from before midnight: not a day later
    ]


def test_out_of_order_times_keep_their_own_time() -> None:
    events = parse(["[10:00:05] [INFO] b", "[10:00:01] [INFO] a", "[10:00:09] [INFO] c"])
    assert [at(e.ts)[-8:] for e in of(events, ev.LogLine)] == ["10:00:05", "10:00:01", "10:00:09"]


def test_rollover_repeats_across_several_days() -> None:
    lines = []
    for day in range(3):
        lines += [f"[{h:02d}:00:00] [INFO] day {day}" for h in (6, 12, 18, 23)]
    events = parse(lines)
    assert at(of(events, ev.LogLine)[-1].ts) == "2030-05-08 23:00:00"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  - CPU utilization: 45% (normal)", (ev.CPU, "", 45.0)),
        ("  - CPU usage: 12.75%", (ev.CPU, "", 12.75)),
        ("  - Memory utilisation: 58%", (ev.MEMORY, "", 58.0)),
        ("  - Latency: 128ms", (ev.LATENCY_AVG, "", 128.0)),
        ("  - Average latency: 1.5s", (ev.LATENCY_AVG, "", 1500.0)),
        ("  - Green error rate: 2.25%", (ev.ERROR_RATE, "green", 2.25)),
        ("  - Error rate (blue): 0.3%", (ev.ERROR_RATE, "blue", 0.3)),
        ("  - Request rate: 1125 req/s", (ev.REQUEST_RATE, "", 1125.0)),
        ("  - Database connections: 155 (healthy)", (ev.DB_CONNECTIONS, "", 155.0)),
        ("  - P95 latency: 450ms", (ev.LATENCY_P95, "", 450.0)),
        ("  * Timeout rate: 40%", (ev.TIMEOUT_RATE, "", 40.0)),
    ],
)
def test_observation_variants(line: str, expected: tuple[str, str, float]) -> None:
    events = parse(["[09:00:00] [OBSERVATION] Metrics:", line])
    assert metrics(events) == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "  - Latency dropping: 215ms → 145ms → 110ms",
        "  - Error rate: 1.2% → 0.5% → 0.2%",
        "  - Query time: 200-400ms (baseline: 30-50ms)",
        "  - Projected connections: ~180/250 (72% utilization)",
        "  - Green: 75% → 50% → 25% → 10% → 0%",
        "  - Connection pool per pod increased: 20 → 30",
        "  - ✓ All metrics healthy",
    ],
)
def test_trends_ranges_and_projections_are_not_samples(line: str) -> None:
    events = parse(["[09:00:00] [OBSERVATION] Rollback progress:", line])
    assert not of(events, ev.MetricSample) and not of(events, ev.TrafficSplit)


def test_unknown_levels_are_kept_and_a_missing_level_is_info() -> None:
    events = parse(["[09:00:00] [DEPLOY-HOOK] ran", "[09:00:01] no level here"])
    logs = of(events, ev.LogLine)
    assert [(e.level, e.message) for e in logs] == [
        ("DEPLOY-HOOK", "ran"),
        ("INFO", "no level here"),
    ]


def test_full_dates_and_fractions_in_entries() -> None:
    events = parse(["[2025-02-01 10:00:00] [INFO] full date", "[10:00:01.250] [WARNING] fraction"])
    logs = of(events, ev.LogLine)
    assert at(logs[0].ts) == "2025-02-01 10:00:00"
    # no header: a time of day goes on the day of the log's last full time (section 4)
    assert logs[1].ts == pytest.approx(datetime(2025, 2, 1, 10, 0, 1, 250000, UTC).timestamp())


def test_flush_emits_the_open_entry_and_feed_answers_the_previous_one() -> None:
    p = LogParser(now=lambda: NOW)
    assert p.feed("[09:00:00] [OBSERVATION] Metrics:\n") == []
    assert p.feed("  - Error rate: 0.5%\r\n") == []
    out = p.flush()
    assert isinstance(out[0], ev.LogLine) and out[0].detail == ("  - Error rate: 0.5%",)
    assert metrics(out) == [(ev.ERROR_RATE, "", 0.5)]
    assert p.flush() == []
    out = p.feed("[09:00:01] [INFO] next")
    assert out == []
    assert p.lines_read == 3


def test_success_line_alone_is_an_outcome_and_failure_without_rollback_is_failed() -> None:
    ok = parse(["[09:00:00] [SUCCESS] Deployment complete: 100% of traffic on green"])
    assert [o.status for o in of(ok, ev.Outcome)] == ["succeeded"]
    bad = parse(
        [
            "[09:00:00] [FAILURE] Deployment failed - image pull error",
            "",
            "DEPLOYMENT STATUS: FAILED",
        ]
    )
    assert [o.status for o in of(bad, ev.Outcome)] == ["failed"]
    undone = parse(
        [
            '[09:00:00] [TOOL] Executing: rollback_traffic(to_env="blue")',
            "[09:00:30] [OBSERVATION] Rollback progress:",
            "  - Traffic: 100% on blue",
            "[09:00:40] [FAILURE] Deployment failed",
            "[09:00:41] [SHUTDOWN] bye",
        ]
    )
    assert [o.status for o in of(undone, ev.Outcome)] == ["rolled_back"]
    assert at(of(undone, ev.Outcome)[0].ts).endswith("09:00:40")


def test_a_second_header_starts_a_new_date() -> None:
    events = parse(
        [
            "Session ID: a",
            "Start Time: 2025-01-01 10:00:00 UTC",
            "[10:00:00] [INFO] first",
            "Session ID: b",
            "Start Time: 2025-02-01 08:00:00 UTC",
            "[08:00:00] [INFO] second",
        ]
    )
    logs = [e for e in of(events, ev.LogLine) if e.level == "INFO"]
    assert [at(e.ts) for e in logs] == ["2025-01-01 10:00:00", "2025-02-01 08:00:00"]
    assert [i.agent_session_id for i in of(events, ev.SessionInfo)] == ["a", "b"]


def test_a_stray_task_line_after_entries_does_not_reset_the_rollout() -> None:
    events = parse(
        [
            '[09:00:00] [TOOL] Executing: rollback_traffic(to_env="blue")',
            "[09:00:30] [OBSERVATION] Rollback progress:",
            "  - Traffic: 100% on blue",
            "Task: something a script printed",
            "[09:00:40] [FAILURE] Deployment failed",
        ]
    )
    assert [o.status for o in of(events, ev.Outcome)] == ["rolled_back"]
    assert not any(e.level == "HEADER" for e in of(events, ev.LogLine))


def test_the_parsers_fast_log_line_is_the_dataclass() -> None:
    t0 = 1_700_000_000.0
    fast = log_line(t0, "log:x", "INFO", "m", ("  - a: 1",), "agent", (("x", 1.0, ""),))
    slow = ev.LogLine(
        ts=t0,
        source="log:x",
        level="INFO",
        message="m",
        detail=("  - a: 1",),
        fmt="agent",
        samples=(("x", 1.0, ""),),
    )
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert ev.to_record(fast) == ev.to_record(slow)
    # A JSON line's, with its fields.
    fields = {"route": "/catalog", "status": 200}
    fast_json = log_line(t0, "log:s", "INFO", "GET", (), "json", (), fields)
    slow_json = ev.LogLine(
        ts=t0, source="log:s", level="INFO", message="GET", fmt="json", fields=fields
    )
    assert fast_json == slow_json and repr(fast_json) == repr(slow_json)
    assert ev.to_record(fast_json) == ev.to_record(slow_json)
    # Built as a writable twin and then made a LogLine: it must be a LogLine in every way,
    # frozen included, and survive what the store and the analysers do with events.
    assert type(fast) is ev.LogLine and isinstance(fast, ev.Event)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.level = "ERROR"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del fast.message  # type: ignore[misc]
    assert dataclasses.replace(fast, samples=()) == dataclasses.replace(slow, samples=())
    assert pickle.loads(pickle.dumps(fast)) == slow
