"""Issue 19: each hostile case of the attack pass, replayed by a real HTTP agent on loopback
(tests/helpers/hostile_agent.py) against the real AgentSource, log parser, analysers, gate
policy and Recorder, with a gate open. After any one bad item the source goes on (the line
after it is recorded), nothing is dropped (what can't be believed is a flagged line), the store
holds only believable times, a decision is still recorded, `sessions` lists the store and the
session replays to its end. A restarted agent (new epoch) becomes a new session, from seq 1."""

from __future__ import annotations

import asyncio
import json
import math
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from console import cli
from console import events as ev
from console.analysis import default_analyzers
from console.control.agent import AgentDecider
from console.control.policy import AutoPolicy
from console.pipeline import Pipeline
from console.runner import LiveSession
from console.sources import edge
from console.sources.agent import AgentSource
from console.store.recorder import Recorder
from console.store.replay import ReplayCursor
from tests.helpers.hostile_agent import START, HostileAgent, iso

WAIT = 60.0
FLAGGED = "[opsconsole: "
HUGE = 3 * 1024 * 1024  # over the 1 MiB item limit


def _metrics(seq: int, at: str, value: str = "1.5") -> str:
    return (
        f'{{"seq": {seq}, "type": "metrics", "at": {at}, '
        f'"samples": [{{"name": "latency_p99_ms", "value": {value}, "scope": ""}}]}}'
    )


# name → (the raw line given the seq it would have, is it flagged, not just cut or refused)
CASES: dict[str, tuple[Callable[[int], bytes | str], bool]] = {
    "at_1e300": (lambda n: _metrics(n, "1e300"), True),
    "at_minus_1e300": (lambda n: _metrics(n, "-1e300"), True),
    "at_nan": (lambda n: _metrics(n, "NaN"), True),
    "at_infinity": (lambda n: _metrics(n, "Infinity"), True),
    "at_400_digits": (lambda n: _metrics(n, "1" * 400), True),
    "at_year_9999": (lambda n: _metrics(n, '"9999-12-31T23:59:59Z"'), True),
    "at_not_a_time": (lambda n: _metrics(n, '"yesterday"'), True),
    "value_nan": (lambda n: _metrics(n, f'"{iso(START + n)}"', "NaN"), True),
    "value_1e300": (lambda n: _metrics(n, f'"{iso(START + n)}"', "1e300"), True),
    "value_400_digits": (lambda n: _metrics(n, f'"{iso(START + n)}"', "9" * 400), True),
    "seq_400_digits": (
        lambda n: f'{{"seq": {"7" * 400}, "type": "log", "at": "{iso(START)}", "line": "x"}}',
        True,
    ),
    "seq_nan": (lambda n: '{"seq": NaN, "type": "log", "line": "x"}', True),
    "plan_nan": (
        lambda n: (
            f'{{"seq": {n}, "type": "session", "at": "{iso(START + n)}", '
            f'"service": "checkout", "plan": [10, NaN, 1e300, 100]}}'
        ),
        True,
    ),
    "gate_pct_1e300": (
        lambda n: (
            f'{{"seq": {n}, "type": "gate_opened", "at": "{iso(START + n)}", '
            f'"gate": {{"gate_id": "g-x", "stage_pct": 1e300, "next_pct": null}}}}'
        ),
        True,
    ),
    "gate_id_lone_surrogate": (
        lambda n: (
            f'{{"seq": {n}, "type": "gate_held", "at": "{iso(START + n)}", '
            f'"gate_id": "g-\\ud800", "operator": "\\udfff", "reason": "a\\ud834b"}}'
        ),
        False,
    ),
    "log_lone_surrogate": (
        lambda n: (
            f'{{"seq": {n}, "type": "log", "at": "{iso(START + n)}", '
            f'"line": "[09:30:05] [ERROR] bad \\ud800 text"}}'
        ),
        False,
    ),
    "deep_json": (lambda n: "[" * 100_000 + "]" * 100_000, True),
    "not_json": (lambda n: "this is not a protocol item {", True),
    "invalid_utf8": (lambda n: b'\xff\xfe{"seq": ' + str(n).encode() + b', "type": "log"}', True),
    "huge_item": (
        lambda n: (
            f'{{"seq": {n}, "type": "log", "at": "{iso(START + n)}", "line": "' + "A" * HUGE + '"}'
        ),
        True,
    ),
}


@pytest.fixture
async def agent() -> AsyncIterator[HostileAgent]:
    a = HostileAgent()
    await a.start()
    yield a
    await a.close()


def _stored(db: Path) -> list[tuple[int, float, str, str]]:
    with sqlite3.connect(db) as conn:
        return list(
            conn.execute(
                "SELECT seq, ts, kind, data || ' ' || coalesce(text, '') FROM events ORDER BY seq"
            )
        )


