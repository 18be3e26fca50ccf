"""Events from a deployment agent that speaks the agent control protocol v1.

``GET /v1/status`` once (who and what is being rolled out), then ``GET /v1/events?after=N``,
an NDJSON stream resumed from the last sequence number seen, so a dropped connection loses
and duplicates nothing. Log items go through the same parser as a log file; metrics and gate
items map onto events directly. The bearer token lives only in memory: it is never logged,
recorded or shown, and ``repr`` of anything holding it leaves it out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import httpx

from console import events as ev
from console.errors import AgentError

PROTOCOL = 1
TOKEN_ENV = "OPSCONSOLE_AGENT_TOKEN"
TERMINAL_STATES = frozenset({"succeeded", "rolled_back", "failed"})


def token_refused(status_code: int) -> str:
    return f"the agent refused the token ({status_code}): check --token-file / {TOKEN_ENV}"


class Token:
    """A bearer token that never prints itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def __repr__(self) -> str:
        return "Token(<hidden>)"

    __str__ = __repr__

    def headers(self) -> dict[str, str]:
        # No token, no header: the agent then answers 401 rather than a malformed request.
        return {"Authorization": f"Bearer {self._value}"} if self._value else {}


def as_token(token: str | Token) -> Token:
    return token if isinstance(token, Token) else Token(token)


def load_token(token_file: str | Path | None = None, env: Mapping[str, str] | None = None) -> Token:
    """The token from ``--token-file`` if given, else ``$OPSCONSOLE_AGENT_TOKEN``."""
    if token_file is not None:
        path = Path(token_file)
        try:
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise AgentError(f"cannot read the token file {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise AgentError(f"the token file {path} is not text") from None
        if not value:
            raise AgentError(f"the token file {path} is empty: put the agent's token in it")
        return _checked(value, f"the token in {path}")
    value = ((os.environ if env is None else env).get(TOKEN_ENV) or "").strip()
    if not value:
        raise AgentError(f"no agent token: pass --token-file FILE or set {TOKEN_ENV}")
    return _checked(value, f"${TOKEN_ENV}")


def _checked(value: str, where: str) -> Token:
    # A token that can't go in an HTTP header would otherwise surface inside an HTTP library
    # error message, token and all.
    if any(c.isspace() or not c.isprintable() or ord(c) > 126 for c in value):
        raise AgentError(f"{where} contains spaces, line breaks or non-ASCII characters")
    return Token(value)


def base_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise AgentError(f"--agent must be an http:// or https:// URL, got {url!r}")
    return url


def iso_to_epoch(value: Any, default: float | None = None) -> float:
    """ISO 8601 (zone required by the protocol; naive is taken as UTC) to epoch seconds."""
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str) and value:
        try:
            dt = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=UTC)
            return dt.timestamp()
    return time.time() if default is None else default


def clock_z(value: Any) -> str:
    """The ISO time as "09:49:12Z" (or the text as given if it is not ISO)."""
    if not value:
        return "?"
    try:
        dt = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.strftime("%H:%M:%SZ")


