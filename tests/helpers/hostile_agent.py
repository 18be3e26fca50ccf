"""A protocol-v1 agent on 127.0.0.1 that says whatever a test scripts, byte for byte.

The simulated agent (console/sim) only says well-formed things, and tests/control/fake_agent.py
builds its items with json.dumps. This one streams raw lines, so a test can send what a broken
or hostile agent would: NaN and 1e300 where times go, 400-digit integers, lone surrogates,
JSON nested 100k deep, a line of many megabytes, bytes that aren't UTF-8. It has an epoch and
can "restart" (a new epoch, its items numbered from 1 again), as a real agent process does.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import Any

from aiohttp import web

START = 1_795_000_000.0  # 2026-11-19: any believable time


def iso(ts: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, UTC).isoformat()


class HostileAgent:
    def __init__(self, token: str = "hostile-token", *, heartbeat: float = 0.2) -> None:
        self.token = token
        self.heartbeat = heartbeat
        self.epoch = secrets.token_hex(8)
        self.lines: list[bytes] = []  # the stream, one raw line (no newline) per item
        self.state = "monitoring"
        self.ended = False
        self.session_id = "hostile-1"
        self.status_extra: dict[str, Any] = {}
        self.decisions: list[dict[str, Any]] = []
        self.reply_flood = 0  # > 0: a decision is answered 200 with a body of that many bytes
        self.reply_sent = 0  # bytes of that body the console took before it hung up
        self.reply_trickle = 0.0  # > 0: that body comes a byte every so many seconds
        self.status_trickle = 0.0  # > 0: /v1/status comes a byte every so many seconds
        # > 0: after the lines so far, the event stream sends a log item a byte every so many
        # seconds, no heartbeat meanwhile; set back to 0, the rest of the item comes at once.
        self.events_trickle = 0.0
        # Two agent processes behind one address (a Service with two replicas, or the old
        # pod of a rolling update still answering): each request is answered by the next.
        self.alternate: tuple[str, ...] = ()
        self._turn = 0
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- scripting ----------------------------------------------------------------------

    def raw(self, line: bytes | str) -> int:
        """Append a line as it is (the test writes its "seq" if it wants one)."""
        self.lines.append(line.encode() if isinstance(line, str) else line)
        self._changed.set()
        return len(self.lines)

    def item(self, type_: str, at: Any = None, **fields: Any) -> int:
        """Append a well-formed item with the next seq (``at`` default: a believable time)."""
        seq = len(self.lines) + 1
        body = {"seq": seq, "type": type_, "at": iso(START + seq) if at is None else at}
        body.update(fields)
        if type_ == "session":
            body["epoch"] = self.epoch
        return self.raw(json.dumps(body))

    def log(self, line: str) -> int:
        return self.item("log", line=line)

    def restart(self) -> None:
        """A new agent process: a new epoch, its items from seq 1 again."""
        self.epoch = secrets.token_hex(8)
        self.lines = []
        self.session_id = "hostile-2"  # the same for a minute, as the simulator's was
        self._changed.set()

    def end(self, state: str = "succeeded") -> None:
        self.state = state
        self.ended = True
        self._changed.set()

    # --- serving ------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/v1/status", self._status)
        app.router.add_get("/v1/events", self._events)
        app.router.add_post("/v1/gates/{gate_id}/decision", self._decision)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
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

    def _authorised(self, request: web.Request) -> bool:
        if self.alternate:
            self.epoch = self.alternate[self._turn % len(self.alternate)]
            self._turn += 1
        return request.headers.get("Authorization") == f"Bearer {self.token}"

    async def _status(self, request: web.Request) -> web.StreamResponse:
        if not self._authorised(request):
            return web.json_response({"error": "wrong token"}, status=403)
        answer = web.json_response(
            {
                "protocol": 1,
                "agent": "HostileAgent 1",
                "session_id": self.session_id,
                "epoch": self.epoch,
                "service": "checkout",
                "version": "v9",
                "state": self.state,
                "plan": [10, 25, 50, 75, 100],
                "gate": None,
                "last_seq": len(self.lines),
                "started_at": iso(START),
                **self.status_extra,
            }
        )
        if not self.status_trickle:
            return answer
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        await resp.prepare(request)
        try:
            for byte in (answer.text or "").encode() + b" " * (1 << 20):
                await asyncio.sleep(self.status_trickle)
                await resp.write(bytes([byte]))
        except ConnectionError:
            pass
        return resp

    async def _events(self, request: web.Request) -> web.StreamResponse:
        if not self._authorised(request):
            return web.json_response({"error": "wrong token"}, status=403)
        after = int(request.query.get("after", "0"))
        epoch = self.epoch
        resp = web.StreamResponse(
            headers={"Content-Type": "application/x-ndjson", "Agent-Epoch": epoch}
        )
        await resp.prepare(request)
        sent = after
        try:
            while self.epoch == epoch:  # a restart ends this process's streams
                while sent < len(self.lines):
                    await resp.write(self.lines[sent] + b"\n")
                    sent += 1
                if self.events_trickle:
                    await self._trickle(resp, sent + 1)
                    sent += 1
                if self.ended or self.alternate:  # (alternating: one connection, one answer)
                    break
                self._changed.clear()
                try:
                    await asyncio.wait_for(self._changed.wait(), self.heartbeat)
                except TimeoutError:
                    beat = {"type": "heartbeat", "last_seq": len(self.lines), "epoch": epoch}
                    await resp.write(json.dumps(beat).encode() + b"\n")
            if self.epoch == epoch:
                await resp.write_eof()
            elif request.transport is not None:
                request.transport.close()  # the old process is gone: the connection drops
        except ConnectionError:
            pass
        return resp

    async def _trickle(self, resp: web.StreamResponse, seq: int) -> None:
        """One log item, a byte every ``events_trickle`` s until that is set to 0."""
        line = json.dumps({"seq": seq, "type": "log", "at": iso(START + seq), "line": "x" * 4096})
        self.lines.append(line.encode())
        data = line.encode() + b"\n"
        sent = 0
        while self.events_trickle and sent < len(data) - 1:
            await asyncio.sleep(self.events_trickle)
            await resp.write(data[sent : sent + 1])
            sent += 1
        await resp.write(data[sent:])

    async def _decision(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.decisions.append({"gate_id": request.match_info["gate_id"], **body})
        if self.reply_flood:
            return await self._flood(request)
        return web.json_response(
            {
                "gate_id": request.match_info["gate_id"],
                "decision": body.get("decision"),
                "operator": body.get("operator"),
                "decided_at": iso(START + 1000),
                "result": "accepted",
            }
        )

    async def _flood(self, request: web.Request) -> web.StreamResponse:
        """An answer that never seems to end: a JSON string of ``reply_flood`` bytes."""
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        await resp.prepare(request)
        chunk = b"x" * (1 << 20)
        try:
            await resp.write(b'{"result": "accepted", "decision": "')
            while self.reply_sent < self.reply_flood:
                if self.reply_trickle:
                    await asyncio.sleep(self.reply_trickle)
                    await resp.write(b"x")
                    self.reply_sent += 1
                    continue
                await resp.write(chunk)
                self.reply_sent += len(chunk)
            await resp.write(b'"}')
            await resp.write_eof()
        except ConnectionError:
            pass  # the console stopped reading: what it took is in reply_sent
        return resp
