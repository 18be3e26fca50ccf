"""``opsconsole import``: log files in, one recorded session out.

Each file is read as bytes and decoded with replacement (invalid UTF-8 is never fatal),
gzip, bzip2 and xz files transparently. Each file has its own parser (its own header date);
with several files their events are merged in time order, so an agent log and a service log
of the same incident interleave as they happened. Everything goes through the same Pipeline
as a live session; the rows are committed by a second process (``store.bulk``), so parsing
and SQLite use both cores. A JSON service log without any metrics beside it gets error rate
and latency per minute derived from its lines (DerivedMetrics).
"""

from __future__ import annotations

import bz2
import codecs
import contextlib
import gc
import gzip
import heapq
import lzma
import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

from console import events as ev
from console.errors import IngestError, OpsConsoleError
from console.parse import DerivedMetrics, LogParser
from console.pipeline import Analyzer, Pipeline
from console.sources.encoding import decoder_for
from console.store.bulk import BulkRecorder

# Read size. Small enough that a chunk's events are still in the CPU cache when they are
# recorded (1 MB chunks made the import measurably slower), big enough to amortise a call.
CHUNK = 1 << 16
RUN = 1000  # events handed on at a time when several files are merged


@dataclass(frozen=True, slots=True)
class ImportResult:
    session_id: str
    lines_read: int
    lines_uninterpreted: int
    events: int


# What a rotated log is compressed with, by its first bytes (logrotate's compresscmd: gzip
# by default, bzip2 and xz as often): read through the standard library's readers.
_GZIP, _BZIP2, _XZ = b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00"
# Files that are no text log, each with what to do instead (one line, section "Bad input").
_NOT_TEXT: dict[bytes, str] = {
    b"\x28\xb5\x2f\xfd": "it is compressed with zstd: import <(zstd -dc FILE) instead",
    b"LPKSHHRH": (
        "it is a systemd journal file (binary): export it with "
        "journalctl --file FILE -o json > FILE.json and import that"
    ),
}


def _open(path: Path) -> BinaryIO:
    fh: BinaryIO = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    if not path.is_file():
        return fh  # a pipe (``<(zcat log.gz)``): read as it comes, no peeking back
    head = fh.read(8)
    fh.seek(0)
    if _packed(head):
        if head.startswith(_GZIP):
            return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
        if head.startswith(_XZ):
            return lzma.LZMAFile(fh)  # type: ignore[return-value]
        return bz2.BZ2File(fh)  # type: ignore[return-value]
    refused = _not_text(path, head)
    if refused is not None:
        fh.close()
        raise refused
    return fh


def _not_text(path: Path, head: bytes) -> IngestError | None:
    """The error for a file whose first bytes say it is no text log we can read, else None."""
    for magic, what in _NOT_TEXT.items():
        if head.startswith(magic):
            return IngestError(f"cannot read {path}: {what.replace('FILE', str(path))}")
    return None


def check_readable(path: Path | str) -> Path:
    """The path, if it is a readable file; IngestError (one line) if not."""
    p = Path(path)
    if not p.exists():
        raise IngestError(f"cannot read {p}: no such file")
    if p.is_dir():
        raise IngestError(f"cannot read {p}: it is a directory")
    if not os.access(p, os.R_OK):
        raise IngestError(f"cannot read {p}: permission denied")
    return p


def _head(path: Path) -> bytes:
    """A regular file's first bytes (what it is: an archive, a database, a journal), else
    b"" (a pipe's are its data, read once)."""
    if not path.is_file():
        return b""
    try:
        with path.open("rb") as fh:
            return fh.read(16)
    except OSError:
        return b""


class Progress:
    """How far an import has read: bytes of log text (unpacked) and, through the
    parsers, lines. Kept in the session's row so an interrupted import says how far it got."""

    def __init__(self, files: Sequence[Path], heads: Sequence[bytes]) -> None:
        self.bytes_read = 0
        # Unknown for compressed input (bytes are counted unpacked) and pipes.
        sized = all(f.is_file() and not _packed(h) for f, h in zip(files, heads, strict=True))
        self.bytes_total: int | None = sum(f.stat().st_size for f in files) if sized else None
        self.parsers: list[LogParser] = []

    def as_dict(self) -> dict[str, int | None]:
        return {
            "lines_read": sum(p.lines_read for p in self.parsers),
            "bytes_read": self.bytes_read,
            "bytes_total": self.bytes_total,
        }


class ImportInterrupted(KeyboardInterrupt):
    """SIGINT, SIGTERM or SIGHUP stopped an import: its session is marked interrupted,
    with how far it got; the command exits 128 + the signal's number."""

    def __init__(
        self, signum: int, session_id: str = "", progress: dict[str, int | None] | None = None
    ) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.session_id = session_id
        self.progress = progress or {}


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise ImportInterrupted in the main thread for the duration."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise ImportInterrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@contextlib.contextmanager
def _signals_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    sigs = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in sigs}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _packed(head: bytes) -> bool:
    """Is the file a gzip, bzip2 or xz archive (its bytes counted unpacked, no total)?"""
    # (bzip2's "BZh", then its block size 1-9)
    return head.startswith((_GZIP, _XZ)) or (head.startswith(_BZIP2) and head[3:4].isdigit())


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def read_chunks(path: Path | str, progress: Progress | None = None) -> Iterator[str]:
    """The text of a file in pieces of about a megabyte, each ending at a line end (the last
    one may not), never failing on bad bytes: invalid UTF-8 becomes U+FFFD. Gzip, bzip2 and xz files
    are read transparently (a zstd archive or a binary journal: an IngestError saying what
    to do); a byte-order mark at the start picks UTF-16 (LE or BE) or UTF-8 and
    is dropped (see ``sources.encoding``)."""
    p = check_readable(path)
    try:
        fh = _open(p)
    except OSError as exc:
        raise IngestError(f"cannot read {p}: {exc.strerror or exc}") from None
    decoder: codecs.IncrementalDecoder | None = None
    carry: list[str] = []
    try:
        with fh:
            while True:
                try:
                    raw = fh.read(CHUNK)
                except (OSError, EOFError, lzma.LZMAError) as exc:  # a damaged archive too
                    raise IngestError(f"cannot read {p}: {exc}") from None
                if not raw:
                    break
                if progress is not None:
                    progress.bytes_read += len(raw)
                if decoder is None:
                    decoder = decoder_for(raw)
                text = decoder.decode(raw)
                cut = text.rfind("\n") + 1
                if not cut:
                    carry.append(text)  # a long line: keep collecting, no quadratic copy
                    continue
                if carry:
                    carry.append(text[:cut])
                    yield "".join(carry)
                    carry = []
                else:
                    yield text[:cut] if cut < len(text) else text
                if cut < len(text):
                    carry.append(text[cut:])
            if decoder is not None:
                carry.append(decoder.decode(b"", final=True))
            last = "".join(carry)
            if last:
                yield last
    except gzip.BadGzipFile as exc:
        raise IngestError(f"cannot read {p}: {exc}") from None


