"""Which sessions a store holds, and which one the user meant.

``opsconsole sessions`` lists them; ``replay``, ``export`` and friends turn what the user
typed (an id, a unique id prefix, ``--latest``, ``FILE.db`` or ``FILE.db#ID``) into a
(database path, session id) pair. Reading never creates, migrates or writes a file: a store
is opened read-only, and every way it can be wrong (not SQLite, truncated, damaged, written
by a newer opsconsole, unknown or ambiguous id) is a ``StoreError`` with one clear line.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from console.store.schema import (
    SQLITE_MAGIC,
    StoreError,
    check_ours,
    connect,
    default_db_path,
    store_error,
)

_SESSION_COLUMNS = (
    "id, name, service, version, source, started_at, ended_at, outcome, events, meta, created_at"
)
# Newest is the most recently recorded or imported: the agent's own start time would put a
# 2024 log imported now behind yesterday's demo.
_NEWEST_FIRST = "ORDER BY coalesce(created_at, started_at) DESC, rowid DESC"


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One row of ``opsconsole sessions``."""

    id: str
    name: str | None
    service: str | None
    version: str | None
    source: str | None
    started_at: float | None
    ended_at: float | None
    outcome: str | None
    events: int
    meta: str | None = None
    created_at: float | None = None  # when it was recorded or imported (this machine's clock)

    @property
    def failure(self) -> str | None:
        """Why a session failed before anything was watched (a watch that never connected)."""
        try:
            why = json.loads(self.meta).get("failed") if self.meta else None
        except (ValueError, AttributeError):
            return None
        return why if isinstance(why, str) else None

    @property
    def import_info(self) -> dict[str, Any] | None:
        """An import's state (``running``, ``complete``, ``interrupted``) and how far it
        read: ``lines_read``, ``bytes_read``, ``bytes_total`` (None for gzip input)."""
        try:
            info = json.loads(self.meta).get("import") if self.meta else None
        except (ValueError, AttributeError):
            return None
        return info if isinstance(info, dict) else None

    @property
    def duration(self) -> float | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return max(0.0, self.ended_at - self.started_at)


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved session: the database it lives in and its id."""

    db_path: Path
    session_id: str


@contextmanager
def store_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's complaints about a damaged file into one clear StoreError line.

    A truncated or corrupt file often opens fine and only fails on the first page that is
    missing, so every read of a store the user handed us goes through this.
    """
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise store_error(path, exc) from None


def is_sqlite_file(path: Path | str) -> bool:
    """True if the file starts like an SQLite database (so: not a log file to import)."""
    try:
        with Path(path).expanduser().open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _check_not_truncated(path: Path) -> None:
    """Compare the size the SQLite header promises with the file's size.

    With a -wal file present the header may lag behind the WAL, so the check is skipped then.
    """
    if Path(f"{path}-wal").exists():
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        if len(head) >= 16 and head[:16] == SQLITE_MAGIC:
            raise StoreError(f"{path} is truncated (only {size} bytes); restore it from a copy")
        return  # connect() words the not-SQLite case
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, pages, valid_for = (
        struct.unpack(">I", head[24:28])[0],
        struct.unpack(">I", head[28:32])[0],
        struct.unpack(">I", head[92:96])[0],
    )
    # The in-header page count is only authoritative when it was written by the same change.
    if pages and change_counter == valid_for and size < pages * page_size:
        raise StoreError(
            f"{path} is truncated ({size} of {pages * page_size} bytes); restore it from a copy"
        )


def _is_quiet_wal_file(path: Path) -> bool:
    """A WAL-format file with no -wal/-shm beside it: nobody has it open for writing."""
    try:
        with path.open("rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return (
        head[:16] == SQLITE_MAGIC
        and head[18:20] == b"\x02\x02"
        and not Path(f"{path}-wal").exists()
        and not Path(f"{path}-shm").exists()
    )


