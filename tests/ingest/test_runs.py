"""An import hands the pipeline runs of events (Pipeline.feed_batch, DerivedMetrics.feed_lines):
what is stored, folded and derived is what feeding them one at a time gives."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

from console import events as ev
from console.parse import DerivedMetrics, LogParser
from console.parse.measures import HTTP_STATUS
from console.pipeline import Pipeline
from console.store.bulk import BulkRecorder

T0 = 1_732_181_400.0  # 2024-11-21 09:30 UTC

AGENT_LOG = [
    "Agent Runtime Log - runs test",
    "Session ID: s-2",
    "Start Time: 2024-11-21 09:30:00 UTC",
    "",
    "[09:30:00] [INFO] Starting rollout of checkout v2.4.1",
    "[09:30:05] [OBSERVATION] Metrics after 1 minute at 10%:",
    "  - Average latency: 120ms",
    "  - Error rate: 0.2%",
    "",
    "[09:30:06] [WARNING] Pool utilisation at 85% (threshold 80%)",
    "[09:30:07] [INFO] Connecting to postgres://app:hunter2@db:5432/orders",
    "[09:31:00] [TOOL] Executing: traffic_shift(percentage=25)",
    "[09:31:30] [ERROR] checkout returned 502 for 3% of requests",
    "[09:32:00] [SUCCESS] Stage complete",
]


def _events() -> list[ev.Event]:
    parser = LogParser(source="log:t", now=lambda: T0)
    out: list[ev.Event] = []
    for line in AGENT_LOG:
        out += parser.feed(line)
    out += parser.flush()
    # What the pipeline drops or mends (NaN samples), and the sessions row's changes.
    out.insert(3, ev.SessionInfo(ts=T0 + 1, source="log:t", service="checkout", version="2"))
    out.insert(5, ev.MetricBatch(ts=T0 + 2, source="m", samples=(("x", math.nan, ""),)))
    out.insert(6, ev.LogLine(ts=T0 + 3, source="log:t", level="INFO", message="half",
                             samples=(("y", math.inf, ""), ("z", 1.0, ""))))  # fmt: skip
    out.insert(8, ev.MetricSample(ts=T0 + 4, source="m", name="w", value=math.nan))
    out.append(ev.Outcome(ts=T0 + 200, source="log:t", status="success"))
    return out


def _stored(db: Path) -> tuple[list[tuple[object, ...]], ...]:
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("SELECT seq, ts, kind, source, data, text FROM events ORDER BY seq")
            .fetchall(),
            conn.execute("SELECT seq, ts, state FROM snapshots ORDER BY seq").fetchall(),
            conn.execute("SELECT name, service, version, outcome, events FROM sessions")
            .fetchall(),
        )  # fmt: skip
    finally:
        conn.close()


def test_runs_are_stored_and_folded_as_one_event_at_a_time(tmp_path: Path) -> None:
    """Small batches and snapshots every 3 events, so runs cross both: the same rows (seqs,
    redaction), snapshots (each the state before its event), sessions row and state."""
    events = _events()
    one, runs = tmp_path / "one.db", tmp_path / "runs.db"
    a = Pipeline(BulkRecorder(one, name="x", batch=4), snapshot_every=3)
    b = Pipeline(BulkRecorder(runs, name="x", batch=4), snapshot_every=3)
    for e in events:
        a.feed(e)
    for i in range(0, len(events), 5):
        b.feed_batch(events[i : i + 5])
    assert a.state.to_dict() == b.state.to_dict()
    assert b.state.counts["events"] == len(events) - 2  # the all-NaN batch and sample
    a.close()
    b.close()
    stored = _stored(runs)
    assert stored == _stored(one)
    rows, snapshots, sessions = stored
    assert len(rows) == len(events) - 2 and len(snapshots) == len(rows) // 3
    assert "hunter2" not in str(rows)
    assert sessions == [("x", "checkout", "2", "success", len(rows))]


def _service_line(ts: float, status: int, ms: float, source: str = "log:svc") -> ev.LogLine:
    return ev.LogLine(
        ts=ts, source=source, level="ERROR" if status >= 500 else "INFO",
        message="request timeout" if ms > 1000 else "request completed", fmt="json",
        samples=((HTTP_STATUS, status, ""),
                 ("duration_ms", ms, "")),
    )  # fmt: skip


def test_derived_answers_a_run_where_one_event_at_a_time_would() -> None:
    """feed_lines says after which event each minute's samples go; they are feed's answers,
    and a real source of error rate on a log line makes it stand down mid-run."""
    lines: list[ev.Event] = [
        _service_line(T0 + 7 * i, (200, 503, 404, 200)[i % 4], 10.0 + i * 40) for i in range(40)
    ]
    lines.insert(25, ev.MetricSample(ts=T0 + 170, source="other", name="cpu", value=0.5))
    lines.append(
        ev.LogLine(
            ts=T0 + 290,
            source="agent",
            level="INFO",
            message="m",
            fmt="agent",
            samples=((ev.ERROR_RATE, 1.0, ""),),
        )
    )
    lines.append(_service_line(T0 + 400, 200, 5.0))
    one = DerivedMetrics()
    expected = [(i, out) for i, e in enumerate(lines) if (out := one.feed(e))]
    runs = DerivedMetrics()
    got = []
    for start in range(0, len(lines), 6):
        got += [(start + i, out) for i, out in runs.feed_lines(lines[start : start + 6])]
    assert got == expected
    assert [i for i, _ in got] == [9, 18, 27, 36]  # the first line of each later minute
    assert not one.active and not runs.active  # the agent's error rate, in the last run
    minute = {s.name: s.value for s in got[0][1]}  # type: ignore[attr-defined]
    assert minute[ev.ERROR_RATE] == 100.0 * 2 / 9 and minute[ev.REQUEST_RATE] == 9 / 60
    assert minute[ev.LATENCY_P99] == 330.0
