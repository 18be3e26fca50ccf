"""The SDK's endpoint speaks protocol v1 over real HTTP on 127.0.0.1 (a sync agent here)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from console.agent_sdk import Aborted, Decision, SyncEndpoint
from console.errors import EndpointError
from tests.helpers.protocol_client import (
    Background,
    abort,
    client,
    decide,
    items,
    open_gate,
    stream,
    wait_for,
)

TOKEN = "s3cret"


def endpoint(**kw: Any) -> SyncEndpoint:
    kw.setdefault("token", TOKEN)
    kw.setdefault("heartbeat_s", 0.2)
    return SyncEndpoint(service="checkout", version="2.1.0", agent="test-agent", **kw)


@pytest.fixture
def ep() -> Iterator[SyncEndpoint]:
    with endpoint() as e:
        yield e


def rollout(ep: SyncEndpoint, stages: tuple[float, ...] = (10, 25, 50)) -> list[Decision]:
    """A small agent: each stage shifted, measured, gated; obeys the decision."""
    out = []
    for i, pct in enumerate(stages):
        ep.stage(pct)
        ep.traffic(pct)
        ep.metrics({"latency_p99_ms": 120.0 + i, "error_rate_pct": 0.1}, scope="green")
        if i + 1 == len(stages):
            break
        d = ep.gate(pct, stages[i + 1])
        out.append(d)
        if not d.approved:
            ep.begin_rollback(d.reason)
            ep.traffic(0)
            ep.end("rolled_back", f"rolled back by {d.operator}")
            return out
    ep.end("succeeded")
    return out


def test_token_rules(ep: SyncEndpoint) -> None:
    with httpx.Client(base_url=ep.url) as c:
        r = c.get("/v1/status")
        assert r.status_code == 401 and "Bearer" in r.json()["error"]
        assert c.get("/v1/status", headers={"Authorization": "Bearer nope"}).status_code == 403
        assert c.get("/v1/events", headers={"Authorization": "Basic x"}).status_code == 401
        r = c.post("/v1/rollback", json={"operator": "x"}, headers={"Authorization": "Bearer"})
        assert r.status_code == 401
    assert ep.state == "starting"  # nothing refused had an effect


def test_status_snapshot_and_epoch(ep: SyncEndpoint) -> None:
    agent = Background(lambda: rollout(ep, (10, 100)))
    agent.start()
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
        st = c.get("/v1/status").json()
        assert st["protocol"] == 1
        assert st["agent"] == "test-agent"
        assert st["service"] == "checkout" and st["version"] == "2.1.0"
        assert st["epoch"] == ep.epoch and len(st["epoch"]) >= 8
        assert st["state"] == "at_gate"
        assert st["plan"] == [10, 25, 50, 75, 100]
        assert st["traffic"] == {"green_pct": 10.0, "actual_green_pct": 10.0}
        assert gate["stage_pct"] == 10 and gate["next_pct"] == 100
        assert st["last_seq"] == len(items_until_gate(c))
        first = next(stream(c))
        assert first["seq"] == 1 and first["type"] == "session"
        assert first["epoch"] == ep.epoch
        assert first["agent_session_id"] == st["session_id"]
        assert decide(c, gate["gate_id"], "approve").status_code == 200
        agent.result()
        assert c.get("/v1/status").json()["state"] == "succeeded"
    # A second endpoint (the agent restarted) has a new epoch.
    with endpoint() as again:
        assert again.epoch != ep.epoch


def items_until_gate(c: httpx.Client) -> list[dict[str, Any]]:
    got = []
    for item in stream(c):
        if item["type"] == "heartbeat":
            break
        got.append(item)
    return got


def test_heartbeat_has_no_seq_and_carries_the_epoch(ep: SyncEndpoint) -> None:
    ep.log("[10:00:00] [INFO] one line")
    with client(ep.url, TOKEN) as c:
        last = c.get("/v1/status").json()["last_seq"]
        with c.stream("GET", "/v1/events", params={"after": last}) as resp:
            assert resp.headers["content-type"].startswith("application/x-ndjson")
            line = next(ln for ln in resp.iter_lines() if ln.strip())
    beat = json.loads(line)
    assert beat["type"] == "heartbeat"
    assert "seq" not in beat
    assert beat["last_seq"] == last
    assert beat["epoch"] == ep.epoch


def test_resume_after_a_drop_has_no_gap_or_duplicate(ep: SyncEndpoint) -> None:
    for i in range(30):
        ep.log(f"[10:00:{i:02d}] [INFO] line {i}")
    seen: list[dict[str, Any]] = []
    with client(ep.url, TOKEN) as c:
        for item in stream(c):
            seen.append(item)
            if len(seen) == 12:
                break  # drop the connection mid-stream
        for i in range(30, 40):
            ep.log(f"[10:00:{i:02d}] [INFO] line {i}")
        ep.end("succeeded")
        seen += items(c, after=seen[-1]["seq"])
        assert [i["seq"] for i in seen] == list(range(1, len(seen) + 1))
        assert seen[-1]["line"].endswith("[SHUTDOWN] Agent session terminated")
        # A reconnect after the end replays exactly the tail, then closes.
        tail = items(c, after=len(seen) - 2)
    assert [i["seq"] for i in tail] == [len(seen) - 1, len(seen)]


def test_first_decision_wins_between_two_consoles(ep: SyncEndpoint) -> None:
    agent = Background(lambda: rollout(ep, (10, 25)))
    agent.start()
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
    barrier = threading.Barrier(2)
    answers: dict[str, httpx.Response] = {}

    def console(name: str, decision: str) -> None:
        with client(ep.url, TOKEN) as c:
            barrier.wait()
            answers[name] = decide(c, gate["gate_id"], decision, operator=name)

    threads = [
        threading.Thread(target=console, args=("alice", "approve")),
        threading.Thread(target=console, args=("bob", "rollback")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    codes = sorted(r.status_code for r in answers.values())
    assert codes == [200, 409]
    winner = next(n for n, r in answers.items() if r.status_code == 200)
    loser = next(n for n, r in answers.items() if r.status_code == 409)
    refusal = answers[loser].json()
    assert refusal["error"] == "gate already decided"
    assert refusal["decided_by"] == winner
    assert refusal["decided_at"] == answers[winner].json()["decided_at"]
    decisions = agent.result()
    assert decisions[0].operator == winner
    with client(ep.url, TOKEN) as c:
        closed = [i for i in items(c) if i["type"] == "gate_closed"]
    assert [i["operator"] for i in closed if i["gate_id"] == gate["gate_id"]] == [winner]


def test_idempotency_key_replays_the_first_answer(ep: SyncEndpoint) -> None:
    agent = Background(lambda: rollout(ep, (10, 25)))
    agent.start()
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
        r1 = decide(c, gate["gate_id"], "approve", key="k-1")
        r2 = decide(c, gate["gate_id"], "approve", key="k-1")
        assert r1.status_code == r2.status_code == 200
        assert r1.json() == r2.json()
        # Another key on a decided gate is a new request: refused.
        assert decide(c, gate["gate_id"], "approve", key="k-2").status_code == 409
        agent.result()
        closed = [i for i in items(c) if i["type"] == "gate_closed"]
    assert [i["gate_id"] for i in closed] == [gate["gate_id"]]


def test_bad_requests_have_no_effect(ep: SyncEndpoint) -> None:
    agent = Background(lambda: rollout(ep, (10, 25)))
    agent.start()
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
        url = f"/v1/gates/{gate['gate_id']}/decision"
        assert c.post(url, content=b"not json").status_code == 400
        assert c.post(url, json=["approve"]).status_code == 400
        assert c.post(url, json={"decision": "yes", "operator": "a"}).status_code == 400
        assert c.post(url, json={"decision": "approve"}).status_code == 400
        assert c.post(url, json={"decision": "approve", "operator": "a" * 500}).status_code == 400
        big = {"decision": "approve", "operator": "a", "reason": "x" * 100_000}
        assert c.post(url, json=big).status_code == 413
        assert c.get("/v1/events", params={"after": "x"}).status_code == 400
        assert c.get("/v1/events", params={"after": "-1"}).status_code == 400
        assert decide(c, "gate-9-99", "approve").status_code == 404
        # A malformed request with a key may be fixed and sent again with that key.
        assert decide(c, gate["gate_id"], "maybe", key="k").status_code == 400
        assert decide(c, gate["gate_id"], "rollback", key="k").status_code == 200
        assert c.get("/v1/status").json()["gate"] is None
    assert [d.decision for d in agent.result()] == ["rollback"]


def test_hold_keeps_waiting_and_operator_text_is_data(ep: SyncEndpoint) -> None:
    agent = Background(lambda: rollout(ep, (10, 25)))
    agent.start()
    hostile = "DBA\n[10:00:00] [SUCCESS] Deployment complete: 100% of traffic on green"
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
        held = decide(
            c, gate["gate_id"], "hold", operator="carol\nDEPLOYMENT STATUS: OK", reason=hostile
        )
        assert held.status_code == 200 and held.json()["decision"] == "hold"
        assert c.get("/v1/status").json()["gate"]["gate_id"] == gate["gate_id"]
        assert agent.is_alive()  # still waiting in gate()
        assert decide(c, gate["gate_id"], "approve", operator="dave").status_code == 200
        got = items(c)
    assert [d.operator for d in agent.result()] == ["dave"]
    hold = next(i for i in got if i["type"] == "gate_held")
    assert hold["reason"] == hostile  # kept whole, as data
    lines = [i["line"] for i in got if i["type"] == "log"]
    assert not any("STATUS: OK" in ln or ln.startswith("[10:00:00]") for ln in lines)
    assert sum("Deployment complete" in ln for ln in lines) == 1  # the agent's own, at the end
    assert any("held by carol?DEPLOYMENT?STATUS??OK" in ln for ln in lines)


def test_abort_mid_stage_callback_then_exception() -> None:
    told: list[Aborted] = []
    ep = endpoint(on_abort=told.append)
    ep.start()
    measuring = threading.Event()

    def agent() -> str:
        ep.stage(10)
        ep.traffic(10)
        try:
            while True:
                ep.metrics(error_rate_pct=0.1)
                measuring.set()
                wait_for(lambda: told, 5)  # the callback came first ...
        except Aborted as exc:  # ... then the next call raised
            ep.begin_rollback(exc.reason)
            ep.log("[10:00:00] [INFO] moving traffic back")  # raises once only
            ep.traffic(0)
            ep.end("rolled_back", exc.reason)
            return exc.operator

    bg = Background(agent)
    bg.start()
    try:
        assert measuring.wait(10)
        with client(ep.url, TOKEN) as c:
            r = abort(c, "dave", "pager storm", key="abort-1")
            assert r.status_code == 200 and r.json()["result"] == "accepted"
            again = abort(c, "dave", "pager storm", key="abort-1")
            assert again.status_code == 200 and again.json() == r.json()
            other = abort(c, "erin", "me too")
            assert other.status_code == 409 and other.json()["decided_by"] == "dave"
            assert bg.result() == "dave"
            assert told[0].reason == "pager storm"
            assert c.get("/v1/status").json()["state"] == "rolled_back"
            assert abort(c, "frank").status_code == 409
            lines = [i["line"] for i in items(c) if i["type"] == "log"]
        assert any('rollback_traffic(to_env="blue")' in ln for ln in lines)
        assert "ROLLBACK STATUS: SUCCESSFUL" in lines
    finally:
        ep.close()


def test_abort_at_a_gate_closes_it_as_a_rollback(ep: SyncEndpoint) -> None:
    agent = Background(lambda: rollout(ep, (10, 25)))
    agent.start()
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
        assert abort(c, "dave", "pager storm").status_code == 200
        (d,) = agent.result()
        assert (d.decision, d.operator, d.reason, d.aborted) == (
            "rollback",
            "dave",
            "pager storm",
            True,
        )
        refused = decide(c, gate["gate_id"], "approve")
        assert refused.status_code == 409 and refused.json()["decided_by"] == "dave"


def test_gate_timeout_rolls_back_in_the_agents_name(ep: SyncEndpoint) -> None:
    ep.stage(10)
    ep.traffic(10)
    d = ep.gate(10, 25, timeout=0.2)
    assert d.timed_out and d.decision == "rollback" and d.operator == "agent"
    with client(ep.url, TOKEN) as c:
        ep.end("rolled_back")
        closed = [i for i in items(c) if i["type"] == "gate_closed"]
    assert closed == [
        {**closed[0], "decision": "rollback", "operator": "agent", "gate_id": d.gate_id}
    ]


def test_misuse_and_bad_setup_are_one_line_errors(tmp_path: Any) -> None:
    with pytest.raises(EndpointError, match="no token"):
        SyncEndpoint(service="s", version="1", env={}).start()
    with pytest.raises(EndpointError, match="not found"):
        SyncEndpoint(service="s", version="1", token_file=tmp_path / "missing").start()
    (tmp_path / "tok").write_text("from-file\n")
    (tmp_path / "tok").chmod(0o600)
    with SyncEndpoint(service="s", version="1", token_file=tmp_path / "tok") as e:
        with client(e.url, "from-file") as c:
            assert c.get("/v1/status").status_code == 200
        with pytest.raises(ValueError, match="between 0 and 100"):
            e.stage(120)
        e.end("succeeded")
        with pytest.raises(EndpointError, match="already ended"):
            e.log("late")
    env = {"OPSCONSOLE_AGENT_TOKEN": "env-tok"}
    with SyncEndpoint(service="s", version="1", env=env) as e, client(e.url, "env-tok") as c:
        assert c.get("/v1/status").status_code == 200
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        with pytest.raises(EndpointError, match="cannot listen"):
            endpoint(port=busy.getsockname()[1]).start()
    finally:
        busy.close()


def test_metrics_validation(ep: SyncEndpoint) -> None:
    assert ep.metrics({"latency_p99_ms": float("nan"), "error_rate_pct": 0.5}) == 1
    assert (
        ep.metrics(
            [
                ("db_connections", 40, "blue"),
                {"name": "db_connections", "value": 18, "scope": "green"},
            ]
        )
        == 2
    )
    assert ep.metrics(latency_p99_ms=float("inf")) == 0
    with pytest.raises(ValueError):
        ep.metrics(latency_p99_ms="fast")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ep.metrics({"x": 1.0}, scope="purple")
    ep.end("succeeded")
    with client(ep.url, TOKEN) as c:
        got = [i["samples"] for i in items(c) if i["type"] == "metrics"]
    assert got == [
        [{"name": "error_rate_pct", "value": 0.5, "scope": ""}],
        [
            {"name": "db_connections", "value": 40.0, "scope": "blue"},
            {"name": "db_connections", "value": 18.0, "scope": "green"},
        ],
    ]


def test_needs_approval_sync(ep: SyncEndpoint) -> None:
    from console.agent_sdk import ApprovalDenied, needs_approval

    done: list[int] = []

    @needs_approval(ep, describe=lambda n: f"scale blue down to {n} pods")
    def scale(n: int) -> int:
        done.append(n)
        return n

    with client(ep.url, TOKEN) as c:
        bg = Background(lambda: scale(0))
        bg.start()
        gate = open_gate(c)
        assert gate["action"] == "scale blue down to 0 pods"
        assert decide(c, gate["gate_id"], "approve", operator="olga").status_code == 200
        assert bg.result() == 0
        bg = Background(lambda: scale(1))
        bg.start()
        gate = open_gate(c)
        assert decide(c, gate["gate_id"], "rollback", operator="olga").status_code == 200
        with pytest.raises(ApprovalDenied, match="denied by olga"):
            bg.result()
        assert c.get("/v1/status").json()["state"] == "starting"  # a "no" denies one action
    assert done == [0]


def test_the_log_file_gets_every_line_even_undecodable_ones(tmp_path: Any) -> None:
    log = tmp_path / "agent.log"
    with endpoint(log_path=log) as e:
        e.log("[10:00:00] [INFO] bad \ud800 byte", "two\nlines")
        e.end("succeeded")
        with client(e.url, TOKEN) as c:
            lines = [i["line"] for i in items(c) if i["type"] == "log"]
    text = log.read_text(encoding="utf-8")
    assert "bad \\ud800 byte" in text and "\ntwo\nlines\n" in text
    assert "[10:00:00] [INFO] bad \ud800 byte" in lines  # the stream keeps the text as given
    assert lines[-1].endswith("[SHUTDOWN] Agent session terminated")


def test_hostile_bodies_are_400s_and_decide_nothing(ep: SyncEndpoint) -> None:
    """A body nested past the parser's depth is a 400 like any malformed body (not a 500 and
    a traceback on the agent's stderr); an operator or reason that is not valid Unicode (a lone
    surrogate, valid JSON) is refused before it reaches the agent's Decision, whose text the
    agent prints and writes."""
    agent = Background(lambda: rollout(ep, (10, 25)))
    agent.start()
    with client(ep.url, TOKEN) as c:
        gate = open_gate(c)
        url = f"/v1/gates/{gate['gate_id']}/decision"
        deep = b"[" * 30_000 + b"]" * 30_000
        r = c.post(url, content=deep, headers={"Idempotency-Key": "d"})
        assert r.status_code == 400 and "error" in r.json()
        assert c.post("/v1/rollback", content=deep).status_code == 400
        lone = b'{"decision": "approve", "operator": "mallory\\ud800", "reason": "ok"}'
        r = c.post(url, content=lone)
        assert r.status_code == 400 and "Unicode" in r.json()["error"]
        lone = b'{"decision": "approve", "operator": "mallory", "reason": "\\udfff"}'
        assert c.post(url, content=lone).status_code == 400
        assert c.get("/v1/status").json()["gate"]["gate_id"] == gate["gate_id"]  # still open
        assert decide(c, gate["gate_id"], "rollback", key="d").status_code == 200
    assert [(d.decision, d.operator) for d in agent.result()] == [("rollback", "alice")]


def test_a_token_file_others_can_read_or_write_is_refused(tmp_path: Any) -> None:
    """On a shared host a token file others can read lets them decide gates, and one they
    can write (or planted in /tmp before the agent started) holds a token they chose: the
    endpoint refuses to serve with it, saying how to fix it, as ssh does with its keys."""
    tok = tmp_path / "agent.token"
    tok.write_text("planted-token\n")
    for mode in (0o644, 0o604, 0o620, 0o666):
        tok.chmod(mode)
        with pytest.raises(EndpointError, match="chmod 600") as refused:
            SyncEndpoint(service="s", version="1", token_file=tok).start()
        assert f"{mode:o}" in str(refused.value)
    tok.chmod(0o600)
    with SyncEndpoint(service="s", version="1", token_file=tok) as e:
        with client(e.url, "planted-token") as c:
            assert c.get("/v1/status").status_code == 200
        e.end("succeeded")


def test_half_sent_requests_are_dropped_and_consoles_still_get_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Slowloris from anyone on the host: connections that never finish their request head
    are closed (here after 0.5 s), so they can't pile up until the agent has no file
    descriptors left; a console's stream, which sends its head at once, stays up."""
    import time

    import console.agent_sdk.http as http_module

    monkeypatch.setattr(http_module, "HEADER_DEADLINE_S", 0.5)
    with endpoint() as ep:
        host, port = ep.url.removeprefix("http://").rsplit(":", 1)
        half = []
        for _ in range(50):
            s = socket.create_connection((host, int(port)))
            s.sendall(b"GET /v1/status HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
            half.append(s)
        with client(ep.url, TOKEN) as c, c.stream("GET", "/v1/events") as live:
            deadline = time.monotonic() + 30
            for s in half:
                s.settimeout(max(0.1, deadline - time.monotonic()))
                assert s.recv(1) == b"", "a half-sent request was left open"
                s.close()
            ep.log("still here")
            assert c.get("/v1/status").status_code == 200
            lines = live.iter_lines()
            assert any("still here" in line for line in lines)
        ep.end("succeeded")
