"""The real console on a real terminal that hangs up with no SIGHUP for it.

An SSH link dropping hangs the terminal up; the kernel tells the session's leader alone. Under
a leader that lives on (``make demo``, a wrapper script), the console must still notice, save
its session and end, not spin a core on a dead terminal for ever (as it did: Textual's input
thread reads end-of-file in a loop, and any exit then blocks on its dead output thread).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import termios
import time
from pathlib import Path

from tests.cli.test_signals import ROOT, cli_env, committed


def _own_terminal() -> None:  # the shell leads a session whose terminal is the pty
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_a_terminal_hung_up_under_a_wrapper_ends_the_console_and_keeps_its_session(
    tmp_path: Path,
) -> None:
    db = tmp_path / "demo.db"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, b"\x28\x00\x78\x00\x00\x00\x00\x00")  # 40x120
    # The wrapper: a shell that ignores the hang-up and outlives the console (the `:` after
    # it keeps it from exec'ing the console in its own place), as make does.
    script = 'trap "" HUP; "$0" -m console demo --speed 50 --db "$1" --name hangup; :'
    proc = subprocess.Popen(
        ["/bin/sh", "-c", script, sys.executable, str(db)],
        cwd=ROOT,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**cli_env(tmp_path), "TERM": "xterm-256color"},
        preexec_fn=_own_terminal,
    )
    os.close(slave)
    os.set_blocking(master, False)
    try:
        deadline = time.monotonic() + 60
        while committed(db) < 20:  # drawing and recording: the console is up
            assert proc.poll() is None, "the console ended before the hang-up"
            assert time.monotonic() < deadline, "the demo recorded nothing in time"
            with contextlib.suppress(OSError):  # (nothing drawn since: BlockingIOError)
                os.read(master, 65536)  # what it draws, read so it never blocks writing
            time.sleep(0.05)
        os.close(master)  # the terminal hangs up
        master = -1
        proc.wait(timeout=20)  # the wrapper ends once the console has
    finally:
        if master >= 0:
            os.close(master)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    name, ended, events = conn.execute("SELECT name, ended_at, events FROM sessions").fetchone()
    count = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.close()
    assert name == "hangup" and ended is not None and events == count >= 20
