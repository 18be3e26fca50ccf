"""Trackers: raw objects in, events out (loop side only).

Each holds the current objects of one collection and turns their changes into events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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

SOURCE = "kubernetes"
COLOUR_LABELS = ("colour", "color")


class Tracker:
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
            key = self.key(obj)
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

    def key(self, obj: Mapping[str, Any]) -> str:
        return name_of(obj)

    def event(self, kind: str, obj: Mapping[str, Any], ts: float) -> list[ev.Event]:
        key = self.key(obj)
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


class ReplicaSetTracker(Tracker):
    """The ReplicaSets a rollout owns: its revisions (for undo) and the canary's available
    replicas (the actual weight of a canary without a traffic router). No events of its own."""

    def __init__(self, rollout: str | None = None) -> None:
        super().__init__()
        self.rollout = rollout

    def key(self, obj: Mapping[str, Any]) -> str:
        return f"{meta(obj).get('namespace', '')}/{name_of(obj)}"

    def owned(self, rollout: str | None = None, namespace: str | None = None) -> list[Obj]:
        want = rollout or self.rollout
        return [
            rs
            for rs in self.objects.values()
            if (namespace is None or meta(rs).get("namespace") == namespace)
            and any(
                isinstance(o, Mapping) and o.get("kind") == "Rollout" and o.get("name") == want
                for o in meta(rs).get("ownerReferences") or []
            )
        ]


class PodTracker(Tracker):
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


class WarningEventTracker(Tracker):
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


class DeploymentTracker(Tracker):
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


class ConfigMapTracker(Tracker):
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


class ServiceTracker(Tracker):
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
