"""Issue #8: bytes the console writes to its terminal per second, during the demo at 120x40.

The real `opsconsole demo` runs under a pseudo-terminal (TERM=xterm-256color, 120x40); every
byte it writes is counted for a fixed stretch of the rollout, then it is asked to quit.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

DURATION = 40.0  # seconds of the demo measured (after start-up)
COLS, ROWS = 120, 40


def measure(extra: list[str] | None = None, duration: float = DURATION) -> dict[str, float]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    env.pop("NO_COLOR", None)
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [sys.executable, "-m", "console", "demo", "--scenario", "missing-index", "--auto",
             "--db", f"{tmp}/bench.db", *(extra or [])],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
            start_new_session=True,
        )
        os.close(slave)
        total = startup = 0
        t0 = time.monotonic()
        measuring_from: float | None = None
        try:
            while True:
                now = time.monotonic()
                if measuring_from is None and now - t0 > 3.0:  # let it paint the first frame
                    measuring_from, startup = now, total
                if measuring_from is not None and now - measuring_from >= duration:
                    break
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        total += len(os.read(master, 65536))
                    except OSError:
                        break
        finally:
            os.write(master, b"q")
            deadline = time.monotonic() + 5
            while proc.poll() is None and time.monotonic() < deadline:
                if select.select([master], [], [], 0.1)[0]:
                    try:
                        os.read(master, 65536)
                    except OSError:
                        break
            if proc.poll() is None:
                proc.kill()
            os.close(master)
    measured = total - startup
    seconds = time.monotonic() - (measuring_from or t0)
    return {"bytes": measured, "seconds": round(seconds, 1), "startup_bytes": startup,
            "bytes_per_s": round(measured / max(seconds, 1e-9))}


def run() -> dict[str, object]:
    normal = measure()
    low = measure(["--low-bandwidth"], duration=20.0)
    return {
        "tty 120x40: bytes/s (target ≤ 20480)": normal["bytes_per_s"],
        "tty 120x40: first frame bytes": normal["startup_bytes"],
        "tty 120x40 --low-bandwidth: bytes/s": low["bytes_per_s"],
        "measured seconds": normal["seconds"],
    }


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k:<40} {v}")
