"""The shell sidecar: an endpoint that takes a script's commands on a Unix socket.

``opsconsole agent serve`` runs an ``AgentEndpoint`` and listens on a control socket (mode
0600, in a 0700 directory); ``opsconsole agent log|metrics|stage|traffic|gate|rollback|end``
connect to it (``sidecar_client.py``). One JSON request per connection, one JSON answer; while
a gate waits the sidecar writes a keepalive line every ``KEEPALIVE_S`` so the client can tell a
sidecar that died or hung from a decision that is slow to come.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console.agent_sdk.token import create_token_file
from console.errors import EndpointError

if TYPE_CHECKING:  # at run time imported where used: the CLI's parser reads this module
    from console.agent_sdk.endpoint import Aborted, AgentEndpoint, Decision

CONTROL_ENV = "OPSCONSOLE_AGENT_CONTROL"
KEEPALIVE_S = 2.0
STOPPED_REASON = "the sidecar was stopped"
MAX_REQUEST = 8 * 1024 * 1024  # a batch of log lines from stdin, JSON-escaped
SUN_PATH_MAX = 107  # bytes of a Unix socket path on Linux (108 with the NUL)


def default_control_path(env: dict[str, str] | None = None) -> Path:
    """``$OPSCONSOLE_AGENT_CONTROL``, else ``agent.sock`` in the user's runtime directory."""
    environ = os.environ if env is None else env
    given = environ.get(CONTROL_ENV)
    if given:
        return Path(given).expanduser()
    runtime = environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path(tempfile.gettempdir()) / f"opsconsole-{os.getuid()}"
    return (base / "opsconsole" if runtime else base) / "agent.sock"


def _decision_answer(d: Decision) -> dict[str, Any]:
    return {
        "ok": True,
        "gate_id": d.gate_id,
        "decision": d.decision,
        "operator": d.operator,
        "reason": d.reason,
        "decided_at": d.decided_at,
        "timed_out": d.timed_out,
        "aborted": d.aborted,
    }


def _aborted_answer(a: Aborted) -> dict[str, Any]:
    return {
        "ok": False,
        "aborted": True,
        "operator": a.operator,
        "reason": a.reason,
        "requested_at": a.requested_at,
        "error": str(a),
    }


class Sidecar:
    def __init__(self, endpoint: AgentEndpoint, control: Path, *, linger: float = 5.0) -> None:
        self.endpoint = endpoint
        self.control = control
        self.linger = linger
        self.ended = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._open: tuple[tuple[Any, Any], asyncio.Future[Decision]] | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        check_control_path(self.control)
        self.control.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.control.exists() or self.control.is_symlink():
            if _answers(self.control):
                raise EndpointError(
                    f"another sidecar is serving {self.control}",
                    "give this one its own --control PATH",
                )
            self.control.unlink()  # left by a sidecar that died
        old = os.umask(0o177)  # the socket is born 0600: no window where others can connect
        try:
            self._server = await asyncio.start_unix_server(
                self._handle, path=str(self.control), limit=MAX_REQUEST
            )
        except OSError as exc:
            raise EndpointError(f"cannot listen on {self.control}: {exc.strerror or exc}") from None
        finally:
            os.umask(old)
        os.chmod(self.control, 0o600)

    async def close(self) -> None:
        # A gate still waiting closes as the rollback the consoles are told of, and the
        # script waiting on it gets that answer (exit 3) before the socket goes.
        gate = self.endpoint.gate_open
        if gate is not None and gate.decision is None and not self.endpoint.ended:
            self.endpoint._close_gate(gate, "rollback", "agent", STOPPED_REASON, False)
        if self._handlers:
            await asyncio.wait(set(self._handlers), timeout=KEEPALIVE_S)
        if self._open is not None and not self._open[1].done():
            self._open[1].cancel()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None
        with contextlib.suppress(OSError):
            self.control.unlink()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
            task.add_done_callback(self._handlers.discard)
        try:
            raw = await reader.readline()
            try:
                request = json.loads(raw)
                if not isinstance(request, dict):
                    raise ValueError
            except ValueError:
                answer: dict[str, Any] = {"ok": False, "error": "request is not a JSON object"}
            else:
                answer = await self._answer(request, writer)
            writer.write(json.dumps(answer).encode() + b"\n")
            await writer.drain()
        except (ConnectionError, asyncio.LimitOverrunError, ValueError):
            pass  # the client went away or sent too much; it has its own error to show
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _answer(self, req: dict[str, Any], writer: asyncio.StreamWriter) -> dict[str, Any]:
        from console.agent_sdk.endpoint import Aborted

        ep = self.endpoint
        op = req.get("op")
        try:
            if op == "ping":
                return {"ok": True}
            if op == "status":
                return {"ok": True, "status": ep.status(), "url": ep.url}
            if op == "log":
                ep.log(*[str(x) for x in req.get("lines") or ()])
                return {"ok": True}
            if op == "metrics":
                samples = req.get("samples") or ()
                if not isinstance(samples, list):
                    raise ValueError("samples must be a list of [name, value, scope]")
                n = ep.metrics([tuple(s) if isinstance(s, list) else s for s in samples])
                return {"ok": True, "sent": n}
            if op == "stage":
                ep.stage(req.get("pct"))  # type: ignore[arg-type]
                return {"ok": True}
            if op == "traffic":
                ep.traffic(req.get("pct"))  # type: ignore[arg-type]
                return {"ok": True}
            if op == "rollback":
                ep.begin_rollback(str(req.get("reason") or ""))
                return {"ok": True}
            if op == "end":
                ep.end(str(req.get("outcome")), str(req.get("detail") or ""))
                self.ended.set()
                return {"ok": True}
            if op == "gate":
                return await self._gate(req, writer)
            return {"ok": False, "error": f"unknown command {op!r}"}
        except Aborted as exc:
            return _aborted_answer(exc)
        except (EndpointError, ValueError, TypeError) as exc:
            return {"ok": False, "error": str(exc)}

    async def _gate(self, req: dict[str, Any], writer: asyncio.StreamWriter) -> dict[str, Any]:
        from console.agent_sdk.endpoint import Aborted

        key = (req.get("stage"), req.get("next"))
        if self._open is not None and self._open[0] != key:
            if not self._open[1].done():
                return {"ok": False, "error": "another gate is open (stage/next differ)"}
            self._open = None  # its answer was never collected; a new gate was asked for
        if self._open is None:
            task = asyncio.ensure_future(
                self.endpoint.gate(
                    req.get("stage"),  # type: ignore[arg-type]
                    req.get("next"),
                    timeout=req.get("timeout"),
                )
            )
            self._open = (key, task)
        waiting = self._open[1]
        # A script whose `agent gate` was killed may ask again: it waits on the same gate,
        # which stays open for the consoles meanwhile (a gate never decides by itself).
        while True:
            done, _ = await asyncio.wait({waiting}, timeout=KEEPALIVE_S)
            if done:
                break
            writer.write(b'{"keepalive": true}\n')
            await writer.drain()
        self._open = None
        try:
            return _decision_answer(waiting.result())
        except Aborted as exc:
            return _aborted_answer(exc)


