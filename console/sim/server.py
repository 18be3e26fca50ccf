"""The simulated agent's HTTP face: agent control protocol v1 and a Prometheus ``/metrics``.

The console reaches the simulator only through this (and the log file), exactly as it would
reach a real agent. See docs/agent-protocol.md for the protocol.

Three ways to run it:
- ``await start_sim(...)`` inside a running event loop → ``SimServer``;
- ``SimHandle.start(...)`` from synchronous code (tests, the UI): its own thread and loop;
- ``run_agent_sim(...)`` for the ``opsconsole agent-sim`` command: prints where it listens and
  runs until the rollout ends or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from console.sim.agent import DEFAULT_SPEED, SimAgent, check_speed
from console.sim.scenarios import SimError, get_scenario
from console.sim.service_log import iso

HEARTBEAT_S = 2.0
_DECISIONS = ("approve", "hold", "rollback")
MAX_BODY = 1024 * 1024  # a decision is a few hundred bytes; aiohttp's default limit
EPOCH_HEADER = "Agent-Epoch"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status)


class SimServer:
    """The protocol server for one ``SimAgent``; runs in the agent's event loop."""

    def __init__(self, agent: SimAgent, token: str, *, heartbeat_s: float = HEARTBEAT_S) -> None:
        if not token:
            raise SimError("the agent needs a non-empty token")
        self.agent = agent
        self.token = token
        self.heartbeat_s = heartbeat_s
        # New each time the agent process starts (protocol v1 "epoch"): a client that sees
        # it change knows the agent restarted and numbers its items from 1 again.
        self.epoch = secrets.token_hex(8)
        self.url = ""
        self.task: asyncio.Task[str] | None = None
        self._registry = agent.exposition.registry()
        # Idempotency: answers given, and answers being worked out (a retry arriving while
        # the first request is still in flight waits for the same answer).
        self._replies: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self._in_flight: dict[tuple[str, str], asyncio.Future[tuple[int, dict[str, Any]]]] = {}
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.app = web.Application(middlewares=[self._auth], client_max_size=MAX_BODY)
        self.app.router.add_get("/v1/status", self._status)
        self.app.router.add_get("/v1/events", self._events)
        self.app.router.add_post("/v1/gates/{gate_id}/decision", self._decision)
        self.app.router.add_post("/v1/rollback", self._rollback)
        self.app.router.add_get("/metrics", self._metrics)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen, start the rollout, and return the base URL."""
        runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise SimError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        self._runner = runner
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        bound = sockets[0].getsockname()[1] if sockets else port
        self.url = f"http://{host}:{bound}"
        self.task = asyncio.get_running_loop().create_task(self.agent.run())
        return self.url

    async def wait_done(self) -> str:
        """Wait for the rollout to end; its outcome."""
        assert self.task is not None, "start() first"
        return await self.task

    async def close(self) -> None:
        self._closing.set()
        self.agent.wake_readers()
        if self.task is not None and not self.task.done():
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- handlers -------------------------------------------------------------------------

    @web.middleware
    async def _auth(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/v1/"):
            header = request.headers.get("Authorization", "")
            scheme, _, given = header.partition(" ")
            if scheme.lower() != "bearer" or not given.strip():
                return _error(401, "missing bearer token (send 'Authorization: Bearer <token>')")
            if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
                return _error(403, "invalid token")
        return await handler(request)

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response({**self.agent.status(), "epoch": self.epoch})

    def _item_bytes(self, index: int) -> bytes:
        """The stream's item at ``index``; the session item (the first) carries the epoch."""
        raw = self.agent.encoded[index]
        if index == 0:
            item = json.loads(raw)
            if item.get("type") == "session":
                item["epoch"] = self.epoch
                raw = json.dumps(item, ensure_ascii=False).encode() + b"\n"
        return raw

    async def _events(self, request: web.Request) -> web.StreamResponse:
        raw = request.query.get("after", "0")
        try:
            after = int(raw)
        except ValueError:
            return _error(400, f"after must be a sequence number, not {raw!r}")
        if after < 0:
            return _error(400, "after must be 0 or more")
        agent = self.agent
        resp = web.StreamResponse(
            headers={
                "Content-Type": "application/x-ndjson",
                "Cache-Control": "no-cache",
                EPOCH_HEADER: self.epoch,
            }
        )
        await resp.prepare(request)
        sent = after
        try:
            while not self._closing.is_set():
                if sent < len(agent.encoded):
                    upto = len(agent.encoded)
                    if sent == 0:
                        await resp.write(self._item_bytes(0))
                        sent = 1
                    await resp.write(b"".join(agent.encoded[sent:upto]))
                    sent = upto
                    continue
                if agent.finished.is_set():
                    break
                if not await agent.wait_for_items(sent, self.heartbeat_s):
                    if agent.finished.is_set() or self._closing.is_set():
                        continue
                    beat = {
                        "type": "heartbeat",
                        "last_seq": len(agent.items),
                        "at": iso(agent.clock.live()),
                        "epoch": self.epoch,
                    }
                    await resp.write(json.dumps(beat).encode() + b"\n")
            await resp.write_eof()
        except (ConnectionResetError, ConnectionError):
            pass  # the client went away; it resumes with ?after=
        return resp

    async def _body(self, request: web.Request) -> dict[str, Any] | web.Response:
        try:
            body = json.loads(await request.text())
        except web.HTTPRequestEntityTooLarge:
            return _error(413, f"the body is over {MAX_BODY} bytes; a decision is a small object")
        except (ValueError, UnicodeDecodeError, RecursionError):
            # RecursionError: JSON nested too deep for the parser (100k "[").
            return _error(400, "body must be a JSON object")
        if not isinstance(body, dict):
            return _error(400, "body must be a JSON object")
        operator = body.get("operator")
        if not isinstance(operator, str) or not operator.strip():
            return _error(400, "operator must be a non-empty string")
        reason = body.get("reason", "")
        if reason is None:
            reason = ""
        if not isinstance(reason, str):
            return _error(400, "reason must be a string")
        body["reason"] = reason
        return body

    async def _once(
        self,
        request: web.Request,
        scope: str,
        act: Callable[[dict[str, Any]], tuple[int, dict[str, Any]]],
    ) -> web.Response:
        """Answer a request at most once per Idempotency-Key: a repeat gets the first answer,
        and a repeat that arrives while the first is in flight waits for it."""
        key = request.headers.get("Idempotency-Key")
        cache_key = (scope, key) if key else None
        if cache_key is not None:
            if cache_key in self._replies:
                status, reply = self._replies[cache_key]
                return web.json_response(reply, status=status)
            if cache_key in self._in_flight:
                status, reply = await asyncio.shield(self._in_flight[cache_key])
                return web.json_response(reply, status=status)
            # Claimed before the first await: a twin arriving now finds it.
            future = asyncio.get_running_loop().create_future()
            self._in_flight[cache_key] = future
        try:
            body = await self._body(request)
            malformed = isinstance(body, web.Response)
            if isinstance(body, web.Response):
                answer = (body.status, json.loads(body.text or "{}"))
            else:
                answer = act(body)
        except BaseException as exc:
            if cache_key is not None:
                # Not answered: a retry may try again; a twin waiting is told the same.
                del self._in_flight[cache_key]
                if not future.done():
                    future.set_exception(exc)
                    future.exception()  # retrieved: no "never retrieved" warning
            raise
        if cache_key is not None:
            if not malformed:  # a malformed request had no effect: a fixed retry may come
                self._replies[cache_key] = answer
            del self._in_flight[cache_key]
            future.set_result(answer)
        return web.json_response(answer[1], status=answer[0])

    async def _decision(self, request: web.Request) -> web.Response:
        gate_id = request.match_info["gate_id"]

        def act(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            decision = body.get("decision")
            if decision not in _DECISIONS:
                return 400, {"error": "decision must be one of: approve, hold, rollback"}
            return self.agent.decide(gate_id, decision, body["operator"], body["reason"])

        return await self._once(request, f"gate:{gate_id}", act)

    async def _rollback(self, request: web.Request) -> web.Response:
        def act(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
            return self.agent.abort(body["operator"], body["reason"])

        return await self._once(request, "rollback", act)

    async def _metrics(self, request: web.Request) -> web.Response:
        payload = generate_latest(self._registry)
        return web.Response(body=payload, headers={"Content-Type": CONTENT_TYPE_LATEST})


async def start_sim(
    scenario: str = "healthy",
    *,
    token: str,
    speed: float = DEFAULT_SPEED,
    host: str = "127.0.0.1",
    port: int = 0,
    log_path: str | Path | None = None,
    seed: int = 0,
    start: float | None = None,
    freeze_at_gates: bool = False,
    gate_timeout: float | None = None,
    heartbeat_s: float = HEARTBEAT_S,
) -> SimServer:
    """Create the agent and its server in the running loop, listen, and start the rollout."""
    agent = SimAgent(
        scenario,
        speed=speed,
        seed=seed,
        start=start,
        log_path=log_path,
        freeze_at_gates=freeze_at_gates,
        gate_timeout=gate_timeout,
    )
    server = SimServer(agent, token, heartbeat_s=heartbeat_s)
    if log_path is not None:
        _private_file(Path(log_path))
    agent.open_log()
    await server.start(host, port)
    return server


def _private_file(path: Path) -> None:
    """Create the agent's log readable by its owner only (0600), or make an existing one so:
    it holds operators' names and reasons, and the agent opens it for writing after this."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
    except OSError as exc:
        raise SimError(f"cannot write the agent log {path}: {exc.strerror or exc}") from None


class SimHandle:
    """A simulated agent + server running in a background thread with its own event loop."""

    def __init__(self) -> None:
        self.url = ""
        self.token = ""
        self.done = threading.Event()  # set when the rollout has ended
        self.outcome: str | None = None
        self.error: BaseException | None = None
        self.server: SimServer | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def start(
        cls,
        scenario: str = "healthy",
        *,
        speed: float = DEFAULT_SPEED,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        log_path: str | Path | None = None,
        seed: int = 0,
        start: float | None = None,
        freeze_at_gates: bool = False,
        gate_timeout: float | None = None,
        heartbeat_s: float = HEARTBEAT_S,
    ) -> SimHandle:
        """Start and return once the server listens (``.url``); raises ``SimError`` if not."""
        handle = cls()
        handle.token = token or secrets.token_urlsafe(24)
        kwargs: dict[str, Any] = {
            "token": handle.token,
            "speed": speed,
            "host": host,
            "port": port,
            "log_path": log_path,
            "seed": seed,
            "start": start,
            "freeze_at_gates": freeze_at_gates,
            "gate_timeout": gate_timeout,
            "heartbeat_s": heartbeat_s,
        }
        handle._thread = threading.Thread(
            target=handle._run, args=(scenario, kwargs), name="opsconsole-sim", daemon=True
        )
        handle._thread.start()
        handle._ready.wait()
        if handle.error is not None:
            handle._thread.join()
            if isinstance(handle.error, SimError):
                raise handle.error
            raise SimError(f"simulated agent failed to start: {handle.error}") from handle.error
        return handle

    def _run(self, scenario: str, kwargs: dict[str, Any]) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main(scenario, kwargs))
        except BaseException as exc:  # reported to the starting thread, never lost
            if not self._ready.is_set():
                self.error = exc
        finally:
            self._ready.set()
            self.done.set()
            loop.close()

    async def _main(self, scenario: str, kwargs: dict[str, Any]) -> None:
        self._stop = asyncio.Event()
        server = await start_sim(scenario, **kwargs)
        self.server = server
        self.url = server.url
        self._ready.set()
        assert server.task is not None
        stopper = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait({server.task, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if server.task.done() and not server.task.cancelled():
                self.outcome = server.task.result() if server.task.exception() is None else None
                self.done.set()
                await self._stop.wait()  # keep serving the tail until stop()
        finally:
            stopper.cancel()
            await server.close()

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` in the agent's loop and return its result (for inspection in tests)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            raise SimError("the simulated agent is not running")

        async def wrapper() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(wrapper(), loop).result(timeout=5)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the rollout to end; True if it did."""
        return self.done.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> SimHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the command ------------------------------------------------------------------------------


def load_or_create_token(token_file: str | Path | None) -> tuple[str, str]:
    """The token and a sentence saying where it came from (never the token itself)."""
    if token_file is not None:
        path = Path(token_file).expanduser()
        try:
            token = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise SimError(
                f"token file {path} not found; create it, or leave --token-file out to generate one"
            ) from None
        except OSError as exc:
            raise SimError(f"cannot read token file {path}: {exc.strerror or exc}") from None
        if not token:
            raise SimError(f"token file {path} is empty")
        return token, f"token read from {path}"
    token = secrets.token_urlsafe(24)
    fd, name = tempfile.mkstemp(prefix="opsconsole-agent-", suffix=".token")  # mode 0600
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token + "\n")
    return token, f"token written to {name} (mode 0600)"


async def serve_forever(
    scenario: str = "healthy",
    *,
    speed: float = DEFAULT_SPEED,
    host: str = "127.0.0.1",
    port: int = 0,
    token_file: str | Path | None = None,
    log_path: str | Path | None = None,
    seed: int = 0,
    linger: float = 5.0,
    out: Callable[[str], None] = print,
) -> str:
    """Serve one simulated rollout until it ends (plus ``linger`` s for readers); its outcome."""
    get_scenario(scenario)  # bad input fails before a token file is written
    check_speed(speed)
    token, where = load_or_create_token(token_file)
    server = await start_sim(
        scenario, token=token, speed=speed, host=host, port=port, log_path=log_path, seed=seed
    )
    try:
        out(f"simulated agent: scenario {scenario}, speed {speed:g}x, listening on {server.url}")
        out(where)
        if log_path is not None:
            out(f"agent log: {log_path}")
        out(f"metrics: {server.url}/metrics")
        outcome = await server.wait_done()
        out(f"rollout ended: {outcome}")
        await asyncio.sleep(linger)
        return outcome
    finally:
        await server.close()


def run_agent_sim(
    scenario: str = "healthy",
    *,
    speed: float = DEFAULT_SPEED,
    host: str = "127.0.0.1",
    port: int = 0,
    token_file: str | Path | None = None,
    log_path: str | Path | None = None,
    seed: int = 0,
    linger: float = 5.0,
    out: Callable[[str], None] = print,
) -> int:
    """``opsconsole agent-sim``: exit status 0 when the rollout ran to its end, 130 on Ctrl-C.

    Raises ``SimError`` (one line) for bad input: unknown scenario, bad speed, unreadable
    token file, port in use.
    """
    try:
        asyncio.run(
            serve_forever(
                scenario,
                speed=speed,
                host=host,
                port=port,
                token_file=token_file,
                log_path=log_path,
                seed=seed,
                linger=linger,
                out=out,
            )
        )
    except KeyboardInterrupt:
        out("stopped")
        return 130
    return 0
