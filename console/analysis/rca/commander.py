"""The incident commander: measure, list candidate causes, rank them, say what to do."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from console import events as ev
from console.analysis.analysts import (
    LogAnalyst,
    LogFindings,
    MetricFindings,
    analyse_deploys,
    analyse_metrics,
)
from console.analysis.changepoint import DB_CONN_UTIL, SIGNALS, PerRequestFilter
from console.analysis.early_warning import SignalBank, onset_finding
from console.analysis.rca import candidates as cands
from console.analysis.rca import database, narrative
from console.analysis.rca.action import action, confidence, coverage
from console.analysis.rca.changes import is_k8s_event, read_changes
from console.analysis.rca.context import CORRELATION_WINDOW_S, Facts
from console.analysis.rca.model import Candidate, Evidence, RcaReport
from console.analysis.rca.onset import choose, find_episodes
from console.analysis.rca.signatures import (
    CHANGE_KINDS,
    Record,
    record,
    service_of,
    signatures,
)
from console.timefmt import clock

ALERT_GRACE_S = 300.0  # with --alert-at, evidence up to this long after the alert is used
MIN_CAUSE_SCORE = 0.3  # below this no candidate is named: an incident without a cause yet
MIN_SERVICE_LINES = 100  # enough service log lines to count failures instead of metrics


def analyse(
    events: Iterable[ev.Event],
    *,
    service: str | None = None,
    alert_at: float | None = None,
    input_notes: Sequence[str] = (),
) -> RcaReport:
    """The root-cause report for a session's events (or any list of events).

    ``input_notes``: what was read (one line per input), carried into the report.
    """
    report = _analyse(events, service, alert_at)
    report.inputs = list(input_notes)
    return report


def _wanted(e: ev.Event, service: str | None, until: float | None) -> bool:
    """Events up to ``until``; of another service, only its changes (it may be the cause)."""
    if until is not None and e.ts > until and not isinstance(e, ev.LogLine):
        return False
    if service is not None and not isinstance(e, ev.Deployment | ev.ConfigChange):
        svc = getattr(e, "service", None)
        if svc is None and isinstance(e, ev.LogLine) and e.fields:
            svc = service_of(e.fields)
            if e.fields.get("kind") in CHANGE_KINDS:
                svc = None  # a change line: read by the changes module, whoever it is of
        if svc is not None and svc != service:
            return False
    return True


# The agent's narrative lines that later steps read: its own cause (candidates.claims), its
# pool arithmetic (analyse_deploys), its first alarm (early_warning). The rest is read once,
# by the log analyst, and dropped.
_AGENT_CLAIM = re.compile(r"root cause|primary issue|probable cause|likely cause", re.I)
_AGENT_POOL = re.compile(r"\d+\s*(?:blue|green|pods?)\b.*[×x*]\s*\d+", re.I)


def _agent_kept(e: ev.LogLine, seen: set[type]) -> bool:
    text = e.text()
    if _AGENT_CLAIM.search(text):
        return True
    if "connection" in text.lower() and _AGENT_POOL.search(text):
        return True
    low = text.lower()
    if (
        ev.LogLine not in seen
        and e.level.upper() in ev.WARNING_LEVELS | ev.ERROR_LEVELS
        and ("threshold" in low or "slo" in low)
    ):
        seen.add(ev.LogLine)
        return True
    return False


@dataclass
class _Read:
    """What one pass over the input keeps: small events, service log records, the log
    analyst's tallies; never the whole input (a recorded session can hold millions)."""

    kept: list[ev.Event] = field(default_factory=list)
    recs: list[Record] = field(default_factory=list)
    logs: LogAnalyst = field(default_factory=LogAnalyst)
    rollback_at: float | None = None
    last_ts: float | None = None
    session_service: str | None = None
    seen: set[type] = field(default_factory=set)  # the kinds read only for their first one
    strings: dict[str, str] = field(default_factory=dict)


