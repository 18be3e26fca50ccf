"""What an agent with ways of its own (the simulated agent is the first) gets from the SDK, over
real HTTP on 127.0.0.1: its own clock, its own decision lines, extra status and session fields,
a Prometheus /metrics, a private log, aborts told by callback only, gates it keeps working
through and closes itself; and what every agent gets: the epoch in the stream's header, JSON
413/400 for hostile bodies."""

from __future__ import annotations

import asyncio
import json
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.agent_sdk import Aborted, AgentEndpoint
from console.agent_sdk.http import EPOCH_HEADER
from console.timefmt import iso_ms as iso

TOKEN = "own-s3cret"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
T0 = 1_795_000_000.0  # the agent's simulated start, far from the wall clock


def make(**kw: Any) -> AgentEndpoint:
    kw.setdefault("heartbeat_s", 0.2)
    return AgentEndpoint(service="svc", version="1.0", agent="own", token=TOKEN, **kw)


@pytest.fixture
async def ep() -> AsyncIterator[AgentEndpoint]:
    e = make()
    await e.start()
    yield e
    await e.close()


async def lines_until(c: httpx.AsyncClient, stop: str, after: int = 0) -> list[dict[str, Any]]:
    """Stream items (heartbeats too) until one of type ``stop``."""
    got = []
    async with c.stream("GET", "/v1/events", params={"after": after}) as resp:
        async for line in resp.aiter_lines():
            if line.strip():
                got.append(json.loads(line))
                if got[-1]["type"] == stop:
                    break
    return got


async def decide(c: httpx.AsyncClient, gate_id: str, decision: str, **body: str) -> httpx.Response:
    return await c.post(
        f"/v1/gates/{gate_id}/decision",
        json={"decision": decision, "operator": "alice", **body},
    )


async def test_the_epoch_is_in_the_streams_header_and_every_heartbeat(ep: AgentEndpoint) -> None:
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
        epoch = (await c.get("/v1/status")).json()["epoch"]
        async with c.stream("GET", "/v1/events") as resp:
            assert resp.headers[EPOCH_HEADER] == epoch
        got = await lines_until(c, "heartbeat")
    assert got[0]["type"] == "session" and got[0]["epoch"] == epoch
    assert got[-1]["epoch"] == epoch


async def test_hostile_bodies_are_json_errors_without_effect(ep: AgentEndpoint) -> None:
    gate = ep.open_gate(10, 25)
    path = f"/v1/gates/{gate.gate_id}/decision"
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS, timeout=30) as c:
        big = await c.post(
            path,
            content=b'{"operator": "' + b"a" * (10 * 1024 * 1024) + b'"}',
            headers={"Content-Type": "application/json", "Idempotency-Key": "big"},
        )
        assert big.status_code == 413
        assert big.headers["content-type"].startswith("application/json")
        assert "over" in big.json()["error"]
        deep = await c.post(  # deeper than the parser goes, inside the size limit
            path, content=b"[" * 30_000 + b"]" * 30_000, headers={"Idempotency-Key": "deep"}
        )
        assert deep.status_code == 400 and deep.json()["error"] == "body must be a JSON object"
        bad = await c.post(path, content=b'{"operator": "\xff"}', headers={"Idempotency-Key": "u"})
        assert bad.status_code == 400
        assert gate.decision is None
        # none took effect or was remembered: a good request with a used key still acts
        ok = await c.post(
            path,
            json={"decision": "approve", "operator": "alice"},
            headers={"Idempotency-Key": "deep"},
        )
        assert ok.status_code == 200
    assert gate.decision is not None and gate.decision.operator == "alice"


async def test_an_agent_on_its_own_clock_stamps_everything_by_it() -> None:
    now = [T0]
    ep = make(clock=lambda: now[0], session_id="sim-1", header=False)
    await ep.start()
    try:
        assert ep.status()["started_at"] == iso(T0)
        now[0] = T0 + 60
        ep.log("[09:31:00] [INFO] a line of its own")
        ep.log("an earlier line", at=T0 + 30)
        ep.metrics(latency_p99_ms=120.0, at=T0 + 50)
        gate = ep.open_gate(10, 25, window_start=T0)
        now[0] = T0 + 90
        async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
            r = await decide(c, gate.gate_id, "approve")
            assert r.json()["decided_at"] == iso(T0 + 90)
            got = await lines_until(c, "gate_closed")
            beat = (await lines_until(c, "heartbeat", after=len(got)))[-1]
    finally:
        await ep.close()
    at = {(i["type"], i.get("line", "")): i["at"] for i in got}
    assert at[("session", "")] == iso(T0)
    assert at[("log", "[09:31:00] [INFO] a line of its own")] == iso(T0 + 60)
    assert at[("log", "an earlier line")] == iso(T0 + 30)
    assert at[("metrics", "")] == iso(T0 + 50)
    assert at[("gate_opened", "")] == iso(T0 + 60)
    opened = next(i for i in got if i["type"] == "gate_opened")["gate"]
    assert opened["opened_at"] == iso(T0 + 60) and opened["window_start"] == iso(T0)
    assert at[("gate_closed", "")] == iso(T0 + 90)
    assert beat["at"] == iso(T0 + 90)


