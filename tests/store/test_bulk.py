"""The import's recorder: rows prepared here, redacted and committed by a writer process."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import OrderedDict
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from console import events as ev
from console.ingest import import_files
from console.parse import LogParser
from console.pipeline import Pipeline
from console.redact import redact
from console.store import bulk as writer
from console.store.bulk import BulkRecorder
from console.store.recorder import Recorder, create_session, new_session_id, prepare
from console.store.schema import StoreError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "logs"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9Xk3sd\n-----END RSA PRIVATE KEY-----"


def _rows(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT seq, ts, kind, source, data, text FROM events ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()


def _events(lines: list[str]) -> list[ev.Event]:
    parser = LogParser(source="log:t", now=lambda: 1_732_181_400.0)
    out: list[ev.Event] = []
    for line in lines:
        out += parser.feed(line)
    return out + parser.flush()


LOG = [
    "Agent Runtime Log - bulk test",
    "Session ID: s-1",
    "Start Time: 2024-11-21 09:30:00 UTC",
    "",
    "[09:30:00] [INFO] Connecting to postgres://app:hunter2@db:5432/orders",
    "[09:30:05] [OBSERVATION] Metrics after 1 minute at 10%:",
    "  - Average latency: 120ms",
    "  - Error rate: 0.2%",
    "",
    "[09:30:06] [THOUGHT] The key is below:",
    *("  " + line for line in PEM.split("\n")),
    '{"ts": "2024-11-21T09:30:07Z", "level": "ERROR", "message": "denied", "api_key": "sk_live_'
    'abcdefghijklmnop1234"}',
    "[09:30:08] [WARNING] weird\u2028line with a newline inside? no: one line",
    "[09:31:00] [TOOL] Executing: traffic_shift(percentage=25)",
]


def _both_stored(
    events: list[ev.Event], live: Path, bulk: BulkRecorder
) -> list[tuple[object, ...]]:
    """The events through the live recorder (into ``live``) and through ``bulk``: the bulk
    database's rows, held equal to the live one's."""
    a, b = Pipeline(Recorder(live, name="x")), Pipeline(bulk)
    for e in events:
        a.feed(e)
        b.feed(e)
    a.close()
    b.close()
    rows = _rows(bulk.path)
    assert rows == _rows(live) and len(rows) == len(events)
    return rows


def test_bulk_rows_are_the_live_recorders_rows(tmp_path: Path) -> None:
    """The same events through the import's recorder and through the live one are stored
    identically: the compact records, the redaction (a key block across lines, a URL
    password, a JSON api_key), the samples on their log line."""
    events = _events(LOG)
    assert any(isinstance(e, ev.LogLine) and e.samples for e in events)
    live, bulk = tmp_path / "live.db", tmp_path / "bulk.db"
    rows = _both_stored(events, live, BulkRecorder(bulk, name="x"))
    blob = "\n".join(f"{r[4]}\n{r[5]}" for r in rows)
    for secret in ("hunter2", "MIIEowIBAAKCAQEAx9Xk3sd", "abcdefghijklmnop1234"):
        assert secret not in blob
    # And what was stored reads back: message and detail from the text, or from the data
    # for the key block (redaction made its three lines one).
    back = [ev.from_record(r[1], r[2], r[3], r[4], r[5]) for r in rows]  # type: ignore[arg-type]
    logs = [e for e in back if isinstance(e, ev.LogLine)]
    assert len(logs) == len([e for e in events if isinstance(e, ev.LogLine)])
    assert logs[0].message == "Agent Runtime Log - bulk test"
    observation = next(e for e in logs if e.level == "OBSERVATION")
    assert observation.detail == ("  - Average latency: 120ms", "  - Error rate: 0.2%", "")
    assert observation.samples == ((ev.LATENCY_AVG, 120.0, ""), (ev.ERROR_RATE, 0.2, ""))
    thought = next(e for e in logs if e.level == "THOUGHT")
    assert thought.message == "The key is below:"
    assert thought.detail[0].startswith("  -----BEGIN RSA PRIVATE KEY-----«redacted»")


def _snapshots(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT seq, ts, state FROM snapshots ORDER BY seq").fetchall()
    finally:
        conn.close()


def test_bulk_snapshots_are_the_live_recorders_snapshots(tmp_path: Path) -> None:
    """The importer hands its snapshots over marshalled and the writer encodes them: stored
    as the live recorder stores them, a secret in the state redacted, and a state marshal
    can't write (a set) encoded by the importer itself, the same way."""
    events = _events(LOG)
    live, bulk = tmp_path / "live.db", tmp_path / "bulk.db"
    a = Pipeline(Recorder(live, name="x"), snapshot_every=3)
    b = Pipeline(BulkRecorder(bulk, name="x"), snapshot_every=3)
    for e in events:
        a.feed(e)
        b.feed(e)
    # An OrderedDict: JSON takes it, marshal (exact types only) does not.
    odd = {"info": {"note": "password=hunter2"}, "tags": ["a"], "odd": OrderedDict(x=1)}
    for recorder in (a.recorder, b.recorder):
        assert recorder is not None
        recorder.snapshot(1000, 5.0, {**odd, "odd": {"x": 1}})
        recorder.snapshot(1001, 6.0, odd)
    a.close()
    b.close()
    stored = _snapshots(bulk)
    assert stored == _snapshots(live) and len(stored) == len(events) // 3 + 2
    assert "hunter2" not in "".join(str(s[2]) for s in stored)
    assert "«redacted»" in str(stored[-1][2])


