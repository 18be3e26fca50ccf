"""An import's search index, left to the first search: what that search finds, and where."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from console.ingest import import_files
from console.pipeline import Pipeline
from console.store import searchindex
from console.store.recorder import Recorder
from console.store.replay import ReplayCursor
from tests.store.test_bulk import LOG, _events

QUERIES = [
    "traffic",
    "latency",
    "Metrics after",
    "postgres",
    "error rate",
    "denied",
    "no-such-word",
]


def _imported(tmp_path: Path, name: str = "s.db") -> tuple[Path, str]:
    log = tmp_path / "agent.log"
    log.write_text("\n".join(LOG * 40) + "\n")
    db = tmp_path / name
    return db, import_files([log], db).session_id


def _indexed_matches(db: Path, word: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(
            conn.execute(
                "SELECT count(*) FROM events_fts WHERE events_fts MATCH ?", (word,)
            ).fetchone()[0]
        )
    finally:
        conn.close()


def test_an_import_is_indexed_by_its_first_search_once(tmp_path: Path) -> None:
    db, sid = _imported(tmp_path)
    assert _indexed_matches(db, "latency") == 0  # nothing indexed by the import
    with ReplayCursor(db, sid) as cursor:
        total = cursor.total
        assert cursor.unindexed() == total > 0
        assert "indexing" in cursor.indexing_note() and "read-only" not in cursor.indexing_note()
        hits = cursor.search("latency")
        assert hits and cursor.unindexed() == 0
    assert _indexed_matches(db, "latency") == len(hits)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT indexed_seq FROM sessions").fetchone() == (total,)
        # A second searcher (another process, later) finds nothing left to index.
        assert searchindex.catch_up(conn, sid) == 0
    finally:
        conn.close()
    assert sorted(os.listdir(tmp_path)) == ["agent.log", "s.db"]  # no -wal, -shm left


def test_an_import_finds_what_a_recording_indexed_as_it_went_finds(tmp_path: Path) -> None:
    """The same events recorded live (indexed batch by batch) and imported (indexed by the
    first search): every search gives the same seqs."""
    imported, isid = _imported(tmp_path)
    live = tmp_path / "live.db"
    recorder = Recorder(live, name="live")
    pipeline = Pipeline(recorder)
    for e in _events(LOG * 40):
        pipeline.feed(e)
    pipeline.close()
    with ReplayCursor(imported, isid) as a, ReplayCursor(live, recorder.session_id) as b:
        assert a.total == b.total and b.unindexed() == 0
        for query in QUERIES:
            assert a.search(query) == b.search(query), query
        assert a.search("latency", limit=5) == b.search("latency", limit=5)


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """The file as a read-only disk would have it: root ignores modes, not the immutable
    attribute."""
    os.chmod(path, 0o444)
    immutable = os.geteuid() == 0
    if immutable and subprocess.run(["chattr", "+i", str(path)], check=False).returncode != 0:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        os.chmod(path, 0o644)


def test_a_read_only_file_is_searched_alike_and_left_unchanged(tmp_path: Path) -> None:
    db, sid = _imported(tmp_path)
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    with ReplayCursor(copy, sid) as cursor:
        expected = {q: cursor.search(q) for q in QUERIES}
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with _read_only(db):
        with ReplayCursor(db, sid) as cursor:
            assert "read-only" in cursor.indexing_note()
            for query in QUERIES:
                assert cursor.search(query) == expected[query], query
            assert cursor.unindexed() == 0  # for this connection
            # A note's reopen drops the connection's own index; the next search rebuilds it.
            cursor.reopen()
            assert cursor.unindexed() == cursor.total
            assert cursor.search("latency") == expected["latency"]
        assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert sorted(os.listdir(tmp_path)) == ["agent.log", "copy.db", "s.db"]


def test_an_interrupted_import_is_searchable(tmp_path: Path) -> None:
    """An import stopped part-way (its writer committed some batches) leaves the watermark
    where it was: the first search indexes what was committed."""
    db = tmp_path / "s.db"
    from console.store.bulk import BulkRecorder

    recorder = BulkRecorder(db, name="cut", batch=7)
    pipeline = Pipeline(recorder)
    for e in _events(LOG * 5):
        pipeline.feed(e)
    recorder.end_import("interrupted", cause="SIGINT")
    pipeline.close()
    with ReplayCursor(db, recorder.session_id) as cursor:
        assert cursor.session.outcome == "interrupted"
        assert cursor.unindexed() == cursor.total > 0
        assert cursor.search("traffic_shift")
