"""A synthetic flood of agent log entries and metric samples, for load benchmarks.

Produces ``rate`` events per second for ``duration`` seconds, in small batches paced by the
event loop's clock (so a slow consumer makes it lag, never skip: the total is always
``round(rate * duration)``). Most events are agent-format log entries (some with continuation
lines, a few warnings and errors); about one in ten is a metric sample around healthy values.
Every log entry's message ends with ``#<n>``, a counter unique within the run, so a benchmark
can follow one line from the source to the screen and the store.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import AsyncIterator

from console import events as ev

TICK = 0.01  # seconds between batches: 100 events a batch at 10,000/s
MAX_BATCH = 200  # a lagging consumer catches up in slices, so the loop still gets its turns
METRIC_EVERY = 10  # one event in this many is a metric sample

_COUNTER = re.compile(r"#(\d+)$")

# (level, message, continuation lines): shapes of the agent runtime log.
_ENTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("OBSERVATION", "Green pods serving traffic", ("  - Latency: 118ms", "  - Error rate: 0.1%")),
    ("OBSERVATION", "Health check passed for green replica set", ()),
    ("INFO", "Polling rollout status of recommendation-service", ()),
    ("INFO", "Metrics window refreshed (60s)", ()),
    ("THOUGHT", "Latency and errors are within budget; keep watching this stage", ()),
    ("TOOL", 'Executing: get_metrics(service="recommendation-service", window="1m")', ()),
    (
        "OBSERVATION",
        "Database pool status",
        ("  - DB connections: Blue 58, Green 62, Total 120/250 (48%)",),
    ),
    ("ACTION", "Recording stage checkpoint", ()),
    ("WARNING", "Latency threshold exceeded: 162ms (threshold: 150ms)", ()),
    ("ERROR", "Upstream timeout from inventory-service after 2000ms", ()),
)
# Relative frequencies of the entries above: mostly routine, a few warnings and errors.
_WEIGHTS = (20, 20, 15, 10, 8, 8, 8, 6, 3, 2)

# (name, scope, typical value, spread)
_METRICS: tuple[tuple[str, str, float, float], ...] = (
    (ev.LATENCY_AVG, "green", 118.0, 12.0),
    (ev.LATENCY_P99, "green", 310.0, 40.0),
    (ev.ERROR_RATE, "green", 0.15, 0.05),
    (ev.REQUEST_RATE, "green", 750.0, 40.0),
    (ev.DB_CONNECTIONS, "blue", 58.0, 4.0),
    (ev.DB_CONNECTIONS, "green", 62.0, 4.0),
    (ev.CPU, "green", 45.0, 5.0),
    (ev.MEMORY, "green", 58.0, 3.0),
)


def counter_of(event: ev.Event) -> int | None:
    """The unique counter a synthetic log entry carries, or None for anything else."""
    if not isinstance(event, ev.LogLine):
        return None
    match = _COUNTER.search(event.message)
    return int(match.group(1)) if match else None


class SyntheticSource:
    """``rate`` events/s for ``duration`` s; deterministic content for a given ``seed``."""

    def __init__(
        self,
        rate: float = 10_000,
        duration: float = 60.0,
        *,
        seed: int = 0,
        source: str = "synthetic",
    ) -> None:
        if rate <= 0 or duration < 0:
            raise ValueError("rate must be positive and duration not negative")
        self.rate = float(rate)
        self.duration = float(duration)
        self.total = round(self.rate * self.duration)
        self.seed = seed
        self.source = source
        self.produced = 0
        self.logs = 0
        self.metrics = 0

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        rng = random.Random(self.seed)
        loop = asyncio.get_running_loop()
        started = loop.time()
        wall0 = time.time()
        while self.produced < self.total and not stop.is_set():
            elapsed = loop.time() - started
            due = min(self.total, int(self.rate * elapsed) + 1) - self.produced
            for _ in range(min(max(due, 0), MAX_BATCH)):
                # Event time follows the schedule, not the (possibly lagging) wall clock.
                ts = wall0 + self.produced / self.rate
                yield self._next(rng, ts)
            # Wait a tick for the next batch; when far behind, still give the loop (and the
            # screen) a turn before catching up.
            behind = int(self.rate * (loop.time() - started)) - self.produced
            await asyncio.sleep(0 if behind >= MAX_BATCH else TICK)

    def _next(self, rng: random.Random, ts: float) -> ev.Event:
        n = self.produced
        self.produced += 1
        if n % METRIC_EVERY == METRIC_EVERY - 1:
            self.metrics += 1
            name, scope, typical, spread = _METRICS[(n // METRIC_EVERY) % len(_METRICS)]
            value = max(0.0, rng.gauss(typical, spread))
            return ev.MetricSample(
                ts=ts, source=self.source, name=name, value=round(value, 3), scope=scope
            )
        self.logs += 1
        level, message, detail = rng.choices(_ENTRIES, weights=_WEIGHTS)[0]
        return ev.LogLine(
            ts=ts, source=self.source, level=level, message=f"{message} #{n}", detail=detail
        )
