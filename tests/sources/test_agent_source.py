"""AgentSource over real HTTP on loopback: conversion, end, token refusal, resume after a drop."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.sources.agent import (
    AgentError,
    AgentSource,
    Token,
    item_events,
    load_token,
    status_events,
)
from tests.helpers.fake_agent import FakeAgent
from tests.helpers.tcp_proxy import TcpProxy

TOKEN = "s3cret-token"


class EntryParser:
    """Stands in for console.parse (not under test here): an entry ends when the next starts."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pending: list[str] = []

    def feed(self, line: str) -> list[ev.Event]:
        out = self.flush() if line.startswith("[") else []
        self.pending.append(line)
        return out

    def flush(self) -> list[ev.Event]:
        if not self.pending:
            return []
        head, *rest = self.pending
        self.pending = []
        return [
            ev.LogLine(
                ts=1_700_000_000.0,
                source=self.source,
                level="INFO",
                message=head,
                detail=tuple(rest),
            )
        ]


@pytest.fixture
async def agent() -> AsyncIterator[FakeAgent]:
    a = FakeAgent(TOKEN)
    await a.start()
    yield a
    await a.close()


def source_for(url: str, token: str = TOKEN, **kw: object) -> AgentSource:
    return AgentSource(url, token, parser=EntryParser, backoff=(0.05,), **kw)  # type: ignore[arg-type]


async def collect(src: AgentSource, stop: asyncio.Event, until: object = None) -> list[ev.Event]:
    out: list[ev.Event] = []
    async for e in src.events(stop):
        out.append(e)
        if until is not None and until(out):
            break
    return out


def test_items_become_events() -> None:
    p = EntryParser("agent")
    assert item_events({"type": "heartbeat", "last_seq": 3}, "agent", p) == []
    metrics = item_events(
        {
            "seq": 2,
            "type": "metrics",
            "at": "2024-11-21T09:32:20+00:00",
            "samples": [
                {"name": ev.LATENCY_P99, "value": 480, "scope": "green"},
                {"name": ev.ERROR_RATE, "value": "bad"},
            ],
        },
        "agent",
        p,
    )
    sample, kept = metrics
    assert sample == ev.MetricSample(
        ts=1732181540.0, source="agent", name=ev.LATENCY_P99, value=480.0, scope="green"
    )
    # the sample that is no measurement is not dropped: a flagged line holds it
    assert isinstance(kept, ev.LogLine) and kept.fields and "opsconsole_flag" in kept.fields
    assert '"value": "bad"' in kept.message and kept.ts == sample.ts
    [opened] = item_events(
        {
            "seq": 3,
            "type": "gate_opened",
            "at": "2024-11-21T09:40:00Z",
            "gate": {
                "gate_id": "g-25",
                "stage_pct": 25,
                "next_pct": 50,
                "window_start": "2024-11-21T09:35:00Z",
                "opened_at": "2024-11-21T09:40:00Z",
            },
        },
        "agent",
        p,
    )
    assert opened == ev.GateOpened(
        ts=1732182000.0,
        source="agent",
        gate_id="g-25",
        stage_pct=25.0,
        next_pct=50.0,
        window_start=1732181700.0,
    )
    [last] = item_events(
        {
            "seq": 4,
            "type": "gate_opened",
            "at": "2024-11-21T09:50:00Z",
            "gate": {"gate_id": "g-100", "stage_pct": 75, "next_pct": None},
        },
        "agent",
        p,
    )
    assert isinstance(last, ev.GateOpened) and last.next_pct is None
    [held] = item_events(
        {
            "seq": 5,
            "type": "gate_held",
            "at": "2024-11-21T09:41:00Z",
            "gate_id": "g-25",
            "operator": "bob",
            "reason": "wait",
        },
        "agent",
        p,
    )
    assert held == ev.GateClosed(
        ts=1732182060.0,
        source="agent",
        gate_id="g-25",
        decision="hold",
        operator="bob",
        reason="wait",
    )
    [closed] = item_events(
        {
            "seq": 6,
            "type": "gate_closed",
            "at": "2024-11-21T09:42:00Z",
            "gate_id": "g-25",
            "decision": "approve",
            "operator": "alice",
            "reason": "",
            "decided_at": "2024-11-21T09:41:30Z",
        },
        "agent",
        p,
    )
    assert closed.ts == 1732182090.0 and closed.decision == "approve"  # type: ignore[attr-defined]
    info, plan = item_events(
        {
            "seq": 1,
            "type": "session",
            "at": "2024-11-21T09:30:00Z",
            "service": "rec",
            "version": "v2.5.0",
            "agent": "DeploymentAgent v3.2",
            "task": "t",
            "attempt": 2,
            "previous_attempt": None,
            "agent_session_id": "s-1",
            "plan": [10, 50, 100],
        },
        "agent",
        p,
    )
    assert isinstance(info, ev.SessionInfo) and info.attempt == "2" and info.service == "rec"
    assert plan == ev.StagePlan(ts=1732181400.0, source="agent", steps=(10.0, 50.0, 100.0))
    info, plan = status_events(
        {"service": "s", "plan": [10, 100], "started_at": "2024-11-21T09:30:00+00:00"}, "agent"
    )
    assert info.ts == 1732181400.0 and plan.steps == (10.0, 100.0)  # type: ignore[attr-defined]


