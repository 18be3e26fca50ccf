"""Watch semantics and API trouble: 410 Gone, bookmarks, changes, 401/403, unreachable."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.control.argo import ArgoRolloutsDecider
from console.errors import KubeConfigError
from console.sources.kube import KubeSource
from tests.helpers.fake_kube_api import FakeKubeAPI
from tests.helpers.kube import CANARY, NS, ROLLOUT, Run, deployment, is_status, pod


def source(kubeconfig: Path, **kw: Any) -> KubeSource:
    return KubeSource(NS, ROLLOUT, kubeconfig=str(kubeconfig), max_backoff=1.0, **kw)


def set_pool(size: str) -> Any:
    return lambda o: o["data"].update(db_pool_size=size)


async def test_410_gone_relists_without_losing_or_repeating(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    run = Run(source(kubeconfig))
    try:
        await run.until(is_status("ok"))
        await run.until(lambda e: isinstance(e, ev.GateOpened))
        await run.quiet()
        before = {
            cls: len(run.of(cls))
            for cls in (ev.Pods, ev.GateOpened, ev.StageStarted, ev.TrafficSplit, ev.Phase)
        }
        assert api.lists("configmaps") == 1

        def while_away() -> None:  # changes no watch sees: only a re-list finds them
            api.modify("configmaps", "checkout-config", set_pool("5"))
            api.modify(
                "pods",
                f"checkout-{CANARY}-0",
                lambda o: o["status"]["containerStatuses"][0].update(restartCount=2),
            )

        n = len(run.seen)
        api.expire(while_away)
        change = await run.until(lambda e: isinstance(e, ev.ConfigChange), since=n)
        assert change.resource == "configmap/checkout-config"
        assert dict(change.changes) == {"db_pool_size": {"before": 10, "after": 5}}
        restarted = await run.until(lambda e: isinstance(e, ev.Pods), since=n)
        assert (restarted.colour, restarted.restarts) == ("green", 2)
        await run.quiet()
        assert api.lists("configmaps") == 2 and api.lists("rollouts") == 2
        assert len([e for e in run.seen[n:] if isinstance(e, ev.ConfigChange)]) == 1
        assert len(run.of(ev.Pods)) == before[ev.Pods] + 1  # nothing repeated
        for cls in (ev.GateOpened, ev.StageStarted, ev.TrafficSplit, ev.Phase):
            assert len(run.of(cls)) == before[cls], cls

        # After the re-list the watch is live again.
        n = len(run.seen)
        api.modify("configmaps", "checkout-config", set_pool("8"))
        again = await run.until(lambda e: isinstance(e, ev.ConfigChange), since=n)
        assert dict(again.changes) == {"db_pool_size": {"before": 5, "after": 8}}
    finally:
        await run.close()


async def test_bookmark_version_resumes_the_watch_without_a_relist(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    run = Run(source(kubeconfig))
    try:
        await run.until(is_status("ok"))
        # Changes elsewhere move the store's version past what the configmap watch has seen.
        api.add("pods", pod("unrelated-0", "abc"))
        api.bookmark_then_reconnect()
        n = len(run.seen)
        api.modify("configmaps", "checkout-config", set_pool("12"))
        change = await run.until(lambda e: isinstance(e, ev.ConfigChange), since=n)
        assert dict(change.changes) == {"db_pool_size": {"before": 10, "after": 12}}
        assert api.lists("configmaps") == 1  # resumed from the bookmark, no 410
        watches = [
            r for r in api.requests_for("GET", "/configmaps") if r.query.get("watch") == ["true"]
        ]
        assert all(r.query.get("allowWatchBookmarks") == ["true"] for r in watches)
    finally:
        await run.close()


async def test_deployment_and_configmap_changes_but_not_replica_counts(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    run = Run(source(kubeconfig))
    try:
        await run.until(is_status("ok"))
        await run.quiet()
        # Nothing is a change at attach time.
        assert not run.of(ev.Deployment) and not run.of(ev.ConfigChange)
        api.modify("deployments", "payments", lambda o: o["spec"].update(replicas=6))
        api.modify("deployments", "payments", lambda o: o["status"].update(readyReplicas=5))
        await run.quiet()
        assert not run.of(ev.Deployment) and not run.of(ev.ConfigChange)

        n = len(run.seen)
        new = deployment("payments", "registry.example.com/payments:1.9.0", replicas=6)
        api.modify("deployments", "payments", lambda o: o.update(spec=new["spec"]))
        dep = await run.until(lambda e: isinstance(e, ev.Deployment), since=n)
        assert dep.service == "payments" and dep.version == "1.9.0"
        assert dict(dep.changes) == {
            "main.image": {
                "before": "registry.example.com/payments:1.8.0",
                "after": "registry.example.com/payments:1.9.0",
            }
        }

        n = len(run.seen)
        new = deployment("payments", "registry.example.com/payments:1.9.0", 6, pool="4")
        api.modify("deployments", "payments", lambda o: o.update(spec=new["spec"]))
        cfg = await run.until(lambda e: isinstance(e, ev.ConfigChange), since=n)
        assert cfg.resource == "deployment/payments"
        assert dict(cfg.changes) == {
            "main.env.POOL": {"before": "4" if False else "10", "after": "4"}
        }
        n = len(run.seen)
        api.add("configmaps", {"metadata": {"name": "feature-flags"}, "data": {"beta": "on"}})
        created = await run.until(lambda e: isinstance(e, ev.ConfigChange), since=n)
        assert dict(created.changes) == {"beta": {"before": None, "after": "on"}}
    finally:
        await run.close()


async def test_warning_events_and_analysis_runs(api: FakeKubeAPI, kubeconfig: Path) -> None:
    run = Run(source(kubeconfig))
    try:
        await run.until(is_status("ok"))
        n = len(run.seen)
        api.add(
            "events",
            {
                "metadata": {"name": "checkout-7f9c5d6b8-0.17a"},
                "type": "Warning",
                "reason": "BackOff",
                "count": 3,
                "message": "Back-off restarting failed container app",
                "involvedObject": {"kind": "Pod", "name": "checkout-7f9c5d6b8-0", "namespace": NS},
                "lastTimestamp": "2026-11-22T09:06:00Z",
            },
        )
        api.add(
            "events",
            {
                "metadata": {"name": "normal.1"},
                "type": "Normal",
                "reason": "Pulled",
                "message": "ok",
                "involvedObject": {"kind": "Pod", "name": "x"},
            },
        )
        line = await run.until(lambda e: isinstance(e, ev.LogLine), since=n)
        assert line.level == "WARNING"
        assert line.message == (
            "Pod/checkout-7f9c5d6b8-0: BackOff: Back-off restarting failed container app"
        )
        run_obj = {
            "metadata": {
                "name": "checkout-7f9c5d6b8-3",
                "ownerReferences": [
                    {
                        "kind": "Rollout",
                        "name": ROLLOUT,
                        "apiVersion": "argoproj.io/v1alpha1",
                        "uid": "u",
                    }
                ],
            },
            "spec": {"metrics": [{"name": "error-rate"}]},
            "status": {"phase": "Running"},
        }
        api.add("analysisruns", run_obj)
        api.modify(
            "analysisruns",
            "checkout-7f9c5d6b8-3",
            lambda o: o.update(
                status={
                    "phase": "Failed",
                    "message": 'Metric "error-rate" assessed Failed',
                    "metricResults": [
                        {"name": "error-rate", "phase": "Failed", "message": "5xx ratio 4.2% > 1%"}
                    ],
                }
            ),
        )
        finding = await run.until(lambda e: isinstance(e, ev.Finding), since=n)
        assert finding.severity == "critical" and finding.code == "analysis_run"
        assert finding.message.startswith("analysis checkout-7f9c5d6b8-3: Failed")
        assert "metric error-rate failed (5xx ratio 4.2% > 1%)" in finding.message
        await run.quiet()
        assert len([e for e in run.seen[n:] if isinstance(e, ev.LogLine)]) == 1
    finally:
        await run.close()


async def test_rbac_refusal_is_one_clear_line_and_the_rest_keeps_working(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    api.forbidden = {"analysisruns"}
    run = Run(source(kubeconfig))
    try:
        err = await run.until(is_status("error"))
        assert err.name == "kubernetes" and "\n" not in err.message
        assert err.message.startswith(
            "RBAC refused access to analysisruns in namespace shop (403 Forbidden:"
        )
        assert "cannot list resource" in err.message and "docs/kubernetes.md" in err.message
        await run.until(lambda e: isinstance(e, ev.GateOpened))  # the rollout still shows
        # RBAC fixed: the source notices by itself.
        api.forbidden = set()
        await run.until(is_status("ok"), timeout=20)
    finally:
        await run.close()

    api.forbidden = {"rollouts"}
    refused = await ArgoRolloutsDecider(NS, ROLLOUT, kubeconfig=str(kubeconfig)).decide(
        "checkout/step-1", "approve", "ana", "", "x"
    )
    assert refused.result == "refused" and "403 Forbidden" in refused.detail
    assert "patch on rollouts and rollouts/status" in refused.detail


async def test_a_rejected_token_ends_the_source_with_one_line(
    api: FakeKubeAPI, tmp_path: Path
) -> None:
    kubeconfig = api.kubeconfig(tmp_path / "kc", token="expired-token")
    src = source(kubeconfig)
    with pytest.raises(KubeConfigError) as caught:
        src.check_credentials()
    assert "rejected the credentials (401 Unauthorized)" in str(caught.value)
    run = Run(src)
    with pytest.raises(KubeConfigError) as ended:
        await asyncio.wait_for(run.task, 15)  # no retrying a credential that was refused
    message = str(ended.value)
    assert message.startswith(f"the Kubernetes API at {api.url} rejected the credentials")
    assert "log in again" in message and "\n" not in message
    assert src.fatal is ended.value


async def test_unreachable_api(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    api = FakeKubeAPI(NS)
    try:
        kubeconfig = api.kubeconfig(tmp_path / "kc", server=f"http://127.0.0.1:{port}")
    finally:
        api.close()
    run = Run(source(kubeconfig))
    try:
        err = await run.until(is_status("error"))
        assert err.message.startswith(f"cannot reach the Kubernetes API at http://127.0.0.1:{port}")
        assert "\n" not in err.message
    finally:
        await run.close()


async def test_agent_pod_log_goes_through_the_log_parser(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    api.pod_logs["deploy-agent-0"] = [
        "2026-11-22T09:00:00.000000001Z Session ID: sess-42",
        "2026-11-22T09:00:00.000000002Z Agent: deploy-agent",
        "2026-11-22T09:00:00.000000003Z Start Time: 2026-11-22 09:00:00 UTC",
        "2026-11-22T09:00:00.000000004Z ==========",
        "2026-11-22T09:00:05.000000000Z [09:00:05] [TOOL] Executing: traffic_shift(percentage=25)",
    ]
    run = Run(source(kubeconfig, agent_pod="deploy-agent-0"))
    try:
        stage = await run.until(
            lambda e: isinstance(e, ev.StageStarted) and e.source.endswith("agent-log")
        )
        assert stage.traffic_pct == 25
        info = [e for e in run.of(ev.SessionInfo) if e.agent_session_id]
        assert info and info[0].agent_session_id == "sess-42"
        req = api.requests_for("GET", "/pods/deploy-agent-0/log")[0]
        assert req.query["follow"] == ["true"] and req.query["timestamps"] == ["true"]
        n = len(run.seen)
        with api.cond:
            api.pod_logs["deploy-agent-0"].append(
                "2026-11-22T09:00:09.000000000Z [09:00:09] [WARNING] Latency threshold"
                " exceeded: 178ms (threshold: 150ms)"
            )
            api.pod_logs["deploy-agent-0"].append(
                "2026-11-22T09:00:10.000000000Z [09:00:10] [INFO] next"
            )
            api.cond.notify_all()
        th = await run.until(lambda e: isinstance(e, ev.Threshold), since=n)
        assert th.value == 150
    finally:
        await run.close()


async def test_blue_green_deployments_behind_a_service(tmp_path: Path) -> None:
    api = FakeKubeAPI(NS)
    try:
        api.add("deployments", deployment("checkout-blue", "registry.example.com/checkout:2.4.0"))
        api.add("deployments", deployment("checkout-green", "registry.example.com/checkout:2.4.1"))
        api.add(
            "services",
            {
                "metadata": {"name": "checkout"},
                "spec": {"selector": {"app": "checkout", "colour": "blue"}},
            },
        )
        for colour, ready in (("blue", True), ("blue", True), ("green", True), ("green", False)):
            p = pod(f"checkout-{colour}-{len(api.store.objects.get('pods', {}))}", "h", ready)
            p["metadata"]["labels"] = {"app": "checkout"}
            p["metadata"]["ownerReferences"][0]["name"] = f"checkout-{colour}-5c7d9"
            api.add("pods", p)
        src = KubeSource(
            NS,
            deployments=("checkout-blue", "checkout-green"),
            service="checkout",
            kubeconfig=str(api.kubeconfig(tmp_path / "kc")),
            max_backoff=1.0,
        )
        run = Run(src)
        try:
            ok = await run.until(is_status("ok"))
            assert "deployments checkout-blue/checkout-green" in ok.message
            split = await run.until(lambda e: isinstance(e, ev.TrafficSplit))
            assert split.green_pct == 0
            await run.quiet()
            pods = {p.colour: (p.ready, p.total) for p in run.of(ev.Pods)}
            assert pods == {"blue": (2, 2), "green": (1, 2)}
            n = len(run.seen)
            api.modify(
                "services", "checkout", lambda o: o["spec"]["selector"].update(colour="green")
            )
            stage = await run.until(lambda e: isinstance(e, ev.StageStarted), since=n)
            assert stage.traffic_pct == 100
            assert run.of(ev.TrafficSplit)[-1].green_pct == 100
            n = len(run.seen)
            new = deployment("checkout-green", "registry.example.com/checkout:2.4.2")
            api.modify("deployments", "checkout-green", lambda o: o.update(spec=new["spec"]))
            dep = await run.until(lambda e: isinstance(e, ev.Deployment), since=n)
            assert (dep.environment, dep.version) == ("green", "2.4.2")
        finally:
            await run.close()
    finally:
        api.close()


def test_bad_kubeconfig_is_one_line(tmp_path: Path) -> None:
    import pytest

    from console.sources.kube import KubeConfigError

    bad = tmp_path / "kc"
    bad.write_text("clusters: [")
    with pytest.raises(KubeConfigError) as info:
        KubeSource(NS, ROLLOUT, kubeconfig=str(bad)).connect()
    assert "\n" not in str(info.value) and "kubeconfig" in str(info.value)
    good = FakeKubeAPI(NS)
    try:
        path = good.kubeconfig(tmp_path / "kc2")
        with pytest.raises(KubeConfigError, match="context nope"):
            KubeSource(NS, ROLLOUT, kubeconfig=str(path), context="nope").connect()
    finally:
        good.close()
    with pytest.raises(KubeConfigError, match="--rollout"):
        KubeSource(NS)


async def test_a_rollout_that_is_not_there_says_so_and_is_picked_up_later(
    api: FakeKubeAPI, kubeconfig: Path
) -> None:
    run = Run(KubeSource(NS, "cart", kubeconfig=str(kubeconfig), max_backoff=1.0))
    try:
        err = await run.until(is_status("error"))
        assert err.message.startswith("rollout cart not found in namespace shop")
        obj = api.get("rollouts", ROLLOUT)
        obj["metadata"] = {"name": "cart"}
        api.add("rollouts", obj)
        await run.until(is_status("ok"))
        assert (await run.until(lambda e: isinstance(e, ev.GateOpened))).gate_id == "cart/step-1"
    finally:
        await run.close()
