"""Replay speed on a generated 1,000,000-event session.

Figures printed (targets from issue #5): open to first frame <= 1 s, any seek <= 100 ms,
and whether 100x playback keeps up (session events per wall second at 100x against the rate
the reducer folds them). Run with ``python -m bench.bench_replay`` or via ``make bench``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from console import events as ev
from console.pipeline import Pipeline
from console.report.postmortem import build_report
from console.store.catalog import resolve
from console.store.recorder import Recorder
from console.store.replay import MARKERS, Player, ReplayCursor

EVENTS = 1_000_000
START = 1_732_181_400.0  # 2024-11-21 09:30:00 UTC
SERVICE = "catalog-api"


def realistic_events(
    n: int, *, seed: int = 7, start: float = START, rate: float = 100.0
) -> Iterator[ev.Event]:
    """About ``n`` events of a blue-green rollout that goes bad at 75 % and is rolled back.

    ``rate`` is events per second of session time: mostly service and agent log lines, a
    metric burst every 10 s, stages, gates with checks and decisions, findings, an SLO
    breach, a rollback and the outcome. A few service-log lines carry timestamps slightly in
    the past, as real collectors deliver them.
    """
    rnd = random.Random(seed)
    plan = (10.0, 25.0, 50.0, 75.0, 100.0)
    dt = 1.0 / rate
    ts = start
    yield ev.SessionInfo(
        ts=ts,
        source="agent",
        name="synthetic rollout",
        service=SERVICE,
        version="v3.1.0",
        agent="DeploymentAgent v3.2",
        task="Roll out catalog-api v3.1.0",
        attempt="1/3",
    )
    yield ev.StagePlan(ts=ts, source="agent", steps=plan)
    yield ev.Threshold(ts=ts, source="agent", metric=ev.LATENCY_AVG, value=150.0)
    yield ev.Threshold(ts=ts, source="agent", metric=ev.LATENCY_P99, value=500.0, slo=True)
    yield ev.Deployment(
        ts=ts, source="agent", service=SERVICE, version="v3.1.0", environment="green"
    )
    yield ev.ConfigChange(
        ts=ts,
        source="agent",
        service=SERVICE,
        changes={"db_pool_size": {"before": 20, "after": 12}},
    )
    produced = 6
    # Stage boundaries as fractions of the session; the rollout fails in the 75 % stage.
    stage_at = [0.02, 0.18, 0.36, 0.55]
    stage_idx = -1
    next_metrics = ts
    gate_no = 0
    bad = False
    rolled_back = False
    while produced < n - 1:
        frac = produced / n
        ts += dt * rnd.uniform(0.5, 1.5)
        if stage_idx + 1 < len(stage_at) and frac >= stage_at[stage_idx + 1]:
            if stage_idx >= 0:  # a gate closes the previous stage
                gate_no += 1
                gid = f"g{gate_no}"
                pct = plan[stage_idx]
                yield ev.GateOpened(
                    ts=ts,
                    source="agent",
                    gate_id=gid,
                    stage_pct=pct,
                    next_pct=plan[stage_idx + 1],
                    window_start=ts - 300,
                )
                yield ev.GateChecks(
                    ts=ts,
                    source="console",
                    gate_id=gid,
                    checks=({"name": "p99 under SLO", "ok": True, "reason": "412 < 500 ms"},),
                    compare=({"metric": ev.LATENCY_P99, "blue": 180.0, "green": 190.0},),
                )
                ts += 20
                yield ev.DecisionRequested(
                    ts=ts,
                    source="console",
                    decision_id=f"d{gate_no}",
                    gate_id=gid,
                    decision="approve",
                    operator="oncall",
                    origin="console",
                    reason="metrics healthy",
                )
                yield ev.DecisionResult(
                    ts=ts + 0.2, source="agent", decision_id=f"d{gate_no}", result="accepted"
                )
                yield ev.GateClosed(
                    ts=ts + 0.3,
                    source="agent",
                    gate_id=gid,
                    decision="approve",
                    operator="oncall",
                    reason="metrics healthy",
                )
                produced += 5
            stage_idx += 1
            pct = plan[stage_idx]
            yield ev.ToolCall(
                ts=ts, source="agent", tool="traffic_shift", args=f"percentage={pct:g}"
            )
            yield ev.StageStarted(ts=ts, source="agent", traffic_pct=pct)
            yield ev.TrafficSplit(ts=ts, source="agent", green_pct=pct)
            produced += 3
            continue
        if not bad and stage_idx == 3 and frac >= 0.8:
            bad = True
            yield ev.LogLine(
                ts=ts,
                source="agent",
                level="WARNING",
                message="Latency threshold exceeded: 182ms (threshold: 150ms)",
            )
            yield ev.Finding(
                ts=ts,
                source="console",
                code="early_warning",
                severity="warning",
                message="p99 latency rising 4 %/min on green",
                metric=ev.LATENCY_P99,
            )
            produced += 2
            continue
        if bad and not rolled_back and frac >= 0.9:
            rolled_back = True
            yield ev.SloViolation(
                ts=ts,
                source="agent",
                metric=ev.LATENCY_P99,
                value=790.0,
                threshold=500.0,
                message="P99 latency exceeds 500ms",
            )
            yield ev.DecisionRequested(
                ts=ts,
                source="console",
                decision_id="d-abort",
                gate_id=None,
                decision="rollback",
                operator="oncall",
                origin="console",
                reason="p99 over SLO",
            )
            yield ev.DecisionResult(
                ts=ts + 0.1, source="agent", decision_id="d-abort", result="accepted"
            )
            yield ev.RollbackStarted(ts=ts + 0.2, source="agent", reason="p99 over SLO")
            yield ev.TrafficSplit(ts=ts + 5, source="agent", green_pct=0.0)
            produced += 5
            continue
        if ts >= next_metrics:
            next_metrics = ts + 10.0
            green = plan[stage_idx] if stage_idx >= 0 and not rolled_back else 0.0
            load = 1.0 + (frac - 0.8) * 12 if bad and not rolled_back else 1.0
            lat = 110 + green * 0.3 * load + rnd.uniform(-5, 5)
            samples = [
                (ev.LATENCY_AVG, lat, ""),
                (ev.LATENCY_P95, lat * 2.1, ""),
                (ev.LATENCY_P99, lat * 3.6, ""),
                (ev.ERROR_RATE, 0.1 * load, ""),
                (ev.REQUEST_RATE, 1500 + rnd.uniform(-50, 50), ""),
                (ev.REQUEST_RATE, 15 * green, "green"),
                (ev.DB_CONNECTIONS, 40 + green * 0.3, "blue"),
                (ev.DB_CONNECTIONS, green * 0.9 * load, "green"),
                (ev.DB_CONNECTIONS, 40 + green * 1.2 * load, ""),
                (ev.DB_CONNECTIONS_MAX, 250.0, ""),
                (ev.DB_QUERY_MS, 40 * load, ""),
                (ev.DB_CPU, 30 + 20 * load, ""),
                (ev.CPU, 45.0, ""),
                (ev.MEMORY, 58.0, ""),
            ]
            for name, value, scope in samples:
                yield ev.MetricSample(
                    ts=ts, source="prometheus", name=name, value=round(value, 3), scope=scope
                )
            produced += len(samples)
            continue
        r = rnd.random()
        if r < 0.7:
            yield ev.LogLine(
                ts=ts - (0.4 if r < 0.01 else 0.0),
                source="service",
                fmt="json",
                level="INFO" if r > 0.02 else "WARN",
                message=f"GET /catalog/{rnd.randrange(9999)}",
                fields={"status": 200, "duration_ms": rnd.randrange(20, 300)},
            )
        elif r < 0.97:
            yield ev.LogLine(
                ts=ts,
                source="agent",
                level="OBSERVATION",
                message="Metrics after monitoring window",
                detail=(
                    f"  - Average latency: {rnd.randrange(100, 140)}ms",
                    "  - Error rate: 0.1%",
                ),
            )
        elif r < 0.99:
            yield ev.Pods(ts=ts, source="kubernetes", colour="green", ready=3, total=3)
        else:
            yield ev.LogLine(
                ts=ts,
                source="service",
                fmt="json",
                level="ERROR",
                message="upstream timeout",
                fields={"upstream": "inventory"},
            )
        produced += 1
    yield ev.Outcome(
        ts=ts + 30,
        source="agent",
        status="rolled_back" if rolled_back else "succeeded",
        time_to_detect="4 minutes at 75% traffic",
        time_to_rollback="1 minute",
    )


def record(path: Path, n: int, *, snapshot_every: int = 2000, seed: int = 7) -> str:
    """Record a generated session through the real Recorder and Pipeline; its id."""
    rec = Recorder(path, name="synthetic rollout", source="bench")
    pipe = Pipeline(rec, snapshot_every=snapshot_every)
    for event in realistic_events(n, seed=seed):
        pipe.feed(event)
    # Recorder.close() gives up after 30 s; on a busy machine a million events need longer.
    rec.wait_committed(rec.seq, timeout=900)
    pipe.close()
    return rec.session_id


def run(events: int = EVENTS, seeks: int = 20, workdir: Path | None = None) -> dict[str, Any]:
    """Generate, record and replay a session; return the figures."""
    out: dict[str, Any] = {"events": events}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        path = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        sid = record(path, events)
        out["record_s"] = round(time.perf_counter() - t0, 2)

        t0 = time.perf_counter()
        target = resolve(str(path))  # what `opsconsole replay FILE.db` does first
        cursor = ReplayCursor(target.db_path, target.session_id)
        player = Player(cursor)
        player.seek(1)
        cursor.log_window(player.position + 1, 200)  # the log panel's first screen
        out["open_first_frame_s"] = round(time.perf_counter() - t0, 4)
        cursor.close()

        t0 = time.perf_counter()  # opening straight at the end (e.g. `replay --at end`)
        cursor = ReplayCursor(path, sid)
        cursor.state_at(cursor.total)
        last = cursor.log_window(cursor.total + 1, 200)
        out["open_at_end_s"] = round(time.perf_counter() - t0, 4)
        out["end_frame_log_lines"] = len(last)
        out["total_events"] = cursor.total
        out["session_seconds"] = round(cursor.duration, 1)

        rnd = random.Random(1)
        times = []
        for _ in range(seeks):
            seq = rnd.randint(1, cursor.total)
            t0 = time.perf_counter()
            cursor.state_at(seq)
            times.append(time.perf_counter() - t0)
        out["seek_max_ms"] = round(max(times) * 1000, 1)
        out["seek_p50_ms"] = round(statistics.median(times) * 1000, 1)

        t0 = time.perf_counter()
        cursor.state_at(cursor.total)
        out["seek_end_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        t0 = time.perf_counter()
        cursor.seq_at_time((cursor.start_ts or 0) + cursor.duration * 0.73)
        out["seq_at_time_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        jumps = []
        for marker in MARKERS:
            t0 = time.perf_counter()
            cursor.next_marker(cursor.total // 2, (marker,))
            cursor.prev_marker(cursor.total // 2, (marker,))
            jumps.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        cursor.next_marker(cursor.total // 2)  # ] with every marker kind
        jumps.append(time.perf_counter() - t0)
        out["marker_jump_max_ms"] = round(max(jumps) * 1000, 1)
        t0 = time.perf_counter()
        marks = cursor.markers(("stage", "gate", "decision", "rollback", "outcome"))
        out["seekbar_markers_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out["seekbar_markers"] = len(marks)
        t0 = time.perf_counter()
        gaps = cursor.idle_gaps(5.0)
        out["idle_gaps_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out["idle_gaps_over_5s"] = len(gaps)
        t0 = time.perf_counter()
        hits = cursor.search("upstream timeout")
        out["search_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        out["search_hits"] = len(hits)

        # 100x: play 60 wall-seconds' worth of session (6000 s at 100x) as fast as possible.
        player = Player(cursor, speed=100.0)
        player.seek(cursor.total // 3)
        t0 = time.perf_counter()
        folded = 0
        ticks = 0
        while ticks < 600 and not player.at_end:  # 600 ticks of 0.1 s = 60 s of wall time
            folded += player.tick(0.1)
            ticks += 1
        spent = time.perf_counter() - t0
        wall = ticks * 0.1
        out["rate_needed_100x_eps"] = round(folded / wall)  # events per wall second at 100x
        out["fold_rate_eps"] = round(folded / spent) if spent else None
        out["keeps_up_100x"] = bool(spent < wall)
        out["headroom_100x"] = round(wall / spent, 1) if spent else None
        t0 = time.perf_counter()
        report = build_report(path, sid)
        out["export_build_report_s"] = round(time.perf_counter() - t0, 2)
        out["export_outcome"] = report["outcome"]
        cursor.close()
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else EVENTS
    figures = run(n)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
