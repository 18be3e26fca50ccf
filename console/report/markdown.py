"""The postmortem as Markdown for a reviewer (a ``Report`` from console/report/build.py).

In the order a review reads it: summary, impact, timeline, decisions, detection, the agent's
analysis (root cause, contributing factors, remediation), the metrics that mattered, stages,
charts, findings and notes. Text from outside (log lines, operator reasons, the agent's
words) goes through ``textsafe.markdown``: it cannot open a table cell, a link or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console import events as ev
from console.report.model import STAGE_MARKS, MetricPeak, Report, Summary
from console.store.catalog import interrupted_text
from console.textsafe import markdown, markdown_code
from console.timefmt import duration, iso

MAX_PEAK_ROWS = 10
MAX_LIST = 300  # timeline entries, findings and stage rows in Markdown; the JSON has all
# The metrics a reviewer looks at first, in this order; others appear only when a threshold,
# a finding or an SLO violation names them.
HEADLINE = (
    ev.LATENCY_P99, ev.LATENCY_P95, ev.LATENCY_AVG, ev.WORK_P99, ev.WORK_P95, ev.WORK_AVG,
    ev.ERROR_RATE, ev.TIMEOUT_RATE, ev.REQUEST_RATE, ev.DB_QUERY_MS, ev.DB_CPU,
    ev.DB_CONNECTIONS_PCT, ev.DB_CONNECTIONS,
)  # fmt: skip
# Lower is worse for these: a peak says nothing about the incident.
LOW_IS_BAD = frozenset({ev.POOL_AVAILABLE, ev.DB_CONNECTIONS_MAX, ev.POOL_SIZE})

_UNITS = {
    ev.LATENCY_AVG: " ms",
    ev.LATENCY_P95: " ms",
    ev.LATENCY_P99: " ms",
    ev.WORK_AVG: " ms",
    ev.WORK_P95: " ms",
    ev.WORK_P99: " ms",
    ev.DB_QUERY_MS: " ms",
    ev.ERROR_RATE: " %",
    ev.TIMEOUT_RATE: " %",
    ev.DB_CPU: " %",
    ev.DB_CONNECTIONS_PCT: " %",
    ev.CPU: " %",
    ev.MEMORY: " %",
    ev.REQUEST_RATE: " req/s",
}

_TAGS = {
    "stage": "stage", "gate_opened": "gate", "gate_closed": "gate", "decision": "decision",
    "decision_result": "result", "rollback": "rollback", "outcome": "outcome",
    "slo_violation": "SLO", "finding": "finding", "deployment": "deploy",
    "config_change": "config", "log": "log", "note": "NOTE", "impact": "IMPACT",
    "detected": "DETECTED", "rollback_done": "rollback", "recovered": "recovered",
}  # fmt: skip

_SECTIONS = (
    ("root_cause", "Root cause (the agent's analysis)"),
    ("contributing_factors", "Contributing factors"),
    ("remediation", "Remediation"),
    ("lessons", "Lessons learned"),
)


def _t(ts: float | None) -> str:
    return iso(ts) or "n/a"


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{text}{unit}" if unit else text


def peaks_that_mattered(report: Report) -> list[MetricPeak]:
    """A short table: the headline metrics and any a threshold, finding or SLO violation
    named, for the whole service (and green where a threshold judges it); never a metric
    whose peak is zero or one where lower is worse."""
    named = {f.metric for f in report.findings if f.metric}
    named |= {v.metric for v in report.slo_violations}
    if report.summary.impact_metric:
        named.add(report.summary.impact_metric)
    rows = []
    for m in report.metrics:
        if m.metric in LOW_IS_BAD or not m.peak:
            continue
        wanted = m.metric in HEADLINE or m.metric in named or m.threshold is not None
        if not wanted or m.scope not in ("", "green"):
            continue
        if m.scope == "green" and m.threshold is None and m.metric not in named:
            continue
        rows.append(m)
    order = {name: i for i, name in enumerate(HEADLINE)}
    rows.sort(key=lambda m: (not m.breached, order.get(m.metric, len(order)), m.metric, m.scope))
    return rows[:MAX_PEAK_ROWS]


def render_markdown(report: Report, charts: Mapping[str, str] | None = None) -> str:
    """``charts``: chart name -> the SVG file's name beside the Markdown, to link."""
    s = report.session
    f = report.summary
    lines: list[str] = []
    title = " ".join(x for x in (s.service, s.version) if x) or s.name or s.id
    lines += [f"# Postmortem: {markdown(title)}", ""]
    if report.stages:
        lines += [f"Stages: {markdown(report.stage_marks)} ({markdown(report.outcome)})", ""]

    lines += ["## Summary", "", markdown(_sentence(report, title)), ""]
    rows: list[tuple[str, Any]] = [
        ("Session", f"{s.id}" + (f" ({s.name})" if s.name else "")),
        ("Service", s.service),
        ("Version", s.version),
        ("Attempt", s.attempt),
        ("Outcome", report.outcome),
        ("Started", iso(s.started_at)),
        ("Ended", iso(s.ended_at)),
        ("Time to detect", _duration_line(f.time_to_detect_s, f.agent_time_to_detect)),
        ("Time to roll back", _duration_line(f.time_to_rollback_s, f.agent_time_to_rollback)),
        ("Impact window", _impact_line(f)),
        ("Customer impact (agent)", f.agent_customer_impact),
        ("Detected by", _shorten(f.detected_by)),
        ("Early warning", _early_line(f)),
    ]
    imported = s.import_info
    if imported and imported.get("state") == "interrupted":
        rows.insert(
            5, ("Import", f"INTERRUPTED {interrupted_text(dict(imported))}: partial session")
        )
    lines += ["| | |", "|---|---|"]
    lines += [f"| {k} | {markdown(v) if v is not None else 'n/a'} |" for k, v in rows]
    if report.outcome_detail:
        lines += ["", f"Outcome detail: {markdown(report.outcome_detail)}"]
    lines.append("")

    lines += ["## Impact", ""]
    stated = [item for sec in report.sections("impact") for item in sec.items]
    if f.agent_customer_impact and f.agent_customer_impact not in stated:
        stated.insert(0, f.agent_customer_impact)
    if stated:
        lines += [f"The agent: {markdown(text)}" + "  " for text in stated]
    else:
        lines.append("The agent said nothing of the customer impact.  ")
    measured = _impact_line(f)
    lines.append(
        f"Measured: {markdown(measured)}" if measured else "Measured: no metric over its threshold."
    )
    lines.append("")

    lines += ["## Timeline", ""]
    if report.timeline:
        for item in report.timeline[:MAX_LIST]:
            extra = ""
            if item.who:
                extra += f" (by {markdown(item.who)})"
            if item.why:
                extra += f": {markdown(item.why)}"
            tag = _TAGS.get(item.kind, item.kind)
            lines.append(f"- {_t(item.at)} **{markdown(tag)}** {markdown(item.text)}{extra}")
        lines += _more(len(report.timeline), "timeline entries")
    else:
        lines.append("Nothing was recorded.")
    lines.append("")

    lines += ["## Gates and decisions", ""]
    if report.decisions:
        lines += ["| When | Decision | Who | Why | Gate | Result |", "|---|---|---|---|---|---|"]
        for d in report.decisions:
            lines.append(
                f"| {_t(d.at)} | {markdown(d.decision)} | {markdown(d.operator or 'n/a')} | "
                f"{markdown(d.reason or 'n/a')} | {markdown(d.gate_id or '(no gate)')} | "
                f"{markdown(d.result)} |"
            )
    else:
        lines.append("No gate decision was recorded.")
    lines.append("")

    lines += ["## Detection", ""]
    lines.append(
        "Onset is the first sample over its threshold; detection is the first sign of the "
        "incident at or after it (a console finding about a metric, an SLO violation, an "
        "agent warning or error, a rollback)."
    )
    lines.append("")
    lines += ["| | |", "|---|---|"]
    for k, v in (
        ("Onset", iso(f.onset_at)),
        ("Detected", iso(f.detected_at)),
        ("Detected by", _shorten(f.detected_by)),
        ("Time to detect", _duration_line(f.time_to_detect_s, f.agent_time_to_detect)),
        ("Early warning", _early_line(f)),
    ):
        lines.append(f"| {k} | {markdown(v) if v is not None else 'n/a'} |")
    lines.append("")

    for kind, heading in _SECTIONS:
        sections = report.sections(kind)
        if not sections and kind in ("root_cause", "lessons"):
            continue
        lines += [f"## {heading}", ""]
        if not sections:
            lines += ["The agent's log states none.", ""]
            continue
        for sec in sections:
            if len(sections) > 1:
                lines.append(f"{markdown(sec.heading.title())}:")
            lines += [f"{i}. {markdown(item)}" for i, item in enumerate(sec.items, 1)]
            lines.append("")

    lines += ["## Metric peaks", ""]
    peaks = peaks_that_mattered(report)
    if peaks:
        lines += [
            "| Metric | Scope | Peak | At | Threshold | Breached |",
            "|---|---|---|---|---|---|",
        ]
        for m in peaks:
            unit = _UNITS.get(m.metric, "")
            limit = "n/a" if m.threshold is None else _fmt(m.threshold, unit)
            if m.slo:
                limit += " (SLO)"
            breached = {None: "n/a", True: "YES", False: "no"}[m.breached]
            lines.append(
                f"| {markdown_code(m.metric)} | {markdown(m.scope or 'total')} | "
                f"{_fmt(m.peak, unit)} | {_t(m.peak_at)} | {limit} | {breached} |"
            )
        hidden = len(report.metrics) - len(peaks)
        if hidden > 0:
            lines += ["", f"{hidden} more metric series are in the JSON export (`metrics`)."]
    else:
        lines.append("No metric sample was recorded.")
    lines.append("")

    lines += ["## Stages", ""]
    if report.stages:
        legend = ", ".join(
            f"{STAGE_MARKS[name]} {name.replace('_', ' ')}"
            for name in ("passed", "failed", "rolled_back", "in_progress", "ended")
        )
        legend += f", {STAGE_MARKS['pending']} not reached"
        lines += [f"{markdown(report.stage_marks)} ({legend})", ""]
        lines += ["| Stage | Result | Started | Ended | Duration |", "|---|---|---|---|---|"]
        for st in report.stages[:MAX_LIST]:
            seconds = None if st.ended_at is None else st.ended_at - st.started_at
            lines.append(
                f"| {_fmt(st.traffic_pct)} % | {STAGE_MARKS.get(st.status, '·')} "
                f"{st.status.replace('_', ' ')} | "
                f"{_t(st.started_at)} | {_t(st.ended_at)} | {duration(seconds) or 'n/a'} |"
            )
        lines += _more(len(report.stages), "stages")
    else:
        lines.append("No traffic stage was recorded.")
    lines.append("")

    if charts:
        lines += ["## Charts", ""]
        for chart in report.charts:
            name = charts.get(chart.name)
            if name:
                lines += [f"![{markdown(chart.title)}]({_link(name)})", ""]

    lines += ["## Findings", ""]
    if report.findings or report.slo_violations:
        entries = [
            (
                v.at,
                f"- {_t(v.at)} **SLO violation** {markdown(v.metric)}: "
                f"{_fmt(v.value)} over {_fmt(v.threshold)}"
                + (f" ({markdown(v.message)})" if v.message else ""),
            )
            for v in report.slo_violations
        ]
        entries += [
            (
                fd.at,
                f"- {_t(fd.at)} **{markdown(fd.severity)}** {markdown(fd.message)}"
                + (
                    f" (resolved at {_t(fd.resolved_at)}: {markdown(fd.resolution or '')})"
                    if fd.resolved_at is not None
                    else ""
                ),
            )
            for fd in report.findings
        ]
        lines += [text for _at, text in sorted(entries, key=lambda x: x[0])[:MAX_LIST]]
        lines += _more(len(entries), "findings")
    else:
        lines.append("No findings.")
    lines.append("")

    lines += ["## Reviewer notes", ""]
    if report.notes:
        for n in report.notes:
            who = markdown(n.author) if n.author else "unknown"
            lines.append(f"- {_t(n.at)} ({who}): {markdown(n.body)}")
    else:
        lines.append("No notes.")
    lines.append("")
    c = report.counts
    lines.append(
        f"_{c.events} events, {c.log_lines} log lines, {c.warnings} warnings, "
        f"{c.errors} errors. Generated by opsconsole from the session store._"
    )
    return "\n".join(lines) + "\n"


