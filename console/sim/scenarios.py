"""Deterministic models of recommendation-service during a blue-green rollout.

A scenario says how the service behaves as traffic moves to green (v2.5.0) over simulated
time: request rates, latency distributions, errors, database connections, query time and CPU.
``ServiceModel.snapshot`` is a pure function of (scenario, seed, simulated time, traffic state),
so a run with the same inputs always produces the same figures.

The scenarios follow the seeds: ``missing-index`` is seed 000 (a full table scan that
degrades at 75 %), ``pool-exhaustion`` is its first attempt (blue + green pools outgrow the
database's max_connections), ``config-bug`` is seed 003 (a config change that breaks ~15
minutes after the deploy) and ``healthy`` completes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from console import events as ev
from console.errors import SimError
from console.sim.distribution import LogNormal, Mixture

SERVICE = "recommendation-service"
VERSION = "2.5.0"
PREVIOUS_VERSION = "2.4.3"
TOTAL_RPS = 1500.0
PODS = 3
PLAN: tuple[float, ...] = (10.0, 25.0, 50.0, 75.0, 100.0)
WINDOW_S = 300.0  # monitoring window after each traffic shift
AVG_LATENCY_THRESHOLD_MS = 150.0  # the agent's own warning threshold
P99_SLO_MS = 500.0
ERROR_SLO_PCT = 5.0
TIMEOUT_MS = 2000.0  # the service's request timeout: timed-out requests land here

_MIN_IDLE = 5  # connections a pod keeps open when idle
_CONN_PER_RPS = 0.0185  # busy connections per req/s at the baseline query time (40 ms)
_BASE_QUERY_MS = 40.0


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What the agent finds when it investigates the failure, and its root-cause summary."""

    tool: str
    heading: str
    findings: Callable[[Snapshot], tuple[str, ...]]
    thought: str
    thought_lines: tuple[str, ...]
    primary_issue: str
    issue_lines: tuple[str, ...]
    contributing: tuple[str, ...]
    remediation: tuple[str, ...]
    critical: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    description: str
    attempt: str
    previous_attempt: str
    max_connections: int
    pool_per_pod: int  # DB connections a pod may hold (its pool's maximum)
    app_pool_size: int | None = None  # the app's db_pool_size setting, when it differs
    green_conn_factor: float = 1.0  # how many more connections green needs per request
    config_changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    init_notes: tuple[str, ...] = ()
    diagnosis: Diagnosis | None = None


class _LatencyFigures:
    """avg/p95/p99 of whatever latency distribution the class has (a colour, the service)."""

    __slots__ = ()

    if TYPE_CHECKING:  # a field in one subclass, a property in the other

        @property
        def latency(self) -> Mixture: ...

    @property
    def avg_ms(self) -> float:
        return self.latency.mean

    @property
    def p95_ms(self) -> float:
        return self.latency.quantile(0.95)

    @property
    def p99_ms(self) -> float:
        return self.latency.quantile(0.99)


@dataclass(frozen=True, slots=True)
class ColourState(_LatencyFigures):
    """One colour's figures at one moment."""

    colour: str
    rps: float
    latency: Mixture
    error_pct: float
    timeout_pct: float
    connections: float
    pool_size: int
    concurrent_calls: float
    query_ms: float
    cpu_pct: float
    memory_pct: float

    @property
    def pool_available(self) -> float:
        return self.pool_size - self.concurrent_calls


