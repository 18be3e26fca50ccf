"""The incident commander: rank candidate root causes from the analysts' evidence.

Deterministic and explainable: every candidate's score is a sum of named points, each with the
source it came from (logs, metrics, deploy) and a sentence saying why. ``docs/rca.md`` lists
the points. Confidence is the winner's score, reduced when an input source is missing or the
runner-up is close, and the report says which.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from console import events as ev
from console.analysis.analysts import (
    Change,
    DeployFindings,
    LogFindings,
    MetricFindings,
    SignalSummary,
    analyse_deploys,
    analyse_logs,
    analyse_metrics,
)
from console.analysis.changepoint import DB_CONN_UTIL, SIGNALS, PerRequestFilter
from console.analysis.early_warning import SignalBank, onset_finding

CATEGORIES = (
    "config_change",
    "missing_index",
    "connection_pool_exhaustion",
    "capacity",
    "dependency",
    "none",
)
CORRELATION_WINDOW_S = 2 * 3600.0  # a change this long before the onset can still be the cause
ALERT_GRACE_S = 300.0  # with --alert-at, evidence up to this long after the alert is used
MAX_SCORE = 0.97  # never claim certainty
MIN_CAUSE_SCORE = 0.25  # below this no candidate is named: symptoms without a cause yet
COVERAGE = {"logs": 0.85, "metrics": 0.7, "deploy": 0.75}  # factor when a source is missing
CLOSE_MARGIN = 0.15
POOL_KEY = re.compile(r"pool|conn|concurren|max_connections|thread|worker", re.I)
_QUERY_BASELINE = re.compile(
    r"query time:?\s*(\d+(?:\.\d+)?)\s*ms.*?baseline:?\s*(\d+(?:\.\d+)?)\s*ms", re.I
)


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def hms(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%H:%M:%S")


def minutes(seconds: float) -> str:
    m = seconds / 60
    return f"{m:.0f} min" if m >= 10 or m == int(m) else f"{m:.1f} min"


def _v(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass
class Point:
    """One reason a candidate scored: ``points`` (may be negative), its source and why."""

    points: float
    source: str  # logs | metrics | deploy
    reason: str
    at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": round(self.points, 2),
            "source": self.source,
            "at": iso(self.at),
            "reason": self.reason,
        }


@dataclass
class Candidate:
    category: str
    points: list[Point] = field(default_factory=list)
    why_not: str = ""

    @property
    def score(self) -> float:
        return max(0.0, min(MAX_SCORE, sum(p.points for p in self.points)))

    def add(self, points: float, source: str, reason: str, at: float | None = None) -> None:
        self.points.append(Point(points, source, reason, at))


@dataclass
class Evidence:
    source: str
    at: float | None
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "at": iso(self.at), "detail": self.detail}


@dataclass
class RcaReport:
    category: str
    summary: str
    confidence: float
    evidence: list[Evidence]
    action_kind: str
    action_detail: str
    onset_at: float | None
    deployment: dict[str, Any] | None
    alternatives: list[dict[str, Any]]
    candidates: list[Candidate]
    critical_failure: str
    impact: str
    limitations: list[str]
    confidence_notes: list[str]
    service: str | None = None
    alert_at: float | None = None
    sources: dict[str, bool] = field(default_factory=dict)
    early_warning: dict[str, Any] | None = None
    inputs: list[str] = field(default_factory=list)

    @property
    def band(self) -> str:
        return confidence_band(self.confidence)

    def to_dict(self) -> dict[str, Any]:
        dep = None
        if self.deployment is not None:
            dep = {**self.deployment, "at": iso(self.deployment.get("at"))}
        return {
            "service": self.service,
            "alert_at": iso(self.alert_at),
            "root_cause": {"category": self.category, "summary": self.summary},
            "confidence": round(self.confidence, 2),
            "critical_failure": self.critical_failure,
            "impact": self.impact,
            "onset_at": iso(self.onset_at),
            "evidence": [e.to_dict() for e in self.evidence],
            "recommended_action": {"kind": self.action_kind, "detail": self.action_detail},
            "deployment": dep,
            "alternatives": self.alternatives,
            "explanation": {
                c.category: {
                    "score": round(c.score, 2),
                    "points": [p.to_dict() for p in c.points],
                }
                for c in self.candidates
            },
            "early_warning": _early_dict(self.early_warning),
            "confidence_notes": self.confidence_notes,
            "limitations": self.limitations,
            "sources": self.sources,
            "inputs": self.inputs,
        }


def _early_dict(early: dict[str, Any] | None) -> dict[str, Any] | None:
    if early is None:
        return None
    return {**early, "at": iso(early["at"]), "agent_at": iso(early.get("agent_at"))}


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


def confidence_band(confidence: float) -> str:
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


# --- the commander ------------------------------------------------------------------------


@dataclass
class Context:
    logs: LogFindings
    metrics: MetricFindings
    deploys: DeployFindings
    onset: float | None
    onset_what: str
    incident: list[str]  # why we think there is an incident at all
    end: float | None
    rollout_seen: bool


def _filter(events: Iterable[ev.Event], service: str | None, until: float | None) -> list[ev.Event]:
    out: list[ev.Event] = []
    for e in ev.explode(events):
        if until is not None and e.ts > until:
            continue
        if service is not None:
            svc = getattr(e, "service", None)
            if svc is None and isinstance(e, ev.LogLine) and e.fields:
                svc = e.fields.get("service")
            if svc is not None and svc != service:
                continue
        out.append(e)
    out.sort(key=lambda e: e.ts)  # stable: same-time events keep their order
    return out


def _find_onset(m: MetricFindings, logs: LogFindings) -> tuple[float | None, str]:
    best: tuple[float, str] | None = None
    for s in m.signals.values():
        o = s.onset
        if o is None or s.scope not in ("", "green"):
            continue
        if best is None or o.at < best[0]:
            where = f" ({s.scope})" if s.scope else ""
            best = (
                o.at,
                f"{o.spec.label}{where} left its baseline at {hms(o.at)}"
                f" ({o.spec.fmt(o.baseline)} → {o.spec.fmt(o.start_value)}, alarm at"
                f" {hms(o.alarm_at)} with {o.spec.fmt(o.value)})",
            )
    if best is not None:
        return best
    # No change-point: the first sample over its SLO (a service already breaching when the
    # data begins has its onset at the start, before any change in the window).
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
        limit = spec.fmt(s.limit or 0.0)
        return t, f"{spec.label} over its {limit} SLO from {hms(t)}"
    big = [p for p in logs.patterns if p.count >= 3]
    if big:
        p = min(big, key=lambda p: p.first_at)
        return p.first_at, f'errors "{p.example}" first appeared at {hms(p.first_at)}'
    return None, ""


def _incident(m: MetricFindings, logs: LogFindings, events: list[ev.Event]) -> list[str]:
    why: list[str] = []
    for s in m.signals.values():
        if s.scope not in ("", "green") or s.name not in SIGNALS:
            continue
        spec = SIGNALS[s.name]
        if s.onset is not None and s.name != DB_CONN_UTIL:
            why.append(f"{spec.label} left its baseline at {hms(s.onset.at)}")
        if s.over_limit and s.name in (ev.LATENCY_P99, ev.ERROR_RATE) and s.limit is not None:
            why.append(f"{spec.label} peaked at {spec.fmt(s.peak)} > {spec.fmt(s.limit)}")
    for e in events:
        if isinstance(e, ev.SloViolation):
            why.append(f"the agent reported an SLO violation at {hms(e.ts)}")
            break
    for p in logs.patterns:
        if p.share_pct is not None and p.share_pct >= 5 and p.count >= 3:
            why.append(f'{p.share_pct:.0f} % of service log lines were "{p.pattern}"')
    return why


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


def _analyse(events: Iterable[ev.Event], service: str | None, alert_at: float | None) -> RcaReport:
    until = None if alert_at is None else alert_at + ALERT_GRACE_S
    evs = _filter(events, service, until)
    if service is None:
        for e in evs:
            if isinstance(e, ev.SessionInfo) and e.service:
                service = e.service
    metrics = analyse_metrics(evs)
    rollback_at = next((e.ts for e in evs if isinstance(e, ev.RollbackStarted)), None)
    logs = analyse_logs(evs, until=rollback_at)
    deploys = analyse_deploys(evs)
    onset, onset_what = _find_onset(metrics, logs)
    ctx = Context(
        logs=logs,
        metrics=metrics,
        deploys=deploys,
        onset=onset,
        onset_what=onset_what,
        incident=_incident(metrics, logs, evs),
        end=evs[-1].ts if evs else None,
        rollout_seen=any(isinstance(e, ev.TrafficSplit | ev.StageStarted) for e in evs),
    )
    sources = {"logs": logs.present, "metrics": metrics.present, "deploy": deploys.present}
    limitations = _limitations(sources)
    candidates = [
        _config_change(ctx),
        _missing_index(ctx),
        _pool(ctx),
        _capacity(ctx),
        _dependency(ctx),
    ]
    _cross_examine(candidates, ctx)
    candidates.sort(key=lambda c: -c.score)
    early = early_warning(evs)
    if not ctx.incident:
        report = _no_incident(ctx, candidates, sources, limitations, service, alert_at)
        report.early_warning = early
        return report
    top = candidates[0]
    if top.score < MIN_CAUSE_SCORE:
        report = _no_cause(ctx, candidates, sources, limitations, service, alert_at)
        report.early_warning = early
        return report
    conf, notes = _confidence(top, candidates[1], sources)
    return RcaReport(
        early_warning=early,
        category=top.category,
        summary=_summary(top, ctx),
        confidence=conf,
        evidence=_evidence(top, ctx),
        action_kind=_action(top, ctx)[0],
        action_detail=_action(top, ctx)[1],
        onset_at=ctx.onset,
        deployment=_deployment(ctx),
        alternatives=_alternatives(candidates[1:], top, sources),
        candidates=candidates,
        critical_failure=ctx.onset_what or "; ".join(ctx.incident[:1]),
        impact=_impact(ctx, evs),
        limitations=limitations,
        confidence_notes=notes,
        service=service,
        alert_at=alert_at,
        sources=sources,
    )


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


def _coverage(conf: float, sources: dict[str, bool]) -> tuple[float, list[str]]:
    """``conf`` discounted for each missing kind of input, and a note per discount."""
    notes = []
    for name, factor in COVERAGE.items():
        if not sources[name]:
            conf *= factor
            notes.append(f"× {factor:g}: no {name} source in the input")
    return conf, notes


def _confidence(
    top: Candidate, runner: Candidate, sources: dict[str, bool]
) -> tuple[float, list[str]]:
    conf, notes = _coverage(top.score, sources)
    notes.insert(0, f"score of {top.category}: {top.score:.2f} (sum of its points)")
    if top.score - runner.score < CLOSE_MARGIN:
        conf *= 0.85
        notes.append(
            f"× 0.85: runner-up {runner.category} scored {runner.score:.2f}, within"
            f" {CLOSE_MARGIN:g}"
        )
    return round(conf, 2), notes


# --- candidates ---------------------------------------------------------------------------


def _changes_before(ctx: Context) -> list[Change]:
    ref = ctx.onset if ctx.onset is not None else ctx.end
    if ref is None:
        return []
    return [c for c in ctx.deploys.before(ref) if ref - c.at <= CORRELATION_WINDOW_S]


def _config_diffs(ctx: Context) -> list[tuple[Change, str, dict[str, Any]]]:
    return [(c, k, d) for c in _changes_before(ctx) for k, d in c.changes.items()]


def _num(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x.strip())
        except ValueError:
            return None
    return None


def _concurrency(ctx: Context) -> float | None:
    vals = [v for _, v in ctx.logs.field_values.get("concurrent_calls", [])]
    nums = [n for n in (_num(v) for v in vals) if n is not None]
    if ctx.metrics.concurrent_calls is not None:
        nums.append(ctx.metrics.concurrent_calls)
    return max(nums) if nums else None


def _pool_negative(ctx: Context) -> tuple[float, float] | None:
    """(time, value) of the lowest pool_available seen, when it went to zero or below."""
    vals = [
        (t, n)
        for t, v in ctx.logs.field_values.get("pool_available", [])
        if (n := _num(v)) is not None
    ]
    low = min(vals, key=lambda x: x[1], default=None)
    m_low = ctx.metrics.pool_available_low
    if m_low is not None and (low is None or m_low[1] < low[1]):
        low = m_low
    return low if low is not None and low[1] <= 0 else None


def _error_jump(ctx: Context) -> tuple[SignalSummary, float] | None:
    for name in (ev.TIMEOUT_RATE, ev.ERROR_RATE):
        s = ctx.metrics.get(name)
        if s is not None and s.onset is not None:
            return s, s.peak
    return None


def _config_change(ctx: Context) -> Candidate:
    c = Candidate("config_change")
    diffs = _config_diffs(ctx)
    if not diffs:
        c.why_not = "no config change before the onset"
        if not ctx.deploys.present:
            c.why_not = "no deploy source in the input, so no config change could be seen"
        return c
    onset = ctx.onset if ctx.onset is not None else ctx.end
    pool_diffs = [(ch, k, d) for ch, k, d in diffs if POOL_KEY.search(k)]
    ch, key, d = (pool_diffs or diffs)[0]
    listed = ", ".join(f"{k} {_v(dd['before'])} → {_v(dd['after'])}" for _, k, dd in diffs)
    what = (
        "deployment" + (f" {ch.version}" if ch.version else "")
        if ch.kind == "deployment"
        else "config change"
    )
    c.add(0.40, "deploy", f"{what} at {hms(ch.at)} changed {listed}", ch.at)
    if onset is not None:
        gap = onset - ch.at
        c.add(
            0.15,
            "deploy",
            f"onset {minutes(gap)} after the change, inside the {minutes(CORRELATION_WINDOW_S)}"
            " correlation window",
            onset,
        )
    neg = _pool_negative(ctx)
    hints = ctx.logs.hints.get("connection_pool_exhaustion")
    carried = [
        (k, dd, t)
        for _, k, dd in diffs
        if (t := _field_first(ctx, k, _equals(dd["after"]))) is not None
    ]
    if pool_diffs and (neg or hints):
        c.add(
            0.20,
            "logs",
            f"the changed key {key} governs the connection pool, and the errors"
            " show the pool exhausted",
            neg[0] if neg else hints[0][0] if hints else None,
        )
    elif carried:
        k, d2, t = carried[0]
        c.add(0.20, "logs", f"the errors carry the new value {k}={_v(d2['after'])}", t)
    conc = _concurrency(ctx)
    after, before = _num(d.get("after")), _num(d.get("before"))
    if pool_diffs and after is not None and conc is not None and conc > after:
        fits = before is not None and conc <= before
        limit = after
        t = _field_first(ctx, "concurrent_calls", lambda v: (_num(v) or 0.0) > limit)
        c.add(
            0.10,
            "logs" if t is not None else "metrics",
            f"{key} {_v(d['after'])} is below the {conc:g} concurrent calls seen"
            + (f" (the old {_v(d['before'])} was enough)" if fits else ""),
            t if t is not None else onset,
        )
    flagged = _field_first(ctx, "possibly_deployment_related", lambda v: v is True or v == "true")
    since = [
        n
        for _, v in ctx.logs.field_values.get("minutes_since_deployment", [])
        if (n := _num(v)) is not None
    ]
    if flagged is not None or since:
        extra = f"; minutes_since_deployment {min(since):g}" if since else ""
        c.add(
            0.10,
            "logs",
            f"the service's errors are flagged possibly_deployment_related{extra}",
            flagged if flagged is not None else _field_first(ctx, "minutes_since_deployment"),
        )
    jump = _error_jump(ctx)
    if jump is not None:
        s, peak = jump
        spec = SIGNALS[s.name]
        base = s.onset.baseline if s.onset else s.baseline or 0.0
        c.add(
            0.05,
            "metrics",
            f"{spec.label} jumped {spec.fmt(base)} → {spec.fmt(peak)} at the onset",
            s.onset.at if s.onset else None,
        )
    c.why_not = f"the config change ({listed}) does not explain the symptoms"
    return c


def _equals(value: Any) -> Callable[[Any], bool]:
    return lambda v: bool(v == value)


def _field_first(
    ctx: Context, key: str, pred: Callable[[Any], bool] = lambda v: True
) -> float | None:
    """When a service log line first carried ``key`` with a value ``pred`` accepts."""
    return next((t for t, v in ctx.logs.field_values.get(key, []) if pred(v)), None)


def _first_error_at(ctx: Context) -> float | None:
    return ctx.logs.first_error_at()


def _query_ratio(ctx: Context) -> tuple[float, str, float | None] | None:
    s = ctx.metrics.get(ev.DB_QUERY_MS)
    if s is not None and s.onset is not None:
        o = s.onset
        return (
            s.peak / max(o.baseline, 1e-9),
            (
                f"DB query time left its baseline at {hms(o.at)}: {o.spec.fmt(o.baseline)} →"
                f" {o.spec.fmt(s.peak)}"
            ),
            o.at,
        )
    if s is not None and s.baseline and s.peak / s.baseline >= 1.5:
        return (
            s.peak / s.baseline,
            (f"DB query time peaked at {s.peak:.0f} ms vs {s.baseline:.0f} ms baseline"),
            s.peak_at,
        )
    for ts, text in ctx.logs.texts:
        if "baseline" not in text:
            continue
        m = _QUERY_BASELINE.search(text)
        if m:
            now, base = float(m.group(1)), float(m.group(2))
            if base and now / base >= 1.5:
                return now / base, f"DB query time {now:g} ms vs baseline {base:g} ms", ts
    return None


def _conn_util_peak(ctx: Context) -> SignalSummary | None:
    return ctx.metrics.signals.get((DB_CONN_UTIL, ""))


def _missing_index(ctx: Context) -> Candidate:
    c = Candidate("missing_index")
    q = _query_ratio(ctx)
    if q is not None:
        ratio, text, at = q
        c.add(0.25, "metrics", f"{text} (×{ratio:.1f})", at)
    cpu = ctx.metrics.get(ev.DB_CPU)
    if cpu is not None and (cpu.onset is not None or cpu.peak >= 70):
        at = cpu.onset.at if cpu.onset else cpu.peak_at
        c.add(
            0.15,
            "metrics",
            f"DB CPU up to {cpu.peak:.0f} %"
            + (f" (baseline {cpu.baseline:.0f} %)" if cpu.baseline else ""),
            at,
        )
    util = _conn_util_peak(ctx)
    if q is not None and util is not None and util.peak < 80 and _pool_negative(ctx) is None:
        c.add(
            0.15,
            "metrics",
            f"DB connections healthy (peak {util.peak:.0f} % of max), so not the connection pool",
            util.peak_at,
        )
    changes = _changes_before(ctx)
    deploys = [ch for ch in changes if ch.kind == "deployment"]
    pool_cfg = [k for _, k, _ in _config_diffs(ctx) if POOL_KEY.search(k)]
    if q is not None and deploys and not pool_cfg:
        d = deploys[-1]
        c.add(
            0.15,
            "deploy",
            "new code deployed before the onset"
            + (f" ({d.version})" if d.version else "")
            + ", which can bring a new query pattern",
            d.at,
        )
    hints = ctx.logs.hints.get("missing_index")
    if hints:
        c.add(0.15, "logs", f'logs point at the query plan: "{hints[0][1]}"', hints[0][0])
    if q is not None and ctx.onset is not None and ctx.metrics.traffic:
        first = ctx.metrics.traffic[0][1]
        at_onset = ctx.metrics.green_pct_at(ctx.onset)
        if at_onset is not None and at_onset > first:
            c.add(
                0.15,
                "metrics",
                f"the degradation began at {at_onset:g} % green traffic, not at"
                f" {first:g} %: it grows with load, as a full scan does",
                ctx.onset,
            )
    c.why_not = (
        "DB query time did not rise" if q is None else "other evidence explains the symptoms better"
    )
    return c


def capacity_arithmetic(ctx: Context) -> tuple[str, bool] | None:
    """(text, over): pods × pool per pod against max_connections, from whatever is known."""
    reps = dict(ctx.deploys.replicas)
    assumed = ""
    if "green" in reps and "blue" not in reps:
        # Blue-green runs the same replica count on both sides unless told otherwise.
        reps["blue"] = reps["green"]
        assumed = " (blue replicas assumed equal to green)"
    diffs = ctx.deploys.config_diffs()
    default = ctx.metrics.pool_sizes.get("")
    for key in ("db_pool_size", "pool_size", "connection_pool_size", "pool_per_pod"):
        if default is None and key in diffs:
            default = _num(diffs[key].get("after"))
    if default is None and not ctx.metrics.pool_sizes:
        vals = [
            n
            for _, v in ctx.logs.field_values.get("db_pool_size", [])
            if (n := _num(v)) is not None
        ]
        default = vals[-1] if vals else None
    mx = ctx.metrics.max_connections
    if mx is None and "max_connections" in diffs:
        mx = _num(diffs["max_connections"].get("after"))
    pods: list[tuple[str, int, float]] = []
    for colour, n in sorted(reps.items()):
        pool = ctx.metrics.pool_sizes.get(colour, default)
        if n and pool is not None:
            pods.append((colour, n, pool))
    if mx is None or not pods:
        return None
    demand = sum(n * pool for _, n, pool in pods)
    if len({pool for _, _, pool in pods}) == 1:
        parts = " + ".join(f"{n} {colour}" for colour, n, _ in pods)
        formula = f"({parts}) pods × {pods[0][2]:g} connections per pod"
    else:
        formula = " + ".join(f"{n} {colour} × {pool:g}" for colour, n, pool in pods)
    over = demand > mx
    text = (
        f"{formula} = {demand:g} {'>' if over else '≤'} max_connections {mx:g}"
        f" ({100 * demand / mx:.0f} %){assumed}"
    )
    return text, over


def _pool(ctx: Context) -> Candidate:
    c = Candidate("connection_pool_exhaustion")
    util = _conn_util_peak(ctx)
    neg = _pool_negative(ctx)
    if util is not None and util.peak >= 90:
        c.add(
            0.30,
            "metrics",
            f"DB connections reached {util.peak:.0f} % of max_connections",
            util.peak_at,
        )
    elif neg is not None:
        c.add(0.30, "logs", f"pool_available went to {neg[1]:g}: the pool was exhausted", neg[0])
    elif util is not None and util.peak >= 80:
        c.add(
            0.15,
            "metrics",
            f"DB connections reached {util.peak:.0f} % of max_connections",
            util.peak_at,
        )
    arith = capacity_arithmetic(ctx)
    if arith is not None and arith[1]:
        c.add(0.25, "deploy", "capacity arithmetic: " + arith[0], None)
    else:
        conc = _concurrency(ctx)
        pool = ctx.metrics.pool_size
        if pool is None:
            vals = [
                n
                for _, v in ctx.logs.field_values.get("db_pool_size", [])
                if (n := _num(v)) is not None
            ]
            pool = min(vals) if vals else None
        if conc is not None and pool is not None and conc > pool:
            c.add(
                0.25,
                "logs",
                f"{conc:g} concurrent calls against a pool of {pool:g} per pod",
                _first_error_at(ctx),
            )
    for ts, line in ctx.deploys.capacity_text[:1]:
        if arith is None:
            c.add(0.0, "logs", f'the agent\'s own capacity plan: "{line}"', ts)
    hints = ctx.logs.hints.get("connection_pool_exhaustion")
    if hints:
        c.add(0.15, "logs", f'errors say the pool is exhausted: "{hints[0][1]}"', hints[0][0])
    if util is not None and util.onset is not None and c.points:
        pct = ctx.metrics.green_pct_at(util.onset.at)
        c.add(
            0.15,
            "metrics",
            f"connections climbed from {util.onset.baseline:.0f} % to"
            f" {util.peak:.0f} % of max" + (f" as green took {pct:g} %" if pct else ""),
            util.onset.at,
        )
    q = ctx.metrics.get(ev.DB_QUERY_MS)
    if c.points and q is not None and q.onset is None and (q.ratio() or 1) < 1.5:
        c.add(
            0.15,
            "metrics",
            f"DB query time normal ({q.peak:.0f} ms peak): the database is not"
            " slow, it is out of connections",
            q.peak_at,
        )
    c.why_not = (
        "connections stayed healthy"
        + (f" (peak {util.peak:.0f} % of max)" if util is not None else "")
        if not c.points
        else "other evidence explains the symptoms better"
    )
    return c


def _capacity(ctx: Context) -> Candidate:
    c = Candidate("capacity")
    for name, limit in ((ev.CPU, 85.0), (ev.MEMORY, 90.0)):
        s = ctx.metrics.get(name)
        if s is not None and s.peak >= limit:
            c.add(0.30, "metrics", f"{name} peaked at {s.peak:.0f} % (≥ {limit:g} %)", s.peak_at)
            break
    rr = ctx.metrics.get(ev.REQUEST_RATE)
    if c.points and rr is not None and rr.baseline and rr.peak >= 1.5 * rr.baseline:
        c.add(
            0.20,
            "metrics",
            f"request rate rose {rr.baseline:.0f} → {rr.peak:.0f} req/s",
            rr.peak_at,
        )
    hints = ctx.logs.hints.get("capacity")
    if hints:
        c.add(0.15, "logs", f'logs show saturation: "{hints[0][1]}"', hints[0][0])
    if c.points and _query_ratio(ctx) is None and _pool_negative(ctx) is None:
        c.add(0.15, "metrics", "database signals normal", None)
    c.why_not = (
        "CPU, memory and load stayed within capacity"
        if not c.points
        else ("other evidence explains the symptoms better")
    )
    return c


def _dependency(ctx: Context) -> Candidate:
    c = Candidate("dependency")
    hints = ctx.logs.hints.get("dependency")
    if hints:
        c.add(0.35, "logs", f'errors name a dependency: "{hints[0][1]}"', hints[0][0])
        if _query_ratio(ctx) is None and _pool_negative(ctx) is None:
            c.add(0.20, "metrics", "database and connection signals normal", None)
        if not _changes_before(ctx):
            c.add(0.15, "deploy", "no change of ours before the onset", None)
    c.why_not = (
        "no error names a dependency"
        if not c.points
        else ("other evidence explains the symptoms better")
    )
    return c


def _cross_examine(candidates: list[Candidate], ctx: Context) -> None:
    """Causes versus mechanisms: a config change that shrank the pool explains exhaustion."""
    by = {c.category: c for c in candidates}
    cfg, pool = by["config_change"], by["connection_pool_exhaustion"]
    pool_keys = [k for _, k, _ in _config_diffs(ctx) if POOL_KEY.search(k)]
    if cfg.score >= 0.5 and pool_keys and pool.points:
        pool.add(
            -0.35,
            "deploy",
            f"explained by the config change to {pool_keys[0]}: exhaustion"
            " is the mechanism, the change is the cause",
            None,
        )
        pool.why_not = (
            f"the pool ran out because the deployment changed {pool_keys[0]};"
            " exhaustion is the mechanism, the config change the cause"
        )
    idx = by["missing_index"]
    if idx.score >= 0.5 and pool.points and _pool_negative(ctx) is None:
        util = _conn_util_peak(ctx)
        if util is not None and util.peak < 80:
            pool.why_not = f"connections stayed healthy (peak {util.peak:.0f} % of max)"


# --- the report's parts -------------------------------------------------------------------


def _summary(top: Candidate, ctx: Context) -> str:
    dep = _deployment(ctx)
    if top.category == "config_change" and dep:
        changes = ", ".join(
            f"{k} {_v(d['before'])} → {_v(d['after'])}" for k, d in dep["config_changes"].items()
        )
        gap = f", {minutes(ctx.onset - dep['at'])} before the onset" if ctx.onset else ""
        return f"Configuration bug introduced by the deployment at {hms(dep['at'])}{gap}: {changes}"
    if top.category == "missing_index":
        v = f" {dep['version']}" if dep and dep.get("version") else ""
        return (
            f"Slow queries from a new query pattern without an index in the new version{v}:"
            " DB query time and DB CPU rose under load while connections stayed healthy"
        )
    if top.category == "connection_pool_exhaustion":
        arith = capacity_arithmetic(ctx)
        tail = f" ({arith[0]})" if arith else ""
        return "Database connection pool exhausted as traffic moved to green" + tail
    if top.category == "capacity":
        return "The service ran out of capacity (CPU or memory saturated under load)"
    if top.category == "dependency":
        return "A dependency the service calls is failing"
    return "No incident"


def _action(top: Candidate, ctx: Context) -> tuple[str, str]:
    dep = _deployment(ctx)
    when = f" made at {hms(dep['at'])}" if dep else ""
    version = f" of {dep['version']}" if dep and dep.get("version") else ""
    if top.category == "config_change":
        restore = ", ".join(
            f"{k} = {_v(d['before'])}"
            for k, d in (dep or {}).get("config_changes", {}).items()
            if POOL_KEY.search(k)
        ) or ", ".join(
            f"{k} = {_v(d['before'])}" for k, d in (dep or {}).get("config_changes", {}).items()
        )
        return "rollback", f"Roll back the deployment{version}{when} and restore {restore}."
    if top.category == "missing_index":
        hint = ctx.logs.index_ddl[0] if ctx.logs.index_ddl else None
        idx = f" ({hint})" if hint else ""
        return "rollback", (
            f"Roll back traffic to blue; create the missing index for the new query pattern{idx}"
            " and verify the plan (EXPLAIN ANALYZE) before retrying the deployment."
        )
    if top.category == "connection_pool_exhaustion":
        arith = capacity_arithmetic(ctx)
        fix = "raise max_connections or lower the pool per pod so that all pods of both colours fit"
        if arith:
            fix += f" (now {arith[0]})"
        if ctx.rollout_seen:
            return "rollback", f"Roll back traffic to blue; {fix}, then retry."
        return "scale", fix[0].upper() + fix[1:] + "."
    if top.category == "capacity":
        return "scale", "Add replicas (or CPU/memory) before shifting more traffic."
    if top.category == "dependency":
        return "fix_forward", (
            "Rolling back will not help: engage the owner of the failing"
            " dependency and shed or retry its calls."
        )
    return "none", "Nothing to do."


def _deployment(ctx: Context) -> dict[str, Any] | None:
    changes = _changes_before(ctx)
    if not changes:
        return None
    deploys = [c for c in changes if c.kind == "deployment"]
    with_diff = [c for c in changes if c.changes]
    anchor = (with_diff or deploys or changes)[-1]
    if anchor.kind != "deployment" and deploys and deploys[-1].at <= anchor.at:
        dep = deploys[-1]
    else:
        dep = anchor
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
        "gap_to_onset_s": None if ctx.onset is None else round(ctx.onset - dep.at, 1),
    }


def _evidence(top: Candidate, ctx: Context) -> list[Evidence]:
    # A point with no moment of its own (capacity arithmetic) is dated at the onset.
    fallback = ctx.onset if ctx.onset is not None else ctx.end
    out = [
        Evidence(p.source, p.at if p.at is not None else fallback, p.reason)
        for p in top.points
        if p.points > 0
    ]
    out.extend(_symptom_evidence(ctx))
    seen: set[str] = set()
    uniq = []
    for e in out:
        if e.detail not in seen:
            seen.add(e.detail)
            uniq.append(e)
    uniq.sort(key=lambda e: (e.at is None, e.at or 0.0))
    return uniq


def _symptom_evidence(ctx: Context) -> list[Evidence]:
    out: list[Evidence] = []
    m = ctx.metrics
    for name in (ev.LATENCY_P99, ev.ERROR_RATE, ev.TIMEOUT_RATE):
        s = m.get(name)
        if s is None or (s.onset is None and not s.over_limit):
            continue
        spec = SIGNALS[name]
        base = s.onset.baseline if s.onset else s.baseline
        text = f"{spec.label} peaked at {spec.fmt(s.peak)}"
        if base and s.count > 3 and s.peak >= 1.5 * base:
            text += f" ({s.peak / base:.0f}× the {spec.fmt(base)} baseline)"
        if s.limit is not None and name != ev.TIMEOUT_RATE:
            text += f"; {'over' if s.peak > s.limit else 'within'} the {spec.fmt(s.limit)} SLO"
        out.append(Evidence("metrics", s.peak_at, text))
    b = m.burn
    short = b.short if b is not None else None
    if b is not None and short is not None:
        text = (
            f"error-budget burn rate {short:.1f}× over 5 min and {b.long or 0:.1f}× over"
            f" 1 h against a {b.slo_pct:g} % error SLO"
        )
        text += ": fast burn, would page" if b.fast_burn else ""
        if b.fast_burn or short >= 2:
            out.append(Evidence("metrics", b.at, text))
    # The error patterns that came with the incident, not the background ones before it.
    patterns = [
        p
        for p in ctx.logs.patterns
        if p.count >= 3 and (ctx.onset is None or p.first_at >= ctx.onset - 60)
    ]
    for p in patterns[:2]:
        share = f" ({p.share_pct:.0f} % of service log lines)" if p.share_pct is not None else ""
        fields = ", ".join(
            f"{k}={_field(v)}"
            for k, v in p.common_fields.items()
            if k
            in (
                "pool_available",
                "db_pool_size",
                "concurrent_calls",
                "possibly_deployment_related",
                "minutes_since_deployment",
                "query_duration_ms",
            )
        )
        text = f'{p.count} × "{p.pattern}" from {hms(p.first_at)}{share}'
        if fields:
            text += f"; every one carries {fields}"
        out.append(Evidence("logs", p.first_at, text))
    return out


def _field(value: Any) -> str:
    if isinstance(value, dict) and "min" in value:
        return f"{_v(value['min'])}–{_v(value['max'])}"
    return _v(value)


def _impact(ctx: Context, evs: list[ev.Event]) -> str:
    parts: list[str] = []
    m = ctx.metrics
    for name in (ev.LATENCY_P99, ev.ERROR_RATE, ev.TIMEOUT_RATE):
        s = m.get(name)
        if s is not None and (s.onset is not None or s.over_limit):
            parts.append(f"{SIGNALS[name].label} up to {SIGNALS[name].fmt(s.peak)}")
    if ctx.onset is not None and ctx.end is not None:
        recovered = next((e.ts for e in evs if isinstance(e, ev.Outcome)), ctx.end)
        parts.append(f"for {minutes(max(0.0, recovered - ctx.onset))} from the onset")
        pct = m.green_pct_at(ctx.onset)
        if pct is not None:
            parts.append(f"with {pct:g} % of traffic on green at the onset")
    for e in evs:
        if isinstance(e, ev.Outcome) and e.customer_impact:
            parts.append(f"agent's estimate: {e.customer_impact}")
    return "; ".join(parts) or "no measurable impact"


def _alternatives(
    rest: list[Candidate], top: Candidate, sources: dict[str, bool]
) -> list[dict[str, Any]]:
    out = []
    for c in rest:
        conf = _coverage(c.score, sources)[0]
        out.append({"category": c.category, "confidence": round(conf, 2), "why_not": c.why_not})
    return out


def _no_cause(
    ctx: Context,
    candidates: list[Candidate],
    sources: dict[str, bool],
    limitations: list[str],
    service: str | None,
    alert_at: float | None,
) -> RcaReport:
    report = _no_incident(ctx, candidates, sources, limitations, service, alert_at)
    report.summary = "Symptoms without an explained cause: " + "; ".join(ctx.incident[:3])
    report.confidence = round(min(report.confidence, 0.3), 2)
    report.confidence_notes = [
        f"no candidate scored {MIN_CAUSE_SCORE:g} or more (best: {candidates[0].category}"
        f" {candidates[0].score:.2f})"
    ]
    report.critical_failure = ctx.onset_what or "none"
    report.onset_at = ctx.onset
    report.alternatives = [
        {"category": c.category, "confidence": round(c.score, 2), "why_not": c.why_not}
        for c in candidates
    ]
    report.action_detail = "Keep watching; no cause has enough evidence to act on."
    return report


def _no_incident(
    ctx: Context,
    candidates: list[Candidate],
    sources: dict[str, bool],
    limitations: list[str],
    service: str | None,
    alert_at: float | None,
) -> RcaReport:
    conf, notes = _coverage(0.9, sources)
    notes.insert(
        0, "no signal left its baseline, no SLO was breached and no error pattern dominated"
    )
    checked = [
        f"{SIGNALS[s.name].label}"
        for s in ctx.metrics.signals.values()
        if s.name in SIGNALS and s.scope == ""
    ]
    evidence = []
    if checked:
        evidence.append(Evidence("metrics", ctx.end, "checked for onsets: " + ", ".join(checked)))
    if ctx.logs.present:
        evidence.append(
            Evidence(
                "logs",
                ctx.end,
                f"{ctx.logs.errors} error lines of {ctx.logs.lines}; no dominant error pattern",
            )
        )
    return RcaReport(
        category="none",
        summary="No incident: every signal stayed on its baseline",
        confidence=round(conf, 2),
        evidence=evidence,
        action_kind="none",
        action_detail="Nothing to do.",
        onset_at=None,
        deployment=None,
        alternatives=[
            {"category": c.category, "confidence": 0.0, "why_not": "no incident to explain"}
            for c in candidates
        ],
        candidates=candidates,
        critical_failure="none",
        impact="none",
        limitations=limitations,
        confidence_notes=notes,
        service=service,
        alert_at=alert_at,
        sources=sources,
    )
