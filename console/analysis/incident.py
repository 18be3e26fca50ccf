"""The live incident panel's analyser: re-run the commander as evidence arrives.

It stays idle until there is a symptom to explain (an early warning, an SLO breach, a
warning or error line, a rollback); then it is throttled by event time (at most once per
``every_s`` simulated seconds, only when relevant evidence came in since the last run, and
only once a tenth of the evidence is new), so a long or fast stream costs linear time.
It answers a ``Finding(code="rca")`` when the top candidate or its confidence band changes,
and once more at the end of the input (the agent's outcome, or ``finish`` when the stream
closes) whenever the final answer differs from the last one shown. The finding's ``data`` is
the JSON report, which is what the incident panel shows; being a recorded event, replay
shows the same panel. It reads the same events ``opsconsole rca`` reads, so the last
finding is the report the command gives for the same input.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from console import events as ev
from console.analysis.rca import RcaReport, analyse
from console.state import State

MAX_EVENTS = 400_000  # evidence kept for the commander (hours of a busy service); oldest first

_SYMPTOM_CODES = frozenset({"early_warning", "slo_breach"})
_PROBLEM_LEVELS = ev.ERROR_LEVELS | ev.WARNING_LEVELS
_TRIGGERS = (ev.MetricSample, ev.Deployment, ev.ConfigChange, ev.SloViolation, ev.LogLine)


class IncidentAnalyzer:
    def __init__(self, *, every_s: float = 30.0, service: str | None = None) -> None:
        self.every_s = every_s
        self.service = service
        self.events: deque[ev.Event] = deque(maxlen=MAX_EVENTS)
        self.changes: list[ev.Event] = []
        self._new = 0
        self._last_run: float | None = None
        self._dirty = False
        self._symptom = False
        self._warned = False
        self._shown: tuple[str, str] = ("none", "")
        self._shown_full: tuple[object, ...] | None = None
        self.report: RcaReport | None = None

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if isinstance(event, ev.Finding):
            # Another analyser's early warning or SLO breach is a symptom worth explaining;
            # the commander reads the first early warning rather than detecting it again.
            if event.code in _SYMPTOM_CODES:
                self._symptom = True
                if event.code == "early_warning" and not self._warned:
                    self._warned = True
                    self.changes.append(event)
            return ()
        if isinstance(event, ev.Deployment | ev.ConfigChange | ev.SessionInfo | ev.Pods):
            self.changes.append(event)  # few, and needed however old they are
            self._dirty = True
        else:
            self.events.append(event)
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
        # At most once per ``every_s`` of event time, and (so that a long session costs
        # linear time overall) only after a tenth of the evidence is new.
        if (
            not final
            and self._last_run is not None
            and (event.ts - self._last_run < self.every_s or self._new < len(self.events) // 10)
        ):
            return ()
        self._last_run = event.ts
        self._dirty = False
        self._new = 0
        return self._run(event.ts, final=final)

    def finish(self, state: State) -> list[ev.Event]:
        """The last word when the input ends: the report on everything, if it changed."""
        if not self._symptom or not (self._dirty or self._new):
            return []
        self._dirty = False
        self._new = 0
        now = self.events[-1].ts if self.events else (state.clock or 0.0)
        return self._run(now, final=True)

    def _run(self, now: float, *, final: bool = False) -> list[ev.Event]:
        events = sorted([*self.changes, *self.events], key=lambda e: e.ts)
        report = analyse(events, service=self.service)
        self.report = report
        key = (report.category, report.band if report.category != "none" else "")
        full = (report.category, report.confidence, report.action_kind, report.action_detail)
        if key == self._shown and (not final or full == self._shown_full):
            return []
        previous = self._shown
        self._shown = key
        self._shown_full = full
        if report.category == "none":
            severity = "info"
            message = f"incident cleared: {report.summary}"
            if previous[0] == "none":
                return []
        else:
            severity = "critical" if report.confidence >= 0.8 else "warning"
            message = f"likely cause: {report.category} ({report.confidence:.0%}): {report.summary}"
        return [
            ev.Finding(
                ts=now,
                source="analysis",
                code="rca",
                severity=severity,
                message=message[:300],
                data=report.to_dict(),
            )
        ]
