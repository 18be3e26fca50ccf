"""AutoPolicy as a pipeline analyser, and run_policy carrying its intents out over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from console import events as ev
from console.control.agent import AgentDecider
from console.control.decisions import DecisionDesk
from console.control.policy import AutoPolicy, Intent, run_policy
from console.pipeline import Pipeline
from tests.helpers.fake_agent import FakeAgent

T0 = 1_700_000_000.0
GREEN = (
    {"name": "p99 vs SLO", "ok": True, "reason": "p99 peak 320 ms ≤ 500 ms SLO"},
    {"name": "error rate vs SLO", "ok": True, "reason": "error rate peak 0.2 % ≤ 1 % SLO"},
    {"name": "DB connections", "ok": True, "reason": "120/250 connections (48 %)"},
)


def gate(p: Pipeline, checks: tuple[dict[str, Any], ...], gate_id: str = "g-25") -> None:
    p.feed(ev.SessionInfo(ts=T0, source="agent", service="checkout"))
    p.feed(ev.StageStarted(ts=T0 + 1, source="agent", traffic_pct=25))
    p.feed(ev.GateOpened(ts=T0 + 300, source="agent", gate_id=gate_id, stage_pct=25, next_pct=50))
    p.feed(ev.GateChecks(ts=T0 + 300, source="analysis", gate_id=gate_id, checks=checks))


def codes(p: Pipeline) -> list[str]:
    return [f["code"] for f in p.state.findings]


def test_auto_approves_only_an_all_green_gate() -> None:
    policy = AutoPolicy(auto=True)
    p = Pipeline(analyzers=[policy])
    gate(p, GREEN)
    assert policy.take_intents() == [
        Intent("approve", "g-25", "auto: all 3 checks of the window green")
    ]
    assert codes(p) == ["auto_approve"]

    unknown = ({**GREEN[0]}, {"name": "trend", "ok": None, "reason": "too few samples"})
    policy, p = AutoPolicy(auto=True), Pipeline()
    p.analyzers.append(policy)
    gate(p, unknown)
    assert policy.take_intents() == []
    assert p.state.findings[-1]["message"] == (
        "--auto leaves gate g-25 to a person: trend (unknown)"
    )


def test_without_auto_every_gate_waits_for_a_person() -> None:
    policy = AutoPolicy(auto=False)
    p = Pipeline(analyzers=[policy])
    gate(p, GREEN)
    assert policy.take_intents() == [] and codes(p) == []


def test_a_failed_slo_check_recommends_rollback_or_performs_it() -> None:
    red = ({"name": "p99 vs SLO", "ok": False, "reason": "p99 780 ms > 500 ms SLO"}, GREEN[2])
    policy = AutoPolicy(auto=True)
    p = Pipeline(analyzers=[policy])
    gate(p, red)
    assert policy.take_intents() == []
    assert p.state.findings[-1]["code"] == "recommend_rollback"
    assert p.state.findings[-1]["message"] == "rollback recommended: p99 780 ms > 500 ms SLO"

    policy = AutoPolicy(auto=True, auto_rollback=True)
    p = Pipeline(analyzers=[policy])
    gate(p, red)
    assert policy.take_intents() == [
        Intent("rollback", "g-25", "auto-rollback: p99 780 ms > 500 ms SLO")
    ]
    assert codes(p) == ["auto_rollback"]


def test_an_slo_breach_mid_stage_is_answered_once_per_stage() -> None:
    policy = AutoPolicy(auto_rollback=True)
    p = Pipeline(analyzers=[policy])
    p.feed(ev.StageStarted(ts=T0, source="agent", traffic_pct=50))
    for i in range(3):
        p.feed(
            ev.SloViolation(
                ts=T0 + i,
                source="agent",
                metric=ev.LATENCY_P99,
                value=780,
                threshold=500,
                message="P99 latency exceeds 500ms threshold",
            )
        )
    p.feed(
        ev.Finding(
            ts=T0 + 5,
            source="analysis",
            code="slo_breach",
            severity="critical",
            message="SLO breach: p99 780 ms",
        )
    )
    assert policy.take_intents() == [
        Intent("rollback", None, "auto-rollback: P99 latency exceeds 500ms threshold")
    ]
    assert codes(p) == ["auto_rollback", "slo_breach"]
    p.feed(ev.RollbackStarted(ts=T0 + 10, source="agent"))
    p.feed(ev.StageStarted(ts=T0 + 11, source="agent", traffic_pct=0))
    p.feed(
        ev.SloViolation(ts=T0 + 12, source="agent", metric=ev.LATENCY_P99, value=900, threshold=500)
    )
    assert policy.take_intents() == []  # already rolling back: nothing more to do


def test_a_gate_left_open_alerts_and_never_approves() -> None:
    policy = AutoPolicy(auto=True, gate_alert_after=300)
    p = Pipeline(analyzers=[policy])
    red = ({"name": "trend", "ok": False, "reason": "avg latency rising"},)
    gate(p, red)
    for minute in range(1, 12):
        p.feed(
            ev.MetricSample(
                ts=T0 + 300 + 60 * minute, source="agent", name=ev.ERROR_RATE, value=0.1
            )
        )
        # The console's own wall-clock events must not count as the rollout's time.
        p.feed(ev.SourceStatus(ts=T0 + 10_000, source="agent", name="agent", status="ok"))
    waiting = [f for f in p.state.findings if f["code"] == "gate_waiting"]
    assert [f["data"]["waited_s"] for f in waiting] == [300.0, 600.0]
    assert waiting[0]["message"] == (
        "gate g-25 after 25 % has waited 5 min for a decision; the rollout holds until "
        "someone decides"
    )
    assert policy.take_intents() == []
    assert p.state.gate is not None


async def test_run_policy_approves_through_the_desk(fake_agent: FakeAgent) -> None:
    fake_agent.add("gate_opened", gate={"gate_id": "g-25", "stage_pct": 25, "next_pct": 50})
    policy = AutoPolicy(auto=True)
    p = Pipeline(analyzers=[policy])
    desk = DecisionDesk(p, AgentDecider(fake_agent.url, "s3cret-token"), operator="alice")
    stop = asyncio.Event()
    task = asyncio.create_task(run_policy(p, desk, policy, stop))
    gate(p, GREEN)
    for _ in range(500):
        if p.state.decisions and p.state.decisions[-1]["result"] != "pending":
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 5)
    [d] = p.state.decisions
    assert (d["decision"], d["via"], d["operator"], d["result"]) == (
        "approve",
        "auto",
        "alice (auto)",
        "accepted",
    )
    assert fake_agent.requests[0]["body"]["operator"] == "alice (auto)"


async def test_run_policy_in_read_only_mode_sends_nothing(fake_agent: FakeAgent) -> None:
    policy = AutoPolicy(auto=True)
    p = Pipeline(analyzers=[policy])
    desk = DecisionDesk(
        p, AgentDecider(fake_agent.url, "s3cret-token"), operator="alice", read_only=True
    )
    stop = asyncio.Event()
    task = asyncio.create_task(run_policy(p, desk, policy, stop))
    gate(p, GREEN)
    await asyncio.sleep(0.2)
    stop.set()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(task, 5)
    assert fake_agent.requests == [] and p.state.decisions == []
