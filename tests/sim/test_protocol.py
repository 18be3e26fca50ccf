"""The agent control protocol v1, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import re
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.sim.command import load_or_create_token
from console.sim.handle import SimHandle
from console.sim.scenarios import SimError
from tests.helpers.sim_operator import FAST, client, decide, log_lines, run_through, stream


@pytest.fixture
def sim() -> Iterator[SimHandle]:
    with SimHandle.start("healthy", token="s3cret", heartbeat_s=0.2, **FAST) as handle:
        yield handle


def _first_gate(c: httpx.Client) -> dict[str, Any]:
    for item in stream(c):
        if item["type"] == "gate_opened":
            return item["gate"]
    raise AssertionError("no gate opened")


def test_token_required(sim: SimHandle) -> None:
    with httpx.Client(base_url=sim.url) as c:
        r = c.get("/v1/status")
        assert r.status_code == 401
        assert "error" in r.json()
        r = c.get("/v1/status", headers={"Authorization": "Bearer wrong"})
        assert r.status_code == 403
        assert r.json()["error"]
        r = c.post("/v1/rollback", json={"operator": "x"}, headers={"Authorization": "Basic x"})
        assert r.status_code == 401
        # Prometheus scrapes without a token.
        assert c.get("/metrics").status_code == 200


def test_status(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        st = c.get("/v1/status").json()
    assert st["protocol"] == 1
    assert st["service"] == "recommendation-service"
    assert st["version"] == "2.5.0"
    assert st["plan"] == [10, 25, 50, 75, 100]
    assert st["state"] == "at_gate"
    assert st["gate"]["gate_id"] == gate["gate_id"]
    assert st["gate"]["stage_pct"] == 10
    assert st["gate"]["next_pct"] == 25
    assert st["traffic"] == {"green_pct": 10, "actual_green_pct": 10}
    assert st["last_seq"] > 0
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*\+00:00$", st["started_at"])


def test_resume_after_dropped_connection_has_no_gap_or_duplicate(sim: SimHandle) -> None:
    seen: list[dict[str, Any]] = []
    with client(sim.url, sim.token) as c:
        # Read a little, drop the connection mid-stream, resume from the last seq seen.
        for item in stream(c):
            if item["type"] != "heartbeat":
                seen.append(item)
            if len(seen) == 40:
                break
        resumed_from = seen[-1]["seq"]
        seen += run_through(_Resume(c, resumed_from))
    seqs = [i["seq"] for i in seen]
    assert seqs == list(range(1, len(seqs) + 1))
    assert seen[-1]["type"] == "log"
    assert seen[-1]["line"].endswith("[SHUTDOWN] Agent session terminated")
    # A reconnect after the end replays exactly the tail and closes.
    with client(sim.url, sim.token) as c:
        tail = [i for i in stream(c, after=len(seqs) - 3) if i["type"] != "heartbeat"]
    assert [i["seq"] for i in tail] == seqs[-3:]


class _Resume:
    """An httpx.Client stand-in whose /v1/events starts after a given seq (for run_through)."""

    def __init__(self, c: httpx.Client, after: int) -> None:
        self._c = c
        self._after = after

    def stream(self, method: str, url: str, params: dict[str, Any]) -> Any:
        return self._c.stream(method, url, params={"after": self._after})

    def post(self, *args: Any, **kwargs: Any) -> httpx.Response:
        return self._c.post(*args, **kwargs)


def test_heartbeat_while_waiting(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        last = c.get("/v1/status").json()["last_seq"]
        with c.stream("GET", "/v1/events", params={"after": last}) as resp:
            assert resp.headers["content-type"].startswith("application/x-ndjson")
            line = next(ln for ln in resp.iter_lines() if ln.strip())
        beat = json.loads(line)
        assert beat["type"] == "heartbeat"
        assert "seq" not in beat
        assert beat["last_seq"] == last
        assert decide(c, gate["gate_id"], "rollback").status_code == 200


def test_first_decision_wins(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        first = decide(c, gate["gate_id"], "approve", operator="alice", reason="green is fine")
        assert first.status_code == 200
        body = first.json()
        assert body["result"] == "accepted"
        assert body["decision"] == "approve"
        second = decide(c, gate["gate_id"], "rollback", operator="bob")
        assert second.status_code == 409
        refusal = second.json()
        assert refusal["error"] == "gate already decided"
        assert refusal["decided_by"] == "alice"
        assert refusal["decision"] == "approve"
        assert refusal["decided_at"] == body["decided_at"]
        assert decide(c, "gate-9-99", "approve").status_code == 404


def test_idempotency_key_replays_the_first_response(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        r1 = decide(c, gate["gate_id"], "approve", key="k-1")
        r2 = decide(c, gate["gate_id"], "approve", key="k-1")
        assert r1.status_code == r2.status_code == 200
        assert r1.json() == r2.json()
        items = [i for i in run_through(c) if i["type"] == "gate_closed"]
    # Only one closing for that gate: the replay had no second effect.
    assert [i["gate_id"] for i in items].count(gate["gate_id"]) == 1


def test_bad_requests(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        url = f"/v1/gates/{gate['gate_id']}/decision"
        assert c.post(url, content=b"not json").status_code == 400
        assert c.post(url, json=["approve"]).status_code == 400
        assert c.post(url, json={"decision": "yes", "operator": "a"}).status_code == 400
        assert c.post(url, json={"decision": "approve"}).status_code == 400
        assert c.get("/v1/events", params={"after": "x"}).status_code == 400
        # The gate is still open after all that.
        assert c.get("/v1/status").json()["gate"]["gate_id"] == gate["gate_id"]


def test_hold_keeps_the_gate_open(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        gate = _first_gate(c)
        held = decide(c, gate["gate_id"], "hold", operator="carol", reason="waiting for DBA")
        assert held.status_code == 200
        assert held.json()["decision"] == "hold"
        time.sleep(0.3)  # the agent must not move on by itself
        st = c.get("/v1/status").json()
        assert st["state"] == "at_gate"
        assert st["gate"]["gate_id"] == gate["gate_id"]
        first = next(i for i in stream(c) if i["type"] in ("gate_held", "gate_closed"))
        assert first["type"] == "gate_held"
        assert first["operator"] == "carol"
        assert first["reason"] == "waiting for DBA"
        # A hold is not a decision: approve still works after it, and the rollout moves on.
        assert decide(c, gate["gate_id"], "approve").status_code == 200
        items = run_through(c)
    closed = [i for i in items if i["type"] == "gate_closed" and i["gate_id"] == gate["gate_id"]]
    assert [i["decision"] for i in closed] == ["approve"]
    assert sim.wait(10)
    assert sim.outcome == "succeeded"


def test_rollback_at_gate(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        items = run_through(c, lambda gate: "rollback" if gate["stage_pct"] == 25 else "approve")
    assert sim.wait(10)
    assert sim.outcome == "rolled_back"
    closed = [i for i in items if i["type"] == "gate_closed"]
    assert [i["decision"] for i in closed] == ["approve", "rollback"]
    lines = log_lines(items)
    assert 'rollback_traffic(to_env="blue")' in "\n".join(lines)
    assert "DEPLOYMENT STATUS: FAILED" in lines
    assert "ROLLBACK STATUS: SUCCESSFUL" in lines
    assert not any("traffic_shift(percentage=50)" in ln for ln in lines)


def test_abort_mid_rollout() -> None:
    # Live clock (no freezing): abort while the agent is monitoring, not at a gate.
    with SimHandle.start("healthy", token="tok", speed=600, start=1_795_000_000.0) as sim:
        with client(sim.url, sim.token) as c:
            for item in stream(c):
                if item["type"] == "log" and "Metrics after 2 minutes at 10%" in item["line"]:
                    break
            r = c.post(
                "/v1/rollback",
                json={"operator": "dave", "reason": "pager storm"},
                headers={"Idempotency-Key": "abort-1"},
            )
            assert r.status_code == 200, r.text
            assert r.json()["result"] == "accepted"
            again = c.post(
                "/v1/rollback",
                json={"operator": "dave", "reason": "pager storm"},
                headers={"Idempotency-Key": "abort-1"},
            )
            assert again.status_code == 200
            other = c.post("/v1/rollback", json={"operator": "erin", "reason": "me too"})
            assert other.status_code == 409
            items = run_through(c, lambda gate: None)
        assert sim.wait(10)
        assert sim.outcome == "rolled_back"
    lines = log_lines(items)
    # If a gate happened to be open, the abort closed it in dave's name.
    assert all(i["operator"] == "dave" for i in items if i["type"] == "gate_closed")
    assert any("rollback requested by dave: pager storm" in ln for ln in lines)
    assert "ROLLBACK STATUS: SUCCESSFUL" in lines


def test_abort_after_the_end_is_refused(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        run_through(c)
        assert sim.wait(10)
        r = c.post("/v1/rollback", json={"operator": "x", "reason": ""})
        assert r.status_code == 409
        assert c.get("/v1/status").json()["state"] == "succeeded"


def test_metrics_endpoint(sim: SimHandle) -> None:
    with client(sim.url, sim.token) as c:
        run_through(c, lambda gate: "approve" if gate["stage_pct"] < 50 else "stop")
    # Stop at the 50 % gate (no decision): both colours have served traffic.
    with httpx.Client(base_url=sim.url) as c:
        text = c.get("/metrics").text
    for name in (
        "http_request_duration_seconds_bucket",
        "http_requests_total",
        "db_connections",
        "db_max_connections",
        "db_query_duration_seconds",
        "db_cpu_ratio",
        "rollout_green_weight",
    ):
        assert name in text, name
    assert "rollout_green_weight 50.0" in text
    assert "db_max_connections 250.0" in text
    buckets = _buckets(text, "green")
    p99 = _histogram_quantile(0.99, buckets)
    assert 0.2 < p99 < 0.45  # modelled ~0.29 s
    counts = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r'http_requests_total\{code="(\d+)",colour="green"\} (\S+)', text)
    }
    share = counts.get("503", 0.0) / sum(counts.values())
    assert share < 0.01  # healthy error rate ~0.1-0.3 %


def _buckets(text: str, colour: str) -> list[tuple[float, float]]:
    out = []
    pattern = r'http_request_duration_seconds_bucket\{colour="COLOUR",le="([^"]+)"\} (\S+)'
    for m in re.finditer(pattern.replace("COLOUR", colour), text):
        out.append((float(m.group(1)), float(m.group(2))))
    return out


def _histogram_quantile(q: float, buckets: list[tuple[float, float]]) -> float:
    """Prometheus' histogram_quantile: linear interpolation inside the bucket."""
    total = buckets[-1][1]
    rank = q * total
    prev_le, prev_count = 0.0, 0.0
    for le, count in buckets:
        if count >= rank:
            return prev_le + (le - prev_le) * (rank - prev_count) / (count - prev_count)
        prev_le, prev_count = le, count
    return buckets[-2][0]


