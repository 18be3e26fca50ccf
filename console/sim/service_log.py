"""JSON-lines service logs of the simulated pods and the change events of a deployment.

Real incidents are diagnosed from these (seed 003): normal request lines with pool figures,
then "pool exhausted" timeouts flagged ``possibly_deployment_related``. They are emitted in
the same stream as the agent's own log, one JSON object per line.
"""

from __future__ import annotations

import json
from typing import Any

from console.sim.scenarios import PODS, SERVICE, ServiceModel, Snapshot
from console.timefmt import iso_ms

_POD_HASH = {"blue": "5f8b7c", "green": "7c9d5e"}


iso = iso_ms  # ISO 8601 with the zone, millisecond precision


def _line(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(", ", ": "))


def change_event(kind: str, at: float, version: str, **extra: Any) -> str:
    """A ``{"kind": "deployment"|"config_change", ...}`` line, as a CD system would emit."""
    fields: dict[str, Any] = {"kind": kind, "at": iso(at), "service": SERVICE, "version": version}
    fields.update(extra)
    return _line(fields)


def service_lines(
    model: ServiceModel, snap: Snapshot, tick: int, deployed_at: float | None
) -> list[str]:
    """The pods' log lines for one 10 s tick (only scenarios whose story has them)."""
    name = model.scenario.name
    if name == "config-bug":
        return _config_bug_lines(model, snap, tick, deployed_at)
    if name == "pool-exhaustion":
        return _pool_lines(model, snap, tick)
    return []


def _pod(model: ServiceModel, snap: Snapshot, colour: str, key: str) -> str:
    i = model.rng(snap.at, f"pod-{colour}-{key}").randrange(PODS)
    return f"{SERVICE}-{colour}-{_POD_HASH[colour]}-{i}"


def _config_bug_lines(
    model: ServiceModel, snap: Snapshot, tick: int, deployed_at: float | None
) -> list[str]:
    out: list[str] = []
    ts = iso(snap.at)
    since_min = None if deployed_at is None else round((snap.at - deployed_at) / 60.0)
    for c in snap.serving:
        rng = model.rng(snap.at, f"svc-{c.colour}")
        broken = c.timeout_pct > 1.0
        if not broken and tick % 3 == (0 if c.colour == "blue" else 1):
            calls = max(1, min(3, round(c.concurrent_calls + rng.uniform(-0.6, 0.6))))
            fields: dict[str, Any] = {
                "timestamp": ts,
                "level": "INFO",
                "service": SERVICE,
                "pod": _pod(model, snap, c.colour, "info"),
                "message": "Recommendations served",
                "db_pool_size": c.pool_size,
                "concurrent_calls": calls,
                "pool_available": c.pool_size - calls,
                "query_duration_ms": round(150 * (1 + rng.uniform(-0.08, 0.08))),
            }
            if c.colour == "green" and since_min is not None:
                fields["minutes_since_deployment"] = since_min
            out.append(_line(fields))
        if c.colour != "green" or since_min is None:
            continue
        calls_now = round(c.concurrent_calls)
        if not broken and calls_now > c.pool_size:
            out.append(
                _line(
                    {
                        "timestamp": ts,
                        "level": "WARNING",
                        "service": SERVICE,
                        "pod": _pod(model, snap, "green", "warn"),
                        "message": "Connection pool nearly exhausted",
                        "db_pool_size": c.pool_size,
                        "concurrent_calls": calls_now,
                        "pool_available": c.pool_size - calls_now,
                        "possibly_deployment_related": True,
                        "minutes_since_deployment": since_min,
                    }
                )
            )
        if broken:
            recent = iso(deployed_at) if deployed_at is not None else None
            for i in range(1 + int(c.timeout_pct / 20.0)):
                out.append(
                    _line(
                        {
                            "timestamp": ts,
                            "level": "ERROR",
                            "service": SERVICE,
                            "pod": _pod(model, snap, "green", f"err{i}"),
                            "message": "Database connection timeout - pool exhausted",
                            "db_pool_size": c.pool_size,
                            "concurrent_calls": 8,
                            "pool_available": c.pool_size - 8,
                            "possibly_deployment_related": True,
                            "recent_deployment_time": recent,
                            "minutes_since_deployment": since_min,
                        }
                    )
                )
            if c.p99_ms > 1500:
                spike = round(2000 + 150 * rng.random())
                out.append(
                    _line(
                        {
                            "timestamp": ts,
                            "level": "ERROR",
                            "service": SERVICE,
                            "pod": _pod(model, snap, "green", "spike"),
                            "message": "LATENCY SPIKE - Query took 2000ms+",
                            "query_duration_ms": spike,
                            "latency_threshold_exceeded": "2000ms",
                            "possibly_deployment_related": True,
                            "minutes_since_deployment": since_min,
                        }
                    )
                )
    return out


def _pool_lines(model: ServiceModel, snap: Snapshot, tick: int) -> list[str]:
    out: list[str] = []
    ts = iso(snap.at)
    limit = snap.max_connections
    for c in snap.serving:
        if c.error_pct < 1.0:
            continue
        rng = model.rng(snap.at, f"svc-{c.colour}")
        for i in range(1 + int(c.error_pct / 4.0)):
            out.append(
                _line(
                    {
                        "timestamp": ts,
                        "level": "ERROR",
                        "service": SERVICE,
                        "pod": _pod(model, snap, c.colour, f"err{i}"),
                        "message": "Database error - connection pool exhausted",
                        "db_connections": round(snap.connections),
                        "max_connections": limit,
                        "pool_size": model.scenario.pool_per_pod,
                        "wait_ms": round(1000 + 1000 * rng.random()),
                    }
                )
            )
    return out