def test_a_writer_that_dies_is_one_clear_error(tmp_path: Path) -> None:
    rec = BulkRecorder(tmp_path / "s.db", name="x", batch=10)
    rec._proc.kill()
    rec._proc.wait()
    with pytest.raises(StoreError) as caught:
        try:  # as an import does: closed whatever happened (its sender thread ends)
            for i in range(1000):
                rec.append(ev.LogLine(ts=float(i), level="INFO", message=f"line {i}"))
        finally:
            rec.close()
    message = str(caught.value)
    assert message.startswith("could not record the session:") and "\n" not in message


def test_the_switch_interval_is_short_while_recording_and_restored_after(
    tmp_path: Path,
) -> None:
    """While an import records, the interpreter's switch interval is at most 1 ms (the
    sender thread takes the lock back after each write of a batch); once the last of
    overlapping recorders closes, in whatever order, or fails, the process has its own."""
    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.004)
        a = BulkRecorder(tmp_path / "a.db", name="a", batch=10)
        assert sys.getswitchinterval() <= writer.SWITCH_INTERVAL
        b = BulkRecorder(tmp_path / "b.db", name="b", batch=10)
        for i in range(100):
            a.append(ev.LogLine(ts=float(i), level="INFO", message=f"line {i}"))
            b.append(ev.LogLine(ts=float(i), level="INFO", message=f"line {i}"))
        a.close()  # the first opened closes first: b still records
        assert sys.getswitchinterval() <= writer.SWITCH_INTERVAL
        b.close()
        assert sys.getswitchinterval() == pytest.approx(0.004)
        failing = BulkRecorder(tmp_path / "t.db", name="y", batch=10)
        failing._proc.kill()
        failing._proc.wait()
        with pytest.raises(StoreError):
            try:  # as an import does: closed whatever happened
                for i in range(1000):
                    failing.append(ev.LogLine(ts=float(i), level="INFO", message=f"line {i}"))
            finally:
                failing.close()
        assert sys.getswitchinterval() == pytest.approx(0.004)
    finally:
        sys.setswitchinterval(before)


def test_an_unwritable_store_is_reported_before_any_work(tmp_path: Path) -> None:
    not_a_db = tmp_path / "x.db"
    not_a_db.write_text("this is not SQLite")
    with pytest.raises(StoreError, match="not an opsconsole session database"):
        BulkRecorder(not_a_db, name="x")


def test_a_killed_import_keeps_what_it_sent(tmp_path: Path) -> None:
    """SIGKILL the importer mid-way: the writer commits what it had received, the file is
    sound, and the session holds events 1..N with no gap."""
    from bench.bench_import import write_log

    log = tmp_path / "big.log"
    write_log(log, 400_000)
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "import", str(log), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("OPSCONSOLE_")},
            "PYTHONPATH": str(ROOT),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
        },
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "the import ended before it could be killed"
            assert time.monotonic() < deadline, "nothing was committed in time"
            if db.exists():
                try:
                    conn = sqlite3.connect(db, timeout=5)
                    n = conn.execute("SELECT count(*) FROM events").fetchone()[0]
                    conn.close()
                except sqlite3.OperationalError:
                    n = 0
                if n > 0:
                    break
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    # The writer sees the pipe close, commits and exits; give it a moment.
    deadline = time.monotonic() + 30
    conn = sqlite3.connect(db, timeout=30)
    while time.monotonic() < deadline:
        seqs = [r[0] for r in conn.execute("SELECT seq FROM events ORDER BY seq")]
        time.sleep(0.3)
        if [r[0] for r in conn.execute("SELECT seq FROM events ORDER BY seq")] == seqs:
            break
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) > 0
    (events,) = conn.execute("SELECT events FROM sessions").fetchone()
    assert events == len(seqs)
    conn.close()


