"""SyntheticSource: exact counts, unique counters, a mix of logs and metrics, paced by the clock."""

from __future__ import annotations

import asyncio

import pytest

from console import events as ev
from console.sources.synthetic import SyntheticSource, counter_of


async def _collect(source: SyntheticSource, stop: asyncio.Event) -> list[ev.Event]:
    return [e async for e in source.events(stop)]


async def test_counts_are_exact_and_counters_unique() -> None:
    source = SyntheticSource(rate=2000, duration=0.5, seed=1)
    events = await _collect(source, asyncio.Event())
    assert len(events) == 1000 == source.produced
    logs = [e for e in events if isinstance(e, ev.LogLine)]
    metrics = [e for e in events if isinstance(e, ev.MetricSample)]
    assert len(logs) == 900 == source.logs
    assert len(metrics) == 100 == source.metrics
    counters = [counter_of(e) for e in logs]
    assert len(set(counters)) == len(logs)
    assert all(c is not None for c in counters)
    assert counter_of(metrics[0]) is None
    assert {e.level for e in logs} >= {"OBSERVATION", "INFO", "WARNING", "ERROR"}
    assert any(e.detail for e in logs)
    assert all(m.value >= 0 for m in metrics)
    # Event times follow the schedule: the run spans about `duration` seconds of event time.
    assert events[-1].ts - events[0].ts == pytest.approx(0.5, abs=0.01)


async def test_paced_by_the_clock_not_all_at_once() -> None:
    loop = asyncio.get_running_loop()
    source = SyntheticSource(rate=1000, duration=0.3)
    started = loop.time()
    events = await _collect(source, asyncio.Event())
    assert len(events) == 300
    # Loose bound (never a tight timing assertion): it waited for its schedule.
    assert loop.time() - started >= 0.2


async def test_stop_ends_the_stream_early() -> None:
    stop = asyncio.Event()
    source = SyntheticSource(rate=1000, duration=60.0)
    seen = 0
    async for _ in source.events(stop):
        seen += 1
        if seen == 50:
            stop.set()
    assert seen < 1000
    assert source.produced == seen


async def test_same_seed_same_content() -> None:
    a = await _collect(SyntheticSource(rate=5000, duration=0.05, seed=7), asyncio.Event())
    b = await _collect(SyntheticSource(rate=5000, duration=0.05, seed=7), asyncio.Event())
    assert [(type(e), getattr(e, "message", None), getattr(e, "value", None)) for e in a] == [
        (type(e), getattr(e, "message", None), getattr(e, "value", None)) for e in b
    ]


def test_bad_rate_is_refused() -> None:
    with pytest.raises(ValueError):
        SyntheticSource(rate=0)