def _shared(e: ev.MetricSample, strings: dict[str, str]) -> ev.MetricSample:
    """The sample with its name, scope and source shared with the samples before it: a
    store's rows decode to a new string each, and a long session keeps ~10⁶ samples."""
    name = strings.setdefault(e.name, e.name)
    scope = strings.setdefault(e.scope, e.scope)
    source = strings.setdefault(e.source, e.source)
    if name is e.name and scope is e.scope and source is e.source:
        return e
    return ev.MetricSample(ts=e.ts, source=source, name=name, value=e.value, scope=scope)


# What the later steps read of the other events: everything of these kinds...
_KEPT_KINDS = (
    ev.Threshold,
    ev.TrafficSplit,
    ev.Deployment,
    ev.ConfigChange,
    ev.Pods,
    ev.Outcome,
    ev.RollbackStarted,
    ev.SessionInfo,
)
# ... and the first of these (an SLO violation, that a rollout ran).
_FIRST_KINDS = (ev.SloViolation, ev.StageStarted)


def _later_read(e: ev.Event, seen: set[type]) -> bool:
    if isinstance(e, _KEPT_KINDS):
        return True
    if isinstance(e, ev.ToolCall):
        return "deploy" in e.tool  # its replicas and environment
    if isinstance(e, ev.Finding):
        return e.code == "early_warning"
    if isinstance(e, _FIRST_KINDS) and type(e) not in seen:
        seen.add(type(e))
        return True
    return False


def _read(events: Iterable[ev.Event], service: str | None, until: float | None) -> _Read:
    """One pass, in time order: a list is sorted first (stable: same-time events keep their
    order); an iterator (a store's cursor) is read as it comes, in recording order."""
    stream: Iterable[ev.Event] = ev.explode(events)
    if isinstance(events, list):
        stream = sorted(stream, key=lambda e: e.ts)
    out = _Read()
    per_request = PerRequestFilter()
    for e in stream:
        if not _wanted(e, service, until):
            continue
        change_line = _is_change_line(e)
        late = until is not None and e.ts > until
        if late and not change_line:
            continue
        if not change_line:
            out.last_ts = e.ts if out.last_ts is None else max(out.last_ts, e.ts)
        if isinstance(e, ev.MetricSample):
            # A per-request figure the parser derived from the line before: the same filter
            # the metric analysts apply, applied here since the lines are not kept.
            if not per_request.skip(e):
                out.kept.append(_shared(e, out.strings))
            continue
        per_request.see(e)
        if not isinstance(e, ev.LogLine):
            if isinstance(e, ev.SessionInfo) and e.service:
                out.session_service = e.service
            if isinstance(e, ev.RollbackStarted) and out.rollback_at is None:
                out.rollback_at = e.ts
            if _later_read(e, out.seen):
                out.kept.append(e)
            continue
        out.logs.feed(e)
        if change_line:
            out.kept.append(e)
        elif e.fmt == "agent":
            if _agent_kept(e, out.seen):
                out.kept.append(e)
        else:
            out.recs.append(record(e))
    out.kept.sort(key=lambda e: e.ts)
    out.recs.sort(key=lambda r: r.ts)
    return out


def _is_change_line(e: ev.Event) -> bool:
    if not isinstance(e, ev.LogLine) or not e.fields:
        return False
    return e.fields.get("kind") in CHANGE_KINDS or is_k8s_event(e.fields)


def _main_service(recs: list[Record]) -> str | None:
    names = Counter(r.service for r in recs if r.service)
    if not names:
        return None
    name, n = names.most_common(1)[0]
    return name if n >= 0.8 * sum(names.values()) else None


