"""The postmortem: what happened in a recorded session, as Markdown for people and JSON for
tools (schema in docs/export-schema.md).

Everything comes from the store: the final State (through the replay cursor, i.e. the same
reducer the live console used) for stages, gates and decisions, and the events themselves for
what State keeps only a window of (metric peaks over every sample, every finding). A value
that was never seen is None/null, never a made-up zero.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from console import events as ev
from console.errors import ExportError
from console.state import DEFAULT_THRESHOLDS, State
from console.store.catalog import open_store, store_errors
from console.store.notes import Note, list_notes
from console.store.replay import ReplayCursor, label, level_sql
from console.timefmt import duration, iso

FORMAT_VERSION = 1
OUTCOMES = ("succeeded", "rolled_back", "failed", "in_progress", "unknown")
PEAK_METRICS = (
    ev.LATENCY_AVG,
    ev.LATENCY_P95,
    ev.LATENCY_P99,
    ev.ERROR_RATE,
    ev.DB_CONNECTIONS,
    ev.DB_CONNECTIONS_MAX,
)
# Scopes that count as "the service is hurting": the whole service and the new colour.
IMPACT_SCOPES = ("", "green")
TIMELINE_KINDS = (
    "session_info", "stage", "gate_opened", "gate_closed", "decision", "decision_result",
    "rollback", "outcome", "slo_violation", "finding", "deployment", "config_change",
    "threshold",
)  # fmt: skip
MAX_TIMELINE_LOGS = 200  # agent warnings/errors listed in the timeline; the rest are counted


# Every metric sample of the session as rows, whether stored one per event ("metric"), as
# a block's batch ("metrics") or with the log line that stated them ("log" rows' samples);
# ``sub`` orders the samples of one row. json_valid: a log row written before NaN became
# null (``{"ratio":NaN}``) is not JSON to SQLite, and must not sink the report. ``?1`` is the
# session id (``_rows`` passes it first).
_SAMPLES = (
    "WITH samples(seq, sub, ts, name, scope, value) AS ("
    "SELECT seq, 0, ts, json_extract(data, '$.name'), "
    "coalesce(json_extract(data, '$.scope'), ''), json_extract(data, '$.value') "
    "FROM events WHERE session_id = ?1 AND kind = 'metric' "
    "UNION ALL SELECT e.seq, j.key, e.ts, json_extract(j.value, '$[0]'), "
    "coalesce(json_extract(j.value, '$[2]'), ''), json_extract(j.value, '$[1]') "
    "FROM (SELECT seq, ts, data FROM events WHERE session_id = ?1 "
    "AND kind IN ('metrics', 'log') AND json_valid(data)) AS e, "
    "json_each(e.data, '$.samples') AS j) "
)


def _when(text: str | None) -> float:
    """Sort key for an ISO time (string order breaks on fractions: "00.5Z" < "00Z")."""
    return datetime.fromisoformat(text).timestamp() if text else float("-inf")


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def build_report(db: sqlite_utils.Database | Path | str, session_id: str) -> dict[str, Any]:
    """Everything the postmortem says about one session, JSON-ready (times ISO with zone)."""
    with ReplayCursor(db, session_id) as cursor, store_errors(cursor.path):
        state = cursor.state_at(cursor.total)
        return _Builder(cursor, state).build()


class _Builder:
    def __init__(self, cursor: ReplayCursor, state: State) -> None:
        self.cursor = cursor
        self.conn = cursor.conn
        self.sid = cursor.session_id
        self.state = state
        self.derived: list[tuple[float, str, str]] = []  # (ts, kind, text), set by _figures
        self._problems: list[tuple[int, float, str]] | None = None

    def _rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return list(self.conn.execute(sql, (self.sid, *params)).fetchall())

    def _events(self, kinds: tuple[str, ...]) -> list[tuple[int, ev.Event]]:
        marks = ",".join("?" * len(kinds))
        rows = self._rows(
            "SELECT seq, ts, kind, source, data, text FROM events WHERE session_id = ? "
            f"AND kind IN ({marks}) ORDER BY seq",
            *kinds,
        )
        return [(r[0], ev.from_record(r[1], r[2], r[3] or "", r[4], r[5])) for r in rows]

    def build(self) -> dict[str, Any]:
        s = self.state
        row = self.cursor.session
        info = s.info
        kind_events = self._events(TIMELINE_KINDS)
        outcome = self._outcome()
        ended = s.outcome["at"] if s.outcome else None
        if ended is None and outcome != "in_progress":
            ended = self.cursor.last_ts
        metrics = self._metrics()
        figures = self._figures(kind_events, metrics)
        stored_notes = list_notes(self.cursor.db, self.sid)
        notes = [
            {
                "id": n.id,
                "at": iso(n.at),
                "seq": n.seq,
                "author": n.author,
                "body": n.body,
                "created_at": iso(n.created_at),
            }
            for n in stored_notes
        ]
        counts = self._counts()
        return {
            "format": "opsconsole-postmortem",
            "format_version": FORMAT_VERSION,
            "session": {
                "id": self.sid,
                "name": info.get("name") or row.name,
                "service": info.get("service") or row.service,
                "version": info.get("version") or row.version,
                "agent": info.get("agent"),
                "task": info.get("task"),
                "attempt": info.get("attempt"),
                "previous_attempt": info.get("previous_attempt"),
                "agent_session_id": info.get("agent_session_id"),
                "source": row.source or None,
                "started_at": iso(s.started_at if s.started_at is not None else row.started_at),
                "ended_at": iso(ended),
                "events": self.cursor.total,
            },
            "outcome": outcome,
            "outcome_detail": (s.outcome or {}).get("detail") or None,
            "summary": figures,
            "stages": [
                {
                    "traffic_pct": st["traffic_pct"],
                    "started_at": iso(st["started_at"]),
                    "ended_at": iso(st["ended_at"]),
                    "seconds": None
                    if st["ended_at"] is None
                    else round(st["ended_at"] - st["started_at"], 3),
                }
                for st in s.stages
            ],
            "peaks": {name: self._peak(metrics, name) for name in PEAK_METRICS},
            "metrics": metrics,
            "decisions": self._decisions(kind_events),
            "gates": [
                {
                    "gate_id": g["gate_id"],
                    "stage_pct": g["stage_pct"],
                    "opened_at": iso(g["opened_at"]),
                    "closed_at": iso(g["closed_at"]),
                    "decision": g["decision"],
                    "operator": g["operator"],
                }
                for g in s.gates
            ],
            "findings": self._findings(),
            "slo_violations": [
                {
                    "at": iso(v["at"]),
                    "metric": v["metric"],
                    "value": v["value"],
                    "threshold": v["threshold"],
                    "message": v["message"] or None,
                }
                for v in s.slo_violations
            ],
            "changes": [
                {
                    "at": iso(d["at"]),
                    "kind": "deployment",
                    **{k: v for k, v in d.items() if k != "at"},
                }
                for d in s.deployments
            ]
            + [
                {
                    "at": iso(c["at"]),
                    "kind": "config_change",
                    **{k: v for k, v in c.items() if k != "at"},
                }
                for c in s.config_changes
            ],
            "counts": counts,
            "notes": notes,
            "timeline": self._timeline(kind_events, stored_notes),
        }

    # --- outcome ---------------------------------------------------------------------------

    def _outcome(self) -> str:
        s = self.state
        if s.outcome:
            status = str(s.outcome["status"])
            return status if status in OUTCOMES else "unknown"
        # No outcome event: still running, unless every source said it has ended.
        ended = [v for v in s.sources.values() if v.get("status") == "ended"]
        if s.sources and len(ended) == len(s.sources):
            return "unknown"
        if self.cursor.session.outcome in OUTCOMES:
            return str(self.cursor.session.outcome)
        return "unknown"

    # --- metrics ---------------------------------------------------------------------------

    def _metrics(self) -> list[dict[str, Any]]:
        """Peak (and low) of every metric and scope over all of its samples in the store."""
        # SQLite returns the bare columns (ts) from the row holding max(); a second pass
        # gets the min. Both use the (session_id, kind, seq) index.
        rows = self._rows(
            _SAMPLES + "SELECT name, scope, max(value) AS peak, ts, count(*) FROM samples "
            "WHERE value IS NOT NULL GROUP BY name, scope"
        )
        lows = {
            (r[0], r[1]): r[2]
            for r in self._rows(
                _SAMPLES + "SELECT name, scope, min(value) FROM samples GROUP BY name, scope"
            )
        }
        thresholds = self.state.thresholds
        out = []
        for name, scope, peak, at, count in sorted(rows, key=lambda r: (r[0], r[1])):
            limit = thresholds.get(name)
            value = _num(limit["value"]) if limit else None
            out.append(
                {
                    "metric": name,
                    "scope": scope,
                    "peak": _num(peak),
                    "peak_at": iso(at),
                    "low": _num(lows.get((name, scope))),
                    "samples": count,
                    "threshold": value,
                    "slo": bool(limit["slo"]) if limit else None,
                    "breached": None if value is None or peak is None else float(peak) > value,
                }
            )
        return out

    @staticmethod
    def _peak(metrics: list[dict[str, Any]], name: str) -> float | None:
        for m in metrics:
            if m["metric"] == name and m["scope"] == "":
                return m["peak"]
        return None

    # --- detection, rollback, impact ---------------------------------------------------------

    def _impact(self) -> tuple[float | None, float | None, str | None]:
        """First sample over its threshold, the first one back under after the last breach
        (None while still breaching), and the metric that breached first.

        Judged against the thresholds in force at each sample (agent Threshold events over
        the console defaults), for the whole service and green only.
        """
        limits = self._events(("threshold",))
        names = set(DEFAULT_THRESHOLDS) | {
            e.metric for _s, e in limits if isinstance(e, ev.Threshold)
        }
        marks = ",".join("?" * len(names))
        # Extract in SQL: a million-event session has far too many samples to rebuild events.
        samples = self._rows(
            _SAMPLES + "SELECT seq, ts, name, scope, value FROM samples "
            f"WHERE name IN ({marks}) AND scope IN ('', 'green') AND value IS NOT NULL "
            "ORDER BY seq, sub",
            *sorted(names),
        )
        changes = [(seq, e.metric, e.value) for seq, e in limits if isinstance(e, ev.Threshold)]
        thresholds = {k: float(v["value"]) for k, v in DEFAULT_THRESHOLDS.items()}
        start: float | None = None
        first_metric: str | None = None
        recovered: dict[str, float | None] = {}
        i = 0
        for seq, ts, name, scope, value in samples:
            while i < len(changes) and changes[i][0] < seq:
                thresholds[changes[i][1]] = changes[i][2]
                i += 1
            limit = thresholds.get(name)
            if limit is None:
                continue
            key = f"{name}@{scope}"
            if value > limit:
                if start is None:
                    start, first_metric = ts, name
                recovered[key] = None
            elif key in recovered and recovered[key] is None:
                recovered[key] = ts
        if start is None:
            return None, None, None
        ends = list(recovered.values())
        end = None if any(x is None for x in ends) else max(x for x in ends if x is not None)
        return start, end, first_metric

    def _figures(
        self, kind_events: list[tuple[int, ev.Event]], metrics: list[dict[str, Any]]
    ) -> dict[str, Any]:
        s = self.state
        warn_at: float | None = None
        detected_at: float | None = None
        detected_by: str | None = None
        rollback_at: float | None = s.rollback["started_at"] if s.rollback else None
        for _seq, e in kind_events:
            if isinstance(e, ev.Finding) and e.severity == "warning" and warn_at is None:
                warn_at = e.ts
            signal = None
            if (
                isinstance(e, ev.SloViolation | ev.RollbackStarted)
                or (isinstance(e, ev.Finding) and e.severity == "critical")
                or (isinstance(e, ev.DecisionRequested) and e.decision == "rollback")
            ):
                signal = label(e)
            if signal and detected_at is None:
                detected_at, detected_by = e.ts, signal
        first_agent_warning = self._first_agent_log(ev.WARNING_LEVELS)
        if first_agent_warning is not None and (warn_at is None or first_agent_warning < warn_at):
            warn_at = first_agent_warning
        first_error = self._first_agent_log(ev.ERROR_LEVELS)
        if first_error is not None and (detected_at is None or first_error < detected_at):
            detected_at, detected_by = first_error, "agent error log"
        if warn_at is not None and detected_at is not None and warn_at > detected_at:
            warn_at = None  # a warning after detection is not an early warning
        impact_start, impact_end, impact_metric = self._impact()
        rollback_done = self._rollback_done(rollback_at)
        if impact_end is None and rollback_done is not None and impact_start is not None:
            impact_end = rollback_done  # traffic back on blue ends the impact on green users
        # Moments the timeline shows although no single event says them.
        self.derived = []
        if impact_start is not None:
            self.derived.append((impact_start, "impact", f"{impact_metric} over its threshold"))
        if rollback_done is not None and rollback_at is not None:
            self.derived.append((rollback_done, "rollback_done", "traffic back on blue"))
        if impact_end is not None:
            self.derived.append((impact_end, "recovered", "metrics back under thresholds"))
        onset = impact_start
        if onset is None and detected_at is not None:
            onset = self._stage_start_before(detected_at)
        stated = s.outcome or {}
        ttd = None if onset is None or detected_at is None else max(0.0, detected_at - onset)
        ttr_from = detected_at if detected_at is not None else rollback_at
        ttr = None if ttr_from is None or rollback_done is None else rollback_done - ttr_from
        impact = None if impact_start is None or impact_end is None else impact_end - impact_start
        return {
            "service": s.info.get("service") or self.cursor.session.service,
            "version": s.info.get("version") or self.cursor.session.version,
            "attempt": s.info.get("attempt"),
            "outcome": self._outcome(),
            "onset_at": iso(onset),
            "first_warning_at": iso(warn_at),
            "detected_at": iso(detected_at),
            "detected_by": detected_by,
            "time_to_detect_s": None if ttd is None else round(ttd, 3),
            "early_warning_lead_s": None
            if warn_at is None or detected_at is None
            else round(detected_at - warn_at, 3),
            "rollback_started_at": iso(rollback_at),
            "rollback_completed_at": iso(rollback_done),
            "time_to_rollback_s": None if ttr is None else round(ttr, 3),
            "impact_started_at": iso(impact_start),
            "impact_ended_at": iso(impact_end),
            "impact_seconds": None if impact is None else round(impact, 3),
            "impact_metric": impact_metric,
            "agent_time_to_detect": stated.get("time_to_detect"),
            "agent_time_to_rollback": stated.get("time_to_rollback"),
            "agent_customer_impact": stated.get("customer_impact"),
            "duration_s": None if not self.cursor.total else round(self.cursor.duration, 3),
        }

    def _agent_problems(self) -> list[tuple[int, float, str]]:
        """(seq, ts, LEVEL) of the agent's own warning and error lines (one scan, cached)."""
        if self._problems is None:
            where, params = level_sql(ev.WARNING_LEVELS | ev.ERROR_LEVELS)
            rows = self._rows(
                "SELECT seq, ts, upper(json_extract(data, '$.level')) FROM events "
                f'WHERE session_id = ? AND {where} AND data LIKE \'%"fmt":"agent"%\' '
                "AND json_extract(data, '$.fmt') = 'agent' ORDER BY seq",
                *params,
            )
            self._problems = [(int(s), float(t), str(lv)) for s, t, lv in rows]
        return self._problems

    def _first_agent_log(self, levels: frozenset[str]) -> float | None:
        return next((ts for _s, ts, lv in self._agent_problems() if lv in levels), None)

    def _rollback_done(self, rollback_at: float | None) -> float | None:
        """Traffic back at 0 % green after the rollback began, else a rolled_back outcome."""
        s = self.state
        if rollback_at is not None:
            for _seq, e in self._events(("traffic",)):
                if isinstance(e, ev.TrafficSplit) and e.ts >= rollback_at and e.green_pct == 0:
                    return e.ts
        if s.outcome and s.outcome["status"] == "rolled_back":
            return float(s.outcome["at"])
        return None

    def _stage_start_before(self, ts: float) -> float | None:
        start = None
        for st in self.state.stages:
            if st["started_at"] <= ts:
                start = st["started_at"]
        return start

    # --- decisions, findings, timeline -------------------------------------------------------

    def _decisions(self, kind_events: list[tuple[int, ev.Event]]) -> list[dict[str, Any]]:
        """Decisions sent from a console, and gate closures decided elsewhere."""
        out = [
            {
                "at": iso(d["at"]),
                "decision": d["decision"],
                "operator": d["operator"],
                "result": d["result"],
                "reason": d["reason"],
                "gate_id": d["gate_id"],
                "origin": d["origin"],
                "via": d["via"],
                "result_at": iso(d["result_at"]),
                "detail": d["detail"] or None,
            }
            for d in self.state.decisions
        ]
        seen = {(d["gate_id"], d["decision"]) for d in self.state.decisions}
        for _seq, e in kind_events:
            if isinstance(e, ev.GateClosed) and (e.gate_id, e.decision) not in seen:
                out.append(
                    {
                        "at": iso(e.ts),
                        "decision": e.decision,
                        "operator": e.operator,
                        "result": "accepted",  # the agent reports only decisions it applied
                        "reason": e.reason,
                        "gate_id": e.gate_id,
                        "origin": e.source or "agent",
                        "via": None,
                        "result_at": iso(e.ts),
                        "detail": None,
                    }
                )
        out.sort(key=lambda d: _when(d["at"]))
        return out

    def _findings(self) -> list[dict[str, Any]]:
        """Every Finding in the store (State keeps only the latest 200), in time order."""
        return [
            {
                "at": iso(e.ts),
                "seq": seq,
                "code": e.code,
                "severity": e.severity,
                "message": e.message,
                "metric": e.metric,
                "data": dict(e.data) if e.data else None,
            }
            for seq, e in self._events(("finding",))
            if isinstance(e, ev.Finding)
        ]

    def _counts(self) -> dict[str, int]:
        s = self.state
        return {
            "events": self.cursor.total,
            "log_lines": s.counts.get("log", 0),
            "warnings": s.counts.get("warning", 0),
            "errors": s.counts.get("error", 0),
        }

    def _timeline(
        self, kind_events: list[tuple[int, ev.Event]], notes: list[Note]
    ) -> list[dict[str, Any]]:
        items: list[tuple[float, int, dict[str, Any]]] = []
        outcomes: set[str] = set()
        for seq, e in kind_events:
            if isinstance(e, ev.SessionInfo | ev.Threshold):
                continue  # in the summary already; every gate-window restatement is noise
            if isinstance(e, ev.Outcome):
                if e.status in outcomes:
                    continue  # the log says it twice (final entry and the STATUS summary)
                outcomes.add(e.status)
            items.append((e.ts, seq, self._item(seq, e)))
        shown = [seq for seq, _ts, _lv in self._agent_problems()[:MAX_TIMELINE_LOGS]]
        rows = self._rows(
            "SELECT seq, ts, kind, source, data, text FROM events WHERE session_id = ? "
            f"AND seq IN ({','.join('?' * len(shown))}) ORDER BY seq",
            *shown,
        )
        for r in rows:
            e = ev.from_record(r[1], r[2], r[3] or "", r[4], r[5])
            items.append((e.ts, r[0], self._item(r[0], e)))
        for at, kind, text in self.derived:
            items.append((at, -1, {"at": iso(at), "seq": None, "kind": kind, "text": text}))
        for n in notes:
            item = {"at": iso(n.at), "seq": n.seq, "kind": "note", "text": n.body}
            if n.author:
                item["who"] = n.author
            # A note sorts after the event it is pinned to (or after everything at its time).
            items.append((n.at, n.seq if n.seq is not None else 1 << 62, item))
        items.sort(key=lambda x: (x[0], x[1]))
        return [item for _ts, _seq, item in items]

    @staticmethod
    def _item(seq: int, e: ev.Event) -> dict[str, Any]:
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
        item: dict[str, Any] = {"at": iso(e.ts), "seq": seq, "kind": e.kind, "text": text}
        if who is not None:
            item["who"] = who
        if why:
            item["why"] = why
        if isinstance(e, ev.DecisionResult):
            item["result"] = e.result
        return item


