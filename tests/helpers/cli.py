"""Driving the real `opsconsole` command in a subprocess.

Every run gets its own config dir, XDG dirs and database under tmp_path, so nothing touches
the user's files, and no OPSCONSOLE_* variable of the caller leaks in.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the repository
FIXTURE_LOGS = ROOT / "tests" / "fixtures" / "logs"
RUN_TIMEOUT = 20.0  # seconds any one command may take


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSCONSOLE_")}
    env.update(
        PYTHONPATH=str(ROOT),
        NO_COLOR="1",
        OPSCONSOLE_CONFIG_DIR=str(home / "config"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_STATE_HOME=str(home / "xdg-state"),
        XDG_DATA_HOME=str(home / "xdg-data"),
    )
    env.update(extra)
    return env


def opsconsole(
    home: Path,
    *args: str,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = RUN_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m console ARGS`` to its end; stdout and stderr as text."""
    proc = subprocess.run(
        [sys.executable, "-m", "console", *args],
        cwd=ROOT,
        input=input,
        stdin=None if input is not None else subprocess.DEVNULL,
        capture_output=True,
        env=env or cli_env(home),
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


class Background:
    """``python -m console ARGS`` left running; ``stop()`` sends SIGTERM and collects it."""

    def __init__(self, home: Path, args: Sequence[str], env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "console", *args],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env or cli_env(home),
        )
        self.stdout = ""
        self.stderr = ""

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = RUN_TIMEOUT) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate(timeout=10)
            raise AssertionError(f"did not stop within {timeout}s of SIGTERM: {err}") from None
        self.stdout += out
        self.stderr += err
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate(timeout=10)

    def wait_for(self, what: str, pred: Callable[[], Any], timeout: float = RUN_TIMEOUT) -> Any:
        """Poll ``pred`` until it returns something truthy; fail if the command ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = pred()
            if got:
                return got
            if not self.running:
                out, err = self.proc.communicate()
                self.stdout += out
                self.stderr += err
                raise AssertionError(f"ended (exit {self.proc.returncode}) before {what}: {err}")
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def background(tmp_path: Path) -> Iterator[Callable[..., Background]]:
    started: list[Background] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Background:
        bg = Background(tmp_path, args, env)
        started.append(bg)
        return bg

    yield start
    for bg in started:
        bg.kill()


def query(db: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows from a store another process may be writing (read-only; [] if not there yet)."""
    if not db.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return list(conn.execute(sql, tuple(params)))
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return []  # the schema is not created yet


def closed_cleanly(db: Path) -> None:
    """The store of a session that ended: intact, counters right, no WAL left behind."""
    # The recorder's close checkpoints and removes the WAL (look before we open it ourselves).
    wal = Path(f"{db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the store was not closed"
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for sid, events, ended in conn.execute("SELECT id, events, ended_at FROM sessions"):
            count = conn.execute(
                "SELECT count(*) FROM events "
                "WHERE session_key = (SELECT key FROM sessions WHERE id = ?)",
                (sid,),
            )
            assert events == count.fetchone()[0], sid
            assert ended is not None, sid
    finally:
        conn.close()


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got: {text!r}"
    assert "Traceback" not in text
    return lines[0]


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "console", *args],
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C reaches the command as at a terminal: a suite started in the background by a
        # shell (`make test &`) ignores SIGINT, and an ignored signal stays ignored in children.
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run(home: Path, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "console", *args],
        env=cli_env(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
