"""Each simulator scenario end to end: the simulated agent's protocol stream, converted by the
agent source's own item conversion and parsed by the real log parser, through a Pipeline with
the default analysers. Every gate is approved as soon as it opens; clocks freeze at gates, so
a run is reproducible."""

import asyncio
from typing import Any

import pytest

from console import events as ev
from console.analysis import default_analyzers
from console.analysis.rca import analyse
from console.parse import LogParser
from console.pipeline import Pipeline
from console.sim.agent import SimAgent
from console.sources.agent import item_events

START = 1_763_800_000.0


async def _run(scenario: str) -> list[dict[str, Any]]:
    agent = SimAgent(scenario, speed=1e5, seed=0, start=START, freeze_at_gates=True)
    task = asyncio.create_task(agent.run())
    decided: set[str] = set()
    while not agent.finished.is_set():
        gate = agent.gate
        if gate is not None and gate.gate_id not in decided:
            decided.add(gate.gate_id)
            agent.decide(gate.gate_id, "approve", "test", "approve every gate")
        await asyncio.sleep(0.001)
    await task
    return agent.items


def _events(items: list[dict[str, Any]]) -> list[ev.Event]:
    parser = LogParser(source="agent")
    out: list[ev.Event] = []
    for item in items:
        out.extend(item_events(item, "agent", parser))
    out.extend(parser.flush())
    return out


def _live(events: list[ev.Event]) -> list[ev.Event]:
    p = Pipeline(analyzers=default_analyzers())
    seen: list[ev.Event] = []
    p.listeners.append(lambda e, seq: seen.append(e))
    p.feed_all(events)
    return seen


def _findings(seen: list[ev.Event], code: str) -> list[ev.Finding]:
    return [e for e in seen if isinstance(e, ev.Finding) and e.code == code]


@pytest.fixture(scope="module")
def runs() -> dict[str, list[ev.Event]]:
    names = ("healthy", "missing-index", "pool-exhaustion", "config-bug")
    return {name: _events(asyncio.run(_run(name))) for name in names}


def test_healthy(runs: dict[str, list[ev.Event]]) -> None:
    seen = _live(runs["healthy"])
    assert [e for e in seen if isinstance(e, ev.Finding)] == []
    assert any(isinstance(e, ev.GateChecks) for e in seen)
    for gc in (e for e in seen if isinstance(e, ev.GateChecks)):
        assert all(c["ok"] is True for c in gc.checks), gc.checks
        assert gc.compare
    assert analyse(runs["healthy"]).category == "none"


def test_missing_index(runs: dict[str, list[ev.Event]]) -> None:
    events = runs["missing-index"]
    r = analyse(events)
    assert r.category == "missing_index"
    assert r.action_kind == "rollback"
    assert "CREATE INDEX" in r.action_detail
    seen = _live(events)
    agent_warning = min(
        e.ts
        for e in seen
        if isinstance(e, ev.LogLine) and e.level == "WARNING" and "threshold" in e.message.lower()
    )
    first = min(f.ts for f in _findings(seen, "early_warning"))
    assert first <= agent_warning - 60  # at least one monitoring window (a minute) earlier
    rca = _findings(seen, "rca")
    assert rca and rca[-1].data is not None
    assert rca[-1].data["root_cause"]["category"] == "missing_index"


def test_pool_exhaustion(runs: dict[str, list[ev.Event]]) -> None:
    seen = _live(runs["pool-exhaustion"])
    gates = [e for e in seen if isinstance(e, ev.GateChecks)]
    db = {c["name"]: c for c in gates[-1].checks}["DB connections"]
    # the gate before the breaking stage already shows connections climbing, in their check
    assert db["ok"] is False
    assert "DB connection utilisation" in db["reason"]
    r = analyse(runs["pool-exhaustion"])
    assert r.category == "capacity"
    text = "\n".join(e.detail for e in r.evidence)
    assert "capacity arithmetic: (3 blue + 3 green) pods × 20 connections per pod = 120" in text
    assert "> max_connections 100" in text


def test_config_bug(runs: dict[str, list[ev.Event]]) -> None:
    r = analyse(runs["config-bug"])
    assert r.category == "config_change"
    assert r.confidence >= 0.9
    # the sim applies the pool change on its own (a config change, not a release): revert it
    assert r.action_kind == "revert"
    assert "db_pool_size = 10" in r.action_detail
    assert r.deployment is not None and r.onset_at is not None
    assert 13 * 60 <= r.onset_at - r.deployment["at"] <= 17 * 60
    assert {e.source for e in r.evidence} == {"logs", "metrics", "deploy"}
    seen = _live(runs["config-bug"])
    assert _findings(seen, "rca")[-1].data["root_cause"]["category"] == "config_change"
