"""Replay: drive State through a recorded session, forwards, backwards and by jumps.

Seeking is "nearest stored snapshot + the events after it" (the pipeline stores a snapshot
of State every few thousand events; the snapshot at seq k is the state after events 1..k), and
the events go through the very reducer the live console used, so the state at any point of a
replay equals what the live screen showed at that point.

Nothing here loads a whole session: every read is a small indexed query, so opening a
million-event session and jumping anywhere in it cost milliseconds, not a full scan.
"""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from console import events as ev
from console.state import State, reduce
from console.store import searchindex
from console.store.catalog import get_session, open_store, store_errors
from console.store.notes import Note, add_note, delete_note, list_notes
from console.store.schema import NOT_LOG, StoreError, session_key

CHUNK = 2000  # events per read while folding or playing

# Marker names the transport's [ and ] keys cycle through, mapped to event kinds.
KIND_MARKERS: dict[str, tuple[str, ...]] = {
    "stage": ("stage",),
    "gate": ("gate_opened", "gate_closed"),
    "decision": ("decision", "decision_result"),
    "rollback": ("rollback",),
    "outcome": ("outcome",),
}
LEVEL_MARKERS = ("warning", "error")
MARKERS = (*KIND_MARKERS, *LEVEL_MARKERS)

_WARN = tuple(sorted(ev.WARNING_LEVELS))
_ERR = tuple(sorted(ev.ERROR_LEVELS))


@dataclass(frozen=True, slots=True)
class Marker:
    """A point worth jumping to: a stage, a gate, a decision, a warning or an error."""

    seq: int
    ts: float
    marker: str  # one of MARKERS
    kind: str  # the event kind
    label: str


@dataclass(frozen=True, slots=True)
class IdleGap:
    """A stretch of session time with no events, longer than the skip-idle limit."""

    seq: int  # the first event after the gap
    start: float  # the session clock before the gap
    end: float  # the ts of the event after it

    @property
    def seconds(self) -> float:
        return self.end - self.start


