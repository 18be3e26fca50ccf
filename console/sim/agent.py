"""The simulated deployment agent: a blue-green rollout on a simulated clock.

It behaves like the real agent of seed 000: it writes the agent runtime log (to a file and as
``log`` items of the protocol stream), reports metrics, opens a gate after each stage's
monitoring window and waits for an operator's decision, and rolls back by itself when it sees
an SLO violation. It never approves a gate by itself.

Time: everything the agent does happens at a simulated time on a fixed schedule (metrics every
10 s, observations every minute), and the simulated clock follows the wall clock ×
``speed``. So a run's output depends only on (scenario, seed, start) and on when decisions
arrive. With ``freeze_at_gates`` the simulated clock stands still while a gate waits, which
makes a run with prompt decisions byte-for-byte reproducible (tests, recorded sessions).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from console.agent_sdk import Aborted, AgentEndpoint, Gate
from console.agent_sdk.endpoint import HEARTBEAT_S, TIMEOUT_REASON
from console.agent_sdk.phrasing import as_data
from console.errors import EndpointError, PortInUse, SimPortInUse
from console.sim import service_log
from console.sim.exposition import Exposition
from console.sim.scenarios import (
    AVG_LATENCY_THRESHOLD_MS,
    ERROR_SLO_PCT,
    P99_SLO_MS,
    PLAN,
    PODS,
    SERVICE,
    VERSION,
    WINDOW_S,
    ServiceModel,
    SimError,
    Snapshot,
    get_scenario,
)
from console.sim.service_log import iso
from console.timefmt import clock

DEFAULT_SPEED = 13.0  # a healthy rollout (~27 simulated minutes) in about two real minutes
# The fastest run the simulator keeps to, measured on the 2-core machine under the load of
# eight engineers (load average 5-7): up to 10,000x every scenario ran with every gate kept;
# above it the agent reports hours of metrics per second a decision takes and the console
# falls behind (100,000x did not finish a healthy rollout in 90 s).
MAX_SPEED = 10_000.0
AGENT_NAME = "DeploymentAgent v3.2-sim"
TASK = "Deploy recommendation microservice to production with zero downtime"
TICK_S = 10.0  # how often metrics are reported (simulated seconds)
CONN_WARN_PCT = 85.0
FINAL_STATES = frozenset({"succeeded", "rolled_back", "failed"})
MAX_BODY = 1024 * 1024  # as the simulator's own server had: aiohttp's default limit


def _pct(value: float) -> str:
    return f"{value:g}%"


def _minutes(seconds: float) -> str:
    m = round(seconds / 60.0 * 2) / 2  # to the half minute, as an operator would say it
    if m == 1:
        return "1 minute"
    return f"{m:g} minutes"


def check_speed(speed: float) -> None:
    if not (isinstance(speed, int | float) and math.isfinite(speed) and speed > 0):
        raise SimError(f"speed must be a positive number, not {speed!r}")


def check_run_speed(speed: float) -> None:
    """What a person may ask of ``demo`` and ``agent-sim``: a positive speed the simulator
    keeps to (tests may go faster with gates frozen)."""
    if not (isinstance(speed, int | float) and math.isfinite(speed) and speed > 0):
        raise SimError(
            f"--speed must be positive, not {speed!r}",
            hint="give simulated seconds per real second, e.g. --speed 60",
        )
    if speed > MAX_SPEED:
        raise SimError(
            f"--speed {speed:g} is faster than the simulator can keep to",
            hint=f"use at most {MAX_SPEED:g} (simulated seconds per real second)",
        )


class _Stop(Exception):
    """Ends the normal flow and starts the rollback."""

    def __init__(self, cause: str, operator: str = "agent", reason: str = "") -> None:
        super().__init__(cause)
        self.cause = cause  # slo | gate | abort | gate_timeout
        self.operator = operator
        self.reason = reason


MAX_LAG_S = 1.0  # real seconds the agent may run behind its schedule before it stops catching up


class SimClock:
    """Simulated time: the agent's own position on its schedule, paced by the wall clock."""

    def __init__(self, start: float, speed: float) -> None:
        self.start = start
        self.speed = speed
        self.now = start
        self._anchor = time.monotonic()
        self.lagged = 0  # times the agent fell MAX_LAG_S behind and went on from where it was

    def real_at(self, sim_t: float) -> float:
        return self._anchor + (sim_t - self.start) / self.speed

    def live(self) -> float:
        """Simulated time by the wall clock (never behind the agent's own position)."""
        return max(self.now, self.start + (time.monotonic() - self._anchor) * self.speed)

    def rebase(self) -> None:
        """Continue from ``now`` as if the wall clock had waited for us (frozen gates)."""
        self._anchor = time.monotonic() - (self.now - self.start) / self.speed


