"""What ``opsconsole rca INPUT...`` reads, as one event stream.

An input is a recorded session (an id or unique id prefix in the store, a session ``.db``
file, or ``FILE.db#ID``) or a log/change file. Files go through the same parser as a live log
(agent runtime format, JSON lines, change events); everything is merged in time order, and
per-minute error rate and latency are derived from service logs when no metrics source
provides them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from console import events as ev
from console.errors import InputError
from console.ingest import IngestError, read_lines
from console.parse import DerivedMetrics, LogParser
from console.parse.timestamps import parse_iso


def _is_log_file(spec: str) -> Path | None:
    from console.store.catalog import DB_SUFFIXES, is_sqlite_file

    path = Path(spec).expanduser()
    if path.is_file() and not path.name.endswith(DB_SUFFIXES) and not is_sqlite_file(path):
        return path
    return None


# pino and bunyan write numeric levels on their own scale (30 info, 40 warn, 50 error), which
# is not Python's (30 warning, 40 error): read from the raw line until the parser knows them.
_NUMERIC_LEVEL = re.compile(r'"level"\s*:\s*([1-6]0)\s*[,}]')
_PINO_LEVELS = {
    "10": "DEBUG",
    "20": "DEBUG",
    "30": "INFO",
    "40": "WARNING",
    "50": "ERROR",
    "60": "FATAL",
}


def events_from_files(paths: Iterable[str | Path]) -> list[ev.Event]:
    merged: list[ev.Event] = []
    for path in paths:
        p = Path(path)
        parser = LogParser(source=p.name)
        try:
            for line in read_lines(p):
                if line.startswith('{"resourceLogs"'):
                    merged.extend(otlp_events(line, p.name))
                    continue
                if _LOGFMT_HINT.match(line):
                    logfmt = logfmt_event(line, p.name)
                    if logfmt is not None:
                        merged.append(logfmt)
                        continue
                out = parser.feed(line)
                m = _NUMERIC_LEVEL.search(line) if '"level"' in line else None
                if m:
                    level = _PINO_LEVELS[m.group(1)]
                    out = [
                        dataclasses.replace(e, level=level)
                        if isinstance(e, ev.LogLine) and e.fmt == "json"
                        else e
                        for e in out
                    ]
                merged.extend(out)
        except IngestError as exc:
            raise InputError(str(exc)) from None
        merged.extend(parser.flush())
    return _merge(merged)


# logfmt (logrus' and Go kit's text formatters): key=value pairs, values quoted when needed.
_LOGFMT_HINT = re.compile(r"^(?:time|ts|t|timestamp|level|lvl)=")
_LOGFMT_PAIR = re.compile(r'([\w.@-]+)=("(?:[^"\\]|\\.)*"|\S*)')
_LOGFMT_TIME = ("time", "ts", "t", "timestamp")
_LOGFMT_LEVEL = ("level", "lvl", "severity")
_LOGFMT_MSG = ("msg", "message", "event")


def logfmt_event(line: str, source: str) -> ev.LogLine | None:
    """A logfmt line as a log line with its fields; None when it has no time."""
    fields: dict[str, Any] = {}
    for key, raw in _LOGFMT_PAIR.findall(line):
        value: Any = raw
        if raw.startswith('"'):
            value = raw[1:-1].replace('\\"', '"').replace("\\n", "\n")
        elif re.fullmatch(r"-?\d+", raw):
            value = int(raw)
        elif re.fullmatch(r"-?\d+\.\d+", raw):
            value = float(raw)
        fields[key] = value
    ts = None
    for key in _LOGFMT_TIME:
        if key in fields:
            value = fields.pop(key)
            ts = parse_iso(str(value)) if not isinstance(value, int | float) else float(value)
            break
    if ts is None:
        return None
    level = next((str(fields.pop(k)) for k in _LOGFMT_LEVEL if k in fields), "info").upper()
    message = next((str(fields.pop(k)) for k in _LOGFMT_MSG if k in fields), line)
    return ev.LogLine(
        ts=ts,
        source=source,
        level="WARNING" if level == "WARN" else level,
        message=message,
        fmt="json",
        fields=fields or None,
    )


def _otlp_value(v: Any) -> Any:
    if not isinstance(v, dict):
        return v
    for key in ("stringValue", "boolValue", "doubleValue"):
        if key in v:
            return v[key]
    if "intValue" in v:
        try:
            return int(v["intValue"])
        except (TypeError, ValueError):
            return v["intValue"]
    if "arrayValue" in v:
        return [_otlp_value(x) for x in v["arrayValue"].get("values", [])]
    if "kvlistValue" in v:
        return _otlp_attrs(v["kvlistValue"].get("values", []))
    return None


def _otlp_attrs(attrs: Any) -> dict[str, Any]:
    if not isinstance(attrs, list):
        return {}
    return {
        a["key"]: _otlp_value(a.get("value")) for a in attrs if isinstance(a, dict) and "key" in a
    }


def _otlp_level(rec: dict[str, Any]) -> str:
    text = str(rec.get("severityText") or "").upper()
    if text:
        return "WARNING" if text == "WARN" else text
    n = rec.get("severityNumber") or 9
    return "FATAL" if n >= 21 else "ERROR" if n >= 17 else "WARNING" if n >= 13 else "INFO"


def otlp_events(line: str, source: str) -> list[ev.Event]:
    """One OTLP/JSON ``LogsData`` line (the collector's file exporter) as log lines: each
    record with its resource's attributes (service, version, pod) among its fields."""
    try:
        data = json.loads(line)
    except ValueError:
        return []
    out: list[ev.Event] = []
    for rl in data.get("resourceLogs") or []:
        resource = _otlp_attrs((rl.get("resource") or {}).get("attributes"))
        for sl in rl.get("scopeLogs") or []:
            for rec in sl.get("logRecords") or []:
                nanos = rec.get("timeUnixNano") or rec.get("observedTimeUnixNano")
                try:
                    ts = int(nanos) / 1e9
                except (TypeError, ValueError):
                    continue
                body = _otlp_value(rec.get("body"))
                fields = {**resource, **_otlp_attrs(rec.get("attributes"))}
                if rec.get("traceId"):
                    fields["trace_id"] = rec["traceId"]
                out.append(
                    ev.LogLine(
                        ts=ts,
                        source=source,
                        level=_otlp_level(rec),
                        message=body if isinstance(body, str) else json.dumps(body),
                        fmt="json",
                        fields=fields,
                    )
                )
    return out


def _merge(events: list[ev.Event]) -> list[ev.Event]:
    events.sort(key=lambda e: e.ts)  # stable: each input's own order survives equal times
    derived = DerivedMetrics()
    out: list[ev.Event] = []
    for e in events:
        out.append(e)
        out.extend(derived.feed(e))
    out.extend(derived.flush())
    return out


def load_inputs(
    inputs: Sequence[str], *, db_path: Path | str | None = None
) -> tuple[list[ev.Event], list[str]]:
    """(events, notes): every input's events in time order, and a line per input saying
    what was read. StoreError / InputError (one line each) for an input that can't be."""
    from console.store.catalog import resolve
    from console.store.replay import ReplayCursor

    files: list[Path] = []
    recorded: list[ev.Event] = []
    notes: list[str] = []
    for spec in inputs:
        path = _is_log_file(spec)
        if path is not None:
            files.append(path)
            continue
        if (
            "#" not in spec
            and not Path(spec).expanduser().exists()
            and ("/" in spec or spec.endswith((".log", ".jsonl", ".json", ".txt", ".gz")))
        ):
            raise InputError(f"cannot read {spec}: no such file")
        target = resolve(spec, store=db_path)
        with ReplayCursor(target.db_path, target.session_id) as cursor:
            events = [e for _seq, e in cursor.events()]
        notes.append(f"session {target.session_id} in {target.db_path}: {len(events)} events")
        recorded.extend(events)
    parsed: list[ev.Event] = []
    if files:
        parsed = events_from_files(files)
        for p in files:
            notes.append(f"file {p}: {sum(1 for e in parsed if e.source == p.name)} events")
    if not recorded:
        return parsed, notes
    if not parsed:
        return recorded, notes
    return _merge([*recorded, *(e for e in parsed if e.source != "derived")]), notes


def stream_inputs(
    inputs: Sequence[str], *, db_path: Path | str | None = None
) -> tuple[Iterable[ev.Event], list[str]]:
    """``load_inputs``, except that one recorded session alone is not loaded: its events are
    read from the store as they are consumed, in chunks, so that a million-event session
    costs the memory of what its reader keeps. Anything else is loaded and merged as
    ``load_inputs`` does (files need sorting with the rest)."""
    from console.store.catalog import resolve
    from console.store.replay import ReplayCursor

    if len(inputs) != 1 or _is_log_file(inputs[0]) is not None:
        return load_inputs(inputs, db_path=db_path)
    spec = inputs[0]
    if "#" not in spec and not Path(spec).expanduser().exists() and "/" in spec:
        return load_inputs(inputs, db_path=db_path)  # its own error
    target = resolve(spec, store=db_path)
    with ReplayCursor(target.db_path, target.session_id) as cursor:
        total = cursor.total
    note = f"session {target.session_id} in {target.db_path}: {total} events"

    def events() -> Iterator[ev.Event]:
        with ReplayCursor(target.db_path, target.session_id) as cursor:
            for _seq, e in cursor.events(last=total):
                yield e

    return events(), [note]


def parse_alert_at(text: str) -> float:
    """``--alert-at``: ISO 8601 (a time without a zone is UTC) or epoch seconds."""
    value = text.strip()
    try:
        return float(value)
    except ValueError:
        pass
    ts = parse_iso(value)
    if ts is None:
        raise InputError(
            f"cannot read --alert-at {text!r}: use ISO 8601, e.g. 2026-02-06T12:15:00Z"
        )
    return ts
