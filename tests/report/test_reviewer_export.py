"""The Markdown a reviewer gets from a failed rollout's log, imported as a user would: the
agent's impact, contributing factors and remediation, the measured window, stage marks, a
short peaks table and SVG charts beside it, every file 0600."""

from __future__ import annotations

import json
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from console.ingest import import_files
from console.report.build import build
from console.report.postmortem import export_session
from console.report.sections import agent_section

LOGS = Path(__file__).resolve().parents[1] / "fixtures" / "logs"


@pytest.fixture(scope="module")
def rollback_at_50(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("store") / "s.db"
    result = import_files([LOGS / "rollout_rollback_at_50.log"], db)
    return db, result.session_id


def test_markdown_holds_what_the_agent_said_and_what_was_measured(
    rollback_at_50: tuple[Path, str], tmp_path: Path
) -> None:
    db, sid = rollback_at_50
    out = tmp_path / "pm.md"
    md = export_session(db, sid, "md", out)
    assert out.read_text() == md
    # Stage marks: a rollback at 50 % fails that stage, the ones before passed.
    assert "Stages: ✓10% ✓25% ✗50% ·75% ·100% (rolled_back)" in md
    summary = md.split("## Summary\n\n", 1)[1].split("\n", 1)[0]
    assert (
        summary == "pricing-api v7.1.0 was rolled back at 50 %: Price cache keyed by region only."
    )
    # Impact: the agent's own words and the measured window.
    impact = md.split("## Impact\n", 1)[1].split("\n## ", 1)[0]
    assert (
        "The agent: about 2 minutes of slow or failed price lookups for half of EU users" in impact
    )
    assert "Measured: 2024-06-12T14:22:15Z to" in impact
    contributing = md.split("## Contributing factors\n", 1)[1].split("\n## ", 1)[0]
    assert "1. Load test used a single currency" in contributing
    assert "2. Cache hit ratio not part of the rollout checks" in contributing
    remediation = md.split("## Remediation\n", 1)[1].split("\n## ", 1)[0]
    assert "1. Key the cache by (region, currency): PR \\#4412" in remediation  # escaped
    # Detection: never before the onset, so never a "0s" stamped ahead of it.
    detection = md.split("## Detection\n", 1)[1].split("\n## ", 1)[0]
    assert "| Onset | 2024-06-12T14:22:15Z |" in detection
    assert "| Detected | 2024-06-12T14:22:20Z |" in detection
    assert "| Time to detect | 5s (agent: 2 minutes at 50% traffic) |" in detection


def test_peaks_table_is_short_and_only_what_mattered(rollback_at_50: tuple[Path, str]) -> None:
    db, sid = rollback_at_50
    md = export_session(db, sid, "md")
    table = md.split("## Metric peaks\n", 1)[1].split("\n## ", 1)[0]
    rows = [ln for ln in table.splitlines() if ln.startswith("| `")]
    assert 3 <= len(rows) <= 10
    assert rows[0].startswith("| `latency_p99_ms` | total | 640 ms |")
    assert not any("db_connections_max" in r or "pool_available" in r for r in rows)
    assert not any("| 0 %" in r or "| 0 ms" in r for r in rows)


def test_charts_are_svg_files_beside_the_markdown(
    rollback_at_50: tuple[Path, str], tmp_path: Path
) -> None:
    db, sid = rollback_at_50
    out = tmp_path / "pricing.md"
    md = export_session(db, sid, "md", out)
    for name in ("latency", "errors", "traffic"):
        svg = tmp_path / f"pricing-{name}.svg"
        assert f"](pricing-{name}.svg)" in md
        assert stat.S_IMODE(svg.stat().st_mode) == 0o600
        root = ET.fromstring(svg.read_text())  # well-formed XML
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.findall(".//{http://www.w3.org/2000/svg}polyline")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # Without a file to sit beside, there is nothing to link.
    assert "## Charts" not in export_session(db, sid, "md")


def test_json_adds_sections_marks_and_charts(rollback_at_50: tuple[Path, str]) -> None:
    db, sid = rollback_at_50
    doc = json.loads(export_session(db, sid, "json"))
    assert doc["format_version"] == 1
    assert doc["stage_marks"] == "✓10% ✓25% ✗50% ·75% ·100%"
    assert [s["status"] for s in doc["stages"]] == ["passed", "passed", "failed"]
    kinds = {s["kind"]: s["items"] for s in doc["agent_sections"]}
    assert kinds["remediation"][1] == "Add cache_hit_ratio to the gate checks before 50%"
    assert kinds["root_cause"][0] == "Price cache keyed by region only"
    traffic = next(c for c in doc["charts"] if c["name"] == "traffic")
    values = [p[1] for p in traffic["series"][0]["points"]]
    steps = [v for i, v in enumerate(values) if i == 0 or v != values[i - 1]]
    assert steps[:3] == [10.0, 25.0, 50.0] and steps[-1] == 0.0
    assert doc["summary"]["time_to_detect_s"] == 5.0


def test_a_precaution_rollback_is_rolled_back_not_failed(tmp_path: Path) -> None:
    log = tmp_path / "precaution.log"
    log.write_text(
        "Agent: DeploymentAgent v3.2\nStart Time: 2024-06-12 14:10:00 UTC\n\n"
        "[14:11:00] [TOOL] Executing: traffic_shift(percentage=10)\n"
        "[14:16:00] [TOOL] Executing: traffic_shift(percentage=25)\n"
        "[14:18:00] [ACTION] Initiating rollback: change window closing\n"
        '[14:18:00] [TOOL] Executing: rollback_traffic(to_env="blue")\n'
        "[14:19:00] [OBSERVATION] Rollback complete\n\n"
        "ROLLBACK STATUS: SUCCESSFUL\n"
    )
    db = tmp_path / "s.db"
    sid = import_files([log], db).session_id
    report = build(db, sid)
    assert report.stage_marks == "✓10% ↩25% ·50% ·75% ·100%"


def test_agent_sections_are_read_from_headings_in_any_list_style() -> None:
    s = agent_section(1, 0.0, "Action items:\n* page the DBA\n2) add the index\n- retry")
    assert s is not None and s.kind == "remediation"
    assert s.items == ("page the DBA", "add the index", "retry")
    inline = agent_section(2, 0.0, "CONTRIBUTING FACTORS: no load test at prod scale")
    assert inline is not None and inline.items == ("no load test at prod scale",)
    assert agent_section(3, 0.0, "Traffic at 50%:\n  - Blue: 50%") is None
    assert agent_section(4, 0.0, "just a line about remediation") is None


def test_many_rollouts_keep_the_marks_and_lists_short(tmp_path: Path) -> None:
    # One long log of repeated rollouts: the Markdown stays readable, the JSON has it all.
    block = (
        "[{h:02d}:00:00] [TOOL] Executing: traffic_shift(percentage=10)\n"
        "[{h:02d}:10:00] [TOOL] Executing: traffic_shift(percentage=50)\n"
        "[{h:02d}:20:00] [TOOL] Executing: traffic_shift(percentage=100)\n"
        "[{h:02d}:30:00] [TOOL] Executing: traffic_shift(percentage=0)\n"
    )
    log = tmp_path / "long.log"
    log.write_text(
        "Agent: DeploymentAgent v3.2\nStart Time: 2024-06-12 00:00:00 UTC\n\n"
        + "".join(block.format(h=h) for h in range(24))
    )
    db = tmp_path / "s.db"
    sid = import_files([log], db).session_id
    report = build(db, sid)
    assert len(report.stages) > 40
    marks = report.stage_marks.split(" ")
    assert marks[:2] == ["✓10%", "✓50%"] and "more" in report.stage_marks
    assert len(report.stage_marks) < 200
    doc = json.loads(export_session(db, sid, "json"))
    assert len(doc["stages"]) == len(report.stages)


SEED = Path("/work/shared/seeds/000_8b2982a7c5d3f7da.txt")


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed log is not on this machine")
def test_the_seed_logs_export_has_its_remediation_impact_and_marks(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    sid = import_files([SEED], db).session_id
    md = export_session(db, sid, "md", tmp_path / "seed.md")
    assert "Stages: ✓10% ✓25% ✓50% ✗75% ·100% (rolled_back)" in md
    remediation = md.split("## Remediation\n", 1)[1].split("\n## ", 1)[0]
    assert "CREATE INDEX idx_user_segment ON users(user_segment)" in remediation
    impact = md.split("## Impact\n", 1)[1].split("\n## ", 1)[0]
    assert "The agent: 5 minutes of degraded performance (P99 latency 500-780ms" in impact
    assert "Measured: 2024-11-21T09:49:35Z to 2024-11-21T09:52:00Z" in impact
    contributing = md.split("## Contributing factors\n", 1)[1].split("\n## ", 1)[0]
    assert "Code review did not flag new query pattern requiring index" in contributing
    assert "| Time to detect | 25s (agent: 5 minutes at 75% traffic) |" in md


def test_a_logs_work_time_is_charted_and_judged_by_no_slo(tmp_path: Path) -> None:
    # A slow-query log (PostgreSQL's log_min_duration_statement): its statements' times
    # are work time, charted and in the peaks, never "breached" against the request SLO
    log = tmp_path / "postgresql.log"
    log.write_text(
        "".join(
            f"2024-05-16 09:{m:02d}:{s:02d}.000 UTC [123] LOG:  duration: {ms} ms  "
            f"statement: SELECT {m}\n"
            for m in range(3)
            for s, ms in ((5, 4123.456), (35, 812.0))
        )
    )
    db = tmp_path / "s.db"
    sid = import_files([log], db).session_id
    report = build(db, sid)
    work = {m.metric: m for m in report.metrics if m.metric.startswith("work_")}
    assert work["work_p99_ms"].peak == pytest.approx(4123.456)
    assert work["work_p99_ms"].threshold is None and work["work_p99_ms"].breached is None
    assert not any(m.metric.startswith("latency_") for m in report.metrics)
    charts = {c.name: c for c in report.charts}
    assert "latency" not in charts and charts["work"].title == "Work time (no request timed)"
    md = export_session(db, sid, "md", tmp_path / "pm.md")
    peaks = md.split("## Metric peaks\n", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in peaks.splitlines() if "`work_p99_ms`" in line)
    assert "4,123.46 ms" in row and "YES" not in row
