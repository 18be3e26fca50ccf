"""DecisionDesk + AgentDecider over real HTTP against a scripted agent, with a real store."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.control.agent import AgentDecider
from console.control.decisions import READ_ONLY, DecisionDesk, DecisionOutcome
from console.pipeline import Pipeline
from console.store.recorder import Recorder
from tests.helpers.fake_agent import FakeAgent

TOKEN = "s3cret-token"
T0 = 1_700_000_000.0


def gate_item(agent: FakeAgent, gate_id: str = "g-25", stage: float = 25, nxt: float | None = 50):
    agent.add("gate_opened", gate={"gate_id": gate_id, "stage_pct": stage, "next_pct": nxt})


def open_gate(p: Pipeline, gate_id: str = "g-25", stage: float = 25, nxt: float | None = 50):
    p.feed(ev.SessionInfo(ts=T0, source="agent", service="checkout"))
    p.feed(ev.StageStarted(ts=T0 + 1, source="agent", traffic_pct=stage))
    p.feed(
        ev.GateOpened(ts=T0 + 300, source="agent", gate_id=gate_id, stage_pct=stage, next_pct=nxt)
    )


def desk_for(
    p: Pipeline, url: str, *, token: str = TOKEN, operator: str = "alice", **kw: Any
) -> DecisionDesk:
    decider = AgentDecider(url, token, attempts=2, retry_delay=0.01, timeout=5)
    return DecisionDesk(p, decider, operator=operator, origin="10.1.2.3:5555", **kw)


def rows(db: Path, kind: str) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        return [
            json.loads(r[0])
            for r in conn.execute("SELECT data FROM events WHERE kind = ? ORDER BY seq", (kind,))
        ]


async def test_a_decision_is_on_disk_before_it_is_sent(fake_agent: FakeAgent, tmp_path: Path):
    db = tmp_path / "s.db"
    p = Pipeline(Recorder(db, flush_interval=5.0))  # slow flushes: only durability saves it
    open_gate(p)
    gate_item(fake_agent)
    seen_in_store: list[list[dict[str, Any]]] = []
    fake_agent.on_request = lambda req: seen_in_store.append(rows(db, "decision"))
    outcome = await desk_for(p, fake_agent.url).decide("g-25", "approve", "all green")
    assert outcome == DecisionOutcome("accepted", "approve by alice at 22:23:20Z")
    [req] = fake_agent.requests
    [[stored]] = seen_in_store
    assert stored["decision_id"] == req["key"]  # the idempotency key is the decision id
    assert stored["decision"] == "approve" and stored["operator"] == "alice"
    assert stored["origin"] == "10.1.2.3:5555" and stored["reason"] == "all green"
    assert stored["via"] == "agent" and stored["gate_id"] == "g-25"
    assert req["body"] == {"decision": "approve", "operator": "alice", "reason": "all green"}
    p.close()
    [result] = rows(db, "decision_result")
    assert result == {
        "decision_id": req["key"],
        "result": "accepted",
        "detail": "approve by alice at 22:23:20Z",
    }
    assert p.state.decisions[-1]["result"] == "accepted"


async def test_the_second_console_is_told_who_won(fake_agent: FakeAgent):
    gate_item(fake_agent)
    first, second = Pipeline(), Pipeline()
    open_gate(first)
    open_gate(second)
    a = await desk_for(first, fake_agent.url, operator="alice").decide("g-25", "approve", "")
    b = await desk_for(second, fake_agent.url, operator="bob").decide("g-25", "rollback", "no")
    assert a.result == "accepted"
    assert b == DecisionOutcome("refused", "already decided: approve by alice at 22:23:20Z")
    assert second.state.decisions[-1]["result"] == "refused"


async def test_a_lost_answer_is_retried_with_the_same_key(fake_agent: FakeAgent):
    gate_item(fake_agent)
    p = Pipeline()
    open_gate(p)
    fake_agent.drop_next = 1
    outcome = await desk_for(p, fake_agent.url).decide("g-25", "approve", "")
    assert outcome.result == "accepted"
    first, again = fake_agent.requests
    assert first["key"] == again["key"] and first["body"] == again["body"]


async def test_the_agent_going_away_mid_decision_is_not_applied(
    fake_agent: FakeAgent, tmp_path: Path
):
    db = tmp_path / "s.db"
    gate_item(fake_agent)
    p = Pipeline(Recorder(db))
    open_gate(p)
    fake_agent.drop_decisions = True
    outcome = await desk_for(p, fake_agent.url).decide("g-25", "rollback", "p99 high")
    assert outcome.result == "failed"
    assert outcome.detail.startswith(f"no answer from the agent at {fake_agent.url} after 2 ")
    assert "not known to be applied" in outcome.detail
    assert len(fake_agent.requests) == 2
    p.close()
    [requested] = rows(db, "decision")
    [result] = rows(db, "decision_result")
    assert result["decision_id"] == requested["decision_id"] and result["result"] == "failed"
    assert p.state.decisions[-1]["result"] == "failed"


async def test_nothing_listening_fails_clearly(fake_agent: FakeAgent):
    url = fake_agent.url
    await fake_agent.close()
    p = Pipeline()
    open_gate(p)
    outcome = await desk_for(p, url).decide("g-25", "approve", "")
    assert outcome == DecisionOutcome(
        "failed",
        f"cannot reach the agent at {url} after 2 attempts (connection refused or "
        "unreachable); not applied",
    )


@pytest.mark.parametrize(("token", "code"), [("wrong", 403), ("", 401)])
async def test_a_refused_token_is_said_plainly(fake_agent: FakeAgent, token: str, code: int):
    gate_item(fake_agent)
    p = Pipeline()
    open_gate(p)
    outcome = await desk_for(p, fake_agent.url, token=token).decide("g-25", "approve", "")
    assert outcome == DecisionOutcome(
        "refused",
        f"the agent refused the token ({code}): check --token-file / OPSCONSOLE_AGENT_TOKEN",
    )


async def test_unknown_gate(fake_agent: FakeAgent):
    p = Pipeline()
    open_gate(p, "g-nope")
    outcome = await desk_for(p, fake_agent.url).decide("g-nope", "approve", "")
    assert outcome == DecisionOutcome("refused", "no such gate: g-nope")


async def test_abort_outside_a_gate(fake_agent: FakeAgent):
    p = Pipeline()
    p.feed(ev.SessionInfo(ts=T0, source="agent", service="checkout"))
    p.feed(ev.StageStarted(ts=T0 + 1, source="agent", traffic_pct=10))
    desk = desk_for(p, fake_agent.url)
    assert desk.availability()["rollback"] == (
        True,
        "abort the rollout now: all traffic back to blue",
    )
    assert desk.describe("rollback", "db pool").splitlines() == [
        f"POST {fake_agent.url}/v1/rollback",
        "Authorization: Bearer <token, not shown>",
        "Idempotency-Key: <a new key for this decision>",
        '{"operator": "alice", "reason": "db pool"}',
    ]
    first = await desk.act("rollback", "db pool")
    assert first.result == "accepted"
    again = await desk.abort("again")
    assert again == DecisionOutcome("refused", "refused by the agent: rollout already rolling_back")
    assert [r["path"] for r in fake_agent.requests] == ["/v1/rollback"] * 2
    assert p.state.decisions[0]["gate_id"] is None


async def test_read_only_sends_nothing(fake_agent: FakeAgent, tmp_path: Path):
    db = tmp_path / "s.db"
    gate_item(fake_agent)
    p = Pipeline(Recorder(db))
    open_gate(p)
    desk = desk_for(p, fake_agent.url, read_only=True)
    assert desk.availability() == {v: (False, READ_ONLY) for v in ("approve", "hold", "rollback")}
    assert await desk.decide("g-25", "approve", "") == DecisionOutcome("refused", READ_ONLY)
    assert await desk.abort("x") == DecisionOutcome("refused", READ_ONLY)
    assert fake_agent.requests == []
    p.close()
    assert rows(db, "decision") == []


def test_availability_says_why() -> None:
    p = Pipeline()
    desk = DecisionDesk(p, AgentDecider("http://127.0.0.1:9", "t"), operator="alice")
    assert desk.availability()["rollback"] == (False, "no rollout in progress yet")
    open_gate(p, "g-50", 50, 75)
    avail = desk.availability()
    assert avail["approve"] == (True, "shift to 75 %")
    assert avail["hold"] == (True, "keep the gate open; decide later")
    assert avail["rollback"] == (True, "roll back from 50 %: all traffic to blue")
    assert "POST http://127.0.0.1:9/v1/gates/g-50/decision" in desk.describe("approve")
    p.feed(
        ev.GateClosed(ts=T0 + 301, source="agent", gate_id="g-50", decision="hold", operator="bob")
    )
    assert desk.availability()["hold"] == (False, "the gate is already held")
    assert desk.availability()["approve"].enabled
    p.feed(ev.GateClosed(ts=T0 + 302, source="agent", gate_id="g-50", decision="approve"))
    assert desk.availability()["approve"] == (False, "no gate is open")
    open_gate(p, "g-100", 75, None)
    assert desk.availability()["approve"] == (True, "finish the rollout: 100 % on green")
    p.feed(ev.RollbackStarted(ts=T0 + 400, source="agent", reason="p99"))
    assert desk.availability()["rollback"] == (False, "rollback already in progress")
    p.feed(ev.Outcome(ts=T0 + 500, source="agent", status="rolled_back"))
    assert set(desk.availability().values()) == {(False, "rollout already rolled back")}
    nothing = DecisionDesk(p, None, operator="alice")
    assert not nothing.availability()["rollback"].enabled


async def test_an_endless_answer_to_a_decision_is_not_swallowed_whole() -> None:
    """A hostile agent answers an approve with a body that goes on and on: the console reads
    what an answer can be (1 MiB) and no more, so one key press can't fill its memory; the
    decision (HTTP 200) is still known to be accepted."""
    from tests.helpers.hostile_agent import HostileAgent

    agent = HostileAgent()
    await agent.start()
    try:
        agent.reply_flood = 256 << 20
        decider = AgentDecider(agent.url, agent.token, attempts=1, timeout=30)
        outcome = await decider.decide("gate-1", "approve", "alice", "", "key-1")
        assert outcome.result == "accepted", outcome.detail
        assert outcome.detail.startswith("approve by alice")
        assert [d["decision"] for d in agent.decisions] == ["approve"]
        assert agent.reply_sent < agent.reply_flood // 4
    finally:
        await agent.close()


async def test_an_answer_that_trickles_is_given_up_on_and_retried_with_its_key() -> None:
    """A byte now and then keeps every read inside its timeout: the answer as a whole has a
    deadline too, and a decision whose answer never ends is retried with the same key, then
    said to be unknown, instead of waiting with the operator for ever."""
    from tests.helpers.hostile_agent import HostileAgent

    agent = HostileAgent()
    await agent.start()
    try:
        agent.reply_flood, agent.reply_trickle = 1 << 30, 0.05
        decider = AgentDecider(agent.url, agent.token, attempts=2, retry_delay=0.01, timeout=0.5)
        outcome = await asyncio.wait_for(
            decider.decide("gate-1", "approve", "alice", "", "key-1"), 60
        )
        assert outcome.result == "failed"
        assert "not known to be applied" in outcome.detail
        assert "did not end" in outcome.detail
        assert len(agent.decisions) == 2  # the same key, twice
    finally:
        await agent.close()
