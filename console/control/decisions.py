"""The decision desk: every gate decision is recorded, then sent, then its outcome recorded.

The desk is the only way the console acts on a rollout. It writes ``DecisionRequested`` to the
session store and waits for the commit *before* anything is sent, so a decision survives a
crash between the click and the agent's answer; then it sends through a ``Decider`` (the agent
protocol, a command hook, ...) and records ``DecisionResult``. The agent is the authority on
whether a decision applies: ``availability`` only tells the screen which verbs make sense now
and why the others don't.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from console import events as ev
from console.pipeline import Pipeline
from console.state import State

VERBS = ("approve", "hold", "rollback")
READ_ONLY = "read-only: sends nothing"  # fits beside the verbs at 80 columns
NO_DECIDER = "nothing to send decisions to: attach with --agent URL or configure hooks"


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    result: str  # accepted | refused | failed
    detail: str = ""

    @property
    def accepted(self) -> bool:
        return self.result == "accepted"


class Availability(NamedTuple):
    enabled: bool
    reason: str


class Decider(Protocol):
    """Carries a decision to whatever controls the rollout."""

    via: str  # recorded in DecisionRequested.via: agent | hook | argo

    def unsupported(self, decision: str) -> str | None:
        """Why this decider cannot send ``decision`` at all (None: it can)."""
        ...

    async def decide(
        self,
        gate_id: str,
        decision: str,
        operator: str,
        reason: str,
        idempotency_key: str,
        *,
        gate: Mapping[str, Any] | None = None,
    ) -> DecisionOutcome: ...

    async def abort(self, operator: str, reason: str, idempotency_key: str) -> DecisionOutcome: ...

    def describe(self, decision: str, gate_id: str | None, operator: str, reason: str) -> str:
        """Exactly what will be sent (secrets left out), for the confirmation dialog."""
        ...


def _pct(value: Any) -> str:
    return f"{float(value):g} %"


class DecisionDesk:
    def __init__(
        self,
        pipeline: Pipeline,
        decider: Decider | None,
        *,
        operator: str,
        origin: str | None = None,
        read_only: bool = False,
        clock: Callable[[], float] | None = None,
        source: str = "operator",
    ) -> None:
        self.pipeline = pipeline
        self.decider = decider
        self.operator = operator
        self.origin = origin
        self.read_only = read_only
        self.clock = clock or self._session_clock
        self.source = source
        self.in_flight: str | None = None  # the verb being sent, while it is

    def _session_clock(self) -> float:
        # The session's clock (what the screen shows and replay orders by), wall time only
        # before the first event. Wall time would put a decision in a recorded or simulated
        # session hours away from the gate it answers.
        clock = self.pipeline.state.clock
        return time.time() if clock is None else clock

    def __repr__(self) -> str:
        via = self.decider.via if self.decider else None
        return f"DecisionDesk(operator={self.operator!r}, via={via!r}, read_only={self.read_only})"

    # --- what the screen asks -----------------------------------------------------------

    def availability(self, state: State | None = None) -> dict[str, Availability]:
        """For approve/hold/rollback: can it be pressed now, and what it does or why not."""
        s = self.pipeline.state if state is None else state

        def all_off(reason: str) -> dict[str, Availability]:
            return {verb: Availability(False, reason) for verb in VERBS}

        if self.read_only:
            return all_off(READ_ONLY)
        if self.decider is None:
            return all_off(NO_DECIDER)
        if s.outcome:
            return all_off(f"rollout already {str(s.outcome['status']).replace('_', ' ')}")
        if s.rollback:
            return all_off("rollback already in progress")
        if self.in_flight:
            return all_off(f"waiting for the answer to {self.in_flight}")
        if s.counts.get("events", 0) == 0 or (not s.info and not s.stages and not s.gates):
            return all_off("no rollout in progress yet")

        out: dict[str, Availability] = {}
        gate = s.gate
        if gate is None:
            out["approve"] = Availability(False, "no gate is open")
            out["hold"] = Availability(False, "no gate is open")
            out["rollback"] = Availability(True, "abort the rollout now: all traffic back to blue")
        else:
            gate_id = gate["gate_id"]
            decided = _accepted_for(s, gate_id)
            nxt = gate.get("next_pct")
            if decided:
                out["approve"] = Availability(False, f"already {decided}; waiting for the agent")
            elif nxt is None:
                out["approve"] = Availability(True, "finish the rollout: 100 % on green")
            else:
                out["approve"] = Availability(True, f"shift to {_pct(nxt)}")
            if decided:
                out["hold"] = Availability(False, f"already {decided}; waiting for the agent")
            elif gate.get("held"):
                out["hold"] = Availability(False, "the gate is already held")
            else:
                out["hold"] = Availability(True, "keep the gate open; decide later")
            out["rollback"] = Availability(
                True, f"roll back from {_pct(gate.get('stage_pct', 0))}: all traffic to blue"
            )
        if self.decider is not None:
            for verb in VERBS:
                why = self.decider.unsupported(verb)
                if why and out[verb].enabled:
                    out[verb] = Availability(False, why)
        return out

    def describe(self, decision: str, reason: str = "", state: State | None = None) -> str:
        """What pressing ``decision`` now will send (a rollback without a gate is an abort)."""
        if self.read_only or self.decider is None:
            return READ_ONLY if self.read_only else NO_DECIDER
        s = self.pipeline.state if state is None else state
        gate_id = s.gate["gate_id"] if s.gate else None
        if gate_id is None and decision != "rollback":
            return "no gate is open"
        return self.decider.describe(decision, gate_id, self.operator, reason)

    # --- a controller's own verbs (Argo Rollouts: promote --full, retry, undo, ...) ---------

    def commands(self) -> dict[str, Availability]:
        """The decider's own verbs beyond the gate's (empty when it has none), each with
        whether it can be sent now and what it does or why not."""
        decider = self.decider
        listing = getattr(decider, "commands", None)
        if listing is None:
            return {}
        verbs: dict[str, Availability] = listing()
        if self.read_only:
            return {verb: Availability(False, READ_ONLY) for verb in verbs}
        if self.in_flight:
            return {
                verb: Availability(False, f"waiting for the answer to {self.in_flight}")
                for verb in verbs
            }
        return verbs

    def describe_command(self, verb: str, revision: int | None = None) -> str:
        if self.read_only or self.decider is None:
            return READ_ONLY if self.read_only else NO_DECIDER
        describe = getattr(self.decider, "describe_command", None)
        return describe(verb, revision) if describe else f"{verb} is not supported here"

    async def command(
        self, verb: str, reason: str = "", revision: int | None = None
    ) -> DecisionOutcome:
        """Record the verb as a decision, send it through the decider, record the result.
        An abort is recorded as the console's "rollback"; undo names its revision."""
        if self.read_only:
            return DecisionOutcome("refused", READ_ONLY)
        decider = self.decider
        send = getattr(decider, "command", None)
        if decider is None or send is None:
            return DecisionOutcome("refused", NO_DECIDER)
        gate = self.pipeline.state.gate
        decision = {"abort": "rollback"}.get(verb, verb)
        if verb == "undo" and revision is not None:
            decision = f"undo to revision {revision}"
        decision_id = uuid.uuid4().hex
        requested = ev.DecisionRequested(
            ts=self.clock(),
            source=self.source,
            decision_id=decision_id,
            gate_id=gate["gate_id"] if gate else None,
            decision=decision,
            operator=self.operator,
            origin=self.origin,
            reason=reason or None,
            via=decider.via,
        )
        self.in_flight = verb
        try:
            try:
                await self._record_durably(requested)
            except Exception as exc:
                outcome = DecisionOutcome(
                    "failed", f"not sent: the decision could not be recorded ({exc})"
                )
                self._record_result(decision_id, outcome)
                return outcome
            try:
                outcome = await send(verb, revision, decision_id)
            except Exception as exc:  # a decider bug must still leave an outcome behind
                outcome = DecisionOutcome("failed", f"{type(exc).__name__}: {exc}")
            self._record_result(decision_id, outcome)
            return outcome
        finally:
            self.in_flight = None

    # --- acting -------------------------------------------------------------------------

    async def act(self, decision: str, reason: str = "") -> DecisionOutcome:
        """The screen's verb: decide on the open gate, or abort when rollback has no gate."""
        gate = self.pipeline.state.gate
        if gate is not None:
            return await self.decide(gate["gate_id"], decision, reason)
        if decision == "rollback":
            return await self.abort(reason)
        return DecisionOutcome("refused", "no gate is open")

    async def decide(
        self,
        gate_id: str,
        decision: str,
        reason: str = "",
        *,
        via: str | None = None,
        operator: str | None = None,
    ) -> DecisionOutcome:
        if decision not in VERBS:
            return DecisionOutcome("refused", f"unknown decision {decision!r}")
        gate = self.pipeline.state.gate
        gate_info = gate if gate and gate.get("gate_id") == gate_id else None
        return await self._run(
            gate_id, decision, reason, via=via, operator=operator, gate=gate_info
        )

    async def abort(
        self, reason: str = "", *, via: str | None = None, operator: str | None = None
    ) -> DecisionOutcome:
        return await self._run(None, "rollback", reason, via=via, operator=operator, gate=None)

    async def _run(
        self,
        gate_id: str | None,
        decision: str,
        reason: str,
        *,
        via: str | None,
        operator: str | None,
        gate: Mapping[str, Any] | None,
    ) -> DecisionOutcome:
        # Refusals before anything is recorded: nothing was attempted.
        if self.read_only:
            return DecisionOutcome("refused", READ_ONLY)
        decider = self.decider
        if decider is None:
            return DecisionOutcome("refused", NO_DECIDER)
        why = decider.unsupported(decision)
        if why:
            return DecisionOutcome("refused", why)

        who = operator or self.operator
        decision_id = uuid.uuid4().hex  # doubles as the idempotency key
        requested = ev.DecisionRequested(
            ts=self.clock(),
            source=self.source,
            decision_id=decision_id,
            gate_id=gate_id,
            decision=decision,
            operator=who,
            origin=self.origin,
            reason=reason or None,
            via=via or decider.via,
        )
        self.in_flight = decision
        try:
            try:
                await self._record_durably(requested)
            except Exception as exc:
                # Not on disk, so not sent: an unrecorded decision must never reach the agent.
                outcome = DecisionOutcome(
                    "failed", f"not sent: the decision could not be recorded ({exc})"
                )
                self._record_result(decision_id, outcome)
                return outcome
            try:
                if gate_id is None:
                    outcome = await decider.abort(who, reason, decision_id)
                else:
                    outcome = await decider.decide(
                        gate_id, decision, who, reason, decision_id, gate=gate
                    )
            except Exception as exc:  # a decider bug must still leave an outcome behind
                outcome = DecisionOutcome("failed", f"{type(exc).__name__}: {exc}")
            self._record_result(decision_id, outcome)
            return outcome
        finally:
            self.in_flight = None

    async def _record_durably(self, event: ev.Event) -> None:
        # Fold it on this (the loop's) thread like every other event, then wait for the
        # writer thread's commit off the loop so the screen keeps drawing meanwhile.
        seq = self.pipeline.feed(event)
        recorder = self.pipeline.recorder
        if recorder is not None:
            await asyncio.to_thread(recorder.wait_committed, seq)

    def _record_result(self, decision_id: str, outcome: DecisionOutcome) -> None:
        self.pipeline.feed(
            ev.DecisionResult(
                ts=self.clock(),
                source=self.source,
                decision_id=decision_id,
                result=outcome.result,
                detail=outcome.detail,
            )
        )


def _accepted_for(state: State, gate_id: str) -> str | None:
    """The verb already accepted for this gate (approve/rollback), if the gate is still open."""
    for d in reversed(state.decisions):
        if d["gate_id"] == gate_id and d["result"] == "accepted" and d["decision"] != "hold":
            return "approved" if d["decision"] == "approve" else "rolled back"
    return None
