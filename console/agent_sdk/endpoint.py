"""An agent's endpoint of the control protocol v1 (docs/agent-protocol.md, docs/agent-sdk.md).

One ``AgentEndpoint`` per rollout. The agent writes its runtime log (``log``), reports
measurements (``metrics``), blocks on gates (``await gate(...)``) and says how it ended
(``end``); the endpoint serves all of it to consoles with resume, heartbeats, bearer tokens,
idempotency keys and first-decision-wins. Everything here runs in one event loop, so a
decision is checked and applied without a suspension point in between: two consoles deciding
at once are ordered by the loop, and the second is told who won.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from console.agent_sdk import phrasing
from console.agent_sdk.files import open_private
from console.agent_sdk.http import MAX_BODY, HttpFace
from console.agent_sdk.idempotency import Reply
from console.agent_sdk.stream import ItemStream, now_iso
from console.agent_sdk.token import resolve_token
from console.errors import EndpointError

PROTOCOL = 1
HEARTBEAT_S = 2.0
DEFAULT_PLAN = (10.0, 25.0, 50.0, 75.0, 100.0)
STATES = (
    "starting",
    "deploying",
    "shifting",
    "monitoring",
    "at_gate",
    "rolling_back",
    "succeeded",
    "rolled_back",
    "failed",
)
FINAL_STATES = frozenset({"succeeded", "rolled_back", "failed"})
DECISIONS = ("approve", "hold", "rollback")
# The session item's own fields: ``session_fields`` adds to them, never replaces one.
_SESSION_KEYS = frozenset(
    {"seq", "type", "at", "service", "version", "agent", "task", "attempt"}
    | {"agent_session_id", "plan", "epoch"}
)
TIMEOUT_REASON = "no decision before the gate timed out"

# (kind, gate_id, operator, reason, at) -> the runtime-log lines for an operator's decision;
# kind is approve, rollback, hold or abort (gate_id "" for an abort). See ``decision_lines``.
DecisionLines = Callable[[str, str, str, str, float], Sequence[str]]


class Aborted(EndpointError):
    """An operator rolled the rollout back (``POST /v1/rollback``): roll back now."""

    def __init__(self, operator: str, reason: str, requested_at: str) -> None:
        super().__init__(f"rollback requested by {phrasing.safe_name(operator)}", reason or None)
        self.operator = operator
        self.reason = reason
        self.requested_at = requested_at


@dataclass(frozen=True, slots=True)
class Decision:
    """How a gate was decided. ``decision`` is ``approve`` or ``rollback`` (a hold is not a
    decision: ``gate()`` keeps waiting). ``timed_out``: the agent itself rolled back because
    nobody decided in time; ``aborted``: an abort (``POST /v1/rollback``) closed the gate."""

    gate_id: str
    decision: str
    operator: str
    reason: str
    decided_at: str
    timed_out: bool = False
    aborted: bool = False

    @property
    def approved(self) -> bool:
        return self.decision == "approve"


@dataclass
class Hold:
    operator: str
    reason: str
    at: str


@dataclass
class Gate:
    gate_id: str
    stage_pct: float
    next_pct: float | None
    window_start: float | None
    opened_at: float
    action: str
    waiter: asyncio.Future[Decision]
    decision: Decision | None = None
    holds: list[Hold] = field(default_factory=list)
    state_before: str = "monitoring"  # the state to go back to when an action is denied

    def public(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "gate_id": self.gate_id,
            "stage_pct": self.stage_pct,
            "next_pct": self.next_pct,
            "window_start": now_iso(self.window_start) if self.window_start else None,
            "opened_at": now_iso(self.opened_at),
        }
        if self.action:
            out["action"] = self.action
        return out


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return float(value)


def _pct(value: Any, what: str, *, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    v = _number(value, what)
    if not 0.0 <= v <= 100.0:
        raise ValueError(f"{what} must be between 0 and 100, not {v:g}")
    return v


class AgentEndpoint:
    """The asynchronous endpoint. Create it, ``await start()``, then drive the rollout.

    Every method is called from the event loop that started it (``SyncEndpoint`` does that for
    synchronous code). ``on_abort(aborted)`` is called in that loop as soon as an operator
    aborts; the agent's next ``log``, ``metrics``, ``stage`` or ``traffic`` call also raises
    ``Aborted`` (once), and ``gate`` raises it for as long as the rollout is rolling back.
    """

    def __init__(
        self,
        *,
        service: str,
        version: str,
        agent: str = "agent",
        task: str | None = None,
        plan: Sequence[float] = DEFAULT_PLAN,
        session_id: str | None = None,
        attempt: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        token_file: str | Path | None = None,
        env: Mapping[str, str] | None = None,
        heartbeat_s: float = HEARTBEAT_S,
        log_path: str | Path | None = None,
        on_abort: Callable[[Aborted], object] | None = None,
        header: bool = True,
        clock: Callable[[], float] | None = None,
        raise_on_abort: bool = True,
        decision_lines: DecisionLines | None = None,
        session_fields: Mapping[str, Any] | None = None,
        status_fields: Callable[[], Mapping[str, Any]] | None = None,
        exposition: Callable[[], tuple[bytes, str]] | None = None,
        fresh_log: bool = False,
        max_body: int = MAX_BODY,
    ) -> None:
        self._token = resolve_token(token, token_file, env)
        if not service.strip() or not version.strip():
            raise EndpointError("the endpoint needs a service name and a version")
        self.service = service
        self.version = version
        self.agent = agent
        self.task = task or f"Deploy {service} v{version}"
        self.plan = tuple(p for p in (_pct(x, "a plan step") for x in plan) if p is not None)
        self.attempt = attempt
        self.host = host
        self.port = port
        self.heartbeat_s = heartbeat_s
        self.log_path = Path(log_path) if log_path is not None else None
        self.on_abort = on_abort
        self.header = header
        # The agent's own time (a simulation's clock): every time the endpoint stamps.
        self.clock: Callable[[], float] = clock or time.time
        # False: the agent hears of an abort through on_abort (and the gate's Decision) only.
        self.raise_on_abort = raise_on_abort
        self.decision_lines = decision_lines
        self.session_fields = dict(session_fields or {})
        self.status_fields = status_fields
        # GET /metrics, without a token (Prometheus scrapes it): (body, content type).
        self.exposition = exposition
        self.fresh_log = fresh_log
        self.max_body = max_body  # bytes of a request body; over it: a JSON 413
        # New at every start of the agent: a console that sees it change knows the seq
        # numbering started again, whatever the session id says.
        self.epoch = secrets.token_hex(8)
        self.started_at = self.clock()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(self.started_at))
        self.session_id = session_id or f"{service}-{stamp}-{self.epoch[:6]}"
        self.state = "starting"
        self.green_pct = 0.0
        self.actual_green_pct: float | None = 0.0
        self.url = ""
        self.stream = ItemStream(self.clock)
        self.gates: dict[str, Gate] = {}
        self.gate_open: Gate | None = None
        self.abort_requested: Aborted | None = None
        self._abort_told = False
        self._log_file: IO[str] | None = None
        self._server: HttpFace | None = None

    def __repr__(self) -> str:
        return f"AgentEndpoint(url={self.url!r}, session_id={self.session_id!r})"

    def check_token(self, given: str) -> bool:
        # "replace": a header that is not text (undecodable bytes) can't match, and mustn't raise.
        return secrets.compare_digest(given.encode("utf-8", "replace"), self._token.encode())

    # --- life --------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen, write the session item (and the log's header); the base URL."""
        if self._server is not None:
            return self.url
        if self.log_path is not None:
            try:
                self._log_file = open_private(self.log_path, fresh=self.fresh_log)
            except OSError as exc:
                raise EndpointError(
                    f"cannot write the agent log {self.log_path}: {exc.strerror or exc}"
                ) from None
        face = HttpFace(self)
        self.url = await face.start(self.host, self.port)
        self._server = face
        self.stream.append(
            "session",
            self.started_at,
            service=self.service,
            version=self.version,
            agent=self.agent,
            task=self.task,
            attempt=self.attempt,
            agent_session_id=self.session_id,
            plan=list(self.plan),
            **{k: v for k, v in self.session_fields.items() if k not in _SESSION_KEYS},
            epoch=self.epoch,
        )
        if self.header:
            for line in phrasing.header(
                self.session_id, self.task, self.agent, self.started_at, self.attempt
            ):
                self._raw(line)
            self._entry("INIT", "Agent initialization started")
            self._entry("INFO", f"Task: Deploy {self.service} v{self.version} to production")
            if self.plan:
                self._entry("PLANNING", phrasing.plan_line(self.plan))
        return self.url

    async def drained(self, timeout: float = 30.0) -> bool:
        """After ``end``: wait (at most ``timeout`` s) until every console following the
        stream has had its end: no stream open, and the status request a console makes when
        its stream ends answered since. True if so (or if no console ever followed). Call it
        before ``close`` so a console that is behind isn't left reconnecting to nothing."""
        face = self._server
        if face is None:
            return True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not face.consoles_done():
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    async def close(self) -> None:
        """Stop serving. Streams still open are ended; the log file is closed."""
        if self.gate_open is not None and self.gate_open.decision is None:
            self._close_gate(self.gate_open, "rollback", "agent", "the agent stopped", False)
        self.stream.end()
        if self._server is not None:
            await self._server.close()
            self._server = None
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    async def __aenter__(self) -> AgentEndpoint:
        await self.start()
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.state not in FINAL_STATES:
            self.end("failed", "the agent stopped before it said how the rollout ended")
        await self.close()

    @property
    def ended(self) -> bool:
        return self.state in FINAL_STATES

    # --- what the agent says -------------------------------------------------------------

    def _raw(self, line: str, ts: float | None = None) -> None:
        if self._log_file is not None:
            self._log_file.write(line + "\n")
        self.stream.append("log", ts, line=line)

    def _entry(self, level: str, message: str, *detail: str) -> None:
        ts = self.clock()
        self._raw(phrasing.entry(level, message, ts), ts)
        for line in detail:
            self._raw(line, ts)

    def _usable(self, *, tell_abort: bool = True) -> None:
        if self._server is None:
            raise EndpointError("the endpoint is not started", "await endpoint.start() first")
        if self.ended:
            raise EndpointError(f"the rollout has already ended ({self.state})")
        if (
            tell_abort
            and self.raise_on_abort
            and self.abort_requested is not None
            and not self._abort_told
        ):
            self._abort_told = True
            raise self.abort_requested

    def log(self, *lines: str, at: float | None = None) -> None:
        """Append lines to the runtime log, exactly as given (a line break starts a new line).

        ``[HH:MM:SS] [LEVEL] message`` entries, their indented detail lines, JSON service log
        lines: see docs/agent-sdk.md for the phrasings the console understands. ``at``: when
        they were written (epoch seconds), if not now."""
        self._usable()
        for text in lines:
            if not isinstance(text, str):
                raise TypeError(f"log lines are text, not {type(text).__name__}")
            for line in phrasing.one_line(text):
                self._raw(line, at)

    def entry(self, level: str, message: str, *detail: str) -> None:
        """A timestamped ``[HH:MM:SS] [LEVEL] message`` entry and its detail lines."""
        self._usable()
        self._entry(level.upper(), phrasing.flat(message), *(phrasing.flat(d) for d in detail))

    def metrics(
        self,
        samples: Mapping[str, float] | Iterable[Any] | None = None,
        /,
        scope: str = "",
        at: float | None = None,
        **named: float,
    ) -> int:
        """One ``metrics`` item. ``metrics({"latency_p99_ms": 283.4}, scope="green")``,
        ``metrics(error_rate_pct=0.2)`` or ``metrics([("db_connections", 40, "blue"), ...])``.
        Names are the console's canonical names (docs/agent-protocol.md). A value that is not
        a finite number (NaN from a window with no requests) is left out; returns how many
        samples were sent. ``at``: when they were measured (epoch seconds), if not now."""
        self._usable()
        if scope not in ("", "blue", "green"):
            raise ValueError(f"scope must be '', 'blue' or 'green', not {scope!r}")
        triples: list[tuple[Any, Any, Any]] = []
        if isinstance(samples, Mapping):
            triples += [(k, v, scope) for k, v in samples.items()]
        elif samples is not None:
            for s in samples:
                if isinstance(s, Mapping):
                    triples.append((s.get("name"), s.get("value"), s.get("scope", scope)))
                elif isinstance(s, tuple | list) and len(s) in (2, 3):
                    triples.append((s[0], s[1], s[2] if len(s) == 3 else scope))
                else:
                    raise ValueError(f"a sample is (name, value[, scope]) or a dict, not {s!r}")
        triples += [(k, v, scope) for k, v in named.items()]
        out = []
        for name, value, sc in triples:
            if not isinstance(name, str) or not name:
                raise ValueError(f"a metric name must be non-empty text, not {name!r}")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"metric {name} must be a number, not {value!r}")
            if sc not in ("", "blue", "green", None):
                raise ValueError(f"scope must be '', 'blue' or 'green', not {sc!r}")
            if not math.isfinite(value):
                continue
            out.append({"name": name, "value": float(value), "scope": str(sc or "")})
        if out:
            self.stream.append("metrics", at, samples=out)
        return len(out)

    def set_state(self, state: str) -> None:
        """The ``state`` the status snapshot shows (``deploying``, ``monitoring`` ...)."""
        self._usable()
        if state not in STATES or state in FINAL_STATES or state == "at_gate":
            raise ValueError(f"state must be one of the protocol's states, not {state!r}")
        self.state = state

    def guardrails(
        self,
        *,
        p99_ms: float | None = None,
        error_pct: float | None = None,
        avg_ms: float | None = None,
    ) -> None:
        """State the rollout's limits, so the console's gate checks judge by them."""
        self._usable()
        lines = phrasing.guardrail_lines(p99_ms, error_pct, avg_ms)
        self._entry("PLANNING", lines[0], *lines[1:])

    def stage(self, green_pct: float) -> None:
        """A traffic shift starts: ask the router for ``green_pct`` % on green."""
        self._usable()
        pct = _pct(green_pct, "green_pct")
        assert pct is not None
        self.green_pct = pct
        self.state = "shifting"
        self._entry("TOOL", f"Executing: traffic_shift(percentage={pct:g})")

    def traffic(self, actual_pct: float) -> None:
        """The router applies ``actual_pct`` % on green (what was measured, not asked for)."""
        self._usable()
        pct = _pct(actual_pct, "actual_pct")
        assert pct is not None
        self.actual_green_pct = pct
        if self.state == "shifting":
            self.state = "monitoring"
        lines = phrasing.traffic_lines(pct)
        self._entry("OBSERVATION", lines[0], *lines[1:])

    def report_traffic(
        self, green_pct: float | None = None, actual_pct: float | None = None
    ) -> None:
        """The split asked for / applied, for the status only: for an agent that writes its
        own ``traffic_shift`` and ``Traffic at`` lines with ``log`` (the simulated agent)."""
        if green_pct is not None:
            self.green_pct = _pct(green_pct, "green_pct") or 0.0
        if actual_pct is not None:
            self.actual_green_pct = _pct(actual_pct, "actual_pct")

    def begin_rollback(self, reason: str = "") -> None:
        """The agent starts moving traffic back to blue (after a rollback decision, an abort
        or its own judgement); report the split with ``traffic`` as it goes."""
        self._usable(tell_abort=False)
        self._abort_told = True  # the agent is rolling back: the abort has been heard
        self.state = "rolling_back"
        self.green_pct = 0.0
        self._entry(
            "ACTION", "Initiating rollback" + (f": {phrasing.flat(reason)}" if reason else "")
        )
        self._entry("TOOL", 'Executing: rollback_traffic(to_env="blue")')

    def end(self, outcome: str, detail: str = "", *, summary: bool = True) -> None:
        """The rollout ended: ``succeeded``, ``rolled_back`` or ``failed``. Streams close once
        each reader has the last item; the endpoint keeps answering until ``close()``.
        ``summary=False``: the agent has written its own outcome and summary lines."""
        if outcome not in FINAL_STATES:
            raise ValueError("outcome must be one of: succeeded, rolled_back, failed")
        self._usable(tell_abort=False)
        if self.gate_open is not None and self.gate_open.decision is None:
            self._close_gate(self.gate_open, "rollback", "agent", f"the rollout {outcome}", False)
        lines = phrasing.outcome_lines(outcome, self.actual_green_pct or 0.0, detail)
        for level, text in lines if summary else ():
            if level is None:
                self._raw(text)
            else:
                self._entry(level, text)
        self.state = outcome
        self.stream.end()

    # --- gates -----------------------------------------------------------------------------

    async def gate(
        self,
        stage_pct: float,
        next_pct: float | None,
        *,
        timeout: float | None = None,
        window_start: float | None = None,
        action: str = "",
    ) -> Decision:
        """Open a gate after a stage and wait for an operator: approve or rollback (with who
        and why). A hold keeps waiting. With ``timeout`` (seconds) and no decision by then the
        agent rolls back by itself: the Decision is a rollback by ``agent``, ``timed_out``."""
        if timeout is not None and not (timeout > 0 and math.isfinite(timeout)):
            raise ValueError("timeout must be a positive number of seconds")
        gate = self.open_gate(stage_pct, next_pct, window_start=window_start, action=action)
        return await self.wait_gate(gate, timeout=timeout)

    def open_gate(
        self,
        stage_pct: float,
        next_pct: float | None,
        *,
        window_start: float | None = None,
        action: str = "",
    ) -> Gate:
        """The first half of ``gate``: open it and return at once. For an agent that keeps
        working while it waits (a simulation still reporting metrics, still judging its
        SLOs): watch ``gate.decision`` (or ``gate.waiter``), close the gate by itself with
        ``rollback_gate``, or ``await wait_gate(gate)``."""
        self._usable(tell_abort=False)
        if self.abort_requested is not None:
            self._abort_told = True
            raise self.abort_requested
        if self.state == "rolling_back":
            raise EndpointError("the rollout is rolling back: no gate can open now")
        if self.gate_open is not None:
            raise EndpointError(f"gate {self.gate_open.gate_id} is still open")
        stage = _pct(stage_pct, "stage_pct")
        nxt = _pct(next_pct, "next_pct", optional=True)
        assert stage is not None
        gate = Gate(
            gate_id=f"gate-{len(self.gates) + 1}-{stage:g}",
            stage_pct=stage,
            next_pct=nxt,
            window_start=window_start,
            opened_at=self.clock(),
            action=phrasing.flat(action),
            waiter=asyncio.get_running_loop().create_future(),
        )
        self.gates[gate.gate_id] = gate
        self.gate_open = gate
        gate.state_before = self.state
        self.state = "at_gate"
        self.stream.append("gate_opened", gate.opened_at, gate=gate.public())
        lines = phrasing.gate_lines(gate.gate_id, stage, nxt, gate.action)
        self._entry("GATE", lines[0], *lines[1:])
        return gate

    async def wait_gate(self, gate: Gate, *, timeout: float | None = None) -> Decision:
        """The second half of ``gate``: wait for ``gate``'s decision (see ``gate``)."""
        before = gate.state_before
        try:
            decision = await asyncio.wait_for(asyncio.shield(gate.waiter), timeout)
        except TimeoutError:
            decision = self._close_gate(gate, "rollback", "agent", TIMEOUT_REASON, True)
        except asyncio.CancelledError:
            if gate.decision is None and not self.ended:
                self._close_gate(gate, "rollback", "agent", "the agent stopped waiting", False)
            raise
        if decision.aborted:
            self._abort_told = True  # told by this very answer
        if self.ended:
            pass
        elif decision.aborted:
            self.state = "rolling_back"
        elif gate.action:
            self.state = before  # an approval asked for one action: a "no" denies just that
        else:
            self.state = "shifting" if decision.approved else "rolling_back"
        return decision

    def rollback_gate(self, reason: str, *, timed_out: bool = False) -> Decision | None:
        """The agent decides its own open gate: a rollback by ``agent`` (an SLO broken while
        it waited, its own deadline passed). The waiting ``gate()`` returns that Decision.
        None if no gate is open."""
        gate = self.gate_open
        if gate is None or gate.decision is not None:
            return None
        return self._close_gate(gate, "rollback", "agent", reason, timed_out)

    def _decision_lines(self, kind: str, gate_id: str, operator: str, reason: str) -> None:
        """The log lines of an operator's decision: the agent's own phrasing if it gave one
        (operator text in them is its responsibility), else a safe name and no reason."""
        if self.decision_lines is not None:
            at = self.clock()
            for line in self.decision_lines(kind, gate_id, operator, reason, at):
                for one in phrasing.one_line(line):
                    self._raw(one, at)
            return
        if kind == "abort":
            self._entry("DECISION", f"Rollback requested by {phrasing.safe_name(operator)}")
            return
        self._entry("DECISION", phrasing.decision_line(gate_id, kind, operator))
        if kind == "hold":
            self._entry("INFO", "Waiting for a further decision (a hold never approves)")

    def _close_gate(
        self,
        gate: Gate,
        decision: str,
        operator: str,
        reason: str,
        timed_out: bool,
        *,
        aborted: bool = False,
    ) -> Decision:
        at = now_iso(self.clock())
        result = Decision(gate.gate_id, decision, operator, reason, at, timed_out, aborted)
        gate.decision = result
        if self.gate_open is gate:
            self.gate_open = None
        self.stream.append(
            "gate_closed",
            gate_id=gate.gate_id,
            decision=decision,
            operator=operator,
            reason=reason,
            decided_at=at,
        )
        self._decision_lines(decision, gate.gate_id, operator, reason)
        if not gate.waiter.done():
            gate.waiter.set_result(result)
        return result

    # --- what consoles ask (called by the HTTP face, in the loop) ------------------------

    def status(self) -> dict[str, Any]:
        extra = dict(self.status_fields()) if self.status_fields is not None else {}
        return {
            **extra,
            "protocol": PROTOCOL,
            "agent": self.agent,
            "session_id": self.session_id,
            "epoch": self.epoch,
            "service": self.service,
            "version": self.version,
            "state": self.state,
            "traffic": {"green_pct": self.green_pct, "actual_green_pct": self.actual_green_pct},
            "plan": list(self.plan),
            "gate": self.gate_open.public() if self.gate_open is not None else None,
            "last_seq": self.stream.last_seq,
            "started_at": now_iso(self.started_at),
        }

    def decide(self, gate_id: str, decision: str, operator: str, reason: str) -> Reply:
        """An operator's decision; (HTTP status, body). The first approve/rollback wins."""
        if decision not in DECISIONS:
            return 400, {"error": "decision must be one of: approve, hold, rollback"}
        gate = self.gates.get(gate_id)
        if gate is None:
            return 404, {"error": f"unknown gate {gate_id!r}", "gate_id": gate_id}
        if gate.decision is not None:
            won = gate.decision
            return 409, {
                "error": "gate already decided",
                "gate_id": gate_id,
                "decision": won.decision,
                "decided_by": won.operator,
                "decided_at": won.decided_at,
            }
        if decision == "hold":
            at = now_iso(self.clock())
            gate.holds.append(Hold(operator, reason, at))
            self.stream.append("gate_held", gate_id=gate_id, operator=operator, reason=reason)
            self._decision_lines("hold", gate_id, operator, reason)
        else:
            at = self._close_gate(gate, decision, operator, reason, False).decided_at
        return 200, {
            "gate_id": gate_id,
            "decision": decision,
            "operator": operator,
            "reason": reason,
            "decided_at": at,
            "result": "accepted",
        }

    def abort(self, operator: str, reason: str) -> Reply:
        """Roll back now, whatever the rollout is doing; (HTTP status, body)."""
        who: dict[str, Any] = {}
        if self.abort_requested is not None:
            a = self.abort_requested
            who = {"decided_by": a.operator, "decided_at": a.requested_at}
        if self.ended:
            return 409, {"error": "rollout already ended", "state": self.state, **who}
        if self.state == "rolling_back" or who:
            return 409, {"error": "rollout is already rolling back", "state": "rolling_back", **who}
        at = now_iso(self.clock())
        aborted = Aborted(operator, reason, at)
        self.abort_requested = aborted
        self.state = "rolling_back"
        self._decision_lines("abort", "", operator, reason)
        if self.gate_open is not None and self.gate_open.decision is None:
            self._close_gate(self.gate_open, "rollback", operator, reason, False, aborted=True)
        if self.on_abort is not None:
            with contextlib.suppress(Exception):  # the agent's callback can't break the answer
                self.on_abort(aborted)
        return 200, {
            "result": "accepted",
            "operator": operator,
            "reason": reason,
            "requested_at": at,
        }
