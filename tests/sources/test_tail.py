"""Following files (tail -F: rotation, truncation) and pipes, on real files and real pipes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from console import events as ev
from console.sources.edge import MAX_LINE_CHARS
from console.sources.tail import follow_lines, log_events

POLL = 0.02


async def collect(agen, want: int, stop: asyncio.Event, timeout: float = 10.0) -> list:  # type: ignore[no-untyped-def, type-arg]
    """Items from an async generator until ``want`` of them arrived (then stop it)."""
    got: list = []  # type: ignore[type-arg]

    async def run() -> None:
        async for item in agen:
            got.append(item)
            if len(got) >= want:
                stop.set()

    await asyncio.wait_for(run(), timeout)
    return got


async def wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        assert loop.time() < end, "condition not reached"
        await asyncio.sleep(0.01)


async def test_reads_from_the_start_then_follows_appends(tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text("one\ntwo\n")
    stop = asyncio.Event()
    got: list[str] = []

    async def reader() -> None:
        async for line in follow_lines(log, poll=POLL, stop=stop):
            got.append(line)

    task = asyncio.create_task(reader())
    await wait_for(lambda: len(got) == 2)
    with log.open("a") as fh:
        fh.write("thr")
        fh.flush()
        await asyncio.sleep(0.1)
        assert got == ["one\n", "two\n"]  # a line without its newline is held back
        fh.write("ee\n")
    await wait_for(lambda: len(got) == 3)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert got == ["one\n", "two\n", "three\n"]


async def test_survives_rotation_and_truncation(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("a1\na2\n")
    stop = asyncio.Event()
    got: list[str] = []

    async def reader() -> None:
        async for line in follow_lines(log, poll=POLL, stop=stop):
            got.append(line.rstrip("\n"))

    task = asyncio.create_task(reader())
    await wait_for(lambda: got == ["a1", "a2"])
    # Rotation: the writer finishes the old file, which is renamed; a new file takes its place.
    with log.open("a") as fh:
        fh.write("a3\n")
    log.rename(tmp_path / "app.log.1")
    await asyncio.sleep(0.1)  # a moment with no file at the path at all
    log.write_text("b1\n")
    await wait_for(lambda: got[-1:] == ["b1"])
    with log.open("a") as fh:
        fh.write("b2\n")
    await wait_for(lambda: got[-1:] == ["b2"])
    # Truncation (copytruncate): back to the start of the file.
    with log.open("w") as fh:
        fh.write("c1\n")
    await wait_for(lambda: got[-1:] == ["c1"])
    stop.set()
    await asyncio.wait_for(task, 5)
    assert got == ["a1", "a2", "a3", "b1", "b2", "c1"]


async def test_copytruncate_then_a_longer_line_is_read_whole(tmp_path: Path) -> None:
    """logrotate's copytruncate, and the writer's next line is longer than what had been
    read before anyone looked: the first line after it was stored as its last byte ("e")."""
    log = tmp_path / "app.log"
    log.write_text("before one\nbefore two\n")
    stop = asyncio.Event()
    got: list[str] = []

    async def reader() -> None:
        async for line in follow_lines(log, poll=POLL, stop=stop):
            got.append(line.rstrip("\n"))

    task = asyncio.create_task(reader())
    await wait_for(lambda: got == ["before one", "before two"])
    first = "after rotation, a line longer than all before it: the whole line"
    # Truncate and write in one go (the writer is faster than our poll).
    with log.open("r+") as fh:
        fh.truncate(0)
        fh.write(first + "\n")
    await wait_for(lambda: len(got) == 3)
    with log.open("a") as fh:
        fh.write("next\n")
    await wait_for(lambda: len(got) == 4)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert got == ["before one", "before two", first, "next"]


async def test_a_writer_without_append_leaves_a_hole_that_is_not_a_line(tmp_path: Path) -> None:
    """After copytruncate a writer without O_APPEND writes at its old offset: NULs, then text."""
    log = tmp_path / "app.log"
    log.write_text("old line\n")
    stop = asyncio.Event()
    got: list[str] = []

    async def reader() -> None:
        async for line in follow_lines(log, poll=POLL, stop=stop):
            got.append(line.rstrip("\n"))

    task = asyncio.create_task(reader())
    await wait_for(lambda: got == ["old line"])
    with log.open("r+b") as fh:
        fh.truncate(0)
        fh.seek(9)  # where the writer was
        fh.write(b"new line after the hole\n")
    await wait_for(lambda: len(got) == 2)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert got == ["old line", "new line after the hole"]


async def test_waits_for_a_file_that_does_not_exist_yet(tmp_path: Path) -> None:
    log = tmp_path / "later.log"
    stop = asyncio.Event()
    agen = follow_lines(log, poll=POLL, stop=stop)
    task = asyncio.create_task(collect(agen, 1, stop))
    await asyncio.sleep(0.1)
    log.write_text("hello\n")
    assert await task == ["hello\n"]


async def test_log_events_flushes_the_last_entry_when_idle(tmp_path: Path) -> None:
    log = tmp_path / "agent.log"
    log.write_text(
        "Start Time: 2025-01-01 10:00:00 UTC\n"
        "[10:00:00] [TOOL] Executing: traffic_shift(percentage=25)\n"
        "[10:00:05] [OBSERVATION] Metrics:\n"
        "  - Error rate: 0.7%\n"
    )
    stop = asyncio.Event()
    got: list[ev.Event] = []

    async def reader() -> None:
        async for e in log_events(log, stop=stop, poll=POLL, idle_flush=0.1):
            got.append(e)

    task = asyncio.create_task(reader())
    # The observation is the last entry: nothing follows it, yet it shows up.
    await wait_for(lambda: any(isinstance(e, ev.MetricSample) for e in ev.explode(got)))
    stop.set()
    await asyncio.wait_for(task, 5)
    assert [e.traffic_pct for e in got if isinstance(e, ev.StageStarted)] == [25.0]
    sample = next(e for e in ev.explode(got) if isinstance(e, ev.MetricSample))
    assert (sample.name, sample.value) == (ev.ERROR_RATE, 0.7)
    assert all(e.source == "log:agent.log" for e in got)


async def test_os_pipe_ends_with_its_writer() -> None:
    r, w = os.pipe()
    try:
        got: list[str] = []

        async def reader() -> None:
            async for line in follow_lines("-", fd=r):
                got.append(line)

        task = asyncio.create_task(reader())
        os.write(w, b"first\nsec")
        await wait_for(lambda: got == ["first\n"])
        # More than a pipe holds: written from a thread, as another process would.
        await asyncio.to_thread(os.write, w, b"ond \xff\n" + b"x" * 300_000 + b"\nno newline")
        os.close(w)
        w = -1
        await asyncio.wait_for(task, 10)  # ends by itself at end of input
        assert got[:2] == ["first\n", "second \ufffd\n"]
        # kept up to the line limit, with how much more there was (issue 19)
        cut = 300_000 - MAX_LINE_CHARS
        assert got[2] == "x" * MAX_LINE_CHARS + f" …[opsconsole: {cut} more characters not kept]\n"
        assert got[3] == "no newline"
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)


def test_stdin_pipe_in_a_subprocess(tmp_path: Path) -> None:
    """``--log -``: a real pipe on stdin, read until the writer closes it."""
    script = (
        "import asyncio\n"
        "from console.sources.tail import log_events\n"
        "async def main():\n"
        "    async for e in log_events('-'):\n"
        "        print(e.kind, getattr(e, 'level', ''), getattr(e, 'message', ''), flush=True)\n"
        "asyncio.run(main())\n"
    )
    text = (
        "[09:00:00] [INFO] from a pipe\n"
        '{"level": "error", "message": "json too"}\n'
        '[09:00:01] [TOOL] Executing: rollback_traffic(to_env="blue")\n'
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        input=text.encode(),
        capture_output=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode().splitlines()
    assert out[0] == "log INFO from a pipe"
    assert "log ERROR json too" in out
    assert "rollback  " in out


def test_stdin_redirected_from_a_file(tmp_path: Path) -> None:
    src = tmp_path / "in.log"
    src.write_text("[09:00:00] [INFO] a\n[09:00:01] [INFO] b\n")
    script = (
        "import asyncio\n"
        "from console.sources.tail import follow_lines\n"
        "async def main():\n"
        "    print([l async for l in follow_lines('-')])\n"
        "asyncio.run(main())\n"
    )
    with src.open("rb") as fh:
        proc = subprocess.run(
            [sys.executable, "-c", script],
            stdin=fh,
            capture_output=True,
            timeout=60,
            cwd=Path(__file__).resolve().parents[2],
        )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().strip() == repr(["[09:00:00] [INFO] a\n", "[09:00:01] [INFO] b\n"])


async def test_stop_ends_a_pipe_that_stays_open() -> None:
    r, w = os.pipe()
    try:
        stop = asyncio.Event()
        got: list[ev.Event] = []

        async def reader() -> None:
            async for e in log_events("-", fd=r, stop=stop, idle_flush=0.05):
                got.append(e)

        task = asyncio.create_task(reader())
        os.write(w, b"[09:00:00] [INFO] only entry\n")
        await wait_for(lambda: len(got) == 1)  # shown after the quiet spell, not at EOF
        stop.set()
        await asyncio.wait_for(task, 5)
        assert isinstance(got[0], ev.LogLine) and got[0].message == "only entry"
    finally:
        os.close(r)
        os.close(w)


# A Windows service's log (a PowerShell redirect, SQL Server's ERRORLOG): UTF-16 with CRLF.
_WINDOWS_LINES = [
    "2024-03-05 10:15:02.117 spid12s     Starting up database 'master'.",
    "2024-03-05 10:15:03.902 Logon       Error: 18456, Severity: 14, State: 8.",
]


def _windows_log(encoding: str, lines: list[str]) -> bytes:
    return "".join(line + "\r\n" for line in lines).encode(encoding)


class _Following:
    """``follow_lines(log)`` running as a task, its lines (without their line ends) in
    ``got`` as they come; ``end()`` stops it and gives them."""

    def __init__(self, log: Path) -> None:
        self.stop = asyncio.Event()
        self.got: list[str] = []
        self.task = asyncio.create_task(self._read(log))

    async def _read(self, log: Path) -> None:
        async for line in follow_lines(log, poll=POLL, stop=self.stop):
            self.got.append(line.rstrip("\r\n"))

    async def end(self) -> list[str]:
        self.stop.set()
        await asyncio.wait_for(self.task, 5)
        return self.got


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
async def test_follows_utf16_files_as_an_import_reads_them(tmp_path: Path, encoding: str) -> None:
    """With a byte-order mark or without one: each line as text, not NUL-riddled bytes; and
    a line appended later in two writes that split a character's bytes reads whole."""
    log = tmp_path / f"{encoding}.log"
    log.write_bytes(_windows_log(encoding, _WINDOWS_LINES))
    following = _Following(log)
    await wait_for(lambda: len(following.got) == 2)
    appended = {"utf-16": "utf-16-le"}.get(encoding, encoding)  # no second mark
    more = _windows_log(appended, ["2024-03-05 10:16:00.000 spid51 Über"])
    with log.open("ab") as fh:
        fh.write(more[:5])  # half of a character: held until its other byte comes
        fh.flush()
        await asyncio.sleep(0.1)
        fh.write(more[5:])
    await wait_for(lambda: len(following.got) == 3)
    got = await following.end()
    assert got == [*_WINDOWS_LINES, "2024-03-05 10:16:00.000 spid51 Über"], encoding