def read_lines(path: Path | str) -> Iterator[str]:
    """The physical lines of a file (split on ``\\n`` only, endings removed); see
    ``read_chunks``."""
    for chunk in read_chunks(path):
        lines = chunk.split("\n")
        if not lines[-1]:
            lines.pop()
        yield from lines


def _batches(path: Path, parser: LogParser, progress: Progress) -> Iterator[list[ev.Event]]:
    for chunk in read_chunks(path, progress):
        yield parser.feed_text(chunk)
    yield parser.flush()


def _merged(streams: list[Iterator[list[ev.Event]]]) -> Iterator[list[ev.Event]]:
    """Several files' events in time order, in runs of RUN."""
    # Each file's events from its pieces' lists: chain walks them in C, where a generator
    # yielding each event would cost a resumption per event.
    merged = heapq.merge(*map(chain.from_iterable, streams), key=lambda e: e.ts)
    while run := list(islice(merged, RUN)):
        yield run


def import_files(
    paths: Sequence[Path | str],
    db_path: Path,
    *,
    name: str | None = None,
    analyzers: Iterable[Analyzer] = (),
) -> ImportResult:
    """Parse the files into one new session of the store at ``db_path``."""
    if not paths:
        raise IngestError("nothing to import: give at least one log file")
    from console.store.schema import SQLITE_MAGIC

    files = [check_readable(p) for p in paths]
    heads = [_head(f) for f in files]
    for f, head in zip(files, heads, strict=True):
        refused = _not_text(f, head)
        if refused is not None:  # said before a session is opened for it
            raise refused
        if head == SQLITE_MAGIC:
            raise IngestError(
                f"{f} is an SQLite database, not a log: nothing was imported",
                f"to see a recorded session: opsconsole replay {f}",
            )
    label = ", ".join(f.name for f in files)
    progress = Progress(files, heads)
    # A date without a year (syslog, glog) is placed before the file's last change.
    parsers = [LogParser(source=f"log:{f.name}", year_ref=_mtime(f)) for f in files]
    progress.parsers = parsers
    recorder = BulkRecorder(
        Path(db_path), name=name or label, source=f"import:{label}", progress=progress.as_dict
    )
    pipeline = Pipeline(recorder, analyzers)
    streams = [_batches(f, p, progress) for f, p in zip(files, parsers, strict=True)]
    # Runs of events (a piece of the file's), recorded and folded a run at a time.
    runs = streams[0] if len(streams) == 1 else _merged(streams)
    derived = DerivedMetrics()
    feed = pipeline.feed_batch
    # Nothing an import allocates forms a cycle worth collecting mid-way, and the collector's
    # passes over a growing heap cost more than the parsing; it runs again at the end.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    stopped: int | None = None
    try:
        with _signals_interrupt():
            for run in runs:
                # The derived samples go after the line that completed their minute.
                start = 0
                if derived.active:  # it stands down for good once a real metric source shows
                    for i, extra in derived.feed_lines(run):
                        feed(run[start : i + 1])
                        feed(extra)
                        start = i + 1
                feed(run[start:] if start else run)
            feed(derived.flush())
            if pipeline.state.outcome is None:
                # Read to the end: the rollout is over as far as this log can tell.
                recorder.update_session(outcome="ended")
            recorder.end_import("complete")
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM/SIGHUP as ImportInterrupted
        stopped = exc.signum if isinstance(exc, ImportInterrupted) else signal.SIGINT
        recorder.end_import("interrupted", cause=signal.Signals(stopped).name)
    except IngestError as exc:
        # A file that could not be read to its end (a cut archive): what came before it is
        # kept, the session saying it was interrupted and why, not left "in progress"
        recorder.end_import("interrupted", cause=str(exc))
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
        # A second signal while the session is closed must not cut the close short; if
        # the process dies anyway, the writer marks the session interrupted by itself.
        with _signals_ignored():
            pipeline.close()
    if recorder.error is not None:
        if isinstance(recorder.error, OpsConsoleError):
            raise recorder.error  # already one line saying what to do
        raise IngestError(f"could not record the session: {recorder.error}")
    if stopped is not None:
        raise ImportInterrupted(stopped, recorder.session_id, progress.as_dict())
    return ImportResult(
        session_id=recorder.session_id,
        lines_read=sum(p.lines_read for p in parsers),
        lines_uninterpreted=sum(p.lines_uninterpreted for p in parsers),
        events=recorder.seq,
    )