@pytest.mark.parametrize("case", list(CASES))
async def test_one_bad_item_costs_only_itself(
    agent: HostileAgent, tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, flagged = CASES[case]
    agent.item("session", service="checkout", version="v9", plan=[10, 25, 50, 75, 100])
    agent.log("[09:30:00] [INFO] Starting deployment")
    gate = {"gate_id": "gate-1-10", "stage_pct": 10, "next_pct": 25, "opened_at": iso(START)}
    agent.item("gate_opened", gate=gate)
    agent.raw(make(len(agent.lines) + 1))
    agent.log("[09:31:00] [INFO] marker after the bad item")
    agent.log("[09:31:01] [INFO] the end")
    agent.end()

    db = tmp_path / "hostile.db"
    policy = AutoPolicy(gate_alert_after=300.0)
    pipe = Pipeline(Recorder(db, name=case), [*default_analyzers(), policy])
    src = AgentSource(agent.url, agent.token, backoff=(0.05,))
    async with asyncio.timeout(WAIT):
        async for event in src.events(asyncio.Event()):
            pipe.feed(event)
    # a decision after it is recorded (the recorder is not left failed)
    seq = pipe.feed(
        ev.DecisionRequested(
            ts=START + 500,
            source="operator",
            decision_id="d1",
            gate_id="gate-1-10",
            decision="approve",
            operator="alice",
        ),
        durable=True,
    )
    pipe.close()
    assert pipe.recorder is not None and pipe.recorder.error is None

    rows = _stored(db)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[seq - 1][2] == "decision"
    assert all(math.isfinite(r[1]) and edge.sane_time(r[1]) for r in rows), case
    text = "\n".join(r[3] for r in rows)
    assert "marker after the bad item" in text, "the source stopped at the bad item"
    assert "the end" in text
    if flagged:
        assert FLAGGED in text, "the bad item was dropped, not kept as a flagged line"
    assert max(len(r[3]) for r in rows) < edge.MAX_LINE_CHARS + 4096
    waiting = [r for r in rows if r[2] == "finding" and "gate_waiting" in r[3]]
    assert len(waiting) <= 1, "the policy alerted more than once"

    # the store lists, and the session replays to its last event
    assert cli.main(["sessions", "--db", str(db)]) == 0
    assert case in capsys.readouterr().out
    with sqlite3.connect(db) as conn:
        [(sid,)] = conn.execute("SELECT id FROM sessions").fetchall()
    with ReplayCursor(db, sid) as cursor:
        state = cursor.state_at(len(rows))
    assert state.clock is not None and edge.sane_time(state.clock)
    assert all(edge.sane_time(x) or x is None for x in [state.clock])
    assert all(math.isfinite(p) for p in state.plan)


async def test_a_flagged_item_says_what_came_and_why(agent: HostileAgent) -> None:
    agent.item("session", service="checkout")
    agent.raw(_metrics(2, "1e300"))
    agent.end()
    got = [e async for e in AgentSource(agent.url, agent.token).events(asyncio.Event())]
    [kept] = [e for e in got if isinstance(e, ev.LogLine)]
    assert kept.fields == {"opsconsole_flag": "metrics item: 'at' is not a believable time"}
    assert kept.level == "WARNING" and kept.fmt == "plain"
    assert '"latency_p99_ms"' in kept.message and "1e+300" in kept.message
    assert kept.ts == START + 1  # the agent's latest believable time (its session item's)


async def test_a_long_line_is_stored_whole_up_to_the_limit(agent: HostileAgent) -> None:
    line = "[09:30:00] [INFO] " + "x" * (edge.MAX_LINE_CHARS + 5000)
    agent.item("session", service="checkout")
    agent.log(line)
    agent.end()
    got = [e async for e in AgentSource(agent.url, agent.token).events(asyncio.Event())]
    [entry] = [e for e in got if isinstance(e, ev.LogLine)]
    # the parser took the time and level off the front; the rest is there up to the limit
    kept = edge.MAX_LINE_CHARS - len("[09:30:00] [INFO] ")
    assert entry.message == "x" * kept + " …[opsconsole: 5018 more characters not kept]"


async def test_a_restarted_agent_is_a_new_session_from_seq_1(
    agent: HostileAgent, tmp_path: Path
) -> None:
    agent.item("session", service="checkout", version="v9", plan=[10, 25, 50, 75, 100])
    for i in range(3):
        agent.log(f"[09:30:0{i}] [INFO] first run {i}")
    db = tmp_path / "restart.db"
    session = LiveSession(
        db_path=db,
        name="restart",
        sources=[AgentSource(agent.url, agent.token, backoff=(0.05,))],
        decider=AgentDecider(agent.url, agent.token),
        policy=AutoPolicy(),
    )
    stop = asyncio.Event()
    run = asyncio.create_task(session.run(stop))
    try:
        async with asyncio.timeout(WAIT):
            while session.pipeline.state.info.get("service") is None or not any(
                "first run 2" in e.message for _, e in session.take_log()
            ):
                await asyncio.sleep(0.05)
            first = session.session_id
            # The agent process restarts within the same minute: the same session id.
            agent.restart()
            agent.session_id = "hostile-1"
            agent.item("session", service="checkout", version="v10", plan=[50, 100])
            for i in range(5):
                agent.log(f"[09:40:0{i}] [INFO] second run {i}")
            gate = {"gate_id": "gate-1-50", "stage_pct": 50, "next_pct": 100}
            agent.item("gate_opened", gate=gate)
            while session.pipeline.state.gate is None:
                await asyncio.sleep(0.05)
            # the new run's gate can be decided, and the decision lands in the new session
            outcome = await session.decide("approve", "")
            assert outcome.result == "accepted", outcome.detail
            agent.end()
            await run
    finally:
        stop.set()
        await run
        session.close()
    assert session.sessions == [first, session.session_id] and first != session.session_id
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT id, outcome FROM sessions").fetchall())
        second = [
            r[0]
            for r in conn.execute(
                "SELECT coalesce(text, data) FROM events "
                "WHERE session_key = (SELECT key FROM sessions WHERE id = ?) ORDER BY seq",
                (session.session_id,),
            )
        ]
        decided = conn.execute(
            "SELECT s.id, json_extract(data, '$.gate_id') FROM events JOIN sessions s "
            "ON s.key = session_key WHERE kind = 'decision'"
        ).fetchall()
    assert rows[first] == "agent_restarted"
    # nothing of the new run skipped: every line, from its first
    assert [line for line in second if "second run" in line] == [
        f"second run {i}" for i in range(5)
    ]
    assert any('"version":"v10"' in r for r in second)
    assert decided == [(session.session_id, "gate-1-50")]
    assert agent.decisions[0]["gate_id"] == "gate-1-50"


def test_the_hostile_cases_are_valid_protocol_lines_except_the_broken_ones() -> None:
    """The corpus itself: each case is what it says (so the tests above test something)."""
    for name, (make, _) in CASES.items():
        raw = make(5)
        data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
        if name in ("deep_json", "not_json", "invalid_utf8"):
            continue
        if name == "huge_item":
            assert len(data) > edge.MAX_ITEM_BYTES
            continue
        item = json.loads(data)
        assert isinstance(item, dict), name


async def test_two_agent_processes_at_one_address_are_not_a_restart_storm(
    agent: HostileAgent,
) -> None:
    """Two agent processes behind one address (two replicas behind a Service, or the old
    pod of a rolling update still answering) alternate epochs. The first new epoch is a
    restart; an epoch already left behind answering again is an old process, not another
    restart: the console backs off and follows the newest, rather than starting a new
    recorded session (and re-reading the stream) at every request, hundreds a second."""
    agent.item("session", service="checkout", version="v9")
    agent.log("[09:30:00] [INFO] Starting deployment")
    old, new = agent.epoch, "f" * 16
    agent.alternate = (old, old, new)
    source = AgentSource(agent.url, agent.token, read_timeout=2.0, backoff=(0.05,))
    stop = asyncio.Event()
    sessions = 0

    async def follow() -> None:
        nonlocal sessions
        async for e in source.events(stop):
            sessions += isinstance(e, ev.SessionInfo)
            if source.reconnects + source.restarts >= 12:
                stop.set()

    await asyncio.wait_for(follow(), 60)
    assert source.restarts == 1
    assert source.epoch == new
    assert sessions <= 4  # the first run's and the new one's (status and session item)


async def test_the_run_followed_going_away_leaves_the_other_one_followed(
    agent: HostileAgent,
) -> None:
    """Epochs have no order: the run left behind may be the newer one. When the followed run
    stops answering and only the one left behind does, the console follows it again (a
    restart) instead of backing off from it for ever."""
    agent.log("[09:30:00] [INFO] Starting deployment")
    first, second = agent.epoch, "e" * 16
    source = AgentSource(agent.url, agent.token, read_timeout=2.0, backoff=(0.05,))
    stop = asyncio.Event()

    async def follow() -> None:
        async for e in source.events(stop):
            if isinstance(e, ev.LogLine) and source.restarts == 0:
                agent.alternate = (second,)  # attached to the first; now only the second
            if source.restarts == 1 and source.epoch == second:
                agent.alternate = (first,)  # the second goes; only the first answers
            if source.restarts == 2:
                stop.set()

    await asyncio.wait_for(follow(), 60)
    assert source.epoch == first
