"""Listing sessions and resolving what the user typed; bad files give one clear line and are
left exactly as they were."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from console import events as ev
from console.store.catalog import (
    Target,
    format_sessions,
    is_sqlite_file,
    list_sessions,
    open_store,
    resolve,
    resolve_input,
)
from console.store.replay import ReplayCursor
from console.store.schema import StoreError
from tests.helpers.store import record_session

T0 = 1_741_096_800.0  # 2025-03-04 14:00:00 UTC


def _session(path: Path, service: str, start: float, *, outcome: str | None = None) -> str:
    sid = f"{service}-{int(start)}"
    events: list[ev.Event] = [
        ev.SessionInfo(ts=start, service=service, version="v1.2.0", name=f"{service} rollout"),
        ev.LogLine(ts=start + 5, level="INFO", message="shifting traffic"),
        ev.StageStarted(ts=start + 30, traffic_pct=10.0),
    ]
    if outcome:
        events.append(ev.Outcome(ts=start + 90, status=outcome))
    return record_session(path, events, session_id=sid).session_id


def _fingerprint(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


@pytest.fixture
def store(db_path: Path) -> tuple[Path, str, str]:
    old = _session(db_path, "billing", T0, outcome="succeeded")
    new = _session(db_path, "search", T0 + 3600)
    return db_path, old, new


def test_list_sessions_newest_first(store: tuple[Path, str, str]) -> None:
    path, old, new = store
    rows = list_sessions(path)
    assert [r.id for r in rows] == [new, old]
    billing = rows[1]
    assert (billing.name, billing.service, billing.version) == (
        "billing rollout",
        "billing",
        "v1.2.0",
    )
    assert billing.started_at == T0 and billing.duration == 90.0
    assert billing.outcome == "succeeded" and billing.events == 4
    assert rows[0].outcome == "in_progress"
    recorded = rows[0].created_at
    assert recorded is not None
    table = format_sessions(rows, now=recorded + 180)
    assert table.splitlines()[0].split() == [
        "ID", "RECORDED", "NAME", "SERVICE", "STARTED", "DURATION", "OUTCOME", "EVENTS",
    ]  # fmt: skip
    assert "3 min ago" in table.splitlines()[1]
    assert old in table and "2025-03-04T14:00:00Z" in table and "1m 30s" in table
    assert list_sessions(path, limit=1)[0].id == new


def test_resolve_ids_prefixes_latest_and_files(store: tuple[Path, str, str]) -> None:
    path, old, new = store
    assert (old, new) == (f"billing-{int(T0)}", f"search-{int(T0) + 3600}")
    assert resolve(old, store=path) == Target(path, old)
    assert resolve("sea", store=path) == Target(path, new)  # a unique prefix
    assert resolve(None, latest=True, store=path) == Target(path, new)
    assert resolve(str(path)) == Target(path, new)  # a file: its newest session
    assert resolve(f"{path}#{old}") == Target(path, old)
    assert resolve(f"{path}#bil") == Target(path, old)
    assert resolve(str(path), latest=True) == Target(path, new)


def test_resolve_errors_are_one_line(store: tuple[Path, str, str], tmp_path: Path) -> None:
    path, old, _new = store
    cases = [
        (lambda: resolve("zzz-nope", store=path), "no session 'zzz-nope'"),
        (lambda: resolve(f"{path}#zzz", store=path), "no session 'zzz'"),
        (lambda: resolve(str(tmp_path / "missing.db")), "no session database at"),
        (lambda: resolve("x", store=tmp_path / "none.db"), "no session database at"),
        (lambda: resolve(old, latest=True, store=path), "not both"),
    ]
    for call, message in cases:
        with pytest.raises(StoreError, match=message) as info:
            call()
        assert "\n" not in str(info.value)
    assert not (tmp_path / "missing.db").exists()  # reading never creates a file
    assert not (tmp_path / "none.db").exists()


def test_ambiguous_prefix(db_path: Path) -> None:
    a = record_session(db_path, [ev.LogLine(ts=T0, level="INFO", message="a")])
    # A second session whose id shares a prefix with the first, written by hand.
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO sessions(id, name, started_at, events) VALUES (?, 'b', ?, 0)",
            (a.session_id + "-b", T0 + 1),
        )
    conn.close()
    with pytest.raises(StoreError, match="matches several sessions"):
        resolve(a.session_id[:5], store=db_path)
    assert resolve(a.session_id, store=db_path).session_id == a.session_id  # exact wins


def test_empty_store_has_no_latest(db_path: Path) -> None:
    from console.store.schema import connect

    connect(db_path).conn.close()
    with pytest.raises(StoreError, match="no sessions recorded"):
        resolve(None, latest=True, store=db_path)
    assert list_sessions(db_path) == []


def _bad(tmp_path: Path, name: str, good: Path) -> Path:
    data = good.read_bytes()
    path = tmp_path / name
    if name == "text.db":
        path.write_text("[09:30:00] [INFO] this is a log file, not a database\n")
    elif name == "empty.db":
        path.write_bytes(b"")
    elif name == "truncated.db":
        path.write_bytes(data[: len(data) // 2])
    elif name == "header-only.db":
        path.write_bytes(data[:60])
    elif name == "corrupt.db":
        page = int.from_bytes(data[16:18], "big")
        path.write_bytes(data[:page] + b"\xa5" * (len(data) - page))
    elif name == "newer.db":
        path.write_bytes(data)
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA user_version = 99")
        conn.close()
    elif name == "foreign.db":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE fruit(name TEXT)")
        conn.close()
    return path


BAD = {
    "text.db": "not SQLite",
    "empty.db": "not a session store",
    "truncated.db": "truncated",
    "header-only.db": "truncated",
    "corrupt.db": "damaged",
    "newer.db": "newer opsconsole",
    "foreign.db": "not a session store",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_one_line_and_untouched(
    name: str, store: tuple[Path, str, str], tmp_path: Path
) -> None:
    good, old, _new = store
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    path = _bad(bad_dir, name, good)
    before = _fingerprint(path)
    attempts = [
        lambda: resolve(str(path)),
        lambda: resolve(f"{path}#{old}"),
        lambda: list_sessions(path),
        lambda: ReplayCursor(path, old).state_at(10),
        lambda: resolve(old, store=path),
    ]
    for attempt in attempts:
        with pytest.raises(StoreError, match=BAD[name]) as info:
            attempt()
        assert "\n" not in str(info.value)
        assert str(path) in str(info.value)
    assert _fingerprint(path) == before


def test_reading_a_good_store_leaves_it_untouched(store: tuple[Path, str, str]) -> None:
    path, old, _new = store
    before = _fingerprint(path)  # bytes, mtime and no -wal/-shm litter beside it
    list_sessions(path)
    resolve(str(path))
    with ReplayCursor(path, old) as cursor:
        cursor.state_at(cursor.total)
    open_store(path).conn.close()
    assert _fingerprint(path) == before


def test_default_store_is_read_with_locking(
    store: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default store may gain a live writer any moment: no immutable shortcut there."""
    path, old, _new = store
    monkeypatch.setenv("OPSCONSOLE_DB", str(path))
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert resolve(old).session_id == old
    db = open_store(path)
    assert "immutable" not in db.execute("PRAGMA database_list").fetchone()[2]
    db.conn.close()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_is_sqlite_file(store: tuple[Path, str, str], tmp_path: Path) -> None:
    log = tmp_path / "agent.log"
    log.write_text("[09:30:00] [INFO] starting\n")
    assert is_sqlite_file(store[0]) and not is_sqlite_file(log)
    assert not is_sqlite_file(tmp_path / "missing.db") and not is_sqlite_file(tmp_path)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        open_store(tmp_path)


