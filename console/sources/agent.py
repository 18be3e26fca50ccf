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
from console.sources import edge
from console.timefmt import clock

PROTOCOL = 1
TOKEN_ENV = "OPSCONSOLE_AGENT_TOKEN"
EPOCH_HEADER = "Agent-Epoch"
# The outcome of a session whose agent restarted; the console goes on in a new session.
AGENT_RESTARTED = "agent_restarted"
TERMINAL_STATES = frozenset({"succeeded", "rolled_back", "failed"})
STATUS_DEADLINE = 3  # /v1/status must be whole within this many read timeouts
OLD_ANSWERS = 5  # answers in a row from an epoch left behind before it is followed again


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


def clock_z(value: Any) -> str:
    """The ISO time as "09:49:12Z" (or the text as given if it is not ISO)."""
    if not value:
        return "?"
    text = edge.text_or_none(value, 64) or "?"
    try:
        dt = datetime.fromisoformat(text)
        at = (dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)).timestamp()
    except (ValueError, OverflowError, OSError):
        return text
    return f"{clock(at)}Z"


def error_text(response: httpx.Response | bytes) -> str:
    raw = response if isinstance(response, bytes) else response.content
    text = raw[:4096].decode("utf-8", "replace")
    try:
        body = json.loads(text)
    except (ValueError, RecursionError):
        return text.strip()[:200]
    if isinstance(body, dict) and body.get("error"):
        return edge.bounded(str(body["error"]), 200)
    return _json(body, 200)


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