async def test_streams_until_the_rollout_ends(agent: FakeAgent) -> None:
    agent.add("session", service="checkout", version="v9", plan=[10, 100])
    agent.add("log", line="[09:30:00] [INFO] starting")
    agent.add("log", line="  - detail one")
    agent.add("metrics", samples=[{"name": ev.ERROR_RATE, "value": 0.1, "scope": ""}])
    agent.end("succeeded")
    got = await collect(source_for(agent.url), asyncio.Event())
    kinds = [e.kind for e in got]
    assert kinds[:3] == ["session_info", "stage_plan", "source_status"]
    logs = [e for e in got if isinstance(e, ev.LogLine)]
    assert [(x.message, x.detail) for x in logs] == [
        ("[09:30:00] [INFO] starting", ("  - detail one",))
    ]
    assert any(isinstance(e, ev.MetricSample) and e.value == 0.1 for e in got)
    assert isinstance(got[-1], ev.SourceStatus) and got[-1].status == "ended"
    assert "succeeded" in got[-1].message


async def test_last_entry_appears_while_the_agent_is_quiet(agent: FakeAgent) -> None:
    agent.add("log", line="[09:30:00] [INFO] waiting at the gate")
    stop = asyncio.Event()
    src = source_for(agent.url)
    got = await asyncio.wait_for(
        collect(src, stop, until=lambda out: isinstance(out[-1], ev.LogLine)), 20
    )
    assert got[-1].message == "[09:30:00] [INFO] waiting at the gate"  # type: ignore[attr-defined]
    assert not agent.ended  # it came from the idle flush, not from the end of the stream


@pytest.mark.parametrize(("token", "code"), [("wrong", 403), ("", 401)])
async def test_a_refused_token_is_one_clear_error(agent: FakeAgent, token: str, code: int) -> None:
    got: list[ev.Event] = []
    with pytest.raises(AgentError) as info:
        async for e in source_for(agent.url, token).events(asyncio.Event()):
            got.append(e)
    message = f"the agent refused the token ({code}): check --token-file / OPSCONSOLE_AGENT_TOKEN"
    assert str(info.value) == message
    assert got == [
        ev.SourceStatus(ts=got[0].ts, source="agent", name="agent", status="error", message=message)
    ]


async def test_nothing_listening_is_one_clear_error(agent: FakeAgent) -> None:
    url = agent.url
    await agent.close()
    with pytest.raises(AgentError, match=r"cannot reach the agent at .*: is it running\?"):
        await collect(source_for(url), asyncio.Event())


