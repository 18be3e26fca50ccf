"""Issue #2: the demo at full speed, headless — events per second recorded, and peak memory.

Each scenario runs to its end through the real path (simulated agent over HTTP on loopback →
parser → pipeline → recorder), with the --auto policy approving green gates.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIOS = ("healthy", "pool-exhaustion", "missing-index", "config-bug")
SPEED = 2000.0


def _run(scenario: str, db: Path) -> tuple[float, int, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, sys; from console.cli import main; rc = main(sys.argv[1:]); "
            "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)",
            "demo",
            "--headless",
            "--auto",
            "--scenario",
            scenario,
            "--speed",
            str(SPEED),
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    wall = time.monotonic() - started
    match = re.search(r"^RSS (\d+)", proc.stdout, re.M)
    rss_mb = int(match.group(1)) / 1024 if match else float("nan")
    with sqlite3.connect(db) as conn:
        events = conn.execute(
            "SELECT events FROM sessions ORDER BY created_at DESC LIMIT 1"
        ).fetchone()[0]
    return wall, events, rss_mb


def run() -> dict[str, object]:
    out: dict[str, object] = {}
    total_events, total_wall, peak = 0, 0.0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for scenario in SCENARIOS:
            wall, events, rss = _run(scenario, Path(tmp) / f"{scenario}.db")
            out[f"{scenario}: events recorded"] = events
            out[f"{scenario}: events/s recorded"] = round(events / wall)
            out[f"{scenario}: peak RSS MB"] = round(rss, 1)
            total_events += events
            total_wall += wall
            peak = max(peak, rss)
    out["all scenarios: events/s recorded"] = round(total_events / total_wall)
    out["all scenarios: peak RSS MB"] = round(peak, 1)
    out["speed (simulated s per s)"] = SPEED
    return out


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k:<40} {v}")
