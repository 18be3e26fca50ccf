"""The search index (events_fts) of a session its writer left unindexed, brought up to date
by the first search.

An import does not index its rows as it writes them: that cost its writer 1-3 s of CPU a
million lines, for sessions most of which are never searched (indexing them all at once
later costs about as much: 1.05 s for a million-line agent log's 403k events, 1.26 s for a
million JSON lines). Its sessions row keeps a watermark,
``indexed_seq``: the events up to that seq are in events_fts (NULL: the writer indexes as it
commits, as the live recorder does). A search first indexes the events after the watermark,
in one INSERT ... SELECT under the write lock, and moves the watermark. A file that cannot be
written (read-only, on a read-only disk) gets the same index for the reader's connection
only, in its temp database: the same tokenizer, so the same hits, built again on each open.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from console.store.schema import StoreError, connect, session_key

# The reader's own index of the events after the watermark (a read-only file): contentless,
# its rowids are events.id, as events_fts's are.
PENDING = "pending_fts"
_PENDING_TABLE = f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{PENDING} USING fts5(text, content='')"


def watermark(conn: sqlite3.Connection, session_id: str) -> int | None:
    """The last seq in the search index, or None when the writer indexes as it goes (and
    in a store from before the watermark, schema 4: the functions below need schema 5)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] < 5:
        return None
    row = conn.execute("SELECT indexed_seq FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def catch_up(conn: sqlite3.Connection, session_id: str) -> int:
    """Index the session's events after its watermark, under the write lock (a second
    searcher waits, then finds nothing left to do). Returns how many events it read."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        mark = watermark(conn, session_id)
        if mark is None:
            return 0
        key = session_key(conn, session_id)[1]
        top = conn.execute(
            "SELECT coalesce(max(seq), 0) FROM events WHERE session_key = ?", (key,)
        ).fetchone()[0]
        if top <= mark:
            return 0
        # In seq order, which within a session is rowid order: FTS5 appends to its segment.
        conn.execute(
            "INSERT INTO events_fts(rowid, text) SELECT id, text FROM events "
            "WHERE session_key = ? AND seq > ? AND text IS NOT NULL",
            (key, mark),
        )
        conn.execute("UPDATE sessions SET indexed_seq = ? WHERE id = ?", (top, session_id))
    return int(top - mark)


def writable(path: Path) -> bool:
    """Can this process write the file and make its -wal beside it? (A read-only file,
    directory or disk says no here; trying would leave -wal and -shm files behind.)"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def catch_up_file(path: Path, session_id: str) -> bool:
    """``catch_up`` through a writer's connection of its own; False when the file can't be
    written (read-only file, directory or disk), so the caller indexes for itself."""
    try:
        db = connect(path, create=False)
    except StoreError:
        return False
    try:
        catch_up(db.conn, session_id)
        return True
    except sqlite3.Error:  # read-only, or busy too long: the reader indexes for itself
        return False
    finally:
        db.conn.close()


def index_here(conn: sqlite3.Connection, session_id: str, after: int, upto: int) -> None:
    """Index events after..upto (seqs) in this connection's temp database only."""
    key = session_key(conn, session_id)[1]
    conn.execute(_PENDING_TABLE)
    with conn:
        conn.execute(
            f"INSERT INTO {PENDING}(rowid, text) SELECT id, text FROM events "
            "WHERE session_key = ? AND seq > ? AND seq <= ? AND text IS NOT NULL",
            (key, after, upto),
        )
