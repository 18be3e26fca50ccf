"""The event vocabulary of the whole program.

Every input (a log line, an agent's protocol message, a Prometheus sample, a Kubernetes watch
event, an operator's decision) becomes one of these immutable records. The recorder stores
them, the reducer folds them into State, and nothing reaches a widget any other way.

Times are float seconds since the Unix epoch, UTC: cheap to compare and to store. Events are
serialised as their ``kind`` plus a JSON object of their own fields (see ``to_record``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from orjson import dumps as _orjson_dumps

# Canonical metric names. Sources map whatever they read onto these so that the panels, the
# analysis and the export speak one language.
LATENCY_AVG = "latency_avg_ms"
LATENCY_P95 = "latency_p95_ms"
LATENCY_P99 = "latency_p99_ms"
# The same figures of work a log times that is no request served (its jobs', queries', build
# steps'): a log with no request timed. Apart from latency, which the request SLO judges.
WORK_AVG = "work_avg_ms"
WORK_P95 = "work_p95_ms"
WORK_P99 = "work_p99_ms"
# Each set of three in the order its figures are shown and charted: avg, p95, p99.
LATENCY = (LATENCY_AVG, LATENCY_P95, LATENCY_P99)
WORK = (WORK_AVG, WORK_P95, WORK_P99)
ERROR_RATE = "error_rate_pct"
REQUEST_RATE = "request_rate_rps"
DB_CONNECTIONS = "db_connections"  # scope: "blue", "green" or "" for the total
DB_CONNECTIONS_MAX = "db_connections_max"
DB_CONNECTIONS_PCT = "db_connections_pct"  # in use, as a share of max_connections
DB_QUERY_MS = "db_query_ms"
DB_CPU = "db_cpu_pct"
CPU = "cpu_pct"
MEMORY = "memory_pct"
TIMEOUT_RATE = "timeout_rate_pct"
POOL_SIZE = "db_pool_size"
POOL_AVAILABLE = "pool_available"
CONCURRENT_CALLS = "concurrent_calls"

# Log levels seen in the agent runtime format; anything else is kept as it is.
WARNING_LEVELS = frozenset({"WARNING", "WARN"})
ERROR_LEVELS = frozenset({"ERROR", "FAILURE", "CRITICAL", "FATAL"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Base of every event: when it happened and where it came from."""

    kind: ClassVar[str] = "event"
    ts: float
    source: str = ""

    def payload(self) -> dict[str, Any]:
        """The event's own fields (not ts/source), JSON-ready."""
        out: dict[str, Any] = {}
        for f in _fields(type(self)):
            out[f] = _jsonable(getattr(self, f))
        return out

    def text(self) -> str | None:
        """Searchable text for the log index, if this event carries any."""
        return None


def _jsonable(value: Any) -> Any:
    """JSON-ready, all the way down: tuples as lists, mappings as dicts, NaN and infinities as
    null (as orjson writes them: JSON has no word for them, and SQLite's JSON functions
    refuse the whole text if it holds one)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str | int):  # most fields: nothing inside
        return value
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


_FIELD_CACHE: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELD_CACHE.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in ("ts", "source"))
        _FIELD_CACHE[cls] = names
    return names


# --- the session -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionInfo(Event):
    """What is being rolled out, by whom; from a log header, an agent's status or the CLI."""

    kind: ClassVar[str] = "session_info"
    name: str | None = None
    service: str | None = None
    version: str | None = None
    agent: str | None = None
    task: str | None = None
    attempt: str | None = None
    previous_attempt: str | None = None
    agent_session_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LogLine(Event):
    """One entry of the agent's (or a service's) log, with its continuation lines.

    ``samples``: the measurements the entry states and nothing else, as ``(name, value,
    scope)`` triples ("Metrics after 5 minutes": latency, error rate, connections; a JSON
    line's ``duration_ms``). They belong to the line the way lnav's extracted fields do: one
    event and one stored row where a separate batch would double both. An entry whose facts
    are more than samples (a stage, a threshold) has them as events of their own."""

    kind: ClassVar[str] = "log"
    level: str
    message: str
    detail: tuple[str, ...] = ()
    fields: Mapping[str, Any] | None = None  # JSON-lines fields beyond level/message/time
    fmt: str = "agent"  # agent | json | plain
    samples: tuple[tuple[str, float, str], ...] = ()

    def text(self) -> str:
        if self.detail:
            return self.message + "\n" + "\n".join(self.detail)
        return self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricSample(Event):
    """One measurement; ``scope`` is "blue", "green" or "" for the service as a whole."""

    kind: ClassVar[str] = "metric"
    name: str
    value: float
    scope: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricBatch(Event):
    """The samples one observation states at once (a log entry's "Metrics after 5 minutes"
    block): ``(name, value, scope)`` triples. One event instead of one per sample keeps a
    million-line import to a third of the rows; ``samples_of`` gives them one at a time."""

    kind: ClassVar[str] = "metrics"
    samples: tuple[tuple[str, float, str], ...]


