"""The three analysts of the root-cause analysis: logs, metrics and deploys.

Each reads a session's events and returns plain findings (dataclasses) that the commander
scores. Nothing here guesses a cause; it only measures.
"""

from __future__ import annotations

import bisect
import functools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console import events as ev
from console.analysis.changepoint import (
    DB_CONN_UTIL,
    SIGNALS,
    Onset,
    PerRequestFilter,
    detect_onsets,
)

# --- logs ---------------------------------------------------------------------------------

_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_HEX = re.compile(r"\b(?:0x)?[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*\b|\b[0-9a-f]{12,}\b", re.I)
_NUM = re.compile(r"[-+]?\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ID_TOKEN = re.compile(r"\b[A-Za-z]+-\d[\w-]*")  # ORDER-123, TEST-7, pod-abc-1

# Words that point at a cause, in warning/error/observation text. Modest evidence: the
# commander weighs these below measurements.
HINTS: dict[str, re.Pattern[str]] = {
    "missing_index": re.compile(
        r"missing (?:database |db )?index|full table scan|seq(?:uential)? scan|slow query"
        r"|no index|not indexed|without an index",
        re.I,
    ),
    "connection_pool_exhaustion": re.compile(
        r"pool exhaust|pool is exhausted|exhausted pool|too many (?:client )?connections"
        r"|remaining connection slots|connection pool (?:full|timeout)|waiting for a connection",
        re.I,
    ),
    "dependency": re.compile(
        r"upstream|downstream|dependency|connection refused|bad gateway|\b50[234]\b"
        r"|circuit breaker|service unavailable|dns",
        re.I,
    ),
    "capacity": re.compile(
        r"out of memory|\boom\b|oomkilled|cpu throttl|throttled|saturat|queue full", re.I
    ),
}
# Literal words one of which a line must contain before its cause's regex is tried: most
# lines contain none, and a substring test is far cheaper than a case-blind regex search.
_HINT_NEEDLES: dict[str, tuple[str, ...]] = {
    "missing_index": ("index", "scan", "slow query"),
    "connection_pool_exhaustion": (
        "exhaust",
        "too many",
        "connection slots",
        "connection pool",
        "waiting for a connection",
    ),
    "dependency": (
        "stream",
        "depend",
        "refused",
        "gateway",
        "502",
        "503",
        "504",
        "circuit",
        "unavailable",
        "dns",
    ),
    "capacity": ("memory", "oom", "throttl", "saturat", "queue full"),
}
_DDL = re.compile(r"CREATE (?:UNIQUE )?INDEX[^\n]*", re.I)
_HINT_LEVELS = ev.ERROR_LEVELS | ev.WARNING_LEVELS | {"OBSERVATION"}


_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)
def normalise(message: str) -> str:
    """A log message with its variable parts (ids, numbers, quoted values) blanked out."""
    text = _UUID.sub("<id>", message)
    text = _QUOTED.sub('"<s>"', text)
    text = _ID_TOKEN.sub("<id>", text)
    text = _HEX.sub("<hex>", text)
    text = _NUM.sub("<n>", text)
    return _SPACE.sub(" ", text).strip()[:200]


@dataclass
class LogPattern:
    pattern: str
    level: str
    count: int
    first_at: float
    last_at: float
    example: str
    share_pct: float | None  # of the service's log lines while the pattern was active
    common_fields: dict[str, Any]  # field -> the value every error carried (or a summary)


@dataclass
class LogFindings:
    lines: int = 0
    service_lines: int = 0
    errors: int = 0
    patterns: list[LogPattern] = field(default_factory=list)
    hints: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    # service lines' pool and connection figures by field name (see _FIGURE_KEY)
    field_values: dict[str, list[tuple[float, Any]]] = field(default_factory=dict)
    # warn/error/observation lines that compare a figure with its baseline (all that reads
    # them: the database analysis); kept alone since a long session has a great many others
    texts: list[tuple[float, str]] = field(default_factory=list)
    index_ddl: list[str] = field(default_factory=list)  # CREATE INDEX statements anywhere

    @property
    def present(self) -> bool:
        return self.lines > 0

    def first_error_at(self) -> float | None:
        return min((p.first_at for p in self.patterns), default=None)


def _summarise_field(values: list[Any]) -> Any:
    uniq = {repr(v) for v in values}
    if len(uniq) == 1:
        return values[0]
    nums = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(nums) == len(values):
        return {"min": min(nums), "max": max(nums)}
    return None


# The service lines' fields whose values are kept (the pool arithmetic reads them): every
# value of every field of a long log would be gigabytes.
_FIGURE_KEY = re.compile(r"pool|conn|concurren|in_?flight|idle|waiting|max_", re.I)
_SKIP_FIELDS = frozenset({"timestamp", "time", "ts", "@timestamp", "level", "message", "msg"})


