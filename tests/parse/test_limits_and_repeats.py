"""Limits stated in the log, per-request figures, and facts that are stated twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from console import events as ev
from console.parse import LogParser
from console.parse.facts import DB_CONNECTIONS_PCT

NOW = datetime(2030, 5, 6, 12, 0, tzinfo=UTC).timestamp()
HEADER = [
    "Session ID: deploy-agent-test-0042",
    'Task: "Deploy orders-api v1.8.0 to production"',
    "Agent: TestAgent 1.0",
    "Start Time: 2030-05-06 09:00:00 UTC",
    "",
]


def parse(lines: list[str]) -> list[ev.Event]:
    p = LogParser(now=lambda: NOW)
    out: list[ev.Event] = []
    for line in lines:
        out += p.feed(line)
    return out + p.flush()


def of(events: list[ev.Event], cls: type) -> list:  # type: ignore[type-arg]
    return [e for e in ev.explode(events) if isinstance(e, cls)]  # batches as samples


def limits(events: list[ev.Event]) -> list[tuple[str, float, bool]]:
    return [(t.metric, t.value, t.slo) for t in of(events, ev.Threshold)]


def samples(events: list[ev.Event], name: str) -> list[float]:
    return [e.value for e in of(events, ev.MetricSample) if e.name == name]


# --- connection utilisation -----------------------------------------------------------------


def test_a_utilisation_percentage_is_not_a_connection_count() -> None:
    events = parse(
        [
            *HEADER,
            "[09:10:00] [WARNING] DB connection utilization high: 92/100 (92%) (threshold: 85%)",
            "[09:11:00] [WARNING] DB connections high: 230/250 (threshold: 90%)",
            "[09:12:00] [OBSERVATION] Metrics:",
            "  - DB connections: Blue 58, Green 62, Total 120/250 (48%)",
            "  - DB connections: 125/250 (50%)",
            "  - DB connections: 240/250 (96%) (threshold: 95%)",
            "  - Current connections (blue only): 40/250 (16% utilization)",
        ]
    )
    assert not any(t.metric == ev.DB_CONNECTIONS for t in of(events, ev.Threshold))
    assert limits(events) == [
        (DB_CONNECTIONS_PCT, 85.0, False),
        (DB_CONNECTIONS_PCT, 90.0, False),
        (DB_CONNECTIONS_PCT, 95.0, False),
    ]
    # 92 stated; 92 % of 250 computed from the count when no % is given; then the totals.
    assert samples(events, DB_CONNECTIONS_PCT) == [92.0, 92.0, 48.0, 50.0, 96.0]
    # The counts are still counts.
    assert samples(events, ev.DB_CONNECTIONS) == [58.0, 62.0, 120.0, 125.0, 240.0, 40.0]


def test_a_limit_in_the_wrong_unit_is_no_limit() -> None:
    events = parse(
        [
            *HEADER,
            "[09:10:00] [WARNING] Request rate threshold exceeded: 90% (threshold: 80%)",
            "[09:11:00] [WARNING] Error rate threshold exceeded: 3% (threshold: 200ms)",
            "[09:12:00] [WARNING] Latency threshold exceeded: 0.2s (threshold: 0.15s)",
        ]
    )
    assert limits(events) == [(ev.LATENCY_AVG, 150.0, False)]


# --- limits stated up front -----------------------------------------------------------------


GUARDRAILS = [
    "[09:00:05] [PLANNING] Rollout guardrails:",
    "  - P99 latency SLO: 500ms",
    "  - Error rate SLO: 5%",
    "  - Average latency threshold: 150ms",
    "  - DB connection utilization threshold: 85%",
]


def test_guardrails_become_thresholds() -> None:
    events = parse([*HEADER, *GUARDRAILS])
    assert limits(events) == [
        (ev.LATENCY_P99, 500.0, True),
        (ev.ERROR_RATE, 5.0, True),
        (ev.LATENCY_AVG, 150.0, False),
        (DB_CONNECTIONS_PCT, 85.0, False),
    ]
    assert not of(events, ev.MetricSample)  # a limit is not a measurement


def test_a_restated_limit_is_said_once_and_a_changed_one_again() -> None:
    changed = [ln.replace("Error rate SLO: 5%", "Error rate SLO: 2%") for ln in GUARDRAILS]
    events = parse([*HEADER, *GUARDRAILS, *GUARDRAILS, *changed])
    assert limits(events)[4:] == [(ev.ERROR_RATE, 2.0, True)]


# --- the simulator's phrasings --------------------------------------------------------------


def test_error_rate_slo_violation_with_its_observed_value() -> None:
    events = parse(
        [
            *HEADER,
            "[09:20:00] [OBSERVATION] Metrics after 2 minutes at 50%:",
            "  - Error rate: 4.0%",
            "  - Timeout rate: 39% of requests",
            "",
            "[09:20:01] [ERROR] SLO violation: Error rate exceeds 5% threshold (6.1%)",
        ]
    )
    violation = of(events, ev.SloViolation)
    assert [(v.metric, v.value, v.threshold) for v in violation] == [(ev.ERROR_RATE, 6.1, 5.0)]
    assert limits(events) == [(ev.ERROR_RATE, 5.0, True)]
    assert samples(events, ev.TIMEOUT_RATE) == [39.0]


def test_p99_violation_without_a_value_takes_the_last_observation() -> None:
    events = parse(
        [
            *HEADER,
            "[09:20:00] [OBSERVATION] Metrics:",
            "  - P99 latency: 780ms (SLO violation: >500ms)",
            "[09:20:01] [ERROR] SLO violation: P99 latency exceeds 500ms threshold",
        ]
    )
    violation = of(events, ev.SloViolation)
    assert [(v.metric, v.value, v.threshold) for v in violation] == [(ev.LATENCY_P99, 780.0, 500.0)]


def test_p99_violation_states_its_value_before_the_limit() -> None:
    """ "P99 latency 590ms exceeds 500ms": 590 is the value, not the last observation's."""
    events = parse(
        [
            *HEADER,
            "[09:20:00] [OBSERVATION] Metrics:",
            "  - P99 latency: 471ms",
            "[09:20:01] [ERROR] SLO violation: P99 latency 590ms exceeds 500ms threshold",
            "[09:20:02] [ERROR] SLO violation: Error rate 6.1% exceeds 5% threshold",
        ]
    )
    violation = of(events, ev.SloViolation)
    assert [(v.metric, v.value, v.threshold) for v in violation] == [
        (ev.LATENCY_P99, 590.0, 500.0),
        (ev.ERROR_RATE, 6.1, 5.0),
    ]


