"""Argo Rollouts as a decider: Approve = promote, Rollback = abort.

The patches are the ones ``kubectl argo rollouts`` sends (pkg/kubectl-argo-rollouts/cmd/promote
and cmd/abort in argoproj/argo-rollouts), as JSON merge patches:

* promote, rollout paused by a pause step (status.pauseConditions set):
  status subresource ``{"status":{"pauseConditions":null}}``, plus ``{"spec":{"paused":false}}``
  on the object itself when spec.paused is set;
* promote, canary not paused by a condition (e.g. running an analysis step): status
  ``{"status":{"pauseConditions":null, "currentStepIndex":N}}`` with N the next step;
* abort: status subresource ``{"status":{"abort":true}}``.

Like the plugin, a 404 from the status subresource (Rollouts v0.9, no subresource) falls back
to one unified patch of the object. Unlike the plugin, a promote is refused unless the rollout
is still paused at the gate the operator saw: promoting twice would skip a step.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from console.control.decisions import DecisionOutcome
from console.sources.kube import (
    ARGO_GROUP,
    ARGO_VERSION,
    canary_steps,
    current_step_index,
    describe_api_error,
    gate_id_for,
    load_api_client,
)

MERGE_PATCH = "application/merge-patch+json"

# The plugin's own patch texts (promote.go / abort.go).
UNPAUSE = '{"spec":{"paused":false}}'
CLEAR_PAUSE_CONDITIONS = '{"status":{"pauseConditions":null}}'
UNPAUSE_AND_CLEAR = '{"spec":{"paused":false},"status":{"pauseConditions":null}}'
CLEAR_WITH_STEP = '{"status":{"pauseConditions":null, "currentStepIndex":%d}}'
UNPAUSE_AND_CLEAR_WITH_STEP = (
    '{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":%d}}'
)
ABORT = '{"status":{"abort":true}}'


@dataclass(frozen=True, slots=True)
class Patches:
    """What one promote or abort sends: a status-subresource patch and/or an object patch,
    and the unified patch to use instead when the status subresource does not exist."""

    status: str | None
    spec: str | None
    unified: str | None


def promote_patches(rollout: Mapping[str, Any]) -> Patches:
    """The plugin's getPatches() for a plain promote (no --full, no skip flags)."""
    spec = UNPAUSE if (rollout.get("spec") or {}).get("paused") else None
    status: str | None = None
    unified: str | None = UNPAUSE_AND_CLEAR
    if (rollout.get("status") or {}).get("pauseConditions"):
        status = CLEAR_PAUSE_CONDITIONS
    elif (rollout.get("spec") or {}).get("strategy", {}).get("canary") is not None:
        steps = canary_steps(rollout)
        index = current_step_index(rollout)
        if index is not None:
            if index < len(steps):
                index += 1
            status = CLEAR_WITH_STEP % index
            unified = UNPAUSE_AND_CLEAR_WITH_STEP % index
    return Patches(status=status, spec=spec, unified=unified)


def abort_patches() -> Patches:
    return Patches(status=ABORT, spec=None, unified=ABORT)


