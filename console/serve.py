"""`opsconsole serve`: the console in a browser, for people without a terminal.

textual-serve gives the pieces (the page, its xterm.js client, `AppService`, which runs one
console process per WebSocket and relays its screen); its own `Server` lets anyone who can
reach the port, or any web page the operator has open, drive the gates. So the server here is
ours, and it keeps:

- a secret per person and per run: `serve` prints one URL per operator, holding a fresh token
  (as Jupyter does). The token is checked on the page and on the WebSocket, and it names the
  person: the console started for that WebSocket records decisions as theirs.
- the served origin only: the page's `Host` and the WebSocket's `Origin` must be this
  server's (a page on `http://evil.example`, or a DNS name rebound to 127.0.0.1, is refused).
- a limit on concurrent sessions (each is a console process of ~70 MB): beyond it, a refusal
  that says so.
- who is connected, on the server's output as they come and go.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import secrets
import shlex
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from console.control.operator import (
    OPERATOR_NAME,
    WEB_OPERATOR_ENV,
    WEB_ORIGIN_ENV,
    operator_name,
)
from console.errors import UsageError

DEFAULT_MAX_SESSIONS = 3
STOP_GRACE_S = 10.0  # a console asked to quit has this long before it is terminated
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass
class Access:
    """Who may connect (token → name), from which origins, and how many at once."""

    tokens: dict[str, str]
    origins: frozenset[str]
    max_sessions: int = DEFAULT_MAX_SESSIONS
    connected: dict[int, tuple[str, str]] = field(default_factory=dict)  # id → (name, peer)

    def person(self, token: str | None) -> str | None:
        """The name a token belongs to, compared in constant time; None if it is no token."""
        if not token:
            return None
        found = None
        given = token.encode("utf-8", "replace")
        for known, name in self.tokens.items():
            if hmac.compare_digest(given, known.encode()):
                found = name
        return found

    def host_allowed(self, host: str | None) -> bool:
        return self.page_origin(host) is not None

    def page_origin(self, host: str | None) -> str | None:
        """The origin a page asked for with this ``Host`` is shown at: plain http for the
        served address, https for a TLS proxy named by ``--origin``; None if it is neither."""
        if host is None:
            return None
        for scheme in ("http", "https"):
            origin = f"{scheme}://{host}".lower()
            if origin in self.origins:
                return origin
        return None

    def origin_allowed(self, origin: str | None) -> bool:
        return origin is not None and origin.lower() in self.origins

    @property
    def full(self) -> bool:
        return len(self.connected) >= self.max_sessions

    def who(self) -> str:
        names = [f"{name} ({peer})" for name, peer in self.connected.values()]
        return ", ".join(names) or "nobody"


def served_origins(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """The origins a browser shows for this server: its host (every loopback spelling when
    it listens on loopback) and the port, plus any the operator names (a proxy in front)."""
    try:
        ip = ipaddress.ip_address(host)
        loopback = ip.is_loopback
        names = [f"[{host}]" if ip.version == 6 else host]
    except ValueError:
        loopback = host == "localhost"
        names = [host]
    if loopback:
        names += LOOPBACK_NAMES
    origins = {f"http://{n}:{port}".lower() for n in names}
    if port == 80:
        origins |= {f"http://{n}".lower() for n in names}
    for url in extra:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(
                f"--origin {url!r} is not an origin",
                hint="give it as scheme://host[:port], e.g. https://console.example.com",
            )
        origins.add(f"{parts.scheme}://{parts.netloc}".lower())
    return frozenset(origins)


def new_tokens(names: Iterable[str]) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for name in names:
        if not OPERATOR_NAME.fullmatch(name):
            raise UsageError(
                f"--operator {name!r} is not a name serve can record",
                hint="use letters, digits and . _ @ + - (at most 64 characters)",
            )
        if name in tokens.values():
            raise UsageError(f"--operator {name!r} is given twice")
        tokens[secrets.token_urlsafe(24)] = name
    return tokens


def _page(status: int, title: str, text: str) -> Any:
    from aiohttp import web

    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>opsconsole</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html", headers=_HEADERS)


# The page's URL holds the token: keep it out of caches and of other sites' Referer, and
# out of frames on other sites.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


class WebConsole:
    """The aiohttp application: the page, its static files, and one WebSocket per console."""

    def __init__(
        self,
        command: str,
        access: Access,
        *,
        say: Callable[[str], None] = print,
        stop_grace: float = STOP_GRACE_S,
    ) -> None:
        import textual_serve

        self.command = command
        self.access = access
        self.say = say
        self.stop_grace = stop_grace
        base = Path(textual_serve.__file__).resolve().parent
        self.templates = base / "templates"
        self.statics = base / "static"
        self.sockets: set[Any] = set()
        self.stopping: set[asyncio.Future[None]] = set()

    def app(self) -> Any:
        import aiohttp_jinja2
        import jinja2
        from aiohttp import web

        app = web.Application(client_max_size=64 * 1024)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates))
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/ws/{token}", self.websocket),
                web.static("/static", self.statics),
            ]
        )
        app.on_shutdown.append(self._close_all)
        return app

    async def _close_all(self, _app: Any) -> None:
        for ws in list(self.sockets):
            await ws.close(code=1001, message=b"server shutting down")
        if self.stopping:
            await asyncio.gather(*self.stopping, return_exceptions=True)

    async def index(self, request: Any) -> Any:
        import aiohttp_jinja2

        origin = self.access.page_origin(request.host)
        if origin is None:
            return _page(403, "Wrong host", "This server answers only to its own address.")
        if self.access.person(request.query.get("token")) is None:
            return _page(
                403,
                "A token is needed",
                "Open the address <code>opsconsole serve</code> printed for you; "
                "it holds your token.",
            )
        if self.access.full:
            return _page(503, "Too many sessions", self._full_text())
        # Behind a TLS proxy the request reaches us as plain http: the browser's origin,
        # not our scheme, says whether its WebSocket must be wss.
        ws = "wss" if origin.startswith("https:") else "ws"
        token = request.query["token"]
        context = {
            "font_size": 16,
            "app_websocket_url": f"{ws}://{request.host}/ws/{token}",
            "config": {"static": {"url": f"{origin}/static/"}},
            "application": {"name": "opsconsole"},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers.update(_HEADERS)
        return response

    def _full_text(self) -> str:
        n = self.access.max_sessions
        return (
            f"All {n} console sessions are in use ({self.access.who()}). Close one, or ask "
            "whoever runs serve to raise --max-sessions."
        )

    async def websocket(self, request: Any) -> Any:
        from aiohttp import web

        # Refused before the upgrade, so no console process starts for a stranger.
        if not self.access.origin_allowed(request.headers.get("Origin")):
            self.say(f"refused a WebSocket from origin {request.headers.get('Origin')!r}")
            raise web.HTTPForbidden(text="refused: this console accepts its own origin only")
        name = self.access.person(request.match_info["token"])
        if name is None:
            self.say(f"refused a WebSocket without a valid token from {request.remote}")
            raise web.HTTPForbidden(text="refused: the token is missing or wrong")
        if self.access.full:
            self.say(f"refused {name}: all {self.access.max_sessions} sessions are in use")
            raise web.HTTPServiceUnavailable(text="refused: " + self._full_text())
        peer = _peer(request)
        key = id(request)
        self.access.connected[key] = (name, peer)  # before any await: the limit holds
        try:
            return await self._run_console(request, name, peer)
        finally:
            del self.access.connected[key]
            self.say(f"{name} left ({peer}); connected: {self.access.who()}")

    async def _run_console(self, request: Any, name: str, peer: str) -> Any:
        from aiohttp import web
        from textual_serve.app_service import AppService
        from textual_serve.download_manager import DownloadManager

        width = _int(request.query.get("width"), 80, 1, 1000)
        height = _int(request.query.get("height"), 24, 1, 500)
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        await socket.prepare(request)
        self.sockets.add(socket)
        self.say(f"{name} connected ({peer}); connected: {self.access.who()}")

        class PersonService(AppService):
            def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
                env = super()._build_environment(width=width, height=height)
                env[WEB_OPERATOR_ENV] = name
                env[WEB_ORIGIN_ENV] = peer
                return env

        service = PersonService(
            self.command,
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=lambda: _close(socket),
            download_manager=DownloadManager(),
        )
        try:
            await service.start(width, height)
            await _relay(socket, service)
        except asyncio.CancelledError:
            await socket.close()
        finally:
            self.sockets.discard(socket)
            self.say(f"{name} disconnected ({peer}); stopping their console")
            # Shielded: aiohttp cancels a handler whose client went away, and a cancelled
            # stop would leave the console running.
            stopping = asyncio.ensure_future(_stop(service, self.stop_grace))
            self.stopping.add(stopping)
            stopping.add_done_callback(self.stopping.discard)
            await asyncio.shield(stopping)
        return socket


async def _stop(service: Any, grace: float) -> None:
    """Ask the console to quit; one still running after ``grace`` s (hung, or deaf to the
    quit) is terminated, then killed, and always reaped: textual-serve's ``stop`` neither
    waits for the process nor ends it, so a console could outlive its browser for good."""
    with contextlib.suppress(TimeoutError, Exception):
        await asyncio.wait_for(service.stop(), grace)
    process = getattr(service, "_process", None)  # textual-serve's, the only handle on it
    if process is None:
        return
    for end, wait in ((None, grace), (process.terminate, 5.0), (process.kill, None)):
        if process.returncode is not None:
            return
        if end is not None:
            with contextlib.suppress(ProcessLookupError):
                end()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), wait)


async def _close(socket: Any) -> None:
    await socket.close()


async def _relay(socket: Any, service: Any) -> None:
    """The browser's keys and size to the console (textual-serve's message envelope)."""
    import json

    from aiohttp import WSMsgType

    async for message in socket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1]
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            await service.set_terminal_size(
                _int(data.get("width"), 80, 1, 1000), _int(data.get("height"), 24, 1, 500)
            )
        elif kind == "ping":
            await socket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def _int(value: Any, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError, OverflowError):
        return default


def _peer(request: Any) -> str:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    if isinstance(peer, tuple) and len(peer) >= 2:
        ip, port = str(peer[0]), int(peer[1])
        return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"
    return "unknown"


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    command: list[str] | None = None,
    operators: list[str] | None = None,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    origins: list[str] | None = None,
) -> int:
    from aiohttp import web

    if max_sessions < 1:
        raise UsageError("--max-sessions must be at least 1")
    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port", hint="give a number from 1 to 65535")
    names = operators or [operator_name()]
    access = Access(
        tokens=new_tokens(names),
        origins=served_origins(host, port, origins or ()),
        max_sessions=max_sessions,
    )
    args = command or ["demo"]
    # exec: the shell textual-serve starts it with becomes the console, so the process it
    # knows (and ends, see _stop) is the console itself.
    line = "exec " + " ".join(shlex.quote(a) for a in [sys.executable, "-m", "console", *args])
    shown = f"[{host}]" if ":" in host else host
    print(
        f"serving '{' '.join(args)}' on http://{shown}:{port} to at most {max_sessions} "
        "sessions at once (ctrl+c to stop); each person opens their own address:",
        flush=True,
    )
    for token, name in access.tokens.items():
        print(f"  {name}: http://{shown}:{port}/?token={token}", flush=True)

    def say(text: str) -> None:
        print(text, flush=True)

    console = WebConsole(line, access, say=say)
    try:
        # No access log: the addresses in it hold tokens.
        web.run_app(
            console.app(),
            host=host,
            port=port,
            access_log=None,
            print=None,
            shutdown_timeout=5.0,
        )
    except OSError as exc:
        from console.errors import OpsConsoleError

        raise OpsConsoleError(
            f"cannot serve on {shown}:{port}: {exc.strerror or exc}",
            hint="choose another --port, or stop what is using it",
        ) from None
    return 0
