"""The simulated service's Prometheus ``/metrics``: what a real service and its database expose.

Counters and histogram buckets accumulate the modelled traffic tick by tick (request rate ×
tick length × the share under each bucket bound), so ``rate()`` gives the modelled request rate
and ``histogram_quantile()`` gives roughly the modelled p95/p99. The collector is registered in
its own ``CollectorRegistry``, never the process-global one.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

from console.sim.scenarios import Snapshot

BUCKETS_S: tuple[float, ...] = (
    0.025,
    0.05,
    0.075,
    0.1,
    0.125,
    0.15,
    0.2,
    0.25,
    0.3,
    0.4,
    0.5,
    0.75,
    1.0,
    1.5,
    2.0,
    2.5,
    5.0,
)
COLOURS = ("blue", "green")


class Exposition:
    """Cumulative counters and current gauges, fed with one ``Snapshot`` per tick."""

    def __init__(self) -> None:
        self.buckets = {c: [0.0] * len(BUCKETS_S) for c in COLOURS}
        self.count = dict.fromkeys(COLOURS, 0.0)
        self.sum_s = dict.fromkeys(COLOURS, 0.0)
        self.requests: dict[tuple[str, str], float] = {}
        self.last: Snapshot | None = None

    def observe(self, snap: Snapshot, dt: float) -> None:
        for c in snap.serving:
            n = c.rps * dt
            shares = c.latency.bucket_shares(BUCKETS_S)
            cum = self.buckets[c.colour]
            for i, share in enumerate(shares):
                cum[i] += n * share
            self.count[c.colour] += n
            self.sum_s[c.colour] += n * c.latency.mean / 1000.0
            timeouts = n * c.timeout_pct / 100.0
            errors = max(0.0, n * c.error_pct / 100.0 - timeouts)
            for code, value in (("200", n - errors - timeouts), ("503", errors), ("504", timeouts)):
                key = (c.colour, code)
                self.requests[key] = self.requests.get(key, 0.0) + max(0.0, value)
        self.last = snap

    def collect(self) -> Iterator[Metric]:
        hist = HistogramMetricFamily(
            "http_request_duration_seconds",
            "Request latency of recommendation-service by colour.",
            labels=["colour"],
        )
        for c in COLOURS:
            if self.count[c] <= 0:
                continue
            bounds = [
                (repr(b), round(v, 3)) for b, v in zip(BUCKETS_S, self.buckets[c], strict=True)
            ]
            bounds.append(("+Inf", round(self.count[c], 3)))
            hist.add_metric([c], buckets=bounds, sum_value=round(self.sum_s[c], 6))
        yield hist
        reqs = CounterMetricFamily(
            "http_requests", "Requests served by colour and status code.", labels=["colour", "code"]
        )
        for (colour, code), value in sorted(self.requests.items()):
            reqs.add_metric([colour, code], round(value, 3))
        yield reqs
        snap = self.last
        if snap is None:
            return
        conns = GaugeMetricFamily(
            "db_connections", "Database connections held, by colour.", labels=["colour"]
        )
        query = GaugeMetricFamily(
            "db_query_duration_seconds", "Mean database query time, by colour.", labels=["colour"]
        )
        pool = GaugeMetricFamily(
            "db_pool_available", "Free connections in a pod's pool, by colour.", labels=["colour"]
        )
        cpu = GaugeMetricFamily("app_cpu_ratio", "Pod CPU utilisation (0-1).", labels=["colour"])
        mem = GaugeMetricFamily("app_memory_ratio", "Pod memory use (0-1).", labels=["colour"])
        for state in snap.colours:
            conns.add_metric([state.colour], state.connections)
            pool.add_metric([state.colour], state.pool_available)
            cpu.add_metric([state.colour], round(state.cpu_pct / 100.0, 4))
            mem.add_metric([state.colour], round(state.memory_pct / 100.0, 4))
            if state.rps > 0:
                query.add_metric([state.colour], round(state.query_ms / 1000.0, 5))
        yield conns
        yield query
        yield pool
        yield cpu
        yield mem
        yield GaugeMetricFamily(
            "db_max_connections", "Database max_connections.", value=snap.max_connections
        )
        yield GaugeMetricFamily(
            "db_cpu_ratio", "Database CPU utilisation (0-1).", value=round(snap.db_cpu_pct / 100, 4)
        )
        yield GaugeMetricFamily(
            "rollout_green_weight",
            "Share of traffic routed to green, percent (0-100).",
            value=snap.green_pct,
        )

    def registry(self) -> CollectorRegistry:
        reg = CollectorRegistry(auto_describe=False)
        reg.register(self)
        return reg
