"""Recording an import: the Recorder's calls, with the SQLite work in a second process.

An import produces events as fast as the parser runs. On the Recorder's writer thread the
SQLite work and the parser share one interpreter lock, so a million-line import ran at the
speed of one core. Here the importing process hands each log line on as plain values (other
events as prepared rows), and a sender thread writes them, in batches, to a child process
that encodes the lines (``recorder.prepare``: a third of the importer's work per line, where
the child had time to spare; the importer takes it back for a batch when the child falls
behind, as with wide journald records), redacts the rows, inserts them and keeps the session
row (their search index is left to the first search: see searchindex). Whether a batch needs
redaction is one search for secrets' trigger words over it (none found clears the whole
batch), done by whichever process has time for it (see ``_send``). At most OUTBOX batches
wait: the parser goes on while the child starts, and memory stays bounded when the child is
slower. The child is a fresh interpreter running this module, not a multiprocessing fork:
nothing of the caller's threads, locks or ``__main__`` comes with it.
"""

from __future__ import annotations

import gc
import json
import marshal
import queue
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import orjson

from console import events as ev
from console.child import start_child
from console.redact import Redactor, might_hold_secret, redact, which_might_hold_secrets
from console.store.recorder import (
    REDACT_DATA,
    REDACT_TEXT,
    LogValues,
    Prepared,
    Row,
    commit,
    create_session,
    finish,
    new_session_id,
    prepare,
    prepare_log_values,
    redact_fields,
)
from console.store.schema import StoreError, connect_current, session_key, store_error
from console.store.snapshot import SnapshotEncoder

OUTBOX = 8  # batches written ahead of the writer at most
SEARCH_HERE = OUTBOX - 2  # batches waiting when the importer searches one itself
PREPARE_HERE = OUTBOX // 2  # batches waiting when the importer encodes the next one's lines
REAPER = "import-reaper"  # the thread that waits for a writer process's exit
BATCH = 5_000  # events per pipe message: big enough to amortise a transaction
# The sender thread writes a batch (a megabyte or more) in several system calls and needs
# the interpreter lock back after each. At Python's default switch interval (5 ms) the
# parsing thread kept it that long every time: batches backed up, the importer encoded
# them itself (over half of a JSON log's) and the writer process sat idle. For the
# import's duration, 1 ms: a tenth off a million-line import's wall time.
SWITCH_INTERVAL = 0.001


