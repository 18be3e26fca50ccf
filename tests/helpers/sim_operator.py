"""A scripted operator for the simulated agent, speaking the protocol over real HTTP."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx

# A fast, reproducible run: the simulated clock stands still while a gate waits.
FAST = {"speed": 4000.0, "freeze_at_gates": True, "start": 1_795_000_000.0, "seed": 7}


def client(url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=httpx.Timeout(10.0)
    )


def stream(c: httpx.Client, after: int = 0) -> Iterator[dict[str, Any]]:
    """Items (and heartbeats) of /v1/events until the server closes the stream."""
    with c.stream("GET", "/v1/events", params={"after": after}) as resp:
        resp.raise_for_status()
        for line in resp.iter_lines():
            if line.strip():
                yield json.loads(line)


def decide(
    c: httpx.Client,
    gate_id: str,
    decision: str,
    operator: str = "alice",
    reason: str = "",
    key: str | None = None,
) -> httpx.Response:
    return c.post(
        f"/v1/gates/{gate_id}/decision",
        json={"decision": decision, "operator": operator, "reason": reason},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def run_through(
    c: httpx.Client,
    on_gate: Callable[[dict[str, Any]], str | None] = lambda gate: "approve",
) -> list[dict[str, Any]]:
    """Follow the stream to its end, answering each gate with ``on_gate(gate)``.

    ``None`` leaves the gate alone (keep reading); ``"stop"`` returns at that gate.
    """
    items: list[dict[str, Any]] = []
    for item in stream(c):
        if item["type"] == "heartbeat":
            continue
        items.append(item)
        if item["type"] == "gate_opened":
            decision = on_gate(item["gate"])
            if decision == "stop":
                break
            if decision is not None:
                resp = decide(c, item["gate"]["gate_id"], decision, reason="scripted")
                # 409: decided before (a replayed stream shows old gates opening again)
                assert resp.status_code in (200, 409), resp.text
    return items


def log_lines(items: list[dict[str, Any]]) -> list[str]:
    return [i["line"] for i in items if i["type"] == "log"]
