"""Kubernetes as a live source: an Argo Rollouts Rollout (or a blue/green pair of Deployments
behind a Service), its pods, Warning events, Deployment and ConfigMap changes, and optionally
the agent's own pod log.

Everything is *watched*, not polled: each collection is listed once (that gives a
resourceVersion), then watched from that version with bookmarks on; a ``410 Gone`` means our
version is too old, so we list again and diff the new list against what we already hold, which
loses nothing and repeats nothing. The kubernetes client is synchronous, so every watch runs in
its own daemon thread and hands raw objects to the event loop through a queue; all translation
into events happens on the loop side, in one place, so no state is shared between threads.

API trouble (RBAC 403, 401 expired credentials, unreachable server) becomes one
``SourceStatus(name="kubernetes", status="error")`` line that says what to do; the watches keep
retrying with backoff and report ``ok`` again when they recover.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console import events as ev
from console.errors import KubeConfigError

SOURCE = "kubernetes"
ARGO_GROUP = "argoproj.io"
ARGO_VERSION = "v1alpha1"
_COLOUR_LABELS = ("colour", "color")
_HASH_LABEL = "rollouts-pod-template-hash"
LOG_IDLE_FLUSH = 1.5  # seconds of agent-log silence after which the open entry is reported


_Obj = Mapping[str, Any]  # a raw API object, as JSON


# --- small helpers over raw API objects ------------------------------------------------


def _meta(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, Mapping) else {}


def _name(obj: Mapping[str, Any]) -> str:
    return str(_meta(obj).get("name", ""))


def _rv(obj: Mapping[str, Any]) -> str | None:
    rv = _meta(obj).get("resourceVersion")
    return str(rv) if rv is not None else None


def _dig(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, Mapping):
            return None
        obj = obj.get(key)
    return obj


def parse_time(value: Any) -> float | None:
    """RFC 3339 (as the API writes it, nanoseconds included) to epoch seconds."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if "." in text:  # fromisoformat takes at most 6 fraction digits
        head, _, rest = text.partition(".")
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def parse_time_ns(value: str) -> int | None:
    """An RFC 3339 timestamp to integer nanoseconds (pod log stamps carry nanoseconds)."""
    text = value.strip()
    frac = 0
    if "." in text:
        head, _, rest = text.partition(".")
        digits = ""
        for c in rest:
            if not c.isdigit():
                break
            digits += c
        frac = int(digits[:9].ljust(9, "0")) if digits else 0
        text = head + rest[len(digits) :]
    whole = parse_time(text)
    return None if whole is None else round(whole) * 1_000_000_000 + frac


def _scalar(value: Any) -> Any:
    """ConfigMap values are strings; "10" → 10 so a pool size compares as a number."""
    if (
        isinstance(value, str)
        and value.strip().lstrip("-").isdigit()
        and len(value) < 19
        and str(int(value)) == value.strip()
    ):
        return int(value)
    return value


# --- Argo Rollouts semantics -----------------------------------------------------------