async def test_a_rotated_file_chooses_its_own_encoding(tmp_path: Path) -> None:
    """A UTF-16 file rotated away and a UTF-8 one in its place (or the other way round):
    each new file is read as its own first bytes say."""
    log = tmp_path / "svc.log"
    log.write_bytes(_windows_log("utf-16", _WINDOWS_LINES[:1]))
    following = _Following(log)
    await wait_for(lambda: len(following.got) == 1)
    log.rename(tmp_path / "svc.log.1")
    log.write_bytes(b"plain utf-8 line\n")
    await wait_for(lambda: len(following.got) == 2)
    log.write_bytes(b"")  # truncated, then written as UTF-16 from its top
    await asyncio.sleep(0.1)
    log.write_bytes(_windows_log("utf-16", _WINDOWS_LINES[1:]))
    await wait_for(lambda: len(following.got) == 3)
    assert await following.end() == [_WINDOWS_LINES[0], "plain utf-8 line", _WINDOWS_LINES[1]]


async def test_a_short_first_line_is_not_held_for_the_encoding() -> None:
    """Choosing the encoding needs 64 bytes only when they may be UTF-16: a short UTF-8
    line from a pipe is passed on as soon as it ends, before a quiet spell's flush (1 s)."""
    ((after, line),) = await _timed_pipe_lines([b"ok\n"], pause=0.9)
    assert line == "ok\n"
    assert after < 0.8


