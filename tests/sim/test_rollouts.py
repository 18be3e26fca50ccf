"""Each scenario runs to its end over real HTTP, and its log has the seed's shapes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from console import events as ev
from console.parse import LogParser
from console.sim.handle import SimHandle
from tests.helpers.sim_operator import FAST, client, log_lines, run_through

ENTRY = re.compile(r"^\[\d\d:\d\d:\d\d\] \[[A-Z]+\] \S")
CONTINUATION = re.compile(r"^  (- |\d+\. )")
HEADER_KEYS = (
    "Session ID: ",
    "Task: ",
    "Agent: ",
    "Start Time: ",
    "Attempt: ",
    "Previous Attempt: ",
)
SUMMARY = re.compile(r"^[A-Z][A-Z ]+:( .*)?$")


def _facts(lines: list[str]) -> list[ev.Event]:
    """The log through the console's own parser, as a live session reads it."""
    p = LogParser(now=lambda: FAST["start"])
    out: list[ev.Event] = []
    for line in lines:
        out += p.feed(line)
    return out + p.flush()


def _run(scenario: str, tmp_path: Path) -> tuple[str | None, list[dict], list[str]]:
    log = tmp_path / f"{scenario}.log"
    with SimHandle.start(scenario, token="t0ken", log_path=log, **FAST) as sim:
        with client(sim.url, sim.token) as c:
            items = run_through(c)
        assert sim.wait(10)
        outcome = sim.outcome
    return outcome, items, log.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("scenario", "outcome", "last_stage"),
    [
        ("healthy", "succeeded", "100%"),
        ("pool-exhaustion", "rolled_back", "50%"),
        ("missing-index", "rolled_back", "75%"),
        ("config-bug", "rolled_back", "50%"),
    ],
)
def test_scenario_runs_to_its_end(
    scenario: str, outcome: str, last_stage: str, tmp_path: Path
) -> None:
    got, items, file_lines = _run(scenario, tmp_path)
    assert got == outcome
    lines = log_lines(items)
    # The stream carries the log file line for line.
    assert lines == file_lines
    seqs = [i["seq"] for i in items]
    assert seqs == list(range(1, len(items) + 1))
    assert items[0]["type"] == "session"
    assert items[0]["plan"] == [10, 25, 50, 75, 100]

    shifts = [ln for ln in lines if "Executing: traffic_shift(" in ln]
    assert shifts[-1].endswith(f"traffic_shift(percentage={last_stage[:-1]})")
    assert any("[PLANNING] Traffic plan: 10% → 25% → 50% → 75% → 100%" in ln for ln in lines)
    assert any('deploy_kubernetes(environment="green", replicas=3)' in ln for ln in lines)
    if outcome == "succeeded":
        assert any("[SUCCESS] Deployment complete: 100% of traffic on green" in ln for ln in lines)
        assert "DEPLOYMENT STATUS: SUCCEEDED" in lines
        assert not any("rollback_traffic" in ln for ln in lines)
    else:
        assert any("[ERROR] SLO violation: " in ln for ln in lines)
        assert any('Executing: rollback_traffic(to_env="blue")' in ln for ln in lines)
        assert "  - Traffic: 100% on blue" in lines
        for section in ("PRIMARY ISSUE: ", "TIME TO DETECT: ", "TIME TO ROLLBACK: "):
            assert any(ln.startswith(section) for ln in lines), section
        assert "DEPLOYMENT STATUS: FAILED" in lines
        assert "ROLLBACK STATUS: SUCCESSFUL" in lines
        assert any(ln.startswith("CUSTOMER IMPACT: ") for ln in lines)
    assert lines[-1].endswith("[SHUTDOWN] Agent session terminated")

    # The console learns the agent's limits from the log, and every fact once.
    g = next(i for i, ln in enumerate(lines) if ln.endswith("[PLANNING] Rollout guardrails:"))
    assert lines[g + 1 : g + 5] == [
        "  - P99 latency SLO: 500ms",
        "  - Error rate SLO: 5%",
        "  - Average latency threshold: 150ms",
        "  - DB connection utilization threshold: 85%",
    ]
    facts = _facts(lines)
    limits = {(t.metric, t.value, t.slo) for t in facts if isinstance(t, ev.Threshold)}
    assert {
        ("latency_p99_ms", 500.0, True),
        ("error_rate_pct", 5.0, True),
        ("latency_avg_ms", 150.0, False),
        ("db_connections_pct", 85.0, False),
    } == limits
    assert [o.status for o in facts if isinstance(o, ev.Outcome)] == [outcome]
    assert len([d for d in facts if isinstance(d, ev.Deployment)]) == 1
    configs = [c for c in facts if isinstance(c, ev.ConfigChange)]
    assert len(configs) == (1 if scenario == "config-bug" else 0)


