"""Any sequence of valid events folds into State without raising, and snapshots round-trip."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console import events as ev
from console.pipeline import Pipeline
from console.state import State, reduce

# A few ids and words, so that closes meet their opens and decisions their results.
IDS = st.sampled_from(["g1", "g2", "gate-50", "d1", "d2", ""])
WORDS = st.sampled_from(
    [
        "approve",
        "hold",
        "rollback",
        "succeeded",
        "rolled_back",
        "failed",
        "blue",
        "green",
        "",
        "INFO",
        "WARNING",
        "WARN",
        "ERROR",
        "FAILURE",
        "critical",
        "ok",
        "stale",
        "error",
        ev.LATENCY_P99,
        ev.ERROR_RATE,
        ev.DB_CONNECTIONS,
        ev.POOL_AVAILABLE,
    ]
)
TEXT = st.one_of(WORDS, st.text(max_size=40))
FLOAT = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([0.0, 10.0, 25.0, 50.0, 75.0, 100.0, 1e300, -1e300]),
)
TS = st.floats(min_value=-62_135_596_800.0, max_value=253_402_300_799.0, allow_nan=False)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=6), kids, max_size=3)
    ),
    max_leaves=8,
)
MAPPING = st.dictionaries(st.text(max_size=8) | WORDS, JSONISH, max_size=4)

FIELD_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "str": TEXT,
    "str | None": st.none() | TEXT,
    "float": FLOAT,
    "float | None": st.none() | FLOAT,
    "int": st.integers(min_value=-(2**31), max_value=2**31),
    "bool": st.booleans(),
    "tuple[str, ...]": st.lists(st.text(max_size=20), max_size=4).map(tuple),
    "tuple[float, ...]": st.lists(FLOAT, max_size=6).map(tuple),
    "Mapping[str, Any]": MAPPING,
    "Mapping[str, Any] | None": st.none() | MAPPING,
    "tuple[Mapping[str, Any], ...]": st.lists(MAPPING, max_size=3).map(tuple),
    "tuple[tuple[str, float, str], ...]": st.lists(
        st.tuples(WORDS, FLOAT, st.sampled_from(["", "blue", "green"])), max_size=6
    ).map(tuple),
}
# Fields whose values are ids or vocabulary: drawn from the small sets above.
NAMED: dict[str, st.SearchStrategy[Any]] = {
    "gate_id": IDS,
    "decision_id": IDS,
    "decision": WORDS,
    "status": WORDS,
    "level": WORDS,
    "name": WORDS,
    "metric": WORDS,
    "scope": st.sampled_from(["", "blue", "green"]),
    "colour": st.sampled_from(["blue", "green"]),
}


def strategy_for(cls: type[ev.Event]) -> st.SearchStrategy[ev.Event]:
    kwargs: dict[str, st.SearchStrategy[Any]] = {"ts": TS, "source": TEXT}
    for f in dataclasses.fields(cls):
        if f.name in ("ts", "source"):
            continue
        optional = "None" in str(f.type)
        if f.name in NAMED:
            kwargs[f.name] = (st.none() | NAMED[f.name]) if optional else NAMED[f.name]
        else:
            kwargs[f.name] = FIELD_STRATEGIES[str(f.type)]
    return st.builds(cls, **kwargs)


def test_every_event_type_has_a_strategy() -> None:
    # A new event field of a new type fails here, so the fuzzing below keeps covering it.
    for cls in ev.EVENT_TYPES.values():
        strategy_for(cls)
    assert len(ev.EVENT_TYPES) >= 20


EVENTS = st.one_of([strategy_for(cls) for cls in ev.EVENT_TYPES.values()])


def _normalise(d: Any) -> Any:
    """What a JSON round trip does (tuples → lists); floats compared bit for bit."""
    return json.loads(json.dumps(d, allow_nan=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, max_size=60))
def test_reduce_never_raises_and_snapshots_round_trip(events: list[ev.Event]) -> None:
    state = State()
    for e in events:
        assert reduce(state, e) is state
        state.agent_state  # noqa: B018 - the derived views must not raise either
        state.stage_index  # noqa: B018
        state.elapsed  # noqa: B018
    snap = state.to_dict()
    again = State.from_dict(snap).to_dict()
    assert again == snap
    # Snapshots are stored as JSON: restoring from the stored text gives the same state.
    stored = json.dumps(snap, separators=(",", ":"))
    restored = State.from_dict(json.loads(stored)).to_dict()
    assert _normalise(restored) == _normalise(snap)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EVENTS, max_size=30))
def test_events_survive_the_store_format(events: list[ev.Event]) -> None:
    """to_record/from_record (what replay reads) and the pipeline without a recorder."""
    pipe = Pipeline()
    for e in events:
        pipe.feed(e)
        ts, kind, source, data, _ = ev.to_record(e)
        back = ev.from_record(ts, kind, source, data)
        assert type(back) is type(e)
        assert ev.to_record(back)[3] == data
    assert pipe.state.counts["events"] == len(events)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.builds(
            ev.MetricSample,
            ts=st.floats(allow_nan=True, allow_infinity=True),
            name=WORDS,
            value=st.floats(allow_nan=True, allow_infinity=True),
            scope=st.sampled_from(["", "blue", "green"]),
        ),
        max_size=20,
    )
)
def test_non_finite_numbers_do_not_raise(events: list[ev.MetricSample]) -> None:
    # A NaN/inf that slipped past a source must not take the console down.
    state = State()
    for e in events:
        reduce(state, e)
    state.to_dict()
    for e in events:
        data = ev.to_record(e)[3]
        # The stored JSON is strict (no NaN/Infinity tokens other readers would refuse).
        back = json.loads(data, parse_constant=_refuse)
        assert back["value"] == (e.value if math.isfinite(e.value) else None)


def _refuse(token: str) -> Any:
    raise AssertionError(f"non-standard JSON constant {token} in a stored event")


SAMPLE_VALUES = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([1e308, -1e308])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.lists(SAMPLE_VALUES, min_size=1, max_size=6)), max_size=12)
)
def test_the_pipeline_keeps_exactly_the_finite_samples(
    blocks: list[tuple[bool, list[float]]],
) -> None:
    # NaN and infinities can't be stored faithfully (JSON), so the pipeline drops them, and
    # a batch with nothing else; finite ones stay, whatever their sum (1e308 + 1e308).
    pipe = Pipeline()
    kept: list[float] = []
    for i, (as_batch, values) in enumerate(blocks):
        samples = tuple(("m", v, "") for v in values)
        finite = [v for v in values if math.isfinite(v)]
        if as_batch:
            seq = pipe.feed(ev.MetricBatch(ts=float(i), samples=samples))
            assert (seq == 0) == (not finite)
        else:
            assert pipe.feed(ev.LogLine(ts=float(i), level="INFO", message="m", samples=samples))
        kept.extend(finite)
    assert list(pipe.state.history.get("m", [])) == kept
