"""Killed, terminated, hung up or sharing the file: the session store stays whole."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(db: Path, *args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.record_worker", str(db), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    # A watchdog, so a worker that stops reporting fails the test instead of hanging it.
    timer = threading.Timer(120, proc.kill)
    timer.daemon = True
    timer.start()
    return proc


def check_store(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


def seqs_of(conn: sqlite3.Connection, session: str | None = None) -> list[int]:
    if session is None:
        rows = conn.execute("SELECT seq FROM events ORDER BY seq").fetchall()
    else:
        rows = conn.execute(
            "SELECT seq FROM events "
            "WHERE session_key = (SELECT key FROM sessions WHERE id = ?) ORDER BY seq",
            (session,),
        ).fetchall()
    return [r[0] for r in rows]


def test_sigkill_while_recording_keeps_every_committed_event(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    proc = start(db, "flood")
    assert proc.stdout is not None
    committed = 0
    reports = 0
    try:
        for line in proc.stdout:
            if line.startswith("committed "):
                committed = int(line.split()[1])
                reports += 1
                # several batches in, and well into the flood
                if reports >= 5 and committed >= 5000:
                    break
        else:
            pytest.fail(f"worker ended early: {proc.stderr.read() if proc.stderr else ''}")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    conn = check_store(db)
    seqs = seqs_of(conn)
    assert len(seqs) >= committed
    assert seqs == list(range(1, len(seqs) + 1))  # no gap: batches commit whole, in order
    # The log index was written with its events, in the same transactions.
    fts = conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'observation'")
    assert (
        fts.fetchone()[0]
        == conn.execute("SELECT count(*) FROM events WHERE kind = 'log'").fetchone()[0]
    )
    conn.close()


def test_sigkill_observed_from_outside(tmp_path: Path) -> None:
    """No flush forced by the worker: what a reader saw committed survives the kill."""
    db = tmp_path / "kill2.db"
    proc = start(db, "count", "100000000")
    seen = 0
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        while seen < 3000:
            if proc.poll() is not None:
                pytest.fail(f"worker ended: {proc.stderr.read() if proc.stderr else ''}")
            try:
                reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
                seen = reader.execute("SELECT coalesce(max(seq), 0) FROM events").fetchone()[0]
                reader.close()
            except sqlite3.OperationalError:
                pass  # the schema may not exist yet
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(10)
    conn = check_store(db)
    seqs = seqs_of(conn)
    assert len(seqs) >= seen
    assert seqs == list(range(1, len(seqs) + 1))
    conn.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_flush_and_close(tmp_path: Path, signum: int) -> None:
    db = tmp_path / "term.db"
    proc = start(db, "signals")
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("fed ") and int(line.split()[1]) >= 3000:
            break
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    closed = [line for line in out.splitlines() if line.startswith("closed ")]
    assert closed, out
    total = int(closed[-1].split()[1])
    conn = check_store(db)
    # Every event fed, not only the last committed batch, and the session row is finished.
    assert seqs_of(conn) == list(range(1, total + 1))
    events, ended = conn.execute("SELECT events, ended_at FROM sessions").fetchone()
    assert events == total and ended is not None
    conn.close()
    assert not Path(str(db) + "-wal").exists() or Path(str(db) + "-wal").stat().st_size == 0


def test_two_processes_record_to_one_database(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    # Create the store first so both workers open an existing file.
    seed = start(db, "count", "1")
    assert seed.wait(30) == 0
    n = 20_000
    procs = [start(db, "count", str(n)) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, (out, err)
        assert f"closed {n}" in out
    conn = check_store(db)
    sessions = conn.execute(
        "SELECT id, events FROM sessions WHERE name = 'worker-count' ORDER BY created_at"
    ).fetchall()
    assert len(sessions) == 3
    for sid, events in sessions[1:]:
        assert events == n
        assert seqs_of(conn, sid) == list(range(1, n + 1))
    # The two sessions' log text is indexed, each row once.
    logs = conn.execute("SELECT count(*) FROM events WHERE kind = 'log'").fetchone()[0]
    fts = conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'observation'")
    assert fts.fetchone()[0] == logs
    conn.close()