def test_log_has_the_seed_shapes(tmp_path: Path) -> None:
    _, _, lines = _run("missing-index", tmp_path)
    assert lines[0].startswith("Agent Runtime Log")
    assert set(lines[1]) == {"="}
    for key, line in zip(HEADER_KEYS, lines[2:8], strict=True):
        assert line.startswith(key)
    assert re.fullmatch(r"Start Time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", lines[5])
    for line in lines[9:]:
        ok = (
            line == ""
            or ENTRY.match(line)
            or CONTINUATION.match(line)
            or SUMMARY.match(line)
            or line.startswith("{")
        )
        assert ok, f"unexpected line shape: {line!r}"

    # One observation block per simulated minute of every window, with every figure.
    blocks = [i for i, ln in enumerate(lines) if "[OBSERVATION] Metrics after" in ln]
    assert len(blocks) == 5 * 3 + 4  # 10, 25, 50 full windows; 75 % fails in minute 4
    first = lines[blocks[0] : blocks[0] + 11]
    assert first[0].endswith("[OBSERVATION] Metrics after 1 minute at 10%:")
    assert lines[blocks[1]].endswith("Metrics after 2 minutes at 10%:")
    expected = (
        r"  - Request rate: \d+ req/s to green",
        r"  - Average latency: \d+ms.*",
        r"  - P95 latency: \d+ms",
        r"  - P99 latency: \d+ms.*",
        r"  - Error rate: \d+\.\d%.*",
        r"  - DB connections: Blue \d+, Green \d+, Total \d+/250 \(\d+%\)",
        r"  - Database query time: \d+ms.*",
        r"  - Database CPU: \d+%.*",
    )
    for pattern, line in zip(expected, first[1:], strict=False):
        assert re.fullmatch(pattern, line), (pattern, line)

    # Healthy at 10 %: figures like the seed's.
    avg = int(re.search(r"(\d+)ms", first[2]).group(1))  # type: ignore[union-attr]
    p99 = int(re.search(r"(\d+)ms", first[4]).group(1))  # type: ignore[union-attr]
    conns = re.search(r"Blue (\d+), Green (\d+)", first[6])
    assert conns is not None
    assert 110 <= avg <= 130
    assert p99 < 400
    assert 35 <= int(conns.group(1)) <= 45
    assert 12 <= int(conns.group(2)) <= 22

    # The agent's own threshold warning comes before its SLO violation, then the rollback.
    warn = next(i for i, ln in enumerate(lines) if "[WARNING] Latency threshold exceeded:" in ln)
    slo = next(i for i, ln in enumerate(lines) if "[ERROR] SLO violation: P99 latency" in ln)
    rollback = next(i for i, ln in enumerate(lines) if "rollback_traffic" in ln)
    assert warn < slo < rollback
    assert lines[warn].endswith("(threshold: 150ms)")


