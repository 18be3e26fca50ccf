"""What an agent runtime log entry means, as typed events.

``AgentFacts`` sees each completed block of the agent format (header, ``[HH:MM:SS] [LEVEL]``
entry with its continuation lines, capitalised summary section) and answers the facts in it:
session info, the stage plan, stage starts and traffic splits, metric samples, thresholds,
SLO violations, tool calls, phases, rollback and the outcome. It keeps the little state those
need (the requested green weight, the last value of each metric, the outcome being assembled
from the summary). Every check starts with a cheap substring or prefix test; the regexes run
only on lines that passed it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any, Final, TypeVar

from console import events as ev
from console.parse.changes import RecentChanges

# Agents judge connections by their share of max_connections ("DB connection utilization
# high: 92/100 (92%) (threshold: 85%)"); a limit in % must not be read as a connection count.
DB_CONNECTIONS_PCT: Final = ev.DB_CONNECTIONS_PCT

_NUM: Final = r"(-?\d+(?:\.\d+)?)"
_VALUE: Final = re.compile(r"~?\s*" + _NUM + r"\s*(ms|s|sec|secs|seconds|%|req/s|rps|/s)?", re.I)
_RANGE_OR_CHAIN: Final = re.compile(r"^\s*(?:-\s*\d|→|->|to\s+\d)")
_TOOL: Final = re.compile(r"Executing:\s*([A-Za-z_][\w.\-]*)\s*(?:\((.*)\))?\s*$")
_ARG: Final = re.compile(r"(\w+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^,\s)]+)")
_PCT: Final = re.compile(_NUM + r"\s*%")
_GREEN: Final = re.compile(r"green\s*:?\s*" + _NUM + r"\s*%", re.I)
_BLUE: Final = re.compile(r"blue\s*:?\s*" + _NUM + r"\s*%", re.I)
_ON_COLOUR: Final = re.compile(_NUM + r"\s*%[^,;]*?\b(?:on|to|in)\s+(blue|green)\b", re.I)
_CONN_PART: Final = re.compile(r"\b(blue|green|total)\b\s*:?\s*(\d+)(?:\s*/\s*(\d+))?", re.I)
_CONN_TOTAL: Final = re.compile(r"~?\s*(\d+)(?:\s*/\s*(\d+))?")
_THRESHOLD: Final = re.compile(r"threshold\s*:?\s*[<>=]*\s*" + _NUM + r"\s*(ms|s|%)?", re.I)
_SLO_LIMIT: Final = re.compile(
    r"(?:exceeds?|above|over|>|threshold:?)\s*=?\s*" + _NUM + r"\s*(ms|s|%)?", re.I
)
_SLO_DETAIL: Final = re.compile(r"SLO violation\s*:?\s*[>≥]?=?\s*" + _NUM + r"\s*(ms|s|%)?", re.I)
_DEPLOY_TASK: Final = re.compile(
    r"\bdeploy(?:ing)?\s+([A-Za-z0-9][\w.\-]*)\s+(v?\d+(?:\.\d+)+[\w.+\-]*)", re.I
)
_PODS: Final = re.compile(r"(?:all\s+(\d+)\s+pods|(\d+)\s*/\s*(\d+)\s+pods)", re.I)
_CHANGE: Final = re.compile(r"^(.+?)\s*(?:→|->)\s*(.+?)\s*$")
_CHAIN_PCT: Final = re.compile(_NUM + r"\s*%\s*(?=→|->|$|\))")
_PAREN_PCT: Final = re.compile(r"\s*\(\s*" + _NUM + r"\s*%")
_COUNT_OF: Final = re.compile(r"(\d+)\s*/\s*(\d+)")
# The observed value after an SLO limit: "exceeds 5% threshold (6.1%)", "(observed: 6.1%)".
# A value with its unit ("590ms", "6.1 %"), not a name's digits ("P99").
_STATED: Final = re.compile(r"(?<![\w.])" + _NUM + r"\s*(ms|s|%)(?![A-Za-z])")
_OBSERVED: Final = re.compile(
    r"[^(]{0,40}\(\s*(?:[A-Za-z ]{0,20}:?\s*)?~?" + _NUM + r"\s*(ms|s|%)?\s*\)"
)

HEADER_KEYS: Final = {
    "session id": "agent_session_id",
    "session": "agent_session_id",
    "task": "task",
    "agent": "agent",
    "start time": "start",
    "started": "start",
    "attempt": "attempt",
    "previous attempt": "previous_attempt",
    "service": "service",
    "version": "version",
}

# "- <key>: <value>" observation lines: the key (lower-cased, colour words and parentheses
# removed) names the metric. Scope comes from a colour word in the key or the value.
_METRIC_KEYS: Final[dict[str, str]] = {}
for _name, _keys in {
    ev.REQUEST_RATE: ("request rate", "requests", "throughput", "rps", "traffic rate", "req rate"),
    ev.LATENCY_AVG: (
        "average latency",
        "avg latency",
        "mean latency",
        "latency",
        "latency avg",
        "latency (avg)",
        "response time",
        "average response time",
        "avg response time",
    ),
    ev.LATENCY_P95: ("p95 latency", "latency p95", "p95", "p95 response time"),
    ev.LATENCY_P99: ("p99 latency", "latency p99", "p99", "p99 response time"),
    ev.ERROR_RATE: ("error rate", "errors", "5xx rate", "failure rate", "error ratio"),
    ev.TIMEOUT_RATE: ("timeout rate", "timeouts"),
    ev.DB_CONNECTIONS: (
        "db connections",
        "database connections",
        "current connections",
        "connections",
        "active connections",
        "db connection count",
        "connection count",
    ),
    ev.DB_QUERY_MS: (
        "database query time",
        "db query time",
        "query time",
        "avg query time",
        "query latency",
        "database latency",
        "db latency",
        "average query time",
    ),
    ev.DB_CPU: ("database cpu", "db cpu", "database cpu utilization", "db cpu utilization"),
    ev.CPU: ("cpu utilization", "cpu utilisation", "cpu usage", "cpu", "cpu load"),
    ev.MEMORY: (
        "memory utilization",
        "memory utilisation",
        "memory usage",
        "memory",
        "mem usage",
        "ram usage",
    ),
    DB_CONNECTIONS_PCT: (
        "db connection utilization",
        "db connections utilization",
        "database connection utilization",
        "database connections utilization",
        "connection utilization",
        "db connection usage",
    ),
    ev.POOL_SIZE: ("db pool size", "pool size", "connection pool size"),
    ev.POOL_AVAILABLE: ("pool available", "available connections"),
    ev.CONCURRENT_CALLS: ("concurrent calls", "concurrent requests", "in-flight requests"),
}.items():
    for _k in _keys:
        _METRIC_KEYS[_k] = _name

_MS_METRICS: Final = frozenset({ev.LATENCY_AVG, ev.LATENCY_P95, ev.LATENCY_P99, ev.DB_QUERY_MS})
_PCT_METRICS: Final = frozenset(
    {ev.ERROR_RATE, ev.TIMEOUT_RATE, ev.CPU, ev.MEMORY, ev.DB_CPU, DB_CONNECTIONS_PCT}
)
_TIME_UNITS: Final = frozenset({"ms", "s", "sec", "secs", "seconds"})
# Observation keys that state a limit, not a sample ("Error rate SLO: 5%"); the classifier
# answers (_LIMIT or _SLO, the metric) for them.
_LIMIT: Final = "\x00threshold"
_SLO: Final = "\x00slo"
_SKIP_KEY_WORDS: Final = (
    "projected",
    "expected",
    "target",
    "baseline",
    "previous",
    "before",
    "max ",
)
_CACHE_LIMIT: Final = 20_000
_LONG: Final = 2000  # longer text is not an observation: no regex runs over a 10 MB line
# What an observation line yields, remembered: its samples (the DB connection limit apart),
# the latest value of each of its unscoped metrics, and the connection limit it states.
_Seen = tuple[tuple[tuple[str, float, str], ...], dict[str, float], float | None]


def _metric_key(key: str) -> tuple[str, str] | None:
    """(metric, scope) for an observation key like "Average latency" or "Green error rate"."""
    k = key.strip().lower()
    if any(w in k for w in _SKIP_KEY_WORDS):
        return None
    scope = ""
    if "green" in k:
        scope = "green"
    elif "blue" in k:
        scope = "blue"
    if "(" in k:
        k = re.sub(r"\s*\([^)]*\)", "", k)
    if scope:
        k = " ".join(
            w for w in k.replace(":", " ").split() if w not in ("blue", "green", "on", "in")
        )
    k = k.replace("utilisation", "utilization")
    name = _METRIC_KEYS.get(k)
    if name is None:
        return None
    return name, scope


def _judged(metric: str, unit: str | None) -> str | None:
    """The metric a limit given in ``unit`` applies to; None when the unit can't fit it.

    A percentage about connections is their utilisation, not a count of them.
    """
    if not unit:
        return metric
    u = unit.lower()
    if u == "%":
        if metric in _PCT_METRICS:
            return metric
        return DB_CONNECTIONS_PCT if metric == ev.DB_CONNECTIONS else None
    if u in _TIME_UNITS:
        return metric if metric in _MS_METRICS else None
    return metric


def text_metric(lower: str) -> str:
    """The metric a free-text sentence is about ("P99 latency exceeds ...")."""
    if "p99" in lower:
        return ev.LATENCY_P99
    if "p95" in lower:
        return ev.LATENCY_P95
    if "timeout" in lower:
        return ev.TIMEOUT_RATE
    if "error" in lower:
        return ev.ERROR_RATE
    if "latency" in lower or "response time" in lower:
        return ev.LATENCY_AVG
    if "query" in lower:
        return ev.DB_QUERY_MS
    if "connection" in lower:
        if "utiliz" in lower or "utilis" in lower or "usage" in lower:
            return DB_CONNECTIONS_PCT
        return ev.DB_CONNECTIONS
    if "cpu" in lower:
        return ev.CPU
    if "memory" in lower:
        return ev.MEMORY
    return ""


def _scaled(value: float, unit: str | None, metric: str) -> float:
    if unit and metric in _MS_METRICS and unit.lower() in ("s", "sec", "secs", "seconds"):
        return value * 1000.0
    return value


def _scalar(text: str) -> Any:
    t = text.strip().strip("\"'")
    low = t.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def _phase_for(lower: str) -> str | None:
    if "rollback" in lower or "roll back" in lower or "rolling back" in lower:
        return "rolling_back"
    if "validat" in lower or "pre-deploy" in lower or "preflight" in lower:
        return "validating"
    if "build" in lower or "image" in lower:
        return "building"
    if "traffic" in lower or "shift" in lower:
        return "shifting"
    if "deploy" in lower:
        return "deploying"
    if "investigat" in lower or "analy" in lower or "deep dive" in lower or "diagnos" in lower:
        return "investigating"
    if "monitor" in lower:
        return "monitoring"
    return None


_T = TypeVar("_T")


def _remembered(
    cache: dict[str, _T], message: str, lower: str, said: Callable[[str, str], _T]
) -> _T:
    """``said(message, lower)``, remembered by message."""
    if message in cache:
        return cache[message]
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    got = cache[message] = said(message, lower)
    return got


def _tool_said(message: str, _lower: str) -> tuple[str, str] | None:
    """(tool, its arguments) of "Executing: tool(args)"."""
    m = _TOOL.search(message)
    if m is None:
        return None
    return m.group(1), (m.group(2) or "").strip()


# A warning's (metric judged, its limit, the connection utilisation stated or None).
_Warned = tuple[str, float, float | None]


def _warning_said(message: str, lower: str) -> _Warned | None:
    """What a warning stating a threshold says: "DB connection utilization high: 92/100
    (92%) (threshold: 85%)"."""
    m = _THRESHOLD.search(message)
    metric = text_metric(lower)
    judged = _judged(metric, m.group(2)) if m and metric else None
    if m is None or not judged:
        return None
    used = _utilisation(message[: m.start()]) if judged == DB_CONNECTIONS_PCT else None
    return judged, _scaled(float(m.group(1)), m.group(2), judged), used


