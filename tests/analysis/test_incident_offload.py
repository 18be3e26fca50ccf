"""The live incident analyser off the event loop (issue 22): the loop keeps serving while an
analysis runs, the answers come back through the pipeline in order, are recorded, replay
shows them, and the last one is what ``opsconsole rca`` says of the recorded session."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from console import events as ev
from console.analysis import IncidentAnalyzer, default_analyzers
from console.analysis.worker import Request, analyse_recorded
from console.cli import main
from console.pipeline import Pipeline
from console.runner import LiveSession
from console.state import State, reduce
from console.store.recorder import Recorder
from console.store.replay import ReplayCursor
from tests.analysis import scenarios as sc
from tests.helpers.gated_executor import GatedExecutor

WAIT_LIMIT_S = 60.0  # a bound on waiting for an answer, never a figure under test


def _incident(pipe: Pipeline) -> IncidentAnalyzer:
    return next(a for a in pipe.analyzers if isinstance(a, IncidentAnalyzer))


def _rca(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["code"] == "rca"]


def _answer(d: dict) -> tuple:
    return (
        d["root_cause"]["category"],
        d["confidence"],
        d["recommended_action"]["kind"],
        d["recommended_action"]["detail"],
        d["onset_at"],
    )


async def _until_idle(analyzer: IncidentAnalyzer, executor: GatedExecutor) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_LIMIT_S
    while analyzer.busy or executor.finished < executor.submitted:
        assert loop.time() < deadline, "the analysis never answered"
        await asyncio.sleep(0.01)
    await asyncio.sleep(0)  # the answer's callback, scheduled from the executor's thread


def _command(db: Path, session_id: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["rca", f"{db}#{session_id}", "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


async def test_the_loop_serves_while_an_analysis_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    rec = Recorder(db, name="offloaded")
    pipe = Pipeline(rec, default_analyzers())
    analyzer = _incident(pipe)
    executor = GatedExecutor()
    analyzer.offload(rec, pipe.feed, executor=executor)
    events = sc.config_bug()
    half = len(events) // 2
    for e in events[:half]:
        pipe.feed(e)
    # A run was asked for and is held: had it run on the loop, feeding would never return.
    assert analyzer.busy and executor.submitted == 1
    served = asyncio.Event()
    asyncio.get_running_loop().call_soon(served.set)
    await served.wait()  # the loop serves other work meanwhile
    for e in events[half:]:
        pipe.feed(e)  # more runs fall due while one is under way: they wait, as one
    assert executor.submitted == 1 and analyzer.busy
    assert _rca(pipe.state.findings) == []  # nothing answered yet
    assert len(analyzer.events) == 0 and analyzer.changes == []  # the store has them

    executor.gate.set()
    await _until_idle(analyzer, executor)
    assert executor.submitted == 2  # the one held, then one for every run due meanwhile
    live = _rca(pipe.state.findings)
    assert live, "the answers came back through the pipeline"
    pipe.close()
    executor.shutdown()

    live = _rca(pipe.state.findings)
    assert live[-1]["data"]["root_cause"]["category"] == "config_change"
    # In order: each answer is recorded after the one asked for before it.
    times = [f["at"] for f in live]
    assert times == sorted(times)
    # Recorded: replay shows the same findings, in the same order.
    replayed = State()
    with ReplayCursor(db, rec.session_id) as cursor:
        for _seq, e in cursor.events():
            reduce(replayed, e)
    assert _rca(replayed.findings) == live
    # One analysis everywhere: the last word is what the command says of the session.
    assert _answer(live[-1]["data"]) == _answer(_command(db, rec.session_id, capsys))


async def test_an_answer_is_the_report_on_the_session_up_to_its_event(tmp_path: Path) -> None:
    """Each run reads the store up to the event that asked for it, whatever came after."""
    db = tmp_path / "s.db"
    rec = Recorder(db, name="offloaded")
    pipe = Pipeline(rec, default_analyzers())
    analyzer = _incident(pipe)
    executor = GatedExecutor()
    analyzer.offload(rec, pipe.feed, executor=executor)
    events = sc.config_bug()
    fed = 0
    while not analyzer.busy:
        pipe.feed(events[fed])
        fed += 1
    asked_at = rec.seq  # the run reads up to here ...
    for e in events[fed:]:
        rec.append(e)  # ... and not what the store holds after it
    assert rec.seq > asked_at
    executor.gate.set()
    await _until_idle(analyzer, executor)
    assert executor.submitted == 1 and analyzer.last is not None
    expected = analyse_recorded(Request(str(db), rec.session_id, asked_at, None))
    assert analyzer.last.data == expected.data
    assert analyzer.last.data != analyse_recorded(Request(str(db), rec.session_id, rec.seq, None))
    pipe.close()
    executor.shutdown()


def test_without_an_event_loop_the_answer_comes_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    rec = Recorder(db, name="no loop")
    pipe = Pipeline(rec, default_analyzers())
    analyzer = _incident(pipe)
    analyzer.offload(rec, pipe.feed)
    pipe.feed_all(sc.config_bug())
    assert not analyzer.busy
    pipe.close()
    live = _rca(pipe.state.findings)
    assert live and live[-1]["data"]["root_cause"]["category"] == "config_change"
    assert _answer(live[-1]["data"]) == _answer(_command(db, rec.session_id, capsys))


def test_the_offloaded_and_in_memory_analysers_conclude_alike(tmp_path: Path) -> None:
    in_memory = Pipeline(analyzers=default_analyzers())
    in_memory.feed_all(sc.missing_index())
    in_memory.close()

    rec = Recorder(tmp_path / "s.db", name="offloaded")
    offloaded = Pipeline(rec, default_analyzers())
    _incident(offloaded).offload(rec, offloaded.feed)
    offloaded.feed_all(sc.missing_index())
    offloaded.close()

    last = [_rca(p.state.findings)[-1]["data"] for p in (in_memory, offloaded)]
    assert last[0]["root_cause"]["category"] == "missing_index"
    assert _answer(last[0]) == _answer(last[1])


class _Replayed:
    """A source that yields a scenario's events, giving the loop a turn between them."""

    def __init__(self, events: list[ev.Event]) -> None:
        self._events = events

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        for e in self._events:
            yield e
            await asyncio.sleep(0)


async def test_a_live_session_analyses_off_the_loop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "live.db"
    session = LiveSession(db_path=db, name="live", sources=[_Replayed(sc.config_bug())])
    analyzer = _incident(session.pipeline)
    assert analyzer.offloaded
    await session.run(asyncio.Event())
    session.close()
    assert not session.errors and not analyzer.errors
    live = _rca(session.state.findings)
    assert live[-1]["data"]["root_cause"]["category"] == "config_change"
    assert _answer(live[-1]["data"]) == _answer(_command(db, session.session_id, capsys))
