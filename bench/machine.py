"""How much of a second core this machine gives right now.

The import runs in two processes, so its speed depends on how much two busy processes slow
each other down. On these virtual machines that changes from hour to hour: two copies of
the parser sometimes run as fast as one alone, sometimes each at half speed. ``capacity``
times the same parsing work alone and as two copies started together, and says how many
times one process's work the pair got done: 2.0 is two free cores, 1.0 is one core shared.
A figure taken at 1.2 and one taken at 1.9 are not comparable; the benches print it.

``python -m bench.machine FILE`` is the copy: it loads the parser, waits for a line on
stdin (so that two start their work together), parses FILE and prints the seconds it took.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent  # where ``bench`` imports from (not installed)
_TIMEOUT = 120.0  # seconds: a copy that takes longer has hung


def _start(sample: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.machine", str(sample)],
        cwd=_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _timed(samples: list[Path]) -> list[float]:
    """One copy per sample, started together once all are ready; their seconds. Every copy
    is waited for (and killed if it hangs or its partner failed), whatever happens."""
    procs = [_start(s) for s in samples]
    try:
        for p in procs:
            assert p.stdout is not None
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError("a calibration copy did not start")
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        seconds = []
        for p in procs:
            out, _ = p.communicate(timeout=_TIMEOUT)
            if p.returncode != 0:
                raise RuntimeError(f"a calibration copy failed (exit status {p.returncode})")
            seconds.append(float(out))
        return seconds
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.communicate()


def capacity(sample: Path, rounds: int = 2) -> float:
    """Work done by two processes together, in units of one process alone (median)."""
    figures = []
    for _ in range(rounds):
        alone = _timed([sample])[0]
        pair = _timed([sample, sample])
        figures.append(2 * alone / statistics.mean(pair))
    return statistics.median(figures)


def parse(chunks: Iterable[str]) -> None:
    """The parser over a log's pieces as the import runs it (``feed_text``, then ``flush``),
    with no store: the work this module and the import bench time."""
    from console.parse import LogParser

    parser = LogParser()
    for chunk in chunks:
        parser.feed_text(chunk)
    parser.flush()


def _copy(path: Path) -> None:
    from console.ingest import read_chunks

    chunks = list(read_chunks(path))
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    parse(chunks)
    print(time.perf_counter() - started)


if __name__ == "__main__":
    _copy(Path(sys.argv[1]))