@dataclass(frozen=True, slots=True)
class Snapshot(_LatencyFigures):
    """The whole service at one simulated moment."""

    at: float
    green_pct: float
    blue: ColourState
    green: ColourState | None  # None before green is deployed
    max_connections: int
    db_cpu_pct: float
    since_deploy_s: float | None

    @property
    def colours(self) -> tuple[ColourState, ...]:
        return (self.blue,) if self.green is None else (self.blue, self.green)

    @property
    def serving(self) -> tuple[ColourState, ...]:
        return tuple(c for c in self.colours if c.rps > 0)

    @property
    def rps(self) -> float:
        return sum(c.rps for c in self.colours)

    @property
    def latency(self) -> Mixture:
        return Mixture.combine((c.rps, c.latency) for c in self.serving)

    def _weighted(self, attr: str) -> float:
        rps = self.rps
        if rps <= 0:
            return 0.0
        return sum(c.rps * getattr(c, attr) for c in self.serving) / rps

    @property
    def error_pct(self) -> float:
        return self._weighted("error_pct")

    @property
    def timeout_pct(self) -> float:
        return self._weighted("timeout_pct")

    @property
    def query_ms(self) -> float:
        return self._weighted("query_ms")

    @property
    def cpu_pct(self) -> float:
        return self._weighted("cpu_pct")

    @property
    def memory_pct(self) -> float:
        return sum(c.memory_pct for c in self.colours) / len(self.colours)

    @property
    def connections(self) -> float:
        return sum(c.connections for c in self.colours)

    @property
    def connections_pct(self) -> float:
        return 100.0 * self.connections / self.max_connections

    def samples(self) -> list[dict[str, Any]]:
        """Metric samples with the console's canonical names, overall and per colour."""
        out: list[dict[str, Any]] = []

        def add(name: str, value: float, scope: str = "") -> None:
            out.append({"name": name, "value": round(value, 2), "scope": scope})

        if self.serving:
            add(ev.REQUEST_RATE, self.rps)
            add(ev.LATENCY_AVG, self.avg_ms)
            add(ev.LATENCY_P95, self.p95_ms)
            add(ev.LATENCY_P99, self.p99_ms)
            add(ev.ERROR_RATE, self.error_pct)
            add(ev.TIMEOUT_RATE, self.timeout_pct)
            add(ev.DB_QUERY_MS, self.query_ms)
            add(ev.CPU, self.cpu_pct)
        add(ev.MEMORY, self.memory_pct)
        add(ev.DB_CONNECTIONS, self.connections)
        add(ev.DB_CONNECTIONS_MAX, self.max_connections)
        add(ev.DB_CPU, self.db_cpu_pct)
        for c in self.colours:
            add(ev.REQUEST_RATE, c.rps, c.colour)
            if c.rps > 0:
                add(ev.LATENCY_AVG, c.avg_ms, c.colour)
                add(ev.LATENCY_P95, c.p95_ms, c.colour)
                add(ev.LATENCY_P99, c.p99_ms, c.colour)
                add(ev.ERROR_RATE, c.error_pct, c.colour)
                add(ev.TIMEOUT_RATE, c.timeout_pct, c.colour)
                add(ev.DB_QUERY_MS, c.query_ms, c.colour)
            add(ev.DB_CONNECTIONS, c.connections, c.colour)
            add(ev.CPU, c.cpu_pct, c.colour)
            add(ev.MEMORY, c.memory_pct, c.colour)
            add(ev.POOL_SIZE, c.pool_size, c.colour)
            add(ev.POOL_AVAILABLE, c.pool_available, c.colour)
            add(ev.CONCURRENT_CALLS, c.concurrent_calls, c.colour)
        return out


# --- the scenarios ---------------------------------------------------------------------------


def _pool_findings(s: Snapshot) -> tuple[str, ...]:
    green = s.green
    g_conns = round(green.connections) if green else 0
    return (
        f"  - DB connections: Blue {round(s.blue.connections)}, Green {g_conns}, "
        f"Total {round(s.connections)}/{s.max_connections} ({round(s.connections_pct)}%)",
        f"  - Pool size per pod: {s.blue.pool_size} (blue and green)",
        f"  - Capacity needed at full pools: (3 blue + 3 green) × {s.blue.pool_size} = "
        f"{6 * s.blue.pool_size} connections > max_connections {s.max_connections}",
        "  - Green (v2.5.0) holds a connection across the new candidate lookup: "
        "~4× connections per request",
        "  - Errors: 'connection pool exhausted' / 'too many connections' from green and blue",
    )


def _index_findings(s: Snapshot) -> tuple[str, ...]:
    return (
        "  - Slow query detected: recommendation_candidates lookup",
        f"  - Query time: 200-400ms (baseline: 30-50ms); mean DB query {round(s.query_ms)}ms",
        "  - Cause: Missing database index on new query pattern",
        '  - New v2.5.0 feature uses "user_segment" field in WHERE clause',
        '  - Index exists on "user_id" but NOT on "user_segment"',
        "  - Full table scan on 50M row table causing slowdown",
    )


def _config_findings(s: Snapshot) -> tuple[str, ...]:
    green = s.green
    pool = green.pool_size if green else 5
    calls = round(green.concurrent_calls) if green else 8
    minutes = round((s.since_deploy_s or 0.0) / 60.0)
    return (
        '  - Dominant error: "Database connection timeout - pool exhausted" (green pods only)',
        f"  - pool_available: {pool - calls} (db_pool_size {pool}, concurrent_calls {calls})",
        f"  - Timeouts: {s.timeout_pct:.0f}% of requests; P99 latency {round(s.p99_ms)}ms",
        f"  - Errors began ~{minutes} minutes after the v{VERSION} deployment",
        "  - Deployment changed config: db_pool_size 10 → 5, max_concurrent 5 → 8",
    )