# --- rendering ---------------------------------------------------------------------------


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{text}{unit}" if unit else text


_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|#]|(?<!\w)_|_(?!\w))")


def _md(text: Any) -> str:
    """Log text is data: keep it from turning into Markdown structure (tables, links, HTML).

    Underscores inside words (``rolled_back``) can't start emphasis, so they stay readable.
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def _code(name: str) -> str:
    return f"`{name}`" if "`" not in name and "\n" not in name else _md(name)


_TAGS = {
    "stage": "stage", "gate_opened": "gate", "gate_closed": "gate", "decision": "decision",
    "decision_result": "result", "rollback": "rollback", "outcome": "outcome",
    "slo_violation": "SLO", "finding": "finding", "deployment": "deploy",
    "config_change": "config", "log": "log", "note": "NOTE", "impact": "IMPACT",
    "rollback_done": "rollback", "recovered": "recovered",
}  # fmt: skip


_UNITS = {
    ev.LATENCY_AVG: " ms",
    ev.LATENCY_P95: " ms",
    ev.LATENCY_P99: " ms",
    ev.DB_QUERY_MS: " ms",
    ev.ERROR_RATE: " %",
    ev.TIMEOUT_RATE: " %",
    ev.DB_CPU: " %",
    ev.CPU: " %",
    ev.MEMORY: " %",
    ev.REQUEST_RATE: " req/s",
}


def render_markdown(report: dict[str, Any]) -> str:
    s = report["session"]
    f = report["summary"]
    lines: list[str] = []
    title = " ".join(x for x in (s["service"], s["version"]) if x) or s["name"] or s["id"]
    lines += [f"# Postmortem: {_md(title)}", ""]
    lines += ["## Summary", ""]
    rows = [
        ("Session", f"{s['id']}" + (f" ({s['name']})" if s["name"] else "")),
        ("Service", s["service"]),
        ("Version", s["version"]),
        ("Attempt", s["attempt"]),
        ("Outcome", report["outcome"]),
        ("Started", s["started_at"]),
        ("Ended", s["ended_at"]),
        ("Time to detect", _duration_line(f["time_to_detect_s"], f["agent_time_to_detect"])),
        ("Time to roll back", _duration_line(f["time_to_rollback_s"], f["agent_time_to_rollback"])),
        ("Impact window", _impact_line(f)),
        ("Detected by", _shorten(f["detected_by"])),
        ("Early warning", _early_line(f)),
    ]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {k} | {_md(v) if v is not None else 'n/a'} |" for k, v in rows]
    if report.get("outcome_detail"):
        lines += ["", f"Outcome detail: {_md(report['outcome_detail'])}"]
    lines.append("")

    lines += ["## Stages", ""]
    if report["stages"]:
        lines += ["| Traffic on green | Started | Ended | Duration |", "|---|---|---|---|"]
        for st in report["stages"]:
            lines.append(
                f"| {_fmt(st['traffic_pct'])} % | {st['started_at']} | "
                f"{st['ended_at'] or 'n/a'} | {duration(st['seconds']) or 'n/a'} |"
            )
    else:
        lines.append("No traffic stage was recorded.")
    lines.append("")

    lines += ["## Gates and decisions", ""]
    if report["decisions"]:
        lines += ["| When | Decision | Who | Why | Gate | Result |", "|---|---|---|---|---|---|"]
        for d in report["decisions"]:
            lines.append(
                f"| {d['at']} | {_md(d['decision'])} | {_md(d['operator'] or 'n/a')} | "
                f"{_md(d['reason'] or 'n/a')} | {_md(d['gate_id'] or '(no gate)')} | "
                f"{_md(d['result'])} |"
            )
    else:
        lines.append("No gate decision was recorded.")
    lines.append("")

    lines += ["## Metric peaks", ""]
    if report["metrics"]:
        lines += [
            "| Metric | Scope | Peak | At | Threshold | Breached |",
            "|---|---|---|---|---|---|",
        ]
        for m in report["metrics"]:
            unit = _UNITS.get(m["metric"], "")
            limit = "n/a" if m["threshold"] is None else _fmt(m["threshold"], unit)
            if m["slo"]:
                limit += " (SLO)"
            breached = {None: "n/a", True: "YES", False: "no"}[m["breached"]]
            lines.append(
                f"| {_code(m['metric'])} | {_md(m['scope'] or 'total')} | "
                f"{_fmt(m['peak'], unit)} | {m['peak_at']} | {limit} | {breached} |"
            )
    else:
        lines.append("No metric sample was recorded.")
    lines.append("")

    lines += ["## Timeline", ""]
    if report["timeline"]:
        for item in report["timeline"]:
            extra = ""
            if item.get("who"):
                extra += f" (by {_md(item['who'])})"
            if item.get("why"):
                extra += f": {_md(item['why'])}"
            tag = _TAGS.get(item["kind"], item["kind"])
            lines.append(f"- {item['at']} **{_md(tag)}** {_md(item['text'])}{extra}")
    else:
        lines.append("Nothing was recorded.")
    lines.append("")

    lines += ["## Findings", ""]
    findings = report["findings"]
    if findings or report["slo_violations"]:
        entries = [
            (
                v["at"] or "",
                f"- {v['at']} **SLO violation** {_md(v['metric'])}: "
                f"{_fmt(v['value'])} over {_fmt(v['threshold'])}"
                + (f" ({_md(v['message'])})" if v["message"] else ""),
            )
            for v in report["slo_violations"]
        ]
        entries += [
            (fd["at"] or "", f"- {fd['at']} **{_md(fd['severity'])}** {_md(fd['message'])}")
            for fd in findings
        ]
        lines += [text for _at, text in sorted(entries, key=lambda x: _when(x[0]))]
    else:
        lines.append("No findings.")
    lines.append("")

    lines += ["## Reviewer notes", ""]
    if report["notes"]:
        for n in report["notes"]:
            who = _md(n["author"]) if n["author"] else "unknown"
            lines.append(f"- {n['at']} ({who}): {_md(n['body'])}")
    else:
        lines.append("No notes.")
    lines.append("")
    c = report["counts"]
    lines.append(
        f"_{c['events']} events, {c['log_lines']} log lines, {c['warnings']} warnings, "
        f"{c['errors']} errors. Generated by opsconsole from the session store._"
    )
    return "\n".join(lines) + "\n"


def _shorten(text: str | None, limit: int = 160) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _duration_line(seconds: float | None, stated: str | None) -> str | None:
    text = duration(seconds)
    if stated:
        return f"{text} (agent: {stated})" if text else f"n/a (agent: {stated})"
    return text


def _impact_line(f: dict[str, Any]) -> str | None:
    start, end = f["impact_started_at"], f["impact_ended_at"]
    if start is None:
        return f"n/a (agent: {f['agent_customer_impact']})" if f["agent_customer_impact"] else None
    span = f"{start} to {end or 'still ongoing at the end of the session'}"
    if f["impact_seconds"] is not None:
        span += f" ({duration(f['impact_seconds'])}"
        span += f", {f['impact_metric']} over threshold)" if f["impact_metric"] else ")"
    return span


def _early_line(f: dict[str, Any]) -> str | None:
    if f["first_warning_at"] is None:
        return None
    lead = duration(f["early_warning_lead_s"])
    return f"{f['first_warning_at']}" + (f" ({lead} before detection)" if lead else "")


# --- export ------------------------------------------------------------------------------


def export_session(db_path: Path | str, session_id: str, fmt: str, out: Path | None = None) -> str:
    """Render the postmortem as ``md`` or ``json``; write it to ``out`` (mode 0600) if given."""
    fmt = fmt.lower()
    renderers = {"md": render_markdown, "markdown": render_markdown, "json": render_json}
    if fmt not in renderers:
        raise ExportError(f"unknown export format {fmt!r}; use md or json")
    db = open_store(db_path)
    try:
        text = renderers[fmt](build_report(db, session_id))
    finally:
        db.conn.close()
    if out is not None:
        write_private(Path(out), text)
    return text


def write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only (reports can quote secrets from logs)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o600)  # an existing file keeps its mode otherwise
            fh.write(text)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from None
