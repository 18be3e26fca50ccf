"""Issue #20: a finding resolves when what it said stops holding, and says when and why;
a stage's result (passed, failed, rolled back) is decided by the reducer as events arrive."""

from __future__ import annotations

from typing import Any

from console import events as ev
from console.state import State, reduce_all

T0 = 1_700_000_000.0


def fold(*events: ev.Event) -> State:
    return reduce_all(State(), events)


def finding(s: State, code: str) -> dict[str, Any]:
    return next(f for f in s.findings if f["code"] == code)


def gate_waiting(at: float, gate_id: str = "g1") -> ev.Finding:
    return ev.Finding(
        ts=at,
        code="gate_waiting",
        severity="warning",
        message=f"gate {gate_id} after 50 % has waited 5 min for a decision",
        data={"gate_id": gate_id, "waited_s": 300.0},
    )


def slo_breach(at: float, scope: str = "") -> ev.Finding:
    return ev.Finding(
        ts=at,
        code="slo_breach",
        severity="critical",
        metric=ev.LATENCY_P99,
        message="SLO breach: p99 latency 780 ms > 500 ms SLO",
        data={"metric": ev.LATENCY_P99, "scope": scope, "limit": 500.0, "value": 780.0},
    )


def test_a_waiting_gate_finding_resolves_when_the_gate_is_decided() -> None:
    opened = ev.GateOpened(ts=T0, gate_id="g1", stage_pct=50.0, next_pct=75.0)
    s = fold(opened, gate_waiting(T0 + 300))
    assert finding(s, "gate_waiting")["resolved_at"] is None
    # A hold keeps the gate open: still waiting on a decision.
    s = fold(
        opened, gate_waiting(T0 + 300), ev.GateClosed(ts=T0 + 310, gate_id="g1", decision="hold")
    )
    assert finding(s, "gate_waiting")["resolved_at"] is None
    # Another gate's decision ends nothing here.
    s = fold(
        opened, gate_waiting(T0 + 300), ev.GateClosed(ts=T0 + 320, gate_id="g0", decision="approve")
    )
    assert finding(s, "gate_waiting")["resolved_at"] is None
    s = fold(
        opened,
        gate_waiting(T0 + 300),
        ev.GateClosed(ts=T0 + 330, gate_id="g1", decision="approve", operator="dana"),
    )
    f = finding(s, "gate_waiting")
    assert f["resolved_at"] == T0 + 330
    assert f["resolution"] == "gate g1 decided: approve by dana"


def test_an_slo_breach_resolves_when_the_metric_is_back_under_its_limit() -> None:
    over = [ev.MetricSample(ts=T0 + i, name=ev.LATENCY_P99, value=780.0) for i in range(3)]
    s = fold(
        *over, slo_breach(T0 + 3), ev.MetricSample(ts=T0 + 13, name=ev.LATENCY_P99, value=620.0)
    )
    assert finding(s, "slo_breach")["resolved_at"] is None  # still over
    s = fold(
        *over,
        slo_breach(T0 + 3),
        # A sample stamped before the finding (a late scrape) ends nothing.
        ev.MetricSample(ts=T0 + 1, name=ev.LATENCY_P99, value=300.0),
        # The green series coming back is not the service's.
        ev.MetricSample(ts=T0 + 20, name=ev.LATENCY_P99, value=300.0, scope="green"),
    )
    assert finding(s, "slo_breach")["resolved_at"] is None
    s = fold(
        *over, slo_breach(T0 + 3), ev.MetricSample(ts=T0 + 23, name=ev.LATENCY_P99, value=420.0)
    )
    f = finding(s, "slo_breach")
    assert f["resolved_at"] == T0 + 23 and "under its limit" in f["resolution"]
    assert s.resolving == {}


def test_a_green_breach_resolves_when_green_takes_no_traffic() -> None:
    s = fold(
        ev.TrafficSplit(ts=T0, green_pct=50.0),
        slo_breach(T0 + 5, scope="green"),
        ev.TrafficSplit(ts=T0 + 60, green_pct=0.0),
    )
    f = finding(s, "slo_breach")
    assert (f["resolved_at"], f["resolution"]) == (T0 + 60, "green takes no traffic")


def test_an_early_warning_resolves_half_way_back_to_its_baseline() -> None:
    warn = ev.Finding(
        ts=T0,
        code="early_warning",
        severity="warning",
        metric=ev.LATENCY_AVG,
        message="avg latency trending up: 116 ms→136 ms",
        data={"signal": ev.LATENCY_AVG, "scope": "", "baseline": 116.0, "value": 136.0},
    )
    s = fold(warn, ev.MetricSample(ts=T0 + 10, name=ev.LATENCY_AVG, value=130.0))
    assert finding(s, "early_warning")["resolved_at"] is None
    s = fold(warn, ev.MetricSample(ts=T0 + 10, name=ev.LATENCY_AVG, value=125.0))
    assert finding(s, "early_warning")["resolved_at"] == T0 + 10


