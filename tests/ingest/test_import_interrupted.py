"""Kill tests of `opsconsole import`: a real subprocess reading a pipe, real signals.

The log arrives through a FIFO, so the import is certainly mid-way (blocked on the next
read) when the signal comes, whatever the machine's speed. Whatever stops it, the session
is marked ``interrupted`` and says how far it got, in ``sessions`` and in the export.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers.cli import run, start

LINES = 12_000  # more than one of the import's batches (5,000 events)


def _state(pid: int) -> str:
    """What a process that did not stop is doing: its signal masks and each thread's state
    and wait channel (/proc), so a hang says where it hangs."""
    parts = []
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        parts += [line for line in status if line.startswith(("State", "Sig", "Shd"))]
        for task in sorted(Path(f"/proc/{pid}/task").iterdir()):
            comm = (task / "comm").read_text().strip()
            wchan = (task / "wchan").read_text().strip()
            state = (task / "stat").read_text().split(") ", 1)[1][:1]
            parts.append(f"thread {task.name} {comm} {state} {wchan}")
    except OSError as exc:
        parts.append(f"({exc})")
    return "; ".join(parts)


def _log(n: int) -> bytes:
    return "".join(
        f"[09:{31 + i // 3600 % 20:02d}:{i // 60 % 60:02d}] [INFO] Processed request {i} in 12ms\n"
        for i in range(n)
    ).encode()


def _session(db: Path) -> tuple[str, str, dict[str, object]] | None:
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT id, outcome, meta FROM sessions").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    return row[0], row[1], json.loads(row[2]) if row[2] else {}


def _wait(db: Path, ok: object, what: str) -> tuple[str, str, dict[str, object]]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        got = _session(db)
        if got is not None and ok(got):  # type: ignore[operator]
            return got
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}: {_session(db)}")


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM", "SIGHUP", "SIGINT"])
def test_interrupted_import_is_marked_with_how_far_it_got(tmp_path: Path, sig: str) -> None:
    fifo = tmp_path / "agent.log"
    os.mkfifo(fifo)
    db = tmp_path / "sessions.db"
    proc = start(tmp_path, "import", str(fifo), "--db", str(db))
    data = _log(LINES)
    writer = os.open(fifo, os.O_WRONLY)  # blocks until the import opens its end
    try:
        os.write(writer, data)
        # The first batches are committed, with how far the import had read.
        _wait(
            db,
            lambda s: s[2].get("import", {}).get("lines_read", 0) >= 5_000,
            "the first batch",
        )
        proc.send_signal(getattr(signal, sig))
        try:
            _out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"still running 60 s after {sig}: {_state(proc.pid)}") from None
    finally:
        os.close(writer)
    sid, _outcome, meta = _wait(db, lambda s: s[1] == "interrupted", "the interrupted mark")
    info = meta["import"]
    assert isinstance(info, dict)
    assert info["state"] == "interrupted"
    assert 5_000 <= info["lines_read"] <= LINES
    assert 0 < info["bytes_read"] <= len(data)
    assert info["bytes_total"] is None  # a pipe has no size
    if sig == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
        assert info["cause"] == "the importing process stopped"
    else:
        assert proc.returncode == 128 + getattr(signal, sig)
        assert info["cause"] == sig
        assert "Traceback" not in err
        assert err.startswith("opsconsole: import interrupted") and sid in err
        assert len(err.strip().splitlines()) == 1

    listed = run(tmp_path, "sessions", "--db", str(db))
    assert listed.returncode == 0
    assert f"interrupted after {info['lines_read']:,} lines" in listed.stdout

    exported = run(tmp_path, "export", sid, "--db", str(db), "--format", "json")
    assert exported.returncode == 0, exported.stderr
    report = json.loads(exported.stdout)
    assert report["outcome"] == "interrupted"
    assert report["session"]["import"]["state"] == "interrupted"
    assert report["session"]["import"]["lines_read"] == info["lines_read"]
    md = run(tmp_path, "export", sid, "--db", str(db)).stdout
    assert "INTERRUPTED after" in md


def test_a_whole_import_says_complete(tmp_path: Path) -> None:
    log = tmp_path / "agent.log"
    data = _log(7_000)
    log.write_bytes(data)
    db = tmp_path / "sessions.db"
    r = run(tmp_path, "import", str(log), "--db", str(db))
    assert r.returncode == 0, r.stderr
    _sid, outcome, meta = _session(db) or ("", "", {})
    assert outcome != "interrupted"
    assert meta["import"] == {
        "state": "complete",
        "lines_read": 7_000,
        "bytes_read": len(data),
        "bytes_total": len(data),
    }
    assert "interrupted" not in run(tmp_path, "sessions", "--db", str(db)).stdout


def test_both_processes_killed_still_reads_as_interrupted(tmp_path: Path) -> None:
    fifo = tmp_path / "agent.log"
    os.mkfifo(fifo)
    db = tmp_path / "sessions.db"
    proc = start(tmp_path, "import", str(fifo), "--db", str(db))
    writer = os.open(fifo, os.O_WRONLY)
    try:
        os.write(writer, _log(LINES))
        _sid, _outcome, meta = _wait(
            db,
            lambda s: s[2].get("import", {}).get("lines_read", 0) >= 5_000,
            "the first batch",
        )
        info = meta["import"]
        assert isinstance(info, dict)
        # The writer first, so nobody is left to mark the session: the row says "running".
        os.kill(info["writer_pid"], signal.SIGKILL)
        proc.kill()
        proc.communicate(timeout=60)
    finally:
        os.close(writer)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the writer's pid is gone once its parent reaped it
        try:
            os.kill(info["writer_pid"], 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    got = _session(db)
    assert got is not None and got[1] == "in_progress"
    listed = run(tmp_path, "sessions", "--db", str(db))
    assert "interrupted after" in listed.stdout
    exported = run(tmp_path, "export", got[0], "--db", str(db), "--format", "json")
    report = json.loads(exported.stdout)
    assert report["outcome"] == "interrupted"
    assert report["session"]["import"]["state"] == "interrupted"
    assert "writer_pid" not in report["session"]["import"]
