"""State and the reducer: the screen is a fold over events.

``reduce(state, event)`` is the only way State changes. Live mode and replay feed it the same
events in the same order, so what a reviewer sees at a moment in replay is what the on-call
engineer saw then. For speed the reducer updates the State it is given in place and returns it;
a State is owned by exactly one feed (live session or replay cursor), and snapshots are taken
with ``to_dict`` / restored with ``from_dict``.
"""

from __future__ import annotations

import copy
import itertools
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from console import events as ev

HISTORY = 240  # samples kept per metric for charts (the store has them all)
DEFAULT_PLAN = (10.0, 25.0, 50.0, 75.0, 100.0)
# Sensible defaults until a source says otherwise; the seed's agent used the same figures.
DEFAULT_THRESHOLDS: dict[str, dict[str, Any]] = {
    ev.LATENCY_AVG: {"value": 150.0, "slo": False},
    ev.LATENCY_P99: {"value": 500.0, "slo": True},
    ev.ERROR_RATE: {"value": 1.0, "slo": True},
}
TERMINAL = frozenset({"succeeded", "rolled_back", "failed"})
# How much of each record State keeps: the first entries (how it began) and the latest
# (what the screen and the analysers read), with a count of those dropped between. A
# million-line log then folds into a State of bounded size, so each snapshot costs the same.
KEEP_FIRST = 10
KEEP_LAST: dict[str, int] = {
    "stages": 100,
    "slo_violations": 100,
    "gates": 100,
    "decisions": 100,
    "deployments": 50,
    "config_changes": 50,
    "findings": 200,
    "tools": 50,
}
# How a stage stands, and its mark wherever stages are drawn (the console's stage bar and
# timeline, the postmortem): never by colour alone.
STAGE_MARKS = {
    "passed": "✓",
    "failed": "✗",
    "rolled_back": "↩",
    "in_progress": "▸",
    "current": "▶",
    "ended": "?",  # the session ended with it running, and nothing said how it went
    "pending": "·",  # not reached
}
# Keys of the keyed records (metric series, thresholds, pods, sources) kept at most; a key
# beyond them is counted, not kept.
MAX_KEYS = 200


def metric_key(name: str, scope: str = "") -> str:
    return f"{name}@{scope}" if scope else name


_REVISION = itertools.count(1)


def _next_revision() -> int:
    return next(_REVISION)


@dataclass
class Slice:
    """One part of State. ``revision`` changes whenever the reducer changes the slice; it is
    drawn from one counter for every State, so a State restored from a snapshot (a seek)
    never repeats a revision a widget has seen. Not part of the state's value: equality and
    snapshots ignore it."""

    revision: int = field(default_factory=_next_revision, compare=False)


@dataclass
class SessionSlice(Slice):
    """Who and what: the agent's header, when the session began."""

    info: dict[str, Any] = field(default_factory=dict)
    started_at: float | None = None


@dataclass
class TimeSlice(Slice):
    """The session's clock: the newest event time."""

    clock: float | None = None


@dataclass
class RolloutSlice(Slice):
    """Phase, plan, stages and how the rollout ended."""

    phase: str = "waiting"
    phase_detail: str = ""
    plan: list[float] = field(default_factory=lambda: list(DEFAULT_PLAN))
    stages: list[dict[str, Any]] = field(default_factory=list)
    rollback: dict[str, Any] | None = None
    outcome: dict[str, Any] | None = None


@dataclass
class TrafficSlice(Slice):
    """The set weight and the measured split, with their times."""

    green_pct: float = 0.0
    traffic_at: float | None = None
    actual_green_pct: float | None = None
    actual_at: float | None = None


@dataclass
class SignalsSlice(Slice):
    """Metric values, when each was observed, history, thresholds."""

    metrics: dict[str, float] = field(default_factory=dict)
    observed: dict[str, float] = field(default_factory=dict)
    history: dict[str, deque[float]] = field(default_factory=dict)
    thresholds: dict[str, dict[str, Any]] = field(
        default_factory=lambda: copy.deepcopy(DEFAULT_THRESHOLDS)
    )


@dataclass
class ControlSlice(Slice):
    """The open gate, every gate and every decision."""

    gate: dict[str, Any] | None = None
    gates: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class IncidentSlice(Slice):
    """SLO violations, findings and the last problem line."""

    slo_violations: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    last_problem: dict[str, Any] | None = None
    resolving: dict[str, float] = field(default_factory=dict)


