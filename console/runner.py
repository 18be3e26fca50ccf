"""A live session without a screen: sources → pipeline (record, reduce, analyse) → decisions.

The screen (console/ui) and ``--headless`` runs drive the very same object, so what the
on-call engineer sees is what a headless recording stores.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from console import events as ev
from console.control.decisions import Decider, DecisionDesk, DecisionOutcome
from console.control.operator import current_operator
from console.pipeline import Analyzer, Pipeline
from console.redact import Redactor, redact, which_might_hold_secrets
from console.sources.agent import AGENT_RESTARTED
from console.store.recorder import Recorder
from console.textsafe import printable
from console.timefmt import clock


class Source(Protocol):
    """Anything that produces events: a log tail, an agent, Prometheus, Kubernetes."""

    def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]: ...


# Source statuses that mean nothing was reached yet: a refusal, an unreachable server, a file
# waited for.
NOT_CONNECTED = frozenset({"error", "stale"})
PUMP_SLICE = 25  # events fed between the event loop's turns


class LiveSession:
    def __init__(
        self,
        *,
        db_path: Path,
        name: str | None,
        sources: Iterable[Source],
        decider: Decider | None = None,
        read_only: bool = False,
        analyzers: Iterable[Analyzer] | None = None,
        policy: Any = None,
        label: str = "",
        companions: Iterable[Source] = (),
    ) -> None:
        # Analysers keep what they learnt of a session: a new session (an agent that
        # restarted) gets fresh ones, unless the caller gave its own.
        self._fresh_analyzers = analyzers is None
        if analyzers is None:
            from console.analysis import default_analyzers

            analyzers = default_analyzers()
        analyzers = list(analyzers)
        if policy is not None:
            analyzers.append(policy)
        self.db_path = db_path
        self.name = name
        self.label = label
        # A Redactor, not bare redact: a key block logged a line at a time is hidden too.
        self.recorder = Recorder(db_path, name=name, source=label, redact=Redactor())
        self.sessions = [self.recorder.session_id]  # every session this run recorded
        self.session_id = self.recorder.session_id
        self.pipeline = Pipeline(self.recorder, analyzers)
        self._offload_analysis()
        self.sources = list(sources)
        # Sources that never end by themselves (Prometheus polling beside the agent): they run
        # while the others do, and stop when the others have ended.
        self.companions = list(companions)
        self.policy = policy
        self.operator = operator = current_operator()
        self.desk = DecisionDesk(
            self.pipeline,
            decider,
            operator=operator.name,
            origin=operator.origin,
            read_only=read_only,
        )
        self.read_only = read_only
        self._log: list[tuple[int, ev.LogLine]] = []
        self._log_shown = 0  # how many of _log's first lines are redacted already
        self._shown = Redactor()  # what the screen's log shows is what the store keeps
        self.pipeline.listeners.append(self._collect_log)
        self.errors: list[str] = []
        self.finished = asyncio.Event()
        # Whether any source ever delivered (else close marks the session failed, saying
        # why): a wrong token, an unreachable URL or a missing file records nothing watched.
        self.connected = False
        self._problem: str | None = None

    @property
    def state(self) -> Any:
        return self.pipeline.state

    def _collect_log(self, event: ev.Event, seq: int) -> None:
        # Redacted a slice at a time (see _redact_log), not here per event.
        if isinstance(event, ev.LogLine):
            self._log.append((seq, event))
            if len(self._log) > 20_000:  # nobody is draining (headless): keep it bounded
                self._redact_log()  # the redactor reads every line, in order
                del self._log[:10_000]
                self._log_shown = len(self._log)

    def _redact_log(self) -> None:
        """Redact the lines collected since the last call: between the pump's slices, so the
        work comes in small pieces, and one search over a few dozen lines replaces a search
        per line."""
        done = self._log_shown
        if done < len(self._log):
            self._log[done:] = self._shown_lines(self._log[done:])
            self._log_shown = len(self._log)

    def _shown_lines(self, items: list[tuple[int, ev.LogLine]]) -> list[tuple[int, ev.LogLine]]:
        """``items`` as the screen may show them, through the one Redactor in order. Outside
        a key block a line without a trigger word is certainly unchanged (and changes no
        state): one search over the batch's text finds the lines that need the Redactor,
        instead of a search per line."""
        texts: list[str] = []
        owners: list[int] = []  # the line each text is of, as the import's writer keeps it
        for k, (_, e) in enumerate(items):
            texts.append(e.message)
            texts.extend(e.detail)
            owners.extend([k] * (1 + len(e.detail)))
        chosen = {owners[i] for i in which_might_hold_secrets(texts)}
        if not chosen and not self._shown.in_key:
            return items
        shown = self._shown
        return [
            (seq, self._redacted(e)) if k in chosen or shown.in_key else (seq, e)
            for k, (seq, e) in enumerate(items)
        ]

    def _redacted(self, event: ev.LogLine) -> ev.LogLine:
        message = self._shown(event.message)
        detail = tuple(self._shown(d) for d in event.detail)
        if message is event.message and all(
            a is b for a, b in zip(detail, event.detail, strict=True)
        ):
            return event
        return dataclasses.replace(event, message=message, detail=detail)

    def take_log(self) -> list[tuple[int, ev.LogLine]]:
        self._redact_log()
        out, self._log = self._log, []
        self._log_shown = 0
        return out

    async def run(self, stop: asyncio.Event) -> None:
        """Pump every source until all have ended (or ``stop`` is set)."""
        tasks = [asyncio.create_task(self._pump(src, stop)) for src in self.sources]
        companion_tasks = [asyncio.create_task(self._pump(src, stop)) for src in self.companions]
        policy_task = None
        if self.policy is not None:
            from console.control.policy import run_policy

            policy_task = asyncio.create_task(
                run_policy(self.pipeline, self.desk, self.policy, stop)
            )
        try:
            waiter: asyncio.Task[Any] = asyncio.create_task(stop.wait())
            pending: set[asyncio.Task[Any]] = set(tasks or companion_tasks)
            while pending and not stop.is_set():
                done, pending = await asyncio.wait(
                    pending | {waiter}, return_when=asyncio.FIRST_COMPLETED
                )
                pending.discard(waiter)
                pending -= done
            waiter.cancel()
        finally:
            for t in [*tasks, *companion_tasks]:
                t.cancel()
            if policy_task is not None:
                policy_task.cancel()
            for t in [*tasks, *companion_tasks, *([policy_task] if policy_task else [])]:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await t
            self.finished.set()

    async def _pump(self, source: Source, stop: asyncio.Event) -> None:
        name = type(source).__name__
        last_error = None  # what the source itself already said, not to be said twice
        fed = 0
        try:
            async for event in source.events(stop):
                self.pipeline.feed(event)
                fed += 1
                if fed % PUMP_SLICE == 0:
                    # A source's burst is fed in slices, the loop taking its turn between
                    # them: a key press waits for a slice, not for the whole burst.
                    self._redact_log()
                    await asyncio.sleep(0)
                # Connected: anything but an error or a wait ("no data" is an answer).
                if not isinstance(event, ev.SourceStatus) or event.status not in NOT_CONNECTED:
                    self.connected = True
                elif event.message:
                    self._problem = event.message
                if isinstance(event, ev.SourceStatus) and event.status == "error":
                    last_error = event.message
                if isinstance(event, ev.Outcome) and event.status == AGENT_RESTARTED:
                    self.new_session()
                if stop.is_set():
                    break
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a source failing must not take the console down
            message = str(exc) or type(exc).__name__
            self.errors.append(message)
            self._problem = message
            if message != last_error:
                ts = self.pipeline.state.clock or time.time()
                self.pipeline.feed(
                    ev.SourceStatus(ts=ts, source=name, name=name, status="error", message=message)
                )

    def new_session(self) -> None:
        """The agent restarted: the session so far is closed (its outcome says why) and
        what follows is recorded as a new session in the same store, folded into a fresh
        State, so its gates can be decided and nothing of it is skipped."""
        old = self.pipeline
        try:
            old.close()
        except Exception as exc:  # the old session's store error: said, not fatal
            self.errors.append(f"the session before the agent restarted: {exc}")
        name = f"{self.name} (after agent restart {len(self.sessions)})" if self.name else None
        self.recorder = Recorder(self.db_path, name=name, source=self.label, redact=Redactor())
        self.session_id = self.recorder.session_id
        self.sessions.append(self.session_id)
        if self._fresh_analyzers:
            from console.analysis import default_analyzers

            analyzers: list[Analyzer] = list(default_analyzers())
        else:
            analyzers = [a for a in old.analyzers if a is not self.policy]
        if self.policy is not None:
            self.policy.reset()
            analyzers.append(self.policy)
        self.pipeline = Pipeline(self.recorder, analyzers)
        self._offload_analysis()
        self.pipeline.listeners = old.listeners
        self.desk.pipeline = self.pipeline

    def _offload_analysis(self) -> None:
        """Analysers that can (the incident panel's) run off the event loop, reading the
        session back from this recording: the screen never waits for them."""
        pipeline = self.pipeline
        for analyzer in pipeline.analyzers:
            offload = getattr(analyzer, "offload", None)
            if offload is not None:
                offload(self.recorder, pipeline.feed)

    async def decide(self, verb: str, reason: str) -> DecisionOutcome:
        """The gate bar's verb: on the open gate, or (rollback) an abort at any moment."""
        return await self.desk.act(verb, reason)

    def describe(self, verb: str, reason: str = "") -> str:
        return self.desk.describe(verb, reason)

    def close(self) -> None:
        # Only a source that said what went wrong: an empty log watched and stopped is no
        # failure, just a session with nothing in it.
        if not self.connected and self._problem and self.pipeline.state.outcome is None:
            why = redact(self._problem)
            self.recorder.update_session(
                outcome="failed", meta=json.dumps({"failed": f"never connected: {why}"})
            )
        self.pipeline.close()


def stage_printer(write: Callable[[str], Any]) -> Callable[[ev.Event, int], None]:
    """A pipeline listener for headless runs: one line per stage, gate, decision and outcome."""

    last_outcome: list[str] = []

    def listener(event: ev.Event, seq: int) -> None:
        line = None
        if isinstance(event, ev.StageStarted):
            line = f"{clock(event.ts)} stage   {event.traffic_pct:g}% on green"
        elif isinstance(event, ev.GateOpened):
            nxt = f"{event.next_pct:g}%" if event.next_pct is not None else "finish"
            line = (
                f"{clock(event.ts)} gate    {event.gate_id} after {event.stage_pct:g}% (next {nxt})"
            )
        elif isinstance(event, ev.DecisionRequested):
            line = f"{clock(event.ts)} decide  {event.decision} by {event.operator}" + (
                f" — {event.reason}" if event.reason else ""
            )
        elif isinstance(event, ev.DecisionResult):
            line = f"{clock(event.ts)} result  {event.result} {event.detail}".rstrip()
        elif isinstance(event, ev.RollbackStarted):
            line = f"{clock(event.ts)} rollback {event.reason}".rstrip()
        elif isinstance(event, ev.Outcome) and last_outcome[-1:] != [event.status]:
            # A log states its outcome more than once (the entry and the summary section).
            last_outcome.append(event.status)
            line = f"{clock(event.ts)} outcome {event.status}"
        elif isinstance(event, ev.SourceStatus) and event.status in ("error", "stale", "no data"):
            line = f"{clock(event.ts)} source  {event.name} {event.status}: {event.message}"
        if line is not None:
            # Gate ids, reasons, operators and messages come from the agent: shown literally,
            # redacted like everything the session stores.
            write(printable(redact(line), 2000))

    return listener
