"""The kind index leaves log rows out (schema v4); every query by another kind still uses it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from console.ingest import import_files
from console.report.postmortem import TIMELINE_KINDS
from console.store.replay import KIND_MARKERS, MARKERS, ReplayCursor
from console.store.schema import connect, kinds_where

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "logs" / "rollout_missing_index.log"
INDEX = "idx_events_session_id_kind_seq"


def _plan(conn: sqlite3.Connection, where: str, params: tuple[object, ...]) -> str:
    rows = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT seq FROM events WHERE session_id = ? AND {where} "
        "AND seq > ? ORDER BY seq LIMIT 1",
        ("s", *params, 0),
    ).fetchall()
    return " ".join(str(r[-1]) for r in rows)


def test_the_kind_index_holds_no_log_rows_and_serves_every_other_kind(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = import_files([FIXTURE], db)
    conn = sqlite3.connect(db)
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (INDEX,)).fetchone()
        assert sql is not None and sql[0].endswith("WHERE kind <> 'log'")
        indexed = conn.execute(
            f"SELECT count(*) FROM events INDEXED BY {INDEX} WHERE kind <> 'log'"
        )
        logs = conn.execute("SELECT count(*) FROM events WHERE kind = 'log'").fetchone()[0]
        assert indexed.fetchone()[0] + logs == result.events and logs > 0
        # What the replay's markers and the report's timeline ask for, the index answers.
        for kinds in [*KIND_MARKERS.values(), TIMELINE_KINDS, ("threshold",), ("finding",)]:
            for kind in kinds:
                assert INDEX in _plan(conn, *kinds_where((kind,))), kind
        # A question about log rows goes by seq instead (the index can't answer it).
        assert INDEX not in _plan(conn, *kinds_where(("log",)))
    finally:
        conn.close()
    cursor = ReplayCursor(db, result.session_id)
    try:
        found = {m.marker for m in cursor.markers(MARKERS)}
    finally:
        cursor.close()
    assert {"stage", "rollback", "outcome", "warning", "error"} <= found


def test_an_older_store_gets_the_partial_index_and_the_same_markers(tmp_path: Path) -> None:
    """A shipped sample session (schema 1) reads the same markers before and after opening
    it for writing replaces its kind index."""
    db = tmp_path / "old.db"
    shutil.copy(sorted((ROOT / "sample_sessions").glob("*.db"))[0], db)
    conn = sqlite3.connect(db)
    (sid,) = conn.execute("SELECT id FROM sessions").fetchone()
    old_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (INDEX,)).fetchone()
    conn.close()
    assert "WHERE" not in old_sql[0]

    def markers() -> list[tuple[int, str]]:
        cursor = ReplayCursor(db, sid)
        try:
            return [(m.seq, m.marker) for m in cursor.markers(MARKERS)]
        finally:
            cursor.close()

    before = markers()
    connect(db).conn.close()
    conn = sqlite3.connect(db)
    new_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (INDEX,)).fetchone()
    conn.close()
    assert new_sql[0].endswith("WHERE kind <> 'log'")
    assert markers() == before and before
