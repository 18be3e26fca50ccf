"""Schema 5: events name their session by an integer key; a schema 4 store is read as it is
and upgraded once, by the first writer."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

from console.store.catalog import list_sessions
from console.store.recorder import create_session
from console.store.replay import ReplayCursor
from console.store.schema import SCHEMA_VERSION, connect, session_key

# Made by opsconsole at schema 4 (2f4bce6): a session recorded live (its search index written
# as it went) and an imported one, both before sessions had keys.
V4 = Path(__file__).resolve().parents[1] / "fixtures" / "store" / "v4-two-sessions.db"


def _copy(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    shutil.copy(V4, db)
    return db


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every session's events, by its text id, whatever the schema."""
    conn = sqlite3.connect(db)
    try:
        out = {}
        for (sid,) in conn.execute("SELECT id FROM sessions").fetchall():
            by, key = session_key(conn, sid)
            out[sid] = conn.execute(
                f"SELECT id, seq, ts, kind, source, data, text FROM events WHERE {by} = ? "
                "ORDER BY seq",
                (key,),
            ).fetchall()
        return out
    finally:
        conn.close()


def _what_replay_sees(db: Path) -> dict[str, object]:
    seen: dict[str, object] = {}
    for s in list_sessions(db):
        with ReplayCursor(db, s.id) as cursor:
            seen[s.id] = (
                cursor.total,
                cursor.search("latency"),
                cursor.search("pool"),
                [(m.seq, m.marker) for m in cursor.markers()],
                [e.kind for _, e in cursor.events()],
                cursor.state_at(cursor.total // 2).to_dict(),
            )
    return seen


def test_a_version_4_store_is_read_as_it_is(tmp_path: Path) -> None:
    db = _copy(tmp_path)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    seen = _what_replay_sees(db)
    assert len(seen) == 2
    for total, latency, _pool, markers, kinds, _state in seen.values():  # type: ignore[misc]
        assert total == len(kinds) > 0 and latency and markers
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest  # not upgraded by reading


def test_a_version_4_store_is_upgraded_once_and_reads_the_same(tmp_path: Path) -> None:
    db = _copy(tmp_path)
    before, seen_before = _contents(db), _what_replay_sees(db)
    connect(db).conn.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        columns = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
        assert "session_key" in columns and "session_id" not in columns
        keys = conn.execute("SELECT key, indexed_seq FROM sessions ORDER BY key").fetchall()
        # Both sessions were indexed as they were written: no watermark to catch up from.
        assert keys == [(1, None), (2, None)]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"idx_events_session_seq", "idx_events_marks", "idx_sessions_key"} <= indexes
        assert "idx_events_session_id_seq" not in indexes
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    # Same ids (the search index's rowids), same rows, same replay.
    assert _contents(db) == before
    assert _what_replay_sees(db) == seen_before
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    connect(db).conn.close()  # once: a later writer finds nothing to do
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_two_writers_opening_a_version_4_store_at_once_upgrade_it_once(tmp_path: Path) -> None:
    db = _copy(tmp_path)
    before = _contents(db)
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            connect(db).conn.close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _contents(db) == before


def test_new_sessions_take_the_next_key_after_an_upgrade(tmp_path: Path) -> None:
    db = _copy(tmp_path)
    create_session(db, "new-one", name="n", source="test")
    create_session(db, "new-two", name="n", source="test", indexed=False)
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT id, key, indexed_seq FROM sessions WHERE id LIKE 'new-%' ORDER BY key"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [("new-one", 3, None), ("new-two", 4, 0)]
