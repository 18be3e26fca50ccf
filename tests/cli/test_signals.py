"""The real `opsconsole` headless: SIGTERM/SIGHUP flush and close; no secret is stored.

Two ways in: `watch --log FILE` (a log holding secrets) and `demo` (the simulated agent over
its HTTP protocol), each stopped by a signal while it records.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Sigpw7zqx60"
LINES = 2000


def agent_log() -> str:
    head = (
        "Agent Runtime Log - signal test\n" + "=" * 80 + "\n"
        "Session ID: deploy-agent-signal-test\n"
        "Start Time: 2024-11-21 09:30:00 UTC\n\n"
    )
    body = "".join(
        f"[09:{30 + i // 3600:02d}:{i % 60:02d}] [INFO] step {i} marker{i:05d}"
        + (f" connecting postgres://app:{SECRET}@db:5432/x" if i % 100 == 0 else "")
        + "\n"
        for i in range(LINES)
    )
    return head + body


def committed(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_watch_headless_closes_cleanly_on_signal(tmp_path: Path, signum: int) -> None:
    log = tmp_path / "agent.log"
    log.write_text(agent_log())
    db = tmp_path / "watch.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "watch", "--headless", "--log", str(log),
         "--db", str(db), "--name", "signal-test"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path),  # its config, crash log and default store stay in tmp_path
        start_new_session=True,  # a SIGHUP for it alone, as when its SSH session drops
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while committed(db) < LINES:
            if proc.poll() is not None:
                err = proc.communicate()[1]
                pytest.fail(f"watch ended early: {err}")
            assert time.monotonic() < deadline, "the log was not recorded in time"
            time.sleep(0.05)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {err}"
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    name, ended, events = conn.execute("SELECT name, ended_at, events FROM sessions").fetchone()
    count = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    blob = "\n".join(f"{d}\n{t}" for d, t in conn.execute("SELECT data, text FROM events"))
    conn.close()
    assert name == "signal-test" and ended is not None and events == count
    assert all(f"marker{i:05d}" in blob for i in (0, 1, LINES // 2, LINES - 1))
    raw = b"".join(
        Path(str(db) + s).read_bytes() for s in ("", "-wal") if Path(str(db) + s).exists()
    )
    assert SECRET.encode() not in raw and SECRET.lower().encode() not in raw.lower()


def cli_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_demo_headless_closes_cleanly_on_signal(tmp_path: Path, signum: int) -> None:
    db = tmp_path / "demo.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "demo", "--headless", "--speed", "50",
         "--db", str(db), "--name", "demo-signal"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(tmp_path),
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while committed(db) < 50:
            if proc.poll() is not None:
                pytest.fail(f"demo ended early: {proc.communicate()[1]}")
            assert time.monotonic() < deadline, "the demo recorded nothing in time"
            time.sleep(0.05)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}: {err}"
    assert "Traceback" not in err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ended, events = conn.execute("SELECT ended_at, events FROM sessions").fetchone()
    seqs = [r[0] for r in conn.execute("SELECT seq FROM events ORDER BY seq")]
    conn.close()
    assert ended is not None
    assert events == len(seqs) and seqs == list(range(1, len(seqs) + 1))