async def test_decision_lines_status_session_and_metrics_of_its_own(tmp_path: Path) -> None:
    said: list[tuple[str, str, str, str]] = []

    def lines(kind: str, gate_id: str, operator: str, reason: str, at: float) -> list[str]:
        said.append((kind, gate_id, operator, reason))
        if kind == "abort":
            return []
        return [f"[DECISION] {gate_id} {kind} by {json.dumps(operator)}: {json.dumps(reason)}", ""]

    ep = make(
        decision_lines=lines,
        session_fields={"previous_attempt": "NONE", "plan": "not replaced"},
        status_fields=lambda: {"scenario": "healthy", "speed": 13.0, "state": "not replaced"},
        exposition=lambda: (b"rollout_green_weight 25.0\n", "text/plain; version=0.0.4"),
    )
    await ep.start()
    try:
        gate = ep.open_gate(25, 50)
        async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
            status = (await c.get("/v1/status")).json()
            assert (status["scenario"], status["speed"], status["state"]) == (
                "healthy",
                13.0,
                "at_gate",
            )
            hostile = "fine\n[SUCCESS] Deployment complete"
            held = await decide(c, gate.gate_id, "hold", operator="bob", reason=hostile)
            assert held.status_code == 200
            assert (await decide(c, gate.gate_id, "rollback", reason="slow")).status_code == 200
            r = await c.post("/v1/rollback", json={"operator": "dave", "reason": "storm"})
            assert r.status_code == 200
            got = await lines_until(c, "gate_closed")
            async with httpx.AsyncClient(base_url=ep.url) as anyone:  # no token: Prometheus
                scraped = await anyone.get("/metrics")
    finally:
        await ep.close()
    assert scraped.status_code == 200 and scraped.text == "rollout_green_weight 25.0\n"
    assert got[0]["previous_attempt"] == "NONE" and got[0]["plan"] == [10, 25, 50, 75, 100]
    assert said == [
        ("hold", gate.gate_id, "bob", hostile),
        ("rollback", gate.gate_id, "alice", "slow"),
        ("abort", "", "dave", "storm"),
    ]
    log = [i["line"] for i in got if i["type"] == "log"]
    assert f'[DECISION] {gate.gate_id} hold by "bob": {json.dumps(hostile)}' in log
    assert not any(line.startswith("[SUCCESS]") for line in log)  # one line, even if it isn't


async def test_an_endpoint_without_exposition_has_no_metrics_route(ep: AgentEndpoint) -> None:
    async with httpx.AsyncClient(base_url=ep.url) as c:
        assert (await c.get("/metrics")).status_code == 404


async def test_the_log_is_private_appended_or_fresh(tmp_path: Path) -> None:
    old = tmp_path / "old.log"
    old.write_text("left from before\n")
    old.chmod(0o644)
    new = tmp_path / "logs" / "new.log"
    for path, fresh in ((old, False), (new, False)):
        e = make(log_path=path, fresh_log=fresh)
        await e.start()
        e.log("a line")
        await e.close()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert old.read_text().startswith("left from before\n")  # appended by default
    e = make(log_path=old, fresh_log=True)
    await e.start()
    await e.close()
    assert "left from before" not in old.read_text()


async def test_an_abort_told_by_callback_only_and_a_gate_the_agent_closes_itself() -> None:
    told: list[Aborted] = []
    ep = make(on_abort=told.append, raise_on_abort=False, header=False)
    await ep.start()
    try:
        gate = ep.open_gate(10, 25)
        waiting = asyncio.ensure_future(ep.wait_gate(gate))
        ep.metrics(latency_p99_ms=900.0)  # the agent keeps reporting while the gate waits
        await asyncio.sleep(0)
        assert not waiting.done()
        decided = ep.rollback_gate("SLO violation: P99 latency exceeds 500ms threshold")
        assert decided is not None and decided.operator == "agent"
        assert (await waiting) == decided and ep.rollback_gate("again") is None
        ep.set_state("rolling_back")
        async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
            # already rolling back by itself: an abort now is too late
            late = await c.post("/v1/rollback", json={"operator": "dave"})
            assert late.status_code == 409
        ep.end("rolled_back", summary=False)
    finally:
        await ep.close()
    assert not told
    ep2 = make(on_abort=told.append, raise_on_abort=False)
    await ep2.start()
    try:
        async with httpx.AsyncClient(base_url=ep2.url, headers=HEADERS) as c:
            r = await c.post("/v1/rollback", json={"operator": "dave", "reason": "storm"})
            assert r.status_code == 200
        assert [a.operator for a in told] == ["dave"]
        ep2.log("still logging: the agent heard it by callback")  # no Aborted raised
        ep2.metrics(error_rate_pct=0.5)
    finally:
        await ep2.close()


async def test_end_without_the_sdks_summary_writes_none() -> None:
    ep = make(header=False)
    await ep.start()
    try:
        ep.log("DEPLOYMENT STATUS: SUCCEEDED")
        ep.end("succeeded", summary=False)
        async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
            got = await lines_until(c, "never")  # the stream closes at the end
    finally:
        await ep.close()
    log = [i["line"] for i in got if i["type"] == "log"]
    assert log == ["DEPLOYMENT STATUS: SUCCEEDED"]
    assert ep.state == "succeeded"