async def _pipe_lines(pieces: list[bytes], pause: float = 0.05) -> list[str]:
    """What follow_lines gives for a pipe written in these pieces, a pause after each."""
    return [line for _, line in await _timed_pipe_lines(pieces, pause)]


async def _timed_pipe_lines(pieces: list[bytes], pause: float) -> list[tuple[float, str]]:
    """The lines, each with the seconds from the first write to its arrival."""
    r, w = os.pipe()
    got: list[tuple[float, str]] = []
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def reader() -> None:
        async for line in follow_lines("-", fd=r):
            got.append((loop.time() - start, line))

    task = asyncio.create_task(reader())
    try:
        for piece in pieces:
            await asyncio.to_thread(os.write, w, piece)
            await asyncio.sleep(pause)
        os.close(w)
        w = -1
        await asyncio.wait_for(task, 10)
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
    return got


async def test_a_short_head_that_cannot_choose_is_still_read_line_by_line() -> None:
    """(review of 8820cc9) A head under 64 bytes with a NUL in it waits for more bytes to
    choose its encoding by; a pause chooses with what there is, and the lines held come out
    one by one, not joined."""
    got = await _pipe_lines([b"boot\x00ok\n", b"second line\n"], pause=1.3)
    assert got == ["boot\x00ok\n", "second line\n"]
    short = await _pipe_lines(["ok\r\n".encode("utf-16-le")], pause=1.3)
    assert short == ["ok\r\n"]


