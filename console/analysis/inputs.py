"""What ``opsconsole rca INPUT...`` reads, as one event stream.

An input is a recorded session (an id or unique id prefix in the store, a session ``.db``
file, or ``FILE.db#ID``) or a log/change file. Files go through the same parser as a live log
(agent runtime format, JSON lines, change events); everything is merged in time order, and
per-minute error rate and latency are derived from service logs when no metrics source
provides them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

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


def events_from_files(paths: Iterable[str | Path]) -> list[ev.Event]:
    merged: list[ev.Event] = []
    for path in paths:
        p = Path(path)
        parser = LogParser(source=p.name)
        try:
            for line in read_lines(p):
                merged.extend(parser.feed(line))
        except IngestError as exc:
            raise InputError(str(exc)) from None
        merged.extend(parser.flush())
    return _merge(merged)


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