class ArgoRolloutsDecider:
    """Send gate decisions to an Argo Rollouts Rollout (a ``console.control.decisions.Decider``).

    ``current``: optional callable returning the Rollout as last watched (``KubeSource.
    rollout_object``), so ``describe`` can show the exact patch without a network call.
    """

    via = "argo"

    def __init__(
        self,
        namespace: str,
        rollout: str,
        *,
        context: str | None = None,
        kubeconfig: str | None = None,
        current: Callable[[], Mapping[str, Any] | None] | None = None,
        api_client: Any = None,
        timeout: float = 10.0,
    ) -> None:
        self.namespace = namespace
        self.rollout = rollout
        self.context = context
        self.kubeconfig = kubeconfig
        self.current = current
        self.timeout = timeout
        self._api = api_client
        self._done: dict[str, DecisionOutcome] = {}

    def __repr__(self) -> str:
        return f"ArgoRolloutsDecider({self.namespace}/{self.rollout})"

    # -- the Decider protocol ------------------------------------------------------------

    def unsupported(self, decision: str) -> str | None:
        if decision not in ("approve", "hold", "rollback"):
            return f"unknown decision {decision!r}"
        return None

    def describe(
        self, decision: str, gate_id: str | None = None, operator: str = "", reason: str = ""
    ) -> str:
        """The exact patch text(s) and where they go, for the confirmation dialog."""
        where = f"rollouts.{ARGO_GROUP}/{self.rollout} in namespace {self.namespace}"
        if decision == "hold":
            return f"nothing is sent: {where} stays paused until promoted or aborted"
        if decision == "rollback":
            return f"PATCH {where} (status) {MERGE_PATCH}\n{ABORT}"
        if decision != "approve":
            return self.unsupported(decision) or ""
        seen = self.current() if self.current else None
        patches = promote_patches(seen) if seen else Patches(CLEAR_PAUSE_CONDITIONS, None, None)
        lines = []
        if patches.status:
            lines.append(f"PATCH {where} (status) {MERGE_PATCH}\n{patches.status}")
        if patches.spec:
            lines.append(f"PATCH {where} {MERGE_PATCH}\n{patches.spec}")
        if not seen:
            lines.append(f"(and {UNPAUSE} if the rollout is paused by spec.paused)")
        return "\n".join(lines)

    async def decide(
        self,
        gate_id: str,
        decision: str,
        operator: str,
        reason: str,
        idempotency_key: str = "",
        *,
        gate: Mapping[str, Any] | None = None,
    ) -> DecisionOutcome:
        why = self.unsupported(decision)
        if why:
            return DecisionOutcome("refused", why)
        if idempotency_key and idempotency_key in self._done:
            return self._done[idempotency_key]
        if decision == "hold":
            outcome = DecisionOutcome(
                "accepted", "hold: nothing sent; the rollout stays paused in Argo Rollouts"
            )
        elif decision == "rollback":
            outcome = await asyncio.to_thread(self._abort)
        else:
            outcome = await asyncio.to_thread(self._promote, gate_id)
        if idempotency_key and outcome.result != "failed":
            self._done[idempotency_key] = outcome
        return outcome

    async def abort(self, operator: str, reason: str, idempotency_key: str = "") -> DecisionOutcome:
        return await self.decide("", "rollback", operator, reason, idempotency_key)

    # -- blocking side -------------------------------------------------------------------

    def _custom(self) -> Any:
        from kubernetes import client

        if self._api is None:
            self._api = load_api_client(self.kubeconfig, self.context)
        return client.CustomObjectsApi(self._api)

    def _patch(self, body: str, *, status: bool) -> None:
        api = self._custom()
        fn = (
            api.patch_namespaced_custom_object_status
            if status
            else api.patch_namespaced_custom_object
        )
        fn(
            ARGO_GROUP,
            ARGO_VERSION,
            self.namespace,
            "rollouts",
            self.rollout,
            json.loads(body),
            _content_type=MERGE_PATCH,
            _request_timeout=self.timeout,
        )

    def _send(self, patches: Patches) -> None:
        """The plugin's order: status first; on 404 (no subresource) the unified patch."""
        from kubernetes.client.exceptions import ApiException

        spec = patches.spec
        if patches.status:
            try:
                self._patch(patches.status, status=True)
            except ApiException as exc:
                if exc.status != 404:
                    raise
                spec = patches.unified
        if spec:
            self._patch(spec, status=False)

    def _failure(self, exc: Exception) -> DecisionOutcome:
        host = str(getattr(getattr(self._api, "configuration", None), "host", "?"))
        message = describe_api_error(exc, "rollouts", self.namespace, host)
        status = getattr(exc, "status", None)
        if status == 403:
            message = message.replace("get/list/watch", "patch on rollouts and rollouts/status")
        result = "refused" if status in (401, 403, 404, 409, 422) else "failed"
        return DecisionOutcome(result, message)

    def _promote(self, gate_id: str) -> DecisionOutcome:
        try:
            api = self._custom()
            rollout = api.get_namespaced_custom_object(
                ARGO_GROUP,
                ARGO_VERSION,
                self.namespace,
                "rollouts",
                self.rollout,
                _request_timeout=self.timeout,
            )
            status = rollout.get("status") or {}
            if status.get("abort"):
                return DecisionOutcome("refused", f"rollout {self.rollout} is aborted")
            paused = bool(status.get("pauseConditions")) or bool(
                (rollout.get("spec") or {}).get("paused")
            )
            at = gate_id_for(self.rollout, current_step_index(rollout) or 0)
            if not paused or (gate_id and gate_id != at):
                return DecisionOutcome(
                    "refused",
                    f"gate {gate_id} is no longer open: rollout {self.rollout} is at"
                    f" {at}{'' if paused else ' and not paused'}",
                )
            patches = promote_patches(rollout)
            self._send(patches)
        except Exception as exc:
            return self._failure(exc)
        sent = " + ".join(p for p in (patches.status, patches.spec) if p)
        return DecisionOutcome("accepted", f"promoted {self.rollout}: {sent}")

    def _abort(self) -> DecisionOutcome:
        try:
            self._send(abort_patches())
        except Exception as exc:
            return self._failure(exc)
        return DecisionOutcome("accepted", f"aborted {self.rollout}: {ABORT}")
