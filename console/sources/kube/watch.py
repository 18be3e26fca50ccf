"""Kubernetes as a live source: an Argo Rollouts Rollout (or a blue/green pair of Deployments
behind a Service), its pods, Warning events, Deployment and ConfigMap changes, and optionally
the agent's own pod log.

Everything is *watched*, not polled: each collection is listed once (that gives a
resourceVersion), then watched from that version with bookmarks on; a ``410 Gone`` means our
version is too old, so we list again and diff the new list against what we already hold, which
loses nothing and repeats nothing. The kubernetes client is synchronous, so every watch runs in
its own daemon thread and hands raw objects to the event loop through a queue; all translation
into events happens on the loop side, in one place, so no state is shared between threads.

API trouble (RBAC 403, unreachable server) becomes one ``SourceStatus(name="kubernetes",
status="error")`` line that says what to do; the watches keep retrying with backoff and report
``ok`` again when they recover. A 401 is fatal: retrying a rejected credential cannot succeed,
so the source raises ``KubeCredentialsError`` and the command exits non-zero with that line.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

from console import events as ev
from console.errors import KubeConfigError
from console.sources.kube.analysis import AnalysisRunTracker, ExperimentTracker
from console.sources.kube.api_errors import describe_api_error
from console.sources.kube.objects import meta, parse_time_ns
from console.sources.kube.rollout import ARGO_GROUP, ARGO_VERSION
from console.sources.kube.rollout_tracker import RolloutTracker
from console.sources.kube.trackers import (
    COLOUR_LABELS,
    SOURCE,
    ConfigMapTracker,
    DeploymentTracker,
    PodTracker,
    ReplicaSetTracker,
    ServiceTracker,
    WarningEventTracker,
)
from console.sources.kube.transport import Watch, WatchTransport

_HASH_LABEL = "rollouts-pod-template-hash"
LOG_IDLE_FLUSH = 1.5  # seconds of agent-log silence after which the open entry is reported


class KubeSource(WatchTransport):
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
        super().__init__(
            namespace,
            context=context,
            kubeconfig=kubeconfig,
            watch_timeout=watch_timeout,
            max_backoff=max_backoff,
        )
        self.rollout = rollout
        self.deployments = deployments
        self.service = service
        self.agent_pod = agent_pod
        self.agent_container = agent_container
        self.pod_selector = pod_selector
        self.source = source
        self._replica_sets = ReplicaSetTracker(rollout)
        self._rollouts = RolloutTracker(rollout or "", source, self._replica_sets.owned)
        self._experiments = ExperimentTracker(rollout or "", source)
        self._analysis = AnalysisRunTracker(rollout or "", source, self._experiments.names)
        self._pods = PodTracker(self._pod_colour, source)

    # -- connection --------------------------------------------------------------------

    def replica_sets(self) -> list[Mapping[str, Any]]:
        """The rollout's ReplicaSets as last watched (its revisions, for undo)."""
        return self._replica_sets.owned()

    def rollout_object(self) -> Mapping[str, Any] | None:
        """The Rollout as last seen by the watch (for the Argo decider's confirmation)."""
        return self._rollouts.objects.get(self.rollout or "")

    def _watches(self) -> list[Watch]:
        from kubernetes import client

        api = self.api_client
        core, apps = client.CoreV1Api(api), client.AppsV1Api(api)
        custom = client.CustomObjectsApi(api)
        ns = self.namespace
        out: list[Watch] = []
        if self.rollout:
            argo = {"group": ARGO_GROUP, "version": ARGO_VERSION, "namespace": ns}
            out.append(
                Watch(
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
                Watch(
                    "analysisruns",
                    custom.list_namespaced_custom_object,
                    {**argo, "plural": "analysisruns"},
                    self._analysis,
                )
            )
            out.append(
                Watch(
                    "experiments",
                    custom.list_namespaced_custom_object,
                    {**argo, "plural": "experiments"},
                    self._experiments,
                )
            )
            out.append(
                Watch(
                    "replicasets",
                    apps.list_namespaced_replica_set,
                    {"namespace": ns},
                    self._replica_sets,
                )
            )
        if self.service:
            out.append(
                Watch(
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
            Watch(
                "pods",
                core.list_namespaced_pod,
                pod_kwargs,
                self._pods,
            )
        )
        out.append(
            Watch(
                "events",
                core.list_namespaced_event,
                {"namespace": ns, "field_selector": "type=Warning"},
                WarningEventTracker(source=self.source),
            )
        )
        out.append(
            Watch(
                "deployments",
                apps.list_namespaced_deployment,
                {"namespace": ns},
                DeploymentTracker(self._deployment_colour, self.source),
            )
        )
        out.append(
            Watch(
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
        labels = meta(pod).get("labels") or {}
        for key in COLOUR_LABELS:
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
            for owner in meta(pod).get("ownerReferences") or []:
                rs = str(owner.get("name", "")) if isinstance(owner, Mapping) else ""
                for colour, dep in zip(("blue", "green"), self.deployments, strict=True):
                    if rs.startswith(dep + "-"):
                        return colour
        return None

    # -- threads (blocking client calls only; no translation here) ----------------------

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
                if exc.status == 401:
                    put(("fatal", describe_api_error(exc, "pods/log", self.namespace, self.host)))
                    return
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
                    if tracker is self._replica_sets:
                        batch.extend(self._rollouts.refresh(now))
                    reading = self._rollouts.reading
                    if reading is not None and self._analysis.at_attach:
                        batch.extend(self._analysis.attach(reading.current_hash, now))
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
                elif tag == "fatal":
                    self.fatal = KubeConfigError(item[1])
                    raise self.fatal
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
