"""The console's side of the protocol against the simulated agent, over real HTTP on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.analysis.gate_checks import GateCheckAnalyzer
from console.control.agent import AgentDecider
from console.control.decisions import DecisionDesk
from console.control.policy import AutoPolicy, run_policy
from console.pipeline import Pipeline
from console.sim.handle import SimHandle
from console.sources.agent import AgentError, AgentSource
from console.store.recorder import Recorder
from tests.helpers.sim_operator import FAST as SIM_FAST
from tests.helpers.tcp_proxy import TcpProxy

TOKEN = "sim-s3cret"
# tests/sim's fast, reproducible run, with heartbeats often enough to notice a lost link.
FAST: dict[str, Any] = {**SIM_FAST, "heartbeat_s": 0.2}


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    with SimHandle.start("healthy", token=TOKEN, **FAST) as handle:
        yield handle


class Console:
    """One console attached to the agent: source → pipeline, and a desk to decide with."""

    def __init__(
        self,
        url: str,
        *,
        operator: str = "alice",
        token: str = TOKEN,
        db: Path | None = None,
        analyzers: list[Any] | None = None,
    ) -> None:
        self.pipeline = Pipeline(Recorder(db) if db else None, analyzers or [])
        self.source = AgentSource(url, token, backoff=(0.05, 0.1))
        self.desk = DecisionDesk(
            self.pipeline, AgentDecider(url, token, attempts=2, retry_delay=0.05), operator=operator
        )
        self.stop = asyncio.Event()
        self.error: BaseException | None = None
        self.task = asyncio.create_task(self._follow())

    async def _follow(self) -> None:
        try:
            async for e in self.source.events(self.stop):
                self.pipeline.feed(e)
        except AgentError as exc:
            self.error = exc

    @property
    def state(self) -> Any:
        return self.pipeline.state

    async def until(self, cond: Callable[[], Any], timeout: float = 30.0) -> Any:
        async def poll() -> Any:
            while not (got := cond()):
                if self.task.done() and not cond():
                    raise AssertionError(f"the source ended first: {self.state.sources}")
                await asyncio.sleep(0.01)
            return got

        return await asyncio.wait_for(poll(), timeout)

    async def close(self) -> None:
        self.stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.task, 10)
        self.pipeline.close()


@pytest.fixture
async def consoles() -> AsyncIterator[list[Console]]:
    made: list[Console] = []
    yield made
    for c in made:
        await c.close()


def attach(consoles: list[Console], url: str, **kw: Any) -> Console:
    c = Console(url, **kw)
    consoles.append(c)
    return c


async def test_approve_moves_the_rollout_to_the_next_stage(sim: SimHandle, consoles):
    c = attach(consoles, sim.url)
    gate = await c.until(lambda: c.state.gate)
    assert (gate["stage_pct"], gate["next_pct"]) == (10.0, 25.0)
    assert c.desk.availability()["approve"] == (True, "shift to 25 %")
    outcome = await c.desk.act("approve", "10 % looks fine")
    assert outcome.result == "accepted", outcome.detail
    assert outcome.detail.startswith("approve by alice at ")
    await c.until(lambda: c.state.green_pct == 25.0)
    closed = c.state.gates[0]
    assert (closed["decision"], closed["operator"]) == ("approve", "alice")
    nxt = await c.until(lambda: c.state.gate)
    assert nxt["stage_pct"] == 25.0 and nxt["gate_id"] != gate["gate_id"]


async def test_rollback_rolls_it_back(sim: SimHandle, consoles, tmp_path: Path):
    c = attach(consoles, sim.url, db=tmp_path / "s.db")
    await c.until(lambda: c.state.gate)
    assert "POST " + sim.url in c.desk.describe("rollback", "p99 too high")
    outcome = await c.desk.act("rollback", "p99 too high")
    assert outcome.result == "accepted", outcome.detail
    await c.until(lambda: c.state.outcome)
    assert c.state.outcome["status"] == "rolled_back"
    assert c.state.green_pct == 0.0
    assert set(c.desk.availability().values()) == {(False, "rollout already rolled back")}
    await c.until(lambda: c.task.done())
    assert c.state.sources["agent"]["status"] == "ended"


async def test_abort_through_v1_rollback(sim: SimHandle, consoles):
    c = attach(consoles, sim.url)
    await c.until(lambda: c.state.gate)
    outcome = await c.desk.abort("abort drill")
    assert outcome.result == "accepted", outcome.detail
    await c.until(lambda: c.state.outcome)
    assert c.state.outcome["status"] == "rolled_back"
    again = await c.desk.abort("twice")
    assert again.result == "refused" and "rollout already ended" in again.detail


async def test_a_wrong_token_is_refused_with_a_clear_message(sim: SimHandle, consoles):
    message = "the agent refused the token (403): check --token-file / OPSCONSOLE_AGENT_TOKEN"
    c = attach(consoles, sim.url, token="not-the-token")
    await asyncio.wait_for(c.task, 10)
    assert str(c.error) == message
    assert c.state.sources["agent"] == {
        "status": "error",
        "message": message,
        "at": c.state.sources["agent"]["at"],
    }
    outcome = await AgentDecider(sim.url, "not-the-token").decide("g", "approve", "a", "", "k")
    assert (outcome.result, outcome.detail) == ("refused", message)


async def test_the_agent_going_away_mid_rollout(sim: SimHandle, consoles, tmp_path: Path):
    db = tmp_path / "s.db"
    c = attach(consoles, sim.url, db=db)
    gate = await c.until(lambda: c.state.gate)
    await asyncio.to_thread(sim.stop)
    outcome = await c.desk.decide(gate["gate_id"], "approve", "go")
    assert outcome.result == "failed"
    assert outcome.detail.startswith(f"cannot reach the agent at {sim.url}")
    await c.until(lambda: c.state.sources["agent"]["status"] == "stale")
    assert "lost the agent's event stream" in c.state.sources["agent"]["message"]
    assert c.state.gate is not None  # nothing pretends the gate was decided
    await c.close()
    with sqlite3.connect(db) as conn:
        results = [
            json.loads(d)
            for (d,) in conn.execute("SELECT data FROM events WHERE kind = 'decision_result'")
        ]
    assert [r["result"] for r in results] == ["failed"]


async def test_two_consoles_see_the_gate_and_the_second_is_told_who_won(sim: SimHandle, consoles):
    a = attach(consoles, sim.url, operator="alice")
    b = attach(consoles, sim.url, operator="bob")
    gate_a = await a.until(lambda: a.state.gate)
    gate_b = await b.until(lambda: b.state.gate)
    assert gate_a["gate_id"] == gate_b["gate_id"]
    won = await a.desk.decide(gate_a["gate_id"], "approve", "fine")
    lost = await b.desk.decide(gate_b["gate_id"], "rollback", "not fine")
    assert won.result == "accepted"
    assert lost.result == "refused"
    assert lost.detail.startswith("already decided: approve by alice at ")
    assert lost.detail.endswith("Z")
    await b.until(lambda: b.state.gates[0]["decision"] == "approve")
    assert b.state.gates[0]["operator"] == "alice"
    assert b.state.decisions[-1]["result"] == "refused"


async def test_a_dropped_stream_resumes_without_gap_or_duplicate(consoles):
    with SimHandle.start("healthy", token=TOKEN, **{**FAST, "speed": 1000.0}) as sim:
        port = int(sim.url.rsplit(":", 1)[1])
        proxy = TcpProxy("127.0.0.1", port)
        await proxy.start()
        policy = AutoPolicy(auto=True)
        direct = attach(consoles, sim.url, analyzers=[GateCheckAnalyzer(), policy])
        via_proxy = attach(consoles, f"http://127.0.0.1:{proxy.port}")
        seen: dict[int, list[tuple[Any, ...]]] = {0: [], 1: []}
        for i, c in enumerate((direct, via_proxy)):
            c.pipeline.listeners.append(
                lambda e, _seq, i=i: (
                    seen[i].append((e.kind, e.ts, json.dumps(e.payload())))
                    if not isinstance(
                        e,
                        ev.SourceStatus
                        | ev.Finding
                        | ev.GateChecks
                        | ev.DecisionRequested
                        | ev.DecisionResult,
                    )
                    else None
                )
            )
        # Three cuts before anyone approves (the rollout waits at its first gate), so a fast
        # host cannot finish the rollout under fewer; then more while it runs to the end. Up
        # to a minute for them: a cut the client only notices at its read timeout (10 s) left
        # one cut in 30 s once, in a fresh-clone run on a loaded host (load average 3.7).
        cuts = polls = 0
        while cuts < 3 and polls < 600:
            await asyncio.sleep(0.1)
            polls += 1
            cuts += proxy.cut() > 0
        driver = asyncio.create_task(run_policy(direct.pipeline, direct.desk, policy, direct.stop))
        while not via_proxy.task.done() and cuts < 6:
            await asyncio.sleep(0.1)
            cuts += proxy.cut() > 0
        await asyncio.wait_for(asyncio.gather(direct.task, via_proxy.task), 60)
        driver.cancel()
        await proxy.close()
    assert cuts >= 3 and via_proxy.source.reconnects >= 3
    assert direct.state.outcome["status"] == "succeeded"
    # Parsed log events may come out of an idle flush at a different moment on each console
    # (and metrics are also read from log lines), so the order is compared on gate items and
    # the whole as a multiset: nothing missing, nothing twice.
    gates = [x for x in seen[0] if x[0] in ("gate_opened", "gate_closed")]
    assert [x for x in seen[1] if x[0] in ("gate_opened", "gate_closed")] == gates
    assert len(gates) == 8 and len(seen[0]) > 1000
    assert sorted(seen[1]) == sorted(seen[0])
    assert via_proxy.state.sources["agent"]["status"] == "ended"


async def test_auto_approves_green_gates_and_healthy_succeeds_headless(
    sim: SimHandle, consoles, tmp_path: Path
):
    policy = AutoPolicy(auto=True)
    c = attach(consoles, sim.url, db=tmp_path / "s.db", analyzers=[GateCheckAnalyzer(), policy])
    driver = asyncio.create_task(run_policy(c.pipeline, c.desk, policy, c.stop))
    await c.until(lambda: c.state.outcome, timeout=60)
    driver.cancel()
    assert c.state.outcome["status"] == "succeeded"
    decisions = [(d["decision"], d["via"], d["result"]) for d in c.state.decisions]
    gates = c.state.gates
    assert [g["stage_pct"] for g in gates] == [10.0, 25.0, 50.0, 75.0]
    assert decisions == [("approve", "auto", "accepted")] * len(gates)
    assert [(g["decision"], g["operator"]) for g in gates] == [("approve", "alice (auto)")] * 4
    assert "auto_approve" in {f["code"] for f in c.state.findings}


async def test_hold_keeps_the_gate_open_and_a_decision_may_follow(sim: SimHandle, consoles):
    c = attach(consoles, sim.url, operator="carol")
    gate = await c.until(lambda: c.state.gate)
    held = await c.desk.act("hold", "waiting for the DBA")
    assert held.result == "accepted", held.detail
    await c.until(lambda: c.state.gate and c.state.gate["held"])
    assert c.desk.availability()["hold"] == (False, "the gate is already held")
    assert c.state.gate["gate_id"] == gate["gate_id"]
    approved = await c.desk.act("approve", "DBA says fine")
    assert approved.result == "accepted", approved.detail
    await c.until(lambda: c.state.green_pct == 25.0)