def _connect_immutable(path: Path) -> sqlite_utils.Database:
    """Read a quiet WAL-format file without SQLite leaving -wal/-shm files next to it.

    A plain read-only connection to a WAL database creates those two files and cannot remove
    them on close; next to a session file in a git checkout (sample_sessions/) or a reviewer's
    download that is litter. ``immutable=1`` reads the file as it is, without them.
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    with store_errors(path):
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        try:
            check_ours(conn, path)
        except StoreError:
            conn.close()
            raise
    return db


def open_store(path: Path | str) -> sqlite_utils.Database:
    """Open an existing session store read-only. Never creates, migrates or writes anything.

    The default store may be written by a live console at any moment, so it is opened with
    normal locking; any other quiet file is opened immutable so no side files appear.
    """
    path = Path(path).expanduser()
    if path.exists() and path.is_file():
        _check_not_truncated(path)
        if _is_quiet_wal_file(path) and path.resolve() != default_db_path().resolve():
            db = _connect_immutable(path)
        else:
            db = connect(path, create=False, readonly=True)
    else:
        db = connect(path, create=False, readonly=True)
    with store_errors(path):
        tables = set(db.table_names())
        if not {"sessions", "events"} <= tables:
            db.conn.close()
            raise StoreError(f"{path} is an SQLite file but not an opsconsole session store")
    return db


def _summary(row: tuple[object, ...]) -> SessionSummary:
    sid, name, service, version, source, started, ended, outcome, events, meta, created = row
    return SessionSummary(
        id=str(sid),
        name=None if name is None else str(name),
        service=None if service is None else str(service),
        version=None if version is None else str(version),
        source=None if source is None else str(source),
        started_at=None if started is None else float(started),  # type: ignore[arg-type]
        ended_at=None if ended is None else float(ended),  # type: ignore[arg-type]
        outcome=None if outcome is None else str(outcome),
        events=int(events or 0),  # type: ignore[call-overload]
        meta=meta if isinstance(meta, str) else None,
        created_at=None if created is None else float(created),  # type: ignore[arg-type]
    )


def list_sessions(
    db: sqlite_utils.Database | Path | str, *, limit: int | None = None
) -> list[SessionSummary]:
    """Sessions in a store, newest first."""
    own = not isinstance(db, sqlite_utils.Database)
    database = db if isinstance(db, sqlite_utils.Database) else open_store(db)
    path = _db_path(database)
    try:
        sql = f"SELECT {_SESSION_COLUMNS} FROM sessions {_NEWEST_FIRST}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with store_errors(path):
            return [_summary(r) for r in database.execute(sql).fetchall()]
    finally:
        if own:
            database.conn.close()


def get_session(db: sqlite_utils.Database, session_id: str) -> SessionSummary:
    with store_errors(_db_path(db)):
        row = db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
    if row is None:
        raise StoreError(f"no session {session_id!r} in {_db_path(db)}")
    return _summary(row)


def find_session(db: sqlite_utils.Database, typed: str) -> str:
    """An exact id, or a prefix that matches exactly one session."""
    path = _db_path(db)
    typed = typed.strip()
    if not typed:
        raise StoreError("an empty session id; `opsconsole sessions` lists them")
    with store_errors(path):
        if db.execute("SELECT 1 FROM sessions WHERE id = ?", (typed,)).fetchone():
            return typed
        rows = db.execute(
            f"SELECT id FROM sessions WHERE substr(id, 1, ?) = ? {_NEWEST_FIRST} LIMIT 6",
            (len(typed), typed),
        ).fetchall()
    if not rows:
        raise StoreError(f"no session {typed!r} in {path}; `opsconsole sessions` lists them")
    if len(rows) > 1:
        shown = ", ".join(str(r[0]) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
        raise StoreError(f"{typed!r} matches several sessions ({shown}); type more of the id")
    return str(rows[0][0])


def latest_session(db: sqlite_utils.Database) -> str:
    with store_errors(_db_path(db)):
        row = db.execute(f"SELECT id FROM sessions {_NEWEST_FIRST} LIMIT 1").fetchone()
    if row is None:
        raise StoreError(f"no sessions recorded in {_db_path(db)} yet")
    return str(row[0])


def _db_path(db: sqlite_utils.Database) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else Path("<memory>")


DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def _looks_like_path(text: str) -> bool:
    return (
        os.sep in text
        or text.startswith(".")
        or text.endswith(DB_SUFFIXES)
        or Path(text).expanduser().exists()
    )


def resolve(
    spec: str | None = None, *, latest: bool = False, store: Path | str | None = None
) -> Target:
    """What the user typed -> (db_path, session_id); StoreError with one line otherwise.

    - ``None`` or ``--latest``: the newest session in the store (``store`` or the default);
    - ``FILE.db``: its newest session; ``FILE.db#ID``: that session (id or unique prefix);
    - anything else: an id or a unique id prefix in the store.
    """
    store_path = Path(store).expanduser() if store is not None else default_db_path()
    if spec is None or spec == "":
        if not latest and spec == "":
            raise StoreError("no session given; pass an id, --latest or a session file")
        return _resolve_in(store_path, None)
    file_part, hash_sign, fragment = spec.partition("#")
    if hash_sign and _looks_like_path(file_part):
        return _resolve_in(Path(file_part).expanduser(), fragment or None)
    if _looks_like_path(spec):
        path = Path(spec).expanduser()
        if not path.exists():
            raise StoreError(f"no session database at {path}")
        return _resolve_in(path, None)
    if latest:
        raise StoreError("give either a session id or --latest, not both")
    return _resolve_in(store_path, spec)


def resolve_input(
    spec: str | None,
    *,
    latest: bool = False,
    db_path: Path | str | None = None,
    workdir: Path | None = None,
) -> tuple[Path, str]:
    """Like ``resolve``, and a log file (anything not SQLite) is imported on the fly.

    The import goes through the same parser, pipeline and analysers as ``opsconsole import``
    into a private temporary store (removed at exit, or under ``workdir`` if given), so the
    user's store and the log file are both left untouched.
    """
    if spec:
        path = Path(spec.partition("#")[0] if "#" in spec else spec).expanduser()
        # A file named like a database that isn't one is a damaged store, not a log.
        if (
            path.is_file()
            and not is_sqlite_file(path)
            and path.stat().st_size > 0
            and not path.name.endswith(DB_SUFFIXES)
        ):
            return _import_log(path, workdir)
    target = resolve(spec, latest=latest, store=db_path)
    return target.db_path, target.session_id


def _import_log(path: Path, workdir: Path | None) -> tuple[Path, str]:
    # Imported lazily: parsing and analysis are only needed for this path.
    import atexit
    import shutil
    import tempfile

    from console.analysis import default_analyzers
    from console.ingest import IngestError, import_files

    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix="opsconsole-import-"))
        atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    db = workdir / "imported.db"
    try:
        result = import_files([path], db, analyzers=default_analyzers())
    except IngestError as exc:
        raise StoreError(str(exc)) from None
    return db, result.session_id


def _resolve_in(path: Path, typed: str | None) -> Target:
    if not path.exists():
        raise StoreError(f"no session database at {path}; record a session first")
    db = open_store(path)
    try:
        sid = latest_session(db) if typed is None else find_session(db, typed)
    finally:
        db.conn.close()
    return Target(db_path=path, session_id=sid)


def interrupted_text(info: dict[str, Any]) -> str:
    """``after 12,345 lines, 1,048,576 of 9,437,184 bytes (SIGTERM)``: how far an
    interrupted import got."""
    lines, done, total = info.get("lines_read"), info.get("bytes_read"), info.get("bytes_total")
    text = f"after {lines or 0:,} lines, {done or 0:,}"
    text += f" of {total:,} bytes" if isinstance(total, int) else " bytes"
    cause = info.get("cause")
    return text + (f" ({cause})" if cause else "")


def abandoned(info: dict[str, Any] | None) -> bool:
    """An import the row says is running, whose writer process (on this host) is gone: both
    processes were killed before either could say so."""
    if not info or info.get("state") != "running" or not isinstance(info.get("writer_pid"), int):
        return False
    if info.get("host") != socket.gethostname():
        return False  # another machine's import: nothing to tell from here
    try:
        os.kill(info["writer_pid"], 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # someone else's process by that number: alive
    return False


def outcome_text(s: SessionSummary) -> str:
    info = s.import_info
    if info is not None and (s.outcome == "interrupted" or abandoned(info)):
        return f"interrupted {interrupted_text(info)}"
    if s.outcome == "failed" and s.failure:
        return f"failed: {s.failure}"
    if s.outcome == "in_progress" and info is not None and info.get("state") == "complete":
        return "ended"  # imported before imports were marked ended
    return s.outcome or "-"


def format_sessions(sessions: list[SessionSummary], now: float | None = None) -> str:
    """The plain-text table ``opsconsole sessions`` prints, most recently recorded first;
    RECORDED is when this machine recorded or imported it, STARTED the agent's own time."""
    import time

    from console.textsafe import printable
    from console.timefmt import ago, duration, iso

    now = time.time() if now is None else now
    header = ("ID", "RECORDED", "NAME", "SERVICE", "STARTED", "DURATION", "OUTCOME", "EVENTS")
    rows = [header]
    for s in sessions:
        # Names, services and versions come from logs and agents: shown literally.
        rows.append(
            (
                printable(s.id, 40),
                ago(None if s.created_at is None else now - s.created_at),
                printable(s.name or "", 60),
                printable(" ".join(x for x in (s.service, s.version) if x) or "-", 60),
                iso(s.started_at) or "-",
                duration(s.duration) or "-",
                printable(outcome_text(s), 100),
                str(s.events),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)
