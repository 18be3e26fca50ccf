"""Append a session's events to the store in batches, off the caller's thread.

The recorder owns its own SQLite connection on a writer thread. ``append`` only puts the
event on a queue; the writer wakes every ``flush_interval`` seconds (or when a commit is
waited for) and commits whatever has arrived (so a SIGKILL loses at most that much).
``append_durable`` waits for the commit: gate decisions go through it so that a decision is
on disk before it is sent.
"""

from __future__ import annotations

import json
import math
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any

from console import events as ev
from console.redact import might_hold_secret, redact_mapping
from console.redact import redact as default_redact
from console.store.schema import connect, session_key, store_error
from console.store.snapshot import SnapshotEncoder

FLUSH_INTERVAL = 0.2  # seconds; the crash-safety promise is "at most 250 ms lost"
MAX_BATCH = 20_000
MAX_BACKLOG = 50_000  # events queued but not committed before append() waits for the writer

_Item = tuple[int, ev.Event] | tuple[str, Any]


def new_session_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


# What a prepared row still needs from redaction (see prepare).
REDACT_TEXT, REDACT_DATA, COMPACT_LOG = 1, 2, 4
Prepared = tuple[float, str, str, str, str | None, int]  # a record and its flags


def encode(event: ev.Event, redact: Callable[[str], str] | None) -> ev.Record:
    """The stored form of an event (``ev.to_record``), secrets redacted."""
    if redact is None:
        return ev.to_record(event)
    return finish(prepare(event, redact), redact)


def prepare(event: ev.Event, redact: Callable[[str], str] | None) -> Prepared:
    """The record, and which of its parts redaction must still read: the cheap half of
    ``encode``, done where the event is. ``finish`` does the rest, where the rows are
    written (an import does it in its writer process, to share the work)."""
    if type(event) is ev.LogLine:
        return _prepare_log(event, redact)
    rec, _ = ev.record_form(event)
    if redact is None:
        return (*rec, 0)
    kind = rec[1]
    # A metric sample is a number under a name; when the name is a plain identifier there
    # is nothing to hide, and samples are most of what a log states.
    if kind == "metrics":
        if _plain(event.samples):  # type: ignore[attr-defined]
            return (*rec, 0)
    elif kind == "metric" and event.name.isidentifier():  # type: ignore[attr-defined]
        return (*rec, 0)
    return (*rec, REDACT_DATA if rec[4] is None else REDACT_TEXT | REDACT_DATA)


def _prepare_log(event: ev.LogLine, redact: Callable[[str], str] | None) -> Prepared:
    rec, compact = ev.record_form(event)
    if redact is None:
        return (*rec, 0)
    if not compact:
        return (*rec, REDACT_TEXT | REDACT_DATA)
    return (*rec, _log_flags(event.level, event.fmt, event.fields, event.samples, redact))


# A log line as plain values (what an import's writer is sent, see store.bulk): (ts,
# source, level, message, detail, fields, fmt, samples).
LogValues = tuple[
    float,
    str,
    str,
    str,
    tuple[str, ...],
    dict[str, Any] | None,
    str,
    tuple[tuple[str, float, str], ...],
]


def prepare_log_values(values: LogValues, redact: Callable[[str], str] | None) -> Prepared:
    """``prepare`` of the LogLine these values are. A compact record (no line holding a
    newline of its own, no lone surrogate: nearly every line) is encoded as
    ``ev.record_form`` would, without building the event; the rest through it."""
    ts, source, level, message, detail, fields, fmt, samples = values
    # record_form's compact test, without the event: the text has one line per line (no
    # line holds a newline of its own) and no lone surrogate. An agent entry's observation
    # block (most of its log's rows) takes this way too.
    text = message + "\n" + "\n".join(detail) if detail else message
    if text.count("\n") == len(detail) and not ev.has_surrogate(text):
        data = ev.compact_log_data(level, fmt, fields, samples)
        if redact is None:
            return (ts, "log", source, data, text, 0)
        return (ts, "log", source, data, text, _log_flags(level, fmt, fields, samples, redact))
    line = ev.LogLine(
        ts=ts,
        source=source,
        level=level,
        message=message,
        detail=detail,
        fields=fields,
        fmt=fmt,
        samples=samples,
    )
    return prepare(line, redact)