def private_dir(path: Path) -> None:
    """The default socket's directory: ours alone (in /tmp another user could have made it)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = path.stat()
    if st.st_uid != os.getuid() or st.st_mode & 0o077:
        raise EndpointError(
            f"{path} is not a private directory of yours",
            "pass --control PATH in a directory only you can write",
        )


def check_control_path(path: Path) -> None:
    if len(os.fsencode(str(path))) > SUN_PATH_MAX:
        raise EndpointError(
            f"control socket path is too long for a Unix socket ({path})",
            "use a shorter --control PATH",
        )


def _answers(path: Path) -> bool:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(1.0)
    try:
        s.connect(str(path))
        s.sendall(b'{"op": "ping"}\n')
        return bool(s.recv(64))
    except OSError:
        return False
    finally:
        s.close()


async def serve(
    *,
    service: str,
    version: str,
    agent: str,
    host: str,
    port: int,
    token_file: Path,
    control: Path,
    plan: tuple[float, ...],
    log_path: Path | None,
    linger: float,
    out: Callable[[str], None] = print,
) -> int:
    """Serve until the script says ``end`` (plus ``linger`` s for consoles) or a signal."""
    from console.agent_sdk.endpoint import AgentEndpoint

    existed = token_file.expanduser().exists()
    token = create_token_file(token_file)
    ep = AgentEndpoint(
        service=service,
        version=version,
        agent=agent,
        host=host,
        port=port,
        token=token,
        plan=plan,
        log_path=log_path,
    )
    sidecar = Sidecar(ep, control, linger=linger)
    await sidecar.start()
    try:
        await ep.start()
    except BaseException:
        await sidecar.close()
        raise
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        out(f"agent endpoint listening on {ep.url}")
        out(f"token {'read from' if existed else 'written to'} {token_file} (mode 0600)")
        out(f"control socket {control}")
        ended = asyncio.ensure_future(sidecar.ended.wait())
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({ended, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if sidecar.ended.is_set():
            out(f"rollout ended: {ep.state}")
            drained = asyncio.ensure_future(ep.drained(timeout=linger))  # consoles read the tail
            await asyncio.wait({drained, stopped}, return_when=asyncio.FIRST_COMPLETED)
            drained.cancel()
            code = 0
        else:
            out("stopped before the rollout ended")
            code = 130
        ended.cancel()
        stopped.cancel()
        return code
    finally:
        await sidecar.close()
        if not ep.ended:
            with contextlib.suppress(EndpointError):
                ep.end("failed", "the sidecar was stopped before the script ended the rollout")
        await ep.close()