def _analyse(events: Iterable[ev.Event], service: str | None, alert_at: float | None) -> RcaReport:
    until = None if alert_at is None else alert_at + ALERT_GRACE_S
    read = _read(events, service, until)
    evs, recs = read.kept, read.recs
    if service is None:
        service = read.session_service
    if service is None:
        service = _main_service(recs)
    counted = len(recs) >= MIN_SERVICE_LINES and recs[-1].ts - recs[0].ts >= 600
    # Per-minute figures derived from the service's own lines are replaced by the count test.
    metric_evs = [e for e in evs if not (counted and e.source == "derived")]
    metrics = analyse_metrics(metric_evs)
    logs = read.logs.finish(until=read.rollback_at)
    deploys = analyse_deploys(evs)
    changes = read_changes(evs)
    episode = None
    onset: float | None
    if counted:
        episode = choose(find_episodes(recs, alert_at), alert_at)
    if episode is not None:
        onset = episode.start
        onset_what = f"{episode.describe()}, from {clock(episode.start)}"
        incident = [episode.describe()]
    else:
        # No lasting rise in the service's own lines (or too few of them): a metrics source
        # (the agent's, Prometheus) may still show one, e.g. latency over its SLO while few
        # requests fail. The lines' own patterns were judged by the count test already.
        onset, onset_what = _metric_onset(metrics, logs)
        incident = _metric_incident(metrics, logs, evs, log_patterns=not counted)
        if alert_at is not None and onset is not None and onset > alert_at + ALERT_GRACE_S:
            onset, incident = None, []
    f = Facts(
        service=service,
        records=recs,
        episode=episode,
        onset=onset,
        onset_what=onset_what,
        end=recs[-1].ts if counted else read.last_ts,
        signatures=signatures(recs, onset) if recs else [],
        changes=changes,
        logs=logs,
        metrics=metrics,
        deploys=deploys,
        rollout_seen=any(isinstance(e, ev.TrafficSplit | ev.StageStarted) for e in evs),
        alert_at=alert_at,
        claims=[(e.ts, e.text()) for e in evs if isinstance(e, ev.LogLine) and e.fmt == "agent"],
        incident=incident,
    )
    sources = {
        "logs": logs.present,
        "metrics": metrics.present or counted,
        "deploy": bool(changes) or deploys.present,
    }
    limitations = _limitations(sources)
    found = _candidates(f)
    early = early_warning(metric_evs)
    if not f.incident:
        report = _no_incident(f, found, sources, limitations)
    elif not found or found[0].score < MIN_CAUSE_SCORE:
        report = _no_cause(f, found, sources, limitations)
    else:
        top = found[0]
        runner = next((c for c in found[1:] if c.category != top.category), None)
        conf, notes = confidence(top, runner, sources)
        kind, detail, target = action(top, f, conf)
        report = RcaReport(
            category=top.category,
            summary=narrative.summary(top, f),
            confidence=conf,
            evidence=narrative.evidence(top, f),
            action_kind=kind,
            action_detail=detail,
            action_target=target,
            onset_at=f.onset,
            deployment=_deployment(f),
            # A platform event is what happened, not a change anyone made: nothing to blame.
            blamed_change=(
                top.change.blamed()
                if top.change is not None and top.change.kind != "infrastructure"
                else None
            ),
            alternatives=_alternatives(found[1:], top, sources),
            candidates=found,
            critical_failure=f.onset_what or "; ".join(f.incident[:1]),
            impact=narrative.impact(f, evs),
            limitations=limitations,
            confidence_notes=notes,
        )
    report.service = service
    report.alert_at = alert_at
    report.sources = sources
    report.early_warning = early
    return report


def _candidates(f: Facts) -> list[Candidate]:
    found = [
        *cands.change_candidates(f),
        cands.dependency(f),
        *cands.infrastructure(f),
        *[c for c in [cands.traffic_capacity(f)] if c.points],
        database.pool(f),
        database.missing_index(f),
    ]
    for ts, cat, said in cands.claims(f.claims):
        for c in found:
            if c.category == cat and c.points:
                c.add(0.15, "logs", f'the agent\'s own analysis: "{said}"', ts)
                break
    _cross_examine(found, f)
    found = [c for c in found if c.points or c.why_not]
    # Ties go to the earlier category in the vocabulary, then the later change: deterministic.
    found.sort(key=lambda c: (-round(c.score, 6), -(c.change.at if c.change else 0.0)))
    return found


