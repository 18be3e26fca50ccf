"""Time to the first full frame of a terminal program, from its start, under a pseudo-terminal.

The program runs at 120x40 (TERM=xterm-256color); the first frame is drawn when it has
written a screenful (at least MIN_BYTES) and then gone quiet for QUIET_S: the figure is the
time of the last byte before that quiet. It is the same rule for ``opsconsole replay`` and
for lnav, so the two figures compare. The program is then asked to quit (``q``) and, if it
does not, its process group is killed.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from pathlib import Path

from bench.bench_tty import quit_console

COLS, ROWS = 120, 40
MIN_BYTES = 2000  # a 120x40 screen with any content is more than this
QUIET_S = 0.3
CAP_S = 30.0


def first_frame(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float | None:
    """Seconds from start to the first frame, or None if none came within CAP_S."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(env, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True,
        start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    written = 0
    last_byte: float | None = None
    try:
        while time.monotonic() - t0 < CAP_S:
            ready, _, _ = select.select([master], [], [], 0.05)
            now = time.monotonic()
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    return None  # it exited
                if not data:
                    return None
                written += len(data)
                last_byte = now
            elif written >= MIN_BYTES and last_byte is not None and now - last_byte >= QUIET_S:
                return last_byte - t0
            if proc.poll() is not None and not ready:
                return None
        return None
    finally:
        quit_console(proc, master, wait_s=5)
