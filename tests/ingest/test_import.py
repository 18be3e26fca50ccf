"""``import_files``: log files into a recorded session, checked by folding what was stored."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console import events as ev
from console.ingest import IngestError, import_files, read_lines
from console.state import State, reduce
from console.store.replay import ReplayCursor

FIXTURES = Path(__file__).parent.parent / "fixtures" / "logs"


def stored(db: Path, session_id: str) -> list[ev.Event]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT ts, kind, source, data FROM events "
            "WHERE session_key = (SELECT key FROM sessions WHERE id = ?) ORDER BY seq",
            (session_id,),
        ).fetchall()
    finally:
        conn.close()
    return [ev.from_record(*r) for r in rows]


def fold(events: list[ev.Event]) -> State:
    state = State()
    for e in events:
        reduce(state, e)
    return state


def hms(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%H:%M:%S")


def test_failed_rollout_session(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    src = FIXTURES / "rollout_missing_index.log"
    result = import_files([src], db, name="search rollout")
    n_lines = src.read_text().count("\n")
    assert result.lines_read == n_lines and result.lines_uninterpreted == 0
    events = stored(db, result.session_id)
    assert len(events) == result.events
    s = fold(events)
    assert s.info["service"] == "search-api" and s.info["version"] == "v4.2.0"
    assert [(st["traffic_pct"], hms(st["started_at"])) for st in s.stages] == [
        (10.0, "14:05:41"),
        (25.0, "14:10:45"),
        (50.0, "14:15:49"),
        (75.0, "14:20:53"),
    ]
    assert s.series(ev.LATENCY_AVG) == [96.0, 101.0, 109.0, 124.0, 163.0, 231.0, 97.0]
    assert s.series(ev.ERROR_RATE) == [0.1, 0.15, 0.2, 0.3, 0.5, 1.4, 0.1]
    assert s.series(ev.DB_CONNECTIONS) == [43.0, 51.0, 85.0, 118.0]
    assert s.series(ev.DB_CONNECTIONS, "green") == [9.0, 21.0, 44.0]
    assert s.threshold(ev.LATENCY_AVG) == 150.0
    assert [(v["metric"], hms(v["at"])) for v in s.slo_violations] == [(ev.LATENCY_P99, "14:24:00")]
    assert s.rollback is not None and hms(s.rollback["started_at"]) == "14:24:05"
    assert s.outcome is not None and s.outcome["status"] == "rolled_back"
    assert hms(s.outcome["at"]) == "14:25:30"
    assert s.green_pct == 0.0
    conn = sqlite3.connect(db)
    row = conn.execute(
        "SELECT name, outcome, events FROM sessions WHERE id = ?", (result.session_id,)
    ).fetchone()
    conn.close()
    assert row == ("search rollout", "rolled_back", result.events)
    # The log text is searchable: the first search indexes what the import left unindexed.
    with ReplayCursor(db, result.session_id) as cursor:
        assert cursor.unindexed() == result.events
        hits = cursor.search("tenant_tier")
        assert cursor.unindexed() == 0
    assert len(hits) >= 2


def test_successful_rollout_session(tmp_path: Path) -> None:
    result = import_files([FIXTURES / "rollout_success.log"], tmp_path / "s.db")
    s = fold(stored(tmp_path / "s.db", result.session_id))
    assert s.outcome is not None and s.outcome["status"] == "succeeded"
    assert [st["traffic_pct"] for st in s.stages] == [10.0, 25.0, 50.0, 75.0, 100.0]
    assert s.green_pct == 100.0 and not s.slo_violations and s.rollback is None


def test_pool_exhaustion_session(tmp_path: Path) -> None:
    result = import_files([FIXTURES / "rollout_pool_exhaustion.log"], tmp_path / "s.db")
    s = fold(stored(tmp_path / "s.db", result.session_id))
    assert [st["traffic_pct"] for st in s.stages] == [10.0, 25.0, 50.0]
    assert s.metric(ev.DB_CONNECTIONS_MAX) == 200.0
    assert max(s.series(ev.DB_CONNECTIONS)) == 200.0
    assert s.config_changes[0]["changes"]["db_pool_size"] == {"before": 20, "after": 40}
    assert s.slo_violations[0]["metric"] == ev.ERROR_RATE
    assert s.outcome is not None and s.outcome["status"] == "rolled_back"
    # The stage at 50 % started after midnight, the day after the header's date.
    assert datetime.fromtimestamp(s.stages[-1]["started_at"], UTC).day == 16


def test_service_log_gets_derived_metrics(tmp_path: Path) -> None:
    result = import_files([FIXTURES / "service_config_bug.jsonl"], tmp_path / "s.db")
    events = stored(tmp_path / "s.db", result.session_id)
    s = fold(events)
    assert s.series(ev.ERROR_RATE)[-2:] == [75.0, 0.0]
    # 10:15's charge took 2210 ms (the latency); its query's 2400 ms is the charge's part
    assert max(s.series(ev.LATENCY_AVG)) == 2210.0
    assert s.series(ev.WORK_AVG) == []
    assert s.deployments[0]["changes"]["db_pool_size"] == {"before": 12, "after": 4}
    assert s.metric(ev.POOL_AVAILABLE) == -4.0
    assert any(e.source == "derived" for e in events if isinstance(e, ev.MetricSample))


def test_several_files_merge_in_time_order(tmp_path: Path) -> None:
    agent = tmp_path / "agent.log"
    agent.write_text(
        "Start Time: 2026-03-02 10:00:00 UTC\n"
        "[10:00:00] [INFO] Task: Deploy payments-api v9.0.0 to production\n"
        "[10:15:30] [ERROR] SLO violation: error rate exceeds 1% threshold\n"
    )
    gz = tmp_path / "service.jsonl.gz"
    gz.write_bytes(gzip.compress((FIXTURES / "service_config_bug.jsonl").read_bytes()))
    result = import_files([agent, gz], tmp_path / "s.db")
    events = stored(tmp_path / "s.db", result.session_id)
    stamps = [e.ts for e in events if e.source != "derived"]
    assert stamps == sorted(stamps)  # (a minute's derived figures follow that minute)
    assert result.lines_read == 3 + 12
    # The agent log has no error-rate figures: the service log's derived ones are used.
    s = fold(events)
    assert s.series(ev.ERROR_RATE) and s.slo_violations


def test_agent_metrics_stop_derivation(tmp_path: Path) -> None:
    result = import_files(
        [FIXTURES / "rollout_missing_index.log", FIXTURES / "service_config_bug.jsonl"],
        tmp_path / "s.db",
    )
    events = stored(tmp_path / "s.db", result.session_id)
    # The agent log (2025) reports error rate and latency itself, before the service log
    # (2026) starts: derivation stands down and never competes with the agent's figures.
    derived_after = [e for e in events if isinstance(e, ev.MetricSample) and e.source == "derived"]
    assert derived_after == []


def test_mixed_file(tmp_path: Path) -> None:
    result = import_files([FIXTURES / "mixed.log"], tmp_path / "s.db")
    assert result.lines_read == 14
    # The timestamped WARN line is a text-format entry now; the rest fit no format.
    assert result.lines_uninterpreted == 3
    events = stored(tmp_path / "s.db", result.session_id)
    fmts = [e.fmt for e in events if isinstance(e, ev.LogLine)]
    assert fmts.count("json") == 1 and fmts.count("plain") == 3 and "agent" in fmts
    assert fmts.count("text") == 1


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_files_are_one_line_errors(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "nope.log"
    if kind == "directory":
        target.mkdir()
    with pytest.raises(IngestError) as err:
        import_files([target], tmp_path / "s.db")
    assert str(target) in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "s.db").exists()  # nothing recorded for a bad command line


def test_corrupt_gzip_is_an_ingest_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.gz"
    bad.write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    with pytest.raises(IngestError):
        list(read_lines(bad))


@pytest.mark.parametrize("suffix", ["bz2", "xz"])
def test_bzip2_and_xz_rotated_logs_read_as_gzip_ones_do(tmp_path: Path, suffix: str) -> None:
    # logrotate's compresscmd is often bzip2 or xz; the file's first bytes say which
    text = (FIXTURES / "service_config_bug.jsonl").read_bytes()
    packed = tmp_path / f"service.jsonl.1.{suffix}"
    packed.write_bytes(bz2.compress(text) if suffix == "bz2" else lzma.compress(text))
    assert list(read_lines(packed)) == text.decode().splitlines()
    result = import_files([packed], tmp_path / "s.db")
    assert result.lines_read == 12 and result.lines_uninterpreted == 0


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"\x28\xb5\x2f\xfd" + b"\x00" * 40, "zstd -dc"),
        (b"LPKSHHRH" + b"\x00" * 40, "journalctl --file"),
    ],
)
def test_a_zstd_archive_or_a_binary_journal_says_what_to_do(
    tmp_path: Path, head: bytes, says: str
) -> None:
    odd = tmp_path / "system.journal"
    odd.write_bytes(head)
    with pytest.raises(IngestError) as err:
        import_files([odd], tmp_path / "s.db")
    assert says in str(err.value) and str(odd) in str(err.value)
    assert "\n" not in str(err.value)
    assert not (tmp_path / "s.db").exists()  # said before any session is opened for it


def test_a_cut_xz_archive_is_an_ingest_error(tmp_path: Path) -> None:
    cut = tmp_path / "x.log.xz"
    cut.write_bytes(lzma.compress(b"2024-05-01 10:00:00 INFO ok\n" * 1000)[:60])
    with pytest.raises(IngestError):
        list(read_lines(cut))


def test_an_archive_cut_short_keeps_what_was_read_and_says_so(tmp_path: Path) -> None:
    # random ids keep xz from packing the lines into a few bytes: half the archive is lines
    rows = b"".join(
        b"2024-05-01 10:%02d:%02d INFO request %d id=%s\n"
        % (i // 60 % 60, i % 60, i, os.urandom(8).hex().encode())
        for i in range(20_000)
    )
    packed = lzma.compress(rows)
    cut = tmp_path / "app.log.xz"
    cut.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(IngestError) as err:
        import_files([cut], tmp_path / "s.db")
    assert str(cut) in str(err.value)
    [session] = sqlite3.connect(tmp_path / "s.db").execute("SELECT id, outcome FROM sessions")
    assert session[1] == "interrupted"
    kept = stored(tmp_path / "s.db", session[0])
    assert 1_000 < len(kept) < 20_000
