"""Issue 19: one bad event costs only itself; the recorder never stays failed after a bad batch.

Before, an event at ``ts = NaN`` (SQLite stores NULL, events.ts is NOT NULL) failed its whole
batch, the note written in its place failed the same way, and every later decision said
"could not be recorded". These run the real Recorder on a real SQLite file.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from console import events as ev
from console.store.recorder import Recorder

T0 = 1_795_000_000.0


def line(ts: float, message: str, **kw: object) -> ev.LogLine:
    return ev.LogLine(ts=ts, source="agent", level="INFO", message=message, **kw)  # type: ignore[arg-type]


def decision(ts: float) -> ev.DecisionRequested:
    return ev.DecisionRequested(
        ts=ts,
        source="operator",
        decision_id="d-1",
        gate_id="gate-1-10",
        decision="approve",
        operator="alice",
    )


def rows(db: Path) -> list[tuple[int, float, str, str]]:
    with sqlite3.connect(db) as conn:
        return list(
            conn.execute(
                "SELECT seq, ts, kind, data || ' ' || coalesce(text, '') FROM events ORDER BY seq"
            )
        )


@pytest.mark.parametrize(
    "bad",
    [
        line(math.nan, "nan time"),
        line(math.inf, "infinite time"),
        line(-math.inf, "minus infinite time"),
        line(T0, "lone \ud800 surrogate"),
        line(T0, "field", fields={"gate": "g-\udfff"}),
        ev.GateOpened(ts=T0, source="agent", gate_id="g-\ud834", stage_pct=10.0, next_pct=25.0),
        ev.SessionInfo(ts=math.nan, source="agent", service="svc-\udc80"),
    ],
    ids=["nan", "inf", "-inf", "surrogate", "surrogate-field", "surrogate-gate", "session"],
)
def test_a_bad_event_costs_only_itself(tmp_path: Path, bad: ev.Event) -> None:
    db = tmp_path / "s.db"
    rec = Recorder(db, name="isolation")
    rec.append(line(T0, "before"))
    rec.append(bad)
    rec.append(line(T0 + 1, "after"))
    # the decision after it is recorded: not "could not be recorded"
    seq = rec.append_durable(decision(T0 + 2))
    rec.append(line(T0 + 3, "later"))
    rec.close()
    assert rec.error is None
    stored = rows(db)
    assert [r[0] for r in stored] == [1, 2, 3, 4, 5]  # no gap: the bad one keeps its seq
    assert all(math.isfinite(r[1]) for r in stored)
    assert stored[seq - 1][2] == "decision"
    assert json.loads(stored[seq - 1][3].strip())["operator"] == "alice"
    messages = " ".join(r[3] for r in stored)
    assert "before" in messages and "after" in messages and "later" in messages
    with sqlite3.connect(db) as conn:
        started, ended, count = conn.execute(
            "SELECT started_at, ended_at, events FROM sessions"
        ).fetchone()
    assert math.isfinite(started) and math.isfinite(ended) and count == 5


def test_a_row_sqlite_refuses_is_isolated_and_later_batches_commit(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    rec = Recorder(db, name="isolation")
    rec.append_durable(line(T0, "first"))
    # The store refuses one particular row (what a constraint or a damaged page would do).
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.text LIKE '%poison%' "
            "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"
        )
    rec.append(line(T0 + 1, "fine one"))
    rec.append(line(T0 + 2, "poison"))
    rec.append(line(T0 + 3, "fine two"))
    rec.append_durable(decision(T0 + 4))
    rec.close()
    assert rec.error is None
    stored = rows(db)
    assert [r[0] for r in stored] == [1, 2, 3, 4, 5]
    assert "could not be stored" in stored[2][3] and "poison" not in stored[2][3]
    assert "fine two" in stored[3][3] and stored[4][2] == "decision"


def test_a_failed_batch_does_not_fail_the_ones_after(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    rec = Recorder(db, name="isolation")
    rec.append_durable(line(T0, "first"))
    # Every write fails for a while (a full disk, a lock held too long) ...
    with sqlite3.connect(db) as conn:
        conn.execute(
            "CREATE TRIGGER outage BEFORE INSERT ON events "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
        conn.execute(
            "CREATE TRIGGER outage2 BEFORE UPDATE ON sessions "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    lost = rec.append(line(T0 + 1, "during the outage"))
    with pytest.raises(sqlite3.Error):
        rec.wait_committed(lost)
    assert rec.error is not None
    # ... then the store is back: the next decision is recorded, and the error is gone.
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER outage")
        conn.execute("DROP TRIGGER outage2")
    seq = rec.append_durable(decision(T0 + 2))
    assert rec.error is None
    rec.close()
    assert [r[0] for r in rows(db)] == [1, seq]
