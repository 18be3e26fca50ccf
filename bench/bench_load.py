"""Issue #9 (load): the real console under 10,000 synthetic events/s for 60 s.

Runs OpsConsoleApp + LiveFeed + LiveSession (default analysers, recording to a temporary
database) headless at 120x40 with ``App.run_test`` and measures:

- the store: rows in ``events`` after close == events the source produced + events the
  analysers derived (counted separately, from a pipeline listener);
- key press → repaint: every ~0.5 s an ``l`` (cycle the log level filter) is sent the way
  Pilot sends keys; latency is from sending it to the end of the first compositor refresh
  after the filter changed;
- event → screen: every 100th log entry is stamped when the source yields it; latency is to
  the LogView receiving it (``extend``) and to the end of the first compositor refresh after
  that;
- peak RSS, and that the buffers stay bounded (LogView window, LiveSession._log drained);
  the incident analyser's second process (console/analysis/worker.py) is counted apart:
  its CPU seconds and peak RSS.

Headless Textual skips turning the compositor's update into terminal bytes; the bench does
that work anyway (without writing it) so a repaint costs what it costs on a real terminal.
All instrumentation lives here: the console's own files are not touched.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import sqlite3
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from console import events as ev
from console.config import UiConfig
from console.runner import LiveSession
from console.sources.synthetic import SyntheticSource, counter_of
from console.store.schema import session_key

RATE = 10_000
DURATION = 60.0
SIZE = (120, 40)
PRESS_EVERY = 0.5
SAMPLE_EVERY = 100  # every 100th log entry is followed to the screen
HARD_LIMIT = 80.0  # seconds of feeding before the bench gives up on a lagging source

TARGET_KEY_P99_MS = 100.0
TARGET_EVENT_P99_MS = 250.0
TARGET_RSS_MB = 200.0


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class _Stamped:
    """Wraps the synthetic source: notes when every SAMPLE_EVERY-th log entry is yielded."""

    def __init__(self, inner: SyntheticSource, stamps: dict[int, float]) -> None:
        self.inner = inner
        self.stamps = stamps
        self.first_at: float | None = None
        self.last_at: float | None = None

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        self.first_at = time.monotonic()
        inner = self.inner
        async for event in inner.events(stop):
            # The event just made is the source's ``produced - 1``th (its log entries carry
            # that counter): known without reading the message, as the bench runs on the
            # console's own thread and a search per event was 5% of that thread's time.
            n = inner.produced - 1
            if n % SAMPLE_EVERY == 0 and type(event) is ev.LogLine:
                self.stamps[n] = time.monotonic()
            yield event
        self.last_at = time.monotonic()


class _Probe:
    """Timestamps of repaints, log-view arrivals and filter changes, gathered by wrappers."""

    def __init__(self) -> None:
        self.paints: list[float] = []
        self.paint_ms: list[float] = []
        self.waiting_events: list[tuple[float, float]] = []  # (yielded, reached LogView)
        self.event_to_view: list[float] = []
        self.event_to_paint: list[float] = []
        self.filter_changed_at: float | None = None
        self.key_sent_at: float | None = None
        self.key_latency: list[float] = []
        self.max_log_backlog = 0
        self.max_view_entries = 0
        self.extend_ms: list[float] = []
        self.gc_pauses: list[float] = []
        self.gc_cpu: list[float] = []
        self._gc_started = self._gc_cpu_started = 0.0

    def gc_callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
            self._gc_cpu_started = time.thread_time()
        elif info.get("generation") == 2:
            self.gc_pauses.append(time.perf_counter() - self._gc_started)
            self.gc_cpu.append(time.thread_time() - self._gc_cpu_started)

    def painted(self, started: float) -> None:
        now = time.monotonic()
        self.paints.append(now)
        self.paint_ms.append((now - started) * 1000)
        for yielded, _ in self.waiting_events:
            self.event_to_paint.append(now - yielded)
        self.waiting_events.clear()
        if self.key_sent_at is not None and self.filter_changed_at is not None:
            self.key_latency.append(now - self.key_sent_at)
            self.key_sent_at = self.filter_changed_at = None


def _instrument(probe: _Probe, stamps: dict[int, float]) -> Callable[[], None]:
    """Wrap LogView.extend / watch_level_filter and Screen._compositor_refresh; returns undo."""
    from textual.screen import Screen

    from console.ui.widgets.log_view import LogView

    orig_extend = LogView.extend
    orig_watch = LogView.watch_level_filter
    orig_refresh = Screen._compositor_refresh

    def extend(self: LogView, items: list[tuple[int, ev.LogLine]]) -> None:
        t0 = time.monotonic()
        orig_extend(self, items)
        now = time.monotonic()
        probe.extend_ms.append((now - t0) * 1000)
        probe.max_view_entries = max(probe.max_view_entries, len(self._entries))
        for _, line in items:
            # Only a message ending in "00" (or "#0") can carry a followed counter: the
            # search runs on those alone, not on each of the ~2,000 lines of a tick.
            end = line.message[-2:]
            if end != "00" and end != "#0":
                continue
            n = counter_of(line)
            if n is not None and n in stamps:
                yielded = stamps.pop(n)
                probe.event_to_view.append(t0 - yielded)
                probe.waiting_events.append((yielded, t0))

    def watch_level_filter(self: LogView) -> None:
        orig_watch(self)
        if probe.key_sent_at is not None:
            probe.filter_changed_at = time.monotonic()

    def compositor_refresh(self: Screen[Any]) -> None:
        t0 = time.monotonic()
        app = self.app
        if app.is_headless and self is app.screen and not app._batch_count:
            # What _display does on a real terminal: encode the update as escape sequences.
            update: Any = self._compositor.render_update(screen_stack=app._background_screens)
            if update is not None:
                update.render_segments(app.console)
            self._dirty_widgets.clear()
            app._update_mouse_over(self)
        else:
            orig_refresh(self)
        probe.painted(t0)

    LogView.extend = extend  # type: ignore[method-assign]
    LogView.watch_level_filter = watch_level_filter  # type: ignore[method-assign]
    Screen._compositor_refresh = compositor_refresh  # type: ignore[method-assign]

    def undo() -> None:
        LogView.extend = orig_extend  # type: ignore[method-assign]
        LogView.watch_level_filter = orig_watch  # type: ignore[method-assign]
        Screen._compositor_refresh = orig_refresh  # type: ignore[method-assign]

    return undo


async def _loop_lag(stop: asyncio.Event, out: list[float]) -> None:
    """How late a 10 ms sleep wakes up: the event loop's responsiveness."""
    while not stop.is_set():
        t0 = time.monotonic()
        await asyncio.sleep(0.01)
        out.append(time.monotonic() - t0 - 0.01)