POOL_EXHAUSTION = Scenario(
    name="pool-exhaustion",
    description="blue + green connection pools outgrow the database's max_connections",
    attempt="1/3",
    previous_attempt="NONE",
    max_connections=100,
    pool_per_pod=20,
    green_conn_factor=3.0,
    diagnosis=Diagnosis(
        tool="analyze_connection_pools()",
        heading="Connection pool analysis:",
        findings=_pool_findings,
        thought="ROOT CAUSE: Database connection pool exhaustion!",
        thought_lines=(
            "  - Blue and green pools together need more than max_connections",
            "  - Green pods grow their pools as traffic shifts",
            "  - New connections are refused once the database limit is reached",
        ),
        primary_issue="Database connection pool exhaustion during blue-green traffic shift",
        issue_lines=(
            "  - Pool size 20 per pod, 6 pods during the rollout: 120 connections possible",
            "  - Database max_connections is 100",
            "  - v2.5.0 holds connections longer, so green pools fill as traffic shifts",
        ),
        contributing=(
            "  1. Capacity plan counted one environment, not blue and green together",
            "  2. No alert on connection utilisation during the rollout",
            "  3. Load test did not exercise both pools at once",
        ),
        remediation=(
            "  1. Increase database max_connections: 100 → 250",
            "  2. Size pools for blue + green: (3 + 3) × pool ≤ 72% of max_connections",
            "  3. Add connection pool monitoring alerts to the rollout",
        ),
    ),
)

MISSING_INDEX = Scenario(
    name="missing-index",
    description="a new query pattern scans a 50M-row table and degrades at 75 %",
    attempt="2/3",
    previous_attempt="FAILED (database connection pool exhaustion)",
    max_connections=250,
    pool_per_pod=30,
    init_notes=(
        "  - ✓ Database max_connections increased: 100 → 250",
        "  - ✓ Connection pool per pod increased: 20 → 30",
        "  - ✓ Verified capacity calculation: (3 blue + 3 green) × 30 = 180 connections "
        "(72% of 250)",
    ),
    diagnosis=Diagnosis(
        tool="analyze_database_queries()",
        heading="Query performance analysis:",
        findings=_index_findings,
        thought="ROOT CAUSE: Missing database index for new query pattern!",
        thought_lines=(
            f"  - V{VERSION} introduced a new recommendation algorithm",
            "  - Uses user_segment field not previously indexed",
            "  - Works fine at low traffic but degrades at high volume",
        ),
        critical=(
            "CRITICAL: Cannot fix index during deployment (requires DB downtime or long rebuild)"
        ),
        primary_issue="Missing database index for new query pattern",
        issue_lines=(
            f'  - V{VERSION} code uses new WHERE clause on "user_segment" field',
            "  - No index exists for this field",
            "  - Full table scan on 50M rows causes 200-400ms queries",
        ),
        contributing=(
            "  1. Code review did not flag the new query pattern",
            "  2. Staging data set is a tenth of production (5M rows)",
            "  3. No query performance monitoring during the rollout",
        ),
        remediation=(
            "  1. Create index: CREATE INDEX idx_user_segment ON users(user_segment)",
            "  2. Wait for the index build to complete before retrying",
            "  3. Add index checks to the deployment prerequisites",
        ),
    ),
)

CONFIG_BUG = Scenario(
    name="config-bug",
    description="a config change (db_pool_size 10 → 5, max_concurrent 5 → 8) breaks ~15 min later",
    attempt="1/1",
    previous_attempt="NONE",
    max_connections=250,
    pool_per_pod=30,
    app_pool_size=10,
    config_changes={
        "db_pool_size": {"before": 10, "after": 5},
        "max_concurrent": {"before": 5, "after": 8},
    },
    diagnosis=Diagnosis(
        tool="analyze_service_logs(since_deployment=true)",
        heading="Service log analysis:",
        findings=_config_findings,
        thought="ROOT CAUSE: Configuration change shipped with the deployment!",
        thought_lines=(
            "  - db_pool_size reduced 10 → 5 while max_concurrent raised 5 → 8",
            "  - 8 concurrent calls contend for 5 connections once the warm cache expires",
            "  - Latent: the failure started ~15 minutes after the deploy",
        ),
        primary_issue="Configuration bug introduced by the deployment (db_pool_size 10 → 5)",
        issue_lines=(
            "  - max_concurrent 8 exceeds db_pool_size 5: pool_available goes negative (-3)",
            "  - ~40% of requests time out; P99 latency ~2000ms",
            "  - Deployment itself succeeded; the failure was latent for ~15 minutes",
        ),
        contributing=(
            "  1. 'Performance optimization' config change was not load tested",
            "  2. Config changes are not validated against pool limits",
            "  3. Warm cache hid the problem for its 15 minute TTL",
        ),
        remediation=(
            "  1. Restore db_pool_size = 10 and max_concurrent = 5",
            "  2. Validate max_concurrent ≤ db_pool_size in CI",
            "  3. Hold each stage longer than the cache TTL",
        ),
    ),
)

