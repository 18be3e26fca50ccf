"""Error rate and latency per minute, derived from a JSON service log's own lines.

Used when a service log has no metrics source beside it: each minute of lines becomes an
ERROR_RATE sample (% of lines at an error level), a LATENCY_AVG sample (mean of the duration
fields, if any) and, once timeouts have been seen, a TIMEOUT_RATE sample. As soon as another
source provides error rate or latency, it stands down, so the two never fight over a chart.
"""

from __future__ import annotations

import math
from typing import Final

from console import events as ev
from console.parse.jsonlines import DURATION_KEYS

_OWN: Final = frozenset({ev.ERROR_RATE, ev.LATENCY_AVG, ev.TIMEOUT_RATE})


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        v = float(value)
    except OverflowError:
        return None
    return v if math.isfinite(v) else None


class DerivedMetrics:
    """``feed`` every event of the stream; it answers samples when a minute is complete."""

    def __init__(self, *, source: str = "derived", window: float = 60.0) -> None:
        self.source = source
        self.window = window
        self.active = True
        self._bucket: float | None = None
        self._reset()
        self._timeouts_seen = False

    def _reset(self) -> None:
        self._lines = 0
        self._errors = 0
        self._timeouts = 0
        self._dur_sum = 0.0
        self._dur_n = 0
        self._last_ts = 0.0

    def feed(self, event: ev.Event) -> list[ev.Event]:
        if not self.active:
            return []
        if isinstance(event, ev.MetricSample):
            names: list[str] = [event.name]
        elif isinstance(event, ev.MetricBatch | ev.LogLine):
            names = [n for n, _v, _s in event.samples]
        else:
            return []
        if names and event.source != self.source and not _OWN.isdisjoint(names):
            self.active = False  # a real metrics source is here: stand down
            self._bucket = None
            self._reset()
            return []
        if not isinstance(event, ev.LogLine) or event.fmt != "json":
            return []
        fields = event.fields
        if fields and fields.get("kind") in ("deployment", "config_change"):
            return []  # a change event, not a line of the service's own log
        out: list[ev.Event] = []
        bucket = event.ts // self.window
        if self._bucket is None:
            self._bucket = bucket
        elif bucket > self._bucket:
            out = self._emit()
            self._bucket = bucket
        # A line from an earlier minute (out of order) counts in the current one.
        self._lines += 1
        if event.level.upper() in ev.ERROR_LEVELS:
            self._errors += 1
        if "timeout" in event.message.lower():
            self._timeouts += 1
            self._timeouts_seen = True
        if fields:
            for key in DURATION_KEYS:
                v = _number(fields.get(key))
                if v is not None:
                    break
            else:
                v = _number(fields.get("query_duration_ms"))
            if v is not None:
                self._dur_sum += v
                self._dur_n += 1
        if event.ts > self._last_ts:
            self._last_ts = event.ts
        return out

    def flush(self) -> list[ev.Event]:
        out = self._emit() if self.active and self._lines else []
        self._bucket = None
        return out

    def _emit(self) -> list[ev.Event]:
        n = self._lines
        if not n:
            return []
        ts, src = self._last_ts, self.source
        out: list[ev.Event] = [
            ev.MetricSample(ts=ts, source=src, name=ev.ERROR_RATE, value=100.0 * self._errors / n)
        ]
        if self._dur_n:
            out.append(
                ev.MetricSample(
                    ts=ts, source=src, name=ev.LATENCY_AVG, value=self._dur_sum / self._dur_n
                )
            )
        if self._timeouts_seen:
            out.append(
                ev.MetricSample(
                    ts=ts, source=src, name=ev.TIMEOUT_RATE, value=100.0 * self._timeouts / n
                )
            )
        self._reset()
        return out
