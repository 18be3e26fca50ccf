"""Append a session's events to the store in batches, off the caller's thread.

The recorder owns its own SQLite connection on a writer thread. ``append`` only puts the
event on a queue; the writer commits whatever has arrived at least every ``flush_interval``
seconds (so a SIGKILL loses at most that much). ``append_durable`` waits for the commit: gate
decisions go through it so that a decision is on disk before it is sent.
"""

from __future__ import annotations

import json
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from console import events as ev
from console.redact import redact as default_redact
from console.store.schema import connect

FLUSH_INTERVAL = 0.2  # seconds; the crash-safety promise is "at most 250 ms lost"
MAX_BATCH = 20_000
MAX_BACKLOG = 50_000  # events queued but not committed before append() waits for the writer

_Item = tuple[int, ev.Event] | tuple[str, Any]


def new_session_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


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
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._seq = 0
        self._committed_seq = 0
        self._committed = threading.Condition()
        self._closed = False
        self.error: Exception | None = None
        db = connect(self.path)  # raises StoreError in the caller's thread, where it belongs
        now = time.time()
        db.table("sessions").insert(
            {
                "id": self.session_id,
                "name": name or self.session_id,
                "source": source,
                "created_at": now,
                "outcome": "in_progress",
                "events": 0,
            }
        )
        db.conn.close()
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
        self._queue.put(("flush", None))
        deadline = time.monotonic() + timeout
        with self._committed:
            while self._committed_seq < seq:
                if self.error is not None:
                    raise self.error
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the session store did not commit in time")
                self._committed.wait(left)

    def snapshot(self, seq: int, ts: float, state: dict[str, Any]) -> None:
        data = json.dumps(state, separators=(",", ":"))
        if self._redact is not None:  # State holds log text, reasons and config values too
            data = self._redact(data)
        self._queue.put(("snapshot", (seq, ts, data)))

    def update_session(self, **fields: Any) -> None:
        self._queue.put(("session", fields))

    def close(self) -> None:
        """Commit everything appended so far, then stop the writer. Raises what it hit."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(("close", None))
        self._thread.join()  # never give up on queued events: close means "all on disk"
        if self.error is not None:
            raise self.error

    # --- the writer thread ------------------------------------------------------------------

    def _run(self) -> None:
        db = connect(self.path)
        conn = db.conn
        pending: list[tuple[Any, ...]] = []
        snapshots: list[tuple[Any, ...]] = []
        session_fields: dict[str, Any] = {}
        last_ts: float | None = None
        first_ts: float | None = None
        closing = False
        sid = self.session_id
        redact = self._redact
        while not closing:
            deadline = time.monotonic() + self.flush_interval
            force = False
            while True:
                left = deadline - time.monotonic()
                try:
                    item = self._queue.get(timeout=max(left, 0.0)) if left > 0 else None
                except queue.Empty:
                    item = None
                if item is None:
                    break
                tag, body = item
                if isinstance(tag, int):
                    ts, kind, source, data, text = ev.to_record(body)
                    # A metric sample is a number under a name; when the name is a plain
                    # identifier there is nothing to hide, and samples are most of the events.
                    plain_metric = kind == "metric" and body.name.isidentifier()
                    if redact is not None and not plain_metric:
                        data = redact(data)
                        text = redact(text) if text is not None else None
                    pending.append((sid, tag, ts, kind, source, data, text))
                    if first_ts is None or ts < first_ts:
                        first_ts = ts
                    if last_ts is None or ts > last_ts:
                        last_ts = ts
                    if len(pending) >= MAX_BATCH:
                        break
                elif tag == "snapshot":
                    snapshots.append((sid, *body))
                elif tag == "session":
                    session_fields.update(body)
                elif tag == "flush":
                    force = True
                    break
                elif tag == "close":
                    closing = True
                    break
            if pending or snapshots or session_fields or force or closing:
                try:
                    self._commit(conn, pending, snapshots, session_fields, first_ts, last_ts)
                except sqlite3.Error:
                    # One bad row must not cost the whole batch: retry one row at a time.
                    self._commit_rows(conn, pending, snapshots, session_fields, first_ts, last_ts)
                except Exception as exc:  # surfaced to append_durable and close()
                    self.error = exc
                pending, snapshots = [], []
                session_fields = {}
        conn.close()

    def _commit_rows(
        self,
        conn: Any,
        pending: list[tuple[Any, ...]],
        snapshots: list[tuple[Any, ...]],
        session_fields: dict[str, Any],
        first_ts: float | None,
        last_ts: float | None,
    ) -> None:
        for row in pending:
            try:
                self._commit(conn, [row], [], {}, first_ts, last_ts)
            except sqlite3.Error as exc:
                # Keep the seq (no gap in the session) with a note of what was lost.
                note = ev.LogLine(
                    ts=row[2],
                    source=row[4],
                    level="UNKNOWN",
                    message=f"(an event of kind {row[3]} could not be stored: {exc})",
                )
                _, kind, source, data, text = ev.to_record(note)
                try:
                    self._commit(
                        conn,
                        [(row[0], row[1], row[2], kind, source, data, text)],
                        [],
                        {},
                        first_ts,
                        last_ts,
                    )
                except Exception as exc2:
                    self.error = exc2
                    return
        try:
            self._commit(conn, [], snapshots, session_fields, first_ts, last_ts)
        except Exception as exc:
            self.error = exc

    def _commit(
        self,
        conn: Any,
        pending: list[tuple[Any, ...]],
        snapshots: list[tuple[Any, ...]],
        session_fields: dict[str, Any],
        first_ts: float | None,
        last_ts: float | None,
    ) -> None:
        with conn:
            top = self._committed_seq
            if pending:
                cur = conn.execute("SELECT coalesce(max(id), 0) FROM events")
                first_id = cur.fetchone()[0] + 1
                conn.executemany(
                    "INSERT INTO events(session_id, seq, ts, kind, source, data, text) "
                    "VALUES (?,?,?,?,?,?,?)",
                    pending,
                )
                conn.execute(
                    "INSERT INTO events_fts(rowid, text) SELECT id, text FROM events "
                    "WHERE id >= ? AND session_id = ? AND text IS NOT NULL",
                    (first_id, self.session_id),
                )
                top = pending[-1][1]
            if snapshots:
                conn.executemany(
                    "INSERT OR REPLACE INTO snapshots(session_id, seq, ts, state) VALUES (?,?,?,?)",
                    snapshots,
                )
            fields = dict(session_fields)
            fields["events"] = top
            if first_ts is not None:
                fields.setdefault("started_at", first_ts)
            if last_ts is not None:
                fields["ended_at"] = last_ts
            sets = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(
                f"UPDATE sessions SET {sets} WHERE id = ?", (*fields.values(), self.session_id)
            )
        with self._committed:
            self._committed_seq = top
            self._committed.notify_all()
