"""Trackers: raw objects in, events out (loop side only).

Each holds the current objects of one collection and turns their changes into events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console import events as ev
from console.sources.kube.objects import (
    Obj,
    diff,
    dig,
    image_version,
    meta,
    name_of,
    parse_time,
    rv_of,
    scalar,
    template_facts,
)
from console.sources.kube.rollout import (
    _pause_reasons,
    actual_weight,
    canary_steps,
    current_step_index,
    gate_id_for,
    plan_of,
    set_weight,
)

SOURCE = "kubernetes"
COLOUR_LABELS = ("colour", "color")


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
            key = name_of(obj)
            seen[key] = obj
            old = self.objects.get(key)
            if old is None or rv_of(old) != rv_of(obj):
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
        key = name_of(obj)
        old = self.objects.get(key)
        if kind == "DELETED":
            if old is None:
                return []
            del self.objects[key]
            return [*self.change(old, None, ts, initial=False), *self.after(ts)]
        if old is not None and rv_of(old) == rv_of(obj):
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
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
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
            facts=template_facts(dig(new, "spec", "template")),
        )
        message = str(status.get("message") or "")
        if prev is None:
            images = [v for k, v in cur.facts.items() if k.endswith(".image")]
            out.append(
                ev.SessionInfo(
                    ts=ts,
                    source=src,
                    service=self.name,
                    version=image_version(images[0]) if images else None,
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
                    version=image_version(images[0]) if images else None,
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
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None:
            return []
        owners = meta(new).get("ownerReferences") or []
        if not any(
            isinstance(o, Mapping) and o.get("kind") == "Rollout" and o.get("name") == self.rollout
            for o in owners
        ):
            return []
        phase = str(dig(new, "status", "phase") or "")
        before = str(dig(old, "status", "phase") or "") if old else ""
        if phase == before or phase not in self._SEVERITY or initial:
            return []
        metrics = []
        for m in dig(new, "status", "metricResults") or []:
            if isinstance(m, Mapping):
                metrics.append(
                    {"name": m.get("name"), "phase": m.get("phase"), "message": m.get("message")}
                )
        failing = [m["name"] for m in metrics if m["phase"] in ("Failed", "Error", "Inconclusive")]
        msg = f"analysis run {name_of(new)}: {phase}"
        if failing:
            msg += f" ({', '.join(str(f) for f in failing)})"
        extra = dig(new, "status", "message")
        if extra:
            msg += f": {extra}"
        return [
            ev.Finding(
                ts=ts,
                source=self.source,
                code="analysis_run",
                severity=self._SEVERITY[phase],
                message=msg,
                data={"analysis_run": name_of(new), "phase": phase, "metrics": metrics},
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
            if colour is None or dig(pod, "status", "phase") in ("Succeeded", "Failed"):
                continue
            if meta(pod).get("deletionTimestamp"):
                continue
            c = counts.setdefault(colour, [0, 0, 0])
            c[1] += 1
            conds = dig(pod, "status", "conditions") or []
            if any(
                isinstance(x, Mapping) and x.get("type") == "Ready" and x.get("status") == "True"
                for x in conds
            ):
                c[0] += 1
            for cs in dig(pod, "status", "containerStatuses") or []:
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
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None or new.get("type") != "Warning":
            return []
        when = (
            parse_time(new.get("lastTimestamp"))
            or parse_time(new.get("eventTime"))
            or parse_time(dig(new, "series", "lastObservedTime"))
            or parse_time(meta(new).get("creationTimestamp"))
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
                    "namespace": meta(new).get("namespace"),
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
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if initial or new is None:
            return []
        name = name_of(new)
        after = template_facts(dig(new, "spec", "template"))
        before = template_facts(dig(old, "spec", "template")) if old else {}
        changes = diff(before, after)
        if not changes:
            return []
        images = [c["after"] for k, c in changes.items() if k.endswith(".image")]
        if images or old is None:
            version = image_version(images[0]) if images else None
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
        data = {k: scalar(v) for k, v in (obj.get("data") or {}).items()}
        data.update(
            {k: f"<binary {len(v)} b64 chars>" for k, v in (obj.get("binaryData") or {}).items()}
        )
        return data

    def change(
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if initial:
            return []
        changes = diff(self._data(old), self._data(new))
        if not changes:
            return []
        name = name_of(new or old or {})
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
        self, old: Obj | None, new: Obj | None, ts: float, *, initial: bool
    ) -> list[ev.Event]:
        if new is None:
            return []
        selector = dig(new, "spec", "selector") or {}
        colour = next((selector[k] for k in COLOUR_LABELS if k in selector), None)
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
