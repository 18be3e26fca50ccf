"""The session store's schema, its version, and opening a store safely.

Documented for reviewers in docs/store-schema.md. ``PRAGMA user_version`` carries the schema
version; a file written by a newer opsconsole is refused rather than guessed at.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from console.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 5
SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 8192  # a new store's (older ones keep theirs, 4096)
# PRAGMA application_id of a store ("OPSC"): set when a store is created, so another
# program's file can be told from ours by its header. Stores made before it say 0.
APPLICATION_ID = 0x4F505343
# What every store of ours has, whatever its version: anything else is another program's.
_OUR_COLUMNS = {
    "sessions": {"id", "name", "outcome", "events"},
    "events": {"id", "seq", "ts", "kind", "data", "text"},
}
# And the column naming an event's session: its text id up to schema 4, its key from 5.
_SESSION_COLUMNS = {"session_id", "session_key"}


def default_db_path() -> Path:
    from platformdirs import user_data_path

    env = os.environ.get("OPSCONSOLE_DB")
    if env:
        return Path(env)
    return user_data_path("opsconsole") / "sessions.db"


def _check_file(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if len(head) == 0:
        return  # an empty file is a new database
    if head != SQLITE_MAGIC:
        raise StoreError(f"{path} is not an opsconsole session database (not SQLite)")


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only, before SQLite opens it (0600)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return  # created by another opsconsole meanwhile: opened like any existing store
    except OSError as exc:
        raise StoreError(
            f"cannot create the session database {path}: {exc.strerror}",
            "make its directory writable, or give another place with --db PATH",
        ) from None
    os.close(fd)


def check_ours(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, if it is an opsconsole store (or a new, empty file);
    StoreError naming what it is otherwise. Reads only: call it before anything writes
    (WAL, pragmas, an upgrade), so another program's file is never modified."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    hint = "give opsconsole a file of its own with --db PATH"
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path} belongs to another program (SQLite application id {app_id:#x}), "
            "not a session store of opsconsole; it was left as it is",
            hint,
        )
    if version == 0 and not tables:
        return 0  # an empty database: a new store
    ours = set(_OUR_COLUMNS) <= tables
    for t in _OUR_COLUMNS if ours else ():
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({t})")}
        ours = ours and _OUR_COLUMNS[t] <= columns
        if t == "events":
            ours = ours and bool(columns & _SESSION_COLUMNS)
    if version == 0 or not ours:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is another program's SQLite file (tables: {shown}; schema version "
            f"{version}), not a session store of opsconsole; it was left as it is",
            hint,
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer opsconsole (schema {version}, this one reads "
            f"up to {SCHEMA_VERSION}); upgrade opsconsole to open it"
        )
    return int(version)


def connect(path: Path, *, create: bool = True, readonly: bool = False) -> sqlite_utils.Database:
    """Open (and if needed create) a session store; raise StoreError with a clear line."""
    path = Path(path)
    if path.exists():
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a session database")
        _check_file(path)
    elif not create or readonly:
        raise StoreError(f"no session database at {path}")
    else:
        _create_private(path)
    import sqlite_utils  # here, not at the top: an import's writer process doesn't need it

    try:
        if readonly:
            uri = f"file:{quote(str(path.resolve()))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
        db = sqlite_utils.Database(conn)
        try:
            version = check_ours(conn, path)
        except StoreError:
            conn.close()
            raise
        if not readonly:
            if version == 0:
                # Only a new file takes it (before WAL writes its first page). Fewer, larger
                # pages: a tenth less of an import's SQLite work (b-tree splits, WAL frames).
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            _opened_for_writing(conn, db, version)
        elif version == 0:
            conn.close()
            raise StoreError(f"{path} is an empty SQLite file, not a session store")
        db.execute("PRAGMA busy_timeout=10000")
        return db
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from None


def connect_current(path: Path) -> sqlite3.Connection:
    """A writer's plain connection to a store already at this schema version (an import's
    writer process: its parent has just opened the file, so no upgrade is due). Opens in
    a fraction of ``connect``'s time, without sqlite-utils; anything else goes through it."""
    path = Path(path)
    if not path.is_file():
        return connect(path, create=False).conn
    _check_file(path)
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from None
    try:
        if check_ours(conn, path) != SCHEMA_VERSION:
            conn.close()
            return connect(path, create=False).conn
        _writer_pragmas(conn)
        conn.execute("PRAGMA busy_timeout=10000")
        return conn
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise store_error(path, exc) from None


