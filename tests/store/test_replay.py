"""Replay: the state after seeking equals the state the live feed reached at that point."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

from bench.bench_replay import realistic_events
from console import events as ev
from console.state import State
from console.store.replay import Player, ReplayCursor, fts_query, label
from console.store.schema import StoreError
from tests.helpers.store import record_session

N = 4000
CAPTURE = (0, 1, 2, 99, 100, 101, 517, 1234, 2000, 2999, 3301, 3777)


class P99Watch:
    """A real analyser: answers the first p99 sample over its threshold with a Finding."""

    def __init__(self) -> None:
        self.fired = False

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        if (
            not self.fired
            and isinstance(event, ev.MetricSample)
            and event.name == ev.LATENCY_P99
            and state.breached(ev.LATENCY_P99)
        ):
            self.fired = True
            yield ev.Finding(
                ts=event.ts, source="analysis", code="p99_breach", severity="critical",
                message=f"p99 {event.value:g} ms over the SLO",
            )  # fmt: skip


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("replay") / "sessions.db"
    capture = set(CAPTURE) | set(range(N - 40, N + 40))
    rec = record_session(path, realistic_events(N, seed=3, rate=10.0), capture=capture,
                         analyzers=[P99Watch()])  # fmt: skip
    return rec


def _final_seq(recorded) -> int:  # type: ignore[no-untyped-def]
    return max(recorded.states)


def test_seek_equals_live_forwards_and_backwards(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        assert cursor.total == _final_seq(recorded)
        points = [*sorted(CAPTURE), cursor.total, *sorted(CAPTURE, reverse=True)]
        for k in points:
            assert cursor.state_at(k).to_dict() == recorded.states[k], f"seek to {k}"


def test_player_seek_and_step_equal_live(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        player = Player(cursor)
        rnd = random.Random(5)
        points = [*CAPTURE, cursor.total]
        rnd.shuffle(points)
        for k in points:  # a mix of short forward folds and snapshot jumps both ways
            assert player.seek(k).to_dict() == recorded.states[k]
            assert player.position == k
        player.seek(1233)
        assert player.step(1).to_dict() == recorded.states[1234]
        player.seek(1235)
        assert player.step(-1).to_dict() == recorded.states[1234]


def test_analysis_events_are_replayed_not_recomputed(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        final = cursor.state_at(cursor.total)
        assert [f["code"] for f in final.findings].count("p99_breach") == 1
        assert final.outcome is not None and final.outcome["status"] == "rolled_back"


def test_state_at_clamps_and_starts_empty(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        assert cursor.state_at(-5).to_dict() == State().to_dict()
        assert cursor.state_at(10**9).to_dict() == recorded.states[cursor.total]


def test_seq_at_time_matches_the_session_clock(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        assert cursor.start_ts is not None and cursor.last_ts is not None
        assert cursor.seq_at_time(cursor.start_ts - 1) == 0
        assert cursor.seq_at_time(cursor.last_ts) == cursor.total
        rnd = random.Random(11)
        for _ in range(15):
            t = rnd.uniform(cursor.start_ts, cursor.last_ts)
            seq = cursor.seq_at_time(t)
            clock = cursor.state_at(seq).clock
            assert clock is not None and clock <= t
            if seq < cursor.total:
                after = cursor.state_at(seq + 1).clock
                assert after is not None and after > t


def test_events_are_read_in_chunks_in_order(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        seqs = [seq for seq, _e in cursor.events(95, 1210, chunk=64)]
        assert seqs == list(range(95, 1211))
        assert cursor.event(1) is not None and cursor.event(1).kind == "session_info"  # type: ignore[union-attr]
        assert cursor.event(cursor.total + 1) is None


def test_markers_next_and_previous(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        stages = [seq for seq, e in cursor.events() if isinstance(e, ev.StageStarted)]
        assert len(stages) == 4
        m = cursor.next_marker(0, ["stage"])
        assert m is not None and m.seq == stages[0] and m.label == "stage 10% on green"
        m = cursor.next_marker(stages[1], ["stage"])
        assert m is not None and m.seq == stages[2]
        m = cursor.prev_marker(stages[2], ["stage"])
        assert m is not None and m.seq == stages[1]
        assert cursor.prev_marker(stages[0], ["stage"]) is None
        assert cursor.next_marker(stages[-1], ["stage"]) is None

        decisions = [s for s, e in cursor.events() if e.kind in ("decision", "decision_result")]
        found = [m.seq for m in cursor.markers(["decision"])]
        assert found == decisions

        errors = [
            s for s, e in cursor.events()
            if (isinstance(e, ev.LogLine) and e.level.upper() in ev.ERROR_LEVELS)
            or isinstance(e, ev.SloViolation)
            or (isinstance(e, ev.Finding) and e.severity == "critical")
        ]  # fmt: skip
        assert errors
        m = cursor.next_marker(errors[0], ["error"])
        assert m is not None and m.seq == errors[1]
        warnings = [
            s for s, e in cursor.events()
            if (isinstance(e, ev.LogLine) and e.level.upper() in ev.WARNING_LEVELS)
            or (isinstance(e, ev.Finding) and e.severity == "warning")
        ]  # fmt: skip
        m = cursor.prev_marker(cursor.total, ["warning"])
        assert m is not None and m.seq == warnings[-1]
        # any marker: the nearest of all kinds
        every = sorted({m.seq for m in cursor.markers()})
        m = cursor.next_marker(every[3])
        assert m is not None and m.seq == every[4]
        with pytest.raises(ValueError):
            cursor.next_marker(0, ["bogus"])


def test_search_hits_and_unsafe_input(recorded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        expected = [
            s for s, e in cursor.events()
            if isinstance(e, ev.LogLine) and "upstream timeout" in e.message
        ]  # fmt: skip
        assert expected
        assert cursor.search("upstream timeout") == expected
        assert cursor.search("UPSTREAM   time") == expected  # prefix on the last word
        assert cursor.search("threshold exceeded")  # the agent's warning line
        for nasty in ["foo-bar", '"', 'a"b', "AND", "OR NOT", "*", "(", "col:x", "NEAR(", "'"]:
            assert isinstance(cursor.search(nasty), list)
        assert cursor.search("   ") == []
        assert cursor.search("upstream", limit=3) == expected[:3]


def test_fts_query_quotes_everything() -> None:
    assert fts_query('foo-bar "x') == '"foo-bar" """x"*'
    assert fts_query("a b", prefix=False) == '"a" "b"'
    assert fts_query("- * ( )") is None


