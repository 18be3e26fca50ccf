"""Argo Rollouts as a decider: Approve = promote, Rollback = abort, and the plugin's other
verbs (promote --full, retry, undo to a revision, restart) as commands.

The patches are the ones ``kubectl argo rollouts`` sends (pkg/kubectl-argo-rollouts/cmd/promote
and cmd/abort in argoproj/argo-rollouts), as JSON merge patches:

* promote, rollout paused by a pause step (status.pauseConditions set):
  status subresource ``{"status":{"pauseConditions":null}}``, plus ``{"spec":{"paused":false}}``
  on the object itself when spec.paused is set;
* promote, canary not paused by a condition (e.g. running an analysis step): status
  ``{"status":{"pauseConditions":null, "currentStepIndex":N}}`` with N the next step;
* promote --full: ``{"status":{"promoteFull":true}}`` (status) unless already fully promoted,
  plus ``{"spec":{"paused":false}}`` when spec.paused is set;
* abort: status subresource ``{"status":{"abort":true}}``;
* retry: status subresource ``{"status":{"abort":false}}``;
* undo: a JSON patch of the object, ``[{"op":"replace","path":"/spec/template","value":T}]``
  with T the chosen revision's ReplicaSet template without its pod-template-hash label;
* restart: ``{"spec":{"restartAt":"<now, RFC 3339>"}}`` on the object.

Each verb is enabled only when the controller would act on it (``verb_availability``; the
dashboard's rules, sharpened: retry only an aborted update, undo only to a revision whose
template differs from the current one), with the reason when not.

Like the plugin, a 404 from the status subresource (Rollouts v0.9, no subresource) falls back
to one unified patch of the object. Unlike the plugin, a promote is refused unless the rollout
is still paused at the gate the operator saw: promoting twice would skip a step.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from console.control.decisions import Availability, DecisionOutcome
from console.sources.kube import (
    ARGO_GROUP,
    ARGO_VERSION,
    canary_steps,
    current_step_index,
    describe_api_error,
    load_api_client,
)
from console.sources.kube.rollout import (
    HASH_LABEL,
    gate_of,
    read_rollout,
    revision_of,
    strategy_of,
)

MERGE_PATCH = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"

# The plugin's own patch texts (promote.go / abort.go).
UNPAUSE = '{"spec":{"paused":false}}'
CLEAR_PAUSE_CONDITIONS = '{"status":{"pauseConditions":null}}'
UNPAUSE_AND_CLEAR = '{"spec":{"paused":false},"status":{"pauseConditions":null}}'
CLEAR_WITH_STEP = '{"status":{"pauseConditions":null, "currentStepIndex":%d}}'
UNPAUSE_AND_CLEAR_WITH_STEP = (
    '{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":%d}}'
)
ABORT = '{"status":{"abort":true}}'
RETRY = '{"status":{"abort":false}}'
PROMOTE_FULL = '{"status":{"promoteFull":true}}'
UNPAUSE_AND_PROMOTE_FULL = '{"spec":{"paused":false},"status":{"promoteFull":true}}'
CLEAR_WITH_CONTROLLER_PAUSE = (
    '{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":%d}}'
)
RESTART = '{"spec":{"restartAt":"%s"}}'

# The verbs of `kubectl argo rollouts`, in the order the screen lists them.
COMMANDS = ("promote", "promote-full", "abort", "retry", "undo", "restart")


@dataclass(frozen=True, slots=True)
class Patches:
    """What one promote or abort sends: a status-subresource patch and/or an object patch,
    and the unified patch to use instead when the status subresource does not exist."""

    status: str | None
    spec: str | None
    unified: str | None


def _inconclusive(rollout: Mapping[str, Any]) -> bool:
    status = (rollout.get("status") or {}).get("canary") or {}
    run = status.get("currentStepAnalysisRunStatus") or {}
    return strategy_of(rollout) == "canary" and run.get("status") == "Inconclusive"


def promote_patches(rollout: Mapping[str, Any], *, full: bool = False) -> Patches:
    """The plugin's getPatches() for promote (no skip flags) and promote --full."""
    spec_obj = rollout.get("spec") or {}
    status_obj = rollout.get("status") or {}
    spec = UNPAUSE if spec_obj.get("paused") else None
    if full:
        promoted = status_obj.get("currentPodHash") == status_obj.get("stableRS")
        return Patches(
            status=None if promoted else PROMOTE_FULL, spec=spec, unified=UNPAUSE_AND_PROMOTE_FULL
        )
    status: str | None = None
    unified: str | None = UNPAUSE_AND_CLEAR
    index = current_step_index(rollout)
    steps = len(canary_steps(rollout))
    if (
        _inconclusive(rollout)
        and status_obj.get("pauseConditions")
        and status_obj.get("controllerPause")
    ):
        if index is not None:
            status = CLEAR_WITH_CONTROLLER_PAUSE % (index + 1 if index < steps else index)
    elif status_obj.get("pauseConditions"):
        status = CLEAR_PAUSE_CONDITIONS
    elif spec_obj.get("strategy", {}).get("canary") is not None and index is not None:
        if index < steps:
            index += 1
        status = CLEAR_WITH_STEP % index
        unified = UNPAUSE_AND_CLEAR_WITH_STEP % index
    return Patches(status=status, spec=spec, unified=unified)