def _opened_for_writing(conn: sqlite3.Connection, db: sqlite_utils.Database, version: int) -> None:
    """WAL, then the upgrade if one is due. SQLite answers "database is locked" at once,
    without waiting out the busy timeout, when waiting could deadlock (a file still in
    rollback mode that another connection is switching to WAL or upgrading: two writers
    opening an old store together); the documented remedy is to try again, which this does
    for up to five seconds before the error is the caller's."""
    for attempt in range(100):
        try:
            _writer_pragmas(conn)
            if version < SCHEMA_VERSION:
                _migrate(db, version)
            return
        except sqlite3.OperationalError as exc:
            if attempt == 99 or not _busy(exc):
                raise
            if conn.in_transaction:
                conn.rollback()
            time.sleep(0.05)


def _writer_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")


def _busy(exc: sqlite3.Error) -> bool:
    """Is SQLite's complaint that another connection holds the lock (SQLITE_BUSY, LOCKED)?"""
    code = getattr(exc, "sqlite_errorcode", None)
    text = str(exc).lower()
    return (
        isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    ) or ("locked" in text or "busy" in text)


def store_error(path: Path | None, exc: sqlite3.Error) -> StoreError:
    """SQLite's complaint as one line saying what is wrong and what to do. Only a file
    SQLite finds malformed is called damaged: a full disk, a read-only file or directory
    and a busy store say so."""
    where = str(path) if path is not None else "the session database"
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == sqlite3.SQLITE_FULL or "disk is full" in text:
        folder = Path(path).parent if path is not None else "its directory"
        return StoreError(
            f"cannot write {where}: the disk is full", f"free some space on {folder}, then retry"
        )
    if primary == sqlite3.SQLITE_READONLY or "readonly database" in text:
        return StoreError(
            f"cannot write {where}: it is read-only (the file, its directory, or the disk)",
            "make the file and its directory writable, or give another place with --db PATH",
        )
    if primary == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return StoreError(
            f"cannot open {where} (its directory is missing or not writable: SQLite writes "
            "a journal beside the file)",
            "make the directory writable, or give another place with --db PATH",
        )
    if primary == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        return StoreError(
            f"cannot read or write {where}: disk I/O error ({exc})",
            "check the disk and its free space, then retry",
        )
    if _busy(exc):
        return StoreError(
            f"{where} is busy (another opsconsole is writing or upgrading it); try again"
        )
    if primary == sqlite3.SQLITE_PERM or "permission" in text:
        return StoreError(
            f"cannot open {where}: permission denied", "check the file's owner and mode"
        )
    return StoreError(
        f"{where} is damaged or not a session database ({exc}); restore it from a copy"
    )


_FTS = (
    "CREATE VIRTUAL TABLE events_fts USING "
    "fts5(text, content='events', content_rowid='id', columnsize=0)"
)
# The search index's merge policy (v3). FTS5 writes each commit's rows as a new segment and,
# by default, merges a level as soon as it holds 4 segments: a million-line import rewrote
# each entry about three times, which was a third of its SQLite work. Merging at 64 makes
# that about once; a search reads up to 63 segments a level instead of 3 (still a few ms).
# The merge is spread over later commits; only at 256 segments would one commit do it all
# at once (at 64 a live session's commit could take half a second: gate decisions wait).
FTS_AUTOMERGE, FTS_CRISISMERGE = 64, 256
# The markers' index (v4) holds the events that are not log lines: log lines are nearly every
# row of an import, and no query looks them up by kind (a level marker reads the session's
# logs in seq order, through (session_id, seq)). Keeping them in it cost a fifth of an
# insert. A query uses a partial index only when its WHERE says the index's condition in the
# same words: a marker's query adds NOT_LOG (see replay).
NOT_LOG = "kind != 'log'"
_MARKER_INDEX = (
    f"CREATE INDEX IF NOT EXISTS idx_events_marks ON events(session_key, kind, seq) WHERE {NOT_LOG}"
)
# v5: an event names its session by the sessions row's integer key, not its text id (20
# characters in every row and in both indexes: a tenth of an insert, and of the file).
_EVENTS = """CREATE TABLE {name} (
    id INTEGER PRIMARY KEY,
    session_key INTEGER NOT NULL REFERENCES sessions(key),
    seq INTEGER NOT NULL,
    ts FLOAT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT,
    data TEXT NOT NULL,
    text TEXT
)"""
_SEQ_INDEX = "CREATE UNIQUE INDEX idx_events_session_seq ON events(session_key, seq)"
_FTS_MERGE_POLICY = (
    f"INSERT INTO events_fts(events_fts, rank) VALUES('automerge', {FTS_AUTOMERGE})",
    f"INSERT INTO events_fts(events_fts, rank) VALUES('crisismerge', {FTS_CRISISMERGE})",
)