def test_import_through_the_writer_matches_the_fixture_session(tmp_path: Path) -> None:
    """A whole fixture log imported: every seq stored once, the sessions row's extent and
    count agree with the rows."""
    log = FIXTURES / "rollout_missing_index.log"
    db = tmp_path / "f.db"
    result = import_files([log], db, name="f")
    conn = sqlite3.connect(db)
    seqs = [r[0] for r in conn.execute("SELECT seq FROM events ORDER BY seq")]
    lo, hi = conn.execute("SELECT min(ts), max(ts) FROM events").fetchone()
    row = conn.execute("SELECT events, started_at, ended_at FROM sessions").fetchone()
    conn.close()
    assert seqs == list(range(1, result.events + 1))
    assert row == (result.events, lo, hi)


def test_the_writers_own_error_is_the_one_the_user_reads(tmp_path: Path) -> None:
    """A writer that cannot store (here a trigger stands in for a full disk) reports what
    SQLite said, once, not that its process went away."""
    from console.store.schema import connect

    db = tmp_path / "s.db"
    conn = connect(db).conn
    conn.execute(
        "CREATE TRIGGER full BEFORE INSERT ON events "
        "BEGIN SELECT RAISE(FAIL, 'database or disk is full (test)'); END"
    )
    conn.commit()
    conn.close()
    log = tmp_path / "a.log"
    log.write_text("".join(f"[10:00:{i % 60:02d}] [INFO] line {i}\n" for i in range(30_000)))
    with pytest.raises(StoreError) as caught:
        import_files([log], db, name="full")
    said = str(caught.value)
    # In words, once: what is wrong (not "damaged", not the writer "stopping") and what to do.
    assert said.count("could not record the session") == 1
    assert f"cannot write {db}: the disk is full" in said and "free some space" in said


def test_a_version_1_store_is_upgraded_in_place_and_still_searches(tmp_path: Path) -> None:
    """A version 1 file (a sample session as shipped before it was regenerated, kept frozen
    here since sample_sessions/ follows the current schema): opening one for writing drops
    the time index, rebuilds the search index without column sizes, sets its merge policy
    and narrows the markers' index to events other than log lines; nothing is lost."""
    import shutil

    from console.store.replay import ReplayCursor
    from console.store.schema import SCHEMA_VERSION, connect

    source = ROOT / "tests" / "fixtures" / "store" / "v1-pool-exhaustion.db"
    db = tmp_path / "old.db"
    shutil.copy(source, db)
    before = _rows(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    connect(db).conn.close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").fetchone()[0]
    (sid,) = conn.execute("SELECT id FROM sessions").fetchone()
    policy = dict(conn.execute("SELECT k, v FROM events_fts_config"))
    marks = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'idx_events_marks'"
    ).fetchone()[0]
    conn.close()
    assert "idx_events_session_id_ts" not in names and "columnsize=0" in sql
    assert "idx_events_session_id_kind_seq" not in names
    assert "WHERE kind != 'log'" in marks
    assert (policy["automerge"], policy["crisismerge"]) == (64, 256)
    assert _rows(db) == before
    cursor = ReplayCursor(db, sid)
    try:
        assert cursor.search("rollback")
        found = {m.marker for m in cursor.markers()}
        assert {"stage", "rollback", "error"} <= found, found
    finally:
        cursor.close()


