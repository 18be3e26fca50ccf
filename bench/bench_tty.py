"""Issue #8: bytes the console writes to its terminal per second, during the demo at 120x40.

The real `opsconsole demo` (the `make demo` scenario and speed) runs under a pseudo-terminal
(TERM=xterm-256color, 120x40) and every byte it writes is counted, from the end of its first
frame until the rollout's outcome is recorded (or a cap), then it is asked to quit. The default
refresh and --low-bandwidth run side by side (each its own demo, simulator and pty).

Bytes are also attributed to where they were drawn (Textual moves the cursor with CSI row;col H
before each run of cells), so a figure over target says which part of the screen repaints.

    python -m bench.bench_tty               both modes, the whole demo
    python -m bench.bench_tty --breakdown   and the bytes per screen row and area
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

COLS, ROWS = 120, 40
SCENARIO, SPEED = "missing-index", "12"  # what `make demo` runs
FIRST_FRAME_S = 3.0  # start-up and the first full frame are reported apart
CAP_S = 240.0  # the demo takes about two minutes at speed 12; never run away
AFTER_OUTCOME_S = 2.0  # the outcome's own repaint is part of the demo
PANELS_WIDTH = 44  # ConsoleScreen #panels at 100..179 columns
TARGET = 20 * 1024
CUP = re.compile(rb"\x1b\[(\d+);(\d+)H")


class Attribution:
    """Bytes per screen cell row/column band, from the cursor moves in the stream."""

    def __init__(self) -> None:
        self.rows: Counter[int] = Counter()
        self.areas: Counter[str] = Counter()
        self._row, self._col = 0, 0
        self._tail = b""

    def feed(self, data: bytes) -> None:
        data = self._tail + data
        # keep a possibly cut escape sequence for the next read
        cut = data.rfind(b"\x1b")
        if cut != -1 and len(data) - cut < 12 and not CUP.match(data, cut):
            data, self._tail = data[:cut], data[cut:]
        else:
            self._tail = b""
        pos = 0
        for m in CUP.finditer(data):
            self._count(m.start() - pos)
            self._row, self._col = int(m.group(1)), int(m.group(2))
            pos = m.start()
        self._count(len(data) - pos)

    def _count(self, n: int) -> None:
        if n <= 0:
            return
        self.rows[self._row] += n
        if self._row <= 1:
            area = "status bar (row 1)"
        elif self._row >= ROWS - 1:
            area = "footer (rows 39-40)"
        elif self._col <= PANELS_WIDTH:
            area = "left column: panels / gate bar"
        else:
            area = "right column: log / gate bar"
        self.areas[area] += n


def _outcome_recorded(db: Path) -> bool:
    if not db.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT 1 FROM events WHERE kind = 'outcome' LIMIT 1").fetchone()
    except sqlite3.Error:
        return False


def measure(extra: list[str] | None = None, *, cap: float = CAP_S) -> dict[str, Any]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    for name in ("NO_COLOR", "OPSCONSOLE_THEME", "OPSCONSOLE_UI_THEME", "OPSCONSOLE_UI_REFRESH"):
        env.pop(name, None)
    with tempfile.TemporaryDirectory() as tmp:
        env["OPSCONSOLE_CONFIG_DIR"] = tmp  # the user's own config must not change the figure
        db = Path(tmp) / "bench.db"
        proc = subprocess.Popen(
            [sys.executable, "-m", "console", "demo", "--scenario", SCENARIO, "--speed", SPEED,
             "--auto", "--db", str(db), *(extra or [])],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
            start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        total = first_frame = 0
        per_second: Counter[int] = Counter()
        where = Attribution()
        t0 = time.monotonic()
        measuring_from: float | None = None
        ended_at: float | None = None
        next_poll = 0.0
        try:
            while True:
                now = time.monotonic()
                if measuring_from is None and now - t0 >= FIRST_FRAME_S:
                    measuring_from, first_frame = now, total
                if measuring_from is not None:
                    if ended_at is None and now >= next_poll:
                        next_poll = now + 0.5
                        if _outcome_recorded(db):
                            ended_at = now
                    if ended_at is not None and now - ended_at >= AFTER_OUTCOME_S:
                        break
                    if now - measuring_from >= cap or proc.poll() is not None:
                        break
                ready, _, _ = select.select([master], [], [], 0.1)
                if ready:
                    try:
                        data = os.read(master, 65536)
                    except OSError:
                        break
                    total += len(data)
                    if measuring_from is not None:
                        per_second[int(time.monotonic() - measuring_from)] += len(data)
                        where.feed(data)
            stopped = time.monotonic()
        finally:
            quit_console(proc, master)
    measured = total - first_frame
    seconds = stopped - (measuring_from or t0)
    busiest = max(per_second.values(), default=0)
    return {
        "bytes": measured,
        "seconds": round(seconds, 1),
        "first_frame_bytes": first_frame,
        "bytes_per_s": round(measured / max(seconds, 1e-9)),
        "busiest_second": busiest,
        "reached_outcome": ended_at is not None,
        "areas": dict(where.areas.most_common()),
        "rows": dict(sorted(where.rows.items())),
    }


def quit_console(proc: subprocess.Popen[bytes], master: int, wait_s: float = 10.0) -> None:
    """q, as a person would; then the process group, if it does not go within ``wait_s``."""
    with contextlib.suppress(OSError):
        os.write(master, b"q")
    deadline = time.monotonic() + wait_s
    while proc.poll() is None and time.monotonic() < deadline:
        if select.select([master], [], [], 0.1)[0]:
            try:
                os.read(master, 65536)
            except OSError:
                break
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    os.close(master)


def measure_both() -> tuple[dict[str, Any], dict[str, Any]]:
    """Default refresh and --low-bandwidth, side by side (I/O bound: threads are enough)."""
    results: dict[str, dict[str, Any]] = {}
    errors: list[BaseException] = []

    def one(key: str, extra: list[str]) -> None:
        try:
            results[key] = measure(extra)
        except BaseException as exc:  # re-raised in the caller
            errors.append(exc)

    threads = [
        threading.Thread(target=one, args=("normal", [])),
        threading.Thread(target=one, args=("low", ["--low-bandwidth"])),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results["normal"], results["low"]


def summarize(normal: dict[str, Any], low: dict[str, Any]) -> dict[str, object]:
    return {
        f"tty {COLS}x{ROWS}: bytes/s (target ≤ {TARGET})": normal["bytes_per_s"],
        f"tty {COLS}x{ROWS} --low-bandwidth: bytes/s": low["bytes_per_s"],
        "busiest second (default / low-bw)": f"{normal['busiest_second']} / "
        f"{low['busiest_second']}",
        "first frame bytes": normal["first_frame_bytes"],
        "measured seconds (default / low-bw)": f"{normal['seconds']} / {low['seconds']}",
        "whole demo measured": normal["reached_outcome"] and low["reached_outcome"],
        "within target": normal["bytes_per_s"] <= TARGET,
    }


def run() -> dict[str, object]:
    return summarize(*measure_both())


def _print_breakdown(name: str, result: dict[str, Any]) -> None:
    seconds = max(float(result["seconds"]), 1e-9)
    print(f"-- {name}: bytes/s by area")
    for area, n in result["areas"].items():
        print(f"   {area:<36} {n / seconds:>8.0f}")
    rows = sorted(result["rows"].items(), key=lambda kv: -kv[1])[:8]
    print("   busiest rows: " + ", ".join(f"{r}: {n / seconds:.0f}" for r, n in rows))


if __name__ == "__main__":
    normal, low = measure_both()
    for k, v in summarize(normal, low).items():
        print(f"{k:<48} {v}")
    if "--breakdown" in sys.argv[1:]:
        _print_breakdown("default refresh", normal)
        _print_breakdown("--low-bandwidth", low)
