"""Exactness per simulator scenario: the simulated agent writes its runtime log (gates approved
over real HTTP on loopback), the log goes through the parser, the default analysers and the
recorder as in a live session, and replay reproduces the live state at many points, in a
shuffled order (forwards and backwards)."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from console import analysis
from console import events as ev
from console.parse import parser
from console.report.postmortem import build_report
from console.sim import handle, scenarios
from console.store.replay import Player, ReplayCursor
from tests.helpers.store import record_session

NAMES = sorted(getattr(scenarios, "SCENARIOS", {}))


def run_scenario(name: str, log: Path) -> str | None:
    """Run a scenario fast, approving every gate as an operator would; its outcome."""
    with handle.SimHandle.start(
        name, speed=5000.0, log_path=log, seed=4, freeze_at_gates=True
    ) as sim:
        headers = {"Authorization": f"Bearer {sim.token}"}
        with httpx.Client(base_url=sim.url, headers=headers, timeout=10) as http:
            deadline = time.monotonic() + 60
            while not sim.done.is_set() and time.monotonic() < deadline:
                gate = http.get("/v1/status").json().get("gate")
                if gate:
                    http.post(
                        f"/v1/gates/{gate['gate_id']}/decision",
                        json={"decision": "approve", "operator": "tester", "reason": "ok"},
                        headers={"Idempotency-Key": str(uuid.uuid4())},
                    )
                sim.done.wait(0.02)
        assert sim.wait(30), f"{name} did not finish"
        return sim.outcome


def parsed(path: Path) -> Iterator[ev.Event]:
    p = parser.LogParser(source="file", now=lambda: 1_700_000_000.0)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield from p.feed(line.rstrip("\n"))
    yield from p.flush()


@pytest.mark.parametrize("name", NAMES)
def test_scenario_replays_exactly(name: str, tmp_path: Path) -> None:
    outcome = run_scenario(name, tmp_path / "agent.log")
    events = list(parsed(tmp_path / "agent.log"))
    n = len(events)
    rnd = random.Random(name)
    points = {0, 1, n // 2, n - 1} | {rnd.randrange(1, n) for _ in range(60)}
    rec = record_session(
        tmp_path / "s.db",
        events,
        capture=points | set(range(n, n + 5000)),  # analysers add events on top
        snapshot_every=25,
        analyzers=analysis.default_analyzers(),
    )
    with ReplayCursor(rec.path, rec.session_id) as cursor:
        final = cursor.total
        assert final in rec.states
        order = sorted(k for k in rec.states if k <= final)
        rnd.shuffle(order)
        player = Player(cursor)
        for k in order:
            assert cursor.state_at(k).to_dict() == rec.states[k], f"{name}: state_at({k})"
            assert player.seek(k).to_dict() == rec.states[k], f"{name}: seek({k})"
        end = cursor.state_at(final)
    assert outcome in ("succeeded", "rolled_back", "failed")
    assert end.outcome is not None and end.outcome["status"] == outcome
    report = build_report(rec.path, rec.session_id)
    assert report["outcome"] == outcome and report["stages"]
    assert [i["kind"] for i in report["timeline"]].count("outcome") == 1
    if outcome == "rolled_back":
        assert report["summary"]["rollback_started_at"] is not None
