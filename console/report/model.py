"""The postmortem as typed values: what ``build.py`` makes and the renderers read.

Times are kept as epoch seconds (None: never seen) and turned into ISO strings only by
``Report.to_json``, which is the JSON contract of docs/export-schema.md: its keys and their
order are that document's, and what is added here is added there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from console.state import STAGE_MARKS
from console.timefmt import iso

MAX_MARKS = 20


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass(frozen=True, slots=True)
class SessionPart:
    id: str
    name: str | None
    service: str | None
    version: str | None
    agent: str | None
    task: str | None
    attempt: str | None
    previous_attempt: str | None
    agent_session_id: str | None
    source: str | None
    import_info: Mapping[str, Any] | None
    started_at: float | None
    ended_at: float | None
    events: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "service": self.service,
            "version": self.version,
            "agent": self.agent,
            "task": self.task,
            "attempt": self.attempt,
            "previous_attempt": self.previous_attempt,
            "agent_session_id": self.agent_session_id,
            "source": self.source,
            "import": dict(self.import_info) if self.import_info is not None else None,
            "started_at": iso(self.started_at),
            "ended_at": iso(self.ended_at),
            "events": self.events,
        }


@dataclass(frozen=True, slots=True)
class Summary:
    """Detection, rollback and impact. ``onset_at`` is the incident's start; detection is
    the first signal at or after it, so time to detect is never negative."""

    service: str | None
    version: str | None
    attempt: str | None
    outcome: str
    onset_at: float | None
    first_warning_at: float | None
    detected_at: float | None
    detected_by: str | None
    rollback_started_at: float | None
    rollback_completed_at: float | None
    impact_started_at: float | None
    impact_ended_at: float | None
    impact_metric: str | None
    agent_time_to_detect: str | None
    agent_time_to_rollback: str | None
    agent_customer_impact: str | None
    duration_s: float | None

    @property
    def time_to_detect_s(self) -> float | None:
        if self.onset_at is None or self.detected_at is None:
            return None
        return self.detected_at - self.onset_at

    @property
    def early_warning_lead_s(self) -> float | None:
        if self.first_warning_at is None or self.detected_at is None:
            return None
        return self.detected_at - self.first_warning_at

    @property
    def time_to_rollback_s(self) -> float | None:
        start = self.detected_at if self.detected_at is not None else self.rollback_started_at
        if start is None or self.rollback_completed_at is None:
            return None
        return self.rollback_completed_at - start

    @property
    def impact_seconds(self) -> float | None:
        if self.impact_started_at is None or self.impact_ended_at is None:
            return None
        return self.impact_ended_at - self.impact_started_at

    def to_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "version": self.version,
            "attempt": self.attempt,
            "outcome": self.outcome,
            "onset_at": iso(self.onset_at),
            "first_warning_at": iso(self.first_warning_at),
            "detected_at": iso(self.detected_at),
            "detected_by": self.detected_by,
            "time_to_detect_s": _r(self.time_to_detect_s),
            "early_warning_lead_s": _r(self.early_warning_lead_s),
            "rollback_started_at": iso(self.rollback_started_at),
            "rollback_completed_at": iso(self.rollback_completed_at),
            "time_to_rollback_s": _r(self.time_to_rollback_s),
            "impact_started_at": iso(self.impact_started_at),
            "impact_ended_at": iso(self.impact_ended_at),
            "impact_seconds": _r(self.impact_seconds),
            "impact_metric": self.impact_metric,
            "agent_time_to_detect": self.agent_time_to_detect,
            "agent_time_to_rollback": self.agent_time_to_rollback,
            "agent_customer_impact": self.agent_customer_impact,
            "duration_s": _r(self.duration_s),
        }


@dataclass(frozen=True, slots=True)
class Stage:
    traffic_pct: float
    started_at: float
    ended_at: float | None
    status: str  # a key of STAGE_MARKS

    @property
    def mark(self) -> str:
        return f"{STAGE_MARKS.get(self.status, '·')}{self.traffic_pct:g}%"

    def to_json(self) -> dict[str, Any]:
        return {
            "traffic_pct": self.traffic_pct,
            "started_at": iso(self.started_at),
            "ended_at": iso(self.ended_at),
            "seconds": None if self.ended_at is None else _r(self.ended_at - self.started_at),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class MetricPeak:
    metric: str
    scope: str
    peak: float | None
    peak_at: float | None
    low: float | None
    samples: int
    threshold: float | None
    slo: bool | None

    @property
    def breached(self) -> bool | None:
        if self.threshold is None or self.peak is None:
            return None
        return self.peak > self.threshold

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "scope": self.scope,
            "peak": self.peak,
            "peak_at": iso(self.peak_at),
            "low": self.low,
            "samples": self.samples,
            "threshold": self.threshold,
            "slo": self.slo,
            "breached": self.breached,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    at: float
    decision: str
    operator: str | None
    result: str
    reason: str | None
    gate_id: str | None
    origin: str | None
    via: str | None
    result_at: float | None
    detail: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "decision": self.decision,
            "operator": self.operator,
            "result": self.result,
            "reason": self.reason,
            "gate_id": self.gate_id,
            "origin": self.origin,
            "via": self.via,
            "result_at": iso(self.result_at),
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Gate:
    gate_id: str
    stage_pct: float | None
    opened_at: float | None
    closed_at: float | None
    decision: str | None
    operator: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "gate_id": self.gate_id,
            "stage_pct": self.stage_pct,
            "opened_at": iso(self.opened_at),
            "closed_at": iso(self.closed_at),
            "decision": self.decision,
            "operator": self.operator,
        }


@dataclass(frozen=True, slots=True)
class FindingItem:
    at: float
    seq: int
    code: str
    severity: str
    message: str
    metric: str | None
    data: Mapping[str, Any] | None
    resolved_at: float | None = None  # when what it said stopped holding (None: it held)
    resolution: str | None = None  # what ended it

    def to_json(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "seq": self.seq,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "metric": self.metric,
            "data": dict(self.data) if self.data else None,
            "resolved_at": iso(self.resolved_at),
            "resolution": self.resolution,
        }


@dataclass(frozen=True, slots=True)
class SloViolationItem:
    at: float
    metric: str
    value: Any
    threshold: Any
    message: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "metric": self.metric,
            "value": self.value,
            "threshold": self.threshold,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """A deployment or config change; ``fields`` are what the event carried."""

    at: float
    kind: str
    fields: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"at": iso(self.at), "kind": self.kind, **self.fields}


@dataclass(frozen=True, slots=True)
class NoteItem:
    id: int
    at: float
    seq: int | None
    author: str | None
    body: str
    created_at: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": iso(self.at),
            "seq": self.seq,
            "author": self.author,
            "body": self.body,
            "created_at": iso(self.created_at),
        }


@dataclass(frozen=True, slots=True)
class TimelineItem:
    at: float
    seq: int | None
    kind: str
    text: str
    who: str | None = None
    why: str | None = None
    result: str | None = None

    def to_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {"at": iso(self.at), "seq": self.seq, "kind": self.kind}
        item["text"] = self.text
        if self.who is not None:
            item["who"] = self.who
        if self.why:
            item["why"] = self.why
        if self.result is not None:
            item["result"] = self.result
        return item


@dataclass(frozen=True, slots=True)
class AgentSection:
    """A section of the agent's own summary (``CONTRIBUTING FACTORS:`` and its items)."""

    at: float
    seq: int
    kind: str  # root_cause | contributing_factors | remediation | lessons | other
    heading: str
    items: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "at": iso(self.at),
            "seq": self.seq,
            "kind": self.kind,
            "heading": self.heading,
            "items": list(self.items),
        }


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: (time, value) points, at most one per time bucket (its peak)."""

    metric: str
    scope: str
    points: tuple[tuple[float, float], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "scope": self.scope,
            "points": [[iso(t), v] for t, v in self.points],
        }


@dataclass(frozen=True, slots=True)
class Chart:
    name: str  # latency | errors | traffic: also the SVG file's suffix
    title: str
    unit: str
    series: tuple[Series, ...]
    # The incident's span on the time axis, shaded (None: no impact measured).
    shade: tuple[float, float] | None = None
    # The time axis: the whole session, so every chart of a report lines up.
    span: tuple[float, float] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "unit": self.unit,
            "series": [s.to_json() for s in self.series],
        }


@dataclass(frozen=True, slots=True)
class Counts:
    events: int
    log_lines: int
    warnings: int
    errors: int

    def to_json(self) -> dict[str, Any]:
        return {
            "events": self.events,
            "log_lines": self.log_lines,
            "warnings": self.warnings,
            "errors": self.errors,
        }


@dataclass(frozen=True, slots=True)
class Report:
    session: SessionPart
    outcome: str
    outcome_detail: str | None
    summary: Summary
    stages: tuple[Stage, ...]
    peaks: Mapping[str, float | None]
    metrics: tuple[MetricPeak, ...]
    decisions: tuple[Decision, ...]
    gates: tuple[Gate, ...]
    findings: tuple[FindingItem, ...]
    slo_violations: tuple[SloViolationItem, ...]
    changes: tuple[Change, ...]
    counts: Counts
    notes: tuple[NoteItem, ...]
    timeline: tuple[TimelineItem, ...]
    agent_sections: tuple[AgentSection, ...] = ()
    charts: tuple[Chart, ...] = field(default=())
    plan: tuple[float, ...] = ()  # the traffic steps the rollout meant to take

    def sections(self, kind: str) -> list[AgentSection]:
        return [s for s in self.agent_sections if s.kind == kind]

    @property
    def stage_marks(self) -> str:
        """``✓10% ✓25% ✗50%``: each stage with how it ended (a session of many rollouts:
        the first few and the last ones, with how many are left out between)."""
        marks = [st.mark for st in self.stages]
        if len(marks) > MAX_MARKS:
            left_out = len(marks) - MAX_MARKS + 5
            marks = [*marks[:5], f"… {left_out} more …", *marks[-(MAX_MARKS - 10) :]]
        return " ".join(marks + [f"{STAGE_MARKS['pending']}{p:g}%" for p in self.pending])

    @property
    def pending(self) -> tuple[float, ...]:
        """The plan's steps past the last stage, never reached (none when it succeeded)."""
        if not self.stages or self.outcome == "succeeded":
            return ()
        last = self.stages[-1].traffic_pct
        return tuple(p for p in self.plan if p > last)

    def to_json(self) -> dict[str, Any]:
        """The document of docs/export-schema.md (format_version 1; keys only added)."""
        from console.report.build import FORMAT_VERSION

        return {
            "format": "opsconsole-postmortem",
            "format_version": FORMAT_VERSION,
            "session": self.session.to_json(),
            "outcome": self.outcome,
            "outcome_detail": self.outcome_detail,
            "summary": self.summary.to_json(),
            "stages": [s.to_json() for s in self.stages],
            "stage_marks": self.stage_marks,
            "plan": list(self.plan),
            "peaks": dict(self.peaks),
            "metrics": [m.to_json() for m in self.metrics],
            "decisions": [d.to_json() for d in self.decisions],
            "gates": [g.to_json() for g in self.gates],
            "findings": [f.to_json() for f in self.findings],
            "slo_violations": [v.to_json() for v in self.slo_violations],
            "changes": [c.to_json() for c in self.changes],
            "counts": self.counts.to_json(),
            "notes": [n.to_json() for n in self.notes],
            "timeline": [t.to_json() for t in self.timeline],
            "agent_sections": [a.to_json() for a in self.agent_sections],
            "charts": [c.to_json() for c in self.charts],
        }