def _log_flags(
    level: str,
    fmt: str,
    fields: Mapping[str, Any] | None,
    samples: tuple[tuple[str, float, str], ...],
    redact: Callable[[str], str],
) -> int:
    """What redaction must read of a compact log record."""
    flags = REDACT_TEXT | REDACT_DATA | COMPACT_LOG
    # Its data is level, format, fields and samples: with no fields (or fields whose keys
    # and values hold no trigger word), plain sample names and a level seen clean before,
    # only the text can hide a secret.
    if (fields is None or (redact is default_redact and _clean_fields(fields))) and _plain(samples):
        if fmt in _CLEAN_LEVELS.get(level, ()):
            flags &= ~REDACT_DATA
        elif redact(level) is level and redact(fmt) is fmt:
            flags &= ~REDACT_DATA
            if len(_CLEAN_LEVELS) < 1000:
                _CLEAN_LEVELS.setdefault(level, set()).add(fmt)
    return flags


def _clean_fields(fields: Mapping[str, Any]) -> bool:
    """No trigger word of redaction in any key or value (then none is in their JSON either:
    a word can't span a string's quotes, and a printable string's escapes add only a
    backslash). Only strings, numbers, booleans and nulls: a list or an object is searched
    the long way. Keys and short values seen clean are remembered (a service's log repeats
    its paths, methods and hosts on every line)."""
    clean = _CLEAN_STRINGS
    if not clean.issuperset(fields):
        for key in fields:
            if key not in clean and not _clean_string(key):
                return False
    try:
        values = set(fields.values())
    except TypeError:  # a list or an object among them
        return False
    values -= clean
    for v in values:
        t = type(v)
        if t is str:
            if not _clean_string(v):
                return False
        elif not (t is int or t is float or t is bool or v is None):
            return False
    return True


def _clean_string(text: str) -> bool:
    if not text.strip(_HEX):
        return True  # a request or trace id: no trigger word is made of hex digits alone
    if not text.isprintable() or might_hold_secret(text):
        return False
    if len(text) <= 64 and len(_CLEAN_STRINGS) < 100_000:
        _CLEAN_STRINGS.add(text)
    return True


_CLEAN_STRINGS: set[str] = set()  # field keys and values without a trigger word
_HEX = "0123456789abcdefABCDEF"


def finish(row: Prepared, redact: Callable[[str], str]) -> ev.Record:
    """A prepared record, redacted as its flags say."""
    ts, kind, source, data, text, flags = row
    if not flags:
        return ts, kind, source, data, text
    if flags & REDACT_TEXT and text is not None:
        clean = redact(text)
        if clean is not text and clean != text:
            if kind == "log":
                # A log record is rebuilt from its text, and redaction may have joined lines
                # (a key block): message and detail go into the data, from the redacted
                # text, so the raw line is never kept beside it.
                data = _secret_fields_hidden(ev.full_log_data(data, clean))
            return ts, kind, source, redact(data), clean
    if flags & REDACT_DATA:
        data = redact(data)
    return ts, kind, source, data, text


def _secret_fields_hidden(data: str) -> str:
    """A log record's data with its fields redacted by name as well: a nested secret the
    parser flattened (``changes.db_password.after``) has a key the text rules can't see."""
    payload = json.loads(data)
    fields = payload.get("fields")
    if not isinstance(fields, dict):
        return data
    payload["fields"] = redact_mapping(fields)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _plain(samples: tuple[tuple[str, float, str], ...]) -> bool:
    """Are all the samples' names plain identifiers (nothing a secret could hide in)?"""
    if not samples or _PLAIN_NAMES.issuperset(map(_first, samples)):  # no set built
        return True
    names = frozenset(map(_first, samples))
    if all(n.isidentifier() for n in names):
        if len(_PLAIN_NAMES) < 10_000:
            _PLAIN_NAMES.update(names)
        return True
    return False