def level_sql(levels: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """WHERE-clause and params: a log event whose level is one of ``levels`` (any case).

    The LIKE test on the raw JSON is a cheap pre-filter (the recorder writes compact JSON,
    ``"level":"WARNING"``); json_extract then decides. It spares parsing every log row when
    problems are rare in a million-line session.
    """
    levels = sorted({lv.upper() for lv in levels})
    likes = " OR ".join("data LIKE ?" for _ in levels)
    marks = ",".join("?" * len(levels))
    sql = f"kind = 'log' AND ({likes}) AND upper(json_extract(data, '$.level')) IN ({marks})"
    return sql, (*(f'%"level":"{lv}"%' for lv in levels), *levels)


def fts_query(text: str, *, prefix: bool = True) -> str | None:
    """User text -> a safe FTS5 query: every word a quoted phrase (so ``foo-bar``, ``"``,
    ``AND`` or ``*`` mean themselves), all words required, the last one as a prefix so
    search-as-you-type finds ``exhaus`` in ``exhausted``. None when nothing is searchable.
    """
    words = [w for w in text.split() if any(c.isalnum() for c in w)]
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _event(row: tuple[Any, ...]) -> ev.Event:
    _seq, ts, kind, source, data, text = row
    return ev.from_record(ts, kind, source or "", data, text)


class ReplayCursor:
    """Random access to one recorded session. Cheap to open; every call is a small query.

    ``db`` is a path (opened read-only, closed by ``close``) or an open sqlite-utils
    Database (left open). Raises StoreError for an unknown session or a damaged file.
    """

    def __init__(self, db: sqlite_utils.Database | Path | str, session_id: str) -> None:
        self._own = not isinstance(db, sqlite_utils.Database)
        self.db = db if isinstance(db, sqlite_utils.Database) else open_store(db)
        self.conn: sqlite3.Connection = self.db.conn
        self.path = Path(self.conn.execute("PRAGMA database_list").fetchone()[2] or "<memory>")
        self.session_id = session_id
        # The last seq this connection indexed for itself (a file it can't write, see
        # searchindex), else 0.
        self._indexed_here = 0
        try:
            self.session = get_session(self.db, session_id)
            self.refresh()
        except BaseException:
            self.close()
            raise

    # --- shape of the session --------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the extent (a session still being recorded grows)."""
        with store_errors(self.path):
            sid = self.session_id
            # Again here: a note's write may have upgraded the file (schema 5 keys events).
            self._by, self._key = session_key(self.conn, sid)
            self.total: int = self.conn.execute(
                f"SELECT coalesce(max(seq), 0) FROM events WHERE {self._by} = ?", (self._key,)
            ).fetchone()[0]
            first = self.conn.execute(
                f"SELECT ts FROM events WHERE {self._by} = ? AND seq = 1", (self._key,)
            ).fetchone()
            # The recorder keeps the sessions row's extent with every commit.
            lo, hi = self.conn.execute(
                "SELECT started_at, ended_at FROM sessions WHERE id = ?", (sid,)
            ).fetchone()
            if lo is None or hi is None:
                lo, hi = self.conn.execute(
                    f"SELECT min(ts), max(ts) FROM events WHERE {self._by} = ?", (self._key,)
                ).fetchone()
        self.first_ts: float | None = first[0] if first else lo
        self.start_ts: float | None = lo  # earliest event time (State.started_at at the end)
        self.last_ts: float | None = hi  # the session clock at its end

    @property
    def duration(self) -> float:
        if self.start_ts is None or self.last_ts is None:
            return 0.0
        return self.last_ts - self.start_ts

    def reopen(self) -> None:
        """A fresh connection and extent: after this process wrote to the file (a note).

        A quiet session file is read with ``immutable=1`` (see catalog.open_store), which
        never notices later writes; reopening does.
        """
        if self._own:
            self.conn.close()
            self.db = open_store(self.path)
            self.conn = self.db.conn
            self._indexed_here = 0  # its temp database went with the connection
        self.refresh()

    def add_note(
        self,
        body: str,
        *,
        at: float | None = None,
        seq: int | None = None,
        author: str | None = None,
    ) -> Note:
        """Store a note on this session and see it at once in ``notes``/``note_markers``."""
        note = add_note(self.path, self.session_id, body, at=at, seq=seq, author=author)
        self.reopen()
        return note

    def delete_note(self, note_id: int) -> None:
        delete_note(self.path, self.session_id, note_id)
        self.reopen()

    def notes(self) -> list[Note]:
        return list_notes(self.db, self.session_id)

    def close(self) -> None:
        if self._own:
            self.conn.close()

    def __enter__(self) -> ReplayCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- state -----------------------------------------------------------------------------

    def _clamp(self, seq: int) -> int:
        return max(0, min(int(seq), self.total))

    def nearest_snapshot(self, seq: int) -> tuple[int, State]:
        """The stored snapshot at or before ``seq`` (or the empty state at 0)."""
        with store_errors(self.path):
            row = self.conn.execute(
                "SELECT seq, state FROM snapshots WHERE session_id = ? AND seq <= ? "
                "ORDER BY seq DESC LIMIT 1",
                (self.session_id, seq),
            ).fetchone()
        if row is None:
            return 0, State()
        try:
            return int(row[0]), State.from_dict(json.loads(row[1]))
        except (ValueError, TypeError) as exc:
            raise StoreError(
                f"{self.path}: snapshot at event {row[0]} is unreadable ({exc})"
            ) from None

    def state_at(self, seq: int) -> State:
        """The state after events 1..seq (0: before the first event). A fresh State."""
        seq = self._clamp(seq)
        base, state = self.nearest_snapshot(seq)
        return self.fold(state, base, seq)

    def fold(self, state: State, after: int, upto: int) -> State:
        """Fold events after..upto (exclusive, inclusive) into ``state`` and return it."""
        for _seq, event in self.events(after + 1, upto):
            reduce(state, event)
        return state

    # --- events ----------------------------------------------------------------------------

    def events(
        self, first: int = 1, last: int | None = None, *, chunk: int = CHUNK
    ) -> Iterator[tuple[int, ev.Event]]:
        """(seq, event) for first..last inclusive, read in chunks (never the whole session)."""
        last = self.total if last is None else min(last, self.total)
        pos = max(first, 1)
        while pos <= last:
            with store_errors(self.path):
                rows = self.conn.execute(
                    f"SELECT seq, ts, kind, source, data, text FROM events WHERE {self._by} = ? "
                    "AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?",
                    (self._key, pos, last, chunk),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield row[0], _event(row)
            pos = rows[-1][0] + 1

    def event(self, seq: int) -> ev.Event | None:
        for _seq, e in self.events(seq, seq):
            return e
        return None

    def ts_of(self, seq: int) -> float | None:
        with store_errors(self.path):
            row = self.conn.execute(
                f"SELECT ts FROM events WHERE {self._by} = ? AND seq = ?", (self._key, seq)
            ).fetchone()
        return None if row is None else float(row[0])

    def seq_at_time(self, ts: float) -> int:
        """The last seq whose session clock (the latest event time so far) is <= ts.

        ``state_at(seq_at_time(t))`` is the screen at session time t. The clock only moves
        forward, so the snapshot row's time narrows the search to one snapshot interval.
        """
        if self.start_ts is None or ts < self.start_ts:
            return 0
        if self.last_ts is not None and ts >= self.last_ts:
            return self.total
        with store_errors(self.path):
            row = self.conn.execute(
                "SELECT seq, ts FROM snapshots WHERE session_id = ? AND ts <= ? "
                "ORDER BY seq DESC LIMIT 1",
                (self.session_id, ts),
            ).fetchone()
        pos, clock = (int(row[0]), float(row[1])) if row else (0, float("-inf"))
        while pos < self.total:
            with store_errors(self.path):
                rows = self.conn.execute(
                    f"SELECT seq, ts FROM events WHERE {self._by} = ? AND seq > ? "
                    "ORDER BY seq LIMIT ?",
                    (self._key, pos, CHUNK),
                ).fetchall()
            if not rows:
                break
            for seq, t in rows:
                clock = max(clock, t)
                if clock > ts:
                    return pos
                pos = seq
        return pos

    # --- markers ---------------------------------------------------------------------------

    def _marker_sql(self, marker: str) -> list[tuple[str, tuple[Any, ...]]]:
        """(where-clause, params) pieces whose union is the marker's events."""
        if marker in KIND_MARKERS:
            return [(f"kind = ? AND {NOT_LOG}", (k,)) for k in KIND_MARKERS[marker]]
        extra: tuple[str, ...] = ()
        if marker == "warning":
            levels, severities = _WARN, ("warning",)
        elif marker == "error":
            levels, severities, extra = _ERR, ("critical",), ("slo_violation",)
        else:
            raise ValueError(f"unknown marker {marker!r}; one of {', '.join(MARKERS)}")
        parts: list[tuple[str, tuple[Any, ...]]] = [
            level_sql(levels),
            (
                f"kind = 'finding' AND {NOT_LOG} AND json_extract(data, '$.severity') = ?",
                severities,
            ),
        ]
        parts += [(f"kind = ? AND {NOT_LOG}", (k,)) for k in extra]
        return parts

    def next_marker(self, seq: int, markers: Iterable[str] = MARKERS) -> Marker | None:
        """The first marker strictly after ``seq``."""
        return self._adjacent(seq, markers, forward=True)

    def prev_marker(self, seq: int, markers: Iterable[str] = MARKERS) -> Marker | None:
        """The last marker strictly before ``seq``."""
        return self._adjacent(seq, markers, forward=False)

    def _adjacent(self, seq: int, markers: Iterable[str], *, forward: bool) -> Marker | None:
        best: tuple[int, str] | None = None
        cmp, order = (">", "ASC") if forward else ("<", "DESC")
        for marker in markers:
            for where, params in self._marker_sql(marker):
                with store_errors(self.path):
                    row = self.conn.execute(
                        f"SELECT seq FROM events WHERE {self._by} = ? AND {where} "
                        f"AND seq {cmp} ? ORDER BY seq {order} LIMIT 1",
                        (self._key, *params, seq),
                    ).fetchone()
                if row is None:
                    continue
                if best is None or (row[0] < best[0] if forward else row[0] > best[0]):
                    best = (int(row[0]), marker)
        if best is None:
            return None
        return self._marker(best[0], best[1])

    def markers(self, markers: Iterable[str] = MARKERS, *, limit: int = 5000) -> list[Marker]:
        """Every marker of the given kinds, in seq order (for the seek bar and timeline)."""
        found: dict[int, str] = {}
        for marker in markers:
            for where, params in self._marker_sql(marker):
                with store_errors(self.path):
                    rows = self.conn.execute(
                        f"SELECT seq FROM events WHERE {self._by} = ? AND {where} "
                        "ORDER BY seq LIMIT ?",
                        (self._key, *params, limit),
                    ).fetchall()
                for (seq,) in rows:
                    found.setdefault(int(seq), marker)
        return [self._marker(seq, found[seq]) for seq in sorted(found)[:limit]]

    def note_markers(self) -> list[Marker]:
        """The reviewers' notes as markers (seq: the pinned event, else the one at its time)."""
        out = []
        for note in list_notes(self.db, self.session_id):
            seq = note.seq if note.seq is not None else self.seq_at_time(note.at)
            out.append(Marker(seq=seq, ts=note.at, marker="note", kind="note", label=note.body))
        return sorted(out, key=lambda m: (m.seq, m.ts))

    def _marker(self, seq: int, marker: str) -> Marker:
        with store_errors(self.path):
            row = self.conn.execute(
                "SELECT seq, ts, kind, source, data, text FROM events "
                f"WHERE {self._by} = ? AND seq = ?",
                (self._key, seq),
            ).fetchone()
        event = _event(row)
        return Marker(seq=seq, ts=event.ts, marker=marker, kind=event.kind, label=label(event))

    # --- the log panel and search ----------------------------------------------------------

    def log_window(self, before_seq: int, limit: int = 200) -> list[tuple[int, ev.LogLine]]:
        """Up to ``limit`` log lines with seq < before_seq, oldest first (scrolling back)."""
        with store_errors(self.path):
            rows = self.conn.execute(
                f"SELECT seq, ts, kind, source, data, text FROM events WHERE {self._by} = ? "
                "AND kind = 'log' AND seq < ? ORDER BY seq DESC LIMIT ?",
                (self._key, before_seq, limit),
            ).fetchall()
        return [(r[0], e) for r in reversed(rows) if isinstance(e := _event(r), ev.LogLine)]

    def log_after(self, after_seq: int, limit: int = 200) -> list[tuple[int, ev.LogLine]]:
        """Up to ``limit`` log lines with seq > after_seq, oldest first (scrolling forward)."""
        with store_errors(self.path):
            rows = self.conn.execute(
                f"SELECT seq, ts, kind, source, data, text FROM events WHERE {self._by} = ? "
                "AND kind = 'log' AND seq > ? ORDER BY seq LIMIT ?",
                (self._key, after_seq, limit),
            ).fetchall()
        return [(r[0], e) for r in rows if isinstance(e := _event(r), ev.LogLine)]

    def unindexed(self) -> int:
        """How many of the session's events the search index lacks (an import leaves them
        to the first search, which indexes them: a caller tells the user it waits)."""
        with store_errors(self.path):
            mark = searchindex.watermark(self.conn, self.session_id)
        if mark is None:
            return 0
        return max(0, self.total - max(mark, self._indexed_here))

    def indexing_note(self) -> str:
        """What the first search is about to do, for a user who waits on it."""
        where = "" if searchindex.writable(self.path) else " (a read-only file: for now only)"
        return f"indexing {self.unindexed():,} lines for search{where}…"

    def _index_for_search(self) -> None:
        if not self.unindexed():
            return
        if self._indexed_here == 0 and searchindex.writable(self.path):
            if self._own:
                # Closed first: the writer's connection, the last one, takes its -wal and
                # -shm files away with it (a reader's could not).
                self.conn.close()
            indexed = searchindex.catch_up_file(self.path, self.session_id)
            self.reopen()  # a quiet file is read immutable: it would not see the index
            if indexed and not self.unindexed():
                return
        # The file can't be written: this connection indexes the rest for itself.
        mark = searchindex.watermark(self.conn, self.session_id) or 0
        with store_errors(self.path):
            searchindex.index_here(
                self.conn, self.session_id, max(mark, self._indexed_here), self.total
            )
        self._indexed_here = self.total

    def search(self, query: str, *, limit: int = 1000) -> list[int]:
        """Seqs of events whose text matches every word of ``query`` (FTS5), in order. The
        first search of an imported session indexes it (see ``unindexed``)."""
        match = fts_query(query)
        if match is None:
            return []
        self._index_for_search()
        # FTS first (CROSS JOIN fixes the order), in rowid order: within a session rowid
        # order is seq order, so LIMIT stops early on a common word.
        sql = (
            "SELECT e.seq FROM {fts} CROSS JOIN events e ON e.id = {fts}.rowid "
            "WHERE {fts} MATCH ? AND e.{by} = ? ORDER BY {fts}.rowid LIMIT ?"
        )
        tables = ["events_fts"] + ([searchindex.PENDING] if self._indexed_here else [])
        found: set[int] = set()
        with store_errors(self.path):
            try:
                for fts in tables:
                    rows = self.conn.execute(
                        sql.format(fts=fts, by=self._by), (match, self._key, limit)
                    ).fetchall()
                    found.update(int(r[0]) for r in rows)
            except sqlite3.OperationalError as exc:  # a query FTS5 still can't parse
                raise StoreError(f"cannot search for {query!r}: {exc}") from None
        return sorted(found)[:limit]

    # --- skip idle -------------------------------------------------------------------------

    def idle_gaps(self, min_gap: float) -> list[IdleGap]:
        """Stretches longer than ``min_gap`` seconds with no events (one pass, on demand)."""
        with store_errors(self.path):
            rows = self.conn.execute(
                "SELECT seq, ts, clock FROM (SELECT seq, ts, max(ts) OVER (ORDER BY seq "
                "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS clock FROM events "
                f"WHERE {self._by} = ?) WHERE ts - clock > ? ORDER BY seq",
                (self._key, min_gap),
            ).fetchall()
        return [IdleGap(seq=int(s), start=float(c), end=float(t)) for s, t, c in rows]


def label(event: ev.Event) -> str:
    """A short line describing a marker event, for the timeline and the seek bar."""
    match event:
        case ev.StageStarted(traffic_pct=pct):
            return f"stage {pct:g}% on green"
        case ev.GateOpened(gate_id=gid, stage_pct=pct):
            return f"gate {gid} opened at {pct:g}%"
        case ev.GateClosed(gate_id=gid, decision=d, operator=op):
            return f"gate {gid} closed: {d}" + (f" by {op}" if op else "")
        case ev.DecisionRequested(decision=d, operator=op, gate_id=gid):
            return f"{d} requested by {op}" + (f" at gate {gid}" if gid else "")
        case ev.DecisionResult(result=r, detail=detail):
            return f"decision {r}" + (f": {detail}" if detail else "")
        case ev.RollbackStarted(reason=reason):
            return "rollback started" + (f": {reason}" if reason else "")
        case ev.Outcome(status=status):
            return f"outcome: {status}"
        case ev.SloViolation(message=msg, metric=metric):
            text = msg or metric
            # The agent's own line usually says it already ("SLO violation: P99 latency...").
            return text if text.lower().startswith("slo violation") else f"SLO violation: {text}"
        case ev.Finding(severity=sev, message=msg):
            return f"{sev}: {msg}"
        case ev.Deployment(service=svc, version=version, environment=env):
            what = " ".join(x for x in (svc, version) if x) or "a new version"
            return f"deployment of {what}" + (f" to {env}" if env else "")
        case ev.ConfigChange(changes=changes, service=svc):
            parts = []
            for key, change in changes.items():
                if isinstance(change, dict) and {"before", "after"} <= change.keys():
                    parts.append(f"{key}: {change['before']} → {change['after']}")
                else:
                    parts.append(f"{key}: {change}")
            where = f" to {svc}" if svc else ""
            return f"config change{where}: " + (", ".join(parts) or "(no details)")
        case ev.LogLine(level=level, message=msg):
            return f"{level}: {msg}"
    return event.kind


class Player:
    """Plays a session on its own clock at a speed; the replay screen calls ``tick``.

    ``state`` is owned by the player (render it, don't change it). ``clock`` is the session
    time of the playhead. With ``skip_idle`` set, a gap with no events longer than that many
    seconds is jumped over instead of waited out.
    """

    def __init__(
        self, cursor: ReplayCursor, *, speed: float = 1.0, skip_idle: float | None = None
    ) -> None:
        self.cursor = cursor
        self.speed = speed
        self.skip_idle = skip_idle
        self.playing = False
        self.position = 0
        self.state = State()
        self.clock: float = cursor.start_ts or 0.0
        self._ahead: deque[tuple[int, ev.Event]] = deque()
        self._snap_gap = self._snapshot_interval()

    def _snapshot_interval(self) -> int:
        with store_errors(self.cursor.path):
            rows = self.cursor.conn.execute(
                "SELECT seq FROM snapshots WHERE session_id = ? ORDER BY seq LIMIT 2",
                (self.cursor.session_id,),
            ).fetchall()
        if len(rows) == 2:
            return int(rows[1][0] - rows[0][0])
        return int(rows[0][0]) if rows else max(self.cursor.total, 1)

    @property
    def _event_clock(self) -> float:
        """The session clock as of the last event played (the start before any)."""
        clock = self.state.clock
        return clock if clock is not None else (self.cursor.start_ts or 0.0)

    @property
    def at_end(self) -> bool:
        return self.position >= self.cursor.total

    def seek(self, seq: int) -> State:
        """Jump to the state after event ``seq``; folds forward when that is cheaper."""
        seq = self.cursor._clamp(seq)
        if self.position <= seq <= self.position + self._snap_gap:
            while self.position < seq and self._apply_next():
                pass
        else:
            self.state = self.cursor.state_at(seq)
            self.position = seq
            self._ahead.clear()
        self.clock = self.state.clock if self.state.clock is not None else self.clock
        if seq == 0:
            self.clock = self.cursor.start_ts or 0.0
        return self.state

    def seek_time(self, ts: float) -> State:
        """Go to session time ``ts`` (the go-to-time prompt, a click on the seek bar)."""
        self.seek(self.cursor.seq_at_time(ts))
        lo, hi = self.cursor.start_ts, self.cursor.last_ts
        if lo is not None and hi is not None:
            self.clock = min(max(ts, lo), hi)
        return self.state

    def step(self, n: int = 1) -> State:
        """One event forward (n=1) or back (n=-1): the ``,`` and ``.`` keys."""
        return self.seek(self.position + n)

    def _peek(self) -> tuple[int, ev.Event] | None:
        if not self._ahead:
            if self.at_end:
                return None
            self._ahead.extend(self.cursor.events(self.position + 1, self.position + CHUNK))
        return self._ahead[0] if self._ahead else None

    def _apply_next(self) -> bool:
        nxt = self._peek()
        if nxt is None:
            return False
        self._ahead.popleft()
        reduce(self.state, nxt[1])
        self.position = nxt[0]
        return True

    def tick(self, wall_seconds: float) -> int:
        """Advance the session clock by wall_seconds x speed; returns how many events ran."""
        if self.at_end:
            self.playing = False
            return 0
        target = self.clock + wall_seconds * self.speed
        applied = 0
        while True:
            nxt = self._peek()
            if nxt is None:
                break
            ts = nxt[1].ts
            if ts > target:
                # Skip idle like asciinema's idle limit: a gap plays as skip_idle seconds,
                # then the clock jumps to the next event, keeping the time left over.
                quiet = self._event_clock
                if (
                    self.skip_idle is not None
                    and ts - quiet > self.skip_idle
                    and target - quiet >= self.skip_idle
                ):
                    target = ts + (target - quiet - self.skip_idle)
                    continue
                break
            self._apply_next()
            self.clock = max(self.clock, ts)
            applied += 1
        last = self.cursor.last_ts
        self.clock = min(target, last) if last is not None else target
        if self.at_end:
            self.playing = False
        return applied
