"""A store opener never touches another program's SQLite file, and every store error is one
line saying what to do (a full disk, a read-only file: not "damaged")."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from console.errors import StoreError
from console.store.catalog import list_sessions, open_store
from console.store.schema import APPLICATION_ID, connect, store_error
from tests.helpers.cli import run


def _digest(path: Path) -> tuple[str, list[str]]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(
        p.name for p in path.parent.iterdir()
    )


def _foreign(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.db"
    conn = sqlite3.connect(path)
    if kind == "tables":  # a browser's or an app's database
        conn.execute("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places(url) VALUES ('https://example.org')")
    elif kind == "user_version":  # a migration tool's file, no table of ours
        conn.execute("CREATE TABLE schema_migrations(version TEXT)")
        conn.execute("PRAGMA user_version = 2")
    elif kind == "application_id":  # e.g. a Fossil repository or a GeoPackage
        conn.execute("PRAGMA application_id = 1196444487")  # 'GPKG'
        conn.execute("CREATE TABLE gpkg_contents(table_name TEXT)")
    elif kind == "lookalike":  # tables named like ours, columns not
        conn.execute("CREATE TABLE sessions(k TEXT)")
        conn.execute("CREATE TABLE events(v TEXT)")
        conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    return path


KINDS = ["tables", "user_version", "application_id", "lookalike"]


@pytest.mark.parametrize("kind", KINDS)
def test_openers_refuse_a_foreign_file_and_leave_it_as_it_was(tmp_path: Path, kind: str) -> None:
    path = _foreign(tmp_path, kind)
    before = _digest(path)
    for opener in (
        lambda: connect(path),
        lambda: connect(path, readonly=True),
        lambda: open_store(path),
        lambda: list_sessions(path),
    ):
        with pytest.raises(StoreError) as err:
            opener()
        text = str(err.value)
        assert "\n" not in text and str(path) in text
        assert "not a session store" in text
        assert _digest(path) == before  # no table, no WAL switch, no user_version, no -wal


@pytest.mark.parametrize("kind", KINDS)
def test_import_into_a_foreign_file_is_one_line_and_changes_nothing(
    tmp_path: Path, kind: str
) -> None:
    path = _foreign(tmp_path, kind)
    log = tmp_path / "agent.log"
    log.write_text("[09:30:00] [INFO] Starting deployment of checkout v2\n")
    before = _digest(path)
    r = run(tmp_path, "import", str(log), "--db", str(path))
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("opsconsole: ")
    assert "another program" in r.stderr and "unexpected" not in r.stderr
    assert _digest(path) == before


def test_importing_a_database_as_a_log_is_refused(tmp_path: Path) -> None:
    path = _foreign(tmp_path, "tables")
    r = run(tmp_path, "import", str(path), "--db", str(tmp_path / "s.db"))
    assert r.returncode == 1
    assert "is an SQLite database, not a log" in r.stderr


def test_a_new_store_carries_our_application_id(tmp_path: Path) -> None:
    connect(tmp_path / "s.db").conn.close()
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    connect(tmp_path / "s.db").conn.close()  # and opens again


def _full_disk_error(tmp_path: Path) -> sqlite3.Error:
    """A real SQLITE_FULL: the database may not grow past a few pages."""
    conn = sqlite3.connect(tmp_path / "full.db")
    conn.execute("CREATE TABLE t(x BLOB)")
    conn.execute("PRAGMA max_page_count = 8")
    try:
        for _ in range(100):
            conn.execute("INSERT INTO t VALUES (randomblob(4000))")
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("the database kept growing")


def _readonly_error(tmp_path: Path) -> sqlite3.Error:
    """A real SQLITE_READONLY: a write through a read-only connection."""
    connect(tmp_path / "ro.db").conn.close()
    conn = sqlite3.connect(f"file:{tmp_path / 'ro.db'}?mode=ro", uri=True)
    try:
        conn.execute("INSERT INTO notes(session_id, body) VALUES ('x', 'y')")
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("a read-only connection wrote")


def _cantopen_error(tmp_path: Path) -> sqlite3.Error:
    try:
        sqlite3.connect(f"file:{tmp_path / 'missing' / 'x.db'}?mode=rw", uri=True)
    except sqlite3.Error as exc:
        return exc
    raise AssertionError("opened a file in a missing directory")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_full_disk_error, "the disk is full"),
        (_readonly_error, "read-only"),
        (_cantopen_error, "not writable"),
    ],
)
def test_store_errors_say_what_is_wrong(tmp_path: Path, make: object, says: str) -> None:
    exc = make(tmp_path)  # type: ignore[operator]
    err = store_error(tmp_path / "s.db", exc)
    text = str(err)
    assert says in text and "\n" not in text
    assert "damaged" not in text and "unexpected" not in text
    assert err.hint  # and what to do


def test_a_store_in_a_directory_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as err:
        connect(blocker / "sub" / "s.db")
    assert "cannot create the session database" in str(err.value)