_first = itemgetter(0)
_PLAIN_NAMES: set[str] = set()  # metric names known to be plain identifiers
_CLEAN_LEVELS: dict[str, set[str]] = {}  # level: the formats redaction leaves it alone in


def redact_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """A sessions row's values with secrets redacted (meta is ours, not from outside)."""
    return {
        k: default_redact(v) if isinstance(v, str) and k != "meta" else v for k, v in fields.items()
    }


def create_session(
    path: Path,
    session_id: str,
    *,
    name: str | None,
    source: str,
    meta: str | None = None,
    indexed: bool = True,
) -> None:
    """The session's row, in progress and empty, before any event is written. ``indexed``:
    its writer indexes its events for search as it commits them; else the first search
    does (see searchindex)."""
    db = connect(path)
    try:
        with db.conn:
            # Its key, the next one, in the same statement: two writers creating sessions
            # at once take the write lock in turn.
            db.conn.execute(
                "INSERT INTO sessions(id, name, source, created_at, outcome, events, meta, "
                "indexed_seq, key) VALUES (?, ?, ?, ?, 'in_progress', 0, ?, ?, "
                "(SELECT coalesce(max(key), 0) + 1 FROM sessions))",
                (
                    session_id,
                    default_redact(name or session_id),
                    default_redact(source),
                    time.time(),
                    meta,
                    None if indexed else 0,
                ),
            )
    except sqlite3.OperationalError as exc:  # a full disk, a read-only file, a busy store
        raise store_error(path, exc) from None
    finally:
        db.conn.close()