def analyse_logs(events: Iterable[ev.Event], *, until: float | None = None) -> LogFindings:
    analyst = LogAnalyst()
    for e in events:
        analyst.feed(e)
    return analyst.finish(until=until)


class LogAnalyst:
    """``analyse_logs`` one event at a time, so that a caller reading a store once can feed
    it without keeping the lines: it keeps error lines' groups, warning/error texts and the
    service lines' field values, not the lines themselves."""

    def __init__(self) -> None:
        self.out = LogFindings()
        # (pattern, level) -> (first line's message, its fmt, [(ts, fields)])
        self.groups: dict[tuple[str, str], tuple[str, str, list[tuple[float, Mapping[str, Any]]]]]
        self.groups = {}
        self.service_ts: list[float] = []
        self._keys: dict[str, bool] = {}  # field name -> whether its values are kept

    def feed(self, e: ev.Event) -> None:
        if not isinstance(e, ev.LogLine):
            return
        if e.fields and e.fields.get("kind") in ("deployment", "config_change"):
            return  # a change event's own line: the deploy analyst reads its event
        out = self.out
        out.lines += 1
        level = e.level.upper()
        if e.fmt == "json":
            out.service_lines += 1
            self.service_ts.append(e.ts)
            for k, v in (e.fields or {}).items():
                if self._figure(k) and isinstance(v, int | float | str | bool):
                    out.field_values.setdefault(k, []).append((e.ts, v))
        if level in ev.ERROR_LEVELS:
            out.errors += 1
            key = (normalise(e.message), level)
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = (e.message, e.fmt, [])
            group[2].append((e.ts, e.fields or {}))
        text = e.text()
        if "index" in text or "INDEX" in text:
            # A remediation plan usually comes after the rollback: read it anyway.
            out.index_ddl.extend(m.group(0).strip().rstrip(".;") for m in _DDL.finditer(text))
        if level in _HINT_LEVELS and (e.fmt != "agent" or level != "INFO"):
            if "baseline" in text:
                out.texts.append((e.ts, text))
            low = text.lower()
            for cause, rx in HINTS.items():
                if not any(n in low for n in _HINT_NEEDLES[cause]):
                    continue
                m = rx.search(text)
                if m:
                    line = next((ln for ln in text.splitlines() if rx.search(ln)), text)
                    out.hints.setdefault(cause, []).append((e.ts, line.strip()[:160]))

    def _figure(self, key: str) -> bool:
        known = self._keys.get(key)
        if known is None:
            known = self._keys[key] = key not in _SKIP_FIELDS and bool(_FIGURE_KEY.search(key))
        return known

    def finish(self, *, until: float | None = None) -> LogFindings:
        """The findings; texts and hints only up to ``until`` (a rollback: what follows it
        is the recovery, not the incident)."""
        out = self.out
        if until is not None:
            out.texts = [t for t in out.texts if t[0] <= until]
            out.hints = {
                k: kept for k, v in out.hints.items() if (kept := [h for h in v if h[0] <= until])
            }
        service_ts = sorted(self.service_ts)
        for (pattern, level), (example, fmt, lines) in self.groups.items():
            first, last = lines[0][0], lines[-1][0]
            share = None
            if service_ts and fmt == "json":
                total = bisect.bisect_right(service_ts, last) - bisect.bisect_left(
                    service_ts, first
                )
                share = 100.0 * len(lines) / total if total else None
            common: dict[str, Any] = {}
            keys = Counter(k for _, f in lines for k in f if k not in _SKIP_FIELDS)
            for key, n in keys.items():
                if n < 0.8 * len(lines):
                    continue
                summary = _summarise_field([f.get(key) for _, f in lines])
                if summary is not None:
                    common[key] = summary
            out.patterns.append(
                LogPattern(
                    pattern=pattern,
                    level=level,
                    count=len(lines),
                    first_at=first,
                    last_at=last,
                    example=example[:200],
                    share_pct=share,
                    common_fields=common,
                )
            )
        out.patterns.sort(key=lambda p: (-p.count, p.first_at))
        return out


# --- metrics ------------------------------------------------------------------------------


@dataclass
class SignalSummary:
    name: str
    scope: str
    count: int
    baseline: float | None
    peak: float
    peak_at: float
    limit: float | None  # SLO or threshold, when one is known
    onsets: list[Onset]
    first_over: float | None = None  # first sample over ``limit``

    @property
    def onset(self) -> Onset | None:
        return self.onsets[0] if self.onsets else None

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.peak > self.limit

    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.peak / self.baseline


