"""The report's words: summary, evidence in time order, impact, alternatives."""

from __future__ import annotations

from typing import Any

from console import events as ev
from console.analysis.changepoint import SIGNALS
from console.analysis.rca import database
from console.analysis.rca.candidates import setting_kind
from console.analysis.rca.context import Facts
from console.analysis.rca.model import Candidate, Evidence
from console.analysis.rca.signatures import endpoint_impact
from console.timefmt import clock, duration


def summary(top: Candidate, f: Facts) -> str:
    c = top.change
    if top.category == "config_change" and c is not None:
        keys = ", ".join(f"{k} {d.get('before')} → {d.get('after')}" for k, d in c.changes.items())
        what = {
            "flag": "Feature flag change",
            "env": "Env var change",
        }.get(c.setting, "Config change")
        if c.kind == "deployment":
            ver = f" {c.version}" if c.version else ""
            what = f"Configuration bug introduced by the release{ver} of {c.service or 'it'}"
            if not keys and top.missing:
                keys = f"it needs the {setting_kind(top.missing)}, which is not set"
        res = f" on {c.resource}" if c.resource else ""
        gap = f", {duration(f.onset - c.at)} before the onset" if f.onset else ""
        return f"{what}{res} at {clock(c.at)}{gap}: {keys}"
    if top.category == "code_change" and c is not None:
        ver = f" {c.previous_version} → {c.version}" if c.previous_version else f" {c.version}"
        return (
            f"The release{ver if c.version else ''} of {c.service or 'the service'} at"
            f" {clock(c.at)} broke it: the errors began after it and come from its code"
        )
    if top.category == "dependency" and c is not None and c.kind != "deployment":
        return (
            f"A change of {c.service} ({c.describe()}) at {clock(c.at)}: this service's"
            " errors are calls to it failing"
        )
    if top.category == "dependency" and c is not None:
        return (
            f"A release of {c.service} ({c.version or 'new version'}) at {clock(c.at)}: this"
            " service's errors are calls to it failing"
        )
    if top.category == "dependency":
        return f"Upstream {top.subject or 'dependency'} is failing; no change of ours explains it"
    if top.category == "infrastructure":
        if top.mechanism == "certificate":
            return f"The TLS certificate of {top.subject} is not valid: every call to it fails"
        if c is not None:
            return f"Infrastructure event: {c.text}" + (f" ({c.obj})" if c.obj else "")
        return "The database failed over"
    if top.category == "missing_index":
        v = ""
        if c is not None and c.version:
            v = f" {c.version}"
        return (
            f"Slow queries from a new query pattern without an index in the new version{v}:"
            " queries slowed under load while connections stayed healthy"
        )
    if top.category == "capacity":
        if top.subject == "connection pool":
            arith = database.capacity_arithmetic(f)
            tail = f" ({arith[0]})" if arith else ""
            return "Database connection pool exhausted as traffic grew" + tail
        return "The service ran out of capacity under more traffic than it can take"
    return "No incident"


def evidence(top: Candidate, f: Facts) -> list[Evidence]:
    fallback = f.onset if f.onset is not None else f.end
    out = [
        Evidence(p.source, p.at if p.at is not None else fallback, p.reason)
        for p in top.points
        if p.points > 0
    ]
    out.extend(symptoms(f))
    seen: set[str] = set()
    uniq = []
    for e in out:
        if e.detail not in seen:
            seen.add(e.detail)
            uniq.append(e)
    uniq.sort(key=lambda e: (e.at is None, e.at or 0.0))
    return uniq


def _v(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def symptoms(f: Facts) -> list[Evidence]:
    out: list[Evidence] = []
    m = f.metrics
    for name in (ev.LATENCY_P99, ev.WORK_P99, ev.ERROR_RATE, ev.TIMEOUT_RATE):
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
    if f.episode is not None:
        out.append(Evidence("metrics", f.episode.start, f.episode.describe()))
    if f.onset is not None and f.end is not None:
        for imp in endpoint_impact(f.records, f.onset, f.end)[:1]:
            if imp.failed >= 3 and imp.pct >= 2 * imp.baseline_pct + 1:
                out.append(
                    Evidence(
                        "logs",
                        f.onset,
                        f"{imp.endpoint}: {imp.pct:.0f} % of requests failing after the onset"
                        f" ({imp.failed} of {imp.total}; {imp.baseline_pct:.1f} % before)",
                    )
                )
    grown = [g for g in f.signatures if g.after >= 3 and g.after > g.before][:2]
    for g in grown:
        since = g.first_after if g.first_after is not None else g.first_at
        text = f'{g.after} × "{g.template}" from {clock(since)}'
        text += " (new)" if g.before == 0 else f" ({g.before} in the hour before the onset)"
        common = _common_fields(f, g.template)
        if common:
            text += f"; every one carries {common}"
        out.append(Evidence("logs", since, text))
    return out


_SHOWN = (
    "pool_available",
    "db_pool_size",
    "concurrent_calls",
    "possibly_deployment_related",
    "minutes_since_deployment",
)


def _common_fields(f: Facts, template: str) -> str:
    recs = [r for r in f.records if r.failed and r.template == template][:200]
    if not recs:
        return ""
    parts = []
    for key in _SHOWN:
        vals = {repr(r.fields.get(key)) for r in recs if key in r.fields}
        if len(vals) == 1 and sum(1 for r in recs if key in r.fields) >= 0.8 * len(recs):
            parts.append(f"{key}={_v(recs[0].fields[key])}")
    return ", ".join(parts)


def impact(f: Facts, evs: list[ev.Event]) -> str:
    parts: list[str] = []
    m = f.metrics
    for name in (ev.LATENCY_P99, ev.WORK_P99, ev.ERROR_RATE, ev.TIMEOUT_RATE):
        s = m.get(name)
        if s is not None and (s.onset is not None or s.over_limit):
            parts.append(f"{SIGNALS[name].label} up to {SIGNALS[name].fmt(s.peak)}")
    if f.episode is not None:
        parts.append(f"{f.episode.pct:.3g} % of log lines failing at first")
    if f.onset is not None and f.end is not None:
        recovered = next((e.ts for e in evs if isinstance(e, ev.Outcome)), f.end)
        parts.append(f"for {duration(max(0.0, recovered - f.onset))} from the onset")
        pct = m.green_pct_at(f.onset)
        if pct is not None:
            parts.append(f"with {pct:g} % of traffic on green at the onset")
        worst = endpoint_impact(f.records, f.onset, f.end)[:3]
        eps = [
            f"{i.endpoint} {i.pct:.0f} %" for i in worst if i.failed >= 3 and i.pct > i.baseline_pct
        ]
        if eps:
            parts.append("failing: " + ", ".join(eps))
    for e in evs:
        if isinstance(e, ev.Outcome) and e.customer_impact:
            parts.append(f"agent's estimate: {e.customer_impact}")
    return "; ".join(parts) or "no measurable impact"