class Recorder:
    """Writes one session. Thread-safe ``append``; ``close`` flushes and finishes the session."""

    def __init__(
        self,
        path: Path,
        *,
        session_id: str | None = None,
        name: str | None = None,
        source: str = "",
        flush_interval: float = FLUSH_INTERVAL,
        redact: Callable[[str], str] | None = default_redact,
    ) -> None:
        self.path = Path(path)
        self.session_id = session_id or new_session_id()
        self.flush_interval = flush_interval
        self._redact = redact
        self._snapshots = SnapshotEncoder(redact)
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._wake = threading.Event()  # a commit is waited for: the writer goes now
        self._lock = threading.Lock()
        self._seq = 0
        self._committed_seq = 0
        self._committed = threading.Condition()
        self._closed = False
        # The last commit's failure (None once a later one succeeds), and the seq ranges of
        # the batches that were lost, for whoever waits on one of them.
        self.error: Exception | None = None
        self._lost: list[tuple[int, int, Exception]] = []
        # Raises StoreError in the caller's thread, where it belongs.
        create_session(self.path, self.session_id, name=name, source=source)
        self._thread = threading.Thread(target=self._run, name="recorder", daemon=True)
        self._thread.start()

    # --- the caller's side ----------------------------------------------------------------

    @property
    def seq(self) -> int:
        return self._seq

    def append(self, event: ev.Event) -> int:
        with self._lock:
            self._seq += 1
            seq = self._seq
            self._queue.put((seq, event))
        if seq - self._committed_seq > MAX_BACKLOG:
            # Back-pressure: a producer faster than the disk waits rather than letting the
            # uncommitted backlog (what a crash would lose) grow without bound.
            self.wait_committed(seq - MAX_BACKLOG // 2, timeout=60.0)
        return seq

    def append_durable(self, event: ev.Event, timeout: float = 10.0) -> int:
        seq = self.append(event)
        self.wait_committed(seq, timeout)
        return seq

    def wait_committed(self, seq: int, timeout: float = 10.0) -> None:
        """Wait until ``seq`` is on disk; raise what the store said if its batch was lost.
        A batch that failed costs only its own events: later ones are waited for afresh."""
        self._queue.put(("flush", None))
        self._wake.set()
        deadline = time.monotonic() + timeout
        with self._committed:
            while True:
                for first, last, exc in self._lost:
                    if first <= seq <= last:
                        raise exc
                if self._committed_seq >= seq:
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the session store did not commit in time")
                self._committed.wait(left)

    def snapshot(self, seq: int, ts: float, state: dict[str, Any]) -> None:
        self._queue.put(("snapshot", (seq, ts, self._snapshots.encode(state))))

    def update_session(self, **fields: Any) -> None:
        # Name, service and version come from logs and flags: redacted like the events.
        self._queue.put(("session", redact_fields(fields)))

    def close(self) -> None:
        """Commit everything appended so far, then stop the writer. Raises what it hit."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(("close", None))
        self._wake.set()
        self._thread.join()  # never give up on queued events: close means "all on disk"
        if self.error is not None:
            raise self.error

    # --- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        db = connect(self.path)
        conn = db.conn
        key = session_key(conn, self.session_id)[1]  # what its events name it by
        pending: list[tuple[Any, ...]] = []
        snapshots: list[tuple[Any, ...]] = []
        session_fields: dict[str, Any] = {}
        last_ts: float | None = None
        first_ts: float | None = None
        closing = False
        sid = self.session_id
        redact = self._redact
        take = self._queue.get_nowait
        wake = self._wake
        started = time.monotonic()
        more = False  # the last round stopped early (MAX_BATCH, a flush): no wait before the next
        while not closing:
            # Asleep until the commit is due (or waited for), then everything queued in one
            # round. Woken by each event instead, at thousands a second, the writer took the
            # interpreter lock from the event loop hundreds of times a second for a few events.
            left = self.flush_interval - (time.monotonic() - started)
            if left > 0 and not more:
                wake.wait(left)
            wake.clear()  # set after its item was queued: that item is taken below
            started = time.monotonic()
            more = force = False
            while True:
                try:
                    item = take()
                except queue.Empty:
                    break
                tag, body = item
                if isinstance(tag, int):
                    row = _row(key, tag, body, redact, last_ts)
                    ts = row[2]
                    pending.append(row)
                    if first_ts is None or ts < first_ts:
                        first_ts = ts
                    if last_ts is None or ts > last_ts:
                        last_ts = ts
                    if len(pending) >= MAX_BATCH:
                        more = True
                        break
                elif tag == "snapshot":
                    snapshots.append((sid, *body))
                elif tag == "session":
                    session_fields.update(body)
                elif tag == "flush":
                    force = more = True  # what was queued after it goes in the next round
                    break
                elif tag == "close":
                    closing = True
                    break
            if pending or snapshots or session_fields or force or closing:
                try:
                    top = commit(conn, sid, pending, snapshots, session_fields, first_ts, last_ts)
                except Exception as exc:  # surfaced to append_durable and close()
                    with self._committed:
                        self.error = exc
                        if pending:
                            self._lost = [*self._lost[-99:], (pending[0][1], pending[-1][1], exc)]
                        self._committed.notify_all()
                else:
                    with self._committed:
                        self.error = None
                        self._committed_seq = max(self._committed_seq, top)
                        self._committed.notify_all()
                pending, snapshots = [], []
                session_fields = {}
        conn.close()


Row = tuple[Any, ...]  # (session_key, seq, ts, kind, source, data, text)


def _row(
    key: Any, seq: int, event: ev.Event, redact: Callable[[str], str] | None, last_ts: float | None
) -> Row:
    """The stored row of an event. An event that can't be encoded (text that isn't valid
    Unicode, a payload JSON can't hold) keeps its seq as a note of what was lost; a time that
    isn't finite (SQLite would store NULL) is replaced by the session's latest."""
    safe_ts = last_ts if last_ts is not None else time.time()
    try:
        ts, kind, source, data, text = encode(event, redact)
        if not isinstance(ts, float | int) or not math.isfinite(ts):
            ts = safe_ts
        return (key, seq, ts, kind, source, data, text)
    except Exception as exc:
        return _note(key, seq, safe_ts, event.kind, exc)


def _note(key: Any, seq: int, ts: float, kind: str, exc: BaseException) -> Row:
    note = ev.LogLine(
        ts=ts,
        source="opsconsole",
        level="UNKNOWN",
        message=f"(an event of kind {kind} could not be stored: {type(exc).__name__})",
    )
    _, nkind, source, data, text = ev.to_record(note)
    return (key, seq, ts, nkind, source, data, text)


def commit(
    conn: sqlite3.Connection,
    sid: str,
    pending: list[Row],
    snapshots: list[Row],
    session_fields: dict[str, Any],
    first_ts: float | None,
    last_ts: float | None,
    *,
    index: bool = True,
) -> int:
    """Store a batch in one transaction; if SQLite refuses it, row by row so one bad row
    can't cost the others. Returns the last seq stored (0 when there were no events).
    ``index``: add the rows to the search index too (an import leaves that to the first
    search, see searchindex)."""
    try:
        return _commit(conn, sid, pending, snapshots, session_fields, first_ts, last_ts, index)
    except (sqlite3.Error, ValueError, OverflowError):
        pass
    for row in pending:
        try:
            _commit(conn, sid, [row], [], {}, first_ts, last_ts, index)
        except (sqlite3.Error, ValueError, OverflowError) as exc:
            # Keep the seq (no gap in the session) with a note of what was lost.
            ts = row[2] if isinstance(row[2], float | int) and math.isfinite(row[2]) else None
            safe = ts if ts is not None else (last_ts if last_ts is not None else time.time())
            note = _note(row[0], row[1], safe, str(row[3]), exc)
            _commit(conn, sid, [note], [], {}, None, None, index)
    try:
        _commit(conn, sid, [], snapshots, session_fields, first_ts, last_ts)
    except (sqlite3.Error, ValueError, OverflowError):
        # The events are in; what the sessions row can't take (text that isn't valid
        # Unicode) is written as it can be, the counts and times as they are.
        fields = {
            k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            if isinstance(v, str)
            else v
            for k, v in session_fields.items()
        }
        try:
            _commit(conn, sid, [], [], fields, first_ts, last_ts)
        except (sqlite3.Error, ValueError, OverflowError):
            _commit(conn, sid, [], [], {}, first_ts, last_ts)
    return pending[-1][1] if pending else 0


def _commit(
    conn: sqlite3.Connection,
    sid: str,
    pending: list[Row],
    snapshots: list[Row],
    session_fields: dict[str, Any],
    first_ts: float | None,
    last_ts: float | None,
    index: bool = True,
) -> int:
    top = 0
    with conn:
        if pending:
            if index:
                first_id = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0] + 1
            conn.executemany(
                "INSERT INTO events(session_key, seq, ts, kind, source, data, text) "
                "VALUES (?,?,?,?,?,?,?)",
                pending,
            )
            if index:
                # "+session_key": by rowid range only. Left to itself the planner walks the
                # session's whole (session_key, kind, seq) index, every batch: quadratic.
                conn.execute(
                    "INSERT INTO events_fts(rowid, text) SELECT id, text FROM events "
                    "WHERE id >= ? AND +session_key = ? AND text IS NOT NULL",
                    (first_id, pending[0][0]),
                )
            top = pending[-1][1]
        if snapshots:
            conn.executemany(
                "INSERT OR REPLACE INTO snapshots(session_id, seq, ts, state) VALUES (?,?,?,?)",
                snapshots,
            )
        fields = dict(session_fields)
        if top:
            fields["events"] = top
        if first_ts is not None:
            fields.setdefault("started_at", first_ts)
        if last_ts is not None:
            fields["ended_at"] = last_ts
        if fields:
            sets = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(f"UPDATE sessions SET {sets} WHERE id = ?", (*fields.values(), sid))
    return top
