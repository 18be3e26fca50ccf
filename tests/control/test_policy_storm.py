"""Issue 19: the gate-waiting policy can't re-alert on its own findings.

An item at ``at: 1e300`` while a gate was open made the policy alert, observe its own alert,
alert again, for ever: 246k findings in 20 s, inside one ``Pipeline.feed`` (so SIGINT and
SIGTERM never ran). The agent source no longer lets such a time in; these hold the policy and
the pipeline to it on their own, with the real default analysers beside the policy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pytest

from console import events as ev
from console.analysis import default_analyzers
from console.control.policy import AutoPolicy
from console.pipeline import MAX_ANSWERS, Pipeline
from console.state import State

T0 = 1_795_000_000.0


def waiting(p: Pipeline) -> list[dict[str, object]]:
    return [f for f in p.state.findings if f["code"] == "gate_waiting"]


def open_gate(p: Pipeline) -> None:
    p.feed(ev.SessionInfo(ts=T0, source="agent", service="checkout"))
    p.feed(ev.StageStarted(ts=T0 + 1, source="agent", traffic_pct=10))
    p.feed(ev.GateOpened(ts=T0 + 300, source="agent", gate_id="g-10", stage_pct=10, next_pct=25))


@pytest.mark.parametrize("jump", [1e300, 1e18, math.inf, math.nan])
def test_a_clock_that_jumps_far_ahead_alerts_once(jump: float) -> None:
    p = Pipeline(analyzers=[*default_analyzers(), AutoPolicy(gate_alert_after=300.0)])
    open_gate(p)
    p.feed(ev.LogLine(ts=jump, source="agent", level="INFO", message="from far ahead"))
    for i in range(50):  # later events at an ordinary time: nothing more to say
        p.feed(ev.LogLine(ts=T0 + 301 + i, source="agent", level="INFO", message=f"l{i}"))
    assert len(waiting(p)) == (1 if math.isfinite(jump) else 0)


def test_waiting_alerts_once_per_period() -> None:
    p = Pipeline(analyzers=[AutoPolicy(gate_alert_after=300.0)])
    open_gate(p)
    for minute in range(1, 21):  # 20 minutes at the gate: alerts at 5, 10, 15, 20
        p.feed(ev.LogLine(ts=T0 + 300 + 60 * minute, source="agent", level="INFO", message="."))
    assert [f["data"]["waited_s"] for f in waiting(p)] == [300.0, 600.0, 900.0, 1200.0]  # type: ignore[index]


class Echo:
    """An analyser that answers every event with another: a loop, as the storm was."""

    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]:
        return [ev.LogLine(ts=event.ts, source="echo", level="INFO", message="again")]


def test_analysers_answering_each_other_are_cut_off() -> None:
    p = Pipeline(analyzers=[Echo()])
    seen: list[ev.Event] = []
    p.listeners.append(lambda e, seq: seen.append(e))
    p.feed(ev.LogLine(ts=T0, source="agent", level="INFO", message="first"))
    p.feed(ev.LogLine(ts=T0 + 1, source="agent", level="INFO", message="second"))
    # each feed returned, after MAX_ANSWERS answers and a note saying the rest were not kept
    assert len(seen) == 2 * (1 + MAX_ANSWERS + 1)
    notes = [e for e in seen if isinstance(e, ev.LogLine) and e.source == "opsconsole"]
    assert len(notes) == 2 and "not kept" in notes[0].message