async def test_the_token_is_never_shown(agent: FakeAgent) -> None:
    agent.add("log", line="[09:30:00] [INFO] hello")
    agent.end()
    src = source_for(agent.url)
    assert (
        TOKEN not in repr(src)
        and TOKEN not in repr(Token(TOKEN))
        and TOKEN not in str(Token(TOKEN))
    )
    got = await collect(src, asyncio.Event())
    assert not any(TOKEN in repr(e) for e in got)


def test_load_token(tmp_path: Path) -> None:
    f = tmp_path / "tok"
    f.write_text("  abc123\n")
    assert load_token(f).headers() == {"Authorization": "Bearer abc123"}
    assert load_token(None, {"OPSCONSOLE_AGENT_TOKEN": "xyz"}).headers()["Authorization"] == (
        "Bearer xyz"
    )
    with pytest.raises(AgentError, match="no agent token"):
        load_token(None, {})
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(AgentError, match="is empty"):
        load_token(tmp_path / "empty")
    (tmp_path / "two").write_text("abc\nsecret-part\n")
    with pytest.raises(AgentError, match="contains spaces, line breaks") as bad:
        load_token(tmp_path / "two")
    assert "secret-part" not in str(bad.value)
    with pytest.raises(AgentError, match="cannot read the token file"):
        load_token(tmp_path / "missing")


async def test_a_dropped_stream_resumes_without_gap_or_duplicate(agent: FakeAgent) -> None:
    port = int(agent.url.rsplit(":", 1)[1])
    proxy = TcpProxy("127.0.0.1", port)
    await proxy.start()
    stop = asyncio.Event()
    src = source_for(f"http://127.0.0.1:{proxy.port}")
    seen: list[float] = []
    statuses: list[str] = []

    async def consume() -> None:
        async for e in src.events(stop):
            if isinstance(e, ev.MetricSample):
                seen.append(e.value)
            elif isinstance(e, ev.SourceStatus):
                statuses.append(e.status)

    task = asyncio.create_task(consume())
    total = 0
    for burst in range(4):
        for _ in range(25):
            total += 1
            agent.add("metrics", samples=[{"name": ev.REQUEST_RATE, "value": total}])
        # Wait until part of this burst arrived, then cut the connection under the stream.
        while len(seen) < total - 10:
            await asyncio.sleep(0.01)
        assert proxy.cut() >= 1, burst
    agent.end()
    await asyncio.wait_for(task, 30)
    await proxy.close()
    assert seen == [float(i) for i in range(1, total + 1)]
    assert statuses.count("stale") >= 4 and "ok" in statuses[1:]
    assert statuses[-1] == "ended"
    assert agent.stream_connections >= 5


async def test_log_items_go_through_the_real_log_parser(agent: FakeAgent) -> None:
    for line in (
        "Agent Runtime Log - Checkout Deployment",
        "=" * 40,
        "Session ID: sess-42",
        "Agent: FakeAgent 1",
        "Start Time: 2024-11-21 09:30:00 UTC",
        "",
        "[09:31:15] [TOOL] Executing: traffic_shift(percentage=25)",
        "[09:32:20] [OBSERVATION] Metrics after 1 minute at 25%:",
        "  - Error rate: 0.2%",
    ):
        agent.add("log", line=line)
    stop = asyncio.Event()
    src = AgentSource(agent.url, TOKEN)  # the default parser: console.parse
    got = await asyncio.wait_for(
        collect(
            src,
            stop,
            until=lambda out: any(
                isinstance(e, ev.MetricSample) and e.name == ev.ERROR_RATE for e in ev.explode(out)
            ),
        ),
        20,
    )
    stages = [e for e in got if isinstance(e, ev.StageStarted)]
    assert [s.traffic_pct for s in stages] == [25.0]
    [err] = [
        e for e in ev.explode(got) if isinstance(e, ev.MetricSample) and e.name == ev.ERROR_RATE
    ]
    assert err.value == 0.2 and err.ts == 1732181540.0  # 2024-11-21 09:32:20 UTC
    assert not agent.ended  # the last entry came out by the idle flush


