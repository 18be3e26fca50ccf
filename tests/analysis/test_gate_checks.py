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
        assert list(got) == [
            "p99 latency",
            "avg latency",
            "error rate",
            "DB connections",
            "other signals",
        ]
        assert [c["ok"] for c in list(got.values())[:4]] == [True] * 4, got
        assert got["other signals"]["ok"] in (True, None), got
        assert "≤ 500 ms SLO" in got["p99 latency"]["reason"]
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
    p99 = got["p99 latency"]
    assert p99["ok"] is False and p99["slo"] is True
    assert p99["reason"].startswith("p99 latency ")
    assert " ms > 500 ms SLO" in p99["reason"]
    avg = got["avg latency"]
    assert avg["ok"] is False
    # green against blue and the trend are the signal's own check, not lines of their own
    assert "green " in avg["reason"] and " vs blue " in avg["reason"]
    assert "rising" in avg["reason"]
    assert got["error rate"]["ok"] is False
    assert got["DB connections"]["ok"] is True  # 61 % of max: not the pool
    assert not {"green vs blue", "trend"} & set(got)


def test_window_comes_from_stage_start_when_gate_has_none() -> None:
    t0 = 1_700_000_000.0
    events: list[ev.Event] = [
        ev.MetricSample(ts=t0 + i, name=ev.LATENCY_P99, value=900.0) for i in range(3)
    ]
    events.append(ev.StageStarted(ts=t0 + 100, traffic_pct=25.0))
    events += [ev.MetricSample(ts=t0 + 110 + i, name=ev.LATENCY_P99, value=300.0) for i in range(3)]
    events.append(ev.GateOpened(ts=t0 + 200, gate_id="g", stage_pct=25.0, next_pct=50.0))
    got = _by_name(_gate_checks(events)["g"])
    assert got["p99 latency"]["ok"] is True  # the 900 ms before the stage is not in its window
    assert got["error rate"]["ok"] is None
    assert got["error rate"]["reason"] == "no error rate samples in the window"
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
        "slo": False,  # a threshold, not an SLO
    }


def test_gate_checks_reach_state() -> None:
    p = Pipeline(analyzers=[GateCheckAnalyzer()])
    events = sc.healthy()
    cut = next(i for i, e in enumerate(events) if isinstance(e, ev.GateOpened))
    p.feed_all(events[: cut + 1])
    assert p.state.gate is not None
    assert len(p.state.gate["checks"]) == 5


def _verdicts_by_signal(checks: list[dict[str, Any]]) -> dict[str, set[bool | None]]:
    """Each signal label named in a check, with the verdicts of the checks naming it."""
    from console.analysis.changepoint import SIGNALS

    out: dict[str, set[bool | None]] = {}
    for c in checks:
        text = f"{c['name']} {c['reason']}"
        for spec in SIGNALS.values():
            if spec.label in text:
                out.setdefault(spec.label, set()).add(c["ok"])
    return out


def test_a_warned_signal_fails_its_own_check_and_no_other_passes_it() -> None:
    """Issue 20: "✓ DB connections" beside "✗ DB connection utilisation jumped"."""
    t0 = 1_700_000_000.0
    events: list[ev.Event] = [
        ev.StageStarted(ts=t0, traffic_pct=50.0),
        ev.MetricSample(ts=t0, name=ev.DB_CONNECTIONS_MAX, value=250.0),
        *(
            ev.MetricSample(ts=t0 + 60 * i, name=ev.DB_CONNECTIONS, value=v)
            for i, v in enumerate((100.0, 104.0, 150.0, 155.0))
        ),
        ev.Finding(
            ts=t0 + 120,
            code="early_warning",
            severity="warning",
            metric="db_connection_util_pct",
            message="DB connection utilisation jumped: 41 %→60 % (baseline 41 %, CUSUM 5.2)"
            "; onset 09:40:00",
        ),
        ev.GateOpened(ts=t0 + 240, gate_id="g", stage_pct=50.0, next_pct=75.0),
    ]
    checks = [dict(c) for c in _gate_checks(events)["g"].checks]
    got = {c["name"]: c for c in checks}
    db = got["DB connections"]
    assert db["ok"] is False  # 62 % of max, under the limit, but it jumped: one verdict
    assert "DB connection utilisation jumped: 41 %→60 %" in db["reason"]
    assert "(baseline" not in db["reason"]
    for label, verdicts in _verdicts_by_signal(checks).items():
        assert len(verdicts) == 1, (label, checks)


def test_no_signal_has_two_verdicts_in_a_degraded_window() -> None:
    events = [e for e in sc.missing_index() if not isinstance(e, ev.RollbackStarted | ev.Outcome)]
    for gc in _gate_checks(events).values():
        checks = [dict(c) for c in gc.checks]
        for label, verdicts in _verdicts_by_signal(checks).items():
            assert len(verdicts - {None}) <= 1, (label, checks)


def test_a_trend_alone_is_not_an_slo_breach() -> None:
    t0 = 1_700_000_000.0
    events: list[ev.Event] = [ev.StageStarted(ts=t0, traffic_pct=10.0)]
    events += [
        ev.MetricSample(ts=t0 + 60 * i, name=ev.LATENCY_P99, value=v)
        for i, v in enumerate((200.0, 210.0, 205.0, 300.0, 320.0, 340.0))
    ]
    events.append(ev.GateOpened(ts=t0 + 400, gate_id="g", stage_pct=10.0, next_pct=25.0))
    p99 = _by_name(_gate_checks(events)["g"])["p99 latency"]
    assert p99["ok"] is False and p99["slo"] is False
    assert "rising" in p99["reason"] and "SLO" not in p99["reason"]
