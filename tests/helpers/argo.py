"""Argo Rollouts objects in the shapes the controller writes them (v1alpha1), for tests.

Written for this project from the API types and the status the controller sets (see
docs/kubernetes.md); no file is copied. Each builder returns a plain dict, as the API serves.
"""

from __future__ import annotations

import copy
from typing import Any

NS = "shop"
OLD_HASH, NEW_HASH = "5b8f6c9d4", "7c6d9f8b5"


def template(image: str, app: str) -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": app}},
        "spec": {
            "containers": [
                {
                    "name": app,
                    "image": image,
                    "ports": [{"containerPort": 8080, "name": "http"}],
                    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}},
                }
            ]
        },
    }


def _meta(name: str, revision: int, generation: int = 3) -> dict[str, Any]:
    return {
        "name": name,
        "namespace": NS,
        "generation": generation,
        "uid": f"uid-rollout-{name}",
        "creationTimestamp": "2026-11-20T08:00:00Z",
        "annotations": {"rollout.argoproj.io/revision": str(revision)},
    }


def _condition(kind: str, status: str, reason: str, message: str) -> dict[str, Any]:
    return {
        "type": kind,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": "2026-11-22T09:00:00Z",
        "lastUpdateTime": "2026-11-22T09:00:00Z",
    }


def blue_green(
    name: str = "cart",
    *,
    promoted: bool = False,
    paused: bool = True,
    aborted: bool = False,
    legacy: bool = False,
    auto_promotion_seconds: int | None = None,
    analysis: dict[str, Any] | None = None,
    revision: int = 4,
) -> dict[str, Any]:
    """A blue-green Rollout mid-update: the new ReplicaSet is up behind the preview Service.

    ``paused``: waiting before promotion (BlueGreenPause; ``legacy``: the way controllers
    before v0.8 paused, spec.paused and no status.phase). ``promoted``: the active Service
    selects the new ReplicaSet. ``aborted``: the update was aborted, active stays on stable.
    """
    strategy: dict[str, Any] = {
        "activeService": f"{name}-active",
        "previewService": f"{name}-preview",
        "autoPromotionEnabled": auto_promotion_seconds is not None,
        "scaleDownDelaySeconds": 30,
    }
    if auto_promotion_seconds is not None:
        strategy["autoPromotionSeconds"] = auto_promotion_seconds
    if analysis is not None:
        strategy["prePromotionAnalysis"] = {"templates": [{"templateName": "smoke"}]}
    active = NEW_HASH if promoted else OLD_HASH
    obj: dict[str, Any] = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Rollout",
        "metadata": _meta(name, revision),
        "spec": {
            "replicas": 3,
            "revisionHistoryLimit": 3,
            "selector": {"matchLabels": {"app": name}},
            "template": template(f"registry.example.com/shop/{name}:3.1.0", name),
            "strategy": {"blueGreen": strategy},
        },
        "status": {
            "HPAReplicas": 6,
            "replicas": 6,
            "updatedReplicas": 3,
            "readyReplicas": 6,
            "availableReplicas": 6 if not promoted else 3,
            "currentPodHash": NEW_HASH,
            "stableRS": NEW_HASH if promoted else OLD_HASH,
            "observedGeneration": "3",
            "selector": f"app={name},rollouts-pod-template-hash={active}",
            "blueGreen": {
                "activeSelector": NEW_HASH if promoted else OLD_HASH,
                "previewSelector": NEW_HASH,
            },
            "canary": {},
            "conditions": [
                _condition(
                    "Available", "True", "AvailableReason", "Rollout has minimum availability"
                )
            ],
        },
    }
    status = obj["status"]
    if promoted:
        status["phase"] = "Healthy"
        status["message"] = ""
        status["conditions"].append(
            _condition("Progressing", "True", "NewReplicaSetAvailable", "Rollout has completed")
        )
    elif aborted:
        status.update(
            abort=True,
            abortedAt="2026-11-22T09:12:00Z",
            phase="Degraded",
            message=f"RolloutAborted: Rollout aborted update to revision {revision}",
        )
        status["conditions"].append(
            _condition(
                "Progressing",
                "False",
                "RolloutAborted",
                f"Rollout aborted update to revision {revision}",
            )
        )
    elif paused:
        status["conditions"].append(
            _condition("Progressing", "Unknown", "RolloutPaused", "Rollout is paused")
        )
        if legacy:
            obj["spec"]["paused"] = True
            status["pauseStartTime"] = "2026-11-22T09:05:00Z"
            status["observedGeneration"] = "7d9c8f6b5"  # v0.9 wrote a hash here
        else:
            status.update(
                phase="Paused",
                message="BlueGreenPause",
                controllerPause=True,
                pauseConditions=[{"reason": "BlueGreenPause", "startTime": "2026-11-22T09:05:00Z"}],
            )
    if analysis is not None:
        status["blueGreen"]["prePromotionAnalysisRunStatus"] = analysis
    return obj