def _utilisation(text: str) -> float | None:
    """The connection utilisation a warning states: "92/100 (92%)" → 92."""
    pcts = _PCT.findall(text)
    if pcts:
        return float(pcts[-1])
    m = _COUNT_OF.search(text)
    if m is None or not float(m.group(2)):
        return None
    return 100.0 * float(m.group(1)) / float(m.group(2))


# An SLO violation's (metric, limit or None, the value observed or None).
_Violated = tuple[str, float | None, float | None]


def _slo_said(message: str, lower: str) -> _Violated:
    """What an SLO violation message states; a limit only for a metric it can apply to."""
    metric = text_metric(lower)
    m = _SLO_LIMIT.search(message)
    limit: float | None = None
    value: float | None = None
    if m and metric:
        judged = _judged(metric, m.group(2))
        if judged:
            metric = judged
            limit = _scaled(float(m.group(1)), m.group(2), metric)
        seen = _OBSERVED.match(message, m.end())
        if seen and _judged(metric, seen.group(2)):
            value = _scaled(float(seen.group(1)), seen.group(2), metric)
        else:
            # "P99 latency 590ms exceeds 500ms": the value stated before its limit.
            stated: list[tuple[str, str]] = _STATED.findall(message, 0, m.start())
            for num, unit in stated[::-1]:
                if _judged(metric, unit):
                    value = _scaled(float(num), unit, metric)
                    break
    return metric, limit, value


