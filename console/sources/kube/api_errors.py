"""Kubernetes API errors as one line saying what happened and what to do."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

from console.sources.kube.rollout import ARGO_GROUP


def _status_message(body: Any) -> str:
    with contextlib.suppress(Exception):
        payload = json.loads(body)
        if isinstance(payload, Mapping) and payload.get("message"):
            return str(payload["message"]).splitlines()[0]
    return ""


def describe_api_error(exc: BaseException, what: str, namespace: str, host: str) -> str:
    """One line, saying what happened and what to do."""
    status = getattr(exc, "status", None)
    where = f"namespace {namespace}" if namespace else "all namespaces"
    detail = _status_message(getattr(exc, "body", None)) or str(getattr(exc, "reason", "") or "")
    if status == 401:
        return (
            f"the Kubernetes API at {host} rejected the credentials (401 Unauthorized):"
            " the token is invalid or expired; log in again or refresh the kubeconfig"
        )
    if status == 403:
        return (
            f"RBAC refused access to {what} in {where} (403 Forbidden:"
            f" {detail}); grant get/list/watch on {what} (see docs/kubernetes.md)"
        )
    if status == 404:
        if what in ("rollouts", "analysisruns"):
            return (
                f"{what}.{ARGO_GROUP} not found in {where} (404): is Argo"
                " Rollouts installed and the namespace right?"
            )
        return f"{what} not found in {where} (404): {detail}"
    if isinstance(status, int) and status > 0:
        return f"the Kubernetes API answered {status} for {what}: {detail or exc}"
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "Max retries" in reason or "Connection" in reason or isinstance(exc, OSError):
        reason = "connection failed"
    return (
        f"cannot reach the Kubernetes API at {host} ({reason}); check the cluster,"
        " VPN and kubeconfig context"
    )
