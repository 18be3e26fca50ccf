"""Each verb of `kubectl argo rollouts` sends the plugin's patch, on the wire, to the fake API
server through the real client; a verb the controller would not act on sends nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from console.control.argo import ArgoRolloutsDecider, verb_availability
from tests.helpers.argo import (
    NEW_HASH,
    NS,
    OLD_HASH,
    aborted_by_analysis,
    blue_green,
    canary,
    replica_set,
)
from tests.helpers.fake_kube_api import FakeKubeAPI, Request

BASE = f"/apis/argoproj.io/v1alpha1/namespaces/{NS}/rollouts"
RESTART_AT = datetime(2026, 12, 2, 9, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def api() -> Iterator[FakeKubeAPI]:
    server = FakeKubeAPI(NS)
    yield server
    server.close()


def decider(api: FakeKubeAPI, tmp_path: Path, name: str) -> ArgoRolloutsDecider:
    return ArgoRolloutsDecider(
        NS,
        name,
        kubeconfig=str(api.kubeconfig(tmp_path / "kc")),
        current=lambda: api.get("rollouts", name),
        replica_sets=lambda: list(api.store.objects.get("replicasets", {}).values()),
        clock=lambda: RESTART_AT,
    )


def patches(api: FakeKubeAPI) -> list[Request]:
    return api.requests_for("PATCH", "/rollouts/")


def sent(req: Request) -> tuple[str, str, Any]:
    return req.path.removeprefix(BASE), req.headers["Content-Type"], json.loads(req.body)


MERGE, JSON_PATCH = "application/merge-patch+json", "application/json-patch+json"


async def test_promote_a_blue_green_before_promotion(api: FakeKubeAPI, tmp_path: Path) -> None:
    api.add("rollouts", blue_green("cart"))
    d = decider(api, tmp_path, "cart")
    assert d.commands()["promote"].enabled
    shown = d.describe_command("promote")
    outcome = await d.command("promote", idempotency_key="p1")
    assert outcome.result == "accepted", outcome.detail
    [req] = patches(api)
    assert sent(req) == ("/cart/status", MERGE, {"status": {"pauseConditions": None}})
    assert shown == (
        f"PATCH rollouts.argoproj.io/cart in namespace {NS} (status) {MERGE}\n"
        '{"status":{"pauseConditions":null}}'
    )
    assert await d.command("promote", idempotency_key="p1") == outcome  # not sent twice
    assert len(patches(api)) == 1


async def test_promote_full_skips_every_step(api: FakeKubeAPI, tmp_path: Path) -> None:
    obj = canary("search", step=1)
    obj["spec"]["paused"] = True
    api.add("rollouts", obj)
    d = decider(api, tmp_path, "search")
    outcome = await d.command("promote-full")
    assert outcome.result == "accepted", outcome.detail
    status, spec = patches(api)
    assert sent(status) == ("/search/status", MERGE, {"status": {"promoteFull": True}})
    assert sent(spec) == ("/search", MERGE, {"spec": {"paused": False}})
    assert api.get("rollouts", "search")["status"]["promoteFull"] is True


async def test_promote_during_an_analysis_step_moves_the_step_on(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    api.add("rollouts", canary("search", step=4))
    d = decider(api, tmp_path, "search")
    assert d.commands()["promote"].reason == "skip step 4 (analysis success-rate)"
    await d.command("promote")
    [req] = patches(api)
    assert sent(req) == (
        "/search/status",
        MERGE,
        {"status": {"pauseConditions": None, "currentStepIndex": 5}},
    )


async def test_promote_an_inconclusive_analysis_clears_the_controller_pause(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    obj = canary("search", step=4)
    obj["status"]["canary"]["currentStepAnalysisRunStatus"] = {
        "name": "search-7c6d9f8b5-7-4",
        "status": "Inconclusive",
    }
    obj["status"].update(
        controllerPause=True,
        pauseConditions=[
            {"reason": "InconclusiveAnalysisRun", "startTime": "2026-11-22T09:08:00Z"}
        ],
        phase="Paused",
        message="InconclusiveAnalysisRun",
    )
    api.add("rollouts", obj)
    await decider(api, tmp_path, "search").command("promote")
    [req] = patches(api)
    assert sent(req)[2] == {
        "status": {"pauseConditions": None, "controllerPause": False, "currentStepIndex": 5}
    }


async def test_abort_then_retry(api: FakeKubeAPI, tmp_path: Path) -> None:
    api.add("rollouts", canary("search", step=1))
    d = decider(api, tmp_path, "search")
    refused = await d.command("retry")
    assert refused.result == "refused" and "not aborted" in refused.detail
    assert not patches(api)
    assert (await d.command("abort")).result == "accepted"
    [req] = patches(api)
    assert sent(req) == ("/search/status", MERGE, {"status": {"abort": True}})
    api.modify("rollouts", "search", lambda o: aborted_by_analysis(o, "search-7c6d9f8b5-7"))
    after = d.commands()
    assert not after["promote"].enabled and "retry it first" in after["promote"].reason
    assert not after["abort"].enabled
    assert (await d.command("retry")).result == "accepted"
    assert sent(patches(api)[-1]) == ("/search/status", MERGE, {"status": {"abort": False}})


async def test_retry_without_a_status_subresource_patches_the_object(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    obj = blue_green("cart", aborted=True)
    api.add("rollouts", obj)
    api.no_status_subresource = True  # Rollouts v0.9
    assert (await decider(api, tmp_path, "cart").command("retry")).result == "accepted"
    first, second = patches(api)
    assert first.path.endswith("/cart/status")
    assert sent(second) == ("/cart", MERGE, {"status": {"abort": False}})
    assert api.get("rollouts", "cart")["status"]["abort"] is False


async def test_undo_to_a_listed_revision_restores_its_template(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    obj = canary("search", step=1)
    api.add("rollouts", obj)
    current_image = obj["spec"]["template"]["spec"]["containers"][0]["image"]
    older = replica_set(
        "search", "3e4f5a6b7", 5, available=0, image="registry.example.com/shop/search:8.0.3"
    )
    stable = replica_set(
        "search", OLD_HASH, 6, available=5, image="registry.example.com/shop/search:8.1.4"
    )
    newest = replica_set("search", NEW_HASH, 7, available=1, image=current_image)
    newest["spec"]["template"] = json.loads(json.dumps(obj["spec"]["template"]))
    newest["spec"]["template"]["metadata"]["labels"]["rollouts-pod-template-hash"] = NEW_HASH
    for rs in (older, stable, newest):
        api.add("replicasets", rs)
    d = decider(api, tmp_path, "search")
    listed = [(r.number, r.images, r.current) for r in d.revisions()]
    assert listed == [
        (7, (current_image,), True),
        (6, ("registry.example.com/shop/search:8.1.4",), False),
        (5, ("registry.example.com/shop/search:8.0.3",), False),
    ]
    assert d.commands()["undo"].reason == "back to revision 6"
    shown = d.describe_command("undo", 5)
    outcome = await d.command("undo", 5)
    assert outcome.result == "accepted", outcome.detail
    [req] = patches(api)
    path, kind, body = sent(req)
    assert (path, kind) == ("/search", JSON_PATCH)
    assert body == [
        {
            "op": "replace",
            "path": "/spec/template",
            "value": {
                "metadata": {"labels": {"app": "search"}},
                "spec": {
                    "containers": [
                        {"name": "search", "image": "registry.example.com/shop/search:8.0.3"}
                    ]
                },
            },
        }
    ]
    head, _, shown_body = shown.partition("\n")
    assert head == f"PATCH rollouts.argoproj.io/search in namespace {NS} {JSON_PATCH}"
    assert json.loads(shown_body) == body
    template = api.get("rollouts", "search")["spec"]["template"]
    assert template["spec"]["containers"][0]["image"].endswith(":8.0.3")
    # The template is now revision 5's: undoing to it again is refused, nothing sent.
    again = await d.command("undo", 5)
    assert again.result == "refused" and "already matches revision 5" in again.detail
    missing = await d.command("undo", 42)
    assert missing.result == "refused" and "unable to find revision 42" in missing.detail
    assert len(patches(api)) == 1


async def test_restart_sets_restart_at(api: FakeKubeAPI, tmp_path: Path) -> None:
    api.add("rollouts", blue_green("cart", promoted=True))
    d = decider(api, tmp_path, "cart")
    assert (await d.command("restart")).result == "accepted"
    [req] = patches(api)
    assert sent(req) == ("/cart", MERGE, {"spec": {"restartAt": "2026-12-02T09:00:00Z"}})
    assert d.commands()["restart"].reason == "a restart is already under way"


def test_verbs_off_with_their_reason() -> None:
    healthy = blue_green("cart", promoted=True)
    verbs = verb_availability(healthy)
    assert not verbs["promote"].enabled and "Healthy" in verbs["promote"].reason
    assert not verbs["abort"].enabled and not verbs["retry"].enabled
    assert not verbs["undo"].enabled and verbs["undo"].reason == "no previous revision in history"
    assert verbs["restart"].enabled
    paused = verb_availability(blue_green("cart"))
    assert paused["promote"].enabled and paused["promote-full"].enabled and paused["abort"].enabled
    assert verb_availability(None)["promote"].reason == "the rollout has not been seen yet"


def _on_a_deployment(api: FakeKubeAPI) -> None:
    """search: a canary whose template is the Deployment search-web's (spec.workloadRef),
    at revision 7 over 6 and 5."""
    obj = canary("search", step=1)
    template = obj["spec"].pop("template")
    obj["spec"]["workloadRef"] = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "search-web",
        "scaleDown": "progressively",
    }
    api.add("rollouts", obj)
    api.add(
        "deployments",
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "search-web", "namespace": NS},
            "spec": {"replicas": 0, "selector": obj["spec"]["selector"], "template": template},
        },
    )
    older = replica_set("search", "3e4f5a6b7", 5, 0, "registry.example.com/shop/search:8.0.3")
    stable = replica_set("search", OLD_HASH, 6, 5, "registry.example.com/shop/search:8.1.4")
    newest = replica_set("search", NEW_HASH, 7, 1, template["spec"]["containers"][0]["image"])
    for rs in (older, stable, newest):
        api.add("replicasets", rs)


async def test_undo_of_a_rollout_whose_template_is_a_deployments(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    """spec.workloadRef: the Rollout has no template of its own, the Deployment it names has
    it. Undo goes where the plugin's undoWorkloadRef sends it, to that Deployment; the
    Rollout's current revision is its currentPodHash's (there is no template to compare)."""
    _on_a_deployment(api)
    d = decider(api, tmp_path, "search")
    assert [(r.number, r.current) for r in d.revisions()] == [(7, True), (6, False), (5, False)]
    assert d.commands()["undo"].reason == "back to revision 6"
    shown = d.describe_command("undo", 5)
    assert shown.startswith(f"PATCH deployments.apps/search-web in namespace {NS} {JSON_PATCH}\n")
    outcome = await d.command("undo", 5)
    assert outcome.result == "accepted", outcome.detail
    [req] = api.requests_for("PATCH", "/deployments/")
    assert req.path == f"/apis/apps/v1/namespaces/{NS}/deployments/search-web"
    assert req.headers["Content-Type"] == JSON_PATCH
    assert json.loads(req.body)[0]["path"] == "/spec/template"
    image = api.get("deployments", "search-web")["spec"]["template"]["spec"]["containers"][0]
    assert image["image"] == "registry.example.com/shop/search:8.0.3"
    assert "template" not in api.get("rollouts", "search")["spec"]  # the Rollout untouched
    assert patches(api) == []


async def test_undo_refused_on_the_deployment_names_its_rbac(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    _on_a_deployment(api)
    api.forbidden.add("deployments")
    outcome = await decider(api, tmp_path, "search").command("undo", 5)
    assert outcome.result == "refused"
    assert outcome.detail.startswith(f"RBAC refused access to deployments in namespace {NS}")
    assert outcome.detail.endswith("grant patch on deployments (see docs/kubernetes.md)")
