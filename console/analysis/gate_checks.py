"""The checks a gate shows: how did the stage's monitoring window go?

Computed once, when the gate opens, from the metric samples since the window started (the
gate's ``window_start``, else the start of the stage, else the last gate). Each check is
``{"name", "ok": True | False | None, "reason"}`` (and ``"slo": True`` when a failure is an
SLO breached); ``ok`` is None when there was no data to judge, which the gate bar shows as
"unknown" rather than as a pass. There is one check per signal (see SIGNAL_CHECKS).
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from console import events as ev
from console.analysis.changepoint import DB_CONN_UTIL, SIGNALS
from console.state import State
from console.timefmt import clock

MAX_SAMPLES = 50_000  # bound memory on a long stage; a window rarely needs more
DB_UTIL_LIMIT = 80.0  # per cent of max_connections
REGRESSION_REL = 0.20  # green worse than blue by 20 % ...
REGRESSION_ABS = {ev.LATENCY_AVG: 15.0, ev.LATENCY_P99: 50.0, ev.ERROR_RATE: 0.3}  # ... and this
OTHER_TREND_METRICS = (ev.DB_QUERY_MS, ev.TIMEOUT_RATE)
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
EarlyWarning = tuple[float, str, str]  # ts, metric, message


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
        self.warnings: list[
            EarlyWarning
        ] = []  # the early warnings seen, each for its signal's check

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if isinstance(event, ev.MetricSample):
            self.samples.append((event.ts, event.name, event.scope, event.value))
        elif isinstance(event, ev.Finding) and event.code == "early_warning":
            self.warnings.append((event.ts, event.metric or "", event.message))
        elif isinstance(event, ev.StageStarted):
            self.stage_start = event.ts
        elif isinstance(event, ev.GateOpened):
            start = event.window_start or self.stage_start or self.last_gate_at
            self.last_gate_at = event.ts
            window = [s for s in self.samples if start is None or start <= s[0] <= event.ts]
            warned = [w for w in self.warnings if start is None or start <= w[0] <= event.ts]
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


# One check per signal, so two lines never judge the same signal differently (a "✓ DB
# connections" beside a "✗ DB connection utilisation jumped"): the limit, green against blue,
# the trend through the window and the early warnings raised in it are all that signal's.
# (metric, check name, default limit, what the limit is)
SIGNAL_CHECKS = (
    (ev.LATENCY_P99, "p99 latency", 500.0, "SLO"),
    (ev.LATENCY_AVG, "avg latency", 150.0, "threshold"),
    (ev.ERROR_RATE, "error rate", 1.0, "SLO"),
)
DB_CHECK = "DB connections"
DB_SIGNALS = frozenset({ev.DB_CONNECTIONS, ev.DB_CONNECTIONS_PCT, DB_CONN_UTIL})
OTHER_CHECK = "other signals"


def gate_checks(
    window: list[Sample],
    thresholds: Mapping[str, Mapping[str, Any]],
    start: float | None,
    end: float,
    max_connections: float | None = None,
    warnings: list[EarlyWarning] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(checks, compare) for the samples of one monitoring window: one check per signal."""
    warned: dict[str, list[str]] = {}
    for t, metric, message in warnings or []:
        owner = metric if metric in {m for m, *_ in SIGNAL_CHECKS} else OTHER_CHECK
        if metric in DB_SIGNALS:
            owner = DB_CHECK
        warned.setdefault(owner, []).append(f"{message.split(' (baseline')[0]} at {clock(t)}")
    checks = [
        _signal_check(window, thresholds, metric, check, default, kind, warned.get(metric, []))
        for metric, check, default, kind in SIGNAL_CHECKS
    ]
    checks.append(_db_check(window, max_connections, warned.get(DB_CHECK, [])))
    other = _other_check(window, warned.get(OTHER_CHECK, []))
    if other is not None:
        checks.append(other)
    return checks, _compare(window)