def _cross_examine(found: list[Candidate], f: Facts) -> None:
    """Causes versus mechanisms: a config change that shrank the pool explains exhaustion; a
    release that leaks memory explains its pods being OOMKilled."""
    cfg = [c for c in found if c.category == "config_change" and c.score >= 0.5]
    pools = [c for c in found if c.category == "capacity" and c.subject == "connection pool"]
    keys = database.pool_keys_changed(f)
    for pool in pools:
        if cfg and keys and pool.points:
            pool.add(
                -0.35,
                "deploy",
                f"explained by the config change to {keys[0]}: exhaustion is the mechanism,"
                " the change is the cause",
            )
            pool.why_not = (
                f"the pool ran out because the change set {keys[0]}; exhaustion is the"
                " mechanism, the config change the cause"
            )
    idx = next((c for c in found if c.category == "missing_index"), None)
    util = database.conn_util(f)
    for pool in pools:
        if (
            (
                idx is not None
                and idx.score >= 0.5
                and pool.points
                and database.pool_negative(f) is None
            )
            and util is not None
            and util.peak < 80
        ):
            pool.why_not = f"connections stayed healthy (peak {util.peak:.0f} % of max)"
    linked_cfg = [
        c
        for c in found
        if c.category == "config_change"
        and c.change is not None
        and any(p.source == "logs" and p.points >= 0.3 for p in c.points)
    ]
    for dep in found:
        upstream = dep.category == "dependency" or dep.mechanism == "certificate"
        if upstream and dep.change is None and linked_cfg and dep.points:
            dep.add(
                -0.2,
                "deploy",
                f"the failing calls follow a change of ours that governs them"
                f" ({linked_cfg[0].change.describe()})",
            )
    idx_cands = [c for c in found if c.category == "missing_index" and c.score >= 0.5]
    for rel in found:
        if rel.category == "code_change" and any(i.change is rel.change for i in idx_cands):
            rel.add(
                -0.3,
                "logs",
                "the release's new query has no index: the index is the fix, not the code",
            )
            rel.why_not = "the release brought a query without its index (missing_index)"
    # A release of ours (its code, or a setting it needs) explains its pods dying after it.
    code = [
        c
        for c in found
        if c.change is not None
        and c.change.kind != "infrastructure"
        and c.category in ("code_change", "config_change")
        and c.score >= 0.5
        and not c.weak
    ]
    code.sort(key=lambda c: c.change.at)
    for infra in found:
        if (
            infra.category == "infrastructure"
            and infra.change is not None
            and code
            and infra.change.infra in ("oom", "crashloop")
            and infra.change.at >= code[0].change.at
        ):
            infra.add(
                -0.3, "deploy", f"the pods died after {code[0].change.describe()}: it explains it"
            )
            infra.why_not = (
                f"the pods died after {code[0].change.describe()}; the change is the cause"
            )


def _deployment(f: Facts) -> dict[str, Any] | None:
    """The latest deployment (else change) of ours before the onset, with every key changed
    from it up to the onset: the report's ``deployment`` field."""
    changes = [
        c
        for c in f.before_onset()
        if c.kind != "infrastructure" and (f.service is None or c.service in (None, f.service))
    ]
    if not changes:
        return None
    deploys = [c for c in changes if c.kind == "deployment"]
    with_diff = [c for c in changes if c.changes]
    anchor = (with_diff or deploys or changes)[-1]
    dep = (
        deploys[-1]
        if anchor.kind != "deployment" and deploys and deploys[-1].at <= anchor.at
        else anchor
    )
    diffs: dict[str, Any] = {}
    for c in changes:
        if c.at >= dep.at or c is dep:
            diffs.update({k: dict(d) for k, d in c.changes.items()})
    return {
        "at": dep.at,
        "version": dep.version,
        "kind": dep.kind,
        "service": dep.service,
        "config_changes": diffs,
        "gap_to_onset_s": None if f.onset is None else round(f.onset - dep.at, 1),
    }


