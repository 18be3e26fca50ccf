"""Sessions recorded through the real Pipeline and Recorder into tmp_path databases."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.pipeline import Analyzer, Pipeline
from console.state import State
from console.store.recorder import Recorder


class Recorded:
    def __init__(self, path: Path, session_id: str, states: dict[int, dict[str, Any]]) -> None:
        self.path = path
        self.session_id = session_id
        self.states = states  # seq -> live State.to_dict() right after that event


def record_session(
    path: Path,
    events: Iterable[ev.Event],
    *,
    capture: Iterable[int] = (),
    snapshot_every: int = 100,
    analyzers: Iterable[Analyzer] = (),
    name: str = "test session",
    session_id: str | None = None,
) -> Recorded:
    """Feed events live; keep the live state after each seq in ``capture``."""
    wanted = set(capture)
    states: dict[int, dict[str, Any]] = {}
    rec = Recorder(path, session_id=session_id, name=name, source="test")
    pipe = Pipeline(rec, analyzers, snapshot_every=snapshot_every)
    if 0 in wanted:
        states[0] = State().to_dict()

    def listen(_event: ev.Event, seq: int) -> None:
        if seq in wanted:
            states[seq] = pipe.state.to_dict()

    pipe.listeners.append(listen)
    pipe.feed_all(events)
    rec.wait_committed(rec.seq, timeout=120)  # close() alone may time out on a busy machine
    pipe.close()
    return Recorded(path, rec.session_id, states)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sessions.db"