_OUTCOME_WORDS = {
    "succeeded": "succeeded",
    "rolled_back": "was rolled back",
    "failed": "failed",
    "in_progress": "is in progress",
    "interrupted": "was imported only in part",
    "ended": "ended without the log saying how",
    "unknown": "ended without saying how",
}


def _sentence(report: Report, title: str) -> str:
    """One line a reviewer reads first: what, how it ended, where, and the agent's why."""
    text = f"{title} {_OUTCOME_WORDS.get(report.outcome, report.outcome)}"
    where = next((st for st in reversed(report.stages) if st.status != "passed"), None)
    if where is not None and report.outcome in ("rolled_back", "failed"):
        text += f" at {where.traffic_pct:g} %"
    if report.outcome_detail:
        text += f": {_shorten(report.outcome_detail)}"
    return text + "."


def _more(total: int, what: str) -> list[str]:
    if total <= MAX_LIST:
        return []
    return ["", f"{total - MAX_LIST:,} more {what} are in the JSON export."]


def _link(name: str) -> str:
    """A file name as a Markdown link target: only what a path may hold, spaces encoded."""
    from urllib.parse import quote

    return quote(name)


def _shorten(text: str | None, limit: int = 160) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _duration_line(seconds: float | None, stated: str | None) -> str | None:
    text = duration(seconds)
    if stated:
        return f"{text} (agent: {stated})" if text else f"n/a (agent: {stated})"
    return text


def _impact_line(f: Summary) -> str | None:
    start, end = f.impact_started_at, f.impact_ended_at
    if start is None:
        return None
    span = f"{iso(start)} to {iso(end) or 'still ongoing at the end of the session'}"
    if f.impact_seconds is not None:
        span += f" ({duration(f.impact_seconds)}"
        span += f", {f.impact_metric} over threshold)" if f.impact_metric else ")"
    return span


def _early_line(f: Summary) -> str | None:
    if f.first_warning_at is None:
        return None
    lead = duration(f.early_warning_lead_s)
    return f"{iso(f.first_warning_at)}" + (f" ({lead} before detection)" if lead else "")