@dataclass
class ChangesSlice(Slice):
    """Deployments, config changes, tool calls, pods."""

    deployments: list[dict[str, Any]] = field(default_factory=list)
    config_changes: list[dict[str, Any]] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    pods: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class HealthSlice(Slice):
    """Each source's status."""

    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class TallySlice(Slice):
    """Event and problem counts, and entries dropped from bounded records."""

    counts: dict[str, int] = field(
        default_factory=lambda: {"events": 0, "log": 0, "warning": 0, "error": 0}
    )
    omitted: dict[str, int] = field(default_factory=dict)


SLICES: dict[str, type[Slice]] = {
    "session": SessionSlice,
    "time": TimeSlice,
    "rollout": RolloutSlice,
    "traffic": TrafficSlice,
    "signals": SignalsSlice,
    "control": ControlSlice,
    "incident": IncidentSlice,
    "changes": ChangesSlice,
    "health": HealthSlice,
    "tally": TallySlice,
}
# Each flat field (the snapshot's keys, the attributes code reads) and the slice holding it.
FIELD_SLICE: dict[str, str] = {
    "info": "session",
    "started_at": "session",
    "clock": "time",
    "phase": "rollout",
    "phase_detail": "rollout",
    "plan": "rollout",
    "green_pct": "traffic",
    "traffic_at": "traffic",
    "actual_green_pct": "traffic",
    "actual_at": "traffic",
    "stages": "rollout",
    "metrics": "signals",
    "observed": "signals",
    "history": "signals",
    "thresholds": "signals",
    "slo_violations": "incident",
    "gate": "control",
    "gates": "control",
    "decisions": "control",
    "rollback": "rollout",
    "outcome": "rollout",
    "deployments": "changes",
    "config_changes": "changes",
    "findings": "incident",
    "tools": "changes",
    "pods": "changes",
    "sources": "health",
    "counts": "tally",
    "last_problem": "incident",
    "resolving": "incident",
    "omitted": "tally",
}


