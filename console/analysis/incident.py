"""The live incident panel's analyser: re-run the commander as evidence arrives.

It stays idle until there is a symptom to explain (an early warning, an SLO breach, a
warning or error line, a rollback); then it is throttled by event time (at most once per
``every_s`` simulated seconds, only when relevant evidence came in since the last run, and
only once a tenth of the evidence is new), so a long or fast stream costs linear time.
It answers a ``Finding(code="rca")`` only when the top candidate or its confidence band
changes; the finding's ``data`` is the JSON report, which is what the incident panel shows.
Being a recorded event, replay shows the same panel.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from console import events as ev
from console.analysis.rca import RcaReport, analyse
from console.state import State

MAX_EVENTS = 10_000  # evidence kept for the commander; the oldest goes first
WINDOW_S = 2 * 3600.0  # and none older than the commander's correlation window

# Events the commander reads. Agent INFO lines are left out: they are the bulk of a log
# and score nothing.
_KEEP = (
    ev.ToolCall,
    ev.SloViolation,
    ev.Threshold,
    ev.TrafficSplit,
    ev.StageStarted,
    ev.RollbackStarted,
    ev.Outcome,
)
_SYMPTOM_CODES = frozenset({"early_warning", "slo_breach"})
_PROBLEM_LEVELS = ev.ERROR_LEVELS | ev.WARNING_LEVELS
_BLUE_KEPT = frozenset({ev.POOL_SIZE, ev.POOL_AVAILABLE, ev.CONCURRENT_CALLS, ev.DB_CONNECTIONS})
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
        elif isinstance(event, ev.MetricSample):
            if event.scope == "blue" and event.name not in _BLUE_KEPT:
                return ()  # the commander judges the service and green; blue is the control
            self.events.append(event)
            self._new += 1
            self._dirty = True
        elif isinstance(event, _KEEP) or (
            isinstance(event, ev.LogLine) and (event.fmt != "agent" or event.level != "INFO")
        ):
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
        while self.events and self.events[0].ts < event.ts - WINDOW_S:
            self.events.popleft()
        return self._run(event.ts)

    def _run(self, now: float) -> list[ev.Event]:
        report = analyse([*self.changes, *self.events], service=self.service)
        self.report = report
        key = (report.category, report.band if report.category != "none" else "")
        if key == self._shown:
            return []
        previous = self._shown
        self._shown = key
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