def samples_of(event: Event) -> tuple[MetricSample, ...]:
    """The metric samples an event carries: itself, a batch's or a log line's, or none."""
    if isinstance(event, MetricSample):
        return (event,)
    if isinstance(event, MetricBatch | LogLine):
        ts, src = event.ts, event.source
        return tuple(
            MetricSample(ts=ts, source=src, name=n, value=v, scope=sc) for n, v, sc in event.samples
        )
    return ()


def explode(events: Iterable[Event]) -> Iterator[Event]:
    """The events with every batch replaced by its samples and every log line with samples
    by the line without them, then the samples: for per-sample analysis. Exploding twice
    changes nothing (an analyser that keeps lines and samples hands them on as they are)."""
    for e in events:
        cls = type(e)
        if cls is MetricBatch:
            yield from samples_of(e)
        elif cls is LogLine and e.samples:  # type: ignore[attr-defined]
            yield dataclasses.replace(e, samples=())  # type: ignore[call-arg]
            yield from samples_of(e)
        else:
            yield e


@dataclass(frozen=True, slots=True, kw_only=True)
class Threshold(Event):
    """A limit a metric is judged against: an agent threshold or an SLO."""

    kind: ClassVar[str] = "threshold"
    metric: str
    value: float
    slo: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TrafficSplit(Event):
    """Traffic weights. ``actual`` is what the router reports, when it differs from the ask."""

    kind: ClassVar[str] = "traffic"
    green_pct: float
    actual_green_pct: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StagePlan(Event):
    kind: ClassVar[str] = "stage_plan"
    steps: tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StageStarted(Event):
    kind: ClassVar[str] = "stage"
    traffic_pct: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase(Event):
    """What the agent is doing: validating, building, deploying, shifting, monitoring, ..."""

    kind: ClassVar[str] = "phase"
    phase: str
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolCall(Event):
    kind: ClassVar[str] = "tool_call"
    tool: str
    args: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SloViolation(Event):
    kind: ClassVar[str] = "slo_violation"
    metric: str
    value: float | None
    threshold: float | None
    message: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pods(Event):
    kind: ClassVar[str] = "pods"
    colour: str
    ready: int
    total: int
    restarts: int = 0


# --- gates and decisions --------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class GateOpened(Event):
    """The rollout waits for a decision after a stage's monitoring window."""

    kind: ClassVar[str] = "gate_opened"
    gate_id: str
    stage_pct: float
    next_pct: float | None  # None: approving finishes the rollout
    window_start: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GateChecks(Event):
    """The console's verdicts on a gate's window, computed once when the gate opens.

    ``checks`` items: {"name", "ok": bool|None, "reason"}; ``compare`` items:
    {"metric", "blue", "green"}.
    """

    kind: ClassVar[str] = "gate_checks"
    gate_id: str
    checks: tuple[Mapping[str, Any], ...]
    compare: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GateClosed(Event):
    kind: ClassVar[str] = "gate_closed"
    gate_id: str
    decision: str
    operator: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionRequested(Event):
    """Recorded before a decision is sent, so nothing an operator did is ever lost."""

    kind: ClassVar[str] = "decision"
    decision_id: str
    gate_id: str | None  # None: an abort outside a gate
    decision: str  # approve | hold | rollback
    operator: str
    origin: str | None = None
    reason: str | None = None
    via: str = "agent"  # agent | hook | argo | auto


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionResult(Event):
    kind: ClassVar[str] = "decision_result"
    decision_id: str
    result: str  # accepted | refused | failed
    detail: str = ""


# --- rollback and outcome --------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RollbackStarted(Event):
    kind: ClassVar[str] = "rollback"
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome(Event):
    """The end of the rollout: succeeded, rolled_back or failed."""

    kind: ClassVar[str] = "outcome"
    status: str
    detail: str = ""
    time_to_detect: str | None = None
    time_to_rollback: str | None = None
    customer_impact: str | None = None


# --- changes and findings --------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Deployment(Event):
    kind: ClassVar[str] = "deployment"
    service: str | None = None
    version: str | None = None
    environment: str | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigChange(Event):
    """``changes``: {key: {"before": x, "after": y}}."""

    kind: ClassVar[str] = "config_change"
    service: str | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)
    resource: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding(Event):
    """Something the console's own analysis concluded (early warning, breach, root cause)."""

    kind: ClassVar[str] = "finding"
    code: str
    severity: str  # info | warning | critical
    message: str
    metric: str | None = None
    data: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceStatus(Event):
    """A source's health: connected, stale, error (e.g. Prometheus down, RBAC refusal)."""

    kind: ClassVar[str] = "source_status"
    name: str
    status: str  # ok | stale | error | ended
    message: str = ""


# --- serialisation ----------------------------------------------------------------------