def test_missing_index_trend_precedes_the_agent_warning(tmp_path: Path) -> None:
    """Overall latency climbs in the 10 s samples well before the agent's 150 ms warning."""
    _, items, _ = _run("missing-index", tmp_path)
    shift = next(
        i for i in items if i["type"] == "log" and "traffic_shift(percentage=75)" in i["line"]
    )
    warn = next(
        i for i in items if i["type"] == "log" and "Latency threshold exceeded" in i["line"]
    )
    samples = [
        (i["seq"], s["value"])
        for i in items
        if i["type"] == "metrics" and shift["seq"] < i["seq"] < warn["seq"]
        for s in i["samples"]
        if s["name"] == "latency_avg_ms" and s["scope"] == ""
    ]
    values = [v for _, v in samples]
    assert len(values) >= 15  # three minutes of 10 s samples
    baseline = values[:3]
    # Two minutes before the warning the average is already clearly above its baseline...
    assert values[-7] > max(baseline) + 8
    # ...while still under the agent's threshold.
    assert values[-7] < 150
    # DB CPU climbs too, connections stay healthy.
    last_metrics = [i for i in items if i["type"] == "metrics" and i["seq"] < warn["seq"]][-1]
    by = {(s["name"], s["scope"]): s["value"] for s in last_metrics["samples"]}
    assert by[("db_cpu_pct", "")] > 55
    assert by[("db_connections", "")] < 0.5 * by[("db_connections_max", "")]


def test_config_bug_emits_change_events_and_service_logs(tmp_path: Path) -> None:
    _, items, lines = _run("config-bug", tmp_path)
    i = lines.index(next(ln for ln in lines if "[ACTION] Applying config change" in ln))
    assert lines[i + 1] == "  - db_pool_size: 10 → 5"
    assert lines[i + 2] == "  - max_concurrent: 5 → 8"
    events = [json.loads(ln) for ln in lines if ln.startswith('{"kind"')]
    kinds = {e["kind"]: e for e in events}
    assert kinds["config_change"]["changes"]["db_pool_size"] == {"before": 10, "after": 5}
    assert kinds["deployment"]["version"] == "2.5.0"
    service = [json.loads(ln) for ln in lines if ln.startswith('{"timestamp"')]
    normal = [s for s in service if s["level"] == "INFO" and s["db_pool_size"] == 10]
    assert normal and all(7 <= s["pool_available"] <= 9 for s in normal)
    assert all(1 <= s["concurrent_calls"] <= 3 for s in normal)
    errors = [s for s in service if s["message"] == "Database connection timeout - pool exhausted"]
    assert errors
    assert errors[0]["pool_available"] == -3
    assert errors[0]["possibly_deployment_related"] is True
    assert 13 <= errors[0]["minutes_since_deployment"] <= 16
    spikes = [s for s in service if s["message"].startswith("LATENCY SPIKE")]
    assert spikes and spikes[0]["query_duration_ms"] >= 2000
    # ~40 % timeouts and a ~2 s p99 at the failure.
    worst = max(
        (
            s["value"]
            for i in items
            if i["type"] == "metrics"
            for s in i["samples"]
            if s["name"] == "timeout_rate_pct" and s["scope"] == ""
        ),
    )
    assert 30 <= worst <= 45
    p99 = max(
        s["value"]
        for i in items
        if i["type"] == "metrics"
        for s in i["samples"]
        if s["name"] == "latency_p99_ms" and s["scope"] == ""
    )
    assert 1900 <= p99 <= 2400


def test_same_inputs_same_output(tmp_path: Path) -> None:
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _, items_a, lines_a = _run("pool-exhaustion", a)
    _, items_b, lines_b = _run("pool-exhaustion", b)
    assert lines_a == lines_b
    # The same rollout, item for item; only the epoch (new at every start) differs.
    epochs = {items_a[0].pop("epoch"), items_b[0].pop("epoch")}
    assert len(epochs) == 2
    assert items_a == items_b


def test_pool_exhaustion_connections_climb_to_the_limit(tmp_path: Path) -> None:
    _, items, lines = _run("pool-exhaustion", tmp_path)
    totals = [
        (s["value"], m["seq"])
        for m in items
        if m["type"] == "metrics"
        for s in m["samples"]
        if s["name"] == "db_connections" and s["scope"] == ""
    ]
    peak = max(v for v, _ in totals)
    assert 85 <= peak <= 100  # max_connections is 100
    assert any("[WARNING] DB connection utilization high" in ln for ln in lines)
    errors = [json.loads(ln) for ln in lines if ln.startswith("{") and "pool exhausted" in ln]
    assert errors and all(e["level"] == "ERROR" for e in errors)
    # Errors climb: more error lines in the later part of the failing stage.
    stamps = [e["timestamp"] for e in errors]
    assert stamps == sorted(stamps)
    assert len(errors) >= 5
