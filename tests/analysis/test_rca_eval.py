"""The evaluation corpus's tune half, held at the level reached (every case right).

The holdout half is never run here: it is reported once, as it is, by
``python -m tests.analysis.rca_eval holdout``.
"""

import pytest

from tests.analysis.rca_eval import cases, run_case, table


@pytest.fixture(scope="module")
def tune() -> list:
    return [run_case(path) for path in cases("tune")]


def test_tune_half_cause_action_and_blamed_change(tune: list) -> None:
    print("\n" + table(tune))
    wrong = [r.case for r in tune if not r.passed]
    assert len(tune) == 10
    assert wrong == []


def test_tune_half_onsets_and_names(tune: list) -> None:
    assert [r.case for r in tune if not r.onset_ok] == []
    assert [r.case for r in tune if not r.names_ok] == []


def test_never_a_rollback_for_an_outage_or_a_failover(tune: list) -> None:
    for r in tune:
        if r.expected["category"] in ("dependency", "infrastructure"):
            assert r.report["recommended_action"]["kind"] != "rollback", r.case


def test_quiet_day_is_no_incident(tune: list) -> None:
    quiet = [r for r in tune if not r.expected["incident"]]
    assert quiet
    for r in quiet:
        assert r.report["root_cause"]["category"] == "none"
        assert r.report["onset_at"] is None


def test_seed_003_as_a_service_logs_it_is_the_config_change_at_090(tune: list) -> None:
    (r,) = [r for r in tune if r.case.startswith("01-checkout-pool-config")]
    assert r.report["root_cause"]["category"] == "config_change"
    assert r.report["confidence"] >= 0.9
    assert {e["source"] for e in r.report["evidence"]} == {"logs", "metrics", "deploy"}