CANARY_STEPS: list[dict[str, Any]] = [
    {"setWeight": 20},
    {"pause": {}},
    {"setWeight": 40},
    {"pause": {"duration": "10m"}},
    {"analysis": {"templates": [{"templateName": "success-rate"}]}},
    {"setWeight": 80},
    {"experiment": {"duration": "5m", "templates": [{"name": "baseline", "specRef": "stable"}]}},
    {"pause": {}},
]


def canary(
    name: str = "search",
    *,
    step: int = 1,
    router: bool = True,
    router_weight: int | None = None,
    steps: list[dict[str, Any]] | None = None,
    phase: str | None = "auto",
    revision: int = 7,
) -> dict[str, Any]:
    """A canary Rollout at ``step`` of CANARY_STEPS (or ``steps``), paused there when it is
    a pause step. ``router``: SMI-less nginx traffic routing with the router's reported
    weights; without it the weight is the replicas' share."""
    steps = copy.deepcopy(steps if steps is not None else CANARY_STEPS)
    weight = 0
    for s in steps[: step + 1]:
        weight = s.get("setWeight", weight)
    strategy: dict[str, Any] = {
        "canaryService": f"{name}-canary",
        "stableService": f"{name}-stable",
        "steps": steps,
    }
    if router:
        strategy["trafficRouting"] = {"nginx": {"stableIngress": name}}
    strategy["analysis"] = {"templates": [{"templateName": "error-rate"}], "startingStep": 1}
    obj: dict[str, Any] = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Rollout",
        "metadata": _meta(name, revision),
        "spec": {
            "replicas": 5,
            "selector": {"matchLabels": {"app": name}},
            "template": template(f"registry.example.com/shop/{name}:8.2.0", name),
            "strategy": {"canary": strategy},
        },
        "status": {
            "replicas": 6,
            "updatedReplicas": 1,
            "readyReplicas": 6,
            "availableReplicas": 5,
            "currentPodHash": NEW_HASH,
            "stableRS": OLD_HASH,
            "currentStepIndex": step,
            "currentStepHash": "6f8d7b9c5",
            "observedGeneration": "3",
            "blueGreen": {},
            "canary": {},
            "conditions": [
                _condition(
                    "Available", "True", "AvailableReason", "Rollout has minimum availability"
                )
            ],
        },
    }
    status = obj["status"]
    if router:
        w = weight if router_weight is None else router_weight
        status["canary"]["weights"] = {
            "canary": {"weight": w, "podTemplateHash": NEW_HASH, "serviceName": f"{name}-canary"},
            "stable": {
                "weight": 100 - w,
                "podTemplateHash": OLD_HASH,
                "serviceName": f"{name}-stable",
            },
        }
    at = steps[step] if step < len(steps) else None
    if at is not None and "pause" in at:
        status["pauseConditions"] = [
            {"reason": "CanaryPauseStep", "startTime": "2026-11-22T09:05:00Z"}
        ]
        status["controllerPause"] = True
        if phase == "auto":
            status.update(phase="Paused", message="CanaryPauseStep")
    elif phase == "auto":
        status.update(phase="Progressing", message="more replicas need to be updated")
    if phase not in ("auto", None):
        status["phase"] = phase
    return obj