def _migrate(db: sqlite_utils.Database, version: int) -> None:
    if version == 0 and "events" in db.table_names() and "sessions" not in db.table_names():
        raise StoreError("this SQLite file has an 'events' table opsconsole did not write")
    with db.conn:
        # Take the write lock, then read the version again: two processes opening an old
        # file at once must not both upgrade it (the second would rebuild the index again).
        db.execute("BEGIN IMMEDIATE")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        if version == 0:
            _create_v1(db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version < 2:
            # v2: no (session_id, ts) index. Nothing searched by it (a session's time extent
            # is in its sessions row), and keeping it cost a tenth of every insert. And the
            # search index without per-row column sizes: nothing ranks results, and keeping
            # them cost a fifth of the indexing.
            db.execute("DROP INDEX IF EXISTS idx_events_session_id_ts")
            db.execute("DROP TABLE IF EXISTS events_fts")
            db.execute(_FTS)
            db.execute("INSERT INTO events_fts(events_fts) VALUES('rebuild')")
        if version < 3:
            for sql in _FTS_MERGE_POLICY:
                db.execute(sql)
        if version < 4:
            db.execute("DROP INDEX IF EXISTS idx_events_session_id_kind_seq")  # v5 makes its own
        if version < 5:
            # v5: a session's search index may lag behind its events (an import leaves it to
            # the first search: see searchindex). NULL: indexed as written, as before.
            db.execute("ALTER TABLE sessions ADD COLUMN indexed_seq INTEGER")
            _key_events(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _key_events(db: sqlite_utils.Database) -> None:
    """v5: sessions get an integer key, and events name their session by it (the table is
    copied once: ids, and so the search index's rowids, stay as they were)."""
    db.execute("ALTER TABLE sessions ADD COLUMN key INTEGER")
    # Events of a session without a row (none of ours wrote such) keep a row to name them.
    db.execute(
        "INSERT INTO sessions(id, name, outcome, events) SELECT DISTINCT session_id, "
        "session_id, 'in_progress', 0 FROM events WHERE session_id NOT IN (SELECT id FROM sessions)"
    )
    db.execute("UPDATE sessions SET key = rowid")
    db.execute("CREATE UNIQUE INDEX idx_sessions_key ON sessions(key)")
    db.execute(_EVENTS.format(name="events_v5"))
    db.execute(
        "INSERT INTO events_v5(id, session_key, seq, ts, kind, source, data, text) "
        "SELECT e.id, s.key, e.seq, e.ts, e.kind, e.source, e.data, e.text "
        "FROM events e JOIN sessions s ON s.id = e.session_id ORDER BY e.id"
    )
    db.execute("DROP TABLE events")
    db.execute("ALTER TABLE events_v5 RENAME TO events")
    db.execute(_SEQ_INDEX)
    db.execute(_MARKER_INDEX)


def session_key(conn: sqlite3.Connection, session_id: str) -> tuple[str, str | int | None]:
    """How the session's events are found: the events column naming the session and its
    value, the session's key (schema 5) or, in an older store read as it is, its text id.
    None: no such session."""
    if conn.execute("PRAGMA user_version").fetchone()[0] < 5:
        return "session_id", session_id
    row = conn.execute("SELECT key FROM sessions WHERE id = ?", (session_id,)).fetchone()
    return "session_key", None if row is None else int(row[0])


def _create_v1(db: sqlite_utils.Database) -> None:
    db.table("sessions").create(
        {
            "id": str,
            "name": str,
            "service": str,
            "version": str,
            "source": str,
            "started_at": float,
            "ended_at": float,
            "outcome": str,
            "events": int,
            "created_at": float,
            "meta": str,
        },
        pk="id",
        defaults={"events": 0, "outcome": "in_progress"},
        if_not_exists=True,
    )
    db.table("events").create(
        {
            "id": int,
            "session_id": str,
            "seq": int,
            "ts": float,
            "kind": str,
            "source": str,
            "data": str,
            "text": str,
        },
        pk="id",
        not_null={"session_id", "seq", "ts", "kind", "data"},
        foreign_keys=[("session_id", "sessions", "id")],
        if_not_exists=True,
    )
    db.table("events").create_index(["session_id", "seq"], unique=True, if_not_exists=True)
    db.table("events").create_index(["session_id", "kind", "seq"], if_not_exists=True)
    # External-content FTS5 over the log text; rows are added by the recorder per batch
    # (no trigger, so bulk import stays fast). Version 2 recreates it (see _migrate).
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING "
        "fts5(text, content='events', content_rowid='id')"
    )
    db.table("snapshots").create(
        {"session_id": str, "seq": int, "ts": float, "state": str},
        pk=("session_id", "seq"),
        if_not_exists=True,
    )
    db.table("notes").create(
        {
            "id": int,
            "session_id": str,
            "at": float,
            "seq": int,
            "body": str,
            "author": str,
            "created_at": float,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id")],
        if_not_exists=True,
    )
