"""Building the postmortem of one recorded session (a ``Report``, console/report/model.py).

Everything comes from the store: the final State (through the replay cursor, i.e. the same
reducer the live console used) for stages, gates and decisions, and one pass over the events
(console/report/scan.py) for what State keeps only a window of (metric peaks over every
sample, every finding, the charts, the agent's summary), in bounded memory. A value never
seen is None, never a made-up zero.

Detection is the first signal of the incident at or after its onset (the first sample over a
threshold): a reminder before the incident began ("gate waited 5 min") is neither an early
warning nor detection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from console import events as ev
from console.report.model import (
    Change,
    Chart,
    Counts,
    Decision,
    FindingItem,
    Gate,
    MetricPeak,
    NoteItem,
    Report,
    Series,
    SessionPart,
    SloViolationItem,
    Stage,
    Summary,
    TimelineItem,
)
from console.report.scan import Scan, scan
from console.state import State
from console.store.catalog import abandoned, store_errors
from console.store.notes import Note, list_notes
from console.store.replay import ReplayCursor, label

FORMAT_VERSION = 1
OUTCOMES = (
    "succeeded", "rolled_back", "failed", "in_progress", "interrupted", "ended", "unknown",
)  # fmt: skip
PEAK_METRICS = (
    ev.LATENCY_AVG,
    ev.LATENCY_P95,
    ev.LATENCY_P99,
    ev.WORK_AVG,
    ev.WORK_P95,
    ev.WORK_P99,
    ev.ERROR_RATE,
    ev.DB_CONNECTIONS,
    ev.DB_CONNECTIONS_MAX,
)
TIMELINE_KINDS = (
    "session_info", "stage", "gate_opened", "gate_closed", "decision", "decision_result",
    "rollback", "outcome", "slo_violation", "finding", "deployment", "config_change",
    "threshold",
)  # fmt: skip
CHART_BUCKETS = 120  # points per chart line: enough for a page, bounded for any session
CHARTS = (
    ("latency", "Latency", "ms", ev.LATENCY),
    # a log's queries', jobs' and steps' times where it times no request (derived)
    ("work", "Work time (no request timed)", "ms", ev.WORK),
    ("errors", "Error rate", "%", (ev.ERROR_RATE, ev.TIMEOUT_RATE)),
)


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def build(db: sqlite_utils.Database | Path | str, session_id: str) -> Report:
    """Everything the postmortem says about one session."""
    with ReplayCursor(db, session_id) as cursor, store_errors(cursor.path):
        state = cursor.state_at(cursor.total)
        return _Builder(cursor, state).build()


class _Builder:
    def __init__(self, cursor: ReplayCursor, state: State) -> None:
        self.cursor = cursor
        self.conn = cursor.conn
        self.sid = cursor.session_id
        self.state = state
        self.derived: list[TimelineItem] = []
        self.problem_at: float | None = None  # the first sign of trouble that is no rollback

    def _scan(self) -> Scan:
        start, end = self.cursor.start_ts, self.cursor.last_ts
        width = (
            None if start is None or end is None or end <= start else (end - start) / CHART_BUCKETS
        )
        return scan(
            self.conn,
            self.sid,
            marker_kinds=(*TIMELINE_KINDS, "traffic"),
            chart_metrics=[m for _n, _t, _u, metrics in CHARTS for m in metrics],
            chart_start=start,
            chart_width=width,
        )

    def build(self) -> Report:
        s = self.state
        row = self.cursor.session
        info = s.info
        self.found = found = self._scan()
        timeline_kinds = frozenset(TIMELINE_KINDS)
        kind_events = [(q, e) for q, e in found.markers if e.kind in timeline_kinds]
        outcome = self._outcome()
        ended = s.outcome["at"] if s.outcome else None
        if ended is None and outcome != "in_progress":
            ended = self.cursor.last_ts
        metrics = self._metrics()
        summary = self._summary(kind_events, outcome)
        notes = list_notes(self.cursor.db, self.sid)
        detail = (s.outcome or {}).get("detail") or None
        if detail is None and outcome == "failed":
            detail = row.failure
        return Report(
            session=SessionPart(
                id=self.sid,
                name=_opt(info.get("name") or row.name),
                service=_opt(info.get("service") or row.service),
                version=_opt(info.get("version") or row.version),
                agent=_opt(info.get("agent")),
                task=_opt(info.get("task")),
                attempt=_opt(info.get("attempt")),
                previous_attempt=_opt(info.get("previous_attempt")),
                agent_session_id=_opt(info.get("agent_session_id")),
                source=row.source or None,
                import_info=_import_info(row.import_info),
                started_at=s.started_at if s.started_at is not None else row.started_at,
                ended_at=ended,
                events=self.cursor.total,
            ),
            outcome=outcome,
            outcome_detail=detail,
            summary=summary,
            stages=self._stages(outcome, summary),
            peaks={name: self._peak(metrics, name) for name in PEAK_METRICS},
            metrics=tuple(metrics),
            decisions=self._decisions(kind_events),
            gates=tuple(
                Gate(
                    gate_id=str(g["gate_id"]),
                    stage_pct=_num(g["stage_pct"]),
                    opened_at=_num(g["opened_at"]),
                    closed_at=_num(g["closed_at"]),
                    decision=g["decision"],
                    operator=g["operator"],
                )
                for g in s.gates
            ),
            findings=self._findings(kind_events),
            slo_violations=tuple(
                SloViolationItem(
                    at=float(v["at"]),
                    metric=str(v["metric"]),
                    value=v["value"],
                    threshold=v["threshold"],
                    message=v["message"] or None,
                )
                for v in s.slo_violations
            ),
            changes=tuple(
                Change(
                    at=float(d["at"]), kind=kind, fields={k: v for k, v in d.items() if k != "at"}
                )
                for kind, items in (
                    ("deployment", s.deployments),
                    ("config_change", s.config_changes),
                )
                for d in items
            ),
            counts=Counts(
                events=self.cursor.total,
                log_lines=s.counts.get("log", 0),
                warnings=s.counts.get("warning", 0),
                errors=s.counts.get("error", 0),
            ),
            notes=tuple(
                NoteItem(
                    id=n.id,
                    at=n.at,
                    seq=n.seq,
                    author=n.author,
                    body=n.body,
                    created_at=n.created_at,
                )
                for n in notes
            ),
            timeline=self._timeline(kind_events, notes),
            agent_sections=tuple(found.sections),
            charts=self._charts(summary),
            plan=tuple(float(p) for p in s.plan),
        )

    # --- outcome ---------------------------------------------------------------------------

    def _outcome(self) -> str:
        s = self.state
        row = self.cursor.session
        info = row.import_info
        stopped = row.outcome == "interrupted" or abandoned(info)
        if stopped and not s.outcome:
            return "interrupted"  # an import stopped part-way, before the log said how
        if s.outcome:
            status = str(s.outcome["status"])
            return status if status in OUTCOMES else "unknown"
        if info is not None and info.get("state") == "complete":
            return "ended"  # the log read to its end said nothing of how the rollout ended
        if row.outcome in ("failed", "ended"):
            return str(row.outcome)  # a watch that never connected; an import marked ended
        # No outcome event: still running, unless every source said it has ended.
        done = [v for v in s.sources.values() if v.get("status") == "ended"]
        if s.sources and len(done) == len(s.sources):
            return "unknown"
        if row.outcome in OUTCOMES:
            return str(row.outcome)
        return "unknown"

    # --- stages ----------------------------------------------------------------------------

    def _stages(self, outcome: str, summary: Summary) -> tuple[Stage, ...]:
        """Each stage with how it ended, as the reducer decided it live (State's ``result``:
        passed, failed or rolled_back), so the console's stage bar and this report agree. A
        stage with no result is running (in progress) or the session ended with it (ended);
        one from a store written before results were recorded is judged here as it was then:
        passed when traffic moved on, failed when trouble showed in it, else rolled back."""
        stages = self.state.stages
        rollback_at = summary.rollback_started_at
        out = []
        for i, st in enumerate(stages):
            start, end = float(st["started_at"]), _num(st["ended_at"])
            last = i == len(stages) - 1
            status = st.get("result")
            if status is None and "result" not in st:  # recorded before results were
                moved_on = not last and (
                    rollback_at is None or float(stages[i + 1]["started_at"]) <= rollback_at
                )
                if moved_on or (last and outcome == "succeeded"):
                    status = "passed"
                elif last and (rollback_at is not None or outcome in ("rolled_back", "failed")):
                    trouble = self.problem_at is not None and self.problem_at >= start
                    status = "failed" if trouble or outcome == "failed" else "rolled_back"
            if status is None:
                status = "in_progress" if outcome == "in_progress" else "ended"
            out.append(
                Stage(
                    traffic_pct=float(st["traffic_pct"]),
                    started_at=start,
                    ended_at=end,
                    status=str(status),
                )
            )
        return tuple(out)

    # --- metrics ---------------------------------------------------------------------------

    def _metrics(self) -> list[MetricPeak]:
        """Peak (and low) of every metric and scope over all of its samples in the store."""
        thresholds = self.state.thresholds
        out = []
        for (name, scope), p in sorted(self.found.peaks.items()):
            limit = thresholds.get(name)
            out.append(
                MetricPeak(
                    metric=str(name),
                    scope=str(scope),
                    peak=p.peak,
                    peak_at=p.peak_at,
                    low=p.low,
                    samples=p.samples,
                    threshold=_num(limit["value"]) if limit else None,
                    slo=bool(limit["slo"]) if limit else None,
                )
            )
        return out

    @staticmethod
    def _peak(metrics: list[MetricPeak], name: str) -> float | None:
        return next((m.peak for m in metrics if m.metric == name and m.scope == ""), None)

    # --- detection, rollback, impact ---------------------------------------------------------

    def _signals(self, kind_events: list[tuple[int, ev.Event]]) -> list[tuple[float, str, bool]]:
        """(time, what, is_warning) of every sign of trouble, in time order: the console's
        findings about a metric, SLO violations, rollbacks, and the agent's own warning and
        error lines. A finding about no metric (a gate that waited) is a reminder, not a sign."""
        out: list[tuple[float, str, bool]] = []
        for _seq, e in kind_events:
            if isinstance(e, ev.Finding) and e.severity == "critical":
                out.append((e.ts, label(e), False))
            elif isinstance(e, ev.Finding) and e.severity == "warning" and e.metric:
                out.append((e.ts, label(e), True))
            elif isinstance(e, ev.SloViolation):
                out.append((e.ts, label(e), False))
            else:
                continue
            if self.problem_at is None or e.ts < self.problem_at:
                self.problem_at = e.ts
        for _seq, e in kind_events:
            if isinstance(e, ev.RollbackStarted) or (
                isinstance(e, ev.DecisionRequested) and e.decision == "rollback"
            ):
                out.append((e.ts, label(e), False))
        for level, warning in (("warning", True), ("error", False)):
            logs = self.found.first_logs[level]
            out += [(ts, text, warning) for ts, text in logs]
            if logs and (self.problem_at is None or logs[0][0] < self.problem_at):
                self.problem_at = logs[0][0]
        out.sort(key=lambda x: x[0])
        return out

    def _summary(self, kind_events: list[tuple[int, ev.Event]], outcome: str) -> Summary:
        s = self.state
        rollback_at: float | None = s.rollback["started_at"] if s.rollback else None
        found = self.found
        impact_start, impact_end = found.impact_start, found.impact_end
        impact_metric = found.impact_metric
        signals = self._signals(kind_events)
        if impact_start is not None and (self.problem_at is None or impact_start < self.problem_at):
            self.problem_at = impact_start
        onset = impact_start
        if onset is None:
            # No breach measured: the incident began with the stage of its first real sign.
            first_alarm = next((ts for ts, _w, warn in signals if not warn), None)
            if first_alarm is not None:
                onset = self._stage_start_before(first_alarm)
        detected_at: float | None = None
        detected_by: str | None = None
        warn_at: float | None = None
        if onset is not None:
            after = [x for x in signals if x[0] >= onset]
            if after:
                detected_at, detected_by = after[0][0], after[0][1]
            # An early warning: a warning sign in the incident's stage, before detection.
            stage_start = self._stage_start_before(onset) or onset
            warn_at = next(
                (ts for ts, _w, warn in signals if warn and stage_start <= ts < onset), None
            )
        rollback_done = self._rollback_done(rollback_at)
        if impact_end is None and rollback_done is not None and impact_start is not None:
            impact_end = rollback_done  # traffic back on blue ends the impact on green users
        self.derived = []
        if impact_start is not None:
            self.derived.append(
                TimelineItem(impact_start, None, "impact", f"{impact_metric} over its threshold")
            )
        if detected_at is not None and detected_by is not None:
            self.derived.append(TimelineItem(detected_at, None, "detected", detected_by))
        if rollback_done is not None and rollback_at is not None:
            self.derived.append(
                TimelineItem(rollback_done, None, "rollback_done", "traffic back on blue")
            )
        if impact_end is not None:
            self.derived.append(
                TimelineItem(impact_end, None, "recovered", "metrics back under thresholds")
            )
        stated = s.outcome or {}
        return Summary(
            service=_opt(s.info.get("service") or self.cursor.session.service),
            version=_opt(s.info.get("version") or self.cursor.session.version),
            attempt=_opt(s.info.get("attempt")),
            outcome=outcome,
            onset_at=onset,
            first_warning_at=warn_at,
            detected_at=detected_at,
            detected_by=detected_by,
            rollback_started_at=rollback_at,
            rollback_completed_at=rollback_done,
            impact_started_at=impact_start,
            impact_ended_at=impact_end,
            impact_metric=impact_metric,
            agent_time_to_detect=stated.get("time_to_detect"),
            agent_time_to_rollback=stated.get("time_to_rollback"),
            agent_customer_impact=stated.get("customer_impact"),
            duration_s=None if not self.cursor.total else self.cursor.duration,
        )

    def _rollback_done(self, rollback_at: float | None) -> float | None:
        """Traffic back at 0 % green after the rollback began, else a rolled_back outcome."""
        s = self.state
        if rollback_at is not None:
            for _seq, e in self.found.markers:
                if isinstance(e, ev.TrafficSplit) and e.ts >= rollback_at and e.green_pct == 0:
                    return e.ts
        if s.outcome and s.outcome["status"] == "rolled_back":
            return float(s.outcome["at"])
        return None

    def _stage_start_before(self, ts: float) -> float | None:
        start = None
        for st in self.state.stages:
            if st["started_at"] <= ts:
                start = float(st["started_at"])
        return start

    # --- charts ------------------------------------------------------------------------------

    def _charts(self, summary: Summary) -> tuple[Chart, ...]:
        start, end = self.cursor.start_ts, self.cursor.last_ts
        if start is None or end is None or end <= start:
            return ()
        shade = None
        if summary.impact_started_at is not None:
            shade = (summary.impact_started_at, summary.impact_ended_at or end)
        charts = []
        lines: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for (metric, scope, _b), point in sorted(self.found.buckets.items()):
            lines.setdefault((metric, scope), []).append(point)
        for name, title, unit, metrics in CHARTS:
            chosen = sorted(
                (metrics.index(m), sc, m, p) for (m, sc), p in lines.items() if m in metrics
            )
            series = tuple(Series(metric=m, scope=sc, points=tuple(p)) for _i, sc, m, p in chosen)
            if series:
                charts.append(
                    Chart(
                        name=name,
                        title=title,
                        unit=unit,
                        series=series,
                        shade=shade,
                        span=(start, end),
                    )
                )
        traffic = [
            (e.ts, float(e.green_pct))
            for _s, e in self.found.markers
            if isinstance(e, ev.TrafficSplit) and e.green_pct is not None
        ]
        if len(traffic) > 2 * CHART_BUCKETS:
            # Many rollouts in one session: the highest split of each span, as for metrics.
            first, width = traffic[0][0], (end - traffic[0][0]) / CHART_BUCKETS or 1.0
            spans: dict[int, tuple[float, float]] = {}
            for ts, pct in traffic:
                b = int((ts - first) / width)
                if b not in spans or pct > spans[b][1]:
                    spans[b] = (spans[b][0] if b in spans else ts, pct)
            traffic = [spans[b] for b in sorted(spans)]
        if traffic:
            # A step line: the split holds until the next change, and to the session's end.
            points: list[tuple[float, float]] = []
            for ts, pct in traffic:
                if points:
                    points.append((ts, points[-1][1]))
                points.append((ts, pct))
            done = summary.rollback_completed_at
            if done is not None and points[-1][1] != 0 and done >= points[-1][0]:
                # Rolled back is green at 0 %, whether or not the log stated the split.
                points += [(done, points[-1][1]), (done, 0.0)]
            points.append((end, points[-1][1]))
            charts.append(
                Chart(
                    name="traffic",
                    title="Traffic on green",
                    unit="%",
                    series=(Series(metric="green_pct", scope="green", points=tuple(points)),),
                    shade=shade,
                    span=(start, end),
                )
            )
        return tuple(charts)

    # --- decisions, findings, timeline -------------------------------------------------------

    def _decisions(self, kind_events: list[tuple[int, ev.Event]]) -> tuple[Decision, ...]:
        """Decisions sent from a console, and gate closures decided elsewhere."""
        out = [
            Decision(
                at=float(d["at"]),
                decision=str(d["decision"]),
                operator=d["operator"],
                result=str(d["result"]),
                reason=d["reason"],
                gate_id=d["gate_id"],
                origin=d["origin"],
                via=d["via"],
                result_at=_num(d["result_at"]),
                detail=d["detail"] or None,
            )
            for d in self.state.decisions
        ]
        seen = {(d["gate_id"], d["decision"]) for d in self.state.decisions}
        for _seq, e in kind_events:
            if isinstance(e, ev.GateClosed) and (e.gate_id, e.decision) not in seen:
                out.append(
                    Decision(
                        at=e.ts,
                        decision=e.decision,
                        operator=e.operator,
                        result="accepted",  # the agent reports only decisions it applied
                        reason=e.reason,
                        gate_id=e.gate_id,
                        origin=e.source or "agent",
                        via=None,
                        result_at=e.ts,
                        detail=None,
                    )
                )
        out.sort(key=lambda d: d.at)
        return tuple(out)

    def _findings(self, kind_events: list[tuple[int, ev.Event]]) -> tuple[FindingItem, ...]:
        """Every Finding in the store (State keeps only the latest 200), in time order, with
        when it was resolved as the reducer saw it (for those State still holds)."""
        resolved = {
            (float(f["at"]), f["code"], f["message"]): (f["resolved_at"], f.get("resolution"))
            for f in self.state.findings
            if f.get("resolved_at") is not None
        }
        out = []
        for seq, e in kind_events:
            if not isinstance(e, ev.Finding):
                continue
            at, why = resolved.get((e.ts, e.code, e.message), (None, None))
            out.append(
                FindingItem(
                    at=e.ts,
                    seq=seq,
                    code=e.code,
                    severity=e.severity,
                    message=e.message,
                    metric=e.metric,
                    data=dict(e.data) if e.data else None,
                    resolved_at=_num(at),
                    resolution=why,
                )
            )
        return tuple(out)

    def _timeline(
        self, kind_events: list[tuple[int, ev.Event]], notes: list[Note]
    ) -> tuple[TimelineItem, ...]:
        items: list[tuple[float, int, TimelineItem]] = []
        outcomes: set[str] = set()
        for seq, e in kind_events:
            if isinstance(e, ev.SessionInfo | ev.Threshold):
                continue  # in the summary already; every gate-window restatement is noise
            if isinstance(e, ev.Outcome):
                if e.status in outcomes:
                    continue  # the log says it twice (final entry and the STATUS summary)
                outcomes.add(e.status)
            items.append((e.ts, seq, _item(seq, e)))
        for seq, e in self.found.logs:
            items.append((e.ts, seq, _item(seq, e)))
        for d in self.derived:
            items.append((d.at, -1, d))
        for n in notes:
            # A note sorts after the event it is pinned to (or after everything at its time).
            item = TimelineItem(n.at, n.seq, "note", n.body, who=n.author or None)
            items.append((n.at, n.seq if n.seq is not None else 1 << 62, item))
        items.sort(key=lambda x: (x[0], x[1]))
        return tuple(item for _ts, _seq, item in items)


def _item(seq: int, e: ev.Event) -> TimelineItem:
    who = None
    why = None
    text = label(e)
    match e:
        case ev.DecisionRequested():
            # who and why are their own fields here, so the text doesn't repeat them
            who, why = e.operator, e.reason
            text = f"{e.decision} requested" + (f" at gate {e.gate_id}" if e.gate_id else "")
        case ev.GateClosed():
            who, why = e.operator, e.reason
            text = f"gate {e.gate_id} closed: {e.decision}"
    result = e.result if isinstance(e, ev.DecisionResult) else None
    return TimelineItem(e.ts, seq, e.kind, text, who=who, why=why or None, result=result)


def _import_info(info: dict[str, Any] | None) -> dict[str, Any] | None:
    if info is not None and abandoned(info):
        info = {**info, "state": "interrupted", "cause": "the import's processes stopped"}
    if info is not None:
        info = {k: v for k, v in info.items() if k not in ("writer_pid", "host")}
    return info
