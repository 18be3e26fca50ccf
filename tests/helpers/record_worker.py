"""A process that records a session at full speed, for the crash-safety tests.

    python -m tests.helpers.record_worker DB flood      # until killed; prints committed seqs
    python -m tests.helpers.record_worker DB signals    # until SIGTERM/SIGHUP; closes cleanly
    python -m tests.helpers.record_worker DB count N    # N events as fast as it can, then close

flood and signals feed RATE events per second (the load target of issue #9), in bursts: an
unthrottled loop outruns the writer thread (~25-35k events/s) and only grows its queue.

``signals`` shows the handling proposed for the CLI: the handler only sets a flag (a handler
that raises could interrupt ``Recorder.append`` between numbering an event and queueing it);
the loop sees the flag, and ``Pipeline.close`` flushes and finishes the session.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from pathlib import Path

from console import events as ev
from console.pipeline import Pipeline
from console.redact import redact
from console.store.recorder import Recorder

T0 = 1_732_181_400.0
RATE = 10_000


def event(i: int) -> ev.Event:
    if i % 10 == 0:
        return ev.MetricSample(ts=T0 + i / 1000, name=ev.LATENCY_P99, value=float(i % 900))
    return ev.LogLine(
        ts=T0 + i / 1000,
        level="WARNING" if i % 97 == 0 else "INFO",
        message=f"[09:31:20] [OBSERVATION] event {i}: Request rate: 750 req/s, P99 latency: 480ms",
        detail=("  - Blue: 90%, Green: 10%",),
    )


def report_committed(rec: Recorder, stop: threading.Event) -> None:
    while not stop.wait(0.05):
        seq = rec.seq
        try:
            rec.wait_committed(seq, timeout=10)
        except Exception:
            return
        print(f"committed {seq}", flush=True)


def main(argv: list[str]) -> int:
    db, mode = Path(argv[0]), argv[1]
    rec = Recorder(db, name=f"worker-{mode}", source="test", redact=redact)
    pipe = Pipeline(rec)
    stop = threading.Event()
    if mode == "flood":
        threading.Thread(target=report_committed, args=(rec, stop), daemon=True).start()
    if mode == "signals":

        def on_signal(signum: int, frame: object) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGHUP, on_signal)
    limit = int(argv[2]) if mode == "count" else None
    print("started", flush=True)
    i = 0
    began = last_print = time.monotonic()
    while not stop.is_set() and (limit is None or i < limit):
        i += 1
        pipe.feed(event(i))
        if limit is None and i % 100 == 0:
            ahead = i / RATE - (time.monotonic() - began)
            if ahead > 0:
                time.sleep(ahead)
        if mode == "signals" and time.monotonic() - last_print > 0.05:
            last_print = time.monotonic()
            print(f"fed {i}", flush=True)
    stop.set()
    pipe.close()
    if rec.error is not None:
        print(f"error {rec.error}", flush=True)
        return 1
    print(f"closed {rec.seq}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