@dataclass
class State:
    """Typed slices, each with its revision: a widget declares the slices it reads and
    redraws when one of their revisions changed. The flat attributes (``state.stages``,
    ``state.metrics`` ...) read and write the slice that holds them."""

    session: SessionSlice = field(default_factory=SessionSlice)
    time: TimeSlice = field(default_factory=TimeSlice)
    rollout: RolloutSlice = field(default_factory=RolloutSlice)
    traffic: TrafficSlice = field(default_factory=TrafficSlice)
    signals: SignalsSlice = field(default_factory=SignalsSlice)
    control: ControlSlice = field(default_factory=ControlSlice)
    incident: IncidentSlice = field(default_factory=IncidentSlice)
    changes: ChangesSlice = field(default_factory=ChangesSlice)
    health: HealthSlice = field(default_factory=HealthSlice)
    tally: TallySlice = field(default_factory=TallySlice)

    def revisions(self, names: Iterable[str]) -> tuple[int, ...]:
        return tuple(getattr(self, n).revision for n in names)

    def touch(self, *names: str) -> None:
        """Mark slices changed (the reducer calls it for what an event changed)."""
        for n in names:
            getattr(self, n).revision = next(_REVISION)

    # --- the flat fields, each in its slice ------------------------------------------------

    @property
    def info(self) -> dict[str, Any]:
        return self.session.info

    @info.setter
    def info(self, value: dict[str, Any]) -> None:
        self.session.info = value

    @property
    def started_at(self) -> float | None:
        return self.session.started_at

    @started_at.setter
    def started_at(self, value: float | None) -> None:
        self.session.started_at = value

    @property
    def clock(self) -> float | None:
        return self.time.clock

    @clock.setter
    def clock(self, value: float | None) -> None:
        self.time.clock = value

    @property
    def phase(self) -> str:
        return self.rollout.phase

    @phase.setter
    def phase(self, value: str) -> None:
        self.rollout.phase = value

    @property
    def phase_detail(self) -> str:
        return self.rollout.phase_detail

    @phase_detail.setter
    def phase_detail(self, value: str) -> None:
        self.rollout.phase_detail = value

    @property
    def plan(self) -> list[float]:
        return self.rollout.plan

    @plan.setter
    def plan(self, value: list[float]) -> None:
        self.rollout.plan = value

    @property
    def green_pct(self) -> float:
        return self.traffic.green_pct

    @green_pct.setter
    def green_pct(self, value: float) -> None:
        self.traffic.green_pct = value

    @property
    def traffic_at(self) -> float | None:
        return self.traffic.traffic_at

    @traffic_at.setter
    def traffic_at(self, value: float | None) -> None:
        self.traffic.traffic_at = value

    @property
    def actual_green_pct(self) -> float | None:
        return self.traffic.actual_green_pct

    @actual_green_pct.setter
    def actual_green_pct(self, value: float | None) -> None:
        self.traffic.actual_green_pct = value

    @property
    def actual_at(self) -> float | None:
        return self.traffic.actual_at

    @actual_at.setter
    def actual_at(self, value: float | None) -> None:
        self.traffic.actual_at = value

    @property
    def stages(self) -> list[dict[str, Any]]:
        return self.rollout.stages

    @stages.setter
    def stages(self, value: list[dict[str, Any]]) -> None:
        self.rollout.stages = value

    @property
    def metrics(self) -> dict[str, float]:
        return self.signals.metrics

    @metrics.setter
    def metrics(self, value: dict[str, float]) -> None:
        self.signals.metrics = value

    @property
    def observed(self) -> dict[str, float]:
        return self.signals.observed

    @observed.setter
    def observed(self, value: dict[str, float]) -> None:
        self.signals.observed = value

    @property
    def history(self) -> dict[str, deque[float]]:
        return self.signals.history

    @history.setter
    def history(self, value: dict[str, deque[float]]) -> None:
        self.signals.history = value

    @property
    def thresholds(self) -> dict[str, dict[str, Any]]:
        return self.signals.thresholds

    @thresholds.setter
    def thresholds(self, value: dict[str, dict[str, Any]]) -> None:
        self.signals.thresholds = value

    @property
    def slo_violations(self) -> list[dict[str, Any]]:
        return self.incident.slo_violations

    @slo_violations.setter
    def slo_violations(self, value: list[dict[str, Any]]) -> None:
        self.incident.slo_violations = value

    @property
    def gate(self) -> dict[str, Any] | None:
        return self.control.gate

    @gate.setter
    def gate(self, value: dict[str, Any] | None) -> None:
        self.control.gate = value

    @property
    def gates(self) -> list[dict[str, Any]]:
        return self.control.gates

    @gates.setter
    def gates(self, value: list[dict[str, Any]]) -> None:
        self.control.gates = value

    @property
    def decisions(self) -> list[dict[str, Any]]:
        return self.control.decisions

    @decisions.setter
    def decisions(self, value: list[dict[str, Any]]) -> None:
        self.control.decisions = value

    @property
    def rollback(self) -> dict[str, Any] | None:
        return self.rollout.rollback

    @rollback.setter
    def rollback(self, value: dict[str, Any] | None) -> None:
        self.rollout.rollback = value

    @property
    def outcome(self) -> dict[str, Any] | None:
        return self.rollout.outcome

    @outcome.setter
    def outcome(self, value: dict[str, Any] | None) -> None:
        self.rollout.outcome = value

    @property
    def deployments(self) -> list[dict[str, Any]]:
        return self.changes.deployments

    @deployments.setter
    def deployments(self, value: list[dict[str, Any]]) -> None:
        self.changes.deployments = value

    @property
    def config_changes(self) -> list[dict[str, Any]]:
        return self.changes.config_changes

    @config_changes.setter
    def config_changes(self, value: list[dict[str, Any]]) -> None:
        self.changes.config_changes = value

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.incident.findings

    @findings.setter
    def findings(self, value: list[dict[str, Any]]) -> None:
        self.incident.findings = value

    @property
    def tools(self) -> list[dict[str, Any]]:
        return self.changes.tools

    @tools.setter
    def tools(self, value: list[dict[str, Any]]) -> None:
        self.changes.tools = value

    @property
    def pods(self) -> dict[str, dict[str, int]]:
        return self.changes.pods

    @pods.setter
    def pods(self, value: dict[str, dict[str, int]]) -> None:
        self.changes.pods = value

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        return self.health.sources

    @sources.setter
    def sources(self, value: dict[str, dict[str, Any]]) -> None:
        self.health.sources = value

    @property
    def counts(self) -> dict[str, int]:
        return self.tally.counts

    @counts.setter
    def counts(self, value: dict[str, int]) -> None:
        self.tally.counts = value

    @property
    def last_problem(self) -> dict[str, Any] | None:
        return self.incident.last_problem

    @last_problem.setter
    def last_problem(self, value: dict[str, Any] | None) -> None:
        self.incident.last_problem = value

    @property
    def resolving(self) -> dict[str, float]:
        return self.incident.resolving

    @resolving.setter
    def resolving(self, value: dict[str, float]) -> None:
        self.incident.resolving = value

    @property
    def omitted(self) -> dict[str, int]:
        return self.tally.omitted

    @omitted.setter
    def omitted(self, value: dict[str, int]) -> None:
        self.tally.omitted = value

    # --- derived views (no state of their own) -----------------------------------------

    @property
    def agent_state(self) -> str:
        if self.outcome:
            return str(self.outcome["status"])
        if self.rollback:
            return "rolling_back"
        if self.gate:
            return "at_gate"
        return self.phase

    @property
    def rollout_reported(self) -> bool:
        """Did anything say there is a rollout (a stage, a split, a gate, a phase)? A
        service's own log says none, and an agent yet to start has not yet."""
        return not (
            self.agent_state == "waiting"
            and not self.stages
            and self.traffic_at is None
            and self.actual_at is None
        )

    @property
    def stage_index(self) -> int | None:
        """Index in the plan of the current traffic weight, if it is one of the steps."""
        for i, pct in enumerate(self.plan):
            if abs(pct - self.green_pct) < 0.01:
                return i
        return None

    def stage_status(self, stage: dict[str, Any]) -> str:
        """How one stage stands: its result (passed, failed, rolled_back), current while
        traffic is at it, else passed (a stage that ended before results were recorded,
        from an older store, ended because traffic moved on)."""
        if stage.get("result"):
            return str(stage["result"])
        if stage["ended_at"] is None and self.stages and stage is self.stages[-1]:
            return "current"
        return PASSED

    def plan_progress(self) -> list[tuple[float, str]]:
        """Each step of the plan (and any stage off it), in order of weight, with how it
        stands (``stage_status``, or pending when not reached). A weight reached twice
        counts by its latest stage."""
        latest: dict[float, dict[str, Any]] = {}
        for st in self.stages:
            latest[float(st["traffic_pct"])] = st
        return [
            (pct, "pending" if pct not in latest else self.stage_status(latest[pct]))
            for pct in sorted({*self.plan, *latest})
        ]

    def metric(self, name: str, scope: str = "") -> float | None:
        return self.metrics.get(metric_key(name, scope))

    def series(self, name: str, scope: str = "") -> list[float]:
        return list(self.history.get(metric_key(name, scope), ()))

    def threshold(self, name: str) -> float | None:
        t = self.thresholds.get(name)
        return None if t is None else float(t["value"])

    def breached(self, name: str, scope: str = "") -> bool:
        value, limit = self.metric(name, scope), self.threshold(name)
        return value is not None and limit is not None and value > limit

    def total(self, name: str) -> int:
        """How many entries a bounded record has had: those kept and those omitted."""
        return len(getattr(self, name)) + self.omitted.get(name, 0)

    @property
    def elapsed(self) -> float:
        if self.started_at is None or self.clock is None:
            return 0.0
        return max(0.0, self.clock - self.started_at)

    # --- snapshots ------------------------------------------------------------------------

    def to_dict(self, *, deep: bool = True) -> dict[str, Any]:
        """The state as plain data, flat (one key per field, as snapshots have always been
        stored). ``deep=False`` shares the values with the live state: only for a caller
        that serialises it at once (the recorder's snapshots)."""
        out: dict[str, Any] = {}
        for name, part in FIELD_SLICE.items():
            value = getattr(getattr(self, part), name)
            if name == "history":
                value = {k: list(v) for k, v in value.items()}
            out[name] = copy.deepcopy(value) if deep else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> State:
        data = copy.deepcopy(data)
        history = {k: deque(v, maxlen=HISTORY) for k, v in data.pop("history", {}).items()}
        parts: dict[str, dict[str, Any]] = {name: {} for name in SLICES}
        parts["signals"]["history"] = history
        for key, value in data.items():
            part = FIELD_SLICE.get(key)
            if part is not None:
                parts[part][key] = value
        return cls(**{name: SLICES[name](**kw) for name, kw in parts.items()})  # type: ignore[arg-type]


