from console import events as ev
from console.analysis import EarlyWarningAnalyzer, SloBreachAnalyzer, default_analyzers
from console.pipeline import Pipeline
from tests.analysis import scenarios as sc


def _run(events: list[ev.Event], analyzers: list | None = None) -> list[ev.Event]:
    p = Pipeline(analyzers=default_analyzers() if analyzers is None else analyzers)
    out: list[ev.Event] = []
    p.listeners.append(lambda e, seq: out.append(e))
    p.feed_all(events)
    return out


def _findings(events: list[ev.Event], code: str) -> list[ev.Finding]:
    return [e for e in events if isinstance(e, ev.Finding) and e.code == code]


def test_missing_index_warned_a_window_before_the_agent() -> None:
    out = _run(sc.missing_index(), [EarlyWarningAnalyzer()])
    warnings = _findings(out, "early_warning")
    assert warnings
    first = min(w.ts for w in warnings)
    agent = min(e.ts for e in out if isinstance(e, ev.LogLine) and e.level == "WARNING")
    assert agent == sc.AGENT_WARNING_AT
    assert first <= agent - 60
    metrics = {w.metric for w in warnings}
    assert {ev.LATENCY_AVG, ev.LATENCY_P99, ev.DB_QUERY_MS, ev.DB_CPU} <= metrics
    assert "db_connection_util_pct" not in metrics  # 61 % of max: healthy


def test_early_warning_message_and_data() -> None:
    out = _run(sc.missing_index(), [EarlyWarningAnalyzer()])
    p99 = next(w for w in _findings(out, "early_warning") if w.metric == ev.LATENCY_P99)
    assert p99.severity == "warning"
    assert p99.message.startswith("p99 latency trending up: ")
    assert "→" in p99.message and " ms" in p99.message
    assert p99.data is not None
    assert p99.data["onset_at"] <= p99.data["alarm_at"] == p99.ts
    assert p99.data["value"] > p99.data["baseline"]


def test_once_per_signal_per_onset() -> None:
    out = _run(sc.missing_index(), [EarlyWarningAnalyzer()])
    keys = [(w.metric, w.data["scope"]) for w in _findings(out, "early_warning") if w.data]
    assert len(keys) == len(set(keys))


def test_healthy_raises_no_alarm() -> None:
    out = _run(sc.healthy())
    assert [e for e in out if isinstance(e, ev.Finding)] == []


def test_slo_breach_is_sustained_not_a_spike() -> None:
    t0 = 1_700_000_000.0
    spike = [
        ev.MetricSample(ts=t0 + i * 10, name=ev.LATENCY_P99, value=900.0 if i == 5 else 300.0)
        for i in range(20)
    ]
    assert _findings(_run(spike, [SloBreachAnalyzer()]), "slo_breach") == []
    sustained = [
        ev.MetricSample(ts=t0 + i * 10, name=ev.LATENCY_P99, value=900.0 if i >= 5 else 300.0)
        for i in range(20)
    ]
    found = _findings(_run(sustained, [SloBreachAnalyzer()]), "slo_breach")
    assert len(found) == 1
    assert found[0].severity == "critical"
    assert found[0].ts == t0 + 70  # the third sample over the limit
    assert "900 ms > 500 ms SLO" in found[0].message


def test_slo_breach_uses_the_state_threshold() -> None:
    t0 = 1_700_000_000.0
    events: list[ev.Event] = [ev.Threshold(ts=t0, metric=ev.LATENCY_P99, value=1000.0, slo=True)]
    events += [
        ev.MetricSample(ts=t0 + i * 10, name=ev.LATENCY_P99, value=900.0) for i in range(1, 10)
    ]
    assert _findings(_run(events, [SloBreachAnalyzer()]), "slo_breach") == []


def test_analysers_ignore_their_own_findings_and_replay_needs_no_analysis() -> None:
    # What the analysers answered is in the event stream; feeding that stream to a pipeline
    # without analysers (replay) reproduces the same findings in State.
    live = Pipeline(analyzers=default_analyzers())
    recorded: list[ev.Event] = []
    live.listeners.append(lambda e, seq: recorded.append(e))
    live.feed_all(sc.missing_index())
    replay = Pipeline()
    replay.feed_all(recorded)
    assert replay.state.findings == live.state.findings
    assert replay.state.findings