def test_a_secret_beside_lines_already_found_clean_is_still_redacted(tmp_path: Path) -> None:
    """The writer searches only lines it has not cleared before. A row whose other lines
    were cleared in an earlier batch, with a password on a new line, is still redacted; so
    is the same row again (a line with a secret is never taken as cleared). Batches of one
    row: each is its own search."""
    cleared = ["[09:30:00] [INFO] Deploying:", "  - replicas: 3", "  - zone: a"]
    risky = ["[09:30:01] [INFO] Deploying:", "  - replicas: 3", "  - alpha: 1", "  - token: s3cr3t"]
    again = ["[09:30:02] [INFO] Deploying:", "  - replicas: 3", "  - alpha: 1", "  - token: s3cr3t"]
    db = tmp_path / "s.db"
    pipeline = Pipeline(BulkRecorder(db, name="x", batch=1))
    for e in _events(cleared + risky + again):
        pipeline.feed(e)
    pipeline.close()
    texts = [r[5] for r in _rows(db)]
    assert texts[0] == "Deploying:\n  - replicas: 3\n  - zone: a"
    assert len(texts) == 3 and all("token: «redacted»" in t for t in texts[1:]), texts
    conn = sqlite3.connect(db)
    try:
        found = conn.execute("SELECT count(*) FROM events_fts WHERE text MATCH 's3cr3t'")
        assert found.fetchone() == (0,)
    finally:
        conn.close()


def test_a_new_store_has_the_search_index_merge_policy_and_larger_pages(tmp_path: Path) -> None:
    from console.store.schema import PAGE_SIZE, SCHEMA_VERSION, connect

    connect(tmp_path / "new.db").conn.close()
    conn = sqlite3.connect(tmp_path / "new.db")
    try:
        policy = dict(conn.execute("SELECT k, v FROM events_fts_config"))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert version == SCHEMA_VERSION
    assert page_size == PAGE_SIZE != 4096
    assert (policy["automerge"], policy["crisismerge"]) == (64, 256)


def test_a_markers_query_reads_the_markers_index_not_the_session(tmp_path: Path) -> None:
    """The markers' index leaves log lines out (v4): a marker's query must say so in the
    index's own words, or SQLite walks every row of the session for each marker."""
    from console.store.replay import ReplayCursor

    db = tmp_path / "s.db"
    pipeline = Pipeline(BulkRecorder(db, name="x"))
    for e in _events(LOG):
        pipeline.feed(e)
    pipeline.close()
    conn = sqlite3.connect(db)
    (sid, key) = conn.execute("SELECT id, key FROM sessions").fetchone()
    cursor = ReplayCursor(db, sid)
    try:
        for marker in ("stage", "rollback", "error"):
            for where, params in cursor._marker_sql(marker):
                if "kind = 'log'" in where:
                    continue  # a level marker reads the session's logs in seq order
                plan = conn.execute(
                    f"EXPLAIN QUERY PLAN SELECT seq FROM events WHERE session_key = ? AND {where} "
                    "AND seq > ? ORDER BY seq LIMIT 1",
                    (key, *params, 0),
                ).fetchall()
                assert "idx_events_marks" in str(plan), (marker, plan)
    finally:
        cursor.close()
        conn.close()


@pytest.mark.parametrize("searched_by", ["importer", "writer"])
def test_a_batch_is_redacted_whichever_process_searched_it(
    tmp_path: Path, searched_by: str
) -> None:
    """The importer searches a batch for trigger words when the writer is behind, else the
    writer does (the message says None). The writer process, spoken to over a real pipe,
    stores the same redacted rows either way; a batch the importer cleared is taken as
    clean."""

    db = tmp_path / "s.db"
    sid = new_session_id()
    create_session(db, sid, name="x", source="test")
    prepared = [prepare(e, redact) for e in _events(LOG)]
    secret = (
        writer._might_hold_secret(writer._to_search(prepared))
        if searched_by == "importer"
        else None
    )
    assert secret in (True, None)
    ours, theirs = socket.socketpair()
    child = subprocess.Popen(
        [sys.executable, "-m", "console.store.bulk", str(db), sid, str(theirs.fileno())],
        pass_fds=(theirs.fileno(),),
        cwd=ROOT,
    )
    theirs.close()
    pipe = Connection(ours.detach())
    try:
        writer._send(pipe, ("batch", 1, secret, prepared, [], {}, None, None))
        writer._send(pipe, ("close",))
        assert writer._recv(pipe) == ("ok", len(prepared))
    finally:
        pipe.close()
        child.wait(timeout=30)
    stored = "\n".join(str(r[4]) + str(r[5]) for r in _rows(db))
    assert "hunter2" not in stored and "sk_live_abcdefghijklmnop1234" not in stored
    assert "MIIEowIBAAKCAQEAx9Xk3sd" not in stored and "«redacted»" in stored
    assert [r[0] for r in _rows(db)] == list(range(1, len(prepared) + 1))


