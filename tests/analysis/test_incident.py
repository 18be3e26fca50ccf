from console import events as ev
from console.analysis import IncidentAnalyzer, default_analyzers
from console.pipeline import Pipeline
from console.store.recorder import Recorder
from tests.analysis import scenarios as sc


def _rca(events: list[ev.Event]) -> list[ev.Finding]:
    p = Pipeline(analyzers=default_analyzers())
    out: list[ev.Finding] = []
    p.listeners.append(
        lambda e, seq: out.append(e) if isinstance(e, ev.Finding) and e.code == "rca" else None
    )
    p.feed_all(events)
    return out


def test_config_bug_live_panel_settles_on_config_change() -> None:
    found = _rca(sc.config_bug())
    assert found
    last = found[-1]
    assert last.data is not None
    assert last.data["root_cause"]["category"] == "config_change"
    assert last.data["confidence"] >= 0.9
    assert last.severity == "critical"
    # the panel's words are its data's (the band's first answer: 95-97 % as more is read)
    assert last.message.startswith(f"likely cause: config_change ({last.data['confidence']:.0%})")
    # only changes of the top candidate or its band are announced
    keys = [(f.data["root_cause"]["category"], f.severity) for f in found if f.data]
    assert len(keys) == len(set(keys)) <= 4
    assert all(f.ts >= sc.BUG_ONSET for f in found)


def test_missing_index_live_before_rollback() -> None:
    found = _rca(sc.missing_index())
    assert found[-1].data["root_cause"]["category"] == "missing_index"
    assert found[0].ts < sc.AGENT_WARNING_AT


def test_healthy_no_rca_finding() -> None:
    assert _rca(sc.healthy()) == []


def test_throttled_by_event_time() -> None:
    analyzer = IncidentAnalyzer(every_s=30)
    runs = 0
    original = analyzer._run

    def counting(now: float, *, final: bool = False) -> list[ev.Event]:
        nonlocal runs
        runs += 1
        return original(now, final=final)

    analyzer._run = counting  # type: ignore[method-assign]
    p = Pipeline(analyzers=[analyzer])
    events = sc.config_bug()
    p.feed_all(events)
    span = events[-1].ts - events[0].ts
    assert runs <= span / 30 + 2
    assert len(events) > 10 * runs


def test_rca_findings_are_recorded(tmp_path) -> None:
    import sqlite3

    db = tmp_path / "s.db"
    rec = Recorder(db, name="t")
    p = Pipeline(rec, analyzers=default_analyzers())
    p.feed_all(sc.config_bug())
    p.close()
    con = sqlite3.connect(db)
    kinds = [r[0] for r in con.execute("select kind from events where kind = 'finding'")]
    con.close()
    assert len(kinds) == len(p.state.findings) > 0