class SimAgent:
    """One simulated rollout, served by the agent SDK (``console.agent_sdk``): the simulator is
    the SDK's first user, so the demo exercises the code a real agent runs. Create it inside
    the event loop that will run it; ``await serve()`` listens, ``await run()`` rolls out (and
    serves first if not yet serving).

    ``speed``: simulated seconds per real second. ``start``: simulated start (epoch seconds;
    default: now, whole seconds). ``log_path``: also write the runtime log there (0600).
    ``freeze_at_gates``: the simulated clock stands still while a gate waits (reproducible
    runs); otherwise it keeps running, with metrics and a minutely observation while waiting.
    ``gate_timeout``: simulated seconds a gate may wait before the agent rolls back (it never
    approves by itself); None waits for ever. With frozen gates it is counted in real time /
    ``speed``. ``token``: the bearer token consoles present (default: a random one).
    """

    def __init__(
        self,
        scenario: str = "healthy",
        *,
        speed: float = DEFAULT_SPEED,
        seed: int = 0,
        start: float | None = None,
        log_path: str | Path | None = None,
        freeze_at_gates: bool = False,
        gate_timeout: float | None = None,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        heartbeat_s: float = HEARTBEAT_S,
    ) -> None:
        check_speed(speed)
        if gate_timeout is not None and gate_timeout <= 0:
            raise SimError("gate_timeout must be positive (simulated seconds)")
        if token is not None and not token:
            raise SimError("the agent needs a non-empty token")
        self.scenario = get_scenario(scenario)
        self.seed = seed
        self.speed = float(speed)
        self.start = float(round(time.time()) if start is None else start)
        self.clock = SimClock(self.start, self.speed)
        self.model = ServiceModel(self.scenario, seed=seed, start=self.start)
        self.freeze_at_gates = freeze_at_gates
        self.gate_timeout = gate_timeout
        self.log_path = Path(log_path) if log_path is not None else None
        stamp = datetime.fromtimestamp(self.start, UTC).strftime("%Y%m%d-%H%M")
        self.session_id = f"deploy-agent-{stamp}-{self.scenario.name}"

        self._wake = asyncio.Event()
        self._task: asyncio.Task[Any] | None = None  # the one running ``run()``
        self.task: asyncio.Task[str] | None = None  # set by start_sim, which starts it
        self.outcome: str | None = None
        self.finished = asyncio.Event()  # set when the rollout has ended, however it did
        self._final: str | None = None
        self.stage_start: float | None = None
        self.deployed_at: float | None = None
        self.gate: Gate | None = None
        self._decided_at: float | None = None
        self._abort: tuple[str, str] | None = None
        self._rolling_back = False

        self.exposition = Exposition()
        self._registry = self.exposition.registry()
        self._next_tick = self.start
        self._tick_no = 0
        self.last: Snapshot | None = None
        self._warned: set[str] = set()
        self._prev_avg: float | None = None
        self._degraded_s = 0.0
        self._worst_p99 = 0.0
        self._worst_err = 0.0
        try:
            self.ep = AgentEndpoint(
                service=SERVICE,
                version=VERSION,
                agent=AGENT_NAME,
                task=TASK,
                plan=PLAN,
                session_id=self.session_id,
                attempt=self.scenario.attempt,
                host=host,
                port=port,
                token=token or secrets.token_urlsafe(24),
                heartbeat_s=heartbeat_s,
                log_path=self.log_path,
                on_abort=self._on_abort,
                header=False,  # the simulator writes the seed's header, Previous Attempt too
                clock=self._stamp,
                raise_on_abort=False,  # told by on_abort: the rollback is the simulation's
                decision_lines=self._decision_lines,
                session_fields={"previous_attempt": self.scenario.previous_attempt},
                status_fields=self._status_fields,
                exposition=self._exposition,
                fresh_log=True,  # one rollout per log, as the seed's
                max_body=MAX_BODY,
            )
        except EndpointError as exc:
            raise SimError(exc.message, exc.hint) from None
        self.green_pct = 0.0  # what the router applies (the model's input)
        self.target_pct = 0.0  # what was asked for

    # --- what the endpoint serves -------------------------------------------------------

    @property
    def green_pct(self) -> float:
        return self._green_pct

    @green_pct.setter
    def green_pct(self, value: float) -> None:
        self._green_pct = value
        self.ep.report_traffic(actual_pct=value)

    @property
    def target_pct(self) -> float:
        return self.ep.green_pct

    @target_pct.setter
    def target_pct(self, value: float) -> None:
        self.ep.report_traffic(green_pct=value)

    @property
    def state(self) -> str:
        return self._final or self.ep.state

    @state.setter
    def state(self, value: str) -> None:
        if value in FINAL_STATES:
            # The endpoint learns the outcome from end(), once the summary is written.
            self._final = value
        else:
            self.ep.state = value

    @property
    def gates(self) -> dict[str, Gate]:
        return self.ep.gates

    @property
    def items(self) -> list[dict[str, Any]]:
        """The protocol stream so far (for inspection: decoded afresh at every call)."""
        return [json.loads(raw) for raw in self.ep.stream.encoded]

    @property
    def url(self) -> str:
        return self.ep.url

    @property
    def epoch(self) -> str:
        return self.ep.epoch

    def _stamp(self) -> float:
        """The endpoint's clock. What the agent itself writes is at its schedule position;
        what a console causes (a decision, a hold, an abort, a heartbeat) happens while the
        agent waits, so at the time the simulated clock shows then."""
        try:
            own = self._task is None or asyncio.current_task() is self._task
        except RuntimeError:  # no loop running: the endpoint is being made
            own = True
        return self.clock.now if own else self._decision_time()

    def _status_fields(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "sim_time": iso(self.clock.live()),
            "speed": self.speed,
        }

    def _exposition(self) -> tuple[bytes, str]:
        return generate_latest(self._registry), CONTENT_TYPE_LATEST

    def _decision_lines(
        self, kind: str, gate_id: str, operator: str, reason: str, at: float
    ) -> list[str]:
        """The seed's phrasing, the operator's text as data (``as_data``): quoted when it is
        not one plain line, so it never starts a line of its own."""
        why = as_data(reason) if reason else "-"
        if kind == "abort":
            return []  # the rollback's own lines say who asked
        if kind == "hold":
            return [
                f"[{clock(at)}] [DECISION] Gate {gate_id} held by {as_data(operator)}: {why}",
                "  - Waiting for a further decision (a hold never approves)",
                "",
            ]
        self._decided_at = at
        verb = "approved" if kind == "approve" else "rollback requested"
        return [f"[{clock(at)}] [DECISION] Gate {gate_id} {verb} by {as_data(operator)}: {why}", ""]

    def _on_abort(self, aborted: Aborted) -> None:
        self._abort = (aborted.operator, aborted.reason)
        self._wake.set()

    def status(self) -> dict[str, Any]:
        return self.ep.status()

    def decide(self, gate_id: str, decision: str, operator: str, reason: str) -> tuple[int, dict]:
        """An operator's decision, as if over HTTP; (HTTP status, body). The first one wins."""
        return self.ep.decide(gate_id, decision, operator, reason)

    def abort(self, operator: str, reason: str) -> tuple[int, dict]:
        """Roll back now, as if over HTTP; (HTTP status, body)."""
        return self.ep.abort(operator, reason)

    async def serve(self) -> str:
        """Listen (and open the log); the base URL. Raises SimError (port in use, bad path)."""
        try:
            return await self.ep.start()
        except EndpointError as exc:
            error = SimPortInUse if isinstance(exc, PortInUse) else SimError
            raise error(exc.message, exc.hint) from None

    async def close(self) -> None:
        """Stop serving; a rollout still running is cancelled first."""
        task = self.task or self._task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.ep.close()

    # --- output ---------------------------------------------------------------------------

    def _raw(self, line: str, at: float | None = None) -> None:
        self.ep.log(line, at=self.clock.now if at is None else at)

    def _entry(self, level: str, message: str, *detail: str, blank: bool = False) -> None:
        self._raw(f"[{clock(self.clock.now)}] [{level}] {message}")
        for line in detail:
            self._raw(line)
        if blank:
            self._raw("")

    # --- the clock ------------------------------------------------------------------------

    async def _sleep_until(self, target: float, gate: Gate | None = None) -> bool:
        """Sleep (really) until simulated ``target``; True if the gate got decided meanwhile."""
        while True:
            if self._abort is not None and not self._rolling_back:
                self.clock.now = min(target, max(self.clock.now, math.floor(self.clock.live())))
                raise _Stop("abort", *self._abort)
            if gate is not None and gate.decision is not None:
                return True
            remaining = self.clock.real_at(target) - time.monotonic()
            if remaining <= 0:
                if -remaining > MAX_LAG_S:
                    # The machine can't keep this pace: go on from here rather than run ever
                    # further behind the wall clock (and past gate deadlines in one go).
                    self.clock.rebase()
                    self.clock.lagged += 1
                # Behind the clock, still let the server answer (status, stream, decisions).
                await asyncio.sleep(0)
                return False
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), remaining)

    async def _advance_to(self, target: float, gate: Gate | None = None) -> bool:
        """Move the simulated clock to ``target``, reporting metrics on the way."""
        while True:
            step = min(self._next_tick, target)
            if await self._sleep_until(step, gate):
                if gate is not None and self._decided_at is not None:
                    self.clock.now = max(self.clock.now, self._decided_at)
                while self._next_tick <= self.clock.now:  # keep the metrics grid complete
                    self._tick(self._next_tick)
                    self._next_tick += TICK_S
                return True
            self.clock.now = max(self.clock.now, step)
            if step == self._next_tick:
                self._tick(step)
                self._next_tick += TICK_S
            if step >= target:
                return False

    async def _wait(self, seconds: float) -> None:
        await self._advance_to(self.clock.now + seconds)

    def _snapshot(self, at: float) -> Snapshot:
        return self.model.snapshot(
            at, green_pct=self.green_pct, stage_start=self.stage_start, deployed_at=self.deployed_at
        )

    def _tick(self, at: float) -> None:
        snap = self._snapshot(at)
        self.last = snap
        self.exposition.observe(snap, TICK_S)
        self.ep.metrics(snap.samples(), at=at)
        if snap.serving:
            p99, err = snap.p99_ms, snap.error_pct
            if p99 > P99_SLO_MS or err > 1.0 or snap.avg_ms > AVG_LATENCY_THRESHOLD_MS:
                self._degraded_s += TICK_S
            self._worst_p99 = max(self._worst_p99, p99)
            self._worst_err = max(self._worst_err, err)
        for line in service_log.service_lines(self.model, snap, self._tick_no, self.deployed_at):
            self._raw(line, at)
        self._tick_no += 1

    def _decision_time(self) -> float:
        if self.freeze_at_gates and self.state == "at_gate":
            return self.clock.now
        return float(max(self.clock.now, math.floor(self.clock.live())))

    # --- the rollout ------------------------------------------------------------------------

    async def run(self) -> str:
        """Run the rollout to its end; returns the outcome (succeeded | rolled_back | failed)."""
        self._task = asyncio.current_task()
        self.clock = SimClock(self.start, self.speed)
        if not self.ep.url:
            await self.serve()
        try:
            try:
                await self._rollout()
                self.outcome = "succeeded"
            except _Stop as stop:
                await self._rollback(stop)
                self.outcome = "rolled_back"
        except asyncio.CancelledError:
            self.outcome = self.outcome or "failed"
            raise
        finally:
            self.gate = None
            if not self.ep.ended:
                # The summary is written: streams end once each reader has the last item.
                self.ep.end(self.outcome or "failed", summary=False)
            self._final = None
            self.finished.set()
        return self.outcome

    def _header(self) -> None:
        sc = self.scenario
        start = datetime.fromtimestamp(self.start, UTC).strftime("%Y-%m-%d %H:%M:%S")
        # The session item (seq 1) was written by the endpoint when it started serving.
        for line in (
            "Agent Runtime Log - Production Microservice Deployment",
            "=" * 80,
            f"Session ID: {self.session_id}",
            f'Task: "{TASK}"',
            f"Agent: {AGENT_NAME}",
            f"Start Time: {start} UTC",
            f"Attempt: {sc.attempt}",
            f"Previous Attempt: {sc.previous_attempt}",
            "",
        ):
            self._raw(line)

    async def _rollout(self) -> None:
        sc = self.scenario
        self._header()
        await self._advance_to(self.start)
        self._entry("INIT", "Agent initialization started")
        retry = " (RETRY)" if sc.previous_attempt != "NONE" else ""
        self._entry("INFO", f"Task: Deploy {SERVICE} v{VERSION} to production{retry}")
        if sc.init_notes:
            self._entry("INFO", "Applying lessons from previous attempts")
            await self._wait(1)
            self._entry("INFO", "Fixed issues:", *sc.init_notes)
        else:
            await self._wait(1)
        self._entry("SUCCESS", "Agent initialized", blank=True)

        self._entry("PLANNING", "Creating deployment plan")
        await self._wait(1)
        self._entry("PLANNING", "Traffic plan: " + " → ".join(_pct(p) for p in PLAN))
        # Stated up front so the console judges by the agent's limits, not its own defaults.
        self._entry(
            "PLANNING",
            "Rollout guardrails:",
            f"  - P99 latency SLO: {P99_SLO_MS:.0f}ms",
            f"  - Error rate SLO: {ERROR_SLO_PCT:g}%",
            f"  - Average latency threshold: {AVG_LATENCY_THRESHOLD_MS:.0f}ms",
            f"  - DB connection utilization threshold: {CONN_WARN_PCT:.0f}%",
        )
        self._entry(
            "THOUGHT",
            "Rollout rules:",
            f"  1. Monitor {_minutes(WINDOW_S)} after each traffic shift",
            "  2. Wait for operator approval before each increase",
            "  3. Warn when a guardrail threshold is crossed",
            "  4. Roll back on an SLO violation",
            blank=True,
        )

        self.state = "starting"
        self._entry("ACTION", "Step 1: Pre-deployment validation")
        self._entry("TOOL", "Executing: validate_database_capacity()")
        await self._wait(3)
        snap = self._snapshot(self.clock.now)
        cap = 2 * PODS * sc.pool_per_pod
        current = round(snap.connections)
        limit = sc.max_connections
        margin = 100 - round(100 * cap / limit)
        verdict = (
            "  - ✓ PASS: Sufficient capacity for blue-green deployment"
            if cap <= limit
            else "  - ⚠ Projected peak exceeds max_connections; relying on pool growth limits"
        )
        self._entry(
            "OBSERVATION",
            "Database capacity check:",
            f"  - Current connections (blue only): {current}/{limit} "
            f"({round(100 * current / limit)}% utilization)",
            f"  - Projected at 100% blue + 100% green: ~{cap}/{limit} "
            f"({round(100 * cap / limit)}% utilization)",
            f"  - Safety margin: {margin}%",
            verdict,
            blank=True,
        )

        self.state = "deploying"
        self._entry("ACTION", "Step 2: Building and pushing Docker image")
        self._entry("TOOL", f'Executing: build_and_push_image(tag="v{VERSION}")')
        await self._wait(50)
        self._entry("OBSERVATION", f"Image ready: gcr.io/company/{SERVICE}:v{VERSION}", blank=True)

        self._entry("ACTION", "Step 3: Deploying green environment")
        if sc.config_changes:
            self._entry(
                "ACTION",
                f"Applying config change to {SERVICE} (green, v{VERSION}):",
                *(f"  - {k}: {v['before']} → {v['after']}" for k, v in sc.config_changes.items()),
            )
        self._entry("TOOL", f'Executing: deploy_kubernetes(environment="green", replicas={PODS})')
        self.deployed_at = self.clock.now
        if sc.config_changes:
            self._raw(
                service_log.change_event(
                    "config_change", self.clock.now, VERSION, changes=sc.config_changes
                )
            )
        await self._wait(20)
        self._entry(
            "OBSERVATION",
            "Green environment deployed:",
            f"  - All {PODS} pods running and healthy",
            "  - Health checks passing",
            "  - Ready for traffic",
            blank=True,
        )
        if sc.config_changes:
            self._raw(
                service_log.change_event(
                    "deployment",
                    self.deployed_at,
                    VERSION,
                    environment="green",
                    changes=sc.config_changes,
                )
            )

        previous = 0.0
        for i, pct in enumerate(PLAN):
            if i == 0:
                self._entry("ACTION", "Step 4: Starting gradual traffic shift with monitoring")
                args = f"percentage={pct:g}, monitor_connections=true"
            else:
                self._entry(
                    "ACTION",
                    f"Increasing traffic to {_pct(pct)} "
                    f"(after {WINDOW_S / 60:g} minute monitoring)",
                )
                await self._wait(1)
                args = f"percentage={pct:g}"
            self.state = "shifting"
            self.target_pct = pct
            self._entry("TOOL", f"Executing: traffic_shift({args})")
            await self._wait(4)
            self.green_pct = pct
            self.stage_start = self.clock.now
            self._entry(
                "OBSERVATION",
                f"Traffic at {_pct(pct)}:",
                f"  - Blue: {_pct(100 - pct)}, Green: {_pct(pct)}",
                *(("  - Monitoring connection pools...",) if i == 0 else ()),
                blank=True,
            )
            self.state = "monitoring"
            await self._monitor(pct, previous)
            previous = pct
            next_pct = PLAN[i + 1] if i + 1 < len(PLAN) else None
            if next_pct is not None:
                await self._gate(pct, next_pct)

        self._entry("ACTION", "Step 5: Decommissioning blue environment")
        self._entry("TOOL", 'Executing: scale_down(environment="blue")')
        await self._wait(15)
        self._entry(
            "OBSERVATION",
            "Blue environment scaled down:",
            "  - Blue: 0 pods (previous image kept for rollback)",
            f"  - Green: {PODS} pods serving 100% of traffic",
            blank=True,
        )
        # The verdict comes last, right before its summary: one outcome, stated once.
        self.state = "succeeded"
        self._entry(
            "SUCCESS", f"Deployment complete: {_pct(PLAN[-1])} of traffic on green", blank=True
        )
        self._summary_success()

    async def _monitor(self, pct: float, previous: float) -> None:
        """The stage's monitoring window: one observation per simulated minute."""
        window_start = self.stage_start or self.clock.now
        self._warned = set()
        self._prev_avg = None
        for minute in range(1, int(WINDOW_S // 60) + 1):
            await self._advance_to(window_start + 60.0 * minute)
            if self._observe(pct, minute):
                await self._investigate()

    async def _investigate(self) -> None:
        await self._wait(4)
        snap = self._snapshot(self.clock.now)
        conn_pct = snap.connections_pct
        db_slow = snap.query_ms > 55 or snap.db_cpu_pct > 60
        if db_slow:
            thought = "Database performance degrading under load, but not connection related."
        elif conn_pct > CONN_WARN_PCT:
            thought = "Requests are waiting for database connections."
        else:
            thought = "No resource bottleneck found yet; continuing to monitor."
        self._entry(
            "OBSERVATION",
            "Performance analysis:",
            f"  - CPU utilization: {round(snap.cpu_pct)}% "
            f"({'high' if snap.cpu_pct > 70 else 'normal'})",
            f"  - Memory utilization: {round(snap.memory_pct)}% (normal)",
            "  - Network I/O: Normal",
            f"  - Database query time: {round(snap.query_ms)}ms"
            + (" (elevated from baseline 40ms)" if snap.query_ms > 55 else ""),
            f"  - Database CPU: {round(snap.db_cpu_pct)}%"
            + (" (high!)" if snap.db_cpu_pct > 75 else ""),
            f"  - Database connections: {round(snap.connections)} "
            + ("(near the limit!)" if conn_pct > CONN_WARN_PCT else "(healthy)"),
            blank=True,
        )
        self._entry("THOUGHT", thought, blank=True)

    def _observe(self, pct: float, minute: int) -> bool:
        """Log one observation block and judge it; True when an investigation should follow."""
        snap = self._snapshot(self.clock.now)
        green = snap.green
        avg, p95, p99, err = snap.avg_ms, snap.p95_ms, snap.p99_ms, snap.error_pct
        notes: list[str] = []
        avg_note = ""
        if avg > AVG_LATENCY_THRESHOLD_MS:
            avg_note = " (significant increase!)"
        elif self._prev_avg is not None and avg - self._prev_avg > 8:
            avg_note = " (increasing trend)"
        self._prev_avg = avg
        p99_note = f" (SLO violation: >{P99_SLO_MS:.0f}ms)" if p99 > P99_SLO_MS else ""
        err_note = f" (SLO violation: >{ERROR_SLO_PCT:g}%)" if err > ERROR_SLO_PCT else ""
        if not err_note and err > 1.0:
            err_note = " (increasing)"
        blue_c = round(snap.blue.connections)
        green_c = round(green.connections) if green else 0
        total = blue_c + green_c
        conn_pct = 100.0 * total / snap.max_connections
        query_note = " (elevated from baseline 40ms)" if snap.query_ms > 55 else ""
        cpu_note = " (high!)" if snap.db_cpu_pct > 75 else ""
        lines = [
            f"  - Request rate: {round(green.rps) if green else 0} req/s to green",
            f"  - Average latency: {round(avg)}ms{avg_note}",
            f"  - P95 latency: {round(p95)}ms",
            f"  - P99 latency: {round(p99)}ms{p99_note}",
            f"  - Error rate: {err:.1f}%{err_note}",
        ]
        if snap.timeout_pct >= 0.5:
            lines.append(f"  - Timeout rate: {snap.timeout_pct:.0f}% of requests")
        lines += [
            f"  - DB connections: Blue {blue_c}, Green {green_c}, "
            f"Total {total}/{snap.max_connections} ({round(conn_pct)}%)",
            f"  - Database query time: {round(snap.query_ms)}ms{query_note}",
            f"  - Database CPU: {round(snap.db_cpu_pct)}%{cpu_note}",
        ]
        if avg > AVG_LATENCY_THRESHOLD_MS:
            notes.append("latency above threshold")
        if p99_note or err_note.startswith(" (SLO"):
            notes.append("SLO violated")
        if conn_pct > CONN_WARN_PCT:
            notes.append("connection utilization high")
        lines.append("  - ✓ All metrics healthy" if not notes else "  - ⚠ " + "; ".join(notes))
        unit = "minute" if minute == 1 else "minutes"
        self._entry(
            "OBSERVATION", f"Metrics after {minute} {unit} at {_pct(pct)}:", *lines, blank=True
        )

        # The agent's own judgement, as the real agent does it.
        if p99 > P99_SLO_MS or err > ERROR_SLO_PCT:
            what = (
                f"P99 latency exceeds {P99_SLO_MS:.0f}ms threshold"
                if p99 > P99_SLO_MS
                else f"Error rate exceeds {ERROR_SLO_PCT:g}% threshold ({err:.1f}%)"
            )
            self._entry("ERROR", f"SLO violation: {what}", blank=True)
            raise _Stop("slo", "agent", f"SLO violation: {what}")
        if conn_pct > CONN_WARN_PCT and "conn" not in self._warned:
            self._warned.add("conn")
            self._entry(
                "WARNING",
                f"DB connection utilization high: {total}/{snap.max_connections} "
                f"({round(conn_pct)}%) (threshold: {CONN_WARN_PCT:.0f}%)",
                blank=True,
            )
        if avg > AVG_LATENCY_THRESHOLD_MS and "latency" not in self._warned:
            self._warned.add("latency")
            self._entry(
                "WARNING",
                f"Latency threshold exceeded: {round(avg)}ms "
                f"(threshold: {AVG_LATENCY_THRESHOLD_MS:.0f}ms)",
            )
            self._entry("ACTION", "Investigating latency spike")
            self._entry("TOOL", "Executing: analyze_performance_bottleneck()")
            return True
        return False

    async def _gate(self, pct: float, next_pct: float) -> None:
        # A gate's timeout runs on the wall clock from the moment it opens: an agent that is
        # behind its schedule must not find the gate already timed out.
        self.clock.rebase()
        window_start = self.stage_start or self.clock.now
        # The endpoint writes the gate_opened item and the seed's "[GATE] Stage ... complete;
        # awaiting operator decision" lines; the agent keeps working while the gate waits.
        gate = self.ep.open_gate(pct, next_pct, window_start=window_start)
        self.gate = gate
        self._decided_at = None
        gate.waiter.add_done_callback(lambda _: self._wake.set())
        self._raw("")
        deadline = None if self.gate_timeout is None else gate.opened_at + self.gate_timeout
        minute = int(WINDOW_S // 60)
        try:
            while gate.decision is None:
                if self.freeze_at_gates:
                    await self._wait_frozen(gate)
                    continue
                minute += 1
                target = window_start + 60.0 * minute
                if deadline is not None:
                    target = min(target, deadline)
                if await self._advance_to(target, gate):
                    break
                if deadline is not None and self.clock.now >= deadline:
                    self.ep.rollback_gate(TIMEOUT_REASON, timed_out=True)
                    raise _Stop("gate_timeout", "agent", "no operator decision in time")
                # Still watching while waiting: an SLO breach rolls back without a decision.
                due = self.clock.now >= window_start + 60.0 * minute
                if due and self._observe(pct, minute):
                    await self._investigate()
        except _Stop as stop:
            if gate.decision is None:
                self.ep.rollback_gate(stop.reason)
            raise
        finally:
            self.gate = None
        if self.freeze_at_gates:
            self.clock.rebase()
        if self._abort is not None:
            raise _Stop("abort", *self._abort)
        decided = gate.decision
        if decided is not None and not decided.approved:
            raise _Stop("gate", decided.operator or "operator", decided.reason)
        self.state = "shifting"

    async def _wait_frozen(self, gate: Gate) -> None:
        timeout = None if self.gate_timeout is None else self.gate_timeout / self.speed
        self._wake.clear()
        if self._abort is not None:
            raise _Stop("abort", *self._abort)
        if gate.decision is not None:
            return
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            self.ep.rollback_gate(TIMEOUT_REASON, timed_out=True)
            raise _Stop("gate_timeout", "agent", "no operator decision in time") from None

    # --- endings ----------------------------------------------------------------------------

    async def _diagnose(self) -> None:
        diag = self.scenario.diagnosis
        if diag is None:
            return
        self._entry("ACTION", "Deep dive into the failure")
        self._entry("TOOL", f"Executing: {diag.tool}")
        await self._wait(10)
        snap = self._snapshot(self.clock.now)
        self._entry("OBSERVATION", diag.heading, *diag.findings(snap), blank=True)
        self._entry("THOUGHT", diag.thought, *diag.thought_lines, blank=True)
        if diag.critical:
            self._entry("ERROR", diag.critical, blank=True)

    async def _rollback(self, stop: _Stop) -> None:
        self._rolling_back = True
        self.state = "rolling_back"
        detected_at = self.clock.now
        stage_pct = self.green_pct
        in_stage = detected_at - (self.stage_start or detected_at)
        if stop.cause == "slo":
            await self._diagnose()
            self._entry("ACTION", "Initiating rollback to prevent further SLO violations")
        elif stop.cause == "gate_timeout":
            self._entry("WARNING", "No operator decision before the gate timed out")
            self._entry("ACTION", "Initiating rollback (the agent never approves by itself)")
        else:
            self._entry(
                "ACTION",
                f"Initiating rollback requested by {as_data(stop.operator)}: "
                f"{as_data(stop.reason) if stop.reason else '-'}",
            )
        start = self.clock.now
        before = self._snapshot(start)
        self.target_pct = 0.0
        self._entry("TOOL", 'Executing: rollback_traffic(to_env="blue")')
        await self._wait(5)
        steps = [p for p in (75.0, 50.0, 25.0, 10.0) if p < self.green_pct] + [0.0]
        path = " → ".join(_pct(p) for p in [self.green_pct, *steps])
        if not self.green_pct:
            path = "0% (no traffic had shifted yet)"
        self._entry("OBSERVATION", "Rolling back traffic:", f"  - Green: {path}", blank=True)
        for p in steps:
            self.green_pct = p
            self.stage_start = self.clock.now
            await self._wait(8)
        mid = self._snapshot(self.clock.now)
        await self._wait(max(1.0, start + 50 - self.clock.now))
        now = self._snapshot(self.clock.now)
        self._entry(
            "OBSERVATION",
            "Rollback progress:",
            "  - Traffic: 100% on blue",
            f"  - Latency dropping: {round(before.avg_ms)}ms → {round(mid.avg_ms)}ms → "
            f"{round(now.avg_ms)}ms",
            f"  - Error rate: {before.error_pct:.1f}% → {mid.error_pct:.1f}% → "
            f"{now.error_pct:.1f}%",
            "  - Service stabilizing",
            blank=True,
        )
        await self._wait(30)
        done = self._snapshot(self.clock.now)
        self._entry(
            "OBSERVATION",
            "Rollback complete:",
            "  - Blue environment: 100% traffic, stable",
            "  - Green environment: 0% traffic, shutting down",
            f"  - Average latency: {round(done.avg_ms)}ms (back to normal)",
            f"  - Error rate: {done.error_pct:.1f}% (baseline)",
            "  - Service fully restored",
            blank=True,
        )
        self.state = "rolled_back"
        diag = self.scenario.diagnosis
        if stop.cause == "slo" and diag is not None:
            self._entry("FAILURE", "Deployment failed - Root cause analysis:", blank=True)
            self._raw(f"PRIMARY ISSUE: {diag.primary_issue}")
            for line in diag.issue_lines:
                self._raw(line)
            self._raw("")
            self._raw("CONTRIBUTING FACTORS:")
            for line in diag.contributing:
                self._raw(line)
            self._raw("")
            self._raw("REMEDIATION PLAN:")
            for line in diag.remediation:
                self._raw(line)
            self._raw("")
        else:
            who = (
                "the agent"
                if stop.cause == "gate_timeout"
                else f"operator {as_data(stop.operator)}"
            )
            self._entry("FAILURE", f"Deployment stopped - rolled back by {who}:", blank=True)
            where = f"at {_pct(stage_pct)} traffic" if stage_pct else "before any traffic shift"
            self._raw(f"PRIMARY ISSUE: Rollback requested by {who} {where}")
            self._raw(f"  - Reason: {as_data(stop.reason) if stop.reason else 'none given'}")
            self._raw("")
        rollback_s = self.clock.now - start
        if stop.cause == "slo":
            detect = f"{_minutes(in_stage)} at {_pct(stage_pct)} traffic"
        elif stage_pct:
            detect = f"{_minutes(in_stage)} at {_pct(stage_pct)} traffic (operator decision)"
        else:
            detect = "n/a (stopped before any traffic shift)"
        self._raw("DEPLOYMENT STATUS: FAILED")
        self._raw("ROLLBACK STATUS: SUCCESSFUL")
        self._raw(f"TIME TO DETECT: {detect}")
        self._raw(f"TIME TO ROLLBACK: {_minutes(rollback_s)}")
        self._raw(f"CUSTOMER IMPACT: {self._impact()}")
        self._raw("")
        self._entry("EXPORT", f"Saving failure report: reports/{self.session_id}-failure.json")
        self._entry("NOTIFICATION", "Alerting team: deployment rolled back")
        self._entry("SHUTDOWN", "Agent session terminated")

    def _impact(self) -> str:
        if self._degraded_s <= 0:
            return "None (all metrics stayed within SLO)"
        return (
            f"{_minutes(self._degraded_s)} of degraded performance "
            f"(P99 latency up to {round(self._worst_p99)}ms, {self._worst_err:.1f}% errors)"
        )

    def _summary_success(self) -> None:
        self._raw("DEPLOYMENT STATUS: SUCCEEDED")
        self._raw(f"TOTAL DURATION: {_minutes(self.clock.now - self.start)}")
        self._raw(f"CUSTOMER IMPACT: {self._impact()}")
        self._raw("")
        self._entry("EXPORT", f"Saving deployment report: reports/{self.session_id}-success.json")
        self._entry("SHUTDOWN", "Agent session terminated")