def test_the_store_is_settled_when_the_import_returns(tmp_path: Path) -> None:
    """The writer closes the database before it answers "close": the import returns with
    no -wal file beside the store, so a copy of the file alone holds the whole session."""
    import shutil

    db = tmp_path / "s.db"
    result = import_files([FIXTURES / "rollout_missing_index.log"], db)
    assert not Path(f"{db}-wal").exists()
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    assert len(_rows(copy)) == result.events > 0


def test_a_value_marshal_cannot_write_is_one_clear_error(tmp_path: Path) -> None:
    rec = BulkRecorder(tmp_path / "s.db", name="x")
    rec.append(ev.LogLine(ts=1.0, level="INFO", message="kept"))
    rec.update_session(name=Path("not a str"))  # a caller's mistake, not the parser's
    with pytest.raises(StoreError) as caught:
        rec.close()
    message = str(caught.value)
    assert "could not be passed to the writer" in message and "\n" not in message


def test_only_the_rows_holding_a_trigger_word_go_through_redaction() -> None:
    """A batch with a secret in it: the writer redacts the rows its one search points at
    (and the lines of a key block after its BEGIN line), and stores exactly what redacting
    every row in order would, ordinary rows untouched."""
    from console.redact import Redactor
    from console.store.recorder import finish

    lines = [*LOG, *(f"[09:31:{i:02d}] [INFO] request {i} served in 20ms" for i in range(40))]
    lines.insert(20, "[09:30:59] [INFO] webhook https://hooks.example.com/ok")
    prepared = [prepare(e, redact) for e in _events(lines)]
    every = Redactor()
    expected = [("s", seq, *finish(r, every)) for seq, r in enumerate(prepared, 1)]
    calls: list[str] = []

    class Counting(Redactor):
        def __call__(self, text: str) -> str:
            calls.append(text)
            return super().__call__(text)

    rows = writer._numbered("s", 1, prepared, Counting())
    assert rows == expected
    stored = "\n".join(str(r[5]) + str(r[6]) for r in rows)
    assert "hunter2" not in stored and "MIIEowIBAAKCAQEAx9Xk3sd" not in stored
    assert 0 < len(calls) < len(prepared) // 2  # not the whole batch


def test_rows_redaction_left_alone_are_known_but_a_key_block_still_hides_them(
    tmp_path: Path,
) -> None:
    """A row with a trigger word that redaction leaves as it is ("checks passing") is
    redacted once and then known; a key block written one line per entry still hides the
    lines after it (they look like key material), whatever was known of them, and a real
    secret in a row of the same words is still redacted. Batches of 50 rows."""
    harmless = "[09:30:{:02d}] [INFO] Health checks passing on all pods"
    lines = [harmless.format(i % 60) for i in range(200)]
    lines += [
        "[09:40:00] [INFO] -----BEGIN RSA PRIVATE KEY-----",
        "[09:40:01] [INFO] MIIEowIBAAKCAQEAx9Xk3sd",
        "[09:40:02] [INFO] -----END RSA PRIVATE KEY-----",
        "[09:40:03] [INFO] Health checks passing on all pods, password=hunter2",
        *[harmless.format(i) for i in range(50)],
    ]
    db = tmp_path / "s.db"
    writer._forget_clean_lines()
    pipeline = Pipeline(BulkRecorder(db, name="x", batch=50))
    for e in _events(lines):
        pipeline.feed(e)
    pipeline.close()
    texts = [str(r[5]) for r in _rows(db)]
    assert texts.count("Health checks passing on all pods") == 250
    assert "MIIEowIBAAKCAQEAx9Xk3sd" not in "\n".join(texts)
    assert "hunter2" not in "\n".join(texts)
    assert "Health checks passing on all pods, password=«redacted»" in texts


def test_the_writer_remembers_only_what_redaction_left_alone() -> None:
    rows = [
        prepare(e, redact)
        for e in _events(["[09:30:00] [INFO] passing", "[09:30:01] [INFO] token=abc123def"])
    ]
    writer._forget_clean_lines()
    out = writer._numbered("s", 1, rows, writer.Redactor())
    assert out[1][6] != rows[1][4]  # the token was redacted
    assert "passing" in writer._HARMLESS and rows[1][4] not in writer._HARMLESS
    assert not writer._might_hold_secret(writer._to_search(rows[:1]))
    assert writer._might_hold_secret(writer._to_search(rows))