def _signal_check(
    window: list[Sample],
    thresholds: Mapping[str, Mapping[str, Any]],
    name: str,
    check: str,
    default: float,
    kind: str,
    warned: list[str],
) -> dict[str, Any]:
    label = SIGNALS[name].label
    series = _series(window, name) or _series(window, name, "green")
    limit = _limit(thresholds, name, default)
    problems: list[str] = []
    fine: list[str] = []
    breached = False
    if series:
        peak = max(v for _, v in series)
        if peak > limit:
            breached = True
            problems.append(f"{label} {_fmt(name, peak)} > {_fmt(name, limit)} {kind}")
        else:
            fine.append(f"{label} peak {_fmt(name, peak)} ≤ {_fmt(name, limit)} {kind}")
    versus = _versus(window, name)
    if versus is not None:
        worse, text = versus
        (problems if worse else fine).append(text)
    rising = _rising(window, name)
    if rising:
        problems.append(rising)
    problems += warned[:3]
    if not series and not problems:
        return _check(check, None, f"no {label} samples in the window")
    if problems:
        if not problems[0].startswith(label):
            problems[0] = f"{label}: {problems[0]}"
        result = _check(check, False, "; ".join(problems))
        # Only a breached limit counts as an SLO failure (the policy reads this), not a trend.
        result["slo"] = breached and kind == "SLO"
        return result
    return _check(check, True, "; ".join(fine))


def _db_check(
    window: list[Sample], max_connections: float | None, warned: list[str]
) -> dict[str, Any]:
    conns = _series(window, ev.DB_CONNECTIONS)
    if not conns:
        by_ts: dict[float, float] = {}
        for scope in ("blue", "green"):
            for t, v in _series(window, ev.DB_CONNECTIONS, scope):
                by_ts[t] = by_ts.get(t, 0.0) + v
        conns = sorted(by_ts.items())
    maxes = _series(window, ev.DB_CONNECTIONS_MAX)
    limit = maxes[-1][1] if maxes else max_connections
    problems: list[str] = []
    text = ""
    if conns and limit:
        peak = max(v for _, v in conns)
        util = 100.0 * peak / limit
        text = f"{peak:.0f}/{limit:.0f} connections ({util:.0f} %)"
        if util >= DB_UTIL_LIMIT:
            problems.append(f"{text} ≥ {DB_UTIL_LIMIT:.0f} % of max")
    elif conns:
        text = f"peak {max(v for _, v in conns):.0f} connections, max unknown"
    problems += warned[:3]
    if problems:
        if not problems[0].startswith("DB connection"):
            problems[0] = f"{DB_CHECK}: {problems[0]}"
        return _check(DB_CHECK, False, "; ".join(problems))
    if not conns:
        return _check(DB_CHECK, None, "no DB connection samples in the window")
    if not limit:
        return _check(DB_CHECK, None, text)
    return _check(DB_CHECK, True, f"{text} < {DB_UTIL_LIMIT:.0f} % of max")


def _other_check(window: list[Sample], warned: list[str]) -> dict[str, Any] | None:
    """The signals without a check of their own: rising through the window, or warned of.
    None when the service reports none of them: there is nothing to judge, and a check that
    could only say "unknown" would hold every unattended gate for a person."""
    if not warned and not any(_series_any(window, m) for m in OTHER_TREND_METRICS):
        return None
    judged = [m for m in OTHER_TREND_METRICS if len(_series_any(window, m)) >= 3]
    problems = [r for r in (_rising(window, m) for m in judged) if r] + warned[:3]
    if problems:
        return _check(OTHER_CHECK, False, "; ".join(problems))
    if not judged:
        return _check(OTHER_CHECK, None, "too few samples of the other signals to judge")
    names = ", ".join(SIGNALS[m].label for m in judged)
    return _check(OTHER_CHECK, True, f"{names} steady through the window")


def _series_any(window: list[Sample], name: str) -> list[tuple[float, float]]:
    return _series(window, name) or _series(window, name, "green")


def _versus(window: list[Sample], metric: str) -> tuple[bool, str] | None:
    """(worse?, words) for green against blue on one signal; None without both colours."""
    floor = REGRESSION_ABS.get(metric)
    blue = [v for _, v in _series(window, metric, "blue")]
    green = [v for _, v in _series(window, metric, "green")]
    if floor is None or not blue or not green:
        return None
    b, g = statistics.fmean(blue), statistics.fmean(green)
    if g - b >= floor and g > b * (1 + REGRESSION_REL):
        return True, f"green {_fmt(metric, g)} vs blue {_fmt(metric, b)}"
    return False, "green within 20 % of blue"


def _rising(window: list[Sample], metric: str) -> str | None:
    """The last third of a signal against its first third, through the window."""
    series = _series_any(window, metric)
    if len(series) < 3:
        return None
    third = max(1, len(series) // 3)
    first = statistics.fmean(v for _, v in series[:third])
    last = statistics.fmean(v for _, v in series[-third:])
    spec = SIGNALS[metric]
    if last - first < max(spec.min_abs, spec.min_rel * abs(first)):
        return None
    span = (series[-1][0] - series[0][0]) / 60
    return f"{spec.label} rising {_fmt(metric, first)}→{_fmt(metric, last)} over {span:.0f} min"


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
