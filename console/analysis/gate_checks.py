"""The checks a gate shows: how did the stage's monitoring window go?

Computed once, when the gate opens, from the metric samples since the window started (the
gate's ``window_start``, else the start of the stage, else the last gate). Each check is
``{"name", "ok": True | False | None, "reason"}``; ``ok`` is None when there was no data to
judge, which the gate bar shows as "unknown" rather than as a pass.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from console import events as ev
from console.analysis.changepoint import SIGNALS
from console.state import State
from console.timefmt import clock

MAX_SAMPLES = 50_000  # bound memory on a long stage; a window rarely needs more
DB_UTIL_LIMIT = 80.0  # per cent of max_connections
REGRESSION_REL = 0.20  # green worse than blue by 20 % ...
REGRESSION_ABS = {ev.LATENCY_AVG: 15.0, ev.LATENCY_P99: 50.0, ev.ERROR_RATE: 0.3}  # ... and this
TREND_METRICS = (ev.LATENCY_AVG, ev.LATENCY_P99, ev.ERROR_RATE, ev.DB_QUERY_MS)
COMPARE_ORDER = (
    ev.LATENCY_AVG,
    ev.LATENCY_P95,
    ev.LATENCY_P99,
    ev.ERROR_RATE,
    ev.TIMEOUT_RATE,
    ev.REQUEST_RATE,
    ev.DB_CONNECTIONS,
    ev.CPU,
    ev.MEMORY,
)

Sample = tuple[float, str, str, float]  # ts, name, scope, value


def _fmt(name: str, value: float) -> str:
    spec = SIGNALS.get(name)
    if spec is not None:
        return spec.fmt(value)
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.2g}"


def _check(name: str, ok: bool | None, reason: str) -> dict[str, Any]:
    return {"name": name, "ok": ok, "reason": reason}


class GateCheckAnalyzer:
    """On GateOpened, answers GateChecks for that stage's window."""

    def __init__(self) -> None:
        self.samples: deque[Sample] = deque(maxlen=MAX_SAMPLES)
        self.stage_start: float | None = None
        self.last_gate_at: float | None = None
        self.warnings: list[tuple[float, str]] = []  # the early warnings seen, for "trend"

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if isinstance(event, ev.MetricSample):
            self.samples.append((event.ts, event.name, event.scope, event.value))
        elif isinstance(event, ev.Finding) and event.code == "early_warning":
            self.warnings.append((event.ts, event.message))
        elif isinstance(event, ev.StageStarted):
            self.stage_start = event.ts
        elif isinstance(event, ev.GateOpened):
            start = event.window_start or self.stage_start or self.last_gate_at
            self.last_gate_at = event.ts
            window = [s for s in self.samples if start is None or start <= s[0] <= event.ts]
            warned = [
                f"{m.split(' (baseline')[0]} at {clock(t)}"
                for t, m in self.warnings
                if start is None or start <= t <= event.ts
            ]
            checks, compare = gate_checks(
                window,
                state.thresholds,
                start,
                event.ts,
                state.metric(ev.DB_CONNECTIONS_MAX),
                warned,
            )
            return [
                ev.GateChecks(
                    ts=event.ts,
                    source="analysis",
                    gate_id=event.gate_id,
                    checks=tuple(checks),
                    compare=tuple(compare),
                )
            ]
        return ()


def _series(window: list[Sample], name: str, scope: str = "") -> list[tuple[float, float]]:
    return [(t, v) for t, n, s, v in window if n == name and s == scope]


def _limit(thresholds: Mapping[str, Mapping[str, Any]], name: str, default: float) -> float:
    t = thresholds.get(name)
    return float(t["value"]) if t else default


