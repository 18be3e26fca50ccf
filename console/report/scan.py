"""One pass over a session's events for its postmortem, in bounded memory.

Every row is read once, in seq order, and folded into what the report needs: each metric's
peak and low, the impact window (samples judged against the thresholds in force at the time),
the charts' buckets, the agent's warning and error lines, its summary sections, and the
(few) marker events the timeline lists. Nothing grows with the number of log lines or samples
except those markers, as before: a million-line session is scanned in a steady ~100 MB.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from console import events as ev
from console.report.model import AgentSection
from console.report.sections import agent_section, may_be_section
from console.state import DEFAULT_THRESHOLDS
from console.store.schema import session_key

MAX_LOGS = 200  # agent warnings/errors kept for the timeline; the rest are counted
MAX_SIGNAL_LOGS = 50  # of each (warnings, errors) kept as signs of trouble
MAX_SECTIONS = 2000
_LEVELS = {lv: "warning" for lv in ev.WARNING_LEVELS} | {lv: "error" for lv in ev.ERROR_LEVELS}


@dataclass(slots=True)
class Peak:
    peak: float
    peak_at: float
    low: float
    samples: int


@dataclass(slots=True)
class Scan:
    """What the pass found. ``markers``: (seq, event) of the kinds asked for."""

    peaks: dict[tuple[str, str], Peak] = field(default_factory=dict)
    impact_start: float | None = None
    impact_metric: str | None = None
    recovered: dict[tuple[str, str], float | None] = field(default_factory=dict)
    buckets: dict[tuple[str, str, int], tuple[float, float]] = field(default_factory=dict)
    markers: list[tuple[int, ev.Event]] = field(default_factory=list)
    logs: list[tuple[int, ev.Event]] = field(default_factory=list)
    first_logs: dict[str, list[tuple[float, str]]] = field(
        default_factory=lambda: {"warning": [], "error": []}
    )
    sections: list[AgentSection] = field(default_factory=list)

    @property
    def impact_end(self) -> float | None:
        """When every metric that breached was back under its threshold; None while any
        still is (or none ever breached)."""
        if self.impact_start is None:
            return None
        ends = list(self.recovered.values())
        if any(x is None for x in ends):
            return None
        return max((x for x in ends if x is not None), default=None)


def scan(
    conn: sqlite3.Connection,
    session_id: str,
    *,
    marker_kinds: Iterable[str],
    chart_metrics: Iterable[str],
    chart_start: float | None,
    chart_width: float | None,
) -> Scan:
    out = Scan()
    markers = frozenset(marker_kinds)
    charted = frozenset(chart_metrics)
    thresholds = {k: float(v["value"]) for k, v in DEFAULT_THRESHOLDS.items()}
    seen_sections: set[tuple[str, tuple[str, ...]]] = set()
    by, session = session_key(conn, session_id)
    rows = conn.execute(
        f"SELECT seq, ts, kind, source, data, text FROM events WHERE {by} = ? ORDER BY seq",
        (session,),
    )
    for seq, ts, kind, source, data, text in rows:
        if kind in markers:
            e = ev.from_record(ts, kind, source or "", data, text)
            out.markers.append((seq, e))
            if isinstance(e, ev.Threshold) and math.isfinite(e.value):
                thresholds[e.metric] = float(e.value)
            continue
        samples: Any = ()
        if kind == "metric":
            d = _loads(data)
            if d is not None:
                samples = ((d.get("name"), d.get("value"), d.get("scope")),)
        elif kind == "metrics" or (kind == "log" and '"samples"' in data):
            d = _loads(data)
            samples = (d or {}).get("samples") or ()
        if kind == "log":
            _log(out, seq, ts, kind, source, data, text, seen_sections)
        for sample in samples:
            name, value = sample[0], sample[1]
            scope = (sample[2] if len(sample) > 2 else "") or ""
            if not isinstance(value, int | float) or not math.isfinite(value):
                continue
            value = float(value)
            key = (name, scope)
            p = out.peaks.get(key)
            if p is None:
                out.peaks[key] = Peak(value, ts, value, 1)
            else:
                p.samples += 1
                if value > p.peak:
                    p.peak, p.peak_at = value, ts
                if value < p.low:
                    p.low = value
            limit = thresholds.get(name)
            if limit is not None and scope in ("", "green"):
                if value > limit:
                    if out.impact_start is None:
                        out.impact_start, out.impact_metric = ts, name
                    out.recovered[key] = None
                elif key in out.recovered and out.recovered[key] is None:
                    out.recovered[key] = ts
            if name in charted and chart_start is not None and chart_width:
                b = int((ts - chart_start) / chart_width)
                bkey = (name, scope, b)
                old = out.buckets.get(bkey)
                if old is None:
                    out.buckets[bkey] = (ts, value)
                elif value > old[1]:
                    out.buckets[bkey] = (old[0], value)
    return out


def _loads(data: str | None) -> Any:
    """A row's JSON, or None: a row written before NaN became null (``{"ratio":NaN}``) is
    not JSON, and must not sink the report."""
    if not data:
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return None


def _log(
    out: Scan,
    seq: int,
    ts: float,
    kind: str,
    source: str | None,
    data: str,
    text: str | None,
    seen: set[tuple[str, tuple[str, ...]]],
) -> None:
    """The agent's own warning and error lines, and its summary sections."""
    if text and len(out.sections) < MAX_SECTIONS and may_be_section(text):
        section = agent_section(seq, ts, text)
        if section is not None and (section.heading, section.items) not in seen:
            seen.add((section.heading, section.items))
            out.sections.append(section)
    if '"fmt":"agent"' not in data:
        return
    d = _loads(data)
    if d is None or d.get("fmt") != "agent":
        return
    level = _LEVELS.get(str(d.get("level") or "").upper())
    if level is None:
        return
    first = out.first_logs[level]
    if len(first) < MAX_SIGNAL_LOGS:
        line = (text or "").split("\n", 1)[0]
        first.append((ts, f"agent {str(d.get('level')).lower()}: {line}"))
    if len(out.logs) < MAX_LOGS:
        out.logs.append((seq, ev.from_record(ts, kind, source or "", data, text)))