def _limitations(sources: dict[str, bool]) -> list[str]:
    out = []
    if not sources["deploy"]:
        out.append(
            "no deployment or config-change events in the input: changes before the onset"
            " could not be checked (add the agent log or a change-events file)"
        )
    if not sources["metrics"]:
        out.append("no metric samples in the input: onsets and SLO peaks could not be measured")
    if not sources["logs"]:
        out.append("no log lines in the input: error patterns could not be examined")
    return out


def _alternatives(
    rest: list[Candidate], top: Candidate, sources: dict[str, bool]
) -> list[dict[str, Any]]:
    out = []
    seen = {top.category}
    for c in rest:
        # One per category (its best); other changes of the winner's category are listed too.
        if c.category in seen and not (c.category == top.category and c.change is not None):
            continue
        seen.add(c.category)
        conf = coverage(c.score, sources)[0]
        alt: dict[str, Any] = {
            "category": c.category,
            "confidence": round(conf, 2),
            "why_not": c.why_not or "other evidence explains the symptoms better",
        }
        if c.change is not None:
            alt["change"] = c.change.describe()
        out.append(alt)
    return out


def _no_incident(
    f: Facts, found: list[Candidate], sources: dict[str, bool], limitations: list[str]
) -> RcaReport:
    conf, notes = coverage(0.9, sources)
    notes.insert(0, "no persistent rise in failures, no signal left its baseline, no SLO breached")
    checked = [
        SIGNALS[s.name].label
        for s in f.metrics.signals.values()
        if s.name in SIGNALS and s.scope == ""
    ]
    evidence = []
    if checked:
        evidence.append(Evidence("metrics", f.end, "checked for onsets: " + ", ".join(checked)))
    if f.records:
        bad = sum(1 for r in f.records if r.failed)
        evidence.append(
            Evidence(
                "logs",
                f.end,
                f"{bad} failing lines of {len(f.records)} service log lines; no persistent rise"
                " against the baseline",
            )
        )
    elif f.logs.present:
        evidence.append(
            Evidence(
                "logs", f.end, f"{f.logs.errors} error lines of {f.logs.lines}; no dominant error"
            )
        )
    return RcaReport(
        category="none",
        summary="No incident: failures and every signal stayed on their baseline",
        confidence=round(conf, 2),
        evidence=evidence,
        action_kind="none",
        action_detail="Nothing to do.",
        onset_at=None,
        deployment=None,
        alternatives=[
            {"category": c.category, "confidence": 0.0, "why_not": "no incident to explain"}
            for c in found
        ],
        candidates=found,
        critical_failure="none",
        impact="none",
        limitations=limitations,
        confidence_notes=notes,
    )


def _no_cause(
    f: Facts, found: list[Candidate], sources: dict[str, bool], limitations: list[str]
) -> RcaReport:
    report = _no_incident(f, found, sources, limitations)
    best = found[0] if found else None
    report.summary = "An incident no change or known cause explains: " + "; ".join(f.incident[:2])
    report.confidence = round(min(report.confidence, 0.3), 2)
    report.confidence_notes = [
        f"no candidate scored {MIN_CAUSE_SCORE:g} or more"
        + (f" (best: {best.category} {best.score:.2f})" if best else "")
    ]
    report.critical_failure = f.onset_what or "none"
    report.onset_at = f.onset
    report.evidence = narrative.symptoms(f) or report.evidence
    report.alternatives = [
        {"category": c.category, "confidence": round(c.score, 2), "why_not": c.why_not}
        for c in found
    ]
    report.action_kind = "escalate"
    report.action_detail = (
        "No change or known cause explains it: escalate to the service's owner; do not roll back"
        " on timing alone."
    )
    report.impact = narrative.impact(f, [])
    report.deployment = _deployment(f)
    return report


# --- metric onsets (sessions without enough service log lines: an agent's log, metrics) ---