async def test_a_utf16_pipe_whose_first_read_is_one_byte() -> None:
    """(review of 8820cc9) One byte says nothing: UTF-16-LE's NUL is its second."""
    text = "2024-03-05 10:15:02.117 spid12s Starting up database 'master'.\r\n"
    raw = text.encode("utf-16-le")
    assert await _pipe_lines([raw[:1], raw[1:]]) == [text]


async def test_utf16_be_after_a_truncation_with_a_hole(tmp_path: Path) -> None:
    """(review of 8820cc9) A writer without O_APPEND goes on at its old offset after a
    truncation: the hole's NULs go, the first NUL of big-endian text stays."""
    log = tmp_path / "svc.log"
    first, second = _WINDOWS_LINES
    log.write_bytes(_windows_log("utf-16-be", [first]))
    following = _Following(log)
    await wait_for(lambda: following.got == [first])
    offset = log.stat().st_size
    with log.open("r+b") as fh:
        fh.truncate(0)
        fh.seek(offset)  # where the writer was: an even number of NULs before it
        fh.write(_windows_log("utf-16-be", [second + " – €"]))
    await wait_for(lambda: len(following.got) == 2)
    assert await following.end() == [first, second + " – €"]


async def test_a_short_utf16_line_with_a_character_past_latin1_then_a_pause() -> None:
    """(second review) "Can’t open log": the ’ has no NUL in UTF-16, and the pause chooses
    from these few bytes: three NULs in four of one half still say UTF-16."""
    for encoding in ("utf-16-le", "utf-16-be"):
        first = "Can’t open log\r\n".encode(encoding)
        then = "2024-03-05 10:15:02.117 spid12s Starting up\r\n".encode(encoding)
        got = await _pipe_lines([first, then], pause=1.3)
        assert got == ["Can’t open log\r\n", "2024-03-05 10:15:02.117 spid12s Starting up\r\n"]


async def test_a_pause_after_one_byte_or_half_a_mark_chooses_nothing() -> None:
    """(second review) A pause after a piece too short to say anything waits for more."""
    text = "2024-03-05 10:15:02.117 spid12s Starting up database 'master'.\r\n"
    le = text.encode("utf-16-le")
    assert await _pipe_lines([le[:1], le[1:]], pause=1.3) == [text]
    marked = text.encode("utf-16")
    assert await _pipe_lines([marked[:1], marked[1:]], pause=1.3) == [text]