async def _drive(
    db: Path,
    rate: float,
    duration: float,
    probe: _Probe,
    stamps: dict[int, float],
    refresh_interval: float,
) -> dict[str, Any]:
    from textual import events as tev

    from console.ui.app import OpsConsoleApp
    from console.ui.live_feed import LiveFeed
    from console.ui.widgets.log_view import LogView

    synthetic = SyntheticSource(rate=rate, duration=duration, seed=0)
    stamped = _Stamped(synthetic, stamps)
    session = LiveSession(db_path=db, name="bench-load", sources=[stamped], label="synthetic")
    derived = [0]

    def count(event: ev.Event, seq: int) -> None:
        if event.source != synthetic.source:  # an analyser's answer (finding, gate check)
            derived[0] += 1

    session.pipeline.listeners.append(count)

    async def runner(stop: asyncio.Event) -> None:
        await session.run(stop)

    app = OpsConsoleApp(
        LiveFeed(session), runner=runner, persist_theme=False, refresh_interval=refresh_interval
    )
    lag: list[float] = []
    lag_stop = asyncio.Event()
    presses = 0
    gave_up = False
    try:
        async with app.run_test(size=SIZE) as pilot:
            lag_task = asyncio.create_task(_loop_lag(lag_stop, lag))
            started = time.monotonic()
            cpu0 = time.process_time()
            main0 = time.thread_time()
            next_press = started + 1.0
            while not session.finished.is_set():
                await asyncio.sleep(0.05)
                now = time.monotonic()
                probe.max_log_backlog = max(probe.max_log_backlog, len(session._log))
                if now - started > HARD_LIMIT:
                    gave_up = True
                    app._stop.set()
                    break
                if now >= next_press and probe.key_sent_at is None:
                    # Exactly what Pilot.press does, without waiting for the app to go idle.
                    key = tev.Key("l", "l")
                    key.set_sender(app)
                    probe.key_sent_at = time.monotonic()
                    assert app._driver is not None
                    app._driver.send_message(key)
                    presses += 1
                    next_press = now + PRESS_EVERY
            feeding_s = time.monotonic() - started
            cpu_s = time.process_time() - cpu0
            main_cpu_s = time.thread_time() - main0
            # Let the screen drain what is left: two ticks and a repaint.
            await asyncio.sleep(max(0.6, 2.5 * refresh_interval))
            await pilot.pause()
            log = app.screen.query_one(LogView)
            view_entries, view_max = len(log._entries), log._entries.maxlen
            backlog_after = len(session._log)
            lag_stop.set()
            await lag_task
    finally:
        session.close()
    # The incident analyser's second process (console/analysis/worker.py): ended here, so
    # its CPU time and peak RSS are counted among this process's children.
    from console.analysis.worker import stop_worker

    stop_worker()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)

    with sqlite3.connect(db) as conn:
        by, key = session_key(conn, session.session_id)
        rows = conn.execute(f"SELECT count(*) FROM events WHERE {by} = ?", (key,)).fetchone()[0]
        from_source = conn.execute(
            f"SELECT count(*) FROM events WHERE {by} = ? AND source = ?", (key, synthetic.source)
        ).fetchone()[0]
        kinds = dict(
            conn.execute(
                f"SELECT kind, count(*) FROM events WHERE {by} = ? GROUP BY kind", (key,)
            ).fetchall()
        )
    produced = synthetic.produced
    src_s = (stamped.last_at or time.monotonic()) - (stamped.first_at or 0.0)
    return {
        "produced": produced,
        "logs": synthetic.logs,
        "metrics": synthetic.metrics,
        "derived": derived[0],
        "rows_from_source": from_source,
        "rows": rows,
        "kinds": kinds,
        "source_s": src_s,
        "feeding_s": feeding_s,
        "cpu_s": cpu_s,
        "main_cpu_s": main_cpu_s,
        "gave_up": gave_up,
        "presses": presses,
        "lag": lag,
        "view_entries": view_entries,
        "view_max": view_max,
        "backlog_after": backlog_after,
        "errors": list(session.errors),
        "worker_cpu_s": children.ru_utime + children.ru_stime,
        "worker_rss_mb": children.ru_maxrss / 1024.0,
    }


