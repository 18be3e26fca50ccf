"""A scripted operator for the simulated agent, speaking the protocol over real HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

# The protocol's requests are the console side's own (one client for every agent test).
from tests.helpers.protocol_client import client, decide, stream

__all__ = ["FAST", "client", "decide", "log_lines", "run_through", "stream"]

# A fast, reproducible run: the simulated clock stands still while a gate waits.
FAST = {"speed": 4000.0, "freeze_at_gates": True, "start": 1_795_000_000.0, "seed": 7}


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
