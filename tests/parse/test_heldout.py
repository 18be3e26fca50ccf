"""The held-out set (tests/fixtures/logs/heldout/): variants of the formats written before the
parser was tuned and first run when it was done (13 of 13 right then). Kept as a check that
each file's time span, error count, derived metrics and services stay right."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console import events as ev
from console.ingest import read_chunks
from console.parse import DerivedMetrics, LogParser

HELDOUT = Path(__file__).parent.parent / "fixtures" / "logs" / "heldout"
EXPECTED = {
    k: v for k, v in json.loads((HELDOUT / "expected.json").read_text()).items() if k[0] != "_"
}
# A year-less date needs a reference (an import takes the file's modification time).
DEFAULT_REF = datetime(2024, 6, 1, tzinfo=UTC).timestamp()


def utc(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()[:26]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_heldout_file(name: str) -> None:
    want = EXPECTED[name]
    ref = (
        datetime.fromisoformat(want["ref"]).replace(tzinfo=UTC).timestamp()
        if "ref" in want
        else DEFAULT_REF
    )
    parser, derived = LogParser(year_ref=ref), DerivedMetrics()
    events: list[ev.Event] = []
    for chunk in read_chunks(HELDOUT / name):
        events += parser.feed_text(chunk)
    events += parser.flush()
    samples = [s for e in events for s in derived.feed(e)] + derived.flush()
    lines = [e for e in events if isinstance(e, ev.LogLine)]
    assert utc(min(e.ts for e in lines)).startswith(want["first"])
    assert utc(max(e.ts for e in lines)).startswith(want["last"])
    assert sum(e.level in ev.ERROR_LEVELS for e in lines) == want["errors"]
    if "entries" in want:
        assert len(lines) == want["entries"]
    names = {s.name for s in samples if isinstance(s, ev.MetricSample)}
    assert set(want.get("metrics", [])) <= names
    services = Counter((e.fields or {}).get("service") for e in lines)
    for service, n in want.get("service", {}).items():
        assert services[service] == n
