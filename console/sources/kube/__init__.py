"""Kubernetes as a live source, Argo Rollouts read as the controller means them.

``objects``: helpers over raw API objects; ``rollout``: the Rollout model (strategy, phase,
step, weights, pauses); ``trackers``: raw objects in, events out; ``watch``: the list/watch
transport and ``KubeSource``; ``api_errors``: API failures as one line.
"""

from console.errors import KubeConfigError
from console.sources.kube.api_errors import describe_api_error
from console.sources.kube.objects import parse_time, parse_time_ns
from console.sources.kube.rollout import (
    ARGO_GROUP,
    ARGO_VERSION,
    canary_steps,
    current_step_index,
    gate_id_for,
    set_weight,
)
from console.sources.kube.trackers import SOURCE
from console.sources.kube.transport import load_api_client
from console.sources.kube.watch import KubeSource

__all__ = [
    "ARGO_GROUP",
    "ARGO_VERSION",
    "SOURCE",
    "KubeConfigError",
    "KubeSource",
    "canary_steps",
    "current_step_index",
    "describe_api_error",
    "gate_id_for",
    "load_api_client",
    "parse_time",
    "parse_time_ns",
    "set_weight",
]