def error_text(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if isinstance(body, dict) and body.get("error"):
        return str(body["error"])
    return str(body)[:200]


def transport_reason(exc: BaseException) -> str:
    """A short human reason for an httpx transport failure."""
    if isinstance(exc, httpx.ConnectError):
        return "connection refused or unreachable"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the agent closed the connection"
    if isinstance(exc, httpx.LocalProtocolError):
        return "the request could not be sent (malformed header)"  # its text may hold the token
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- protocol items to events -----------------------------------------------------------


class LineParser(Protocol):
    def feed(self, line: str) -> list[ev.Event]: ...

    def flush(self) -> list[ev.Event]: ...


def _default_parser(source: str) -> LineParser:
    from console.parse.parser import LogParser  # the same parser a log file goes through

    parser: LineParser = LogParser(source=source)
    return parser


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def status_events(status: Mapping[str, Any], source: str) -> list[ev.Event]:
    """The one-off ``/v1/status`` answer as events (who, what, the plan)."""
    ts = iso_to_epoch(status.get("started_at"))
    out: list[ev.Event] = [
        ev.SessionInfo(
            ts=ts,
            source=source,
            service=_opt_str(status.get("service")),
            version=_opt_str(status.get("version")),
            agent=_opt_str(status.get("agent")),
            agent_session_id=_opt_str(status.get("session_id")),
        )
    ]
    plan = _plan(status.get("plan"))
    if plan:
        out.append(ev.StagePlan(ts=ts, source=source, steps=plan))
    return out


def _plan(value: Any) -> tuple[float, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    steps = tuple(x for x in (_num(v) for v in value) if x is not None)
    return steps


def item_events(item: Mapping[str, Any], source: str, parser: LineParser) -> list[ev.Event]:
    """One stream item as events; unknown or malformed items give nothing."""
    kind = item.get("type")
    ts = iso_to_epoch(item.get("at"))
    if kind == "log":
        line = item.get("line")
        return parser.feed(line) if isinstance(line, str) else []
    if kind == "metrics":
        out: list[ev.Event] = []
        for sample in item.get("samples") or ():
            if not isinstance(sample, Mapping):
                continue
            value = _num(sample.get("value"))
            name = sample.get("name")
            if value is None or not isinstance(name, str):
                continue
            scope = str(sample.get("scope") or "")
            out.append(ev.MetricSample(ts=ts, source=source, name=name, value=value, scope=scope))
        return out
    if kind == "gate_opened":
        gate = item.get("gate")
        if not isinstance(gate, Mapping) or not gate.get("gate_id"):
            return []
        window = gate.get("window_start")
        return [
            ev.GateOpened(
                ts=iso_to_epoch(gate.get("opened_at"), ts),
                source=source,
                gate_id=str(gate["gate_id"]),
                stage_pct=_num(gate.get("stage_pct")) or 0.0,
                next_pct=_num(gate.get("next_pct")),
                window_start=iso_to_epoch(window) if window else None,
            )
        ]
    if kind in ("gate_closed", "gate_held"):
        if not item.get("gate_id"):
            return []
        decision = "hold" if kind == "gate_held" else str(item.get("decision") or "")
        return [
            ev.GateClosed(
                ts=iso_to_epoch(item.get("decided_at"), ts),
                source=source,
                gate_id=str(item["gate_id"]),
                decision=decision,
                operator=_opt_str(item.get("operator")),
                reason=_opt_str(item.get("reason")),
            )
        ]
    if kind == "session":
        out = [
            ev.SessionInfo(
                ts=ts,
                source=source,
                service=_opt_str(item.get("service")),
                version=_opt_str(item.get("version")),
                agent=_opt_str(item.get("agent")),
                task=_opt_str(item.get("task")),
                attempt=_opt_str(item.get("attempt")),
                previous_attempt=_opt_str(item.get("previous_attempt")),
                agent_session_id=_opt_str(item.get("agent_session_id")),
            )
        ]
        plan = _plan(item.get("plan"))
        if plan:
            out.append(ev.StagePlan(ts=ts, source=source, steps=plan))
        return out
    return []


# --- the source ---------------------------------------------------------------------------

_END = object()


class AgentSource:
    """Streams a protocol-v1 agent's events until its rollout ends or ``stop`` is set."""

    def __init__(
        self,
        url: str,
        token: str | Token,
        *,
        source: str = "agent",
        after: int = 0,
        read_timeout: float = 10.0,  # heartbeats come every 2 s; this much silence is a drop
        connect_timeout: float = 5.0,
        idle_flush: float = 0.3,
        backoff: Sequence[float] = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0),
        errors_before_error: int = 5,
        parser: Callable[[str], LineParser] = _default_parser,
    ) -> None:
        self.url = base_url(url)
        self._token = as_token(token)
        self.source = source
        self.last_seq = after
        self._agent_at: float | None = None
        self.read_timeout = read_timeout
        self.connect_timeout = connect_timeout
        self.idle_flush = idle_flush
        self.backoff = tuple(backoff) or (1.0,)
        self.errors_before_error = errors_before_error
        self._make_parser = parser
        self.status: dict[str, Any] | None = None
        self.reconnects = 0

    def __repr__(self) -> str:
        return f"AgentSource(url={self.url!r}, source={self.source!r})"

    def _status_event(self, status: str, message: str) -> ev.SourceStatus:
        # Stamped on the agent's clock (its latest item), not ours: a simulated or replayed
        # agent runs on its own time, and one wall-clock stamp would move the session clock.
        ts = self._agent_at if self._agent_at is not None else time.time()
        return ev.SourceStatus(
            ts=ts, source=self.source, name="agent", status=status, message=message
        )

    def _client(self) -> httpx.AsyncClient:
        timeout = httpx.Timeout(self.read_timeout, connect=self.connect_timeout)
        return httpx.AsyncClient(base_url=self.url, headers=self._token.headers(), timeout=timeout)

    async def fetch_status(self, client: httpx.AsyncClient) -> dict[str, Any]:
        """``GET /v1/status``; raises AgentError with one clear line."""
        try:
            resp = await client.get("/v1/status")
        except httpx.TransportError as exc:
            raise AgentError(
                f"cannot reach the agent at {self.url} ({transport_reason(exc)}): is it running?"
            ) from None
        if resp.status_code in (401, 403):
            raise AgentError(token_refused(resp.status_code))
        if resp.status_code != 200:
            raise AgentError(
                f"the agent at {self.url} answered /v1/status with HTTP {resp.status_code}: "
                f"{error_text(resp)}"
            )
        try:
            body = resp.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise AgentError(f"{self.url} is not an opsconsole agent (/v1/status is not JSON)")
        if body.get("protocol") != PROTOCOL:
            raise AgentError(
                f"the agent at {self.url} speaks protocol {body.get('protocol')!r}; "
                f"this console speaks {PROTOCOL}"
            )
        return body

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        parser = self._make_parser(self.source)
        async with self._client() as client:
            try:
                status = await self.fetch_status(client)
            except AgentError as exc:
                yield self._status_event("error", str(exc))
                raise
            self.status = status
            for e in status_events(status, self.source):
                self._agent_at = e.ts
                yield e
            yield self._status_event("ok", f"connected to {self.url}")

            failures = 0
            while not stop.is_set():
                reason = ""
                try:
                    async with client.stream(
                        "GET", "/v1/events", params={"after": self.last_seq}
                    ) as resp:
                        if resp.status_code in (401, 403):
                            message = token_refused(resp.status_code)
                            yield self._status_event("error", message)
                            raise AgentError(message)
                        if resp.status_code != 200:
                            await resp.aread()
                            reason = f"HTTP {resp.status_code}: {error_text(resp)}"
                        else:
                            if failures:
                                moved = await self._session_changed(client)
                                if moved:
                                    yield self._status_event("error", moved)
                                    raise AgentError(moved)
                                yield self._status_event(
                                    "ok", f"reconnected; resumed after seq {self.last_seq}"
                                )
                                failures = 0
                            async for e in self._read(resp, parser, stop):
                                yield e
                            if stop.is_set():
                                break
                            # The agent closed the stream: the end, or a clean drop?
                            if await self._rollout_ended(client):
                                for e in parser.flush():
                                    yield e
                                state = (self.status or {}).get("state", "ended")
                                yield self._status_event("ended", f"the rollout {state}")
                                return
                            reason = "the agent closed the stream"
                except httpx.TransportError as exc:
                    reason = transport_reason(exc)
                failures += 1
                self.reconnects += 1
                delay = self.backoff[min(failures - 1, len(self.backoff) - 1)]
                level = "stale" if failures < self.errors_before_error else "error"
                yield self._status_event(
                    level,
                    f"lost the agent's event stream ({reason}); reconnecting in {delay:g} s "
                    f"from seq {self.last_seq}",
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
            for e in parser.flush():
                yield e

    async def _session_changed(self, client: httpx.AsyncClient) -> str | None:
        """After a reconnect: is it still the session we followed? (A restarted agent numbers
        its items from 1 again, so resuming by seq would silently skip them.)"""
        before = (self.status or {}).get("session_id")
        try:
            now = (await self.fetch_status(client)).get("session_id")
        except AgentError:
            return None  # can't tell; the stream itself is the better witness
        if before and now and now != before:
            return (
                f"the agent at {self.url} restarted with a new session ({now}; this console "
                f"followed {before}): attach again to follow it"
            )
        return None

    async def _rollout_ended(self, client: httpx.AsyncClient) -> bool:
        try:
            status = await self.fetch_status(client)
        except AgentError:
            return False
        self.status = status
        last = status.get("last_seq")
        caught_up = not isinstance(last, int) or self.last_seq >= last
        return status.get("state") in TERMINAL_STATES and caught_up

    async def _read(
        self, resp: httpx.Response, parser: LineParser, stop: asyncio.Event
    ) -> AsyncIterator[ev.Event]:
        """Items of one connection, flushing the parser after ``idle_flush`` s of quiet."""
        lines: asyncio.Queue[object] = asyncio.Queue(maxsize=1024)

        async def pump() -> None:
            try:
                async for line in resp.aiter_lines():
                    await lines.put(line)
                await lines.put(_END)
            except Exception as exc:  # handed to the reader, raised there
                await lines.put(exc)

        task = asyncio.create_task(pump())
        dirty = False
        try:
            while not stop.is_set():
                try:
                    got = await asyncio.wait_for(lines.get(), self.idle_flush)
                except TimeoutError:
                    if dirty:
                        dirty = False
                        for e in parser.flush():
                            yield e
                    if stop.is_set():
                        return
                    continue
                if got is _END:
                    return
                if isinstance(got, BaseException):
                    raise got
                assert isinstance(got, str)
                if not got.strip():
                    continue
                try:
                    item = json.loads(got)
                except ValueError:
                    continue  # not protocol; nothing sensible to do with half a line
                if not isinstance(item, dict) or item.get("type") == "heartbeat":
                    continue
                seq = item.get("seq")
                if isinstance(seq, int):
                    if seq <= self.last_seq:
                        continue  # already seen before a reconnect
                    self.last_seq = seq
                if item.get("type") == "log":
                    dirty = True
                for e in item_events(item, self.source, parser):
                    self._agent_at = e.ts if self._agent_at is None else max(self._agent_at, e.ts)
                    yield e
        finally:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