@dataclass
class BurnRate:
    """Multiwindow error-budget burn (SRE workbook): page when both windows burn fast."""

    slo_pct: float  # allowed error rate, i.e. the budget
    short_window_s: float
    long_window_s: float
    short: float | None
    long: float | None
    at: float
    fast_burn: bool
    threshold: float = 14.4  # 2 % of a 30-day budget in one hour


@dataclass
class MetricFindings:
    samples: int = 0
    signals: dict[tuple[str, str], SignalSummary] = field(default_factory=dict)
    burn: BurnRate | None = None
    max_connections: float | None = None
    pool_sizes: dict[str, float] = field(default_factory=dict)  # scope -> db_pool_size
    concurrent_calls: float | None = None
    pool_available_low: tuple[float, float] | None = None  # (ts, lowest pool_available)
    traffic: list[tuple[float, float]] = field(default_factory=list)  # (ts, green %)

    @property
    def present(self) -> bool:
        return self.samples > 0

    @property
    def pool_size(self) -> float | None:
        """The smallest pool per pod known (the one that runs out first)."""
        return min(self.pool_sizes.values(), default=None)

    def get(self, name: str, scope: str = "") -> SignalSummary | None:
        return self.signals.get((name, scope)) or (
            self.signals.get((name, "green")) if scope == "" else None
        )

    def onset_at(self) -> float | None:
        return min(
            (s.onset.at for s in self.signals.values() if s.onset and s.scope in ("", "green")),
            default=None,
        )

    def green_pct_at(self, ts: float) -> float | None:
        pct = None
        for t, p in self.traffic:
            if t > ts:
                break
            pct = p
        return pct


DEFAULT_LIMITS = {ev.LATENCY_P99: 500.0, ev.LATENCY_AVG: 150.0, ev.ERROR_RATE: 1.0}


