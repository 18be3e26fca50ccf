"""A fake cluster holding a canary Rollout mid-flight, and helpers that play its controller."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from console import events as ev
from console.sources.kube import KubeSource
from tests.helpers.fake_kube_api import FakeKubeAPI

NS = "shop"
ROLLOUT = "checkout"
STABLE, CANARY = "6d4f8b7c9", "7f9c5d6b8"
STEPS: list[dict[str, Any]] = [
    {"setWeight": 10},
    {"pause": {}},
    {"setWeight": 25},
    {"pause": {}},
    {"setWeight": 50},
    {"pause": {}},
    {"setWeight": 75},
    {"pause": {}},
]


def rollout_object(step: int, weight: float) -> dict[str, Any]:
    return {
        "metadata": {"name": ROLLOUT, "namespace": NS, "generation": 2},
        "spec": {
            "replicas": 4,
            "selector": {"matchLabels": {"app": ROLLOUT}},
            "template": {
                "metadata": {"labels": {"app": ROLLOUT}},
                "spec": {
                    "containers": [
                        {
                            "name": "app",
                            "image": "registry.example.com/shop/checkout:2.4.1",
                            "env": [{"name": "DB_POOL_SIZE", "value": "10"}],
                        }
                    ]
                },
            },
            "strategy": {
                "canary": {
                    "canaryService": "checkout-canary",
                    "stableService": "checkout-stable",
                    "trafficRouting": {"nginx": {"stableIngress": "checkout"}},
                    "steps": STEPS,
                }
            },
        },
        "status": controller_status(step, weight),
    }


def controller_status(step: int, weight: float, paused: bool = True) -> dict[str, Any]:
    at_pause = step < len(STEPS) and "pause" in STEPS[step] and paused
    status: dict[str, Any] = {
        "phase": "Paused" if at_pause else "Progressing",
        "currentStepIndex": step,
        "stableRS": STABLE,
        "currentPodHash": CANARY,
        "observedGeneration": "2",
        "canary": {
            "weights": {
                "canary": {
                    "weight": weight,
                    "podTemplateHash": CANARY,
                    "serviceName": "checkout-canary",
                },
                "stable": {
                    "weight": 100 - weight,
                    "podTemplateHash": STABLE,
                    "serviceName": "checkout-stable",
                },
            }
        },
    }
    if at_pause:
        status["pauseConditions"] = [
            {"reason": "CanaryPauseStep", "startTime": "2026-11-22T09:05:00Z"}
        ]
        status["controllerPause"] = True
        status["message"] = "CanaryPauseStep"
    return status


def pod(name: str, pod_hash: str, ready: bool = True, restarts: int = 0) -> dict[str, Any]:
    return {
        "metadata": {
            "name": name,
            "namespace": NS,
            "labels": {"app": ROLLOUT, "rollouts-pod-template-hash": pod_hash},
            "ownerReferences": [
                {
                    "kind": "ReplicaSet",
                    "name": f"{ROLLOUT}-{pod_hash}",
                    "apiVersion": "apps/v1",
                    "uid": "rs",
                }
            ],
        },
        "spec": {"containers": [{"name": "app", "image": "x"}]},
        "status": {
            "phase": "Running",
            "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
            "containerStatuses": [
                {
                    "name": "app",
                    "ready": ready,
                    "restartCount": restarts,
                    "image": "x",
                    "imageID": "",
                    "state": {"running": {}},
                }
            ],
        },
    }


def deployment(name: str, image: str, replicas: int = 2, pool: str = "10") -> dict[str, Any]:
    return {
        "metadata": {"name": name, "namespace": NS, "generation": 1},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "containers": [
                        {"name": "main", "image": image, "env": [{"name": "POOL", "value": pool}]}
                    ]
                },
            },
        },
        "status": {"replicas": replicas, "readyReplicas": replicas},
    }


@pytest.fixture
def api() -> Iterator[FakeKubeAPI]:
    server = FakeKubeAPI(NS)
    server.add("rollouts", rollout_object(1, 10))
    for i in range(3):
        server.add("pods", pod(f"checkout-{STABLE}-{i}", STABLE))
    server.add("pods", pod(f"checkout-{CANARY}-0", CANARY))
    server.add(
        "configmaps",
        {
            "metadata": {"name": "checkout-config"},
            "data": {"db_pool_size": "10", "log_level": "info"},
        },
    )
    server.add("deployments", deployment("payments", "registry.example.com/payments:1.8.0"))
    yield server
    server.close()


@pytest.fixture
def kubeconfig(api: FakeKubeAPI, tmp_path: Path) -> Path:
    return api.kubeconfig(tmp_path / "kubeconfig")


class Run:
    """Drive ``source.events`` in a task and wait for what it yields."""

    def __init__(self, source: KubeSource) -> None:
        self.source = source
        self.stop = asyncio.Event()
        self.seen: list[ev.Event] = []
        self.task = asyncio.create_task(self._collect())

    async def _collect(self) -> None:
        async for event in self.source.events(self.stop):
            self.seen.append(event)

    def of(self, cls: type[ev.Event]) -> list[Any]:
        return [e for e in self.seen if isinstance(e, cls)]

    async def until(
        self, pred: Callable[[ev.Event], bool], since: int = 0, timeout: float = 15
    ) -> Any:
        """The first event from index ``since`` on that matches."""
        deadline = time.monotonic() + timeout
        start = since
        while time.monotonic() < deadline:
            for event in self.seen[start:]:
                if pred(event):
                    return event
            start = len(self.seen)
            if self.task.done():
                self.task.result()
                raise AssertionError("the source ended")
            await asyncio.sleep(0.02)
        raise AssertionError(f"timed out; last events: {self.seen[-6:]}")

    async def quiet(self, seconds: float = 0.6) -> None:
        """Let in-flight watch events arrive (used before asserting that nothing came)."""
        await asyncio.sleep(seconds)

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 15)


def is_status(kind: str) -> Callable[[ev.Event], bool]:
    return lambda e: isinstance(e, ev.SourceStatus) and e.status == kind