def test_a_recommended_rollback_resolves_when_one_starts_and_the_rca_never_does() -> None:
    s = fold(
        ev.Finding(ts=T0, code="recommend_rollback", severity="critical", message="roll back"),
        ev.Finding(ts=T0, code="rca", severity="critical", message="likely cause: index"),
        ev.RollbackStarted(ts=T0 + 30, reason="p99 over SLO"),
        ev.Outcome(ts=T0 + 90, status="rolled_back"),
    )
    assert finding(s, "recommend_rollback")["resolution"] == "rollback started"
    assert finding(s, "rca")["resolved_at"] is None


def test_resolution_survives_a_snapshot() -> None:
    s = fold(
        ev.GateOpened(ts=T0, gate_id="g1", stage_pct=50.0, next_pct=75.0), gate_waiting(T0 + 300)
    )
    again = State.from_dict(s.to_dict())
    reduce_all(again, [ev.GateClosed(ts=T0 + 330, gate_id="g1", decision="rollback")])
    assert finding(again, "gate_waiting")["resolved_at"] == T0 + 330


def stages(s: State) -> list[tuple[float, str | None]]:
    return [(st["traffic_pct"], st["result"]) for st in s.stages]


def test_stage_results_as_events_arrive() -> None:
    up = [ev.StageStarted(ts=T0 + 100 * i, traffic_pct=p) for i, p in enumerate((10.0, 25.0, 50.0))]
    s = fold(*up)
    assert stages(s) == [(10.0, "passed"), (25.0, "passed"), (50.0, None)]
    assert s.plan_progress()[2] == (50.0, "current")
    # Trouble in the stage, then a rollback: failed; its steps down are no stages.
    trouble = ev.LogLine(ts=T0 + 250, level="ERROR", message="SLO violation: p99 over 500ms")
    s = fold(
        *up,
        trouble,
        ev.RollbackStarted(ts=T0 + 260, reason="p99"),
        ev.StageStarted(ts=T0 + 270, traffic_pct=25.0),
        ev.StageStarted(ts=T0 + 280, traffic_pct=10.0),
        ev.Outcome(ts=T0 + 300, status="rolled_back"),
    )
    assert stages(s) == [(10.0, "passed"), (25.0, "passed"), (50.0, "failed")]
    assert [m for _p, m in s.plan_progress()] == [
        "passed",
        "passed",
        "failed",
        "pending",
        "pending",
    ]
    # No trouble: a precaution.
    s = fold(*up, ev.RollbackStarted(ts=T0 + 260, reason="change window closing"))
    assert stages(s)[-1] == (50.0, "rolled_back")
    # Trouble before the stage began is not this stage's.
    s = fold(up[0], up[1], trouble, up[2], ev.RollbackStarted(ts=T0 + 260, reason="x"))
    assert stages(s)[-2:] == [(25.0, "passed"), (50.0, "rolled_back")]
    # A reminder about no metric (a gate that waited) is no trouble.
    s = fold(*up, gate_waiting(T0 + 250), ev.RollbackStarted(ts=T0 + 260, reason="x"))
    assert stages(s)[-1] == (50.0, "rolled_back")
    # Succeeded at the last stage: passed.
    s = fold(*up, ev.Outcome(ts=T0 + 300, status="succeeded"))
    assert stages(s)[-1] == (50.0, "passed")


# --- typed slices and their revisions ---------------------------------------------------------


def test_an_event_bumps_the_revisions_of_the_slices_it_changes_and_no_others() -> None:
    s = fold(ev.StageStarted(ts=T0, traffic_pct=10.0))
    names = ("rollout", "control", "incident", "signals", "traffic")
    before = dict(zip(names, s.revisions(names), strict=True))
    reduce_all(s, [ev.MetricSample(ts=T0 + 1, name=ev.LATENCY_AVG, value=120.0)])
    after = dict(zip(names, s.revisions(names), strict=True))
    assert after["signals"] != before["signals"]
    assert {n: after[n] for n in names if n != "signals"} == {
        n: before[n] for n in names if n != "signals"
    }
    # A plain log line changes no panel's slice; a warning changes the incident's (and the
    # running stage's: trouble showed in it).
    reduce_all(s, [ev.LogLine(ts=T0 + 2, level="INFO", message="fine")])
    assert s.revisions(names) == tuple(after.values())
    reduce_all(s, [ev.LogLine(ts=T0 + 3, level="WARNING", message="latency up")])
    changed = dict(zip(names, s.revisions(names), strict=True))
    assert {n for n in names if changed[n] != after[n]} == {"incident", "rollout"}


def test_a_restored_state_never_repeats_a_revision_and_keeps_its_value() -> None:
    s = fold(ev.StageStarted(ts=T0, traffic_pct=10.0), gate_waiting(T0 + 300))
    again = State.from_dict(s.to_dict())
    assert again == s and again.to_dict() == s.to_dict()
    seen = set(s.revisions(("rollout", "incident", "signals")))
    assert not seen & set(again.revisions(("rollout", "incident", "signals")))