def canary_steps(rollout: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    steps = _dig(rollout, "spec", "strategy", "canary", "steps")
    return [s for s in steps if isinstance(s, Mapping)] if isinstance(steps, list) else []


def current_step_index(rollout: Mapping[str, Any]) -> int | None:
    """status.currentStepIndex, 0 when unset (as Argo's GetCurrentCanaryStep does)."""
    if not canary_steps(rollout):
        return None
    idx = _dig(rollout, "status", "currentStepIndex")
    return int(idx) if isinstance(idx, int) else 0


def set_weight(rollout: Mapping[str, Any]) -> float:
    """The weight the rollout asks for now (Argo's GetCurrentSetWeight)."""
    if _dig(rollout, "status", "abort"):
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
    w = _dig(rollout, "status", "canary", "weights", "canary", "weight")
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
    conds = _dig(rollout, "status", "pauseConditions")
    if not isinstance(conds, list):
        return ()
    return tuple(str(c.get("reason", "")) for c in conds if isinstance(c, Mapping))


# --- pod templates: what counts as a change -------------------------------------------


def template_facts(template: Any) -> dict[str, Any]:
    """The parts of a pod template a change means something for; replicas are not here."""
    out: dict[str, Any] = {}
    containers = _dig(template, "spec", "containers")
    if not isinstance(containers, list):
        return out
    for c in containers:
        if not isinstance(c, Mapping):
            continue
        cname = str(c.get("name", ""))
        out[f"{cname}.image"] = c.get("image")
        for env in c.get("env") or []:
            if isinstance(env, Mapping):
                value = env.get("value") if "value" in env else env.get("valueFrom")
                out[f"{cname}.env.{env.get('name')}"] = value
        if c.get("resources"):
            out[f"{cname}.resources"] = c.get("resources")
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """{key: {"before": x, "after": y}} for every key whose value differs."""
    out: dict[str, Any] = {}
    for key in sorted(set(before) | set(after)):
        b, a = before.get(key), after.get(key)
        if b != a:
            out[key] = {"before": b, "after": a}
    return out


def _image_version(image: Any) -> str | None:
    if not isinstance(image, str):
        return None
    tail = image.rsplit("/", 1)[-1]
    if "@" in tail:
        return tail.split("@", 1)[1]
    return tail.split(":", 1)[1] if ":" in tail else "latest"


# --- error messages --------------------------------------------------------------------


def _status_message(body: Any) -> str:
    with contextlib.suppress(Exception):
        payload = json.loads(body)
        if isinstance(payload, Mapping) and payload.get("message"):
            return str(payload["message"]).splitlines()[0]
    return ""


def describe_api_error(exc: BaseException, what: str, namespace: str, host: str) -> str:
    """One line, saying what happened and what to do."""
    status = getattr(exc, "status", None)
    detail = _status_message(getattr(exc, "body", None)) or str(getattr(exc, "reason", "") or "")
    if status == 401:
        return (
            f"the Kubernetes API at {host} rejected the credentials (401 Unauthorized):"
            " the token is invalid or expired; log in again or refresh the kubeconfig"
        )
    if status == 403:
        return (
            f"RBAC refused access to {what} in namespace {namespace} (403 Forbidden:"
            f" {detail}); grant get/list/watch on {what} (see docs/kubernetes.md)"
        )
    if status == 404:
        if what in ("rollouts", "analysisruns"):
            return (
                f"{what}.{ARGO_GROUP} not found in namespace {namespace} (404): is Argo"
                " Rollouts installed and the namespace right?"
            )
        return f"{what} not found in namespace {namespace} (404): {detail}"
    if isinstance(status, int) and status > 0:
        return f"the Kubernetes API answered {status} for {what}: {detail or exc}"
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "Max retries" in reason or "Connection" in reason or isinstance(exc, OSError):
        reason = "connection failed"
    return (
        f"cannot reach the Kubernetes API at {host} ({reason}); check the cluster,"
        " VPN and kubeconfig context"
    )


# --- trackers: raw objects in, events out (loop side only) ------------------------------


class _Tracker:
    """Holds the current objects of one collection and turns their changes into events.

    ``sync`` takes a full list (first list, or a re-list after 410 Gone) and diffs it against
    what is held, so a re-list reports exactly what changed while we were not watching.
    """

    def __init__(self) -> None:
        self.objects: dict[str, Mapping[str, Any]] = {}
        self.synced = False

    def sync(self, items: Iterable[Mapping[str, Any]], ts: float) -> list[ev.Event]:
        initial = not self.synced
        seen: dict[str, Mapping[str, Any]] = {}
        out: list[ev.Event] = []
        for obj in items:
            key = _name(obj)
            seen[key] = obj
            old = self.objects.get(key)
            if old is None or _rv(old) != _rv(obj):
                self.objects[key] = obj
                out.extend(self.change(old, obj, ts, initial=initial))
        for key, old in list(self.objects.items()):
            if key not in seen:
                del self.objects[key]
                out.extend(self.change(old, None, ts, initial=False))
        self.synced = True
        out.extend(self.after(ts))
        return out

    def event(self, kind: str, obj: Mapping[str, Any], ts: float) -> list[ev.Event]:
        key = _name(obj)
        old = self.objects.get(key)
        if kind == "DELETED":
            if old is None:
                return []
            del self.objects[key]
            return [*self.change(old, None, ts, initial=False), *self.after(ts)]
        if old is not None and _rv(old) == _rv(obj):
            return []  # delivered twice (a watch resumed from an older version)
        self.objects[key] = obj
        return [*self.change(old, obj, ts, initial=False), *self.after(ts)]

    def change(
        self,
        old: Mapping[str, Any] | None,
        new: Mapping[str, Any] | None,
        ts: float,
        *,
        initial: bool,
    ) -> list[ev.Event]:
        return []

    def after(self, ts: float) -> list[ev.Event]:
        """Hook for aggregate views (pods per colour) once a batch is applied."""
        return []


@dataclass
class _RolloutView:
    step: int | None = None
    steps: int = 0
    set_w: float | None = None
    actual_w: float | None = None
    phase: str = ""
    reasons: tuple[str, ...] = ()
    aborted: bool = False
    gate: str | None = None
    ended: bool = False
    facts: dict[str, Any] = field(default_factory=dict)


class RolloutTracker(_Tracker):
    def __init__(self, name: str, source: str = SOURCE) -> None:
        super().__init__()
        self.name = name
        self.source = source
        self.view: _RolloutView | None = None
        self.stable_hash: str | None = None
        self.canary_hash: str | None = None

    def change(
        self, old: _Obj | None, new: _Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        src = self.source
        if new is None:
            return [
                ev.Phase(
                    ts=ts, source=src, phase="deleted", detail=f"rollout {self.name} was deleted"
                )
            ]
        status = new.get("status") if isinstance(new.get("status"), Mapping) else {}
        assert isinstance(status, Mapping)
        self.stable_hash = status.get("stableRS")
        self.canary_hash = status.get("currentPodHash")
        out: list[ev.Event] = []
        prev = self.view
        steps = canary_steps(new)
        idx = current_step_index(new)
        cur = _RolloutView(
            step=idx,
            steps=len(steps),
            set_w=set_weight(new),
            actual_w=actual_weight(new),
            phase=str(status.get("phase") or ""),
            reasons=_pause_reasons(new),
            aborted=bool(status.get("abort")),
            facts=template_facts(_dig(new, "spec", "template")),
        )
        message = str(status.get("message") or "")
        if prev is None:
            images = [v for k, v in cur.facts.items() if k.endswith(".image")]
            out.append(
                ev.SessionInfo(
                    ts=ts,
                    source=src,
                    service=self.name,
                    version=_image_version(images[0]) if images else None,
                    agent="argo-rollouts",
                )
            )
            plan = plan_of(new)
            if plan:
                out.append(ev.StagePlan(ts=ts, source=src, steps=plan))
        elif cur.facts != prev.facts:
            changes = diff(prev.facts, cur.facts)
            images = [c["after"] for k, c in changes.items() if k.endswith(".image")]
            out.append(
                ev.Deployment(
                    ts=ts,
                    source=src,
                    service=self.name,
                    version=_image_version(images[0]) if images else None,
                    environment="green",
                    changes=changes,
                )
            )
        if prev is None or (cur.set_w, cur.actual_w) != (prev.set_w, prev.actual_w):
            if (
                cur.set_w is not None
                and not cur.aborted
                and cur.set_w > 0
                and (prev is None or cur.set_w != prev.set_w)
            ):
                out.append(ev.StageStarted(ts=ts, source=src, traffic_pct=cur.set_w))
            out.append(
                ev.TrafficSplit(
                    ts=ts, source=src, green_pct=cur.set_w or 0.0, actual_green_pct=cur.actual_w
                )
            )
        if prev is None or (cur.phase, cur.step, cur.reasons) != (
            prev.phase,
            prev.step,
            prev.reasons,
        ):
            detail = f"step {cur.step}/{cur.steps}" if cur.step is not None else ""
            if cur.reasons:
                detail += f"; paused: {', '.join(cur.reasons)}"
            if message:
                detail += f"; {message}"
            out.append(
                ev.Phase(
                    ts=ts,
                    source=src,
                    phase=(cur.phase or "unknown").lower(),
                    detail=detail.strip("; "),
                )
            )
        # Gates: a pause condition at a step is the rollout waiting for a promote.
        gate = prev.gate if prev else None
        if gate and (cur.aborted or not cur.reasons or (prev and cur.step != prev.step)):
            out.append(
                ev.GateClosed(
                    ts=ts,
                    source=src,
                    gate_id=gate,
                    decision="rollback" if cur.aborted else "approve",
                    reason="seen in the cluster",
                )
            )
            gate = None
        if cur.reasons and not cur.aborted and gate is None:
            gate = gate_id_for(self.name, cur.step or 0)
            starts = [
                parse_time(c.get("startTime"))
                for c in status.get("pauseConditions") or []
                if isinstance(c, Mapping)
            ]
            nxt = [
                float(s["setWeight"])
                for s in steps[(cur.step or 0) + 1 :]
                if isinstance(s.get("setWeight"), (int, float))
            ]
            out.append(
                ev.GateOpened(
                    ts=ts,
                    source=src,
                    gate_id=gate,
                    stage_pct=cur.set_w or 0.0,
                    next_pct=nxt[0] if nxt else None,
                    window_start=next((s for s in starts if s), None),
                )
            )
        cur.gate = gate
        cur.ended = bool(prev and prev.ended)
        if cur.aborted and not (prev and prev.aborted):
            out.append(ev.RollbackStarted(ts=ts, source=src, reason=message or "rollout aborted"))
        if not cur.ended and not initial:
            if cur.aborted and cur.phase == "Degraded":
                out.append(
                    ev.Outcome(
                        ts=ts, source=src, status="rolled_back", detail=message or "rollout aborted"
                    )
                )
                cur.ended = True
            elif (
                cur.phase == "Healthy"
                and not cur.aborted
                and prev is not None
                and prev.phase != "Healthy"
                and (cur.step is None or cur.step >= cur.steps)
            ):
                out.append(
                    ev.Outcome(
                        ts=ts,
                        source=src,
                        status="succeeded",
                        detail=f"rollout {self.name} fully promoted",
                    )
                )
                cur.ended = True
        if cur.phase != "Healthy" and not cur.aborted:
            cur.ended = False  # a new revision started
        self.view = cur
        return out


class AnalysisRunTracker(_Tracker):
    """AnalysisRuns owned by the rollout; a terminal phase becomes a Finding."""

    _SEVERITY = {
        "Successful": "info",
        "Inconclusive": "warning",
        "Failed": "critical",
        "Error": "critical",
    }

    def __init__(self, rollout: str, source: str = SOURCE) -> None:
        super().__init__()
        self.rollout = rollout
        self.source = source

    def change(
        self, old: _Obj | None, new: _Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None:
            return []
        owners = _meta(new).get("ownerReferences") or []
        if not any(
            isinstance(o, Mapping) and o.get("kind") == "Rollout" and o.get("name") == self.rollout
            for o in owners
        ):
            return []
        phase = str(_dig(new, "status", "phase") or "")
        before = str(_dig(old, "status", "phase") or "") if old else ""
        if phase == before or phase not in self._SEVERITY or initial:
            return []
        metrics = []
        for m in _dig(new, "status", "metricResults") or []:
            if isinstance(m, Mapping):
                metrics.append(
                    {"name": m.get("name"), "phase": m.get("phase"), "message": m.get("message")}
                )
        failing = [m["name"] for m in metrics if m["phase"] in ("Failed", "Error", "Inconclusive")]
        msg = f"analysis run {_name(new)}: {phase}"
        if failing:
            msg += f" ({', '.join(str(f) for f in failing)})"
        extra = _dig(new, "status", "message")
        if extra:
            msg += f": {extra}"
        return [
            ev.Finding(
                ts=ts,
                source=self.source,
                code="analysis_run",
                severity=self._SEVERITY[phase],
                message=msg,
                data={"analysis_run": _name(new), "phase": phase, "metrics": metrics},
            )
        ]


class PodTracker(_Tracker):
    """Pods ready/total and restarts per colour; emits Pods when a colour's numbers change."""

    def __init__(
        self, colour_of: Callable[[Mapping[str, Any]], str | None], source: str = SOURCE
    ) -> None:
        super().__init__()
        self.colour_of = colour_of
        self.source = source
        self.last: dict[str, tuple[int, int, int]] = {}

    def after(self, ts: float) -> list[ev.Event]:
        counts: dict[str, list[int]] = {}
        for pod in self.objects.values():
            colour = self.colour_of(pod)
            if colour is None or _dig(pod, "status", "phase") in ("Succeeded", "Failed"):
                continue
            if _meta(pod).get("deletionTimestamp"):
                continue
            c = counts.setdefault(colour, [0, 0, 0])
            c[1] += 1
            conds = _dig(pod, "status", "conditions") or []
            if any(
                isinstance(x, Mapping) and x.get("type") == "Ready" and x.get("status") == "True"
                for x in conds
            ):
                c[0] += 1
            for cs in _dig(pod, "status", "containerStatuses") or []:
                if isinstance(cs, Mapping):
                    c[2] += int(cs.get("restartCount") or 0)
        out: list[ev.Event] = []
        for colour in sorted(set(counts) | set(self.last)):
            ready, total, restarts = counts.get(colour, [0, 0, 0])
            if self.last.get(colour) != (ready, total, restarts):
                self.last[colour] = (ready, total, restarts)
                out.append(
                    ev.Pods(
                        ts=ts,
                        source=self.source,
                        colour=colour,
                        ready=ready,
                        total=total,
                        restarts=restarts,
                    )
                )
        return out


class WarningEventTracker(_Tracker):
    """core/v1 Events of type Warning → LogLine(WARNING); on the first list only recent ones."""

    def __init__(self, recent_seconds: float = 600, source: str = SOURCE) -> None:
        super().__init__()
        self.recent_seconds = recent_seconds
        self.source = source

    def change(
        self, old: _Obj | None, new: _Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None or new.get("type") != "Warning":
            return []
        when = (
            parse_time(new.get("lastTimestamp"))
            or parse_time(new.get("eventTime"))
            or parse_time(_dig(new, "series", "lastObservedTime"))
            or parse_time(_meta(new).get("creationTimestamp"))
            or ts
        )
        if initial and when < ts - self.recent_seconds:
            return []
        if (
            old is not None
            and old.get("count") == new.get("count")
            and old.get("lastTimestamp") == new.get("lastTimestamp")
        ):
            return []
        obj = new.get("involvedObject") or new.get("regarding") or {}
        kind, oname = obj.get("kind", "?"), obj.get("name", "?")
        reason = new.get("reason") or ""
        message = str(new.get("message") or new.get("note") or "").strip()
        return [
            ev.LogLine(
                ts=when,
                source=self.source,
                level="WARNING",
                message=f"{kind}/{oname}: {reason}: {message}",
                fmt="plain",
                fields={
                    "reason": reason,
                    "object": f"{kind}/{oname}",
                    "count": new.get("count"),
                    "namespace": _meta(new).get("namespace"),
                },
            )
        ]


class DeploymentTracker(_Tracker):
    """Deployments changed during the session: an image change is a Deployment event, an env
    or resources change without one is a ConfigChange; replica counts are not changes."""

    def __init__(self, colour_of: Callable[[str], str | None], source: str = SOURCE) -> None:
        super().__init__()
        self.colour_of = colour_of
        self.source = source

    def change(
        self, old: _Obj | None, new: _Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if initial or new is None:
            return []
        name = _name(new)
        after = template_facts(_dig(new, "spec", "template"))
        before = template_facts(_dig(old, "spec", "template")) if old else {}
        changes = diff(before, after)
        if not changes:
            return []
        images = [c["after"] for k, c in changes.items() if k.endswith(".image")]
        if images or old is None:
            version = _image_version(images[0]) if images else None
            return [
                ev.Deployment(
                    ts=ts,
                    source=self.source,
                    service=name,
                    version=version,
                    environment=self.colour_of(name),
                    changes=changes,
                )
            ]
        return [
            ev.ConfigChange(
                ts=ts,
                source=self.source,
                service=name,
                changes=changes,
                resource=f"deployment/{name}",
            )
        ]


class ConfigMapTracker(_Tracker):
    def __init__(self, source: str = SOURCE) -> None:
        super().__init__()
        self.source = source

    @staticmethod
    def _data(obj: Mapping[str, Any] | None) -> dict[str, Any]:
        if obj is None:
            return {}
        data = {k: _scalar(v) for k, v in (obj.get("data") or {}).items()}
        data.update(
            {k: f"<binary {len(v)} b64 chars>" for k, v in (obj.get("binaryData") or {}).items()}
        )
        return data

    def change(
        self, old: _Obj | None, new: _Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if initial:
            return []
        changes = diff(self._data(old), self._data(new))
        if not changes:
            return []
        name = _name(new or old or {})
        return [
            ev.ConfigChange(
                ts=ts,
                source=self.source,
                service=name,
                changes=changes,
                resource=f"configmap/{name}",
            )
        ]


class ServiceTracker(_Tracker):
    """The Service in front of a blue/green pair: its selector's colour is where traffic goes."""

    def __init__(self, source: str = SOURCE) -> None:
        super().__init__()
        self.source = source
        self.last: str | None = None

    def change(
        self, old: _Obj | None, new: _Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None:
            return []
        selector = _dig(new, "spec", "selector") or {}
        colour = next((selector[k] for k in _COLOUR_LABELS if k in selector), None)
        if colour not in ("blue", "green") or colour == self.last:
            return []
        self.last = colour
        out: list[ev.Event] = []
        if not initial:
            out.append(
                ev.StageStarted(
                    ts=ts, source=self.source, traffic_pct=100.0 if colour == "green" else 0.0
                )
            )
        out.append(
            ev.TrafficSplit(
                ts=ts,
                source=self.source,
                green_pct=100.0 if colour == "green" else 0.0,
                actual_green_pct=100.0 if colour == "green" else 0.0,
            )
        )
        return out


# --- the source ------------------------------------------------------------------------


def load_api_client(kubeconfig: str | None = None, context: str | None = None) -> Any:
    """An ApiClient from a kubeconfig (given, $KUBECONFIG, ~/.kube/config) or in-cluster."""
    from kubernetes import client, config  # heavy: load on use

    path = kubeconfig or os.environ.get("KUBECONFIG", "").split(os.pathsep)[0] or None
    default = os.path.expanduser("~/.kube/config")
    try:
        if path or os.path.exists(default) or context:
            return config.new_client_from_config(
                config_file=path or default, context=context, persist_config=False
            )
        if os.environ.get("KUBERNETES_SERVICE_HOST"):
            cfg = client.Configuration()
            config.load_incluster_config(client_configuration=cfg)
            return client.ApiClient(cfg)
    except Exception as exc:  # yaml, ConfigException, OSError...: a bad file or flag
        where = f" (context {context})" if context else ""
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KubeConfigError(f"cannot use the kubeconfig{where}: {first}") from None
    raise KubeConfigError(
        "no kubeconfig (--kubeconfig, $KUBECONFIG or ~/.kube/config) and not running in a cluster"
    )


@dataclass
class _Watch:
    what: str
    list_fn: Callable[..., Any]
    kwargs: dict[str, Any]
    tracker: _Tracker


class KubeSource:
    """Watch a rollout in a namespace; see the module docstring.

    ``rollout``: an Argo Rollouts Rollout name. Without it, ``deployments`` (blue, green) names
    a blue/green pair of Deployments and ``service`` the Service whose selector's ``colour``
    label says which one is live.
    """

    def __init__(
        self,
        namespace: str,
        rollout: str | None = None,
        *,
        context: str | None = None,
        kubeconfig: str | None = None,
        deployments: tuple[str, str] | None = None,
        service: str | None = None,
        agent_pod: str | None = None,
        agent_container: str | None = None,
        pod_selector: str | None = None,
        watch_timeout: int = 300,
        max_backoff: float = 30.0,
        source: str = SOURCE,
    ) -> None:
        if not namespace:
            raise KubeConfigError("--namespace is required with --kube")
        if not rollout and not deployments:
            raise KubeConfigError(
                "give --rollout NAME (Argo Rollouts) or the blue and green Deployment names"
            )
        self.namespace = namespace
        self.rollout = rollout
        self.context = context
        self.kubeconfig = kubeconfig
        self.deployments = deployments
        self.service = service
        self.agent_pod = agent_pod
        self.agent_container = agent_container
        self.pod_selector = pod_selector
        self.watch_timeout = watch_timeout
        self.max_backoff = max_backoff
        self.source = source
        self.api_client: Any = None
        self.host = "?"
        self._halt = threading.Event()
        self._active: set[Any] = set()
        self._lock = threading.Lock()
        self._rollouts = RolloutTracker(rollout or "", source)
        self._pods = PodTracker(self._pod_colour, source)

    # -- connection --------------------------------------------------------------------

    def connect(self) -> Any:
        """Load kubeconfig (or in-cluster config) and make the API client. Blocking."""
        if self.api_client is None:
            self.api_client = load_api_client(self.kubeconfig, self.context)
            self.host = str(self.api_client.configuration.host)
        return self.api_client

    def rollout_object(self) -> Mapping[str, Any] | None:
        """The Rollout as last seen by the watch (for the Argo decider's confirmation)."""
        return self._rollouts.objects.get(self.rollout or "")

    def _watches(self) -> list[_Watch]:
        from kubernetes import client

        api = self.api_client
        core, apps = client.CoreV1Api(api), client.AppsV1Api(api)
        custom = client.CustomObjectsApi(api)
        ns = self.namespace
        out: list[_Watch] = []
        if self.rollout:
            argo = {"group": ARGO_GROUP, "version": ARGO_VERSION, "namespace": ns}
            out.append(
                _Watch(
                    "rollouts",
                    custom.list_namespaced_custom_object,
                    {
                        **argo,
                        "plural": "rollouts",
                        "field_selector": f"metadata.name={self.rollout}",
                    },
                    self._rollouts,
                )
            )
            out.append(
                _Watch(
                    "analysisruns",
                    custom.list_namespaced_custom_object,
                    {**argo, "plural": "analysisruns"},
                    AnalysisRunTracker(self.rollout, self.source),
                )
            )
        if self.service:
            out.append(
                _Watch(
                    "services",
                    core.list_namespaced_service,
                    {"namespace": ns, "field_selector": f"metadata.name={self.service}"},
                    ServiceTracker(self.source),
                )
            )
        pod_kwargs: dict[str, Any] = {"namespace": ns}
        if self.pod_selector:
            pod_kwargs["label_selector"] = self.pod_selector
        out.append(
            _Watch(
                "pods",
                core.list_namespaced_pod,
                pod_kwargs,
                self._pods,
            )
        )
        out.append(
            _Watch(
                "events",
                core.list_namespaced_event,
                {"namespace": ns, "field_selector": "type=Warning"},
                WarningEventTracker(source=self.source),
            )
        )
        out.append(
            _Watch(
                "deployments",
                apps.list_namespaced_deployment,
                {"namespace": ns},
                DeploymentTracker(self._deployment_colour, self.source),
            )
        )
        out.append(
            _Watch(
                "configmaps",
                core.list_namespaced_config_map,
                {"namespace": ns},
                ConfigMapTracker(self.source),
            )
        )
        return out

    def _deployment_colour(self, name: str) -> str | None:
        if self.deployments:
            if name == self.deployments[0]:
                return "blue"
            if name == self.deployments[1]:
                return "green"
        return None

    def _pod_colour(self, pod: Mapping[str, Any]) -> str | None:
        labels = _meta(pod).get("labels") or {}
        for key in _COLOUR_LABELS:
            if labels.get(key) in ("blue", "green"):
                return str(labels[key])
        if self.rollout and _HASH_LABEL in labels:
            h = labels[_HASH_LABEL]
            if h == self._rollouts.stable_hash:
                return "blue"
            if h == self._rollouts.canary_hash:
                return "green"
            return None
        if self.deployments:
            for owner in _meta(pod).get("ownerReferences") or []:
                rs = str(owner.get("name", "")) if isinstance(owner, Mapping) else ""
                for colour, dep in zip(("blue", "green"), self.deployments, strict=True):
                    if rs.startswith(dep + "-"):
                        return colour
        return None

    # -- threads (blocking client calls only; no translation here) ----------------------

    def _sleep(self, seconds: float) -> bool:
        return self._halt.wait(seconds)

    def _run_watch(self, w: _Watch, put: Callable[[tuple[Any, ...]], None]) -> None:
        from kubernetes import watch
        from kubernetes.client.exceptions import ApiException

        rv: str | None = None
        backoff = 1.0
        while not self._halt.is_set():
            try:
                if rv is None:
                    resp = w.list_fn(**w.kwargs, _preload_content=False, _request_timeout=(10, 60))
                    listing = json.loads(resp.data)
                    rv = str(_dig(listing, "metadata", "resourceVersion") or "") or None
                    put(("sync", w, listing.get("items") or []))
                    put(("ok", w.what))
                stream = watch.Watch(return_type=object)
                with self._lock:
                    self._active.add(stream)
                try:
                    if self._halt.is_set():
                        break
                    for item in stream.stream(
                        w.list_fn,
                        **w.kwargs,
                        resource_version=rv,
                        allow_watch_bookmarks=True,
                        timeout_seconds=self.watch_timeout,
                        _request_timeout=(10, self.watch_timeout + 30),
                    ):
                        obj = item.get("raw_object") or {}
                        rv = _rv(obj) or rv
                        if item.get("type") != "BOOKMARK":
                            put(("event", w, item.get("type"), obj))
                        backoff = 1.0
                finally:
                    with self._lock:
                        self._active.discard(stream)
                put(("ok", w.what))
            except ApiException as exc:
                if self._halt.is_set():
                    break
                if exc.status == 410:  # our resourceVersion is too old: list again
                    rv = None
                    continue
                put(("error", w.what, describe_api_error(exc, w.what, self.namespace, self.host)))
                backoff = self._backoff(backoff)
            except Exception as exc:  # network trouble of every kind (urllib3, OSError)
                if self._halt.is_set():
                    break
                put(("error", w.what, describe_api_error(exc, w.what, self.namespace, self.host)))
                backoff = self._backoff(backoff)

    def _backoff(self, current: float) -> float:
        self._sleep(current)
        return min(self.max_backoff, current * 2)

    def _run_log(self, put: Callable[[tuple[Any, ...]], None]) -> None:
        from kubernetes import client, watch
        from kubernetes.client.exceptions import ApiException

        core = client.CoreV1Api(self.api_client)
        what = f"pods/log ({self.agent_pod})"
        # Where we are in the log: the last line's timestamp (ns) and how many lines carried
        # it, so a resumed stream (which can only start at a whole second) skips exactly
        # what we already have.
        last_ns: int | None = None
        at_last = 0
        backoff = 1.0
        while not self._halt.is_set():
            kwargs: dict[str, Any] = {
                "name": self.agent_pod,
                "namespace": self.namespace,
                "timestamps": True,
            }
            if self.agent_container:
                kwargs["container"] = self.agent_container
            if last_ns is not None:
                kwargs["since_seconds"] = max(1, int(time.time() - last_ns / 1e9) + 2)
            skip_same = at_last if last_ns is not None else 0
            stream = watch.Watch()
            with self._lock:
                self._active.add(stream)
            try:
                put(("ok", what))
                for raw in stream.stream(core.read_namespaced_pod_log, **kwargs):
                    stamp, _, text = str(raw).partition(" ")
                    ns = parse_time_ns(stamp)
                    if ns is None:  # no timestamp: keep the line as it is
                        put(("log", time.time(), str(raw)))
                        continue
                    if last_ns is not None and ns < last_ns:
                        continue
                    if ns == last_ns:
                        if skip_same > 0:
                            skip_same -= 1
                            continue
                        at_last += 1
                    else:
                        last_ns, at_last, skip_same = ns, 1, 0
                    put(("log", ns / 1e9, text))
                    backoff = 1.0
                self._sleep(backoff)  # the log ended (pod restarted?): reopen shortly
                backoff = min(self.max_backoff, backoff * 2)
            except ApiException as exc:
                if self._halt.is_set():
                    break
                put(("error", what, describe_api_error(exc, "pods/log", self.namespace, self.host)))
                backoff = self._backoff(backoff)
            except Exception as exc:
                if self._halt.is_set():
                    break
                put(("error", what, describe_api_error(exc, "pods/log", self.namespace, self.host)))
                backoff = self._backoff(backoff)
            finally:
                with self._lock:
                    self._active.discard(stream)

    def _stop_threads(self) -> None:
        self._halt.set()
        with self._lock:
            active = list(self._active)
        for stream in active:
            with contextlib.suppress(Exception):
                stream.stop()

    # -- the loop side -----------------------------------------------------------------

    def _missing_rollout(self) -> str:
        return (
            f"rollout {self.rollout} not found in namespace {self.namespace}; check the name"
            f" (kubectl argo rollouts list rollouts -n {self.namespace})"
        )

    def _status(self, status: str, message: str) -> ev.SourceStatus:
        return ev.SourceStatus(
            ts=time.time(), source=self.source, name="kubernetes", status=status, message=message
        )

    async def events(self, stop: asyncio.Event) -> AsyncIterator[ev.Event]:
        """Watch until ``stop`` is set. Raises KubeConfigError only for a bad kubeconfig."""
        await asyncio.to_thread(self.connect)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()

        def put(item: tuple[Any, ...]) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed while we stopped
                loop.call_soon_threadsafe(queue.put_nowait, item)

        self._halt.clear()
        watches = self._watches()
        threads = [
            threading.Thread(
                target=self._run_watch, args=(w, put), daemon=True, name=f"kube-watch-{w.what}"
            )
            for w in watches
        ]
        if self.agent_pod:
            threads.append(
                threading.Thread(
                    target=self._run_log, args=(put,), daemon=True, name="kube-agent-log"
                )
            )
        parser = _log_parser(self.source) if self.agent_pod else None
        what = (
            f"rollout {self.rollout}"
            if self.rollout
            else "deployments " + "/".join(self.deployments or ())
        )
        health = _Health(
            {w.what for w in watches},
            lambda status, message: self._status(status, message),
            f"watching {what} in namespace {self.namespace} at {self.host}",
        )
        for t in threads:
            t.start()
        try:
            log_open_since: float | None = None
            while not stop.is_set():
                try:
                    item = await asyncio.wait_for(queue.get(), timeout=0.25)
                except TimeoutError:
                    # The parser answers a block when the next one starts; a live log that
                    # went quiet would hold its last entry back, so close it after a pause.
                    quiet_for = time.monotonic() - (log_open_since or time.monotonic())
                    if parser is not None and log_open_since and quiet_for > LOG_IDLE_FLUSH:
                        log_open_since = None
                        for e in parser.flush():
                            yield e
                    continue
                now = time.time()
                tag = item[0]
                if tag in ("sync", "event"):
                    tracker = item[1].tracker
                    if tag == "sync":
                        batch = tracker.sync(item[2], now)
                    else:
                        batch = tracker.event(item[2], item[3], now)
                    if tracker is self._rollouts:
                        # Which pods are blue and which green follows the rollout's hashes.
                        batch.extend(self._pods.after(now))
                        if self.rollout not in tracker.objects:
                            batch.extend(health.error("rollout", self._missing_rollout()))
                        else:
                            batch.extend(health.ok("rollout"))
                    for e in batch:
                        yield e
                elif tag == "log":
                    for e in _parse_log(parser, item[2], item[1], self.source):
                        yield e
                    log_open_since = time.monotonic() if parser is not None else None
                elif tag == "error":
                    for e in health.error(item[1], item[2]):
                        yield e
                elif tag == "ok":
                    for e in health.ok(item[1]):
                        yield e
            if parser is not None:
                for e in parser.flush():
                    yield e
        finally:
            self._stop_threads()


class _Health:
    """One status line for many watches: an error as soon as one fails (once per distinct
    message), ok again when every watch has listed and none is failing."""

    def __init__(
        self,
        pending: set[str],
        make: Callable[[str, str], ev.SourceStatus],
        ok_message: str,
    ) -> None:
        self.pending = set(pending)
        self.problems: dict[str, str] = {}
        self.make = make
        self.ok_message = ok_message
        self.announced = False

    def error(self, key: str, message: str) -> list[ev.Event]:
        if self.problems.get(key) == message:
            return []
        self.problems[key] = message
        self.announced = False
        return [self.make("error", message)]

    def ok(self, key: str) -> list[ev.Event]:
        self.pending.discard(key)
        self.problems.pop(key, None)
        if self.problems or self.pending or self.announced:
            return []
        self.announced = True
        return [self.make("ok", self.ok_message)]


def _log_parser(source: str) -> Any:
    """console.parse.LogParser: the agent's pod log goes through the same parser as files."""
    try:
        from console.parse import LogParser
    except ImportError:  # pragma: no cover - the parser ships with the console
        return None
    return LogParser(source=f"{source}:agent-log")


def _parse_log(parser: Any, line: str, at: float, source: str) -> list[ev.Event]:
    if parser is not None:
        return list(parser.feed(line))
    return [ev.LogLine(ts=at, source=source, level="INFO", message=line, fmt="plain")]