def abort_patches() -> Patches:
    return Patches(status=ABORT, spec=None, unified=ABORT)


def retry_patches() -> Patches:
    return Patches(status=RETRY, spec=None, unified=RETRY)


def restart_patch(at: float) -> str:
    stamp = datetime.fromtimestamp(int(at), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return RESTART % stamp


@dataclass(frozen=True, slots=True)
class Revision:
    """One revision of the rollout, from its ReplicaSet (what undo can go back to)."""

    number: int
    pod_hash: str
    images: tuple[str, ...]
    current: bool  # the rollout's template is this revision's
    replica_set: Mapping[str, Any]


def _template_without_hash(template: Any) -> dict[str, Any]:
    out = json.loads(json.dumps(template or {}))
    labels = (out.get("metadata") or {}).get("labels")
    if isinstance(labels, dict):
        labels.pop(HASH_LABEL, None)
    return out


def _same_template(rollout: Mapping[str, Any], rs: Mapping[str, Any]) -> bool:
    """equalIgnoreHash: the ReplicaSet's template, hash label aside, is the rollout's (every
    field the rollout sets has that value in the ReplicaSet's; defaults may be added there)."""

    def within(want: Any, have: Any) -> bool:
        if isinstance(want, Mapping):
            return isinstance(have, Mapping) and all(
                within(v, have.get(k)) for k, v in want.items()
            )
        if isinstance(want, list):
            return (
                isinstance(have, list)
                and len(want) == len(have)
                and all(within(a, b) for a, b in zip(want, have, strict=True))
            )
        return bool(want == have)

    ours = _template_without_hash((rollout.get("spec") or {}).get("template"))
    theirs = _template_without_hash((rs.get("spec") or {}).get("template"))
    return within(ours, theirs)


# spec.workloadRef kinds the plugin's undoWorkloadRef patches: plural, group, client API.
WORKLOAD_KINDS = {
    "Deployment": ("deployments", "apps", "AppsV1Api", "patch_namespaced_deployment"),
    "ReplicaSet": ("replicasets", "apps", "AppsV1Api", "patch_namespaced_replica_set"),
    "PodTemplate": ("podtemplates", "", "CoreV1Api", "patch_namespaced_pod_template"),
}


def workload_ref(rollout: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """spec.workloadRef: the workload whose template the rollout runs (it has none itself)."""
    ref = (rollout.get("spec") or {}).get("workloadRef")
    return ref if isinstance(ref, Mapping) else None


def revisions(
    rollout: Mapping[str, Any], replica_sets: Sequence[Mapping[str, Any]]
) -> list[Revision]:
    """The rollout's revisions, newest first (the plugin's revision annotation)."""
    out = []
    # With a workloadRef there is no template on the rollout to compare: the current
    # revision is the one the controller runs now (status.currentPodHash).
    running = str((rollout.get("status") or {}).get("currentPodHash") or "")
    ref = workload_ref(rollout)
    for rs in replica_sets:
        number = revision_of(rs)
        if number is None:
            continue
        containers = (((rs.get("spec") or {}).get("template") or {}).get("spec") or {}).get(
            "containers"
        ) or []
        pod_hash = str(((rs.get("metadata") or {}).get("labels") or {}).get(HASH_LABEL, ""))
        out.append(
            Revision(
                number=number,
                pod_hash=pod_hash,
                images=tuple(str(c.get("image")) for c in containers if isinstance(c, Mapping)),
                current=(
                    bool(running) and pod_hash == running
                    if ref is not None
                    else _same_template(rollout, rs)
                ),
                replica_set=rs,
            )
        )
    return sorted(out, key=lambda r: r.number, reverse=True)


def undo_target(
    rollout: Mapping[str, Any], replica_sets: Sequence[Mapping[str, Any]], to: int | None
) -> Revision | str:
    """The revision undo goes to (``to``, else the previous one, as rolloutRevision picks),
    or why there is none."""
    revs = revisions(rollout, replica_sets)
    if to is not None:
        found = next((r for r in revs if r.number == to), None)
        if found is None:
            return f"unable to find revision {to} in history"
    else:
        if len(revs) < 2:
            return "no previous revision in history"
        found = revs[1]
    if found.current:
        return f"the current template already matches revision {found.number}"
    return found


def undo_patch(revision: Revision) -> str:
    template = _template_without_hash((revision.replica_set.get("spec") or {}).get("template"))
    return json.dumps(
        [{"op": "replace", "path": "/spec/template", "value": template}], separators=(",", ":")
    )


def verb_availability(
    rollout: Mapping[str, Any] | None, replica_sets: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Availability]:
    """Which of COMMANDS the controller would act on now, and why not the others."""
    if rollout is None:
        return {v: Availability(False, "the rollout has not been seen yet") for v in COMMANDS}
    r = read_rollout(rollout, replica_sets)
    deploying = r.phase in ("Progressing", "Paused")
    out: dict[str, Availability] = {}
    if r.aborted:
        aborted = Availability(False, "the update is aborted: retry it first")
        out["promote"] = out["promote-full"] = out["abort"] = aborted
    elif not deploying:
        idle = Availability(False, f"nothing to promote or abort: the rollout is {r.phase}")
        out["promote"] = out["promote-full"] = out["abort"] = idle
    else:
        if r.paused:
            out["promote"] = Availability(True, "lift the pause: go on to the next step")
        elif r.strategy == "canary" and r.step is not None and r.step < r.steps:
            out["promote"] = Availability(True, f"skip step {r.step} ({r.step_text})")
        else:
            out["promote"] = Availability(False, "not paused and no step to skip")
        if r.fully_promoted and not rollout.get("spec", {}).get("paused"):
            out["promote-full"] = Availability(False, "already fully promoted")
        else:
            out["promote-full"] = Availability(True, "skip every step and analysis: 100 %")
        out["abort"] = Availability(True, "back to the stable revision: 0 % on the new one")
    out["retry"] = (
        Availability(True, "start the aborted update again")
        if r.aborted
        else Availability(False, "not aborted: only an aborted update can be retried")
    )
    target = undo_target(rollout, replica_sets, None)
    out["undo"] = (
        Availability(False, target)
        if isinstance(target, str)
        else Availability(True, f"back to revision {target.number}")
    )
    restart_at = (rollout.get("spec") or {}).get("restartAt")
    restarted = (rollout.get("status") or {}).get("restartedAt")
    if restart_at and restart_at != restarted:
        out["restart"] = Availability(False, "a restart is already under way")
    else:
        out["restart"] = Availability(True, "recreate every pod, a few at a time")
    return out


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
        replica_sets: Callable[[], Sequence[Mapping[str, Any]]] | None = None,
        api_client: Any = None,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.namespace = namespace
        self.rollout = rollout
        self.context = context
        self.kubeconfig = kubeconfig
        self.current = current
        self.replica_sets = replica_sets
        self.timeout = timeout
        self.clock = clock
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

    # -- the plugin's verbs as commands ---------------------------------------------------

    def _seen(self) -> tuple[Mapping[str, Any] | None, Sequence[Mapping[str, Any]]]:
        rollout = self.current() if self.current else None
        return rollout, (self.replica_sets() if self.replica_sets else ())

    def commands(self) -> dict[str, Availability]:
        """Each verb of COMMANDS: can it be sent now (from the watched rollout), and why not."""
        return verb_availability(*self._seen())

    def revisions(self) -> list[Revision]:
        rollout, sets = self._seen()
        return revisions(rollout, sets) if rollout is not None else []

    def _plan(
        self,
        verb: str,
        rollout: Mapping[str, Any],
        sets: Sequence[Mapping[str, Any]],
        to: int | None,
    ) -> tuple[Patches, str | None] | str:
        """(merge patches, JSON patch of the object) for ``verb``, or why it cannot be sent."""
        if verb in ("promote", "promote-full"):
            return promote_patches(rollout, full=verb == "promote-full"), None
        if verb == "abort":
            return abort_patches(), None
        if verb == "retry":
            return retry_patches(), None
        if verb == "restart":
            return Patches(status=None, spec=restart_patch(self.clock()), unified=None), None
        if verb == "undo":
            ref = workload_ref(rollout)
            if ref is not None and ref.get("kind") not in WORKLOAD_KINDS:
                return f"workload of type {ref.get('kind')} is not supported"
            target = undo_target(rollout, sets, to)
            if isinstance(target, str):
                return target
            return Patches(None, None, None), undo_patch(target)
        return f"unknown verb {verb!r}"

    def describe_command(self, verb: str, revision: int | None = None) -> str:
        """The exact request(s) ``verb`` sends, for the confirmation dialog."""
        rollout, sets = self._seen()
        if rollout is None:
            return "the rollout has not been seen yet"
        plan = self._plan(verb, rollout, sets, revision)
        if isinstance(plan, str):
            return plan
        return self._describe_plan(*plan, workload_ref(rollout))

    def _describe_plan(
        self, patches: Patches, json_patch: str | None, ref: Mapping[str, Any] | None = None
    ) -> str:
        where = f"rollouts.{ARGO_GROUP}/{self.rollout} in namespace {self.namespace}"
        lines = []
        if patches.status:
            lines.append(f"PATCH {where} (status) {MERGE_PATCH}\n{patches.status}")
        if patches.spec:
            lines.append(f"PATCH {where} {MERGE_PATCH}\n{patches.spec}")
        if json_patch:
            if ref is not None:  # undo: the template is the referenced workload's
                plural, group, _, _ = WORKLOAD_KINDS[str(ref.get("kind"))]
                kind = f"{plural}.{group}" if group else plural
                where = f"{kind}/{ref.get('name')} in namespace {self.namespace}"
            lines.append(f"PATCH {where} {JSON_PATCH}\n{json_patch}")
        return "\n".join(lines) or "nothing to send"

    async def command(
        self, verb: str, revision: int | None = None, idempotency_key: str = ""
    ) -> DecisionOutcome:
        """Send ``verb`` as the plugin would, after reading the rollout (and, for undo, its
        ReplicaSets) afresh: refused, sending nothing, unless the controller would act on it."""
        if verb not in COMMANDS:
            return DecisionOutcome("refused", f"unknown verb {verb!r}")
        if idempotency_key and idempotency_key in self._done:
            return self._done[idempotency_key]
        outcome = await asyncio.to_thread(self._command, verb, revision)
        if idempotency_key and outcome.result != "failed":
            self._done[idempotency_key] = outcome
        return outcome

    def _command(self, verb: str, revision: int | None) -> DecisionOutcome:
        try:
            rollout = self._get()
            sets = self._owned_replica_sets() if verb == "undo" else ()
            allowed = verb_availability(rollout, sets)[verb]
            if not allowed.enabled and not (verb == "undo" and revision is not None):
                return DecisionOutcome("refused", f"{verb}: {allowed.reason}")
            plan = self._plan(verb, rollout, sets, revision)
            if isinstance(plan, str):
                return DecisionOutcome("refused", f"{verb}: {plan}")
            patches, json_patch = plan
            ref = workload_ref(rollout)
            self._send(patches)
            if json_patch and ref is not None:
                try:
                    self._patch_workload(ref, json_patch)
                except Exception as exc:
                    return self._failure(exc, WORKLOAD_KINDS[str(ref.get("kind"))][0])
            elif json_patch:
                self._patch(json_patch, status=False, content_type=JSON_PATCH)
        except Exception as exc:
            return self._failure(exc)
        sent = self._describe_plan(patches, json_patch, ref).replace("\n", " ")
        return DecisionOutcome("accepted", f"{verb} {self.rollout}: {sent}")

    # -- blocking side -------------------------------------------------------------------

    def _get(self) -> Mapping[str, Any]:
        rollout = self._custom().get_namespaced_custom_object(
            ARGO_GROUP,
            ARGO_VERSION,
            self.namespace,
            "rollouts",
            self.rollout,
            _request_timeout=self.timeout,
        )
        assert isinstance(rollout, Mapping)
        return rollout

    def _owned_replica_sets(self) -> list[Mapping[str, Any]]:
        """The rollout's ReplicaSets, listed now (the plugin's getAllReplicaSets)."""
        from kubernetes import client

        self._custom()
        resp: Any = client.AppsV1Api(self._api).list_namespaced_replica_set(
            self.namespace, _preload_content=False, _request_timeout=self.timeout
        )  # raw JSON: the objects as the API serves them, like the watch's
        items = json.loads(resp.data).get("items") or []
        return [
            rs
            for rs in items
            if any(
                o.get("kind") == "Rollout" and o.get("name") == self.rollout
                for o in (rs.get("metadata") or {}).get("ownerReferences") or []
            )
        ]

    def _custom(self) -> Any:
        from kubernetes import client

        if self._api is None:
            self._api = load_api_client(self.kubeconfig, self.context)
        return client.CustomObjectsApi(self._api)

    def _patch(self, body: str, *, status: bool, content_type: str = MERGE_PATCH) -> None:
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
            _content_type=content_type,
            _request_timeout=self.timeout,
        )

    def _patch_workload(self, ref: Mapping[str, Any], body: str) -> None:
        """The plugin's undoWorkloadRef: the JSON patch goes to the referenced workload."""
        from kubernetes import client

        self._custom()
        _, _, api_name, method = WORKLOAD_KINDS[str(ref.get("kind"))]
        getattr(getattr(client, api_name)(self._api), method)(
            str(ref.get("name") or ""),
            self.namespace,
            json.loads(body),
            _content_type=JSON_PATCH,
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

    def _failure(self, exc: Exception, what: str = "rollouts") -> DecisionOutcome:
        host = str(getattr(getattr(self._api, "configuration", None), "host", "?"))
        message = describe_api_error(exc, what, self.namespace, host)
        status = getattr(exc, "status", None)
        if status == 403:
            grant = "rollouts and rollouts/status" if what == "rollouts" else what
            message = message.replace(f"get/list/watch on {what}", f"patch on {grant}")
        result = "refused" if status in (401, 403, 404, 409, 422) else "failed"
        return DecisionOutcome(result, message)

    def _promote(self, gate_id: str) -> DecisionOutcome:
        try:
            rollout = self._get()
            status = rollout.get("status") or {}
            if status.get("abort"):
                return DecisionOutcome("refused", f"rollout {self.rollout} is aborted")
            paused = bool(status.get("pauseConditions")) or bool(
                (rollout.get("spec") or {}).get("paused")
            )
            at = gate_of(rollout)
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