# --- the reducer --------------------------------------------------------------------------


def _append(s: State, name: str, items: list[dict[str, Any]], item: dict[str, Any]) -> None:
    """Append to a bounded record: past its first KEEP_FIRST and last KEEP_LAST entries,
    the oldest of the latest is dropped and counted."""
    items.append(item)
    if len(items) > KEEP_FIRST + KEEP_LAST[name]:
        del items[KEEP_FIRST]
        s.omitted[name] = s.omitted.get(name, 0) + 1


def _keyed(s: State, name: str, record: dict[str, Any], key: str) -> bool:
    """May ``record`` hold ``key``? Yes if it does or has room; a key beyond MAX_KEYS is
    counted instead."""
    if key in record or len(record) < MAX_KEYS:
        return True
    s.omitted[name] = s.omitted.get(name, 0) + 1
    return False


Handler = Callable[[State, Any], None]
# Each event type's handler and the slices it changes (a handler that changes a slice only
# sometimes touches it itself).
_HANDLERS: dict[type[ev.Event], tuple[Handler, tuple[str, ...]]] = {}


def _on(cls: type[ev.Event], *slices: str) -> Callable[[Handler], Handler]:
    assert all(name in SLICES for name in slices), slices

    def register(fn: Handler) -> Handler:
        _HANDLERS[cls] = (fn, slices)
        return fn

    return register


