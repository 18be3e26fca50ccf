import random

from console import events as ev
from console.analysis.changepoint import SIGNALS, CusumDetector, detect_onsets

P99 = SIGNALS[ev.LATENCY_P99]


def _series(values: list[float], step: float = 10.0) -> list[tuple[float, float]]:
    return [(1000.0 + i * step, v) for i, v in enumerate(values)]


def test_flat_noisy_signal_raises_nothing() -> None:
    rng = random.Random(1)
    values = [300 * (1 + rng.uniform(-0.06, 0.06)) for _ in range(500)]
    assert detect_onsets(_series(values), P99) == []


def test_step_is_flagged_once_at_its_start() -> None:
    values = [300.0] * 20 + [700.0] * 30
    onsets = detect_onsets(_series(values), P99)
    assert len(onsets) == 1
    o = onsets[0]
    assert o.at == 1000.0 + 20 * 10
    assert o.baseline == 300.0 and o.value == 700.0
    assert "jumped" in o.describe()


def test_slow_ramp_is_flagged_before_it_gets_far() -> None:
    values = [120.0] * 15 + [120.0 + 3 * i for i in range(1, 40)]
    onsets = detect_onsets(_series(values), SIGNALS[ev.LATENCY_AVG])
    assert len(onsets) == 1
    # flagged while the rise is still well short of the 150 ms threshold's 30 ms
    assert onsets[0].value < 150
    assert "trending up" in onsets[0].describe()


def test_small_persistent_rise_below_materiality_is_ignored() -> None:
    values = [120.0] * 15 + [128.0] * 60  # +8 ms: many sds of a quiet signal, still immaterial
    assert detect_onsets(_series(values), SIGNALS[ev.LATENCY_AVG]) == []


def test_rearms_after_returning_to_baseline() -> None:
    values = [300.0] * 15 + [800.0] * 5 + [300.0] * 20 + [800.0] * 5
    assert len(detect_onsets(_series(values), P99)) == 2


def test_utilisation_needs_a_high_level() -> None:
    util = SIGNALS["db_connection_util_pct"]
    assert detect_onsets(_series([20.0] * 15 + [45.0] * 20), util) == []
    assert len(detect_onsets(_series([50.0] * 15 + [85.0] * 20), util)) == 1


def test_sparse_log_samples_learn_from_three() -> None:
    # one sample a minute, as the agent log gives them (seed figures)
    det = CusumDetector(SIGNALS[ev.LATENCY_AVG])
    got = [det.update(60.0 * i, v) for i, v in enumerate([118, 122, 125, 128, 132, 145, 178])]
    fired = [i for i, o in enumerate(got) if o is not None]
    assert fired == [5]  # the 145 ms sample, a minute before the agent's 178 ms warning


def test_noisy_signal_must_rise_beyond_its_own_wobble() -> None:
    # error rate that wobbles 0.0–0.3 % while learning: a 0.3 % reading is not a rise
    values = [0.0, 0.3, 0.0, 0.1, 0.0, 0.3, 0.0, 0.0, 0.2, 0.0, 0.3, 0.0] * 20
    assert detect_onsets(_series(values), SIGNALS[ev.ERROR_RATE]) == []
    assert len(detect_onsets(_series(values + [1.5] * 5), SIGNALS[ev.ERROR_RATE])) == 1


def test_two_sources_of_one_metric_keep_their_own_baselines() -> None:
    from console.analysis import EarlyWarningAnalyzer
    from console.pipeline import Pipeline

    t0 = 1_700_000_000.0
    events: list[ev.Event] = []
    # a derived figure of 0.0 for three minutes, then the agent's own 0.1–0.3 % readings
    events += [
        ev.MetricSample(ts=t0 + 60 * i, source="derived", name=ev.ERROR_RATE, value=0.0)
        for i in range(3)
    ]
    rng = random.Random(2)
    events += [
        ev.MetricSample(
            ts=t0 + 200 + 10 * i,
            source="agent",
            name=ev.ERROR_RATE,
            value=rng.choice([0.1, 0.2, 0.3]),
        )
        for i in range(300)
    ]
    p = Pipeline(analyzers=[EarlyWarningAnalyzer()])
    p.feed_all(events)
    assert p.state.findings == []
