"""Rollouts in the controller's real shapes, served on the wire to the real client: blue-green
before and after promotion, aborted, legacy spec.paused, analysis failed before and during the
watch, experiments, a canary without a traffic router, InvalidSpec."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.sources.kube import KubeSource
from tests.helpers.argo import (
    NEW_HASH,
    NS,
    OLD_HASH,
    aborted_by_analysis,
    analysis_run,
    blue_green,
    canary,
    experiment,
    replica_set,
)
from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.kube import Run, is_status


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[FakeKubeAPI, Path]]:
    server = FakeKubeAPI(NS)
    yield server, server.kubeconfig(tmp_path / "kubeconfig")
    server.close()


def watch(kubeconfig: Path, rollout: str) -> Run:
    return Run(KubeSource(NS, rollout, kubeconfig=str(kubeconfig), max_backoff=1.0))


def of(kind: type[ev.Event]) -> Any:
    return lambda e: isinstance(e, kind)


async def test_blue_green_before_promotion_is_zero_percent_with_its_gate_open(
    cluster: tuple[FakeKubeAPI, Path],
) -> None:
    api, kubeconfig = cluster
    api.add("rollouts", blue_green("cart"))
    run = watch(kubeconfig, "cart")
    try:
        gate = await run.until(of(ev.GateOpened))
        assert (gate.gate_id, gate.stage_pct, gate.next_pct) == ("cart/promotion", 0.0, 100.0)
        assert [p.steps for p in run.of(ev.StagePlan)] == [(100.0,)]
        [split] = run.of(ev.TrafficSplit)
        assert (split.green_pct, split.actual_green_pct) == (0.0, 0.0)
        assert not run.of(ev.StageStarted)  # nothing of production is on the new version
        [phase] = run.of(ev.Phase)
        assert phase.phase == "paused"
        assert phase.detail.count("BlueGreenPause") == 1  # said once, not twice
        assert "0% on the new one (preview serves it)" in phase.detail
        n = len(run.seen)

        def promote(o: dict[str, Any]) -> None:  # the controller switches the active Service
            o["status"].pop("pauseConditions")
            o["status"].pop("controllerPause")
            o["status"]["blueGreen"]["activeSelector"] = NEW_HASH
            o["status"].update(phase="Progressing", message="waiting for post-promotion")

        api.modify("rollouts", "cart", promote)
        closed = await run.until(of(ev.GateClosed), since=n)
        assert (closed.gate_id, closed.decision) == ("cart/promotion", "approve")
        stage = await run.until(of(ev.StageStarted), since=n)
        assert stage.traffic_pct == 100.0
        assert run.of(ev.TrafficSplit)[-1].green_pct == 100.0
        api.modify(
            "rollouts",
            "cart",
            lambda o: o["status"].update(stableRS=NEW_HASH, phase="Healthy", message=""),
        )
        done = await run.until(of(ev.Outcome), since=n)
        assert done.status == "succeeded"
    finally:
        await run.close()


async def test_legacy_spec_paused_blue_green_gets_its_gate(
    cluster: tuple[FakeKubeAPI, Path],
) -> None:
    api, kubeconfig = cluster
    api.add("rollouts", blue_green("cart", legacy=True))
    run = watch(kubeconfig, "cart")
    try:
        gate = await run.until(of(ev.GateOpened))
        assert (gate.gate_id, gate.stage_pct) == ("cart/promotion", 0.0)
        phase = run.of(ev.Phase)[-1]
        assert phase.phase == "paused" and "spec.paused, waiting for a promote" in phase.detail
    finally:
        await run.close()


async def test_attached_to_a_rollout_aborted_by_analysis_gets_cause_and_outcome(
    cluster: tuple[FakeKubeAPI, Path],
) -> None:
    api, kubeconfig = cluster
    obj = canary("search", step=5)
    aborted_by_analysis(obj, "search-7c6d9f8b5-7")
    api.add("rollouts", obj)
    api.add(
        "analysisruns",
        analysis_run("search", "search-7c6d9f8b5-7", phase="Failed", failed=3, value="0.81"),
    )
    # An older revision's failed run is history, not this abort's cause.
    api.add(
        "analysisruns",
        analysis_run(
            "search", "search-5b8f6c9d4-6", phase="Failed", pod_hash="1a2b3c4d5", failed=1
        ),
    )
    api.add("analysisruns", analysis_run("other", "other-7c6d9f8b5-2", phase="Failed", failed=1))
    run = watch(kubeconfig, "search")
    try:
        done = await run.until(of(ev.Outcome))
        assert done.status == "rolled_back"
        assert "background analysis search-7c6d9f8b5-7 failed" in done.detail
        assert 'Metric "success-rate" assessed Failed' in done.detail
        [rollback] = run.of(ev.RollbackStarted)
        assert "search-7c6d9f8b5-7" in rollback.reason
        finding = await run.until(of(ev.Finding))
        assert finding.code == "analysis_run" and finding.severity == "critical"
        assert finding.message.startswith("background analysis search-7c6d9f8b5-7: Failed")
        assert "metric success-rate failed" in finding.message
        assert finding.data["metrics"][0]["name"] == "success-rate"
        assert finding.metric == "success-rate"
        await run.until(is_status("ok"))
        await run.quiet()
        assert [f.data["analysis_run"] for f in run.of(ev.Finding)] == ["search-7c6d9f8b5-7"]
        assert not run.of(ev.GateOpened)
        assert run.of(ev.TrafficSplit)[-1].green_pct == 0.0
    finally:
        await run.close()


async def test_analysis_failing_during_the_watch_then_the_abort(
    cluster: tuple[FakeKubeAPI, Path],
) -> None:
    api, kubeconfig = cluster
    api.add("rollouts", canary("search", step=4))
    api.add(
        "analysisruns", analysis_run("search", "search-7c6d9f8b5-7-4", phase="Running", kind="Step")
    )
    run = watch(kubeconfig, "search")
    try:
        await run.until(is_status("ok"))
        phase = run.of(ev.Phase)[-1]
        assert "step 4/8 analysis success-rate" in phase.detail
        n = len(run.seen)
        api.modify(
            "analysisruns",
            "search-7c6d9f8b5-7-4",
            lambda o: o.update(
                status=analysis_run("s", "x", phase="Failed", failed=3, value="0.62")["status"]
            ),
        )
        finding = await run.until(of(ev.Finding), since=n)
        assert finding.message.startswith("step analysis search-7c6d9f8b5-7-4: Failed")

        def abort(o: dict[str, Any]) -> None:
            aborted_by_analysis(o, "search-7c6d9f8b5-7-4", role="step")

        api.modify("rollouts", "search", abort)
        rollback = await run.until(of(ev.RollbackStarted), since=n)
        assert rollback.reason.startswith("step analysis search-7c6d9f8b5-7-4 failed")
        done = await run.until(of(ev.Outcome), since=n)
        assert done.status == "rolled_back" and "search-7c6d9f8b5-7-4" in done.detail
    finally:
        await run.close()


async def test_experiment_results_and_their_analysis(cluster: tuple[FakeKubeAPI, Path]) -> None:
    api, kubeconfig = cluster
    obj = canary("search", step=6)
    obj["status"]["canary"]["currentExperiment"] = "search-7c6d9f8b5-7-6"
    api.add("rollouts", obj)
    api.add("experiments", experiment("search", "search-7c6d9f8b5-7-6", "Running"))
    run = watch(kubeconfig, "search")
    try:
        await run.until(is_status("ok"))
        phase = run.of(ev.Phase)[-1]
        assert "step 6/8 experiment 5m" in phase.detail
        assert "experiment search-7c6d9f8b5-7-6" in phase.detail
        n = len(run.seen)
        api.add(
            "analysisruns",
            analysis_run(
                "search",
                "search-7c6d9f8b5-7-6-latency",
                phase="Failed",
                kind="",
                owner_kind="Experiment",
                owner="search-7c6d9f8b5-7-6",
                metric="p99-latency",
                failed=2,
            ),
        )
        first = await run.until(of(ev.Finding), since=n)
        assert "search-7c6d9f8b5-7-6-latency" in first.message
        assert "metric p99-latency failed" in first.message
        api.modify(
            "experiments",
            "search-7c6d9f8b5-7-6",
            lambda o: o["status"].update(phase="Failed", message="analysis p99-latency failed"),
        )
        second = await run.until(
            lambda e: isinstance(e, ev.Finding) and e.code == "experiment", since=n
        )
        assert second.severity == "critical"
        assert second.message == (
            "experiment search-7c6d9f8b5-7-6: Failed: analysis p99-latency failed"
        )
    finally:
        await run.close()


async def test_canary_without_a_router_weighs_by_ready_replicas(
    cluster: tuple[FakeKubeAPI, Path],
) -> None:
    api, kubeconfig = cluster
    api.add("rollouts", canary("search", step=2, router=False))
    api.add("replicasets", replica_set("search", OLD_HASH, 6, available=5))
    api.add("replicasets", replica_set("search", NEW_HASH, 7, available=0))
    run = watch(kubeconfig, "search")
    try:
        await run.until(lambda e: isinstance(e, ev.TrafficSplit) and e.actual_green_pct == 0.0)
        n = len(run.seen)
        api.modify(
            "replicasets",
            f"search-{NEW_HASH}",
            lambda o: o["status"].update(availableReplicas=2, readyReplicas=2),
        )
        split = await run.until(of(ev.TrafficSplit), since=n)
        assert (split.green_pct, split.actual_green_pct) == (40.0, 40.0)  # 2 of 5 available
    finally:
        await run.close()


async def test_invalid_spec_is_degraded_with_the_controllers_message(
    cluster: tuple[FakeKubeAPI, Path],
) -> None:
    api, kubeconfig = cluster
    obj = canary("search", step=0, phase=None)
    obj["status"]["conditions"].append(
        {
            "type": "InvalidSpec",
            "status": "True",
            "reason": "InvalidSpec",
            "message": 'The Rollout "search" is invalid: spec.strategy.canary.steps[1].pause'
            ": Invalid value: -1: duration must be >= 0",
            "lastTransitionTime": "2026-11-22T09:00:00Z",
            "lastUpdateTime": "2026-11-22T09:00:00Z",
        }
    )
    api.add("rollouts", obj)
    run = watch(kubeconfig, "search")
    try:
        finding = await run.until(of(ev.Finding))
        assert finding.code == "rollout_degraded" and finding.severity == "critical"
        assert 'InvalidSpec: The Rollout "search" is invalid' in finding.message
        phase = run.of(ev.Phase)[-1]
        assert phase.phase == "degraded" and "duration must be >= 0" in phase.detail
        assert not run.of(ev.Outcome)
    finally:
        await run.close()
