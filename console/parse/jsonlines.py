"""JSON-lines service logs and change events, as events.

A service log line keeps its level and message as the LogLine's, its timestamp (under any of
the common keys) as the event time, and every other field in ``LogLine.fields``. Fields that
are measurements become MetricSamples; ``{"kind": "deployment"|"config_change", ...}`` lines
also become Deployment / ConfigChange events.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Final

from console import events as ev
from console.parse.logline import log_line
from console.parse.timestamps import parse_time_value

TIME_KEYS: Final = ("timestamp", "time", "ts", "@timestamp", "at", "datetime", "date")
LEVEL_KEYS: Final = ("level", "severity", "lvl", "levelname", "log.level", "loglevel")
MESSAGE_KEYS: Final = ("message", "msg", "event", "text", "log")

# Measurement fields of service logs and what they are called here. Per-request durations
# keep their own name (one request, one query, is not the service's average): the analysis
# leaves them alone and DerivedMetrics averages them.
JSON_METRICS: Final[dict[str, str]] = {
    "query_duration_ms": "query_duration_ms",
    "query_ms": "query_ms",
    "db_query_ms": ev.DB_QUERY_MS,
    "db_pool_size": ev.POOL_SIZE,
    "pool_size": ev.POOL_SIZE,
    "pool_available": ev.POOL_AVAILABLE,
    "available_connections": ev.POOL_AVAILABLE,
    "concurrent_calls": ev.CONCURRENT_CALLS,
    "concurrent_requests": ev.CONCURRENT_CALLS,
    "db_connections": ev.DB_CONNECTIONS,
    "active_connections": ev.DB_CONNECTIONS,
    "max_connections": ev.DB_CONNECTIONS_MAX,
    "error_rate": ev.ERROR_RATE,
    "error_rate_pct": ev.ERROR_RATE,
    "timeout_rate": ev.TIMEOUT_RATE,
    "timeout_rate_pct": ev.TIMEOUT_RATE,
    "cpu_pct": ev.CPU,
    "cpu_percent": ev.CPU,
    "memory_pct": ev.MEMORY,
    "memory_percent": ev.MEMORY,
    "request_rate": ev.REQUEST_RATE,
    "rps": ev.REQUEST_RATE,
    "p99_ms": ev.LATENCY_P99,
    "latency_p99_ms": ev.LATENCY_P99,
    "p95_ms": ev.LATENCY_P95,
    "latency_p95_ms": ev.LATENCY_P95,
    "latency_avg_ms": ev.LATENCY_AVG,
    "latency_ms": "latency_ms",
    "duration_ms": "duration_ms",
    "response_time_ms": "response_time_ms",
    "elapsed_ms": "elapsed_ms",
    "request_duration_ms": "request_duration_ms",
}
DURATION_KEYS: Final = (
    "latency_ms",
    "duration_ms",
    "response_time_ms",
    "elapsed_ms",
    "request_duration_ms",
)
_SCOPE_KEYS: Final = ("color", "colour", "env", "environment", "slot", "track")


def _level(value: Any) -> str:
    if isinstance(value, str) and value:
        up = value.upper()
        return "WARNING" if up == "WARN" else up
    if isinstance(value, int) and not isinstance(value, bool):
        # Python logging's numeric levels.
        for floor, name in ((50, "CRITICAL"), (40, "ERROR"), (30, "WARNING"), (20, "INFO")):
            if value >= floor:
                return name
        return "DEBUG"
    return "INFO"


def json_events(
    obj: dict[str, Any],
    line: str,
    fallback_ts: float,
    source: str,
    out: list[ev.Event],
    fresh: Callable[[ev.Event], bool] | None = None,
) -> float:
    """Append the events of one JSON object line to ``out``; return the event time.

    ``fresh``: asked about a change event before it is appended (False: a repeat, dropped).
    """
    ts: float | None = None
    fields = dict(obj)
    for key in TIME_KEYS:
        if key in fields:
            t = parse_time_value(fields[key])
            if t is not None:
                ts = t
                del fields[key]
                break
    if ts is None:
        ts = fallback_ts
    level = "INFO"
    for key in LEVEL_KEYS:
        if key in fields:
            level = _level(fields.pop(key))
            break
    message: str | None = None
    for key in MESSAGE_KEYS:
        value = fields.get(key)
        if value is not None:
            del fields[key]
            message = value if isinstance(value, str) else str(value)
            break
    if message is None:
        message = line  # nothing to call the message: show the line as it is
    kind = fields.get("kind")
    change_event = kind == "deployment" or kind == "config_change"
    samples: list[tuple[str, float, str]] = []
    scope = ""
    for key in _SCOPE_KEYS:
        v = fields.get(key)
        if v == "blue" or v == "green":
            scope = v
            break
    for key, value in fields.items():
        name = JSON_METRICS.get(key)
        if name is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        try:
            value = float(value)
        except OverflowError:  # a 400-digit integer is not a measurement
            continue
        if not math.isfinite(value):
            continue
        samples.append((name, value, scope))
    out.append(
        log_line(
            ts,
            source,
            level,
            message,
            (),
            "json",
            () if change_event else tuple(samples),
            fields or None,
        )
    )
    if change_event:
        change = _change(str(kind), ts, fields, source)
        if fresh is None or fresh(change):
            out.append(change)
        # After the change, as samples of their own: the order of facts is kept.
        out.extend(
            ev.MetricSample(ts=ts, source=source, name=n, value=v, scope=sc) for n, v, sc in samples
        )
    return ts


def _changes(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, Any] = {}
    for k, v in value.items():
        out[str(k)] = dict(v) if isinstance(v, Mapping) else {"after": v}
    return out


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def _change(kind: str, ts: float, f: dict[str, Any], source: str) -> ev.Event:
    if kind == "deployment":
        return ev.Deployment(
            ts=ts,
            source=source,
            service=_opt(f.get("service")),
            version=_opt(f.get("version")),
            environment=_opt(f.get("environment") or f.get("env")),
            changes=_changes(f.get("changes")),
        )
    return ev.ConfigChange(
        ts=ts,
        source=source,
        service=_opt(f.get("service")),
        changes=_changes(f.get("changes")),
        resource=_opt(f.get("resource")),
    )
