"""`make sample-sessions`: record every simulator scenario with the project's own recorder.

Each scenario runs through the production path (simulated agent over HTTP on loopback → agent
source → parser → pipeline → recorder), gates approved by the --auto policy, with the gates
frozen so the simulated timeline is the same every time. The files are left in rollback-journal
mode so a replay can open them read-only without leaving -wal/-shm files behind.

    python -m console.sim.samples DIR [SCENARIO ...]
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from console.control.agent import AgentDecider
from console.runner import LiveSession
from console.sim.handle import SimHandle
from console.sim.scenarios import SCENARIOS
from console.sources.agent import AgentSource

START = datetime(2026, 11, 21, 9, 30, tzinfo=UTC).timestamp()  # a fixed, readable morning
SPEED = 3000.0
SEED = 7


def record(scenario: str, db_path: Path) -> str:
    """Record one scenario into ``db_path`` (replacing it); returns the outcome."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["USER"] = "oncall"  # the recorded operator, the same on every machine
    sim = SimHandle.start(scenario, speed=SPEED, seed=SEED, start=START, freeze_at_gates=True)
    try:
        session = LiveSession(
            db_path=db_path,
            name=f"{scenario} (sample)",
            sources=[AgentSource(sim.url, sim.token)],
            decider=AgentDecider(sim.url, sim.token),
            label=f"demo:{scenario}",
        )

        async def main() -> None:
            stop = asyncio.Event()
            operator = asyncio.create_task(_approve_every_gate(session, stop))
            try:
                await session.run(stop)
            finally:
                stop.set()
                await operator

        try:
            asyncio.run(main())
        finally:
            session.close()
    finally:
        sim.stop()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    with sqlite3.connect(db_path) as conn:
        conn.execute("VACUUM")
    outcome = session.pipeline.state.outcome
    return str(outcome["status"]) if outcome else "unknown"


async def _approve_every_gate(session: LiveSession, stop: asyncio.Event) -> None:
    """The sample's on-call engineer: lets every stage go on, so each scenario plays out to
    where its fault shows (a gate whose checks fail is approved too, with the reason said)."""
    decided: set[str] = set()
    while not stop.is_set():
        gate = session.pipeline.state.gate
        if gate is not None and gate["gate_id"] not in decided and gate.get("checks"):
            decided.add(gate["gate_id"])
            failed = [c["reason"] for c in gate["checks"] if c.get("ok") is False]
            reason = "checks green" if not failed else "proceeding despite: " + "; ".join(failed)
            await session.decide("approve", reason)
        await asyncio.sleep(0.01)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m console.sim.samples DIR [SCENARIO ...]", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for scenario in argv[1:] or list(SCENARIOS):
        status = record(scenario, out / f"{scenario}.db")
        size = (out / f"{scenario}.db").stat().st_size / 1024
        print(f"{scenario:<16} {status:<12} {out / f'{scenario}.db'} ({size:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
