"""An async agent on the SDK, followed by the console's own source; idempotency in flight."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from console import events as ev
from console.agent_sdk import AgentEndpoint, ApprovalDenied, Decision, needs_approval
from console.sources.agent import AgentSource
from tests.helpers.tcp_proxy import TcpProxy

TOKEN = "async-s3cret"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def ep() -> AsyncIterator[AgentEndpoint]:
    e = AgentEndpoint(
        service="payments", version="4.0.1", agent="async-agent", token=TOKEN, heartbeat_s=0.2
    )
    await e.start()
    yield e
    await e.close()


async def open_gate(c: httpx.AsyncClient) -> dict[str, Any]:
    for _ in range(1000):
        gate = (await c.get("/v1/status")).json()["gate"]
        if gate:
            return gate
        await asyncio.sleep(0.01)
    raise AssertionError("no gate opened")


async def agent_rollout(ep: AgentEndpoint, plan: tuple[float, ...]) -> list[Decision]:
    ep.guardrails(p99_ms=400, error_pct=1)
    got = []
    for i, pct in enumerate(plan):
        ep.stage(pct)
        await asyncio.sleep(0)
        ep.traffic(pct)
        for j in range(3):
            ep.metrics(latency_p99_ms=150.0 + j, error_rate_pct=0.1, scope="green")
            await asyncio.sleep(0.01)
        if i + 1 == len(plan):
            break
        d = await ep.gate(pct, plan[i + 1])
        got.append(d)
        if not d.approved:
            ep.begin_rollback(d.reason)
            ep.traffic(0)
            ep.end("rolled_back", d.reason)
            return got
    ep.end("succeeded")
    return got


async def test_async_agent_approve_then_rollback(ep: AgentEndpoint) -> None:
    agent = asyncio.create_task(agent_rollout(ep, (10, 25, 50)))
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
        g1 = await open_gate(c)
        body = {"decision": "approve", "operator": "alice", "reason": "fine"}
        r = await c.post(f"/v1/gates/{g1['gate_id']}/decision", json=body)
        assert r.status_code == 200
        while (g2 := await open_gate(c))["gate_id"] == g1["gate_id"]:
            await asyncio.sleep(0.01)
        body = {"decision": "rollback", "operator": "bob", "reason": "p99 creeping"}
        assert (await c.post(f"/v1/gates/{g2['gate_id']}/decision", json=body)).status_code == 200
        decisions = await asyncio.wait_for(agent, 10)
        st = (await c.get("/v1/status")).json()
    assert [(d.decision, d.operator, d.reason) for d in decisions] == [
        ("approve", "alice", "fine"),
        ("rollback", "bob", "p99 creeping"),
    ]
    assert st["state"] == "rolled_back" and st["gate"] is None
    assert st["traffic"] == {"green_pct": 0.0, "actual_green_pct": 0.0}


async def _raw_post(port: int, path: str, body: bytes, key: str) -> tuple[Any, Any]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    writer.write(head.encode())
    await writer.drain()
    return reader, writer


async def _answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, Any]]:
    raw = await asyncio.wait_for(reader.read(), 10)
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


async def test_same_key_twice_in_flight_has_one_effect(ep: AgentEndpoint) -> None:
    gate_task = asyncio.create_task(ep.gate(10, 25))
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
        gate = await open_gate(c)
    port = int(ep.url.rsplit(":", 1)[1])
    path = f"/v1/gates/{gate['gate_id']}/decision"
    first = json.dumps({"decision": "approve", "operator": "alice"}).encode()
    retry = json.dumps({"decision": "rollback", "operator": "alice-retry"}).encode()
    # The first request is still arriving (half its body sent) when the retry comes in.
    r1, w1 = await _raw_post(port, path, first, "same-key")
    w1.write(first[:10])
    await w1.drain()
    r2, w2 = await _raw_post(port, path, retry, "same-key")
    w2.write(retry)
    await w2.drain()
    await asyncio.sleep(0.1)
    assert not gate_task.done()  # the retry waited for the first, and acted on nothing
    w1.write(first[10:])
    await w1.drain()
    a1, a2 = await _answer(r1), await _answer(r2)
    w1.close()
    w2.close()
    assert a1 == a2
    assert a1[0] == 200 and a1[1]["decision"] == "approve" and a1[1]["operator"] == "alice"
    d = await asyncio.wait_for(gate_task, 5)
    assert (d.decision, d.operator) == ("approve", "alice")
    ep.end("succeeded")
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
        resp = await c.get("/v1/events")
    closed = [json.loads(ln) for ln in resp.text.splitlines() if '"gate_closed"' in ln]
    assert len(closed) == 1


async def test_the_console_source_follows_an_sdk_agent_through_a_cut(ep: AgentEndpoint) -> None:
    port = int(ep.url.rsplit(":", 1)[1])
    proxy = TcpProxy("127.0.0.1", port)
    await proxy.start()
    src = AgentSource(f"http://127.0.0.1:{proxy.port}", TOKEN, backoff=(0.05,))
    stop = asyncio.Event()
    got: list[ev.Event] = []
    agent = asyncio.create_task(agent_rollout(ep, (10, 25, 100)))
    cuts = 0
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:

        async def follow() -> None:
            nonlocal cuts
            async for e in src.events(stop):
                got.append(e)
                if isinstance(e, ev.GateOpened):
                    if cuts == 0:
                        cuts += proxy.cut()  # the stream dies under the console
                    body = {"decision": "approve", "operator": "alice", "reason": "ok"}
                    r = await c.post(f"/v1/gates/{e.gate_id}/decision", json=body)
                    assert r.status_code in (200, 409)

        await asyncio.wait_for(follow(), 30)
    await agent
    await proxy.close()
    assert cuts >= 1 and src.reconnects >= 1
    info = [e for e in got if isinstance(e, ev.SessionInfo) and e.service]
    assert info[0].service == "payments" and info[0].version == "4.0.1"
    assert [e.traffic_pct for e in got if isinstance(e, ev.StageStarted)] == [10, 25, 100]
    assert [e.gate_id for e in got if isinstance(e, ev.GateOpened)] == ["gate-1-10", "gate-2-25"]
    closed = [(e.gate_id, e.decision, e.operator) for e in got if isinstance(e, ev.GateClosed)]
    assert closed == [("gate-1-10", "approve", "alice"), ("gate-2-25", "approve", "alice")]
    outcome = [e for e in got if isinstance(e, ev.Outcome)]
    assert [o.status for o in outcome] == ["succeeded"]
    p99 = [e.value for e in got if isinstance(e, ev.MetricSample) and e.name == "latency_p99_ms"]
    assert len(p99) == 9  # three per stage, none lost or doubled by the cut
    messages = [e.message for e in got if isinstance(e, ev.LogLine)]
    dupes = {m for m in messages if messages.count(m) > 1}
    assert not dupes
    assert sum("traffic_shift" in m for m in messages) == 3
    limits = [e for e in got if isinstance(e, ev.Threshold)]
    assert {(t.metric, t.value) for t in limits} >= {("latency_p99_ms", 400.0)}


async def test_needs_approval_async(ep: AgentEndpoint) -> None:
    calls: list[str] = []

    @needs_approval(ep)
    async def drop_table(name: str) -> str:
        calls.append(name)
        return f"dropped {name}"

    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:

        async def answer(decision: str) -> dict[str, Any]:
            gate = await open_gate(c)
            body = {"decision": decision, "operator": "ops", "reason": "no"}
            await c.post(f"/v1/gates/{gate['gate_id']}/decision", json=body)
            return gate

        t = asyncio.create_task(drop_table("users"))
        gate = await answer("rollback")
        with pytest.raises(ApprovalDenied, match="denied by ops"):
            await t
        assert gate["action"] == "drop_table('users')"
        assert calls == []
        t = asyncio.create_task(drop_table("sessions"))
        await answer("approve")
        assert await t == "dropped sessions"
    assert calls == ["sessions"]


async def test_a_token_that_is_not_text_is_refused_not_a_crash(ep: AgentEndpoint) -> None:
    port = int(ep.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"GET /v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\xed\r\n"
        b"Connection: close\r\n\r\n"
    )
    await writer.drain()
    status, body = await _answer(reader)
    writer.close()
    assert (status, body) == (403, {"error": "invalid token"})


async def test_drained_waits_for_a_console_still_reading(ep: AgentEndpoint) -> None:
    for i in range(50):
        ep.log(f"[10:00:00] [INFO] line {i}")
    async with httpx.AsyncClient(base_url=ep.url, headers=HEADERS) as c:
        async with c.stream("GET", "/v1/events") as resp:
            lines = resp.aiter_lines()
            first = await anext(lines)
            assert json.loads(first)["seq"] == 1
            ep.end("succeeded")
            # A console is behind: not drained while its response is open.
            assert await ep.drained(timeout=0.3) is False
            rest = [ln async for ln in lines if ln.strip()]
        assert json.loads(rest[-1])["line"].endswith("Agent session terminated")
        # Its stream ended; it has not yet asked whether the rollout ended.
        assert await ep.drained(timeout=0.3) is False
        assert (await c.get("/v1/status")).json()["state"] == "succeeded"
        assert await ep.drained(timeout=5) is True