class AgentFacts:
    """Facts of one agent log stream; the parser calls it once per completed block."""

    __slots__ = (
        "_deploy",
        "_key_cache",
        "_last_action",
        "_line_cache",
        "_nocache",
        "_outcome",
        "_outcome_said",
        "_outcome_ts",
        "_plan",
        "_rollback_status",
        "_seen_max",
        "_slos_said",
        "_thresholds",
        "_tools_said",
        "_warnings_said",
        "changes",
        "last",
        "outcome_pending",
        "rollback_done",
        "rollback_started",
        "service",
        "set_green",
        "source",
        "version",
    )  # fmt: skip

    def __init__(self, source: str) -> None:
        self.source = source
        self.service: str | None = None
        self.version: str | None = None
        self.set_green: float | None = None
        self.rollback_started = False
        self.rollback_done = False
        self.last: dict[str, float] = {}
        self._thresholds: dict[str, tuple[float, bool]] = {}
        self._plan: tuple[float, ...] = ()
        self._last_action = ""
        self._key_cache: dict[str, tuple[str, str] | None] = {}
        self._line_cache: dict[str, _Seen] = {}
        # What a tool call, a warning or an SLO violation message states, by its text (an
        # agent repeats them); the state they change is changed at every entry.
        self._tools_said: dict[str, tuple[str, str] | None] = {}
        self._warnings_said: dict[str, _Warned | None] = {}
        self._slos_said: dict[str, _Violated] = {}
        self.changes = RecentChanges()
        self._nocache = False
        self._seen_max: float | None = None
        # The outcome is assembled from the final entry and the summary sections after it,
        # and emitted when the next entry starts (or on flush).
        self._deploy: str | None = None
        self._rollback_status: str | None = None
        self._outcome: dict[str, str | None] = {}
        self._outcome_ts = 0.0
        self.outcome_pending = False
        self._outcome_said: tuple[str | None, ...] | None = None

    # --- header -----------------------------------------------------------------------

    def header(self, ts: float, fields: dict[str, str]) -> list[ev.Event]:
        task = fields.get("task")
        service, version = fields.get("service"), fields.get("version")
        if task and not (service and version):
            m = _DEPLOY_TASK.search(task)
            if m:
                service, version = service or m.group(1), version or m.group(2)
        self.service = service or self.service
        self.version = version or self.version
        return [
            ev.SessionInfo(
                ts=ts,
                source=self.source,
                service=service,
                version=version,
                agent=fields.get("agent"),
                task=task,
                attempt=fields.get("attempt"),
                previous_attempt=fields.get("previous_attempt"),
                agent_session_id=fields.get("agent_session_id"),
            )
        ]

    # --- entries ------------------------------------------------------------------------

    def entry(
        self, ts: float, level: str, message: str, detail: list[str], out: list[ev.Event]
    ) -> tuple[tuple[str, float, str], ...]:
        """Append the entry's facts to ``out``; return the samples its continuation lines
        state after the last of them (the caller attaches them to the entry's line, or
        makes them a MetricBatch)."""
        if len(message) > _LONG:
            message = message[:_LONG]  # facts live in the first lines' worth of text
        src = self.source
        lvl = level.upper()
        if lvl == "TOOL" or message.startswith("Executing:"):
            self._tool(ts, message, out)
        elif lvl == "ACTION":
            lower = message.lower()
            self._last_action = message
            phase = _phase_for(lower)
            if phase:
                out.append(ev.Phase(ts=ts, source=src, phase=phase, detail=message))
            if "config" in lower and detail:
                self._config(ts, message, detail, out)
                return ()
        elif lvl == "WARNING" or lvl == "WARN":
            lower = message.lower()
            if "threshold" in lower:
                warned = _remembered(self._warnings_said, message, lower, _warning_said)
                if warned is not None:
                    judged, limit, used = warned
                    if used is not None:
                        self.last[DB_CONNECTIONS_PCT] = used
                        out.append(
                            ev.MetricSample(ts=ts, source=src, name=DB_CONNECTIONS_PCT, value=used)
                        )
                    self._threshold(ts, judged, limit, False, out)
        elif lvl in ev.ERROR_LEVELS:
            lower = message.lower()
            if "slo" in lower and "violat" in lower:
                self._slo(ts, message, lower, out)
            elif (lvl == "FAILURE" or "deployment failed" in lower) and (
                "fail" in lower or "deploy" in lower or "rollout" in lower
            ):
                self._deploy = "failed"
                self._outcome.setdefault("detail", message)
                self._outcome_ts = ts
                self.outcome_pending = True
        elif lvl == "SUCCESS":
            lower = message.lower()
            if (
                "deployment complete" in lower
                or "deployment succeeded" in lower
                or "deployment successful" in lower
                or "rollout complete" in lower
                or "100% of traffic on green" in lower
            ):
                self._deploy = "succeeded"
                self._outcome.setdefault("detail", message)
                self._outcome_ts = ts
                self.outcome_pending = True
                if "100%" in message:
                    self.set_green = 100.0
                    out.append(
                        ev.TrafficSplit(ts=ts, source=src, green_pct=100.0, actual_green_pct=100.0)
                    )
        elif lvl == "INIT":
            out.append(ev.Phase(ts=ts, source=src, phase="starting", detail=message))
        elif lvl == "INFO" and message.startswith("Task:"):
            m = _DEPLOY_TASK.search(message)
            if m and (m.group(1), m.group(2)) != (self.service, self.version):
                self.service, self.version = m.group(1), m.group(2)
                out.append(
                    ev.SessionInfo(ts=ts, source=src, service=self.service, version=self.version)
                )
        if "%" in message and ("→" in message or "->" in message):
            self._maybe_plan(ts, lvl, message, out)
        if detail:
            return self._details(ts, lvl, message, detail, out)
        return ()

    def _tool(self, ts: float, message: str, out: list[ev.Event]) -> None:
        called = _remembered(self._tools_said, message, "", _tool_said)
        if called is None:
            return
        src = self.source
        tool, args = called
        out.append(ev.ToolCall(ts=ts, source=src, tool=tool, args=args))
        low = tool.lower()
        if "rollback" in low or "roll_back" in low or "abort" in low:
            self.rollback_started = True
            self.set_green = 0.0
            reason = self._last_action if "roll" in self._last_action.lower() else ""
            out.append(ev.RollbackStarted(ts=ts, source=src, reason=reason))
        elif "traffic" in low or "shift" in low or "weight" in low:
            parsed = {k: v.strip("\"'") for k, v in _ARG.findall(args)}
            raw = (
                parsed.get("percentage")
                or parsed.get("percent")
                or parsed.get("green")
                or parsed.get("weight")
                or parsed.get("pct")
            )
            pct: float | None = None
            if raw is None:
                mm = re.search(_NUM, args)
                raw = mm.group(1) if mm else None
            try:
                pct = float(raw.rstrip("%")) if raw is not None else None
            except ValueError:
                pct = None
            if pct is not None and 0.0 <= pct <= 100.0:
                self.set_green = pct
                out.append(ev.StageStarted(ts=ts, source=src, traffic_pct=pct))
                out.append(ev.TrafficSplit(ts=ts, source=src, green_pct=pct))
        elif "deploy" in low:
            parsed_any = {k: _scalar(v) for k, v in _ARG.findall(args)}
            env = parsed_any.pop("environment", None) or parsed_any.pop("env", None)
            version = parsed_any.pop("version", None) or parsed_any.pop("tag", None)
            if version is not None:
                self.version = str(version)
            dep = ev.Deployment(
                ts=ts,
                source=src,
                service=self.service,
                version=self.version,
                environment=None if env is None else str(env),
                changes=parsed_any,
            )
            if self.changes.fresh(dep):
                out.append(dep)
        elif "build" in low or "image" in low:
            tag = dict(_ARG.findall(args)).get("tag")
            if tag:
                tag = tag.strip("\"'")
                if tag != self.version:
                    self.version = tag
                    out.append(ev.SessionInfo(ts=ts, source=src, version=tag))

    def _threshold(
        self, ts: float, metric: str, value: float, slo: bool, out: list[ev.Event]
    ) -> None:
        if self._thresholds.get(metric) != (value, slo):
            self._thresholds[metric] = (value, slo)
            out.append(ev.Threshold(ts=ts, source=self.source, metric=metric, value=value, slo=slo))

    def _slo(self, ts: float, message: str, lower: str, out: list[ev.Event]) -> None:
        metric, limit, value = _remembered(self._slos_said, message, lower, _slo_said)
        if limit is not None:
            self._threshold(ts, metric, limit, True, out)
        if value is None:
            value = self.last.get(metric)
        out.append(
            ev.SloViolation(
                ts=ts,
                source=self.source,
                metric=metric,
                value=value,
                threshold=limit,
                message=message,
            )
        )

    def _maybe_plan(self, ts: float, lvl: str, text: str, out: list[ev.Event]) -> None:
        lower = text.lower()
        if lvl != "PLANNING" and "plan" not in lower and "ramp" not in lower:
            return
        steps = tuple(float(x) for x in _CHAIN_PCT.findall(text))
        if len(steps) < 2 or any(b <= a for a, b in itertools.pairwise(steps)):
            return
        if steps[-1] > 100.0 or steps == self._plan:
            return
        self._plan = steps
        out.append(ev.StagePlan(ts=ts, source=self.source, steps=steps))

    def _config(self, ts: float, message: str, detail: list[str], out: list[ev.Event]) -> None:
        changes: dict[str, Any] = {}
        for line in detail:
            d = line.strip()
            if d[:2] in ("- ", "* ", "• "):
                d = d[2:]
            key, sep, rest = d.partition(":")
            if not sep:
                continue
            m = _CHANGE.match(rest.strip())
            if m:
                changes[key.strip()] = {"before": _scalar(m.group(1)), "after": _scalar(m.group(2))}
        if not changes:
            return
        service = self.service
        m2 = re.search(r"\b(?:to|for|on)\s+([A-Za-z0-9][\w.\-]*)\s*:?\s*$", message)
        if m2:
            service = m2.group(1)
        change = ev.ConfigChange(ts=ts, source=self.source, service=service, changes=changes)
        if self.changes.fresh(change):
            out.append(change)

    # --- observation lines --------------------------------------------------------------

    def _details(
        self, ts: float, lvl: str, message: str, detail: list[str], out: list[ev.Event]
    ) -> tuple[tuple[str, float, str], ...]:
        # Observation lines repeat a lot ("  - Error rate: 0.2%"): what a line yields is
        # remembered, unless it depends on state (traffic, thresholds, plans, pods). The
        # samples of a block travel as one MetricBatch (split only where another event,
        # such as a threshold, comes between them, so the order of facts is kept).
        lines = self._line_cache
        last = self.last
        run: list[tuple[str, float, str]] = []
        for line in detail:
            hit = lines.get(line)
            if hit is not None:
                samples, latest, conn_max = hit
                if samples:
                    run += samples
                    last.update(latest)
                if conn_max is not None and last.get(ev.DB_CONNECTIONS_MAX) != conn_max:
                    last[ev.DB_CONNECTIONS_MAX] = conn_max
                    run.append((ev.DB_CONNECTIONS_MAX, conn_max, ""))
                continue
            got_events: list[ev.Event] = []
            self._detail_line(ts, lvl, message, line, got_events)
            for e in got_events:
                if isinstance(e, ev.MetricSample):
                    run.append((e.name, e.value, e.scope))
                else:
                    if run:
                        out.append(ev.MetricBatch(ts=ts, source=self.source, samples=tuple(run)))
                        run = []
                    out.append(e)
            if self._nocache:
                continue
            got = tuple(
                (e.name, e.value, e.scope)
                for e in got_events
                if isinstance(e, ev.MetricSample) and e.name != ev.DB_CONNECTIONS_MAX
            )
            if len(lines) > _CACHE_LIMIT:
                lines.clear()
            lines[line] = (got, {n: v for n, v, scope in got if not scope}, self._seen_max)
        return tuple(run)

    def _detail_line(
        self, ts: float, lvl: str, message: str, line: str, out: list[ev.Event]
    ) -> None:
        # Reset here, not by the caller: mypyc would take the caller's "= None" as the
        # attribute's type for the rest of the loop and reject what this call sets.
        self._nocache = False
        self._seen_max = None
        d = line.lstrip()
        if not d or len(d) > _LONG:
            return
        c = d[0]
        if c == "-" or c == "*" or c == "•":
            d = d[1:].lstrip()
        elif c.isdigit():
            if "%" in d and ("→" in d or "->" in d):
                self._nocache = True  # numbered items: a plan only in a plan's context
                if lvl in ("PLANNING", "THOUGHT"):
                    self._maybe_plan(ts, lvl, d, out)
            return
        i = d.find(":")
        if i <= 0 or i > 60:
            if "pods" in d:
                self._nocache = True
                self._pods(ts, message, d, out)
            return
        key = d[:i]
        cache = self._key_cache
        if key in cache:
            hit = cache[key]
        else:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            hit = cache[key] = self._classify(key)
        if hit is None:
            return
        value = d[i + 1 :]
        name, scope = hit
        if name in (_LIMIT, _SLO):
            self._nocache = True  # thresholds are emitted when they change: state
            self._stated_limit(ts, scope, value, name == _SLO, out)
        elif name == "traffic":
            self._nocache = True
            self._traffic(ts, d, value, scope, out)
        elif name == ev.DB_CONNECTIONS:
            self._connections(ts, value, scope, out)
        else:
            m = _VALUE.match(value)
            if m is None:
                return
            rest = value[m.end() :]
            if rest and _RANGE_OR_CHAIN.match(rest):
                return  # "200-400ms", "215ms → 145ms": a range or a trend, not a sample
            v = _scaled(float(m.group(1)), m.group(2), name)
            if not scope and rest and ("green" in rest or "blue" in rest):
                low = rest.lower()
                if " to green" in low or " on green" in low or " in green" in low:
                    scope = "green"
                elif " to blue" in low or " on blue" in low or " in blue" in low:
                    scope = "blue"
            out.append(ev.MetricSample(ts=ts, source=self.source, name=name, value=v, scope=scope))
            if not scope:
                self.last[name] = v
            if rest and ("SLO" in rest or "threshold" in rest):
                self._nocache = True
                self._detail_threshold(ts, name, rest, out)

    def _classify(self, key: str) -> tuple[str, str] | None:
        k = key.strip().lower()
        if k in ("blue", "green", "traffic", "traffic split", "split", "weights"):
            return ("traffic", "")
        if k.endswith((" slo", " threshold")):
            # "P99 latency SLO: 500ms", "DB connection utilization threshold: 85%": a limit;
            # the metric travels in the scope slot.
            base, _, word = k.rpartition(" ")
            hit = _metric_key(base)
            if hit is None or hit[1]:
                return None
            return (_SLO if word == "slo" else _LIMIT, hit[0])
        return _metric_key(key)

    def _stated_limit(
        self, ts: float, metric: str, value: str, slo: bool, out: list[ev.Event]
    ) -> None:
        m = _VALUE.match(value)
        if m is None or _RANGE_OR_CHAIN.match(value[m.end() :]):
            return
        judged = _judged(metric, m.group(2))
        if judged:
            self._threshold(ts, judged, _scaled(float(m.group(1)), m.group(2), judged), slo, out)

    def _detail_threshold(self, ts: float, name: str, rest: str, out: list[ev.Event]) -> None:
        slo = True
        m = _SLO_DETAIL.search(rest)
        if m is None:
            slo = False
            m = _THRESHOLD.search(rest)
        if m is None:
            return
        judged = _judged(name, m.group(2))
        if judged:
            self._threshold(ts, judged, _scaled(float(m.group(1)), m.group(2), judged), slo, out)

    def _traffic(self, ts: float, line: str, value: str, scope: str, out: list[ev.Event]) -> None:
        if "→" in line or "->" in line:
            return  # rollback progress "75% → 50% → 0%": a trend, not a split
        green: float | None = None
        m = _GREEN.search(line)
        if m:
            green = float(m.group(1))
        else:
            m = _BLUE.search(line)
            if m:
                green = 100.0 - float(m.group(1))
            else:
                m = _ON_COLOUR.search(value)
                if m:
                    pct = float(m.group(1))
                    green = pct if m.group(2).lower() == "green" else 100.0 - pct
        if green is None or not 0.0 <= green <= 100.0:
            return
        if self.rollback_started and green == 0.0:
            self.rollback_done = True
        set_pct = self.set_green if self.set_green is not None else green
        out.append(
            ev.TrafficSplit(ts=ts, source=self.source, green_pct=set_pct, actual_green_pct=green)
        )

    def _connections(self, ts: float, value: str, scope: str, out: list[ev.Event]) -> None:
        src = self.source
        v = value.strip()
        if "→" in v or "->" in v:
            return
        if "threshold" in v or "SLO" in v:
            self._nocache = True
            self._detail_threshold(ts, ev.DB_CONNECTIONS, v, out)
        if v[:1].isdigit() or v[:1] == "~":
            if v[:1] == "~":
                return  # an estimate, not a measurement
            m = _CONN_TOTAL.match(v)
            if m is None:
                return
            total = float(m.group(1))
            out.append(
                ev.MetricSample(ts=ts, source=src, name=ev.DB_CONNECTIONS, value=total, scope=scope)
            )
            if not scope:
                self.last[ev.DB_CONNECTIONS] = total
            if m.group(2):
                self._conn_max(ts, float(m.group(2)), out)
                if not scope:
                    self._conn_pct(ts, v, m.end(), out)
            return
        for part in _CONN_PART.finditer(v):
            colour, count, limit = part.groups()
            c = colour.lower()
            sc = "" if c == "total" else c
            out.append(
                ev.MetricSample(
                    ts=ts, source=src, name=ev.DB_CONNECTIONS, value=float(count), scope=sc
                )
            )
            if limit:
                self._conn_max(ts, float(limit), out)
                if not sc:
                    self._conn_pct(ts, v, part.end(), out)

    def _conn_pct(self, ts: float, text: str, at: int, out: list[ev.Event]) -> None:
        """The utilisation stated after a total: "120/250 (48%)"."""
        m = _PAREN_PCT.match(text, at)
        if m:
            pct = float(m.group(1))
            self.last[DB_CONNECTIONS_PCT] = pct
            out.append(
                ev.MetricSample(ts=ts, source=self.source, name=DB_CONNECTIONS_PCT, value=pct)
            )

    def _conn_max(self, ts: float, value: float, out: list[ev.Event]) -> None:
        # The connection limit is configuration: a sample when it changes, not every minute.
        self._seen_max = value
        if self.last.get(ev.DB_CONNECTIONS_MAX) != value:
            self.last[ev.DB_CONNECTIONS_MAX] = value
            out.append(
                ev.MetricSample(ts=ts, source=self.source, name=ev.DB_CONNECTIONS_MAX, value=value)
            )

    def _pods(self, ts: float, message: str, line: str, out: list[ev.Event]) -> None:
        lower = message.lower() + " " + line.lower()
        colour = "green" if "green" in lower else "blue" if "blue" in lower else ""
        m = _PODS.search(line)
        if not colour or m is None:
            return
        if m.group(1):
            ready = total = int(m.group(1))
        else:
            ready, total = int(m.group(2)), int(m.group(3))
        out.append(ev.Pods(ts=ts, source=self.source, colour=colour, ready=ready, total=total))

    # --- summary sections and the outcome ----------------------------------------------

    def summary(self, ts: float, message: str, detail: list[str]) -> None:
        key, _, value = message.partition(":")
        k = key.strip().upper()
        v = value.strip()
        if k == "DEPLOYMENT STATUS" or k == "ROLLOUT STATUS":
            up = v.upper()
            if up.startswith(("FAIL", "ABORT")):
                self._deploy = "failed"
            elif up.startswith(("SUCCE", "COMPLETE", "OK", "DONE")):
                self._deploy = "succeeded"
            elif up.startswith("ROLLED"):
                self._deploy = "failed"
                self._rollback_status = "successful"
            else:
                return
        elif k == "ROLLBACK STATUS":
            up = v.upper()
            if up.startswith(("SUCCE", "COMPLETE", "OK", "DONE")):
                self._rollback_status = "successful"
            elif up.startswith(("FAIL", "INCOMPLETE", "PARTIAL")):
                self._rollback_status = "failed"
            else:
                return
        elif k == "TIME TO DETECT":
            self._outcome["time_to_detect"] = v
        elif k == "TIME TO ROLLBACK" or k == "TIME TO ROLL BACK":
            self._outcome["time_to_rollback"] = v
        elif k == "CUSTOMER IMPACT":
            self._outcome["customer_impact"] = v
        elif k in ("PRIMARY ISSUE", "ROOT CAUSE") and v:
            self._outcome["detail"] = v
        else:
            return
        if not self._outcome_ts:
            self._outcome_ts = ts
        self.outcome_pending = True

    def take_outcome(self) -> ev.Outcome | None:
        self.outcome_pending = False
        if self._deploy is None and self._rollback_status is None:
            return None
        if self._deploy == "succeeded":
            status = "succeeded"
        elif self._rollback_status == "successful" or (
            self._rollback_status is None and self.rollback_done
        ):
            status = "rolled_back"
        else:
            status = "failed"
        o = self._outcome
        said = (
            status,
            o.get("detail") or "",
            o.get("time_to_detect"),
            o.get("time_to_rollback"),
            o.get("customer_impact"),
        )
        if said == self._outcome_said:
            return None  # "DEPLOYMENT STATUS: SUCCEEDED" after "[SUCCESS] ...": said already
        self._outcome_said = said
        return ev.Outcome(
            ts=self._outcome_ts,
            source=self.source,
            status=status,
            detail=said[1] or "",
            time_to_detect=said[2],
            time_to_rollback=said[3],
            customer_impact=said[4],
        )

    def new_session(self) -> None:
        """A new header: forget the previous rollout's progress."""
        self.set_green = None
        self.rollback_started = self.rollback_done = False
        self._deploy = self._rollback_status = None
        self._outcome = {}
        self._outcome_ts = 0.0
        self.outcome_pending = False
        self._outcome_said = None
        self._plan = ()
        self._thresholds.clear()
        self.changes.clear()