def _json(value: Any, limit: int = 2000) -> str:
    """A value from an item as bounded text, for a flagged line (never raises)."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (ValueError, TypeError, RecursionError):
        text = "(unprintable)"
    except Exception:  # a 5000-digit integer: int-to-str conversion limit
        text = "(unprintable)"
    return edge.bounded(text, limit)


def _pct(value: Any) -> float | None:
    return edge.check_number(value, bound=100.0) if value is not None else None


def _plan(value: Any) -> tuple[float, ...] | None:
    """The stage plan; None if it is not a short list of percentages (0-100)."""
    if not isinstance(value, list) or len(value) > 100:
        return None
    steps = tuple(_pct(v) for v in value)
    if any(x is None or x < 0 for x in steps):
        return None
    return steps  # type: ignore[return-value]


def _session_events(
    fields: Mapping[str, Any], ts: float, source: str, *, task: bool, what: str
) -> list[ev.Event]:
    text = edge.text_or_none
    out: list[ev.Event] = [
        ev.SessionInfo(
            ts=ts,
            source=source,
            service=text(fields.get("service")),
            version=text(fields.get("version")),
            agent=text(fields.get("agent")),
            agent_session_id=text(fields.get("agent_session_id" if task else "session_id")),
            **(
                {
                    "task": text(fields.get("task"), edge.MAX_LINE_CHARS),
                    "attempt": text(fields.get("attempt")),
                    "previous_attempt": text(fields.get("previous_attempt")),
                }
                if task
                else {}
            ),
        )
    ]
    raw_plan = fields.get("plan")
    if raw_plan is not None:
        plan = _plan(raw_plan)
        if plan is None:
            out.append(
                edge.flagged(
                    ts, source, f"the {what}'s plan is not a list of percentages", _json(raw_plan)
                )
            )
        elif plan:
            out.append(ev.StagePlan(ts=ts, source=source, steps=plan))
    return out


def status_events(
    status: Mapping[str, Any], source: str, fallback: float | None = None
) -> list[ev.Event]:
    """The one-off ``/v1/status`` answer as events (who, what, the plan)."""
    now = time.time() if fallback is None else fallback
    ts = edge.check_time(status.get("started_at"))
    out: list[ev.Event] = []
    if ts is None:
        ts = now
        if status.get("started_at") is not None:
            out.append(
                edge.flagged(
                    ts,
                    source,
                    "the agent's started_at is not a believable time",
                    _json(status.get("started_at")),
                )
            )
    return _session_events(status, ts, source, task=False, what="status") + out


def item_events(
    item: Mapping[str, Any], source: str, parser: LineParser, fallback: float | None = None
) -> list[ev.Event]:
    """One stream item as events. Unknown types give nothing; an item whose time or numbers
    can't be believed is kept as a flagged line (``fallback``: its time, the agent's latest)."""
    kind = item.get("type")
    now = time.time() if fallback is None else fallback
    if kind == "heartbeat":
        return []
    if kind == "log":
        line = item.get("line")
        if not isinstance(line, str):
            return [edge.flagged(now, source, "a log item without a line", _json(item))]
        # The line carries its own time (the parser reads it); "at" is not used.
        return [edge.guard(e, now) for e in parser.feed(edge.bounded(line))]
    if kind not in ("metrics", "gate_opened", "gate_closed", "gate_held", "session"):
        return []  # clients ignore item types they do not know
    ts = edge.check_time(item.get("at"))
    if ts is None:
        why = f"{kind} item: 'at' is not a believable time"
        return [edge.flagged(now, source, why, _json(item))]
    try:
        return _typed_events(kind, item, ts, source)
    except _Unbelievable as bad:
        return [edge.flagged(ts, source, f"{kind} item: {bad}", _json(item))]


class _Unbelievable(ValueError):
    pass


def _time_field(value: Any, default: float, what: str) -> float:
    if value is None:
        return default
    ts = edge.check_time(value)
    if ts is None:
        raise _Unbelievable(f"{what} is not a believable time")
    return ts


def _gate_id(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 200:
        raise _Unbelievable("gate_id is not a short string")
    return edge.valid_text(value)


def _typed_events(kind: str, item: Mapping[str, Any], ts: float, source: str) -> list[ev.Event]:
    if kind == "metrics":
        samples = item.get("samples")
        if not isinstance(samples, list) or len(samples) > 10_000:
            raise _Unbelievable("samples is not a list")
        out: list[ev.Event] = []
        bad = []
        for sample in samples:
            fields = edge.mapping(sample)
            value = edge.check_number(fields.get("value")) if fields else None
            name = fields.get("name") if fields else None
            scope = fields.get("scope") if fields else None
            if (
                value is None
                or not isinstance(name, str)
                or not 0 < len(name) <= 200
                or not (scope is None or (isinstance(scope, str) and len(scope) <= 200))
            ):
                bad.append(sample)
                continue
            out.append(
                ev.MetricSample(
                    ts=ts,
                    source=source,
                    name=edge.valid_text(name),
                    value=value,
                    scope=edge.valid_text(scope or ""),
                )
            )
        if bad:
            why = f"{len(bad)} of {len(samples)} samples are not finite, bounded measurements"
            out.append(edge.flagged(ts, source, why, _json(bad)))
        return out
    if kind == "gate_opened":
        gate = edge.mapping(item.get("gate"))
        if gate is None:
            raise _Unbelievable("gate is not an object")
        stage = _pct(gate.get("stage_pct"))
        nxt = _pct(gate.get("next_pct"))
        if stage is None or (gate.get("next_pct") is not None and nxt is None):
            raise _Unbelievable("stage_pct/next_pct are not percentages")
        window = gate.get("window_start")
        return [
            ev.GateOpened(
                ts=_time_field(gate.get("opened_at"), ts, "opened_at"),
                source=source,
                gate_id=_gate_id(gate.get("gate_id")),
                stage_pct=stage,
                next_pct=nxt,
                window_start=_time_field(window, ts, "window_start") if window else None,
            )
        ]
    if kind in ("gate_closed", "gate_held"):
        decision = "hold" if kind == "gate_held" else item.get("decision")
        if not isinstance(decision, str) or len(decision) > 32:
            raise _Unbelievable("decision is not a short string")
        return [
            ev.GateClosed(
                ts=_time_field(item.get("decided_at"), ts, "decided_at"),
                source=source,
                gate_id=_gate_id(item.get("gate_id")),
                decision=edge.valid_text(decision),
                operator=edge.text_or_none(item.get("operator"), 200),
                reason=edge.text_or_none(item.get("reason"), edge.MAX_LINE_CHARS),
            )
        ]
    return _session_events(item, ts, source, task=True, what="session item")


# --- the source ---------------------------------------------------------------------------

_END = object()


class _Restarted(Exception):
    """The agent followed has restarted (its epoch changed)."""

    def __init__(self, reason: str, epoch: str | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.epoch = epoch


class _OldProcess(Exception):
    """An epoch already left behind answered: an older agent process still reachable at the
    address (a second replica, the old pod of a rolling update), not another restart."""


def _epoch(value: Any) -> str | None:
    """An epoch as the protocol has it: an opaque, short string; anything else is none."""
    if isinstance(value, str) and 0 < len(value) <= 128:
        return edge.valid_text(value)
    return None


def epoch_of(status: Mapping[str, Any]) -> str | None:
    return _epoch(status.get("epoch"))


# Events the console stamps itself: they must not move the agent's clock.
_OWN_KINDS = frozenset({ev.SourceStatus.kind})


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
        self.epoch: str | None = None  # the agent run followed (protocol v1 "epoch")
        self._left: set[str] = set()  # epochs of runs followed before (bounded, see _new_run)
        self._old_answers = 0  # answers in a row from a left epoch, none from ours
        self._last_item = 0.0  # loop time of the last item (not heartbeat) read
        self._last_line_at = time.time()  # wall time the last whole line (heartbeat too) came
        self.reconnects = 0
        self.restarts = 0

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

    async def _read_status(self, client: httpx.AsyncClient) -> tuple[httpx.Response, bytes]:
        async with client.stream("GET", "/v1/status") as resp:
            raw = bytearray()
            async for chunk in resp.aiter_bytes():
                raw += chunk
                if len(raw) > edge.MAX_ITEM_BYTES:
                    raise AgentError(
                        f"the agent at {self.url} sent a /v1/status over "
                        f"{edge.MAX_ITEM_BYTES} bytes: is it an opsconsole agent?"
                    )
        return resp, bytes(raw)

    async def fetch_status(self, client: httpx.AsyncClient) -> dict[str, Any]:
        """``GET /v1/status``; raises AgentError with one clear line."""
        # Each read has its timeout; the whole answer has a deadline too (a byte now and
        # then would otherwise hold the source for ever).
        deadline = STATUS_DEADLINE * self.read_timeout
        try:
            resp, raw = await asyncio.wait_for(self._read_status(client), deadline)
        except TimeoutError:
            raise AgentError(
                f"the agent at {self.url} did not answer /v1/status within {deadline:g} s"
            ) from None
        except httpx.TransportError as exc:
            raise AgentError(
                f"cannot reach the agent at {self.url} ({transport_reason(exc)}): is it running?"
            ) from None
        if resp.status_code in (401, 403):
            raise AgentError(token_refused(resp.status_code))
        if resp.status_code != 200:
            raise AgentError(
                f"the agent at {self.url} answered /v1/status with HTTP {resp.status_code}: "
                f"{error_text(raw)}"
            )
        try:
            body = json.loads(raw.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
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
            self.epoch = epoch_of(status)
            for e in status_events(status, self.source):
                yield self._seen(e)
            self._last_line_at = time.time()
            yield self._status_event("ok", f"connected to {self.url}")

            failures = 0
            while not stop.is_set():
                reason = ""
                restarted: _Restarted | None = None
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
                            # The stream's own header first: a check of /v1/status before
                            # it could have seen the old agent still running.
                            self._check_epoch(resp.headers.get(EPOCH_HEADER), "its event stream")
                            back: ev.SourceStatus | None = None
                            if failures:
                                await self._check_session(client)
                                back = self._status_event(
                                    "ok", f"reconnected; resumed after seq {self.last_seq}"
                                )
                            async for e in self._read(resp, parser, stop, back):
                                if e is back:  # a whole line came: the stream is back
                                    failures = 0
                                yield e
                            if stop.is_set():
                                break
                            # The agent closed the stream: the end, or a clean drop?
                            if await self._rollout_ended(client):
                                for e in parser.flush():
                                    yield self._seen(edge.guard(e, self._fallback()))
                                state = (self.status or {}).get("state", "ended")
                                yield self._status_event("ended", f"the rollout {state}")
                                return
                            reason = "the agent closed the stream"
                except httpx.TransportError as exc:
                    reason = transport_reason(exc)
                except _OldProcess as exc:
                    reason = str(exc)
                except _Restarted as exc:
                    restarted = exc
                if restarted is not None:
                    async for e in self._new_run(client, parser, restarted):
                        yield e
                    parser = self._make_parser(self.source)
                    failures = 0
                    continue
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
                yield self._seen(edge.guard(e, self._fallback()))

    def _check_epoch(self, epoch: Any, where: str) -> None:
        """Raise _Restarted if ``epoch`` (from ``where``) is not the one followed."""
        now = _epoch(epoch)
        if now is None:
            return
        if self.epoch is None:
            self.epoch = now  # an agent that didn't say before: from now on it has
            return
        if now == self.epoch:
            self._old_answers = 0
            return
        if now in self._left:
            self._old_answers += 1
            if self._old_answers <= OLD_ANSWERS:
                raise _OldProcess(
                    f"an older agent process (epoch {now}) answered at {self.url} in {where};"
                    f" following the newest (epoch {self.epoch})"
                )
            # Ours has stopped answering (epochs have no order: the one left may have been
            # the newer): follow the one that answers, as a restart.
            self._left.discard(now)
            self._old_answers = 0
            raise _Restarted(
                f"the agent at {self.url} answers only as epoch {now} now ({self.epoch} is gone)",
                now,
            )
        if now != self.epoch:
            raise _Restarted(
                f"the agent at {self.url} restarted (epoch {self.epoch} → {now}, seen in {where})",
                now,
            )

    async def _check_session(self, client: httpx.AsyncClient) -> None:
        """After a reconnect: is it still the agent run we followed? A restarted agent
        numbers its items from 1 again, so resuming by seq would skip its first ones."""
        try:
            status = await self.fetch_status(client)
        except AgentError:
            return  # can't tell; the stream itself is the better witness
        self._check_epoch(status.get("epoch"), "/v1/status")
        before = (self.status or {}).get("session_id")
        now = status.get("session_id")
        if self.epoch is None and before and now and now != before:
            # An agent without an epoch: a new session id is the only sign it gives.
            raise _Restarted(
                f"the agent at {self.url} restarted with a new session "
                f"({edge.text_or_none(now, 200)}; this console followed "
                f"{edge.text_or_none(before, 200)})",
                None,
            )

    async def _new_run(
        self, client: httpx.AsyncClient, parser: LineParser, restarted: _Restarted
    ) -> AsyncIterator[ev.Event]:
        """The agent restarted: end the session followed (its outcome says so) and begin
        the new run from its first item. The console records it as a new session."""
        for e in parser.flush():
            yield self._seen(edge.guard(e, self._fallback()))
        yield ev.Outcome(
            ts=self._fallback(),
            source=self.source,
            status=AGENT_RESTARTED,
            detail=f"{restarted.reason}; its new run is recorded as a new session",
        )
        self.last_seq = 0
        if self.epoch is not None:
            self._left.add(self.epoch)
            if len(self._left) > 1000:  # an agent restarted that often: keep the set small
                self._left.pop()
        self.epoch = restarted.epoch
        self.restarts += 1
        try:
            status = await self.fetch_status(client)
        except AgentError as exc:
            yield self._status_event("stale", str(exc))
            return
        if _epoch(status.get("epoch")) in self._left:
            # The old process answered this one: the new run's status comes with its stream.
            yield self._status_event("stale", "an older agent process answered /v1/status")
            return
        self.status = status
        self._check_epoch_quietly(status)
        for e in status_events(status, self.source, self._fallback()):
            yield self._seen(e)
        yield self._status_event("ok", "the agent restarted: following its new run from seq 0")

    def _check_epoch_quietly(self, status: Mapping[str, Any]) -> None:
        now = _epoch(status.get("epoch"))
        if now is not None:
            self.epoch = now

    def _fallback(self) -> float:
        """The time for what arrives without a believable one: the agent's latest."""
        return self._agent_at if self._agent_at is not None else time.time()

    def _seen(self, e: ev.Event) -> ev.Event:
        if e.kind not in _OWN_KINDS:
            self._agent_at = e.ts if self._agent_at is None else max(self._agent_at, e.ts)
        return e

    def _item(self, head: bytes, size: int, parser: LineParser) -> list[ev.Event]:
        """One line of the stream as events. It raises nothing but _Restarted, whatever the
        line holds."""
        if size > len(head):  # over MAX_ITEM_BYTES: can't be parsed; keep its start
            seq = edge.item_seq(head)
            if seq is not None:
                if seq <= self.last_seq:
                    return []
                self.last_seq = seq
            text = head[: edge.MAX_LINE_CHARS].decode("utf-8", "replace")
            reason = f"an item of {size} bytes, over the {edge.MAX_ITEM_BYTES}-byte limit, cut"
            return [edge.flagged(self._fallback(), self.source, reason, text)]
        text = head.decode("utf-8", "replace")
        if not text.strip():
            return []
        try:
            item = json.loads(text)
        except (ValueError, RecursionError):
            item = None
        if not isinstance(item, dict):
            return [edge.flagged(self._fallback(), self.source, "not a protocol item", text)]
        if item.get("type") in ("heartbeat", "session"):
            self._check_epoch(item.get("epoch"), f"a {item.get('type')} item")
        if item.get("type") == "heartbeat":
            return []
        self._last_item = asyncio.get_running_loop().time()
        raw_seq = item.get("seq")
        if raw_seq is not None:
            seq = edge.check_seq(raw_seq)
            if seq is None:
                return [
                    edge.flagged(
                        self._fallback(), self.source, "seq is not a sequence number", text
                    )
                ]
            if seq <= self.last_seq:
                return []  # already seen before a reconnect
            self.last_seq = seq
        try:
            return item_events(item, self.source, parser, self._fallback())
        except Exception as exc:  # a parser failing on one line must not end the source
            why = f"could not be read ({type(exc).__name__})"
            return [edge.flagged(self._fallback(), self.source, why, text)]

    async def _rollout_ended(self, client: httpx.AsyncClient) -> bool:
        try:
            status = await self.fetch_status(client)
        except AgentError:
            return False
        self._check_epoch(status.get("epoch"), "/v1/status")
        self.status = status
        last = status.get("last_seq")
        caught_up = not isinstance(last, int) or self.last_seq >= last
        return status.get("state") in TERMINAL_STATES and caught_up

    async def _read(
        self,
        resp: httpx.Response,
        parser: LineParser,
        stop: asyncio.Event,
        back: ev.SourceStatus | None = None,
    ) -> AsyncIterator[ev.Event]:
        """Items of one connection, flushing the parser after ``idle_flush`` s of quiet.
        ``back`` (a reconnect's 'ok') comes before the first whole line, not before: a
        stream that answers and then trickles is not back."""
        # Each line is read up to MAX_ITEM_BYTES whatever its length: a few of them queued.
        lines: asyncio.Queue[object] = asyncio.Queue(maxsize=32)

        loop = asyncio.get_running_loop()
        # A heartbeat every few seconds is a whole line. Bytes that come but make no line for
        # longer than the read timeout (a byte now and then never times a read out) are a
        # stalled stream: the status says so until a line completes. (Silence is a read
        # timeout, and a reconnect.)
        last_line = last_bytes = loop.time()
        stalled = False

        async def chunks() -> AsyncIterator[bytes]:
            nonlocal last_bytes
            async for chunk in resp.aiter_bytes():
                last_bytes = loop.time()
                yield chunk

        async def pump() -> None:
            nonlocal last_line
            try:
                async for line in edge.bounded_lines(chunks()):
                    last_line, self._last_line_at = loop.time(), time.time()
                    await lines.put(line)
                await lines.put(_END)
            except Exception as exc:  # handed to the reader, raised there
                await lines.put(exc)

        task = asyncio.create_task(pump())
        dirty = False
        try:
            while not stop.is_set():
                # Flush idle_flush after the last item, heartbeats or not (an agent may beat
                # more often than that).
                wait = self.idle_flush
                if dirty:
                    wait = max(0.0, self._last_item + self.idle_flush - loop.time())
                if not stalled and loop.time() < last_line + self.read_timeout:
                    wait = min(wait, last_line + self.read_timeout - loop.time())
                try:
                    # A line already queued is taken as it is: a wait of 0 (the reader was
                    # held up downstream) would time out before even looking.
                    got = (
                        lines.get_nowait()
                        if not lines.empty()
                        else await asyncio.wait_for(lines.get(), wait)
                    )
                except TimeoutError:
                    if dirty:
                        dirty = False
                        for e in parser.flush():
                            yield self._seen(edge.guard(e, self._fallback()))
                    if stop.is_set():
                        return
                    late = loop.time() - last_line >= self.read_timeout
                    if late and not stalled and last_bytes > last_line:
                        stalled = True
                        yield self._status_event(
                            "stale",
                            f"stalled: no complete message since {clock(self._last_line_at)}Z "
                            "(its bytes come, too slowly to make one)",
                        )
                    continue
                if got is _END:
                    return
                if isinstance(got, BaseException):
                    raise got
                assert isinstance(got, tuple)
                if back is not None:
                    yield back
                    back = None
                if stalled:
                    stalled = False
                    yield self._status_event("ok", "the event stream moves again")
                head, size = got
                before = self._last_item
                for e in self._item(head, size, parser):
                    yield self._seen(e)
                if self._last_item != before:
                    dirty = True  # an item (not a heartbeat) may have opened a log entry
        finally:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
