"""LiveSession's pump: a source's burst is fed in slices, the event loop taking turns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from console import events as ev
from console.runner import PUMP_SLICE, LiveSession


class _Burst:
    """A source that yields everything at once, never waiting (a flood, a fast file)."""

    def __init__(self, n: int) -> None:
        self.n = n

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        for i in range(self.n):
            yield ev.LogLine(
                ts=1_700_000_000.0 + i, source="burst", level="INFO", message=f"line {i}"
            )


async def test_a_burst_is_fed_in_slices_and_the_loop_serves_between_them(tmp_path: Path) -> None:
    n = 4 * PUMP_SLICE
    session = LiveSession(db_path=tmp_path / "s.db", name="burst", sources=[_Burst(n)])
    served = asyncio.Event()
    seen_when_served: list[int] = []
    fed: list[int] = []

    def count(event: ev.Event, seq: int) -> None:
        if event.source == "burst":
            fed.append(seq)
            if len(fed) == 1:  # the burst has begun: something else asks for the loop
                asyncio.get_running_loop().call_soon(serve)

    def serve() -> None:  # what a key press is to the loop: something else to do meanwhile
        seen_when_served.append(len(fed))
        served.set()

    session.pipeline.listeners.append(count)
    await session.run(asyncio.Event())
    session.close()
    assert not session.errors, session.errors
    assert len(fed) == n
    assert served.is_set() and seen_when_served[0] <= PUMP_SLICE  # not after the whole burst
