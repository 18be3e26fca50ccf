"""Lines from a growing file (``tail -F``) or a pipe, and the events the log parser makes of them.

``follow_lines(path)`` reads the file from its beginning, then follows it: when the file is
rotated (its inode changes, or it disappears and is created again) the rest of the old file
is read and the new one is followed from its start; when it is truncated, reading starts
again from the top. It ends only when ``stop`` is set. ``follow_lines("-")`` reads standard
input (a pipe: ``kubectl logs -f pod | opsconsole watch --log -``) and ends with it.

Bytes are decoded as the file's first bytes say (UTF-8, or UTF-16 and UTF-8 by a byte-order
mark or without one: ``sources.encoding``, as an import reads them), with replacement, so bad
input never stops a watch. A line still
without its newline is held back until it is complete, or until the input has been quiet
for a second (a writer that never ends its last line is still shown).
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import stat
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from console import events as ev
from console.sources.edge import MAX_LINE_CHARS, bounded, guard
from console.sources.encoding import decoder_for, too_short, undecided

CHUNK = 1 << 16
IDLE_FLUSH = 0.3  # seconds of quiet after which the parser's open entry is emitted
PARTIAL_AFTER = 1.0  # seconds a line without its newline is held back

_IDLE = ""  # sentinel between the line iterator and log_events (a real line is never "")


class _Lines:
    """Splits decoded text into physical lines; keeps the unfinished last one.

    A line is kept up to ``MAX_LINE_CHARS`` characters, with a marker saying how many more
    there were: a writer that never ends its line costs that much memory, not all it wrote.
    """

    def __init__(self) -> None:
        self._decoder: codecs.IncrementalDecoder | None = None  # chosen by the first bytes
        self._head = b""  # the first bytes, until they are enough to choose
        self._carry: list[str] = []
        self._size = 0  # characters of the unfinished line, kept or not

    def _add(self, text: str) -> None:
        room = MAX_LINE_CHARS - self._size
        if room > 0:
            self._carry.append(text[:room])
        self._size += len(text)

    def _finish(self) -> str:
        line = "".join(self._carry)
        dropped = self._size - len(line)
        self._carry = []
        self._size = 0
        return bounded(line, dropped=dropped) if dropped else line

    def restart(self) -> None:
        """A new file (rotated in, or truncated): its encoding is chosen again."""
        self._decoder, self._head = None, b""

    def _decode(self, data: bytes, final: bool = False, decide: bool = False) -> str:
        if self._decoder is None:
            self._head += data
            if not (final or decide) and undecided(self._head):
                return ""
            self._decoder = decoder_for(self._head)
            data, self._head = self._head, b""
        return self._decoder.decode(data, final)

    def feed(self, data: bytes, decide: bool = False) -> list[str]:
        parts = self._decode(data, decide=decide).split("\n")
        tail = parts.pop()
        if parts:
            if max(map(len, parts)) > MAX_LINE_CHARS:
                first = parts[0]
                parts = [bounded(p) if len(p) > MAX_LINE_CHARS else p for p in parts]
                parts[0] = first  # joined to the carry below, bounded there
            if self._carry:
                self._add(parts[0])
                parts[0] = self._finish()
            elif len(parts[0]) > MAX_LINE_CHARS:
                parts[0] = bounded(parts[0])
        if tail:
            self._add(tail)
        return [p + "\n" for p in parts]

    @property
    def pending(self) -> bool:
        return bool(self._carry or self._head)

    def take_partial(self, quiet: bool = False) -> list[str]:
        """The lines held back: those of a head too short to choose its encoding by (chosen
        now, from what there is), and the unfinished one. ``quiet``: the input only paused
        (a character's first bytes wait for the rest); otherwise this file ended (rotated,
        truncated, closed), and the next bytes start a file of their own."""
        lines: list[str] = []
        if self._decoder is None and self._head and not (quiet and too_short(self._head)):
            lines = self.feed(b"", decide=True)
        if not quiet:
            self._add(self._decode(b"", final=True))
            self.restart()
        rest = self._finish()
        return [*lines, rest] if rest else lines


async def _wait(stop: asyncio.Event | None, seconds: float) -> bool:
    """Sleep ``seconds`` or until ``stop`` is set; True if stopped."""
    if stop is None:
        await asyncio.sleep(seconds)
        return False
    if stop.is_set():
        return True
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


def _identity(st: os.stat_result) -> tuple[int, int]:
    return (st.st_dev, st.st_ino)


_MARK = 64  # bytes before the read position compared to tell a rewritten file


def _rewritten(fh: Any, mark: bytes) -> bool:
    """Are the bytes just before our position no longer the ones we read there?"""
    pos = fh.tell()
    if pos < len(mark):
        return True
    try:
        return os.pread(fh.fileno(), len(mark), pos - len(mark)) != mark
    except OSError:
        return False


async def _follow_file(
    path: Path, poll: float, stop: asyncio.Event | None, idle: float | None
) -> AsyncIterator[str]:
    fh = None
    ident: tuple[int, int] | None = None
    lines = _Lines()
    quiet = 0.0
    idle_sent = False
    mark = b""  # the last bytes read: still there before our position, unless truncated
    at_end = False
    restarted = False  # read again from the top after a truncation
    try:
        while True:
            if fh is None:
                try:
                    fh = open(path, "rb")  # noqa: SIM115 - closed in finally / on rotation
                    ident = _identity(os.fstat(fh.fileno()))
                except OSError:
                    fh = None  # not there (yet): tail -F waits for it
                mark, at_end = b"", False
            if fh is not None and at_end and mark and _rewritten(fh, mark):
                # copytruncate, and the writer wrote past where we were before we looked:
                # what follows our position is the middle of a new line, not a line.
                for line in lines.take_partial():
                    yield line
                fh.seek(0)
                mark, at_end, restarted = b"", False, True
            data = b""
            if fh is not None:
                try:
                    data = fh.read(CHUNK)
                except OSError:
                    data = b""
            if data and restarted:
                # A writer without O_APPEND goes on at its old offset after a truncation:
                # the file starts with a hole of NULs, not with text.
                hole = len(data) - len(data.lstrip(b"\0"))
                if hole % 2 and data[hole + 1 : hole + 2] == b"\0":
                    hole -= 1  # UTF-16-BE text: the last NUL is its first character's
                data = data[hole:]
                restarted = not data
            at_end = not data
            if data:
                mark = (mark + data)[-_MARK:]
                quiet = 0.0
                idle_sent = False
                for line in lines.feed(data):
                    yield line
                if stop is not None and stop.is_set():
                    break
                await asyncio.sleep(0)  # let others run during a big backlog
                continue
            # At the end of what is there: has the file been rotated or truncated?
            if fh is not None:
                try:
                    st = os.stat(path)
                except OSError:
                    st = None
                if st is not None and _identity(st) != ident:
                    # Rotated: the old file has been read to its end; go on with the new one.
                    for line in lines.take_partial():
                        yield line
                    fh.close()
                    fh = None
                    continue
                if st is not None and st.st_size < fh.tell():
                    for line in lines.take_partial():
                        yield line
                    fh.seek(0)  # truncated: start again from the top
                    mark, at_end, restarted = b"", False, True
                    continue
            if lines.pending and quiet >= PARTIAL_AFTER:
                for line in lines.take_partial(quiet=True):
                    yield line
            if idle is not None and not idle_sent and quiet >= idle:
                idle_sent = True
                yield _IDLE
            if await _wait(stop, poll):
                break
            quiet += poll
    finally:
        if fh is not None:
            fh.close()
    for line in lines.take_partial():
        yield line


async def _read_pipe(fd: int, stop: asyncio.Event | None, idle: float | None) -> AsyncIterator[str]:
    """A pipe, socket or terminal, without blocking the event loop; ends at end of input."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=CHUNK * 4)
    protocol = asyncio.StreamReaderProtocol(reader)
    pipe = os.fdopen(os.dup(fd), "rb", buffering=0)
    transport, _ = await loop.connect_read_pipe(lambda: protocol, pipe)
    lines = _Lines()
    stop_task = asyncio.ensure_future(stop.wait()) if stop is not None else None
    idle_sent = False
    read: asyncio.Future[bytes] | None = None
    try:
        while True:
            if read is None:
                read = asyncio.ensure_future(reader.read(CHUNK))  # kept across quiet spells
            waiters: set[asyncio.Future[Any]] = {read}
            if stop_task is not None:
                waiters.add(stop_task)
            timeout = idle if idle is not None and not idle_sent else PARTIAL_AFTER
            done, _ = await asyncio.wait(
                waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if read not in done:
                if stop_task is not None and stop_task in done:
                    break
                if idle is not None and not idle_sent:
                    idle_sent = True
                    yield _IDLE
                elif lines.pending:
                    for line in lines.take_partial(quiet=True):
                        yield line
                continue
            data = read.result()
            read = None
            if not data:
                break  # end of input
            idle_sent = False
            for line in lines.feed(data):
                yield line
    finally:
        if read is not None:
            read.cancel()
        if stop_task is not None:
            stop_task.cancel()
        transport.close()
    for line in lines.take_partial():
        yield line


async def _regular_stdin(fd: int) -> AsyncIterator[str]:
    """Standard input redirected from a file: read it to its end, in the loop's thread pool."""
    lines = _Lines()
    while True:
        data = await asyncio.to_thread(os.read, fd, CHUNK)
        if not data:
            break
        for line in lines.feed(data):
            yield line
    for line in lines.take_partial():
        yield line


async def _source(
    path: str | Path, poll: float, stop: asyncio.Event | None, idle: float | None, fd: int | None
) -> AsyncIterator[str]:
    if fd is None and str(path) == "-":
        fd = sys.stdin.fileno()
    if fd is None:
        async for line in _follow_file(Path(path), poll, stop, idle):
            yield line
        return
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        async for line in _regular_stdin(fd):
            yield line
    else:
        async for line in _read_pipe(fd, stop, idle):
            yield line


async def follow_lines(
    path: str | Path,
    *,
    poll: float = 0.1,
    stop: asyncio.Event | None = None,
    fd: int | None = None,
) -> AsyncIterator[str]:
    """Lines (with their ``\\n``) of a followed file, or of standard input for ``"-"``.

    ``fd``: read this already open descriptor (a pipe) instead; it ends at end of input.
    """
    async for line in _source(path, poll, stop, None, fd):
        yield line


async def log_events(
    path_or_dash: str | Path,
    *,
    stop: asyncio.Event | None = None,
    source: str | None = None,
    poll: float = 0.1,
    idle_flush: float = IDLE_FLUSH,
    fd: int | None = None,
) -> AsyncIterator[ev.Event]:
    """Events of a followed log (see ``follow_lines``), parsed as they arrive.

    After ``idle_flush`` seconds of quiet the parser's open entry is emitted, so the last
    entry of a paused log shows up without waiting for the next one.
    """
    from console.parse import LogParser

    name = "stdin" if str(path_or_dash) == "-" or fd is not None else Path(path_or_dash).name
    parser = LogParser(source=source or f"log:{name}")
    last = time.time()  # the time for an entry whose own can't be believed: the latest
    async for line in _source(path_or_dash, poll, stop, idle_flush, fd):
        out = parser.feed(line) if line else parser.flush()  # "" is the idle signal
        for e in out:
            e = guard(e, last)
            last = e.ts
            yield e
    for e in parser.flush():
        yield guard(e, last)