# --- outcomes said once -----------------------------------------------------------------------


def test_success_and_its_summary_make_one_outcome() -> None:
    events = parse(
        [
            *HEADER,
            "[09:40:00] [SUCCESS] Deployment complete: 100% of traffic on green",
            "",
            "DEPLOYMENT STATUS: SUCCEEDED",
            "TOTAL DURATION: 27 minutes",
            "CUSTOMER IMPACT: None",
            "",
            "[09:40:01] [SHUTDOWN] Agent session terminated",
        ]
    )
    outcomes = of(events, ev.Outcome)
    assert [(o.status, o.detail, o.customer_impact) for o in outcomes] == [
        ("succeeded", "Deployment complete: 100% of traffic on green", "None")
    ]


def test_a_later_summary_updates_the_outcome_only_when_it_adds_something() -> None:
    success = "[09:40:00] [SUCCESS] Deployment complete: 100% of traffic on green"
    action = "[09:40:05] [ACTION] Step 5: Decommissioning blue environment"
    same = parse([*HEADER, success, action, "DEPLOYMENT STATUS: SUCCEEDED", "", action])
    assert [o.status for o in of(same, ev.Outcome)] == ["succeeded"]

    more = parse([*HEADER, success, action, "DEPLOYMENT STATUS: SUCCEEDED", "CUSTOMER IMPACT: x"])
    outcomes = of(more, ev.Outcome)
    assert [(o.status, o.customer_impact) for o in outcomes] == [
        ("succeeded", None),
        ("succeeded", "x"),
    ]
    assert outcomes[0].ts == outcomes[1].ts  # the same end, better described


def test_failure_then_rollback_status_is_one_outcome_and_repeats_add_nothing() -> None:
    events = parse(
        [
            *HEADER,
            "[09:40:00] [FAILURE] Deployment failed - Root cause analysis:",
            "",
            "PRIMARY ISSUE: Missing index",
            "DEPLOYMENT STATUS: FAILED",
            "ROLLBACK STATUS: SUCCESSFUL",
            "TIME TO DETECT: 4 minutes",
            "",
            "[09:40:10] [EXPORT] Saving failure report",
            "DEPLOYMENT STATUS: FAILED",
            "ROLLBACK STATUS: SUCCESSFUL",
            "[09:40:20] [SHUTDOWN] Agent session terminated",
        ]
    )
    outcomes = of(events, ev.Outcome)
    assert [(o.status, o.detail, o.time_to_detect) for o in outcomes] == [
        ("rolled_back", "Missing index", "4 minutes")
    ]


# --- changes said twice -----------------------------------------------------------------------


