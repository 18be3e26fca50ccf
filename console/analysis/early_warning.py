"""Live analysers that warn: a signal leaving its baseline, and a sustained SLO breach.

Both are Pipeline analysers (``observe(state, event) -> events``). What they answer is recorded
like any other event, so replay shows the same warnings without running them again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from console import events as ev
from console.analysis.changepoint import (
    DB_CONN_UTIL,
    SIGNALS,
    CusumDetector,
    Onset,
    PerRequestFilter,
)
from console.state import State
from console.timefmt import clock

WATCHED_SCOPES = ("", "green")  # the service as a whole, and the new version on its own


def utilisation_samples(
    event: ev.MetricSample, max_connections: float | None
) -> Iterator[tuple[str, str, float]]:
    """(signal, scope, value) a sample stands for, including derived connection utilisation."""
    if event.name in SIGNALS:
        yield event.name, event.scope, event.value
    elif event.name == ev.DB_CONNECTIONS and event.scope == "" and max_connections:
        yield DB_CONN_UTIL, "", 100.0 * event.value / max_connections


class SignalBank:
    """One CUSUM detector per (signal, scope), fed from MetricSample events."""

    def __init__(self, scopes: Iterable[str] = WATCHED_SCOPES) -> None:
        self.scopes = frozenset(scopes)
        # One per source too: a metric two sources report is two series, two baselines.
        self.detectors: dict[tuple[str, str, str], CusumDetector] = {}
        self.max_connections: float | None = None

    def feed(self, event: ev.MetricSample) -> list[Onset]:
        if event.name == ev.DB_CONNECTIONS_MAX and event.value > 0:
            self.max_connections = event.value
            return []
        out: list[Onset] = []
        for name, scope, value in utilisation_samples(event, self.max_connections):
            if scope not in self.scopes:
                continue
            key = (name, scope, event.source)
            det = self.detectors.get(key)
            if det is None:
                det = self.detectors[key] = CusumDetector(SIGNALS[name], scope)
            onset = det.update(event.ts, value)
            if onset is not None:
                out.append(onset)
        return out


def onset_finding(onset: Onset, source: str = "analysis") -> ev.Finding:
    return ev.Finding(
        ts=onset.alarm_at,
        source=source,
        code="early_warning",
        severity="warning",
        metric=onset.spec.name,
        message=f"{onset.describe()}; onset {clock(onset.at)}",
        data={
            "signal": onset.spec.name,
            "scope": onset.scope,
            "onset_at": onset.at,
            "alarm_at": onset.alarm_at,
            "baseline": round(onset.baseline, 3),
            "value": round(onset.value, 3),
            "start_value": round(onset.start_value, 3),
            "cusum": round(onset.cusum, 2),
            "method": "CUSUM k=0.5 h=4 over a baseline learned from the first samples",
        },
    )


class EarlyWarningAnalyzer:
    """Flags a degrading trend (change-point) per signal, once per onset."""

    def __init__(self) -> None:
        self.bank = SignalBank()
        self.per_request = PerRequestFilter()

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if not isinstance(event, ev.MetricSample):
            self.per_request.see(event)
            return ()
        if self.per_request.skip(event):
            return ()
        if self.bank.max_connections is None:
            known = state.metric(ev.DB_CONNECTIONS_MAX)
            if known:
                self.bank.max_connections = known
        return [onset_finding(o) for o in self.bank.feed(event)]


SUSTAIN_SAMPLES = 3  # consecutive samples over the SLO ...
SUSTAIN_S = 60.0  # ... or over it for at least this long, is a sustained breach


class SloBreachAnalyzer:
    """A critical finding when an SLO metric stays over its limit (not on a single spike)."""

    def __init__(self) -> None:
        # (metric, scope) -> (first over-limit ts, count, peak, raised)
        self._runs: dict[tuple[str, str], tuple[float, int, float, bool]] = {}

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if not isinstance(event, ev.MetricSample) or event.scope not in WATCHED_SCOPES:
            return ()
        t = state.thresholds.get(event.name)
        if not t or not t.get("slo"):
            return ()
        limit = float(t["value"])
        key = (event.name, event.scope)
        if event.value <= limit:
            self._runs.pop(key, None)
            return ()
        first, count, peak, raised = self._runs.get(key, (event.ts, 0, event.value, False))
        count += 1
        peak = max(peak, event.value)
        sustained = count >= SUSTAIN_SAMPLES or (count >= 2 and event.ts - first >= SUSTAIN_S)
        self._runs[key] = (first, count, peak, raised or sustained)
        if raised or not sustained:
            return ()
        spec = SIGNALS.get(event.name)
        label = spec.label if spec else event.name
        fmt = spec.fmt if spec else (lambda v: f"{v:g}")
        where = f" ({event.scope})" if event.scope else ""
        return [
            ev.Finding(
                ts=event.ts,
                source="analysis",
                code="slo_breach",
                severity="critical",
                metric=event.name,
                message=(
                    f"SLO breach: {label}{where} {fmt(event.value)} > {fmt(limit)} SLO"
                    f" for {event.ts - first:.0f} s ({count} samples, peak {fmt(peak)})"
                ),
                data={
                    "metric": event.name,
                    "scope": event.scope,
                    "limit": limit,
                    "value": event.value,
                    "peak": peak,
                    "since": first,
                    "samples": count,
                },
            )
        ]
