"""A console's side of the agent control protocol, for tests: plain httpx over loopback."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx


def client(url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=httpx.Timeout(10.0)
    )


def stream(c: httpx.Client, after: int = 0) -> Iterator[dict[str, Any]]:
    """Items and heartbeats of /v1/events until the agent closes the stream."""
    with c.stream("GET", "/v1/events", params={"after": after}) as resp:
        resp.raise_for_status()
        for line in resp.iter_lines():
            if line.strip():
                yield json.loads(line)


def items(c: httpx.Client, after: int = 0) -> list[dict[str, Any]]:
    return [i for i in stream(c, after) if i["type"] != "heartbeat"]


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


def abort(c: httpx.Client, operator: str = "dave", reason: str = "", key: str | None = None):
    return c.post(
        "/v1/rollback",
        json={"operator": operator, "reason": reason},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def wait_for(pred: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll ``pred`` until it returns something truthy (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = pred()
        if got:
            return got
        time.sleep(0.01)
    raise AssertionError("condition not met in time")


def open_gate(c: httpx.Client) -> dict[str, Any]:
    """The gate the agent has open now (waits for it)."""
    return wait_for(lambda: c.get("/v1/status").json()["gate"])


class Background(threading.Thread):
    """Runs ``fn`` (an agent's script) on a thread; ``result()`` re-raises what it raised."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.fn = fn
        self.value: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.fn()
        except BaseException as exc:
            self.error = exc

    def result(self, timeout: float = 20.0) -> Any:
        self.join(timeout)
        assert not self.is_alive(), "the agent's script did not finish"
        if self.error is not None:
            raise self.error
        return self.value