def _change_line(kind: str, at: str, **extra: object) -> str:
    return json.dumps({"kind": kind, "at": at, "service": "orders-api", **extra})


CHANGES = {"db_pool_size": {"before": 10, "after": 5}}


def test_a_change_in_the_log_and_as_a_json_event_is_one_change() -> None:
    events = parse(
        [
            *HEADER,
            "[09:05:00] [INFO] Task: Deploy orders-api v1.8.0 to production",
            "[09:05:01] [ACTION] Applying config change to orders-api:",
            "  - db_pool_size: 10 → 5",
            '[09:05:02] [TOOL] Executing: deploy_kubernetes(environment="green", replicas=3)',
            _change_line("config_change", "2030-05-06T09:05:02Z", version="1.8.0", changes=CHANGES),
            _change_line(
                "deployment",
                "2030-05-06T09:05:30Z",
                version="1.8.0",
                environment="green",
                changes=CHANGES,
            ),
        ]
    )
    configs = of(events, ev.ConfigChange)
    deploys = of(events, ev.Deployment)
    assert [(c.service, dict(c.changes)) for c in configs] == [("orders-api", CHANGES)]
    assert [(d.version, d.environment, dict(d.changes)) for d in deploys] == [
        ("v1.8.0", "green", {"replicas": 3})
    ]
    # Every line is still in the log.
    assert sum(1 for e in of(events, ev.LogLine) if e.fmt == "json") == 2


def test_changes_that_differ_or_come_later_are_new() -> None:
    other = {"db_pool_size": {"before": 5, "after": 10}}
    events = parse(
        [
            _change_line("config_change", "2030-05-06T09:00:00Z", changes=CHANGES),
            _change_line("config_change", "2030-05-06T09:01:00Z", changes=CHANGES),  # repeat
            _change_line("config_change", "2030-05-06T09:02:00Z", changes=other),  # reverted
            _change_line("config_change", "2030-05-06T09:30:00Z", changes=CHANGES),  # much later
            _change_line("deployment", "2030-05-06T09:31:00Z", version="1.8.0"),
            _change_line("deployment", "2030-05-06T09:32:00Z", version="1.8.1"),  # new version
            _change_line("deployment", "2030-05-06T09:33:00Z", version="v1.8.1"),  # repeat
            _change_line(
                "deployment", "2030-05-06T09:34:00Z", version="1.8.1", changes={"replicas": 6}
            ),  # says something new
        ]
    )
    assert len(of(events, ev.ConfigChange)) == 3
    assert [(d.version, dict(d.changes)) for d in of(events, ev.Deployment)] == [
        ("1.8.0", {}),
        ("1.8.1", {}),
        ("1.8.1", {"replicas": {"after": 6}}),
    ]


# --- per-request figures ----------------------------------------------------------------------


def test_per_request_query_duration_keeps_its_own_name() -> None:
    events = parse(
        [
            '{"timestamp": "2030-05-06T09:00:00Z", "level": "ERROR", "message": "slow query",'
            ' "query_duration_ms": 2100}',
            '{"timestamp": "2030-05-06T09:00:10Z", "level": "INFO", "message": "db stats",'
            ' "db_query_ms": 85}',
        ]
    )
    named = [(e.name, e.value) for e in of(events, ev.MetricSample)]
    assert named == [("query_duration_ms", 2100.0), (ev.DB_QUERY_MS, 85.0)]


def test_a_warnings_samples_ride_on_its_line() -> None:
    """A warning's utilisation and its bullet's query time are one LogLine's samples, in
    the order stated (no MetricSample and MetricBatch beside it); a new limit is still an
    event of its own, before them."""
    events = parse(
        [
            *HEADER,
            "[09:10:00] [WARNING] DB connection utilization high: 92/100 (92%) (threshold: 85%)",
            "  - Query time: 180ms (elevated from baseline 40ms)",
            "[09:10:05] [WARNING] DB connection utilization high: 95/100 (95%) (threshold: 85%)",
            "  - Query time: 210ms (elevated from baseline 40ms)",
        ]
    )
    first = next(i for i, e in enumerate(events) if getattr(e, "level", "") == "WARNING")
    body = events[first:]
    kinds = [type(e).__name__ for e in body]
    assert kinds == ["LogLine", "MetricSample", "Threshold", "MetricBatch", "LogLine"], kinds
    last = body[-1]
    assert isinstance(last, ev.LogLine) and [n for n, _v, _s in last.samples] == [
        DB_CONNECTIONS_PCT,
        "db_query_ms",
    ]
    assert samples(events, DB_CONNECTIONS_PCT) == [92.0, 95.0]
