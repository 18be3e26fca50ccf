"""Every Rollout in a namespace (or all of them) at a glance: one row each, live.

``FleetSource`` watches Rollouts and their ReplicaSets (for the actual weight of a canary
without a traffic router) with the same transport as the one-rollout source, and keeps a
``FleetRow`` per rollout, read as the controller means it. A pause that needs a person
(a pause step without a duration, a blue-green waiting for promotion, an inconclusive
analysis, spec.paused) marks the row as waiting for you, and its opening is a ``Notice``.
Nothing here is recorded: each rollout opened from the fleet is its own session.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from console.sources.kube.objects import Obj, meta, name_of
from console.sources.kube.rollout import ARGO_GROUP, ARGO_VERSION, RolloutReading, read_rollout
from console.sources.kube.trackers import ReplicaSetTracker, Tracker
from console.sources.kube.transport import Watch, WatchTransport

# The plugin's status icons (info.IconOK, IconProgressing, ...), with the word beside them.
GLYPHS = {
    "Healthy": "✔",
    "Progressing": "◌",
    "Paused": "‖",
    "Degraded": "✖",
}
WAITING = "▶"  # the row waits for a person


@dataclass(frozen=True, slots=True)
class FleetRow:
    namespace: str
    name: str
    strategy: str  # canary | blueGreen | ""
    phase: str
    message: str
    step: str  # "3/8", or "" when the strategy has no steps
    set_weight: float
    actual_weight: float | None
    revision: int | None
    image_tag: str
    created: float | None
    waiting: bool  # a pause only a person lifts
    aborted: bool
    pause_until: float | None

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"

    @property
    def glyph(self) -> str:
        return GLYPHS.get(self.phase, "?")

    @property
    def status(self) -> str:
        word = "Aborted" if self.aborted else (self.phase or "Unknown")
        return f"{self.glyph} {word}"

    @property
    def rank(self) -> int:
        """Attention first: waiting for you, then broken, paused, moving, fine."""
        if self.waiting:
            return 0
        if self.aborted or self.phase == "Degraded":
            return 1
        return {"Paused": 2, "Progressing": 3, "Healthy": 4}.get(self.phase, 1)

    def matches(self, text: str) -> bool:
        """The `/` filter: every word must appear in the row's name, namespace, strategy,
        status or image tag (case-insensitive)."""
        hay = " ".join(
            (self.namespace, self.name, self.strategy, self.status, self.image_tag)
        ).lower()
        return all(word in hay for word in text.lower().split())


def fleet_row(r: RolloutReading) -> FleetRow:
    actual: float | None
    if r.strategy == "blueGreen":
        set_w = actual = r.production_pct
        step = ""
    else:
        set_w, actual = r.set_weight, r.actual_weight
        step = f"{r.step}/{r.steps}" if r.step is not None else ""
    return FleetRow(
        namespace=r.namespace,
        name=r.name,
        strategy=r.strategy,
        phase=r.phase,
        message=r.message,
        step=step,
        set_weight=set_w,
        actual_weight=actual,
        revision=r.revision,
        image_tag=r.image_tag,
        created=r.created,
        waiting=r.needs_human,
        aborted=r.aborted,
        pause_until=r.pause_until,
    )


def sort_rows(rows: list[FleetRow]) -> list[FleetRow]:
    return sorted(rows, key=lambda row: (row.rank, row.namespace, row.name))


@dataclass(frozen=True, slots=True)
class Notice:
    at: float
    key: str
    text: str


class FleetTracker(Tracker):
    """Rollouts keyed namespace/name; the rows and the gates that opened."""

    def __init__(self, replica_sets: ReplicaSetTracker) -> None:
        super().__init__()
        self.replica_sets = replica_sets
        self.rows: dict[str, FleetRow] = {}
        self.notices: list[Notice] = []  # the latest hundred
        self.notice_count = 0  # every notice ever, so a reader knows how many are new
        self.version = 0  # bumped at every change, so a screen redraws only then

    def key(self, obj: Mapping[str, Any]) -> str:
        return f"{meta(obj).get('namespace', '')}/{name_of(obj)}"

    def change(
        self,
        old: Obj | None,
        new: Obj | None,
        ts: float,
        *,
        initial: bool,
        owned: list[Obj] | None = None,
    ) -> list[Any]:
        self.version += 1
        if new is None:
            if old is not None:
                self.rows.pop(self.key(old), None)
            return []
        namespace = str(meta(new).get("namespace") or "")
        if owned is None:
            owned = self.replica_sets.owned(name_of(new), namespace)
        row = fleet_row(read_rollout(new, owned))
        before = self.rows.get(row.key)
        self.rows[row.key] = row
        if row.waiting and not initial and not (before and before.waiting):
            step = f" at step {row.step}" if row.step else ""
            text = f"{row.key} is waiting for you{step}: {row.message or 'paused'}"
            self.notices.append(Notice(ts, row.key, text))
            self.notice_count += 1
            del self.notices[:-100]
        return []

    def refresh(self, ts: float, changed: Iterable[Mapping[str, Any]] | None = None) -> None:
        """Read rollouts again: the owners of the ``changed`` ReplicaSets, or (None: they
        were listed afresh) every rollout, each ReplicaSet looked at once, not once per
        rollout (a cluster's thousands of them, at every change, fell behind the watch)."""
        if changed is not None:
            keys = {
                f"{meta(rs).get('namespace') or ''}/{o.get('name')}"
                for rs in changed
                for o in meta(rs).get("ownerReferences") or []
                if isinstance(o, Mapping) and o.get("kind") == "Rollout"
            }
            for key in keys:
                obj = self.objects.get(key)
                if obj is not None:
                    self.change(obj, obj, ts, initial=False)
            return
        by_owner: dict[str, list[Obj]] = {}
        for rs in self.replica_sets.objects.values():
            namespace = meta(rs).get("namespace") or ""
            for name in {
                o.get("name")
                for o in meta(rs).get("ownerReferences") or []
                if isinstance(o, Mapping) and o.get("kind") == "Rollout"
            }:
                by_owner.setdefault(f"{namespace}/{name}", []).append(rs)
        for key, obj in list(self.objects.items()):
            self.change(obj, obj, ts, initial=False, owned=by_owner.get(key, []))


class FleetSource(WatchTransport):
    """Watch every Rollout in ``namespace`` ("" for all namespaces) until stopped."""

    def __init__(
        self,
        namespace: str,
        *,
        context: str | None = None,
        kubeconfig: str | None = None,
        watch_timeout: int = 300,
        max_backoff: float = 30.0,
    ) -> None:
        super().__init__(
            namespace,
            context=context,
            kubeconfig=kubeconfig,
            watch_timeout=watch_timeout,
            max_backoff=max_backoff,
        )
        self.replica_sets = ReplicaSetTracker()
        self.tracker = FleetTracker(self.replica_sets)
        self.problems: dict[str, str] = {}  # what: the last error, while it lasts
        self.listed = False  # the rollouts have been listed once

    def rows(self) -> list[FleetRow]:
        return sort_rows(list(self.tracker.rows.values()))

    @property
    def status(self) -> str:
        """One line: the first problem, else what is watched."""
        if self.fatal is not None:
            return str(self.fatal)
        if self.problems:
            return next(iter(self.problems.values()))
        if not self.listed:
            return f"listing rollouts in {self.where} at {self.host}…"
        return f"watching {len(self.tracker.rows)} rollouts in {self.where}"

    def _watches(self) -> list[Watch]:
        from kubernetes import client

        custom = client.CustomObjectsApi(self.api_client)
        apps = client.AppsV1Api(self.api_client)
        argo = {"group": ARGO_GROUP, "version": ARGO_VERSION, "plural": "rollouts"}
        if self.namespace:
            return [
                Watch(
                    "rollouts",
                    custom.list_namespaced_custom_object,
                    {**argo, "namespace": self.namespace},
                    self.tracker,
                ),
                Watch(
                    "replicasets",
                    apps.list_namespaced_replica_set,
                    {"namespace": self.namespace},
                    self.replica_sets,
                ),
            ]
        return [
            Watch("rollouts", custom.list_cluster_custom_object, argo, self.tracker),
            Watch("replicasets", apps.list_replica_set_for_all_namespaces, {}, self.replica_sets),
        ]

    async def run(self, stop: asyncio.Event, changed: Callable[[], None] | None = None) -> None:
        """Watch until ``stop`` is set. Raises KubeConfigError for a bad kubeconfig or a
        refused credential (401)."""
        await asyncio.to_thread(self.connect)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[Any, ...]] = asyncio.Queue()

        def put(item: tuple[Any, ...]) -> None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(queue.put_nowait, item)

        self._halt.clear()
        threads = [
            threading.Thread(
                target=self._run_watch, args=(w, put), daemon=True, name=f"fleet-watch-{w.what}"
            )
            for w in self._watches()
        ]
        for t in threads:
            t.start()
        try:
            while not stop.is_set():
                try:
                    item = await asyncio.wait_for(queue.get(), timeout=0.25)
                except TimeoutError:
                    continue
                now, tag = time.time(), item[0]
                if tag in ("sync", "event"):
                    tracker = item[1].tracker
                    touched: list[Any] | None = None  # None: all, listed afresh
                    if tag == "sync":
                        tracker.sync(item[2], now)
                    else:
                        before = tracker.objects.get(tracker.key(item[3]))
                        touched = [item[3]] + ([before] if before is not None else [])
                        tracker.event(item[2], item[3], now)
                    if tracker is self.replica_sets:
                        self.tracker.refresh(now, touched)
                    if tracker is self.tracker:
                        self.listed = True
                    self.problems.pop(item[1].what, None)
                elif tag == "error":
                    self.problems[item[1]] = item[2]
                elif tag == "ok":
                    self.problems.pop(item[1], None)
                elif tag == "fatal":
                    from console.errors import KubeConfigError

                    self.fatal = KubeConfigError(item[1])
                    raise self.fatal
                self.tracker.version += 1
                if changed is not None:
                    changed()
        finally:
            self._stop_threads()
