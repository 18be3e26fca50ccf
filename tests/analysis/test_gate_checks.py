from typing import Any

from console import events as ev
from console.analysis import GateCheckAnalyzer
from console.pipeline import Pipeline
from tests.analysis import scenarios as sc


def _gate_checks(events: list[ev.Event]) -> dict[str, ev.GateChecks]:
    p = Pipeline(analyzers=[GateCheckAnalyzer()])
    out: dict[str, ev.GateChecks] = {}
    p.listeners.append(
        lambda e, seq: out.update({e.gate_id: e}) if isinstance(e, ev.GateChecks) else None
    )
    p.feed_all(events)
    return out


def _by_name(gc: ev.GateChecks) -> dict[str, dict[str, Any]]:
    return {c["name"]: dict(c) for c in gc.checks}


def test_healthy_windows_pass_every_check() -> None:
    checks = _gate_checks(sc.healthy())
    assert set(checks) == {"g1", "g2", "g3"}
    for gc in checks.values():
        got = _by_name(gc)
        assert [c["ok"] for c in got.values()] == [True] * 6, got
        assert "≤ 500 ms SLO" in got["p99 vs SLO"]["reason"]
        assert got["DB connections"]["reason"].endswith("< 80 % of max")
    compare = checks["g1"].compare
    assert [c["metric"] for c in compare] == [ev.LATENCY_AVG]
    assert 110 < compare[0]["blue"] < 130 and 110 < compare[0]["green"] < 130


def test_degraded_window_fails_with_reasons() -> None:
    events = sc.missing_index()
    events = [e for e in events if not isinstance(e, ev.RollbackStarted | ev.Outcome)]
    events.append(
        ev.GateOpened(
            ts=sc.at("2024-11-21T09:51:05"),
            gate_id="g4",
            stage_pct=75.0,
            next_pct=100.0,
            window_start=sc.STAGES[-1][0],
        )
    )
    got = _by_name(_gate_checks(events)["g4"])
    assert got["p99 vs SLO"]["ok"] is False
    assert got["p99 vs SLO"]["reason"].startswith("p99 ")
    assert got["p99 vs SLO"]["reason"].endswith(" ms > 500 ms SLO")
    assert got["avg latency"]["ok"] is False
    assert got["error rate vs SLO"]["ok"] is False
    assert got["DB connections"]["ok"] is True  # 61 % of max: not the pool
    assert got["green vs blue"]["ok"] is False
    assert "avg latency green" in got["green vs blue"]["reason"]
    assert got["trend"]["ok"] is False
    assert "rising" in got["trend"]["reason"]


def test_window_comes_from_stage_start_when_gate_has_none() -> None:
    t0 = 1_700_000_000.0
    events: list[ev.Event] = [
        ev.MetricSample(ts=t0 + i, name=ev.LATENCY_P99, value=900.0) for i in range(3)
    ]
    events.append(ev.StageStarted(ts=t0 + 100, traffic_pct=25.0))
    events += [ev.MetricSample(ts=t0 + 110 + i, name=ev.LATENCY_P99, value=300.0) for i in range(3)]
    events.append(ev.GateOpened(ts=t0 + 200, gate_id="g", stage_pct=25.0, next_pct=50.0))
    got = _by_name(_gate_checks(events)["g"])
    assert got["p99 vs SLO"]["ok"] is True  # the 900 ms before the stage is not in its window
    assert got["error rate vs SLO"]["ok"] is None
    assert got["error rate vs SLO"]["reason"] == "no error rate samples in the window"
    assert got["DB connections"]["ok"] is None


def test_state_threshold_overrides_default() -> None:
    t0 = 1_700_000_000.0
    events: list[ev.Event] = [
        ev.Threshold(ts=t0, metric=ev.LATENCY_AVG, value=100.0),
        ev.StageStarted(ts=t0, traffic_pct=10.0),
        ev.MetricSample(ts=t0 + 1, name=ev.LATENCY_AVG, value=120.0),
        ev.GateOpened(ts=t0 + 2, gate_id="g", stage_pct=10.0, next_pct=25.0),
    ]
    got = _by_name(_gate_checks(events)["g"])
    assert got["avg latency"] == {
        "name": "avg latency",
        "ok": False,
        "reason": "avg latency 120 ms > 100 ms threshold",
    }


def test_gate_checks_reach_state() -> None:
    p = Pipeline(analyzers=[GateCheckAnalyzer()])
    events = sc.healthy()
    cut = next(i for i, e in enumerate(events) if isinstance(e, ev.GateOpened))
    p.feed_all(events[: cut + 1])
    assert p.state.gate is not None
    assert len(p.state.gate["checks"]) == 6