def gate_checks(
    window: list[Sample],
    thresholds: Mapping[str, Mapping[str, Any]],
    start: float | None,
    end: float,
    max_connections: float | None = None,
    warnings: list[str] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(checks, compare) for the samples of one monitoring window."""
    checks = [
        _peak_check(window, thresholds, ev.LATENCY_P99, "p99 vs SLO", "p99", 500.0, "SLO"),
        _peak_check(
            window, thresholds, ev.LATENCY_AVG, "avg latency", "avg latency", 150.0, "threshold"
        ),
        _peak_check(
            window, thresholds, ev.ERROR_RATE, "error rate vs SLO", "error rate", 1.0, "SLO"
        ),
        _db_check(window, max_connections),
        _regression_check(window),
        _trend_check(window, warnings or []),
    ]
    return checks, _compare(window)


def _peak_check(
    window: list[Sample],
    thresholds: Mapping[str, Mapping[str, Any]],
    name: str,
    check: str,
    label: str,
    default: float,
    kind: str,
) -> dict[str, Any]:
    series = _series(window, name) or _series(window, name, "green")
    limit = _limit(thresholds, name, default)
    if not series:
        return _check(check, None, f"no {label} samples in the window")
    peak = max(v for _, v in series)
    if peak > limit:
        return _check(check, False, f"{label} {_fmt(name, peak)} > {_fmt(name, limit)} {kind}")
    return _check(check, True, f"{label} peak {_fmt(name, peak)} ≤ {_fmt(name, limit)} {kind}")


def _db_check(window: list[Sample], max_connections: float | None) -> dict[str, Any]:
    name = "DB connections"
    conns = _series(window, ev.DB_CONNECTIONS)
    if not conns:
        by_ts: dict[float, float] = {}
        for scope in ("blue", "green"):
            for t, v in _series(window, ev.DB_CONNECTIONS, scope):
                by_ts[t] = by_ts.get(t, 0.0) + v
        conns = sorted(by_ts.items())
    maxes = _series(window, ev.DB_CONNECTIONS_MAX)
    limit = maxes[-1][1] if maxes else max_connections
    if not conns:
        return _check(name, None, "no DB connection samples in the window")
    if not limit:
        return _check(name, None, f"peak {max(v for _, v in conns):.0f} connections, max unknown")
    peak = max(v for _, v in conns)
    util = 100.0 * peak / limit if limit else 100.0
    text = f"{peak:.0f}/{limit:.0f} connections ({util:.0f} %)"
    if util >= DB_UTIL_LIMIT:
        return _check(name, False, f"{text} ≥ {DB_UTIL_LIMIT:.0f} % of max")
    return _check(name, True, f"{text} < {DB_UTIL_LIMIT:.0f} % of max")


def _regression_check(window: list[Sample]) -> dict[str, Any]:
    name = "green vs blue"
    worse: list[str] = []
    compared: list[str] = []
    for metric, floor in REGRESSION_ABS.items():
        blue = [v for _, v in _series(window, metric, "blue")]
        green = [v for _, v in _series(window, metric, "green")]
        if not blue or not green:
            continue
        b, g = statistics.fmean(blue), statistics.fmean(green)
        label = SIGNALS[metric].label
        compared.append(label)
        if g - b >= floor and g > b * (1 + REGRESSION_REL):
            worse.append(f"{label} green {_fmt(metric, g)} vs blue {_fmt(metric, b)}")
    if not compared:
        return _check(name, None, "no blue/green samples to compare")
    if worse:
        return _check(name, False, "regression: " + "; ".join(worse))
    return _check(name, True, "green within 20 % of blue on " + ", ".join(compared))


def _trend_check(window: list[Sample], warnings: list[str]) -> dict[str, Any]:
    """Rising through the window: the early warnings raised in it (change-point detection),
    and the last third of each signal against its first third."""
    name = "trend"
    rising: list[str] = warnings[:3]
    judged = 0
    for metric in TREND_METRICS:
        series = _series(window, metric) or _series(window, metric, "green")
        if len(series) < 3:
            continue
        judged += 1
        third = max(1, len(series) // 3)
        first = statistics.fmean(v for _, v in series[:third])
        last = statistics.fmean(v for _, v in series[-third:])
        spec = SIGNALS[metric]
        if last - first >= max(spec.min_abs, spec.min_rel * abs(first)):
            span = (series[-1][0] - series[0][0]) / 60
            rising.append(
                f"{spec.label} rising {_fmt(metric, first)}→{_fmt(metric, last)}"
                f" over {span:.0f} min"
            )
    if not judged and not rising:
        return _check(name, None, "too few samples to judge a trend")
    if rising:
        return _check(name, False, "; ".join(rising))
    return _check(name, True, "no signal rising through the window")


def _compare(window: list[Sample]) -> list[dict[str, Any]]:
    names = {n for _, n, s, _ in window if s in ("blue", "green")}
    order = [n for n in COMPARE_ORDER if n in names] + sorted(names - set(COMPARE_ORDER))
    out: list[dict[str, Any]] = []
    for metric in order:
        blue = [v for _, v in _series(window, metric, "blue")]
        green = [v for _, v in _series(window, metric, "green")]
        out.append(
            {
                "metric": metric,
                "blue": round(statistics.fmean(blue), 2) if blue else None,
                "green": round(statistics.fmean(green), 2) if green else None,
            }
        )
    return out
