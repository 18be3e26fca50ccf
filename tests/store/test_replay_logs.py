"""Exactness on real parser output: the project's fixture logs through the parser, the
default analysers, the recorder, and back through replay, compared at every event."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from console import analysis
from console import events as ev
from console.parse import parser
from console.report.postmortem import build_report
from console.store.replay import Player, ReplayCursor
from tests.helpers.store import record_session

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"
EXPECTED = {
    "rollout_missing_index.log": "rolled_back",
    "rollout_pool_exhaustion.log": "rolled_back",
    "rollout_success.log": "succeeded",
}


def parsed(path: Path) -> Iterator[ev.Event]:
    p = parser.LogParser(source="file", now=lambda: 1_700_000_000.0)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield from p.feed(line.rstrip("\n"))
    yield from p.flush()


@pytest.mark.parametrize(
    "name", sorted(p.name for p in LOGS.glob("*.log")) if LOGS.exists() else []
)
def test_every_point_of_a_parsed_log_replays_exactly(name: str, tmp_path: Path) -> None:
    events = list(parsed(LOGS / name))
    rec = record_session(
        tmp_path / "s.db",
        events,
        capture=range(0, 100_000),
        snapshot_every=7,
        analyzers=analysis.default_analyzers(),
    )
    with ReplayCursor(rec.path, rec.session_id) as cursor:
        assert cursor.total == max(rec.states) >= len(events)
        order = list(range(cursor.total + 1))
        random.Random(name).shuffle(order)
        player = Player(cursor)
        for k in order:
            assert cursor.state_at(k).to_dict() == rec.states[k], f"state_at({k})"
            assert player.seek(k).to_dict() == rec.states[k], f"player.seek({k})"
    report = build_report(rec.path, rec.session_id)
    if name in EXPECTED:
        assert report["outcome"] == EXPECTED[name]
        assert report["stages"] and report["session"]["started_at"]