def test_no_trigger_word_is_made_of_hex_digits_alone() -> None:
    """Field values of hex digits (request and trace ids) are taken as clean without a
    search: that holds only while no trigger word of redaction is hex digits alone."""
    from console.redact import _WORD_RULE
    from console.store import recorder

    assert [w for w in _WORD_RULE if not w.strip(recorder._HEX)] == []
    assert recorder._clean_fields({"trace.id": "154cd2aad7185ddaee82ec3ffee5a5b2", "n": 1})
    assert not recorder._clean_fields({"trace.id": "154cd2aad7185dd", "auth": "Bearer x"})


def test_log_lines_encoded_by_the_writer_are_the_live_recorders_rows(tmp_path: Path) -> None:
    """Log lines go to the writer as their values and are encoded there (or here, when the
    writer is behind): whatever their fields hold (lists, nested objects, NaN, an integer
    beyond 64 bits, a lone surrogate, a mapping that is not a dict), whatever their text
    (detail lines, a newline inside a line, a surrogate), the rows are the live recorder's."""
    from types import MappingProxyType

    def line(ts: float, **kw: object) -> ev.LogLine:
        return ev.LogLine(ts=ts, source="log:t", level="INFO", fmt="json", **kw)  # type: ignore[arg-type]

    plain = [
        line(1.0, message="ok", fields={"a": [1, 2.5, None], "b": {"c": True}}),
        line(2.0, message="ok", samples=(("latency_ms", 12.5, ""), ("http_status", 200.0, ""))),
        line(3.0, message="head", detail=("  one", "  two"), fields={"token": "sk_live_x1"}),
        line(4.0, message="two\nlines", fields={"n": float("nan")}),
        line(5.0, message="caf\u00e9", fields={"k": "v"}, samples=(("q", 0.1, "green"),)),
    ]
    awkward = [  # orjson can't write these batches: they go through marshal
        line(6.0, message="big", fields={"id": 2**70}),
        line(7.0, message="lone \ud800 surrogate", fields={"s": "x\udcff"}),
    ]
    other = [line(8.0, message="proxy", fields=MappingProxyType({"m": 1}))]
    cases = [(plain, False), (awkward, False), (plain + other + plain, False), (plain, True)]
    for n, (events, here) in enumerate(cases):
        rec = BulkRecorder(tmp_path / f"bulk{n}.db", name="x")
        # The importer encodes a batch's lines itself when the writer is behind (several
        # batches waiting for it): the same rows.
        rec._prepare_here = here
        rows = _both_stored(events, tmp_path / f"live{n}.db", rec)
    assert "sk_live_x1" not in str(rows)


@pytest.mark.parametrize("redact_with", [None, redact])
@pytest.mark.parametrize(
    ("message", "detail", "fields", "samples"),
    [
        ("Health checks passing on all pods", (), None, ()),
        (
            "Metrics after 5 minutes at 10%:",
            ("  - Error rate: 0.2%", "  - P99 latency: 424ms", ""),
            None,
            (("error_rate_pct", 0.2, ""), ("latency_p99_ms", 424.0, "")),
        ),
        ("Config applied:", ("  password: hunter2",), {"service": "checkout"}, ()),
        ("two lines in one", ("  first\nsecond",), None, ()),  # not compact: a line's newline
        ("a lone surrogate", ("  bad \udc80 byte",), None, ()),  # not compact: replaced
    ],
)
def test_log_values_prepared_as_their_log_line(
    message: str,
    detail: tuple[str, ...],
    fields: dict[str, str] | None,
    samples: tuple[tuple[str, float, str], ...],
    redact_with: object,
) -> None:
    # The writer prepares an entry from its values (its continuation lines too) without
    # building the LogLine: the record and flags must be the LogLine's, compact or not.
    line = ev.LogLine(
        ts=1.5, source="log", level="OBSERVATION", message=message, detail=detail,
        fields=fields, fmt="agent", samples=samples,
    )  # fmt: skip
    values = (1.5, "log", "OBSERVATION", message, list(detail), fields, "agent", samples)
    got = writer._prepared([values], redact_with)  # type: ignore[arg-type, list-item]
    assert got == [prepare(line, redact_with)]  # type: ignore[arg-type]
