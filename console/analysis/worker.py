"""The live incident analyser's second process: root-cause analysis read back from the store.

A live console must keep answering keys while the commander runs (1.5 s of CPU at 600,000
events). In a thread it would still hold the interpreter lock half the time, so it runs in a
child process: a fresh interpreter running this module (like the import's writer, see
console/store/bulk.py; multiprocessing's spawn would re-run the caller's ``__main__``). The
child reads the session back from its store, up to the seq the analyser asked about, and
answers a ``Verdict``: the analyser keeps no events of its own, and what it answers is what
``opsconsole rca DB#SESSION`` says of the session up to that event (one analysis everywhere).

Requests are served one at a time, by one child per console process, started when first
needed. If the child can't be started or dies, the analysis runs in the calling thread
instead: slower for the screen, the same answer.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from console.analysis.rca import RcaReport, analyse
from console.child import start_child


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the incident panel needs of a report: its headline and the report itself."""

    category: str
    band: str
    confidence: float
    action_kind: str
    action_detail: str
    summary: str
    data: dict[str, Any]

    @classmethod
    def of(cls, report: RcaReport) -> Verdict:
        return cls(
            report.category,
            report.band,
            report.confidence,
            report.action_kind,
            report.action_detail,
            report.summary,
            report.to_dict(),
        )


@dataclass(frozen=True, slots=True)
class Request:
    """Analyse session ``session_id`` in ``path``, events 1..``last``."""

    path: str
    session_id: str
    last: int
    service: str | None


def analyse_recorded(request: Request) -> Verdict:
    """The report on the first ``last`` events of a recorded session, read as ``opsconsole
    rca`` reads one (a stream of the store, in recording order), in this process."""
    from console.store.replay import ReplayCursor
    from console.store.schema import connect

    db = connect(Path(request.path), readonly=True)
    try:
        with ReplayCursor(db, request.session_id) as cursor:
            events = (e for _seq, e in cursor.events(last=request.last))
            return Verdict.of(analyse(events, service=request.service))
    finally:
        db.conn.close()


class _Child:
    """One child process and the pipe to it."""

    def __init__(self) -> None:
        # Nothing inherited writes to the terminal the screen is drawn on.
        self.proc, self.conn = start_child("console.analysis.worker")

    def call(self, request: Request) -> Verdict:
        self.conn.send(request)
        status, body = self.conn.recv()
        if status == "ok":
            assert isinstance(body, Verdict)
            return body
        raise _AnalysisFailed(str(body))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class _AnalysisFailed(Exception):
    """The child answered with an error (the analysis itself failed, not the process)."""


_lock = threading.Lock()
_child: _Child | None = None
_unavailable = False  # the child could not be started: analyse here from now on


def analyse_in_worker(request: Request) -> Verdict:
    """``analyse_recorded(request)`` in the child process (started if needed); blocking, so
    call it from a thread other than the event loop's. Raises what the analysis raised."""
    global _child, _unavailable
    with _lock:
        for _attempt in range(2):
            if _unavailable:
                break
            if _child is None:
                try:
                    _child = _Child()
                except OSError:
                    _unavailable = True
                    break
            try:
                return _child.call(request)
            except _AnalysisFailed as exc:
                raise RuntimeError(f"incident analysis failed: {exc}") from None
            except (OSError, EOFError):  # the child died (killed, out of memory): once more
                _child.close()
                _child = None
        return analyse_recorded(request)


def stop_worker() -> None:
    """End the child (it would end with this process anyway: its pipe closes)."""
    global _child
    with _lock:
        if _child is not None:
            _child.close()
            _child = None


def _serve(fd: int) -> None:
    # Background work: when the machine is busy, the console's own process comes first.
    with contextlib.suppress(OSError):
        os.nice(10)
    conn = Connection(fd)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return  # the console closed the pipe: done
        try:
            reply: tuple[str, object] = ("ok", analyse_recorded(request))
        except Exception as exc:  # said to the caller, which decides what the user sees
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except OSError:
            return


if __name__ == "__main__":
    # Served by the module under its own name, so what it pickles (Verdict) is the class
    # the console unpickles, not a __main__ copy of it.
    from console.analysis import worker

    worker._serve(int(sys.argv[1]))