def test_gate_timeout_never_approves() -> None:
    with SimHandle.start("healthy", token="t", gate_timeout=120, speed=4000, start=1e9) as sim:
        with client(sim.url, sim.token) as c:
            items = run_through(c, lambda gate: None)
        assert sim.wait(10)
        assert sim.outcome == "rolled_back"
    closed = [i for i in items if i["type"] == "gate_closed"]
    assert closed[0]["decision"] == "rollback"
    assert closed[0]["operator"] == "agent"
    assert not any("traffic_shift(percentage=25)" in ln for ln in log_lines(items))


def test_bad_input_is_one_line() -> None:
    with pytest.raises(SimError, match="unknown scenario 'nope'"):
        SimHandle.start("nope", token="t")
    with pytest.raises(SimError, match="speed"):
        SimHandle.start("healthy", token="t", speed=0)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        with pytest.raises(SimError, match="cannot listen"):
            SimHandle.start("healthy", token="t", port=busy.getsockname()[1])
    finally:
        busy.close()


def test_token_file(tmp_path: Path) -> None:
    token, where = load_or_create_token(None)
    path = Path(where.split(" ")[3])
    try:
        assert token not in where
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text().strip() == token
    finally:
        path.unlink()
    f = tmp_path / "tok"
    f.write_text("abc\n")
    assert load_or_create_token(f)[0] == "abc"
    with pytest.raises(SimError, match="not found"):
        load_or_create_token(tmp_path / "missing")
    (tmp_path / "empty").write_text("")
    with pytest.raises(SimError, match="empty"):
        load_or_create_token(tmp_path / "empty")


def test_stop_while_a_client_is_streaming() -> None:
    sim = SimHandle.start("healthy", token="t", **FAST)
    got: list[int] = []
    reading = threading.Event()

    def reader() -> None:
        with client(sim.url, sim.token) as c:
            try:
                for item in stream(c):
                    got.append(item.get("seq", 0))
                    reading.set()
            except httpx.HTTPError:
                pass

    t = threading.Thread(target=reader)
    t.start()
    assert reading.wait(10)
    sim.stop()
    t.join(10)
    assert not t.is_alive()
    assert got
