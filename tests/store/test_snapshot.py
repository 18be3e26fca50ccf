"""Snapshots are redacted field by field, and a field that has not changed is not
redacted again; what comes out is the State's JSON with its secrets hidden."""

from __future__ import annotations

import json

from console import events as ev
from console.redact import redact
from console.state import State, reduce
from console.store.snapshot import SnapshotEncoder

T0 = 1_732_181_400.0
SECRET = "hunter2hunter2"


def _state() -> State:
    s = State()
    reduce(s, ev.MetricSample(ts=T0, name=ev.LATENCY_P99, value=420.0))
    reduce(s, ev.LogLine(ts=T0 + 1, source="log", level="ERROR", message=f"password={SECRET}"))
    return s


def test_a_snapshot_is_the_states_json_with_secrets_hidden() -> None:
    s = _state()
    data = SnapshotEncoder(redact).encode(s.to_dict(deep=False))
    assert SECRET not in data
    restored = json.loads(data)
    assert restored["last_problem"]["message"] == redact(f"password={SECRET}")
    assert restored["history"] == {ev.LATENCY_P99: [420.0]}
    assert State.from_dict(restored).series(ev.LATENCY_P99) == [420.0]


def test_unchanged_fields_are_not_redacted_again() -> None:
    calls: list[str] = []

    def counting(text: str) -> str:
        calls.append(text)
        return redact(text)

    enc = SnapshotEncoder(counting)
    s = _state()
    first = enc.encode(s.to_dict(deep=False))
    redacted_first = len(calls)
    calls.clear()
    reduce(s, ev.MetricSample(ts=T0 + 2, name=ev.LATENCY_P99, value=430.0))
    second = json.loads(enc.encode(s.to_dict(deep=False)))
    # the clock and the counts moved; the log's last problem did not
    assert not any("last_problem" in c for c in calls)
    assert 0 < len(calls) < redacted_first
    assert second["last_problem"] == json.loads(first)["last_problem"]
    assert second["history"][ev.LATENCY_P99] == [420.0, 430.0]


def test_a_metric_name_holding_a_secret_is_redacted() -> None:
    s = State()
    reduce(s, ev.MetricSample(ts=T0, name=f"password={SECRET}", value=1.0))
    data = SnapshotEncoder(redact).encode(s.to_dict(deep=False))
    assert SECRET not in data
    json.loads(data)


def test_without_redaction_the_snapshot_is_plain_json() -> None:
    s = _state()
    data = SnapshotEncoder(None).encode(s.to_dict(deep=False))
    assert json.loads(data) == json.loads(json.dumps(s.to_dict()))
