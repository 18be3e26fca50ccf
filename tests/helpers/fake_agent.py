"""A scripted protocol-v1 agent on 127.0.0.1 for tests that need to control every answer.

The simulated agent (console/sim) is the real counterpart; this one exists for what it can't
be made to do on cue: stall, drop a decision request, or let a test look at the session store
at the very moment a request arrives.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


class FakeAgent:
    def __init__(self, token: str = "s3cret-token", *, heartbeat: float = 0.5) -> None:
        self.token = token
        self.heartbeat = heartbeat
        self.items: list[dict[str, Any]] = []
        self.ended = False
        self.state = "monitoring"
        self.gates: dict[str, dict[str, Any]] = {}
        self.answers: dict[str, tuple[int, dict[str, Any]]] = {}  # idempotency key -> answer
        self.requests: list[dict[str, Any]] = []
        self.on_request: Callable[[dict[str, Any]], None] | None = None
        self.drop_decisions = False  # every decision request: go away without answering
        self.drop_next = 0  # only the next N requests
        self.stream_connections = 0
        self.session_id = "fake-1"
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- scripting ----------------------------------------------------------------------

    def add(self, type_: str, at: float = 1_700_000_000.0, **fields: Any) -> int:
        seq = len(self.items) + 1
        self.items.append({"seq": seq, "type": type_, "at": iso(at), **fields})
        if type_ == "gate_opened":
            self.gates[fields["gate"]["gate_id"]] = {"decision": None}
            self.state = "at_gate"
        self._changed.set()
        return seq

    def end(self, state: str = "succeeded") -> None:
        self.state = state
        self.ended = True
        self._changed.set()

    # --- serving ------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(middlewares=[self._auth])
        app.router.add_get("/v1/status", self._status)
        app.router.add_get("/v1/events", self._events)
        app.router.add_post("/v1/gates/{gate_id}/decision", self._decision)
        app.router.add_post("/v1/rollback", self._rollback)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def close(self) -> None:
        self.ended = True
        self._changed.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @web.middleware
    async def _auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:]:
            return web.json_response({"error": "missing bearer token"}, status=401)
        if auth[7:] != self.token:
            return web.json_response({"error": "wrong token"}, status=403)
        return await handler(request)

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "protocol": 1,
                "agent": "FakeAgent 1",
                "session_id": self.session_id,
                "service": "checkout",
                "version": "v9",
                "state": self.state,
                "traffic": {"green_pct": 0.0, "actual_green_pct": None},
                "plan": [10, 25, 50, 75, 100],
                "gate": None,
                "last_seq": len(self.items),
                "started_at": iso(1_700_000_000.0),
            }
        )

    async def _events(self, request: web.Request) -> web.StreamResponse:
        self.stream_connections += 1
        after = int(request.query.get("after", "0"))
        resp = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
        await resp.prepare(request)
        sent = after
        while True:
            while sent < len(self.items):
                await resp.write((json.dumps(self.items[sent]) + "\n").encode())
                sent += 1
            if self.ended:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), self.heartbeat)
            except TimeoutError:
                beat = {"type": "heartbeat", "last_seq": len(self.items), "at": iso(0)}
                await resp.write((json.dumps(beat) + "\n").encode())
        await resp.write_eof()
        return resp

    async def _answer(self, request: web.Request, body: dict[str, Any]) -> web.Response | None:
        key = request.headers.get("Idempotency-Key", "")
        record = {
            "path": request.path,
            "key": key,
            "body": body,
            "headers": {k: v for k, v in request.headers.items() if k != "Authorization"},
        }
        self.requests.append(record)
        if self.on_request is not None:
            self.on_request(record)
        if self.drop_next > 0:
            self.drop_next -= 1
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        if self.drop_decisions:
            assert request.transport is not None
            request.transport.close()  # the agent goes away without answering
            return web.Response(status=500)
        if key in self.answers:
            status, answer = self.answers[key]
            return web.json_response(answer, status=status)
        return None

    async def _decision(self, request: web.Request) -> web.Response:
        body = await request.json()
        early = await self._answer(request, body)
        if early is not None:
            return early
        gate = self.gates.get(request.match_info["gate_id"])
        if gate is None:
            return web.json_response({"error": "no such gate"}, status=404)
        at = iso(1_700_000_600.0)
        if gate["decision"] in ("approve", "rollback"):
            status, answer = (
                409,
                {
                    "error": "gate already decided",
                    "decision": gate["decision"],
                    "decided_by": gate["operator"],
                    "decided_at": gate["at"],
                },
            )
        else:
            if body["decision"] != "hold":
                gate.update(decision=body["decision"], operator=body["operator"], at=at)
            status, answer = (
                200,
                {
                    "gate_id": request.match_info["gate_id"],
                    "decision": body["decision"],
                    "operator": body["operator"],
                    "decided_at": at,
                    "result": "accepted",
                },
            )
        self.answers[request.headers.get("Idempotency-Key", "")] = (status, answer)
        return web.json_response(answer, status=status)

    async def _rollback(self, request: web.Request) -> web.Response:
        body = await request.json()
        early = await self._answer(request, body)
        if early is not None:
            return early
        if self.state in ("rolling_back", "rolled_back", "succeeded", "failed"):
            return web.json_response({"error": f"rollout already {self.state}"}, status=409)
        self.state = "rolling_back"
        return web.json_response(
            {"result": "accepted", "operator": body["operator"], "decided_at": iso(1_700_000_700.0)}
        )
