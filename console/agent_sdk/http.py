"""The endpoint's HTTP face: protocol v1 routes over aiohttp, on the endpoint's event loop."""

from __future__ import annotations

import asyncio
import asyncio.base_events
import errno
import json
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from console.agent_sdk.idempotency import Replies, Reply
from console.agent_sdk.stream import now_iso
from console.errors import EndpointError, PortInUse

if TYPE_CHECKING:
    from console.agent_sdk.endpoint import AgentEndpoint

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_BODY = 64 * 1024  # a decision is a few hundred bytes
EPOCH_HEADER = "Agent-Epoch"  # on the stream, so a client knows whose items it is about to read
MAX_OPERATOR = 200
MAX_REASON = 4000
# A connection that has not sent a whole request head by then is closed: without it, anyone
# on the host could hold connections open half-sent (slowloris) until the agent ran out of
# file descriptors and no console could reach it.
HEADER_DEADLINE_S = 10.0


def _error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


def _unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reply(reply: Reply) -> web.Response:
    return web.json_response(reply[1], status=reply[0])


class HttpFace:
    def __init__(self, endpoint: AgentEndpoint) -> None:
        self.endpoint = endpoint
        self.replies = Replies()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._listener: asyncio.base_events.Server | None = None
        self._started: weakref.WeakSet[asyncio.BaseTransport] = weakref.WeakSet()
        # For ``drained``: a console whose stream ended asks for the status next, so a status
        # answered after the last stream closed means that console has had the end.
        self.readers = 0  # /v1/events responses open now
        self.ever_read = False
        self.last_reader_closed = 0.0  # loop time
        self.last_status = 0.0
        self.app = web.Application(middlewares=[self._auth], client_max_size=endpoint.max_body)
        self.app.router.add_get("/v1/status", self._status)
        self.app.router.add_get("/v1/events", self._events)
        self.app.router.add_post("/v1/gates/{gate_id}/decision", self._decision)
        self.app.router.add_post("/v1/rollback", self._rollback)
        if endpoint.exposition is not None:
            self.app.router.add_get("/metrics", self._metrics)

    async def start(self, host: str, port: int) -> str:
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        loop = asyncio.get_running_loop()
        handler = runner.server
        assert handler is not None

        def connection() -> asyncio.BaseProtocol:
            protocol = handler()
            loop.call_later(HEADER_DEADLINE_S, self._drop_if_silent, protocol)
            return protocol

        try:
            self._listener = await loop.create_server(connection, host, port)
        except OSError as exc:
            await runner.cleanup()
            taken = exc.errno == errno.EADDRINUSE
            raise (PortInUse if taken else EndpointError)(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                "choose another port, or 0 for any free one",
            ) from None
        self._runner = runner
        sockets = self._listener.sockets
        bound = sockets[0].getsockname()[1] if sockets else port
        return f"http://{host}:{bound}"

    def _drop_if_silent(self, protocol: Any) -> None:
        transport = getattr(protocol, "transport", None)
        if transport is not None and not transport.is_closing() and transport not in self._started:
            transport.close()

    async def close(self) -> None:
        self._closing.set()
        self.endpoint.stream.wake_readers()
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @web.middleware
    async def _auth(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.transport is not None:
            self._started.add(request.transport)  # its head came whole: not a slowloris
        if request.path.startswith("/v1/"):
            scheme, _, given = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not given.strip():
                return _error(401, "missing bearer token (send 'Authorization: Bearer <token>')")
            if not self.endpoint.check_token(given.strip()):
                return _error(403, "invalid token")
        return await handler(request)

    async def _status(self, request: web.Request) -> web.Response:
        answer = web.json_response(self.endpoint.status())
        self.last_status = asyncio.get_running_loop().time()
        return answer

    def consoles_done(self) -> bool:
        """No stream open, and the status asked for since the last one closed (or no console
        ever followed the stream)."""
        if not self.ever_read:
            return True
        return self.readers == 0 and self.last_status > self.last_reader_closed

    async def _events(self, request: web.Request) -> web.StreamResponse:
        raw = request.query.get("after", "0")
        try:
            after = int(raw)
        except ValueError:
            return _error(400, f"after must be a sequence number, not {raw[:40]!r}")
        if after < 0:
            return _error(400, "after must be 0 or more")
        stream = self.endpoint.stream
        resp = web.StreamResponse(
            headers={
                "Content-Type": "application/x-ndjson",
                "Cache-Control": "no-cache",
                EPOCH_HEADER: self.endpoint.epoch,
            }
        )
        await resp.prepare(request)
        sent = after
        self.readers += 1
        self.ever_read = True
        try:
            while not self._closing.is_set():
                if sent < stream.last_seq:
                    upto = stream.last_seq
                    await resp.write(b"".join(stream.encoded[sent:upto]))
                    sent = upto
                    continue
                if stream.ended:
                    break
                if not await stream.wait_after(sent, self.endpoint.heartbeat_s):
                    if stream.ended or self._closing.is_set():
                        continue
                    beat = {
                        "type": "heartbeat",
                        "last_seq": stream.last_seq,
                        "epoch": self.endpoint.epoch,
                        "at": now_iso(self.endpoint.clock()),
                    }
                    await resp.write(json.dumps(beat).encode() + b"\n")
            await resp.write_eof()
        except (ConnectionResetError, ConnectionError):
            pass  # the client went away; it resumes with ?after=
        finally:
            self.readers -= 1
            self.last_reader_closed = asyncio.get_running_loop().time()
        return resp

    async def _body(self, request: web.Request) -> dict[str, Any] | web.Response:
        try:
            body = json.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            return _error(
                413,
                f"the body is over {self.endpoint.max_body} bytes; a decision is a small object",
            )
        except (ValueError, UnicodeDecodeError, RecursionError):
            # RecursionError: JSON nested too deep for the parser (100k "[").
            return _error(400, "body must be a JSON object")
        if not isinstance(body, dict):
            return _error(400, "body must be a JSON object")
        operator = body.get("operator")
        if not isinstance(operator, str) or not operator.strip():
            return _error(400, "operator must be a non-empty string")
        if len(operator) > MAX_OPERATOR:
            return _error(400, f"operator is longer than {MAX_OPERATOR} characters")
        reason = body.get("reason") or ""
        if not isinstance(reason, str):
            return _error(400, "reason must be a string")
        if len(reason) > MAX_REASON:
            return _error(400, f"reason is longer than {MAX_REASON} characters")
        if not (_unicode(operator) and _unicode(reason)):
            # A lone surrogate is valid JSON but no text: the agent that prints or writes the
            # Decision would fail on it (a shell gate's exit code with it).
            return _error(400, "operator and reason must be valid Unicode text")
        body["operator"], body["reason"] = operator.strip(), reason
        return body

    async def _decision(self, request: web.Request) -> web.Response:
        gate_id = request.match_info["gate_id"]

        async def handle() -> Reply:
            body = await self._body(request)
            if isinstance(body, web.Response):
                return body.status, json.loads(body.text or "{}")
            decision = body.get("decision")
            if decision not in ("approve", "hold", "rollback"):
                return 400, {"error": "decision must be one of: approve, hold, rollback"}
            return self.endpoint.decide(gate_id, decision, body["operator"], body["reason"])

        key = request.headers.get("Idempotency-Key")
        return _reply(await self.replies.once(f"gate:{gate_id}", key, handle))

    async def _rollback(self, request: web.Request) -> web.Response:
        async def handle() -> Reply:
            body = await self._body(request)
            if isinstance(body, web.Response):
                return body.status, json.loads(body.text or "{}")
            return self.endpoint.abort(body["operator"], body["reason"])

        key = request.headers.get("Idempotency-Key")
        return _reply(await self.replies.once("rollback", key, handle))

    async def _metrics(self, request: web.Request) -> web.Response:
        assert self.endpoint.exposition is not None
        body, content_type = self.endpoint.exposition()
        return web.Response(body=body, headers={"Content-Type": content_type})
