"""The fleet's watch on the wire: every namespace, live changes, a gate's notice, RBAC and a
refused token."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from console.errors import KubeConfigError
from console.sources.kube.fleet import FleetSource
from tests.helpers.argo import blue_green, canary
from tests.helpers.fake_kube_api import FakeKubeAPI


async def until(cond: Callable[[], Any], what: str, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = cond()
        if got:
            return got
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def in_namespace(obj: dict[str, Any], namespace: str) -> dict[str, Any]:
    obj["metadata"]["namespace"] = namespace
    return obj


async def test_all_namespaces_and_a_gate_opening(tmp_path: Path) -> None:
    api = FakeKubeAPI("shop")
    api.add("rollouts", canary("search", step=2))
    api.add("rollouts", in_namespace(blue_green("ledger", promoted=True), "payments"))
    fleet = FleetSource("", kubeconfig=str(api.kubeconfig(tmp_path / "kc")), max_backoff=1.0)
    stop = asyncio.Event()
    task = asyncio.create_task(fleet.run(stop))
    try:
        await until(lambda: len(fleet.tracker.rows) == 2, "both rollouts")
        assert set(fleet.tracker.rows) == {"shop/search", "payments/ledger"}
        assert fleet.where == "all namespaces"
        assert fleet.status == "watching 2 rollouts in all namespaces"
        assert not fleet.tracker.notices  # nothing new happened yet

        def wait_for_promotion(o: dict[str, Any]) -> None:
            o["status"].update(blue_green("ledger")["status"])

        api.modify("rollouts", "ledger", wait_for_promotion)
        notice = await until(lambda: fleet.tracker.notices, "the notice")
        assert notice[0].key == "payments/ledger"
        assert notice[0].text == "payments/ledger is waiting for you: BlueGreenPause"
        assert [r.key for r in fleet.rows()] == ["payments/ledger", "shop/search"]
        api.delete("rollouts", "search")
        await until(lambda: len(fleet.tracker.rows) == 1, "the deletion")
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        api.close()


async def test_rbac_is_said_and_a_refused_token_ends_the_fleet(tmp_path: Path) -> None:
    api = FakeKubeAPI("shop")
    api.add("rollouts", canary("search", step=2))
    api.forbidden.add("rollouts")
    fleet = FleetSource("shop", kubeconfig=str(api.kubeconfig(tmp_path / "kc")), max_backoff=1.0)
    stop = asyncio.Event()
    task = asyncio.create_task(fleet.run(stop))
    try:
        status = await until(lambda: "RBAC" in fleet.status and fleet.status, "the RBAC line")
        assert status.startswith("RBAC refused access to rollouts in namespace shop (403")
        api.forbidden.clear()
        await until(lambda: fleet.tracker.rows, "the rollouts once allowed")
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
    refused = FleetSource(
        "shop", kubeconfig=str(api.kubeconfig(tmp_path / "bad", token="expired")), max_backoff=1.0
    )
    with pytest.raises(KubeConfigError, match="rejected the credentials"):
        await asyncio.wait_for(refused.run(asyncio.Event()), 15)
    assert refused.fatal is not None
    api.close()


async def test_a_rollout_on_a_deployments_template_shows_its_image(tmp_path: Path) -> None:
    """spec.workloadRef: no template on the Rollout. The image tag is the running revision's
    (the ReplicaSet of status.currentPodHash), not blank."""
    from tests.helpers.argo import NEW_HASH, OLD_HASH, replica_set

    api = FakeKubeAPI("shop")
    obj = canary("search", step=1)
    obj["spec"].pop("template")
    obj["spec"]["workloadRef"] = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    api.add("rollouts", obj)
    api.add("replicasets", replica_set("search", OLD_HASH, 6, 4, "reg.example/search:8.1.4"))
    api.add("replicasets", replica_set("search", NEW_HASH, 7, 1, "reg.example/search:8.2.0"))
    fleet = FleetSource("shop", kubeconfig=str(api.kubeconfig(tmp_path / "kc")), max_backoff=1.0)
    stop = asyncio.Event()
    task = asyncio.create_task(fleet.run(stop))
    try:
        row = await until(
            lambda: (r := fleet.tracker.rows.get("shop/search")) and r.image_tag and r,
            "the image of the running revision",
        )
        assert row.image_tag == "8.2.0"
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        api.close()


def test_a_replica_set_changing_rereads_only_its_rollout(monkeypatch: pytest.MonkeyPatch) -> None:
    """All namespaces of a big cluster: 200 rollouts, 10 ReplicaSets each. A ReplicaSet's
    status changes many times a second during a rollout; each change re-reads the rollout
    that owns it, not every rollout against every ReplicaSet (that was seconds per change
    at 500 rollouts, and the fleet fell ever further behind its watch)."""
    import console.sources.kube.fleet as fleet_module
    from console.sources.kube.fleet import FleetTracker
    from console.sources.kube.trackers import ReplicaSetTracker
    from tests.helpers.argo import NEW_HASH, replica_set

    sets, trackers = ReplicaSetTracker(), None
    rollouts, owned = [], []
    for i in range(200):
        r = in_namespace(canary(f"app{i}", step=1, router=False), f"team{i % 20}")
        r["metadata"]["resourceVersion"] = str(i)
        rollouts.append(r)
        for k in range(10):
            rs = in_namespace(replica_set(f"app{i}", f"{k:09d}", k + 1, 1), f"team{i % 20}")
            rs["metadata"]["name"] = f"app{i}-{k}"
            rs["metadata"]["resourceVersion"] = str(1000 + i * 10 + k)
            owned.append(rs)
    sets.sync(owned, 0.0)
    trackers = FleetTracker(sets)
    trackers.sync(rollouts, 0.0)
    reads: list[str] = []
    real = fleet_module.read_rollout

    def counted(obj: Any, replica_sets: Any = ()) -> Any:
        reads.append(obj["metadata"]["name"])
        return real(obj, replica_sets)

    monkeypatch.setattr(fleet_module, "read_rollout", counted)
    canary_rs = in_namespace(replica_set("app7", NEW_HASH, 11, 3), "team7")
    canary_rs["metadata"]["resourceVersion"] = "99999"
    sets.event("ADDED", canary_rs, 1.0)
    trackers.refresh(1.0, changed=[canary_rs])
    assert reads == ["app7"]
    assert trackers.rows["team7/app7"].actual_weight == 60.0  # 3 of its 5 available
    reads.clear()
    trackers.refresh(2.0)  # a relist: every rollout once
    assert sorted(reads) == sorted(r["metadata"]["name"] for r in rollouts)
