"""The reducer: State follows the events, and snapshots round-trip exactly."""

from __future__ import annotations

from console import events as ev
from console.state import State, reduce, reduce_all

T0 = 1_732_181_400.0


def test_stages_traffic_and_metrics_fold_in_order() -> None:
    s = reduce_all(
        State(),
        [
            ev.SessionInfo(ts=T0, service="recommendation-service", version="v2.5.0"),
            ev.StageStarted(ts=T0 + 60, traffic_pct=10),
            ev.TrafficSplit(ts=T0 + 61, green_pct=10),
            ev.MetricSample(ts=T0 + 70, name=ev.LATENCY_P99, value=420),
            ev.MetricSample(ts=T0 + 80, name=ev.LATENCY_P99, value=610),
            ev.StageStarted(ts=T0 + 360, traffic_pct=25),
            ev.TrafficSplit(ts=T0 + 361, green_pct=25),
        ],
    )
    assert s.info == {"service": "recommendation-service", "version": "v2.5.0"}
    assert [st["traffic_pct"] for st in s.stages] == [10, 25]
    assert s.stages[0]["ended_at"] == T0 + 360 and s.stages[1]["ended_at"] is None
    assert s.green_pct == 25 and s.stage_index == 1
    assert s.series(ev.LATENCY_P99) == [420, 610]
    assert s.breached(ev.LATENCY_P99)  # 610 > the default 500 ms SLO
    assert s.elapsed == 361


def test_the_same_stage_announced_twice_is_one_stage() -> None:
    s = reduce_all(
        State(),
        [ev.StageStarted(ts=T0, traffic_pct=50), ev.StageStarted(ts=T0 + 1, traffic_pct=50)],
    )
    assert len(s.stages) == 1


def test_gate_hold_keeps_it_open_and_approve_closes_it() -> None:
    s = State()
    reduce(s, ev.GateOpened(ts=T0, gate_id="g1", stage_pct=10, next_pct=25))
    assert s.agent_state == "at_gate"
    reduce(s, ev.GateClosed(ts=T0 + 5, gate_id="g1", decision="hold", operator="bob"))
    assert s.gate is not None and s.gate["held"]
    reduce(s, ev.GateClosed(ts=T0 + 9, gate_id="g1", decision="approve", operator="alice"))
    assert s.gate is None
    assert s.gates[-1]["decision"] == "approve" and s.gates[-1]["operator"] == "alice"


def test_decision_result_updates_its_request() -> None:
    s = State()
    reduce(
        s,
        ev.DecisionRequested(
            ts=T0, decision_id="d1", gate_id="g1", decision="approve", operator="alice"
        ),
    )
    assert s.decisions[0]["result"] == "pending"
    reduce(s, ev.DecisionResult(ts=T0 + 1, decision_id="d1", result="refused", detail="409"))
    assert s.decisions[0]["result"] == "refused" and s.decisions[0]["result_at"] == T0 + 1


def test_outcome_ends_the_open_stage_and_closes_the_gate() -> None:
    s = State()
    reduce(s, ev.StageStarted(ts=T0, traffic_pct=75))
    reduce(s, ev.GateOpened(ts=T0 + 300, gate_id="g4", stage_pct=75, next_pct=100))
    reduce(s, ev.RollbackStarted(ts=T0 + 310, reason="p99 over SLO"))
    assert s.agent_state == "rolling_back"
    reduce(s, ev.Outcome(ts=T0 + 400, status="rolled_back"))
    assert s.agent_state == "rolled_back"
    assert s.stages[-1]["ended_at"] == T0 + 400 and s.gate is None


def test_snapshot_round_trip_is_exact() -> None:
    s = State()
    for i in range(300):
        reduce(s, ev.MetricSample(ts=T0 + i, name=ev.ERROR_RATE, value=i / 10))
    reduce(s, ev.Threshold(ts=T0, metric=ev.ERROR_RATE, value=5, slo=True))
    copy = State.from_dict(s.to_dict())
    assert copy.to_dict() == s.to_dict()
    assert copy.series(ev.ERROR_RATE) == s.series(ev.ERROR_RATE)
    # the history stays bounded after a restore, too
    reduce(copy, ev.MetricSample(ts=T0 + 400, name=ev.ERROR_RATE, value=1))
    assert len(copy.series(ev.ERROR_RATE)) == len(s.series(ev.ERROR_RATE))


def test_events_round_trip_through_their_records() -> None:
    e = ev.GateChecks(
        ts=T0,
        source="analysis",
        gate_id="g2",
        checks=({"name": "p99", "ok": False, "reason": "p99 780 ms > 500 ms SLO"},),
        compare=({"metric": "p99", "blue": 300.0, "green": 780.0},),
    )
    ts, kind, source, data, text = ev.to_record(e)
    assert ev.from_record(ts, kind, source, data) == e
    assert text is None
    line = ev.LogLine(ts=T0, level="INFO", message="a", detail=("  - b",))
    assert ev.from_record(*ev.to_record(line)) == line
    # A line holding a newline can't be rebuilt from the text: data keeps it whole.
    odd = ev.LogLine(ts=T0, level="INFO", message="a\nb", detail=("c", ""))
    assert ev.from_record(*ev.to_record(odd)) == odd
    assert ev.from_record(*ev.to_record(odd)[:4]) == odd
    assert ev.from_record(*ev.to_record(line, compact=False)[:4]) == line
    assert ev.to_record(line)[4] == "a\n  - b"


def test_explode_twice_is_explode_once() -> None:
    """An analyser that keeps lines and samples hands them to the commander, which explodes
    again: a log line's samples must not come out twice."""
    events: list[ev.Event] = [
        ev.LogLine(ts=T0, level="INFO", message="j", samples=(("x", 1.0, ""), ("y", 2.0, "green"))),
        ev.MetricBatch(ts=T0 + 1, samples=(("x", 3.0, ""),)),
        ev.MetricSample(ts=T0 + 2, name="x", value=4.0),
    ]
    once = list(ev.explode(events))
    assert list(ev.explode(once)) == once
    assert [(e.name, e.value) for e in once if isinstance(e, ev.MetricSample)] == [
        ("x", 1.0),
        ("y", 2.0),
        ("x", 3.0),
        ("x", 4.0),
    ]
