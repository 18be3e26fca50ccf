"""Log and change files through the real parser, then the analysis."""

from pathlib import Path

import pytest

from console import events as ev
from console.analysis import default_analyzers
from console.analysis.inputs import InputError, events_from_files
from console.analysis.rca import analyse
from console.pipeline import Pipeline

FIXTURES = Path(__file__).parent.parent / "fixtures" / "rca"
CONFIG_BUG = sorted((FIXTURES / "config-bug").glob("*.jsonl"))
AGENT_LOG = FIXTURES / "missing-index-agent.log"


def test_config_bug_files() -> None:
    r = analyse(events_from_files(CONFIG_BUG), service="checkout-service")
    assert r.category == "config_change"
    assert r.confidence >= 0.9
    assert r.deployment is not None
    assert r.deployment["version"] == "v1.8.0"
    assert r.deployment["gap_to_onset_s"] == 900
    assert r.action_kind == "rollback"
    assert "db_pool_size = 10" in r.action_detail
    assert {e.source for e in r.evidence} == {"logs", "metrics", "deploy"}
    text = "\n".join(e.detail for e in r.evidence)
    assert "15m before the onset" in text
    assert "below the 8 concurrent calls" in text
    assert "pool_available=-3" in text


def test_config_bug_without_the_change_file() -> None:
    logs_only = [p for p in CONFIG_BUG if p.name != "changes.jsonl"]
    r = analyse(events_from_files(logs_only))
    assert r.category == "capacity"
    assert r.confidence < 0.9
    assert any("no deployment or config-change events" in x for x in r.limitations)


def test_missing_index_agent_log() -> None:
    events = events_from_files([AGENT_LOG])
    r = analyse(events)
    assert r.category == "missing_index"
    assert r.action_kind == "rollback"
    assert "CREATE INDEX idx_products_region" in r.action_detail
    alts = {a["category"]: a for a in r.alternatives}
    assert alts["capacity"]["why_not"].startswith("connections stayed healthy")


def test_missing_index_agent_log_early_warning_leads_the_agent() -> None:
    p = Pipeline(analyzers=default_analyzers())
    seen: list[ev.Event] = []
    p.listeners.append(lambda e, seq: seen.append(e))
    p.feed_all(events_from_files([AGENT_LOG]))
    warnings = [e for e in seen if isinstance(e, ev.Finding) and e.code == "early_warning"]
    agent = next(
        e
        for e in seen
        if isinstance(e, ev.LogLine) and e.level == "WARNING" and "threshold" in e.message
    )
    assert warnings
    assert min(w.ts for w in warnings) <= agent.ts - 60


def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        events_from_files([tmp_path / "nope.log"])
    assert "cannot read" in str(info.value) and "\n" not in str(info.value)


def test_parse_alert_at() -> None:
    from console.analysis.inputs import parse_alert_at

    assert parse_alert_at("2026-02-06T12:15:00Z") == parse_alert_at("2026-02-06 12:15:00")
    assert parse_alert_at("1770380100") == 1770380100.0
    with pytest.raises(InputError, match="cannot read --alert-at"):
        parse_alert_at("quarter past twelve")


def _record(tmp_path: Path, events: list[ev.Event]) -> tuple[Path, str]:
    from console.store.recorder import Recorder

    db = tmp_path / "sessions.db"
    rec = Recorder(db, name="t")
    p = Pipeline(rec, analyzers=default_analyzers())
    p.feed_all(events)
    p.close()
    return db, rec.session_id


def test_load_inputs_reads_sessions_and_files(tmp_path: Path) -> None:
    from console.analysis.inputs import load_inputs

    db, sid = _record(tmp_path, events_from_files([AGENT_LOG]))
    for spec, store in ((str(db), None), (f"{db}#{sid}", None), (sid[:12], db)):
        events, notes = load_inputs([spec], db_path=store)
        assert notes == [f"session {sid} in {db}: {len(events)} events"]
        r = analyse(events, input_notes=notes)
        assert r.category == "missing_index"
        assert r.to_dict()["inputs"] == notes
        # the recorded early warning is used, not re-detected
        assert r.early_warning is not None and r.early_warning["lead_s"] >= 60

    events, notes = load_inputs([str(db), *map(str, CONFIG_BUG)])
    assert len(notes) == 1 + len(CONFIG_BUG)
    assert [e.ts for e in events] == sorted(e.ts for e in events)


def test_load_inputs_bad_input_is_one_line(tmp_path: Path) -> None:
    from console.analysis.inputs import load_inputs
    from console.store.schema import StoreError

    with pytest.raises(InputError, match="no such file"):
        load_inputs([str(tmp_path / "missing.log")])
    with pytest.raises(StoreError):
        load_inputs(["no-such-session"], db_path=tmp_path / "none.db")