HEALTHY = Scenario(
    name="healthy",
    description="completes to 100 %",
    attempt="3/3",
    previous_attempt="FAILED (missing database index on user_segment)",
    max_connections=250,
    pool_per_pod=30,
    init_notes=(
        "  - ✓ Index idx_user_segment created and verified",
        "  - ✓ Connection pools sized for blue + green: (3 + 3) × 30 = 180 of 250",
    ),
)

SCENARIOS: dict[str, Scenario] = {
    s.name: s for s in (HEALTHY, POOL_EXHAUSTION, MISSING_INDEX, CONFIG_BUG)
}


def get_scenario(name: str) -> Scenario:
    try:
        return SCENARIOS[name]
    except KeyError:
        names = ", ".join(SCENARIOS)
        raise SimError(f"unknown scenario {name!r}; choose one of: {names}") from None


# --- the model -------------------------------------------------------------------------------


def _smoothstep(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)


class ServiceModel:
    """The service's behaviour for one scenario; deterministic for a given seed."""

    # config-bug: when the warm cache expires after the deploy and the pool starts starving
    CONFIG_ONSET_S = 13.9 * 60.0
    CONFIG_FULL_S = 14.4 * 60.0

    def __init__(self, scenario: Scenario, *, seed: int = 0, start: float = 0.0) -> None:
        self.scenario = scenario
        self.seed = seed
        self.start = start

    def noise(self, at: float, key: str, rel: float) -> float:
        """A multiplicative jitter 1 ± rel, a pure function of (seed, time, key)."""
        rng = random.Random(f"{self.seed}:{self.scenario.name}:{round(at - self.start)}:{key}")
        return 1.0 + rel * max(-2.5, min(2.5, rng.gauss(0.0, 1.0)))

    def rng(self, at: float, key: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.scenario.name}:{round(at - self.start)}:{key}")

    def snapshot(
        self,
        at: float,
        *,
        green_pct: float,
        stage_start: float | None = None,
        deployed_at: float | None = None,
    ) -> Snapshot:
        """The service at ``at`` with green at ``green_pct`` since ``stage_start``."""
        sc = self.scenario
        w = min(max(green_pct, 0.0), 100.0) / 100.0
        tm = max(0.0, (at - stage_start) / 60.0) if stage_start is not None else 0.0
        deployed = deployed_at is not None and at >= deployed_at
        since = (at - deployed_at) if deployed and deployed_at is not None else None

        rps = {"blue": TOTAL_RPS * (1.0 - w), "green": TOTAL_RPS * w if deployed else 0.0}
        if not deployed:
            rps["blue"] = TOTAL_RPS
        avg = {"blue": 116.0 + 6.0 * w, "green": 119.0 + 8.0 * w}
        ratio = {"blue": 2.4, "green": 2.4}
        err = {"blue": 0.1 + 0.1 * w, "green": 0.1 + 0.2 * w}
        query = {"blue": _BASE_QUERY_MS + 2.0 * w, "green": _BASE_QUERY_MS + 3.0 * w}
        factor = {"blue": 1.0, "green": sc.green_conn_factor}
        cap = PODS * sc.pool_per_pod
        app_pool = sc.app_pool_size or sc.pool_per_pod
        pool = {"blue": app_pool, "green": app_pool}
        for key, change in sc.config_changes.items():
            if key == "db_pool_size":
                pool["green"] = int(change["after"])
        timeouts = {"blue": 0.0, "green": 0.0}
        db_cpu = 22.0 + 0.012 * TOTAL_RPS

        if sc.name == "missing-index" and deployed:
            # The table scan grows with green's share above 60 % and with time at that share
            # (the buffer cache is thrashed), so the latency trend is visible minutes before
            # the agent's 150 ms threshold.
            pressure = max(0.0, w - 0.6) / 0.4
            extra = 10.2 * pressure * (math.exp(0.8 * tm) - 1.0) if pressure else 0.0
            level = min(1.0, extra / 127.0)
            avg["green"] += extra
            ratio["green"] = 2.4 + 1.2 * level * level
            query["green"] += extra * 0.35
            err["green"] += 1.1 * level
            db_cpu += 38.0 * math.sqrt(level)

        conns: dict[str, float] = {}
        unmet: dict[str, float] = {}
        demand_total = 0.0
        contention = 1.0
        if sc.name == "pool-exhaustion" and deployed:
            # Connections held longer as the database gets contended: a slow feedback loop
            # that only starts once blue + green need most of max_connections.
            base = sum(
                PODS * _MIN_IDLE + rps[c] * _CONN_PER_RPS * factor[c] for c in ("blue", "green")
            )
            contention = 1.0 + 0.16 * tm * max(0.0, base / sc.max_connections - 0.78) / 0.1
        for c in ("blue", "green"):
            if c == "green" and not deployed:
                continue
            busy = rps[c] * _CONN_PER_RPS * factor[c] * (query[c] / _BASE_QUERY_MS) * contention
            want = PODS * _MIN_IDLE + busy
            conns[c] = min(want, cap)
            unmet[c] = want - conns[c]
            demand_total += want
        held = sum(conns.values())
        if held > sc.max_connections:
            # The database refuses connections beyond max_connections: share the refusal.
            scale = sc.max_connections / held
            for c in conns:
                unmet[c] += conns[c] * (1.0 - scale)
                conns[c] *= scale
        for c, missing in unmet.items():
            if missing <= 0:
                continue
            want = conns[c] + missing
            share = missing / want
            err[c] += 100.0 * share * 0.55
            avg[c] += 600.0 * share
            ratio[c] = min(4.5, ratio[c] + 6.0 * share)
            db_cpu += 10.0 * share
        if sc.name == "pool-exhaustion" and deployed:
            db_cpu += 25.0 * max(0.0, demand_total / sc.max_connections - 0.6)

        calls = {"blue": 0.0, "green": 0.0}
        for c in ("blue", "green"):
            per_pod = rps[c] / PODS
            calls[c] = 1.0 + per_pod / 250.0 if rps[c] > 0 else 0.0
        if sc.name == "config-bug" and deployed and since is not None and rps["green"] > 0:
            # The warm cache expires; every request hits the database and 8 concurrent calls
            # contend for 5 connections.
            broken = _smoothstep(
                (since - self.CONFIG_ONSET_S) / (self.CONFIG_FULL_S - self.CONFIG_ONSET_S)
            )
            calls["green"] += (8.0 - calls["green"]) * min(1.0, 3.0 * broken)
            timeouts["green"] = 80.0 * broken
            query["green"] += 25.0 * broken
            db_cpu += 6.0 * broken

        states: dict[str, ColourState] = {}
        for c in ("blue", "green"):
            if c == "green" and not deployed:
                continue
            mean = avg[c] * self.noise(at, f"avg-{c}", 0.012)
            p99 = mean * ratio[c] * self.noise(at, f"p99-{c}", 0.02)
            share_to = timeouts[c] / 100.0
            parts = [LogNormal.from_mean_p99(mean, p99, 1.0 - share_to)]
            if share_to > 0:
                # Timed-out requests: just past the timeout, tightly clustered.
                parts.append(LogNormal(weight=share_to, mu=math.log(TIMEOUT_MS * 1.04), sigma=0.02))
            cpu = 20.0 + 0.05 * rps[c] / PODS * (query[c] / _BASE_QUERY_MS) ** 0.3
            states[c] = ColourState(
                colour=c,
                rps=rps[c] * self.noise(at, f"rps-{c}", 0.01) if rps[c] > 0 else 0.0,
                latency=Mixture(parts=tuple(parts)),
                error_pct=min(100.0, err[c] * self.noise(at, f"err-{c}", 0.08) + timeouts[c]),
                timeout_pct=timeouts[c],
                connections=round(conns[c] * self.noise(at, f"conn-{c}", 0.015)),
                pool_size=pool[c],
                concurrent_calls=round(calls[c], 1),
                query_ms=query[c] * self.noise(at, f"query-{c}", 0.02),
                cpu_pct=cpu * self.noise(at, f"cpu-{c}", 0.02),
                memory_pct=(56.0 + (2.0 if c == "green" else 0.0))
                * self.noise(at, f"mem-{c}", 0.01),
            )
        return Snapshot(
            at=at,
            green_pct=green_pct if deployed else 0.0,
            blue=states["blue"],
            green=states.get("green"),
            max_connections=sc.max_connections,
            db_cpu_pct=min(99.0, db_cpu * self.noise(at, "db-cpu", 0.015)),
            since_deploy_s=since,
        )
