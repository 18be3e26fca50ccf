"""A Rollout read as the controller and `kubectl argo rollouts get` mean it."""

from __future__ import annotations

from typing import Any

import pytest

from console.sources.kube.objects import parse_time
from console.sources.kube.rollout import (
    gate_of,
    parse_duration,
    plan_of,
    read_rollout,
    rollout_phase,
)
from tests.helpers.argo import (
    NEW_HASH,
    OLD_HASH,
    aborted_by_analysis,
    blue_green,
    canary,
    replica_set,
)

START = parse_time("2026-11-22T09:05:00Z")


def test_blue_green_paused_before_promotion_is_nothing_of_production_yet() -> None:
    obj = blue_green()
    r = read_rollout(obj)
    assert r.strategy == "blueGreen"
    assert (r.phase, r.message) == ("Paused", "BlueGreenPause")
    assert r.production_pct == 0.0  # the active Service still selects the stable ReplicaSet
    assert (r.active_selector, r.preview_selector) == (OLD_HASH, NEW_HASH)
    assert r.paused and r.needs_human and r.pause_reasons == ("BlueGreenPause",)
    assert gate_of(obj) == "cart/promotion"
    assert plan_of(obj) == (100.0,)
    assert r.revision == 4 and r.image_tag == "3.1.0"


def test_blue_green_promoted_is_all_of_production() -> None:
    r = read_rollout(blue_green(promoted=True))
    assert (r.phase, r.production_pct, r.paused) == ("Healthy", 100.0, False)
    assert r.fully_promoted


def test_blue_green_aborted_stays_on_stable() -> None:
    r = read_rollout(blue_green(aborted=True))
    assert r.aborted and not r.paused and r.production_pct == 0.0
    assert r.phase == "Degraded"
    assert r.abort_cause() == "RolloutAborted: Rollout aborted update to revision 4"


def test_blue_green_pre_promotion_analysis_failure_is_the_abort_cause() -> None:
    run = {"name": "cart-7c6d9f8b5-4-pre", "status": "Failed", "message": "smoke test failed"}
    r = read_rollout(blue_green(aborted=True, analysis=run))
    assert r.abort_cause() == (
        "pre-promotion analysis cart-7c6d9f8b5-4-pre failed: smoke test failed"
    )


def test_legacy_spec_paused_blue_green_is_a_pause_a_person_lifts() -> None:
    obj = blue_green(legacy=True)
    assert "phase" not in obj["status"]
    r = read_rollout(obj)
    assert (r.phase, r.message) == ("Paused", "manually paused")
    assert r.paused and r.needs_human and r.pause_reasons == ("PausedByUser",)
    assert r.production_pct == 0.0
    assert r.pause_started == START


def test_auto_promotion_is_a_countdown_not_a_wait_for_a_person() -> None:
    r = read_rollout(blue_green(auto_promotion_seconds=600))
    assert r.paused and not r.needs_human
    assert r.pause_until == START + 600


def test_canary_with_a_router_reads_the_router_weight() -> None:
    r = read_rollout(canary(step=1, router_weight=15))
    assert (r.step, r.steps, r.step_kind, r.step_text) == (1, 8, "pause", "pause")
    assert (r.set_weight, r.actual_weight) == (20.0, 15.0)
    assert r.paused and r.needs_human and r.production_pct == 15.0


def test_canary_without_a_router_reads_the_replicas_share() -> None:
    obj = canary(step=2, router=False)
    sets = [
        replica_set("search", OLD_HASH, 6, available=4),
        replica_set("search", NEW_HASH, 7, available=1),
    ]
    r = read_rollout(obj, sets)
    assert (r.set_weight, r.actual_weight) == (40.0, 20.0)  # 1 of 5 available replicas
    assert r.step_kind == "setWeight" and not r.paused


def test_timed_pause_counts_down() -> None:
    r = read_rollout(canary(step=3))
    assert (r.step_kind, r.step_text) == ("pause", "pause 10m")
    assert r.paused and not r.needs_human and r.pause_until == START + 600


def test_analysis_and_experiment_steps_are_named() -> None:
    analysis = read_rollout(canary(step=4))
    assert (analysis.step_kind, analysis.step_text) == ("analysis", "analysis success-rate")
    assert analysis.set_weight == 40.0 and not analysis.paused
    obj = canary(step=6)
    obj["status"]["canary"]["currentExperiment"] = "search-7c6d9f8b5-7-6"
    exp = read_rollout(obj)
    assert (exp.step_kind, exp.step_text, exp.experiment) == (
        "experiment",
        "experiment 5m",
        "search-7c6d9f8b5-7-6",
    )


