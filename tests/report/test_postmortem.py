"""The postmortem export: figures computed from a recorded session, nulls for the unseen."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from console import events as ev
from console.pipeline import Pipeline
from console.report.build import build
from console.report.postmortem import (
    ExportError,
    build_report,
    export_session,
    render_json,
    render_markdown,
)
from console.store.notes import add_note
from console.store.recorder import Recorder
from console.store.schema import StoreError

T0 = 1_741_096_800.0  # 2025-03-04T14:00:00Z


def iso(offset: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(T0 + offset, UTC).isoformat().replace("+00:00", "Z")


def metrics(t: float, **values: float) -> list[ev.Event]:
    names = {
        "avg": ev.LATENCY_AVG, "p95": ev.LATENCY_P95, "p99": ev.LATENCY_P99,
        "err": ev.ERROR_RATE, "db": ev.DB_CONNECTIONS, "dbmax": ev.DB_CONNECTIONS_MAX,
    }  # fmt: skip
    return [
        ev.MetricSample(ts=T0 + t, source="agent", name=names[k], value=v)
        for k, v in values.items()
    ]


def failed_rollout() -> list[ev.Event]:
    """A 50 % stage that degrades, an early warning, an SLO breach and a rollback."""
    t = T0
    out: list[ev.Event] = [
        ev.SessionInfo(ts=t, source="agent", name="search-api v4.2.0", service="search-api",
                       version="v4.2.0", attempt="2/3", agent="RolloutBot 1.4"),
        ev.StagePlan(ts=t + 1, steps=(10.0, 25.0, 50.0, 75.0, 100.0)),
        ev.Threshold(ts=t + 2, metric=ev.LATENCY_AVG, value=150.0),
        ev.Threshold(ts=t + 2, metric=ev.LATENCY_P99, value=500.0, slo=True),
        ev.Deployment(ts=t + 60, service="search-api", version="v4.2.0", environment="green"),
        ev.StageStarted(ts=t + 100, traffic_pct=10.0),
        ev.TrafficSplit(ts=t + 100, green_pct=10.0),
        *metrics(160, avg=112, p99=300, err=0.1, db=60, dbmax=250),
        ev.GateOpened(ts=t + 400, gate_id="g1", stage_pct=10.0, next_pct=25.0),
        ev.DecisionRequested(ts=t + 420, decision_id="d1", gate_id="g1", decision="approve",
                             operator="dana", origin="console", reason="green healthy"),
        ev.DecisionResult(ts=t + 421, decision_id="d1", result="accepted"),
        ev.GateClosed(ts=t + 422, gate_id="g1", decision="approve", operator="dana",
                      reason="green healthy"),
        ev.StageStarted(ts=t + 422, traffic_pct=25.0),
        *metrics(480, avg=121, err=0.1, db=80),
        ev.GateOpened(ts=t + 700, gate_id="g2", stage_pct=25.0, next_pct=50.0),
        # decided on another console: only the agent's report of it is in this session
        ev.GateClosed(ts=t + 720, source="agent", gate_id="g2", decision="approve",
                      operator="lee", reason="looks fine"),
        ev.StageStarted(ts=t + 722, traffic_pct=50.0),
        *metrics(780, avg=130, p95=420, p99=480, err=0.3, db=120),
        *metrics(900, avg=178, p99=620, err=0.9, db=150),
        ev.Finding(ts=t + 905, source="analysis", code="early_warning", severity="warning",
                   message="p99 climbing 9 %/min on green", metric=ev.LATENCY_P99),
        ev.LogLine(ts=t + 925, source="agent", level="WARNING",
                   message="Latency threshold exceeded: 178ms (threshold: 150ms)"),
        *metrics(960, avg=215, p95=450, p99=780, err=1.2, db=155),
        ev.SloViolation(ts=t + 960, source="agent", metric=ev.LATENCY_P99, value=780.0,
                        threshold=500.0, message="P99 latency over 500ms"),
        ev.LogLine(ts=t + 960, source="agent", level="ERROR", message="SLO breached on green"),
        ev.DecisionRequested(ts=t + 970, decision_id="d2", gate_id=None, decision="rollback",
                             operator="dana", origin="console", reason="p99 over SLO"),
        ev.DecisionResult(ts=t + 971, decision_id="d2", result="accepted"),
        ev.RollbackStarted(ts=t + 972, source="agent", reason="operator abort"),
        ev.TrafficSplit(ts=t + 1020, green_pct=0.0),
        *metrics(1050, avg=108, p99=300, err=0.2),
        ev.Outcome(ts=t + 1050, status="rolled_back", detail="index missing on green",
                   time_to_detect="about 4 minutes at 50%", time_to_rollback="80 seconds"),
    ]  # fmt: skip
    return out


def record(path: Path, events: list[ev.Event], *, session_id: str = "s-1") -> str:
    rec = Recorder(path, session_id=session_id, name=None, source="test")
    pipe = Pipeline(rec, snapshot_every=7)
    pipe.feed_all(events)
    rec.wait_committed(rec.seq, timeout=120)  # close() alone may time out on a busy machine
    pipe.close()
    return rec.session_id


@pytest.fixture
def failed(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "s.db"
    sid = record(path, failed_rollout())
    add_note(path, sid, "p99 already drifting | before the warning", at=T0 + 890,
             author="kim")  # fmt: skip
    return path, sid


def test_json_summary_figures(failed: tuple[Path, str]) -> None:
    report = json.loads(render_json(build_report(*failed)))
    s = report["session"]
    assert s == s | {
        "id": "s-1", "name": "search-api v4.2.0", "service": "search-api",
        "version": "v4.2.0", "started_at": iso(0), "ended_at": iso(1050),
        "attempt": "2/3", "agent": "RolloutBot 1.4",
    }  # fmt: skip
    assert report["outcome"] == "rolled_back"
    f = report["summary"]
    assert f["impact_started_at"] == iso(900) and f["impact_metric"] == ev.LATENCY_AVG
    # Detection: the console's first sign of the incident at or after its onset (900).
    assert f["detected_at"] == iso(905) and "p99 climbing" in f["detected_by"]
    assert f["onset_at"] == iso(900) and f["time_to_detect_s"] == 5.0
    assert f["first_warning_at"] is None  # no sign in the 50 % stage before the onset
    assert f["rollback_started_at"] == iso(972)
    assert f["rollback_completed_at"] == iso(1020)
    assert f["time_to_rollback_s"] == 115.0  # detection -> traffic back on blue
    assert f["impact_ended_at"] == iso(1050) and f["impact_seconds"] == 150.0
    assert f["agent_time_to_detect"] == "about 4 minutes at 50%"
    assert f["agent_customer_impact"] is None


def test_json_stages_peaks_decisions(failed: tuple[Path, str]) -> None:
    report = build_report(*failed)
    assert report["stages"] == [
        {"traffic_pct": 10.0, "started_at": iso(100), "ended_at": iso(422), "seconds": 322.0,
         "status": "passed"},
        {"traffic_pct": 25.0, "started_at": iso(422), "ended_at": iso(722), "seconds": 300.0,
         "status": "passed"},
        {"traffic_pct": 50.0, "started_at": iso(722), "ended_at": iso(1050), "seconds": 328.0,
         "status": "failed"},
    ]  # fmt: skip
    assert report["stage_marks"] == "✓10% ✓25% ✗50% ·75% ·100%"
    assert report["peaks"] == {
        "latency_avg_ms": 215.0, "latency_p95_ms": 450.0, "latency_p99_ms": 780.0,
        "work_avg_ms": None, "work_p95_ms": None, "work_p99_ms": None,
        "error_rate_pct": 1.2, "db_connections": 155.0, "db_connections_max": 250.0,
    }  # fmt: skip
    p99 = next(m for m in report["metrics"] if m["metric"] == ev.LATENCY_P99)
    assert p99 == p99 | {"peak": 780.0, "peak_at": iso(960), "low": 300.0, "samples": 5,
                         "threshold": 500.0, "slo": True, "breached": True}  # fmt: skip
    dbmax = next(m for m in report["metrics"] if m["metric"] == ev.DB_CONNECTIONS_MAX)
    assert dbmax["threshold"] is None and dbmax["breached"] is None
    decisions = [
        (d["at"], d["decision"], d["operator"], d["result"], d["reason"], d["gate_id"],
         d["origin"])
        for d in report["decisions"]
    ]  # fmt: skip
    assert decisions == [
        (iso(420), "approve", "dana", "accepted", "green healthy", "g1", "console"),
        (iso(720), "approve", "lee", "accepted", "looks fine", "g2", "agent"),
        (iso(970), "rollback", "dana", "accepted", "p99 over SLO", None, "console"),
    ]
    assert [g["decision"] for g in report["gates"]] == ["approve", "approve"]
    assert [x["code"] for x in report["findings"]] == ["early_warning"]
    assert report["slo_violations"][0]["value"] == 780.0
    assert report["notes"][0] | {"created_at": None} == {
        "id": 1, "at": iso(890), "seq": None, "author": "kim",
        "body": "p99 already drifting | before the warning", "created_at": None,
    }  # fmt: skip


def test_timeline_orders_everything_with_notes(failed: tuple[Path, str]) -> None:
    timeline = build_report(*failed)["timeline"]
    kinds = [item["kind"] for item in timeline]
    assert kinds[:3] == ["deployment", "stage", "gate_opened"]
    assert kinds[-1] == "outcome"
    note = kinds.index("note")
    assert kinds[note - 1 : note + 4] == ["stage", "note", "impact", "detected", "finding"]
    assert kinds[-4:] == ["rollback", "rollback_done", "recovered", "outcome"]
    ats = [item["at"] for item in timeline]
    assert ats == sorted(ats)
    rollback = next(i for i in timeline if i["kind"] == "decision" and "rollback" in i["text"])
    assert rollback["who"] == "dana" and rollback["why"] == "p99 over SLO"
    assert any(i["kind"] == "log" and "threshold exceeded" in i["text"] for i in timeline)


def test_markdown_sections_and_figures(failed: tuple[Path, str]) -> None:
    md = render_markdown(build(*failed))
    for heading in ("# Postmortem: search-api v4.2.0", "## Summary", "## Stages",
                    "## Gates and decisions", "## Metric peaks", "## Timeline",
                    "## Findings", "## Reviewer notes"):  # fmt: skip
        assert heading + "\n" in md
    assert "| Outcome | rolled_back |" in md
    assert "| Time to detect | 5s (agent: about 4 minutes at 50%) |" in md
    assert "| Time to roll back | 1m 55s (agent: 80 seconds) |" in md
    assert "Stages: ✓10% ✓25% ✗50% ·75% ·100% (rolled_back)" in md
    assert f"| Impact window | {iso(900)} to {iso(1050)} (2m 30s" in md
    assert f"| {iso(970)} | rollback | dana | p99 over SLO | (no gate) | accepted |" in md
    assert f"| {iso(720)} | approve | lee | looks fine | g2 | accepted |" in md
    assert f"| `latency_p99_ms` | total | 780 ms | {iso(960)} | 500 ms (SLO) | YES |" in md
    assert "| 50 % | ✗ failed | " + iso(722) in md
    assert "p99 already drifting \\| before the warning" in md  # log text can't break tables
    assert "**warning** p99 climbing 9 %/min on green" in md


def test_unseen_values_are_null_not_zero(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    sid = record(path, [ev.LogLine(ts=T0, level="INFO", message="agent starting")])
    report = json.loads(render_json(build_report(path, sid)))
    assert report["outcome"] == "in_progress"
    assert report["session"]["service"] is None and report["session"]["ended_at"] is None
    assert set(report["peaks"].values()) == {None}
    assert report["stages"] == [] and report["decisions"] == [] and report["notes"] == []
    assert all(
        report["summary"][k] is None
        for k in ("time_to_detect_s", "time_to_rollback_s", "impact_seconds", "detected_at",
                  "first_warning_at", "attempt", "rollback_completed_at")
    )  # fmt: skip
    md = render_markdown(build(path, sid))
    assert "| Time to detect | n/a |" in md and "No metric sample was recorded." in md


def test_ended_sources_without_outcome_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    sid = record(path, [
        ev.StageStarted(ts=T0, traffic_pct=10.0),
        ev.SourceStatus(ts=T0 + 5, name="file", status="ended", message="end of log"),
    ])  # fmt: skip
    report = build_report(path, sid)
    assert report["outcome"] == "unknown"
    assert report["session"]["ended_at"] == iso(5)
    assert report["stages"][0]["ended_at"] is None


def test_peaks_come_from_every_sample_not_the_state_window(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    samples = [ev.MetricSample(ts=T0 + i, name=ev.LATENCY_P99, value=100.0) for i in range(400)]
    samples[3] = ev.MetricSample(ts=T0 + 3, name=ev.LATENCY_P99, value=950.0)  # long gone
    sid = record(path, samples)
    report = build_report(path, sid)
    assert report["peaks"]["latency_p99_ms"] == 950.0
    assert report["metrics"][0]["samples"] == 400


def test_export_writes_private_file(failed: tuple[Path, str], tmp_path: Path) -> None:
    path, sid = failed
    out = tmp_path / "pm.md"
    out.write_text("old")
    out.chmod(0o644)
    text = export_session(path, sid, "md", out)
    assert out.read_text() == text and text.startswith("# Postmortem")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    js = tmp_path / "pm.json"
    data = json.loads(export_session(path, sid, "json", js))
    assert stat.S_IMODE(js.stat().st_mode) == 0o600 and data["session"]["id"] == sid
    assert export_session(path, sid, "json") == js.read_text()


def test_export_errors(failed: tuple[Path, str], tmp_path: Path) -> None:
    path, sid = failed
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export_session(path, sid, "pdf")
    with pytest.raises(StoreError, match="no session 'nope'"):
        export_session(path, "nope", "md")
    with pytest.raises(ExportError, match="cannot write"):
        export_session(path, sid, "md", tmp_path / "no-such-dir" / "x.md")
    before = path.read_bytes()
    export_session(path, sid, "md")
    assert path.read_bytes() == before


def test_impact_uses_the_threshold_in_force(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    sid = record(path, [
        ev.Threshold(ts=T0, metric=ev.LATENCY_AVG, value=200.0),
        *metrics(10, avg=180),  # under the 200 ms the agent set
        ev.Threshold(ts=T0 + 20, metric=ev.LATENCY_AVG, value=150.0),
        *metrics(30, avg=170),  # over the tightened 150 ms
        *metrics(40, avg=120),
    ])  # fmt: skip
    summary = build_report(path, sid)["summary"]
    assert summary["impact_started_at"] == iso(30)
    assert summary["impact_ended_at"] == iso(40) and summary["impact_seconds"] == 10.0


def test_samples_on_log_lines_and_batches_count_and_nan_rows_do_not_sink_it(
    tmp_path: Path,
) -> None:
    """Peaks read samples wherever they are stored (a log line's, a batch's, one by one),
    and a log row from before NaN became null (not JSON to SQLite) is passed over."""
    path = tmp_path / "s.db"
    events: list[ev.Event] = [
        ev.LogLine(ts=T0, level="OBSERVATION", message="m", samples=((ev.LATENCY_P99, 700.0, ""),)),
        ev.MetricBatch(ts=T0 + 1, samples=((ev.LATENCY_P99, 910.0, ""), (ev.ERROR_RATE, 2.0, ""))),
        ev.MetricSample(ts=T0 + 2, name=ev.LATENCY_P99, value=650.0),
        # The JSON fallback (an integer beyond 64 bits) once wrote NaN; now it writes null.
        ev.LogLine(ts=T0 + 3, level="INFO", message="j", fields={"n": 10**30, "r": float("nan")}),
    ]
    sid = record(path, events)
    conn = sqlite3.connect(path)
    (data,) = conn.execute("SELECT data FROM events WHERE seq = 4").fetchone()
    assert json.loads(data)["fields"] == {"n": 10**30, "r": None}
    # A row as an older recorder wrote it.
    conn.execute(
        "INSERT INTO events(session_key, seq, ts, kind, source, data, text) "
        "VALUES ((SELECT key FROM sessions WHERE id = ?), 5, ?, 'log', 'x', "
        '\'{"level":"INFO","fields":{"r":NaN}}\', \'old\')',
        (sid, T0 + 4),
    )
    conn.commit()
    conn.close()
    report = build_report(path, sid)
    p99 = next(m for m in report["metrics"] if m["metric"] == ev.LATENCY_P99)
    assert (p99["peak"], p99["samples"]) == (910.0, 3)


def test_a_reminder_is_no_sign_and_findings_say_when_they_resolved(tmp_path: Path) -> None:
    """Issue #20: "gate waited 5 min" before the onset is neither the early warning nor the
    detection; it resolves when its gate is decided, the breach when p99 is back under its
    SLO, and the export says so."""
    events = failed_rollout()
    at = next(i for i, e in enumerate(events) if isinstance(e, ev.GateClosed) and e.gate_id == "g2")
    reminder = ev.Finding(ts=T0 + 710, source="policy", code="gate_waiting", severity="warning",
                          message="gate g2 after 25 % has waited 5 min for a decision",
                          data={"gate_id": "g2", "waited_s": 300.0})  # fmt: skip
    breach = ev.Finding(ts=T0 + 962, source="analysis", code="slo_breach", severity="critical",
                        metric=ev.LATENCY_P99, message="SLO breach: p99 latency 780 ms > 500 ms",
                        data={"metric": ev.LATENCY_P99, "scope": "", "limit": 500.0})  # fmt: skip
    events.insert(at, reminder)
    last = next(
        i
        for i, e in enumerate(events)
        if isinstance(e, ev.DecisionRequested) and e.decision_id == "d2"
    )
    events.insert(last, breach)
    path = tmp_path / "s.db"
    sid = record(path, events)
    report = json.loads(render_json(build_report(path, sid)))
    f = report["summary"]
    assert f["first_warning_at"] is None and "waited" not in (f["detected_by"] or "")
    assert f["detected_at"] == iso(905)
    found = {x["code"]: x for x in report["findings"]}
    assert found["gate_waiting"]["resolved_at"] == iso(720)
    assert found["gate_waiting"]["resolution"] == "gate g2 decided: approve by lee"
    assert found["slo_breach"]["resolved_at"] == iso(1050)  # p99 300 at 1050
    assert found["early_warning"]["resolved_at"] == iso(1050)  # the rollout ended
    md = render_markdown(build(path, sid))
    assert f"waited 5 min for a decision (resolved at {iso(720)}: gate g2 decided" in md