def test_resolve_input_imports_a_log_file_on_the_fly(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    log = tmp_path / "logs" / "agent.log"
    log.write_text(
        "Session ID: rollout-7\n"
        "Agent: RolloutBot 1.4\n"
        "Start Time: 2025-03-04 14:00:00 UTC\n"
        "=====\n"
        "[14:00:00] [INFO] Task: Deploy ledger-api v9.1.0 to production\n"
        "[14:01:00] [TOOL] Executing: traffic_shift(percentage=10)\n"
        "[14:02:00] [OBSERVATION] Metrics after 1 minute at 10%:\n"
        "  - Average latency: 101ms\n"
        "  - Error rate: 0.1%\n"
    )
    before = _fingerprint(log)
    work = tmp_path / "work"
    work.mkdir()
    db, sid = resolve_input(str(log), workdir=work)
    assert db.parent == work and sid
    assert list_sessions(db)[0].id == sid
    with ReplayCursor(db, sid) as cursor:
        state = cursor.state_at(cursor.total)
    assert state.stages and state.stages[0]["traffic_pct"] == 10.0
    assert _fingerprint(log) == before


def test_resolve_input_passes_stores_through(store: tuple[Path, str, str], tmp_path: Path) -> None:
    path, old, new = store
    fake = tmp_path / "fake.db"
    fake.write_text("not a database\n")
    with pytest.raises(StoreError, match="not SQLite"):
        resolve_input(str(fake))  # named like a store: an error, not a log to import
    assert resolve_input(old, db_path=path) == (path, old)
    assert resolve_input(None, latest=True, db_path=path) == (path, new)
    assert resolve_input(str(path)) == (path, new)
