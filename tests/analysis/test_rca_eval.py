"""The evaluation corpus's tuning halves, held at the level reached (every case right).

``tune``, ``tune2``, ``tune3`` and ``tune4`` were tuned on; the holdouts (``holdout``,
``holdout2``, ``holdout3``, ``holdout4``) became tuning data once they had been run and
reported. ``holdout5`` was run once after the last round of rules and reported as it came
out (13 of 15, docs/rca.md); it is held at that bar, not at every case.
"""

import pytest

from tests.analysis.rca_eval import cases, run_case, table

HALVES = ("tune", "holdout", "tune2", "holdout2", "holdout3", "tune3", "holdout4", "tune4")
HELD_AT_BAR = ("holdout5",)  # right on at least BAR of its cases, the bar
BAR = 13
SIZES = {"tune3": 16, "holdout4": 15, "tune4": 6, "holdout5": 15}  # the others: ten each


@pytest.fixture(scope="module")
def tuned() -> dict[str, list]:
    return {half: [run_case(path) for path in cases(half)] for half in HALVES + HELD_AT_BAR}


@pytest.fixture(scope="module")
def tune(tuned: dict[str, list]) -> list:
    return tuned["tune"]


@pytest.mark.parametrize("half", HALVES)
def test_cause_action_and_blamed_change(tuned: dict[str, list], half: str) -> None:
    results = tuned[half]
    print("\n" + table(results))
    assert len(results) == SIZES.get(half, 10)
    assert [r.case for r in results if not r.passed] == []


@pytest.mark.parametrize("half", HELD_AT_BAR)
def test_the_last_held_out_half_stays_at_the_bar(tuned: dict[str, list], half: str) -> None:
    results = tuned[half]
    print("\n" + table(results))
    assert len(results) == SIZES[half]
    assert sum(r.passed for r in results) >= BAR


def test_tune_half_onsets_and_names(tune: list) -> None:
    assert [r.case for r in tune if not r.onset_ok] == []
    assert [r.case for r in tune if not r.names_ok] == []


def test_never_a_rollback_for_an_outage_or_a_failover(tuned: dict[str, list]) -> None:
    for r in (r for half in tuned.values() for r in half):
        if r.expected["category"] in ("dependency", "infrastructure"):
            assert r.report["recommended_action"]["kind"] != "rollback", r.case


def test_quiet_day_is_no_incident(tuned: dict[str, list]) -> None:
    quiet = [r for half in tuned.values() for r in half if not r.expected["incident"]]
    assert quiet
    for r in quiet:
        assert r.report["root_cause"]["category"] == "none"
        assert r.report["onset_at"] is None


def test_seed_003_as_a_service_logs_it_is_the_config_change_at_090(tune: list) -> None:
    (r,) = [r for r in tune if r.case.startswith("01-checkout-pool-config")]
    assert r.report["root_cause"]["category"] == "config_change"
    assert r.report["confidence"] >= 0.9
    assert {e["source"] for e in r.report["evidence"]} == {"logs", "metrics", "deploy"}