def reduce(state: State, event: ev.Event) -> State:
    """Fold one event into the state. Never raises on a well-formed event."""
    if type(event) is ev.LogLine:
        return reduce_all(state, (event,))  # one fold of log lines, hoisted for runs of them
    ts = event.ts
    rev = next(_REVISION)  # one per event: every slice it changes takes it
    session, now, tally = state.session, state.time, state.tally
    if session.started_at is None or ts < session.started_at:
        session.started_at = ts
        session.revision = rev
    if now.clock is None or ts > now.clock:
        now.clock = ts
        now.revision = rev
    tally.counts["events"] += 1
    tally.revision = rev
    entry = _HANDLERS.get(type(event))
    if entry is not None:
        handler, touched = entry
        handler(state, event)
        for name in touched:
            getattr(state, name).revision = rev
    return state


def reduce_all(state: State, events: Iterable[ev.Event]) -> State:
    """``reduce`` each event in turn: the same state. Log lines (nearly every event of an
    import) are folded here, with their per-line work hoisted out of the loop: the slices'
    records looked up once, the counts added once, one revision for the run (a widget
    redraws on a change of revision, not on how many there were)."""
    logs = logs_before = 0  # log lines of the run not counted yet, and counted
    samples_seen = False
    session, now, tally, signals = state.session, state.time, state.tally, state.signals
    started, clock = session.started_at, now.clock
    started_was, clock_was = started, clock
    problems, log_line = _PROBLEMS, ev.LogLine
    for e in events:
        if type(e) is not log_line:
            # Another kind: its handler sees the state as it is so far.
            session.started_at, now.clock = started, clock
            tally.counts["events"] += logs
            tally.counts["log"] += logs
            logs_before += logs
            logs = 0
            reduce(state, e)
            started, clock = session.started_at, now.clock
            continue
        ts = e.ts
        if started is None or ts < started:
            started = ts
        if clock is None or ts > clock:
            clock = ts
        logs += 1
        problem = problems.get(e.level, _UNSEEN)
        if problem is _UNSEEN:
            problem = _problem(e.level)
        if problem is not None:
            count, level = problem
            tally.counts[count] += 1
            state.incident.last_problem = {"at": ts, "level": level, "message": e.message[:300]}
            state.incident.revision = next(_REVISION)
            _trouble(state, ts)
        if not e.samples:
            continue
        samples_seen = True
        _fold(state, e.samples, ts)
    session.started_at, now.clock = started, clock
    tally.counts["events"] += logs
    tally.counts["log"] += logs
    if logs or logs_before:
        rev = next(_REVISION)
        tally.revision = rev
        if started != started_was:
            session.revision = rev
        if clock != clock_was:
            now.revision = rev
        if samples_seen:
            signals.revision = rev
    return state


@_on(ev.SessionInfo, "session")
def _session_info(s: State, e: ev.SessionInfo) -> None:
    for key in ev._fields(ev.SessionInfo):
        value = getattr(e, key)
        if value is not None:
            s.info[key] = value


def _problem(level: str) -> tuple[str, str] | None:
    """("warning" or "error", the level in capitals) for a level that counts, else None;
    remembered per level string (a log has a handful, and this runs for every line)."""
    up = level.upper()
    problem = (
        ("warning", up)
        if up in ev.WARNING_LEVELS
        else ("error", up)
        if up in ev.ERROR_LEVELS
        else None
    )
    if len(_PROBLEMS) < 1000:
        _PROBLEMS[level] = problem
    return problem


_UNSEEN: Any = object()
_PROBLEMS: dict[str, tuple[str, str] | None] = {}


@_on(ev.MetricSample)
def _metric(s: State, e: ev.MetricSample) -> None:
    _fold_samples(s, ((e.name, e.value, e.scope),), e.ts)


@_on(ev.MetricBatch)
def _metrics(s: State, e: ev.MetricBatch | ev.LogLine) -> None:
    _fold_samples(s, e.samples, e.ts)


def _fold_samples(s: State, samples: Iterable[tuple[str, float, str]], ts: float) -> None:
    s.signals.revision = next(_REVISION)
    _fold(s, samples, ts)


