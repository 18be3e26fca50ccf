"""KubeSource + ArgoRolloutsDecider against the fake API server, through the real client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from console import events as ev
from console.control.argo import ArgoRolloutsDecider
from console.sources.kube import KubeSource
from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.kube import NS, ROLLOUT, STEPS, Run, controller_status, is_status


def source(kubeconfig: Path, **kw: Any) -> KubeSource:
    return KubeSource(NS, ROLLOUT, kubeconfig=str(kubeconfig), max_backoff=1.0, **kw)


def gate(gate_id: str) -> Any:
    return lambda e: isinstance(e, ev.GateOpened) and e.gate_id == gate_id


def controller_advance(api: FakeKubeAPI, step: int, weight: float) -> None:
    """What the Argo controller does after a promote: run the setWeight step, then pause."""
    api.modify(
        "rollouts",
        ROLLOUT,
        lambda o: o.update(status=controller_status(step - 1, weight, paused=False)),
    )
    api.modify("rollouts", ROLLOUT, lambda o: o.update(status=controller_status(step, weight)))


async def test_canary_through_its_steps_with_promotes(api: FakeKubeAPI, kubeconfig: Path) -> None:
    src = source(kubeconfig)
    decider = ArgoRolloutsDecider(
        NS, ROLLOUT, kubeconfig=str(kubeconfig), current=src.rollout_object
    )
    run = Run(src)
    try:
        await run.until(is_status("ok"))
        await run.until(gate("checkout/step-1"))
        plan = run.of(ev.StagePlan)
        assert plan and plan[0].steps == (10, 25, 50, 75, 100)
        split = run.of(ev.TrafficSplit)[-1]
        assert (split.green_pct, split.actual_green_pct) == (10, 10)
        # Pods per colour: the stable ReplicaSet is blue, the canary green.
        pods = {p.colour: (p.ready, p.total, p.restarts) for p in run.of(ev.Pods)}
        assert pods == {"blue": (3, 3, 0), "green": (1, 1, 0)}
        phase = run.of(ev.Phase)[-1]
        assert phase.phase == "paused" and "step 1/8" in phase.detail
        assert "CanaryPauseStep" in phase.detail

        # The confirmation shows the plugin's patch, then approve sends exactly it.
        assert decider.describe("approve", "checkout/step-1", "ana", "ok") == (
            "PATCH rollouts.argoproj.io/checkout in namespace shop (status)"
            ' application/merge-patch+json\n{"status":{"pauseConditions":null}}'
        )
        for step, weight in ((3, 25), (5, 50), (7, 75)):
            n = len(run.seen)
            prev_gate = f"checkout/step-{step - 2}"
            outcome = await decider.decide(prev_gate, "approve", "ana", "looks fine", f"k{step}")
            assert outcome.result == "accepted", outcome.detail
            patch = api.requests_for("PATCH", "/rollouts/checkout")[-1]
            assert (
                patch.path == f"/apis/argoproj.io/v1alpha1/namespaces/{NS}/rollouts/checkout/status"
            )
            assert patch.headers["Content-Type"] == "application/merge-patch+json"
            assert json.loads(patch.body) == {"status": {"pauseConditions": None}}
            controller_advance(api, step, weight)
            await run.until(gate(f"checkout/step-{step}"), since=n)
            closed = [e for e in run.seen[n:] if isinstance(e, ev.GateClosed)]
            assert [(c.gate_id, c.decision) for c in closed] == [(prev_gate, "approve")]
            opened = run.of(ev.GateOpened)[-1]
            assert opened.stage_pct == weight
            assert opened.next_pct == (None if step == 7 else weight + 25)

        # The same decision again (same key) is not sent twice; a stale gate is refused.
        sent = len(api.requests_for("PATCH", "/rollouts/"))
        again = await decider.decide("checkout/step-5", "approve", "ana", "dup", "k7")
        assert again.result == "accepted" and len(api.requests_for("PATCH", "/rollouts/")) == sent
        stale = await decider.decide("checkout/step-5", "approve", "ana", "late", "other-key")
        assert stale.result == "refused" and "no longer open" in stale.detail
        assert len(api.requests_for("PATCH", "/rollouts/")) == sent

        # Last gate: promote finishes the rollout.
        n = len(run.seen)
        assert (await decider.decide("checkout/step-7", "approve", "ana", "", "k9")).accepted
        api.modify(
            "rollouts",
            ROLLOUT,
            lambda o: o.update(
                status={
                    **controller_status(len(STEPS), 100, paused=False),
                    "phase": "Healthy",
                    "stableRS": "7f9c5d6b8",
                }
            ),
        )
        done = await run.until(lambda e: isinstance(e, ev.Outcome), since=n)
        assert done.status == "succeeded"
    finally:
        await run.close()

    stages = [e.traffic_pct for e in run.of(ev.StageStarted)]
    assert stages == [10, 25, 50, 75, 100]
    assert [e.gate_id for e in run.of(ev.GateOpened)] == [
        "checkout/step-1",
        "checkout/step-3",
        "checkout/step-5",
        "checkout/step-7",
    ]
    assert all(e.decision == "approve" for e in run.of(ev.GateClosed))
    assert len(run.of(ev.GateClosed)) == 4
    splits = [(e.green_pct, e.actual_green_pct) for e in run.of(ev.TrafficSplit)]
    assert (25, 25) in splits and splits[-1] == (100, 100)


async def test_abort_sends_the_plugin_patch_and_reports_the_rollback(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    src = source(kubeconfig)
    decider = ArgoRolloutsDecider(NS, ROLLOUT, kubeconfig=str(kubeconfig))
    run = Run(src)
    try:
        await run.until(gate("checkout/step-1"))
        assert decider.describe("rollback", "checkout/step-1") == (
            "PATCH rollouts.argoproj.io/checkout in namespace shop (status)"
            ' application/merge-patch+json\n{"status":{"abort":true}}'
        )
        n = len(run.seen)
        outcome = await decider.decide("checkout/step-1", "rollback", "ana", "p99 breach", "r1")
        assert outcome.result == "accepted", outcome.detail
        patch = api.requests_for("PATCH", "/rollouts/checkout")[-1]
        assert patch.path.endswith("/rollouts/checkout/status")
        assert patch.headers["Content-Type"] == "application/merge-patch+json"
        assert json.loads(patch.body) == {"status": {"abort": True}}
        await run.until(lambda e: isinstance(e, ev.RollbackStarted), since=n)
        closed = await run.until(lambda e: isinstance(e, ev.GateClosed), since=n)
        assert (closed.gate_id, closed.decision) == ("checkout/step-1", "rollback")
        split = await run.until(lambda e: isinstance(e, ev.TrafficSplit), since=n)
        assert split.green_pct == 0
        # The controller scales the canary away and marks the rollout Degraded.
        api.modify(
            "rollouts",
            ROLLOUT,
            lambda o: o["status"].update(
                phase="Degraded",
                message="RolloutAborted: Rollout aborted update to revision 2",
                pauseConditions=None,
                controllerPause=None,
            ),
        )
        done = await run.until(lambda e: isinstance(e, ev.Outcome), since=n)
        assert done.status == "rolled_back" and "RolloutAborted" in done.detail
        # A promote after the abort is refused without sending anything.
        sent = len(api.requests_for("PATCH", "/rollouts/"))
        late = await decider.decide("checkout/step-1", "approve", "ana", "", "r2")
        assert late.result == "refused" and "aborted" in late.detail
        assert len(api.requests_for("PATCH", "/rollouts/")) == sent
    finally:
        await run.close()


async def test_promote_falls_back_to_unified_patch_without_status_subresource(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    """Rollouts v0.9 has no status subresource: a 404 there → one unified patch, as the plugin."""
    api.no_status_subresource = True
    decider = ArgoRolloutsDecider(NS, ROLLOUT, kubeconfig=str(kubeconfig))
    outcome = await decider.decide("checkout/step-1", "approve", "ana", "", "u1")
    assert outcome.result == "accepted", outcome.detail
    first, second = api.requests_for("PATCH", "/rollouts/checkout")
    assert first.path.endswith("/checkout/status")
    assert second.path.endswith("/rollouts/checkout")
    assert json.loads(second.body) == {
        "spec": {"paused": False},
        "status": {"pauseConditions": None},
    }
    assert "pauseConditions" not in api.get("rollouts", ROLLOUT)["status"]


def test_promote_patches_follow_the_plugin() -> None:
    from console.control.argo import promote_patches
    from tests.helpers.kube import rollout_object

    obj = rollout_object(3, 25)
    obj["spec"]["paused"] = True
    p = promote_patches(obj)
    assert p.status == '{"status":{"pauseConditions":null}}'
    assert p.spec == '{"spec":{"paused":false}}'
    # A canary running an analysis step (no pause condition): the step index moves on.
    obj = rollout_object(4, 50)
    obj["status"].pop("pauseConditions", None)
    assert promote_patches(obj).status == (
        '{"status":{"pauseConditions":null, "currentStepIndex":5}}'
    )
    assert promote_patches(obj).spec is None
