"""Issue 19, the protocol under a hostile client, over real HTTP on 127.0.0.1: the same
Idempotency-Key in flight twice takes effect once and both get the first answer; a 10 MB body
gets a JSON 413 and 100k-deep JSON a 400; the agent-session epoch is in the status, the
session item, every heartbeat and the stream's header, and is new at every start."""

from __future__ import annotations

import asyncio
import json
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.agent_sdk.http import EPOCH_HEADER
from console.sim.handle import SimHandle
from tests.helpers.sim_operator import FAST, client, stream


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    with SimHandle.start("healthy", token="s3cret", heartbeat_s=0.2, **FAST) as handle:
        yield handle


def _first_gate(c: httpx.Client) -> dict[str, Any]:
    for item in stream(c):
        if item["type"] == "gate_opened":
            return dict(item["gate"])
    raise AssertionError("no gate opened")


async def _post_in_flight_twice(url: str, path: str, body: dict[str, Any], key: str) -> list[Any]:
    """Two connections send their headers, so both requests are in the server at once; only
    then do their bodies go. Returns both (status, body) answers."""
    host, port = url.removeprefix("http://").split(":")
    payload = json.dumps(body).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer s3cret\r\n"
        f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
    ).encode()
    conns = [await asyncio.open_connection(host, int(port)) for _ in range(2)]
    for _, writer in conns:
        writer.write(head)
        await writer.drain()
    await asyncio.sleep(0.2)  # both handlers are now waiting for their bodies
    for _, writer in conns:
        writer.write(payload)
        await writer.drain()
    answers = []
    for reader, writer in conns:
        raw = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        status_line, _, rest = raw.partition(b"\r\n")
        answers.append((int(status_line.split()[1]), json.loads(rest.split(b"\r\n\r\n", 1)[1])))
    return answers


@pytest.mark.parametrize("decision", ["approve", "hold"])
def test_the_same_key_in_flight_twice_takes_effect_once(sim: SimHandle, decision: str) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
    path = f"/v1/gates/{gate['gate_id']}/decision"
    body = {"decision": decision, "operator": "alice", "reason": "r"}
    first, second = asyncio.run(_post_in_flight_twice(sim.url, path, body, "key-in-flight"))
    assert first == second  # the retry is not told 409: it gets the first answer
    assert first[0] == 200 and first[1]["decision"] == decision
    assert sim.agent is not None
    agent = sim.agent
    effects = sim.call(
        lambda: [
            i
            for i in agent.items
            if i.get("gate_id") == gate["gate_id"] and i["type"] in ("gate_closed", "gate_held")
        ]
    )
    assert len(effects) == 1


def test_a_rollback_in_flight_twice_takes_effect_once(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        _first_gate(c)
    body = {"operator": "alice", "reason": "abort"}
    first, second = asyncio.run(_post_in_flight_twice(sim.url, "/v1/rollback", body, "rb-1"))
    assert first == second and first[0] == 200


def test_a_10mb_body_is_a_json_413_and_deep_json_a_400(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        path = f"/v1/gates/{gate['gate_id']}/decision"
        big = c.post(
            path,
            content=b'{"operator": "' + b"a" * (10 * 1024 * 1024) + b'"}',
            headers={"Content-Type": "application/json", "Idempotency-Key": "big"},
        )
        assert big.status_code == 413
        assert big.headers["content-type"].startswith("application/json")
        assert "over" in big.json()["error"]
        deep = c.post(
            path,
            content=b"[" * 100_000 + b"]" * 100_000,
            headers={"Content-Type": "application/json", "Idempotency-Key": "deep"},
        )
        assert deep.status_code == 400 and deep.json()["error"] == "body must be a JSON object"
        bad_utf8 = c.post(path, content=b'{"operator": "\xff"}', headers={"Idempotency-Key": "u"})
        assert bad_utf8.status_code == 400
        # none of them took effect, and a well-formed retry with the same key still can
        ok = c.post(
            path,
            json={"decision": "approve", "operator": "alice"},
            headers={"Idempotency-Key": "deep"},
        )
        assert ok.status_code == 200 and ok.json()["decision"] == "approve"


def test_the_epoch_is_everywhere_and_new_at_each_start(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        epoch = c.get("/v1/status").json()["epoch"]
        assert isinstance(epoch, str) and len(epoch) >= 8
        with c.stream("GET", "/v1/events", params={"after": 0}) as resp:
            assert resp.headers[EPOCH_HEADER] == epoch
        items = []
        for item in stream(c):
            items.append(item)
            if item["type"] == "heartbeat":
                break
    assert items[0]["type"] == "session" and items[0]["epoch"] == epoch
    assert items[-1]["epoch"] == epoch
    with (
        SimHandle.start("healthy", token="s3cret", **FAST) as again,
        client(again.url, "s3cret") as c,
    ):
        assert c.get("/v1/status").json()["epoch"] != epoch


def test_the_agent_log_is_private(tmp_path: Path) -> None:
    fresh = tmp_path / "logs" / "agent.log"
    old = tmp_path / "old.log"
    old.write_text("left from before\n")
    old.chmod(0o644)
    for path in (fresh, old):
        with SimHandle.start("healthy", token="s3cret", log_path=path, **FAST) as sim:
            assert sim.url
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert "left from before" not in old.read_text()  # the agent starts its log afresh