def _metric_onset(m: MetricFindings, logs: LogFindings) -> tuple[float | None, str]:
    best: tuple[float, str] | None = None
    for s in m.signals.values():
        o = s.onset
        if o is None or s.scope not in ("", "green"):
            continue
        if best is None or o.at < best[0]:
            where = f" ({s.scope})" if s.scope else ""
            best = (
                o.at,
                f"{o.spec.label}{where} left its baseline at {clock(o.at)}"
                f" ({o.spec.fmt(o.baseline)} → {o.spec.fmt(o.start_value)}, alarm at"
                f" {clock(o.alarm_at)} with {o.spec.fmt(o.value)})",
            )
    if best is not None:
        return best
    over = [
        (t, s)
        for s in m.signals.values()
        if s.name in (ev.LATENCY_P99, ev.ERROR_RATE) and s.scope in ("", "green") and s.limit
        for t in [s.first_over]
        if t is not None
    ]
    if over:
        t, s = min(over, key=lambda x: x[0])
        spec = SIGNALS[s.name]
        return t, f"{spec.label} over its {spec.fmt(s.limit or 0.0)} SLO from {clock(t)}"
    big = [p for p in logs.patterns if p.count >= 3]
    if big:
        p = min(big, key=lambda p: p.first_at)
        return p.first_at, f'errors "{p.example}" first appeared at {clock(p.first_at)}'
    return None, ""


def _metric_incident(
    m: MetricFindings, logs: LogFindings, events: list[ev.Event], *, log_patterns: bool = True
) -> list[str]:
    why: list[str] = []
    for s in m.signals.values():
        if s.scope not in ("", "green") or s.name not in SIGNALS:
            continue
        spec = SIGNALS[s.name]
        if s.onset is not None and s.name != DB_CONN_UTIL:
            why.append(f"{spec.label} left its baseline at {clock(s.onset.at)}")
        if s.over_limit and s.name in (ev.LATENCY_P99, ev.ERROR_RATE) and s.limit is not None:
            why.append(f"{spec.label} peaked at {spec.fmt(s.peak)} > {spec.fmt(s.limit)}")
    for e in events:
        if isinstance(e, ev.SloViolation):
            why.append(f"the agent reported an SLO violation at {clock(e.ts)}")
            break
    for p in logs.patterns if log_patterns else ():
        if p.share_pct is not None and p.share_pct >= 5 and p.count >= 3:
            why.append(f'{p.share_pct:.0f} % of service log lines were "{p.pattern}"')
    return why


def early_warning(events: list[ev.Event]) -> dict[str, Any] | None:
    """The console's first early warning, and its lead over the agent's first alarm.

    Recorded early-warning findings are used when the events have them (a live session);
    otherwise the detector is run over the metric samples, as it would have run live.
    """
    first: tuple[float, str, str] | None = None
    for e in events:
        if isinstance(e, ev.Finding) and e.code == "early_warning":
            first = (e.ts, e.metric or "", e.message)
            break
    if first is None:
        bank = SignalBank()
        per_request = PerRequestFilter()
        for e in events:
            if not isinstance(e, ev.MetricSample):
                per_request.see(e)
                continue
            if per_request.skip(e):
                continue
            onsets = bank.feed(e)
            if onsets:
                o = onsets[0]
                first = (o.alarm_at, o.spec.name, onset_finding(o).message)
                break
    if first is None:
        return None
    agent_at = None
    for e in events:
        if isinstance(e, ev.SloViolation) or (
            isinstance(e, ev.LogLine)
            and e.fmt == "agent"
            and e.level.upper() in ev.WARNING_LEVELS | ev.ERROR_LEVELS
            and ("threshold" in e.message.lower() or "slo" in e.message.lower())
        ):
            agent_at = e.ts
            break
    return {
        "at": first[0],
        "metric": first[1],
        "message": first[2],
        "agent_at": agent_at,
        "lead_s": None if agent_at is None else round(agent_at - first[0], 1),
    }


__all__ = ["CORRELATION_WINDOW_S", "analyse", "early_warning"]