class BulkRecorder:
    """A Recorder for imports (same calls: append, snapshot, update_session, close)."""

    def __init__(
        self,
        path: Path,
        *,
        name: str | None = None,
        source: str = "",
        redact_secrets: bool = True,
        batch: int = BATCH,
        progress: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        self.path = Path(path)
        self.session_id = new_session_id()
        self.error: Exception | None = None
        # Log lines are prepared and redacted in the writer, other events prepared here (see
        # recorder.prepare): the two processes share the work more evenly that way.
        self._redact: Callable[[str], str] | None = redact if redact_secrets else None
        self._encoder = SnapshotEncoder(self._redact)
        self._batch = batch
        self._seq = 0
        self._committed_seq = 0
        # Prepared records and log lines' values (LogValues): their seqs follow each
        # other, so a batch says its first, and the writer puts the session id and seq in
        # front (less to build and send).
        self._rows: list[Prepared | LogValues] = []
        self._logs_in_batch = 0
        # Whether this batch's log lines are encoded here: the writer is behind (a log of
        # wide records, a slow disk), so the importer takes the work back (see _send).
        self._prepare_here = False
        self._snapshots: list[Row] = []
        self._fields: dict[str, Any] = {}
        self._closed = False
        self._first_ts: float | None = None  # the extent of every event sent so far
        self._last_ts: float | None = None
        # How far the import got (lines, bytes): in the sessions row's meta with every
        # batch, so an import stopped at any point says so (see _interrupted).
        self._progress = progress
        self._final: dict[str, Any] = {}
        self._writer_pid: int | None = None
        # Its search index is left to the first search (see searchindex): 1-3 s of the
        # writer's CPU a million lines, for sessions most of which are never searched.
        create_session(
            self.path,
            self.session_id,
            name=name,
            source=source,
            meta=self._import_meta("running"),
            indexed=False,
        )
        # The writer: a fresh interpreter running this module (console/child.py).
        try:
            self._proc, self._pipe = start_child(
                "console.store.bulk", str(self.path), self.session_id, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise StoreError(f"cannot start the import's writer: {exc}") from None
        self._writer_pid = self._proc.pid
        # Up to OUTBOX batches wait to be written: the parser never waits for the writer's
        # start, and memory stays bounded when the writer is slower.
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=OUTBOX)
        self._send_failed = False
        self._sender = threading.Thread(target=self._send_loop, name="import-sender", daemon=True)
        self._switching = _prompt_switching(True)
        try:
            self._sender.start()
        except BaseException:
            self._switching = _prompt_switching(False)
            raise

    @property
    def seq(self) -> int:
        return self._seq

    def append(self, event: ev.Event) -> int:
        self.append_many((event,))  # an import's events come in runs: one is a run of one
        return self._seq

    def append_many(self, events: Sequence[ev.Event]) -> None:
        """``append`` each event in turn (an import's run of them): the same rows, batches
        and seqs, the per-event tests and calls done once a run."""
        batch, redact_with, i = self._batch, self._redact, 0
        log_line, plain = ev.LogLine, _PLAIN_FIELDS
        while i < len(events):
            # Up to the end of this batch: _send decides how the next one's lines go.
            part = events[i : i + batch - len(self._rows)]
            rows, here, logs = self._rows, self._prepare_here, 0
            before = len(rows)
            try:
                if here:  # this batch's lines are encoded by the importer (see _send)
                    rows.extend(prepare(event, redact_with) for event in part)
                else:
                    for event in part:
                        if type(event) is log_line and type(event.fields) in plain:
                            # prepared by the writer, from its values (fields: a dict)
                            e: ev.LogLine = event
                            values: Prepared | LogValues = (
                                e.ts, e.source, e.level, e.message, e.detail, e.fields, e.fmt,  # type: ignore[assignment]
                                e.samples,
                            )  # fmt: skip
                            rows.append(values)
                            logs += 1
                        else:
                            rows.append(prepare(event, redact_with))
            finally:  # one that could not be prepared is not counted; a batch's seqs
                # follow from its first (see _send)
                self._seq += len(rows) - before
                self._logs_in_batch += logs
            i += len(part)
            if len(rows) >= batch:
                self._send()

    def append_durable(self, event: ev.Event, timeout: float = 10.0) -> int:
        seq = self.append(event)
        self.wait_committed(seq, timeout)
        return seq

    def wait_committed(self, seq: int, timeout: float = 10.0) -> None:
        self._send()
        self._committed_seq = self._ask(("sync",), timeout)
        if self._committed_seq < seq:
            raise StoreError("the import's writer lost events; run the import again")

    def snapshot(self, seq: int, ts: float, state: dict[str, Any]) -> None:
        form: str | bytes
        if self._redact is None:
            form = self._encoder.encode(state)
        else:
            # Marshalled now (the state lives on), encoded and redacted by the writer, which
            # has the time: a few milliseconds each, every SNAPSHOT_EVERY events.
            try:
                form = marshal.dumps(state)
            except ValueError:  # a value marshal doesn't write: encoded here
                form = self._encoder.encode(state)
        self._snapshots.append((self.session_id, seq, ts, form))

    def update_session(self, **fields: Any) -> None:
        self._fields.update(redact_fields(fields))

    def _import_meta(self, state: str, **more: Any) -> str:
        progress = self._progress() if self._progress is not None else {}
        info = {"state": state, **progress, **more}
        if state == "running" and self._writer_pid is not None:
            # Which process marks the session if the importer dies: should both die, a
            # reader on this host sees a "running" import with nobody running it.
            info.update(writer_pid=self._writer_pid, host=socket.gethostname())
        return json.dumps({"import": info})

    def end_import(self, state: str, **more: Any) -> None:
        """How the import ended (``complete``, or ``interrupted`` with the signal): written
        last at close, over whatever the log's own outcome set; an interrupted import's
        outcome is ``interrupted``."""
        self._final = {"meta": self._import_meta(state, **more)}
        if state == "interrupted":
            self._final["outcome"] = "interrupted"

    def close(self) -> None:
        """Send what is left, wait for the child to commit it all, raise what it hit."""
        if self._closed:
            if self.error is not None:
                raise self.error
            return
        self._closed = True
        self._fields.update(self._final)
        try:
            if self.error is None:  # after a failure the child is not asked again
                self._send()
                self._committed_seq = self._ask(("close",), None)
        except StoreError:
            pass  # _fail kept it in self.error
        finally:
            if self._switching:
                self._switching = _prompt_switching(False)
            self._outbox.put(None)
            self._sender.join()
            self._pipe.close()
            if self.error is None:
                # The child answered "close" with the store committed and closed: what is
                # left is its interpreter's exit, a tenth of a second of a million-line
                # import that nothing waits on. A thread reaps it.
                threading.Thread(target=self._reap, name=REAPER, daemon=True).start()
                _forget_clean_lines()  # this process may live on (an import from the UI)
            else:
                self._reap()  # its stderr said why (see _last_word)
        if self.error is not None:
            raise self.error

    def _reap(self) -> None:
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stderr is not None:
            self._proc.stderr.close()

    # --- talking to the child ---------------------------------------------------------

    def _send(self) -> None:
        rows, snapshots, fields = self._rows, self._snapshots, self._fields
        if not (rows or snapshots or fields):
            return
        if self._pipe.poll():  # the child only speaks unasked (or hangs up) when it failed
            self._fail(self._last_word())
        if rows:
            stamps = [r[0] for r in rows]
            lo, hi = min(stamps), max(stamps)
            if self._first_ts is None or lo < self._first_ts:
                self._first_ts = lo
            if self._last_ts is None or hi > self._last_ts:
                self._last_ts = hi
        first_ts, last_ts = self._first_ts, self._last_ts
        if rows and "meta" not in fields:
            fields = {**fields, "meta": self._import_meta("running")}
        unprepared = self._logs_in_batch
        self._rows, self._snapshots, self._fields = [], [], {}
        self._logs_in_batch = 0
        # The next batch's lines: encoded by whichever process has time for them (the
        # writer, unless PREPARE_HERE batches wait for it). The rows are the same either way.
        self._prepare_here = self._outbox.qsize() >= PREPARE_HERE
        if self._send_failed:
            self._fail(self._last_word())
        first_seq = self._seq - len(rows) + 1
        # The batch's search for trigger words goes to whichever process has time for it:
        # here when SEARCH_HERE batches of prepared rows wait for the writer (it is well
        # behind, and this process would soon wait for room anyway), else the writer's (None:
        # not searched). The same search gives the same rows either way.
        secret: bool | None = None
        if self._redact is None:
            secret = False
        elif (
            not unprepared
            and self._outbox.qsize() >= SEARCH_HERE
            and not _might_hold_secret(_to_search(rows))  # type: ignore[arg-type]
        ):
            secret = False  # else the writer looks again, knowing what redaction left alone
        message = (
            "batch",
            first_seq,
            secret,
            _rows_out(rows),
            snapshots,
            fields,
            first_ts,
            last_ts,
        )
        try:
            data = marshal.dumps(message)
        except ValueError as exc:  # a value of a type marshal doesn't write (not str, ...)
            self._fail(("error", f"an event could not be passed to the writer ({exc})"))
        self._outbox.put(data)

    def _send_loop(self) -> None:
        """The sender thread: writes the batches while the importer goes on parsing (the
        first ones while the writer process is still starting)."""
        while True:
            data = self._outbox.get()
            try:
                if data is None:
                    return
                if not self._send_failed:
                    self._pipe.send_bytes(data)
            except OSError:  # the writer is gone: the importer asks it why (_last_word)
                self._send_failed = True
            finally:
                self._outbox.task_done()

    def _ask(self, message: tuple[str], timeout: float | None) -> int:
        self._outbox.join()  # every batch written before the question
        if self._send_failed:
            self._fail(self._last_word())
        try:
            _send(self._pipe, message)
            if not self._pipe.poll(timeout):
                # A late answer must not be taken for the next question's: no more talk.
                self._fail(("error", "the import's writer did not answer; run it again"))
            reply = _recv(self._pipe)
        except (BrokenPipeError, ConnectionResetError, EOFError):
            reply = self._last_word()
        if reply[0] != "ok":
            self._fail(reply)
        return int(reply[1])

    def _last_word(self) -> tuple[str, Any]:
        try:
            if self._pipe.poll(1.0):
                reply: tuple[str, Any] = _recv(self._pipe)
                return reply
        except (EOFError, OSError):
            pass
        self._proc.wait()
        said = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
        last = said.strip().splitlines()[-1:] or [f"exit status {self._proc.returncode}"]
        return ("error", f"the import's writer process stopped ({last[0]})")

    def _fail(self, reply: tuple[str, Any]) -> None:
        if self.error is None:  # the first failure is the one worth telling
            self.error = StoreError(f"could not record the session: {reply[1]}")
        raise self.error


_switch_lock = threading.Lock()
_switch_users = 0  # recorders recording now (imports may overlap: a catalog's, the UI's)
_switch_was = 0.0  # the process's own interval, put back when the last one closes


def _prompt_switching(on: bool) -> bool:
    """SWITCH_INTERVAL while any BulkRecorder records, the process's own interval again when
    the last one closes, whatever order they close in. Returns ``on``."""
    global _switch_users, _switch_was
    with _switch_lock:
        if on:
            if not _switch_users:
                _switch_was = sys.getswitchinterval()
                sys.setswitchinterval(min(_switch_was, SWITCH_INTERVAL))
            _switch_users += 1
        else:
            _switch_users -= 1
            if not _switch_users:
                sys.setswitchinterval(_switch_was)
    return on


# The two processes speak marshal, not pickle: both are this interpreter (the same
# executable), and the messages are tuples, lists and dicts of strings and numbers, which
# marshal writes with far less work.
def _send(pipe: Connection, message: tuple[Any, ...]) -> None:
    pipe.send_bytes(marshal.dumps(message))


def _recv(pipe: Connection) -> Any:
    return marshal.loads(pipe.recv_bytes())


def _writer(pipe: Connection, path: str, sid: str) -> None:
    """The child: commit each batch as it arrives; answer sync and close with the top seq.
    When the importer stops (Ctrl-C, a crash) the child commits what it was sent and sees
    the pipe close."""
    top = 0
    # The rows' redaction in order: a key block logged a line at a time spans rows, and
    # batches (a batch after an unfinished block is redacted whatever its search found).
    redactor = Redactor()
    snapshots = SnapshotEncoder(redact)
    # Rows, tuples and strings: nothing here forms a reference cycle, so the collector's
    # passes over each batch's young tuples would be pure cost.
    gc.disable()
    try:
        conn = connect_current(Path(path))
        key = session_key(conn, sid)[1]  # what its rows name the session by
    except StoreError as exc:
        _send(pipe, ("error", str(exc)))
        return
    try:
        while True:
            try:
                message = _recv(pipe)
            except EOFError:
                # The importer is gone without "close" (SIGKILL, a crash): what it sent is
                # committed; the session says it was interrupted, and how far it got.
                _interrupted(conn, sid)
                break
            if message[0] == "batch":
                secret = message[2]
                prepared = _prepared(_rows_in(message[3]), None if secret is False else redact)
                if secret is None:
                    secret = _might_hold_secret(_to_search(prepared))
                secret = secret or redactor.in_key
                rows = _numbered(key, message[1], prepared, redactor if secret else None)
                states = _encoded(message[4], snapshots)
                top = max(top, commit(conn, sid, rows, states, *message[5:], index=False))
            elif message[0] == "close":
                # Closed before the answer: the importer returns with the store settled
                # (checkpointed, no -wal beside it), and may reap this process at leisure.
                conn.close()
                _send(pipe, ("ok", top))
                break
            else:
                _send(pipe, ("ok", top))
    except Exception as exc:  # disk full, a damaged file: reported to the parent, not lost
        if isinstance(exc, sqlite3.Error):  # in words: a full disk, a read-only file
            exc = store_error(Path(path), exc)
        _send(pipe, ("error", str(exc) or type(exc).__name__))
    finally:
        conn.close()


def _encoded(snapshots: list[Row], encoder: SnapshotEncoder) -> list[Row]:
    """The batch's snapshots as stored: those the importer marshalled, encoded here."""
    return [
        (sid, seq, ts, form if isinstance(form, str) else encoder.encode(marshal.loads(form)))
        for sid, seq, ts, form in snapshots
    ]


def _interrupted(conn: Any, sid: str) -> None:
    with conn:
        conn.execute(
            "UPDATE sessions SET outcome = 'interrupted', meta = json_set("
            "CASE WHEN json_valid(meta) THEN meta ELSE '{}' END, '$.import.state', "
            "'interrupted', '$.import.cause', 'the importing process stopped') WHERE id = ?",
            (sid,),
        )


# A log line's values have eight items, a prepared record six (see _prepared).
_LOG_VALUES = 8
# Fields marshal writes as they are (a JSON object's values are str, numbers, bools, None,
# lists and dicts of them); another mapping type is prepared in the importer.
_PLAIN_FIELDS = frozenset({dict, type(None)})


def _rows_out(rows: list[Prepared | LogValues]) -> bytes | list[Prepared | LogValues]:
    """A batch's rows as orjson writes them, in a third of marshal's time (a JSON line's
    fields are most of a row). Its lists come back for tuples, which prepare reads alike,
    and its floats as they were (shortest round-trip); rows it can't write exactly (a lone
    surrogate, an integer beyond 64 bits) go as they are, through marshal."""
    try:
        return orjson.dumps(rows)
    except TypeError:
        return rows


def _rows_in(rows: bytes | list[Prepared | LogValues]) -> list[Prepared | LogValues]:
    if isinstance(rows, bytes):
        return cast(list[Prepared | LogValues], orjson.loads(rows))
    return rows


def _prepared(
    batch: list[Prepared | LogValues], redact_with: Callable[[str], str] | None
) -> list[Prepared]:
    """The batch's records, its log lines' values prepared here (in the writer)."""
    return [
        prepare_log_values(cast(LogValues, r), redact_with)
        if len(r) == _LOG_VALUES
        else cast(Prepared, r)
        for r in batch
    ]


def _to_search(prepared: list[Prepared]) -> list[str]:
    """What redaction must read of a batch of ``prepare``'s records, as their flags say."""
    parts: list[str] = []
    for r in prepared:
        flags = r[5]
        if flags & REDACT_TEXT and r[4] is not None:
            parts.append(r[4])
        if flags & REDACT_DATA:
            parts.append(r[3])
    return parts


def _numbered(
    key: Any, first_seq: int, prepared: list[Prepared], redactor: Redactor | None
) -> list[Row]:
    """The batch's rows: ``prepare``'s records numbered from ``first_seq``. When the batch's
    search found a trigger word (``redactor`` given), the rows it occurs in are redacted as
    their flags say, and so are the rows after an unfinished key block (the redactor's
    ``in_key``); a row without a trigger word is what redaction would leave it."""
    if redactor is None:
        return [
            (key, seq, r[0], r[1], r[2], r[3], r[4]) for seq, r in enumerate(prepared, first_seq)
        ]
    parts, owners = _searched_parts(prepared)
    hits = {owners[i] for i in which_might_hold_secrets(parts)}
    rows: list[Row] = []
    for i, r in enumerate(prepared):
        if i in hits or redactor.in_key:
            was_in_key = redactor.in_key
            done = finish(r, redactor)
            rows.append((key, first_seq + i, *done))
            if not (was_in_key or redactor.in_key) and done[3] is r[3] and done[4] is r[4]:
                _left_alone(r)
        else:
            rows.append((key, first_seq + i, r[0], r[1], r[2], r[3], r[4]))
    return rows


def _searched_parts(prepared: list[Prepared]) -> tuple[list[str], list[int]]:
    """What redaction must read of each record, and the index of the record each is of."""
    parts: list[str] = []
    owners: list[int] = []
    harmless = _HARMLESS
    for i, r in enumerate(prepared):
        flags = r[5]
        if flags & REDACT_TEXT and r[4] is not None and r[4] not in harmless:
            parts.append(r[4])
            owners.append(i)
        if flags & REDACT_DATA and r[3] not in harmless:
            parts.append(r[3])
            owners.append(i)
    return parts, owners


# Lines already searched and found without a trigger word. A log repeats its lines a lot
# ("  - Error rate: 0.2%"), and no trigger word spans a line, so only lines not seen before
# are searched: half the search time of a million-line import. Only short lines are kept
# (a JSON line's fields are long and seldom repeat), 8 million characters at most (about
# 25 MB with what Python keeps beside each line).
_CLEAN_LINES: set[str] = set()
_CLEAN_LINE_MAX = 200
_CLEAN_CHARS_MAX = 8_000_000
_clean_chars = 0


# Rows' texts (and data) that hold a trigger word but that redaction left as they were
# ("Health checks passing"): redacted once, then known. Only in the writer, where rows are
# redacted; a row continuing a key block is redacted whatever this says (``in_key``).
_HARMLESS: set[str] = set()
_HARMLESS_MAX = 2_000_000  # characters
_harmless_chars = 0


def _left_alone(row: Prepared) -> None:
    global _harmless_chars
    if _harmless_chars >= _HARMLESS_MAX:
        return
    for part in (
        row[4] if row[5] & REDACT_TEXT else None,
        row[3] if row[5] & REDACT_DATA else None,
    ):
        if part is not None and len(part) <= _CLEAN_LINE_MAX:
            _HARMLESS.add(part)
            _harmless_chars += len(part)


def _forget_clean_lines() -> None:
    global _clean_chars, _harmless_chars
    _CLEAN_LINES.clear()
    _HARMLESS.clear()
    _clean_chars = _harmless_chars = 0


def _might_hold_secret(parts: list[str]) -> bool:
    global _clean_chars
    lines = set("\n".join(set(parts) - _HARMLESS).split("\n"))
    lines -= _CLEAN_LINES
    if not lines:
        return False
    if might_hold_secret("\n".join(lines)):
        return True
    if _clean_chars < _CLEAN_CHARS_MAX:
        keep = [line for line in lines if len(line) <= _CLEAN_LINE_MAX]
        _CLEAN_LINES.update(keep)
        _clean_chars += sum(map(len, keep))
    return False


if __name__ == "__main__":
    _writer(Connection(int(sys.argv[3])), sys.argv[1], sys.argv[2])