# Every concrete event type by its kind. (Built here rather than in __init_subclass__, which
# slots=True dataclasses don't support with zero-argument super().)
EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls for cls in Event.__subclasses__() if cls.__dict__.get("kind")
}


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (SQLite refuses them in UTF-8)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


_ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode
_ENCODE_ASCII = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


def _encode(payload: dict[str, Any]) -> str:
    try:
        return _orjson_dumps(payload).decode()
    except TypeError:  # a lone surrogate, an integer beyond 64 bits, a key not a string
        pass
    payload = _jsonable(payload)  # null for NaN, as orjson writes it (json can't, here)
    data = _ENCODE(payload)
    if has_surrogate(data):
        # SQLite refuses lone surrogates in UTF-8; ASCII escapes round-trip them exactly.
        data = _ENCODE_ASCII(payload)
    return data


Record = tuple[float, str, str, str, str | None]  # (ts, kind, source, data, text)


def to_record(event: Event, *, compact: bool = True) -> Record:
    """(ts, kind, source, data-json, searchable text) for the store.

    ``compact``: a LogLine's message and detail lines travel once, in the text (its first
    line and the rest), when that text gives them back exactly: no newline inside a line and
    no lone surrogate. Log lines are most of a log's bytes; storing them twice doubled the
    database and the import's encoding work. ``from_record`` reads both forms.
    """
    return record_form(event, compact=compact)[0]


def record_form(event: Event, *, compact: bool = True) -> tuple[Record, bool]:
    """``to_record``'s record, and whether it is a compact log record (see there)."""
    cls = type(event)
    if cls is MetricBatch:
        data = _encode({"samples": event.samples})  # type: ignore[attr-defined]
        return (event.ts, "metrics", event.source, data, None), False
    text = event.text()
    if text is not None and has_surrogate(text):
        text = _SURROGATE.sub("\ufffd", text)
        compact = False
    if cls is LogLine and compact and text is not None:
        e: LogLine = event  # type: ignore[assignment]
        if text.count("\n") == len(e.detail):  # no line holds a newline of its own
            data = compact_log_data(e.level, e.fmt, e.fields, e.samples)
            return (e.ts, "log", e.source, data, text), True
    return (event.ts, event.kind, event.source, _encode(event.payload()), text), False


def compact_log_data(
    level: str,
    fmt: str,
    fields: Mapping[str, Any] | None,
    samples: tuple[tuple[str, float, str], ...],
) -> str:
    """A compact log record's data: everything but the lines, which its text holds."""
    if fields is None and not samples:
        key = (level, fmt)
        cached = _LOG_DATA.get(key)
        if cached is None:
            cached = _encode({"level": level, "fmt": fmt})
            if len(_LOG_DATA) < 1000:
                _LOG_DATA[key] = cached
        return cached
    payload: dict[str, Any] = {"level": level, "fmt": fmt}
    if fields is not None:
        payload["fields"] = fields
    if samples:
        payload["samples"] = samples
    return _encode(payload)


def full_log_data(data: str, text: str) -> str:
    """A compact log record's data with message and detail put back (from its text)."""
    payload = json.loads(data)
    lines = text.split("\n")
    payload["message"] = lines[0]
    payload["detail"] = lines[1:]
    return _encode(payload)


# A compact log record's data for each (level, format): the same few strings, over and over.
_LOG_DATA: dict[tuple[str, str], str] = {}


def from_record(
    ts: float, kind: str, source: str, data: str | Mapping[str, Any], text: str | None = None
) -> Event:
    """Rebuild an event from the store. Unknown kinds (a newer writer) become a LogLine."""
    payload = json.loads(data) if isinstance(data, str) else dict(data)
    cls = EVENT_TYPES.get(kind)
    if cls is None:
        return LogLine(ts=ts, source=source, level="UNKNOWN", message=f"[{kind}] {payload}")
    if cls is LogLine and "message" not in payload:
        lines = (text or "").split("\n")  # a compact record: see to_record
        payload["message"] = lines[0]
        payload["detail"] = lines[1:]
    names = _fields(cls)
    kwargs = {k: v for k, v in payload.items() if k in names}
    for name in _tuple_fields(cls):
        value = kwargs.get(name)
        if isinstance(value, list):
            kwargs[name] = tuple(value)
    if "samples" in kwargs:
        kwargs["samples"] = tuple(
            (str(n), float(v), str(sc or ""))
            for n, v, sc in kwargs.get("samples") or ()
            if v is not None
        )
    return cls(ts=ts, source=source, **kwargs)


_TUPLE_CACHE: dict[type, tuple[str, ...]] = {}


def _tuple_fields(cls: type) -> tuple[str, ...]:
    """Fields declared as tuples: JSON brings them back as lists."""
    names = _TUPLE_CACHE.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if "tuple" in str(f.type))
        _TUPLE_CACHE[cls] = names
    return names