def test_search_stays_in_its_session(db_path: Path) -> None:
    one = record_session(db_path, [ev.LogLine(ts=10.0, level="INFO", message="kiwi pear")])
    two = record_session(db_path, [ev.LogLine(ts=20.0, level="INFO", message="kiwi plum")])
    with ReplayCursor(db_path, one.session_id) as c1, ReplayCursor(db_path, two.session_id) as c2:
        assert c1.search("kiwi") == [1] and c2.search("kiwi") == [1]
        assert c1.search("plum") == [] and c2.search("plum") == [1]


def test_log_window_scrolls_back_and_forward(recorded) -> None:  # type: ignore[no-untyped-def]
    with ReplayCursor(recorded.path, recorded.session_id) as cursor:
        logs = [s for s, e in cursor.events() if isinstance(e, ev.LogLine)]
        i = logs.index(next(s for s in logs if s > 2500))
        window = cursor.log_window(logs[i], limit=50)
        assert [s for s, _ in window] == logs[i - 50 : i]
        assert all(isinstance(line, ev.LogLine) for _, line in window)
        older = cursor.log_window(window[0][0], limit=50)
        assert [s for s, _ in older] == logs[i - 100 : i - 50]
        assert [s for s, _ in cursor.log_after(logs[i], limit=5)] == logs[i + 1 : i + 6]
        assert cursor.log_window(1, limit=10) == []


def _gappy(path: Path) -> ReplayCursor:
    base = 1_700_000_000.0
    times = [0, 1, 2, 3, 603, 604, 605, 1805, 1806]
    lines = [
        ev.LogLine(ts=base + t, level="INFO", message=f"line {i}") for i, t in enumerate(times)
    ]
    rec = record_session(path, lines)
    return ReplayCursor(path, rec.session_id)


def test_idle_gaps(db_path: Path) -> None:
    with _gappy(db_path) as cursor:
        gaps = cursor.idle_gaps(60)
        assert [(g.seq, g.seconds) for g in gaps] == [(5, 600.0), (8, 1200.0)]
        assert cursor.idle_gaps(1000)[0].seq == 8


def test_player_ticks_on_the_session_clock_and_skips_idle(db_path: Path) -> None:
    with _gappy(db_path) as cursor:
        assert cursor.start_ts is not None
        player = Player(cursor, speed=2.0)
        assert player.tick(1.0) == 3  # 2 s of session time: events at +0, +1, +2
        assert player.position == 3 and player.clock == cursor.start_ts + 2
        assert player.tick(10.0) == 1  # +3, then nothing until +603
        assert player.position == 4

        skipping = Player(cursor, speed=1.0, skip_idle=30.0)
        skipping.tick(4.0)
        assert skipping.position == 4
        skipping.tick(20.0)  # 21 s of quiet so far: still waiting
        assert skipping.position == 4
        assert skipping.tick(10.0) == 2  # 31 s: the 600 s gap plays as 30 s, +603 and +604
        assert skipping.position == 6
        assert skipping.clock == cursor.start_ts + 604
        while not skipping.at_end:
            skipping.tick(1.0)
        assert skipping.state.to_dict() == cursor.state_at(cursor.total).to_dict()
        assert skipping.playing is False

        player.seek_time(cursor.start_ts + 604.5)
        assert player.position == 6


def test_unknown_session_and_untouched_file(db_path: Path) -> None:
    rec = record_session(db_path, realistic_events(300, seed=1))
    before = (db_path.read_bytes(), db_path.stat().st_mtime_ns)
    with pytest.raises(StoreError, match="no session 'nope'"):
        ReplayCursor(db_path, "nope")
    with ReplayCursor(db_path, rec.session_id) as cursor:
        cursor.state_at(150)
        cursor.search("catalog")
        cursor.markers()
        cursor.idle_gaps(1)
        Player(cursor, speed=100).tick(60)
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    assert hashlib.sha256(before[0]).hexdigest()  # the bytes were really read


def test_damaged_events_page_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    rec = record_session(path, realistic_events(3000, seed=2))
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    rnd = random.Random(0)
    for offset in range(page * 3, len(data)):  # keep the schema pages, scramble the rest
        data[offset] = rnd.randrange(256)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info, ReplayCursor(path, rec.session_id) as cursor:
        cursor.state_at(cursor.total)
    assert "\n" not in str(info.value)


def test_an_slo_violation_is_named_once() -> None:
    """The agent's line usually starts "SLO violation:" itself (the report's "Detected by"
    said it twice); a bare message or a metric name gets the words in front."""
    message = "SLO violation: P99 latency exceeds 500ms threshold"
    said = ev.SloViolation(
        ts=0.0, metric="latency_p99_ms", value=910.0, threshold=500.0, message=message
    )
    assert label(said) == "SLO violation: P99 latency exceeds 500ms threshold"
    bare = ev.SloViolation(ts=0.0, metric="error_rate_pct", value=1.4, threshold=1.0, message="")
    assert label(bare) == "SLO violation: error_rate_pct"
