"""Onset detection: when did a signal leave its baseline?

A one-sided (upward) CUSUM over values standardised against a baseline learned from the first
samples of the signal. CUSUM accumulates small, persistent rises, so a slow degradation is
flagged before any fixed threshold is crossed; the materiality floors (absolute and relative
rise, and for utilisations a minimum level) keep ordinary noise and small traffic-driven drift
from raising an alarm. The onset reported is the first sample of the excursion that raised the
alarm: the start of the run of samples more than 1.5 standard deviations (and half the
material rise) above the baseline that ends at the alarm. (The classic estimate, where the sum
last left zero, drifts early when noise keeps the sum just above zero.)
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from console import events as ev

DB_CONN_UTIL = "db_connection_util_pct"  # derived: db_connections / db_connections_max × 100


@dataclass(frozen=True, slots=True)
class SignalSpec:
    """How one signal is judged. ``min_abs``/``min_rel``: the smallest rise worth an alarm."""

    name: str
    label: str
    unit: str
    min_abs: float
    min_rel: float
    min_level: float | None = None  # alarm only when the value is at least this

    def fmt(self, value: float) -> str:
        if self.unit == "%":
            return f"{value:.1f} %" if abs(value) < 10 else f"{value:.0f} %"
        return f"{value:.0f} {self.unit}"


SIGNALS: dict[str, SignalSpec] = {
    s.name: s
    for s in (
        SignalSpec(ev.LATENCY_AVG, "avg latency", "ms", 12.0, 0.15),
        SignalSpec(ev.LATENCY_P95, "p95 latency", "ms", 30.0, 0.15),
        SignalSpec(ev.LATENCY_P99, "p99 latency", "ms", 50.0, 0.15),
        # a log's queries', jobs' and steps' times (no request timed): no SLO of their own
        SignalSpec(ev.WORK_AVG, "avg work time", "ms", 12.0, 0.15),
        SignalSpec(ev.WORK_P95, "p95 work time", "ms", 30.0, 0.15),
        SignalSpec(ev.WORK_P99, "p99 work time", "ms", 50.0, 0.15),
        SignalSpec(ev.ERROR_RATE, "error rate", "%", 0.3, 0.5),
        SignalSpec(ev.TIMEOUT_RATE, "timeout rate", "%", 1.0, 0.5),
        SignalSpec(ev.DB_QUERY_MS, "DB query time", "ms", 10.0, 0.25),
        SignalSpec(ev.DB_CPU, "DB CPU", "%", 10.0, 0.20),
        SignalSpec(DB_CONN_UTIL, "DB connection utilisation", "%", 10.0, 0.10, min_level=70.0),
    )
}

WARMUP_S = 120.0  # the baseline is learned over the signal's first two minutes ...
WARMUP_MIN = 3  # ... and at least three samples (log-derived metrics arrive once a minute)
WARMUP_MAX = 12
K = 0.5  # CUSUM slack, in baseline standard deviations
H = 4.0  # CUSUM decision interval
RECOVER_SAMPLES = 3
RUN_Z = 1.5  # a sample this many sds up (and half a material rise) belongs to the onset


@dataclass(frozen=True, slots=True)
class Onset:
    """A signal left its baseline: alarm raised at ``alarm_at``, excursion began at ``at``."""

    spec: SignalSpec
    scope: str
    at: float
    alarm_at: float
    baseline: float
    value: float  # the value when the alarm was raised
    start_value: float  # the value at the onset sample
    cusum: float

    @property
    def rise(self) -> float:
        return self.value - self.baseline

    def describe(self) -> str:
        s = self.spec
        where = f" ({self.scope})" if self.scope else ""
        how = (
            f"jumped: {s.fmt(self.baseline)}→{s.fmt(self.value)}"
            if self.alarm_at - self.at < 1
            else f"trending up: {s.fmt(self.baseline)}→{s.fmt(self.value)}"
            f" over {_duration(self.alarm_at - self.at)}"
        )
        return f"{s.label}{where} {how} (baseline {s.fmt(self.baseline)}, CUSUM {self.cusum:.1f})"


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min".replace(".0 min", " min")


class CusumDetector:
    """Feed ``update(ts, value)`` in time order; it returns an Onset once per excursion."""

    def __init__(self, spec: SignalSpec, scope: str = "") -> None:
        self.spec = spec
        self.scope = scope
        self._warm: list[tuple[float, float]] = []
        self.mean: float | None = None
        self.sd: float = 0.0
        self.wobble = 0.0  # the largest rise above the baseline during the warm-up
        self.s = 0.0
        self._run: list[tuple[float, float]] = []  # samples > baseline + 1 sd, up to now
        self.alarmed = False
        self._calm = 0

    @property
    def floor(self) -> float:
        """The smallest rise that matters: the signal's own minimum, and more than half again
        the largest wobble seen while the baseline was learned (a noisy signal must rise
        further than its noise)."""
        if self.mean is None:
            return math.inf
        return max(self.spec.min_abs, self.spec.min_rel * abs(self.mean), 1.5 * self.wobble)

    @property
    def ready(self) -> bool:
        return self.mean is not None

    def material(self, value: float) -> bool:
        """Is ``value`` far enough above the baseline (and high enough) to matter?"""
        if self.mean is None:
            return False
        spec = self.spec
        if value - self.mean < self.floor:
            return False
        return spec.min_level is None or value >= spec.min_level

    def update(self, ts: float, value: float) -> Onset | None:
        if not math.isfinite(value):
            return None
        if self.mean is None:
            self._learn(ts, value)
            return None
        z = (value - self.mean) / self.sd
        self.s = max(0.0, self.s + z - K)
        if z > RUN_Z and value - self.mean >= 0.5 * self.floor:
            self._run.append((ts, value))
            del self._run[:-1000]
        else:
            self._run.clear()
        if self.alarmed:
            # A big excursion leaves a big sum that would take many samples to drain; three
            # samples back near the baseline (within half a material rise) end the episode,
            # so a later rise is a new onset.
            near = value - self.mean < 0.5 * self.floor  # hysteresis: noise at the floor
            self._calm = self._calm + 1 if near else 0
            if self._calm >= RECOVER_SAMPLES:
                self.alarmed = False
                self.s = 0.0
                self._run.clear()
            return None
        if self.s == 0:
            return None
        if self.s <= H or not self.material(value):
            # Over days a tiny bias would grow the sum without bound; capping it keeps the
            # figure meaningful and changes nothing else (above H, materiality decides).
            self.s = min(self.s, 3 * H)
            return None
        self.alarmed = True
        self._calm = 0
        start = self._run[0] if self._run else (ts, value)
        return Onset(
            spec=self.spec,
            scope=self.scope,
            at=start[0],
            alarm_at=ts,
            baseline=self.mean,
            value=value,
            start_value=start[1],
            cusum=self.s,
        )

    def _learn(self, ts: float, value: float) -> None:
        self._warm.append((ts, value))
        n = len(self._warm)
        span = ts - self._warm[0][0]
        if n < WARMUP_MIN or (span < WARMUP_S and n < WARMUP_MAX):
            return
        values = [v for _, v in self._warm]
        # The median resists a stray spike in the warm-up; the sd floor keeps a very quiet
        # baseline from turning every wobble into many standard deviations.
        self.mean = statistics.median(values)
        self.wobble = max(values) - self.mean
        sd = statistics.pstdev(values) if n > 1 else 0.0
        self.sd = max(sd, 0.05 * abs(self.mean), self.spec.min_abs / 4, 1e-6)
        self._warm.clear()


def detect_onsets(
    samples: Iterable[tuple[float, float]], spec: SignalSpec, scope: str = ""
) -> list[Onset]:
    """Every onset in a time-ordered series (offline use by the RCA)."""
    det = CusumDetector(spec, scope)
    out: list[Onset] = []
    for ts, value in samples:
        onset = det.update(ts, value)
        if onset is not None:
            out.append(onset)
    return out


# Fields of a service log line that measure one request, not the service: the parser turns
# ``query_duration_ms`` into a DB query time sample, but a single slow (or fast) query must
# not be read as the database's aggregate query time.
PER_REQUEST_FIELDS = frozenset({"query_duration_ms", "query_ms"})


class PerRequestFilter:
    """Feed every event in order; ``skip(sample)`` is True for a per-request sample."""

    def __init__(self) -> None:
        self._line: tuple[float, str] | None = None

    def see(self, event: ev.Event) -> None:
        if isinstance(event, ev.LogLine):
            fields = event.fields
            if event.fmt == "json" and fields and not PER_REQUEST_FIELDS.isdisjoint(fields):
                self._line = (event.ts, event.source)
            else:
                self._line = None

    def skip(self, sample: ev.MetricSample) -> bool:
        return (
            sample.name == ev.DB_QUERY_MS
            and self._line is not None
            and self._line == (sample.ts, sample.source)
        )