def replica_set(
    rollout: str, pod_hash: str, revision: int, available: int, image: str = "app:1"
) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": f"{rollout}-{pod_hash}",
            "namespace": NS,
            "labels": {"app": rollout, "rollouts-pod-template-hash": pod_hash},
            "annotations": {"rollout.argoproj.io/revision": str(revision)},
            "ownerReferences": [
                {
                    "apiVersion": "argoproj.io/v1alpha1",
                    "kind": "Rollout",
                    "name": rollout,
                    "uid": f"uid-rollout-{rollout}",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "spec": {
            "replicas": available,
            "selector": {"matchLabels": {"app": rollout, "rollouts-pod-template-hash": pod_hash}},
            "template": {
                "metadata": {"labels": {"app": rollout, "rollouts-pod-template-hash": pod_hash}},
                "spec": {"containers": [{"name": rollout, "image": image}]},
            },
        },
        "status": {
            "replicas": available,
            "readyReplicas": available,
            "availableReplicas": available,
        },
    }


def analysis_run(
    rollout: str,
    name: str,
    *,
    phase: str,
    kind: str = "Background",
    pod_hash: str = NEW_HASH,
    owner_kind: str = "Rollout",
    owner: str | None = None,
    metric: str = "success-rate",
    failed: int = 0,
    value: str = "0.97",
) -> dict[str, Any]:
    """An AnalysisRun with one Prometheus metric; ``failed`` measurements beyond the limit
    make it Failed with the controller's own message."""
    labels = {"rollouts-pod-template-hash": pod_hash, "rollout-type": kind}
    if kind == "Step":
        labels["step-index"] = "4"
    status: dict[str, Any] = {"phase": phase, "startedAt": "2026-11-22T09:06:00Z"}
    if phase != "Running" or failed:
        message = (
            f'Metric "{metric}" assessed Failed due to failed ({failed}) > failureLimit (0)'
            if phase == "Failed"
            else ""
        )
        status["metricResults"] = [
            {
                "name": metric,
                "phase": phase,
                "count": max(1, failed),
                "failed": failed,
                "successful": 0 if failed else 1,
                "message": message or None,
                "measurements": [
                    {
                        "phase": "Failed" if failed else "Successful",
                        "value": value,
                        "startedAt": "2026-11-22T09:06:00Z",
                        "finishedAt": "2026-11-22T09:06:01Z",
                    }
                ],
            }
        ]
        if not message:
            del status["metricResults"][0]["message"]
        if message:
            status["message"] = message
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "AnalysisRun",
        "metadata": {
            "name": name,
            "namespace": NS,
            "labels": labels,
            "annotations": {"rollout.argoproj.io/revision": "7"},
            "ownerReferences": [
                {
                    "apiVersion": "argoproj.io/v1alpha1",
                    "kind": owner_kind,
                    "name": owner or rollout,
                    "uid": f"uid-{owner_kind.lower()}-{owner or rollout}",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "spec": {
            "metrics": [
                {
                    "name": metric,
                    "interval": "1m",
                    "failureLimit": 0,
                    "successCondition": "result[0] >= 0.95",
                    "provider": {
                        "prometheus": {
                            "address": "http://prometheus.monitoring:9090",
                            "query": 'sum(rate(http_requests_total{code!~"5.."}[1m]))'
                            " / sum(rate(http_requests_total[1m]))",
                        }
                    },
                }
            ]
        },
        "status": status,
    }


def experiment(rollout: str, name: str, phase: str, message: str = "") -> dict[str, Any]:
    status: dict[str, Any] = {"phase": phase, "availableAt": "2026-11-22T09:07:00Z"}
    if message:
        status["message"] = message
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Experiment",
        "metadata": {
            "name": name,
            "namespace": NS,
            "labels": {"rollouts-pod-template-hash": NEW_HASH},
            "ownerReferences": [
                {
                    "apiVersion": "argoproj.io/v1alpha1",
                    "kind": "Rollout",
                    "name": rollout,
                    "uid": f"uid-rollout-{rollout}",
                    "controller": True,
                }
            ],
        },
        "spec": {
            "duration": "5m",
            "templates": [{"name": "baseline", "replicas": 1, "selector": {}, "template": {}}],
        },
        "status": status,
    }


def aborted_by_analysis(rollout: dict[str, Any], run: str, role: str = "background") -> None:
    """Mark ``rollout`` (a canary) aborted by its failed analysis run, as the controller does
    (v1.x: phase Degraded, the RolloutAborted condition and the run's status)."""
    message = 'Metric "success-rate" assessed Failed due to failed (3) > failureLimit (0)'
    status = rollout["status"]
    field = (
        "currentBackgroundAnalysisRunStatus"
        if role == "background"
        else ("currentStepAnalysisRunStatus")
    )
    status["canary"][field] = {"name": run, "status": "Failed", "message": message}
    status.pop("pauseConditions", None)
    status.pop("controllerPause", None)
    revision = rollout["metadata"]["annotations"]["rollout.argoproj.io/revision"]
    cause = f"Rollout aborted update to revision {revision}: Metric assessed Failed"
    status.update(
        abort=True,
        abortedAt="2026-11-22T09:10:05Z",
        phase="Degraded",
        message=f"RolloutAborted: {cause}",
    )
    if "weights" in status["canary"]:
        status["canary"]["weights"]["canary"]["weight"] = 0
        status["canary"]["weights"]["stable"]["weight"] = 100
    status["conditions"].append(_condition("Progressing", "False", "RolloutAborted", cause))