def analyse_metrics(
    events: Iterable[ev.Event], *, thresholds: Mapping[str, float] | None = None
) -> MetricFindings:
    out = MetricFindings()
    limits = dict(DEFAULT_LIMITS)
    by_source: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    per_request = PerRequestFilter()
    for e in events:
        if not isinstance(e, ev.MetricSample):
            per_request.see(e)
        elif per_request.skip(e):
            continue
        if isinstance(e, ev.Threshold):
            limits[e.metric] = e.value
        elif isinstance(e, ev.TrafficSplit):
            out.traffic.append((e.ts, e.actual_green_pct or e.green_pct))
        elif isinstance(e, ev.MetricSample):
            out.samples += 1
            by_source.setdefault((e.name, e.scope, e.source), []).append((e.ts, e.value))
            if e.name == ev.DB_CONNECTIONS_MAX and e.value > 0:
                out.max_connections = e.value
            elif e.name == ev.POOL_SIZE:
                out.pool_sizes[e.scope] = e.value
            elif e.name == ev.CONCURRENT_CALLS:
                if out.concurrent_calls is None or e.value > out.concurrent_calls:
                    out.concurrent_calls = e.value
            elif e.name == ev.POOL_AVAILABLE:
                low = out.pool_available_low
                if low is None or e.value < low[1]:
                    out.pool_available_low = (e.ts, e.value)
    if thresholds:
        limits.update(thresholds)
    # Two sources of one metric (the agent's log and a figure derived from service logs, say)
    # are two series with their own baselines: the one with the most samples is used.
    series: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for (name, scope, _source), points in by_source.items():
        if len(points) > len(series.get((name, scope), ())):
            series[(name, scope)] = points
    conns = series.get((ev.DB_CONNECTIONS, ""), [])
    if conns and out.max_connections:
        series[(DB_CONN_UTIL, "")] = [(t, 100.0 * v / out.max_connections) for t, v in conns]
    for (name, scope), points in series.items():
        points.sort()
        spec = SIGNALS.get(name)
        onsets = detect_onsets(points, spec, scope) if spec else []
        peak_at, peak = max(points, key=lambda p: p[1])
        warm = [v for _, v in points[: max(3, min(12, len(points) // 4))]]
        limit = limits.get(name)
        over = None if limit is None else next((t for t, v in points if v > limit), None)
        out.signals[(name, scope)] = SignalSummary(
            name=name,
            scope=scope,
            count=len(points),
            baseline=statistics.median(warm) if warm else None,
            peak=peak,
            peak_at=peak_at,
            limit=limit,
            onsets=onsets,
            first_over=over,
        )
    errors = series.get((ev.ERROR_RATE, "")) or series.get((ev.ERROR_RATE, "green"))
    if errors:
        out.burn = burn_rate(errors, limits.get(ev.ERROR_RATE, 1.0))
    return out


def burn_rate(
    errors: list[tuple[float, float]],
    slo_pct: float,
    *,
    at: float | None = None,
    short_s: float = 300.0,
    long_s: float = 3600.0,
) -> BurnRate:
    """Burn rate = observed error rate / allowed error rate, over a short and a long window.

    Evaluated at the moment both windows burned fastest together (or ``at``), so a report written
    after recovery still says whether the incident would have paged.
    """
    budget = max(slo_pct, 1e-9)
    points = sorted(errors)
    times = [t for t, _ in points]
    prefix = [0.0]
    for _, v in points:
        prefix.append(prefix[-1] + v)

    def window_mean(end: float, span: float) -> float | None:
        # samples with end - span < t <= end, by binary search over the sorted times
        lo = bisect.bisect_right(times, end - span)
        hi = bisect.bisect_right(times, end)
        return (prefix[hi] - prefix[lo]) / (hi - lo) if hi > lo else None

    ends = [at] if at is not None else times
    best: tuple[float, float | None, float | None] | None = None
    for end in ends:
        short = window_mean(end, short_s)
        long = window_mean(end, long_s)
        # The moment both windows burned hardest together: that is when a page would fire.
        key = min(short or 0.0, long or 0.0)
        if best is None or key > min(best[1] or 0.0, best[2] or 0.0):
            best = (end, short, long)
    assert best is not None
    end, short, long = best
    s = None if short is None else short / budget
    lg = None if long is None else long / budget
    fast = s is not None and lg is not None and s >= 14.4 and lg >= 14.4
    return BurnRate(slo_pct, short_s, long_s, s, lg, end, fast)


# --- deploys ------------------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # deployment | config_change
    at: float
    service: str | None
    version: str | None
    environment: str | None
    changes: dict[str, dict[str, Any]]


@dataclass
class DeployFindings:
    changes: list[Change] = field(default_factory=list)
    replicas: dict[str, int] = field(default_factory=dict)  # colour -> pods
    capacity_text: list[tuple[float, str]] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.changes)

    def before(self, ts: float) -> list[Change]:
        return [c for c in self.changes if c.at <= ts]

    def config_diffs(self, until: float | None = None) -> dict[str, dict[str, Any]]:
        """Every key changed (by a config change or a deployment) up to ``until``."""
        out: dict[str, dict[str, Any]] = {}
        for c in self.changes:
            if until is None or c.at <= until:
                for key, diff in c.changes.items():
                    out[key] = {**diff, "at": c.at}
        return out


_REPLICAS = re.compile(r"replicas\s*=\s*(\d+)")
_ENV = re.compile(r"environment\s*=\s*[\"']?(\w+)")
_CAPACITY = re.compile(r"\d+\s*(?:blue|green|pods?)\b.*[×x*]\s*\d+", re.I)


# What a deployment records about itself, not settings it changed.
_DEPLOY_META = frozenset({"replicas", "image", "tag", "environment", "env", "version", "digest"})


def _diffs(changes: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, diff in changes.items():
        if str(key) in _DEPLOY_META:
            continue
        if isinstance(diff, Mapping) and ("before" in diff or "after" in diff):
            if diff.get("before") != diff.get("after"):
                out[str(key)] = {"before": diff.get("before"), "after": diff.get("after")}
        else:
            out[str(key)] = {"before": None, "after": diff}
    return out


def _replicas(changes: Mapping[str, Any]) -> int | None:
    value = changes.get("replicas")
    if isinstance(value, Mapping):
        value = value.get("after")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def analyse_deploys(events: Iterable[ev.Event]) -> DeployFindings:
    out = DeployFindings()
    for e in events:
        if isinstance(e, ev.Deployment):
            reps = _replicas(e.changes)
            if reps is not None and e.environment:
                out.replicas.setdefault(e.environment.lower(), reps)
            out.changes.append(
                Change("deployment", e.ts, e.service, e.version, e.environment, _diffs(e.changes))
            )
        elif isinstance(e, ev.ConfigChange):
            out.changes.append(
                Change("config_change", e.ts, e.service, None, None, _diffs(e.changes))
            )
        elif isinstance(e, ev.Pods):
            out.replicas[e.colour] = e.total
        elif isinstance(e, ev.ToolCall) and "deploy" in e.tool:
            rep, env = _REPLICAS.search(e.args), _ENV.search(e.args)
            if rep and env:
                out.replicas.setdefault(env.group(1).lower(), int(rep.group(1)))
        elif isinstance(e, ev.LogLine) and e.fmt == "agent":
            text = e.text()
            if "connection" not in text.lower():
                continue
            for line in text.splitlines():
                if _CAPACITY.search(line):
                    out.capacity_text.append((e.ts, line.strip().lstrip("-✓ ").strip()))
    out.changes.sort(key=lambda c: c.at)
    return out
