"""Hand-built event streams for the four scenarios the analysis must get right.

Figures follow the seeds (the failed rollout's log and the config-bug correlation scenario);
the streams themselves are written for these tests. Noise is seeded, so every run is the same.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

from console import events as ev


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


class Stream:
    def __init__(self, seed: int) -> None:
        self.events: list[ev.Event] = []
        self.rng = random.Random(seed)

    def add(self, e: ev.Event) -> None:
        self.events.append(e)

    def metric(self, ts: float, name: str, value: float, scope: str = "") -> None:
        self.add(ev.MetricSample(ts=ts, source="test", name=name, value=value, scope=scope))

    def noisy(self, base: float, rel: float = 0.03) -> float:
        return base * (1 + self.rng.uniform(-rel, rel))

    def sorted(self) -> list[ev.Event]:
        return sorted(self.events, key=lambda e: e.ts)


def _ramp(t: float, start: float, end: float, a: float, b: float) -> float:
    """a before start, b after end, linear in between."""
    if t <= start:
        return a
    if t >= end:
        return b
    return a + (b - a) * (t - start) / (end - start)


# --- a blue-green rollout in stages, as the agent of the seed ran it -----------------------

ROLLOUT_START = at("2024-11-21T09:30:00")
STAGES = [  # (start, green %)
    (at("2024-11-21T09:31:15"), 10.0),
    (at("2024-11-21T09:36:21"), 25.0),
    (at("2024-11-21T09:41:26"), 50.0),
    (at("2024-11-21T09:46:31"), 75.0),
]


def _rollout_frame(s: Stream, *, max_connections: float, pool: float) -> None:
    s.add(ev.SessionInfo(ts=ROLLOUT_START, service="recommendation-service", version="v2.5.0"))
    s.add(ev.StagePlan(ts=ROLLOUT_START + 1, steps=(10.0, 25.0, 50.0, 75.0, 100.0)))
    dep = at("2024-11-21T09:30:55")
    s.add(ev.ToolCall(ts=dep, tool="deploy_kubernetes", args='environment="green", replicas=3'))
    s.add(
        ev.Deployment(
            ts=dep, service="recommendation-service", version="v2.5.0", environment="green"
        )
    )
    s.add(ev.Pods(ts=dep + 20, colour="blue", ready=3, total=3))
    s.add(ev.Pods(ts=dep + 20, colour="green", ready=3, total=3))
    s.metric(dep + 20, ev.DB_CONNECTIONS_MAX, max_connections)
    s.metric(dep + 20, ev.POOL_SIZE, pool)
    for i, (t, pct) in enumerate(STAGES):
        s.add(ev.StageStarted(ts=t, traffic_pct=pct))
        s.add(ev.TrafficSplit(ts=t, green_pct=pct))
        if i:
            s.add(
                ev.GateOpened(
                    ts=t - 2,
                    gate_id=f"g{i}",
                    stage_pct=STAGES[i - 1][1],
                    next_pct=pct,
                    window_start=STAGES[i - 1][0],
                )
            )
            s.add(ev.GateClosed(ts=t - 1, gate_id=f"g{i}", decision="approve", operator="ops"))


def _green_pct(t: float) -> float:
    pct = 0.0
    for start, p in STAGES:
        if t >= start:
            pct = p
    return pct


def _samples(
    s: Stream,
    start: float,
    end: float,
    shape: Callable[[float], dict[str, float]],
    step: float = 10.0,
) -> None:
    t = start
    while t <= end:
        for name, value in shape(t).items():
            scope = ""
            if "@" in name:
                name, scope = name.split("@")
            s.metric(t, name, value, scope)
        t += step


def missing_index() -> list[ev.Event]:
    """Seed 000: latency creeps up at 75 % green; DB query time and DB CPU rise."""
    s = Stream(7)
    _rollout_frame(s, max_connections=250, pool=30)
    degrade = at("2024-11-21T09:46:40")
    worst = at("2024-11-21T09:51:00")

    def shape(t: float) -> dict[str, float]:
        g = _green_pct(t)
        avg = _ramp(t, degrade, worst, 120, 215)
        return {
            ev.LATENCY_AVG: s.noisy(avg),
            ev.LATENCY_AVG + "@blue": s.noisy(118),
            ev.LATENCY_AVG + "@green": s.noisy(_ramp(t, degrade, worst, 121, 240)),
            ev.LATENCY_P95: s.noisy(_ramp(t, degrade, worst, 210, 450)),
            ev.LATENCY_P99: s.noisy(_ramp(t, degrade, worst, 300, 780)),
            ev.ERROR_RATE: s.noisy(_ramp(t, degrade, worst, 0.15, 1.2), 0.2),
            ev.DB_QUERY_MS: s.noisy(_ramp(t, degrade, worst, 40, 85)),
            ev.DB_CPU: s.noisy(_ramp(t, degrade, worst, 38, 78)),
            ev.DB_CONNECTIONS: s.noisy(45 + 1.4 * g, 0.02),
            ev.REQUEST_RATE: s.noisy(1500),
            ev.CPU: s.noisy(45),
        }

    _samples(s, STAGES[0][0] + 5, at("2024-11-21T09:51:10"), shape)
    s.add(
        ev.LogLine(
            ts=at("2024-11-21T09:50:00"),
            level="WARNING",
            message="Latency threshold exceeded: 178ms (threshold: 150ms)",
        )
    )
    s.add(
        ev.LogLine(
            ts=at("2024-11-21T09:50:05"),
            level="OBSERVATION",
            message="Performance analysis:",
            detail=(
                "  - Database query time: 85ms (elevated from baseline 40ms)",
                "  - Database CPU: 78% (high!)",
            ),
        )
    )
    s.add(
        ev.SloViolation(
            ts=at("2024-11-21T09:51:00"),
            metric=ev.LATENCY_P99,
            value=780.0,
            threshold=500.0,
            message="P99 latency exceeds 500ms threshold",
        )
    )
    s.add(
        ev.LogLine(
            ts=at("2024-11-21T09:51:10"),
            level="OBSERVATION",
            message="Query performance analysis:",
            detail=(
                "  - Slow query detected: candidates lookup",
                "  - Cause: Missing database index on new query pattern",
                "  - Fix: CREATE INDEX idx_user_segment ON users(user_segment)",
            ),
        )
    )
    s.add(ev.RollbackStarted(ts=at("2024-11-21T09:51:10"), reason="SLO violation"))
    s.add(ev.Outcome(ts=at("2024-11-21T09:52:30"), status="rolled_back"))
    return s.sorted()


AGENT_WARNING_AT = at("2024-11-21T09:50:00")


def pool_exhaustion() -> list[ev.Event]:
    """Attempt 1 of the seed: 3 blue + 3 green pods × 20 connections > max_connections 100."""
    s = Stream(11)
    _rollout_frame(s, max_connections=100, pool=20)
    t_full = at("2024-11-21T09:42:10")

    def shape(t: float) -> dict[str, float]:
        g = _green_pct(t)
        conns = min(100.0, 40 + 1.3 * g)  # green pods open their pools as traffic arrives
        exhausted = conns >= 99
        return {
            ev.LATENCY_AVG: s.noisy(_ramp(t, t_full, t_full + 120, 118, 420)),
            ev.LATENCY_P99: s.noisy(_ramp(t, t_full, t_full + 120, 300, 1900)),
            ev.ERROR_RATE: s.noisy(_ramp(t, t_full, t_full + 120, 0.1, 9.0), 0.2),
            ev.DB_QUERY_MS: s.noisy(40),
            ev.DB_CPU: s.noisy(40),
            ev.DB_CONNECTIONS: conns if exhausted else s.noisy(conns, 0.02),
            ev.DB_CONNECTIONS + "@blue": 60.0,
            ev.DB_CONNECTIONS + "@green": conns - 60.0 if conns > 60 else 0.0,
        }

    _samples(s, STAGES[0][0] + 5, at("2024-11-21T09:45:00"), shape)
    t = t_full + 30
    while t < at("2024-11-21T09:45:00"):
        s.add(
            ev.LogLine(
                ts=t,
                level="ERROR",
                fmt="json",
                message="could not obtain connection: pool exhausted after 5000ms",
                fields={
                    "service": "recommendation-service",
                    "pool_available": 0,
                    "pod": f"green-{int(t) % 3}",
                },
            )
        )
        t += 15
    s.add(ev.SloViolation(ts=t_full + 120, metric=ev.LATENCY_P99, value=1900.0, threshold=500.0))
    return [e for e in s.sorted() if e.ts <= at("2024-11-21T09:45:00")]


def healthy() -> list[ev.Event]:
    s = Stream(3)
    _rollout_frame(s, max_connections=250, pool=30)

    def shape(t: float) -> dict[str, float]:
        g = _green_pct(t)
        return {
            ev.LATENCY_AVG: s.noisy(120),
            ev.LATENCY_AVG + "@blue": s.noisy(119),
            ev.LATENCY_AVG + "@green": s.noisy(121),
            ev.LATENCY_P95: s.noisy(210),
            ev.LATENCY_P99: s.noisy(300, 0.06),
            ev.ERROR_RATE: s.noisy(0.15, 0.3),
            ev.DB_QUERY_MS: s.noisy(40),
            ev.DB_CPU: s.noisy(38, 0.05),
            ev.DB_CONNECTIONS: s.noisy(45 + 1.4 * g, 0.02),
            ev.REQUEST_RATE: s.noisy(1500),
        }

    _samples(s, STAGES[0][0] + 5, at("2024-11-21T09:51:00"), shape)
    s.add(ev.Outcome(ts=at("2024-11-21T09:52:00"), status="succeeded"))
    return s.sorted()


# --- seed 003: a deployment plants a latent config bug --------------------------------------

DEPLOY_AT = at("2026-02-06T12:00:00")
BUG_ONSET = at("2026-02-06T12:15:00")


def config_bug(*, with_deploy: bool = True) -> list[ev.Event]:
    s = Stream(5)
    svc = "demo-checkout-service"
    s.add(ev.SessionInfo(ts=at("2026-02-06T11:50:00"), service=svc))
    if with_deploy:
        s.add(
            ev.Deployment(
                ts=DEPLOY_AT,
                source="changes",
                service=svc,
                version="v1.8.0",
                changes={
                    "db_pool_size": {"before": 10, "after": 5},
                    "max_concurrent": {"before": 5, "after": 8},
                },
            )
        )

    def shape(t: float) -> dict[str, float]:
        bad = t >= BUG_ONSET
        return {
            ev.LATENCY_P99: s.noisy(2000 if bad else 150, 0.05),
            ev.LATENCY_AVG: s.noisy(900 if bad else 90),
            ev.ERROR_RATE: s.noisy(40 if bad else 5, 0.05),
            ev.TIMEOUT_RATE: s.noisy(40 if bad else 0.5, 0.05),
            ev.DB_QUERY_MS: s.noisy(150),
        }

    _samples(s, at("2026-02-06T11:50:00"), at("2026-02-06T12:25:00"), shape, step=30)
    t = at("2026-02-06T11:50:00")
    n = 0
    while t <= at("2026-02-06T12:25:00"):
        for i in range(10):
            n += 1
            ts = t + i
            bad = ts >= BUG_ONSET
            if bad and i < 4:
                s.add(
                    ev.LogLine(
                        ts=ts,
                        level="ERROR",
                        fmt="json",
                        message="Database connection timeout - pool exhausted",
                        fields={
                            "service": svc,
                            "db_pool_size": 5,
                            "concurrent_calls": 8,
                            "pool_available": -3,
                            "order_id": f"ORD-{n}",
                            "possibly_deployment_related": True,
                            "minutes_since_deployment": 15,
                        },
                    )
                )
            elif bad and i == 4:
                s.add(
                    ev.LogLine(
                        ts=ts,
                        level="ERROR",
                        fmt="json",
                        message=f"LATENCY SPIKE - Query took {2000 + n % 300}ms+",
                        fields={
                            "service": svc,
                            "query_duration_ms": 2000 + n % 300,
                            "possibly_deployment_related": True,
                            "minutes_since_deployment": 15,
                        },
                    )
                )
            else:
                s.add(
                    ev.LogLine(
                        ts=ts,
                        level="INFO",
                        fmt="json",
                        message=f"Order ORD-{n} processed",
                        fields={"service": svc, "query_duration_ms": 150},
                    )
                )
        t += 30
    return s.sorted()