def _fold(s: State, samples: Iterable[tuple[str, float, str]], ts: float) -> None:
    """Samples into the signals (history, latest value) without a revision: the caller
    gives one, per event or per run of log lines."""
    signals = s.signals
    metrics, history, observed, resolving = (
        signals.metrics,
        signals.history,
        signals.observed,
        s.incident.resolving,
    )
    for name, value, scope in samples:
        key = f"{name}@{scope}" if scope else name  # metric_key, inline: the hot path
        try:
            history[key].append(value)
        except KeyError:  # a metric's first sample
            if not _keyed(s, "metrics", history, key):
                continue
            history[key] = deque((value,), maxlen=HISTORY)
        if ts >= observed.get(key, ts):
            # The newest observation is the value: one stamped earlier that arrives later
            # (a log block written after the stream moved on) joins the history only.
            metrics[key] = value
            observed[key] = ts
        if resolving and key in resolving and value <= resolving[key]:
            _back_under(s, key, value, ts)


@_on(ev.Threshold, "signals")
def _threshold(s: State, e: ev.Threshold) -> None:
    if _keyed(s, "thresholds", s.thresholds, e.metric):
        s.thresholds[e.metric] = {"value": e.value, "slo": e.slo}


@_on(ev.TrafficSplit, "traffic")
def _traffic(s: State, e: ev.TrafficSplit) -> None:
    if e.green_pct == 0 and s.green_pct > 0:
        # Green takes no traffic: what was measured on it no longer holds for anyone.
        s.incident.revision = next(_REVISION)
        for f in s.findings:
            data = f.get("data") or {}
            if data.get("scope") == "green" and f["code"] in ("early_warning", "slo_breach"):
                _resolve(f, e.ts, "green takes no traffic")
    if e.green_pct != s.green_pct or s.traffic_at is None:
        s.traffic_at = e.ts
    s.green_pct = e.green_pct
    if e.actual_green_pct is not None:
        # A new set weight says nothing of the split measured before it: that stays, with
        # its time, until a source measures again.
        s.actual_green_pct = e.actual_green_pct
        s.actual_at = e.ts


@_on(ev.StagePlan, "rollout")
def _plan(s: State, e: ev.StagePlan) -> None:
    if e.steps:
        s.plan = [float(x) for x in e.steps]


# How a stage ended (``result`` of a stage record): None while it runs.
PASSED, FAILED, ROLLED_BACK = "passed", "failed", "rolled_back"


def _open_stage(s: State) -> dict[str, Any] | None:
    """The stage traffic is at now, if nothing has said how it went."""
    if s.stages and s.stages[-1].get("result") is None and s.stages[-1]["ended_at"] is None:
        return s.stages[-1]
    return None


def _trouble(s: State, ts: float) -> None:
    """A sign of the incident (an agent warning or error, an SLO violation, a console alarm
    about a metric): the stage it showed in is failed if it ends in a rollback."""
    stage = _open_stage(s)
    if stage is not None and stage.get("trouble_at") is None:
        stage["trouble_at"] = ts
        s.rollout.revision = next(_REVISION)


def _end_stage(s: State, ts: float, result: str | None = None) -> None:
    """Say how the running stage went. Without a ``result`` it ended by a rollback or a
    failed rollout: failed when trouble showed in it (or a threshold is breached as it
    ends), else rolled back (a precaution). Its ``ended_at`` stays for when traffic leaves
    it (the next stage, or the outcome)."""
    stage = _open_stage(s)
    if stage is None:
        return
    if result is None:
        troubled = stage.get("trouble_at") is not None or any(
            s.breached(name) or s.breached(name, "green") for name in s.thresholds
        )
        result = FAILED if troubled else ROLLED_BACK
    stage["result"] = result


def _rolling_back(s: State) -> bool:
    return s.rollback is not None and s.outcome is None


@_on(ev.StageStarted, "rollout")
def _stage(s: State, e: ev.StageStarted) -> None:
    last = s.stages[-1] if s.stages else None
    if last is not None and last["traffic_pct"] == e.traffic_pct and last["ended_at"] is None:
        return  # the same stage announced twice (log line and protocol message)
    if _rolling_back(s):
        # A step of the rollback (75 → 50 → 25 …) is no stage of the plan: it neither
        # passes nor re-opens the stage of that weight reached on the way up.
        s.phase_detail = f"{e.traffic_pct:g}% on green (rolling back)"
        return
    if last is not None and last["ended_at"] is None:
        # Traffic moved on: the stage passed. Moved back without a rollback: it did not.
        _end_stage(s, e.ts, PASSED if e.traffic_pct > last["traffic_pct"] else None)
        last["ended_at"] = e.ts
    _append(
        s,
        "stages",
        s.stages,
        {
            "traffic_pct": e.traffic_pct,
            "started_at": e.ts,
            "ended_at": None,
            "result": None,
            "trouble_at": None,
        },
    )
    s.phase = "monitoring"
    s.phase_detail = f"{e.traffic_pct:g}% on green"


