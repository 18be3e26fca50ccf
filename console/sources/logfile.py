"""A log file (followed with tail -F semantics) or a pipe, as a source of events."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

from console import events as ev
from console.parse import DerivedMetrics
from console.sources.tail import log_events


class LogFileSource:
    def __init__(self, path: str, *, derive_metrics: bool = True) -> None:
        self.path = path
        self.derive_metrics = derive_metrics

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        derived = DerivedMetrics() if self.derive_metrics else None
        if self.path != "-" and not Path(self.path).exists():
            # tail -F waits for the file; say so rather than sit silent.
            yield ev.SourceStatus(
                ts=time.time(),
                source="log",
                name="log",
                status="stale",
                message=f"waiting for {self.path} to appear",
            )
        async for event in log_events(self.path, stop=stop):
            yield event
            if derived is not None:
                for extra in derived.feed(event):
                    yield extra
        if derived is not None:
            for extra in derived.flush():
                yield extra