async def test_a_restarted_agent_without_an_epoch_is_a_new_session(agent: FakeAgent) -> None:
    """An agent that gives no epoch: its new session id is the sign. The session followed
    ends (outcome agent_restarted) and the new run is read from its first item (issue 19;
    before, the source stopped with an error and the operator had to attach again)."""
    port = int(agent.url.rsplit(":", 1)[1])
    proxy = TcpProxy("127.0.0.1", port)
    await proxy.start()
    agent.add("metrics", samples=[{"name": ev.REQUEST_RATE, "value": 1}])
    src = source_for(f"http://127.0.0.1:{proxy.port}")
    got: list[ev.Event] = []
    async for e in src.events(asyncio.Event()):
        got.append(e)
        if isinstance(e, ev.MetricSample) and e.value == 1 and agent.session_id == "fake-1":
            # The restarted agent numbers from 1 again: its first item is new, not seen.
            agent.session_id = "fake-2"
            agent.items.clear()
            agent.add("metrics", samples=[{"name": ev.REQUEST_RATE, "value": 2}])
            proxy.cut()
        if isinstance(e, ev.MetricSample) and e.value == 2:
            break
    await proxy.close()
    [ended] = [e for e in got if isinstance(e, ev.Outcome)]
    assert ended.status == "agent_restarted" and "fake-2" in ended.detail
    after = got[got.index(ended) + 1 :]
    assert [e.kind for e in after[:2]] == ["session_info", "stage_plan"]
    assert isinstance(after[-1], ev.MetricSample) and after[-1].value == 2
    assert src.restarts == 1 and src.last_seq == 1


async def test_a_status_that_trickles_is_given_up_on() -> None:
    """An agent answering /v1/status a byte at a time stays inside every read timeout: the
    answer as a whole has a deadline, so attaching fails with one clear line instead of
    waiting for ever."""
    from console.errors import AgentError
    from console.sources.agent import AgentSource
    from tests.helpers.hostile_agent import HostileAgent

    agent = HostileAgent()
    await agent.start()
    try:
        agent.status_trickle = 0.05
        source = AgentSource(agent.url, agent.token, read_timeout=0.5, connect_timeout=0.5)
        stop = asyncio.Event()
        seen: list[Any] = []

        async def follow() -> None:
            async for e in source.events(stop):
                seen.append(e)

        with pytest.raises(AgentError, match="did not answer /v1/status within"):
            await asyncio.wait_for(follow(), 60)
        assert [e.status for e in seen] == ["error"]
    finally:
        await agent.close()


async def test_a_stream_that_trickles_without_a_whole_message_says_it_stalled() -> None:
    """An agent that sends a byte every so often and no whole line (no item, no heartbeat)
    stays inside every read timeout: once no message has completed for longer than the read
    timeout, the source's status says so, not 'ok', until a message completes."""
    from console.sources.agent import AgentSource
    from tests.helpers.hostile_agent import HostileAgent

    agent = HostileAgent()
    await agent.start()
    try:
        agent.log("[09:30:00] [INFO] starting")
        agent.events_trickle = 0.05
        source = AgentSource(agent.url, agent.token, read_timeout=0.5, connect_timeout=0.5)
        stop = asyncio.Event()
        statuses: list[ev.SourceStatus] = []
        logged: list[str] = []

        async def follow() -> None:
            async for e in source.events(stop):
                if isinstance(e, ev.SourceStatus):
                    statuses.append(e)
                    if e.status == "stale":
                        agent.events_trickle = 0  # the item completes at last
                    elif len(statuses) > 2:
                        stop.set()
                elif isinstance(e, ev.LogLine):
                    logged.append(e.message)

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(follow(), 60)
        said = [(s.status, s.message) for s in statuses]
        assert [status for status, _ in said] == ["ok", "stale", "ok"], said
        assert re.match(r"stalled: no complete message since \d\d:\d\d:\d\dZ", said[1][1])
        assert said[2][1] == "the event stream moves again"
        assert any(m.startswith("xxxx") for m in logged)  # the item, whole
    finally:
        await agent.close()