def test_past_the_last_step_is_all_on_the_new_revision() -> None:
    obj = canary(step=8)
    obj["status"].update(stableRS=NEW_HASH, phase="Healthy", message="")
    r = read_rollout(obj)
    assert (r.step, r.set_weight, r.actual_weight) == (8, 100.0, 100.0)
    assert r.fully_promoted


def test_aborted_by_a_failed_analysis_names_it() -> None:
    obj = canary(step=5)
    aborted_by_analysis(obj, "search-7c6d9f8b5-7")
    r = read_rollout(obj)
    assert r.aborted and r.set_weight == 0.0 and r.actual_weight == 0.0
    assert r.abort_cause() == (
        'background analysis search-7c6d9f8b5-7 failed: Metric "success-rate" assessed'
        " Failed due to failed (3) > failureLimit (0)"
    )


def _without_phase(obj: dict[str, Any]) -> dict[str, Any]:
    obj["status"].pop("phase", None)
    obj["status"].pop("message", None)
    return obj


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (_without_phase(canary(step=1)), ("Paused", "CanaryPauseStep")),
        (_without_phase(canary(step=2)), ("Progressing", "more replicas need to be updated")),
        (
            _without_phase(blue_green(aborted=True)),
            ("Degraded", "RolloutAborted: Rollout aborted update to revision 4"),
        ),
    ],
)
def test_phase_of_an_object_older_than_status_phase_is_derived(
    obj: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert rollout_phase(obj) == expected


def test_invalid_spec_is_degraded_with_its_message() -> None:
    obj = _without_phase(canary(step=0))
    obj["status"]["conditions"].append(
        {
            "type": "InvalidSpec",
            "status": "True",
            "reason": "InvalidSpec",
            "message": 'The Rollout "search" is invalid: spec.strategy.canary.steps[3].pause:'
            " Invalid value: -1: duration must be >= 0",
        }
    )
    r = read_rollout(obj)
    assert r.phase == "Degraded"
    assert r.message.startswith('InvalidSpec: The Rollout "search" is invalid')
    assert r.invalid_spec is not None


def test_a_spec_change_not_yet_observed_is_progressing() -> None:
    obj = canary(step=1)
    obj["metadata"]["generation"] = 4
    assert rollout_phase(obj) == ("Progressing", "waiting for rollout spec update to be observed")


def test_promote_cleared_the_pause_but_the_controller_has_not_moved_yet() -> None:
    obj = canary(step=1)
    obj["status"].pop("pauseConditions")
    assert rollout_phase(obj) == ("Progressing", "waiting for rollout to unpause")


def test_max_traffic_weight_scales_the_percentages() -> None:
    obj = canary(step=2, router_weight=400)
    obj["spec"]["strategy"]["canary"]["trafficRouting"]["maxTrafficWeight"] = 1000
    obj["spec"]["strategy"]["canary"]["steps"][2]["setWeight"] = 400
    r = read_rollout(obj)
    assert (r.set_weight, r.actual_weight) == (40.0, 40.0)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("10s", 10), ("1m30s", 90), ("1h", 3600), (45, 45), ("30", 30), ("soon", None), ("", None)],
)
def test_durations_as_argo_writes_them(text: Any, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_ping_pong_names_the_service_serving_stable() -> None:
    obj = canary(step=2)
    canary_spec = obj["spec"]["strategy"]["canary"]
    canary_spec["pingPong"] = {"pingService": "search-ping", "pongService": "search-pong"}
    canary_spec["trafficRouting"] = {"alb": {"ingress": "search", "rootService": "search-root"}}
    assert read_rollout(obj).stable_service == "search-pong"  # unset: pong (IsStablePing)
    obj["status"]["canary"]["stablePingPong"] = "ping"
    assert read_rollout(obj).stable_service == "search-ping"


def test_a_blue_green_from_before_v0_4_verifying_its_preview_waits_for_a_person() -> None:
    obj = _without_phase(blue_green("guestbook", paused=False))
    obj["status"]["verifyingPreview"] = True
    r = read_rollout(obj)
    assert (r.phase, r.message) == ("Paused", "verifying preview")
    assert r.paused and r.needs_human and r.production_pct == 0.0
