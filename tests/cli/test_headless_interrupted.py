"""Issue 19: a headless `watch` or `demo` stopped by a signal exits non-zero (128 + signal, as
a shell reports it), says so, and has saved its session; before, it exited 0, and a script
took an interrupted rollout for a finished one."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.cli import ROOT, cli_env

WAIT = 60.0


def _committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return 0


def _interrupt(args: list[str], db: Path, home: Path, signum: int) -> tuple[int, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", *args, "--headless", "--db", str(db)],
        cwd=ROOT,
        env=cli_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT
        while _committed(db) < 3:
            if proc.poll() is not None:
                pytest.fail(f"{args[0]} ended before the signal: {proc.communicate()[1]}")
            assert time.monotonic() < deadline, "nothing was recorded in time"
            time.sleep(0.05)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    return proc.returncode, err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_watch_interrupted_exits_non_zero(tmp_path: Path, signum: int) -> None:
    log = tmp_path / "agent.log"
    log.write_text("".join(f"[09:30:{i:02d}] [INFO] step {i}\n" for i in range(20)))
    db = tmp_path / "watch.db"
    code, err = _interrupt(["watch", "--log", str(log)], db, tmp_path, signum)
    assert code == 128 + signum, err
    assert f"interrupted by {signal.Signals(signum).name}: session saved" in err
    assert "Traceback" not in err
    with sqlite3.connect(db) as conn:
        ended, events = conn.execute("SELECT ended_at, events FROM sessions").fetchone()
    assert ended is not None and events >= 20


def test_demo_interrupted_exits_non_zero(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    code, err = _interrupt(["demo", "--speed", "20"], db, tmp_path, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM, err
    assert "interrupted by SIGTERM" in err and "Traceback" not in err
