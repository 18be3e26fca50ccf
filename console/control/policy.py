"""The gate policy: who decides a gate when nobody presses a key.

Without ``--auto`` every gate waits for a person. With it, a gate whose window checks are all
green is approved; an SLO breach is answered with a ``recommend_rollback`` finding, or with
``--auto-rollback`` a rollback. A gate left open too long raises a ``gate_waiting`` alert and
keeps waiting: the policy never approves a gate just because time passed.

``AutoPolicy`` is a Pipeline analyser and therefore pure: ``observe`` only returns findings and
queues *intents*. ``run_policy`` is the async loop that carries intents out through the
``DecisionDesk``, so every automatic decision is recorded like a person's.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from console import events as ev
from console.control.decisions import DecisionDesk, DecisionOutcome
from console.pipeline import Pipeline
from console.state import State

# Events that carry the rollout's own clock (a simulated agent's may run faster than ours);
# the console's own events are stamped with the wall clock and must not move it.
_OWN_KINDS = frozenset(
    {
        ev.SourceStatus.kind,
        ev.DecisionRequested.kind,
        ev.DecisionResult.kind,
        ev.Finding.kind,
        ev.GateChecks.kind,
    }
)
SLO_FINDINGS = frozenset({"slo_breach", "slo_violation"})
POLICY_SOURCE = "policy"


@dataclass(frozen=True, slots=True)
class Intent:
    """A decision the policy wants made; ``gate_id`` None: abort outside a gate."""

    decision: str  # approve | rollback
    gate_id: str | None
    reason: str


def is_slo_check(check: Mapping[str, Any]) -> bool:
    text = f"{check.get('name', '')} {check.get('reason', '')}".lower()
    return bool(check.get("slo")) or "slo" in text


class AutoPolicy:
    def __init__(
        self, auto: bool = False, auto_rollback: bool = False, gate_alert_after: float = 300.0
    ) -> None:
        self.auto = auto
        self.auto_rollback = auto_rollback
        self.gate_alert_after = gate_alert_after
        self._intents: list[Intent] = []
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._clock: float | None = None
        self._alerts: dict[str, int] = {}  # gate_id -> alerts raised
        self._settled: set[str] = set()  # gates the policy already answered
        self._breach_stage: int | None = None  # stage index whose breach was already answered

    def reset(self) -> None:
        """Forget the session so far (a new session begins: the agent restarted)."""
        self._intents.clear()
        self._clock = None
        self._alerts.clear()
        self._settled.clear()
        self._breach_stage = None

    def __repr__(self) -> str:
        return (
            f"AutoPolicy(auto={self.auto}, auto_rollback={self.auto_rollback}, "
            f"gate_alert_after={self.gate_alert_after:g})"
        )

    # --- the analyser side (pure: findings out, intents queued) ---------------------------

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if event.source == POLICY_SOURCE:
            return ()  # its own findings: answering them is how a storm starts
        if (
            event.kind not in _OWN_KINDS
            and math.isfinite(event.ts)
            and (self._clock is None or event.ts > self._clock)
        ):
            self._clock = event.ts
        if state.outcome or state.rollback:
            return ()
        if isinstance(event, ev.GateChecks):
            return self._on_checks(state, event)
        if isinstance(event, ev.SloViolation):
            what = event.message or f"{event.metric} over its SLO"
            return self._on_breach(state, event.ts, what)
        if isinstance(event, ev.Finding) and event.code in SLO_FINDINGS:
            return self._on_breach(state, event.ts, event.message)
        return self._gate_waiting(state, event.ts)

    def _on_checks(self, state: State, event: ev.GateChecks) -> list[ev.Event]:
        gate = state.gate
        if gate is None or gate["gate_id"] != event.gate_id or event.gate_id in self._settled:
            return []
        checks = [dict(c) for c in event.checks]
        failed = [c for c in checks if c.get("ok") is False]
        slo_failed = [c for c in failed if is_slo_check(c)]
        if slo_failed:
            why = "; ".join(str(c.get("reason") or c.get("name")) for c in slo_failed)
            return self._on_breach(state, event.ts, why, gate_id=event.gate_id)
        if not self.auto:
            return []
        unknown = [c for c in checks if c.get("ok") is None]
        if checks and not failed and not unknown:
            self._settled.add(event.gate_id)
            reason = f"auto: all {len(checks)} checks of the window green"
            self._queue(Intent("approve", event.gate_id, reason))
            return [
                self._finding(
                    event.ts,
                    "auto_approve",
                    "info",
                    f"--auto approves gate {event.gate_id}: all {len(checks)} checks green",
                )
            ]
        blocking = failed or unknown
        names = (
            ", ".join(
                f"{c.get('name')} ({'failed' if c.get('ok') is False else 'unknown'})"
                for c in blocking
            )
            or "no checks"
        )
        return [
            self._finding(
                event.ts,
                "auto_waiting",
                "warning",
                f"--auto leaves gate {event.gate_id} to a person: {names}",
                data={"gate_id": event.gate_id},
            )
        ]

    def _on_breach(
        self, state: State, ts: float, why: str, *, gate_id: str | None = None
    ) -> list[ev.Event]:
        stage = state.total("stages")
        if self._breach_stage == stage:
            return []  # already answered for this stage; don't repeat on every sample
        self._breach_stage = stage
        if gate_id is None and state.gate is not None:
            gate_id = state.gate["gate_id"]
        if gate_id is not None:
            self._settled.add(gate_id)
        if self.auto_rollback:
            self._queue(Intent("rollback", gate_id, f"auto-rollback: {why}"))
            return [
                self._finding(ts, "auto_rollback", "critical", f"--auto-rollback rolls back: {why}")
            ]
        return [self._finding(ts, "recommend_rollback", "critical", f"rollback recommended: {why}")]

    def _gate_waiting(self, state: State, ts: float) -> list[ev.Event]:
        gate = state.gate
        if gate is None or self._clock is None or self.gate_alert_after <= 0:
            return []
        waited = self._clock - float(gate["opened_at"])
        if not math.isfinite(waited) or waited < 0:
            return []
        raised = self._alerts.get(gate["gate_id"], 0)
        # One alert per full period waited: at 1x, 2x, 3x ... gate_alert_after. Counted in
        # whole periods (integers), so a clock that jumps far ahead gives one alert, not one
        # per event: float products that large round to the value compared with them.
        periods = int(waited // self.gate_alert_after)
        if periods <= raised:
            return []
        self._alerts[gate["gate_id"]] = periods
        minutes = waited / 60
        held = " (held)" if gate.get("held") else ""
        return [
            self._finding(
                ts,
                "gate_waiting",
                "warning",
                f"gate {gate['gate_id']}{held} after {float(gate['stage_pct']):g} % has waited "
                f"{minutes:.0f} min for a decision; the rollout holds until someone decides",
                data={"gate_id": gate["gate_id"], "waited_s": round(waited, 1)},
            )
        ]

    @staticmethod
    def _finding(
        ts: float, code: str, severity: str, message: str, data: Mapping[str, Any] | None = None
    ) -> ev.Finding:
        return ev.Finding(
            ts=ts, source=POLICY_SOURCE, code=code, severity=severity, message=message, data=data
        )

    # --- the intent queue -------------------------------------------------------------

    def _queue(self, intent: Intent) -> None:
        self._intents.append(intent)
        if self._wake is not None and self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nothing to wake
                self._loop.call_soon_threadsafe(self._wake.set)

    def pending(self) -> bool:
        return bool(self._intents)

    def take_intents(self) -> list[Intent]:
        out, self._intents = self._intents, []
        return out

    def bind(self, loop: asyncio.AbstractEventLoop, wake: asyncio.Event) -> None:
        self._loop, self._wake = loop, wake


def still_applies(state: State, intent: Intent) -> bool:
    """An intent is stale once the rollout ended, rolled back, or its gate closed."""
    if state.outcome or state.rollback:
        return False
    if intent.decision == "approve":
        return state.gate is not None and state.gate["gate_id"] == intent.gate_id
    return True


async def carry_out(desk: DecisionDesk, intent: Intent) -> DecisionOutcome | None:
    state = desk.pipeline.state
    if not still_applies(state, intent):
        return None
    who = f"{desk.operator} (auto)"
    gate = state.gate
    if gate is not None and (intent.gate_id is None or gate["gate_id"] == intent.gate_id):
        return await desk.decide(
            gate["gate_id"], intent.decision, intent.reason, via="auto", operator=who
        )
    if intent.decision == "rollback":
        return await desk.abort(intent.reason, via="auto", operator=who)
    return None


async def run_policy(
    pipeline: Pipeline, desk: DecisionDesk, policy: AutoPolicy, stop: asyncio.Event
) -> None:
    """Carry out the policy's intents until ``stop``; start it as a task next to the sources.

    ``policy`` must be one of ``pipeline.analyzers``. In read-only mode intents are dropped
    (the desk refuses), so replay never acts.
    """
    if policy not in pipeline.analyzers:
        pipeline.analyzers.append(policy)
    wake = asyncio.Event()
    policy.bind(asyncio.get_running_loop(), wake)
    while not stop.is_set():
        for intent in policy.take_intents():
            if desk.read_only:
                continue
            await carry_out(desk, intent)
        wake.clear()
        if policy.pending():
            continue
        waiter = asyncio.ensure_future(wake.wait())
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({waiter, stopper}, timeout=1.0, return_when="FIRST_COMPLETED")
        finally:
            waiter.cancel()
            stopper.cancel()