@_on(ev.Phase, "rollout")
def _phase(s: State, e: ev.Phase) -> None:
    s.phase = e.phase
    s.phase_detail = e.detail


@_on(ev.ToolCall, "changes")
def _tool(s: State, e: ev.ToolCall) -> None:
    _append(s, "tools", s.tools, {"at": e.ts, "tool": e.tool, "args": e.args})


@_on(ev.SloViolation, "incident")
def _slo(s: State, e: ev.SloViolation) -> None:
    _trouble(s, e.ts)
    _append(
        s,
        "slo_violations",
        s.slo_violations,
        {
            "at": e.ts,
            "metric": e.metric,
            "value": e.value,
            "threshold": e.threshold,
            "message": e.message,
        },
    )


@_on(ev.Pods, "changes")
def _pods(s: State, e: ev.Pods) -> None:
    if _keyed(s, "pods", s.pods, e.colour):
        s.pods[e.colour] = {"ready": e.ready, "total": e.total, "restarts": e.restarts}


@_on(ev.GateOpened, "control", "rollout")
def _gate_opened(s: State, e: ev.GateOpened) -> None:
    s.gate = {
        "gate_id": e.gate_id,
        "stage_pct": e.stage_pct,
        "next_pct": e.next_pct,
        "opened_at": e.ts,
        "checks": [],
        "compare": [],
        "held": False,
    }
    _append(
        s,
        "gates",
        s.gates,
        {
            "gate_id": e.gate_id,
            "stage_pct": e.stage_pct,
            "opened_at": e.ts,
            "closed_at": None,
            "decision": None,
            "operator": None,
        },
    )
    s.phase = "at_gate"


@_on(ev.GateChecks, "control")
def _gate_checks(s: State, e: ev.GateChecks) -> None:
    if s.gate and s.gate["gate_id"] == e.gate_id:
        s.gate["checks"] = [dict(c) for c in e.checks]
        s.gate["compare"] = [dict(c) for c in e.compare]


@_on(ev.GateClosed, "control", "rollout", "incident")
def _gate_closed(s: State, e: ev.GateClosed) -> None:
    for g in reversed(s.gates):
        if g["gate_id"] == e.gate_id:
            g.update(closed_at=e.ts, decision=e.decision, operator=e.operator)
            break
    if e.decision != "hold":
        who = f" by {e.operator}" if e.operator else ""
        for f in s.findings:
            if f["code"] in GATE_FINDINGS and (f.get("data") or {}).get("gate_id") in (
                e.gate_id,
                None,
            ):
                _resolve(f, e.ts, f"gate {e.gate_id} decided: {e.decision}{who}")
    if s.gate and s.gate["gate_id"] == e.gate_id:
        if e.decision == "hold":
            s.gate["held"] = True  # a hold keeps the gate open
        else:
            s.gate = None
            if s.phase == "at_gate":
                s.phase = "shifting" if e.decision == "approve" else "rolling_back"


@_on(ev.DecisionRequested, "control")
def _decision(s: State, e: ev.DecisionRequested) -> None:
    _append(
        s,
        "decisions",
        s.decisions,
        {
            "decision_id": e.decision_id,
            "gate_id": e.gate_id,
            "decision": e.decision,
            "operator": e.operator,
            "origin": e.origin,
            "reason": e.reason,
            "via": e.via,
            "at": e.ts,
            "result": "pending",
            "detail": "",
            "result_at": None,
        },
    )


@_on(ev.DecisionResult, "control")
def _decision_result(s: State, e: ev.DecisionResult) -> None:
    for d in reversed(s.decisions):
        if d["decision_id"] == e.decision_id:
            d.update(result=e.result, detail=e.detail, result_at=e.ts)
            break


@_on(ev.RollbackStarted, "rollout", "control", "incident")
def _rollback(s: State, e: ev.RollbackStarted) -> None:
    if s.rollback is None:
        s.rollback = {"started_at": e.ts, "reason": e.reason}
    _end_stage(s, e.ts)
    _resolve_all(s, ROLLBACK_FINDINGS | GATE_FINDINGS, e.ts, "rollback started")
    s.gate = None


@_on(ev.Outcome, "rollout", "control", "incident")
def _outcome(s: State, e: ev.Outcome) -> None:
    s.outcome = {
        "status": e.status,
        "at": e.ts,
        "detail": e.detail,
        "time_to_detect": e.time_to_detect,
        "time_to_rollback": e.time_to_rollback,
        "customer_impact": e.customer_impact,
    }
    if e.status == "succeeded":
        _end_stage(s, e.ts, PASSED)
    elif e.status in ("failed", "rolled_back"):
        _end_stage(s, e.ts, FAILED if e.status == "failed" else None)
    if s.stages and s.stages[-1]["ended_at"] is None:
        s.stages[-1]["ended_at"] = e.ts
    _resolve_all(s, ENDED_BY_OUTCOME, e.ts, f"rollout {e.status.replace('_', ' ')}")
    s.gate = None


