"""The live incident panel's analyser: re-run the commander as evidence arrives.

It stays idle until there is a symptom to explain (an early warning, an SLO breach, a
warning or error line, a rollback); then it is throttled by event time (at most once per
``every_s`` simulated seconds, only when relevant evidence came in since the last run, and
only once a tenth of the evidence is new), so a long or fast stream costs linear time.
It answers a ``Finding(code="rca")`` when the top candidate or its confidence band changes,
and once more at the end of the input (the agent's outcome, or ``finish`` when the stream
closes) whenever the final answer differs from the last one shown. The finding's ``data`` is
the JSON report, which is what the incident panel shows; being a recorded event, replay
shows the same panel.

Two ways to run, one analysis:

- by default (an import, a pipeline without an event loop) it keeps the evidence (at most
  MAX_EVENTS events, and every change) and analyses it where it is called, answering with
  the event that triggered the run;
- in a live session (``offload``), it keeps no events: each run reads the session back from
  its store, up to the event that triggered it, in a second process (console/analysis/
  worker.py), and the answer comes back through the pipeline when it is ready, in the order
  the runs were asked for. At most one run is under way; runs due meanwhile are folded into
  one. The event loop never waits for the commander, and the answer is exactly what
  ``opsconsole rca DB#SESSION`` says of the session up to that event.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from console import events as ev
from console.analysis.rca import analyse
from console.state import State

if TYPE_CHECKING:
    from console.analysis.worker import Verdict

MAX_EVENTS = 400_000  # evidence kept for the commander (hours of a busy service); oldest first
COMMIT_WAIT_S = 60.0  # how long a run waits for its events to be on disk

_SYMPTOM_CODES = frozenset({"early_warning", "slo_breach"})
_PROBLEM_LEVELS = ev.ERROR_LEVELS | ev.WARNING_LEVELS
_TRIGGERS = (ev.MetricSample, ev.Deployment, ev.ConfigChange, ev.SloViolation, ev.LogLine)


class SessionStore(Protocol):
    """What offloading needs of the recorder: where the session is, and its commits."""

    @property
    def path(self) -> object: ...

    @property
    def session_id(self) -> str: ...

    @property
    def seq(self) -> int: ...

    def wait_committed(self, seq: int, timeout: float = ...) -> None: ...


@dataclass(frozen=True, slots=True)
class _Run:
    now: float  # event time of the event that asked for it: the finding's time
    final: bool
    last: int  # the seq it reads up to


class IncidentAnalyzer:
    def __init__(self, *, every_s: float = 30.0, service: str | None = None) -> None:
        self.every_s = every_s
        self.service = service
        self.events: deque[ev.Event] = deque(maxlen=MAX_EVENTS)
        self.changes: list[ev.Event] = []
        self._evidence = 0  # events the commander reads (not counting changes)
        self._last_ts: float | None = None  # the latest of them
        self._new = 0
        self._last_run: float | None = None
        self._dirty = False
        self._symptom = False
        self._warned = False
        self._shown: tuple[str, str] = ("none", "")
        self._shown_full: tuple[object, ...] | None = None
        self.last: Verdict | None = None
        # Offloaded (a live session): see ``offload``.
        self._store: SessionStore | None = None
        self._feed: Callable[[ev.Event], object] | None = None
        self._executor: concurrent.futures.Executor | None = None
        self._under_way: tuple[_Run, concurrent.futures.Future[Verdict]] | None = None
        self._due: _Run | None = None
        self._closed = False
        self.errors: list[str] = []

    # --- where the analysis runs ------------------------------------------------------------

    def offload(
        self,
        store: SessionStore,
        feed: Callable[[ev.Event], object],
        *,
        executor: concurrent.futures.Executor | None = None,
    ) -> None:
        """Analyse off the event loop from now on: read the session back from ``store`` and
        answer through ``feed`` (the pipeline's). ``executor`` runs the blocking part (waiting
        for the commit, the second process's answer); one thread by default."""
        self._store = store
        self._feed = feed
        self._executor = executor
        self.events.clear()  # the store has them
        self.changes.clear()

    @property
    def offloaded(self) -> bool:
        return self._store is not None

    @property
    def busy(self) -> bool:
        """A run is under way (offloaded only)."""
        return self._under_way is not None

    # --- the analyser -----------------------------------------------------------------------

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        keep = self._store is None
        if type(event) is ev.LogLine:  # most of a stream: the branches below, for a line
            if keep:
                self.events.append(event)
            self._evidence += 1
            self._new += 1
            self._last_ts = event.ts
            self._dirty = True
            if not self._symptom and event.level.upper() in _PROBLEM_LEVELS:
                self._symptom = True
            if not self._symptom or self._throttled(event.ts):
                return ()
            return self._due_now(event, final=False)
        if isinstance(event, ev.Finding):
            # Another analyser's early warning or SLO breach is a symptom worth explaining;
            # the commander reads the first early warning rather than detecting it again.
            if event.code in _SYMPTOM_CODES:
                self._symptom = True
                if event.code == "early_warning" and not self._warned:
                    self._warned = True
                    if keep:
                        self.changes.append(event)
            return ()
        if isinstance(event, ev.Deployment | ev.ConfigChange | ev.SessionInfo | ev.Pods):
            if keep:
                self.changes.append(event)  # few, and needed however old they are
            self._dirty = True
        else:
            if keep:
                self.events.append(event)
            self._evidence += 1
            self._last_ts = event.ts
            self._new += 1
            if isinstance(event, _TRIGGERS):
                self._dirty = True
            if isinstance(event, ev.SloViolation | ev.RollbackStarted) or (
                isinstance(event, ev.LogLine) and event.level.upper() in _PROBLEM_LEVELS
            ):
                self._symptom = True
        if not self._dirty or not self._symptom:
            return ()  # nothing to explain yet: a healthy rollout costs no analysis
        final = isinstance(event, ev.Outcome)
        if not final and self._throttled(event.ts):
            return ()
        return self._due_now(event, final=final)

    def _throttled(self, ts: float) -> bool:
        """At most once per ``every_s`` of event time, and (so that a long session costs
        linear time overall) only after a tenth of the evidence is new."""
        return self._last_run is not None and (
            ts - self._last_run < self.every_s or self._new < self._kept() // 10
        )

    def _due_now(self, event: ev.Event, *, final: bool) -> list[ev.Event]:
        self._last_run = event.ts
        self._dirty = False
        self._new = 0
        if self._store is not None:
            return self._ask(_Run(event.ts, final, self._store.seq))
        return self._run(event.ts, final=final)

    def finish(self, state: State) -> list[ev.Event]:
        """The last word when the input ends: the report on everything, if it changed.
        Offloaded, it first takes the answer of the run under way (waiting for it)."""
        out: list[ev.Event] = []
        if self._store is not None:
            self._closed = True  # answers still on their way to the loop are dropped
            self._due = None  # the last word below covers it
            if self._under_way is not None:
                run, future = self._under_way
                self._under_way = None
                out.extend(self._take(run, future))
        if not self._symptom or not (self._dirty or self._new):
            return out
        self._dirty = False
        self._new = 0
        if self._store is not None:
            now = self._last_ts if self._last_ts is not None else (state.clock or 0.0)
            run = _Run(now, True, self._store.seq)
            return out + self._take(run, self._submit(run, inline=True))
        now = self.events[-1].ts if self.events else (state.clock or 0.0)
        return self._run(now, final=True)

    def _kept(self) -> int:
        """The evidence a run reads: what is kept, or (offloaded) the whole session's."""
        return self._evidence if self._store is not None else len(self.events)

    def _run(self, now: float, *, final: bool = False) -> list[ev.Event]:
        from console.analysis.worker import Verdict

        events = sorted([*self.changes, *self.events], key=lambda e: e.ts)
        return self._answer(Verdict.of(analyse(events, service=self.service)), now, final)

    # --- offloaded runs ---------------------------------------------------------------------

    def _ask(self, run: _Run) -> list[ev.Event]:
        if self._under_way is not None:
            self._due = run  # one at a time; the latest due run stands for all of them
            return []
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # fed without an event loop (a test, a script): answer now
            return self._take(run, self._submit(run, inline=True))
        future = self._submit(run)
        self._under_way = (run, future)

        def arrived(f: concurrent.futures.Future[Verdict]) -> None:
            # The loop may be gone (the session ended): then ``finish`` took the answer.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._arrived, run, f)

        future.add_done_callback(arrived)
        return []

    def _submit(self, run: _Run, *, inline: bool = False) -> concurrent.futures.Future[Verdict]:
        from console.analysis.worker import Request, analyse_in_worker

        store = self._store
        assert store is not None
        request = Request(str(store.path), store.session_id, run.last, self.service)

        def work() -> Verdict:
            store.wait_committed(run.last, COMMIT_WAIT_S)
            return analyse_in_worker(request)

        if inline:
            future: concurrent.futures.Future[Verdict] = concurrent.futures.Future()
            try:
                future.set_result(work())
            except Exception as exc:
                future.set_exception(exc)
            return future
        return self._executor_or_default().submit(work)

    def _executor_or_default(self) -> concurrent.futures.Executor:
        if self._executor is None:
            self._executor = _default_executor()
        return self._executor

    def _arrived(self, run: _Run, future: concurrent.futures.Future[Verdict]) -> None:
        """On the event loop: a run's answer, fed through the pipeline; then the next run."""
        if self._closed or self._under_way is None or self._under_way[0] is not run:
            return  # finish took it, or the session ended
        self._under_way = None
        answers = self._take(run, future)
        if self._due is not None:
            due, self._due = self._due, None
            answers += self._ask(due)
        feed = self._feed
        assert feed is not None
        for event in answers:
            try:
                feed(event)
            except Exception as exc:  # the store failing: the session's own error says it
                self.errors.append(str(exc) or type(exc).__name__)
                return

    def _take(self, run: _Run, future: concurrent.futures.Future[Verdict]) -> list[ev.Event]:
        try:
            verdict = future.result()
        except Exception as exc:  # the panel says so once; the console goes on
            message = str(exc) or type(exc).__name__
            self.errors.append(message)
            if len(self.errors) > 1:
                return []
            return [
                ev.LogLine(
                    ts=run.now,
                    source="opsconsole",
                    level="WARNING",
                    message=f"incident analysis failed: {message}"[:300],
                    fmt="plain",
                )
            ]
        return self._answer(verdict, run.now, run.final)

    # --- what the panel is told ------------------------------------------------------------

    def _answer(self, verdict: Verdict, now: float, final: bool) -> list[ev.Event]:
        self.last = verdict
        key = (verdict.category, verdict.band if verdict.category != "none" else "")
        full = (verdict.category, verdict.confidence, verdict.action_kind, verdict.action_detail)
        if key == self._shown and (not final or full == self._shown_full):
            return []
        previous = self._shown
        self._shown = key
        self._shown_full = full
        if verdict.category == "none":
            severity = "info"
            message = f"incident cleared: {verdict.summary}"
            if previous[0] == "none":
                return []
        else:
            severity = "critical" if verdict.confidence >= 0.8 else "warning"
            message = (
                f"likely cause: {verdict.category} ({verdict.confidence:.0%}): {verdict.summary}"
            )
        return [
            ev.Finding(
                ts=now,
                source="analysis",
                code="rca",
                severity=severity,
                message=message[:300],
                data=verdict.data,
            )
        ]


_executor_lock = threading.Lock()
_shared_executor: concurrent.futures.ThreadPoolExecutor | None = None


def _default_executor() -> concurrent.futures.ThreadPoolExecutor:
    """One thread for every offloaded analyser: it waits (for commits, for the second
    process), so the runs of several sessions simply queue."""
    global _shared_executor
    with _executor_lock:
        if _shared_executor is None:
            _shared_executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="incident-analysis"
            )
        return _shared_executor
