"""The reviewer's notes: a bookmark on a moment of a session, with a line or two of text.

Notes live in the session's own store (table ``notes``), so they travel with the file and show
up in the replay timeline and the postmortem export. Adding or deleting a note is the only
write replay ever makes, and it is an explicit user action.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from console.redact import redact
from console.store.catalog import get_session, open_store, store_errors
from console.store.schema import StoreError, connect, session_key

MAX_BODY = 10_000


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    session_id: str
    at: float  # the session time the note is about
    seq: int | None  # the event it is pinned to, if any
    body: str
    author: str | None
    created_at: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def current_author() -> str | None:
    try:
        return os.environ.get("USER") or getpass.getuser() or None
    except (KeyError, OSError):  # no passwd entry (containers)
        return None


def _open_rw(db_path: Path) -> sqlite_utils.Database:
    db_path = Path(db_path).expanduser()
    open_store(db_path).conn.close()  # validate without writing: not SQLite, truncated, newer
    return connect(db_path, create=False)


def add_note(
    db_path: Path | str,
    session_id: str,
    body: str,
    *,
    at: float | None = None,
    seq: int | None = None,
    author: str | None = None,
) -> Note:
    """Store a note on a moment (``at`` session time and/or ``seq``) of a session."""
    # Redacted like everything stored: a reviewer may paste the log line with its password.
    text = redact(body.strip())
    if not text:
        raise StoreError("a note needs some text")
    if len(text) > MAX_BODY:
        raise StoreError(f"a note is limited to {MAX_BODY} characters")
    path = Path(db_path).expanduser()
    db = _open_rw(path)
    try:
        get_session(db, session_id)
        with store_errors(path):
            if seq is not None:
                by, key = session_key(db.conn, session_id)
                row = db.execute(
                    f"SELECT ts FROM events WHERE {by} = ? AND seq = ?", (key, seq)
                ).fetchone()
                if row is None:
                    raise StoreError(f"session {session_id} has no event {seq}")
                if at is None:
                    at = float(row[0])
            if at is None:
                raise StoreError("a note needs a moment: a session time or an event")
            note = Note(
                id=0,
                session_id=session_id,
                at=float(at),
                seq=seq,
                body=text,
                author=author if author is not None else current_author(),
                created_at=time.time(),
            )
            with db.conn:
                cur = db.conn.execute(
                    "INSERT INTO notes(session_id, at, seq, body, author, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (note.session_id, note.at, note.seq, note.body, note.author, note.created_at),
                )
            return dataclasses.replace(note, id=int(cur.lastrowid or 0))
    finally:
        db.conn.close()


def list_notes(db: sqlite_utils.Database | Path | str, session_id: str) -> list[Note]:
    """A session's notes in session-time order."""
    own = not isinstance(db, sqlite_utils.Database)
    database = db if isinstance(db, sqlite_utils.Database) else open_store(db)
    try:
        path = Path(database.execute("PRAGMA database_list").fetchone()[2] or "<memory>")
        with store_errors(path):
            if "notes" not in database.table_names():
                return []
            rows = database.execute(
                "SELECT id, session_id, at, seq, body, author, created_at FROM notes "
                "WHERE session_id = ? ORDER BY at, id",
                (session_id,),
            ).fetchall()
        return [
            Note(
                id=r[0], session_id=r[1], at=r[2], seq=r[3], body=r[4], author=r[5], created_at=r[6]
            )
            for r in rows
        ]
    finally:
        if own:
            database.conn.close()


def delete_note(db_path: Path | str, session_id: str, note_id: int) -> None:
    path = Path(db_path).expanduser()
    db = _open_rw(path)
    try:
        with store_errors(path), db.conn:
            cur = db.conn.execute(
                "DELETE FROM notes WHERE id = ? AND session_id = ?", (note_id, session_id)
            )
        if cur.rowcount == 0:
            raise StoreError(f"session {session_id} has no note {note_id}")
    finally:
        db.conn.close()
