"""Small service logs for rca scenario tests: request lines at a steady rate with a
background of ordinary errors and warnings, and an incident's errors from a given time.

Two logger shapes are enough here (structlog and zap); the evaluation corpus
(tests/fixtures/rca_eval) covers the others.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Incident = Callable[[float, random.Random], dict[str, Any] | None]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def at(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


_BACKGROUND = (
    {"event": "validation failed", "level": "warning", "error": "ValueError: sku is required"},
    {"event": "client aborted request", "level": "warning", "status_code": 499},
    {"event": "retry succeeded", "level": "warning", "error": "upstream returned 503, retried"},
    {"event": "cache refresh failed", "level": "error", "error": "TimeoutError: redis timeout"},
)


def _shape(line: dict[str, Any], ts: float, shape: str) -> dict[str, Any]:
    if shape == "zap":
        out = {"level": line.pop("level"), "ts": round(ts, 3), "msg": line.pop("event")}
        out.update(line)
        return out
    return {**line, "timestamp": iso(ts)}


def write_log(
    path: Path,
    *,
    service: str,
    start: float,
    minutes: int,
    incident: Incident,
    shape: str = "structlog",
    rps: float = 2.0,
    seed: int = 1,
    endpoints: tuple[str, ...] = ("/api/orders", "/api/cart", "/api/checkout"),
    version: str = "1.0.0",
) -> None:
    """``incident(t, rng)`` returns the failing line for a request at ``t`` (or None)."""
    rng = random.Random(seed)
    t = start
    lines = []
    while t < start + minutes * 60:
        t += rng.expovariate(rps)
        bad = incident(t, rng)
        if bad is not None:
            line = {"level": "error", **bad}
        elif rng.random() < 0.01:
            line = dict(rng.choice(_BACKGROUND))
        else:
            line = {
                "event": "request finished",
                "level": "info",
                "path": rng.choice(endpoints),
                "status_code": 200,
                "duration_ms": round(rng.uniform(8, 60), 1),
            }
        line.setdefault("service", service)
        line.setdefault("version", version)
        line.setdefault("host", f"{service}-7d9f8c6b5-{rng.choice(['ab12c', 'x9k2p', 'qq7m1'])}")
        lines.append(json.dumps(_shape(line, t, shape)))
    path.write_text("\n".join(lines) + "\n")


def write_jsonl(path: Path, objs: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(o) + "\n" for o in objs))
