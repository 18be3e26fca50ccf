"""The protocol's item stream: numbered items, kept for resuming, and readers waiting on them.

Item ``seq`` n is ``items[n - 1]``, so ``GET /v1/events?after=N`` is a slice: a client that
reconnects with the last seq it processed gets exactly what it has not seen.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

from console.timefmt import iso_ms


def now_iso(ts: float | None = None) -> str:
    return iso_ms(time.time() if ts is None else ts)


class ItemStream:
    """Append-only; every method runs in the endpoint's event loop."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock  # an agent on a clock of its own (a simulation) stamps by it
        self.encoded: list[bytes] = []
        self._new = asyncio.Event()
        self.ended = False

    @property
    def last_seq(self) -> int:
        return len(self.encoded)

    def append(self, kind: str, ts: float | None = None, **fields: Any) -> dict[str, Any]:
        if self.ended:
            raise RuntimeError("the stream has ended")
        item: dict[str, Any] = {
            "seq": len(self.encoded) + 1,
            "type": kind,
            "at": now_iso(self.clock() if ts is None else ts),
        }
        item.update(fields)
        # ASCII JSON: any text (lone surrogates included) encodes, and one item is one line.
        self.encoded.append(json.dumps(item).encode() + b"\n")
        self._wake()
        return item

    def end(self) -> None:
        """No more items: readers close their response once they have sent the last one."""
        self.ended = True
        self._wake()

    def _wake(self) -> None:
        old, self._new = self._new, asyncio.Event()
        old.set()

    wake_readers = _wake

    async def wait_after(self, count: int, timeout: float) -> bool:
        """Wait up to ``timeout`` s for an item beyond ``count`` (or the end); True if so."""
        if self.last_seq > count or self.ended:
            return True
        waiter = self._new
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter.wait(), timeout)
        return self.last_seq > count
