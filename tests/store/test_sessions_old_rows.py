"""Issue 19: `opsconsole sessions` survives times older versions stored from a hostile agent
(`at: -1e300`, 1e300), and the time formatting it uses never raises on them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from console import cli
from console import events as ev
from console.store.recorder import Recorder
from console.timefmt import clock, duration, iso, iso_duration


@pytest.mark.parametrize("ts", [-1e300, 1e300, -1e18, 1e18, 253402300800.0, -62135596801.0])
def test_times_outside_a_datetime_print_as_unknown(ts: float) -> None:
    assert iso(ts) is None
    assert clock(ts) == "--:--:--"


def test_durations_beyond_a_century_are_unknown() -> None:
    assert duration(1e300) is None and iso_duration(-1e300) is None
    assert duration(90.0) == "1m 30s" and iso_duration(90.0) == "PT1M30S"


def test_sessions_lists_a_store_with_minus_1e300(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # a crash log stays here
    monkeypatch.setenv("OPSCONSOLE_CONFIG_DIR", str(tmp_path / "config"))
    db = tmp_path / "old.db"
    for name in ("hostile", "fine"):
        rec = Recorder(db, name=name)
        rec.append(ev.LogLine(ts=1_795_000_000.0, source="agent", level="INFO", message="x"))
        rec.close()
    # What an older version stored for an item with "at": -1e300.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE sessions SET started_at = -1e300, ended_at = 1795000000 WHERE name = 'hostile'"
        )
    assert cli.main(["sessions", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    hostile = next(line for line in out.splitlines() if "hostile" in line)
    fine = next(line for line in out.splitlines() if "fine" in line)
    assert "2026-11-" in fine and "2026-11-" not in hostile and "-" in hostile.split()
