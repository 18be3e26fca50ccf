"""Argo Rollouts semantics over a raw Rollout object."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from console.sources.kube.objects import dig

ARGO_GROUP = "argoproj.io"
ARGO_VERSION = "v1alpha1"


def canary_steps(rollout: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    steps = dig(rollout, "spec", "strategy", "canary", "steps")
    return [s for s in steps if isinstance(s, Mapping)] if isinstance(steps, list) else []


def current_step_index(rollout: Mapping[str, Any]) -> int | None:
    """status.currentStepIndex, 0 when unset (as Argo's GetCurrentCanaryStep does)."""
    if not canary_steps(rollout):
        return None
    idx = dig(rollout, "status", "currentStepIndex")
    return int(idx) if isinstance(idx, int) else 0


def set_weight(rollout: Mapping[str, Any]) -> float:
    """The weight the rollout asks for now (Argo's GetCurrentSetWeight)."""
    if dig(rollout, "status", "abort"):
        return 0.0
    steps = canary_steps(rollout)
    idx = current_step_index(rollout)
    if idx is None or idx >= len(steps):
        return 100.0
    for i in range(idx, -1, -1):
        w = steps[i].get("setWeight")
        if isinstance(w, (int, float)):
            return float(w)
    return 0.0


def actual_weight(rollout: Mapping[str, Any]) -> float | None:
    """What the traffic router reports (status.canary.weights), when a router is used."""
    w = dig(rollout, "status", "canary", "weights", "canary", "weight")
    return float(w) if isinstance(w, (int, float)) else None


def plan_of(rollout: Mapping[str, Any]) -> tuple[float, ...]:
    weights = [
        float(s["setWeight"])
        for s in canary_steps(rollout)
        if isinstance(s.get("setWeight"), (int, float))
    ]
    if weights and weights[-1] != 100.0:
        weights.append(100.0)  # finishing the steps promotes fully
    return tuple(weights)


def gate_id_for(rollout_name: str, step_index: int) -> str:
    return f"{rollout_name}/step-{step_index}"


def _pause_reasons(rollout: Mapping[str, Any]) -> tuple[str, ...]:
    conds = dig(rollout, "status", "pauseConditions")
    if not isinstance(conds, list):
        return ()
    return tuple(str(c.get("reason", "")) for c in conds if isinstance(c, Mapping))
