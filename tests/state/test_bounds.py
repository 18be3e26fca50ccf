"""State stays bounded however long the session: the first and the latest entries of each
record, with a count of those between; keyed records stop taking new keys at a limit."""

from __future__ import annotations

import json

from console import events as ev
from console.state import KEEP_FIRST, KEEP_LAST, MAX_KEYS, State, reduce, reduce_all

T0 = 1_732_181_400.0


def _long_session(n: int) -> list[ev.Event]:
    out: list[ev.Event] = []
    for i in range(n):
        t = T0 + i * 10
        out += [
            ev.StageStarted(ts=t, traffic_pct=(i % 5 + 1) * 20),
            ev.SloViolation(ts=t + 1, metric=ev.LATENCY_P99, value=600 + i, threshold=500),
            ev.ToolCall(ts=t + 2, tool="get_metrics", args={"n": i}),
            ev.Finding(ts=t + 3, code="trend", severity="warning", message=f"finding {i}"),
            ev.MetricSample(ts=t + 4, name=ev.LATENCY_P99, value=float(i)),
        ]
    return out


def test_records_keep_their_first_and_latest_entries_and_count_the_rest() -> None:
    n = 2000
    s = reduce_all(State(), _long_session(n))
    for name in ("stages", "slo_violations", "tools", "findings"):
        kept = getattr(s, name)
        assert len(kept) == KEEP_FIRST + KEEP_LAST[name]
        assert s.total(name) == n
        assert s.omitted[name] == n - len(kept)
    # the first ones and the latest ones, in order
    values = [v["value"] for v in s.slo_violations]
    assert values[:KEEP_FIRST] == [600 + i for i in range(KEEP_FIRST)]
    assert values[KEEP_FIRST:] == [600 + i for i in range(n - KEEP_LAST["slo_violations"], n)]
    # the current stage is still the last one, and it is open
    assert s.stages[-1]["traffic_pct"] == (n - 1) % 5 * 20 + 20
    assert s.stages[-1]["ended_at"] is None


def test_the_snapshot_of_a_long_session_is_no_larger_than_a_shorter_ones() -> None:
    short = json.dumps(reduce_all(State(), _long_session(500)).to_dict())
    long = json.dumps(reduce_all(State(), _long_session(5000)).to_dict())
    assert len(long) < 1.05 * len(short)  # longer numbers only, not more entries


def test_a_bounded_state_round_trips_through_its_snapshot() -> None:
    events = _long_session(400)
    s = reduce_all(State(), events[:1000])
    restored = State.from_dict(json.loads(json.dumps(s.to_dict())))
    for e in events[1000:]:
        reduce(s, e)
        reduce(restored, e)
    assert restored.to_dict() == s.to_dict()


def test_metric_series_stop_at_max_keys_and_count_the_rest() -> None:
    s = State()
    for i in range(MAX_KEYS + 30):
        reduce(s, ev.MetricSample(ts=T0 + i, name=f"m{i}", value=1.0))
    assert len(s.history) == len(s.metrics) == MAX_KEYS
    assert s.omitted["metrics"] == 30
    reduce(s, ev.MetricSample(ts=T0 + 999, name="m0", value=2.0))  # a kept series goes on
    assert s.series("m0") == [1.0, 2.0] and s.metric("m0") == 2.0
    assert s.metric(f"m{MAX_KEYS + 1}") is None