def measure(
    rate: float = RATE,
    duration: float = DURATION,
    *,
    refresh_interval: float = UiConfig().refresh,
) -> dict[str, Any]:
    from bench.rss import peak_rss_mb

    probe = _Probe()
    stamps: dict[int, float] = {}
    undo = _instrument(probe, stamps)
    gc.collect()
    gc.callbacks.append(probe.gc_callback)
    load_before = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            raw = asyncio.run(
                _drive(Path(tmp) / "load.db", rate, duration, probe, stamps, refresh_interval)
            )
    finally:
        gc.callbacks.remove(probe.gc_callback)
        undo()
    raw["loadavg"] = (load_before, os.getloadavg()[0])
    raw["refresh_interval"] = refresh_interval
    raw["probe"] = probe
    raw["peak_rss_mb"] = peak_rss_mb()
    return raw


def summarise(raw: dict[str, Any]) -> dict[str, object]:
    probe: _Probe = raw["probe"]
    derived = raw["derived"]
    key_p50 = _pct(probe.key_latency, 50) * 1000
    key_p99 = _pct(probe.key_latency, 99) * 1000
    ev_p50 = _pct(probe.event_to_paint, 50) * 1000
    ev_p99 = _pct(probe.event_to_paint, 99) * 1000
    rss = raw["peak_rss_mb"]
    store_ok = (
        raw["rows_from_source"] == raw["produced"] and raw["rows"] == raw["produced"] + derived
    )
    bounded = (
        probe.max_view_entries <= (raw["view_max"] or 0)
        and raw["backlog_after"] == 0
        and probe.max_log_backlog <= 20_000
    )

    def verdict(ok: bool) -> str:
        return "OK" if ok else "MISSED"

    out: dict[str, object] = {
        "source: events produced": raw["produced"],
        "source: log entries / metric samples": f"{raw['logs']} / {raw['metrics']}",
        "source: achieved events/s": round(raw["produced"] / max(raw["source_s"], 1e-9)),
        "source: seconds to produce all": round(raw["source_s"], 1),
        "analysers: derived events": derived,
        "store: rows in events (from the source)": f"{raw['rows']} ({raw['rows_from_source']})",
        "store: rows == produced + derived": verdict(store_ok),
        "store: rows by kind": raw["kinds"],
        "key→repaint p50 ms": round(key_p50, 1),
        f"key→repaint p99 ms (target ≤ {TARGET_KEY_P99_MS:g})": (
            f"{key_p99:.1f} {verdict(key_p99 <= TARGET_KEY_P99_MS)}"
        ),
        "key presses measured / sent": f"{len(probe.key_latency)} / {raw['presses']}",
        "event→LogView p50 / p99 ms": (
            f"{_pct(probe.event_to_view, 50) * 1000:.1f} / "
            f"{_pct(probe.event_to_view, 99) * 1000:.1f}"
        ),
        "event→screen p50 ms": round(ev_p50, 1),
        f"event→screen p99 ms (target ≤ {TARGET_EVENT_P99_MS:g})": (
            f"{ev_p99:.1f} {verdict(ev_p99 <= TARGET_EVENT_P99_MS)}"
        ),
        "events followed to the screen": len(probe.event_to_paint),
        "repaints / repaint p99 ms": (f"{len(probe.paints)} / {_pct(probe.paint_ms, 99):.1f}"),
        "LogView.extend p99 ms": round(_pct(probe.extend_ms, 99), 1),
        "event loop lag p50 / p99 / max ms": (
            f"{_pct(raw['lag'], 50) * 1000:.1f} / {_pct(raw['lag'], 99) * 1000:.1f} / "
            f"{max(raw['lag'] or [0]) * 1000:.1f}"
        ),
        "gen-2 GC pauses: count / max ms (max CPU ms)": (
            f"{len(probe.gc_pauses)} / {max(probe.gc_pauses or [0]) * 1000:.1f}"
            f" ({max(probe.gc_cpu or [0]) * 1000:.1f})"
        ),
        "CPU s per wall s: process / main thread": (
            f"{raw['cpu_s'] / raw['feeding_s']:.2f} / {raw['main_cpu_s'] / raw['feeding_s']:.2f}"
        ),
        # Comparable across a shared machine's load: CPU time, not wall time.
        "main-thread CPU s per 10,000 events": (
            f"{raw['main_cpu_s'] / max(raw['produced'], 1) * 10_000:.3f}"
        ),
        "refresh interval s": raw["refresh_interval"],
        "load average 1 min before / after (2 cores, shared)": (
            f"{raw['loadavg'][0]:.2f} / {raw['loadavg'][1]:.2f}"
        ),
        f"peak RSS MB (target < {TARGET_RSS_MB:g})": f"{rss:.1f} {verdict(rss < TARGET_RSS_MB)}",
        "analysis worker process: CPU s / peak RSS MB": (
            f"{raw['worker_cpu_s']:.1f} / {raw['worker_rss_mb']:.1f}"
        ),
        "LogView entries max / window": f"{probe.max_view_entries} / {raw['view_max']}",
        "LiveSession._log max backlog / after": (
            f"{probe.max_log_backlog} / {raw['backlog_after']}"
        ),
        "buffers bounded": verdict(bounded),
    }
    if raw["gave_up"]:
        out["WARNING"] = f"source still lagging after {HARD_LIMIT:g} s; stopped early"
    if raw["errors"]:
        out["source errors"] = "; ".join(raw["errors"])
    return out


def run() -> dict[str, object]:
    return summarise(measure())


def _main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_load")
    parser.add_argument("rate", type=float, nargs="?", default=RATE)
    parser.add_argument("duration", type=float, nargs="?", default=DURATION)
    parser.add_argument(
        "--refresh", type=float, default=UiConfig().refresh, help="ConsoleScreen tick (s)"
    )
    args = parser.parse_args(argv)
    result = summarise(measure(args.rate, args.duration, refresh_interval=args.refresh))
    for k, v in result.items():
        print(f"{k:<52} {v}", flush=True)


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