@_on(ev.Deployment, "changes")
def _deployment(s: State, e: ev.Deployment) -> None:
    _append(
        s,
        "deployments",
        s.deployments,
        {
            "at": e.ts,
            "service": e.service,
            "version": e.version,
            "environment": e.environment,
            "changes": dict(e.changes),
        },
    )


@_on(ev.ConfigChange, "changes")
def _config(s: State, e: ev.ConfigChange) -> None:
    _append(
        s,
        "config_changes",
        s.config_changes,
        {"at": e.ts, "service": e.service, "changes": dict(e.changes), "resource": e.resource},
    )


@_on(ev.Finding, "incident")
def _finding(s: State, e: ev.Finding) -> None:
    if e.severity == "critical" or (e.severity == "warning" and e.metric):
        _trouble(s, e.ts)  # a reminder about no metric (a gate waiting) is no sign
    finding = {
        "at": e.ts,
        "code": e.code,
        "severity": e.severity,
        "message": e.message,
        "metric": e.metric,
        "data": dict(e.data) if e.data else None,
        "resolved_at": None,
        "resolution": None,
    }
    _append(s, "findings", s.findings, finding)
    watch = _watched(finding)
    if watch is not None:
        key, level = watch
        s.resolving[key] = max(level, s.resolving.get(key, level))


# --- findings resolve when their condition ends ---------------------------------------------
#
# A finding is a live alarm only while what it says holds: a gate waiting until it is decided,
# a breach until the metric is back under its limit, a trend until the signal is back where it
# began, a recommended rollback until one starts. The reducer marks it resolved (when, and
# why) from the events that end it, so the screen and replay show it as past, not current.
GATE_FINDINGS = frozenset({"gate_waiting", "auto_waiting"})
ROLLBACK_FINDINGS = frozenset({"recommend_rollback", "auto_rollback"})
# Findings that end with the rollout, when nothing ended them before.
ENDED_BY_OUTCOME = frozenset({*GATE_FINDINGS, *ROLLBACK_FINDINGS, "early_warning", "slo_breach"})


def _watched(f: dict[str, Any]) -> tuple[str, float] | None:
    """(metric key, level) a finding ends at: an SLO breach at its limit, a trend when its
    signal is back nearer its baseline than the value it was raised at (half way)."""
    data = f.get("data") or {}
    try:
        if f["code"] == "slo_breach" and "limit" in data:
            return metric_key(str(data["metric"]), str(data.get("scope") or "")), float(
                data["limit"]
            )
        if f["code"] == "early_warning" and "baseline" in data and "value" in data:
            name = str(data.get("signal") or f.get("metric") or "")
            base = float(data["baseline"])
            level = base + (float(data["value"]) - base) / 2
            return metric_key(name, str(data.get("scope") or "")), level
    except (TypeError, ValueError):
        return None
    return None


def _resolve(f: dict[str, Any], ts: float, why: str) -> None:
    if f.get("resolved_at") is None:
        f["resolved_at"] = max(ts, float(f["at"]))  # never before it was raised
        f["resolution"] = why


def _back_under(s: State, key: str, value: float, ts: float) -> None:
    """A watched metric came back to ``value``: resolve the findings it ends."""
    s.incident.revision = next(_REVISION)
    still: float | None = None
    for f in s.findings:
        if f.get("resolved_at") is not None:
            continue
        watch = _watched(f)
        if watch is None or watch[0] != key:
            continue
        if value <= watch[1] and ts >= float(f["at"]):  # a sample older than it ends nothing
            word = "under its limit" if f["code"] == "slo_breach" else "back near its baseline"
            _resolve(f, ts, f"{key} {value:g}: {word}")
        else:
            still = watch[1] if still is None else max(still, watch[1])
    if still is None:
        s.resolving.pop(key, None)
    else:
        s.resolving[key] = still


def _resolve_all(s: State, codes: frozenset[str], ts: float, why: str) -> None:
    for f in s.findings:
        if f["code"] in codes:
            _resolve(f, ts, why)
    if codes & {"slo_breach", "early_warning"}:
        s.resolving.clear()


@_on(ev.SourceStatus, "health")
def _source(s: State, e: ev.SourceStatus) -> None:
    if _keyed(s, "sources", s.sources, e.name):
        s.sources[e.name] = {"status": e.status, "message": e.message, "at": e.ts}
